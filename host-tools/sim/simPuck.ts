// Puck stand-in (libs/puckjs/jswrap_puck.c) over the register-level LSM6DS3TR-C model:
// accelOn/accelOff write what the Puck firmware writes, accelWr/accelRd go to the model, and the
// idle-loop check fires one 'accel' event per pass while INT1 is high, with the 12 bytes read
// from OUTX_L_G (0x22) as {acc:{x,y,z}, gyro:{x,y,z}} int16 counts.
import { LSM6DS3TRC_REG as R } from '../../boards/lsm6ds3trc';
import { Lsm6ds3trcModel } from './lsm6ds3trcModel';
import { PodErrorFactory, hostErrorFactory } from './virtualClock';

/** accel_on(): ODR code by rate in milli-Hz; below 12.5 Hz every rate means 1.6 Hz (code 11, no gyro) */
const ODR_CODE_BY_MILLI_HZ: { [milliHz: number]: number } = {
  12500: 1, 26000: 2, 52000: 3, 104000: 4, 208000: 5, 416000: 6, 833000: 7, 1660000: 8,
};
const ODR_CODE_1_6HZ = 11;
/** accel_on(): CTRL1_XL = rate | 0b1011: FS_XL = 10 (+-4 g), LPF1_BW_SEL = 1, BW0_XL = 1 */
const CTRL1_XL_PUCK_LOW_BITS = 0x0b;
/** CTRL6_C XL_HM_MODE = 1, CTRL7_G G_HM_MODE = 1, CTRL9_XL = 0x38, CTRL3_C = BDU | IF_INC, INT1 = DRDY_XL | DRDY_G */
const CTRL6_C_PUCK = 0x10;
const CTRL7_G_PUCK = 0x80;
const CTRL9_XL = 0x18;
const CTRL9_XL_PUCK = 0x38;
const CTRL3_C_PUCK = 0x44;
const INT1_CTRL_PUCK = 3;
/** accelRd refuses a read that would leave less than this much stack (jswrap_puck_accelRd) */
const ACCEL_RD_STACK_MARGIN_BYTES = 500;

export interface PuckAccelEvent {
  acc: { x: number; y: number; z: number };
  gyro: { x: number; y: number; z: number };
}

export interface SimPuckOptions {
  podError?: PodErrorFactory;
  /** builds the event object in the pod's realm */
  makeObject?: () => Record<string, unknown>;
  /** builds the Uint8Array accelRd returns in the pod's realm */
  makeBytes?: (length: number) => Uint8Array;
}

type Handler = (event: unknown) => void;

export class SimPuck {
  readonly imu: Lsm6ds3trcModel;
  accelEnabled = false;
  /** rate of the last accelOn, Hz */
  accelRateHz = 0;
  /** 'accel' events dispatched */
  accelEvents = 0;
  /** accelRd calls the pod made, and the most one 'accel' event's handlers made */
  accelReads = 0;
  accelReadsPerEventMost = 0;
  /**
   * fault: the IMU's bus does not answer (a browned-out or unplugged part): every byte read is
   * 0xFF, as Espruino's I2C returns without checking for an acknowledge, and INT1 floats high
   */
  busDead = false;
  /** fault: accelOn throws, as an IMU that cannot be started would */
  startFails = false;
  /**
   * fault: the C stack left where accelRd runs, bytes. jswrap_puck_accelRd reads into a buffer
   * on the stack and returns undefined, reading nothing, when count > free stack - 500.
   */
  freeStackBytes = Infinity;
  private readonly handlers: Handler[] = [];
  private readonly podError: PodErrorFactory;
  private readonly makeObject: () => Record<string, unknown>;
  private readonly makeBytes: (length: number) => Uint8Array;

  constructor(imu: Lsm6ds3trcModel, options: SimPuckOptions = {}) {
    this.imu = imu;
    this.podError = options.podError ?? hostErrorFactory;
    this.makeObject = options.makeObject ?? (() => ({}));
    this.makeBytes = options.makeBytes ?? ((n) => new Uint8Array(n));
  }

  /** what jswrap_puck_init does at every boot: accel_off() */
  boot(): void {
    this.handlers.length = 0;
    this.accelEnabled = false;
    this.powerDown();
  }

  /** the object the pod sees as `Puck` */
  podObject(): object {
    return {
      accelOn: (hz?: unknown) => this.accelOn(hz),
      accelOff: () => this.accelOff(),
      accelWr: (reg: unknown, value: unknown) => this.imu.write(Number(reg) & 0xff, Number(value) & 0xff),
      accelRd: (reg: unknown, count?: unknown) => this.accelRd(reg, count),
      on: (event: unknown, handler: unknown) => this.on(event, handler),
    };
  }

  accelOn(hz: unknown): void {
    if (this.startFails) throw this.podError('IMU not answering');
    if (this.accelEnabled) this.accelOff();
    const rateHz = hz === undefined ? 12.5 : Number(hz);
    let milliHz = Math.floor(rateHz * 1000 + 0.5);
    if (milliHz === 0 || isNaN(milliHz)) milliHz = 12500;
    const code = milliHz < 12500 ? ODR_CODE_1_6HZ : ODR_CODE_BY_MILLI_HZ[milliHz];
    if (code !== undefined) {
      const odr = code << 4;
      this.imu.write(R.CTRL6_C, CTRL6_C_PUCK);
      this.imu.write(R.CTRL7_G, CTRL7_G_PUCK);
      this.imu.write(CTRL9_XL, CTRL9_XL_PUCK);
      this.imu.write(R.CTRL1_XL, odr | CTRL1_XL_PUCK_LOW_BITS);
      this.imu.write(R.CTRL2_G, code === ODR_CODE_1_6HZ ? 0 : odr);
      this.imu.write(R.CTRL3_C, CTRL3_C_PUCK);
      this.imu.write(R.INT1_CTRL, INT1_CTRL_PUCK);
      this.accelRateHz = milliHz < 12500 ? 1.6 : milliHz / 1000;
    }
    // jswrap_puck_accelOn raises the exception but still turns the INT1 watch on
    this.accelEnabled = true;
    if (code === undefined) {
      throw this.podError(`Invalid sample rate ${rateHz} - must be 1660, 833, 416, 208, 104, 52, 26, 12.5, 1.6 Hz`);
    }
  }

  accelOff(): void {
    if (this.accelEnabled) this.powerDown();
    this.accelEnabled = false;
  }

  /** a number for one register, a Uint8Array when count > 0 (auto-increment is the IMU's) */
  accelRd(reg: unknown, count?: unknown): number | Uint8Array | undefined {
    this.accelReads++;
    let n = Number(count ?? 0) | 0;
    if (n > this.freeStackBytes - ACCEL_RD_STACK_MARGIN_BYTES) return undefined;
    if (n < 0) n = 0;
    const bytes = this.busDead ? new Uint8Array(n === 0 ? 1 : n).fill(0xff) : this.imu.read(Number(reg) & 0xff, n === 0 ? 1 : n);
    if (n === 0) return bytes[0];
    const out = this.makeBytes(n);
    out.set(bytes);
    return out;
  }

  on(event: unknown, handler: unknown): void {
    // Espruino keeps handlers for any event name; only 'accel' ever fires here
    if (event === 'accel' && typeof handler === 'function') this.handlers.push(handler as Handler);
  }

  /** true when the idle loop would read a sample now */
  accelPending(): boolean {
    return this.accelEnabled && (this.busDead || this.imu.int1());
  }

  /**
   * jswrap_puck_idle: when INT1 is high, read OUTX_L_G..OUTZ_H_XL and call the 'accel' handlers.
   * Returns true when it dispatched (the pass was busy).
   */
  idle(call: (handler: Handler, event: unknown) => void): boolean {
    if (!this.accelPending()) return false;
    const bytes = this.busDead ? new Uint8Array(12).fill(0xff) : this.imu.read(R.OUTX_L_G, 12);
    const view = new DataView(bytes.buffer, bytes.byteOffset, 12);
    const gyro = this.xyz(view, 0);
    const acc = this.xyz(view, 6);
    const event = this.makeObject();
    event.acc = acc;
    event.gyro = gyro;
    this.accelEvents++;
    const readsBefore = this.accelReads;
    for (const handler of this.handlers.slice()) call(handler, event);
    this.accelReadsPerEventMost = Math.max(this.accelReadsPerEventMost, this.accelReads - readsBefore);
    return true;
  }

  private xyz(view: DataView, offset: number): Record<string, unknown> {
    const o = this.makeObject();
    o.x = view.getInt16(offset, true);
    o.y = view.getInt16(offset + 2, true);
    o.z = view.getInt16(offset + 4, true);
    return o;
  }

  /** accel_off() on the Puck v2 (no IMU power pin): CTRL1_XL = 0, CTRL2_G = 0 */
  private powerDown(): void {
    this.imu.write(R.CTRL1_XL, 0);
    this.imu.write(R.CTRL2_G, 0);
  }
}
