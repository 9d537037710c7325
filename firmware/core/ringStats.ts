// Sums, extremes and ranges over an index range of a ring (inclusive start, exclusive end),
// over one or two views of the ring through the native kernels, once per step.
import { kernelExtreme, kernelSum, kernelSumSquaredDeviation } from './kernel';

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

/** max - min over the range, through the kernel (Math.max / Math.min applied natively) like ringSum */
export function ringRange(ring: Int16Array, mask: number, startIndex: number, endIndex: number): number {
  if (endIndex <= startIndex) return 0;
  const size = mask + 1;
  const start = startIndex & mask;
  const end = start + endIndex - startIndex;
  // The part past the ring's end continues from its start: empty when the range does not wrap,
  // all of it when the range is longer than the ring (as reading it round again would give).
  // Ends are exact: Espruino's subarray does not clip them to the array.
  const head = ring.subarray(start, end < size ? end : size);
  if (end <= size) return kernelExtreme(head, Math.max) - kernelExtreme(head, Math.min);
  const tail = ring.subarray(0, end - size < size ? end - size : size);
  return Math.max(kernelExtreme(head, Math.max), kernelExtreme(tail, Math.max)) - Math.min(kernelExtreme(head, Math.min), kernelExtreme(tail, Math.min));
}
