// Cadence from strides: each step time (ms) joined with the next, so the two steps of a stride
// count together however unequal they are (a step of 19.5 samples, its contacts caught early and
// late on the sample grid by turns; a limp); steps per minute over the strides near the median
// stride, so a missed or extra step drops out.
import { kernelSum } from './kernel';
import { StepRecord } from './stepRecord';

/** a stride more than 1/2^STRIDE_BAND_SHIFT (12.5 %) from the median stride is left out */
const STRIDE_BAND_SHIFT = 3;

/**
 * Steps per minute, rounded, from step times in the order they were taken, stepsMs[0 .. count - 1]
 * (count at most stepsMs.length; contact to contact, ms, positive, each below 2^14 so that two fit
 * the array: running steps end at maxRunningStepMs, 800 ms by default, walking steps at 1100 ms).
 * The times are overwritten: the first count - 1 entries become the strides (sums of consecutive
 * times), sorted. Strides more than 12.5 % from the median stride (the upper middle one) are left
 * out, and as many again from the other end, so the mean stays centred; cadence is twice the
 * number of strides kept over the time they span. A missed step makes the strides either side of
 * it one and a half long, an extra one makes them short: they drop out, and the cadence moves by
 * their share of the time, not by a step. One contact timed early makes one stride short and the
 * next long by as much: both go or both stay. A pair that spans a stop (two runs in one window) is
 * still two real step times. One step alone gives its own cadence; none gives 0.
 * Bounds: 120000 x strides < 2^31 up to 17,000 strides (a window holds at most 244), and the sum
 * of the strides < 2^31 ms (a window's is below 2^23; a whole run's on the host, a few 10^7).
 */
export function strideCadenceSpm(stepsMs: Int16Array | Int32Array, count: number): number {
  if (count < 1) return 0;
  let strides = count - 1;
  for (let i = 0; i < strides; i++) stepsMs[i] += stepsMs[i + 1];
  // one step alone: a stride of two such steps
  if (strides < 1) {
    stepsMs[0] *= 2;
    strides = 1;
  }
  // one view, as medianInPlace takes: the native typed-array sort (numeric on both engines) and E.sum
  const strideView = stepsMs.subarray(0, strides);
  strideView.sort();
  const medianMs = stepsMs[strides >> 1];
  const bandMs = medianMs >> STRIDE_BAND_SHIFT;
  let sumMs = kernelSum(strideView);
  // cut from both ends while either end lies outside the band, keeping one stride at least (two
  // of an even count: the middle ones)
  let cut = 0;
  while (2 * cut + 2 < strides && (stepsMs[cut] < medianMs - bandMs || stepsMs[strides - 1 - cut] > medianMs + bandMs)) {
    sumMs -= stepsMs[cut] + stepsMs[strides - 1 - cut];
    cut++;
  }
  return ((120000 * (strides - 2 * cut) + (sumMs >> 1)) / sumMs) | 0;
}

/**
 * Gives the step in `rec` its kind, its time (ms from the contact before, 0 when not timed) and
 * its cadence, steps per minute rounded, over the stride it ends: its time joined with the previous
 * step's, which `rec` still holds when that step was of the same kind (the record is core's one,
 * overwritten per step), so a runner whose contacts fall early and late on the sample grid by
 * turns, or who limps, is shown the steady cadence rather than one alternating around it. The
 * first step timed after a stop or a gap: its own time; an untimed step: 0.
 */
export function stepRecordTimed(rec: StepRecord, kind: number, stepMs: number): void {
  const strideMs = stepMs + ((rec.kind === kind && rec.stepMs) || stepMs);
  rec.kind = kind;
  rec.stepMs = stepMs;
  rec.cadenceSpm = stepMs > 0 ? ((120000 + (strideMs >> 1)) / strideMs) | 0 : 0;
}
