// Script of device.bench.ts's firmware runs: the Puck.js v2 firmware bundle
// (dist/lumbarpod-puckjs2.min.js) after a prelude of Puck stand-ins, run in a Linux build of the
// Espruino interpreter under callgrind (espruinoCallgrind.ts). The stand-ins are those of the
// end-to-end test (test/e2e/espruinoPuckPrelude.ts: LEDs, button, battery, console, NRF), with
// four changes that make them fit for counting instructions:
// - the FIFO: the recording (FIFO order, gyro first) is cut at load time into one flat
//   Uint8Array per burst, in a linked chain, and Puck.accelRd(FIFO_DATA_OUT_L, n) hands over the
//   next one (the real accelRd returns a fresh Uint8Array too). The cost of a read does not depend
//   on the position in the recording, and fed bursts are released.
// - the 'accel' event: the firmware's Puck.on('accel') is Espruino's own, and the feeder (standing
//   in for the Puck's idle loop seeing INT1 high) queues the event with Puck.emit, so the
//   interpreter's event queue and dispatch run as on the pod. The feeder is itself an event it
//   queues right after 'accel', so the next burst comes when the firmware's handler has returned,
//   with no timer and nothing that depends on wall time. A burst's size is the watermark the
//   firmware writes to FIFO_CTRL1/2 through Puck.accelWr.
// - Serial1.write only counts bytes and writes: the firmware's framing runs, the stand-in's
//   printing does not.
// - the firmware's 1 s tick (setInterval(..., 1000): watchdog, status) runs once per second of
//   samples fed, not of wall time, which callgrind stretches.
// Marks (E.getAddressOf(0)) before burst `shortBursts` and before burst `longBursts` divide the
// run into parts: 0 parsing, boot and the first bursts, 1 the bursts measured, 2 the rest.
//
// The harness's own globals start with two underscores: the firmware runs at the interpreter's
// top level (scripts/bundleTopLevel.ts), where its names of one or two characters are globals too.
//
// fromStorage (firmwareBenchScripts): the bundle and the recording are first written to Storage
// by setup scripts run in the same directory, and the script evaluates the bundle from Storage,
// as the pod runs its .bootcde, and reads each burst from there. For an interpreter with too
// little RAM for the recording and the bundle's text, such as one with the Puck's variables.
import { nrfStandin, puckBoardStandins } from '../e2e/espruinoPuckPrelude';

const MARK = 'E.getAddressOf(0);';
/** bursts per base64 chunk, each chunk under 64 KB decoded (a view's byteOffset must stay below 65536) */
const CHUNK_MAX_BYTES = 60000;

export interface FirmwareBenchPlan {
  /** the recording in FIFO order: gx gy gz ax ay az counts per sample */
  fifo: Int16Array;
  /** the rate the firmware must start the IMU at (its config says so) */
  rateHz: number;
  /** samples per burst: the watermark the firmware sets at this rate (checked against its FIFO_CTRL1/2 writes) */
  burstSamples: number;
  /** bursts before the first mark, and before the second */
  shortBursts: number;
  longBursts: number;
  /** bursts per second of samples: the firmware's 1 s tick runs once per this many */
  burstsPerTick: number;
  /** a serial adapter on the pod's pins (the firmware then sets up Serial1 and streams) */
  serialAdapterAttached: boolean;
  /** a BLE central connected from boot (the firmware then notifies steps, which the stand-in drops) */
  bleConnected: boolean;
  /** 'lpconfig.json' written to Storage before boot, or null: none (the defaults) */
  config: object | null;
  /** serial frames (base64) handed to the firmware's Serial1 data handler before the first burst, or '' */
  commandsAtStart: string;
  /**
   * the bundle, or null: the harness alone, with a handler that reads the FIFO as the firmware
   * does (status, then the burst) and nothing else, to see what the stand-ins cost
   */
  bundle: string | null;
  /**
   * measure RAM at the deepest point instead (not for counting instructions: each probe collects
   * garbage): process.memory() at every Serial1.write, which the firmware makes from inside the
   * step and summary callbacks, with the recording still waiting to be fed left out
   */
  memoryProbe?: boolean;
  /** with memoryProbe: E.dumpVariables() at the end, between DUMP_START and DUMP_END lines, for linuxHeapDump */
  dumpVariables?: boolean;
  /** bundle and recording in Storage, written by setup scripts (firmwareBenchScripts) */
  fromStorage?: boolean;
}

/** the scripts of a run: each setup script in turn, in the same directory (so the same Storage), then the run's */
export interface FirmwareBenchScripts {
  setup: string[];
  main: string;
}

/** the Storage files of a fromStorage run */
const RECORDING_FILE = 'benchrec';
const BUNDLE_FILE = 'benchfw.js';
/** bytes of a file written by one Storage.write of a setup script, and writes per script: the script's text stays well inside 2,000 blocks */
const STORAGE_WRITE_BYTES = 4096;
const STORAGE_WRITES_PER_SCRIPT = 3;
/** what each setup script prints when its writes are done */
export const SETUP_DONE = 'SETUP_DONE';

/** setup scripts that write `bytes` to Storage file `name` in pieces (Storage.write with an offset and the whole size) */
function storageWriteScripts(name: string, bytes: Uint8Array): string[] {
  const writes: string[] = [];
  for (let at = 0; at < bytes.length; at += STORAGE_WRITE_BYTES) {
    const piece = Buffer.from(bytes.buffer, bytes.byteOffset + at, Math.min(STORAGE_WRITE_BYTES, bytes.length - at)).toString('base64');
    writes.push(`require("Storage").write(${JSON.stringify(name)}, atob("${piece}"), ${at}, ${bytes.length});`);
  }
  const scripts: string[] = [];
  for (let k = 0; k < writes.length; k += STORAGE_WRITES_PER_SCRIPT) {
    scripts.push(`${writes.slice(k, k + STORAGE_WRITES_PER_SCRIPT).join('\n')}\nprint("${SETUP_DONE}");\n`);
  }
  return scripts;
}

export const DUMP_START = 'DUMP<';
export const DUMP_END = 'DUMP>';

/** characters of a name in its first block, and in each block after it (JSVAR_DATA_STRING_NAME_LEN and JSVAR_DATA_STRING_MAX_LEN, src/jsutils.h) */
const LINUX64_NAME_CHARS = { first: 8, more: 21 };
const PUCK_NAME_CHARS = { first: 4, more: 9 };

function nameBlocks(chars: number, layout: { first: number; more: number }): number {
  return chars <= layout.first ? 1 : 1 + Math.ceil((chars - layout.first) / layout.more);
}

/** what a heap dump says about the firmware's RAM beyond process.memory()'s count */
export interface LinuxHeap {
  /** functions holding code, and the blocks of that code's text */
  functions: number;
  blocks: number;
  /** blocks the names (variables, properties, parameters) would take more on the Puck, whose first block holds 4 characters, not 8 */
  puckNameExtraBlocks: number;
}

/**
 * From E.dumpVariables() output (lines `ref,size,flags,name,links...`): the function code the
 * Linux build holds as strings in RAM (each function's "\\xFFcod" child and the blocks of the
 * string it links to; the Puck runs its code from Storage, where each is one block pointing into
 * flash, jsvNewNativeString, whatever the code's length or encoding), and what its names would
 * take more on the Puck.
 */
export function linuxHeapDump(output: string): LinuxHeap {
  const start = output.indexOf(DUMP_START);
  const end = output.indexOf(DUMP_END, start);
  if (start < 0 || end < 0) throw new Error('no E.dumpVariables() output');
  const sizes = new Map<number, number>();
  const codeRefs: number[] = [];
  let puckNameExtraBlocks = 0;
  for (const line of output.slice(start, end).split('\n')) {
    const v = /^(\d+),(\d+),\d+,(?:"((?:[^"\\]|\\.)*)",(\d+)?)?/.exec(line);
    if (v === null) continue;
    sizes.set(Number(v[1]), Number(v[2]));
    if (v[3] === undefined) continue;
    if (v[3] === '\\xFFcod' && v[4] !== undefined) codeRefs.push(Number(v[4]));
    const chars = v[3].replace(/\\x[0-9A-Fa-f]{2}|\\./g, '.').length;
    puckNameExtraBlocks += nameBlocks(chars, PUCK_NAME_CHARS) - nameBlocks(chars, LINUX64_NAME_CHARS);
  }
  let blocks = 0;
  for (const ref of codeRefs) {
    const size = sizes.get(ref);
    if (size === undefined) throw new Error(`function code ${ref} not in the dump`);
    blocks += size;
  }
  return { functions: codeRefs.length, blocks, puckNameExtraBlocks };
}

/** what the script prints at the end (all bursts fed) */
export interface FirmwareBenchReport {
  /** process.memory() at the end: blocks in use after a garbage collection, their size, total on this build */
  memEnd: number;
  /** with memoryProbe: the most blocks in use at a Serial1.write after the first burst (0 without) */
  memPeak: number;
  blocksize: number;
  total: number;
  /** the watermark the firmware wrote (samples) */
  watermarkSamples: number;
  bursts: number;
  /** Serial1 bytes and writes by the first mark, by the second, and in all */
  serialBytes: number[];
  serialWrites: number[];
  /** firmware ticks run */
  ticks: number;
}

/** the script of a run with the bundle and the recording inside it (plan.fromStorage unset) */
export function firmwareBenchScript(plan: FirmwareBenchPlan): string {
  if (plan.fromStorage) throw new Error('a fromStorage plan needs its setup scripts: firmwareBenchScripts');
  return firmwareBenchScripts(plan).main;
}

export function firmwareBenchScripts(plan: FirmwareBenchPlan): FirmwareBenchScripts {
  const burstBytes = plan.burstSamples * 12;
  const bursts = Math.floor((plan.fifo.length * 2) / burstBytes);
  if (plan.longBursts > bursts || plan.shortBursts >= plan.longBursts) {
    throw new Error(`firmware bench plan: ${plan.shortBursts} < ${plan.longBursts} <= ${bursts} bursts does not hold`);
  }
  if (plan.fromStorage) {
    const fed = new Uint8Array(plan.fifo.buffer, plan.fifo.byteOffset, bursts * burstBytes);
    const setup = storageWriteScripts(RECORDING_FILE, fed);
    if (plan.bundle !== null) setup.push(...storageWriteScripts(BUNDLE_FILE, new Uint8Array(Buffer.from(plan.bundle, 'latin1'))));
    return { setup, main: benchMainScript(plan, burstBytes, bursts, null) };
  }
  const perChunk = Math.max(1, Math.floor(CHUNK_MAX_BYTES / burstBytes));
  const chunks: string[] = [];
  for (let first = 0; first < bursts; first += perChunk) {
    const last = Math.min(bursts, first + perChunk);
    const words = plan.fifo.subarray((first * burstBytes) / 2, (last * burstBytes) / 2);
    chunks.push(Buffer.from(words.buffer, words.byteOffset, words.byteLength).toString('base64'));
  }
  return { setup: [], main: benchMainScript(plan, burstBytes, bursts, chunks) };
}

/** the run's script: fed from `chunks` (base64 of the bursts in order) or, when null, from Storage */
function benchMainScript(plan: FirmwareBenchPlan, burstBytes: number, bursts: number, chunks: string[] | null): string {
  const config = plan.config === null ? '' : `require("Storage").writeJSON("lpconfig.json", ${JSON.stringify(plan.config)});`;
  // without the firmware: the reads its handler makes per event, nothing more
  const harnessOnly = plan.bundle === null
    ? 'Puck.accelWr(6, ' + ((plan.burstSamples * 6) & 0xff) + '); Puck.accelWr(7, ' + (((plan.burstSamples * 6) >> 8) & 7) + ');\n' +
      'Puck.on("accel", function () { var s = Puck.accelRd(0x3A, 4), w = s[0] | ((s[1] & 7) << 8); Puck.accelRd(0x3E, ((w / 6) | 0) * 12); });\n' +
      'global.setInterval(function () {}, 1000);'
    : chunks === null ? `eval(require("Storage").read(${JSON.stringify(BUNDLE_FILE)}));` : plan.bundle;
  // the bursts: a chain of arrays made at load time, or read from Storage when the firmware asks (a fresh array each, as the real accelRd gives)
  const load = chunks === null ? `var __ST = require("Storage");` : `(function () {
  var D = ${JSON.stringify(chunks)}, T = null, k, j, A, b, c;
  for (k = 0; k < D.length; k++) {
    A = new Uint8Array(E.toArrayBuffer(atob(D[k]))); D[k] = undefined;
    for (j = 0; j < A.length; j += ${burstBytes}) {
      b = new Uint8Array(${burstBytes}); b.set(A.subarray(j, j + ${burstBytes})); c = { b: b, n: null };
      if (T) T.n = c; else __Q = c;
      T = c;
    }
  }
})();`;
  const fedAll = chunks === null ? `__K === ${bursts}` : '__Q === null';
  const feed = chunks === null
    ? `BUF = E.toUint8Array(__ST.read(${JSON.stringify(RECORDING_FILE)}, __K * ${burstBytes}, ${burstBytes}));`
    : 'BUF = __Q.b; __Q = __Q.n;';
  return `${puckBoardStandins(plan.serialAdapterAttached)}
${nrfStandin(plan.bleConnected)}
${config}
var __MP = 0, __Q = null, BUF = null, WAIT = 0, __WM = 0, __SB = 0, __SW = 0, __K = 0, __TK = null, __TN = 0, __M1 = null, __M2 = null;
${load}
var Puck = {
  accelOn: function (hz) { if (hz !== ${plan.rateHz}) throw new Error("accelOn rate " + hz + ", expected ${plan.rateHz}"); },
  accelOff: function () {},
  accelWr: function (reg, v) { if (reg === 6) __WM = (__WM & 0x700) | v; else if (reg === 7) __WM = (__WM & 0xff) | ((v & 7) << 8); },
  accelRd: function (reg, count) {
    var out;
    if (reg === 0x3A) { out = new Uint8Array(count); out[0] = WAIT & 255; out[1] = (WAIT >> 8) & 7; return out; }
    if (reg !== 0x3E || BUF === null || count !== BUF.length) throw new Error("accelRd " + reg + " " + count);
    out = BUF; BUF = null; WAIT = 0;
    return out;
  }
};
var __SH = null;
Serial1 = {
  setup: function () {},
  write: function (data) { ${plan.memoryProbe ? 'if (__K) { var u = process.memory().usage - (__Q ? E.getSizeOf(__Q) : 0); if (u > __MP) __MP = u; } ' : ''}__SB += data.length; __SW++; },
  on: function (event, handler) { if (event === "data") __SH = handler; }
};
var nativeSetInterval = setInterval;
global.setInterval = function (f, ms) { if (ms === 1000 && __TK === null) { __TK = f; return 0; } return nativeSetInterval(f, ms); };
var __EV = { acc: { x: 0, y: 0, z: 0 }, gyro: { x: 0, y: 0, z: 0 } };
var __H = {};
__H.on("next", function () {
  if (${fedAll}) {
    var m = process.memory();${plan.dumpVariables ? `
    print("${DUMP_START}"); E.dumpVariables(); print("${DUMP_END}");` : ''}
    print("R" + JSON.stringify({ memEnd: m.usage, memPeak: __MP, blocksize: m.blocksize, total: m.total, watermarkSamples: __WM / 6, bursts: __K,
      serialBytes: [__M1[0], __M2[0], __SB], serialWrites: [__M1[1], __M2[1], __SW], ticks: __TN }));
    quit();
    return;
  }
  if (WAIT) throw new Error("burst " + __K + " was not read");
  if (__K === ${plan.shortBursts}) { ${MARK}__M1 = [__SB, __SW]; }
  if (__K === ${plan.longBursts}) { ${MARK}__M2 = [__SB, __SW]; }
  if (__WM !== ${plan.burstSamples * 6}) throw new Error("watermark " + __WM + " words, expected ${plan.burstSamples * 6}");
  ${feed} WAIT = ${plan.burstSamples * 6}; __K++;
  if (__K % ${plan.burstsPerTick} === 0 && __TK !== null) { __TN++; __TK(); }
  Puck.emit("accel", __EV);
  __H.emit("next");
});
setTimeout(function () { if (${JSON.stringify(plan.commandsAtStart)} && __SH) __SH(atob(${JSON.stringify(plan.commandsAtStart)})); __H.emit("next"); }, 10);
${harnessOnly}
`;
}
