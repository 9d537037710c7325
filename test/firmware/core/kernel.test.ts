import { expect } from 'chai';
import { kernelIndexOf, kernelPeriodicDot, kernelSum, kernelSumSquaredDeviation } from '../../../firmware/core/kernel';

type View = Int16Array | Int32Array;

interface FakeE {
  sum(arr: View): number;
  variance(arr: View, mean: number): number;
  calls: number;
}

/**
 * Espruino's E as built at c5ff787 (src/jswrap_espruino.c): C doubles accumulated in element
 * order over the view, and E.variance returns the sum of squared differences, not divided by
 * the length.
 */
function fakeEspruinoE(): FakeE {
  const fake: FakeE = {
    calls: 0,
    sum(arr: View): number {
      fake.calls++;
      let sum = 0;
      for (let i = 0; i < arr.length; i++) sum += arr[i];
      return sum;
    },
    variance(arr: View, mean: number): number {
      fake.calls++;
      let variance = 0;
      for (let i = 0; i < arr.length; i++) {
        const val = arr[i] - mean;
        variance += val * val;
      }
      return variance;
    },
  };
  return fake;
}

/** the naive reference: plain array, reduce in floats */
function naiveSum(view: View): number {
  return Array.from(view).reduce((acc, v) => acc + v, 0);
}

function naiveSumSquaredDeviation(view: View, mean: number): number {
  return Array.from(view).reduce((acc, v) => acc + Math.pow(v - mean, 2), 0);
}

interface Case {
  view: View;
  mean: number;
}

/**
 * Subarray views (non-zero byteOffset) of Int16 and Int32 buffers, lengths 0..300, with the
 * extremes that make squared deviations leave int32: Int16 values +-32767/-32768 around an
 * opposite mean (|deviation| up to 65535), Int32 values up to 2^21 around means up to 2^21
 * (squares up to 2^44, so the totals stay exact below 2^53, the documented domain).
 */
function cases(): Case[] {
  let seed = 99;
  const nextRandom = (): number => {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    return seed;
  };
  const result: Case[] = [];
  for (let length = 0; length <= 300; length += 7) {
    const buffer16 = new Int16Array(length + 5);
    const buffer32 = new Int32Array(length + 5);
    for (let i = 0; i < buffer16.length; i++) {
      buffer16[i] = length % 2 === 0 ? nextRandom() & 0xffff : (nextRandom() & 1) * 65535 - 32768;
      buffer32[i] = (nextRandom() % (1 << 22)) - (1 << 21);
    }
    const view16 = buffer16.subarray(3, 3 + length);
    const view32 = buffer32.subarray(2, 2 + length);
    const mean16 = length === 0 ? 0 : Math.floor(naiveSum(view16) / length);
    result.push({ view: view16, mean: mean16 }, { view: view16, mean: 32767 }, { view: view16, mean: -32768 });
    result.push({ view: view32, mean: length === 0 ? 0 : Math.round(naiveSum(view32) / length) }, { view: view32, mean: 1 << 21 }, { view: view32, mean: -(1 << 21) });
  }
  return result;
}

describe('kernel', () => {
  const globalScope = globalThis as { E?: FakeE };

  afterEach(() => {
    delete globalScope.E;
  });

  it('host path: sum and sum of squared deviations equal a naive float computation exactly (error 0)', () => {
    expect(globalScope.E).to.equal(undefined);
    for (const { view, mean } of cases()) {
      expect(kernelSum(view)).to.equal(naiveSum(view));
      expect(kernelSumSquaredDeviation(view, mean)).to.equal(naiveSumSquaredDeviation(view, mean));
    }
  });

  it('E path: with a fake Espruino E the results are the identical integers of the host path', () => {
    const hostResults = cases().map(({ view, mean }) => [kernelSum(view), kernelSumSquaredDeviation(view, mean)]);
    const fake = fakeEspruinoE();
    globalScope.E = fake;
    const eResults = cases().map(({ view, mean }) => [kernelSum(view), kernelSumSquaredDeviation(view, mean)]);
    expect(fake.calls).to.equal(2 * hostResults.length);
    expect(eResults).to.deep.equal(hostResults);
    for (const [sum, squares] of eResults) {
      expect(Number.isInteger(sum) && Number.isInteger(squares)).to.equal(true);
    }
  });

  it('keeps exact integers past int32: 300 deviations of 65535 sum to 300 * 65535^2', () => {
    const view = new Int16Array(300).fill(-32768);
    const expected = 300 * 65535 * 65535; // about 1.3e12, far past 2^31, exact below 2^53
    expect(kernelSumSquaredDeviation(view, 32767)).to.equal(expected);
    globalScope.E = fakeEspruinoE();
    expect(kernelSumSquaredDeviation(view, 32767)).to.equal(expected);
  });

  it('returns 0 for an empty view on both paths', () => {
    const empty = new Int32Array(8).subarray(4, 4);
    expect([kernelSum(empty), kernelSumSquaredDeviation(empty, 5)]).to.deep.equal([0, 0]);
    globalScope.E = fakeEspruinoE();
    expect([kernelSum(empty), kernelSumSquaredDeviation(empty, 5)]).to.deep.equal([0, 0]);
  });

  it('kernelIndexOf finds the first equal element of a subarray view, relative to the view, or -1', () => {
    const buffer = Int16Array.from([-32768, 5, 32767, 7, 32767, -32768, 9]);
    const view = buffer.subarray(1, 6);
    expect(kernelIndexOf(view, 32767)).to.equal(1);
    expect(kernelIndexOf(view, -32768)).to.equal(4);
    expect(kernelIndexOf(view, 9)).to.equal(-1);
    expect(kernelIndexOf(new Int32Array(0), 0)).to.equal(-1);
    for (const { view: anyView } of cases()) {
      const values = Array.from(anyView);
      for (const value of [values[0], values[values.length >> 1], 12345, -32768]) {
        if (value !== undefined) expect(kernelIndexOf(anyView, value)).to.equal(values.indexOf(value));
      }
    }
  });

  it('kernelPeriodicDot sums one count of every interleaved sample, on both paths, across offsets', () => {
    const samples = 40;
    const interleaved = new Int16Array(samples * 6 + 4);
    let seed = 7;
    for (let i = 0; i < interleaved.length; i++) {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      interleaved[i] = (seed >>> 8) % 65536 - 32768;
    }
    const view = interleaved.subarray(2, 2 + samples * 6);
    const selector = new Int16Array([1, 0, 0, 0, 0, 0]);
    const expected: number[] = [];
    for (let element = 0; element < 6; element++) {
      let sum = 0;
      for (let s = 0; s < samples; s++) sum += view[s * 6 + element];
      expected.push(sum);
    }
    // the selector's 1 meets element e at offset (6 - e) % 6
    const host = expected.map((_, element) => kernelPeriodicDot(view, selector, (6 - element) % 6));
    expect(host).to.deep.equal(expected);
    // Espruino's E.convolve (src/jswrap_espruino.c): the second iterator starts `offset` in and restarts at its end
    let calls = 0;
    (globalScope as { E?: unknown }).E = {
      convolve(a: View, b: View, offset: number): number {
        calls++;
        let conv = 0;
        let j = offset % b.length;
        for (let i = 0; i < a.length; i++) {
          conv += a[i] * b[j];
          j++;
          if (j >= b.length) j = 0;
        }
        return conv;
      },
    };
    const native = expected.map((_, element) => kernelPeriodicDot(view, selector, (6 - element) % 6));
    expect(calls).to.equal(6);
    expect(native).to.deep.equal(expected);
    // a full-length second view is a plain dot product
    const other = interleaved.subarray(0, samples * 6);
    let dot = 0;
    for (let i = 0; i < view.length; i++) dot += view[i] * other[i];
    expect(kernelPeriodicDot(view, other, 0)).to.equal(dot);
    delete globalScope.E;
    expect(kernelPeriodicDot(view, other, 0)).to.equal(dot);
  });
});
