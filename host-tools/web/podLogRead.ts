// The pod's whole summary log read over BLE on the runner's request (a run made with the pod
// alone, no phone listening): its entries in log order, the stretches that could not be read, and
// the pod's sessions in it, for the page and for download. Kept apart from the live session's
// record, which only takes back the windows it missed. No DOM here.
import { Message, MessageByName } from '../../firmware/protocol/codec';
import { logFullByStatus, logSessionClockMs, logSessionHostMs, LogSession, logSessions } from '../protocol/logEntries';
import { LogGap, LogReadStep } from '../protocol/logReader';
import { localMinute } from '../protocol/wallClock';

export type PodLogState = 'reading' | 'done' | 'gaveUp';

/** where the pod's clock stood on the host's: a status and when it arrived (ms since the epoch) */
export interface PodClockAnchor {
  status: MessageByName<'status'>;
  hostTimeMs: number;
}

export class PodLogRead {
  state: PodLogState = 'reading';
  /** the summaries, summaryForms and clocks read, in log order */
  readonly messages: Message[] = [];
  /** stretches of the log that could not be read, even when asked again */
  readonly gaps: LogGap[] = [];
  /** the log's length when the read got to its end (-1 before) */
  endOffset = -1;
  /**
   * the pod said its log was full while it held what this read got (from the status before the
   * read to the clear): the windows it made after the log filled were not logged, so the last
   * session read ends where it filled
   */
  logFull = false;
  /** the pod erased its log after this read: what was read is all there is of it */
  cleared = false;
  /** `sessions`, cut once per change of `messages` (the page asks on every notification) */
  private sessionsCut: LogSession[] | undefined;

  /** one step of the log reader; `nextOffset` is where it got to, for a read given up */
  take(step: LogReadStep, nextOffset: number): void {
    for (const m of step.messages) this.messages.push(m);
    if (step.messages.length > 0) this.sessionsCut = undefined;
    this.gaps.push(...step.gaps);
    if (step.ended === 'gaveUp') this.gaps.push({ fromOffset: nextOffset, resumedAtOffset: -1 });
    if (step.ended === 'done') this.endOffset = nextOffset;
    if (step.ended !== '') this.state = step.ended;
  }

  /** a status of the pod: whether its log is full, up to the clear, which empties it and takes the flag with it */
  podStatus(status: MessageByName<'status'>): void {
    if (!this.cleared && logFullByStatus(status)) this.logFull = true;
  }

  /** read to the end with nothing missing: only then may the log on the pod be cleared */
  get complete(): boolean {
    return this.state === 'done' && this.gaps.length === 0;
  }

  /** whether a log `storageUsedBytes` long (a status's) holds nothing this read has not got */
  coversLogOf(storageUsedBytes: number): boolean {
    return this.complete && storageUsedBytes === this.endOffset;
  }

  get sessions(): LogSession[] {
    if (this.sessionsCut === undefined) this.sessionsCut = logSessions(this.messages);
    return this.sessionsCut;
  }

  get windows(): number {
    return this.messages.filter((m) => m.type === 'summary').length;
  }
}

/** the median of the running cadences of a session's windows, spm (0: no running window) */
function runningCadenceSpm(session: LogSession): number {
  const cadences = session.messages
    .filter((m): m is Extract<Message, { type: 'summary' }> => m.type === 'summary' && m.cadenceSpm > 0)
    .map((m) => m.cadenceSpm)
    .sort((a, b) => a - b);
  return cadences.length === 0 ? 0 : cadences[cadences.length >> 1];
}

/** what the read found, in a line for the page */
export function podLogText(read: PodLogRead, windowMs: number): string {
  const windows = read.windows;
  if (read.state === 'reading') return `reading the pod's log: ${windows} windows so far`;
  const sessions = read.sessions;
  const parts = sessions.map((session, i) => {
    const n = session.messages.filter((m) => m.type === 'summary').length;
    const cadence = runningCadenceSpm(session);
    const startMs = logSessionClockMs(session, session.messages[0].deviceTimeMs);
    return `session ${i + 1}${startMs === undefined ? '' : ` (${localMinute(startMs)})`}: ${n} windows (${Math.round((n * windowMs) / 60000)} min)${cadence > 0 ? `, running ${cadence} spm` : ''}`;
  });
  const missing = read.gaps.length > 0 ? '; part of the log could not be read (see the download)' : '';
  return `${windows} windows in ${sessions.length} session${sessions.length === 1 ? '' : 's'}${parts.length > 0 ? ': ' + parts.join('; ') : ''}${missing}${podLogFullText(read)}`;
}

/** what a full log, and a clear, mean for what was read */
function podLogFullText(read: PodLogRead): string {
  const cleared = read.cleared ? 'the log is cleared now' : '';
  if (!read.logFull) return cleared === '' ? '' : `; ${cleared}`;
  const last = read.sessions.length;
  const missing = last > 0 ? `the end of session ${last} is missing` : 'nothing more was kept';
  return `. The pod's log ${read.cleared ? 'was' : 'is'} full: ${missing} (what the pod measured after its log filled was not kept)` +
    `${read.cleared ? `; ${cleared}` : '. Clear the log once it is downloaded, to make room for the next run'}`;
}

/**
 * The log as NDJSON: each summary and summaryForm with its session (from 1) and boot, and its
 * wall time (`wallTimeMs`, ms since the epoch) where it is known: from the clock logged in its
 * boot, or, for the boot the pod still runs, from where the pod's clock stood on the host's
 * (`anchor`); then the gaps, and a `logFull` line naming the session a full log cut short.
 */
export function podLogNdjson(read: PodLogRead, anchor?: PodClockAnchor): string {
  let out = '';
  const sessions = read.sessions;
  sessions.forEach((session, i) => {
    for (const m of session.messages) {
      const wallTimeMs = anchor !== undefined
        ? logSessionHostMs(sessions, i, m.deviceTimeMs, anchor.status.deviceTimeMs, anchor.hostTimeMs)
        : logSessionClockMs(session, m.deviceTimeMs);
      out += JSON.stringify({ session: i + 1, boot: session.boot, ...(wallTimeMs !== undefined ? { wallTimeMs } : {}), ...m }) + '\n';
    }
  });
  for (const gap of read.gaps) out += JSON.stringify({ type: 'logGap', ...gap }) + '\n';
  if (read.logFull) out += JSON.stringify({ type: 'logFull', session: sessions.length }) + '\n';
  return out;
}
