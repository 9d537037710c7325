import { expect } from 'chai';
import { FRAME_DELIMITER } from '../../../firmware/protocol/framing';
import { MAX_MESSAGE_LENGTH } from '../../../firmware/protocol/messageIds';
import { DEFAULT_MAX_FRAME_LENGTH, FrameDecoder } from '../../../host-tools/protocol/frameDecoder';
import { FrameEncoder } from '../../../host-tools/protocol/frameEncoder';
import { createPrng } from '../../../host-tools/synthetic/prng';
import { chunked, framed, messageBytes, through } from './streamHelpers';

function errorMessage(seq: number, detail = seq): Buffer {
  return messageBytes({ type: 'error', seq, deviceTimeMs: seq * 100, code: 2, detail });
}

function frames(count: number): Buffer[] {
  return Array.from({ length: count }, (_, seq) => framed({ type: 'error', seq, deviceTimeMs: seq * 100, code: 2, detail: seq }));
}

describe('FrameDecoder', () => {
  it('gives back each message of a stream of frames, however the stream is cut into chunks', async () => {
    const stream = Buffer.concat(frames(40));
    const expected = Array.from({ length: 40 }, (_, seq) => errorMessage(seq));
    for (const sizes of [[1], [2, 3], [7], [13, 1, 29], [stream.length]]) {
      const decoder = new FrameDecoder();
      expect(await through(decoder, chunked(stream, sizes)), `chunks ${sizes}`).to.deep.equal(expected);
      expect(decoder.counts).to.include({ frames: 40, badCrc: 0, badCobs: 0, truncated: 0, bytes: stream.length });
    }
  });

  it('handles several frames in one chunk and a delimiter at the very start or end of a chunk', async () => {
    const [a, b, c] = frames(3);
    const chunks = [Buffer.concat([a, b.subarray(0, b.length - 1)]), b.subarray(b.length - 1), c];
    expect(await through(new FrameDecoder(), chunks)).to.deep.equal([errorMessage(0), errorMessage(1), errorMessage(2)]);
  });

  it('ignores empty frames (idle 0x00 fill) without counting them as errors', async () => {
    const [a, b] = frames(2);
    const decoder = new FrameDecoder();
    const out = await through(decoder, [Buffer.from([0, 0, 0]), a, Buffer.from([0]), b]);
    expect(out).to.deep.equal([errorMessage(0), errorMessage(1)]);
    expect(decoder.counts.frames).to.equal(2);
    expect(decoder.counts.badCobs + decoder.counts.badCrc + decoder.counts.short).to.equal(0);
  });

  it('drops a frame whose CRC fails, counts it, keeps the frames before it and resumes at the next delimiter', async () => {
    const all = frames(5);
    const bad = Buffer.from(all[2]);
    bad[5] ^= 0x10; // a data byte, not a COBS code: only the CRC can notice
    const decoder = new FrameDecoder();
    const out = await through(decoder, chunked(Buffer.concat([all[0], all[1], bad, all[3], all[4]]), [5]));
    expect(out).to.deep.equal([errorMessage(0), errorMessage(1), { type: 'frameError', reason: 'crc', bytes: bad.length - 1 }, errorMessage(3), errorMessage(4)]);
    expect(decoder.counts).to.include({ frames: 4, badCrc: 1 });
  });

  it('recovers after garbage before the first delimiter and after a frame whose stuffing is broken', async () => {
    const [a, b] = frames(2);
    const decoder = new FrameDecoder();
    const out = await through(decoder, [Buffer.from([0x31, 0x32, 0x33]), Buffer.from([FRAME_DELIMITER]), a, Buffer.from([0x09, 0x01, 0x00]), b]);
    expect(out[0]).to.include({ type: 'frameError' });
    expect(out[1]).to.deep.equal(errorMessage(0));
    expect(out[2]).to.deep.equal({ type: 'frameError', reason: 'cobs', bytes: 2 });
    expect(out[3]).to.deep.equal(errorMessage(1));
    expect(decoder.counts.frames).to.equal(2);
  });

  it('reports a frame of only a CRC as short', async () => {
    const decoder = new FrameDecoder();
    // COBS of the four CRC bytes 0xFF 0xFF 0xFF 0xFF: no message byte before them
    const out = await through(decoder, [Buffer.from([0x05, 0xff, 0xff, 0xff, 0xff, 0x00])]);
    expect(out).to.deep.equal([{ type: 'frameError', reason: 'short', bytes: 5 }]);
    expect(decoder.counts.short).to.equal(1);
  });

  it('flushes a truncated final frame as an error, after the good frames before it', async () => {
    const [a, b] = frames(2);
    const decoder = new FrameDecoder();
    const out = await through(decoder, [a, b.subarray(0, 6)]);
    expect(out).to.deep.equal([errorMessage(0), { type: 'frameError', reason: 'truncated', bytes: 6 }]);
    expect(decoder.counts.truncated).to.equal(1);
  });

  it('drops an oversized frame as soon as it passes maxFrameLength, without growing, and resumes at the next delimiter', async () => {
    const decoder = new FrameDecoder({ maxFrameLength: 64 });
    const [a, b] = frames(2);
    const noise = Buffer.alloc(10000, 0x55);
    const out = await through(decoder, [a, ...chunked(noise, [100, 1, 37]), Buffer.from([0]), b]);
    expect(out).to.have.length(3);
    expect(out[0]).to.deep.equal(errorMessage(0));
    expect(out[1]).to.deep.include({ type: 'frameError', reason: 'oversized' });
    expect(out[2]).to.deep.equal(errorMessage(1));
    expect(decoder.counts.oversized).to.equal(1);
  });

  it('passes the longest message at the default maxFrameLength and drops a longer one as oversized, not truncated', async () => {
    const longest = framed({ type: 'rawBatch', seq: 0, deviceTimeMs: 0, firstSampleIndex: 0, samplesCounts: new Int16Array((MAX_MESSAGE_LENGTH - 14) / 2) });
    expect(longest.length - 1).to.be.at.most(DEFAULT_MAX_FRAME_LENGTH);
    const decoder = new FrameDecoder();
    const out = await through(decoder, [longest, Buffer.alloc(DEFAULT_MAX_FRAME_LENGTH + 1, 1)]);
    expect(out).to.have.length(2);
    expect((out[0] as Buffer).length).to.equal(MAX_MESSAGE_LENGTH);
    expect(out[1]).to.include({ reason: 'oversized' });
    expect(decoder.counts.truncated).to.equal(0);
  });

  it('throws TypeError for a maxFrameLength that is not an integer of at least 4', () => {
    for (const bad of [0, 3, 2.5, NaN, -1]) expect(() => new FrameDecoder({ maxFrameLength: bad }), String(bad)).to.throw(TypeError);
  });

  it('never throws on 10000 random byte strings and accounts for every byte', async () => {
    const prng = createPrng(41);
    const decoder = new FrameDecoder({ maxFrameLength: 200 });
    const chunks: Buffer[] = [];
    let total = 0;
    for (let n = 0; n < 10000; n++) {
      const chunk = Buffer.alloc(Math.floor(prng.nextFloat() * 40));
      for (let i = 0; i < chunk.length; i++) {
        const r = prng.nextUint32();
        // zeros often enough to cut the noise into frames of every length
        chunk[i] = r % 23 === 0 ? 0 : r & 0xff;
      }
      total += chunk.length;
      chunks.push(chunk);
    }
    const out = await through(decoder, chunks);
    expect(decoder.counts.bytes).to.equal(total);
    const c = decoder.counts;
    expect(out.length).to.equal(c.frames + c.badCobs + c.badCrc + c.short + c.oversized + c.truncated);
  });

  it('decodes what FrameEncoder frames', async () => {
    const messages = Array.from({ length: 10 }, (_, seq) => errorMessage(seq, seq === 3 ? 0 : 0x01000000));
    const encoder = new FrameEncoder();
    const decoder = new FrameDecoder();
    encoder.pipe(decoder);
    const out: unknown[] = [];
    decoder.on('data', (m: unknown) => out.push(m));
    for (const m of messages) encoder.write(m);
    encoder.end();
    await new Promise((resolve) => decoder.on('end', resolve));
    expect(out).to.deep.equal(messages);
  });
});
