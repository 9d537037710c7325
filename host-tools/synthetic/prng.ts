// Seeded pseudo-random numbers for reproducible synthetic noise: xoshiro128** (Blackman & Vigna)
// seeded through splitmix32, uniform floats in [0, 1) and standard normal deviates (Box-Muller).
// The same seed gives the same sequence on every Node version: only 32-bit integer maths.

export interface Prng {
  /** next 32-bit unsigned integer */
  nextUint32(): number;
  /** uniform in [0, 1), 32 bits of resolution */
  nextFloat(): number;
  /** standard normal deviate (mean 0, standard deviation 1) */
  nextGaussian(): number;
}

const TWO_TO_MINUS_32 = 1 / 4294967296;

function rotl32(x: number, bits: number): number {
  return (x << bits) | (x >>> (32 - bits));
}

/** One splitmix32 output for a state; spreads a small seed over all 128 bits of xoshiro's state. */
function splitmix32(state: number): number {
  let z = (state + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** A generator for an integer seed (any integer; taken modulo 2^32). Throws TypeError otherwise. */
export function createPrng(seed: number): Prng {
  if (!Number.isInteger(seed)) throw new TypeError(`seed must be an integer, got ${seed}`);
  let mix = seed >>> 0;
  const next = (): number => {
    const out = splitmix32(mix);
    mix = (mix + 0x9e3779b9) >>> 0;
    return out;
  };
  let s0 = next();
  let s1 = next();
  let s2 = next();
  let s3 = next();
  // xoshiro's all-zero state is a fixed point; splitmix32 never gives four zeros, but be sure
  if ((s0 | s1 | s2 | s3) === 0) s0 = 1;

  let spareGaussian = 0;
  let hasSpare = false;

  const nextUint32 = (): number => {
    const result = Math.imul(rotl32(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = rotl32(s3, 11);
    return result;
  };
  const nextFloat = (): number => nextUint32() * TWO_TO_MINUS_32;
  const nextGaussian = (): number => {
    if (hasSpare) {
      hasSpare = false;
      return spareGaussian;
    }
    // 1 - u lies in (0, 1], so the logarithm is finite
    const radius = Math.sqrt(-2 * Math.log(1 - nextFloat()));
    const angleRad = 2 * Math.PI * nextFloat();
    spareGaussian = radius * Math.sin(angleRad);
    hasSpare = true;
    return radius * Math.cos(angleRad);
  };
  return { nextUint32: nextUint32, nextFloat: nextFloat, nextGaussian: nextGaussian };
}
