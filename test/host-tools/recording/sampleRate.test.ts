import { expect } from 'chai';
import { RecordingGap, findGaps, inferSampleRate } from '../../../host-tools/recording/sampleRate';

/** stamps of `count` samples at 100 Hz (10 ms apart), the samples `lost` says left out, each moved by `offMs` */
function stamps100Hz(count: number, lost: (i: number) => boolean = () => false, offMs: (i: number) => number = () => 0): Float64Array {
  const times: number[] = [];
  for (let i = 0; i < count; i++) if (!lost(i)) times.push(i * 10 + offMs(i));
  return Float64Array.from(times);
}

function gapsOf(times: Float64Array, rateHz = 100): Array<[number, number]> {
  return findGaps(times, times.length, rateHz).map((gap: RecordingGap) => [gap.beforeSample, gap.missingSamples]);
}

describe('sampleRate', () => {
  it('finds no gap where a stamp is late by 0.6 periods: an interval of 1.6 periods that the next, of 0.4, makes up for', () => {
    const late = stamps100Hz(300, undefined, (i) => (i === 150 ? 6 : 0));
    expect(late[150] - late[149]).to.equal(16);
    expect(gapsOf(late)).to.deep.equal([]);
    expect(inferSampleRate(late, late.length)!.meanRateHz).to.equal(100);
  });

  it('finds a lost sample whose stamps on either side jitter towards each other (an interval of 1.4 periods)', () => {
    // sample 150 lost, 149 stamped 3 ms late and 151 3 ms early: 1493 and 1507
    const times = stamps100Hz(300, (i) => i === 150, (i) => (i === 149 ? 3 : i === 151 ? -3 : 0));
    expect(times[150] - times[149]).to.equal(14);
    const gaps = findGaps(times, times.length, 100);
    expect(gaps).to.deep.equal([{ startMs: 1493, endMs: 1507, missingSamples: 1, beforeSample: 150 }]);
  });

  it('finds the gaps of stamps on the grid where their intervals are long, with the samples an interval holds: 3 lost, and 2 in an interval of 3.4 periods', () => {
    const times = stamps100Hz(400, (i) => (i >= 100 && i < 103) || i === 200 || i === 201, (i) => (i >= 202 ? 4 : 0));
    expect(findGaps(times, times.length, 100)).to.deep.equal([
      { startMs: 990, endMs: 1030, missingSamples: 3, beforeSample: 100 },
      { startMs: 1990, endMs: 2024, missingSamples: 2, beforeSample: 197 },
    ]);
  });

  it('infers the rate from the count over the time: the samples and those lost over the time from the first stamp to the last, whatever the stamps between do', () => {
    // 2000 samples at 100 Hz, 20 lost at 700, every stamp 0 to 4 ms late by a pattern that repeats every 7 samples
    const times = stamps100Hz(2000, (i) => i >= 700 && i < 720, (i) => [0, 4, 1, 3, 0.5, 2, 3.5][i % 7]);
    const estimate = inferSampleRate(times, times.length)!;
    expect(gapsOf(times)).to.deep.equal([[700, 20]]);
    expect(estimate.meanRateHz).to.be.closeTo(((times.length - 1 + 20) * 1000) / (times[times.length - 1] - times[0]), 1e-9);
    expect(estimate.meanRateHz).to.be.closeTo(100, 0.003);
    expect(estimate.rateHz).to.equal(100);
  });

  it('at a rate given (--rate), counts the samples a gap lost at that rate, and finds no gap where the stamps keep their own rate 4 % slower', () => {
    // 100 Hz stamps with 10 samples lost: 110 ms are 10 samples at 104 Hz as at 100 Hz; 12 lost: 130 ms, 12.5 periods of 104 Hz
    const times = stamps100Hz(3000, (i) => (i >= 1000 && i < 1010) || (i >= 2000 && i < 2012));
    expect(gapsOf(times, 104)).to.deep.equal([[1000, 10], [1990, 13]]);
    expect(gapsOf(times, 96)).to.deep.equal([[1000, 10], [1990, 11]]);
  });

  it('finds a gap after the first sample, and one before the last', () => {
    const times = stamps100Hz(200, (i) => i === 1 || i === 198);
    expect(gapsOf(times)).to.deep.equal([[1, 1], [197, 1]]);
  });
});
