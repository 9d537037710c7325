import { expect } from 'chai';
import { createPrng } from '../../../host-tools/synthetic/prng';

describe('synthetic prng', () => {
  it('gives the same sequence for the same seed', () => {
    const a = createPrng(42);
    const b = createPrng(42);
    for (let i = 0; i < 1000; i++) expect(a.nextUint32()).to.equal(b.nextUint32());
  });

  it('gives different sequences for neighbouring seeds', () => {
    const a = createPrng(1);
    const b = createPrng(2);
    let same = 0;
    for (let i = 0; i < 100; i++) if (a.nextUint32() === b.nextUint32()) same++;
    expect(same).to.be.below(2);
  });

  it('keeps uniform floats in [0, 1) with mean 1/2', () => {
    const prng = createPrng(7);
    let sum = 0;
    const n = 20000;
    for (let i = 0; i < n; i++) {
      const x = prng.nextFloat();
      expect(x).to.be.at.least(0).and.below(1);
      sum += x;
    }
    expect(sum / n).to.be.closeTo(0.5, 0.01);
  });

  it('gives Gaussian deviates with mean 0 and standard deviation 1', () => {
    const prng = createPrng(3);
    const n = 40000;
    let sum = 0;
    let sumSquares = 0;
    let beyondTwoSd = 0;
    for (let i = 0; i < n; i++) {
      const x = prng.nextGaussian();
      sum += x;
      sumSquares += x * x;
      if (Math.abs(x) > 2) beyondTwoSd++;
    }
    const mean = sum / n;
    expect(mean).to.be.closeTo(0, 0.02);
    expect(Math.sqrt(sumSquares / n - mean * mean)).to.be.closeTo(1, 0.02);
    // 4.55 % of a normal distribution lies beyond 2 sd
    expect(beyondTwoSd / n).to.be.closeTo(0.0455, 0.005);
  });

  it('rejects a seed that is not an integer', () => {
    expect(() => createPrng(1.5)).to.throw(TypeError);
    expect(() => createPrng(NaN)).to.throw(TypeError);
  });
});
