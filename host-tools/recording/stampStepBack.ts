// A time stamp that goes back by less than a sample period, the next one going on past the stamp
// before it. Not a clock that started again (the next stamp would stay before), and in real device
// files rarely a damaged stamp: stamps that jitter by more than half a period (a logger stamping
// each sample as it is handed over, at 208 Hz) cross now and then, and a clock set back by one to
// two periods (a logger's clock corrected by its host) steps back by less than one. The sample is
// in its place in the file; only its stamp is off, so it is read there, its time halfway between
// the samples either side (the times must rise). Told from a damaged stamp by the stamps around
// it: those before it jitter by as much as it steps back, or those after go on from it a period
// at a time (the clock was set back). A stamp off in exact stamps, the next going on from before
// it (0, 10, 20, 15, 30), stays a damaged one, as does one that steps back by a period or more.
import { sortedMedian } from './sortedMedian';

/** the intervals before a stamp that steps back whose median gives the period, at most */
export const STEP_BACK_INTERVALS = 16;
/** and at least: fewer tell no period */
const MIN_INTERVALS = 4;

/**
 * `intervalsMs`: the intervals between the stamps before `beforeMs` (the stamp stepped back from),
 * in the same stretch; `afterMs` the stamp that stepped back, `nextMs` the one after it
 */
export function isStampStepBack(intervalsMs: Float64Array, beforeMs: number, afterMs: number, nextMs: number): boolean {
  if (intervalsMs.length < MIN_INTERVALS || !(nextMs > beforeMs)) return false;
  const sorted = Float64Array.from(intervalsMs).sort();
  const periodMs = sortedMedian(sorted);
  const backMs = beforeMs - afterMs;
  if (!(periodMs > 0) || !(backMs > 0) || backMs >= periodMs) return false;
  // stamps that jitter about as much as this one steps back, or a clock set back: the next a period on from it
  const jitterMs = sorted[sorted.length - 1] - sorted[0];
  return jitterMs >= backMs || Math.abs(nextMs - afterMs - periodMs) < periodMs / 2;
}
