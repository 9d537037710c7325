// Register-level model of the LSM6DS3TR-C as the Puck firmware drives it through
// Puck.accelWr(reg, val) / Puck.accelRd(reg, cnt): the first piece of the pod simulator.
// Register addresses and bit fields come from boards/lsm6ds3trc.ts; sensitivities from the
// datasheet (DocID030071) table 3. What the model does NOT do is listed under "Assumptions".
//
// Sampling rule (documented choice): the model is told the rate of its source
// (sourceRateHz). Source sample n has time n / sourceRateHz. ODR tick k (k / ODR_XL) takes
// the newest source sample at or before it (sample-and-hold), so a 104 Hz source read at
// 52 Hz yields samples 0, 2, 4, ... and at 208 Hz each source sample twice. The phase restarts
// at source sample 0 whenever CTRL1_XL is written. The FIFO and output registers follow ODR_XL
// only; ODR_G is assumed equal (lsm6ds3trcSetup writes both the same). Power-down (ODR 0)
// produces nothing.
//
// Assumptions (all unverified on hardware):
// - A burst read that starts at FIFO_DATA_OUT_L (3Eh) with IF_INC set goes 3Eh, 3Fh, 3Eh, ...
//   (stays on the FIFO output) by default; `fifoBurstStaysOnOutput: false` makes it run on to
//   40h like any register. boards/lsm6ds3trc.ts and espruino-facts leave this open.
// - A FIFO word is popped when its high byte (3Fh) is read; reading 3Eh alone repeats the low byte.
//   Reading an empty FIFO returns 0.
// - When full in continuous mode, the oldest single word is dropped per new word, so the head can
//   land mid-pattern; FIFO_STATUS3/4 (FIFO_PATTERN) then says which word comes next.
// - DIFF_FIFO is 11 bits; with all 2048 words unread it reports 2047 (clamped) by default;
//   `diffFifoWhenFull: 'wrap'` makes it 0, as an 11-bit count of 2048 would be (FIFO_EMPTY stays 0).
// - OVER_RUN stays set until a FIFO word is read or bypass mode is written.
// - Decimation codes other than 000 (not in FIFO) and 001 (every sample) throw; FIFO modes other
//   than bypass (000), FIFO (001, stops when full) and continuous (110) collect nothing.
// - ODR_FIFO (FIFO_CTRL5[6:3]) = 0000 disables the FIFO (datasheet); otherwise its value is
//   ignored and ODR_XL paces the FIFO.
import {
  CTRL3_C_IF_INC,
  FIFO_MODE_BYPASS,
  FIFO_MODE_CONTINUOUS,
  FIFO_STATUS2_FIFO_EMPTY,
  FIFO_STATUS2_FIFO_FULL_SMART,
  FIFO_STATUS2_OVER_RUN,
  FIFO_STATUS2_WATERM,
  INT1_CTRL_INT1_DRDY_G,
  INT1_CTRL_INT1_DRDY_XL,
  INT1_CTRL_INT1_FTH,
  CTRL9_XL_MUST_BE_ZERO,
  LSM6DS3TRC_FIFO_CAPACITY_WORDS,
  LSM6DS3TRC_REG as R,
  LSM6DS3TRC_WHO_AM_I_VALUE,
} from '../../boards/lsm6ds3trc';
import { clipInt16, countsAtFullScale, OdrSampleAndHold, Vec3 } from './imuSampling';

export { ACC_UG_PER_COUNT_BY_FS, CTRL2_G_FS_125, GYRO_MDPS_PER_COUNT_BY_FS, Vec3 } from './imuSampling';

export { LSM6DS3TRC_FIFO_CAPACITY_WORDS };

/** bits the datasheet says must be 0 for correct operation, by register; the part's behaviour with them set is undefined */
const MUST_BE_ZERO_BITS: { [reg: number]: number } = { [R.CTRL2_G]: 0x01, [R.CTRL9_XL]: CTRL9_XL_MUST_BE_ZERO };

/** FIFO_MODE 001: FIFO mode, collection stops when full */
export const FIFO_MODE_FIFO = 0x1;
/** INT1_CTRL INT1_FIFO_OVR (bit 4) and INT1_FULL_FLAG (bit 5) */
export const INT1_CTRL_INT1_FIFO_OVR = 1 << 4;
export const INT1_CTRL_INT1_FULL_FLAG = 1 << 5;
/** STATUS_REG XLDA (bit 0), GDA (bit 1) */
export const STATUS_REG_XLDA = 1 << 0;
export const STATUS_REG_GDA = 1 << 1;

/** ODR code (CTRL1_XL[7:4], CTRL2_G[7:4], FIFO_CTRL5[6:3]) to Hz, datasheet table; 0 = power-down.
 * The project's codes (3, 4, 5 = 52, 104, 208 Hz) match lsm6ds3trcOdrCode. */
export const LSM6DS3TRC_ODR_HZ_BY_CODE: Record<number, number> = {
  0: 0, 1: 12.5, 2: 26, 3: 52, 4: 104, 5: 208, 6: 416, 7: 833, 8: 1660, 9: 3330, 10: 6660,
};

export interface Lsm6ds3trcModelOptions {
  /** rate of the samples given to push()/pushCounts(), Hz (default 104) */
  sourceRateHz?: number;
  /** burst read from 3Eh wraps 3Fh -> 3Eh (default true, unverified) */
  fifoBurstStaysOnOutput?: boolean;
  /** DIFF_FIFO with all 2048 words unread: 2047 ('clamp', the default) or 0 ('wrap'); unverified */
  diffFifoWhenFull?: 'clamp' | 'wrap';
}

export class Lsm6ds3trcModel {
  readonly sourceRateHz: number;
  readonly fifoBurstStaysOnOutput: boolean;
  private readonly diffFifoWraps: boolean;
  private readonly regs = new Uint8Array(0x80);
  private readonly fifo = new Uint16Array(LSM6DS3TRC_FIFO_CAPACITY_WORDS);
  /** absolute counts of words written to / read from the FIFO since the last reset */
  private written = 0;
  private readCount = 0;
  private overrun = false;
  private readonly sampling: OdrSampleAndHold;
  /** latest output sample, gyro then accel counts (OUTX_L_G..OUTZ_H_XL) */
  private readonly out = new Int16Array(6);
  private xlda = false;
  private gda = false;

  constructor(options: Lsm6ds3trcModelOptions = {}) {
    this.sourceRateHz = options.sourceRateHz ?? 104;
    this.fifoBurstStaysOnOutput = options.fifoBurstStaysOnOutput ?? true;
    this.diffFifoWraps = options.diffFifoWhenFull === 'wrap';
    if (!(this.sourceRateHz > 0)) throw new RangeError('sourceRateHz must be > 0');
    this.sampling = new OdrSampleAndHold(this.sourceRateHz);
    this.regs[R.CTRL3_C] = CTRL3_C_IF_INC; // reset value 04h
  }

  // ---------- register interface (what Puck.accelWr / accelRd stand-ins call) ----------

  write(reg: number, value: number): void {
    reg &= 0x7f;
    value &= 0xff;
    this.regs[reg] = value;
    if (reg === R.FIFO_CTRL5 && (value & 0x7) === FIFO_MODE_BYPASS) this.resetFifo();
    if (reg === R.CTRL1_XL) this.sampling.restart();
  }

  /** count bytes starting at reg; auto-increments when CTRL3_C IF_INC is set */
  read(reg: number, count = 1): Uint8Array {
    const result = new Uint8Array(count);
    let addr = reg & 0x7f;
    const inc = (this.regs[R.CTRL3_C] & CTRL3_C_IF_INC) !== 0;
    for (let i = 0; i < count; i++) {
      result[i] = this.readByte(addr);
      if (!inc) continue;
      if (addr === R.FIFO_DATA_OUT_H && this.fifoBurstStaysOnOutput) addr = R.FIFO_DATA_OUT_L;
      else addr = (addr + 1) & 0x7f;
    }
    return result;
  }

  /** INT1 pin level */
  int1(): boolean {
    const c = this.regs[R.INT1_CTRL];
    const unread = this.unreadWords();
    return (
      ((c & INT1_CTRL_INT1_FTH) !== 0 && this.watermark()) ||
      ((c & INT1_CTRL_INT1_DRDY_XL) !== 0 && this.xlda) ||
      ((c & INT1_CTRL_INT1_DRDY_G) !== 0 && this.gda) ||
      ((c & INT1_CTRL_INT1_FIFO_OVR) !== 0 && this.overrun) ||
      ((c & INT1_CTRL_INT1_FULL_FLAG) !== 0 && this.fullSmart(unread))
    );
  }

  // ---------- physical input ----------

  /** one source sample in physical units: accel in mg, gyro in mdps (sensor axes) */
  push(accMg: Vec3, gyroMdps: Vec3): void {
    const counts = countsAtFullScale(this.regs[R.CTRL1_XL], this.regs[R.CTRL2_G], accMg, gyroMdps);
    this.pushCounts(counts.acc, counts.gyro);
  }

  /** one source sample already in counts (rounded and clipped to int16 here) */
  pushCounts(accCounts: Vec3, gyroCounts: Vec3): void {
    const ticks = this.sampling.ticksForNextSample(this.odrXlHz());
    for (let k = 0; k < ticks; k++) this.sample(gyroCounts.map(clipInt16), accCounts.map(clipInt16));
  }

  // ---------- inspection helpers for tests and the simulator ----------

  /** registers now holding a bit that must be 0, as "CTRL9_XL = 0x38"; empty when none */
  mustBeZeroBitsSet(): string[] {
    const set: string[] = [];
    for (const name of Object.keys(R) as (keyof typeof R)[]) {
      const reg = R[name];
      const bits = MUST_BE_ZERO_BITS[reg];
      if (bits !== undefined && (this.regs[reg] & bits) !== 0) set.push(`${name} = 0x${this.regs[reg].toString(16)}`);
    }
    return set;
  }

  unreadWords(): number {
    return this.written - this.readCount;
  }

  odrXlHz(): number {
    const code = this.regs[R.CTRL1_XL] >> 4;
    const hz = LSM6DS3TRC_ODR_HZ_BY_CODE[code];
    if (hz === undefined) throw new Error('LSM6DS3TR-C model: ODR_XL code ' + code + ' is not modeled');
    return hz;
  }

  // ---------- internals ----------

  private sample(gyro: number[], acc: number[]): void {
    for (let i = 0; i < 3; i++) {
      this.out[i] = gyro[i];
      this.out[3 + i] = acc[i];
    }
    this.xlda = true;
    this.gda = true;
    const words = this.wordsPerSet();
    const mode = this.regs[R.FIFO_CTRL5] & 0x7;
    const fifoOdr = (this.regs[R.FIFO_CTRL5] >> 3) & 0xf;
    if (words === 0 || fifoOdr === 0) return;
    if (mode !== FIFO_MODE_CONTINUOUS && mode !== FIFO_MODE_FIFO) return;
    const dec = this.regs[R.FIFO_CTRL3];
    const set: number[] = [];
    if ((dec >> 3) & 0x7) set.push(gyro[0], gyro[1], gyro[2]);
    if (dec & 0x7) set.push(acc[0], acc[1], acc[2]);
    if (mode === FIFO_MODE_FIFO && this.unreadWords() + set.length > LSM6DS3TRC_FIFO_CAPACITY_WORDS) return;
    for (const w of set) {
      if (this.unreadWords() === LSM6DS3TRC_FIFO_CAPACITY_WORDS) {
        this.readCount++; // oldest word overwritten
        this.overrun = true;
      }
      this.fifo[this.written % LSM6DS3TRC_FIFO_CAPACITY_WORDS] = w & 0xffff;
      this.written++;
    }
  }

  /** words per FIFO data set from FIFO_CTRL3 decimation (3 per enabled sensor) */
  private wordsPerSet(): number {
    const dec = this.regs[R.FIFO_CTRL3];
    const g = (dec >> 3) & 0x7;
    const xl = dec & 0x7;
    if (g > 1 || xl > 1) throw new Error('LSM6DS3TR-C model: FIFO decimation other than 000/001 is not modeled');
    return 3 * g + 3 * xl;
  }

  private threshold(): number {
    return ((this.regs[R.FIFO_CTRL2] & 0x7) << 8) | this.regs[R.FIFO_CTRL1];
  }

  private watermark(): boolean {
    return this.unreadWords() >= this.threshold();
  }

  private fullSmart(unread: number): boolean {
    const words = this.wordsPerSet();
    return words > 0 && unread + words > LSM6DS3TRC_FIFO_CAPACITY_WORDS;
  }

  private resetFifo(): void {
    this.written = 0;
    this.readCount = 0;
    this.overrun = false;
  }

  /** FIFO_STATUS1/2's 11-bit DIFF_FIFO for this many unread words */
  private diffFifo(unread: number): number {
    return this.diffFifoWraps ? unread & 0x7ff : Math.min(unread, 0x7ff);
  }

  private readByte(addr: number): number {
    const unread = this.unreadWords();
    switch (addr) {
      case R.WHO_AM_I:
        return LSM6DS3TRC_WHO_AM_I_VALUE;
      case R.STATUS_REG:
        return (this.xlda ? STATUS_REG_XLDA : 0) | (this.gda ? STATUS_REG_GDA : 0);
      case R.FIFO_STATUS1:
        return this.diffFifo(unread) & 0xff;
      case R.FIFO_STATUS2:
        return (
          ((this.diffFifo(unread) >> 8) & 0x7) |
          (this.watermark() ? FIFO_STATUS2_WATERM : 0) |
          (this.overrun ? FIFO_STATUS2_OVER_RUN : 0) |
          (this.fullSmart(unread) ? FIFO_STATUS2_FIFO_FULL_SMART : 0) |
          (unread === 0 ? FIFO_STATUS2_FIFO_EMPTY : 0)
        );
      case R.FIFO_STATUS3:
      case R.FIFO_STATUS4: {
        const words = this.wordsPerSet();
        const pattern = words > 0 ? this.readCount % words : 0;
        return addr === R.FIFO_STATUS3 ? pattern & 0xff : (pattern >> 8) & 0x3;
      }
      case R.FIFO_DATA_OUT_L:
      case R.FIFO_DATA_OUT_H: {
        if (unread === 0) return 0;
        const w = this.fifo[this.readCount % LSM6DS3TRC_FIFO_CAPACITY_WORDS];
        if (addr === R.FIFO_DATA_OUT_L) return w & 0xff;
        this.readCount++;
        this.overrun = false;
        return w >> 8;
      }
    }
    if (addr >= R.OUTX_L_G && addr < R.OUTX_L_G + 12) {
      const i = addr - R.OUTX_L_G;
      if (i < 6) this.gda = false;
      else this.xlda = false;
      const w = this.out[i >> 1] & 0xffff;
      return i & 1 ? w >> 8 : w & 0xff;
    }
    return this.regs[addr];
  }
}
