import { expect } from 'chai';
import { histogramOf, medianOf, niceBinWidth, quantileOf } from '../../../host-tools/report/reportStats';

describe('report statistics', () => {
  it('takes the median of odd and even counts, NaN for none', () => {
    expect(medianOf([3, 1, 2])).to.equal(2);
    expect(medianOf([4, 1, 3, 2])).to.equal(2.5);
    expect(medianOf([])).to.be.NaN;
  });

  it('interpolates quantiles between order statistics', () => {
    expect(quantileOf([0, 10], 0.25)).to.equal(2.5);
    expect(quantileOf([5, 1, 3], 1)).to.equal(5);
  });

  it('picks bin widths of 1, 2 or 5 times a power of ten times the values\' resolution, never finer than it', () => {
    expect(niceBinWidth(100, 20, 1)).to.equal(5);
    expect(niceBinWidth(3, 24, 0.01)).to.equal(0.2);
    expect(niceBinWidth(300, 24, 1)).to.equal(20);
    // whole ms spread over 10 ms: 24 bins would be 0.42 ms wide, finer than the data
    expect(niceBinWidth(10, 24, 1)).to.equal(1);
    expect(niceBinWidth(0.004, 24, 0.001)).to.equal(0.001);
    expect(niceBinWidth(0, 24, 1)).to.equal(1);
  });

  it('bins whole-ms contact times spread over 10 ms one per ms, each as full as the data: no comb of empty bins', () => {
    // 245-254 ms, 8 steps at each: 24 bins over that span would be half a ms wide and every
    // other one empty (no step can have 245.5 ms)
    const contactMs: number[] = [];
    for (let ms = 245; ms <= 254; ms++) for (let k = 0; k < 8; k++) contactMs.push(ms);
    const h = histogramOf([contactMs], 1);
    expect(h.binWidth).to.equal(1);
    expect(h.binStarts).to.deep.equal([245, 246, 247, 248, 249, 250, 251, 252, 253, 254]);
    expect(h.counts).to.deep.equal([[8, 8, 8, 8, 8, 8, 8, 8, 8, 8]]);
  });

  it('bins braking in m/s from whole mm/s on whole mm/s, never a bin low where the float falls short (0.043 / 0.001 = 42.99...)', () => {
    // 40-49 mm/s, 20 steps at each
    const brakingMps: number[] = [];
    for (let mms = 40; mms <= 49; mms++) for (let k = 0; k < 20; k++) brakingMps.push(mms / 1000);
    const h = histogramOf([brakingMps], 0.001);
    expect(h.binWidth).to.equal(0.001);
    expect(h.binStarts).to.deep.equal([0.04, 0.041, 0.042, 0.043, 0.044, 0.045, 0.046, 0.047, 0.048, 0.049]);
    expect(h.counts).to.deep.equal([[20, 20, 20, 20, 20, 20, 20, 20, 20, 20]]);
  });

  it('gives centidegree angles spread over 40° no more than about 24 bins, each a whole number of 0.01° wide', () => {
    const angleDeg = Array.from({ length: 4001 }, (_, i) => i / 100);
    const h = histogramOf([angleDeg], 0.01);
    expect(h.binWidth).to.equal(2);
    expect(h.binStarts.length).to.be.within(20, 25);
    expect(h.counts[0].reduce((a, b) => a + b, 0)).to.equal(4001);
    // every bin holds the same 200 possible values, but the last (where the values end)
    expect(h.counts[0].slice(0, -1).every((n) => n === 200)).to.equal(true);
  });

  it('puts several sets on shared bins and counts every value once', () => {
    const left = [5, 5.5, 6, 6.2, 7];
    const right = [4, 4.4, 5.1];
    const h = histogramOf([left, right], 0.1, 10);
    expect(h.counts).to.have.length(2);
    expect(h.counts[0].reduce((a, b) => a + b, 0)).to.equal(left.length);
    expect(h.counts[1].reduce((a, b) => a + b, 0)).to.equal(right.length);
    expect(h.binStarts[0]).to.be.at.most(4);
    for (let i = 1; i < h.binStarts.length; i++) expect(h.binStarts[i] - h.binStarts[i - 1]).to.be.closeTo(h.binWidth, 1e-9);
  });

  it('keeps a far outlier in the last bin instead of stretching the bins', () => {
    const values = Array.from({ length: 200 }, (_, i) => 160 + (i % 10));
    values.push(400);
    const h = histogramOf([values], 1, 20);
    expect(h.binStarts[h.binStarts.length - 1]).to.be.below(200);
    expect(h.counts[0].reduce((a, b) => a + b, 0)).to.equal(201);
  });
});
