// The pod's summary log as the host gets it back (readLog): entries back to back, each a summary
// message then its summaryForm, exactly as they were sent live, headers included. Hosts join the
// logChunks by logOffset and decode whole entries with this; a part of an entry at the end waits
// for the rest.
import { DEFAULT_PIPELINE_SETTINGS } from '../../firmware/core/pipeline';
import { decodeMessage, Message } from '../../firmware/protocol/codec';
import { SUMMARY_FORM_MESSAGE_LENGTH, SUMMARY_MESSAGE_LENGTH } from '../../firmware/protocol/podEncoders';

/** bytes of one log entry */
export const LOG_ENTRY_BYTES = SUMMARY_MESSAGE_LENGTH + SUMMARY_FORM_MESSAGE_LENGTH;

/**
 * What a pod's log still has room for, from its status's storageFreeBytes: whole windows, and
 * the minutes of activity they hold (windows with no step are not logged)
 */
export function logRoom(storageFreeBytes: number): { windows: number; minutes: number } {
  const windows = Math.floor(storageFreeBytes / LOG_ENTRY_BYTES);
  return { windows, minutes: Math.floor((windows * DEFAULT_PIPELINE_SETTINGS.windowMs) / 60000) };
}

export interface LogEntriesDecoded {
  /** the summary and summaryForm messages of the whole entries, in log order (any that did not decode left out) */
  messages: Message[];
  /** bytes of the whole entries decoded: where the next read goes on, relative to the bytes given */
  usedBytes: number;
}

/**
 * A summary or summaryForm named across live and log copies and across restarts: the log holds
 * the message as sent, header included, and a new boot numbers from 0 again at other pod times.
 */
export function summaryMessageKey(m: Message): string {
  return `${m.type}:${m.seq}@${m.deviceTimeMs}`;
}

export function logEntriesDecode(log: Uint8Array): LogEntriesDecoded {
  const messages: Message[] = [];
  let used = 0;
  while (used + LOG_ENTRY_BYTES <= log.length) {
    for (const length of [SUMMARY_MESSAGE_LENGTH, SUMMARY_FORM_MESSAGE_LENGTH]) {
      const message = decodeMessage(log, used, length);
      if (message.type !== 'decodeError') messages.push(message);
      used += length;
    }
  }
  return { messages, usedBytes: used };
}

/** one session of the pod in its log: its summaries and summaryForms, and how many restarts came before it */
export interface LogSession {
  messages: Message[];
  boot: number;
}

/** the log's summaries and summaryForms cut into the pod's sessions, in log order */
export function logSessions(messages: Message[]): LogSession[] {
  const sessions: LogSession[] = [];
  let boot = 0;
  let last: { deviceTimeMs: number; index: number } | undefined;
  for (const m of messages) {
    if (m.type === 'summary') {
      const restarted = last !== undefined && m.deviceTimeMs < last.deviceTimeMs;
      if (restarted) boot++;
      if (last === undefined || restarted || m.index <= last.index) sessions.push({ messages: [], boot });
      last = { deviceTimeMs: m.deviceTimeMs, index: m.index };
    }
    if (sessions.length > 0) sessions[sessions.length - 1].messages.push(m);
  }
  return sessions;
}

/**
 * The host's time (ms since the epoch) of pod time `deviceTimeMs` in session `index`, from where
 * the pod's clock stood when the host last heard it (`podNowMs` at `hostNowMs`); undefined for a
 * session of an earlier boot, or when the pod restarted after its last entry: the pod's clock
 * gives wall time only for the boot it still runs
 */
export function logSessionHostMs(sessions: LogSession[], index: number, deviceTimeMs: number, podNowMs: number, hostNowMs: number): number | undefined {
  const lastSession = sessions[sessions.length - 1];
  const lastLogged = lastSession.messages[lastSession.messages.length - 1];
  if (lastLogged.deviceTimeMs > podNowMs || sessions[index].boot !== lastSession.boot) return undefined;
  return hostNowMs - (podNowMs - deviceTimeMs);
}
