// A sample rate that changes inside a recording (time stamps 10 ms apart, then 20 ms apart from
// some line on). Read at one rate, every step of the other would be a one-sample gap, or samples
// crowded into the wrong times. A gap is a long step with the period back after it; lost samples,
// even most of them, leave some steps one period long; a change leaves none. So the shortest
// steps tell: the lower quartile of the steps in each block of BLOCK_STEPS keeps the period
// while up to about half the samples are lost, and is the same in every block for stamps that
// jitter or are rounded alike all along (7 and 13 ms alternating, 9 and 10 ms at 104 Hz). A
// stretch found so is then checked step by step: a new rate puts most steps near its own period.
import { PERIOD_SPAN_SAMPLES, inferSampleRate, medianSpanPeriodMs } from './sampleRate';

/** steps a block's shortest steps are taken over */
const BLOCK_STEPS = 32;
/** a block whose lower quartile is further than this fraction (either way) from the file's start is at another rate */
const OTHER_RATE_FRACTION = 0.2;
/** blocks at another rate, one after another, that make a change: 64 steps, more than a burst of lost samples lasts */
const MIN_CHANGED_BLOCKS = 2;
/** the blocks of a change have lower quartiles within this fraction of their median, one new rate ... */
const ALIKE_FRACTION = 0.1;
/** ... all but this share of them (stamps that jitter move a block's quartile about now and then) */
const UNALIKE_SHARE = 0.2;
/**
 * Lost samples in a burst (a phone walked away from) can leave fewer than a quarter of a block's
 * steps one period long, but rarely fewer than this share of a stretch's; a new rate leaves
 * none, or where stamps jitter nearly as much as the rates differ (up to 4 ms late, 100 Hz then
 * 80 Hz), about one in five.
 */
const OLD_STEPS_SHARE = 0.3;
/**
 * At a new rate most steps are near its period; lost samples make steps of one, two, three
 * periods and more, fewer of them near their mean. A step within NEW_STEP_FRACTION of the new
 * period is near it, and at least NEW_STEPS_SHARE of the steps are (steps up to 4 ms late at
 * 80 Hz: 85 %).
 */
const NEW_STEP_FRACTION = 0.25;
const NEW_STEPS_SHARE = 0.6;
/** blocks the start's lower quartile is the median of */
const START_BLOCKS = 3;

export interface RateChange {
  /** the period the samples before `sample` are at (their mean step, gaps left out), ms a sample */
  beforePeriodMs: number;
  /** the period of the stretch from `sample` on (its mean step, gaps left out), ms a sample */
  afterPeriodMs: number;
  /** the first sample stamped at the new period after the one before it */
  sample: number;
  /** the samples from `sample` on at afterPeriodMs, up to where the rate changes back (or the file ends) */
  samplesAfter: number;
}

/**
 * The first sustained change of the sample period; undefined when none. The rate the file starts
 * at is the reference (the median over the whole file would fall between two rates held about as
 * long). `timesMs` must increase.
 */
export function findRateChange(timesMs: Float64Array, sampleCount: number): RateChange | undefined {
  const blockCount = Math.floor((sampleCount - 1) / BLOCK_STEPS);
  if (blockCount < START_BLOCKS + MIN_CHANGED_BLOCKS) return undefined;
  const shortestMs = new Float64Array(blockCount);
  const steps = new Float64Array(BLOCK_STEPS);
  for (let b = 0; b < blockCount; b++) {
    const from = b * BLOCK_STEPS + 1;
    for (let k = 0; k < BLOCK_STEPS; k++) steps[k] = timesMs[from + k] - timesMs[from + k - 1];
    steps.sort();
    shortestMs[b] = steps[BLOCK_STEPS >> 2];
  }
  const startMs = medianOf(shortestMs.subarray(0, START_BLOCKS));
  // repeated stamps (rounding coarser than the period) tell no period by their shortest steps
  if (!(startMs > 0)) return undefined;
  const isOther = (ms: number): boolean => ms > startMs * (1 + OTHER_RATE_FRACTION) || ms < startMs / (1 + OTHER_RATE_FRACTION);
  for (let first = START_BLOCKS; first < blockCount; ) {
    if (!isOther(shortestMs[first])) {
      first++;
      continue;
    }
    let end = first;
    while (end < blockCount && isOther(shortestMs[end])) end++;
    if (end - first >= MIN_CHANGED_BLOCKS && areAlike(shortestMs.subarray(first, end))) {
      // the change is in this block or at the end of the one before
      const beforePeriodMs = medianSpanPeriodMs(timesMs, first * BLOCK_STEPS, PERIOD_SPAN_SAMPLES);
      const stretchEnd = Math.min(sampleCount, end * BLOCK_STEPS + 1);
      const afterFrom = first * BLOCK_STEPS + 1;
      const afterPeriodMs = medianSpanPeriodMs(timesMs.subarray(afterFrom), stretchEnd - afterFrom, PERIOD_SPAN_SAMPLES);
      // stamps that jitter about one period now and then give quartiles apart, but the same period
      const changed = afterPeriodMs > beforePeriodMs * (1 + OTHER_RATE_FRACTION) || afterPeriodMs < beforePeriodMs / (1 + OTHER_RATE_FRACTION);
      if (
        !changed ||
        shareOfStepsNearer(timesMs, afterFrom, stretchEnd, beforePeriodMs, afterPeriodMs) >= OLD_STEPS_SHARE ||
        shareOfStepsNear(timesMs, afterFrom, stretchEnd, afterPeriodMs) < NEW_STEPS_SHARE
      ) {
        first = end;
        continue;
      }
      const sample = firstStepAt(timesMs, (first - 1) * BLOCK_STEPS + 1, afterFrom + BLOCK_STEPS, beforePeriodMs, afterPeriodMs);
      // it ends in its last block or in the next (whose quartile keeps the old period with up to
      // three quarters of its steps at the new), or in the steps after the last whole block
      const last = firstStepAt(timesMs, (end - 1) * BLOCK_STEPS + 1, Math.min(sampleCount, (end + 1) * BLOCK_STEPS + 1), afterPeriodMs, beforePeriodMs);
      // the periods told are the mean steps that are not gaps, as the rate is inferred (whole-ms
      // stamps at 104 Hz have a median span of 9.625 ms, a mean step of 9.615)
      return {
        beforePeriodMs: meanPeriodMs(timesMs.subarray(0, sample)),
        afterPeriodMs: meanPeriodMs(timesMs.subarray(sample - 1, last)),
        sample: sample,
        samplesAfter: last - sample,
      };
    }
    first = end;
  }
  return undefined;
}

function meanPeriodMs(timesMs: Float64Array): number {
  return 1000 / inferSampleRate(timesMs, timesMs.length)!.meanRateHz;
}

function medianOf(values: Float64Array): number {
  const sorted = Float64Array.from(values).sort();
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** nearly every value within ALIKE_FRACTION of their median (lost samples in bursts move it about, a new rate does not) */
function areAlike(values: Float64Array): boolean {
  const medianMs = medianOf(values);
  let unalike = 0;
  for (let i = 0; i < values.length; i++) {
    if (Math.abs(values[i] - medianMs) > ALIKE_FRACTION * medianMs) unalike++;
  }
  return unalike <= UNALIKE_SHARE * values.length;
}

/** the share of the steps into samples [from, to) nearer (by ratio) to nearMs than to otherMs */
function shareOfStepsNearer(timesMs: Float64Array, from: number, to: number, nearMs: number, otherMs: number): number {
  const splitMs = Math.sqrt(nearMs * otherMs);
  let nearer = 0;
  for (let i = from; i < to; i++) if (isNearer(timesMs[i] - timesMs[i - 1], nearMs, splitMs)) nearer++;
  return nearer / (to - from);
}

/** the share of the steps into samples [from, to) within NEW_STEP_FRACTION of periodMs */
function shareOfStepsNear(timesMs: Float64Array, from: number, to: number, periodMs: number): number {
  let near = 0;
  for (let i = from; i < to; i++) {
    if (Math.abs(timesMs[i] - timesMs[i - 1] - periodMs) <= NEW_STEP_FRACTION * periodMs) near++;
  }
  return near / (to - from);
}

/**
 * The sample in [from, to] that best splits the steps into samples [from, to) into those nearer
 * (by ratio) to fromMs before it and those nearer to toMs from it on (`to`: all are before it):
 * the fewest steps on the wrong side (stamps that jitter put a few there, a lost sample one).
 */
function firstStepAt(timesMs: Float64Array, from: number, to: number, fromMs: number, toMs: number): number {
  const splitMs = Math.sqrt(fromMs * toMs);
  // split at `from`: every step at the old period is on the wrong side
  let wrong = 0;
  for (let i = from; i < to; i++) if (isNearer(timesMs[i] - timesMs[i - 1], fromMs, splitMs)) wrong++;
  let best = from;
  let bestWrong = wrong;
  for (let i = from; i < to; i++) {
    // the split moved past step i: it is now on the side before the change
    wrong += isNearer(timesMs[i] - timesMs[i - 1], fromMs, splitMs) ? -1 : 1;
    if (wrong < bestWrong) {
      bestWrong = wrong;
      best = i + 1;
    }
  }
  return best;
}

/** a step nearer to nearMs than to the other period, splitMs their geometric mean */
function isNearer(stepMs: number, nearMs: number, splitMs: number): boolean {
  return nearMs < splitMs ? stepMs < splitMs : stepMs > splitMs;
}
