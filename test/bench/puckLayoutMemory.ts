// The device bench's RAM measured rather than estimated: the firmware runs in a Linux build of the
// interpreter whose variables are laid out as on the Puck (32-bit ARM, a fixed count of at most
// 4,095 variables, so 12-bit references and 13-byte blocks whose names hold 4 characters), under
// QEMU's user-mode emulator. The bundle and the recording are in Storage (firmwareBenchScripts,
// fromStorage), so each function's code is one block pointing into flash, as on the pod, and
// neither takes RAM. The stand-ins' own blocks are measured with the harness alone and taken out;
// what the interpreter holds with nothing loaded is kept, as in the estimate.
//
// Env: ESPRUINO_PUCK_LAYOUT_BIN, such an interpreter built outside the project (as ESPRUINO_BIN,
// ../shared/espruino-facts.md 6: the LINUX board with a fixed variable count, cross-compiled for
// armhf); QEMU_ARM, QEMU_LD_PREFIX as for qemuCount.ts.
import { binaryProblem, espruinoRun, EspruinoRunResult } from '../e2e/espruinoRun';
import { FirmwareBenchPlan, firmwareBenchScripts, FirmwareBenchReport, SETUP_DONE } from './espruinoFirmwareBench';
import { qemuCommand } from './qemuCount';

/** the Puck.js v2's variables and block size (espruino-facts.md 4) */
export const PUCK_JSVARS = 2630;
export const PUCK_BLOCK_BYTES = 13;
/** 12-bit references: JSVAR_CACHE_SIZE from 2,048 to 4,095 (src/jsutils.h) */
const TWELVE_BIT_MIN_VARS = 2048;
const TWELVE_BIT_MAX_VARS = 4095;

interface MemoryNow {
  usage: number;
  total: number;
  blocksize: number;
}

function memoryNow(result: EspruinoRunResult, what: string): MemoryNow {
  const line = result.lines.find((l) => l.startsWith('M{'));
  if (line === undefined) throw new Error(`${what} printed no memory:\n${result.raw.slice(-1000)}`);
  return JSON.parse(line.slice(1)) as MemoryNow;
}

/** the interpreter with nothing loaded: its root and built-in objects, and the layout it was built with */
function emptyInterpreter(bin: string): MemoryNow {
  const result = espruinoRun(qemuCommand(bin), 'var m = process.memory(); print("M" + JSON.stringify({ usage: m.usage, total: m.total, blocksize: m.blocksize }));', 60);
  return memoryNow(result, 'the empty interpreter');
}

/** why the Puck-layout figures cannot be measured, or '' when they can */
export function puckLayoutProblem(bin: string | undefined): string {
  const problem = binaryProblem('ESPRUINO_PUCK_LAYOUT_BIN', bin, 'readable');
  if (problem !== '') return problem;
  let empty: MemoryNow;
  try {
    empty = emptyInterpreter(bin as string);
  } catch (e) {
    return `ESPRUINO_PUCK_LAYOUT_BIN does not run under QEMU: ${(e as Error).message.split('\n')[0]}`;
  }
  if (empty.blocksize !== PUCK_BLOCK_BYTES || empty.total < TWELVE_BIT_MIN_VARS || empty.total > TWELVE_BIT_MAX_VARS) {
    return `ESPRUINO_PUCK_LAYOUT_BIN has ${empty.total} variables of ${empty.blocksize} bytes, not the Puck's layout (` +
      `${TWELVE_BIT_MIN_VARS}-${TWELVE_BIT_MAX_VARS} variables of ${PUCK_BLOCK_BYTES} bytes)`;
  }
  return '';
}

/** one fromStorage run of a plan: what the script reports at its end */
export function puckLayoutRun(bin: string, plan: FirmwareBenchPlan): FirmwareBenchReport {
  const scripts = firmwareBenchScripts({ ...plan, fromStorage: true, memoryProbe: true });
  const result = espruinoRun(qemuCommand(bin), scripts.main, 600, scripts.setup, SETUP_DONE);
  const line = result.lines.find((l) => l.startsWith('R{'));
  if (line === undefined) throw new Error(`Puck-layout run at ${plan.rateHz} Hz printed no report:\n${result.raw.slice(-2000)}`);
  return JSON.parse(line.slice(1)) as FirmwareBenchReport;
}

export interface PuckLayoutMemory {
  /** blocks the interpreter holds with nothing loaded */
  emptyBlocks: number;
  /** the stand-ins and the feeder alone, less the empty interpreter's */
  standInBlocks: number;
  /** the firmware (and the empty interpreter): after the run, between bursts, and the most at a serial write from inside the detector */
  betweenBursts: number;
  deepest: number;
  /** the same with the raw stream only (detector off) */
  rawOnlyBetweenBursts: number;
  rawOnlyDeepest: number;
}

/**
 * RAM in use on a Puck, measured in blocks: the firmware case, its raw-only case and the harness
 * alone (plan.bundle null) of the same rate
 */
export function puckLayoutMemory(bin: string, firmware: FirmwareBenchPlan, rawOnly: FirmwareBenchPlan, harness: FirmwareBenchPlan): PuckLayoutMemory {
  const empty = emptyInterpreter(bin).usage;
  const alone = puckLayoutRun(bin, harness).memEnd;
  const run = puckLayoutRun(bin, firmware);
  const raw = puckLayoutRun(bin, rawOnly);
  // the firmware's blocks are the run's less the harness's; the empty interpreter's stay, as on the Puck
  const firmwareOf = (blocks: number): number => blocks - alone + empty;
  return {
    emptyBlocks: empty,
    standInBlocks: alone - empty,
    betweenBursts: firmwareOf(run.memEnd),
    deepest: firmwareOf(run.memPeak),
    rawOnlyBetweenBursts: firmwareOf(raw.memEnd),
    rawOnlyDeepest: firmwareOf(raw.memPeak),
  };
}
