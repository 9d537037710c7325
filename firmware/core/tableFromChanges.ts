// Smooth integer tables (sine, arctangent) carried as text: the table starts at 0, its first
// difference is given, and every later difference changes by a small amount written as one
// character. About a sixth of the bytes of the table written out in digits, and at load the pod
// builds no array literal of a few hundred elements to copy from.

/** the character that stands for "the difference does not change": 'K'; 'J' is -1, 'L' +1 */
export const TABLE_CHANGE_ZERO = 75;

/**
 * Table of changes.length + 2 values: 0, firstDifference, then each value is the previous one
 * plus the previous difference changed by (changes.charCodeAt(i) - TABLE_CHANGE_ZERO).
 * The last value is then repeated `repeatLast` more times.
 */
export function tableFromChanges(firstDifference: number, changes: string, repeatLast: number): Int32Array {
  const n = changes.length + 2;
  const table = new Int32Array(n + repeatLast);
  let difference = firstDifference;
  table[1] = difference;
  for (let i = 2; i < n; i++) {
    difference += changes.charCodeAt(i - 2) - TABLE_CHANGE_ZERO;
    table[i] = table[i - 1] + difference;
  }
  for (let i = n; i < table.length; i++) table[i] = table[n - 1];
  return table;
}
