// Time stamps that come in batches: a logger that takes the samples from a sensor or a radio link
// a batch at a time (a FIFO read, a BLE notification of 13 samples) and stamps each batch with the
// time it arrived, so that every sample in it has the same stamp, or stamps a fraction of a ms
// apart. Read as they are, the samples of a batch are crowded together (a rate of 10000 Hz)
// and the time between batches is a gap of all but one of them. The samples were taken at the
// rate the batches give: the samples of a batch over the time since the batch before. A stamp is
// when its batch came, after its last sample was taken, so each batch's samples are placed at that
// rate ending at the batch's stamp; the next batch then starts a period after it, whatever its
// size. Where in the time before its stamp a batch was taken is not in the file: a sample's time
// is off by the logger's latency, the same for every batch, and by how much the arrival jitters.

/** a step shorter than this share of the mean step is within a batch: between two batches a batch's time passes */
const WITHIN_BATCH_STEP_SHARE = 0.25;
/** batches of fewer samples than this are not told from stamps that jitter or are rounded (two on a stamp) */
export const MIN_BATCH_SAMPLES = 3;
/** fewer batches than this are too few to tell */
const MIN_BATCHES = 8;
/** at least this share of the samples are in batches of MIN_BATCH_SAMPLES or more (the first and last may be cut) */
const BATCHED_SAMPLES_SHARE = 0.9;
/**
 * a batch's own period (the time since the batch before over its samples) within this share of
 * the median one keeps the rate; at least half the batches do where their arrival jitters by up to
 * a sample period (a whole batch lost makes one period twice as long)
 */
const BATCH_PERIOD_SHARE = 0.25;
const BATCHES_AT_RATE_SHARE = 0.5;

export interface BatchedStamps {
  /** samples in the batches, the median of them, and the fewest and most */
  samplesPerBatch: number;
  fewestSamples: number;
  mostSamples: number;
  batches: number;
  /**
   * the period the batches give, ms: the samples of the batches at it (their own period within
   * BATCH_PERIOD_SHARE of the median) over the time since the batches before them
   */
  periodMs: number;
  /** how far apart the stamps in a batch are at most, ms (0: all on one stamp) */
  spreadMs: number;
  /**
   * each sample's time, ms: a batch's samples periodMs apart, the last at the batch's first stamp
   * (closer together where the batch came early, so that the times increase)
   */
  timesMs: Float64Array;
}

/** Why stamps that come in batches are not read as such: their batches do not keep to one rate. */
export interface BatchedStampsMisfit {
  samplesPerBatch: number;
  batches: number;
  /** the share of the batches whose own period is within BATCH_PERIOD_SHARE of the median one */
  atRateShare: number;
}

/**
 * The stamps make MIN_BATCHES batches or more (a step of `withinMs` or more starts one), and
 * BATCHED_SAMPLES_SHARE of the samples are in batches of MIN_BATCH_SAMPLES or more. Counted
 * before any batch is kept: stamps that do not come in batches, as most do not, make each sample
 * a batch of its own, and a 4 h file at 208 Hz would keep 3 million of them to be told so.
 */
function comeInBatches(timesMs: Float64Array, sampleCount: number, withinMs: number): boolean {
  let batches = 0;
  let batchedSamples = 0;
  let start = 0;
  for (let i = 1; i <= sampleCount; i++) {
    if (i < sampleCount && !(timesMs[i] - timesMs[i - 1] >= withinMs)) continue;
    batches++;
    if (i - start >= MIN_BATCH_SAMPLES) batchedSamples += i - start;
    start = i;
  }
  return batches >= MIN_BATCHES && batchedSamples >= BATCHED_SAMPLES_SHARE * sampleCount;
}

/**
 * The batches in `timesMs` (which must not decrease), read as samples at the rate they give;
 * a misfit where the stamps come in batches that keep to no rate; undefined where the stamps do
 * not come in batches.
 */
export function findBatchedStamps(timesMs: Float64Array, sampleCount: number): BatchedStamps | BatchedStampsMisfit | undefined {
  if (sampleCount < MIN_BATCHES * MIN_BATCH_SAMPLES) return undefined;
  const meanStepMs = (timesMs[sampleCount - 1] - timesMs[0]) / (sampleCount - 1);
  if (!(meanStepMs > 0)) return undefined;
  const withinMs = WITHIN_BATCH_STEP_SHARE * meanStepMs;
  if (!comeInBatches(timesMs, sampleCount, withinMs)) return undefined;
  // the first sample of each batch, then sampleCount
  const starts: number[] = [0];
  for (let i = 1; i < sampleCount; i++) if (timesMs[i] - timesMs[i - 1] >= withinMs) starts.push(i);
  starts.push(sampleCount);
  const batches = starts.length - 1;
  const sizes = new Float64Array(batches);
  let spreadMs = 0;
  for (let b = 0; b < batches; b++) {
    sizes[b] = starts[b + 1] - starts[b];
    spreadMs = Math.max(spreadMs, timesMs[starts[b + 1] - 1] - timesMs[starts[b]]);
  }
  const sortedSizes = Float64Array.from(sizes).sort();
  const samplesPerBatch = sortedSizes[batches >> 1];
  // each batch's own period: its samples were taken since the batch before came
  const periods = new Float64Array(batches - 1);
  for (let b = 1; b < batches; b++) periods[b - 1] = (timesMs[starts[b]] - timesMs[starts[b - 1]]) / sizes[b];
  const sortedPeriods = Float64Array.from(periods).sort();
  const medianMs = sortedPeriods[sortedPeriods.length >> 1];
  // the count over the time of the batches at the rate (a lost batch's time is left out)
  let atRate = 0;
  let atRateMs = 0;
  let atRateSamples = 0;
  for (let b = 1; b < batches; b++) {
    if (Math.abs(periods[b - 1] - medianMs) > BATCH_PERIOD_SHARE * medianMs) continue;
    atRate++;
    atRateMs += timesMs[starts[b]] - timesMs[starts[b - 1]];
    atRateSamples += sizes[b];
  }
  const atRateShare = atRate / periods.length;
  if (atRateShare < BATCHES_AT_RATE_SHARE) return { samplesPerBatch: samplesPerBatch, batches: batches, atRateShare: atRateShare };
  const periodMs = atRateMs / atRateSamples;
  const placedMs = new Float64Array(sampleCount);
  for (let b = 0; b < batches; b++) {
    const stampMs = timesMs[starts[b]];
    const stepMs = b === 0 ? periodMs : Math.min(periodMs, (stampMs - timesMs[starts[b - 1]]) / sizes[b]);
    for (let i = starts[b]; i < starts[b + 1]; i++) placedMs[i] = stampMs - (starts[b + 1] - 1 - i) * stepMs;
  }
  return {
    samplesPerBatch: samplesPerBatch,
    fewestSamples: sortedSizes[0],
    mostSamples: sortedSizes[batches - 1],
    batches: batches,
    periodMs: periodMs,
    spreadMs: spreadMs,
    timesMs: placedMs,
  };
}

export function isBatchedMisfit(found: BatchedStamps | BatchedStampsMisfit): found is BatchedStampsMisfit {
  return (found as BatchedStamps).timesMs === undefined;
}
