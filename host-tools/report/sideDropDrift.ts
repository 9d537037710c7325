// Pelvic drop drift per stance side (cdeg), from the pod's window medians of each side against the
// same side's median over the windows the pod took its drift baseline from. The pod's own drop
// drift is of both sides' steps together: for a runner who drops more on one side, that median
// lands on the one side or the other as a window holds more left or right steps, so it swings by
// the L/R difference from window to window, and a side that tires alone barely moves it.
import { QUALITY_DROP } from '../../firmware/core/summaryRecord';
import { driftBaselines } from './driftBaseline';
import { ReportWindow } from './reportData';
import { medianOf } from './reportStats';

export interface SideDropDrift {
  /** left stance (the right side drops): the window's median less the baseline's */
  leftCdeg: number;
  rightCdeg: number;
  /** the baseline's medians, the run's first ~2 minutes of running */
  baselineLeftCdeg: number;
  baselineRightCdeg: number;
}

/**
 * Each window with the pod's drift bit and both sides' drop, with its drift per side against the
 * windows of its baseline (driftBaseline.ts) that have both sides' drop.
 */
export function sideDropDrifts(windows: readonly ReportWindow[]): Map<ReportWindow, SideDropDrift> {
  const out = new Map<ReportWindow, SideDropDrift>();
  const withDrop = (w: ReportWindow) => !w.formMissing && (w.quality & QUALITY_DROP) !== 0;
  const medians = new Map<ReportWindow[], { leftCdeg: number; rightCdeg: number } | undefined>();
  for (const [w, baselineWindows] of driftBaselines(windows)) {
    if (!medians.has(baselineWindows)) {
      const from = baselineWindows.filter(withDrop);
      medians.set(baselineWindows, from.length > 0
        ? { leftCdeg: medianOf(from.map((b) => b.dropLeftCdeg)), rightCdeg: medianOf(from.map((b) => b.dropRightCdeg)) } : undefined);
    }
    const baseline = medians.get(baselineWindows);
    if (baseline === undefined || !withDrop(w)) continue;
    out.set(w, {
      leftCdeg: w.dropLeftCdeg - baseline.leftCdeg, rightCdeg: w.dropRightCdeg - baseline.rightCdeg,
      baselineLeftCdeg: baseline.leftCdeg, baselineRightCdeg: baseline.rightCdeg,
    });
  }
  return out;
}
