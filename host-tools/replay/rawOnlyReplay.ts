// A recording the pod made with its detector off (setRawStream rawOnly: its statuses carry the
// rawOnly flag) has raw samples and no steps or window summaries of its own. What it has instead
// is the host's replay of those samples: the same core, so the same steps and windows the pod
// would have sent, with the running speeds the pod was told, placed on the recording's clock as
// the pod's own would be. The report and the Motion-BIDS export both rest on it.
import { StepRecord } from '../../firmware/core/stepRecord';
import { SummaryRecord } from '../../firmware/core/summaryRecord';
import { STATUS_RAW_ONLY } from '../../firmware/protocol/messageIds';
import { PodRecording, podRecordingBootOffsetsMs, podRecordingImu } from '../recording/podRecordingModel';
import { replayRecording } from './replayRecording';

/** whether a status of the recording says the pod's detector was off (raw only) */
export function recordingIsRawOnly(recording: PodRecording): boolean {
  return recording.lines.some((line) => line !== null && typeof line === 'object' && line.type === 'status' &&
    typeof line.flags === 'number' && (line.flags & STATUS_RAW_ONLY) !== 0);
}

/** the replay's steps and windows, their times (ms) placed as the pod's first boot's are */
export function rawOnlyReplay(recording: PodRecording): { steps: StepRecord[]; summaries: SummaryRecord[] } {
  const result = replayRecording(podRecordingImu(recording), {
    speedChanges: recording.meta.speedChanges ?? [],
    settings: { runningSpeedMms: recording.meta.speedMms },
  });
  const offsetMs = podRecordingBootOffsetsMs(recording)[0] ?? 0;
  return {
    steps: result.coreSteps.map((step) => ({ ...step, tMs: Math.round(step.tMs + offsetMs) })),
    summaries: result.coreSummaries.map((summary) => ({ ...summary, startMs: Math.round(summary.startMs + offsetMs), endMs: Math.round(summary.endMs + offsetMs) })),
  };
}
