// Where the time stamps stand against the grid the sample count gives: sample i belongs at
// t0 + (i + samples lost before it) * period. A lost sample moves every stamp after it one period
// ahead of its index, and they stay there; a stamp that jitters moves alone, and the next ones
// are back where they were. So a gap is told by the stamps' level on the grid before a place
// against their level after it (medians over a window of samples), not by one interval: an
// interval of 1.6 periods followed by one of 0.4 is a late stamp, not a lost sample, and a lost
// sample whose stamps both jitter towards it (an interval of 1.4 periods) is still one. Stamps
// exactly on the grid give what their intervals give: a gap where an interval is long.
import { sortedMedian } from './sortedMedian';

/**
 * Samples whose median gives the grid's level before a place, and whose median after it says
 * whether the stamps stay ahead, at the least: stamps on the grid, or jittering by up to a third
 * of a period (3 ms at 104 Hz), put the median of 32 within a tenth of a period of the level.
 */
export const MIN_GRID_WINDOW_SAMPLES = 32;
/** at the most: stamps jittering by a period and more (3 ms at 208 Hz is 0.62) need 120 and more */
const MAX_GRID_WINDOW_SAMPLES = 256;
/**
 * the window is this many times the stamps' jitter squared (periods): the difference of two
 * medians of its samples, about 1.25 * jitter * sqrt(2 / window), is then a tenth of a period,
 * five of which are the half period between a level and the next
 */
const WINDOW_PER_JITTER_SQUARED = 314;
/** the jitter is taken over this many intervals at most, spread over the file */
const JITTER_INTERVALS = 4096;
/** the level is taken again after this many samples: stamps a little off the period drift slowly */
const LEVEL_EVERY_SAMPLES = 8;
/**
 * samples before the first one seen ahead of the grid that the stamps may have moved ahead at:
 * the first after a lost sample can be stamped early enough to look on the grid
 */
const LOOKBACK_SAMPLES = 8;
/** a stamp further than this from the level, periods, is looked at: half a period either way */
const OFF_LEVEL_PERIODS = 0.5;
/**
 * a stamp's cost in the fit of levels is its distance from its level squared, periods squared,
 * up to this: one stamp far off moves no level
 */
const OFF_LEVEL_COST_CAP = 1;
/** the cost of each change of level in the fit: of two fits about as good, the one with fewer gaps */
const LEVEL_CHANGE_COST = 0.05;
/**
 * the cost of a change in the fit that gives the first sample its level: more, so that a first
 * stamp early or late by most of a period does not set the level, but one a whole period off does
 * (a gap after the first sample)
 */
const FIRST_LEVEL_CHANGE_COST = 0.5;
/**
 * how many of its standard deviations the median of a window cut short by the file's end must be
 * beyond the half period: the last few stamps of stamps that jitter by half a period or more
 * cannot tell a lost sample from a late stamp
 */
const SHORT_WINDOW_DEVIATIONS = 2.5;
/** the standard deviation of the median of normal values per that of the values, times the square root of their count */
const MEDIAN_SD_FACTOR = 1.2533;
/** how far a step's stamps may be off its level, either way, periods: under half a period, so the span rounds to the level */
const LEVEL_EDGE_PERIODS = 0.49;
/** below this, ms, a stamp's distance from its level is the float rounding of stamps on the grid, not jitter */
const STAMP_ROUNDING_MS = 1e-6;
/** the standard deviation of normal values per median absolute deviation */
const SD_PER_MAD = 1.4826;

/**
 * A place where the stamps move to another level of the grid and stay there: ahead (samples were
 * lost before `sample`) or, where there were more samples than time, behind.
 */
export interface GridStep {
  /** the first sample on the new level */
  sample: number;
  /**
   * how long the step into `sample` is with its stamps' jitter taken out, ms: the interval less
   * how far the stamp of `sample` is off the level of the stamps after it, and the stamp before
   * it off the level of those before
   */
  spanMs: number;
  /** whole periods the stamps moved: ahead, the samples lost at the grid's period; behind, negative */
  periods: number;
}

/** Scratch arrays for one grid walk, sized for its windows. */
interface Scratch {
  values: Float64Array;
  sorted: Float64Array;
  levels: Float64Array;
  costs: Float64Array;
  nextCosts: Float64Array;
  from: Int32Array;
  fitted: Int32Array;
}

function newScratch(fitSamples: number): Scratch {
  return {
    values: new Float64Array(fitSamples),
    sorted: new Float64Array(fitSamples),
    levels: new Float64Array(fitSamples + 1),
    costs: new Float64Array(fitSamples + 1),
    nextCosts: new Float64Array(fitSamples + 1),
    from: new Int32Array(fitSamples * (fitSamples + 1)),
    fitted: new Int32Array(fitSamples),
  };
}

/** the median of values[0, count), count >= 1, sorted in `sorted` */
function medianOf(values: Float64Array, count: number, sorted: Float64Array): number {
  const part = sorted.subarray(0, count);
  part.set(values.subarray(0, count));
  return sortedMedian(part.sort());
}

function offCost(offPeriods: number): number {
  return Math.min(offPeriods * offPeriods, OFF_LEVEL_COST_CAP);
}

/**
 * The whole-period levels, never going down, that fit values[0, count) best (each value's
 * distance from its level squared, capped at OFF_LEVEL_COST_CAP, plus `changeCost` a
 * change): the index into scratch.levels of each value's level, in scratch.fitted. The levels
 * tried are the values rounded, and 0.
 */
function fitLevels(count: number, scratch: Scratch, changeCost = LEVEL_CHANGE_COST): void {
  const { values, levels, from, fitted } = scratch;
  let levelCount = 0;
  for (let k = -1; k < count; k++) {
    const level = k < 0 ? 0 : Math.round(values[k]);
    let known = false;
    for (let j = 0; j < levelCount && !known; j++) known = levels[j] === level;
    if (!known) levels[levelCount++] = level;
  }
  levels.subarray(0, levelCount).sort();
  let costs = scratch.costs;
  let nextCosts = scratch.nextCosts;
  for (let j = 0; j < levelCount; j++) costs[j] = offCost(values[0] - levels[j]);
  for (let k = 1; k < count; k++) {
    // the cheapest level up to j for the value before, kept as j rises
    let bestJ = 0;
    for (let j = 0; j < levelCount; j++) {
      if (costs[j] < costs[bestJ]) bestJ = j;
      const fromJ = costs[j] <= costs[bestJ] + changeCost ? j : bestJ;
      from[k * levelCount + j] = fromJ;
      nextCosts[j] = (fromJ === j ? costs[j] : costs[bestJ] + changeCost) + offCost(values[k] - levels[j]);
    }
    const swap = costs;
    costs = nextCosts;
    nextCosts = swap;
  }
  let j = 0;
  for (let other = 1; other < levelCount; other++) if (costs[other] < costs[j]) j = other;
  for (let k = count - 1; k >= 0; k--) {
    fitted[k] = j;
    if (k > 0) j = from[k * levelCount + j];
  }
}

/**
 * How much the stamps jitter about the grid of `periodMs`, periods: the median absolute
 * deviation of the moves over `runSamples` samples from their median, as a standard deviation,
 * over sqrt(2) (a move holds the jitter of two stamps). Lost samples are a few long moves, which
 * it leaves out. Stamps that jitter together over runs of samples (a batch's, placed from one
 * stamp) move only from run to run: over one sample they would seem not to jitter at all.
 */
export function stampJitterPeriods(timesMs: Float64Array, sampleCount: number, periodMs: number, runSamples = 1): number {
  const moves = sampleCount - runSamples;
  if (moves < 1) return 0;
  const stride = Math.max(1, Math.ceil(moves / JITTER_INTERVALS));
  const offs = new Float64Array(Math.ceil(moves / stride));
  for (let i = runSamples, k = 0; i < sampleCount; i += stride, k++) offs[k] = (timesMs[i] - timesMs[i - runSamples]) / periodMs - runSamples;
  const sorted = offs.sort();
  const middle = sorted[sorted.length >> 1];
  for (let k = 0; k < sorted.length; k++) sorted[k] = Math.abs(sorted[k] - middle);
  sorted.sort();
  return (SD_PER_MAD * sorted[sorted.length >> 1]) / Math.SQRT2;
}

/** times the rough period is taken as the mean of the intervals near the one before */
const ROUGH_PASSES = 2;
/** an interval within this many periods of the rough one, either way, is in its mean */
const NEAR_INTERVAL_PERIODS = 0.5;

/**
 * The period roughly, from `spanMs` (a median span): the mean of the intervals within
 * NEAR_INTERVAL_PERIODS of it, either way, twice. Lost samples make a few intervals of two periods
 * and more, left out; stamps that jitter make intervals either side of the period, taken alike
 * (leaving out only the long ones would make it short). A median span alone is long where samples
 * are lost now and then: every span with a gap in it is.
 */
export function roughPeriodMs(timesMs: Float64Array, sampleCount: number, spanMs: number): number {
  let periodMs = spanMs;
  for (let pass = 0; pass < ROUGH_PASSES; pass++) {
    let sumMs = 0;
    let count = 0;
    for (let i = 1; i < sampleCount; i++) {
      const intervalMs = timesMs[i] - timesMs[i - 1];
      if (Math.abs(intervalMs - periodMs) <= NEAR_INTERVAL_PERIODS * periodMs) {
        sumMs += intervalMs;
        count++;
      }
    }
    if (count > 0) periodMs = sumMs / count;
  }
  return periodMs;
}

/**
 * a share of the intervals shorter than half the rough period over this says that the stamps
 * jitter past it: lost samples make no interval shorter than a period, and stamps late every
 * other sample by a third of one (7 and 13 ms at 100 Hz) none under half of one. Then late stamps
 * make intervals as long as those of lost samples, the mean of the intervals near the period is
 * no longer the period, and the median span is the better start
 */
const SHORT_INTERVALS_SHARE = 0.01;

/**
 * The period to look for the grid's steps at: the rough period of the intervals (roughPeriodMs)
 * or, where the stamps jitter too much for it, the median span made exact by the moves of block
 * medians (blockPeriodMs). The rough period needs no more, as its intervals keep clear of those
 * of lost samples, and would be made worse: stamps late every other sample put the median of an
 * odd block on one kind of stamp or the other by turns, a move of a third of a period each time.
 */
export function startPeriodMs(timesMs: Float64Array, sampleCount: number, spanMs: number): number {
  const roughMs = roughPeriodMs(timesMs, sampleCount, spanMs);
  let short = 0;
  for (let i = 1; i < sampleCount; i++) if (timesMs[i] - timesMs[i - 1] < 0.5 * roughMs) short++;
  if (short <= SHORT_INTERVALS_SHARE * (sampleCount - 1)) return roughMs;
  let periodMs = spanMs;
  for (let blockSamples = MIN_BLOCK_SAMPLES; blockSamples <= MAX_BLOCK_SAMPLES; blockSamples = 2 * blockSamples + 1) {
    for (let pass = 0; pass < BLOCK_PASSES; pass++) periodMs = blockPeriodMs(timesMs, sampleCount, periodMs, blockSamples);
  }
  return periodMs;
}

/** samples a block's median is taken over for the period: from the least, over twice as many and one each time, up to the most */
const MIN_BLOCK_SAMPLES = 5;
const MAX_BLOCK_SAMPLES = 63;
/** times the period is made exact over blocks of one size */
const BLOCK_PASSES = 2;

/**
 * The period the stamps keep, from `roughMs`: the medians of the stamps' places on the grid of
 * `roughMs` over blocks of `blockSamples` samples (odd) move from block to block by as much as the
 * period is off (the median of the moves' parts over whole periods) and by the samples lost
 * between the blocks (each move less that, rounded). The count over the time from the first block
 * to the last then gives the period. Medians of blocks, not single stamps: stamps jittering by
 * half a period or more put single stamps a period off, but fewer blocks, the longer they are;
 * short blocks take a start further off (a block's move over whole periods stays under half of one).
 * The median of an odd block is one stamp's place, on one level or the other where a gap splits
 * the block: the moves into it and out of it add up to the gap.
 */
export function blockPeriodMs(timesMs: Float64Array, sampleCount: number, roughMs: number, blockSamples: number): number {
  const blocks = Math.floor(sampleCount / blockSamples);
  if (blocks < 3) return roughMs;
  const firstMs = timesMs[0];
  const block = new Float64Array(blockSamples);
  const medians = new Float64Array(blocks);
  for (let b = 0; b < blocks; b++) {
    for (let k = 0; k < blockSamples; k++) {
      const i = b * blockSamples + k;
      block[k] = (timesMs[i] - firstMs) / roughMs - i;
    }
    block.sort();
    medians[b] = block[blockSamples >> 1];
  }
  const parts = new Float64Array(blocks - 1);
  for (let b = 1; b < blocks; b++) {
    const move = medians[b] - medians[b - 1];
    parts[b - 1] = move - Math.round(move);
  }
  const driftPeriods = parts.sort()[parts.length >> 1];
  let lostPeriods = 0;
  for (let b = 1; b < blocks; b++) lostPeriods += Math.round(medians[b] - medians[b - 1] - driftPeriods);
  // (blocks - 1) * blockSamples samples, and those lost, from the first block's middle to the last's
  const samples = (blocks - 1) * blockSamples;
  return (roughMs * (medians[blocks - 1] - medians[0] + samples)) / (samples + lostPeriods);
}

/**
 * The places the stamps move to another level of the grid of `periodMs` and stay there, in
 * order; `runSamples`: samples whose stamps jitter together (a batch's). `timesMs` must increase. Linear in sampleCount: each sample is looked at a bounded number
 * of times, with a median or a fit over a window of bounded size where it is off its level.
 */
export function findGridSteps(timesMs: Float64Array, sampleCount: number, periodMs: number, runSamples = 1): GridStep[] {
  const steps: GridStep[] = [];
  if (sampleCount < 2) return steps;
  const jitterPeriods = stampJitterPeriods(timesMs, sampleCount, periodMs, runSamples);
  // runs that jitter together count as one stamp each in the medians
  const windowSamples = Math.min(MAX_GRID_WINDOW_SAMPLES, Math.max(MIN_GRID_WINDOW_SAMPLES, runSamples * Math.ceil(WINDOW_PER_JITTER_SQUARED * jitterPeriods * jitterPeriods)));
  const scratch = newScratch(windowSamples + LOOKBACK_SAMPLES);
  const { values, fitted, levels } = scratch;
  const firstMs = timesMs[0];
  // where sample i is against the grid, periods: 0 for sample 0, +1 for each sample lost before it
  const placeOf = (i: number): number => (timesMs[i] - firstMs) / periodMs - i;
  // each sample's place with the grid's moves before it taken out: the level is their median
  const placed = new Float64Array(sampleCount);
  // whole periods the grid has moved at the steps so far
  let movedPeriods = 0;

  /**
   * how far beyond the half period the median of the window from sample i on must be: nothing
   * where the window is whole, or the stamps are on the grid; where the file's end cuts it short,
   * as far as its median's noise beyond that of a whole window
   */
  const marginFrom = (i: number): number => {
    const count = Math.min(sampleCount - i, windowSamples);
    return SHORT_WINDOW_DEVIATIONS * MEDIAN_SD_FACTOR * jitterPeriods * Math.sqrt(runSamples) * (1 / Math.sqrt(count) - 1 / Math.sqrt(windowSamples));
  };
  const stayAhead = (i: number): boolean => offFrom(i) > OFF_LEVEL_PERIODS + marginFrom(i);

  // the level of the first samples: their median, moved to the level the first sample has in the
  // fit of their levels, so that a gap among them is found as any other
  const firstCount = Math.min(sampleCount, windowSamples);
  for (let k = 0; k < firstCount; k++) values[k] = placeOf(k);
  let level = medianOf(values, firstCount, scratch.sorted);
  for (let k = 0; k < firstCount; k++) values[k] -= level;
  fitLevels(firstCount, scratch, FIRST_LEVEL_CHANGE_COST);
  level += levels[fitted[0]];
  let levelAt = 0;
  let lastStep = 0;
  // the fit of levels found no step before this sample: the samples up to it need no other look
  let noStepBefore = 0;
  placed[0] = placeOf(0);

  const levelBefore = (i: number): number => {
    const from = Math.max(0, i - windowSamples);
    values.set(placed.subarray(from, i));
    return medianOf(values, i - from, scratch.sorted);
  };
  /** the median over the window from sample i on of how far the stamps are off the level, periods */
  const offFrom = (i: number): number => {
    const to = Math.min(sampleCount, i + windowSamples);
    for (let k = i; k < to; k++) values[k - i] = placeOf(k) - movedPeriods - level;
    return medianOf(values, to - i, scratch.sorted);
  };

  for (let i = 1; i < sampleCount; i++) {
    if (i - levelAt >= LEVEL_EVERY_SAMPLES) {
      level = levelBefore(i);
      levelAt = i;
    }
    const offPeriods = placeOf(i) - movedPeriods - level;
    if (i >= noStepBefore && offPeriods > OFF_LEVEL_PERIODS && !stayAhead(i)) {
      // a late stamp: with most of the window from it on the level, no step is in its first half
      noStepBefore = i + (windowSamples >> 2);
    } else if (i >= noStepBefore && offPeriods > OFF_LEVEL_PERIODS) {
      // the stamps stay ahead: samples were lost at i, a few samples before it, or further on in
      // the window. The fit of levels over the samples says where (a late stamp before the lost
      // ones, or an early one after them, moves no level), and by how many whole periods
      const from = Math.max(lastStep + 1, i - LOOKBACK_SAMPLES);
      const to = Math.min(sampleCount, i + windowSamples);
      for (let k = from; k < to; k++) values[k - from] = placeOf(k) - movedPeriods - level;
      fitLevels(to - from, scratch);
      let first = 0;
      while (first < to - from && levels[fitted[first]] <= 0) first++;
      const sample = from + first;
      if (sample > i + LOOKBACK_SAMPLES || first === to - from) {
        // no step here: the stamp at i is late, and the samples up to the fit's first step are on this level
        noStepBefore = sample - LOOKBACK_SAMPLES;
      } else {
        const periods = levels[fitted[first]];
        // the stamps at this level: their median is how far ahead they are, the stamp of `sample` one of them
        let end = first + 1;
        while (end < to - from && fitted[end] === fitted[first]) end++;
        const ownAhead = values[first];
        values.copyWithin(0, first, end);
        // within the fit's level, kept off its rounding edges: the span is then as many periods and one as it says
        const ahead = Math.min(periods + LEVEL_EDGE_PERIODS, Math.max(periods - LEVEL_EDGE_PERIODS, medianOf(values, end - first, scratch.sorted)));
        // the stamps of `sample` and of the one before it off their levels: the interval less both is the span
        let jitterMs = (ownAhead - ahead - (placeOf(sample - 1) - movedPeriods - level)) * periodMs;
        // the float rounding of stamps exactly on the grid: their interval is the span
        if (Math.abs(jitterMs) < STAMP_ROUNDING_MS) jitterMs = 0;
        steps.push({ sample: sample, spanMs: timesMs[sample] - timesMs[sample - 1] - jitterMs, periods: periods });
        movedPeriods += periods;
        // on from the step, at the level of the samples before it (those after it are placed again)
        for (let k = i; k < sample; k++) placed[k] = placeOf(k) - movedPeriods + periods;
        lastStep = sample;
        level = levelBefore(sample);
        levelAt = sample;
        placed[sample] = placeOf(sample) - movedPeriods;
        i = sample;
        continue;
      }
    } else if (offPeriods < -OFF_LEVEL_PERIODS) {
      // the stamps fell behind the level and stay there: more samples than time, no gap, but the
      // level they are on from here on
      const behind = offFrom(i);
      if (behind < -OFF_LEVEL_PERIODS - marginFrom(i)) {
        const periods = Math.round(behind);
        steps.push({ sample: i, spanMs: timesMs[i] - timesMs[i - 1], periods: periods });
        movedPeriods += periods;
        lastStep = i;
      }
    }
    placed[i] = placeOf(i) - movedPeriods;
  }
  return steps;
}
