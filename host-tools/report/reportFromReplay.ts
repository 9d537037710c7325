// The report of a raw-only recording (host-tools/replay/rawOnlyReplay.ts) rests on the host's
// replay of its raw samples.
import { PodRecording } from '../recording/podRecordingModel';
import { rawOnlyReplay, recordingIsRawOnly } from '../replay/rawOnlyReplay';
import { ReportData } from './reportData';

/** whether `data` is of a raw-only recording (a status said so) whose steps and windows must come from replay */
export function reportNeedsReplay(data: ReportData, recording: PodRecording): boolean {
  return recordingIsRawOnly(recording) && data.steps.length === 0 && data.windows.length === 0 && recording.sampleIndex.length > 0;
}

/** data with the steps and windows of the host's replay of the recording's raw samples */
export function reportDataFromReplay(data: ReportData, recording: PodRecording): ReportData {
  const replayed = rawOnlyReplay(recording);
  return {
    ...data,
    detectedBy: 'replay',
    steps: replayed.steps,
    windows: replayed.summaries.map((summary) => ({ ...summary, formMissing: false })),
  };
}
