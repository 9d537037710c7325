// The Espruino JavaScript console (REPL) of the simulated pod, as far as flashing needs it
// (src/jsinteractive.c): characters from the console device build a line; Enter runs it in the
// pod's global scope once its brackets and strings are closed, prints "=<result>" and a ">"
// prompt. DLE (0x10) turns echo off for the line it is in (how the espruino tools
// send code), ESC LF (Alt-Enter) is a newline that does not run, Ctrl-C (0x03) drops the line,
// backspace deletes. Plus the console built-ins the tools and `lumbarpod flash` call and the
// firmware never does: reset(), load(), echo(), setTime(), process.env (E.CRC32, which the
// firmware frames with, is the simulator's own E; espruinoCrc32 here).
//
// And the boot code: at a reset Espruino runs the program saved in Storage as ".bootcde" (what
// the espruino tools write with "Save on Send: direct to flash"); the simulator's bundleSource
// stands for what was flashed before the pod reached us, used while no ".bootcde" exists.
//
// Echo: a line is echoed when Enter runs it, not key by key as on the pod, so a byte typed without
// Enter prints nothing (the same bytes in the end for a whole line; the tools send their code
// with echo off anyway).
// Not modelled: cursor keys and line editing, tab completion, the debugger, the input buffer
// size and XON/XOFF, Espruino's own parser (V8 runs the line: ES2015+ typed at the console works
// here and would not on the pod), the line erase ("\b \b") before output printed at a prompt.
import { isPretokenised, untokenise } from '../flash/espruinoPretokenise';
import { SimStorage } from './simStorage';

/** Storage file Espruino runs at boot (jsiLoadBootCode: ".bootcde") */
export const BOOT_CODE_FILE = '.bootcde';
/** what process.env says about the simulated pod (a Puck.js v2 on Espruino 2v29, whose modules the bundle needs) */
export const SIM_PROCESS_ENV = { VERSION: '2v29', BOARD: 'PUCKJS', MODULES: 'Storage' };

const CTRL_C = 0x03;
const BACKSPACE = 0x08;
const DLE = 0x10;
const ESC = 0x1b;
const DEL = 0x7f;
const LF = 0x0a;
const CR = 0x0d;

export interface SimConsoleHost {
  /** raw console output (echo, "=result", prompt) on the console device */
  write(text: string): void;
  /** runs `code` in the pod's global scope and returns its completion value; throws what it throws */
  evaluate(code: string): unknown;
  /** a global of the running pod, and setting one */
  getGlobal(name: string): unknown;
  setGlobal(name: string, value: unknown): void;
  /** reset(): the interpreter restarts empty; load(): it restarts and runs the boot code */
  restart(runBootCode: boolean): void;
  /** setTime(s): the pod's clock is set to s since 1970 */
  setTimeS?(timeS: number): void;
  /** the console device's name, as process.env.CONSOLE says it ("Serial1", "Bluetooth", ...) */
  consoleDevice?(): string;
}

/**
 * the code a boot runs: Storage ".bootcde" when there is one, else the pod's original bundle. Espruino
 * reads pretokenised code as it is (each byte from 0x80 up a token); Node's parser needs it spelt out.
 */
export function bootCode(storage: SimStorage, bundleSource: string): string {
  const code = storage.read(BOOT_CODE_FILE) ?? bundleSource;
  return isPretokenised(code) ? untokenise(code) : code;
}

/** CRC-32 (ISO-HDLC, the zlib one), as E.CRC32 computes it over a string or bytes */
export function crc32(data: ArrayLike<number> | string): number {
  let crc = 0xffffffff;
  for (let i = 0; i < data.length; i++) {
    crc ^= (typeof data === 'string' ? data.charCodeAt(i) : Number(data[i])) & 0xff;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

/** E.CRC32 as the pod runs it: a string, an ArrayBuffer or the elements of an array or view (a subarray covers only its own bytes) */
export function espruinoCrc32(data: unknown): number {
  if (typeof data === 'string') return crc32(data);
  if (data instanceof ArrayBuffer || Object.prototype.toString.call(data) === '[object ArrayBuffer]') return crc32(new Uint8Array(data as ArrayBuffer));
  if (ArrayBuffer.isView(data) || Array.isArray(data)) return crc32(data as unknown as ArrayLike<number>);
  return crc32(String(data));
}

/** bracket depth > 0 or an open string or comment: Enter adds a newline instead of running */
export function lineIsOpen(code: string): boolean {
  let depth = 0;
  let quote = '';
  let comment = '';
  for (let i = 0; i < code.length; i++) {
    const ch = code[i];
    if (comment === '//') {
      if (ch === '\n') comment = '';
      continue;
    }
    if (comment === '/*') {
      if (ch === '*' && code[i + 1] === '/') {
        comment = '';
        i++;
      }
      continue;
    }
    if (quote !== '') {
      if (ch === '\\') i++;
      else if (ch === quote) quote = '';
      continue;
    }
    if (ch === '"' || ch === "'" || ch === '`') quote = ch;
    else if (ch === '/' && (code[i + 1] === '/' || code[i + 1] === '*')) {
      comment = code[i + 1] === '/' ? '//' : '/*';
      i++;
    } else if (ch === '(' || ch === '[' || ch === '{') depth++;
    else if (ch === ')' || ch === ']' || ch === '}') depth--;
  }
  return depth > 0 || quote !== '' || comment === '/*';
}

/** how the console prints a result after "=" */
function formatResult(v: unknown): string {
  if (v === undefined) return 'undefined';
  if (typeof v === 'function') return 'function () { [native code] }';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'object' && v !== null) {
    try {
      return JSON.stringify(v);
    } catch (e) {
      return String(v);
    }
  }
  return String(v);
}

export class SimConsole {
  /** the line being typed */
  private line = '';
  private echoOffForLine = false;
  private echoOn = true;
  private afterEsc = false;
  private afterCr = false;
  /** every line run, in order (tests read what the host sent) */
  readonly linesRun: string[] = [];

  constructor(private readonly host: SimConsoleHost) {}

  /** the interpreter restarted: the line and echo state go (Espruino's jsiSoftInit) */
  restart(): void {
    this.line = '';
    this.echoOffForLine = false;
    this.echoOn = true;
    this.afterEsc = false;
    this.afterCr = false;
  }

  /** the line being typed is dropped (jsiClearInputLine: a Bluetooth console's central came or went) */
  clearLine(): void {
    this.line = '';
    this.echoOffForLine = false;
    this.afterEsc = false;
    this.afterCr = false;
  }

  /** one character from the console device, in the pod's idle loop */
  input(byte: number): void {
    const lfAfterCr = this.afterCr && byte === LF;
    this.afterCr = byte === CR;
    if (this.afterEsc) {
      this.afterEsc = false;
      if (byte === LF) {
        this.line += '\n';
        return;
      }
    }
    if (lfAfterCr) return;
    if (byte === ESC) {
      this.afterEsc = true;
      return;
    }
    if (byte === CTRL_C) {
      this.line = '';
      this.echoOffForLine = false;
      return;
    }
    if (byte === DLE) {
      this.echoOffForLine = true;
      return;
    }
    if (byte === BACKSPACE || byte === DEL) {
      this.line = this.line.slice(0, -1);
      return;
    }
    if (byte === CR || byte === LF) {
      if (lineIsOpen(this.line)) {
        this.line += '\n';
        return;
      }
      this.runLine();
      return;
    }
    this.line += String.fromCharCode(byte);
  }

  private echoes(): boolean {
    return this.echoOn && !this.echoOffForLine;
  }

  private runLine(): void {
    const code = this.line;
    const echo = this.echoes();
    this.line = '';
    this.echoOffForLine = false;
    // the line is echoed when it runs, not key by key (see the header)
    if (echo) this.host.write(code.replace(/\n/g, '\r\n') + '\r\n');
    this.linesRun.push(code);
    this.installBuiltins();
    let result: unknown;
    try {
      result = code.trim() === '' ? undefined : this.host.evaluate(code);
    } catch (e) {
      const isError = typeof e === 'object' && e !== null && 'message' in e;
      this.host.write(`Uncaught ${isError ? `${(e as Error).name}: ${(e as Error).message}` : formatResult(e)}\r\n`);
      if (this.echoOn) this.host.write('>');
      return;
    }
    if (echo) this.host.write(`=${formatResult(result)}\r\n`);
    if (this.echoOn) this.host.write('>');
  }

  /** the REPL's globals the firmware does not use, added to the running pod on first use */
  private installBuiltins(): void {
    const host = this.host;
    if (host.getGlobal('load') !== undefined) return;
    host.setGlobal('reset', () => host.restart(false));
    host.setGlobal('load', () => host.restart(true));
    host.setGlobal('echo', (on: unknown) => {
      this.echoOn = !!on;
    });
    host.setGlobal('setTime', (timeS: unknown) => host.setTimeS?.(Number(timeS)));
    const env: Record<string, unknown> = { ...SIM_PROCESS_ENV };
    // where the console is now: the tools answer with eval(process.env.CONSOLE).println(...)
    Object.defineProperty(env, 'CONSOLE', { enumerable: true, get: () => (host.consoleDevice ? host.consoleDevice() : 'Serial1') });
    const processObject = (host.getGlobal('process') as Record<string, unknown> | undefined) ?? {};
    processObject.env = env;
    processObject.version = SIM_PROCESS_ENV.VERSION;
    host.setGlobal('process', processObject);
    const e = host.getGlobal('E') as Record<string, unknown> | undefined;
    if (e !== undefined && e.CRC32 === undefined) {
      e.CRC32 = espruinoCrc32;
    }
  }
}
