// Sample rate and gaps of a recording from its time stamps (ms). The median of spans over a few
// samples gives the nominal period robustly: over single intervals it would follow the stamping
// jitter (a logger whose intervals alternate 7 and 13 ms at 100 Hz has either as its median, and
// 7 would make every 13 a gap). The mean over the intervals that are not gaps then refines it,
// so time stamps rounded to whole ms (104 Hz: 9, 10, 10, 9, ...) still give 104 Hz, not 100.

/** an interval longer than this many nominal periods is a gap */
export const GAP_THRESHOLD_PERIODS = 1.5;

export interface SampleRateEstimate {
  /** rate to run at, whole Hz */
  rateHz: number;
  /** mean rate over the intervals that are not gaps, Hz (not rounded) */
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
}

/** samples a span for the nominal period covers: jitter averages out over it, and a gap spoils few spans */
export const PERIOD_SPAN_SAMPLES = 8;

/** Undefined when there are fewer than two samples. `timesMs` must increase strictly. */
export function inferSampleRate(timesMs: Float64Array, sampleCount: number): SampleRateEstimate | undefined {
  if (sampleCount < 2) return undefined;
  const intervals = new Float64Array(sampleCount - 1);
  for (let i = 1; i < sampleCount; i++) intervals[i - 1] = timesMs[i] - timesMs[i - 1];
  const medianIntervalMs = medianSpanPeriodMs(timesMs, sampleCount, PERIOD_SPAN_SAMPLES);
  const gapIntervalMs = GAP_THRESHOLD_PERIODS * medianIntervalMs;
  let sumMs = 0;
  let count = 0;
  for (let i = 0; i < intervals.length; i++) {
    if (intervals[i] <= gapIntervalMs) {
      sumMs += intervals[i];
      count++;
    }
  }
  const meanRateHz = (count * 1000) / sumMs;
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

/** Intervals longer than GAP_THRESHOLD_PERIODS nominal periods, in input order. */
export function findGaps(timesMs: Float64Array, sampleCount: number, rateHz: number): RecordingGap[] {
  const periodMs = 1000 / rateHz;
  const gapIntervalMs = GAP_THRESHOLD_PERIODS * periodMs;
  const gaps: RecordingGap[] = [];
  for (let i = 1; i < sampleCount; i++) {
    const intervalMs = timesMs[i] - timesMs[i - 1];
    if (intervalMs > gapIntervalMs) {
      gaps.push({
        startMs: timesMs[i - 1],
        endMs: timesMs[i],
        missingSamples: Math.round(intervalMs / periodMs) - 1,
        beforeSample: i,
      });
    }
  }
  return gaps;
}
