// The values of an IMU CSV's samples as the file writes them, in SI units (m/s^2, rad/s), for the
// motion file. The import keeps each sample as the board's int16 counts, rounded to the board's
// resolution (0.488 mg, 70 mdps on a Puck.js v2) and clamped at its full scale: right for the
// detector, a loss for data others analyse. So the export has the import keep the values as
// written (recording/csvFileValues.ts), read from the same lines, and converts each here as it is
// written: all of them converted at once would be a second copy (144 MB at 4 h at 208 Hz).
import { CsvFileValues } from '../recording/csvFileValues';
import { AccUnit, GyroUnit, ugPerAccUnit } from '../recording/imuUnits';
import { MOTION_DECIMALS, STANDARD_GRAVITY_MS2 } from './motionChannels';

/**
 * most decimals written: beyond what any IMU resolves (1e-12 m/s^2), where a file of values
 * printed to full double precision (0.30000000000000004) would only add digits of binary rounding
 */
const MAX_DECIMALS = 12;

/** rad/s in one unit of each gyroscope unit (a unit added there is a type error here) */
const RADS_PER_GYRO_UNIT: { [unit in GyroUnit]: number } = { dps: Math.PI / 180, rads: 1 };

export interface CsvSampleValues {
  /** value k, ax, ay, az (m/s^2), gx, gy, gz (rad/s), of the import's sample `sample` (its order) */
  valueSi(sample: number, k: number): number;
  /** decimals that keep the file's own resolution in SI: accelerometer, gyroscope */
  decimals: [number, number];
}

/** the units the import read the values in */
export interface CsvValueUnits {
  accUnit?: AccUnit;
  gyroUnit?: GyroUnit;
}

/**
 * decimals of a value in SI from one written with `fileDecimals` in a unit of `siPerUnit`: its
 * last digit moved by the factor, and one more, so a value converted back rounds to the file's
 */
function siDecimals(fileDecimals: number, siPerUnit: number): number {
  const shift = Math.max(0, Math.ceil(-Math.log10(siPerUnit) - 1e-9));
  return Math.min(MAX_DECIMALS, Math.max(MOTION_DECIMALS, fileDecimals + shift + 1));
}

/** the file's values (kept by the import read in `units`) in SI, with the decimals that keep their resolution */
export function csvSampleValues(fileValues: CsvFileValues, units: CsvValueUnits): CsvSampleValues {
  const siPerUnit = [ugPerAccUnit(units.accUnit ?? 'g') * 1e-6 * STANDARD_GRAVITY_MS2, RADS_PER_GYRO_UNIT[units.gyroUnit ?? 'dps']];
  return {
    valueSi: (sample: number, k: number): number => fileValues.value(sample, k) * siPerUnit[k < 3 ? 0 : 1],
    decimals: [siDecimals(fileValues.decimals[0], siPerUnit[0]), siDecimals(fileValues.decimals[1], siPerUnit[1])],
  };
}
