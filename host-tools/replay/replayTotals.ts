// Totals of a whole replay: counts, cadence from strides as the pod's windows take it, and
// medians over its running steps of every other per-step metric (named as in stepRecord.ts /
// summaryRecord.ts, integers in the same units), null without any.
import { strideCadenceSpm } from '../../firmware/core/strideCadence';
import { ReplayStep } from './replayRecords';

/** per-step metrics whose running-step median the totals carry under the same name */
export const RUNNING_MEDIAN_METRICS = [
  'contactMs',
  'flightMs',
  'voMm',
  'impactMg',
  'impactAxialMg',
  'impactShearMg',
  'vgrfBw100',
  'brakingMms',
  'brakingPeakMg',
  'rotationCdeg',
  'tiltRangeCdeg',
  'leanCdeg',
] as const;

export type RunningMedianMetric = (typeof RUNNING_MEDIAN_METRICS)[number];

export type ReplayTotals = {
  type: 'totals';
  steps: number;
  runningSteps: number;
  walkingSteps: number;
  /** samples read plus samples missing in gaps, at the rate of the recording clock (the stamps' where the detector runs at another) */
  durationMs: number;
  gaps: number;
  /** samples with a value clamped at full scale on import */
  saturatedSamples: number;
  missingSamples: number;
  samples: number;
  sampleRateHz: number;
  /** times of the first and last sample on the recording clock (the set rate's, with --rate), null without samples */
  startMs: number | null;
  endMs: number | null;
  windows: number;
  /** steps core flagged as saturated */
  saturatedSteps: number;
} & { [metric in RunningMedianMetric]: number | null } & {
  /** running cadence from the strides of the running steps past warm-up, saturated ones too (as the pod's windows) */
  cadenceSpm: number | null;
  /** median drop of left-stance and of right-stance running steps */
  dropLeftCdeg: number | null;
  dropRightCdeg: number | null;
  /** L/(L+R) of the median contact times of left and right running steps, percent x 100 */
  gctBalanceLeftPct100: number | null;
  /** walking cadence from the strides of the walking steps */
  walkingCadenceSpm: number | null;
  /** the input problem that ended the replay early (the file's error), null when it read to the end */
  inputError: string | null;
  /** the wall-clock time of the sample at 0 ms, ISO 8601, where the recording says it (a CSV stamped with date-times) */
  startTime?: string;
};

export interface ReplayCounts {
  samples: number;
  missingSamples: number;
  sampleRateHz: number;
  /** the rate of the recording clock where it is not sampleRateHz (ImuRecording.stampRateHz), Hz */
  stampRateHz?: number;
  startMs: number | null;
  endMs: number | null;
  gaps: number;
  saturatedSamples: number;
  windows: number;
  inputError: string | null;
  startTime?: string;
}

/** Median of integers; an even count gives the mean of the middle two, rounded. Null when empty. */
export function medianInt(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = values.slice().sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  if (sorted.length % 2 === 1) return sorted[middle];
  return Math.round((sorted[middle - 1] + sorted[middle]) / 2);
}

/**
 * Cadence of steps in the order taken, from their step times (ms; a step without one, the first
 * of a run or walk, is left out) as the pod's windows take it: strides near the median stride,
 * steps over the time they span (firmware/core/strideCadence.ts). Null without a step time.
 */
export function strideCadenceOf(steps: ReadonlyArray<{ stepMs: number }>): number | null {
  const timed = steps.filter((step) => step.stepMs > 0);
  if (timed.length === 0) return null;
  return strideCadenceSpm(Int32Array.from(timed, (step) => step.stepMs), timed.length);
}

export function replayTotals(steps: ReplayStep[], counts: ReplayCounts): ReplayTotals {
  const running = steps.filter((step) => step.kind === 'running');
  // a saturated step keeps its timing but its accelerometer metrics are zeroed: medians skip it
  const measured = running.filter((step) => step.quality.indexOf('saturated') < 0);
  const walking = steps.filter((step) => step.kind === 'walking');
  const left = measured.filter((step) => step.side === 'L');
  const right = measured.filter((step) => step.side === 'R');
  const medians = {} as { [metric in RunningMedianMetric]: number | null };
  for (const metric of RUNNING_MEDIAN_METRICS) medians[metric] = medianInt(measured.map((step) => step[metric]));
  // a saturated step still times its contacts; a warm-up step's stride is still settling
  const timed = running.filter((step) => step.quality.indexOf('warmup') < 0);
  const leftContactMs = medianInt(left.map((step) => step.contactMs));
  const rightContactMs = medianInt(right.map((step) => step.contactMs));
  let gctBalanceLeftPct100: number | null = null;
  if (leftContactMs !== null && rightContactMs !== null && leftContactMs + rightContactMs > 0) {
    gctBalanceLeftPct100 = Math.round((leftContactMs * 10000) / (leftContactMs + rightContactMs));
  }
  // on the clock of startMs and endMs, and of the steps: 0.4 % long at 104 Hz on 103.6 Hz stamps otherwise
  const durationMs = Math.round(((counts.samples + counts.missingSamples) * 1000) / (counts.stampRateHz ?? counts.sampleRateHz));
  return {
    type: 'totals',
    steps: steps.length,
    runningSteps: running.length,
    walkingSteps: walking.length,
    durationMs: durationMs,
    gaps: counts.gaps,
    saturatedSamples: counts.saturatedSamples,
    missingSamples: counts.missingSamples,
    samples: counts.samples,
    sampleRateHz: counts.sampleRateHz,
    startMs: counts.startMs,
    endMs: counts.endMs,
    windows: counts.windows,
    saturatedSteps: steps.filter((step) => step.quality.indexOf('saturated') >= 0).length,
    cadenceSpm: strideCadenceOf(timed),
    ...medians,
    dropLeftCdeg: medianInt(left.map((step) => step.dropCdeg)),
    dropRightCdeg: medianInt(right.map((step) => step.dropCdeg)),
    gctBalanceLeftPct100: gctBalanceLeftPct100,
    walkingCadenceSpm: strideCadenceOf(walking),
    inputError: counts.inputError,
    ...(counts.startTime !== undefined ? { startTime: counts.startTime } : {}),
  };
}
