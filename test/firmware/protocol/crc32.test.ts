import { expect } from 'chai';
import * as zlib from 'zlib';
import { crc32 } from '../../../firmware/protocol/crc32';
import { espruinoCrc32 } from '../../../host-tools/sim/simConsole';
import { createPrng } from '../../../host-tools/synthetic/prng';
import { randomBytes } from './protocolSamples';

function ascii(text: string): Uint8Array {
  return Uint8Array.from(text, (c) => c.charCodeAt(0));
}

/** bit-by-bit CRC-32/ISO-HDLC straight from its definition, as Espruino's C loop runs it */
function crcBitwise(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

/** zlib's own crc32 where Node has it (20.15+), else the bitwise definition */
const zlibCrc32 = (zlib as unknown as { crc32?: (data: Uint8Array) => number }).crc32;
function reference(bytes: Uint8Array): number {
  return zlibCrc32 ? zlibCrc32(bytes) : crcBitwise(bytes);
}

interface FakeE {
  CRC32(data: Uint8Array): number;
  calls: number;
  lastLength: number;
}

/** E.CRC32 as built at c5ff787: every element of the view it is given, unsigned result */
function fakeEspruinoE(): FakeE {
  const fake: FakeE = {
    calls: 0,
    lastLength: -1,
    CRC32(data: Uint8Array): number {
      fake.calls++;
      fake.lastLength = data.length;
      return espruinoCrc32(data);
    },
  };
  return fake;
}

describe('crc32 (CRC-32/ISO-HDLC, E.CRC32 on the pod)', () => {
  const globalScope = globalThis as { E?: FakeE };

  afterEach(() => {
    delete globalScope.E;
  });

  it('gives the standard check value 0xCBF43926 for "123456789", unsigned', () => {
    const bytes = ascii('123456789');
    expect(crc32(bytes, 0, bytes.length)).to.equal(0xcbf43926);
    expect(crcBitwise(bytes)).to.equal(0xcbf43926);
    if (zlibCrc32) expect(zlibCrc32(bytes)).to.equal(0xcbf43926);
  });

  it('is 0 over no bytes', () => {
    expect(crc32(new Uint8Array(0), 0, 0)).to.equal(0);
    expect(crc32(new Uint8Array(5), 3, 0)).to.equal(0);
  });

  it('matches zlib and the bitwise definition on random data of every length up to 300', () => {
    const prng = createPrng(16);
    for (let length = 0; length <= 300; length++) {
      const bytes = randomBytes(prng, length);
      const expected = reference(bytes);
      expect(crc32(bytes, 0, length), `length ${length}`).to.equal(expected);
      expect(crcBitwise(bytes), `length ${length}`).to.equal(expected);
    }
  });

  it('covers only the given range, also of a subarray view and a Buffer', () => {
    const bytes = ascii('xx123456789yy');
    expect(crc32(bytes, 2, 9)).to.equal(0xcbf43926);
    expect(crc32(bytes.subarray(1, 12), 1, 9)).to.equal(0xcbf43926);
    expect(crc32(Buffer.from('xx123456789yy', 'latin1'), 2, 9)).to.equal(0xcbf43926);
  });

  it('E path: one E.CRC32 call over exactly the range, the identical value of the host path', () => {
    const prng = createPrng(18);
    const cases: { bytes: Uint8Array; offset: number; length: number }[] = [{ bytes: ascii('xx123456789yy'), offset: 2, length: 9 }];
    for (let n = 0; n < 50; n++) {
      const bytes = randomBytes(prng, 1 + n * 17);
      const offset = n % bytes.length;
      cases.push({ bytes: bytes, offset: offset, length: (bytes.length - offset) >> (n & 1) });
    }
    const host = cases.map((c) => crc32(c.bytes, c.offset, c.length));
    const fake = fakeEspruinoE();
    globalScope.E = fake;
    cases.forEach((c, i) => {
      expect(crc32(c.bytes, c.offset, c.length), `case ${i}`).to.equal(host[i]);
      expect(fake.lastLength).to.equal(c.length);
    });
    expect(fake.calls).to.equal(cases.length);
    expect(host[0]).to.equal(0xcbf43926);
  });

  it('changes when any single bit of a message flips', () => {
    const prng = createPrng(17);
    const bytes = randomBytes(prng, 64);
    const good = crc32(bytes, 0, 64);
    for (let bit = 0; bit < 64 * 8; bit++) {
      bytes[bit >> 3] ^= 1 << (bit & 7);
      expect(crc32(bytes, 0, 64)).to.not.equal(good);
      bytes[bit >> 3] ^= 1 << (bit & 7);
    }
  });
});
