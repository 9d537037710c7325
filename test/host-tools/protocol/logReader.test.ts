// Reading the pod's log back (the dashboard after a reconnect, record and log over serial), against
// chunks the pod's encoders make: entries handed over as they complete, a lost chunk asked for
// again from the entry it cut, a lost end marker noticed by the stall tick, and a hole that never
// fills reported as a gap, with reading going on at the next block.
import { expect } from 'chai';
import { encodeMessage, Message, MessageInput } from '../../../firmware/protocol/codec';
import { statusEncode } from '../../../firmware/protocol/podEncoders';
import { statusRecordCreate } from '../../../firmware/protocol/statusRecord';
import { LOG_BLOCK_BYTES, logReadStart } from '../../../firmware/protocol/logFormat';
import { LOG_CHUNK_MAX_BYTES_BLE, MAX_MESSAGE_LENGTH, STATUS_RECORDING } from '../../../firmware/protocol/messageIds';
import { logEntriesDecode } from '../../../host-tools/protocol/logEntries';
import { LogReader, LogReadStep } from '../../../host-tools/protocol/logReader';
import { LiveSession } from '../../../host-tools/web/liveSession';
import { logChunks, podLog, podLogWindows } from '../protocol/podLogFixture';

/** windows enough for three log blocks */
const ENTRIES = 100;
const fixture = podLogWindows(ENTRIES);
/** the start of the entry that holds log byte `offset` */
const entryHolding = (offset: number): number => Math.max(...fixture.entryOffsets.filter((o) => o <= offset));
/** where whole entries (and pads) end in the log's first `length` bytes: where a read cut there goes on */
const wholeUpTo = (length: number): number => logEntriesDecode(fixture.bytes.subarray(0, length)).usedBytes;

/** a pod that answers each readLog with its chunks, losing those `lose` says (it sees each chunk's offset and its read number) */
function run(lose: (logOffset: number, read: number) => boolean, stallAfterRead = false): { asked: number[]; seqs: number[]; steps: LogReadStep[] } {
  const log = podLog(ENTRIES);
  const asked: number[] = [];
  const steps: LogReadStep[] = [];
  const catchUp = new LogReader((from) => asked.push(from));
  catchUp.begin(0);
  for (let read = 0; read < asked.length && read < 10; read++) {
    for (const chunk of logChunks(log, asked[read], LOG_CHUNK_MAX_BYTES_BLE)) {
      if (!lose(chunk.logOffset, read)) steps.push(catchUp.chunk(chunk));
    }
    if (stallAfterRead && catchUp.running && asked.length === read + 1) steps.push(catchUp.stalled());
  }
  const messages: Message[] = steps.flatMap((s) => s.messages);
  return { asked, seqs: messages.filter((m) => m.type === 'summary').map((m) => m.seq), steps };
}

const all = Array.from({ length: ENTRIES }, (_, i) => i);

/** loses, in every read, the chunk that holds this byte of the log */
const losing = (byte: number) => (offset: number): boolean => offset <= byte && byte < offset + LOG_CHUNK_MAX_BYTES_BLE;

/** a status of a recording pod whose log holds `logBytes`, as the session gets it */
function receiveRecordingStatus(session: LiveSession, logBytes: number): void {
  const st = statusRecordCreate();
  st.flags = STATUS_RECORDING;
  st.storageUsedBytes = logBytes;
  const status = new Uint8Array(MAX_MESSAGE_LENGTH);
  session.receive('reply', status.slice(0, statusEncode(status, 0, 0, 900, st)), 900);
}

describe('reading the pod\'s log back (LogReader, and the dashboard\'s session)', () => {
  it('hands over every entry once, in order, and ends at the end marker', () => {
    const { asked, seqs, steps } = run(() => false);
    expect(asked).to.deep.equal([0]);
    expect(seqs).to.deep.equal(all);
    expect(steps[steps.length - 1].ended).to.equal('done');
  });

  it('a chunk lost once: the rest of that read passes, then the log is asked for again from the entry it cut', () => {
    const lostAt = 5 * LOG_CHUNK_MAX_BYTES_BLE;
    const { asked, seqs, steps } = run((offset, read) => read === 0 && offset === lostAt);
    expect(wholeUpTo(lostAt), 'the chunk cuts an entry').to.be.below(lostAt);
    expect(asked).to.deep.equal([0, wholeUpTo(lostAt)]);
    expect(seqs).to.deep.equal(all);
    expect(steps[steps.length - 1].ended).to.equal('done');
  });

  it('a lost end marker: the stall tick asks again, and nothing is doubled', () => {
    const log = podLog(ENTRIES);
    const { asked, seqs, steps } = run((offset, read) => read === 0 && offset === log.length, true);
    expect(asked).to.deep.equal([0, log.length]);
    expect(seqs).to.deep.equal(all);
    expect(steps[steps.length - 1].ended).to.equal('done');
  });

  it('a hole that never fills: after three reads with no progress it is a gap, and reading goes on at the next block, where decoding can start', () => {
    const lostByte = entryHolding(LOG_BLOCK_BYTES + 400) + 3;
    const { asked, seqs, steps } = run(losing(lostByte));
    // the first read loses a chunk, which cuts the entry it starts in as well as the one holding the byte
    const holeFrom = wholeUpTo(Math.floor(lostByte / LOG_CHUNK_MAX_BYTES_BLE) * LOG_CHUNK_MAX_BYTES_BLE);
    // the third read's chunk after the lost one shows the log goes on: at the next block
    const nextBlock = 2 * LOG_BLOCK_BYTES;
    expect(asked).to.deep.equal([0, holeFrom, holeFrom, nextBlock]);
    expect(steps.flatMap((s) => s.gaps)).to.deep.equal([{ fromOffset: holeFrom, resumedAtOffset: nextBlock }]);
    expect(steps[steps.length - 1].ended).to.equal('done');
    // the entries from the hole to the next block are missing, every other one came once
    expect(seqs).to.deep.equal(all.filter((i) => fixture.entryOffsets[i] < holeFrom || fixture.entryOffsets[i] >= nextBlock));
    expect(seqs.length).to.be.below(ENTRIES - 10);
  });

  it('a hole at the log\'s end that never fills: a gap up to the end, and the read is done', () => {
    const log = podLog(ENTRIES);
    const { asked, seqs, steps } = run(losing(log.length - 1));
    // reads from the last entry's start always lose their first chunk; before that, each read gets further
    const holeFrom = entryHolding(log.length - 1);
    expect(asked.slice(-2)).to.deep.equal([holeFrom, holeFrom]);
    expect(asked.slice(0, -2).every((from, i) => i === 0 || from > asked[i - 1])).to.equal(true);
    expect(steps.flatMap((s) => s.gaps)).to.deep.equal([{ fromOffset: holeFrom, resumedAtOffset: log.length }]);
    expect(steps[steps.length - 1].ended).to.equal('done');
    expect(seqs).to.deep.equal(all.filter((i) => fixture.entryOffsets[i] < holeFrom));
  });

  it('a pod that never answers: given up after three quiet reads, with nothing made up', () => {
    const asked: number[] = [];
    const reader = new LogReader((from) => asked.push(from));
    const wanted = fixture.entryOffsets[60];
    reader.begin(wanted);
    const steps = [reader.stalled(), reader.stalled(), reader.stalled()];
    // asked from the start of the block that holds the entry wanted
    expect(logReadStart(wanted)).to.be.within(LOG_BLOCK_BYTES, wanted - 1);
    expect(asked).to.deep.equal([logReadStart(wanted), logReadStart(wanted), logReadStart(wanted)]);
    expect(steps.map((s) => s.ended)).to.deep.equal(['', '', 'gaveUp']);
    expect(steps.flatMap((s) => s.messages)).to.deep.equal([]);
    expect(reader.running).to.equal(false);
    expect(reader.nextOffset).to.equal(logReadStart(wanted));
  });

  it('a log shorter than the first entry wanted (another host cleared it, and it filled again into that entry\'s block): read again from its start, every entry since the clear handed over', () => {
    const asked: number[] = [];
    const reader = new LogReader((from) => asked.push(from));
    const log = podLog(3);
    const wanted = log.length + 200;
    reader.begin(wanted);
    const first = logChunks(log, asked[0], LOG_CHUNK_MAX_BYTES_BLE).map((chunk) => reader.chunk(chunk));
    // its end marker at the log's length, before the entry wanted: cleared since
    expect(first.flatMap((step) => step.messages)).to.deep.equal([]);
    expect(reader.clearedSeen).to.equal(true);
    expect(asked).to.deep.equal([0, 0]);
    const second = logChunks(log, 0, LOG_CHUNK_MAX_BYTES_BLE).map((chunk) => reader.chunk(chunk));
    expect(second.flatMap((step) => step.messages).filter((m) => m.type === 'summary').map((m) => m.seq)).to.deep.equal([0, 1, 2]);
    expect(second[second.length - 1].ended).to.equal('done');
    // the reply's length says the same, when it comes first
    const byReply = new LogReader(() => undefined);
    byReply.begin(wanted);
    byReply.logLengthIs(log.length);
    expect(byReply.clearedSeen).to.equal(true);
    // a log that only grew is no clear
    const grown = new LogReader(() => undefined);
    grown.begin(fixture.entryOffsets[60]);
    grown.logLengthIs(fixture.bytes.length);
    expect(grown.clearedSeen).to.equal(false);
  });

  it('the session keeps the summaries it did not get live, marked fromLog, once each', () => {
    const log = podLog(ENTRIES);
    const requested: number[] = [];
    const session = new LiveSession((from) => requested.push(from));
    // the first status of the recording says where its entries start; entries 0-3 came live
    const recordingFrom = fixture.entryOffsets[2];
    receiveRecordingStatus(session, recordingFrom);
    expect(session.logFromOffset).to.equal(recordingFrom);
    for (let i = 0; i < 4; i++) session.receive('summary', fixture.windows[i].slice(0, 50), 1000 + i);
    session.catchUpFromLog(5000);
    // from the start of the block that holds the recording's first entry; entries before it are not the session's
    expect(requested).to.deep.equal([logReadStart(recordingFrom)]);
    const buf = new Uint8Array(MAX_MESSAGE_LENGTH);
    for (const chunk of logChunks(log, logReadStart(recordingFrom), LOG_CHUNK_MAX_BYTES_BLE)) {
      session.receive('reply', buf.slice(0, encodeMessage(chunk as unknown as MessageInput, buf, 0)), 6000);
    }
    const summaries = session.lines.filter((l) => l.type === 'summary') as unknown as { seq: number; fromLog?: boolean }[];
    expect(summaries.map((s) => s.seq)).to.deep.equal(all);
    expect(summaries.map((s) => s.fromLog === true)).to.deep.equal(all.map((i) => i >= 4));
    expect(session.recoveredFromLog).to.equal(ENTRIES - 4);
    expect(session.lines.filter((l) => l.type === 'summaryForm').length).to.equal(ENTRIES - 2);
  });

  it('a summary dropped while connected (its seq skipped) is read back from the log at once', () => {
    const log = podLog(ENTRIES);
    const requested: number[] = [];
    const session = new LiveSession((from) => requested.push(from));
    receiveRecordingStatus(session, 0);
    const summaryOf = (i: number) => fixture.windows[i].slice(0, 50);
    session.receive('summary', summaryOf(0), 1000);
    session.receive('summary', summaryOf(1), 2000);
    expect(requested).to.deep.equal([]);
    session.receive('summary', summaryOf(3), 4000);
    expect(requested, 'asked at the gap').to.deep.equal([0]);
    const buf = new Uint8Array(MAX_MESSAGE_LENGTH);
    for (const chunk of logChunks(log.slice(0, fixture.entryOffsets[4]), 0, LOG_CHUNK_MAX_BYTES_BLE)) {
      session.receive('reply', buf.slice(0, encodeMessage(chunk as unknown as MessageInput, buf, 0)), 4100);
    }
    const seqs = session.lines.filter((l) => l.type === 'summary').map((l) => (l as unknown as { seq: number }).seq);
    expect(seqs.slice().sort((a, b) => a - b)).to.deep.equal([0, 1, 2, 3]);
    expect(session.recoveredFromLog).to.equal(1);
  });
});
