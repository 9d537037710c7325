import { expect } from 'chai';
import { cobsDecode, cobsEncode, cobsMaxEncodedLength } from '../../../firmware/protocol/cobs';
import { crc32 } from '../../../firmware/protocol/crc32';
import {
  FRAME_CRC_LENGTH, FRAME_ERROR_COBS, FRAME_ERROR_CRC, FRAME_ERROR_NO_ROOM, FRAME_ERROR_SHORT, frameDecode, frameDecodeEither, frameEncode,
  frameMaxLength, frameRoomBefore, frameSeal,
} from '../../../firmware/protocol/framing';
import { FRAME_WHITEN_BYTE } from '../../../firmware/protocol/whitening';
import { createPrng } from '../../../host-tools/synthetic/prng';
import { randomBytes, randomInt } from './protocolSamples';

/** the frame frameEncode makes: whitened (1, as the pod sends) or not (0, as a host sends) */
function frameOf(msg: Uint8Array, whiten = 1): Uint8Array {
  const out = new Uint8Array(frameMaxLength(msg.length));
  const length = frameEncode(out, 0, msg, 0, msg.length, whiten);
  expect(length).to.be.greaterThan(0);
  return out.subarray(0, length);
}

/** the CRC-32 field as sent: four bytes, low byte first */
function crcBytes(crc: number): number[] {
  return [crc & 0xff, (crc >>> 8) & 0xff, (crc >>> 16) & 0xff, crc >>> 24];
}

/** the CRC-32 field at bytes[at, at + 4) read back, unsigned */
function crcAt(bytes: Uint8Array, at: number): number {
  return (bytes[at] | (bytes[at + 1] << 8) | (bytes[at + 2] << 16) | (bytes[at + 3] << 24)) >>> 0;
}

/** the frame as the definition says: COBS(message + CRC-32, low byte first, each byte XOR 0x55 when whitened) + 0x00, per byte */
function referenceFrame(msg: Uint8Array, whiten = 1): Uint8Array {
  const withCrc = new Uint8Array([...msg, ...crcBytes(crc32(msg, 0, msg.length))].map((b) => (whiten ? b ^ FRAME_WHITEN_BYTE : b)));
  const out = new Uint8Array(cobsMaxEncodedLength(withCrc.length) + 1);
  const length = cobsEncode(withCrc, 0, withCrc.length, out, 0);
  out[length] = 0;
  return out.subarray(0, length + 1);
}

describe('framing', () => {
  it('frames a message as COBS(message + CRC-32 low byte first) + 0x00', () => {
    expect(FRAME_CRC_LENGTH).to.equal(4);
    const prng = createPrng(3);
    for (let n = 0; n < 500; n++) {
      const msg = randomBytes(prng, randomInt(prng, 0, 800));
      if (n % 3 === 0) for (let i = 0; i < msg.length; i += 5) msg[i] = 0;
      for (const whiten of [0, 1]) expect(frameOf(msg, whiten)).to.deep.equal(referenceFrame(msg, whiten));
    }
  });

  it('matches the per-byte reference around the 254-byte run limit (code 0xFF, inserted codes)', () => {
    // zero-free runs of 253..256 bytes at the start, in the middle and running into the CRC and
    // the end, one to three full blocks in a row, and nothing but zeros
    const prng = createPrng(7);
    const messages: Uint8Array[] = [new Uint8Array(0), new Uint8Array(1), new Uint8Array(600), new Uint8Array(800).fill(0xff)];
    for (const run of [1, 2, 249, 250, 251, 252, 253, 254, 255, 256, 257, 508, 509, 510, 762, 763]) {
      for (const before of [0, 1, 7]) {
        for (const after of [0, 1, 2, 3, 4, 5, 9]) {
          const msg = new Uint8Array(before + run + after);
          for (let i = 0; i < before; i++) msg[i] = i & 1 ? 0 : 0x5a;
          for (let i = 0; i < run; i++) msg[before + i] = 1 + ((i * 37) % 255);
          for (let i = 0; i < after; i++) msg[before + run + i] = i % 3 === 0 ? 0 : 0xa5;
          messages.push(msg);
        }
      }
    }
    for (let n = 0; n < 200; n++) {
      // long zero-free stretches, as raw IMU samples in motion give
      const msg = randomBytes(prng, randomInt(prng, 250, 800));
      for (let i = 0; i < msg.length; i++) if (msg[i] === 0 && n % 4 !== 0) msg[i] = 1;
      if (n % 4 === 0) for (let k = 0; k < 3; k++) msg[randomInt(prng, 0, msg.length - 1)] = 0;
      messages.push(msg);
    }
    for (const msg of messages) {
      for (const whiten of [0, 1]) {
        // whitened, the runs come from bytes 0x55 in the message
        const message = whiten ? msg.map((b) => (b === 0 ? FRAME_WHITEN_BYTE : b === FRAME_WHITEN_BYTE ? 0 : b)) : msg;
        const expected = referenceFrame(message, whiten);
        expect(frameOf(message, whiten), `length ${msg.length}`).to.deep.equal(expected);
        // never longer than frameMaxLength, which the in-place encoder fills exactly in the worst case
        expect(expected.length).to.be.at.most(frameMaxLength(msg.length));
      }
    }
  });

  it('writes only its frame: offsets in both buffers, a Buffer, stale bytes around it', () => {
    const prng = createPrng(8);
    for (let n = 0; n < 200; n++) {
      const msg = randomBytes(prng, randomInt(prng, 0, 600));
      if (n % 2 === 0) for (let i = 0; i < msg.length; i++) if (msg[i] === 0) msg[i] = 0x33;
      const whiten = n % 2;
      const expected = referenceFrame(msg, whiten);
      const msgOffset = randomInt(prng, 0, 9);
      const source = new Uint8Array(msgOffset + msg.length + 5).fill(0x77);
      source.set(msg, msgOffset);
      const dstOffset = randomInt(prng, 0, 9);
      const room = frameMaxLength(msg.length);
      const dst = n % 3 === 0 ? Buffer.alloc(dstOffset + room + 4, 0xee) : new Uint8Array(dstOffset + room + 4).fill(0xee);
      const length = frameEncode(dst, dstOffset, source, msgOffset, msg.length, whiten);
      expect(Uint8Array.from(dst.subarray(dstOffset, dstOffset + length))).to.deep.equal(expected);
      for (let i = 0; i < dstOffset; i++) expect(dst[i]).to.equal(0xee);
      // past the frame only the room frameMaxLength reserves may have been used, never beyond
      for (let i = dstOffset + room; i < dst.length; i++) expect(dst[i]).to.equal(0xee);
      expect(source.subarray(msgOffset, msgOffset + msg.length)).to.deep.equal(msg);
    }
  });

  it('seals a message already in the frame buffer, as the pod builds them, moving down into the room before it', () => {
    const prng = createPrng(9);
    for (let n = 0; n < 200; n++) {
      const msg = randomBytes(prng, randomInt(prng, 0, 800));
      if (n % 2 === 0) for (let i = 0; i < msg.length; i++) if (msg[i] === FRAME_WHITEN_BYTE) msg[i] = 0;
      const whiten = n % 2;
      const before = randomInt(prng, 0, 5);
      const codeAt = before + frameRoomBefore(msg.length);
      const end = codeAt + msg.length + FRAME_CRC_LENGTH + 2;
      const dst = new Uint8Array(end + 3).fill(0xee);
      dst.set(msg, codeAt + 1);
      const start = frameSeal(dst, codeAt, msg.length, whiten);
      expect(start).to.be.within(before, codeAt);
      expect(dst.subarray(start, end)).to.deep.equal(referenceFrame(msg, whiten));
      for (let i = 0; i < before; i++) expect(dst[i]).to.equal(0xee);
      for (let i = end; i < dst.length; i++) expect(dst[i]).to.equal(0xee);
      // the buffer the pod holds for its longest message is exactly the longest frame
      expect(frameRoomBefore(msg.length) + msg.length + FRAME_CRC_LENGTH + 2).to.equal(frameMaxLength(msg.length));
    }
    // a 254-byte run needs one byte before the code, and the CRC and delimiter after the message
    expect(frameSeal(new Uint8Array(300), 0, 250, 1)).to.equal(FRAME_ERROR_NO_ROOM);
    expect(frameSeal(new Uint8Array(255), 1, 250, 1)).to.equal(FRAME_ERROR_NO_ROOM);
    expect(frameSeal(new Uint8Array(100), 0, -1, 1)).to.equal(FRAME_ERROR_NO_ROOM);
  });

  it('ends every frame with the only 0x00 in it', () => {
    const frame = frameOf(new Uint8Array(100));
    expect(frame[frame.length - 1]).to.equal(0);
    expect(frame.subarray(0, frame.length - 1).includes(0)).to.equal(false);
  });

  it('unframes what it framed, CRC checked: the pod a host\'s frames, a host a pod\'s of any firmware (whitened or not)', () => {
    const prng = createPrng(4);
    for (let n = 0; n < 500; n++) {
      const msg = randomBytes(prng, randomInt(prng, 1, 800));
      for (const whiten of [0, 1]) {
        const frame = frameOf(msg, whiten);
        const out = new Uint8Array(frame.length);
        const length = frameDecodeEither(frame, 0, frame.length - 1, out, 0);
        expect(out.subarray(0, length)).to.deep.equal(msg);
      }
      const plain = frameOf(msg, 0);
      const out = new Uint8Array(plain.length);
      expect(out.subarray(0, frameDecode(plain, 0, plain.length - 1, out, 0))).to.deep.equal(msg);
    }
  });

  it('the pod reads a host\'s frames only as they are sent, not whitened: a whitened one fails its CRC there (docs/protocol.md)', () => {
    const prng = createPrng(11);
    for (let n = 0; n < 200; n++) {
      const msg = randomBytes(prng, randomInt(prng, 1, 40));
      const whitened = frameOf(msg, 1);
      const out = new Uint8Array(whitened.length);
      expect(frameDecode(whitened, 0, whitened.length - 1, out, 0)).to.equal(FRAME_ERROR_CRC);
      const plain = frameOf(msg, 0);
      expect(frameDecode(plain, 0, plain.length - 1, out, 0)).to.equal(msg.length);
    }
  });

  it('whitening takes the 0x00 bytes out of raw samples near rest, which COBS pays for one by one on the pod', () => {
    // a standing pod's counts: gravity on one axis, the rest near 0, so high bytes of 0x00 and 0xFF
    const prng = createPrng(6);
    const samples = new Int16Array(26 * 6).map((_, i) => (i % 6 === 5 ? 4096 : 0) + randomInt(prng, -40, 40));
    const msg = new Uint8Array(samples.buffer);
    const countZeros = (bytes: Uint8Array) => bytes.reduce((n, b) => n + (b === 0 ? 1 : 0), 0);
    expect(countZeros(msg), '0x00 bytes as they are').to.be.above(60);
    expect(countZeros(msg.map((b) => b ^ FRAME_WHITEN_BYTE)), '0x00 bytes whitened').to.be.below(5);
  });

  it('reports a flipped byte as a CRC or COBS failure, never as a message', () => {
    const prng = createPrng(5);
    const msg = randomBytes(prng, 40);
    const frame = frameOf(msg);
    const out = new Uint8Array(frame.length);
    for (let i = 0; i < frame.length - 1; i++) {
      for (const flip of [0x01, 0x80, 0xff]) {
        const bad = frame.slice();
        bad[i] ^= flip;
        if (bad[i] === 0) continue; // a new delimiter: the receiver splits there instead
        const result = frameDecodeEither(bad, 0, bad.length - 1, out, 0);
        expect([FRAME_ERROR_CRC, FRAME_ERROR_COBS], `byte ${i} ^ ${flip}`).to.include(result);
      }
    }
  });

  it('reports a frame with no byte before its CRC as short', () => {
    const crcOnly = new Uint8Array(8);
    const length = cobsEncode(new Uint8Array([0xff, 0xff, 0xff, 0xff]), 0, 4, crcOnly, 0);
    expect(frameDecode(crcOnly, 0, length, new Uint8Array(8), 0)).to.equal(FRAME_ERROR_SHORT);
    const decoded = new Uint8Array(4);
    expect(cobsDecode(crcOnly, 0, length, decoded, 0)).to.equal(4);
    // the CRC of an empty message (0) is a valid CRC field, and still no message
    const emptyFrame = frameOf(new Uint8Array(0));
    expect(frameDecode(emptyFrame, 0, emptyFrame.length - 1, new Uint8Array(8), 0)).to.equal(FRAME_ERROR_SHORT);
  });

  it('never throws on 10000 random frames and accepts only those whose CRC matches', () => {
    const prng = createPrng(6);
    const out = new Uint8Array(100);
    let accepted = 0;
    for (let n = 0; n < 10000; n++) {
      const frame = randomBytes(prng, randomInt(prng, 0, 100));
      for (let i = 0; i < frame.length; i++) if (frame[i] === 0) frame[i] = 1 + (i & 0x7f);
      const length = frameDecode(frame, 0, frame.length, out, 0);
      if (length >= 0) {
        accepted++;
        expect(crc32(out, 0, length)).to.equal(crcAt(out, length));
      } else {
        expect([FRAME_ERROR_COBS, FRAME_ERROR_SHORT, FRAME_ERROR_CRC]).to.include(length);
      }
    }
    expect(accepted).to.be.below(3);
  });

  it('refuses buffers too short instead of writing past them', () => {
    const msg = new Uint8Array(30).fill(1);
    expect(frameEncode(new Uint8Array(frameMaxLength(30) - 1), 0, msg, 0, 30, 1)).to.equal(FRAME_ERROR_NO_ROOM);
    expect(frameEncode(new Uint8Array(100), 0, msg, 10, 30, 1)).to.equal(FRAME_ERROR_NO_ROOM);
    const frame = frameOf(msg);
    expect(frameDecode(frame, 0, frame.length - 1, new Uint8Array(10), 0)).to.equal(FRAME_ERROR_NO_ROOM);
  });
});
