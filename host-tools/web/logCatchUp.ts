// After a dropped BLE link, the dashboard reads back from the pod's log the window summaries it
// made while nobody listened. The pod sends the log as logChunks on the reply characteristic, one
// per 50 ms; the BLE stack may drop one without the pod knowing, so chunks must join up by
// logOffset. Entries are handed over as they complete; after a hole the rest of that read is let
// pass and, at its end, the log is asked for again from the first entry missing, a few times,
// then the rest is given up (and said). One read is in flight at a time. No DOM here.
import { Message, MessageByName } from '../../firmware/protocol/codec';
import { logEntriesDecode } from '../protocol/logEntries';

type LogChunkMessage = MessageByName<'logChunk'>;

/** asks for the log from this byte offset on (a readLog command) */
export type LogRequest = (fromOffset: number) => void;

/** what one chunk led to: entries to add, and whether the read is over (and why) */
export interface LogCatchUpStep {
  messages: Message[];
  /** '' while more is to come; 'done' at the end of the log; 'gaveUp' after too many holes */
  ended: '' | 'done' | 'gaveUp';
  /** log bytes never received, when it gave up */
  missingFromOffset?: number;
}

/** asks again from a hole this many times before giving the rest up */
const LOG_READ_TRIES = 3;

export class LogCatchUp {
  private active = false;
  /** where the read in flight started, and where whole entries have been taken up to */
  private askedFrom = 0;
  private readFrom = 0;
  private expected = 0;
  private bytes: number[] = [];
  private tries = 0;
  /** a chunk of this read went missing: the rest of it is let pass, and the log asked for again at its end */
  private holed = false;

  constructor(private readonly request: LogRequest) {}

  get running(): boolean {
    return this.active;
  }

  /** reads the log from `fromOffset` (the first entry of this session), replacing a read in progress */
  begin(fromOffset: number): void {
    this.active = true;
    this.tries = 0;
    this.ask(fromOffset);
  }

  /** one logChunk message from the pod */
  chunk(m: LogChunkMessage): LogCatchUpStep {
    if (!this.active) return { messages: [], ended: '' };
    if (m.bytes.length === 0) return this.readEnded(m.logOffset === this.expected);
    if (this.holed) return { messages: [], ended: '' };
    if (m.logOffset !== this.expected) {
      this.holed = true;
      return { messages: this.take(), ended: '' };
    }
    for (let i = 0; i < m.bytes.length; i++) this.bytes.push(m.bytes[i]);
    this.expected += m.bytes.length;
    // whole entries go out as they come, so a link lost mid-read keeps what arrived
    return { messages: this.take(), ended: '' };
  }

  /** no chunk came for a while (the end marker lost, or the pod never answered): as a read with a hole */
  stalled(): LogCatchUpStep {
    return this.active ? this.readEnded(false) : { messages: [], ended: '' };
  }

  private readEnded(whole: boolean): LogCatchUpStep {
    const messages = this.take();
    if (whole && !this.holed) {
      this.active = false;
      return { messages, ended: 'done' };
    }
    this.tries = this.readFrom > this.askedFrom ? 1 : this.tries + 1;
    if (this.tries >= LOG_READ_TRIES) {
      this.active = false;
      return { messages, ended: 'gaveUp', missingFromOffset: this.readFrom };
    }
    this.ask(this.readFrom);
    return { messages, ended: '' };
  }

  /** the whole entries collected so far; the next read goes on after them */
  private take(): Message[] {
    const decoded = logEntriesDecode(Uint8Array.from(this.bytes));
    this.bytes.splice(0, decoded.usedBytes);
    this.readFrom += decoded.usedBytes;
    return decoded.messages;
  }

  private ask(fromOffset: number): void {
    this.askedFrom = fromOffset;
    this.readFrom = fromOffset;
    this.expected = fromOffset;
    this.bytes = [];
    this.holed = false;
    this.request(fromOffset);
  }
}
