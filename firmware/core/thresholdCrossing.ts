// Sub-sample time of a threshold crossing in a ring of samples, in Q8 sample indices
// (sample index x 256), by linear interpolation between the two samples around it.

/**
 * Searches backwards from sample `fromIndex` (inclusive) to `stopIndex` for the latest k
 * where the ring crosses `levelMg` between k-1 and k in the given direction (+1 upward,
 * -1 downward). Returns the Q8 crossing time, or -1 when there is none in range.
 */
export function crossingBackQ8(ring: Int16Array, mask: number, fromIndex: number, stopIndex: number, levelMg: number, direction: number): number {
  for (let k = fromIndex; k > stopIndex; k--) {
    const before = ring[(k - 1) & mask];
    const after = ring[k & mask];
    const crosses = direction > 0 ? before < levelMg && after >= levelMg : before >= levelMg && after < levelMg;
    if (crosses) {
      // fraction of the interval before the crossing, Q8; |after - before| <= 2^16, so <= 2^24
      return (k - 1) * 256 + ((((levelMg - before) * 256) / (after - before)) | 0);
    }
  }
  return -1;
}
