import { expect } from 'chai';
import { COBS_ERROR, cobsDecode, cobsEncode, cobsEncodeInPlace, cobsMaxEncodedLength } from '../../../firmware/protocol/cobs';
import { createPrng } from '../../../host-tools/synthetic/prng';
import { randomBytes, randomInt } from './protocolSamples';

function encode(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(cobsMaxEncodedLength(bytes.length));
  const length = cobsEncode(bytes, 0, bytes.length, out, 0);
  expect(length).to.be.at.least(1);
  return out.subarray(0, length);
}

function decode(encoded: Uint8Array): Uint8Array | number {
  const out = new Uint8Array(encoded.length + 8);
  const length = cobsDecode(encoded, 0, encoded.length, out, 0);
  return length < 0 ? length : out.subarray(0, length);
}

function filled(length: number, value: number): Uint8Array {
  return new Uint8Array(length).fill(value);
}

describe('COBS', () => {
  it('encodes the examples of the COBS paper and Wikipedia', () => {
    const cases: Array<[number[], number[]]> = [
      [[], [0x01]],
      [[0x00], [0x01, 0x01]],
      [[0x00, 0x00], [0x01, 0x01, 0x01]],
      [[0x11, 0x22, 0x00, 0x33], [0x03, 0x11, 0x22, 0x02, 0x33]],
      [[0x11, 0x22, 0x33, 0x44], [0x05, 0x11, 0x22, 0x33, 0x44]],
      [[0x11, 0x00, 0x00, 0x00], [0x02, 0x11, 0x01, 0x01, 0x01]],
    ];
    for (const [raw, encoded] of cases) {
      expect(Array.from(encode(Uint8Array.from(raw))), JSON.stringify(raw)).to.deep.equal(encoded);
      expect(Array.from(decode(Uint8Array.from(encoded)) as Uint8Array)).to.deep.equal(raw);
    }
  });

  it('round-trips runs of 253, 254, 255 and 508 non-zero bytes, alone and followed by a zero', () => {
    for (const length of [253, 254, 255, 256, 507, 508, 509]) {
      for (const tail of [[], [0], [0, 0], [7]]) {
        const raw = new Uint8Array([...filled(length, 0x5a), ...tail]);
        const encoded = encode(raw);
        expect(encoded.includes(0), `length ${length}`).to.equal(false);
        expect(encoded.length).to.be.at.most(cobsMaxEncodedLength(raw.length));
        expect(decode(encoded)).to.deep.equal(raw);
      }
    }
  });

  it('round-trips runs of zeros and 255-byte values', () => {
    for (const raw of [filled(300, 0), filled(300, 0xff), new Uint8Array([0xff, 0, 0xff, 0, 0])]) {
      const encoded = encode(raw);
      expect(encoded.includes(0)).to.equal(false);
      expect(decode(encoded)).to.deep.equal(raw);
    }
  });

  it('round-trips 2000 random payloads of 0-600 bytes, dense and sparse in zeros, never emitting 0x00', () => {
    const prng = createPrng(254);
    for (let n = 0; n < 2000; n++) {
      const length = randomInt(prng, 0, 600);
      const raw = randomBytes(prng, length);
      const zeroEvery = randomInt(prng, 0, 3);
      for (let i = 0; i < length; i++) if (zeroEvery === 0 ? raw[i] < 128 : zeroEvery === 1 ? raw[i] === 1 : false) raw[i] = 0;
      const encoded = encode(raw);
      expect(encoded.includes(0)).to.equal(false);
      expect(encoded.length).to.be.at.most(cobsMaxEncodedLength(length));
      expect(decode(encoded)).to.deep.equal(raw);
    }
  });

  it('encodes and decodes at offsets inside larger buffers without touching bytes outside', () => {
    const raw = new Uint8Array([9, 9, 1, 0, 2, 9]);
    const out = new Uint8Array(20).fill(0xee);
    const length = cobsEncode(raw, 2, 3, out, 5);
    expect(Array.from(out.subarray(5, 5 + length))).to.deep.equal([0x02, 0x01, 0x02, 0x02]);
    expect(out[4]).to.equal(0xee);
    expect(out[5 + length]).to.equal(0xee);
    const back = new Uint8Array(10).fill(0xee);
    expect(cobsDecode(out, 5, length, back, 3)).to.equal(3);
    expect(Array.from(back.subarray(2, 7))).to.deep.equal([0xee, 1, 0, 2, 0xee]);
  });

  it('rejects a zero inside the frame and a block that runs past its end', () => {
    expect(decode(Uint8Array.from([0x03, 0x11, 0x00]))).to.equal(COBS_ERROR);
    expect(decode(Uint8Array.from([0x00]))).to.equal(COBS_ERROR);
    expect(decode(Uint8Array.from([0x05, 0x11, 0x22]))).to.equal(COBS_ERROR);
  });

  it('refuses to write past the end of a destination that is too short, or to read outside the source', () => {
    const raw = filled(10, 1);
    expect(cobsEncode(raw, 0, 10, new Uint8Array(10), 0)).to.equal(COBS_ERROR);
    expect(cobsEncode(raw, 5, 10, new Uint8Array(20), 0)).to.equal(COBS_ERROR);
    expect(cobsEncode(raw, -1, 2, new Uint8Array(20), 0)).to.equal(COBS_ERROR);
    const encoded = encode(raw);
    expect(cobsDecode(encoded, 0, encoded.length, new Uint8Array(5), 0)).to.equal(COBS_ERROR);
    expect(cobsDecode(encoded, 0, encoded.length + 1, new Uint8Array(20), 0)).to.equal(COBS_ERROR);
  });

  it('cobsEncodeInPlace gives cobsEncode\'s bytes, the sentinel left as the delimiter, moving down into the room before it', () => {
    const prng = createPrng(21);
    const lengths = [0, 1, 2, 253, 254, 255, 256, 507, 508, 509, 762, 763];
    for (let n = 0; n < 300; n++) lengths.push(randomInt(prng, 0, 900));
    lengths.forEach((length, n) => {
      const raw = randomBytes(prng, length);
      // every other payload zero-free (full 0xFF blocks), the rest dense or sparse in zeros
      if (n % 2 === 0) for (let i = 0; i < length; i++) if (raw[i] === 0) raw[i] = 0xfe;
      if (n % 4 === 1) for (let i = 0; i < length; i += 3) raw[i] = 0;
      const expected = encode(raw);
      const at = n % 5;
      const room = Math.floor(length / 254);
      const codeAt = at + room;
      const end = codeAt + 1 + length;
      const buf = new Uint8Array(end + 1 + 3).fill(0x99);
      buf.set(raw, codeAt + 1);
      buf[end] = 0;
      const start = cobsEncodeInPlace(buf, codeAt, end);
      expect(start, `length ${length}`).to.be.within(at, codeAt);
      expect(buf.subarray(start, end), `length ${length}`).to.deep.equal(expected);
      expect(buf[end]).to.equal(0);
      expect(buf.subarray(0, at).every((b) => b === 0x99)).to.equal(true);
      expect(buf.subarray(end + 1).every((b) => b === 0x99)).to.equal(true);
    });
  });
});
