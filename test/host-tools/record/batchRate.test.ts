import { expect } from 'chai';
import { rateOfBatches, TimedBatch } from '../../../host-tools/record/batchRate';

const RATES_HZ = [52, 104, 208];

/** `count` batches as a pod sends them: `perBatch` samples every `periodMs` of pod time, with jitter `jitterMs` on alternate ones */
function batches(count: number, perBatch: number, periodMs: number, jitterMs = 0): TimedBatch[] {
  return Array.from({ length: count }, (_, i) => ({ sampleCount: perBatch, deviceTimeMs: 5000 + i * periodMs + (i % 2 === 1 ? jitterMs : 0) }));
}

describe('the rate raw batches keep', () => {
  it('tells 52, 104 and 208 Hz from quarter-second batches, and from half-second ones (raw only), through a few ms of jitter', () => {
    expect(rateOfBatches(batches(4, 13, 250, 6), RATES_HZ)).to.equal(52);
    expect(rateOfBatches(batches(4, 26, 250, -6), RATES_HZ)).to.equal(104);
    expect(rateOfBatches(batches(3, 52, 250), RATES_HZ)).to.equal(208);
    expect(rateOfBatches(batches(3, 52, 500, 8), RATES_HZ)).to.equal(104);
  });

  it('tells none from fewer than 3 batches, batches at one pod time, or a rate the pod does not sample at', () => {
    expect(rateOfBatches(batches(2, 13, 250), RATES_HZ)).to.equal(undefined);
    expect(rateOfBatches(batches(3, 13, 0), RATES_HZ)).to.equal(undefined);
    expect(rateOfBatches(batches(4, 20, 250), RATES_HZ), '80 Hz').to.equal(undefined);
  });
});
