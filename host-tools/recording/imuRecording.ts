// A raw IMU recording in memory: board counts in sensor axes (interleaved like the pod's FIFO,
// SAMPLE_STRIDE per sample), time stamps in ms, the rate it runs at and the gaps in it.
import { BoardImuScale, PodAxisMap } from '../../boards/boardTypes';
import { SAMPLE_STRIDE } from '../../firmware/core/pipeline';
import { RecordingGap } from './sampleRate';

export interface ImuRecording {
  /** ax, ay, az, gx, gy, gz per sample in counts of `scale`; only the first sampleCount are valid */
  samplesCounts: Int16Array;
  /**
   * time of each sample, ms on the recording's own clock: its time stamp, or its time from its
   * index where the stamps are rounded about as coarse as the period (roundedStamps.ts) or where
   * a rate was set (from the first stamp at that rate, lost samples counted)
   */
  timesMs: Float64Array;
  sampleCount: number;
  sampleRateHz: number;
  /**
   * the rate the time stamps give, where it is not sampleRateHz (the detector runs at whole Hz):
   * replay then places what it finds on the time stamps' clock
   */
  stampRateHz?: number;
  scale: BoardImuScale;
  /** how the sensor axes of this recording sit in the pod frame */
  axisMap: PodAxisMap;
  gaps: RecordingGap[];
  /**
   * the wall-clock time of the sample at timesMs 0 (the first), ISO 8601 with the zone its file
   * gave (none: the logger's local time), where the file's stamps say it (date-times)
   */
  startTime?: string;
  /** samples with at least one value at or past full scale (clamped) */
  saturatedSamples: number;
}

/** Samples appended one at a time into typed arrays grown in chunks (no per-row objects). */
export class SampleBuffer {
  samplesCounts: Int16Array;
  timesMs: Float64Array;
  sampleCount = 0;

  constructor(initialCapacity = 65536) {
    this.samplesCounts = new Int16Array(initialCapacity * SAMPLE_STRIDE);
    this.timesMs = new Float64Array(initialCapacity);
  }

  /** Makes room for one more sample and returns its index; the caller fills the arrays. */
  add(tMs: number): number {
    if (this.sampleCount === this.timesMs.length) {
      const capacity = this.timesMs.length * 2;
      const counts = new Int16Array(capacity * SAMPLE_STRIDE);
      counts.set(this.samplesCounts);
      const times = new Float64Array(capacity);
      times.set(this.timesMs);
      this.samplesCounts = counts;
      this.timesMs = times;
    }
    this.timesMs[this.sampleCount] = tMs;
    return this.sampleCount++;
  }
}

export type RecordingBlock =
  | { kind: 'samples'; samplesCounts: Int16Array; sampleCount: number; firstSample: number }
  | { kind: 'gap'; gap: RecordingGap };

/**
 * The recording as an IMU FIFO would deliver it: blocks of at most `maxBlockSamples` samples
 * (views, not copies), a gap marker wherever samples are missing, all in input order.
 */
export function* recordingBlocks(recording: ImuRecording, maxBlockSamples = 64): Generator<RecordingBlock> {
  let next = 0;
  for (let g = 0; g <= recording.gaps.length; g++) {
    const end = g < recording.gaps.length ? recording.gaps[g].beforeSample : recording.sampleCount;
    while (next < end) {
      const count = Math.min(maxBlockSamples, end - next);
      yield {
        kind: 'samples',
        samplesCounts: recording.samplesCounts.subarray(next * SAMPLE_STRIDE, (next + count) * SAMPLE_STRIDE),
        sampleCount: count,
        firstSample: next,
      };
      next += count;
    }
    if (g < recording.gaps.length) yield { kind: 'gap', gap: recording.gaps[g] };
  }
}
