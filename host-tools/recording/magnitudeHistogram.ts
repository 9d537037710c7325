// A fixed-size log histogram of vector magnitudes, for what a file's own values say of their unit.

/** histogram of log10 magnitudes: BINS_PER_DECADE bins a decade from 10^LOWEST_DECADE up */
const BINS_PER_DECADE = 1000;
const LOWEST_DECADE = -4;
const DECADES = 10;

/**
 * Quantiles of the magnitudes of the vectors added (an accelerometer's, a gyroscope's), in the
 * file's own unit, to within a bin of the log histogram (0.23 %): a fixed-size histogram, so a
 * file of any length costs the same.
 */
export class MagnitudeHistogram {
  private readonly bins = new Uint32Array(BINS_PER_DECADE * DECADES);
  sampleCount = 0;

  add(x: number, y: number, z: number): void {
    const magnitude = Math.sqrt(x * x + y * y + z * z);
    const position = (Math.log10(magnitude) - LOWEST_DECADE) * BINS_PER_DECADE;
    // log10(0) is -Infinity: the lowest bin
    const bin = position < 0 ? 0 : Math.min(this.bins.length - 1, Math.floor(position));
    this.bins[bin]++;
    this.sampleCount++;
  }

  /** the middle of the bin holding the median; undefined with no samples */
  median(): number | undefined {
    return this.quantile(0.5);
  }

  /** the middle of the bin holding the magnitude `fraction` of the samples are at or below; undefined with no samples */
  quantile(fraction: number): number | undefined {
    if (this.sampleCount === 0) return undefined;
    const wanted = this.sampleCount * fraction;
    let below = 0;
    for (let bin = 0; bin < this.bins.length; bin++) {
      below += this.bins[bin];
      if (below >= wanted) return Math.pow(10, LOWEST_DECADE + (bin + 0.5) / BINS_PER_DECADE);
    }
    return undefined;
  }
}
