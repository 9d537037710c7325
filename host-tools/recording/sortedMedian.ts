// The median of values sorted ascending: the middle one, or the mean of the middle two.

/** `sorted` ascending, at least one value */
export function sortedMedian(sorted: Float64Array): number {
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
