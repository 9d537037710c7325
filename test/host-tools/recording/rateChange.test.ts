import { expect } from 'chai';
import { findRateChange } from '../../../host-tools/recording/rateChange';
import { createPrng } from '../../../host-tools/synthetic/prng';

/** as long as the 2-minute walking trial the import tests use */
const SAMPLES = 13759;

interface StampOptions {
  /** the samples left out */
  lost?: (i: number) => boolean;
  /** how late each sample is stamped, ms */
  lateMs?: (i: number) => number;
  /** digits after the point of the stamps in ms */
  decimals?: number;
}

/** the stamps of SAMPLES samples at rateHz, as a logger would write them; a stamp that does not increase is left out, as the import stops at one */
function stampsAt(rateHz: number, options: StampOptions): Float64Array {
  const stamps: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    if (i > 0 && options.lost !== undefined && options.lost(i)) continue;
    const tMs = Number(((i * 1000) / rateHz + (options.lateMs ? options.lateMs(i) : 0)).toFixed(options.decimals ?? 3));
    if (stamps.length === 0 || tMs > stamps[stamps.length - 1]) stamps.push(tMs);
  }
  return Float64Array.from(stamps);
}

describe('rateChange', () => {
  it('finds no change in stamps at one rate with samples lost at random (up to 60 %) or in bursts (up to 90 % over 50 to 400 samples), stamped late (up to 2 ms at 208 Hz and 4 ms at 100 Hz, and past half a period: 5 and 8 ms), 7 and 13 ms apart by turns, or in whole ms, at 52 to 208 Hz', () => {
    const cases: Array<{ what: string; rateHz: number; options: (seed: number) => StampOptions }> = [];
    for (const rateHz of [52, 100, 104, 208]) {
      for (const decimals of [3, 0]) {
        for (const share of [0.01, 0.1, 0.3, 0.6]) {
          cases.push({ what: `${rateHz} Hz, ${decimals} decimals, ${share * 100} % lost at random`, rateHz, options: (seed) => {
            const prng = createPrng(seed);
            return { decimals, lost: () => prng.nextFloat() < share };
          } });
        }
        for (const share of [0.6, 0.9]) {
          const bursts = [[500, 100], [3000, 200], [6000, 400], [9000, 50]];
          cases.push({ what: `${rateHz} Hz, ${decimals} decimals, ${share * 100} % lost in bursts`, rateHz, options: (seed) => {
            const prng = createPrng(seed);
            return { decimals, lost: (i) => bursts.some(([from, count]) => i >= from && i < from + count) && prng.nextFloat() < share };
          } });
        }
      }
    }
    // 5 ms late at 208 Hz, 8 ms at 100 Hz: more than half a period, where lost samples hide in the
    // jitter and late ones look like gaps
    for (const [rateHz, lateMs] of [[100, 4], [208, 2], [208, 5], [100, 8]]) {
      for (const share of [0, 0.05, 0.2]) {
        cases.push({ what: `${rateHz} Hz, up to ${lateMs} ms late, ${share * 100} % lost`, rateHz, options: (seed) => {
          const prng = createPrng(seed);
          return { decimals: 1, lost: () => prng.nextFloat() < share, lateMs: () => prng.nextFloat() * lateMs };
        } });
      }
    }
    for (const share of [0, 0.2]) {
      cases.push({ what: `7 and 13 ms apart by turns, ${share * 100} % lost`, rateHz: 100, options: (seed) => {
        const prng = createPrng(seed);
        return { decimals: 0, lost: () => prng.nextFloat() < share, lateMs: (i) => (i % 2 === 1 ? 3 : 0) };
      } });
    }
    for (const { what, rateHz, options } of cases) {
      for (const seed of [1, 2, 3]) {
        const stamps = stampsAt(rateHz, options(seed));
        const change = findRateChange(stamps, stamps.length);
        expect(change, `${what}, seed ${seed}: ${JSON.stringify(change)}`).to.equal(undefined);
      }
    }
  });
});
