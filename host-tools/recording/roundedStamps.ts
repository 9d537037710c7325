// Time stamps rounded to a grid about as coarse as the sample period, or coarser. Spreadsheets
// and many tools write time like this: t_s with 2 decimals at 104 Hz puts samples 9.6 ms apart on
// a 10 ms grid, so about one stamp in 26 repeats the one before; at 80 Hz (12.5 ms) one step in
// four is 20 ms, past the 1.5 periods that mark a gap. Each stamp is then known only to within
// the grid, but the samples are still evenly spaced. Read one stamp at a time they look like
// faults; taken together they give the rate far better than the grid: a line through the stamps
// of every stretch between gaps, one slope for all, places each sample from its index. The
// stretches' ends alone would not do: each end is off by up to half a grid step, which over the
// two stretches beside a gap can add up to a whole sample lost or gained.
// The fitted reading is only taken where it explains every stamp. Stamps that jitter as well
// (a host logger stamping each sample as it arrives, a few ms late) also repeat and step long,
// and a fit that ends a stretch at every long step keeps the repeats and drops the long steps,
// so it finds a rate too fast and hundreds of gaps that are not there; but then the lines
// through the stamps on either side of a long step leave no sample missing where it is. Lost
// samples that hide in the rounding, one after another, pull the fitted rate slow with no gap
// reported; but then the stamps stray from the line through them further than rounding and one
// hidden gap can put them.
import { GAP_THRESHOLD_PERIODS, PERIOD_SPAN_SAMPLES, medianSpanPeriodMs } from './sampleRate';

/**
 * A grid coarser than this many periods is taken for rounding: its steps of two grid units are
 * then past GAP_THRESHOLD_PERIODS, or it repeats stamps. A finer one only jitters the stamps,
 * which the plain reading of them already copes with (whole ms at 104 Hz).
 */
const ROUNDING_GRID_PERIODS = GAP_THRESHOLD_PERIODS / 2;
/**
 * A grid within this fraction of the period is taken for exact stamps at that period: a repeat in
 * them is a row written twice and a step of two grid units a lost sample, not rounding of a rate
 * a little off the grid (which would repeat, or step two units, once in 100 samples at most).
 */
const GRID_IS_PERIOD_FRACTION = 0.01;
/** spans the rough period is the median of, at most */
const ROUGH_PERIOD_SPANS = 4096;
/** stamps spanning fewer grid steps than this are too few to tell rounding from faults */
const MIN_GRID_STEPS_SPANNED = 100;
/**
 * rounding can put one more sample on a stamp when (samples - 1) periods come this close to a
 * grid step: a half rounds either way in the last digit, and the fitted period is not exact
 */
const SAMPLES_ON_STAMP_SLACK_PERIODS = 0.125;
/**
 * the stamps of a stretch may spread this much of a grid step further about their line: the
 * fitted period is not exact, which tilts the line under the stamps of a long stretch
 */
const SPREAD_SLACK_GRID = 0.05;

export interface RoundedStamps {
  /** the grid every stamp lies on, ms */
  resolutionMs: number;
  /** one slope fitted to the stamps of every stretch between gaps, ms a sample */
  periodMs: number;
  /** each sample's time from its index at periodMs, each stretch between gaps laid on its own stamps, ms */
  timesMs: Float64Array;
  /** samples whose stamp repeats the one before */
  repeatedStamps: number;
  /** the longest step rounding makes between two samples; a longer one ends a stretch, a gap where the stretches' lines say samples are missing, ms */
  maxStepMs: number;
  /** the most samples rounding can put on one stamp; 1 where the grid is not coarser than the period */
  maxSamplesOnStamp: number;
  /**
   * the first sample whose stamp rounding does not explain: it repeats the one before where the
   * grid is not coarser than the period, or one stamp has more than maxSamplesOnStamp; -1 when none
   */
  firstUnexplainedSample: number;
  /**
   * where one even rate does not explain the stamps, so that the reading must not be used (the
   * stamps are then read as they are); undefined when it explains them
   */
  misfit: RoundedStampsMisfit | undefined;
}

/**
 * What shows that the stamps are not one even rate rounded to the grid, at the first place it
 * shows. `longStep`: a step longer than rounding makes, where the lines through the stamps on
 * either side leave no sample missing (stamps that jitter). `spread`: the stamps of one stretch
 * spread about the line through them wider than the grid and the gap that can hide in it (lost
 * samples that hide in the rounding, one after another, or a rate that changes).
 */
export type RoundedStampsMisfit =
  | { kind: 'longStep'; sample: number; stepMs: number }
  | { kind: 'spread'; firstSample: number; lastSample: number; spreadMs: number; allowedMs: number };

/** the finest grid both lengths lie on, a and b > 0; within toleranceMs, as stamps parsed from decimals carry binary rounding */
function commonGridMs(a: number, b: number, toleranceMs: number): number {
  while (b > toleranceMs) {
    let rest = a % b;
    if (b - rest <= toleranceMs) rest = 0;
    a = b;
    b = rest;
  }
  return a;
}

interface StretchFit {
  /** the first sample of each stretch, then sampleCount */
  starts: number[];
  periodMs: number;
  /** the steps inside some stretch differ: the stamps are not an exact grid at the period */
  roundingShows: boolean;
}

/**
 * Stretches between steps longer than maxStepMs, and the least-squares slope of the stamps over
 * all of them, each about its own means (relative to its first stamp, so stamps far from zero
 * keep their digits).
 */
function fitStretches(timesMs: Float64Array, sampleCount: number, maxStepMs: number, toleranceMs: number): StretchFit {
  const starts: number[] = [0];
  for (let i = 1; i < sampleCount; i++) {
    if (timesMs[i] - timesMs[i - 1] > maxStepMs) starts.push(i);
  }
  starts.push(sampleCount);
  let indexSquares = 0;
  let indexTimes = 0;
  let roundingShows = false;
  for (let s = 0; s + 1 < starts.length; s++) {
    const start = starts[s];
    const end = starts[s + 1];
    const count = end - start;
    if (count < 2) continue;
    const meanIndex = (start + end - 1) / 2;
    const baseMs = timesMs[start];
    const firstStepMs = timesMs[start + 1] - baseMs;
    for (let i = start; i < end; i++) {
      indexTimes += (i - meanIndex) * (timesMs[i] - baseMs);
      if (i > start && Math.abs(timesMs[i] - timesMs[i - 1] - firstStepMs) > toleranceMs) roundingShows = true;
    }
    indexSquares += (count * (count * count - 1)) / 12;
  }
  return { starts: starts, periodMs: indexTimes / indexSquares, roundingShows: roundingShows };
}

/**
 * Undefined when the stamps are not rounded coarser than ROUNDING_GRID_PERIODS of a period (or the
 * rounding does not show: every step alike), or are too few to tell. `timesMs` must not decrease.
 */
export function findRoundedStamps(timesMs: Float64Array, sampleCount: number): RoundedStamps | undefined {
  if (sampleCount < 3) return undefined;
  const firstMs = timesMs[0];
  const lastMs = timesMs[sampleCount - 1];
  const toleranceMs = Math.max(1e-9, 64 * Number.EPSILON * Math.max(Math.abs(firstMs), Math.abs(lastMs)));
  let gridMs = 0;
  for (let i = 1; i < sampleCount; i++) {
    const stepMs = timesMs[i] - timesMs[i - 1];
    if (stepMs > toleranceMs) gridMs = gridMs === 0 ? stepMs : commonGridMs(gridMs, stepMs, toleranceMs);
  }
  if (gridMs === 0 || lastMs - firstMs < MIN_GRID_STEPS_SPANNED * gridMs) return undefined;
  // spans long enough that rounding moves each by an eighth of a period at most (gaps make them
  // shorter); a few thousand of them are plenty for a period that only places the long gaps
  const meanStepMs = (lastMs - firstMs) / (sampleCount - 1);
  const spanSamples = Math.max(PERIOD_SPAN_SAMPLES, Math.ceil((PERIOD_SPAN_SAMPLES * gridMs) / meanStepMs));
  const roughPeriodMs = medianSpanPeriodMs(timesMs, sampleCount, spanSamples, Math.ceil(sampleCount / ROUGH_PERIOD_SPANS));
  if (!(roughPeriodMs > 0) || gridMs <= ROUNDING_GRID_PERIODS * roughPeriodMs) return undefined;

  // the rough period places only the long gaps; the slope over the stretches between them gives
  // the period well enough to say which step is longer than rounding makes: a sample is lost there
  const roughFit = fitStretches(timesMs, sampleCount, GAP_THRESHOLD_PERIODS * roughPeriodMs + gridMs, toleranceMs);
  if (!(roughFit.periodMs > 0)) return undefined;
  const maxStepMs = gridMs * Math.ceil(roughFit.periodMs / gridMs - GRID_IS_PERIOD_FRACTION);
  const fit = fitStretches(timesMs, sampleCount, maxStepMs + toleranceMs, toleranceMs);
  const periodMs = fit.periodMs;
  if (!fit.roundingShows || !(periodMs > 0) || gridMs <= ROUNDING_GRID_PERIODS * periodMs) return undefined;

  const derivedMs = new Float64Array(sampleCount);
  for (let s = 0; s + 1 < fit.starts.length; s++) {
    const start = fit.starts[s];
    const end = fit.starts[s + 1];
    const baseMs = timesMs[start];
    let offsetSumMs = 0;
    for (let i = start; i < end; i++) offsetSumMs += timesMs[i] - baseMs - (i - start) * periodMs;
    const offsetMs = offsetSumMs / (end - start);
    for (let i = start; i < end; i++) derivedMs[i] = baseMs + offsetMs + (i - start) * periodMs;
  }

  // k samples on one stamp span k - 1 periods, which must fit within a grid step
  const maxSamplesOnStamp = gridMs > periodMs * (1 + GRID_IS_PERIOD_FRACTION)
    ? Math.floor(gridMs / periodMs + SAMPLES_ON_STAMP_SLACK_PERIODS) + 1
    : 1;
  let repeatedStamps = 0;
  let firstUnexplainedSample = -1;
  let samplesOnStamp = 1;
  for (let i = 1; i < sampleCount; i++) {
    if (timesMs[i] - timesMs[i - 1] > toleranceMs) {
      samplesOnStamp = 1;
      continue;
    }
    repeatedStamps++;
    samplesOnStamp++;
    if (samplesOnStamp > maxSamplesOnStamp && firstUnexplainedSample < 0) firstUnexplainedSample = i;
  }
  return {
    resolutionMs: gridMs,
    periodMs: periodMs,
    timesMs: derivedMs,
    repeatedStamps: repeatedStamps,
    maxStepMs: maxStepMs,
    maxSamplesOnStamp: maxSamplesOnStamp,
    firstUnexplainedSample: firstUnexplainedSample,
    misfit: findMisfit(timesMs, derivedMs, fit.starts, gridMs, periodMs, maxStepMs, toleranceMs),
  };
}

/**
 * Where the stretches' lines do not explain the stamps, undefined when they do. Rounding, to
 * nearest or down, leaves the stamps of a stretch within one grid step of each other about its
 * line. A gap that hides in the rounding moves the stamps after it on by the periods it lost: one
 * such gap is allowed for, as the warning says it can hide; more of them, or a rate that drifts,
 * spread the stamps further, and leave the line of their stretch off where it meets the next. A
 * step longer than rounding makes between lines that fit their stamps is a gap only where the
 * lines say samples are missing.
 */
function findMisfit(
  timesMs: Float64Array,
  derivedMs: Float64Array,
  starts: number[],
  gridMs: number,
  periodMs: number,
  maxStepMs: number,
  toleranceMs: number,
): RoundedStampsMisfit | undefined {
  const allowedSpreadMs = gridMs + hiddenSamples(gridMs, periodMs, maxStepMs) * periodMs + SPREAD_SLACK_GRID * gridMs + toleranceMs;
  for (let s = 0; s + 1 < starts.length; s++) {
    const start = starts[s];
    const end = starts[s + 1];
    let lowestMs = Infinity;
    let highestMs = -Infinity;
    for (let i = start; i < end; i++) {
      const offMs = timesMs[i] - derivedMs[i];
      if (offMs < lowestMs) lowestMs = offMs;
      if (offMs > highestMs) highestMs = offMs;
    }
    if (highestMs - lowestMs > allowedSpreadMs) {
      return { kind: 'spread', firstSample: start, lastSample: end - 1, spreadMs: highestMs - lowestMs, allowedMs: allowedSpreadMs };
    }
  }
  for (let s = 1; s + 1 < starts.length; s++) {
    const start = starts[s];
    if (derivedMs[start] - derivedMs[start - 1] <= GAP_THRESHOLD_PERIODS * periodMs) {
      return { kind: 'longStep', sample: start, stepMs: timesMs[start] - timesMs[start - 1] };
    }
  }
  return undefined;
}

/** the most samples a gap can lose with its step no longer than rounding makes, so not seen */
export function samplesHiddenByRounding(rounded: RoundedStamps): number {
  return hiddenSamples(rounded.resolutionMs, rounded.periodMs, rounded.maxStepMs);
}

function hiddenSamples(gridMs: number, periodMs: number, maxStepMs: number): number {
  let lost = 0;
  // the shorter of the two steps rounding can make of (lost + 1) periods
  while (Math.floor(((lost + 2) * periodMs) / gridMs) * gridMs <= maxStepMs) lost++;
  return lost;
}
