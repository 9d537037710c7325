// Events of a pod recording for the Motion-BIDS events.tsv: every step the pod detected (initial
// contact, side, contact time; for a raw-only recording, where the pod gave none, the steps its
// detector gives here, marked so) and every stretch of samples missing from motion.tsv. Onsets are
// seconds from the first row of motion.tsv, on the pod's sample clock (sample index / rate).
import { PodRecording, podRecordingBootOffsetsMs, podRecordingLineBoot } from '../recording/podRecording';
import { rawOnlyReplay } from '../replay/rawOnlyReplay';

export interface MotionEvent {
  /** s from the first motion.tsv row; a step's contact can be extrapolated a few ms before it */
  onsetS: number;
  /** s, undefined = n/a */
  durationS: number | undefined;
  trialType: 'step' | 'samples_missing';
  /** motion.tsv row (0-based) the onset falls in, undefined before the first row */
  sample: number | undefined;
  side: 'left' | 'right' | 'n/a';
  kind: 'running' | 'walking' | 'n/a';
  /** why samples are missing (pod FIFO overrun, link loss, disconnect) */
  cause: string;
  /** a step: found by the pod as it ran, or by its detector run over the raw samples here (raw only) */
  detectedBy: 'pod' | 'replay' | 'n/a';
}

/** a step of the recording, its time (ms) on the recording's sample clock */
export interface RecordingStep {
  tMs: number;
  contactMs: number;
  side: number;
  kind: number;
  detectedBy: 'pod' | 'replay';
}

/** a column of events.tsv with its events.json description */
export interface EventColumn {
  name: string;
  description: string;
  levels?: { [level: string]: string };
  units?: string;
}

/** the columns of events.tsv, in order, with their events.json descriptions for a pod recording */
export const EVENT_COLUMNS: EventColumn[] = [
  { name: 'onset', description: 'Time of the event from the first sample of the motion recording, on the pod\'s sample clock (sample index / sampling frequency); a step\'s initial contact can be extrapolated a few ms before the first sample.', units: 's' },
  { name: 'duration', description: 'Ground contact time of a running step (initial contact to toe-off); length of a stretch of missing samples; n/a for walking steps.', units: 's' },
  {
    name: 'trial_type', description: 'What happened.', levels: {
      step: 'Initial contact of a foot, detected by the LumbarPod firmware from the lower-back IMU: on the pod, or, for a recording made with the pod\'s detector off (raw only), by the same firmware core run over the raw samples when exporting.',
      samples_missing: 'Samples lost (pod FIFO overrun, serial link loss, disconnect), or damaged in the recording\'s files: the rows of the motion file in this interval are n/a.',
    },
  },
  { name: 'sample', description: 'Row of the motion file (0-based) in which the onset falls; n/a before the first row.' },
  { name: 'side', description: 'Foot in contact for a step as the pod classified it.', levels: { left: 'left foot', right: 'right foot', 'n/a': 'not known, or not a step' } },
  { name: 'kind', description: 'Kind of step.', levels: { running: 'contact bracketed by flight phases', walking: 'no flight phase', 'n/a': 'not a step' } },
  { name: 'cause', description: 'For missing samples: pod (the IMU FIFO overran), link (frames lost on the way), disconnect (the pod was away), restart (the pod restarted), disk (sent after the recording computer\'s disk was full: the recording ends there), file (their lines in the recording\'s raw.csv were damaged after the recording and could not be read).' },
  {
    name: 'detected_by', description: 'Where a step was detected.', levels: {
      pod: 'by the pod as it ran',
      replay: 'by the same firmware core run over the raw samples when exporting, where the pod recorded with its detector off (raw only)',
      'n/a': 'not a step',
    },
  },
];

const SIDES: { [code: number]: MotionEvent['side'] } = { 0: 'left', 1: 'right' };
const KINDS: { [code: number]: MotionEvent['kind'] } = { 0: 'walking', 1: 'running' };

/**
 * The steps of a recording in time order, their times (ms) on the recording's sample clock: the
 * pod's own, and for a raw-only recording those its detector gives run over the raw samples here,
 * for every boot of the pod that has none of its own (rawOnlyReplay).
 */
export function recordingSteps(recording: PodRecording): RecordingStep[] {
  const bootOffsetsMs = podRecordingBootOffsetsMs(recording);
  const steps: RecordingStep[] = [];
  for (const line of recording.lines) {
    if (line.type !== 'step' || typeof line.tMs !== 'number') continue;
    // tMs is on core's clock: ms since the pod's sample 0, gaps included (of its boot, after a restart)
    steps.push({
      tMs: line.tMs + bootOffsetsMs[podRecordingLineBoot(line)], contactMs: typeof line.contactMs === 'number' ? line.contactMs : 0,
      side: line.side as number, kind: line.kind as number, detectedBy: 'pod',
    });
  }
  for (const step of rawOnlyReplay(recording).steps) {
    steps.push({ tMs: step.tMs, contactMs: step.contactMs, side: step.side, kind: step.kind, detectedBy: 'replay' });
  }
  return steps.sort((a, b) => a.tMs - b.tMs);
}

/** the motion.tsv row (0-based) an onset (s from row 0) falls in on a grid of `rows` at `rateHz`; undefined outside it */
export function motionRowOf(onsetS: number, rateHz: number, rows: number): number | undefined {
  const row = Math.floor(onsetS * rateHz + 1e-9);
  return row >= 0 && row < rows ? row : undefined;
}

/** a step as an event, its onset `onsetS` s from row 0 */
export function stepEvent(step: RecordingStep, onsetS: number, sample: number | undefined): MotionEvent {
  return {
    onsetS, durationS: step.contactMs > 0 ? step.contactMs / 1000 : undefined, trialType: 'step', sample,
    side: SIDES[step.side] ?? 'n/a', kind: KINDS[step.kind] ?? 'n/a', cause: 'n/a', detectedBy: step.detectedBy,
  };
}

/** a stretch of missing samples as an event: from `onsetS` s for `durationS`, lost for `cause` */
export function samplesMissingEvent(onsetS: number, durationS: number, cause: string, sample: number | undefined): MotionEvent {
  return { onsetS, durationS, trialType: 'samples_missing', sample, side: 'n/a', kind: 'n/a', cause, detectedBy: 'n/a' };
}

/** step and missing-sample events, in onset order; `firstSample` is the sample index of row 0 */
export function motionEvents(recording: PodRecording, firstSample: number, rows: number): MotionEvent[] {
  const rateHz = recording.meta.sampleRateHz;
  const events: MotionEvent[] = [];
  for (const step of recordingSteps(recording)) {
    const onsetS = step.tMs / 1000 - firstSample / rateHz;
    events.push(stepEvent(step, onsetS, motionRowOf(onsetS, rateHz, rows)));
  }
  for (const gap of recording.meta.gaps) {
    const onsetS = (gap.fromSample - firstSample) / rateHz;
    if (gap.fromSample < firstSample) continue;
    events.push(samplesMissingEvent(onsetS, gap.missingSamples / rateHz, gap.cause, motionRowOf(onsetS, rateHz, rows)));
  }
  return events.sort((a, b) => a.onsetS - b.onsetS);
}

/** events.tsv text (header + one line per event) */
export function eventsTsv(events: MotionEvent[]): string {
  const s = (v: number | undefined, decimals: number): string => (v === undefined ? 'n/a' : String(Number(v.toFixed(decimals)) + 0));
  let text = EVENT_COLUMNS.map((c) => c.name).join('\t') + '\n';
  for (const e of events) {
    text += [s(e.onsetS, 6), s(e.durationS, 6), e.trialType, e.sample === undefined ? 'n/a' : String(e.sample), e.side, e.kind, e.cause, e.detectedBy].join('\t') + '\n';
  }
  return text;
}

/** events.json: every column described, levels spelled out (`columns`: EVENT_COLUMNS as another source describes them) */
export function eventsJson(columns: EventColumn[] = EVENT_COLUMNS): object {
  const out: { [name: string]: object } = {};
  for (const c of columns) {
    out[c.name] = { Description: c.description, ...(c.levels ? { Levels: c.levels } : {}), ...(c.units ? { Units: c.units } : {}) };
  }
  return out;
}
