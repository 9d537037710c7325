import { expect } from 'chai';
import { crc16 } from '../../../firmware/protocol/crc16';
import { createPrng } from '../../../host-tools/synthetic/prng';
import { randomBytes } from './protocolSamples';

function ascii(text: string): Uint8Array {
  return Uint8Array.from(text, (c) => c.charCodeAt(0));
}

/** bit-by-bit CRC-16/CCITT-FALSE straight from its definition, the reference for the table */
function crcBitwise(bytes: Uint8Array): number {
  let crc = 0xffff;
  for (const byte of bytes) {
    crc ^= byte << 8;
    for (let bit = 0; bit < 8; bit++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc;
}

describe('crc16 (CRC-16/CCITT-FALSE)', () => {
  it('gives the standard check value 0x29B1 for "123456789"', () => {
    const bytes = ascii('123456789');
    expect(crc16(bytes, 0, bytes.length)).to.equal(0x29b1);
  });

  it('is 0xFFFF (the initial value) over no bytes', () => {
    expect(crc16(new Uint8Array(0), 0, 0)).to.equal(0xffff);
  });

  it('matches the bitwise definition on random data of every length up to 300', () => {
    const prng = createPrng(16);
    for (let length = 0; length <= 300; length++) {
      const bytes = randomBytes(prng, length);
      expect(crc16(bytes, 0, length), `length ${length}`).to.equal(crcBitwise(bytes));
    }
  });

  it('covers only the given range and continues from a previous result', () => {
    const bytes = ascii('xx123456789yy');
    expect(crc16(bytes, 2, 9)).to.equal(0x29b1);
    expect(crc16(bytes, 6, 5, crc16(bytes, 2, 4))).to.equal(0x29b1);
  });

  it('changes when any single bit of a message flips', () => {
    const prng = createPrng(17);
    const bytes = randomBytes(prng, 64);
    const good = crc16(bytes, 0, 64);
    for (let bit = 0; bit < 64 * 8; bit++) {
      bytes[bit >> 3] ^= 1 << (bit & 7);
      expect(crc16(bytes, 0, 64)).to.not.equal(good);
      bytes[bit >> 3] ^= 1 << (bit & 7);
    }
  });
});
