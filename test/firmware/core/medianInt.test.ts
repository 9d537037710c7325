import { expect } from 'chai';
import { medianInPlace } from '../../../firmware/core/medianInt';

const MAX_INT32 = 0x7fffffff;
const MIN_INT32 = -0x80000000;

/** the reference: a float sort, then the middle value or Math.floor of the middle pair's mean */
function referenceMedian(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = values.slice().sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : Math.floor((sorted[middle - 1] + sorted[middle]) / 2);
}

function permutations(values: number[]): number[][] {
  if (values.length <= 1) return [values.slice()];
  const result: number[][] = [];
  values.forEach((first, i) => {
    for (const rest of permutations(values.filter((_, j) => j !== i))) result.push([first, ...rest]);
  });
  return result;
}

describe('medianInPlace', () => {
  it('matches the float reference exactly (error 0) and sorts, for every ordering of up to 7 values with ties and int32 extremes', () => {
    const pool = [MAX_INT32, -3, 5, -3, 0, MIN_INT32, 5];
    const failures: number[][] = [];
    for (let count = 1; count <= pool.length; count++) {
      for (const order of permutations(pool.slice(0, count))) {
        const values = Int32Array.from(order);
        const median = medianInPlace(values, count);
        const sortedOk = values.every((v, i) => i === 0 || values[i - 1] <= v);
        if (median !== referenceMedian(order) || !sortedOk) failures.push(order);
      }
    }
    expect(failures).to.deep.equal([]);
  });

  it('matches the float reference exactly (error 0) and sorts, for random windows of 1..64 values over the whole int32 range', () => {
    let seed = 7;
    const nextRandom = (): number => {
      seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
      return seed;
    };
    const failures: number[][] = [];
    for (let trial = 0; trial < 4000; trial++) {
      const count = 1 + (trial % 64);
      // alternate full-range values (middle pairs whose sum leaves int32) with small, tie-rich ones
      const values = Int32Array.from({ length: count }, () => (trial % 2 === 0 ? nextRandom() | 0 : (nextRandom() % 21) - 10));
      const original = Array.from(values);
      const median = medianInPlace(values, count);
      const sorted = original.slice().sort((a, b) => a - b);
      if (median !== referenceMedian(original) || values.some((v, i) => v !== sorted[i])) failures.push(original);
    }
    expect(failures).to.deep.equal([]);
  });

  it('floors the mean of the middle pair toward negative infinity, without int32 overflow', () => {
    expect(medianInPlace(Int32Array.from([-2, -3]), 2)).to.equal(-3);
    expect(medianInPlace(Int32Array.from([2, 3]), 2)).to.equal(2);
    expect(medianInPlace(Int32Array.from([MAX_INT32, MAX_INT32]), 2)).to.equal(MAX_INT32);
    expect(medianInPlace(Int32Array.from([MIN_INT32, MIN_INT32]), 2)).to.equal(MIN_INT32);
    expect(medianInPlace(Int32Array.from([MIN_INT32, MAX_INT32]), 2)).to.equal(-1);
    expect(medianInPlace(Int32Array.from([MAX_INT32 - 1, MAX_INT32]), 2)).to.equal(MAX_INT32 - 1);
  });

  it('sorts only the first count entries and leaves the rest untouched', () => {
    const values = Int32Array.from([9, 4, 7, 1, 8, 3, 2]);
    expect(medianInPlace(values, 4)).to.equal(5);
    expect(Array.from(values)).to.deep.equal([1, 4, 7, 9, 8, 3, 2]);
  });

  it('returns 0 for count 0 and clamps a count above the length', () => {
    const values = Int32Array.from([5, 1, 3]);
    expect(medianInPlace(values, 0)).to.equal(0);
    expect(medianInPlace(new Int32Array(0), 0)).to.equal(0);
    expect(Array.from(values)).to.deep.equal([5, 1, 3]);
    expect(medianInPlace(values, 10)).to.equal(3);
    expect(Array.from(values)).to.deep.equal([1, 3, 5]);
  });

  it('works on a subarray view, leaving the buffer outside it alone', () => {
    const buffer = Int32Array.from([100, 6, -2, 4, -100]);
    expect(medianInPlace(buffer.subarray(1, 4), 3)).to.equal(4);
    expect(Array.from(buffer)).to.deep.equal([100, -2, 4, 6, -100]);
  });
});
