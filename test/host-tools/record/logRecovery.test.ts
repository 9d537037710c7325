// Reading the pod's summary log back after a reconnect, over a real pseudo-terminal: a pod that
// answers readLog with its own encoders, losing chunks on the line as a noisy cable does. The
// chunks must join up by logOffset; a lost one is asked for again, and one that never comes is a
// gap up to the next log block (where decoding starts again), with every summary around it kept.
import { expect } from 'chai';
import { SerialPort } from 'serialport';
import { commandParse, commandParsedCreate } from '../../../firmware/protocol/commandParser';
import { frameEncode, frameMaxLength } from '../../../firmware/protocol/framing';
import { COMMAND_READ_LOG, LOG_CHUNK_MAX_BYTES, MAX_MESSAGE_LENGTH, REPLY_OK, REPLY_OUT_OF_RANGE } from '../../../firmware/protocol/messageIds';
import { logChunkEncode, replyEncode } from '../../../firmware/protocol/podEncoders';
import { LOG_BLOCK_BYTES, logReadStart } from '../../../firmware/protocol/logFormat';
import { logEntriesDecode } from '../../../host-tools/protocol/logEntries';
import { podLog, podLogWindows } from '../protocol/podLogFixture';
import { Message } from '../../../firmware/protocol/codec';
import { openHangupSafePort } from '../../../host-tools/link/hangupSafePort';
import { openPodSerialLink, PodSerialLink } from '../../../host-tools/link/podSerialLink';
import { FrameDecoder, FrameError } from '../../../host-tools/protocol/frameDecoder';
import { fetchLoggedSummaries, LogGap } from '../../../host-tools/record/logReadBack';
import { openPtyPair, PtyPair } from '../../../host-tools/sim/ptyPair';

/** windows enough for three log blocks */
const ENTRIES = 100;
const fixture = podLogWindows(ENTRIES);
/** where whole entries (and pads) end in the log's first `length` bytes: where a read cut there goes on */
const wholeUpTo = (length: number): number => logEntriesDecode(fixture.bytes.subarray(0, length)).usedBytes;

function frameOf(message: Uint8Array, length: number): Buffer {
  const frame = Buffer.alloc(frameMaxLength(length));
  return frame.subarray(0, frameEncode(frame, 0, message, 0, length, 1));
}

/**
 * A pod holding `log` that answers readLog as the firmware does (reply with the log's length,
 * chunks from the offset, an empty chunk at the end) but loses chunks on the line: `losses` maps
 * a log byte offset to how many times the chunk holding it is lost (Infinity: always; the log's
 * length: the end marker).
 */
function startLogPod(port: SerialPort, log: Uint8Array, losses: Map<number, number>): { readLogFrom: number[] } {
  const readLogFrom: number[] = [];
  const frames = new FrameDecoder();
  const msg = new Uint8Array(MAX_MESSAGE_LENGTH);
  let seq = 0;
  port.pipe(frames);
  frames.on('data', (item: Buffer | FrameError) => {
    if (!(item instanceof Uint8Array)) return;
    const parsed = commandParsedCreate();
    commandParse(item, 0, item.length, parsed);
    if (parsed.commandId !== COMMAND_READ_LOG) return;
    const from = parsed.args[0];
    readLogFrom.push(from);
    const out: Buffer[] = [];
    const inRange = from <= log.length;
    out.push(frameOf(msg, replyEncode(msg, 0, seq++, 0, parsed.seq, parsed.commandId, inRange ? REPLY_OK : REPLY_OUT_OF_RANGE, log.length)));
    if (inRange) {
      for (let at = from; ; at += LOG_CHUNK_MAX_BYTES) {
        at = Math.min(at, log.length);
        const length = Math.min(LOG_CHUNK_MAX_BYTES, log.length - at);
        const n = logChunkEncode(msg, 0, seq++, 0, at, log, at, length);
        let lost = false;
        for (const [byte, times] of losses) {
          if (times > 0 && byte >= at && byte < at + Math.max(1, length)) {
            losses.set(byte, times - 1);
            lost = true;
          }
        }
        if (!lost) out.push(frameOf(msg, n));
        if (length === 0) break;
      }
    }
    port.write(Buffer.concat(out));
  });
  return { readLogFrom };
}

describe('reading the pod\'s log back after a reconnect', function () {
  this.timeout(20000);
  let pair: PtyPair;
  let pod: SerialPort;
  let link: PodSerialLink;

  beforeEach(async () => {
    pair = await openPtyPair();
    pod = await openHangupSafePort(pair.podPath, 115200);
    link = await openPodSerialLink(pair.hostPath);
  });

  afterEach(async () => {
    if (link) await link.close();
    if (pod && pod.isOpen) await new Promise<void>((resolve) => pod.close(() => resolve()));
    if (pair) await pair.close();
  });

  async function fetch(fromOffset: number): Promise<{ summaries: number[]; forms: number[]; gaps: LogGap[] }> {
    const messages: Message[] = [];
    const gaps: LogGap[] = [];
    await fetchLoggedSummaries(link, (m) => messages.push(m), fromOffset, (gap) => gaps.push(gap));
    for (const m of messages) expect((m as unknown as { fromLog: boolean }).fromLog).to.equal(true);
    return {
      summaries: messages.filter((m) => m.type === 'summary').map((m) => m.seq),
      forms: messages.filter((m) => m.type === 'summaryForm').map((m) => m.seq),
      gaps,
    };
  }

  const range = (from: number, to: number): number[] => Array.from({ length: to - from }, (_, i) => from + i);

  it('gives every entry from the offset asked for, in order, when nothing is lost', async () => {
    const asked = startLogPod(pod, fixture.bytes, new Map());
    const wanted = fixture.entryOffsets[60];
    const got = await fetch(wanted);
    expect(got.summaries).to.deep.equal(range(60, ENTRIES));
    expect(got.forms).to.deep.equal(range(60, ENTRIES));
    expect(got.gaps).to.deep.equal([]);
    // from the start of its block, where decoding can start
    expect(logReadStart(wanted)).to.be.below(wanted);
    expect(asked.readLogFrom).to.deep.equal([logReadStart(wanted)]);
  });

  it('a chunk lost once is asked for again from the entry it cuts, and nothing is missing or doubled', async () => {
    const lostAt = 3 * LOG_CHUNK_MAX_BYTES;
    const asked = startLogPod(pod, fixture.bytes, new Map([[lostAt, 1]]));
    const got = await fetch(0);
    expect(got.summaries).to.deep.equal(range(0, ENTRIES));
    expect(got.forms).to.deep.equal(range(0, ENTRIES));
    expect(got.gaps).to.deep.equal([]);
    expect(asked.readLogFrom).to.deep.equal([0, wholeUpTo(lostAt)]);
  });

  it('a chunk that never comes is a gap up to the next block; the entries after it are kept', async () => {
    // the pod cannot get the byte at lostAt across: every chunk that holds it is lost
    const lostAt = 3 * LOG_CHUNK_MAX_BYTES + 7;
    startLogPod(pod, fixture.bytes, new Map([[lostAt, Infinity]]));
    const got = await fetch(0);
    // the first read joins up to the lost chunk's start; the retries start at the entry cut there,
    // and their first chunk, holding the byte, is lost: the next chunk shows the log goes on, and
    // decoding starts again at the next block's key entry
    const holeFrom = wholeUpTo(3 * LOG_CHUNK_MAX_BYTES);
    expect(holeFrom + LOG_CHUNK_MAX_BYTES).to.be.below(LOG_BLOCK_BYTES);
    const kept = range(0, ENTRIES).filter((i) => fixture.entryOffsets[i] < holeFrom || fixture.entryOffsets[i] >= LOG_BLOCK_BYTES);
    expect(got.summaries).to.deep.equal(kept);
    expect(got.forms).to.deep.equal(kept);
    expect(got.gaps).to.deep.equal([{ fromOffset: holeFrom, resumedAtOffset: LOG_BLOCK_BYTES }]);
  });

  it('a lost last chunk and end marker: the log\'s length from the reply tells the rest is missing, not still coming', async () => {
    const log = fixture.bytes;
    const lastByte = log.length - 1;
    startLogPod(pod, log, new Map([[lastByte, Infinity], [log.length, Infinity]]));
    const got = await fetch(0);
    // the first read joins up to the last chunk's start; every read from the entry cut there loses its only chunk
    const holeFrom = wholeUpTo(Math.floor(lastByte / LOG_CHUNK_MAX_BYTES) * LOG_CHUNK_MAX_BYTES);
    expect(holeFrom + LOG_CHUNK_MAX_BYTES).to.be.above(lastByte);
    expect(got.summaries).to.deep.equal(range(0, ENTRIES).filter((i) => fixture.entryOffsets[i] < holeFrom));
    expect(got.gaps).to.deep.equal([{ fromOffset: holeFrom, resumedAtOffset: log.length }]);
  });

  it('an offset past the log (another host cleared it meanwhile) is refused by the pod: what it logged since the clear is read from the log\'s start', async () => {
    const asked = startLogPod(pod, podLog(3), new Map());
    const got = await fetch(5 * LOG_BLOCK_BYTES);
    expect(got).to.deep.equal({ summaries: [0, 1, 2], forms: [0, 1, 2], gaps: [] });
    expect(asked.readLogFrom).to.deep.equal([5 * LOG_BLOCK_BYTES, 0]);
  });

  it('a log cleared and logged on into the block where the session\'s entries began: its length, shorter than that start, says so, and what it logged since the clear is read', async () => {
    const log = podLog(3);
    // the session began in the log's first block, past the 3 entries logged since another host's clear
    const fromOffset = log.length + 200;
    expect(logReadStart(fromOffset)).to.equal(0);
    const asked = startLogPod(pod, log, new Map());
    const got = await fetch(fromOffset);
    expect(got).to.deep.equal({ summaries: [0, 1, 2], forms: [0, 1, 2], gaps: [] });
    expect(asked.readLogFrom).to.deep.equal([0, 0]);
  });
});
