import { expect } from 'chai';
import { PassThrough } from 'stream';
import { stepRecordCreate } from '../../../firmware/core/stepRecord';
import { summaryRecordCreate } from '../../../firmware/core/summaryRecord';
import { Message } from '../../../firmware/protocol/codec';
import { BLE_MAX_MESSAGE_LENGTH, PROTOCOL_VERSION } from '../../../firmware/protocol/messageIds';
import { rawBatchEncode, stepEncode, summaryEncode, summaryFormEncode } from '../../../firmware/protocol/podEncoders';
import { FrameDecoder } from '../../../host-tools/protocol/frameDecoder';
import { frameOf } from '../../../host-tools/protocol/frameEncoder';
import { DecodedItem, MessageDecoder } from '../../../host-tools/protocol/messageDecoder';
import { SequenceCheck } from '../../../host-tools/protocol/sequenceCheck';
import { createPrng } from '../../../host-tools/synthetic/prng';
import { chunked, messageBytes, through } from './streamHelpers';

describe('MessageDecoder', () => {
  it('turns each BLE notification into a typed message', async () => {
    const rec = { ...stepRecordCreate(), index: 12, tMs: 34567, side: 1, kind: 1, contactMs: 231, leanCdeg: -250 };
    const notification = new Uint8Array(BLE_MAX_MESSAGE_LENGTH);
    const length = stepEncode(notification, 0, 5, 99000, rec);
    const decoder = new MessageDecoder();
    const [msg] = (await through(decoder, [notification.subarray(0, length)])) as Message[];
    expect(msg).to.deep.equal({ type: 'step', version: PROTOCOL_VERSION, seq: 5, deviceTimeMs: 99000, ...rec });
    if (msg.type !== 'step') throw new Error('not a step');
    expect(msg.contactMs).to.equal(231);
    expect(decoder.counts).to.include({ messages: 1, failures: 0 });
  });

  it('passes frame errors through in place and turns undecodable messages into decode failures, counting both', async () => {
    const good = messageBytes({ type: 'error', seq: 1, deviceTimeMs: 2, code: 1, detail: 3 });
    const unknownType = Buffer.from(good);
    unknownType[1] = 0x55;
    const frameError = { type: 'frameError', reason: 'crc', bytes: 20 };
    const decoder = new MessageDecoder();
    const out = await through(decoder, [good, frameError, unknownType, good.subarray(0, 4)]);
    expect(out.map((m) => (m as { type: string }).type)).to.deep.equal(['error', 'frameError', 'decodeError', 'decodeError']);
    expect(out[2]).to.include({ reason: 'unknownType', typeId: 0x55 });
    expect(out[3]).to.include({ reason: 'short' });
    expect(decoder.counts).to.deep.equal({ messages: 1, failures: 2, frameErrors: 1, byReason: { unknownType: 1, short: 1 } });
  });

  it('fails the stream with a TypeError when given something that is not message bytes', async () => {
    const decoder = new MessageDecoder();
    const failed = new Promise((resolve) => decoder.on('error', resolve));
    decoder.write({ not: 'bytes' });
    expect(await failed).to.be.instanceOf(TypeError);
  });

  it('never throws on 10000 random byte strings', async () => {
    const prng = createPrng(51);
    const chunks = Array.from({ length: 10000 }, (_, n) => {
      const bytes = Buffer.alloc(Math.floor(prng.nextFloat() * 60));
      for (let i = 0; i < bytes.length; i++) bytes[i] = prng.nextUint32() & 0xff;
      if (n % 2 === 0 && bytes.length > 1) bytes[0] = PROTOCOL_VERSION;
      return bytes;
    });
    const decoder = new MessageDecoder();
    const out = await through(decoder, chunks);
    expect(out).to.have.length(10000);
    expect(decoder.counts.messages + decoder.counts.failures).to.equal(10000);
  });
});

describe('serial pipeline (pod encoders -> frames -> FrameDecoder -> MessageDecoder -> SequenceCheck)', () => {
  it('delivers every step, summary and raw batch in order, and marks the frame a bit flip destroyed as a gap of one', async () => {
    const buf = new Uint8Array(1024);
    const frames: Buffer[] = [];
    const seqs = { step: 0, summary: 0, summaryForm: 0, rawBatch: 0 };
    const samples = new Int16Array(26 * 6).map((_, i) => (i * 977) % 65536 - 32768);
    for (let i = 1; i <= 20; i++) {
      const step = { ...stepRecordCreate(), index: i, tMs: i * 350, kind: 1, side: i & 1 };
      frames.push(frameOf(buf.subarray(0, stepEncode(buf, 0, seqs.step++, i * 350, step))));
      frames.push(frameOf(buf.subarray(0, rawBatchEncode(buf, 0, seqs.rawBatch++, i * 350, (i - 1) * 26, samples, 0, 26))));
      if (i % 10 === 0) {
        const summary = { ...summaryRecordCreate(), index: i / 10, steps: 10 };
        frames.push(frameOf(buf.subarray(0, summaryEncode(buf, 0, seqs.summary++, i * 350, summary))));
        frames.push(frameOf(buf.subarray(0, summaryFormEncode(buf, 0, seqs.summaryForm++, i * 350, summary))));
      }
    }
    // corrupt the 8th step's frame (index 14 in the stream: step, raw, step, raw, ...)
    const victim = Buffer.from(frames[14]);
    victim[10] ^= 0x40;
    frames[14] = victim;
    const stream = Buffer.concat(frames);

    const source = new PassThrough();
    const frameDecoder = new FrameDecoder();
    const messageDecoder = new MessageDecoder();
    const check = new SequenceCheck();
    source.pipe(frameDecoder).pipe(messageDecoder).pipe(check);
    const out: DecodedItem[] = [];
    check.on('data', (item: DecodedItem) => out.push(item));
    for (const chunk of chunked(stream, [17, 64, 3])) source.write(chunk);
    source.end();
    await new Promise((resolve) => check.on('end', resolve));

    const types: string[] = out.map((m) => m.type);
    expect(types.filter((t) => t === 'step')).to.have.length(19);
    expect(types.filter((t) => t === 'rawBatch')).to.have.length(20);
    expect(types.filter((t) => t === 'summary')).to.have.length(2);
    expect(types.filter((t) => t === 'summaryForm')).to.have.length(2);
    const errorAt = types.indexOf('frameError');
    expect(['crc', 'cobs']).to.include((out[errorAt] as { reason: string }).reason);
    expect(types.filter((t) => t === 'frameError')).to.have.length(1);
    // the gap report comes right before the step that revealed it
    expect(out.filter((m) => (m.type as string) === 'sequenceGap')).to.deep.equal([{ type: 'sequenceGap', messageType: 'step', expectedSeq: 7, seq: 8, missing: 1 }]);
    const gapAt = types.indexOf('sequenceGap');
    expect(out[gapAt + 1]).to.include({ type: 'step', seq: 8 });
    expect(types).to.not.include('sampleGap');
    const raw = out.find((m) => m.type === 'rawBatch') as Message;
    if (raw.type === 'rawBatch') expect(raw.samplesCounts).to.deep.equal(samples);
  });
});
