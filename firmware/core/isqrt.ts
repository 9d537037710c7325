// Integer square root: floor(sqrt(n)) for 0 <= n <= 2^31 - 1, exact, integer operations only,
// so the pod and the host agree to the bit (used for vector magnitudes in mg, mdps, mm).

/**
 * floor(sqrt(n)) for 0 <= n <= 2^31 - 1 (exact: max error 0); n <= 0 gives 0.
 * Newton's iteration from above, started one step past a power of two: at most five divisions
 * (counted over all 2^31 inputs), cheaper on Espruino than the 16 rounds of the bit-by-bit method.
 */
export function isqrt(n: number): number {
  if (n <= 0) return 0;
  // halfBits = floor(log4(n)) in 0..15, so 2^halfBits <= sqrt(n) < 2^(halfBits + 1)
  let halfBits = 0;
  if (n >= 0x10000) halfBits = 8;
  if (n >> (halfBits << 1) >= 0x100) halfBits += 4;
  if (n >> (halfBits << 1) >= 0x10) halfBits += 2;
  if (n >> (halfBits << 1) >= 4) halfBits += 1;
  // One Newton step from 2^halfBits: >= floor(sqrt(n)) by the AM-GM inequality (Newton only
  // descends from above) and at most 25% high. Worst sum 2^15 + ((2^31 - 1) >> 15) < 2^17.
  let root = ((1 << halfBits) + (n >> halfBits)) >> 1;
  // (n / root) | 0 is the floored quotient (both positive, quotient < 2^31). Worst sum:
  // root <= 1.25 * 46341 and quotient <= 46341, under 2^17, inside int32.
  let next = (root + ((n / root) | 0)) >> 1;
  while (next < root) {
    root = next;
    next = (root + ((n / root) | 0)) >> 1;
  }
  return root;
}
