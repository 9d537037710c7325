// Which samples of a recording are still: the magnitude of the specific force varies less than
// STILL_STD_MG over the second around the sample. Used to count false steps while standing.
import { ImuRecording } from '../recording/imuRecording';

export const STILL_STD_MG = 15;

export function stillSamples(recording: ImuRecording): Uint8Array {
  const n = recording.sampleCount;
  const mgPerCount = recording.scale.accUgPerCount / 1000;
  // prefix sums of |a| and |a|^2, so each one-second window costs two subtractions
  const sum = new Float64Array(n + 1);
  const sumSquares = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) {
    const ax = recording.samplesCounts[i * 6] * mgPerCount;
    const ay = recording.samplesCounts[i * 6 + 1] * mgPerCount;
    const az = recording.samplesCounts[i * 6 + 2] * mgPerCount;
    const norm = Math.sqrt(ax * ax + ay * ay + az * az);
    sum[i + 1] = sum[i] + norm;
    sumSquares[i + 1] = sumSquares[i] + norm * norm;
  }
  const half = Math.round(recording.sampleRateHz / 2);
  const still = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const from = Math.max(0, i - half);
    const to = Math.min(n, i + half);
    const count = to - from;
    const mean = (sum[to] - sum[from]) / count;
    const variance = (sumSquares[to] - sumSquares[from]) / count - mean * mean;
    still[i] = Math.sqrt(Math.max(0, variance)) < STILL_STD_MG ? 1 : 0;
  }
  return still;
}
