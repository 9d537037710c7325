// LSM6DSO register table: where it matches the LSM6DS3TR-C (CTRL1_XL..CTRL7_G, OUTX_L_G, INT1_CTRL
// bit 3, FS_XL/FS_G/ODR codes, sensitivities) the LSM6DS3TR-C encoders are reused; the FIFO differs.
// Citations name the LSM6DSO datasheet (DocID030997) register and address; section numbers unchecked.
//
// FIFO differences from the LSM6DS3TR-C:
// - FIFO_CTRL1..4 sit at 07h..0Ah (LSM6DS3TR-C: FIFO_CTRL1..5 at 06h..0Ah). No decimation field:
//   FIFO_CTRL3 (09h) holds batch data rates BDR_GY[7:4] and BDR_XL[3:0] (same codes as ODR);
//   FIFO_MODE[2:0] moved to FIFO_CTRL4 (0Ah), 110 = continuous as before.
// - The watermark WTM[8:0] (FIFO_CTRL1 + FIFO_CTRL2 bit 0) counts FIFO words of 7 bytes: one tag
//   byte + one 3-axis sample of one sensor. Gyro + accel = 2 words per sample (LSM6DS3TR-C: 6
//   16-bit words). DIFF_FIFO[9:0] in FIFO_STATUS1/2 (3Ah/3Bh) counts the same words; the watermark
//   flag FIFO_WTM_IA is FIFO_STATUS2 bit 7.
// - Output is tagged: FIFO_DATA_OUT_TAG (78h) TAG_SENSOR[7:3] (0x01 gyro, 0x02 accel, uncompressed),
//   then FIFO_DATA_OUT_X_L..Z_H (79h..7Eh). There is no fixed pattern, so the glue must dispatch on
//   the tag, not on word position (gyro and accel of one sample are not guaranteed adjacent).
import {
  CTRL3_C_BDU,
  CTRL3_C_IF_INC,
  FS_G_2000DPS,
  FS_XL_16G,
  INT1_CTRL_INT1_FTH,
  LSM6DS3TRC_ACC_UG_PER_COUNT_16G,
  LSM6DS3TRC_GYRO_MDPS_PER_COUNT_2000DPS,
  LSM6DS3TRC_ODR_RATES_HZ,
  imuFifoSetupProblem,
  RegisterWrite,
  lsm6ds3trcCtrl1Xl,
  lsm6ds3trcCtrl2G,
  lsm6ds3trcOdrCode,
} from './lsm6ds3trc';

/**
 * register addresses, names as in the datasheet register map. Read as LSM6DSO_REG.NAME, never
 * through an alias, so the firmware holds the addresses it reads and not the table (as LSM6DS3TRC_REG).
 */
export const LSM6DSO_REG = {
  FIFO_CTRL1: 0x07,
  FIFO_CTRL2: 0x08,
  FIFO_CTRL3: 0x09,
  FIFO_CTRL4: 0x0a,
  INT1_CTRL: 0x0d,
  WHO_AM_I: 0x0f,
  CTRL1_XL: 0x10,
  CTRL2_G: 0x11,
  CTRL3_C: 0x12,
  CTRL6_C: 0x15,
  CTRL7_G: 0x16,
  CTRL8_XL: 0x17,
  CTRL9_XL: 0x18,
  OUTX_L_G: 0x22,
  OUTX_L_A: 0x28,
  FIFO_STATUS1: 0x3a,
  FIFO_STATUS2: 0x3b,
  FIFO_DATA_OUT_TAG: 0x78,
  FIFO_DATA_OUT_X_L: 0x79,
};

/** WHO_AM_I (0Fh) reads 0x6C (LSM6DS3TR-C: 0x6A) */
export const LSM6DSO_WHO_AM_I_VALUE = 0x6c;
/** 7-bit I2C address: 0x6A with SA0 low, 0x6B with SA0 high (same as LSM6DS3TR-C) */
export const LSM6DSO_I2C_ADDRESS_SA0_LOW = 0x6a;
export const LSM6DSO_I2C_ADDRESS_SA0_HIGH = 0x6b;

/** same ODR_XL/ODR_G/BDR codes and FS_XL mapping (00 2 g, 01 16 g, 10 4 g, 11 8 g) as the LSM6DS3TR-C,
 * provided CTRL8_XL XL_FS_MODE (bit 1) stays 0: with it set, code 01 means +-2 g */
export const LSM6DSO_ODR_RATES_HZ = LSM6DS3TRC_ODR_RATES_HZ;
export const LSM6DSO_ACC_UG_PER_COUNT_16G = LSM6DS3TRC_ACC_UG_PER_COUNT_16G;
export const LSM6DSO_GYRO_MDPS_PER_COUNT_2000DPS = LSM6DS3TRC_GYRO_MDPS_PER_COUNT_2000DPS;

/** CTRL9_XL I3C_disable (bit 1): recommended on an I2C-only bus; DEN bits 7:5 kept at their 0xE0 reset value */
export const CTRL9_XL_RESET = 0xe0;
export const CTRL9_XL_I3C_DISABLE = 1 << 1;

/** FIFO_CTRL4 FIFO_MODE[2:0] */
export const LSM6DSO_FIFO_MODE_BYPASS = 0x0;
export const LSM6DSO_FIFO_MODE_CONTINUOUS = 0x6;
/** FIFO_DATA_OUT_TAG TAG_SENSOR[7:3] values for uncompressed gyro and accel words */
export const LSM6DSO_TAG_GYRO_NC = 0x01;
export const LSM6DSO_TAG_XL_NC = 0x02;
/** tag byte -> TAG_SENSOR */
export function lsm6dsoTagSensor(tagByte: number): number {
  return (tagByte >> 3) & 0x1f;
}

/** FIFO words per gyro+accel sample (one tagged word each) and bytes per word (tag + 6 data) */
export const LSM6DSO_FIFO_WORDS_PER_SAMPLE = 2;
export const LSM6DSO_FIFO_BYTES_PER_WORD = 7;
/** the FIFO holds 3 KB = 438 words of 7 bytes (capacity unverified); WTM[8:0] could say up to 511 */
export const LSM6DSO_FIFO_CAPACITY_WORDS = 438;
export const LSM6DSO_MAX_WATERMARK_SAMPLES = (LSM6DSO_FIFO_CAPACITY_WORDS / LSM6DSO_FIFO_WORDS_PER_SAMPLE) | 0; // 219
/** whole samples the FIFO holds: after an overrun it keeps this many of the newest */
export const LSM6DSO_FIFO_CAPACITY_SAMPLES = LSM6DSO_MAX_WATERMARK_SAMPLES;

/** what is wrong with a setup request, in words, or '' when it can be applied */
export function lsm6dsoSetupProblem(rateHz: number, watermarkSamples: number): string {
  return imuFifoSetupProblem('LSM6DSO', LSM6DSO_ODR_RATES_HZ, LSM6DSO_MAX_WATERMARK_SAMPLES, rateHz, watermarkSamples);
}

/** Ordered register writes: +-16 g, +-2000 dps at rateHz, both batched at rateHz into a continuous
 * FIFO, INT1 high at the watermark. Throws TypeError for an unsupported rate or watermark. */
export function lsm6dsoSetup(rateHz: number, watermarkSamples: number): RegisterWrite[] {
  const problem = lsm6dsoSetupProblem(rateHz, watermarkSamples);
  if (problem !== '') throw new TypeError(problem);
  const odr = lsm6ds3trcOdrCode(rateHz);
  const wtmWords = watermarkSamples * LSM6DSO_FIFO_WORDS_PER_SAMPLE; // <= 438, fits WTM[8:0]
  return [
    // FIFO_CTRL4 (0Ah): bypass first, which empties the FIFO
    [LSM6DSO_REG.FIFO_CTRL4, LSM6DSO_FIFO_MODE_BYPASS],
    // CTRL9_XL (18h): I3C_disable, the bus is plain I2C (unverified that this is required)
    [LSM6DSO_REG.CTRL9_XL, CTRL9_XL_RESET | CTRL9_XL_I3C_DISABLE],
    // CTRL3_C (12h): BDU | IF_INC, same bits as LSM6DS3TR-C
    [LSM6DSO_REG.CTRL3_C, CTRL3_C_BDU | CTRL3_C_IF_INC],
    // CTRL8_XL (17h): XL_FS_MODE = 0 so FS_XL = 01 means +-16 g; LPF2/HP filters off
    [LSM6DSO_REG.CTRL8_XL, 0x00],
    // CTRL1_XL (10h): ODR_XL, FS_XL = 01 (+-16 g), LPF2_XL_EN = 0
    [LSM6DSO_REG.CTRL1_XL, lsm6ds3trcCtrl1Xl(odr, FS_XL_16G)],
    // CTRL2_G (11h): ODR_G, FS_G = 11 (+-2000 dps), FS_125 = 0
    [LSM6DSO_REG.CTRL2_G, lsm6ds3trcCtrl2G(odr, FS_G_2000DPS)],
    // CTRL6_C (15h) XL_HM_MODE = 0, CTRL7_G (16h) G_HM_MODE = 0: high-performance at every rate
    [LSM6DSO_REG.CTRL6_C, 0x00],
    [LSM6DSO_REG.CTRL7_G, 0x00],
    // FIFO_CTRL1/2 (07h/08h): WTM[8:0] in 7-byte words; STOP_ON_WTM = 0
    [LSM6DSO_REG.FIFO_CTRL1, wtmWords & 0xff],
    [LSM6DSO_REG.FIFO_CTRL2, (wtmWords >> 8) & 0x1],
    // FIFO_CTRL3 (09h): BDR_GY[7:4] and BDR_XL[3:0] at the sensor ODR
    [LSM6DSO_REG.FIFO_CTRL3, (odr << 4) | odr],
    // INT1_CTRL (0Dh): INT1_FIFO_TH (bit 3) only
    [LSM6DSO_REG.INT1_CTRL, INT1_CTRL_INT1_FTH],
    // FIFO_CTRL4 (0Ah): continuous mode, no temperature or timestamp batching
    [LSM6DSO_REG.FIFO_CTRL4, LSM6DSO_FIFO_MODE_CONTINUOUS],
  ];
}
