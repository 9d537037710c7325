import { expect } from 'chai';
import {
  ENCODE_BAD_TAIL, ENCODE_NO_ROOM, ENCODE_UNKNOWN_COMMAND, ENCODE_UNKNOWN_TYPE, Message, MessageInput, decodeMessage,
  encodeMessage, messageLength, messageLengthAt,
} from '../../../firmware/protocol/codec';
import { MAX_MESSAGE_LENGTH, PROTOCOL_VERSION } from '../../../firmware/protocol/messageIds';
import { COMMAND_SPECS, FIELD_NOT_SENT, MESSAGE_SPECS, MessageSpec, STATUS_SPEC, fixedLength } from '../../../firmware/protocol/messageTypes';
import { createPrng } from '../../../host-tools/synthetic/prng';
import { Pick, randomBytes, sampleMessage } from './protocolSamples';

function encode(msg: MessageInput): Uint8Array {
  const buf = new Uint8Array(MAX_MESSAGE_LENGTH + 16);
  const length = encodeMessage(msg, buf, 0);
  expect(length, `encode ${msg.type}`).to.be.greaterThan(0);
  return buf.slice(0, length);
}

/** what decode should give for msg: the same, plus the version; commands carry their name */
function expected(msg: MessageInput): MessageInput {
  return { ...msg, version: PROTOCOL_VERSION };
}

function tailCounts(spec: MessageSpec): number[] {
  if (!spec.tail) return [0];
  return spec.tail.countField === 'sampleCount' ? [1, spec.tail.maxCountBle, 26, spec.tail.maxCount] : [0, 1, spec.tail.maxCountBle, spec.tail.maxCount];
}

describe('generic codec', () => {
  it('round-trips every message type with every field at its minimum, its maximum and random values', () => {
    const prng = createPrng(11);
    const picks: Pick[] = ['min', 'max', 'random', 'random', 'random'];
    for (const spec of MESSAGE_SPECS) {
      const commands = spec.name === 'command' ? COMMAND_SPECS : [undefined];
      for (const command of commands) {
        for (const count of tailCounts(spec)) {
          for (const pick of picks) {
            const msg = sampleMessage(spec, pick, prng, count, command);
            const bytes = encode(msg);
            expect(bytes.length).to.equal(messageLength(spec, count) + (command ? fixedLength(command.args) - 8 : 0));
            expect(decodeMessage(bytes), `${spec.name} ${pick} ${count}`).to.deep.equal(expected(msg));
          }
        }
      }
    }
  });

  it('writes the header as version, type, seq and device time, little-endian', () => {
    const bytes = encode({ type: 'error', seq: 0x1234, deviceTimeMs: 0xa1b2c3d4, code: 2, detail: 0x01020304 });
    expect(Array.from(bytes)).to.deep.equal([PROTOCOL_VERSION, 0x08, 0x34, 0x12, 0xd4, 0xc3, 0xb2, 0xa1, 2, 0x04, 0x03, 0x02, 0x01]);
  });

  it('saturates out-of-range values at the wire type instead of wrapping them', () => {
    const msg = {
      type: 'step', seq: 1, deviceTimeMs: 2, index: -5, tMs: 2 ** 40, side: -300, kind: 999, stepMs: 70000, cadenceSpm: -1,
      flightMs: -40000, impactMg: 50000, leanCdeg: -1e9, quality: 256,
    };
    const decoded = decodeMessage(encode(msg)) as Message;
    expect(decoded).to.include({ index: 0, tMs: 2147483647, side: -128, kind: 255, stepMs: 65535, cadenceSpm: 0, flightMs: -32768, impactMg: 32767, leanCdeg: -32768, quality: 255 });
  });

  it('wraps seq and device time (counters), as the header defines', () => {
    const decoded = decodeMessage(encode({ type: 'reply', seq: 65536 + 3, deviceTimeMs: 2 ** 32 + 9, commandSeq: 1, commandId: 1, status: 0, detail: 0 })) as Message;
    expect(decoded.seq).to.equal(3);
    expect(decoded.deviceTimeMs).to.equal(9);
  });

  it('decodes raw samples as an Int16Array and log bytes as a copy, not a view of the input', () => {
    const samples = Int16Array.from([1, -1, 32767, -32768, 256, -256]);
    const raw = decodeMessage(encode({ type: 'rawBatch', seq: 0, deviceTimeMs: 0, firstSampleIndex: 7, samplesCounts: samples })) as Message;
    expect(raw.type).to.equal('rawBatch');
    if (raw.type === 'rawBatch') {
      expect(raw.samplesCounts).to.be.instanceOf(Int16Array);
      expect(raw.samplesCounts).to.deep.equal(samples);
      expect(raw.sampleCount).to.equal(1);
    }
    const bytes = encode({ type: 'logChunk', seq: 0, deviceTimeMs: 0, logOffset: 100, bytes: Uint8Array.from([5, 6, 7]) });
    const chunk = decodeMessage(bytes) as Message;
    bytes[13] = 99;
    if (chunk.type !== 'logChunk') throw new Error('not a logChunk');
    expect(Array.from(chunk.bytes)).to.deep.equal([5, 6, 7]);
    expect(chunk.length).to.equal(3);
  });

  it('encodes a command given by name or by id, arguments in table order', () => {
    const byName = encode({ type: 'command', seq: 7, deviceTimeMs: 0, command: 'readLog', args: { fromOffset: 0x01020304 } });
    const byId = encode({ type: 'command', seq: 7, deviceTimeMs: 0, commandId: 6, args: { fromOffset: 0x01020304 } });
    expect(byName).to.deep.equal(byId);
    expect(Array.from(byName.subarray(8))).to.deep.equal([6, 4, 3, 2, 1]);
    expect(decodeMessage(byName)).to.deep.include({ type: 'command', commandId: 6, command: 'readLog', args: { fromOffset: 0x01020304 } });
  });

  it('returns error codes for an unknown type or command, no room, and a tail that is not whole or too long', () => {
    const buf = new Uint8Array(64);
    expect(encodeMessage({ type: 'nope', seq: 0, deviceTimeMs: 0 }, buf, 0)).to.equal(ENCODE_UNKNOWN_TYPE);
    expect(encodeMessage({ type: 'command', seq: 0, deviceTimeMs: 0, command: 'format' }, buf, 0)).to.equal(ENCODE_UNKNOWN_COMMAND);
    expect(encodeMessage({ type: 'step', seq: 0, deviceTimeMs: 0 }, buf, 20)).to.equal(ENCODE_NO_ROOM);
    expect(encodeMessage({ type: 'rawBatch', seq: 0, deviceTimeMs: 0, samplesCounts: new Int16Array(5) }, buf, 0)).to.equal(ENCODE_BAD_TAIL);
    expect(encodeMessage({ type: 'rawBatch', seq: 0, deviceTimeMs: 0, samplesCounts: new Int16Array(6), sampleCount: 2 }, buf, 0)).to.equal(ENCODE_BAD_TAIL);
    expect(encodeMessage({ type: 'rawBatch', seq: 0, deviceTimeMs: 0, samplesCounts: new Int16Array(65 * 6) }, new Uint8Array(2000), 0)).to.equal(ENCODE_BAD_TAIL);
  });

  it('reports short, wrong-version, unknown-type, over-count and unknown-command messages as decode failures with the header it could read', () => {
    const step = encode(sampleMessage(MESSAGE_SPECS[1], 'random', createPrng(1)));
    expect(decodeMessage(step.subarray(0, 5))).to.deep.equal({ type: 'decodeError', reason: 'short', version: PROTOCOL_VERSION, typeId: 2, seq: step[2] | (step[3] << 8), length: 5 });
    expect(decodeMessage(step.subarray(0, 48))).to.include({ reason: 'short', length: 48 });
    expect(decodeMessage(new Uint8Array(0))).to.include({ reason: 'short', version: -1, typeId: -1, seq: -1 });
    const otherVersion = step.slice();
    otherVersion[0] = PROTOCOL_VERSION + 1;
    expect(decodeMessage(otherVersion)).to.include({ reason: 'badVersion', version: PROTOCOL_VERSION + 1 });
    const unknown = step.slice();
    unknown[1] = 0x7f;
    expect(decodeMessage(unknown)).to.include({ reason: 'unknownType', typeId: 0x7f });
    const raw = encode({ type: 'rawBatch', seq: 0, deviceTimeMs: 0, firstSampleIndex: 0, samplesCounts: new Int16Array(12) });
    expect(decodeMessage(raw.subarray(0, raw.length - 1))).to.include({ reason: 'short' });
    const overCount = raw.slice();
    overCount[12] = 65;
    expect(decodeMessage(overCount)).to.include({ reason: 'badCount' });
    const command = encode({ type: 'command', seq: 0, deviceTimeMs: 0, command: 'setSpeed', args: { speedMms: 3000 } });
    expect(decodeMessage(command.subarray(0, 10))).to.include({ reason: 'short' });
    command[8] = 0xee;
    expect(decodeMessage(command)).to.include({ reason: 'unknownCommand' });
  });

  it('ignores bytes past the fields it knows (fields appended within a version)', () => {
    const bytes = encode({ type: 'error', seq: 1, deviceTimeMs: 1, code: 1, detail: 5 });
    const longer = new Uint8Array([...bytes, 9, 9, 9]);
    expect(decodeMessage(longer)).to.deep.equal(decodeMessage(bytes));
  });

  it('reads a status of a firmware from before sampleHandlerBusyPct (49 bytes) with that field not sent; one byte shorter is short', () => {
    const status = encode(sampleMessage(STATUS_SPEC, 'random', createPrng(4)));
    expect(status.length).to.equal(50);
    const older = decodeMessage(status.subarray(0, 49));
    const now = decodeMessage(status) as Message;
    expect(older).to.deep.equal({ ...now, sampleHandlerBusyPct: FIELD_NOT_SENT });
    expect(FIELD_NOT_SENT).to.equal(-1);
    expect(decodeMessage(status.subarray(0, 48))).to.include({ reason: 'short' });
  });

  it('decodes only the given range of a larger buffer', () => {
    const bytes = encode({ type: 'error', seq: 1, deviceTimeMs: 1, code: 1, detail: 5 });
    const padded = new Uint8Array([0xaa, 0xbb, ...bytes, 0xcc]);
    expect(decodeMessage(padded, 2, bytes.length)).to.deep.equal(decodeMessage(bytes));
    expect(decodeMessage(padded, 2, 5)).to.include({ reason: 'short' });
  });

  it('finds the length of each message stored back to back, as the log holds them', () => {
    const prng = createPrng(12);
    const messages = [
      sampleMessage(MESSAGE_SPECS[2], 'random', prng), sampleMessage(MESSAGE_SPECS[3], 'random', prng),
      sampleMessage(MESSAGE_SPECS[0], 'random', prng, 5), sampleMessage(MESSAGE_SPECS[8], 'random', prng, 0, COMMAND_SPECS[5]),
      sampleMessage(MESSAGE_SPECS[5], 'random', prng, 20),
    ];
    const parts = messages.map(encode);
    const log = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const part of parts) {
      log.set(part, at);
      at += part.length;
    }
    const decoded: unknown[] = [];
    for (let offset = 0; offset < log.length;) {
      const length = messageLengthAt(log, offset, log.length - offset);
      expect(length).to.be.greaterThan(0);
      decoded.push(decodeMessage(log, offset, length));
      offset += length;
    }
    expect(decoded).to.deep.equal(messages.map(expected));
    expect(messageLengthAt(randomBytes(prng, 3), 0, 3)).to.equal(-1);
    expect(messageLengthAt(new Uint8Array(20), 0, 20)).to.equal(-1);
  });

  it('never throws on 10000 random byte strings, and reads no message from most of them', () => {
    const prng = createPrng(13);
    let messages = 0;
    for (let n = 0; n < 10000; n++) {
      const bytes = randomBytes(prng, Math.floor(prng.nextFloat() * 80));
      // half of them with a valid version and type, so the field readers run too
      if (n % 2 === 0 && bytes.length >= 2) {
        bytes[0] = PROTOCOL_VERSION;
        bytes[1] = MESSAGE_SPECS[n % MESSAGE_SPECS.length].id;
      }
      const result = decodeMessage(bytes);
      if (result.type !== 'decodeError') messages++;
      messageLengthAt(bytes, 0, bytes.length);
    }
    expect(messages).to.be.below(5000);
  });
});
