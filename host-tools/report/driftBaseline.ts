// Which windows the pod took the drift baseline of each of its drift windows from: the first
// POD_BASELINE_WINDOWS windows with enough running steps (QUALITY_CONTACT) since it started, the
// last of them its first window with drift. A pod that starts anew (a restart, a new recording by
// its button) takes a new baseline, its windows without drift until that is complete.
import { BASELINE_CAPACITY } from '../../firmware/core/coreState';
import { DEFAULT_PIPELINE_SETTINGS } from '../../firmware/core/pipeline';
import { QUALITY_CONTACT, QUALITY_DRIFT } from '../../firmware/core/summaryRecord';
import { ReportWindow } from './reportData';

/** windows in the pod's drift baseline, as firmware/core/coreState.ts counts them from its settings */
export const POD_BASELINE_WINDOWS = Math.max(1, Math.min(BASELINE_CAPACITY,
  Math.floor(DEFAULT_PIPELINE_SETTINGS.baselineMs / DEFAULT_PIPELINE_SETTINGS.windowMs)));

/**
 * Each window of `windows` (every window of the recording, those without their second half too:
 * the pod counted them) with the drift bit, and the windows its baseline was taken from.
 */
export function driftBaselines(windows: readonly ReportWindow[]): Map<ReportWindow, ReportWindow[]> {
  const out = new Map<ReportWindow, ReportWindow[]>();
  const enough = windows.filter((w) => (w.quality & QUALITY_CONTACT) !== 0);
  let baseline: ReportWindow[] = [];
  for (let i = 0; i < enough.length; i++) {
    const w = enough[i];
    if ((w.quality & QUALITY_DRIFT) === 0) {
      baseline = [];
      continue;
    }
    if (baseline.length === 0) baseline = enough.slice(Math.max(0, i + 1 - POD_BASELINE_WINDOWS), i + 1);
    out.set(w, baseline);
  }
  return out;
}
