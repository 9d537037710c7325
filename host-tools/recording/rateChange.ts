// A sample rate that changes inside a recording (time stamps 10 ms apart, then 20 ms apart from
// some line on). Read at one rate, every step of the other would be a one-sample gap, or samples
// crowded into the wrong times. A gap is a single long step with the period back after it; a
// change keeps the new period. Spans over PERIOD_SPAN_SAMPLES samples see through stamping jitter,
// and a gap lengthens only the few spans over it; a stretch of spans all at another period, alike
// among themselves, is a change. Lost samples at random make spans of every length, not one.
import { PERIOD_SPAN_SAMPLES, medianSpanPeriodMs } from './sampleRate';

/** a span further than this fraction from the nominal period (either way) is at another rate */
const OTHER_RATE_FRACTION = 0.2;
/**
 * spans at another rate, one after another, that make a change rather than gaps: a gap lengthens
 * PERIOD_SPAN_SAMPLES spans, two gaps close together twice that many
 */
const MIN_CHANGED_SPANS = 4 * PERIOD_SPAN_SAMPLES;
/** the spans of a change lie within this fraction of their median ... */
const ALIKE_FRACTION = 0.1;
/** ... all but this share of them (a gap inside the new rate's stretch lengthens a few) */
const UNALIKE_SHARE = 0.2;

export interface RateChange {
  /** the period the samples before `sample` are at (their median span), ms a sample */
  beforePeriodMs: number;
  /** the period from `sample` on, ms a sample */
  afterPeriodMs: number;
  /** the first sample stamped at the new period after the one before it */
  sample: number;
  /** the samples from `sample` on at afterPeriodMs, give or take a step where stamps jitter */
  samplesAfter: number;
}

/**
 * The first sustained change of the sample period; undefined when none. The period the file starts
 * at is the reference (the median over the whole file would fall between two rates held about as
 * long). `timesMs` must increase.
 */
export function findRateChange(timesMs: Float64Array, sampleCount: number): RateChange | undefined {
  const span = PERIOD_SPAN_SAMPLES;
  if (sampleCount < span + MIN_CHANGED_SPANS + 1) return undefined;
  const spanCount = sampleCount - span;
  const spansMs = new Float64Array(spanCount);
  for (let i = 0; i < spanCount; i++) spansMs[i] = (timesMs[i + span] - timesMs[i]) / span;
  // shorter than a change, so a change it holds most of is too short to be told from gaps
  const startPeriodMs = medianOf(spansMs.subarray(0, MIN_CHANGED_SPANS));
  const isOther = (spanMs: number): boolean =>
    spanMs > startPeriodMs * (1 + OTHER_RATE_FRACTION) || spanMs < startPeriodMs / (1 + OTHER_RATE_FRACTION);
  for (let first = 0; first < spanCount; ) {
    if (!isOther(spansMs[first])) {
      first++;
      continue;
    }
    let end = first;
    while (end < spanCount && isOther(spansMs[end])) end++;
    const otherPeriodMs = end - first >= MIN_CHANGED_SPANS ? alikePeriodMs(spansMs.subarray(first, end)) : undefined;
    if (otherPeriodMs !== undefined) {
      const sample = firstStepAt(timesMs, first, Math.min(sampleCount, first + span + 1), startPeriodMs, otherPeriodMs);
      return {
        beforePeriodMs: medianSpanPeriodMs(timesMs, sample, span),
        afterPeriodMs: otherPeriodMs,
        sample: sample,
        // the last span at the other period ends on the stretch's last sample, give or take a step jitter moves
        samplesAfter: Math.min(sampleCount, end + span) - sample,
      };
    }
    first = end;
  }
  return undefined;
}

function medianOf(values: Float64Array): number {
  const sorted = Float64Array.from(values).sort();
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** the median of the spans, where nearly all are alike; undefined where they spread (lost samples at random) */
function alikePeriodMs(spansMs: Float64Array): number | undefined {
  const medianMs = medianOf(spansMs);
  let unalike = 0;
  for (let i = 0; i < spansMs.length; i++) {
    if (Math.abs(spansMs[i] - medianMs) > ALIKE_FRACTION * medianMs) unalike++;
  }
  return unalike <= UNALIKE_SHARE * spansMs.length ? medianMs : undefined;
}

/**
 * The first sample in [from, to) whose step from the one before is nearer (by ratio) to toMs than
 * to fromMs; `from` when none is (stamps that jitter more than the change, which spans still show).
 */
function firstStepAt(timesMs: Float64Array, from: number, to: number, fromMs: number, toMs: number): number {
  const splitMs = Math.sqrt(fromMs * toMs);
  for (let i = Math.max(1, from); i < to; i++) {
    const stepMs = timesMs[i] - timesMs[i - 1];
    if (toMs > fromMs ? stepMs > splitMs : stepMs < splitMs) return i;
  }
  return from;
}
