// The accelerometer unit a recording's own gravity points to. A body-worn IMU reads about 1 g in
// magnitude at the median sample, standing, walking or running (impacts and flight pull the
// magnitude up and down about it), so m/s^2 or mg read as g show as a median near 9.81 or 1000.
import { ACC_UNITS, AccUnit, ugPerAccUnit } from './imuUnits';

/**
 * A median magnitude of the accelerometer within this band (g) is gravity; the bands of the units
 * lie 9.8 and 1000 times apart, so one median fits one unit at most (walking and running give
 * 0.98 to 1.04 g).
 */
const GRAVITY_LOW_G = 0.5;
const GRAVITY_HIGH_G = 2;
/** samples below which a median says too little to refuse a file for */
const MIN_SAMPLES = 20;

/** histogram of log10 magnitudes: BINS_PER_DECADE bins a decade from 10^LOWEST_DECADE up */
const BINS_PER_DECADE = 1000;
const LOWEST_DECADE = -4;
const DECADES = 10;

/**
 * The median magnitude of the accelerometer vectors added, in the file's own unit, to within a
 * bin of the log histogram (0.23 %): a fixed-size histogram, so a file of any length costs the same.
 */
export class AccMagnitudeMedian {
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
    if (this.sampleCount === 0) return undefined;
    const half = this.sampleCount / 2;
    let below = 0;
    for (let bin = 0; bin < this.bins.length; bin++) {
      below += this.bins[bin];
      if (below >= half) return Math.pow(10, LOWEST_DECADE + (bin + 0.5) / BINS_PER_DECADE);
    }
    return undefined;
  }
}

export interface AccUnitMismatch {
  /** the unit the file was read in */
  declared: AccUnit;
  /** the unit whose reading of the median is gravity */
  likely: AccUnit;
  /** the median magnitude in the file's own numbers */
  medianMagnitude: number;
  /** that median read in the declared unit, g */
  medianG: number;
}

/**
 * The unit the accelerometer's median magnitude says the file is in, where it is not the declared
 * one; undefined where the declared unit reads it as gravity, or no unit does (a synthetic signal,
 * gravity taken out), or the samples are too few.
 */
export function accUnitMismatch(magnitudes: AccMagnitudeMedian, declared: AccUnit): AccUnitMismatch | undefined {
  const median = magnitudes.median();
  if (median === undefined || magnitudes.sampleCount < MIN_SAMPLES) return undefined;
  const inG = (unit: AccUnit): number => (median * ugPerAccUnit(unit)) / 1e6;
  const isGravity = (unit: AccUnit): boolean => inG(unit) >= GRAVITY_LOW_G && inG(unit) <= GRAVITY_HIGH_G;
  if (isGravity(declared)) return undefined;
  const likely = ACC_UNITS.find(isGravity);
  if (likely === undefined) return undefined;
  return { declared: declared, likely: likely, medianMagnitude: median, medianG: inG(declared) };
}
