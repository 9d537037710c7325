// What the two ST IMU models share: physical values to counts at the full scale their CTRL1_XL /
// CTRL2_G select (same bit layout on the LSM6DS3TR-C and the LSM6DSO), and the sample-and-hold
// rule that turns source samples into output-data-rate ticks.
import { FS_G_2000DPS, FS_XL_16G, FS_XL_2G, FS_XL_4G, FS_XL_8G, LSM6DS3TRC_ACC_UG_PER_COUNT_16G, LSM6DS3TRC_GYRO_MDPS_PER_COUNT_2000DPS } from '../../boards/lsm6ds3trc';

export type Vec3 = [number, number, number];

/** accelerometer sensitivity in ug per count by FS_XL code (datasheet table 3: 0.061/0.122/0.244/0.488 mg) */
export const ACC_UG_PER_COUNT_BY_FS: Record<number, number> = {
  [FS_XL_2G]: 61,
  [FS_XL_4G]: 122,
  [FS_XL_8G]: 244,
  [FS_XL_16G]: LSM6DS3TRC_ACC_UG_PER_COUNT_16G,
};
/** gyroscope sensitivity in mdps per count by FS_G code: 245/500/1000/2000 dps (8.75/17.5/35/70 mdps) */
export const GYRO_MDPS_PER_COUNT_BY_FS: Record<number, number> = {
  0x0: 8.75,
  0x1: 17.5,
  0x2: 35,
  [FS_G_2000DPS]: LSM6DS3TRC_GYRO_MDPS_PER_COUNT_2000DPS,
};
/** CTRL2_G FS_125 (bit 1): +-125 dps, overrides FS_G */
export const CTRL2_G_FS_125 = 1 << 1;
const GYRO_MDPS_PER_COUNT_125DPS = 4.375;

export function clipInt16(v: number): number {
  const r = Math.round(v);
  return r > 32767 ? 32767 : r < -32768 ? -32768 : r;
}

/** accel mg and gyro mdps as (unrounded) counts at the full scales CTRL1_XL and CTRL2_G select */
export function countsAtFullScale(ctrl1Xl: number, ctrl2G: number, accMg: Vec3, gyroMdps: Vec3): { acc: Vec3; gyro: Vec3 } {
  const ug = ACC_UG_PER_COUNT_BY_FS[(ctrl1Xl >> 2) & 0x3];
  const mdps = ctrl2G & CTRL2_G_FS_125 ? GYRO_MDPS_PER_COUNT_125DPS : GYRO_MDPS_PER_COUNT_BY_FS[(ctrl2G >> 2) & 0x3];
  return { acc: accMg.map((v) => (v * 1000) / ug) as Vec3, gyro: gyroMdps.map((v) => v / mdps) as Vec3 };
}

/**
 * Source sample n has time n / sourceRateHz; ODR tick k (k / odrHz) takes the newest source sample
 * at or before it, so a 104 Hz source read at 52 Hz yields every other sample and at 208 Hz each
 * twice. restart() puts the phase back to source sample 0 (a write of CTRL1_XL).
 */
export class OdrSampleAndHold {
  private sourceIndex = 0;
  private nextTick = 0;

  constructor(private readonly sourceRateHz: number) {}

  restart(): void {
    this.sourceIndex = 0;
    this.nextTick = 0;
  }

  /** how many ODR ticks the next source sample fills at odrHz (0 Hz: none, the sensor is off) */
  ticksForNextSample(odrHz: number): number {
    const n = this.sourceIndex++;
    if (odrHz === 0) return 0;
    let ticks = 0;
    // ODR tick k at k/odr is due when k/odr <= n/src, i.e. k*src <= n*odr
    while (this.nextTick * this.sourceRateHz <= n * odrHz) {
      this.nextTick++;
      ticks++;
    }
    return ticks;
  }
}
