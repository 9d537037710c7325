// Reading the pod's summary log back over serial (readLog), for `record` after a reconnect or a
// summary lost on the line, and for `lumbarpod log`. The chunks must join up by their logOffset;
// a chunk lost on the line is asked for again, and what never comes is a gap at whole entries.
import { Message } from '../../firmware/protocol/codec';
import { REPLY_OK } from '../../firmware/protocol/messageIds';
import { PodSerialLink } from '../link/podSerialLink';
import { LOG_ENTRY_BYTES, logEntriesDecode } from '../protocol/logEntries';

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** log bytes the pod could not send, even when asked again, so the summaries in them are missing */
export interface LogGap {
  fromOffset: number;
  /** the offset of the log entry where decoding went on; the log's end when nothing came after the hole */
  resumedAtOffset: number;
}

/** tries to read a stretch of log this many times before it is a gap */
const LOG_READ_TRIES = 3;
/** the pod sends the chunks back to back: this long without one, the rest is not coming */
const LOG_CHUNK_IDLE_MS = 1000;

interface LogRead {
  /** the messages of the whole log entries that joined up from the offset asked for */
  messages: Message[];
  /** the offset after the last of those entries */
  nextOffset: number;
  /** the end of the log came with nothing lost */
  complete: boolean;
  /** where the first chunk after a hole started (-1: none came) */
  afterHoleOffset: number;
  /** the log's length, from the reply */
  logLength: number;
}

/**
 * Reads the pod's summary log from `fromOffset` (the session's first entry) and passes on its
 * summaries, each with the boot it came from when the pod restarted since (`boot`, counted from
 * the session's first). The log keeps every window summary with its seq, so the recording has
 * them all despite the gap. Chunks must join up by their logOffset: from a chunk lost on the line, the log is asked for
 * again from there; what still does not come is reported to `onGap` and decoding goes on at the
 * next whole entry after it. Resolves with the log offset the read got to: the log's end, or
 * where it stopped when the link went or the pod refused.
 */
export async function fetchLoggedSummaries(
  link: PodSerialLink, onMessage: (m: Message, receivedMs: number) => void, fromOffset: number, onGap: (gap: LogGap) => void,
): Promise<number> {
  let at = fromOffset;
  let tries = 0;
  // the log runs on across restarts: where the pod's clock goes back, the next boot's entries begin
  let boot = 0;
  let lastTimeMs = -1;
  for (;;) {
    const read = await readLogFrom(link, at);
    if (read === undefined) return at; // gone again, or refused: the next reconnect tries once more
    for (const m of read.messages) {
      if (m.deviceTimeMs < lastTimeMs) boot++;
      lastTimeMs = m.deviceTimeMs;
      onMessage(boot > 0 ? ({ ...m, boot } as unknown as Message) : m, Date.now());
    }
    if (read.complete) return read.nextOffset;
    tries = read.nextOffset > at ? 1 : tries + 1;
    at = read.nextOffset;
    if (tries < LOG_READ_TRIES) continue;
    const entryAfterHole = fromOffset + Math.ceil((read.afterHoleOffset - fromOffset) / LOG_ENTRY_BYTES) * LOG_ENTRY_BYTES;
    const resumedAtOffset = read.afterHoleOffset > at ? entryAfterHole : read.logLength;
    onGap({ fromOffset: at, resumedAtOffset });
    if (resumedAtOffset >= read.logLength) return resumedAtOffset;
    at = resumedAtOffset;
    tries = 0;
  }
}

/** one readLog from `from`; undefined when the pod refuses it or the link goes */
async function readLogFrom(link: PodSerialLink, from: number): Promise<LogRead | undefined> {
  const bytes: number[] = [];
  let expected = from;
  let joined = true;
  let ended = false;
  let afterHoleOffset = -1;
  let lastChunkMs = Date.now();
  const collect = (m: Message): void => {
    if (m.type !== 'logChunk' || ended) return;
    lastChunkMs = Date.now();
    if (m.bytes.length === 0) ended = true;
    if (!joined) return;
    if (m.logOffset !== expected) {
      // a chunk went missing: what follows does not join up
      joined = false;
      afterHoleOffset = m.logOffset;
      return;
    }
    for (const b of m.bytes) bytes.push(b);
    expected += m.bytes.length;
  };
  link.on('message', collect);
  let logLength: number;
  try {
    const reply = await link.sendCommand('readLog', { fromOffset: from });
    if (reply.status !== REPLY_OK) return undefined;
    logLength = reply.detail;
    lastChunkMs = Date.now();
    while (!ended && Date.now() - lastChunkMs < LOG_CHUNK_IDLE_MS && link.isOpen) await sleep(50);
  } catch (e) {
    return undefined;
  } finally {
    link.off('message', collect);
  }
  const decoded = logEntriesDecode(Uint8Array.from(bytes));
  const messages = decoded.messages.map((m) => ({ ...m, fromLog: true }) as unknown as Message);
  const used = decoded.usedBytes;
  const nextOffset = from + used;
  return { messages, nextOffset, complete: nextOffset >= logLength, afterHoleOffset, logLength };
}
