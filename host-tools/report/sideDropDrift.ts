// Pelvic drop drift per stance side (cdeg), from the pod's window medians of each side against the
// same side's median over the windows the pod took its drift baseline from. The pod's own drop
// drift is of both sides' steps together: for a runner who drops more on one side, that median
// lands on the one side or the other as a window holds more left or right steps, so it swings by
// the L/R difference from window to window, and a side that tires alone barely moves it.
import { BASELINE_CAPACITY } from '../../firmware/core/coreState';
import { DEFAULT_PIPELINE_SETTINGS } from '../../firmware/core/pipeline';
import { QUALITY_CONTACT, QUALITY_DRIFT, QUALITY_DROP } from '../../firmware/core/summaryRecord';
import { ReportWindow } from './reportData';
import { medianOf } from './reportStats';

/** windows in the pod's drift baseline, as firmware/core/coreState.ts counts them from its settings */
export const POD_BASELINE_WINDOWS = Math.max(1, Math.min(BASELINE_CAPACITY,
  Math.floor(DEFAULT_PIPELINE_SETTINGS.baselineMs / DEFAULT_PIPELINE_SETTINGS.windowMs)));

export interface SideDropDrift {
  /** left stance (the right side drops): the window's median less the baseline's */
  leftCdeg: number;
  rightCdeg: number;
  /** the baseline's medians, the run's first ~2 minutes of running */
  baselineLeftCdeg: number;
  baselineRightCdeg: number;
}

/**
 * Each window with the pod's drift bit and both sides' drop, with its drift per side. The pod
 * takes its baseline from the first POD_BASELINE_WINDOWS windows with enough running steps
 * (QUALITY_CONTACT), and the last of them is its first window with drift; a restart (or a new
 * recording by the button) takes a new one, its windows without drift until it is complete.
 */
export function sideDropDrifts(windows: readonly ReportWindow[]): Map<ReportWindow, SideDropDrift> {
  const out = new Map<ReportWindow, SideDropDrift>();
  const enough = windows.filter((w) => (w.quality & QUALITY_CONTACT) !== 0);
  const withDrop = (w: ReportWindow) => !w.formMissing && (w.quality & QUALITY_DROP) !== 0;
  let baseline: { leftCdeg: number; rightCdeg: number } | undefined;
  let inDrift = false;
  for (let i = 0; i < enough.length; i++) {
    const w = enough[i];
    if ((w.quality & QUALITY_DRIFT) === 0) {
      inDrift = false;
      continue;
    }
    if (!inDrift) {
      inDrift = true;
      const from = enough.slice(Math.max(0, i + 1 - POD_BASELINE_WINDOWS), i + 1).filter(withDrop);
      baseline = from.length > 0
        ? { leftCdeg: medianOf(from.map((b) => b.dropLeftCdeg)), rightCdeg: medianOf(from.map((b) => b.dropRightCdeg)) } : undefined;
    }
    if (baseline === undefined || !withDrop(w)) continue;
    out.set(w, {
      leftCdeg: w.dropLeftCdeg - baseline.leftCdeg, rightCdeg: w.dropRightCdeg - baseline.rightCdeg,
      baselineLeftCdeg: baseline.leftCdeg, baselineRightCdeg: baseline.rightCdeg,
    });
  }
  return out;
}
