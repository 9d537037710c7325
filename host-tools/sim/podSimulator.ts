// The simulated pod: runs a device bundle (ES5 source) in a Node `vm` context that holds stand-ins
// for exactly the Espruino globals the firmware uses (firmware/device/espruinoTypes.ts plus the
// timer, pin and console functions), all driven by one virtual clock in ms.
//
// The event loop follows Espruino's jsiIdle: the pod sleeps until something happens (an IMU
// sample, a byte, a BLE event, a timer); then one idle pass runs the queued events in arrival
// order, the Puck's accelerometer check (one 'accel' event while INT1 is high), then every due
// timer. JavaScript takes no virtual time; a pass that leaves INT1 high is followed by another
// `busyPassMs` later (Espruino would spin at once; the gap keeps a firmware that never drains
// the FIFO from looping forever at one instant).
//
// An exception that escapes pod code is recorded in `crashes` and printed as "Uncaught ..."
// (Espruino prints it and carries on); it is never thrown into the host. E.reboot() and a
// watchdog timeout re-evaluate the bundle in a fresh context with Storage and the IMU's
// registers kept, as a reset of the nRF52 does.
import * as vm from 'vm';
import { createPrng, Prng } from '../synthetic/prng';
import { ImuRecording } from '../recording/imuRecording';
import { ImuSource, imuSourceFromRecording } from './imuSource';
import { Lsm6ds3trcModel, Vec3 } from './lsm6ds3trcModel';
import { BLE_REASON_CONNECTION_TIMEOUT, FakeBlePeer, SimNrf } from './simNrf';
import { SimPuck } from './simPuck';
import { BOOT_CODE_FILE, bootCode, espruinoCrc32, SimConsole } from './simConsole';
import { ADAPTER_WIRING, ConsoleDevice, SimSerial } from './simSerial';
import { PUCK_STORAGE_BYTES, SimStorage } from './simStorage';
import { PodErrorFactory, PodTimer, VirtualClock } from './virtualClock';

/** E.getBattery() until the host sets another value */
export const DEFAULT_BATTERY_PERCENT = 87;
/**
 * What process.memory().free reports until the host sets another value. The simulator does not
 * model Espruino's JsVars: this is enough for the detector to start, as on a board with some RAM
 * to spare. The firmware leaves a Puck.js v2 about 360 free at 104 Hz, measured in an interpreter
 * with the Puck's memory layout (docs/performance.md, "The Puck's RAM, measured"); the pod keeps 260.
 */
export const DEFAULT_RAM_FREE_BLOCKS = 420;
/** the Puck.js v2's JsVars (espruino-facts.md 4) */
export const PUCK_JSVARS_TOTAL = 2630;
/** from a reset to the bundle running again, ms (the real nRF52 + Espruino start-up time is not measured) */
export const RESET_TO_BOOT_MS = 10;
/**
 * The Nordic bootloader's button check (Espruino targets/nrf5x_dfu/main.c, dfu_enter_check): a
 * button pressed at reset is watched for 20 x 128 loops of about 1 ms. Released within that, it
 * starts DFU; still held after it, Espruino starts, and finding the button down it loads no saved
 * code (targets/nrf5x/main.c, jsiInit(!buttonState)).
 */
export const BOOTLOADER_BUTTON_MS = 2560;
/** Espruino's setWatch default debounce for a button pin, ms */
const BUTTON_DEFAULT_DEBOUNCE_MS = 25;

/**
 * Globals V8 has and Espruino 2v29 lacks (espruino-facts.md 1, measured): removed from the pod's
 * context so a bundle that needs one fails here as it would on the Puck.
 */
const NOT_IN_ESPRUINO = [
  'Map', 'Set', 'WeakMap', 'WeakSet', 'WeakRef', 'Symbol', 'Proxy', 'Reflect', 'BigInt', 'Intl',
  'WebAssembly', 'SharedArrayBuffer', 'Atomics', 'FinalizationRegistry',
  'Math.imul', 'Math.clz32', 'Math.trunc', 'Math.hypot', 'Number.isInteger', 'Array.from',
];

export interface PodSimulatorOptions {
  /** the device bundle, ES5 JavaScript */
  bundleSource: string;
  /** what the IMU senses: a recording (converted with imuSourceFromRecording) or a source */
  recording?: ImuRecording | ImuSource;
  storageCapacityBytes?: number;
  /** E.getBattery() */
  batteryPercent?: number;
  /** process.memory().free: JsVar blocks the pod is told are free (RAM is not modelled) */
  ramFreeBlocks?: number;
  /**
   * the console starts on Serial1 at 9600 at boot, as Espruino does when it reads the serial RX
   * pin (D29) high there: by default, whenever a serial adapter is attached at that boot
   */
  serialConsoleAtBoot?: boolean;
  /**
   * a USB-serial adapter on the pod's serial pins (ADAPTER_WIRING) from the start; default true,
   * as the simulator's pseudo-terminal is that adapter. Its TX idles high on the pod's RX pin,
   * so the console starts on Serial1 at each boot it is attached at (serialConsoleAtBoot).
   */
  serialAdapterAttached?: boolean;
  /**
   * the adapter's TX drives the pod's RX so weakly that the pod's own pull-down holds the line
   * low (Espruino's boot check, targets/nrf5x/jshardware.c, names the nRF52DK's interface chip):
   * the pin reads high only while it is a plain input
   */
  serialAdapterWeak?: boolean;
  /**
   * BTN held down from power-on for this long, at least BOOTLOADER_BUTTON_MS: the bootloader
   * waits that long, then Espruino starts without the saved code (a console to flash from).
   * A shorter hold enters the bootloader's DFU mode, which the simulator does not model.
   */
  holdButtonAtBootMs?: number;
  /** each 'accel' dispatch is late by a uniform random 0..jitterMaxMs (seeded) */
  jitterMaxMs?: number;
  /** the IMU's clock against the pod's, parts per million: positive, it samples that much faster (a real one is off by up to 1-2 %) */
  imuClockErrorPpm?: number;
  seed?: number;
  /** gap between idle passes while INT1 stays high, ms */
  busyPassMs?: number;
  /** the IMU model's open questions (lsm6ds3trcModel.ts): a burst staying on FIFO_DATA_OUT (default true), DIFF_FIFO when full (default 'clamp') */
  fifoBurstStaysOnOutput?: boolean;
  diffFifoWhenFull?: 'clamp' | 'wrap';
  /** remove the builtins Espruino lacks (NOT_IN_ESPRUINO); default true */
  espruinoBuiltinsOnly?: boolean;
}

export interface PodCrash {
  tMs: number;
  /** 'boot', 'timer', 'event', 'watch', ... */
  where: string;
  message: string;
  stack: string | undefined;
}

export interface PodReset {
  tMs: number;
  /** 'load()' and 'reset()' were typed at the console (simConsole.ts) */
  reason: 'E.reboot' | 'watchdog' | 'host' | 'load()' | 'reset()';
}

export interface PinChange {
  tMs: number;
  pin: string;
  value: number;
}

interface Watch {
  id: number;
  pin: string;
  callback: unknown;
  repeat: boolean;
  /** 1 rising, -1 falling, 0 both */
  edge: number;
  debounceMs: number;
  /** last state reported (or seen, for 'both') */
  state: number;
  lastTimeS: number | undefined;
}

interface PodRealm {
  Error: ErrorConstructor;
  TypeError: TypeErrorConstructor;
  Uint8Array: Uint8ArrayConstructor;
  ArrayBuffer: ArrayBufferConstructor;
  JSON: JSON;
  Object: ObjectConstructor;
  Array: ArrayConstructor;
}

/** thrown through pod code by E.reboot(): nothing after it runs */
class RebootSignal {}

/** a button hold at power-on the simulator models: none, or one long enough to pass the bootloader */
function bootHoldMs(holdMs: number | undefined): number {
  const ms = holdMs ?? 0;
  if (ms > 0 && !(ms >= BOOTLOADER_BUTTON_MS)) {
    throw new RangeError(`a button released ${ms} ms after power-on enters the bootloader's DFU mode, which the simulator does not model; hold it ${BOOTLOADER_BUTTON_MS} ms or more`);
  }
  return ms;
}

/** the modes pinMode accepts besides 'auto' (jswrap_io_pinMode in src/jswrap_io.c) */
const PIN_MODES = ['analog', 'input', 'input_pullup', 'input_pulldown', 'output', 'opendrain', 'af_output', 'af_opendrain', 'opendrain_pullup'];

/** pin objects by name; Espruino prints them by their pin number */
const PIN_NUMBERS: { [name: string]: string } = { LED1: 'D5', LED2: 'D4', LED3: 'D3', BTN: 'D0', D28: 'D28', D29: 'D29' };

// ---------- E's native array helpers, exactly as src/jswrap_espruino.c computes them ----------

function espruinoKind(v: unknown): string {
  if (Array.isArray(v)) return 'Array';
  if (v === null) return 'null';
  if (typeof v === 'object') return Object.prototype.toString.call(v).slice(8, -1);
  return typeof v === 'number' ? 'Number' : typeof v === 'string' ? 'String' : typeof v;
}

function isIterableData(v: unknown): v is ArrayLike<unknown> | string {
  return typeof v === 'string' || Array.isArray(v) || ArrayBuffer.isView(v);
}

function elementAt(arr: ArrayLike<unknown> | string, i: number): number {
  return typeof arr === 'string' ? arr.charCodeAt(i) : Number(arr[i]);
}

/** E.sum: double accumulation of every element */
export function espruinoSum(arr: unknown, podError: PodErrorFactory): number {
  if (!isIterableData(arr)) throw podError('First argument must be Array, not ' + espruinoKind(arr));
  let sum = 0;
  for (let i = 0; i < arr.length; i++) sum += elementAt(arr, i);
  return sum;
}

/** E.variance: the SUM of (value - mean)^2, not divided by the length */
export function espruinoVariance(arr: unknown, mean: unknown, podError: PodErrorFactory): number {
  if (!isIterableData(arr)) throw podError('First argument must iterable, not ' + espruinoKind(arr));
  const m = Number(mean);
  let variance = 0;
  for (let i = 0; i < arr.length; i++) {
    const d = elementAt(arr, i) - m;
    variance += d * d;
  }
  return variance;
}

/**
 * E.mapInPlace(from, to, map) with a typed array as the map, as the firmware calls it: to[i] =
 * map[from[i]] element by element while both have one, through the element types' stores
 * (src/jswrap_espruino.c, jswrap_espruino_mapInPlace with bits 0)
 */
function espruinoMapInPlace(from: unknown, to: unknown, map: unknown, podError: PodErrorFactory): void {
  if (!ArrayBuffer.isView(from) || !ArrayBuffer.isView(to)) throw podError('E.mapInPlace: First 2 arguments should be array buffers');
  if (!ArrayBuffer.isView(map)) throw podError('E.mapInPlace: the simulator models a typed-array map only');
  const src = from as unknown as ArrayLike<number>;
  const dst = to as unknown as { [i: number]: number; length: number };
  const table = map as unknown as ArrayLike<number>;
  const n = Math.min(src.length, dst.length);
  for (let i = 0; i < n; i++) dst[i] = table[src[i]];
}

/** E.convolve: sum of a[i] * b[(i + offset) % b.length] over a, double accumulation */
export function espruinoConvolve(a: unknown, b: unknown, offset: unknown, podError: PodErrorFactory): number {
  if (!isIterableData(a) || !isIterableData(b)) {
    throw podError(`Expecting first 2 arguments to be iterable, not ${espruinoKind(a)} and ${espruinoKind(b)}`);
  }
  const l = b.length;
  // the C code divides by the length without a check; an empty second array is a crash there
  if (l === 0) throw podError('E.convolve: second array is empty (Espruino divides by its length)');
  let j = (Number(offset) | 0) % l;
  if (j < 0) j += l;
  let conv = 0;
  for (let i = 0; i < a.length; i++) {
    conv += elementAt(a, i) * elementAt(b, j);
    j++;
    if (j >= l) j = 0;
  }
  return conv;
}

export class PodSimulator {
  readonly clock: VirtualClock;
  readonly storage: SimStorage;
  readonly imu: Lsm6ds3trcModel;
  readonly puck: SimPuck;
  readonly nrf: SimNrf;
  readonly serial: SimSerial;
  /** the JavaScript console on Serial1 (setup mode): what flashing types into it */
  readonly repl: SimConsole;
  readonly source: ImuSource | undefined;
  /** every line the pod printed (print, console.log, Uncaught ...), whatever the console device */
  readonly consoleLines: string[] = [];
  readonly crashes: PodCrash[] = [];
  readonly resets: PodReset[] = [];
  /** Espruino-legal misuse the simulator noticed (long Storage names, notify without notify:true, ...) */
  readonly warnings: string[] = [];
  readonly pinChanges: PinChange[] = [];
  /** E.getBattery() */
  batteryPercent: number;
  /** process.memory().free */
  ramFreeBlocks: number;
  /** samples the IMU has taken from the source */
  imuSamplesPushed = 0;
  bootCount = 0;

  private readonly options: PodSimulatorOptions;
  private context: vm.Context | undefined;
  private realm: PodRealm | undefined;
  private readonly podError: PodErrorFactory;
  private ioQueue: (() => void)[] = [];
  private passAtMs = Infinity;
  private stallUntilMs = 0;
  private jitterDueMs: number | undefined;
  private readonly jitterMaxMs: number;
  private readonly imuClockErrorPpm: number;
  private readonly busyPassMs: number;
  private readonly prng: Prng;
  private readonly pins = new Map<string, number>();
  /** the mode pinMode last gave each pin since boot */
  private readonly pinModes = new Map<string, string>();
  private watches: Watch[] = [];
  private nextWatchId = 1;
  private watchdogTimeoutMs: number | undefined;
  private watchdogAuto = false;
  private watchdogDeadlineMs = Infinity;
  private rebootPending: PodReset['reason'] | undefined;
  /** between a reset and the next boot nothing of the pod runs */
  private podDown = true;
  private holdButtonNextBootMs: number;
  /** reset() at the console, or the button held through the bootloader: the next boot runs no code */
  private bootWithoutCode = false;
  private readonly imuAccMg: Vec3 = [0, 0, 0];
  private readonly imuGyroMdps: Vec3 = [0, 0, 0];

  constructor(options: PodSimulatorOptions) {
    if (typeof options.bundleSource !== 'string') throw new TypeError('bundleSource must be a string of JavaScript');
    this.options = options;
    this.podError = (message, kind) => {
      const ctor = this.realm ? (kind === 'TypeError' ? this.realm.TypeError : this.realm.Error) : kind === 'TypeError' ? TypeError : Error;
      return new ctor(message);
    };
    this.clock = new VirtualClock(this.podError);
    this.batteryPercent = options.batteryPercent ?? DEFAULT_BATTERY_PERCENT;
    this.ramFreeBlocks = options.ramFreeBlocks ?? DEFAULT_RAM_FREE_BLOCKS;
    this.jitterMaxMs = options.jitterMaxMs ?? 0;
    this.imuClockErrorPpm = options.imuClockErrorPpm ?? 0;
    this.busyPassMs = options.busyPassMs ?? 1;
    if (!(this.busyPassMs > 0)) throw new TypeError('busyPassMs must be > 0');
    if (!(this.jitterMaxMs >= 0)) throw new TypeError('jitterMaxMs must be >= 0');
    this.prng = createPrng(options.seed ?? 1);
    this.holdButtonNextBootMs = bootHoldMs(options.holdButtonAtBootMs);
    this.storage = new SimStorage({
      capacityBytes: options.storageCapacityBytes ?? PUCK_STORAGE_BYTES,
      podError: this.podError,
      onWarning: (m) => this.warn(m),
      // the pod's functions read garbage from then on; on a Puck it crashes or runs wild
      onCodeMoved: (name) => this.recordCrash('storage', new Error(`Storage compaction moved ${name}, whose code the pod runs from flash`)),
    });
    this.source = options.recording === undefined ? undefined : 'samplesCounts' in options.recording ? imuSourceFromRecording(options.recording) : options.recording;
    this.imu = new Lsm6ds3trcModel({
      sourceRateHz: this.source?.rateHz ?? 104,
      fifoBurstStaysOnOutput: options.fifoBurstStaysOnOutput,
      diffFifoWhenFull: options.diffFifoWhenFull,
    });
    this.puck = new SimPuck(this.imu, {
      podError: this.podError,
      makeObject: () => (this.realm ? new this.realm.Object() : {}) as Record<string, unknown>,
      makeBytes: (n) => (this.realm ? new this.realm.Uint8Array(n) : new Uint8Array(n)),
    });
    const host = {
      nowMs: () => this.clock.nowMs,
      schedule: (atMs: number, run: () => void) => this.clock.schedule(atMs, run),
      queuePodEvent: (run: () => void) => this.queuePodEvent(run),
      callPod: (fn: Function, args: unknown[]) => this.callPod('event', fn, args),
      warn: (m: string) => this.warn(m),
      print: (line: string) => this.printLine(line),
      podError: this.podError,
      makeArrayBuffer: (bytes: Uint8Array) => {
        const out = this.realm ? new this.realm.Uint8Array(bytes.length) : new Uint8Array(bytes.length);
        out.set(bytes);
        return out.buffer as ArrayBuffer;
      },
      // the Nordic UART (simNrf.ts): console input from Bluetooth, and the console following the central
      nusInput: (bytes: Uint8Array) => {
        if (this.serial.console !== 'Bluetooth') return; // Espruino: a 'data' event on Bluetooth, which nothing here listens to
        for (let i = 0; i < bytes.length; i++) this.repl.input(bytes[i]);
      },
      nusLink: (connected: boolean) => {
        if (connected ? !this.serial.consoleForced : this.serial.console === 'Bluetooth') this.repl.clearLine();
        this.serial.bluetoothLink(connected);
      },
    };
    this.nrf = new SimNrf(host);
    this.serial = new SimSerial(host);
    this.repl = new SimConsole({
      write: (text) => this.serial.consoleWrite(text),
      evaluate: (code) => this.evaluateConsoleLine(code),
      getGlobal: (name) => this.podGlobal(name),
      setGlobal: (name, value) => {
        if (this.context) (this.context as Record<string, unknown>)[name] = value;
      },
      consoleDevice: () => this.serial.console,
      restart: (runBootCode) => {
        this.bootWithoutCode = !runBootCode;
        this.rebootPending = runBootCode ? 'load()' : 'reset()';
      },
    });
    // Espruino handles console characters in its idle loop, like any other event
    this.serial.onConsoleByte = (byte) => this.queuePodEvent(() => this.repl.input(byte));
    this.serial.onBluetoothConsole = (bytes) => this.nrf.nusSend(bytes);
    for (const name of Object.keys(PIN_NUMBERS)) this.pins.set(name, 0);
    const adapter = options.serialAdapterAttached ?? true;
    this.serial.adapterAttached = adapter;
    this.pins.set(ADAPTER_WIRING.podRxPin, adapter ? 1 : 0);
    // the pod boots at t = 0 in the first runFor; the source's first sample comes right after
    // the boot code has run, so a bundle that starts the IMU at boot sees every sample
    this.clock.schedule(0, () => this.bootloader());
    if (this.source) this.scheduleImuSample(0);
  }

  // ---------- running ----------

  /** runs the pod for `ms` of virtual time */
  runFor(ms: number): void {
    if (!(ms >= 0)) throw new RangeError('runFor needs ms >= 0');
    this.runUntil(this.clock.nowMs + ms, () => false);
  }

  /** runs until the IMU has taken the source's last sample and the pod has dealt with it */
  runUntilSourceEnds(): void {
    const source = this.source;
    if (!source) throw new Error('PodSimulator: no IMU source to run to the end of');
    this.runUntil(Infinity, () => this.imuSamplesPushed >= source.sampleCount && this.bootCount > 0 && this.podIdleNow());
  }

  get nowMs(): number {
    return this.clock.nowMs;
  }

  // ---------- host side of the pod's links ----------

  /** bytes from the host to the pod's Serial1 RX */
  serialWrite(bytes: ArrayLike<number> | string): void {
    this.serial.hostWrite(typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : bytes);
  }

  /** the virtual time by which every byte the host has sent so far has reached Serial1 RX, ms */
  get hostBytesArriveByMs(): number {
    return this.serial.hostBytesArriveByMs;
  }

  /** bytes the pod sends on Serial1 TX (and console text while Serial1 is the console) */
  onSerialData(callback: (bytes: Buffer, tMs: number) => void): void {
    this.serial.onData(callback);
  }

  /** everything the pod has sent on Serial1 so far */
  serialOutput(): Buffer {
    return Buffer.concat(this.serial.written.map((c) => c.bytes));
  }

  get blePeer(): FakeBlePeer {
    return this.nrf.peer;
  }

  get consoleDevice(): ConsoleDevice {
    return this.serial.console;
  }

  /** plugs the serial adapter onto the pod's pins (true) or pulls it off, now: its TX line rises or falls */
  attachSerialAdapter(attached: boolean): void {
    this.serial.adapterAttached = attached;
    this.setPin(ADAPTER_WIRING.podRxPin, attached && !this.adapterHeldLow() ? 1 : 0);
  }

  /** presses BTN now and releases it `ms` later */
  pressButton(ms = 100): void {
    const at = this.clock.nowMs;
    this.clock.schedule(at, () => this.setPin('BTN', 1));
    this.clock.schedule(at + ms, () => this.setPin('BTN', 0));
  }

  pinValue(name: string): number {
    return this.pins.get(name) ?? 0;
  }

  // ---------- faults ----------

  /** the BLE link drops (supervision timeout) */
  bleDisconnect(reason = BLE_REASON_CONNECTION_TIMEOUT): void {
    this.nrf.peer.disconnect(reason);
  }

  storageFull(full: boolean): void {
    this.storage.setFull(full);
  }

  /** the IMU's bus stops answering (every byte 0xFF, INT1 high) or answers again; the IMU samples on */
  imuBusDead(dead: boolean): void {
    this.puck.busDead = dead;
  }

  /** the stack left where Puck.accelRd runs from now on (Infinity: plenty): a larger read returns undefined */
  puckFreeStack(bytes: number): void {
    this.puck.freeStackBytes = bytes;
  }

  /** Puck.accelOn throws from now on (an IMU that cannot be started), or no longer */
  imuStartFails(fails: boolean): void {
    this.puck.startFails = fails;
  }

  /** the pod's event loop does not run for `ms` from now; the IMU and the links go on */
  stall(ms: number): void {
    if (!(ms >= 0)) throw new RangeError('stall needs ms >= 0');
    this.stallUntilMs = Math.max(this.stallUntilMs, this.clock.nowMs + ms);
  }

  /** a power cycle, optionally with BTN held from power-on (as holdButtonAtBootMs) */
  reboot(options: { holdButtonMs?: number } = {}): void {
    this.holdButtonNextBootMs = bootHoldMs(options.holdButtonMs);
    this.reset('host');
  }

  /** a global variable of the running pod (tests read what a snippet collected) */
  podGlobal(name: string): unknown {
    return this.context ? (this.context as Record<string, unknown>)[name] : undefined;
  }

  get watchdogResets(): number {
    return this.resets.filter((r) => r.reason === 'watchdog').length;
  }

  get reboots(): number {
    return this.resets.length;
  }

  // ---------- the loop ----------

  private runUntil(endMs: number, stop: () => boolean): void {
    for (;;) {
      const t = this.nextWakeMs();
      if (t > endMs || t === Infinity) break;
      this.clock.advanceTo(t);
      this.step();
      if (stop()) return;
    }
    if (endMs !== Infinity) this.clock.advanceTo(endMs);
  }

  private podIdleNow(): boolean {
    const now = this.clock.nowMs;
    return !this.podDown && now >= this.stallUntilMs && this.passAtMs > now && this.clock.nextTimerDueMs() > now && this.jitterDueMs === undefined && this.ioQueue.length === 0;
  }

  private nextWakeMs(): number {
    let podMs = Math.min(this.passAtMs, this.clock.nextTimerDueMs(), this.jitterDueMs ?? Infinity);
    if (podMs < this.stallUntilMs) podMs = this.stallUntilMs;
    // between a reset and the boot nothing of the pod runs (an IMU sample then must not spin the loop at one instant)
    if (this.podDown) podMs = Infinity;
    return Math.min(podMs, this.clock.nextHardwareMs(), this.watchdogDeadlineMs);
  }

  private step(): void {
    const now = this.clock.nowMs;
    this.clock.runDueHardware();
    // an auto watchdog is kicked by the idle loop, which wakes at least every half timeout, unless pod code is busy
    if (now >= this.watchdogDeadlineMs && this.watchdogAuto && !this.podDown && now >= this.stallUntilMs && this.watchdogTimeoutMs !== undefined) {
      this.watchdogDeadlineMs = now + this.watchdogTimeoutMs;
    }
    if (now >= this.watchdogDeadlineMs) {
      this.reset('watchdog');
      return;
    }
    if (this.podDown || now < this.stallUntilMs) return;
    const due = this.passAtMs <= now || this.clock.nextTimerDueMs() <= now || (this.jitterDueMs !== undefined && this.jitterDueMs <= now);
    if (due) this.idlePass();
  }

  private idlePass(): void {
    const now = this.clock.nowMs;
    this.passAtMs = Infinity;
    const events = this.ioQueue;
    this.ioQueue = [];
    for (const run of events) {
      run();
      if (this.rebootPending) return this.reset(this.rebootPending);
    }
    this.accelCheck(now);
    if (this.rebootPending) return this.reset(this.rebootPending);
    this.clock.runDueTimers((timer) => this.runTimer(timer));
    if (this.rebootPending) return this.reset(this.rebootPending);
    // Espruino kicks an auto watchdog in the idle loop and never sleeps past half its timeout
    if (this.watchdogAuto && this.watchdogTimeoutMs !== undefined) this.watchdogDeadlineMs = now + this.watchdogTimeoutMs;
    if (this.ioQueue.length > 0) this.passAtMs = now;
  }

  private accelCheck(now: number): void {
    if (!this.puck.accelPending()) {
      this.jitterDueMs = undefined;
      return;
    }
    if (this.jitterMaxMs > 0) {
      if (this.jitterDueMs === undefined) this.jitterDueMs = now + this.prng.nextFloat() * this.jitterMaxMs;
      if (now < this.jitterDueMs) return;
      this.jitterDueMs = undefined;
    }
    this.puck.idle((handler, event) => this.callPod('accel', handler, [event]));
    if (this.puck.accelPending()) this.passAtMs = Math.min(this.passAtMs, now + this.busyPassMs);
  }

  private queuePodEvent(run: () => void): void {
    this.ioQueue.push(run);
    this.passAtMs = Math.min(this.passAtMs, this.clock.nowMs);
  }

  private scheduleImuSample(n: number): void {
    const source = this.source as ImuSource;
    this.clock.schedule((n * 1000) / (source.rateHz * (1 + this.imuClockErrorPpm / 1e6)), () => {
      source.sampleAt(n, this.imuAccMg, this.imuGyroMdps);
      try {
        this.imu.push(this.imuAccMg, this.imuGyroMdps);
      } catch (e) {
        this.warn('IMU model: ' + (e as Error).message);
      }
      this.imuSamplesPushed = n + 1;
      this.passAtMs = Math.min(this.passAtMs, this.clock.nowMs);
      this.scheduleImuSample(n + 1);
    });
  }

  // ---------- boot ----------

  /** everything of the pod stops now; it boots again RESET_TO_BOOT_MS later */
  private reset(reason: PodReset['reason']): void {
    this.resets.push({ tMs: this.clock.nowMs, reason });
    this.printLine(`(${reason} reset)`);
    // The nRF52 WDT runs on through a soft reset of the chip (E.reboot) and stops only at a
    // power-on or its own reset; whether Espruino kicks it itself (auto) is RAM, lost at any reset
    // of the chip and kept by load() and reset(), which only restart the interpreter.
    if (reason === 'host' || reason === 'watchdog') {
      this.watchdogTimeoutMs = undefined;
      this.watchdogDeadlineMs = Infinity;
    }
    if (reason !== 'load()' && reason !== 'reset()') this.watchdogAuto = false;
    this.teardown();
    this.podDown = true;
    this.clock.schedule(this.clock.nowMs + RESET_TO_BOOT_MS, () => this.bootloader());
  }

  /** a button held from power-on keeps the pod in the bootloader, then Espruino starts without its code */
  private bootloader(): void {
    const holdMs = this.holdButtonNextBootMs;
    this.holdButtonNextBootMs = 0;
    if (holdMs === 0) return this.boot();
    const now = this.clock.nowMs;
    this.setPin('BTN', 1);
    this.clock.schedule(now + holdMs, () => this.setPin('BTN', 0));
    this.bootWithoutCode = true;
    this.podDown = true;
    this.clock.schedule(now + BOOTLOADER_BUTTON_MS, () => this.boot());
  }

  private teardown(): void {
    this.rebootPending = undefined;
    this.clock.clearAllTimers();
    this.ioQueue = [];
    this.passAtMs = Infinity;
    this.jitterDueMs = undefined;
    this.watches = [];
    this.nextWatchId = 1;
    for (const name of ['LED1', 'LED2', 'LED3']) this.pins.set(name, 0);
    const wasConnected = this.nrf.peer.connected;
    this.puck.boot();
    this.nrf.boot();
    if (wasConnected) this.warn('the BLE link dropped at the reset');
  }

  private boot(): void {
    this.bootCount++;
    this.podDown = false;
    this.teardown();
    // a reset leaves every pin an input with no pull again
    this.pinModes.clear();
    this.serial.boot(this.options.serialConsoleAtBoot ?? this.serial.adapterAttached);
    this.repl.restart();
    this.context = this.makeContext();
    this.storage.setRealm(this.realm as PodRealm);
    // Storage ".bootcde" once something was flashed (simConsole.ts), else the bundle we were given
    const code = this.bootWithoutCode ? '' : bootCode(this.storage, this.options.bundleSource);
    this.storage.setRunningFrom(!this.bootWithoutCode && this.storage.read(BOOT_CODE_FILE) !== undefined ? [BOOT_CODE_FILE] : []);
    this.bootWithoutCode = false;
    try {
      vm.runInContext(code, this.context, { filename: 'bundle.js' });
    } catch (e) {
      this.recordCrash('boot', e);
    }
    if (!this.rebootPending) {
      const onInit = vm.runInContext('typeof onInit === "function" ? onInit : undefined', this.context) as Function | undefined;
      if (onInit) this.callPod('onInit', onInit, []);
    }
    if (this.rebootPending) return this.reset(this.rebootPending);
    this.passAtMs = this.clock.nowMs;
  }

  private makeContext(): vm.Context {
    const context = vm.createContext({});
    this.realm = vm.runInContext('({Error: Error, TypeError: TypeError, Uint8Array: Uint8Array, ArrayBuffer: ArrayBuffer, JSON: JSON, Object: Object, Array: Array})', context) as PodRealm;
    if (this.options.espruinoBuiltinsOnly ?? true) {
      vm.runInContext(NOT_IN_ESPRUINO.map((name) => `delete ${name.indexOf('.') < 0 ? 'globalThis.' + name : name};`).join('\n'), context);
    }
    const g = context as Record<string, unknown>;
    const pinObjects = new Map<object, string>();
    for (const name of Object.keys(PIN_NUMBERS)) {
      const pin = { toString: () => PIN_NUMBERS[name] };
      pinObjects.set(pin, name);
      g[name] = pin;
    }
    const pinName = (pin: unknown): string | undefined => (typeof pin === 'object' && pin !== null ? pinObjects.get(pin) : undefined);
    g.Puck = this.puck.podObject();
    g.NRF = this.nrf.podObject();
    g.Serial1 = this.serial.serial1;
    g.LoopbackA = this.serial.loopbackA;
    // the Nordic UART as a serial device (what eval(process.env.CONSOLE).println answers on)
    const bluetoothText = (items: unknown[], end: string) => this.nrf.nusSend(Uint8Array.from(items.map(formatForConsole).join('') + end, (ch) => ch.charCodeAt(0) & 0xff));
    g.Bluetooth = {
      write: (...items: unknown[]) => bluetoothText(items, ''),
      print: (...items: unknown[]) => bluetoothText(items, ''),
      println: (...items: unknown[]) => bluetoothText(items, '\r\n'),
    };
    g.E = this.makeE();
    // Espruino's process: memory() in JsVar blocks (the console adds env and version on first use)
    g.process = {
      memory: () => ({ free: this.ramFreeBlocks, usage: PUCK_JSVARS_TOTAL - this.ramFreeBlocks, total: PUCK_JSVARS_TOTAL }),
    };
    // Espruino's own base64 (jswrap_espruino btoa/atob): strings of char codes 0-255
    g.btoa = (text: unknown) => Buffer.from(String(text), 'latin1').toString('base64');
    g.atob = (text: unknown) => Buffer.from(String(text), 'base64').toString('latin1');
    const storageObject = {
      write: (name: unknown, data: unknown, offset?: unknown, size?: unknown) => this.storage.write(name, data, offset, size),
      readArrayBuffer: (name: unknown) => this.storage.readArrayBuffer(name),
      readJSON: (name: unknown, noExceptions?: unknown) => this.storage.readJSON(name, noExceptions),
      writeJSON: (name: unknown, data: unknown) => this.storage.writeJSON(name, data),
      read: (name: unknown, offset?: unknown, length?: unknown) => this.storage.read(name, offset, length),
      list: () => {
        // an array of the pod's realm (its Array lacks the ES2015 statics Espruino lacks)
        const names = new (this.realm as PodRealm).Array() as string[];
        for (const name of this.storage.list()) names.push(name);
        return names;
      },
      erase: (name: unknown) => this.storage.erase(name),
      eraseAll: () => this.storage.eraseAll(),
      compact: () => this.storage.compact(),
      getFree: () => this.storage.getFree(),
      getStats: () => this.storage.getStats(),
    };
    g.require = (name: unknown) => {
      if (name === 'Storage') return storageObject;
      throw this.podError(`Module ${String(name)} not found`);
    };
    g.setTimeout = (fn: unknown, ms: unknown, ...args: unknown[]) => this.clock.setTimer(fn, ms, args, false);
    g.setInterval = (fn: unknown, ms: unknown, ...args: unknown[]) => this.clock.setTimer(fn, ms, args, true);
    g.clearTimeout = (...args: unknown[]) => this.clock.clearTimer(args.length, args[0], 'Timeout');
    g.clearInterval = (...args: unknown[]) => this.clock.clearTimer(args.length, args[0], 'Interval');
    g.getTime = () => this.clock.getTimeS();
    g.setWatch = (fn: unknown, pin: unknown, options?: unknown) => this.setWatch(fn, pinName(pin), options);
    g.clearWatch = (...args: unknown[]) => this.clearWatch(args.length, args[0]);
    g.digitalWrite = (pin: unknown, value: unknown) => this.digitalWrite(pin, value, pinName);
    g.digitalRead = (pin: unknown) => this.digitalRead(pin, pinName);
    g.pinMode = (pin: unknown, mode: unknown) => this.pinMode(pinName(pin), mode);
    g.digitalPulse = (pin: unknown, value: unknown, time: unknown) => this.digitalPulse(pinName(pin), value, time);
    g.print = (...args: unknown[]) => this.printLine(args.map(formatForConsole).join(' '));
    g.console = { log: (...args: unknown[]) => this.printLine(args.map(formatForConsole).join(' ')) };
    return context;
  }

  private makeE(): object {
    const err = this.podError;
    return {
      sum: (arr: unknown) => espruinoSum(arr, err),
      variance: (arr: unknown, mean: unknown) => espruinoVariance(arr, mean, err),
      convolve: (a: unknown, b: unknown, offset: unknown) => espruinoConvolve(a, b, offset, err),
      // the serial frames' CRC (firmware/protocol/crc32.ts) and whitening (whitening.ts)
      CRC32: espruinoCrc32,
      mapInPlace: (from: unknown, to: unknown, map: unknown) => espruinoMapInPlace(from, to, map, err),
      enableWatchdog: (timeS: unknown, isAuto?: unknown) => {
        let s = Number(timeS);
        if (s < 0 || isNaN(s)) s = 1;
        this.watchdogAuto = isAuto === undefined || !!isAuto;
        // CRV cannot change while the nRF52 WDT runs: the first timeout stays
        if (this.watchdogTimeoutMs === undefined) this.watchdogTimeoutMs = s * 1000;
        this.watchdogDeadlineMs = this.clock.nowMs + this.watchdogTimeoutMs;
      },
      kickWatchdog: () => {
        if (this.watchdogTimeoutMs !== undefined) this.watchdogDeadlineMs = this.clock.nowMs + this.watchdogTimeoutMs;
      },
      getBattery: () => this.batteryPercent,
      setConsole: (device: unknown, options: unknown) => this.serial.setConsole(device, options),
      reboot: () => {
        this.rebootPending = 'E.reboot';
        throw new RebootSignal();
      },
    };
  }

  // ---------- calling pod code ----------

  /** a line typed at the console, run in the pod's global scope (E.reboot() there just reboots) */
  private evaluateConsoleLine(code: string): unknown {
    if (!this.context) return undefined;
    try {
      return vm.runInContext(code, this.context, { filename: 'console' });
    } catch (e) {
      if (e instanceof RebootSignal) return undefined;
      throw e;
    }
  }

  private runTimer(timer: PodTimer): void {
    if (typeof timer.callback === 'string') {
      const context = this.context as vm.Context;
      this.callPod('timer', () => vm.runInContext(timer.callback as string, context), []);
    } else {
      this.callPod('timer', timer.callback as Function, timer.args);
    }
  }

  private callPod(where: string, fn: Function, args: unknown[]): void {
    if (this.rebootPending) return;
    try {
      fn.apply(undefined, args);
    } catch (e) {
      this.recordCrash(where, e);
    }
  }

  private recordCrash(where: string, e: unknown): void {
    if (e instanceof RebootSignal || this.rebootPending) return;
    const isErrorLike = typeof e === 'object' && e !== null && 'message' in e;
    const message = isErrorLike ? `${(e as Error).name}: ${(e as Error).message}` : formatForConsole(e);
    const stack = isErrorLike ? (e as Error).stack : undefined;
    this.crashes.push({ tMs: this.clock.nowMs, where, message, stack });
    this.printLine('Uncaught ' + message);
  }

  private printLine(line: string): void {
    this.consoleLines.push(line);
    this.serial.consolePrint(line);
  }

  private warn(message: string): void {
    this.warnings.push(`${this.clock.nowMs.toFixed(1)} ms: ${message}`);
  }

  // ---------- pins and watches ----------

  private setPin(name: string, value: number): void {
    const old = this.pins.get(name) ?? 0;
    this.pins.set(name, value);
    this.pinChanges.push({ tMs: this.clock.nowMs, pin: name, value });
    if (old === value) return;
    const edgeMs = this.clock.nowMs;
    for (const watch of this.watches.slice()) {
      if (watch.pin !== name) continue;
      if (watch.debounceMs <= 0) this.watchEdge(watch, value, edgeMs);
      // debounce: report the new level only if it still holds debounceMs later
      else this.clock.schedule(edgeMs + watch.debounceMs, () => {
        if (this.pins.get(name) === value) this.watchEdge(watch, value, edgeMs);
      });
    }
  }

  private watchEdge(watch: Watch, state: number, edgeMs: number): void {
    if (this.watches.indexOf(watch) < 0 || watch.state === state) return;
    watch.state = state;
    const timeS = edgeMs / 1000;
    const lastTimeS = watch.lastTimeS;
    watch.lastTimeS = timeS;
    if (watch.edge !== 0 && (watch.edge > 0) !== (state === 1)) return;
    if (!watch.repeat) this.watches.splice(this.watches.indexOf(watch), 1);
    this.queuePodEvent(() => {
      const data = (this.realm ? new this.realm.Object() : {}) as Record<string, unknown>;
      data.state = state === 1;
      data.lastTime = lastTimeS;
      data.time = timeS;
      if (typeof watch.callback === 'string') {
        const context = this.context as vm.Context;
        this.callPod('watch', () => vm.runInContext(watch.callback as string, context), []);
      } else this.callPod('watch', watch.callback as Function, [data]);
    });
  }

  private setWatch(fn: unknown, pin: string | undefined, options: unknown): number | undefined {
    if (pin === undefined) {
      this.printLine('ERROR: Invalid pin');
      return undefined;
    }
    let repeat = false;
    let edge = 0;
    let debounceMs = 0;
    if (pin === 'BTN') {
      edge = 1;
      debounceMs = BUTTON_DEFAULT_DEBOUNCE_MS;
    }
    if (typeof options === 'object' && options !== null) {
      const o = options as Record<string, unknown>;
      if (o.repeat !== undefined) repeat = !!o.repeat;
      if (o.debounce !== undefined) {
        debounceMs = Number(o.debounce);
        if (isNaN(debounceMs) || debounceMs < 0) debounceMs = 0;
      }
      if (o.edge !== undefined) {
        const e = o.edge;
        if (typeof e === 'number') edge = e > 0 ? 1 : e < 0 ? -1 : 0;
        else if (e === 'rising') edge = 1;
        else if (e === 'falling') edge = -1;
        else if (e === 'both') edge = 0;
        else throw this.podError("'edge' in setWatch should be 1, -1, 0, 'rising', 'falling' or 'both'", 'TypeError');
      }
    } else {
      repeat = !!options;
    }
    if (typeof fn !== 'function' && typeof fn !== 'string') throw this.podError('Function or String not supplied!');
    const watch: Watch = { id: this.nextWatchId++, pin, callback: fn, repeat, edge, debounceMs, state: this.pins.get(pin) ?? 0, lastTimeS: undefined };
    this.watches.push(watch);
    return watch.id;
  }

  private clearWatch(argCount: number, id: unknown): void {
    if (argCount === 0) {
      this.watches = [];
      return;
    }
    if (id === undefined) throw this.podError('clearWatch(undefined) not allowed. Use clearWatch() instead');
    const i = this.watches.findIndex((w) => w.id === Number(id));
    if (i < 0) throw this.podError(`Unknown Watch ${String(id)}`);
    this.watches.splice(i, 1);
  }

  private digitalWrite(pin: unknown, value: unknown, pinName: (p: unknown) => string | undefined): void {
    if (Array.isArray(pin)) {
      // the last pin in the array is the least significant bit
      const v = Number(value) | 0;
      for (let i = 0; i < pin.length; i++) this.digitalWrite(pin[i], (v >> (pin.length - 1 - i)) & 1, pinName);
      return;
    }
    const name = pinName(pin);
    if (name === undefined) throw this.podError('Invalid pin', 'TypeError');
    this.setPin(name, value ? 1 : 0);
  }

  private digitalRead(pin: unknown, pinName: (p: unknown) => string | undefined): number {
    if (Array.isArray(pin)) {
      let v = 0;
      for (const p of pin) v = (v << 1) | this.digitalRead(p, pinName);
      return v;
    }
    const name = pinName(pin);
    if (name === undefined) throw this.podError('Invalid pin', 'TypeError');
    if (name === ADAPTER_WIRING.podRxPin && this.serial.adapterAttached) return this.adapterHeldLow() ? 0 : 1;
    return this.pins.get(name) ?? 0;
  }

  /** a weak adapter's TX loses to the pod's pull-down on its RX */
  private adapterHeldLow(): boolean {
    return (this.options.serialAdapterWeak ?? false) && this.pinModes.get(ADAPTER_WIRING.podRxPin) === 'input_pulldown';
  }

  /**
   * pinMode: the mode is checked as Espruino does (src/jswrap_io.c); a pin's level here is what
   * drives it from outside (the button, the adapter), which a pull resistor does not override
   */
  private pinMode(name: string | undefined, mode: unknown): void {
    if (name === undefined) throw this.podError('Invalid pin', 'TypeError');
    if (mode === undefined || mode === 'auto') return;
    if (typeof mode !== 'string' || PIN_MODES.indexOf(mode) < 0) throw this.podError('Unknown pin mode');
    this.pinModes.set(name, mode);
  }

  /** the pin takes `value` now and toggles after each time (ms): timed by hardware, not by JS timers */
  private digitalPulse(name: string | undefined, value: unknown, time: unknown): void {
    if (name === undefined) throw this.podError('Invalid pin', 'TypeError');
    const times = Array.isArray(time) ? time.map(Number) : [Number(time)];
    let level = value ? 1 : 0;
    let atMs = this.clock.nowMs;
    this.setPin(name, level);
    for (const t of times) {
      if (!(t > 0)) continue;
      atMs += t;
      level = level ? 0 : 1;
      const l = level;
      this.clock.schedule(atMs, () => this.setPin(name, l));
    }
  }
}

/** roughly how Espruino prints a value: strings raw, the rest as JSON where possible */
function formatForConsole(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'function') return '[function]';
  if (typeof v === 'object' && v !== null) {
    if (ArrayBuffer.isView(v) && !(Object.prototype.toString.call(v) === '[object DataView]')) {
      return `new ${Object.prototype.toString.call(v).slice(8, -1)}([${Array.prototype.join.call(v, ', ')}])`;
    }
    try {
      return JSON.stringify(v);
    } catch {
      return String(v);
    }
  }
  return String(v);
}
