// Serial1 and LoopbackA stand-ins and the console device (src/jswrap_serial.c,
// src/jswrap_espruino.c E.setConsole). Bytes the pod writes reach the host at once as Buffers;
// bytes the host sends arrive one by one at the line's rate (10 bits per byte at the baud rate
// set up, 9600 before setup) and the pod's 'data' handler gets everything that has arrived by
// its next idle pass as one string of char codes, as Espruino joins queued serial events.
//
// The host's USB-serial adapter is wired to the Puck's console pins (ADAPTER_WIRING): bytes reach
// it only from a Serial1 set up with its TX on D28, and reach the pod only with RX on D29.
//
// While Serial1 is the console (the Puck's default when its RX pin is pulled up at boot), incoming bytes
// go to the REPL, not to 'data', and everything the pod prints goes out on Serial1 too: a
// firmware that forgets E.setConsole mixes text into its binary stream, as a real pod would.
// Not modelled: Espruino's input buffer overflow (bytes lost when the pod stalls for long),
// flow control. The REPL is simConsole.ts, fed through onConsoleByte.
// While Bluetooth is the console, console output goes to onBluetoothConsole (the Nordic UART,
// simNrf.ts); the console moves there when a central connects and back to the boot console
// when it leaves, unless E.setConsole forced it.
import { PodErrorFactory, hostErrorFactory } from './virtualClock';

export type ConsoleDevice = 'Serial1' | 'LoopbackA' | 'Bluetooth' | 'null';

/** Espruino's default console baud rate and the rate before Serial1.setup */
export const ESPRUINO_DEFAULT_BAUD = 9600;
/**
 * Where the adapter's wires meet the simulated Puck: the pod's TX and RX pins, as Espruino's
 * boards/PUCKJS.py puts its console (USART1_TX D28, USART1_RX D29).
 */
export const ADAPTER_WIRING = { podTxPin: 'D28', podRxPin: 'D29' };

/** start + 8 data + stop */
const BITS_PER_BYTE = 10;

export interface SimSerialHost {
  nowMs(): number;
  /** run `run` at a later virtual time (a hardware event) */
  schedule(atMs: number, run: () => void): void;
  /** queue a callback for the pod's next idle pass */
  queuePodEvent(run: () => void): void;
  callPod(fn: Function, args: unknown[]): void;
  warn(message: string): void;
  podError?: PodErrorFactory;
}

export interface SerialChunk {
  tMs: number;
  bytes: Buffer;
}

export class SimSerial {
  baud: number | undefined;
  setupOptions: unknown;
  /** the adapter is on the pod's pins: without it, what the pod sends goes nowhere and the host reaches nothing */
  adapterAttached = true;
  /** Serial1 transmits on the pin the adapter listens to */
  private txOnAdapter = true;
  /** Serial1 receives on the pin the adapter drives */
  private rxOnAdapter = true;
  private miswiredWarned = false;
  console: ConsoleDevice = 'Bluetooth';
  consoleForced = false;
  /** bytes the REPL got while Serial1 was the console */
  readonly consoleInput: number[] = [];
  /** console output while Bluetooth is the console (the simulator's Nordic UART TX) */
  onBluetoothConsole: ((bytes: Buffer) => void) | undefined;
  /** the console at boot, where it goes back when a Bluetooth console's central leaves */
  private bootConsole: ConsoleDevice = 'Bluetooth';
  /** each console byte as it arrives (the simulator's REPL, simConsole.ts) */
  onConsoleByte: ((byte: number) => void) | undefined;
  /** every chunk the pod wrote that reached the adapter, in order */
  readonly written: SerialChunk[] = [];
  private readonly listeners: ((bytes: Buffer, tMs: number) => void)[] = [];
  private handlers: Function[] = [];
  private arrived: number[] = [];
  private deliveryQueued = false;
  private lineFreeAtMs = 0;
  readonly serial1: Record<string, unknown>;
  readonly loopbackA: Record<string, unknown>;
  private readonly podError: PodErrorFactory;

  constructor(private readonly host: SimSerialHost) {
    this.podError = host.podError ?? hostErrorFactory;
    this.serial1 = this.makeSerial1();
    this.loopbackA = { write: () => undefined, on: () => undefined };
  }

  /** at every boot: Serial1 is the console (set up at 9600) only when its RX pin was pulled up */
  boot(serialConsoleAtBoot: boolean): void {
    this.handlers = [];
    // bytes that had arrived and waited for the old boot's idle pass went with its RAM; the
    // delivery it had queued went with its event queue, so the next byte queues one anew
    this.arrived = [];
    this.deliveryQueued = false;
    this.setupOptions = undefined;
    this.txOnAdapter = true;
    this.rxOnAdapter = true;
    this.miswiredWarned = false;
    this.console = serialConsoleAtBoot ? 'Serial1' : 'Bluetooth';
    this.bootConsole = this.console;
    this.baud = serialConsoleAtBoot ? ESPRUINO_DEFAULT_BAUD : undefined;
    this.consoleForced = false;
  }

  /** the host's side of the wire: bytes the pod sends */
  onData(listener: (bytes: Buffer, tMs: number) => void): void {
    this.listeners.push(listener);
  }

  /** the pod's virtual time by which every byte the host has sent so far has arrived, ms */
  get hostBytesArriveByMs(): number {
    return this.lineFreeAtMs;
  }

  /** the host sends bytes to the pod; they arrive at the line rate from now on */
  hostWrite(bytes: ArrayLike<number>): void {
    if (!this.adapterAttached) return;
    const byteMs = (BITS_PER_BYTE * 1000) / (this.baud ?? ESPRUINO_DEFAULT_BAUD);
    let atMs = Math.max(this.host.nowMs(), this.lineFreeAtMs);
    for (let i = 0; i < bytes.length; i++) {
      atMs += byteMs;
      const byte = bytes[i] & 0xff;
      this.host.schedule(atMs, () => this.byteArrived(byte));
    }
    this.lineFreeAtMs = atMs;
  }

  /** E.setConsole(device, {force}) */
  setConsole(device: unknown, options: unknown): void {
    let name: ConsoleDevice | undefined;
    if (device === null) name = 'null';
    else if (device === this.serial1 || device === 'Serial1') name = 'Serial1';
    else if (device === this.loopbackA || device === 'LoopbackA') name = 'LoopbackA';
    else if (device === 'Bluetooth') name = 'Bluetooth';
    if (name === undefined) throw this.podError(`Unknown device type ${String(device)}`);
    this.console = name;
    this.consoleForced = !!(options && (options as { force?: unknown }).force);
  }

  /** a central connected to (true) or left (false) the Nordic UART: an unforced console follows it */
  bluetoothLink(connected: boolean): void {
    if (this.consoleForced) return;
    if (connected) this.console = 'Bluetooth';
    else if (this.console === 'Bluetooth') this.console = this.bootConsole;
  }

  /** a line the pod prints (print, console.log, uncaught errors) on whatever is the console */
  consolePrint(line: string): void {
    this.consoleWrite(line.replace(/\n/g, '\r\n') + '\r\n');
  }

  /** raw console output (REPL echo and prompt) on whatever is the console */
  consoleWrite(text: string): void {
    if (this.console === 'Serial1') this.emit(textBytes(text));
    else if (this.console === 'Bluetooth' && this.onBluetoothConsole) this.onBluetoothConsole(textBytes(text));
  }

  private makeSerial1(): Record<string, unknown> {
    return {
      setup: (baud?: unknown, options?: unknown) => {
        const b = baud === undefined ? ESPRUINO_DEFAULT_BAUD : Number(baud);
        if (!(b > 0)) throw this.podError(`Invalid baud rate ${String(baud)}`);
        this.baud = b;
        this.setupOptions = options;
        // no options: Espruino's default pins, the console's; options name each direction wanted
        const pins = options as { tx?: unknown; rx?: unknown } | undefined;
        this.txOnAdapter = pins === undefined || (pins.tx !== undefined && String(pins.tx) === ADAPTER_WIRING.podTxPin);
        this.rxOnAdapter = pins === undefined || (pins.rx !== undefined && String(pins.rx) === ADAPTER_WIRING.podRxPin);
      },
      write: (...items: unknown[]) => {
        const bytes: number[] = [];
        for (const item of items) this.collect(item, bytes);
        if (this.baud === undefined) {
          this.host.warn(`Serial1.write of ${bytes.length} bytes before Serial1.setup: nothing leaves the pod`);
          return;
        }
        if (!this.txOnAdapter) {
          this.warnMiswired();
          return;
        }
        this.emit(Buffer.from(bytes));
      },
      on: (event: unknown, handler: unknown) => {
        if (event === 'data' && typeof handler === 'function') this.handlers.push(handler);
      },
    };
  }

  private warnMiswired(): void {
    if (this.miswiredWarned) return;
    this.miswiredWarned = true;
    const pins = this.setupOptions as { tx?: unknown; rx?: unknown };
    this.host.warn(`Serial1 is set up with TX ${String(pins.tx)} and RX ${String(pins.rx)}, but the adapter is wired to TX ${ADAPTER_WIRING.podTxPin} and RX ${ADAPTER_WIRING.podRxPin}: nothing passes between the pod and the host`);
  }

  private emit(bytes: Buffer): void {
    if (bytes.length === 0 || !this.adapterAttached) return;
    const tMs = this.host.nowMs();
    this.written.push({ tMs, bytes });
    for (const listener of this.listeners) listener(Buffer.from(bytes), tMs);
  }

  private byteArrived(byte: number): void {
    if (this.console === 'Serial1') {
      this.consoleInput.push(byte);
      if (this.onConsoleByte) this.onConsoleByte(byte);
      return;
    }
    if (this.baud === undefined) return; // UART not running: the byte is lost
    if (!this.rxOnAdapter) {
      this.warnMiswired();
      return;
    }
    this.arrived.push(byte);
    if (this.deliveryQueued) return;
    this.deliveryQueued = true;
    this.host.queuePodEvent(() => {
      this.deliveryQueued = false;
      const text = charCodesToString(this.arrived);
      this.arrived = [];
      for (const h of this.handlers.slice()) this.host.callPod(h, [text]);
    });
  }

  /** Serial.write's argument walk (jsvIterateCallback): strings, numbers, arrays, typed arrays */
  private collect(item: unknown, out: number[]): void {
    if (typeof item === 'string') for (let i = 0; i < item.length; i++) out.push(item.charCodeAt(i) & 0xff);
    else if (typeof item === 'number') out.push(item & 0xff);
    else if (typeof item === 'boolean') out.push(item ? 1 : 0);
    else if (ArrayBuffer.isView(item)) {
      const view = item as ArrayBufferView;
      if (view instanceof DataView || Object.prototype.toString.call(view) === '[object DataView]') {
        const b = new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
        for (let i = 0; i < b.length; i++) out.push(b[i]);
      } else {
        const values = view as unknown as ArrayLike<number>;
        for (let i = 0; i < values.length; i++) out.push(Number(values[i]) & 0xff);
      }
    } else if (Object.prototype.toString.call(item) === '[object ArrayBuffer]') {
      const b = new Uint8Array(item as ArrayBuffer);
      for (let i = 0; i < b.length; i++) out.push(b[i]);
    } else if (Array.isArray(item)) for (const v of item) this.collect(v, out);
    else if (item !== undefined && item !== null) this.collect(String(item), out);
  }
}

function textBytes(text: string): Buffer {
  return Buffer.from(Array.from(text, (ch) => ch.charCodeAt(0) & 0xff));
}

/** a string of char codes, in slices (a spread of a long array overflows the call stack) */
function charCodesToString(codes: ArrayLike<number>): string {
  let text = '';
  for (let i = 0; i < codes.length; i += 8192) text += String.fromCharCode.apply(null, Array.prototype.slice.call(codes, i, i + 8192) as number[]);
  return text;
}
