// The unit of a CSV's time column, told by its name: t_s (seconds), t_ms (milliseconds), t_us
// (microseconds, as many loggers and the IMU's own clock write it) or t_ns (nanoseconds, as
// Android's sensor events and ROS stamp them). Stamps read in a unit 1000
// times off give a rate no IMU samples at (microseconds read as ms: 0.1 Hz for 100 Hz); the
// unit that puts them at an IMU's rate is the one they were written in.

export type TimeField = 't_ms' | 't_s' | 't_us' | 't_ns';
export const TIME_FIELDS: TimeField[] = ['t_ms', 't_s', 't_us', 't_ns'];

const UNIT_NAMES: { [field in TimeField]: string } = { t_ms: 'ms', t_s: 'seconds', t_us: 'microseconds', t_ns: 'nanoseconds' };

/** ms in one unit of each time column */
const MS_PER_UNIT: { [field in TimeField]: number } = { t_ms: 1, t_s: 1000, t_us: 0.001, t_ns: 0.000001 };

/** units of the time columns finer than a ms, in one ms: their stamps are divided by it (below) */
const UNITS_PER_MS: { [field in TimeField]?: number } = { t_us: 1000, t_ns: 1000000 };

/**
 * Rates a body-worn IMU logs at, Hz: a logger at 10 Hz to one at 5 kHz. The units lie 1000 times
 * apart, so at most one reading of the stamps falls in this band.
 */
const IMU_RATE_LOW_HZ = 10;
const IMU_RATE_HIGH_HZ = 5000;

/** ms in one unit of the time column `field` */
export function msPerTimeUnit(field: TimeField): number {
  return MS_PER_UNIT[field];
}

/**
 * A stamp of the time column `field` in ms. Microseconds and nanoseconds are divided by 1000 and
 * 10^6, correctly rounded (times 0.001, itself inexact, makes 9615 us 9.615000000000002 ms). A
 * nanosecond stamp from an epoch (1.7e18) is past 2^53, so it is read to 256 ns: well inside a period
 */
export function msFromStamp(stamp: number, field: TimeField): number {
  const unitsPerMs = UNITS_PER_MS[field];
  return unitsPerMs !== undefined ? stamp / unitsPerMs : stamp * MS_PER_UNIT[field];
}

/** 'ms', 'seconds', 'microseconds' or 'nanoseconds' */
export function timeUnitName(field: TimeField): string {
  return UNIT_NAMES[field];
}

export interface TimeUnitDoubt {
  /** the column the stamps were read as */
  declared: TimeField;
  /** the rate they give so, Hz */
  declaredRateHz: number;
  /** the column whose unit puts them at an IMU's rate */
  likely: TimeField;
  /** the rate they give so, Hz */
  likelyRateHz: number;
}

/**
 * The time column the stamps look written in, where read as `declared` they give `meanRateHz`,
 * outside any IMU's rates, and another unit puts them within; undefined otherwise.
 */
export function timeUnitDoubt(meanRateHz: number, declared: TimeField): TimeUnitDoubt | undefined {
  if (!(meanRateHz > 0) || (meanRateHz >= IMU_RATE_LOW_HZ && meanRateHz <= IMU_RATE_HIGH_HZ)) return undefined;
  for (const field of TIME_FIELDS) {
    if (field === declared) continue;
    // a stamp of one unit of `field` is MS_PER_UNIT[field] ms: the rate scales inversely
    const rateHz = (meanRateHz * MS_PER_UNIT[declared]) / MS_PER_UNIT[field];
    if (rateHz >= IMU_RATE_LOW_HZ && rateHz <= IMU_RATE_HIGH_HZ) {
      return { declared, declaredRateHz: meanRateHz, likely: field, likelyRateHz: rateHz };
    }
  }
  return undefined;
}
