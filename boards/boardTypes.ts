// What core and the host tools need to know about a board: IMU scale, nominal mounting, rates.
// Axis codes name a sensor axis for each pod axis: 1 = x, 2 = y, 3 = z, negative = reversed.

export interface PodAxisMap {
  /** sensor axis that points up (pod V) in the nominal mounting */
  v: number;
  /** sensor axis that points forward (pod AP) */
  ap: number;
  /** sensor axis that points to the runner's left (pod ML) */
  ml: number;
}

export interface BoardImuScale {
  /** accelerometer sensitivity in micro-g per count (LSM6DS3TR-C at +-16 g: 488) */
  accUgPerCount: number;
  /** gyroscope sensitivity in millidegrees per second per count (LSM6DS3TR-C at +-2000 dps: 70) */
  gyroMdpsPerCount: number;
  /** largest magnitude the accelerometer can report, in counts (a reading at or past it is saturated) */
  accFullScaleCounts: number;
  /** largest magnitude the gyroscope can report, in counts */
  gyroFullScaleCounts: number;
}

export interface BoardDescription {
  name: string;
  imuPart: string;
  defaultRateHz: number;
  supportedRatesHz: number[];
  scale: BoardImuScale;
  axisMap: PodAxisMap;
}
