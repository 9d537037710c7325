// The values an IMU CSV writes for each sample its import keeps, in the file's own units, and how
// many decimals it writes them with. The import keeps the board's counts (rounded to 0.488 mg,
// clamped at 16 g on a Puck.js v2): right for the detector, a loss in a dataset others analyse
// (export --bids). Kept only when asked, beside the counts, as the same lines are read: a second
// reading of the file would have to repeat every rule of the import (notes before the header, a
// decimal comma, units rows, lost samples, a clock that restarts) to find the same lines.
import { SAMPLE_STRIDE } from '../../firmware/core/pipeline';

export interface CsvFileValues {
  /** ax, ay, az, gx, gy, gz per sample of the import, in the units it read them in */
  values: Float64Array;
  /** the most decimals the file writes a value with: accelerometer, gyroscope (1.5e-3 has 4) */
  decimals: [number, number];
}

/** decimals a number cell is written with, an exponent counted (1.5e-3: 4), a decimal comma too */
export function cellDecimals(text: string): number {
  const match = /^\s*[+-]?\d*(?:[.,](\d*))?(?:[eE]([+-]?\d+))?\s*$/.exec(text);
  if (match === null) return 0;
  return Math.max(0, (match[1] ?? '').length - Number(match[2] ?? 0));
}

/** the values of the samples as they are read, grown as the import's own sample buffer grows */
export class CsvFileValueBuffer {
  private values = new Float64Array(4096 * SAMPLE_STRIDE);
  private readonly decimals: [number, number] = [0, 0];

  /** sample `sample`'s values (the import's order) and the cells they were read from */
  add(sample: number, values: Float64Array, cells: readonly string[]): void {
    const at = sample * SAMPLE_STRIDE;
    if (at + SAMPLE_STRIDE > this.values.length) {
      const grown = new Float64Array(Math.max(this.values.length * 2, at + SAMPLE_STRIDE));
      grown.set(this.values);
      this.values = grown;
    }
    for (let k = 0; k < SAMPLE_STRIDE; k++) {
      this.values[at + k] = values[k];
      const sensor = k < 3 ? 0 : 1;
      const decimals = cellDecimals(cells[k]);
      if (decimals > this.decimals[sensor]) this.decimals[sensor] = decimals;
    }
  }

  /** the values of the import's `sampleCount` samples */
  result(sampleCount: number): CsvFileValues {
    return { values: this.values.slice(0, sampleCount * SAMPLE_STRIDE), decimals: [this.decimals[0], this.decimals[1]] };
  }
}
