import { expect } from 'chai';
import { crossingBackQ8 } from '../../../firmware/core/thresholdCrossing';

const RING_SIZE = 16;
const MASK = RING_SIZE - 1;
const UP = 1;
const DOWN = -1;

/** a ring holding value(index) for absolute sample indices [first, first + count) */
function ringOf(first: number, count: number, value: (index: number) => number): Int16Array {
  const ring = new Int16Array(RING_SIZE);
  for (let index = first; index < first + count; index++) ring[index & MASK] = value(index);
  return ring;
}

/** 40 mg per sample from 0 mg at sample 0: level L is crossed at sample L / 40 */
const ramp = ringOf(0, RING_SIZE, (index) => 40 * index);

describe('crossingBackQ8', () => {
  it('gives the exact Q8 time of an upward crossing on a linear ramp', () => {
    // 300 mg lies halfway between samples 7 (280 mg) and 8 (320 mg): 7.5 x 256
    expect(crossingBackQ8(ramp, MASK, 15, 0, 300, UP)).to.equal(1920);
    // a quarter of the way: 7.25 x 256
    expect(crossingBackQ8(ramp, MASK, 15, 0, 290, UP)).to.equal(1856);
  });

  it('truncates the fraction to whole Q8 units (toward the earlier sample)', () => {
    // 301 mg: 7 + 21/40 samples = 7 x 256 + 134.4
    expect(crossingBackQ8(ramp, MASK, 15, 0, 301, UP)).to.equal(7 * 256 + 134);
  });

  it('places a level met exactly by a sample at that sample', () => {
    // upward: the first sample at or above the level; downward: the last sample at or above it
    expect(crossingBackQ8(ramp, MASK, 15, 0, 320, UP)).to.equal(8 * 256);
    const fall = ringOf(0, RING_SIZE, (index) => 600 - 40 * index);
    expect(crossingBackQ8(fall, MASK, 15, 0, 320, DOWN)).to.equal(7 * 256);
  });

  it('gives the exact Q8 time of a downward crossing on a falling ramp', () => {
    // 600 - 40 k: 300 mg is crossed at 7.5 samples, 290 mg at 7.75
    const fall = ringOf(0, RING_SIZE, (index) => 600 - 40 * index);
    expect(crossingBackQ8(fall, MASK, 15, 0, 300, DOWN)).to.equal(1920);
    expect(crossingBackQ8(fall, MASK, 15, 0, 290, DOWN)).to.equal(1984);
  });

  it('ignores crossings in the other direction', () => {
    const fall = ringOf(0, RING_SIZE, (index) => 600 - 40 * index);
    expect(crossingBackQ8(ramp, MASK, 15, 0, 300, DOWN)).to.equal(-1);
    expect(crossingBackQ8(fall, MASK, 15, 0, 300, UP)).to.equal(-1);
  });

  it('finds the latest crossing in the given direction when a peak crosses the level twice', () => {
    // up by 100 mg per sample to 800 mg at sample 8, then down: 450 mg at 4.5 (up) and 11.5 (down)
    const peak = ringOf(0, RING_SIZE, (index) => 800 - 100 * Math.abs(index - 8));
    expect(crossingBackQ8(peak, MASK, 15, 0, 450, UP)).to.equal(4 * 256 + 128);
    expect(crossingBackQ8(peak, MASK, 15, 0, 450, DOWN)).to.equal(11 * 256 + 128);
  });

  it('finds the later of two upward crossings of a sawtooth', () => {
    // 0, 100, ..., 700 then 0, 100, ... again: 250 mg is crossed upward at 2.5 and 10.5
    const saw = ringOf(0, RING_SIZE, (index) => 100 * (index % 8));
    expect(crossingBackQ8(saw, MASK, 15, 0, 250, UP)).to.equal(10 * 256 + 128);
    // searching from sample 9 back, only the first one is in range
    expect(crossingBackQ8(saw, MASK, 9, 0, 250, UP)).to.equal(2 * 256 + 128);
  });

  it('returns -1 when the ring never reaches the level', () => {
    expect(crossingBackQ8(ramp, MASK, 15, 0, 700, UP)).to.equal(-1);
    expect(crossingBackQ8(ramp, MASK, 15, 0, -5, DOWN)).to.equal(-1);
  });

  it('searches only pairs (k - 1, k) with stopIndex < k <= fromIndex', () => {
    // the 300 mg crossing is between samples 7 and 8
    expect(crossingBackQ8(ramp, MASK, 8, 7, 300, UP)).to.equal(1920);
    expect(crossingBackQ8(ramp, MASK, 7, 0, 300, UP)).to.equal(-1);
    expect(crossingBackQ8(ramp, MASK, 15, 8, 300, UP)).to.equal(-1);
    // an empty range
    expect(crossingBackQ8(ramp, MASK, 8, 8, 300, UP)).to.equal(-1);
  });

  it('finds a crossing between the last and first slots of the ring (index & mask)', () => {
    // absolute samples 20..35 in a 16-slot ring: 31 sits in slot 15, 32 in slot 0
    const wrapped = ringOf(20, RING_SIZE, (index) => 50 * (index - 24));
    // 50 x (k - 24) = 375 at k = 31.5
    expect(crossingBackQ8(wrapped, MASK, 35, 20, 375, UP)).to.equal(31 * 256 + 128);
    expect(crossingBackQ8(wrapped, MASK, 32, 31, 375, UP)).to.equal(31 * 256 + 128);
  });

  it('gives the absolute Q8 time, not the slot, far past the ring size', () => {
    const first = 100000;
    const late = ringOf(first, RING_SIZE, (index) => 40 * (index - first));
    expect(crossingBackQ8(late, MASK, first + 15, first, 300, UP)).to.equal((first + 7) * 256 + 128);
  });

  it('interpolates across the full int16 span without overflow', () => {
    const swing = ringOf(0, RING_SIZE, (index) => (index < 8 ? -32768 : 32767));
    // from -32768 to 32767 at samples 7 -> 8: level 0 at 32768 / 65535 of the interval
    expect(crossingBackQ8(swing, MASK, 15, 0, 0, UP)).to.equal(7 * 256 + Math.trunc((32768 * 256) / 65535));
  });
});
