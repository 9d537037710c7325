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

  it('picks bin widths of 1, 2 or 5 times a power of ten', () => {
    expect(niceBinWidth(100, 20)).to.equal(5);
    expect(niceBinWidth(3, 24)).to.equal(0.2);
    expect(niceBinWidth(0, 24)).to.equal(1);
  });

  it('puts several sets on shared bins and counts every value once', () => {
    const left = [5, 5.5, 6, 6.2, 7];
    const right = [4, 4.4, 5.1];
    const h = histogramOf([left, right], 10);
    expect(h.counts).to.have.length(2);
    expect(h.counts[0].reduce((a, b) => a + b, 0)).to.equal(left.length);
    expect(h.counts[1].reduce((a, b) => a + b, 0)).to.equal(right.length);
    expect(h.binStarts[0]).to.be.at.most(4);
    for (let i = 1; i < h.binStarts.length; i++) expect(h.binStarts[i] - h.binStarts[i - 1]).to.be.closeTo(h.binWidth, 1e-9);
  });

  it('keeps a far outlier in the last bin instead of stretching the bins', () => {
    const values = Array.from({ length: 200 }, (_, i) => 160 + (i % 10));
    values.push(400);
    const h = histogramOf([values], 20);
    expect(h.binStarts[h.binStarts.length - 1]).to.be.below(200);
    expect(h.counts[0].reduce((a, b) => a + b, 0)).to.equal(201);
  });
});
