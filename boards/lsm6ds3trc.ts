// LSM6DS3TR-C register table: addresses under their datasheet names, bit-field encoders, and the
// ordered register writes that set +-16 g, +-2000 dps and a gyro+accel FIFO with a watermark on INT1.
// Citations name the LSM6DS3TR-C datasheet (DocID030071) chapter 9 "Register description" entry by
// register and address; subsection and table numbers are not quoted because they were not checked.
//
// FIFO data order: with DEC_FIFO_GYRO and DEC_FIFO_XL both 001 the FIFO pattern is 6 words per
// sample, gyro first: Gx Gy Gz XLx XLy XLz (data set 1 = gyro, data set 2 = accel; datasheet FIFO chapter, AN5130).
// That is the same order as a burst read of OUTX_L_G (0x22)..OUTZ_H_XL (0x2D). Core reads it as
// it is with settings.gyroFirst, so the firmware copies bursts without touching each sample.
// FIFO_PATTERN (FIFO_STATUS3/4) says which word comes next: 0 means Gx, so a reader that lost
// alignment re-syncs by skipping words until it reads 0.

/**
 * register addresses, names as in the datasheet register map. Read as LSM6DS3TRC_REG.NAME, never
 * through an alias: then terser puts each address the firmware reads in its place and leaves the
 * table out of the bundle (about 190 bytes of Storage).
 */
export const LSM6DS3TRC_REG = {
  FIFO_CTRL1: 0x06,
  FIFO_CTRL2: 0x07,
  FIFO_CTRL3: 0x08,
  FIFO_CTRL4: 0x09,
  FIFO_CTRL5: 0x0a,
  INT1_CTRL: 0x0d,
  WHO_AM_I: 0x0f,
  CTRL1_XL: 0x10,
  CTRL2_G: 0x11,
  CTRL3_C: 0x12,
  CTRL6_C: 0x15,
  CTRL7_G: 0x16,
  CTRL9_XL: 0x18,
  STATUS_REG: 0x1e,
  OUTX_L_G: 0x22,
  OUTX_L_XL: 0x28,
  FIFO_STATUS1: 0x3a,
  FIFO_STATUS2: 0x3b,
  FIFO_STATUS3: 0x3c,
  FIFO_STATUS4: 0x3d,
  FIFO_DATA_OUT_L: 0x3e,
  FIFO_DATA_OUT_H: 0x3f,
};

/** WHO_AM_I (0Fh) reads 0x6A */
export const LSM6DS3TRC_WHO_AM_I_VALUE = 0x6a;

/** I2C address: 0x6A with SA0 low, 0x6B with SA0 high (datasheet I2C interface) */
export const LSM6DS3TRC_I2C_ADDRESS_SA0_LOW = 0x6a;
export const LSM6DS3TRC_I2C_ADDRESS_SA0_HIGH = 0x6b;

/** Output data rates this project uses, with their 4-bit code. The same code serves ODR_XL
 * (CTRL1_XL[7:4]), ODR_G (CTRL2_G[7:4]) and ODR_FIFO (FIFO_CTRL5[6:3]). */
export const LSM6DS3TRC_ODR_RATES_HZ = [52, 104, 208];
const ODR_CODES = [0x3 /* 0011 52 Hz */, 0x4 /* 0100 104 Hz */, 0x5 /* 0101 208 Hz */];

/** 4-bit ODR code for a rate in Hz, or -1 for a rate not in LSM6DS3TRC_ODR_RATES_HZ */
export function lsm6ds3trcOdrCode(rateHz: number): number {
  for (let i = 0; i < LSM6DS3TRC_ODR_RATES_HZ.length; i++) {
    if (LSM6DS3TRC_ODR_RATES_HZ[i] === rateHz) return ODR_CODES[i];
  }
  return -1;
}

/** CTRL1_XL FS_XL[1:0] (bits 3:2): 00 = +-2 g, 01 = +-16 g, 10 = +-4 g, 11 = +-8 g (not monotonic) */
export const FS_XL_2G = 0x0;
export const FS_XL_16G = 0x1;
export const FS_XL_4G = 0x2;
export const FS_XL_8G = 0x3;
/** CTRL2_G FS_G[1:0] (bits 3:2): 00 = 250, 01 = 500, 10 = 1000, 11 = 2000 dps */
export const FS_G_2000DPS = 0x3;

/** CTRL1_XL: ODR_XL[7:4] | FS_XL[3:2] | LPF1_BW_SEL = 0 | BW0_XL = 0 (BW0_XL only matters at ODR >= 1.67 kHz) */
export function lsm6ds3trcCtrl1Xl(odrXl: number, fsXl: number): number {
  return (odrXl << 4) | (fsXl << 2);
}

/** CTRL2_G: ODR_G[7:4] | FS_G[3:2] | FS_125 = 0 | bit 0 must be 0 */
export function lsm6ds3trcCtrl2G(odrG: number, fsG: number): number {
  return (odrG << 4) | (fsG << 2);
}

/** CTRL3_C (12h) bits: BDU = 6 (outputs not updated until both bytes are read), IF_INC = 2
 * (register address auto-increments in a burst; 1 by default) */
export const CTRL3_C_BDU = 1 << 6;
export const CTRL3_C_IF_INC = 1 << 2;

/** CTRL6_C XL_HM_MODE (bit 4) and CTRL7_G G_HM_MODE (bit 7): 1 disables high-performance mode.
 * The Puck firmware writes XL_HM_MODE = 1 (CTRL6_C = 0x10); we write 0 so noise and filtering are
 * the same at 52, 104 and 208 Hz (low-power mode applies below 104 Hz only). */
export const CTRL6_C_XL_HM_MODE = 1 << 4;
export const CTRL7_G_G_HM_MODE = 1 << 7;

/** CTRL9_XL (18h): DEN_X (7), DEN_Y (6), DEN_Z (5), DEN_XL_G (4), SOFT_EN (2); bits 3, 1 and 0
 * must be 0. Puck.accelOn writes 0x38, the LSM6DS3's "X, Y, Z axes enabled", which on the TR-C
 * sets DEN_Z, DEN_XL_G and bit 3; we write back the reset value, DEN_X | DEN_Y | DEN_Z (E0h). */
export const CTRL9_XL_RESET = 0xe0;
export const CTRL9_XL_MUST_BE_ZERO = 0x0b;

/** INT1_CTRL INT1_FTH (bit 3): FIFO threshold (watermark) on INT1 . The Puck firmware
 * writes INT1_DRDY_G | INT1_DRDY_XL (3); we replace that with the watermark only. */
export const INT1_CTRL_INT1_FTH = 1 << 3;
export const INT1_CTRL_INT1_DRDY_XL = 1 << 0;
export const INT1_CTRL_INT1_DRDY_G = 1 << 1;

/** FIFO_CTRL3 DEC_FIFO_GYRO[5:3] and DEC_FIFO_XL[2:0]: 000 = not in FIFO, 001 = no decimation */
export const DEC_FIFO_NONE = 0x1;
export function lsm6ds3trcFifoCtrl3(decGyro: number, decXl: number): number {
  return (decGyro << 3) | decXl;
}

/** FIFO_CTRL5 FIFO_MODE[2:0]: 000 bypass (empties the FIFO), 001 FIFO, 110 continuous */
export const FIFO_MODE_BYPASS = 0x0;
export const FIFO_MODE_CONTINUOUS = 0x6;
/** FIFO_CTRL5: ODR_FIFO[6:3] | FIFO_MODE[2:0] */
export function lsm6ds3trcFifoCtrl5(odrFifo: number, fifoMode: number): number {
  return (odrFifo << 3) | fifoMode;
}

/** FIFO words (16 bit) per sample with gyro and accel both batched undecimated: Gx Gy Gz XLx XLy XLz */
export const LSM6DS3TRC_FIFO_WORDS_PER_SAMPLE = 6;
/** word offsets inside one FIFO sample: gyro first, then accel */
export const LSM6DS3TRC_FIFO_GYRO_WORD = 0;
export const LSM6DS3TRC_FIFO_XL_WORD = 3;
/** FTH[10:0] is 11 bits in words (FIFO_CTRL1[7:0], FIFO_CTRL2[2:0]); the FIFO holds 4 KB = 2048 words */
export const LSM6DS3TRC_FIFO_MAX_THRESHOLD_WORDS = 2047;
export const LSM6DS3TRC_MAX_WATERMARK_SAMPLES = (LSM6DS3TRC_FIFO_MAX_THRESHOLD_WORDS / LSM6DS3TRC_FIFO_WORDS_PER_SAMPLE) | 0; // 341
/** 4 KB of 16-bit words */
export const LSM6DS3TRC_FIFO_CAPACITY_WORDS = 2048;
/** whole samples the 2048-word FIFO holds: after an overrun it keeps this many of the newest */
export const LSM6DS3TRC_FIFO_CAPACITY_SAMPLES = (LSM6DS3TRC_FIFO_CAPACITY_WORDS / LSM6DS3TRC_FIFO_WORDS_PER_SAMPLE) | 0; // 341

/** FIFO_CTRL1 = FTH[7:0] */
export function lsm6ds3trcFifoCtrl1(fthWords: number): number {
  return fthWords & 0xff;
}
/** FIFO_CTRL2 = FTH[10:8] in bits 2:0; TIMER_PEDO_FIFO_EN, TIMER_PEDO_FIFO_DRDY, FIFO_TEMP_EN left 0 */
export function lsm6ds3trcFifoCtrl2(fthWordsHigh: number): number {
  return (fthWordsHigh >> 8) & 0x7;
}

/** FIFO_STATUS1/2 (3Ah/3Bh): DIFF_FIFO[10:0] = unread words; FIFO_STATUS2 bit 7 WaterM,
 * bit 6 OVER_RUN, bit 5 FIFO_FULL_SMART, bit 4 FIFO_EMPTY */
export const FIFO_STATUS2_WATERM = 1 << 7;
export const FIFO_STATUS2_OVER_RUN = 1 << 6;
export const FIFO_STATUS2_FIFO_FULL_SMART = 1 << 5;
export const FIFO_STATUS2_FIFO_EMPTY = 1 << 4;
/** unread FIFO words from the two status bytes */
export function lsm6ds3trcFifoUnreadWords(fifoStatus1: number, fifoStatus2: number): number {
  return ((fifoStatus2 & 0x7) << 8) | (fifoStatus1 & 0xff);
}

/** Sensitivity at FS_XL = +-16 g and FS_G = +-2000 dps, table 3 (mechanical characteristics): 0.488 mg/LSB, 70 mdps/LSB */
export const LSM6DS3TRC_ACC_UG_PER_COUNT_16G = 488;
export const LSM6DS3TRC_GYRO_MDPS_PER_COUNT_2000DPS = 70;

/** one register write: [register address, value] */
export type RegisterWrite = [number, number];

/** Espruino's global, present on a pod (its build answers `typeof E` for the firmware) */
declare const E: object;

/** what is wrong with a FIFO set-up request for an IMU part, in words, or '' when it can be applied */
export function imuFifoSetupProblem(part: string, ratesHz: number[], maxWatermarkSamples: number, rateHz: number, watermarkSamples: number): string {
  const rateKnown = ratesHz.indexOf(rateHz) >= 0;
  if (rateKnown && watermarkSamples >= 1 && watermarkSamples <= maxWatermarkSamples && (watermarkSamples | 0) === watermarkSamples) return '';
  // The words are for a person at a host. A pod checks rate and watermark before it asks, so it
  // is never refused, and each byte of its firmware is a byte less for its log.
  if (typeof E !== 'undefined') return part;
  if (!rateKnown) return part + ' rate ' + rateHz + ' Hz is not supported; use one of ' + ratesHz.join(', ') + ' Hz';
  return part + ' FIFO watermark ' + watermarkSamples + ' samples is out of range; use a whole number 1..' + maxWatermarkSamples;
}

/** what is wrong with a setup request, in words, or '' when it can be applied */
export function lsm6ds3trcSetupProblem(rateHz: number, watermarkSamples: number): string {
  return imuFifoSetupProblem('LSM6DS3TR-C', LSM6DS3TRC_ODR_RATES_HZ, LSM6DS3TRC_MAX_WATERMARK_SAMPLES, rateHz, watermarkSamples);
}

/**
 * Ordered register writes for accel +-16 g and gyro +-2000 dps at rateHz, both batched
 * undecimated into the FIFO in continuous mode, INT1 high while at least watermarkSamples
 * samples (x 6 words) wait. Run once at configure time, after Puck.accelOn (which rewrites
 * CTRL1_XL, CTRL2_G, CTRL3_C, CTRL6_C, CTRL7_G, CTRL9_XL and INT1_CTRL). Throws TypeError for an
 * unsupported rate or watermark: the caller is a person choosing settings.
 */
export function lsm6ds3trcSetup(rateHz: number, watermarkSamples: number): RegisterWrite[] {
  const problem = lsm6ds3trcSetupProblem(rateHz, watermarkSamples);
  if (problem !== '') throw new TypeError(problem);
  const odr = lsm6ds3trcOdrCode(rateHz);
  const thresholdWords = watermarkSamples * LSM6DS3TRC_FIFO_WORDS_PER_SAMPLE; // <= 2046, fits FTH[10:0]
  return [
    // ch. 9 FIFO_CTRL5 (0Ah): bypass mode first, which empties the FIFO before its settings change
    [LSM6DS3TRC_REG.FIFO_CTRL5, lsm6ds3trcFifoCtrl5(0, FIFO_MODE_BYPASS)],
    // ch. 9 CTRL3_C (12h): BDU so a burst never mixes halves of two samples; IF_INC for burst reads
    [LSM6DS3TRC_REG.CTRL3_C, CTRL3_C_BDU | CTRL3_C_IF_INC],
    // ch. 9 CTRL1_XL (10h): ODR_XL, FS_XL = 01 (+-16 g)
    [LSM6DS3TRC_REG.CTRL1_XL, lsm6ds3trcCtrl1Xl(odr, FS_XL_16G)],
    // ch. 9 CTRL2_G (11h): ODR_G, FS_G = 11 (+-2000 dps)
    [LSM6DS3TRC_REG.CTRL2_G, lsm6ds3trcCtrl2G(odr, FS_G_2000DPS)],
    // ch. 9 CTRL6_C (15h): XL_HM_MODE = 0, accelerometer high-performance mode at every rate
    [LSM6DS3TRC_REG.CTRL6_C, 0x00],
    // ch. 9 CTRL7_G (16h): G_HM_MODE = 0, gyroscope high-performance mode; high-pass filter off
    [LSM6DS3TRC_REG.CTRL7_G, 0x00],
    // ch. 9 CTRL9_XL (18h): its reset value, over the LSM6DS3 value Puck.accelOn writes
    [LSM6DS3TRC_REG.CTRL9_XL, CTRL9_XL_RESET],
    // ch. 9 FIFO_CTRL1/2 (06h/07h): FIFO threshold FTH[10:0] in 16-bit words
    [LSM6DS3TRC_REG.FIFO_CTRL1, lsm6ds3trcFifoCtrl1(thresholdWords)],
    [LSM6DS3TRC_REG.FIFO_CTRL2, lsm6ds3trcFifoCtrl2(thresholdWords)],
    // ch. 9 FIFO_CTRL3 (08h): gyro (data set 1) and accel (data set 2) in the FIFO, no decimation
    [LSM6DS3TRC_REG.FIFO_CTRL3, lsm6ds3trcFifoCtrl3(DEC_FIFO_NONE, DEC_FIFO_NONE)],
    // ch. 9 FIFO_CTRL4 (09h): no third/fourth data set, STOP_ON_FTH = 0, ONLY_HIGH_DATA = 0
    [LSM6DS3TRC_REG.FIFO_CTRL4, 0x00],
    // ch. 9 INT1_CTRL (0Dh): INT1 follows the FIFO watermark only (replaces the Puck's data-ready routing)
    [LSM6DS3TRC_REG.INT1_CTRL, INT1_CTRL_INT1_FTH],
    // ch. 9 FIFO_CTRL5 (0Ah): ODR_FIFO = sensor ODR, continuous mode (oldest data overwritten when full)
    [LSM6DS3TRC_REG.FIFO_CTRL5, lsm6ds3trcFifoCtrl5(odr, FIFO_MODE_CONTINUOUS)],
  ];
}
