// The report of a raw-only recording (host-tools/replay/rawOnlyReplay.ts) rests on the host's
// replay of its raw samples, where the pod's detector gave nothing: every boot of the pod with no
// step or window of its own. A boot the pod detected in (it restarted and recorded by itself for
// a while) keeps the pod's steps and windows.
import { PodRecording } from '../recording/podRecordingModel';
import { rawOnlyReplay } from '../replay/rawOnlyReplay';
import { ReportData } from './reportData';

/** data with the steps and windows of the host's replay added, for the boots the pod gave none (raw only); else data as it is */
export function reportDataFromReplay(data: ReportData, recording: PodRecording): ReportData {
  const replayed = rawOnlyReplay(recording);
  if (replayed.steps.length === 0 && replayed.summaries.length === 0) return data;
  const fromPod = data.steps.length > 0 || data.windows.length > 0;
  return {
    ...data,
    detectedBy: fromPod ? 'podAndReplay' : 'replay',
    // whole ms, as reportDataOf places the pod's own
    steps: data.steps.concat(replayed.steps.map((step) => ({ ...step, tMs: Math.round(step.tMs) })))
      .sort((a, b) => a.tMs - b.tMs || a.index - b.index),
    windows: data.windows.concat(replayed.summaries.map((summary) => ({
      ...summary, startMs: Math.round(summary.startMs), endMs: Math.round(summary.endMs), formMissing: false,
    })))
      .sort((a, b) => a.startMs - b.startMs || a.index - b.index),
  };
}
