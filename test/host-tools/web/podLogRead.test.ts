// The dashboard's read of the pod's whole log (runs made without a phone): its sessions, page
// text and NDJSON, and how it shares the pod's one log read with the live session's catch-up.
import { expect } from 'chai';
import { encodeMessage, Message, MessageInput } from '../../../firmware/protocol/codec';
import { COMMAND_READ_LOG, REPLY_OUT_OF_RANGE, STATUS_RECORDING } from '../../../firmware/protocol/messageIds';
import { STATUS_SPEC, SUMMARY_FORM_SPEC, SUMMARY_SPEC } from '../../../firmware/protocol/messageTypes';
import { createPrng } from '../../../host-tools/synthetic/prng';
import { LiveSession } from '../../../host-tools/web/liveSession';
import { localMinute } from '../../../host-tools/protocol/wallClock';
import { PodClockAnchor, podLogNdjson, PodLogRead, podLogText } from '../../../host-tools/web/podLogRead';
import { sampleMessage } from '../../firmware/protocol/protocolSamples';
import { podLogOf } from '../protocol/podLogFixture';
import { LOG_BLOCK_BYTES } from '../../../firmware/protocol/logFormat';
import { SUMMARY_MESSAGE_LENGTH } from '../../../firmware/protocol/podEncoders';

function bytesOf(msg: MessageInput): Uint8Array {
  const buf = new Uint8Array(128);
  const n = encodeMessage(msg, buf, 0);
  if (n < 0) throw new Error(`encode ${msg.type}: ${n}`);
  return buf.slice(0, n);
}

/** one window's summary and summaryForm, as the pod sends and logs them */
function window(seq: number, index: number, deviceTimeMs: number, cadenceSpm: number): Uint8Array {
  const prng = createPrng(seq + 1);
  // sent as its window ends: the log is cut into sessions where a recording started again
  const summary = { ...sampleMessage(SUMMARY_SPEC, 'random', prng), seq, deviceTimeMs, index, cadenceSpm, startMs: Math.max(0, deviceTimeMs - 10000), endMs: deviceTimeMs };
  const form = { ...sampleMessage(SUMMARY_FORM_SPEC, 'random', prng), seq, deviceTimeMs, index };
  return Uint8Array.from([...bytesOf(summary), ...bytesOf(form)]);
}

/** the log's bytes as the pod sends them on BLE: chunks of 37 bytes from `from`, then the end marker */
function chunks(log: number[], from: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let at = from; at < log.length; at += 37) {
    const bytes = Uint8Array.from(log.slice(at, at + 37));
    out.push(bytesOf({ type: 'logChunk', seq: 0, deviceTimeMs: 0, logOffset: at, length: bytes.length, bytes }));
  }
  out.push(bytesOf({ type: 'logChunk', seq: 0, deviceTimeMs: 0, logOffset: log.length, length: 0, bytes: new Uint8Array(0) }));
  return out;
}

describe('web dashboard: the pod\'s whole log', () => {
  // a run of two windows, then the pod restarted (its clock went back) and ran one more
  const logged = podLogOf([[window(0, 1, 10000, 172), window(1, 2, 20000, 174)], [window(0, 1, 5000, 0)]]);
  const log = Array.from(logged.bytes);

  it('reads it from the start apart from the live record, cuts it into the pod\'s sessions, and then runs the catch-up that was due meanwhile', () => {
    const asked: number[] = [];
    const s = new LiveSession((from) => asked.push(from));
    // this live session's entries start after the first two
    const status = { ...sampleMessage(STATUS_SPEC, 'random', createPrng(9)), seq: 0, deviceTimeMs: 0, flags: STATUS_RECORDING, storageUsedBytes: logged.entryOffsets[2] };
    s.receive('reply', bytesOf(status), 1);
    s.readPodLog(2);
    expect(asked).to.deep.equal([0]);
    // a summary lost live while the whole log is read: its catch-up waits for the read to end
    s.receive('summary', bytesOf({ ...sampleMessage(SUMMARY_SPEC, 'random', createPrng(3)), seq: 5, deviceTimeMs: 60000 }), 3);
    s.receive('summary', bytesOf({ ...sampleMessage(SUMMARY_SPEC, 'random', createPrng(4)), seq: 7, deviceTimeMs: 80000 }), 4);
    expect(asked).to.deep.equal([0]);
    expect(s.podLogReading).to.equal(true);
    for (const chunk of chunks(log, 0)) s.receive('reply', chunk, 5);
    const read = s.podLog!;
    expect(read.state).to.equal('done');
    expect(read.complete).to.equal(true);
    // cleared only while the pod's log is as long as what was read
    expect(read.coversLogOf(log.length)).to.equal(true);
    expect(read.coversLogOf(log.length + 40), 'a window logged since').to.equal(false);
    expect(read.messages.map((m) => `${m.type}:${(m as { index?: number }).index}@${m.deviceTimeMs}`)).to.deep.equal([
      'summary:1@10000', 'summaryForm:1@10000', 'summary:2@20000', 'summaryForm:2@20000', 'summary:1@5000', 'summaryForm:1@5000',
    ]);
    expect(read.sessions.map((session) => [session.boot, session.messages.length])).to.deep.equal([[0, 4], [1, 2]]);
    expect(podLogText(read, 10000)).to.equal('3 windows in 2 sessions: session 1: 2 windows (0 min), running 174 spm; session 2: 1 windows (0 min)');
    const lines = podLogNdjson(read).trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => [l.session, l.boot, l.type])).to.deep.equal([
      [1, 0, 'summary'], [1, 0, 'summaryForm'], [1, 0, 'summary'], [1, 0, 'summaryForm'], [2, 1, 'summary'], [2, 1, 'summaryForm'],
    ]);
    expect(lines.map((l) => l.wallTimeMs), 'no clock logged and no status given: no wall time').to.deep.equal(Array(6).fill(undefined));
    // the pod's clock read 7,000 ms at host time 1,000,000: the boot it runs is dated from it, the boot before is not
    const anchor = { status: { ...status, deviceTimeMs: 7000 } as unknown as PodClockAnchor['status'], hostTimeMs: 1000000 };
    const anchored = podLogNdjson(read, anchor).trim().split('\n').map((l) => JSON.parse(l));
    expect(anchored.map((l) => l.wallTimeMs)).to.deep.equal([undefined, undefined, undefined, undefined, 998000, 998000]);
    // none of the earlier runs went into the live record; the catch-up asks from the block of this session's first entry
    expect(s.lines.filter((l) => (l as { fromLog?: boolean }).fromLog === true)).to.deep.equal([]);
    expect(asked).to.deep.equal([0, 0]);
  });

  it('says when part of the log could not be read, and is then not complete (no clearing)', () => {
    // two runs of 20 and 10 windows, more than a log block; the chunk at log offset 37 never arrives, however often it is asked for
    const long = podLogOf([
      Array.from({ length: 20 }, (_, i) => window(i, i + 1, 10000 * (i + 1), 172)),
      Array.from({ length: 10 }, (_, i) => window(i, i + 1, 10000 * (i + 1), 168)),
    ]);
    const log = Array.from(long.bytes);
    const afterGap = long.entryOffsets.filter((offset) => offset >= LOG_BLOCK_BYTES).length;
    expect(afterGap, 'windows in the second block').to.be.at.least(2);
    const asked: number[] = [];
    const s = new LiveSession((from) => asked.push(from));
    s.readPodLog(0);
    for (let served = 0; served < asked.length && served < 10; served++) {
      // logOffset is the u32 after the 8-byte header, length the u8 after it
      for (const chunk of chunks(log, asked[served])) if (!(chunk[12] > 0 && (chunk[8] | (chunk[9] << 8)) === 37)) s.receive('reply', chunk, 1);
    }
    const read = s.podLog!;
    // three reads of the stretch, then on from the next block, where decoding can start
    expect(asked).to.deep.equal([0, 0, 0, LOG_BLOCK_BYTES]);
    expect(read.gaps).to.deep.equal([{ fromOffset: 0, resumedAtOffset: LOG_BLOCK_BYTES }]);
    expect(read.windows, 'the windows after the gap').to.equal(afterGap);
    expect(read.state).to.equal('done');
    expect(read.gaps.length).to.equal(1);
    expect(read.complete).to.equal(false);
    expect(read.coversLogOf(log.length)).to.equal(false);
    expect(podLogText(read, 10000)).to.match(/part of the log could not be read/);
    expect(podLogNdjson(read).trim().split('\n').map((l) => JSON.parse(l).type)).to.include('logGap');
  });

  it('a catch-up the pod answers outOfRange (its log was cleared since the session began) reads again from the start of what is left, and finds the window missed', () => {
    // the session began with the pod's log 20 windows long
    const before = podLogOf([Array.from({ length: 20 }, (_, i) => window(i, i + 1, 10000 * (i + 1), 172))]);
    expect(before.bytes.length).to.be.greaterThan(LOG_BLOCK_BYTES);
    const asked: number[] = [];
    const s = new LiveSession((from) => asked.push(from));
    const status = { ...sampleMessage(STATUS_SPEC, 'random', createPrng(9)), seq: 0, deviceTimeMs: 0, flags: STATUS_RECORDING, storageUsedBytes: before.bytes.length };
    s.receive('reply', bytesOf(status), 1);
    // another host cleared the log; the pod logged on: windows 21 and 22, and 21 is lost live
    const logged = [window(20, 21, 210000, 172), window(21, 22, 220000, 170), window(22, 23, 230000, 171)];
    const after = podLogOf([logged.slice(1)]);
    // live, each window's summary as the pod sent it (and logged it)
    const live = (k: number) => logged[k].slice(0, SUMMARY_MESSAGE_LENGTH);
    s.receive('summary', live(0), 2);
    s.receive('summary', live(2), 3);
    expect(asked, 'from the block where this session began').to.deep.equal([Math.floor(before.bytes.length / LOG_BLOCK_BYTES) * LOG_BLOCK_BYTES]);
    s.receive('reply', bytesOf({ type: 'reply', seq: 1, deviceTimeMs: 230100, commandSeq: 0, commandId: COMMAND_READ_LOG, status: REPLY_OUT_OF_RANGE, detail: 1 }), 4);
    expect(asked.slice(1), 'again, from the start of the log left').to.deep.equal([0]);
    for (const chunk of chunks(Array.from(after.bytes), 0)) s.receive('reply', chunk, 5);
    expect(s.recoveredFromLog).to.equal(1);
    expect(s.lines.filter((l) => l.type === 'summary' && (l as { fromLog?: boolean }).fromLog === true).map((l) => (l as { seq: number }).seq)).to.deep.equal([21]);
    expect(s.lines.filter((l) => l.type === 'logGap')).to.deep.equal([]);
  });

  it('dates a session from the clock logged in its boot (its first window, in the page\'s local time); the clock is no line of the download', () => {
    const read = new PodLogRead();
    const prng = createPrng(5);
    const summary = (seq: number, deviceTimeMs: number): Message => ({ ...sampleMessage(SUMMARY_SPEC, 'random', prng), type: 'summary', version: 2, seq, deviceTimeMs, index: seq + 1, cadenceSpm: 170, startMs: deviceTimeMs - 10000, endMs: deviceTimeMs } as unknown as Message);
    // the page's clock was 14:05:00 local when the pod's read 5 s; its first window ends 65 s later
    const at = new Date(2026, 10, 26, 14, 5, 0).getTime();
    const clock = { type: 'clock', version: 2, seq: 0, deviceTimeMs: 5000, epochS: at / 1000, epochMs: 0 } as unknown as Message;
    read.take({ messages: [clock, summary(0, 70000), summary(1, 80000)], gaps: [], ended: 'done' }, 200);
    expect(podLogText(read, 10000)).to.equal('2 windows in 1 session: session 1 (2026-11-26 14:06): 2 windows (0 min), running 170 spm');
    const lines = podLogNdjson(read).trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.type)).to.deep.equal(['summary', 'summary']);
    // each window at its own wall time: the clock's plus the pod time since it
    expect(lines.map((l) => l.wallTimeMs)).to.deep.equal([at + 65000, at + 75000]);
    // the logged clock wins over where the pod's clock stands now (which would say 1 s later)
    const anchor = { status: { ...sampleMessage(STATUS_SPEC, 'random', createPrng(2)), type: 'status', seq: 0, deviceTimeMs: 90000 } as unknown as PodClockAnchor['status'], hostTimeMs: at + 86000 };
    expect(podLogNdjson(read, anchor).trim().split('\n').map((l) => JSON.parse(l).wallTimeMs)).to.deep.equal([at + 65000, at + 75000]);
    expect(localMinute(new Date(2027, 0, 2, 3, 4, 59).getTime())).to.equal('2027-01-02 03:04');
  });
});

describe('the dashboard\'s read of the pod\'s log: full or not', () => {
  const status = (flags: number, storageFreeBytes: number) => ({ ...sampleMessage(STATUS_SPEC, 'min', createPrng(1)), flags, storageFreeBytes }) as Extract<Message, { type: 'status' }>;

  it('takes a log with too few bytes left for any window as full, as after a restart whose boot says it is not; a log with room for one is not', () => {
    const restarted = new PodLogRead();
    restarted.podStatus(status(STATUS_RECORDING, 3));
    expect(restarted.logFull).to.equal(true);
    const room = new PodLogRead();
    room.podStatus(status(STATUS_RECORDING, 66));
    expect(room.logFull).to.equal(false);
  });
});
