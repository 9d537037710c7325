// Sums, extremes and ranges over an index range of a ring (inclusive start, exclusive end),
// computed in one pass over at most a stride of samples, once per step.
import { kernelSum, kernelSumSquaredDeviation } from './kernel';

/** through the kernel (E.sum on the pod): one or two views of the ring per call, never a loop */
export function ringSum(ring: Int16Array, mask: number, startIndex: number, endIndex: number): number {
  if (endIndex <= startIndex) return 0;
  const start = startIndex & mask;
  const length = endIndex - startIndex;
  // values < 2^15 x at most 2^11 samples: < 2^26
  if (start + length <= mask + 1) return kernelSum(ring.subarray(start, start + length));
  return kernelSum(ring.subarray(start)) + kernelSum(ring.subarray(0, start + length - mask - 1));
}

/** sum of (value - mean)^2 over the range, through the kernel (E.variance on the pod) like ringSum */
export function ringSumSquaredDeviation(ring: Int16Array, mask: number, startIndex: number, endIndex: number, mean: number): number {
  if (endIndex <= startIndex) return 0;
  const start = startIndex & mask;
  const length = endIndex - startIndex;
  // |value - mean| < 2^16: squares < 2^32, at most 2^11 of them: < 2^43, exact as doubles
  if (start + length <= mask + 1) return kernelSumSquaredDeviation(ring.subarray(start, start + length), mean);
  return kernelSumSquaredDeviation(ring.subarray(start), mean) + kernelSumSquaredDeviation(ring.subarray(0, start + length - mask - 1), mean);
}

export function ringRange(ring: Int16Array, mask: number, startIndex: number, endIndex: number): number {
  if (endIndex <= startIndex) return 0;
  let low = ring[startIndex & mask];
  let high = low;
  for (let index = startIndex + 1; index < endIndex; index++) {
    const value = ring[index & mask];
    // low <= high from the first value on: a value is at most one of the two
    if (value < low) low = value;
    else if (value > high) high = value;
  }
  return high - low;
}
