import { expect } from 'chai';
import { ringRange, ringSum, ringSumSquaredDeviation } from '../../../firmware/core/ringStats';

const RING_SIZE = 8;
const MASK = RING_SIZE - 1;

/** a ring holding values[i] at absolute sample index first + i */
function ringOf(first: number, values: number[]): Int16Array {
  const ring = new Int16Array(RING_SIZE);
  values.forEach((value, i) => {
    ring[(first + i) & MASK] = value;
  });
  return ring;
}

describe('ringSum', () => {
  it('sums the inclusive start and excludes the end', () => {
    const ring = ringOf(0, [1, 2, 4, 8, 16, 32, 64, 128]);
    expect(ringSum(ring, MASK, 0, 8)).to.equal(255);
    expect(ringSum(ring, MASK, 2, 5)).to.equal(4 + 8 + 16);
    expect(ringSum(ring, MASK, 7, 8)).to.equal(128);
  });

  it('gives 0 for an empty range', () => {
    const ring = ringOf(0, [5, 5, 5, 5, 5, 5, 5, 5]);
    expect(ringSum(ring, MASK, 3, 3)).to.equal(0);
    expect(ringSum(ring, MASK, 5, 3)).to.equal(0);
  });

  it('sums across the ring wrap in sample order', () => {
    // absolute samples 5..12: 7 sits in the last slot, 8 in slot 0
    const ring = ringOf(5, [1, 2, 4, 8, 16, 32, 64, 128]);
    expect(ringSum(ring, MASK, 6, 10)).to.equal(2 + 4 + 8 + 16);
    expect(ringSum(ring, MASK, 5, 13)).to.equal(255);
  });

  it('works with absolute indices far past the ring size', () => {
    const first = 1 << 20;
    const ring = ringOf(first, [-3, 7, -11, 13, 0, 0, 0, 0]);
    expect(ringSum(ring, MASK, first, first + 4)).to.equal(6);
  });

  it('keeps exact sums of full-scale values of either sign', () => {
    const ring = new Int16Array(2048).fill(32767);
    expect(ringSum(ring, 2047, 0, 2048)).to.equal(32767 * 2048);
    ring.fill(-32768);
    expect(ringSum(ring, 2047, 100, 2148)).to.equal(-32768 * 2048);
  });
});

describe('ringRange', () => {
  it('gives the difference between the largest and smallest value in range', () => {
    const ring = ringOf(0, [10, -40, 25, 90, -5, 0, 300, -300]);
    expect(ringRange(ring, MASK, 0, 5)).to.equal(90 - -40);
    expect(ringRange(ring, MASK, 2, 4)).to.equal(90 - 25);
    // the end is excluded: 300 at index 6 does not count
    expect(ringRange(ring, MASK, 3, 6)).to.equal(90 - -5);
  });

  it('gives 0 for one sample, equal samples and an empty range', () => {
    const ring = ringOf(0, [7, 7, 7, -2, 0, 0, 0, 0]);
    expect(ringRange(ring, MASK, 3, 4)).to.equal(0);
    expect(ringRange(ring, MASK, 0, 3)).to.equal(0);
    expect(ringRange(ring, MASK, 2, 2)).to.equal(0);
  });

  it('spans the whole int16 range without overflow', () => {
    const ring = ringOf(0, [-32768, 32767, 0, 0, 0, 0, 0, 0]);
    expect(ringRange(ring, MASK, 0, 2)).to.equal(65535);
  });

  it('finds the extremes on both sides of the ring wrap', () => {
    // absolute samples 4..11: the minimum (sample 6) before the wrap, the maximum (sample 9) after it
    const ring = ringOf(4, [0, 1, -50, 2, 3, 70, 4, 5]);
    expect(ringRange(ring, MASK, 5, 11)).to.equal(120);
    // only the samples after the wrap
    expect(ringRange(ring, MASK, 8, 10)).to.equal(70 - 3);
  });
});

describe('ringSumSquaredDeviation', () => {
  it('sums squared deviations from the given mean over the range, across the wrap, 0 when empty', () => {
    const ring = ringOf(5, [1, -2, 4, 8, -16, 32, 64, -128]);
    const values = [1, -2, 4, 8, -16, 32, 64, -128];
    for (const mean of [0, 3, -7]) {
      for (let from = 0; from < 8; from++) {
        for (let to = from; to <= 8; to++) {
          const expected = values.slice(from, to).reduce((acc, v) => acc + (v - mean) * (v - mean), 0);
          expect(ringSumSquaredDeviation(ring, MASK, 5 + from, 5 + to, mean)).to.equal(expected);
        }
      }
    }
    expect(ringSumSquaredDeviation(ring, MASK, 9, 4, 0)).to.equal(0);
  });
});
