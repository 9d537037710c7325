import { expect } from 'chai';
import { PUCKJS2_BOARD } from '../../../boards/puckjs2';
import { SAMPLE_STRIDE } from '../../../firmware/core/pipeline';
import { ImuRecording, RecordingBlock, SampleBuffer, recordingBlocks } from '../../../host-tools/recording/imuRecording';
import { findGaps } from '../../../host-tools/recording/sampleRate';

function recordingWithTimes(timesMs: number[], rateHz: number): ImuRecording {
  const buffer = new SampleBuffer(4);
  for (const tMs of timesMs) {
    const i = buffer.add(tMs);
    buffer.samplesCounts[i * SAMPLE_STRIDE] = i; // ax = sample index, to follow samples through blocks
  }
  return {
    samplesCounts: buffer.samplesCounts,
    timesMs: buffer.timesMs,
    sampleCount: buffer.sampleCount,
    sampleRateHz: rateHz,
    scale: PUCKJS2_BOARD.scale,
    axisMap: PUCKJS2_BOARD.axisMap,
    gaps: findGaps(buffer.timesMs, buffer.sampleCount, rateHz),
    saturatedSamples: 0,
  };
}

describe('imuRecording', () => {
  it('grows its typed arrays past the first chunk without losing samples', () => {
    const times = Array.from({ length: 1000 }, (_, i) => i * 10);
    const recording = recordingWithTimes(times, 100);
    expect(recording.sampleCount).to.equal(1000);
    expect(recording.timesMs[999]).to.equal(9990);
    expect(recording.samplesCounts[999 * SAMPLE_STRIDE]).to.equal(999);
  });

  it('delivers samples in FIFO blocks of at most 64, with a gap marker where samples are missing', () => {
    const times: number[] = [];
    for (let i = 0; i < 200; i++) if (i < 100 || i >= 107) times.push(i * 10);
    const recording = recordingWithTimes(times, 100);
    const blocks: RecordingBlock[] = Array.from(recordingBlocks(recording));
    const shape = blocks.map((b) => (b.kind === 'samples' ? b.sampleCount : `gap ${b.gap.missingSamples}`));
    expect(shape).to.deep.equal([64, 36, 'gap 7', 64, 29]);
    const firstAfterGap = blocks[3];
    expect(firstAfterGap.kind === 'samples' && firstAfterGap.samplesCounts[0]).to.equal(100);
    expect(firstAfterGap.kind === 'samples' && firstAfterGap.samplesCounts.length).to.equal(64 * SAMPLE_STRIDE);
  });

  it('yields nothing for an empty recording', () => {
    expect(Array.from(recordingBlocks(recordingWithTimes([], 104)))).to.deep.equal([]);
  });
});
