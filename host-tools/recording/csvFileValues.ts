// The values an IMU CSV writes for each sample its import keeps, in the file's own units, and how
// many decimals it writes them with. The import keeps the board's counts (rounded to 0.488 mg,
// clamped at 16 g on a Puck.js v2): right for the detector, a loss in a dataset others analyse
// (export --bids). Kept only when asked, beside the counts, as the same lines are read: a second
// reading of the file would have to repeat every rule of the import (notes before the header, a
// decimal comma, units rows, lost samples, a clock that restarts) to find the same lines.
import { SAMPLE_STRIDE } from '../../firmware/core/pipeline';

/**
 * samples a block of values holds (3 MB of doubles): a long file's values take blocks as they
 * come and are never copied. One array grown by doubling and cut to the sample count at the end
 * held both at once: at 4 h at 208 Hz (3 million samples, 144 MB of values) an array of 201 MB
 * and its cut of 144 MB.
 */
export const FILE_VALUE_BLOCK_SAMPLES = 65536;

export interface CsvFileValues {
  /** value k (ax, ay, az, gx, gy, gz) of the import's sample `sample`, in the units it read them in */
  value(sample: number, k: number): number;
  /** the most decimals the file writes a value with: accelerometer, gyroscope (1.5e-3 has 4) */
  decimals: [number, number];
}

/** decimals a number cell is written with, an exponent counted (1.5e-3: 4), a decimal comma too */
export function cellDecimals(text: string): number {
  const match = /^\s*[+-]?\d*(?:[.,](\d*))?(?:[eE]([+-]?\d+))?\s*$/.exec(text);
  if (match === null) return 0;
  return Math.max(0, (match[1] ?? '').length - Number(match[2] ?? 0));
}

/** the values of the samples as they are read, a block at a time, by the import's sample index */
export class CsvFileValueBuffer {
  private readonly blocks: Float64Array[] = [];
  private readonly decimals: [number, number] = [0, 0];
  private readonly blockSamples: number;

  constructor(blockSamples = FILE_VALUE_BLOCK_SAMPLES) {
    this.blockSamples = blockSamples;
  }

  /**
   * sample `sample`'s values (the import's order) and the cells they were read from; a sample is
   * the next after those added, or one taken back and read again (the import drops a sample read
   * after a damaged stamp)
   */
  add(sample: number, values: Float64Array, cells: readonly string[]): void {
    const block = Math.floor(sample / this.blockSamples);
    if (block === this.blocks.length) this.blocks.push(new Float64Array(this.blockSamples * SAMPLE_STRIDE));
    const into = this.blocks[block];
    const at = (sample - block * this.blockSamples) * SAMPLE_STRIDE;
    for (let k = 0; k < SAMPLE_STRIDE; k++) {
      into[at + k] = values[k];
      const sensor = k < 3 ? 0 : 1;
      const decimals = cellDecimals(cells[k]);
      if (decimals > this.decimals[sensor]) this.decimals[sensor] = decimals;
    }
  }

  /** the values of the import's `sampleCount` samples (those added from 0 on), no copy of them */
  result(sampleCount: number): CsvFileValues {
    const blockSamples = this.blockSamples;
    const blocks = this.blocks.slice(0, Math.ceil(sampleCount / blockSamples));
    return {
      value(sample: number, k: number): number {
        const block = Math.floor(sample / blockSamples);
        return blocks[block][(sample - block * blockSamples) * SAMPLE_STRIDE + k];
      },
      decimals: [this.decimals[0], this.decimals[1]],
    };
  }
}
