// The rate a pod's raw batches were sampled at, from the batches themselves: samples over the pod
// time they span. For a restarted boot whose status never came (the link went, or the session
// ended first): its batches are otherwise written at the session's rate, and a boot that came
// back at its saved rate (52 Hz) would have its samples timed twice as fast.

/** a raw batch as the link decodes it: its sample count and the pod time it was sent at */
export interface TimedBatch {
  sampleCount: number;
  deviceTimeMs: number;
}

/** batches whose rate is told: the samples of all but the first over the time from the first to the last */
export const BATCHES_FOR_RATE = 3;
/** how far the measured rate may be from a rate the pod samples at, as a fraction of it */
const RATE_MATCH_FRACTION = 0.15;

/**
 * The one of `ratesHz` the batches were sampled at, where at least BATCHES_FOR_RATE of them, in
 * the order sent, put their samples within RATE_MATCH_FRACTION of it; undefined where they do not
 */
export function rateOfBatches(batches: readonly TimedBatch[], ratesHz: readonly number[]): number | undefined {
  if (batches.length < BATCHES_FOR_RATE) return undefined;
  const spanMs = batches[batches.length - 1].deviceTimeMs - batches[0].deviceTimeMs;
  if (!(spanMs > 0)) return undefined;
  let samples = 0;
  for (let i = 1; i < batches.length; i++) samples += batches[i].sampleCount;
  const measuredHz = (samples * 1000) / spanMs;
  for (const rateHz of ratesHz) if (Math.abs(measuredHz - rateHz) <= RATE_MATCH_FRACTION * rateHz) return rateHz;
  return undefined;
}
