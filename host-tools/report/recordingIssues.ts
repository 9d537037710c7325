// What went wrong while recording, in words, for the report: gaps in the raw samples and link
// counters from recording.json, an unfinished session, the pod's error messages, link events,
// and lines the reader had to skip. Empty when the recording is clean. Steps marked afterGap are
// not listed: the pod's samplesLost errors and counters already say so (and core marks the
// first running step of a session afterGap too).
import { STEP_SATURATED } from '../../firmware/core/stepRecord';
import {
  ERROR_BAD_FRAME, ERROR_BATTERY_LOW, ERROR_NO_MEMORY, ERROR_RESTARTED, ERROR_SAMPLES_LOST, ERROR_STORAGE,
} from '../../firmware/protocol/messageIds';
import { PodRecordingCounters } from '../recording/podRecordingModel';
import { clockOf, plural } from './reportFormat';
import { ReportData } from './reportData';

export interface RecordingIssue {
  /** where it happened on the recording's clock ('' when it applies to the whole recording) */
  at: string;
  what: string;
}

const GAP_CAUSES: { [cause: string]: string } = {
  pod: 'lost on the pod (IMU FIFO overrun)',
  link: 'lost on the link',
  disconnect: 'the pod was disconnected',
  rate: 'sent at another rate than the recording\'s (the pod restarted at the rate its flash keeps, before it was set to the session\'s again)',
  disk: 'not written: the disk of the computer recording was full (the recording ends here)',
  file: 'not read: their lines in raw.csv were damaged after the recording (not numbers, an index that neither its time nor the lines around it vouch for, repeated, or far out of order) and dropped',
  restart: 'the pod restarted, or its recording was stopped and started again by its button (its samples after it count on from here, the time in between estimated on the host clock)',
};

/** each counter: what one of it is, and what several are */
const COUNTER_WORDS: Array<[keyof PodRecordingCounters, string, string]> = [
  ['frameErrors', 'frame failed its CRC or framing on the host', 'frames failed their CRC or framing on the host'],
  ['decodeErrors', 'frame could not be decoded', 'frames could not be decoded'],
  ['missingMessages', 'message missing (sequence gap)', 'messages missing (sequence gaps)'],
  ['recoveredMessages', 'message lost on the link was read back from the pod\'s log (a window summary or its form)', 'messages lost on the link were read back from the pod\'s log (window summaries and their forms)'],
  ['duplicates', 'duplicate message dropped', 'duplicate messages dropped'],
  ['disconnects', 'disconnect', 'disconnects'],
  ['podDroppedSamples', 'sample the pod reported lost', 'samples the pod reported lost'],
  ['podFramesBad', 'bad frame the pod received', 'bad frames the pod received'],
  ['podCommandsRejected', 'command the pod rejected', 'commands the pod rejected'],
];

/** a session the pod's full log cut short (its logFull event): what is missing, and what to do about it */
export const LOG_FULL_WORDS = 'the end of this run is missing: the pod\'s log was full, so nothing the pod measured after the last window here was kept ' +
  '(nor any run made after it before the log was cleared). Clear the pod\'s log once it is downloaded (lumbarpod log --clear, ' +
  'or "Clear the pod\'s log" in the dashboard) so that the next run fits';

function podErrorWords(code: number, detail: number): string {
  switch (code) {
    case ERROR_BAD_FRAME: return `the pod received a bad frame (${detail} so far)`;
    case ERROR_SAMPLES_LOST: return `the pod lost ${detail} IMU samples`;
    case ERROR_STORAGE: return `the pod's log took no more: window ${detail} and those after it are not in it`;
    case ERROR_BATTERY_LOW: return `battery low (${detail} %)`;
    case ERROR_RESTARTED: return 'the pod restarted mid-session';
    case ERROR_NO_MEMORY: return `the pod did not start recording: its step detector would have left it too little RAM (${detail} blocks free)`;
    default: return `pod error code ${code} (detail ${detail})`;
  }
}

export function recordingIssuesOf(data: ReportData): RecordingIssue[] {
  const issues: RecordingIssue[] = [];
  const meta = data.meta;
  const rateHz = meta.sampleRateHz > 0 ? meta.sampleRateHz : 0;
  if (meta.complete !== true) issues.push({ at: '', what: 'the session did not end cleanly (recording.json says complete: false): the report shows what was received' });
  if (meta.endedBy === 'disconnect') issues.push({ at: '', what: 'the session ended because the pod disconnected' });
  if (meta.endedBy === 'error') {
    // recording.json says why (a full disk may have left messages.ndjson no room for the event)
    const reason = typeof meta.failure === 'string' && meta.failure !== '' ? meta.failure : data.linkEvents.filter((e) => e.event === 'sessionError').pop()?.reason;
    issues.push({ at: '', what: `the session failed${reason !== undefined ? `: ${reason}` : ''}` });
  }
  for (const gap of Array.isArray(meta.gaps) ? meta.gaps : []) {
    const at = rateHz > 0 ? clockOf((gap.fromSample * 1000) / rateHz) : `sample ${gap.fromSample}`;
    const length = rateHz > 0 ? ` (${((gap.missingSamples * 1000) / rateHz / 1000).toFixed(2)} s)` : '';
    issues.push({ at, what: `gap in the raw samples: ${plural(gap.missingSamples, 'sample')}${length} missing, ${GAP_CAUSES[gap.cause] || gap.cause}` });
  }
  const counters = meta.counters || ({} as Partial<PodRecordingCounters>);
  for (const [key, one, many] of COUNTER_WORDS) {
    const n = counters[key];
    if (!(typeof n === 'number' && n > 0)) continue;
    // the summaries among them are in the recording all the same: the pod's log gave them (a
    // recording that counts those apart, in recoveredMessages, has none among them)
    const readBack = key === 'missingMessages' && counters.recoveredMessages === undefined && data.summariesReadBack > 0
      ? `; ${Math.min(n, data.summariesReadBack)} of them, window summaries, read back from the pod's log` : '';
    issues.push({ at: '', what: `${n} ${n === 1 ? one : many}${readBack}` });
  }
  // the pod reports "restarted" once at power-up: only a restart after data arrived is an issue
  for (const error of data.podErrors) {
    if (error.code === ERROR_RESTARTED && !error.afterData) continue;
    // when the host heard it: the pod's own clock counts from its boot, not from the session's start
    issues.push({ at: clockOf(error.receivedMs), what: podErrorWords(error.code, error.detail) });
  }
  const eventCounts = new Map<string, number>();
  for (const event of data.linkEvents) {
    if (event.event === 'logFull') continue;
    eventCounts.set(event.event, (eventCounts.get(event.event) || 0) + 1);
  }
  if (data.linkEvents.some((e) => e.event === 'logFull')) issues.push({ at: '', what: LOG_FULL_WORDS });
  for (const [event, n] of eventCounts) issues.push({ at: '', what: `${n} link event${n === 1 ? '' : 's'} "${event}" in messages.ndjson` });
  const saturated = data.steps.filter((s) => (s.quality & STEP_SATURATED) !== 0).length;
  if (saturated > 0) issues.push({ at: '', what: `${saturated} step${saturated === 1 ? '' : 's'} saturated the IMU: their load metrics are left out` });
  for (const problem of data.problems) issues.push({ at: '', what: problem });
  return issues;
}

