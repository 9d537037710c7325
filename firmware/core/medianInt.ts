// Median of a small set of integers (any unit; the result has the caller's unit), found by
// sorting the caller's buffer in place with the native typed-array sort (C on the pod, about
// a tenth of a JavaScript insertion sort there); one view, meant for windows of up to ~64 values.

/**
 * Sorts values[0 .. count - 1] ascending in place (typed-array sort is numeric on both
 * engines) and returns their median; entries from count on are untouched.
 * Odd count: the middle value, exact. Even count: the mean of the two middle values floored
 * toward negative infinity, i.e. (a + b) >> 1, computed as (a >> 1) + (b >> 1) + (a & b & 1)
 * so it stays exact for the full int32 range where the plain sum would wrap. count <= 0 gives
 * 0; count above values.length is clamped to it.
 */
export function medianInPlace(values: Int16Array | Int32Array, count: number): number {
  if (count > values.length) count = values.length;
  if (count <= 0) return 0;
  values.subarray(0, count).sort();
  const upper = values[count >> 1];
  if (count & 1) return upper;
  const lower = values[(count >> 1) - 1];
  return (lower >> 1) + (upper >> 1) + (lower & upper & 1);
}
