// A recording the pod made with its detector off (setRawStream rawOnly: its statuses carry the
// rawOnly flag) has raw samples and no steps or window summaries of its own. What it has instead
// is the host's replay of those samples: the same core, so the same steps and windows the pod
// would have sent, with the running speeds the pod was told, placed on the recording's clock as
// the pod's own would be. The report and the Motion-BIDS export both rest on it.
// Raw only lasts until the pod restarts: a pod that restarted mid-session records again by itself
// with its detector on until `record` sets raw only again and starts a new recording, so such a
// recording holds the pod's own steps for that boot. The replay stands in for the boots (and
// recordings started anew) that have none, and leaves the others to the pod's own.
import { StepRecord } from '../../firmware/core/stepRecord';
import { SummaryRecord } from '../../firmware/core/summaryRecord';
import { STATUS_RAW_ONLY } from '../../firmware/protocol/messageIds';
import { PodRecording, podRecordingImu, podRecordingLineBoot, podRecordingRestartBoots } from '../recording/podRecordingModel';
import { replayRecording } from './replayRecording';

/** whether a status of the recording says the pod's detector was off (raw only) */
export function recordingIsRawOnly(recording: PodRecording): boolean {
  return recording.lines.some((line) => line !== null && typeof line === 'object' && line.type === 'status' &&
    typeof line.flags === 'number' && (line.flags & STATUS_RAW_ONLY) !== 0);
}

/**
 * The boots of the pod (0 the first, +1 per restart or recording started anew, as the lines'
 * `boot`) whose raw samples hold no step or window summary of the pod's own, in a raw-only
 * recording; none in another. A boot the pod detected in sends a window summary at the latest
 * when its recording stops; one that sent nothing gets the replay's steps, which are those the
 * pod would have sent. The statuses do not say it per boot: a boot's own recording may be over
 * before a status of it came. `starts` are the boots' first samples (bootStartSamples).
 */
function rawOnlyBootsToReplay(recording: PodRecording, starts: BootStart[]): number[] {
  if (recording.sampleIndex.length === 0 || !recordingIsRawOnly(recording)) return [];
  const detected = new Set<number>();
  for (const line of recording.lines) {
    if (line !== null && typeof line === 'object' && (line.type === 'step' || line.type === 'summary')) detected.add(podRecordingLineBoot(line));
  }
  const boots = new Set<number>();
  for (const index of recording.sampleIndex) boots.add(bootOfSample(starts, index));
  return Array.from(boots).filter((boot) => !detected.has(boot)).sort((a, b) => a - b);
}

/**
 * The replay's steps and windows of the boots rawOnlyBootsToReplay names, in time order; none
 * when every boot has the pod's own. Times (ms) are on the recording's clock as the pod's own are
 * placed there (podRecordingBootOffsetsMs), not rounded: a boot's clock can start between two whole ms.
 */
export function rawOnlyReplay(recording: PodRecording): { steps: StepRecord[]; summaries: SummaryRecord[] } {
  const starts = bootStartSamples(recording);
  const boots = rawOnlyBootsToReplay(recording, starts);
  if (boots.length === 0) return { steps: [], summaries: [] };
  const result = replayRecording(podRecordingImu(recording), {
    speedChanges: recording.meta.speedChanges ?? [],
    settings: { runningSpeedMms: recording.meta.speedMms },
  });
  let steps: StepRecord[] = [];
  let summaries: SummaryRecord[] = [];
  result.runs.forEach((run, r) => {
    if (boots.indexOf(bootOfSample(starts, recording.sampleIndex[run.firstSample])) < 0) return;
    const next = result.runs[r + 1];
    steps = steps.concat(result.coreSteps.slice(run.firstStep, next?.firstStep));
    summaries = summaries.concat(result.coreSummaries.slice(run.firstSummary, next?.firstSummary));
  });
  return { steps, summaries };
}

/** where a boot's samples start in raw.csv, and that boot as the lines' `boot` */
interface BootStart {
  fromSample: number;
  boot: number;
}

/** raw.csv's index of the first sample after each restart gap, with the boot its samples came from */
function bootStartSamples(recording: PodRecording): BootStart[] {
  return podRecordingRestartBoots(recording).map(({ gap, boot }) => ({ fromSample: gap.fromSample + gap.missingSamples, boot }));
}

/** the boot raw.csv's sample `index` is from: the one of the last restart gap before it */
function bootOfSample(bootStarts: BootStart[], index: number): number {
  let boot = 0;
  for (const start of bootStarts) {
    if (start.fromSample > index) break;
    boot = start.boot;
  }
  return boot;
}
