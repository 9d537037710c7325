// A recording the pod made with its detector off (setRawStream rawOnly: its statuses carry the
// rawOnly flag) has raw samples and no steps or window summaries of its own. Its report rests on
// the host's replay of those samples: the same core, so the same steps and windows the pod would
// have sent, with the running speeds the pod was told.
import { STATUS_RAW_ONLY } from '../../firmware/protocol/messageIds';
import { PodRecording, podRecordingBootOffsetsMs, podRecordingImu } from '../recording/podRecordingModel';
import { replayRecording } from '../replay/replayRecording';
import { ReportData } from './reportData';

/** whether `data` is of a raw-only recording (a status said so) whose steps and windows must come from replay */
export function reportNeedsReplay(data: ReportData, recording: PodRecording): boolean {
  const rawOnly = recording.lines.some((line) => line !== null && typeof line === 'object' && line.type === 'status' &&
    typeof line.flags === 'number' && (line.flags & STATUS_RAW_ONLY) !== 0);
  return rawOnly && data.steps.length === 0 && data.windows.length === 0 && recording.sampleIndex.length > 0;
}

/** data with the steps and windows of the host's replay of the recording's raw samples */
export function reportDataFromReplay(data: ReportData, recording: PodRecording): ReportData {
  const result = replayRecording(podRecordingImu(recording), {
    speedChanges: recording.meta.speedChanges ?? [],
    settings: { runningSpeedMms: recording.meta.speedMms },
  });
  // replay's clock is core's, as the pod's step times are: placed as the report places the pod's first boot
  const offsetMs = podRecordingBootOffsetsMs(recording)[0] ?? 0;
  return {
    ...data,
    detectedBy: 'replay',
    steps: result.coreSteps.map((step) => ({ ...step, tMs: Math.round(step.tMs + offsetMs) })),
    windows: result.coreSummaries.map((summary) => ({
      ...summary, startMs: Math.round(summary.startMs + offsetMs), endMs: Math.round(summary.endMs + offsetMs), formMissing: false,
    })),
  };
}
