// Reading the pod's summary log back (readLog), the same on both links: the serial read-back of
// `record` and `lumbarpod log`, and the dashboard's catch-up after a BLE drop-out. The pod sends
// the log as logChunks and ends with an empty one at the log's length. A chunk can be lost (BLE
// drops a notification without the pod knowing, serial fails a frame's CRC), so chunks join up
// by logOffset. Whole entries are handed over as they complete. A read starts at the start of
// the log block holding the first entry wanted, where decoding can start (logFormat.ts). After a
// hole the rest of that read is let pass, and at its end the log is asked for again from the
// first entry missing. A stretch that three reads in a row do not fill is a gap: reading goes on
// at the first block after it, when a later chunk showed there is one, else the rest is given up.
// One read is in flight at a time. No I/O here: the caller sends each readLog and feeds the chunks.
import { Message, MessageByName } from '../../firmware/protocol/codec';
import { LOG_BLOCK_BYTES, logReadStart } from '../../firmware/protocol/logFormat';
import { LogDecoder } from './logEntries';

type LogChunkMessage = MessageByName<'logChunk'>;

/** sends a readLog command from this byte offset on */
export type LogRequest = (fromOffset: number) => void;

/**
 * log bytes whose summaries are missing: the pod could not send them, even when asked again, or
 * they did not decode
 */
export interface LogGap {
  fromOffset: number;
  /** the offset of the log entry where decoding went on; the log's end when nothing came after the hole */
  resumedAtOffset: number;
}

/** what one chunk (or a read gone quiet) led to */
export interface LogReadStep {
  /** the summary, summaryForm and clock messages of the entries that joined up, in log order */
  messages: Message[];
  /** stretches given up, reading went on after them */
  gaps: LogGap[];
  /** '' while more is to come; 'done' at the log's end; 'gaveUp' when the rest could not be read (from `nextOffset`) */
  ended: '' | 'done' | 'gaveUp';
}

/** reads of one stretch with no progress before it is a gap */
export const LOG_READ_TRIES = 3;

const NOTHING: LogReadStep = { messages: [], gaps: [], ended: '' };

export class LogReader {
  private active = false;
  /** where the read in flight started */
  private askedFrom = 0;
  /** where whole entries have been taken up to: the next read goes on from here */
  private readFrom = 0;
  /** the offset the next chunk must have to join up */
  private expected = 0;
  private bytes: number[] = [];
  private tries = 0;
  /** the first entry wanted: entries before it in its block are decoded, not handed over */
  private entriesFrom = 0;
  private decoder = new LogDecoder();
  /** stretches that did not decode, since the last step */
  private undecodable: LogGap[] = [];
  /** a chunk of this read went missing: the rest of it is let pass */
  private holed = false;
  /** where the first chunk after the hole started (-1: none came) */
  private afterHoleOffset = -1;
  /** the log's length, from the last end marker (-1: none came) */
  private logLength = -1;
  /** a read found the log shorter than its first entry wanted, and went on from the log's start */
  clearedSeen = false;

  constructor(private readonly request: LogRequest) {}

  get running(): boolean {
    return this.active;
  }

  /** the offset after the last whole entry handed over */
  get nextOffset(): number {
    return this.readFrom;
  }

  /** gives up the read in progress: chunks that still come are let pass */
  stop(): void {
    this.active = false;
  }

  /** reads the log from `fromOffset` (the first entry wanted), replacing a read in progress */
  begin(fromOffset: number): void {
    this.active = true;
    this.tries = 0;
    this.entriesFrom = fromOffset;
    this.decoder = new LogDecoder();
    this.logLength = -1;
    this.ask(logReadStart(fromOffset));
  }

  /** one logChunk message from the pod */
  chunk(m: LogChunkMessage): LogReadStep {
    if (!this.active) return NOTHING;
    if (m.bytes.length === 0) {
      if (this.clearedSince(m.logOffset)) return NOTHING;
      this.logLength = m.logOffset;
      return this.readEnded(m.logOffset === this.expected);
    }
    if (this.holed) return NOTHING;
    if (m.logOffset !== this.expected) {
      this.holed = true;
      if (m.logOffset > this.expected) this.afterHoleOffset = m.logOffset;
      return this.step(this.take(), []);
    }
    for (let i = 0; i < m.bytes.length; i++) this.bytes.push(m.bytes[i]);
    this.expected += m.bytes.length;
    // whole entries go out as they come, so a link lost mid-read keeps what arrived
    return this.step(this.take(), []);
  }

  /** the log's length as the pod gave it otherwise (readLog's reply), in case no end marker arrives */
  logLengthIs(length: number): void {
    if (!this.clearedSince(length)) this.logLength = length;
  }

  /**
   * A log shorter than the first entry wanted was cleared since the read's first entry was
   * logged (by another host: the log never shrinks otherwise). What the pod logged after the
   * clear is then read from the log's start, and clearedSeen says so.
   */
  private clearedSince(length: number): boolean {
    if (!this.active || length >= this.entriesFrom) return false;
    this.clearedSeen = true;
    this.begin(0);
    return true;
  }

  /** no chunk came for a while (the end marker lost, or the pod never answered): as a read with a hole */
  stalled(): LogReadStep {
    return this.active ? this.readEnded(false) : NOTHING;
  }

  private readEnded(whole: boolean): LogReadStep {
    const messages = this.take();
    if (whole && !this.holed) {
      this.active = false;
      return this.step(messages, [], 'done');
    }
    this.tries = this.readFrom > this.askedFrom ? 1 : this.tries + 1;
    if (this.tries < LOG_READ_TRIES) {
      this.ask(this.readFrom);
      return this.step(messages, []);
    }
    let resumedAtOffset = this.logLength;
    if (this.afterHoleOffset > this.readFrom) {
      // a block's first entry is a key entry: decoding starts again there
      resumedAtOffset = Math.ceil(this.afterHoleOffset / LOG_BLOCK_BYTES) * LOG_BLOCK_BYTES;
      if (this.logLength >= 0 && resumedAtOffset > this.logLength) resumedAtOffset = this.logLength;
    }
    if (resumedAtOffset < 0) {
      // nothing after the hole and no end marker: where the log ends is unknown
      this.active = false;
      return this.step(messages, [], 'gaveUp');
    }
    const gap = { fromOffset: this.readFrom, resumedAtOffset };
    if (this.logLength >= 0 && resumedAtOffset >= this.logLength) {
      this.readFrom = resumedAtOffset;
      this.active = false;
      return this.step(messages, [gap], 'done');
    }
    this.tries = 0;
    this.ask(resumedAtOffset);
    return this.step(messages, [gap]);
  }

  private step(messages: Message[], gaps: LogGap[], ended: LogReadStep['ended'] = ''): LogReadStep {
    const all = this.undecodable.concat(gaps);
    this.undecodable = [];
    return { messages, gaps: all, ended };
  }

  /** the whole entries collected so far; the next read goes on after them */
  private take(): Message[] {
    const decoded = this.decoder.decode(Uint8Array.from(this.bytes), this.readFrom);
    this.bytes.splice(0, decoded.usedBytes);
    this.readFrom += decoded.usedBytes;
    this.undecodable.push(...decoded.undecodable);
    return decoded.messages.filter((_, k) => decoded.messageOffsets[k] >= this.entriesFrom);
  }

  private ask(fromOffset: number): void {
    this.askedFrom = fromOffset;
    this.readFrom = fromOffset;
    this.expected = fromOffset;
    this.bytes = [];
    this.holed = false;
    this.afterHoleOffset = -1;
    this.request(fromOffset);
  }
}
