// A synthetic run as an ImuRecording, so it goes through the same replay path as a CSV file:
// dropped sample ranges become recording gaps.
import { ImuRecording } from '../recording/imuRecording';
import { RecordingGap } from '../recording/sampleRate';
import { SyntheticRun } from './generate';

export function recordingFromSynthetic(run: SyntheticRun): ImuRecording {
  const gaps: RecordingGap[] = [];
  let outputIndex = 0;
  let timelineIndex = 0;
  for (const [first, count] of run.truth.droppedRanges) {
    outputIndex += first - timelineIndex;
    timelineIndex = first + count;
    if (outputIndex === 0 || outputIndex >= run.sampleCount) continue;
    gaps.push({
      startMs: run.timesMs[outputIndex - 1],
      endMs: run.timesMs[outputIndex],
      missingSamples: count,
      beforeSample: outputIndex,
    });
  }
  let saturatedSamples = 0;
  const accFull = run.board.scale.accFullScaleCounts;
  const gyroFull = run.board.scale.gyroFullScaleCounts;
  for (let i = 0; i < run.sampleCount; i++) {
    for (let k = 0; k < 6; k++) {
      const value = Math.abs(run.samples[i * 6 + k]);
      if (value >= (k < 3 ? accFull : gyroFull)) {
        saturatedSamples++;
        break;
      }
    }
  }
  return {
    samplesCounts: run.samples,
    timesMs: run.timesMs,
    sampleCount: run.sampleCount,
    sampleRateHz: run.sampleRateHz,
    scale: run.board.scale,
    axisMap: run.board.axisMap,
    gaps: gaps,
    saturatedSamples: saturatedSamples,
  };
}
