// Sample rate and gaps of a recording from its time stamps (ms). The median of spans over a few
// samples gives the period roughly: over single intervals it would follow the stamping jitter (a
// logger whose intervals alternate 7 and 13 ms at 100 Hz has either as its median); the grid's
// start period is made from it (stampGrid.ts startPeriodMs). Gaps are where
// the stamps move ahead of the grid the sample count gives and stay there (stampGrid.ts), not
// single long intervals: stamps that jitter make long intervals that the next ones make up for.
// The rate is then the count over the time: the samples, and those the gaps lost, over the time
// from the first stamp to the last. A mean over the intervals that are not long would leave out
// the long intervals of stamps that jitter but keep their short ones, a rate too fast (1.5 ms of
// jitter at 104 Hz gave 104.7 Hz). Whole-ms stamps at 104 Hz (9, 10, 10, 9, ...) give 104 Hz.
import { findGridSteps, startPeriodMs } from './stampGrid';

/**
 * a gap is where the stamps move ahead of the grid by more than this many periods, less one, and
 * stay there: with stamps on the grid, where an interval is longer than this many periods
 */
export const GAP_THRESHOLD_PERIODS = 1.5;

export interface SampleRateEstimate {
  /** rate to run at, whole Hz */
  rateHz: number;
  /** the rate the stamps keep: samples, and those the gaps lost, over the time they span, Hz (not rounded) */
  meanRateHz: number;
  /** the nominal period: the median over spans of PERIOD_SPAN_SAMPLES samples, ms a sample */
  medianIntervalMs: number;
}

export interface RecordingGap {
  /** time stamp of the last sample before the gap, ms on the recording clock */
  startMs: number;
  /** time stamp of the first sample after it */
  endMs: number;
  /** samples that would have been there at the nominal rate */
  missingSamples: number;
  /** index of the first sample after the gap */
  beforeSample: number;
  /**
   * the pod's detector started afresh in this gap (it restarted, or its recording was stopped and
   * started again): where the new detector's clock starts on the recording clock (its sample 0,
   * at or before the first sample after the gap), and whether the old recording was finished
   * (its last window summarised: a recording stopped, not a pod that went down)
   */
  restart?: { clockZeroMs: number; finished: boolean };
  /**
   * why samples are missing, where it is known: 'clockRestart', a CSV's clock started again
   * (clockRestart.ts; how long the gap is, is not known: missingSamples is 0, and startMs to endMs
   * only places the samples after it); or the causes recording.json gives the pod recording's
   * gaps in this stretch ('disconnect', 'restart', 'rate', ...), comma-separated
   */
  cause?: string;
}

/** samples a span for the nominal period covers: jitter averages out over it, and a gap spoils few spans */
export const PERIOD_SPAN_SAMPLES = 8;

/**
 * times the grid's gaps are found before the rate is taken: at the start period, then at the count
 * over the time that gives (a few gaps missed or too many at a period a little off move it little)
 */
const RATE_PASSES = 2;

/**
 * Undefined when there are fewer than two samples. `timesMs` must increase strictly;
 * `runSamples`: samples whose stamps jitter together (a batch's placed from its one stamp).
 */
export function inferSampleRate(timesMs: Float64Array, sampleCount: number, runSamples = 1): SampleRateEstimate | undefined {
  if (sampleCount < 2) return undefined;
  const medianIntervalMs = medianSpanPeriodMs(timesMs, sampleCount, PERIOD_SPAN_SAMPLES);
  const spanMs = timesMs[sampleCount - 1] - timesMs[0];
  let periods = sampleCount - 1;
  let periodMs = startPeriodMs(timesMs, sampleCount, medianIntervalMs);
  for (let pass = 0; pass < RATE_PASSES; pass++) {
    periods = sampleCount - 1;
    for (const step of findGridSteps(timesMs, sampleCount, periodMs, runSamples)) periods += step.periods;
    periodMs = spanMs / periods;
  }
  const meanRateHz = (periods * 1000) / spanMs;
  return { rateHz: Math.max(1, Math.round(meanRateHz)), meanRateHz: meanRateHz, medianIntervalMs: medianIntervalMs };
}

/**
 * The median over spans of `spanSamples` samples (fewer when there are not that many) of the
 * span's ms a sample, the spans starting every `spanStride` samples; sampleCount >= 2.
 */
export function medianSpanPeriodMs(timesMs: Float64Array, sampleCount: number, spanSamples: number, spanStride = 1): number {
  const span = Math.min(spanSamples, sampleCount - 1);
  const periods = new Float64Array(Math.ceil((sampleCount - span) / spanStride));
  for (let i = 0, k = 0; i + span < sampleCount; i += spanStride, k++) periods[k] = (timesMs[i + span] - timesMs[i]) / span;
  const sorted = periods.sort();
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/**
 * Where the stamps move ahead of the grid and stay there by more than GAP_THRESHOLD_PERIODS - 1
 * periods of `rateHz`, in input order, each with the samples lost at that rate. The grid is that
 * of the rate the stamps keep, `stampRateHz` (inferred when not given): read at another rate
 * (--rate), the stamps still say where samples are missing, and the rate how many. `runSamples`
 * as for inferSampleRate.
 */
export function findGaps(timesMs: Float64Array, sampleCount: number, rateHz: number, stampRateHz?: number, runSamples = 1): RecordingGap[] {
  const periodMs = 1000 / rateHz;
  const gridRateHz = stampRateHz !== undefined ? stampRateHz : sampleCount >= 2 ? inferSampleRate(timesMs, sampleCount, runSamples)!.meanRateHz : rateHz;
  const gapIntervalMs = GAP_THRESHOLD_PERIODS * periodMs;
  const gaps: RecordingGap[] = [];
  for (const step of findGridSteps(timesMs, sampleCount, 1000 / gridRateHz, runSamples)) {
    if (step.periods > 0 && step.spanMs > gapIntervalMs) {
      gaps.push({
        startMs: timesMs[step.sample - 1],
        endMs: timesMs[step.sample],
        missingSamples: Math.round(step.spanMs / periodMs) - 1,
        beforeSample: step.sample,
      });
    }
  }
  return gaps;
}

/**
 * The recording clock at a set rate (--rate): each sample at its index from the first stamp, the
 * samples the gaps lost counted, as the detector times its steps; the gaps found in the stamps
 * between the same samples at those times. The stamps said where samples are missing, not when.
 */
export function timesAtSetRate(stampsMs: Float64Array, sampleCount: number, gaps: readonly RecordingGap[], rateHz: number): { timesMs: Float64Array; gaps: RecordingGap[] } {
  const timesMs = new Float64Array(sampleCount);
  let lost = 0;
  let next = 0;
  for (let i = 0; i < sampleCount; i++) {
    while (next < gaps.length && gaps[next].beforeSample === i) lost += gaps[next++].missingSamples;
    timesMs[i] = stampsMs[0] + ((i + lost) * 1000) / rateHz;
  }
  return { timesMs, gaps: gaps.map((gap) => ({ ...gap, startMs: timesMs[gap.beforeSample - 1], endMs: timesMs[gap.beforeSample] })) };
}
