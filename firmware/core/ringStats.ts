// Sums, extremes and ranges over an index range of a ring (inclusive start, exclusive end),
// computed in one pass over at most a stride of samples, once per step.
import { kernelSum } from './kernel';

/** through the kernel (E.sum on the pod): one or two views of the ring per call, never a loop */
export function ringSum(ring: Int16Array, mask: number, startIndex: number, endIndex: number): number {
  if (endIndex <= startIndex) return 0;
  const start = startIndex & mask;
  const length = endIndex - startIndex;
  // values < 2^15 x at most 2^11 samples: < 2^26
  if (start + length <= mask + 1) return kernelSum(ring.subarray(start, start + length));
  return kernelSum(ring.subarray(start)) + kernelSum(ring.subarray(0, start + length - mask - 1));
}

export function ringRange(ring: Int16Array, mask: number, startIndex: number, endIndex: number): number {
  let low = 32767;
  let high = -32768;
  for (let index = startIndex; index < endIndex; index++) {
    const value = ring[index & mask];
    if (value < low) low = value;
    if (value > high) high = value;
  }
  return high < low ? 0 : high - low;
}
