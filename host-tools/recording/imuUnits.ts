// Units a recording may use for its IMU columns, and the factor from each to board counts.
import { BoardImuScale } from '../../boards/boardTypes';

/** standard gravity, m/s^2 per g (CGPM 1901) */
const STANDARD_GRAVITY_MS2 = 9.80665;

export type AccUnit = 'g' | 'mg' | 'ms2';
export type GyroUnit = 'dps' | 'rads';

export const ACC_UNITS: AccUnit[] = ['g', 'mg', 'ms2'];
export const GYRO_UNITS: GyroUnit[] = ['dps', 'rads'];

/** micro-g in one unit of each accelerometer unit */
const UG_PER_ACC_UNIT: { [unit in AccUnit]: number } = {
  g: 1e6,
  mg: 1e3,
  ms2: 1e6 / STANDARD_GRAVITY_MS2,
};

/** millidegrees per second in one unit of each gyroscope unit */
const MDPS_PER_GYRO_UNIT: { [unit in GyroUnit]: number } = {
  dps: 1e3,
  rads: (180 * 1e3) / Math.PI,
};

/** micro-g in one `unit` */
export function ugPerAccUnit(unit: AccUnit): number {
  return UG_PER_ACC_UNIT[unit];
}

/** counts of the board's accelerometer in one `unit` */
export function accCountsPerUnit(unit: AccUnit, scale: BoardImuScale): number {
  return UG_PER_ACC_UNIT[unit] / scale.accUgPerCount;
}

/** counts of the board's gyroscope in one `unit` */
export function gyroCountsPerUnit(unit: GyroUnit, scale: BoardImuScale): number {
  return MDPS_PER_GYRO_UNIT[unit] / scale.gyroMdpsPerCount;
}
