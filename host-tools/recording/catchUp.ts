// A logger that stalled, then wrote the samples it had held back: its stamps stop for a while (a
// gap), then come close together, stamped as written, not as taken, until they are back on the
// grid they were on before. The samples were taken at the file's rate; only their stamps are late.
// Read as they are, the stall is a gap and the samples after it crowded together, or, from 16 of
// them on, a stretch at another rate. Told apart by the count: the stall and the stamps after it
// hold as many samples as the period gives for their time. After lost samples the stamps stay
// whole periods off the grid (more time than samples); a stretch at another rate has no stall
// before it, or one it does not fill to the sample.
// Not taken for one, and why:
// - a stall in which samples were also lost (the stamps come back whole periods later than the
//   samples say): which ones were lost is not in the stamps, and a stretch at another rate after
//   a gap ends so too;
// - a catch-up whose stamps repeat (stamps coarser than its steps): a repeat is judged first;
// - a long catch-up written at under twice the rate: its steps near the period, unless crowded
//   enough to be left out, pull the mean step short, and the grid drifts off over it;
// - stamps rounded about as coarse as the period or coarser: their times already come from the
//   samples' indexes (roundedStamps.ts).
import { mostPeriodMs } from './rateChange';
import { GAP_THRESHOLD_PERIODS } from './sampleRate';
import { sortedMedian } from './sortedMedian';

/**
 * samples either side of a stall whose stamps give the grid: the median of how late they are
 * against it (of 16 stamps late by up to half a period, off by about a sixteenth of one)
 */
const GRID_SAMPLES = 16;
/**
 * the fewest samples with no gap between them that tell a grid: lost samples and stamps that
 * jitter can put one or two on any grid
 */
const MIN_GRID_SAMPLES = 4;
/**
 * the stamps either side spread over at most this many periods about the grid: stamps late by up
 * to half a period do; at a period that is not theirs (7 and 13 ms by turns with half the samples
 * lost, read at 16.5 ms) or jitter past it, no grid can be told
 */
const GRID_SPREAD_PERIODS = 0.5;
/**
 * a stamp within this many periods of the grid (either way) is on it: stamps late by up to half a
 * period are within a quarter of one of the median of those around them
 */
const ON_GRID_PERIODS = 0.25;
/**
 * the first sample after a stall is stamped at least this many periods late, a stall of three
 * samples or more: stamps that jitter by under two periods come short of it (lost samples do
 * not, but the stamps after them stay whole periods off the grid)
 */
const MIN_LATE_PERIODS = 2;
/** a step within this many periods of the period is taken for the mean step */
const NEAR_STEP_PERIODS = 0.5;
/**
 * CROWDED_RUN_STEPS steps or more in a row, each shorter than CROWDED_STEP_PERIODS periods, are a
 * crowded run, left out of the mean step: stamps late by up to half a period make at most two in
 * a row (each takes a quarter period off how late the stamps are), a catch-up as many as it holds
 */
const CROWDED_STEP_PERIODS = 0.75;
const CROWDED_RUN_STEPS = 3;
/** times the mean step is taken, each about the one before (from the period most of the file is at) */
const MEAN_PASSES = 2;

export interface CatchUp {
  /** the first sample after the stall */
  firstSample: number;
  /** the first sample after it back on the grid: firstSample ... endSample - 1 were stamped late */
  endSample: number;
  /** the step into firstSample: how long no stamp came, ms */
  stallMs: number;
}

export interface CatchUpStamps {
  /** the period of the grid, ms a sample: the mean step, gaps and catch-ups left out */
  periodMs: number;
  catchUps: CatchUp[];
  /** the stamps with each catch-up's samples placed evenly between the samples either side of it, ms */
  timesMs: Float64Array;
}

/** The catch-ups after stalls in `timesMs` (which must increase) and the stamps re-timed; undefined when there are none. */
export function findCatchUps(timesMs: Float64Array, sampleCount: number): CatchUpStamps | undefined {
  if (sampleCount < 2 * GRID_SAMPLES) return undefined;
  const roughMs = mostPeriodMs(timesMs, sampleCount);
  if (roughMs === undefined) return undefined;
  const periodMs = gridPeriodMs(timesMs, sampleCount, roughMs);
  const catchUps = catchUpsAt(timesMs, sampleCount, periodMs);
  if (catchUps.length === 0) return undefined;
  const retimedMs = timesMs.slice();
  for (const catchUp of catchUps) {
    const before = catchUp.firstSample - 1;
    const stepMs = (timesMs[catchUp.endSample] - timesMs[before]) / (catchUp.endSample - before);
    for (let i = catchUp.firstSample; i < catchUp.endSample; i++) retimedMs[i] = timesMs[before] + (i - before) * stepMs;
  }
  return { periodMs: periodMs, catchUps: catchUps, timesMs: retimedMs };
}

/** the catch-ups after stalls at periodMs */
function catchUpsAt(timesMs: Float64Array, sampleCount: number, periodMs: number): CatchUp[] {
  const gapMs = GAP_THRESHOLD_PERIODS * periodMs;
  const onGridMs = ON_GRID_PERIODS * periodMs;
  const lateScratchMs = new Float64Array(GRID_SAMPLES);
  const catchUps: CatchUp[] = [];
  // the first sample of the grid the samples up to the next gap are on (lost samples move it by whole periods)
  let gridFrom = 0;
  for (let first = 1; first < sampleCount; first++) {
    const stallMs = timesMs[first] - timesMs[first - 1];
    if (stallMs <= gapMs) continue;
    const gridMs = gridPhaseMs(timesMs, Math.max(gridFrom, first - GRID_SAMPLES), first, periodMs, lateScratchMs);
    gridFrom = first;
    if (gridMs === undefined) continue;
    const lateMs = (i: number): number => timesMs[i] - i * periodMs - gridMs;
    if (lateMs(first) < MIN_LATE_PERIODS * periodMs) continue;
    // written faster than taken, up to the first stamp back on the grid, with no gap on the way
    let end = first + 1;
    while (end < sampleCount && lateMs(end) > onGridMs && timesMs[end] - timesMs[end - 1] <= gapMs) end++;
    if (end >= sampleCount || lateMs(end) > onGridMs) continue;
    // crowded, as a logger writes faster than it samples
    if (timesMs[end] - timesMs[first] > CROWDED_STEP_PERIODS * periodMs * (end - first)) continue;
    // and the stamps after it stay there (a stretch at another rate that crosses the grid goes on
    // past it); `end` itself may be the last written, up to ON_GRID_PERIODS late
    let gridEnd = end + 1;
    while (gridEnd < sampleCount && gridEnd - end <= GRID_SAMPLES && timesMs[gridEnd] - timesMs[gridEnd - 1] <= gapMs) gridEnd++;
    const afterMs = gridPhaseMs(timesMs, end + 1, gridEnd, periodMs, lateScratchMs);
    if (afterMs === undefined || Math.abs(afterMs - gridMs) > onGridMs) continue;
    catchUps.push({ firstSample: first, endSample: end, stallMs: stallMs });
    gridFrom = end;
    first = end;
  }
  return catchUps;
}

/**
 * The median of t - i * periodMs over samples [from, to), ms; undefined where they spread over
 * more than GRID_SPREAD_PERIODS, on no one grid, or are fewer than MIN_GRID_SAMPLES. `scratchMs`
 * holds GRID_SAMPLES.
 */
function gridPhaseMs(timesMs: Float64Array, from: number, to: number, periodMs: number, scratchMs: Float64Array): number | undefined {
  const count = to - from;
  if (count < MIN_GRID_SAMPLES) return undefined;
  for (let k = 0; k < count; k++) scratchMs[k] = timesMs[from + k] - (from + k) * periodMs;
  const sorted = scratchMs.subarray(0, count).sort();
  if (sorted[count - 1] - sorted[0] > GRID_SPREAD_PERIODS * periodMs) return undefined;
  return sortedMedian(sorted);
}

/**
 * The mean step within NEAR_STEP_PERIODS of the period, either way, crowded runs left out, ms.
 * Stamps that jitter average out (7 and 13 ms by turns, whole-ms stamps at 104 Hz), which the
 * median span does only to the stamps' resolution, too coarse over a catch-up hundreds of samples
 * long. The steps taken lie as far either side of the period: stamps late by up to 4 ms at
 * 100 Hz step 6 to 14 ms, and leaving out those under 6.7 ms but none over 13.3 (as a gap's 1.5
 * periods either way would) makes the mean 0.6 % long. A catch-up's steps near the period (a
 * logger writing at under twice the rate) would make it short: 100 steps of 5 ms in 13759 at
 * 100 Hz, 0.36 %, put the grid a third of a period off after them.
 */
function gridPeriodMs(timesMs: Float64Array, sampleCount: number, roughMs: number): number {
  let periodMs = roughMs;
  for (let pass = 0; pass < MEAN_PASSES; pass++) {
    const crowdedMs = CROWDED_STEP_PERIODS * periodMs;
    let sumMs = 0;
    let steps = 0;
    for (let i = 1; i < sampleCount; ) {
      // a crowded run: its steps are left out
      let runEnd = i;
      while (runEnd < sampleCount && timesMs[runEnd] - timesMs[runEnd - 1] < crowdedMs) runEnd++;
      if (runEnd - i >= CROWDED_RUN_STEPS) {
        i = runEnd;
        continue;
      }
      const stepMs = timesMs[i] - timesMs[i - 1];
      if (Math.abs(stepMs - periodMs) <= NEAR_STEP_PERIODS * periodMs) {
        sumMs += stepMs;
        steps++;
      }
      i++;
    }
    if (steps > 0) periodMs = sumMs / steps;
  }
  return periodMs;
}
