// The gyroscope unit a recording's own turning points to. A pod on the lower back turns at up to
// about 50-135 dps (the 99th percentile of the magnitude over the bundled walking trials) as soon
// as the runner moves, and never near 2,000 dps (the IMU's range): degrees per second read as
// radians per second, or the reverse, is 57 times off. A gyro's size alone cannot prove a unit (a
// pod on a still table turns at nothing), so this only warns, and only when the runner moved.
import { AccUnit, GyroUnit, ugPerAccUnit } from './imuUnits';
import { MagnitudeHistogram } from './magnitudeHistogram';

/** the fraction of samples whose magnitude is taken as the file's turning: a burst of noise does not move it */
const TURNING_QUANTILE = 0.99;
/** moving: the accelerometer's magnitude spreads this much (g) between its 5th and 95th percentiles (walking 0.2-0.9) */
const MOVING_SPREAD_G = 0.2;
/** a moving runner's lower back turns faster than this (dps) */
const MOVING_TURN_MIN_DPS = 10;
/** faster than the IMU's range (dps), read as rad/s: the values are dps */
const TURN_MAX_DPS = 2000;
const DPS_PER_RAD_S = 180 / Math.PI;
/** samples below which the quantiles say too little */
const MIN_SAMPLES = 100;

export interface GyroUnitDoubt {
  declared: GyroUnit;
  likely: GyroUnit;
  /** the 99th percentile of the gyroscope's magnitude in the file's own numbers */
  turning: number;
}

/**
 * The gyroscope unit the file's values point to where it is not `declared`: dps whose moving
 * runner turns less than 10 (rad/s), rad/s that turn faster than the IMU can (dps); undefined
 * otherwise or with too few samples.
 */
export function gyroUnitDoubt(gyro: MagnitudeHistogram, acc: MagnitudeHistogram, declared: GyroUnit, accUnit: AccUnit): GyroUnitDoubt | undefined {
  if (gyro.sampleCount < MIN_SAMPLES) return undefined;
  const turning = gyro.quantile(TURNING_QUANTILE) as number;
  if (declared === 'rads') return turning * DPS_PER_RAD_S > TURN_MAX_DPS ? { declared, likely: 'dps', turning } : undefined;
  const low = acc.quantile(0.05) as number;
  const high = acc.quantile(0.95) as number;
  const spreadG = ((high - low) * ugPerAccUnit(accUnit)) / 1e6;
  return spreadG >= MOVING_SPREAD_G && turning < MOVING_TURN_MIN_DPS ? { declared, likely: 'rads', turning } : undefined;
}
