// The pod's summary log as the host gets it back (readLog): entries in the compact format of
// firmware/protocol/logFormat.ts, each standing for one window's summary and summaryForm messages
// exactly as they were sent live, headers included. Hosts join the logChunks by logOffset and
// decode whole entries with a LogDecoder; a part of an entry at the end waits for the rest.
import { DEFAULT_PIPELINE_SETTINGS } from '../../firmware/core/pipeline';
import { DecodeFailure, decodeMessage, Message, MessageByName } from '../../firmware/protocol/codec';
import { STATUS_STORAGE_FULL } from '../../firmware/protocol/messageIds';
import {
  LOG_BITMAP_OFFSET, LOG_BLOCK_BYTES, LOG_CLOCK_MESSAGE_OFFSET, LOG_ENTRY_MAX_BYTES, LOG_ENTRY_WORDS, LOG_KIND_CLOCK, LOG_KIND_DELTA,
  LOG_KIND_KEY, LOG_LEGACY_FIRST_BYTE,
  LOG_PAD, LOG_RELATIVE_WORDS, LOG_VARINTS_OFFSET, LOG_WINDOW_MESSAGE_BYTES, logEntryEnd,
} from '../../firmware/protocol/logFormat';
import { SUMMARY_MESSAGE_LENGTH } from '../../firmware/protocol/podEncoders';
import { summaryOfNewRecording } from './summaryOfNewRecording';

/**
 * Log bytes a window with a step takes, typically: on the simulated pod the synthetic runs take
 * 24 (an hour at one pace) to 34 (the tiring example run) bytes a window, key entries and pads
 * included. What a pod's log holds varies with how much its windows differ; this errs on the
 * side of less room.
 */
export const LOG_BYTES_PER_WINDOW_TYPICAL = 34;

/**
 * Fewer bytes free than this, the log takes no more window. A boot's first window goes in a key
 * entry: its 8 header bytes and at least a byte for each word that is not 0, 58 to 66 bytes in
 * the simulated pod's runs. A pod sets its log-full flag where a window did not fit, and at boot
 * only where the log is filled to its last byte: a restarted pod whose log filled with a few
 * bytes left says it is not full until its next window fails.
 */
export const LOG_FREE_BYTES_FOR_NO_WINDOW = LOG_VARINTS_OFFSET + 16;

/**
 * The sample rate a log session is labelled with: the rate its recordingInfo says it was recorded
 * at (firmware 0.19 on). A log written by an older firmware holds no rate: then the rate the pod
 * says it is set to when its log is read (firmware 0.18 on), which it recorded at unless setRate
 * changed it since; an older firmware that is not recording says 0, so the board's default.
 */
export function logSessionRateHz(session: Pick<LogSession, 'rateHz'>, status: Pick<MessageByName<'status'>, 'rateHz'> | undefined, defaultRateHz: number): number {
  if (session.rateHz !== undefined) return session.rateHz;
  return status !== undefined && status.rateHz > 0 ? status.rateHz : defaultRateHz;
}

/** messages the pod writes to its log only, in message entries (LOG_KIND_CLOCK), never live */
export type LogOnlyMessage = MessageByName<'clock'> | MessageByName<'recordingInfo'>;

export function logOnlyMessage(m: Message | DecodeFailure): m is LogOnlyMessage {
  return m.type === 'clock' || m.type === 'recordingInfo';
}

/** the pod's log is full, by its status: its own flag, or too few bytes left for any window */
export function logFullByStatus(status: Pick<MessageByName<'status'>, 'flags' | 'storageFreeBytes'>): boolean {
  return (status.flags & STATUS_STORAGE_FULL) !== 0 || status.storageFreeBytes < LOG_FREE_BYTES_FOR_NO_WINDOW;
}

/**
 * What a pod's log still has room for, from its status's storageFreeBytes: about how many
 * windows, and the minutes of activity they hold (windows with no step are not logged)
 */
export function logRoom(storageFreeBytes: number): { windows: number; minutes: number } {
  const windows = Math.floor(storageFreeBytes / LOG_BYTES_PER_WINDOW_TYPICAL);
  return { windows, minutes: Math.floor((windows * DEFAULT_PIPELINE_SETTINGS.windowMs) / 60000) };
}

/** one logged window: where its entry starts in the log, and its two messages as sent live */
export interface LogWindowEntry {
  logOffset: number;
  bytes: Uint8Array;
  /** the summary and summaryForm decoded from bytes (any that did not decode left out) */
  messages: Message[];
}

/** log bytes that did not decode (flash written only in part, say): decoding went on at the next block */
export interface LogUndecodable {
  fromOffset: number;
  resumedAtOffset: number;
}

/**
 * A window's summary from the log that the pod wrote first after it restarted, where its clock
 * did not go back (the restart's boot had run longer than the one before it). The pod starts
 * every boot with a key entry; within a boot one stands only first in a block.
 */
export type LoggedAfterRestart = Message & { podRestarted?: true };

export interface LogEntriesDecoded {
  entries: LogWindowEntry[];
  /**
   * the summary and summaryForm messages of the window entries and the clock and recordingInfo
   * messages of the message entries, in log order (any that did not decode left out)
   */
  messages: Message[];
  /** the log offset of the entry each of `messages` came from */
  messageOffsets: number[];
  /** bytes taken up (whole entries, pads, stretches skipped): where the next bytes go on, relative to those given */
  usedBytes: number;
  undecodable: LogUndecodable[];
}

/**
 * A summary or summaryForm named across live and log copies and across restarts: the log holds
 * the message as sent, header included, so the two copies decode to the same fields. All of them
 * make the name, not only seq and pod time: a new boot numbers from 0 again, and its windows end
 * at nearly the same pod times as the boot before (a millisecond apart, measured). What hosts add
 * to a message (fromLog, boot, podRestarted) is no part of it.
 */
export function summaryMessageKey(m: Message): string {
  const { fromLog, boot, podRestarted, ...fields } = m as Message & { fromLog?: unknown; boot?: unknown; podRestarted?: unknown };
  return JSON.stringify(fields);
}

/**
 * Decodes log bytes in order. An entry other than a key is written against the entry before it,
 * so the decoder keeps that entry's words from one call to the next: feed it the log's bytes
 * from a block's start (logReadStart) or from where its last call stopped.
 */
export class LogDecoder {
  private readonly words = new Uint16Array(LOG_ENTRY_WORDS);
  private hasWords = false;
  /** the log offset of the last window entry decoded (-1: none, or not known since bytes were skipped) */
  private lastWindowOffset = -1;

  /** whole entries of `bytes`, which start at log offset `logOffset` */
  decode(bytes: Uint8Array, logOffset: number): LogEntriesDecoded {
    const decoded: LogEntriesDecoded = { entries: [], messages: [], messageOffsets: [], usedBytes: 0, undecodable: [] };
    let at = 0;
    for (;;) {
      const end = logEntryEnd(bytes, at, logOffset);
      if (end < 0 || end > bytes.length) break;
      const first = bytes[at];
      if (first === LOG_PAD) {
        at = end;
        continue;
      }
      const logOnly = first !== LOG_LEGACY_FIRST_BYTE && bytes[at + 1] === LOG_KIND_CLOCK
        ? decodeMessage(bytes, at + LOG_CLOCK_MESSAGE_OFFSET, end - at - LOG_CLOCK_MESSAGE_OFFSET) : undefined;
      if (logOnly !== undefined && logOnlyMessage(logOnly)) {
        // the words the next delta entry is written against stay as they are
        decoded.messages.push(logOnly);
        decoded.messageOffsets.push(logOffset + at);
        at = end;
        continue;
      }
      const window = logOnly !== undefined ? undefined : first === LOG_LEGACY_FIRST_BYTE ? this.legacy(bytes, at) : this.entry(bytes, at, end);
      if (window === undefined) {
        // nothing after a bad entry can be trusted until the next block's key entry
        const blockEnd = at + LOG_BLOCK_BYTES - ((logOffset + at) % LOG_BLOCK_BYTES);
        if (blockEnd > bytes.length) break;
        decoded.undecodable.push({ fromOffset: logOffset + at, resumedAtOffset: logOffset + blockEnd });
        this.hasWords = false;
        this.lastWindowOffset = -1;
        at = blockEnd;
        continue;
      }
      const messages: Message[] = [];
      for (const [from, length] of [[0, SUMMARY_MESSAGE_LENGTH], [SUMMARY_MESSAGE_LENGTH, LOG_WINDOW_MESSAGE_BYTES - SUMMARY_MESSAGE_LENGTH]]) {
        const message = decodeMessage(window, from, length);
        if (message.type !== 'decodeError') messages.push(message);
      }
      // a key entry in the block of the window before it: the pod restarted in between
      const offset = logOffset + at;
      const key = first !== LOG_LEGACY_FIRST_BYTE && bytes[at + 1] === LOG_KIND_KEY;
      if (key && this.lastWindowOffset >= 0 && Math.floor(this.lastWindowOffset / LOG_BLOCK_BYTES) === Math.floor(offset / LOG_BLOCK_BYTES) &&
        messages.length > 0 && messages[0].type === 'summary') {
        (messages[0] as LoggedAfterRestart).podRestarted = true;
      }
      this.lastWindowOffset = offset;
      decoded.entries.push({ logOffset: offset, bytes: window, messages });
      decoded.messages.push(...messages);
      for (let k = 0; k < messages.length; k++) decoded.messageOffsets.push(offset);
      at = end;
    }
    decoded.usedBytes = at;
    return decoded;
  }

  /** a firmware 0.2 entry: the messages themselves */
  private legacy(bytes: Uint8Array, at: number): Uint8Array {
    this.hasWords = false;
    return bytes.slice(at, at + LOG_WINDOW_MESSAGE_BYTES);
  }

  /** the window of the entry at bytes[at..end), or undefined when it is not a well-formed entry */
  private entry(bytes: Uint8Array, at: number, end: number): Uint8Array | undefined {
    const kind = bytes[at + 1];
    const length = end - at;
    if (length < LOG_VARINTS_OFFSET || length > LOG_ENTRY_MAX_BYTES) return undefined;
    if (kind !== LOG_KIND_KEY && !(kind === LOG_KIND_DELTA && this.hasWords)) return undefined;
    const words = kind === LOG_KIND_KEY ? new Uint16Array(LOG_ENTRY_WORDS) : this.words.slice();
    let p = at + LOG_VARINTS_OFFSET;
    for (let i = 0; i < LOG_ENTRY_WORDS; i++) {
      if ((bytes[at + LOG_BITMAP_OFFSET + (i >> 3)] & (1 << (i & 7))) === 0) continue;
      let z = 0;
      for (let shift = 0; ; shift += 7) {
        if (p >= end || shift > 14) return undefined;
        const b = bytes[p++];
        z += (b & 0x7f) * 2 ** shift;
        if (b < 0x80) break;
      }
      if (z > 0xffff) return undefined;
      // a key's varint is the word; a delta's is the zigzagged change
      words[i] = kind === LOG_KIND_KEY ? z : words[i] + (z & 1 ? -(z + 1) / 2 : z / 2);
    }
    if (p !== end) return undefined;
    this.words.set(words);
    this.hasWords = true;
    // the words stored relative to another of the window: in list order, each reference is restored first
    for (let k = 0; k < LOG_RELATIVE_WORDS.length; k += 2) words[LOG_RELATIVE_WORDS[k]] += words[LOG_RELATIVE_WORDS[k + 1]];
    const window = new Uint8Array(LOG_WINDOW_MESSAGE_BYTES);
    for (let i = 0; i < LOG_ENTRY_WORDS; i++) {
      window[2 * i] = words[i] & 0xff;
      window[2 * i + 1] = words[i] >> 8;
    }
    return window;
  }
}

/** every window of a whole log read from offset 0 */
export function logEntriesDecode(log: Uint8Array): LogEntriesDecoded {
  return new LogDecoder().decode(log, 0);
}

/** a wall clock a host gave the pod (setClock): ms since the epoch at a pod time of the same boot */
export interface LogClock {
  deviceTimeMs: number;
  epochMs: number;
}

/**
 * one session of the pod in its log: its summaries and summaryForms, how many restarts came
 * before it, a wall clock logged in its boot, if any, and the rate its recordingInfo gives
 * (firmware 0.19 on)
 */
export interface LogSession {
  messages: Message[];
  boot: number;
  clock?: LogClock;
  rateHz?: number;
}

/**
 * For each log message, whether the pod restarted just before it: where its clock went back (it
 * starts at 0 on every boot), or before a window the log marks (LoggedAfterRestart) and the
 * message entries written right before that window (the pod writes a clock or a recordingInfo
 * only just before a window)
 */
export function logRestartMarks(messages: Message[]): boolean[] {
  const marks = messages.map(() => false);
  let lastTimeMs = -1;
  for (let i = 0; i < messages.length; i++) {
    const m = messages[i];
    if (m.type !== 'summary' && !logOnlyMessage(m)) continue;
    if (m.deviceTimeMs < lastTimeMs) marks[i] = true;
    lastTimeMs = m.deviceTimeMs;
    if ((m as LoggedAfterRestart).podRestarted !== true) continue;
    let first = i;
    while (first > 0 && logOnlyMessage(messages[first - 1])) first--;
    marks[first] = true;
  }
  return marks;
}

/**
 * the log's summaries and summaryForms cut into the pod's sessions, in log order; clock entries
 * date their boot's sessions. A recordingInfo starts a session (firmware 0.19 on); a log without
 * them is cut where the pod restarted or its window count went back.
 */
export function logSessions(messages: Message[]): LogSession[] {
  const sessions: LogSession[] = [];
  const clocks: LogClock[] = [];
  const restarts = logRestartMarks(messages);
  let boot = 0;
  let last: MessageByName<'summary'> | undefined;
  let recordingInfo: MessageByName<'recordingInfo'> | undefined;
  for (let i = 0; i < messages.length; i++) {
    const m = messages[i];
    if (m.type === 'summary' || logOnlyMessage(m)) {
      if (restarts[i]) {
        boot++;
        last = undefined;
      }
      if (m.type === 'clock') {
        // the pod's clock runs on through its boot: one clock dates every session of it, before and after
        clocks[boot] = { deviceTimeMs: m.deviceTimeMs, epochMs: m.epochS * 1000 + m.epochMs };
        continue;
      }
      if (m.type === 'recordingInfo') {
        // its recording's first window follows (a full log may have taken none of them)
        recordingInfo = m;
        last = undefined;
        continue;
      }
      // a new session where the pod restarted or started recording again: its window count went
      // back, or, where the new recording's first windows held no step and were not logged, its
      // windows began later by the pod's clock than the last one's recording could account for
      if (last === undefined || m.index <= last.index || summaryOfNewRecording(last, m)) {
        sessions.push(recordingInfo === undefined ? { messages: [], boot } : { messages: [], boot, rateHz: recordingInfo.rateHz });
        recordingInfo = undefined;
      }
      last = m;
    }
    if (sessions.length > 0) sessions[sessions.length - 1].messages.push(m);
  }
  for (const session of sessions) if (clocks[session.boot] !== undefined) session.clock = clocks[session.boot];
  return sessions;
}

/** the wall time (ms since the epoch) of pod time `deviceTimeMs` in a session, from the clock logged in its boot; undefined without one */
export function logSessionClockMs(session: LogSession, deviceTimeMs: number): number | undefined {
  return session.clock === undefined ? undefined : session.clock.epochMs + (deviceTimeMs - session.clock.deviceTimeMs);
}

/**
 * The host's time (ms since the epoch) of pod time `deviceTimeMs` in session `index`: from the
 * clock logged in its boot, or else from where the pod's clock stood when the host last heard it
 * (`podNowMs` at `hostNowMs`); undefined for a session of an earlier boot without a logged clock,
 * or when the pod restarted after its last entry: the pod's clock gives wall time only for the
 * boot it still runs
 */
export function logSessionHostMs(sessions: LogSession[], index: number, deviceTimeMs: number, podNowMs: number, hostNowMs: number): number | undefined {
  const dated = logSessionClockMs(sessions[index], deviceTimeMs);
  if (dated !== undefined) return dated;
  const lastSession = sessions[sessions.length - 1];
  const lastLogged = lastSession.messages[lastSession.messages.length - 1];
  if (lastLogged.deviceTimeMs > podNowMs || sessions[index].boot !== lastSession.boot) return undefined;
  return hostNowMs - (podNowMs - deviceTimeMs);
}
