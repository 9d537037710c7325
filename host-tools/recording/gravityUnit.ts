// The accelerometer unit a recording's own gravity points to. A body-worn IMU reads about 1 g in
// magnitude at the median sample, standing, walking or running (impacts and flight pull the
// magnitude up and down about it), so m/s^2 or mg read as g show as a median near 9.81 or 1000.
import { ACC_UNITS, AccUnit, ugPerAccUnit } from './imuUnits';
import { MagnitudeHistogram } from './magnitudeHistogram';

/**
 * A median magnitude of the accelerometer within this band (g) is gravity; the bands of the units
 * lie 9.8 and 1000 times apart, so one median fits one unit at most (walking and running give
 * 0.98 to 1.04 g).
 */
const GRAVITY_LOW_G = 0.5;
const GRAVITY_HIGH_G = 2;
/** samples below which a median says too little to refuse a file for */
const MIN_SAMPLES = 20;

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
export function accUnitMismatch(magnitudes: MagnitudeHistogram, declared: AccUnit): AccUnitMismatch | undefined {
  const median = magnitudes.median();
  if (median === undefined || magnitudes.sampleCount < MIN_SAMPLES) return undefined;
  const inG = (unit: AccUnit): number => (median * ugPerAccUnit(unit)) / 1e6;
  const isGravity = (unit: AccUnit): boolean => inG(unit) >= GRAVITY_LOW_G && inG(unit) <= GRAVITY_HIGH_G;
  if (isGravity(declared)) return undefined;
  const likely = ACC_UNITS.find(isGravity);
  if (likely === undefined) return undefined;
  return { declared: declared, likely: likely, medianMagnitude: median, medianG: inG(declared) };
}
