import { expect } from 'chai';
import { BatchedStamps, findBatchedStamps, isBatchedMisfit } from '../../../host-tools/recording/batchedStamps';

/** `batches` batches of `perBatch` samples at 100 Hz, each stamped when its last sample was taken plus `lateMs(b)`, `apartMs` between the stamps in a batch */
function batchedStamps(batches: number, perBatch: number, lateMs: (b: number) => number = () => 0, apartMs = 0): Float64Array {
  const times: number[] = [];
  for (let b = 0; b < batches; b++) {
    const cameMs = ((b + 1) * perBatch - 1) * 10 + lateMs(b);
    for (let k = 0; k < perBatch; k++) times.push(cameMs + k * apartMs);
  }
  return Float64Array.from(times);
}

function readAsBatches(times: Float64Array): BatchedStamps {
  const found = findBatchedStamps(times, times.length);
  expect(found).to.not.equal(undefined);
  expect(isBatchedMisfit(found!)).to.equal(false);
  return found as BatchedStamps;
}

describe('batchedStamps', () => {
  it('places the samples of batches of 13 on one stamp a period apart, the last at the batch\'s stamp', () => {
    const found = readAsBatches(batchedStamps(40, 13));
    expect(found.samplesPerBatch).to.equal(13);
    expect(found.batches).to.equal(40);
    expect(found.periodMs).to.be.closeTo(10, 1e-9);
    expect(found.spreadMs).to.equal(0);
    for (let i = 0; i < 40 * 13; i++) expect(found.timesMs[i], `sample ${i}`).to.be.closeTo(i * 10, 1e-9);
  });

  it('places a batch that came early (its stamp less than 13 periods after the one before) closer together, so that the times increase', () => {
    // batch 5 came 15 ms early, batch 4 on time: 115 ms for its 13 samples
    const found = readAsBatches(batchedStamps(40, 13, (b) => (b === 5 ? -15 : 0), 0.1));
    const first = 5 * 13;
    expect(found.timesMs[first + 12]).to.be.closeTo((first + 12) * 10 - 15, 1e-9);
    expect(found.timesMs[first] - found.timesMs[first - 1]).to.be.closeTo(115 / 13, 1e-9);
    for (let i = 1; i < found.timesMs.length; i++) expect(found.timesMs[i], `sample ${i}`).to.be.above(found.timesMs[i - 1]);
  });

  it('takes no batches from two samples on a stamp (rounding), from stamps that jitter, or from one stall followed by samples close together', () => {
    const pairs = Float64Array.from({ length: 400 }, (_, i) => 20 * Math.floor(i / 2));
    expect(findBatchedStamps(pairs, pairs.length)).to.equal(undefined);
    const jittered = Float64Array.from({ length: 400 }, (_, i) => i * 10 + (i % 3 === 0 ? 6 : i % 3 === 1 ? -3 : 0));
    expect(findBatchedStamps(jittered, jittered.length)).to.equal(undefined);
    const stalled = Float64Array.from({ length: 400 }, (_, i) => (i < 200 || i >= 250 ? i * 10 : 2500 + (i - 200) * 0.05));
    expect(findBatchedStamps(stalled, stalled.length)).to.equal(undefined);
  });

  it('says where batches keep no rate: the time from one to the next does not follow the samples in them', () => {
    // one batch every 100 ms, of 3 to 30 samples by turns
    const times: number[] = [];
    for (let b = 0; b < 40; b++) for (let k = 0; k < [3, 30, 12, 5][b % 4]; k++) times.push(100 * b);
    const found = findBatchedStamps(Float64Array.from(times), times.length);
    expect(found !== undefined && isBatchedMisfit(found)).to.equal(true);
  });
});
