// Types of exactly the Espruino APIs the device glue calls (espruino-facts.md 5 and the Espruino
// reference). Each glue file declares the globals it uses with these types, module-local
// (`declare const Puck: EspruinoPuck;`), so host code never sees them; the simulator
// (host-tools/sim) provides a stand-in for each member listed here and nothing more.

/** a pin object (D0, LED1, BTN) */
export type EspruinoPin = object;

export interface EspruinoAccelEvent {
  acc: { x: number; y: number; z: number };
  gyro: { x: number; y: number; z: number };
}

export interface EspruinoPuck {
  /** rates 1.6, 12.5, 26, 52, 104, 208, 416, 833, 1660 Hz; rewrites CTRL1_XL/CTRL2_G/CTRL3_C/CTRL6_C/CTRL7_G/INT1_CTRL */
  accelOn(rateHz: number): void;
  accelOff(): void;
  accelWr(register: number, value: number): void;
  /**
   * `count` bytes from `register` on (auto-increment), as a new Uint8Array; undefined, with
   * nothing read, when the buffer (on the C stack) would leave less than 500 bytes of stack
   */
  accelRd(register: number, count: number): Uint8Array | undefined;
  /** 'accel': once per idle-loop pass while INT1 is high (the glue routes INT1 to the FIFO watermark) */
  on(event: 'accel', handler: (e: EspruinoAccelEvent) => void): void;
}

export interface EspruinoCharacteristic {
  value?: Uint8Array | number[] | string;
  maxLen?: number;
  readable?: boolean;
  writable?: boolean;
  notify?: boolean;
  indicate?: boolean;
  description?: string;
  onWrite?: (evt: { data: ArrayBuffer }) => void;
}

export interface EspruinoNrf {
  /** services by UUID ('0x1814' style 16-bit keys or 128-bit strings), characteristics by UUID */
  setServices(services: { [uuid: string]: { [uuid: string]: EspruinoCharacteristic } }, options: { uart: boolean }): void;
  /** notify/indicate happens when the characteristic entry has `notify: true` / `indicate: true` */
  updateServices(services: { [uuid: string]: { [uuid: string]: { value: Uint8Array | number[]; notify?: boolean; indicate?: boolean } } }): void;
  /** advertising data: 16-bit service UUID ('0x1814') to its service data; undefined lists the UUID only */
  setAdvertising(data: { [uuid: string]: number[] | undefined }, options: { name?: string; showName?: boolean; interval?: number; connectable?: boolean }): void;
  on(event: 'connect', handler: (address: string) => void): void;
  on(event: 'disconnect', handler: (reason: number) => void): void;
}

export interface EspruinoE {
  sum(arr: Int16Array | Int32Array): number;
  variance(arr: Int16Array | Int32Array, mean: number): number;
  convolve(arr1: Int16Array | Int32Array, arr2: Int16Array | Int32Array, offset: number): number;
  enableWatchdog(timeoutS: number, isAuto: boolean): void;
  kickWatchdog(): void;
  /** battery 0-100 % */
  getBattery(): number;
  /** the REPL's device; LoopbackA takes it away from Serial1 and Bluetooth */
  setConsole(device: EspruinoSerial | null, options: { force: boolean }): void;
  reboot(): void;
}

/** process.memory(): JsVar blocks after a garbage collection (fact sheet 4) */
export interface EspruinoProcess {
  memory(): { free: number; usage: number; total: number };
}

export interface EspruinoSerial {
  setup(baud: number, options?: { rx?: EspruinoPin; tx?: EspruinoPin }): void;
  write(data: Uint8Array | string): void;
  /** received bytes as a string of char codes 0-255 */
  on(event: 'data', handler: (data: string) => void): void;
}

export interface EspruinoStorage {
  /** whole file, memory-mapped (no RAM copy); undefined when absent */
  readArrayBuffer(name: string): ArrayBuffer | undefined;
  /** writes data at offset; the first write of a file fixes its size (`size`), later writes fill it in */
  write(name: string, data: Uint8Array | string, offset?: number, size?: number): boolean;
  readJSON(name: string, noExceptions: boolean): unknown;
  writeJSON(name: string, data: unknown): boolean;
  erase(name: string): void;
  /** freeBytes: after the last file; trashBytes: erased files a compaction (run when a new file does not fit) frees */
  getStats(): EspruinoStorageStats;
}

export interface EspruinoStorageStats {
  totalBytes: number;
  freeBytes: number;
  fileBytes: number;
  fileCount: number;
  trashBytes: number;
  trashCount: number;
}

export interface EspruinoWatchOptions {
  /** default false: the watch fires once and is gone */
  repeat?: boolean;
  edge: 'rising' | 'falling' | 'both';
  /** ms; default 0, except 25 on a button pin */
  debounce?: number;
}

/**
 * A pin by name ('D14'): Espruino accepts a name string wherever it takes a pin
 * (jshGetPinFromVar in src/jspin.c; I2C setup, setWatch, digitalRead and Serial setup all go
 * through it), so a board description's pin names work without globals for every pin.
 */
export type EspruinoPinName = string;

/** `{address, stop: false}`: a write that ends without STOP, so the next read is a repeated start */
export interface EspruinoI2cAddress {
  address: number;
  stop: boolean;
}

/**
 * A hardware I2C bus (I2C1; the nRF52832 builds have one, boards/MDBT42Q.py 'i2c': 1).
 * On nRF52832 builds (nRF5 SDK 12) a transfer's length is a uint8_t (nrf_drv_twi_rx), so a
 * readFrom of more than 255 bytes comes back short and partly garbage: callers read <= 255.
 */
export interface EspruinoI2c {
  setup(options: { scl: EspruinoPin | EspruinoPinName; sda: EspruinoPin | EspruinoPinName; bitrate: number }): void;
  /** one or more bytes (a register address, or a register address and the values to write) */
  writeTo(address: number | EspruinoI2cAddress, data: number | number[] | Uint8Array): void;
  /** `count` bytes (<= 255, see above) as a new Uint8Array */
  readFrom(address: number | EspruinoI2cAddress, count: number): Uint8Array;
}
