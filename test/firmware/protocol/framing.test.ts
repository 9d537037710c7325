import { expect } from 'chai';
import { cobsDecode, cobsEncode, cobsMaxEncodedLength } from '../../../firmware/protocol/cobs';
import { crc16 } from '../../../firmware/protocol/crc16';
import {
  FRAME_ERROR_COBS, FRAME_ERROR_CRC, FRAME_ERROR_NO_ROOM, FRAME_ERROR_SHORT, frameDecode, frameEncode, frameMaxLength,
} from '../../../firmware/protocol/framing';
import { createPrng } from '../../../host-tools/synthetic/prng';
import { randomBytes, randomInt } from './protocolSamples';

function frameOf(msg: Uint8Array): Uint8Array {
  const out = new Uint8Array(frameMaxLength(msg.length));
  const length = frameEncode(out, 0, msg, 0, msg.length);
  expect(length).to.be.greaterThan(0);
  return out.subarray(0, length);
}

/** the frame as the definition says: COBS(message + CRC low, CRC high) + 0x00 */
function referenceFrame(msg: Uint8Array): Uint8Array {
  const crc = crc16(msg, 0, msg.length);
  const withCrc = new Uint8Array([...msg, crc & 0xff, crc >> 8]);
  const out = new Uint8Array(cobsMaxEncodedLength(withCrc.length) + 1);
  const length = cobsEncode(withCrc, 0, withCrc.length, out, 0);
  out[length] = 0;
  return out.subarray(0, length + 1);
}

describe('framing', () => {
  it('frames a message as COBS(message + CRC-16 low byte first) + 0x00, in one pass', () => {
    const prng = createPrng(3);
    for (let n = 0; n < 500; n++) {
      const msg = randomBytes(prng, randomInt(prng, 0, 800));
      if (n % 3 === 0) for (let i = 0; i < msg.length; i += 5) msg[i] = 0;
      expect(frameOf(msg)).to.deep.equal(referenceFrame(msg));
    }
  });

  it('ends every frame with the only 0x00 in it', () => {
    const frame = frameOf(new Uint8Array(100));
    expect(frame[frame.length - 1]).to.equal(0);
    expect(frame.subarray(0, frame.length - 1).includes(0)).to.equal(false);
  });

  it('unframes what it framed, CRC checked', () => {
    const prng = createPrng(4);
    for (let n = 0; n < 500; n++) {
      const msg = randomBytes(prng, randomInt(prng, 1, 800));
      const frame = frameOf(msg);
      const out = new Uint8Array(frame.length);
      const length = frameDecode(frame, 0, frame.length - 1, out, 0);
      expect(out.subarray(0, length)).to.deep.equal(msg);
    }
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
        const result = frameDecode(bad, 0, bad.length - 1, out, 0);
        expect([FRAME_ERROR_CRC, FRAME_ERROR_COBS], `byte ${i} ^ ${flip}`).to.include(result);
      }
    }
  });

  it('reports a frame with no byte before its CRC as short', () => {
    const crcOnly = new Uint8Array(8);
    const length = cobsEncode(new Uint8Array([0xff, 0xff]), 0, 2, crcOnly, 0);
    expect(frameDecode(crcOnly, 0, length, new Uint8Array(8), 0)).to.equal(FRAME_ERROR_SHORT);
    const decoded = new Uint8Array(4);
    expect(cobsDecode(crcOnly, 0, length, decoded, 0)).to.equal(2);
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
        expect(crc16(out, 0, length)).to.equal(out[length] | (out[length + 1] << 8));
      } else {
        expect([FRAME_ERROR_COBS, FRAME_ERROR_SHORT, FRAME_ERROR_CRC]).to.include(length);
      }
    }
    expect(accepted).to.be.below(10);
  });

  it('refuses buffers too short instead of writing past them', () => {
    const msg = new Uint8Array(30).fill(1);
    expect(frameEncode(new Uint8Array(frameMaxLength(30) - 1), 0, msg, 0, 30)).to.equal(FRAME_ERROR_NO_ROOM);
    expect(frameEncode(new Uint8Array(100), 0, msg, 10, 30)).to.equal(FRAME_ERROR_NO_ROOM);
    const frame = frameOf(msg);
    expect(frameDecode(frame, 0, frame.length - 1, new Uint8Array(10), 0)).to.equal(FRAME_ERROR_NO_ROOM);
  });
});
