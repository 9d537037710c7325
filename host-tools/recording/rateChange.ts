// A sample rate that changes inside a recording (time stamps 10 ms apart, then 20 ms apart from
// some line on). Read at one rate, every step of the other would be a one-sample gap, or samples
// crowded into the wrong times. Two ways find one; the first change either finds is told.
// Held over MIN_CHANGED_BLOCKS blocks, against the rate the file starts at: a gap is a long step
// with the period back after it; lost samples, even most of them, leave some steps one period
// long; a change leaves none. So the shortest steps tell: the lower quartile of the steps in each
// block of BLOCK_STEPS keeps the period while up to about half the samples are lost, and is the
// same in every block for stamps that jitter or are rounded alike all along (7 and 13 ms
// alternating, 9 and 10 ms at 104 Hz). A stretch found so is then checked step by step: a new
// rate puts most steps near its own period.
// From STRETCH_STEPS steps on, against the rate most of the file is at: a stretch that changes
// back, or the one the file starts with. Each of its steps moves the stamps away from where the
// steps before put them (the drift); lost samples move them by whole periods, which gaps count,
// and stamps that jitter move them back and forth. It is checked step by step as above.
// Not caught, and why:
// - a stretch at a whole multiple of the period shorter than MIN_CHANGED_BLOCKS blocks (48 to 78
//   samples, as it falls in them: 50 Hz for a moment inside 100 Hz, or before it): its stamps are
//   those of every other sample lost, which must stay gaps, and read so each sample is at its own
//   time. It does not drift; within an eighth of a period of a whole multiple it drifts too
//   slowly to tell over STRETCH_STEPS steps.
// - a stretch under STRETCH_STEPS steps: too few to tell from stamps that jitter.
// - a short stretch in stamps that jitter by half a period or more: lost samples hide in that
//   jitter and late ones look like gaps, so the drift wanders a period at a time by itself; a
//   stretch must drift NOISE_TIMES as far as it does as a rule.
// - a rate within OTHER_RATE_FRACTION of the one it is told against, held or not (stamps that
//   jitter move the shortest steps about as much).
// A logger that stalled and then wrote the samples it held back close together changed no rate:
// the import places those samples on the grid before it looks here (catchUp.ts). One it does
// not (samples lost in the stall too, some written at under twice the rate) is a stretch here
// from STRETCH_STEPS samples on.
import { GAP_THRESHOLD_PERIODS, PERIOD_SPAN_SAMPLES, inferSampleRate, medianSpanPeriodMs } from './sampleRate';
import { sortedMedian } from './sortedMedian';

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
/** samples before a change held over blocks whose median span gives the rate before it, at most */
const BEFORE_SAMPLES = 2048;
/** blocks the start's lower quartile is the median of */
const START_BLOCKS = 3;
/** steps the drift is taken over, and the fewest a short stretch at another rate is told by */
const STRETCH_STEPS = 16;
/**
 * the drift over STRETCH_STEPS steps that makes them looked at as a stretch, periods: a rate
 * OTHER_RATE_FRACTION off moves it 2.7 periods or more, stamps that jitter by under half a period
 * less than one
 */
const DRIFT_PERIODS = 2;
/**
 * a stretch must also drift this many times as far as the file's windows do as a rule (their
 * mean, each taken as at most DRIFT_PERIODS periods, so that stretches weigh little)
 */
const NOISE_TIMES = 4;
/** times the mean step about the shortest steps is taken, each about the one before */
const MEAN_PASSES = 3;

export interface RateChange {
  /** the period the samples before `sample` are at (their mean step, gaps left out), ms a sample */
  beforePeriodMs: number;
  /** the period of the stretch from `sample` on (its mean step, gaps left out), ms a sample */
  afterPeriodMs: number;
  /** the first sample stamped at the new period after the one before it */
  sample: number;
  /** the samples from `sample` on at afterPeriodMs, up to where the rate changes back or again (or the file ends) */
  samplesAfter: number;
}

/**
 * The first change of the sample period, held or not; undefined when none. A change held over
 * blocks is against the rate the file starts at (the median over the whole file would fall
 * between two rates held about as long), a short stretch against the rate most of it is at.
 * `timesMs` must increase.
 */
export function findRateChange(timesMs: Float64Array, sampleCount: number): RateChange | undefined {
  const shortestMs = blockQuartilesMs(timesMs, sampleCount, 1);
  const sustained = findSustainedChange(timesMs, sampleCount, shortestMs);
  const stretch = findStretchChange(timesMs, sampleCount, shortestMs);
  if (stretch === undefined) return sustained;
  if (sustained === undefined) return stretch;
  // the same change found both ways (a file that starts at another rate than most of it) is told
  // as far as the stretch goes: where stamps jitter about as much as the rates differ, some
  // blocks' quartiles come back within OTHER_RATE_FRACTION of the start while it goes on
  if (Math.abs(sustained.sample - stretch.sample) <= STRETCH_STEPS) return stretch;
  if (sustained.sample < stretch.sample) return sustained;
  return { ...stretch, samplesAfter: Math.min(stretch.samplesAfter, sustained.sample - stretch.sample) };
}

/** the first change held over MIN_CHANGED_BLOCKS blocks or more, against the rate the file starts at */
function findSustainedChange(timesMs: Float64Array, sampleCount: number, shortestMs: Float64Array): RateChange | undefined {
  const blockCount = shortestMs.length;
  if (blockCount < START_BLOCKS + MIN_CHANGED_BLOCKS) return undefined;
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
      // the change is in this block or at the end of the one before; the rate before it, over the
      // samples just before (the same as over all before it, which would cost each candidate that
      // stamps jittering by half a period make the length of the file)
      const beforeFrom = Math.max(0, first * BLOCK_STEPS - BEFORE_SAMPLES);
      const beforePeriodMs = medianSpanPeriodMs(timesMs.subarray(beforeFrom), first * BLOCK_STEPS - beforeFrom, PERIOD_SPAN_SAMPLES);
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
      // a change inside the start's blocks moves their median to the rate before it, and the
      // blocks after the change there are at another rate too
      let runFirst = first;
      while (runFirst > 1 && isOther(shortestMs[runFirst - 1])) runFirst--;
      const sample = firstStepAt(timesMs, (runFirst - 1) * BLOCK_STEPS + 1, afterFrom + BLOCK_STEPS, beforePeriodMs, afterPeriodMs);
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

/** in each whole block of BLOCK_STEPS steps, the lower quartile of the spans of `spanSteps` steps that end in it, ms a step */
function blockQuartilesMs(timesMs: Float64Array, sampleCount: number, spanSteps: number): Float64Array {
  const blockCount = Math.max(0, Math.floor((sampleCount - spanSteps) / BLOCK_STEPS));
  const shortestMs = new Float64Array(blockCount);
  const spans = new Float64Array(BLOCK_STEPS);
  for (let b = 0; b < blockCount; b++) {
    const from = b * BLOCK_STEPS + spanSteps;
    for (let k = 0; k < BLOCK_STEPS; k++) spans[k] = (timesMs[from + k] - timesMs[from + k - spanSteps]) / spanSteps;
    spans.sort();
    shortestMs[b] = spans[BLOCK_STEPS >> 2];
  }
  return shortestMs;
}

function meanPeriodMs(timesMs: Float64Array): number {
  return 1000 / inferSampleRate(timesMs, timesMs.length)!.meanRateHz;
}

function medianOf(values: Float64Array): number {
  return sortedMedian(Float64Array.from(values).sort());
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

/**
 * The period most of the file is at, ms a sample, and the drift from it: of two guesses, the one
 * the stamps drift least from, each the mean step about the blocks' median lower quartile, taken
 * again MEAN_PASSES times about the mean before (stamps that jitter put a quartile below the
 * period). The quartile of the steps keeps the period where most samples are lost; that of the
 * spans of two steps keeps it where stamps late every other sample make the shortest steps
 * shorter than the period (7 and 13 ms at 100 Hz: the shortest steps give 7 ms, two steps 20 ms).
 */
function ownDrift(timesMs: Float64Array, sampleCount: number, shortestMs: Float64Array): { periodMs: number; driftMs: Float64Array } | undefined {
  let best: { periodMs: number; driftMs: Float64Array } | undefined;
  let bestMs = Infinity;
  for (const quartilesMs of [shortestMs, blockQuartilesMs(timesMs, sampleCount, 2)]) {
    let periodMs = quartilesMs.length > 0 ? medianOf(quartilesMs) : 0;
    // repeated stamps (rounding coarser than the period) tell no period by their shortest steps
    if (!(periodMs > 0)) continue;
    for (let pass = 0; pass < MEAN_PASSES; pass++) periodMs = meanStepNearMs(timesMs, sampleCount, periodMs);
    const driftMs = driftOf(timesMs, sampleCount, periodMs);
    const meanMs = meanWindowDriftMs(driftMs);
    if (meanMs < bestMs) {
      best = { periodMs: periodMs, driftMs: driftMs };
      bestMs = meanMs;
    }
  }
  return best;
}

/**
 * The period most of the file is at, ms a sample, as a stretch is told against (ownDrift);
 * undefined where the stamps' shortest steps tell none (too few, or repeated stamps).
 */
export function mostPeriodMs(timesMs: Float64Array, sampleCount: number): number | undefined {
  const own = ownDrift(timesMs, sampleCount, blockQuartilesMs(timesMs, sampleCount, 1));
  return own !== undefined ? own.periodMs : undefined;
}

/** the mean step within GAP_THRESHOLD_PERIODS of periodMs, either way, ms */
function meanStepNearMs(timesMs: Float64Array, sampleCount: number, periodMs: number): number {
  let sumMs = 0;
  let steps = 0;
  for (let i = 1; i < sampleCount; i++) {
    const stepMs = timesMs[i] - timesMs[i - 1];
    if (stepMs <= GAP_THRESHOLD_PERIODS * periodMs && stepMs >= periodMs / GAP_THRESHOLD_PERIODS) {
      sumMs += stepMs;
      steps++;
    }
  }
  return steps > 0 ? sumMs / steps : periodMs;
}

/** the mean size of the drift over STRETCH_STEPS steps, each taken as at most capMs, ms */
function meanWindowDriftMs(driftMs: Float64Array, capMs = Infinity): number {
  let sumMs = 0;
  for (let i = STRETCH_STEPS; i < driftMs.length; i++) sumMs += Math.min(capMs, Math.abs(driftMs[i] - driftMs[i - STRETCH_STEPS]));
  return sumMs / (driftMs.length - STRETCH_STEPS);
}

/**
 * How far each sample's stamp is from where the samples before it put it, ms: each step advances
 * one period, or the whole periods of a gap (as findGaps counts them). Lost samples and stamps
 * that jitter leave it about where it was; a stretch at another rate moves it on every step.
 */
function driftOf(timesMs: Float64Array, sampleCount: number, periodMs: number): Float64Array {
  const driftMs = new Float64Array(sampleCount);
  const gapMs = GAP_THRESHOLD_PERIODS * periodMs;
  for (let i = 1; i < sampleCount; i++) {
    const stepMs = timesMs[i] - timesMs[i - 1];
    const periods = stepMs > gapMs ? Math.round(stepMs / periodMs) : 1;
    driftMs[i] = driftMs[i - 1] + stepMs - periods * periodMs;
  }
  return driftMs;
}

interface Stretch {
  /** the first sample stamped at the stretch's period after the one before it */
  start: number;
  /** the first sample after it back at the file's own period (sampleCount: it runs to the end) */
  end: number;
}

/**
 * The first stretch of STRETCH_STEPS steps or more at another period than periodMs, starting at
 * sample `from` or later, found where the drift over STRETCH_STEPS steps reaches thresholdMs.
 */
function nextStretch(timesMs: Float64Array, sampleCount: number, driftMs: Float64Array, periodMs: number, thresholdMs: number, from: number): Stretch | undefined {
  // window i: the drift over the steps into samples i - STRETCH_STEPS + 1 ... i
  const windowDriftMs = (i: number): number => driftMs[i] - driftMs[i - STRETCH_STEPS];
  for (let i = Math.max(STRETCH_STEPS, from + STRETCH_STEPS - 1); i < sampleCount; ) {
    const sign = Math.sign(windowDriftMs(i));
    if (sign * windowDriftMs(i) < thresholdMs) {
      i++;
      continue;
    }
    let last = i;
    let most = i;
    while (last + 1 < sampleCount && sign * windowDriftMs(last + 1) >= thresholdMs) {
      last++;
      if (sign * windowDriftMs(last) > sign * windowDriftMs(most)) most = last;
    }
    const stretch = stretchAround(timesMs, sampleCount, periodMs, from, i, last, most);
    if (stretch !== undefined) return { start: stretch[0], end: stretch[1] };
    i = last + 1;
  }
  return undefined;
}

/**
 * The stretch [start, end), from sample `from` on, whose drift windows `first` ... `last` reach
 * the threshold (`most` the furthest, its steps all in the stretch), if its steps are at one other
 * period; undefined for lost samples hidden in stamps that jitter by half a period or more, which
 * move the drift a period at a time but leave the steps at the file's period.
 */
function stretchAround(timesMs: Float64Array, sampleCount: number, periodMs: number, from: number, first: number, last: number, most: number): [number, number] | undefined {
  const mostMs = (timesMs[most] - timesMs[most - STRETCH_STEPS]) / STRETCH_STEPS;
  if (!isOtherPeriod(mostMs, periodMs)) return undefined;
  // a window reaches the threshold with a few of its steps in the stretch, so the first one
  // starts before the stretch does and the last ends after it
  const start = firstStepAt(timesMs, Math.max(from, first - STRETCH_STEPS), most - STRETCH_STEPS + 1, periodMs, mostMs);
  const end = firstStepAt(timesMs, most + 1, Math.min(sampleCount, last + 2), mostMs, periodMs);
  if (end - start < STRETCH_STEPS) return undefined;
  const stretchMs = medianSpanPeriodMs(timesMs.subarray(start - 1), end - start + 1, PERIOD_SPAN_SAMPLES);
  if (
    !isOtherPeriod(stretchMs, periodMs) ||
    shareOfStepsNearer(timesMs, start, end, periodMs, stretchMs) >= OLD_STEPS_SHARE ||
    shareOfStepsNear(timesMs, start, end, stretchMs) < NEW_STEPS_SHARE
  ) {
    return undefined;
  }
  return [start, end];
}

/**
 * The first stretch at another rate than most of the file, STRETCH_STEPS steps or more: inside
 * the file (it changes and changes back, or runs to the end), or at its start, where the change
 * is where it ends.
 */
function findStretchChange(timesMs: Float64Array, sampleCount: number, shortestMs: Float64Array): RateChange | undefined {
  if (shortestMs.length === 0 || sampleCount <= 2 * STRETCH_STEPS) return undefined;
  const own = ownDrift(timesMs, sampleCount, shortestMs);
  if (own === undefined) return undefined;
  const { periodMs, driftMs } = own;
  // stamps that jitter by half a period or more hide lost samples and make gaps of late ones, and
  // the drift wanders a period at a time: a stretch must drift further than it does
  const thresholdMs = Math.max(DRIFT_PERIODS * periodMs, NOISE_TIMES * meanWindowDriftMs(driftMs, DRIFT_PERIODS * periodMs));
  const stretch = nextStretch(timesMs, sampleCount, driftMs, periodMs, thresholdMs, 1);
  if (stretch === undefined) return undefined;
  // with fewer steps before it than a stretch is told by (stamps that jitter can put the first
  // steps nearer the file's period), the file starts at the stretch's rate and changes where it ends
  if (stretch.start <= STRETCH_STEPS) {
    if (stretch.end >= sampleCount) return undefined;
    const next = nextStretch(timesMs, sampleCount, driftMs, periodMs, thresholdMs, stretch.end);
    const last = next !== undefined ? next.start : sampleCount;
    return {
      beforePeriodMs: meanPeriodMs(timesMs.subarray(0, stretch.end)),
      afterPeriodMs: meanPeriodMs(timesMs.subarray(stretch.end - 1, last)),
      sample: stretch.end,
      samplesAfter: last - stretch.end,
    };
  }
  return {
    beforePeriodMs: meanPeriodMs(timesMs.subarray(0, stretch.start)),
    afterPeriodMs: meanPeriodMs(timesMs.subarray(stretch.start - 1, stretch.end)),
    sample: stretch.start,
    samplesAfter: stretch.end - stretch.start,
  };
}

/** further than OTHER_RATE_FRACTION from periodMs, either way */
function isOtherPeriod(ms: number, periodMs: number): boolean {
  return ms > periodMs * (1 + OTHER_RATE_FRACTION) || ms < periodMs / (1 + OTHER_RATE_FRACTION);
}
