// What a report reads from a recording: the pod's steps and window summaries (summary and
// summaryForm joined by index), its error messages, the link events and the last status, with
// integer fields in the units core gives them (firmware/core/stepRecord.ts, summaryRecord.ts).
import { StepRecord, stepRecordCreate } from '../../firmware/core/stepRecord';
import { SummaryRecord, summaryRecordCreate } from '../../firmware/core/summaryRecord';
import {
  PodRecording, PodRecordingLine, podRecordingBootOffsetsMs, podRecordingLineBoot, PodRecordingMeta,
} from '../recording/podRecordingModel';

/** one window: both halves of the pod's summary; `formMissing` when summaryForm never arrived */
export interface ReportWindow extends SummaryRecord {
  formMissing: boolean;
}

/** a pod error message (code as in docs/protocol.md, ERROR_*) */
export interface ReportPodError {
  receivedMs: number;
  deviceTimeMs: number;
  code: number;
  detail: number;
  /** a step or window summary came before it in messages.ndjson */
  afterData: boolean;
}

/** a link event line: frameError, decodeError, sequenceGap, duplicate, sampleGap, disconnect, reconnect */
export interface ReportLinkEvent {
  receivedMs: number;
  event: string;
  /** why, for the events that say (frameError, sessionError, reopenFailed) */
  reason?: string;
}

export interface ReportData {
  dir: string;
  meta: PodRecordingMeta;
  /** steps in time order, one per pod step (its index and boot); times on the recording's clock */
  steps: StepRecord[];
  /** windows in time order, one per pod window (its index and boot); times on the recording's clock */
  windows: ReportWindow[];
  podErrors: ReportPodError[];
  linkEvents: ReportLinkEvent[];
  /** the pod's last status flags (STATUS_*), undefined when no status arrived */
  lastStatusFlags: number | undefined;
  /** summaries and summary forms lost on the line and read back from the pod's log */
  summariesReadBack: number;
  /**
   * where the steps and windows come from: the pod, the host's replay of the raw samples (raw
   * only), or both (raw only, but the pod restarted and detected by itself until set back to it)
   */
  detectedBy: 'pod' | 'replay' | 'podAndReplay';
  /** what was wrong in the files but could be read past, in words */
  problems: string[];
  /**
   * the end of the last raw sample on the recording's clock (one period after it), where raw.csv
   * holds samples: a recording lasts that long though its last window, without a step, was never summarised
   */
  rawEndMs?: number;
}

const SUMMARY_FORM_FIELDS: ReadonlyArray<keyof SummaryRecord> = [
  'brakingMms', 'brakingPeakMg', 'dropLeftCdeg', 'dropRightCdeg', 'rotationCdeg', 'tiltRangeCdeg', 'leanCdeg',
  'gctBalanceLeftPct100', 'stepBalanceLeftPct100', 'dropBalanceLeftPct100', 'stepTimeCvPct100', 'contactCvPct100',
  'dropCvPct100', 'leanDriftCdeg', 'dropDriftCdeg', 'voDriftMm', 'contactDriftMs',
];

/** the numeric fields of `template` read from `line`; undefined when one is missing or not a number */
function numericFields<T extends object>(line: PodRecordingLine, template: T, fields: ReadonlyArray<keyof T>): T | undefined {
  const out = { ...template };
  for (const field of fields) {
    const value = line[field as string];
    if (typeof value !== 'number' || !Number.isFinite(value)) return undefined;
    (out as { [key: string]: number })[field as string] = value;
  }
  return out;
}

const STEP_FIELDS = Object.keys(stepRecordCreate()) as Array<keyof StepRecord>;
const SUMMARY_FIELDS = (Object.keys(summaryRecordCreate()) as Array<keyof SummaryRecord>).filter(
  (field) => field === 'index' || !SUMMARY_FORM_FIELDS.includes(field),
);

/**
 * The report's view of a recording: duplicates (same step or window index from the same boot of
 * the pod) kept once, bad lines counted. A pod that restarted numbers its steps and windows and
 * starts its clock afresh: each boot's times are moved to where it starts on the recording's clock.
 */
export function reportDataOf(recording: PodRecording): ReportData {
  const problems = recording.problems.slice();
  const stepsByIndex = new Map<string, StepRecord>();
  const windowsByIndex = new Map<string, ReportWindow>();
  const forms = new Map<string, PodRecordingLine>();
  const bootOffsetsMs = podRecordingBootOffsetsMs(recording);
  const keyOf = (line: PodRecordingLine, index: number): string => `${podRecordingLineBoot(line)}:${index}`;
  const shiftMs = (line: PodRecordingLine, ms: number): number => Math.round(ms + bootOffsetsMs[podRecordingLineBoot(line)]);
  const podErrors: ReportPodError[] = [];
  const linkEvents: ReportLinkEvent[] = [];
  let lastStatusFlags: number | undefined;
  let summariesReadBack = 0;
  let badLines = 0;
  for (const line of recording.lines) {
    if (line === null || typeof line !== 'object') {
      badLines++;
      continue;
    }
    if (line.fromLog === true && (line.type === 'summary' || line.type === 'summaryForm')) summariesReadBack++;
    switch (line.type) {
      case 'step': {
        const step = numericFields(line, stepRecordCreate(), STEP_FIELDS);
        if (step === undefined) badLines++;
        else if (!stepsByIndex.has(keyOf(line, step.index))) stepsByIndex.set(keyOf(line, step.index), { ...step, tMs: shiftMs(line, step.tMs) });
        break;
      }
      case 'summary': {
        const summary = numericFields(line, summaryRecordCreate(), SUMMARY_FIELDS);
        if (summary === undefined) badLines++;
        else if (!windowsByIndex.has(keyOf(line, summary.index))) {
          windowsByIndex.set(keyOf(line, summary.index), {
            ...summary, startMs: shiftMs(line, summary.startMs), endMs: shiftMs(line, summary.endMs), formMissing: true,
          });
        }
        break;
      }
      case 'summaryForm': {
        const index = line.index;
        if (typeof index === 'number' && !forms.has(keyOf(line, index))) forms.set(keyOf(line, index), line);
        break;
      }
      case 'error':
        if (typeof line.code === 'number') {
          podErrors.push({
            receivedMs: Number(line.receivedMs) || 0, deviceTimeMs: Number(line.deviceTimeMs) || 0,
            code: line.code, detail: Number(line.detail) || 0, afterData: stepsByIndex.size > 0 || windowsByIndex.size > 0,
          });
        }
        break;
      case 'status':
        if (typeof line.flags === 'number') lastStatusFlags = line.flags;
        break;
      case 'linkEvent':
        linkEvents.push({
          receivedMs: Number(line.receivedMs) || 0, event: String(line.event),
          ...(typeof line.reason === 'string' ? { reason: line.reason } : {}),
        });
        break;
      default:
        break;
    }
  }
  const windows: ReportWindow[] = [];
  for (const [key, window] of windowsByIndex) {
    windows.push(window);
    const form = forms.get(key);
    if (form === undefined) continue;
    const fields = numericFields(form, window, SUMMARY_FORM_FIELDS);
    if (fields === undefined) {
      badLines++;
      continue;
    }
    Object.assign(window, fields, { formMissing: false });
  }
  const missingForms = windows.filter((w) => w.formMissing).length;
  if (missingForms > 0) problems.push(`${missingForms} window summar${missingForms === 1 ? 'y has' : 'ies have'} no second half (summaryForm): their pelvic metrics are left out`);
  if (badLines > 0) problems.push(`${badLines} message line${badLines === 1 ? '' : 's'} with missing or non-numeric fields skipped`);
  return {
    dir: recording.dir,
    meta: recording.meta,
    steps: Array.from(stepsByIndex.values()).sort((a, b) => a.tMs - b.tMs || a.index - b.index),
    windows: windows.sort((a, b) => a.startMs - b.startMs || a.index - b.index),
    podErrors,
    linkEvents,
    lastStatusFlags,
    summariesReadBack,
    detectedBy: 'pod',
    problems,
    ...(recording.sampleIndex.length > 0 ? { rawEndMs: Math.round(((recording.sampleIndex[recording.sampleIndex.length - 1] + 1) * 1000) / recording.meta.sampleRateHz) } : {}),
  };
}
