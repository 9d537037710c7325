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
  /** IMU register writes applied at configure time (absent: the part's defaults are used) */
  imuSetup?: BoardImuSetup;
  imuBus?: BoardImuBus;
  leds?: BoardLed[];
  button?: BoardButton;
  /** JsVars the interpreter has on this board (memory budget) */
  ramJsVars?: number;
  /** Storage pages and their size in bytes (flash budget for the on-device log) */
  storagePages?: number;
  storagePageBytes?: number;
  /** true when the simulator provides Espruino stand-ins instead of hardware */
  simulated?: boolean;
  /** Espruino's process.env.BOARD on this board: a flasher checks it before it erases anything */
  espruinoBoard?: string;
  /** the file stem of this board's firmware under dist/ (scripts/build.ts); absent: no firmware */
  firmwareBundle?: string;
  /** how the pod names this board to a host (the detail of its reply to setClock, firmware 0.16 on): a recording host checks --board against it */
  podBoardCode: number;
  /** quirks and mounting, one fact per line */
  notes?: string[];
}

/** one IMU register write at configure time: [register address, value] */
export type BoardRegisterWrite = [number, number];

/** Ordered IMU register writes for a rate (Hz) and a FIFO watermark (samples); throws TypeError
 * for a rate or watermark the part cannot do (configure time, where a person can act). */
export type BoardImuSetup = (rateHz: number, watermarkSamples: number) => BoardRegisterWrite[];

/** How the glue reaches the IMU. 'puck' = Puck.accelWr/accelRd on the Puck's internal bus;
 * 'i2c' = an Espruino I2C object set up on the named pins. Pins are Espruino pin names. */
export interface BoardImuBus {
  kind: 'puck' | 'i2c';
  /** Espruino bus object name for 'i2c' (e.g. 'I2C1') */
  i2c?: string;
  sclPin?: string;
  sdaPin?: string;
  /** 7-bit I2C address */
  address?: number;
  /** I2C clock in bit/s */
  bitrateHz?: number;
  /** pin wired to the IMU's INT1 (FIFO watermark) */
  int1Pin?: string;
}

export interface BoardLed {
  /** Espruino name, e.g. 'LED1' */
  name: string;
  pin: string;
  color: string;
}

export interface BoardButton {
  name: string;
  pin: string;
  pull: 'down' | 'up';
  edge: 'rising' | 'falling';
  debounceMs: number;
}
