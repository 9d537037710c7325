import { expect } from 'chai';
import { findCatchUps } from '../../../host-tools/recording/catchUp';
import { createPrng } from '../../../host-tools/synthetic/prng';

/** as long as the 2-minute walking trial the import tests use */
const SAMPLES = 13759;

/** stamps at 100 Hz from `stepMs`, the step into each sample (0: none), ms */
function steppedStamps(stepMs: (i: number) => number): Float64Array {
  const timesMs = new Float64Array(SAMPLES);
  for (let i = 1; i < SAMPLES; i++) timesMs[i] = timesMs[i - 1] + stepMs(i);
  return timesMs;
}

/**
 * 100 Hz stamps where a logger stalls from sample `at` on for `held` periods, then writes those
 * samples 0.048 ms apart, the last half a period before the next is taken (5 ms late), and
 * `lost` of them never: the stamps after it come back whole periods later
 */
function stalledStamps(at: number, held: number, lost = 0): Float64Array {
  const timesMs = new Float64Array(SAMPLES - lost);
  for (let i = 0; i < timesMs.length; i++) {
    if (i < at) timesMs[i] = i * 10;
    else if (i < at + held - lost) timesMs[i] = (at + held - 1) * 10 + 5 - (at + held - lost - 1 - i) * 0.048;
    else timesMs[i] = (i + lost) * 10;
  }
  return timesMs;
}

interface StampOptions {
  rateHz: number;
  /** the samples left out */
  lost?: (i: number) => boolean;
  /** how late each sample is stamped, ms */
  lateMs?: (i: number) => number;
  /** digits after the point of the stamps in ms */
  decimals: number;
}

/** the stamps of SAMPLES samples as a logger would write them; one that does not increase is left out, as the import stops at one */
function stampsAt(options: StampOptions): Float64Array {
  const stamps: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    if (i > 0 && options.lost !== undefined && options.lost(i)) continue;
    const tMs = Number(((i * 1000) / options.rateHz + (options.lateMs ? options.lateMs(i) : 0)).toFixed(options.decimals));
    if (stamps.length === 0 || tMs > stamps[stamps.length - 1]) stamps.push(tMs);
  }
  return Float64Array.from(stamps);
}

describe('catchUp', () => {
  it('finds a stall of 10 samples at 100 Hz, then those samples written 0.048 ms apart: from the first after the stall to the first back on the grid, and places them on it, 10 ms apart', () => {
    const timesMs = stalledStamps(5000, 10);
    const found = findCatchUps(timesMs, SAMPLES)!;
    expect(found).to.not.equal(undefined);
    expect(found.periodMs).to.be.closeTo(10, 1e-9);
    expect(found.catchUps).to.have.length(1);
    expect(found.catchUps[0].firstSample).to.equal(5000);
    expect(found.catchUps[0].endSample).to.equal(5010);
    // sample 4999 at 49990 ms, nothing until the first of the ten at 50094.568 ms
    expect(found.catchUps[0].stallMs).to.be.closeTo(104.568, 1e-6);
    let furthestMs = 0;
    for (let i = 0; i < SAMPLES; i++) furthestMs = Math.max(furthestMs, Math.abs(found.timesMs[i] - i * 10));
    expect(furthestMs).to.be.below(1e-6);
    // the stamps given are left as they are
    expect(timesMs[5000]).to.be.closeTo(50094.568, 1e-6);
  });

  it('finds each of several stalls, of 3 to 300 samples, and no more', () => {
    const timesMs = stalledStamps(2000, 3);
    const later = stalledStamps(9000, 300);
    timesMs.set(later.subarray(9000), 9000);
    const middle = stalledStamps(5000, 50);
    timesMs.set(middle.subarray(5000, 5100), 5000);
    const found = findCatchUps(timesMs, SAMPLES)!;
    expect(found.catchUps.map((catchUp) => [catchUp.firstSample, catchUp.endSample])).to.deep.equal([[2000, 2003], [5000, 5050], [9000, 9300]]);
  });

  it('finds none after lost samples, where the stamps come back whole periods later: 10 lost, and a stall of 50 in which 5 are lost, written 0.048 ms apart', () => {
    expect(findCatchUps(steppedStamps((i) => (i === 5000 ? 110 : 10)), SAMPLES)).to.equal(undefined);
    const lostToo = stalledStamps(5000, 50, 5);
    expect(findCatchUps(lostToo, lostToo.length)).to.equal(undefined);
  });

  it('finds none in a stall of 2 samples: stamps that jitter by under two periods can look like it', () => {
    expect(findCatchUps(stalledStamps(5000, 2), SAMPLES)).to.equal(undefined);
  });

  it('finds none in a stretch at another rate after a gap it does not fill (10 lost, then 40 at 200 Hz) nor in one the file ends in (a stall of 20, then 0.048 ms apart to the end)', () => {
    expect(findCatchUps(steppedStamps((i) => (i === 5000 ? 110 : i > 5000 && i <= 5040 ? 5 : 10)), SAMPLES)).to.equal(undefined);
    expect(findCatchUps(stalledStamps(SAMPLES - 20, 20), SAMPLES)).to.equal(undefined);
  });

  it('takes a stretch at 200 Hz after a gap it fills to the sample (10 lost, then 20 at 5 ms) for one: its stamps are those of a stall of 10 periods written at twice the rate', () => {
    const found = findCatchUps(steppedStamps((i) => (i === 5000 ? 110 : i > 5000 && i <= 5020 ? 5 : 10)), SAMPLES)!;
    expect(found.catchUps.map((catchUp) => [catchUp.firstSample, catchUp.endSample])).to.deep.equal([[5000, 5020]]);
  });

  it('finds none in stamps at one rate with samples lost at random (up to 60 %) or in bursts (90 % over 50 to 400 samples), stamped late (up to 0.4 periods, with 20 % lost), 7 and 13 ms apart by turns (with up to half the samples lost), or in whole ms, at 52 to 208 Hz', () => {
    const cases: Array<{ what: string; options: (seed: number) => StampOptions }> = [];
    for (const rateHz of [52, 100, 104, 208]) {
      for (const decimals of [3, 0]) {
        for (const share of [0.1, 0.3, 0.6]) {
          cases.push({ what: `${rateHz} Hz, ${decimals} decimals, ${share * 100} % lost at random`, options: (seed) => {
            const prng = createPrng(seed);
            return { rateHz, decimals, lost: () => prng.nextFloat() < share };
          } });
        }
        const bursts = [[500, 100], [3000, 200], [6000, 400], [9000, 50]];
        cases.push({ what: `${rateHz} Hz, ${decimals} decimals, 90 % lost in bursts`, options: (seed) => {
          const prng = createPrng(seed);
          return { rateHz, decimals, lost: (i) => bursts.some(([from, count]) => i >= from && i < from + count) && prng.nextFloat() < 0.9 };
        } });
      }
      for (const share of [0, 0.2]) {
        cases.push({ what: `${rateHz} Hz, up to 0.4 periods late, ${share * 100} % lost`, options: (seed) => {
          const prng = createPrng(seed);
          return { rateHz, decimals: 1, lost: () => prng.nextFloat() < share, lateMs: () => (prng.nextFloat() * 400) / rateHz };
        } });
      }
    }
    for (const share of [0, 0.2, 0.5]) {
      cases.push({ what: `7 and 13 ms apart by turns, ${share * 100} % lost`, options: (seed) => {
        const prng = createPrng(seed);
        return { rateHz: 100, decimals: 0, lost: () => prng.nextFloat() < share, lateMs: (i) => (i % 2 === 1 ? 3 : 0) };
      } });
    }
    for (const { what, options } of cases) {
      for (const seed of [1, 2, 3]) {
        const stamps = stampsAt(options(seed));
        const found = findCatchUps(stamps, stamps.length);
        expect(found && found.catchUps.slice(0, 3), `${what}, seed ${seed}`).to.equal(undefined);
      }
    }
  });
});
