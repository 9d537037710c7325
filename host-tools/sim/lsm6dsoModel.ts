// Register-level model of the LSM6DSO as the MDBT42Q firmware drives it over I2C
// (firmware/device/lsm6dsoI2cFifo.ts): register writes and auto-incrementing reads, a tagged FIFO
// with watermark and overrun, INT1, and an I2C face (i2cWrite / i2cRead) that an `I2C1` stand-in
// calls. Register addresses and bit fields come from boards/lsm6dso.ts (which cites the LSM6DSO
// datasheet, DocID030997); what the model does NOT do, or assumes, is listed under "Assumptions".
//
// Sampling rule (as Lsm6ds3trcModel): the model is told the rate of its source (sourceRateHz).
// Source sample n has time n / sourceRateHz; ODR tick k (k / ODR_XL) takes the newest source sample
// at or before it (sample-and-hold), so a 104 Hz source read at 52 Hz yields samples 0, 2, 4, ...
// The phase restarts at source sample 0 whenever CTRL1_XL is written. ODR_G must equal ODR_XL
// (or be 0) and a non-zero BDR must equal its sensor's ODR (lsm6dsoSetup writes them so);
// anything else throws "not modeled". Power-down (ODR_XL 0) produces nothing.
//
// FIFO: one word per batched sensor per ODR tick ("time slot"), 7 bytes each: a tag byte
// TAG_SENSOR[7:3] (01h gyro, 02h accel, uncompressed) | TAG_CNT[1:0] in bits 2:1 | TAG_PARITY in
// bit 0, then X_L X_H Y_L Y_H Z_L Z_H. The words of one slot share TAG_CNT, which counts slots
// modulo 4 from 0 after the FIFO leaves bypass.
//
// Assumptions (all unverified on hardware):
// - Capacity is LSM6DSO_FIFO_CAPACITY_WORDS (438 words of 7 bytes; boards/lsm6dso.ts marks the
//   figure unverified).
// - A burst read with IF_INC set runs 78h..7Eh and then rolls back to 78h (the Linux st_lsm6dsx
//   driver reads several words per transfer from 78h); `fifoBurstRollsBack: false` makes it run on
//   to 7Fh like any register.
// - Reading 7Eh (FIFO_DATA_OUT_Z_H) pops the head word; 78h..7Dh read the head word's bytes
//   without popping. Reading an empty FIFO returns 0 (a tag of 0 is no sensor).
// - Within a slot the gyro word comes first (`slotOrder: 'accelFirst'` reverses it; the datasheet
//   does not promise an order, which is why the driver dispatches on the tag).
// - Continuous mode: when full, the oldest single word is dropped per new word, so the head can be
//   a word whose slot partner is gone. FIFO mode (001) stops storing when full. Other FIFO modes
//   collect nothing; bypass (000) empties the FIFO and resets TAG_CNT.
// - FIFO_STATUS2: FIFO_WTM_IA (bit 7) while DIFF_FIFO >= WTM > 0; FIFO_OVR_IA (bit 6) from the
//   first overwritten word until a word is read or bypass is written; FIFO_FULL_IA (bit 5) while
//   the next slot would not fit; FIFO_OVR_LATCHED (bit 3) from an overwrite until FIFO_STATUS2 is
//   read; DIFF_FIFO[9:8] in bits 1:0.
// - TAG_PARITY makes the tag byte's bit count even; nothing the firmware does depends on it.
// - INT1 is a level, push-pull active high: INT1_CTRL INT1_DRDY_XL (bit 0), INT1_DRDY_G (bit 1),
//   INT1_FIFO_TH (bit 3), INT1_FIFO_OVR (bit 4), INT1_FIFO_FULL (bit 5); nothing latched.
// - CTRL8_XL XL_FS_MODE = 1 (which changes the FS_XL codes) throws "not modeled"; sensitivities
//   are those of the LSM6DS3TR-C per FS code (boards/lsm6dso.ts reuses them).
// - I2C: the first byte of a write sets the register pointer, further bytes are written from it
//   (auto-increment); a read continues from the pointer. STOP versus repeated start makes no
//   difference. A transfer to another address throws (the part would not acknowledge).
import {
  CTRL3_C_IF_INC,
  INT1_CTRL_INT1_DRDY_G,
  INT1_CTRL_INT1_DRDY_XL,
  INT1_CTRL_INT1_FTH,
} from '../../boards/lsm6ds3trc';
import {
  CTRL9_XL_RESET,
  LSM6DSO_FIFO_BYTES_PER_WORD,
  LSM6DSO_FIFO_CAPACITY_WORDS,
  LSM6DSO_FIFO_MODE_BYPASS,
  LSM6DSO_FIFO_MODE_CONTINUOUS,
  LSM6DSO_I2C_ADDRESS_SA0_HIGH,
  LSM6DSO_I2C_ADDRESS_SA0_LOW,
  LSM6DSO_REG as R,
  LSM6DSO_TAG_GYRO_NC,
  LSM6DSO_TAG_XL_NC,
  LSM6DSO_WHO_AM_I_VALUE,
} from '../../boards/lsm6dso';
import { clipInt16, countsAtFullScale, OdrSampleAndHold, Vec3 } from './imuSampling';

export type { Vec3 };

/** registers the model needs beyond boards/lsm6dso.ts */
export const LSM6DSO_STATUS_REG = 0x1e;
export const LSM6DSO_FIFO_DATA_OUT_Z_H = 0x7e;

/** FIFO_MODE 001: FIFO mode, collection stops when full */
export const LSM6DSO_FIFO_MODE_FIFO = 0x1;
/** FIFO_STATUS2 (3Bh) flags */
export const FIFO_STATUS2_WTM_IA = 1 << 7;
export const FIFO_STATUS2_OVR_IA = 1 << 6;
export const FIFO_STATUS2_FULL_IA = 1 << 5;
export const FIFO_STATUS2_OVR_LATCHED = 1 << 3;
/** INT1_CTRL INT1_FIFO_OVR (bit 4) and INT1_FIFO_FULL (bit 5) */
export const INT1_CTRL_INT1_FIFO_OVR = 1 << 4;
export const INT1_CTRL_INT1_FIFO_FULL = 1 << 5;
/** CTRL8_XL XL_FS_MODE (bit 1) */
export const CTRL8_XL_XL_FS_MODE = 1 << 1;

/** ODR code (CTRL1_XL[7:4], CTRL2_G[7:4], FIFO_CTRL3 BDR fields) to Hz for the codes modeled; 0 = off */
export const LSM6DSO_ODR_HZ_BY_CODE: Record<number, number> = {
  0: 0, 1: 12.5, 2: 26, 3: 52, 4: 104, 5: 208, 6: 416, 7: 833,
};

export interface Lsm6dsoModelOptions {
  /** rate of the samples given to push()/pushCounts(), Hz (default 104) */
  sourceRateHz?: number;
  /** burst read from 78h wraps 7Eh -> 78h (default true, unverified) */
  fifoBurstRollsBack?: boolean;
  /** order of the two words of a time slot (default gyroFirst, unverified) */
  slotOrder?: 'gyroFirst' | 'accelFirst';
  /** SA0 tied high: I2C address 0x6B instead of 0x6A */
  sa0High?: boolean;
  /** FIFO capacity in words (default LSM6DSO_FIFO_CAPACITY_WORDS; the real figure is unverified) */
  fifoCapacityWords?: number;
  /** called after each word is stored: lets a test read while a slot is half written */
  afterWord?: (model: Lsm6dsoModel) => void;
}

/** a tag byte: TAG_SENSOR, TAG_CNT and an even-parity TAG_PARITY bit */
export function lsm6dsoTagByte(sensor: number, slotCount: number): number {
  const t = ((sensor & 0x1f) << 3) | ((slotCount & 0x3) << 1);
  let ones = 0;
  for (let b = t; b !== 0; b >>= 1) ones += b & 1;
  return t | (ones & 1);
}

export class Lsm6dsoModel {
  readonly sourceRateHz: number;
  readonly fifoBurstRollsBack: boolean;
  readonly slotOrder: 'gyroFirst' | 'accelFirst';
  readonly i2cAddress: number;
  readonly capacityWords: number;
  private readonly afterWord: ((model: Lsm6dsoModel) => void) | undefined;
  private readonly regs = new Uint8Array(0x80);
  /** ring of FIFO words: 7 bytes each (tag, then data) */
  private readonly fifo: Uint8Array;
  /** absolute counts of words written to / read from the FIFO since the last reset */
  private written = 0;
  private readCount = 0;
  private overrunIa = false;
  private overrunLatched = false;
  private slotCount = 0;
  private readonly sampling: OdrSampleAndHold;
  /** latest output sample, gyro then accel counts (OUTX_L_G..OUTZ_H_A) */
  private readonly out = new Int16Array(6);
  private xlda = false;
  private gda = false;
  /** I2C register pointer */
  private pointer = 0;

  constructor(options: Lsm6dsoModelOptions = {}) {
    this.sourceRateHz = options.sourceRateHz ?? 104;
    this.fifoBurstRollsBack = options.fifoBurstRollsBack ?? true;
    this.slotOrder = options.slotOrder ?? 'gyroFirst';
    this.i2cAddress = options.sa0High ? LSM6DSO_I2C_ADDRESS_SA0_HIGH : LSM6DSO_I2C_ADDRESS_SA0_LOW;
    this.capacityWords = options.fifoCapacityWords ?? LSM6DSO_FIFO_CAPACITY_WORDS;
    this.afterWord = options.afterWord;
    if (!(this.sourceRateHz > 0)) throw new RangeError('sourceRateHz must be > 0');
    this.sampling = new OdrSampleAndHold(this.sourceRateHz);
    if (!(this.capacityWords >= 2 && this.capacityWords <= 1023)) throw new RangeError('fifoCapacityWords must be 2..1023');
    this.fifo = new Uint8Array(this.capacityWords * LSM6DSO_FIFO_BYTES_PER_WORD);
    this.regs[R.CTRL3_C] = CTRL3_C_IF_INC; // reset value 04h
    this.regs[R.CTRL9_XL] = CTRL9_XL_RESET;
  }

  // ---------- I2C face (what an I2C1 stand-in calls) ----------

  /** one write transfer: register address, then values written from it on */
  i2cWrite(address: number, data: number | ArrayLike<number>): void {
    this.checkAddress(address);
    const bytes = typeof data === 'number' ? [data] : Array.from(data);
    if (bytes.length === 0) return;
    this.pointer = bytes[0] & 0x7f;
    for (let i = 1; i < bytes.length; i++) {
      this.write(this.pointer, bytes[i]);
      this.pointer = this.nextAddress(this.pointer);
    }
  }

  /** one read transfer of count bytes from the register pointer on */
  i2cRead(address: number, count: number): Uint8Array {
    this.checkAddress(address);
    const result = this.read(this.pointer, count);
    for (let i = 0; i < count; i++) this.pointer = this.nextAddress(this.pointer);
    return result;
  }

  // ---------- register interface ----------

  write(reg: number, value: number): void {
    reg &= 0x7f;
    value &= 0xff;
    this.regs[reg] = value;
    if (reg === R.FIFO_CTRL4 && (value & 0x7) === LSM6DSO_FIFO_MODE_BYPASS) this.resetFifo();
    if (reg === R.CTRL1_XL) this.sampling.restart();
  }

  /** count bytes starting at reg; auto-increments when CTRL3_C IF_INC is set */
  read(reg: number, count = 1): Uint8Array {
    const result = new Uint8Array(count);
    let addr = reg & 0x7f;
    for (let i = 0; i < count; i++) {
      result[i] = this.readByte(addr);
      addr = this.nextAddress(addr);
    }
    return result;
  }

  /** INT1 pin level */
  int1(): boolean {
    const c = this.regs[R.INT1_CTRL];
    return (
      ((c & INT1_CTRL_INT1_FTH) !== 0 && this.watermark()) ||
      ((c & INT1_CTRL_INT1_DRDY_XL) !== 0 && this.xlda) ||
      ((c & INT1_CTRL_INT1_DRDY_G) !== 0 && this.gda) ||
      ((c & INT1_CTRL_INT1_FIFO_OVR) !== 0 && this.overrunIa) ||
      ((c & INT1_CTRL_INT1_FIFO_FULL) !== 0 && this.full())
    );
  }

  // ---------- physical input ----------

  /** one source sample in physical units: accel in mg, gyro in mdps (sensor axes) */
  push(accMg: Vec3, gyroMdps: Vec3): void {
    if (this.regs[R.CTRL8_XL] & CTRL8_XL_XL_FS_MODE) throw new Error('LSM6DSO model: XL_FS_MODE = 1 is not modeled');
    const counts = countsAtFullScale(this.regs[R.CTRL1_XL], this.regs[R.CTRL2_G], accMg, gyroMdps);
    this.pushCounts(counts.acc, counts.gyro);
  }

  /** one source sample already in counts (rounded and clipped to int16 here) */
  pushCounts(accCounts: Vec3, gyroCounts: Vec3): void {
    const ticks = this.sampling.ticksForNextSample(this.odrXlHz());
    for (let k = 0; k < ticks; k++) this.sample(gyroCounts.map(clipInt16), accCounts.map(clipInt16));
  }

  // ---------- inspection helpers for tests and the simulator ----------

  unreadWords(): number {
    return this.written - this.readCount;
  }

  odrXlHz(): number {
    return this.odrHz(this.regs[R.CTRL1_XL] >> 4, 'ODR_XL');
  }

  /** the register pointer of the I2C face */
  registerPointer(): number {
    return this.pointer;
  }

  // ---------- internals ----------

  private checkAddress(address: number): void {
    if (address !== this.i2cAddress) throw new Error('LSM6DSO model: no acknowledge at I2C address 0x' + address.toString(16));
  }

  private nextAddress(addr: number): number {
    if ((this.regs[R.CTRL3_C] & CTRL3_C_IF_INC) === 0) return addr;
    if (addr === LSM6DSO_FIFO_DATA_OUT_Z_H && this.fifoBurstRollsBack) return R.FIFO_DATA_OUT_TAG;
    return (addr + 1) & 0x7f;
  }

  private odrHz(code: number, what: string): number {
    const hz = LSM6DSO_ODR_HZ_BY_CODE[code];
    if (hz === undefined) throw new Error('LSM6DSO model: ' + what + ' code ' + code + ' is not modeled');
    return hz;
  }

  /** [gyro batched, accel batched] from FIFO_CTRL3, checked against the ODRs */
  private batched(): [boolean, boolean] {
    const bdr = this.regs[R.FIFO_CTRL3];
    const bdrXl = bdr & 0xf;
    const bdrG = bdr >> 4;
    const odrXl = this.regs[R.CTRL1_XL] >> 4;
    const odrG = this.regs[R.CTRL2_G] >> 4;
    if (odrG !== 0 && odrG !== odrXl) throw new Error('LSM6DSO model: ODR_G other than ODR_XL is not modeled');
    if (bdrXl !== 0 && bdrXl !== odrXl) throw new Error('LSM6DSO model: BDR_XL other than ODR_XL is not modeled');
    if (bdrG !== 0 && bdrG !== odrG) throw new Error('LSM6DSO model: BDR_GY other than ODR_G is not modeled');
    return [bdrG !== 0 && odrG !== 0, bdrXl !== 0];
  }

  private wordsPerSlot(): number {
    const [g, xl] = this.batched();
    return (g ? 1 : 0) + (xl ? 1 : 0);
  }

  private sample(gyro: number[], acc: number[]): void {
    const gyroOn = (this.regs[R.CTRL2_G] >> 4) !== 0;
    for (let i = 0; i < 3; i++) {
      if (gyroOn) this.out[i] = gyro[i];
      this.out[3 + i] = acc[i];
    }
    this.xlda = true;
    if (gyroOn) this.gda = true;
    const mode = this.regs[R.FIFO_CTRL4] & 0x7;
    if (mode !== LSM6DSO_FIFO_MODE_CONTINUOUS && mode !== LSM6DSO_FIFO_MODE_FIFO) return;
    const [g, xl] = this.batched();
    if (!g && !xl) return;
    const slot = this.slotCount;
    this.slotCount = (slot + 1) & 0x3;
    const words: [number, number[]][] = [];
    if (g) words.push([LSM6DSO_TAG_GYRO_NC, gyro]);
    if (xl) words.push([LSM6DSO_TAG_XL_NC, acc]);
    if (this.slotOrder === 'accelFirst') words.reverse();
    for (const [sensor, v] of words) {
      this.store(lsm6dsoTagByte(sensor, slot), v);
      if (this.afterWord) this.afterWord(this);
    }
  }

  private store(tag: number, v: number[]): void {
    if (this.unreadWords() === this.capacityWords) {
      if ((this.regs[R.FIFO_CTRL4] & 0x7) === LSM6DSO_FIFO_MODE_FIFO) return; // FIFO mode: stops when full
      this.readCount++; // continuous: the oldest word is overwritten
      this.overrunIa = true;
      this.overrunLatched = true;
    }
    const at = (this.written % this.capacityWords) * LSM6DSO_FIFO_BYTES_PER_WORD;
    this.fifo[at] = tag;
    for (let i = 0; i < 3; i++) {
      this.fifo[at + 1 + 2 * i] = v[i] & 0xff;
      this.fifo[at + 2 + 2 * i] = (v[i] >> 8) & 0xff;
    }
    this.written++;
  }

  private threshold(): number {
    return ((this.regs[R.FIFO_CTRL2] & 0x1) << 8) | this.regs[R.FIFO_CTRL1];
  }

  private watermark(): boolean {
    const wtm = this.threshold();
    return wtm > 0 && this.unreadWords() >= wtm;
  }

  private full(): boolean {
    const words = this.wordsPerSlot();
    return words > 0 && this.unreadWords() + words > this.capacityWords;
  }

  private resetFifo(): void {
    this.written = 0;
    this.readCount = 0;
    this.overrunIa = false;
    this.overrunLatched = false;
    this.slotCount = 0;
  }

  private readByte(addr: number): number {
    const unread = this.unreadWords();
    switch (addr) {
      case R.WHO_AM_I:
        return LSM6DSO_WHO_AM_I_VALUE;
      case LSM6DSO_STATUS_REG:
        return (this.xlda ? 1 : 0) | (this.gda ? 2 : 0);
      case R.FIFO_STATUS1:
        return unread & 0xff;
      case R.FIFO_STATUS2: {
        const v =
          ((unread >> 8) & 0x3) |
          (this.watermark() ? FIFO_STATUS2_WTM_IA : 0) |
          (this.overrunIa ? FIFO_STATUS2_OVR_IA : 0) |
          (this.full() ? FIFO_STATUS2_FULL_IA : 0) |
          (this.overrunLatched ? FIFO_STATUS2_OVR_LATCHED : 0);
        this.overrunLatched = false;
        return v;
      }
    }
    if (addr >= R.FIFO_DATA_OUT_TAG && addr <= LSM6DSO_FIFO_DATA_OUT_Z_H) {
      if (unread === 0) return 0;
      const at = (this.readCount % this.capacityWords) * LSM6DSO_FIFO_BYTES_PER_WORD;
      const b = this.fifo[at + addr - R.FIFO_DATA_OUT_TAG];
      if (addr === LSM6DSO_FIFO_DATA_OUT_Z_H) {
        this.readCount++;
        this.overrunIa = false;
      }
      return b;
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
