// Device cost of the Puck.js v2 firmware and of its core, in a Linux build of the real Espruino
// interpreter under callgrind, fed synthetic recordings.
// - Firmware (the "device" lines): dist/lumbarpod-puckjs2.min.js, the file that is uploaded, booted
//   after Puck stand-ins (espruinoFirmwareBench.ts) and fed the recording in FIFO order, one 'accel'
//   event per watermark, through the whole path: event dispatch, FIFO status and burst read through
//   Puck.accelRd, the copy into the block, core, encoders, framing and Serial1 writes (into a sink that
//   counts), the 1 s tick. One line per rate exactly of the shape
//   {"bench":"device","board":"puckjs2","hz":..,"stmtPerSample":..,"instrPerSample":..,"cpuPctEst":..,"jsVarsUsed":..,"jsVarsTotal":2630}
//   for running with the raw stream off, one more with "rawStream":1 ('lpconfig.json' {rawStream:1}
//   in Storage before boot), one with "rawStream":2 (raw only, the detector off: the pod told so
//   over serial before the first burst), and a "device-detail" line: standing and walking, raw stream on and
//   off, core vs glue, the harness's own share, memory with the Puck estimate. These runs have a
//   serial adapter on the pod's pins and no BLE central; the detail line adds running with a
//   central connected and no adapter ("ble...") and with neither ("alone...").
// - Core only (the "device-core" lines): dist/lumbarpod-core.min.js, LumbarPod.pipelineProcess
//   called on 26-sample Int16Array blocks by a bare driver.
// x86 instructions per sample in steady state, divided by the cost of `a=a+b;` measured in the same
// bench run (statement-equivalents per sample), a CPU estimate for the Puck from that, and JsVars.
// Needs ESPRUINO_BIN (a Linux Espruino build made outside the project, ../shared/espruino-facts.md 6)
// and valgrind; without them it prints one "skipped" line. Method and figures: docs/performance.md.
// Figures are printed, never asserted.
//
// - ARM cross-check (fields "arm..." of the "device-core" lines, when ESPRUINO_ARM_BIN is set): the
//   same core runs and statement loops counted in an ARM Thumb-2 build of the interpreter under
//   QEMU (qemuCount.ts), so the statement-equivalents can be compared across instruction sets.
// - Puck-layout RAM ("device-puck-layout" lines, when ESPRUINO_PUCK_LAYOUT_BIN is set): the
//   firmware's blocks measured in an interpreter with the Puck's 13-byte blocks, the bundle and
//   the recording in Storage (puckLayoutMemory.ts), beside the estimate from the Linux build.
// Env: ESPRUINO_BIN; ESPRUINO_ARM_BIN, QEMU_ARM, QEMU_LD_PREFIX (qemuCount.ts); ESPRUINO_PUCK_LAYOUT_BIN; DEVICE_BENCH_SHORT_S / DEVICE_BENCH_LONG_S, the two lengths of activity after
// the 3 s standing start (default 12 and 22 s; a multiple of the 10 s summary window apart);
// DEVICE_BENCH_JOBS, callgrind runs at a time (default: the CPU count); DEVICE_BENCH_RATES, the
// rates measured (default "104,208"); DEVICE_BENCH_SCOPE, "firmware" or "core" for one part only
// (default both), or "puck-layout" for the Puck-layout RAM alone; DEVICE_BENCH_GYRO_FIRST=1, core-only blocks as the pod's FIFO reader gives them:
// gyro first (settings.gyroFirst) with the full-scale sentinel row after the samples.
import * as fs from 'fs';
import * as os from 'os';
import {
  DEFAULT_PIPELINE_SETTINGS, PipelineSettings, pipelineInit, pipelineProcess, SAMPLE_STRIDE,
} from '../../firmware/core/pipeline';
import { ATAN_CDEG_Q6 } from '../../firmware/core/atan2Cdeg';
import { SIN_QUARTER_Q16 } from '../../firmware/core/sinCosQ14';
import { podBurstBuffers, podWatermarkSamples, POD_RAM_MARGIN_BLOCKS } from '../../firmware/device/podFirmware';
import { podPipelineSettings } from '../../firmware/device/podPipelineSettings';
import { commandParsedCreate } from '../../firmware/protocol/commandParser';
import { MSG_ERROR } from '../../firmware/protocol/messageIds';
import { SUMMARY_FORM_MESSAGE_LENGTH, SUMMARY_MESSAGE_LENGTH } from '../../firmware/protocol/podEncoders';
import { statusRecordCreate } from '../../firmware/protocol/statusRecord';
import { generateSynthetic } from '../../host-tools/synthetic/generate';
import { SegmentSpec } from '../../host-tools/synthetic/runningModel';
import { BuiltBundle, buildBundlesOnce, CORE_BUNDLE, PUCKJS2_BUNDLE } from '../../scripts/build';
import {
  CallgrindResult, deviceBenchProblem, FeedReport, feedScript, runCallgrind, runPool, statementCosts, statementScript,
} from './espruinoCallgrind';
import { commandFrame } from '../e2e/simPodHelpers';
import { firmwareBenchScript, FirmwareBenchPlan, FirmwareBenchReport, LinuxHeap, linuxHeapDump } from './espruinoFirmwareBench';
import { espruinoRun } from '../e2e/espruinoRun';
import { armBenchProblem, runQemuCounted } from './qemuCount';
import { PUCK_BLOCK_BYTES, PUCK_JSVARS, puckLayoutMemory, puckLayoutProblem } from './puckLayoutMemory';

/** samples per pipelineProcess call: the FIFO watermark the pod's loop is woken at */
const BLOCK_SAMPLES = 26;
const RATES_HZ = (process.env.DEVICE_BENCH_RATES || '104,208').split(',').map(Number);
/** the pod's layout (firmware/device/lsm6ds3trcFifo.ts): gyro first, a sentinel row after the samples */
const GYRO_FIRST = process.env.DEVICE_BENCH_GYRO_FIRST === '1';
const STANDING_START_S = 3;
const SHORT_S = Number(process.env.DEVICE_BENCH_SHORT_S || 12);
const LONG_S = Number(process.env.DEVICE_BENCH_LONG_S || 22);
const SCOPE = process.env.DEVICE_BENCH_SCOPE || '';
const DO_FIRMWARE = SCOPE === '' || SCOPE === 'firmware';
const DO_CORE = SCOPE === '' || SCOPE === 'core';
/** the Puck-layout RAM alone (puckLayoutMemory.ts): needs neither ESPRUINO_BIN nor valgrind */
const PUCK_LAYOUT_ONLY = SCOPE === 'puck-layout';
/**
 * Characters of string per extra block (JSVAR_DATA_STRING_MAX_LEN in Espruino's src/jsutils.h):
 * 21 on the 64-bit Linux build (32-bit refs), 9 on the Puck (12-bit refs). Typed arrays above
 * a few tens of bytes are flat strings there: one header block, then the bytes in whole blocks.
 */
const LINUX_STRING_CHARS = 21;
const PUCK_STRING_CHARS = 9;
/** string lengths from which a typed array is flat (JSV_FLAT_STRING_BREAK_EVEN: 20 + 21, 8 + 9) */
const LINUX_FLAT_FROM = 41;
const PUCK_FLAT_FROM = 17;

function linuxDataBlocks(bytes: number, blockBytes: number): number {
  return bytes > LINUX_FLAT_FROM ? 1 + Math.ceil(bytes / blockBytes) : Math.max(1, Math.ceil(bytes / LINUX_STRING_CHARS));
}

function puckDataBlocks(bytes: number): number {
  return bytes > PUCK_FLAT_FROM ? 1 + Math.ceil(bytes / PUCK_BLOCK_BYTES) : Math.max(1, Math.ceil(bytes / PUCK_STRING_CHARS));
}

/**
 * Device time of one statement-equivalent, assumed: the fact sheet's estimate is ~5k instructions
 * per statement, 50-150 us on the 64 MHz nRF52832 (unverified on the pod); 100 us is used for
 * cpuPctEst and the range for cpuPctRange.
 */
const US_PER_STMT_ASSUMED = 100;
const US_PER_STMT_RANGE = [50, 150];

type Activity = 'running' | 'standing' | 'walking';
const ACTIVITIES: Activity[] = ['running', 'standing', 'walking'];

interface Dataset {
  hz: number;
  activity: Activity;
  samples: Int16Array;
  settings: PipelineSettings;
  shortBlocks: number;
  longBlocks: number;
}

/** the recording with each sample's gyro counts ahead of its accelerometer counts (the FIFO order) */
function gyroFirstCopy(samples: Int16Array): Int16Array {
  const out = new Int16Array(samples.length);
  for (let i = 0; i + SAMPLE_STRIDE <= samples.length; i += SAMPLE_STRIDE) {
    out.set(samples.subarray(i + 3, i + 6), i);
    out.set(samples.subarray(i, i + 3), i + 3);
  }
  return out;
}

type SyntheticRun = ReturnType<typeof generateSynthetic>;
const recordings = new Map<string, SyntheticRun>();

/** the synthetic recording of one rate and activity (Puck.js v2 board, seed 1), made once */
function recording(hz: number, activity: Activity): SyntheticRun {
  const key = `${hz} ${activity}`;
  let run = recordings.get(key);
  if (run === undefined) {
    // 2 s past the long length: moving segments are whole steps, so the run may end a little early
    const activeS = LONG_S + 2;
    const segments: SegmentSpec[] = activity === 'standing'
      ? [{ kind: 'standing', durationS: STANDING_START_S + activeS }]
      : [{ kind: 'standing', durationS: STANDING_START_S }, { kind: activity, durationS: activeS }];
    run = generateSynthetic({ sampleRateHz: hz, segments, seed: 1 });
    recordings.set(key, run);
  }
  return run;
}

function dataset(hz: number, activity: Activity): Dataset {
  const run = recording(hz, activity);
  const samples = GYRO_FIRST ? gyroFirstCopy(run.samples) : run.samples;
  const blocksAt = (s: number): number => Math.round(((STANDING_START_S + s) * hz) / BLOCK_SAMPLES);
  return {
    hz,
    activity,
    samples,
    settings: { ...DEFAULT_PIPELINE_SETTINGS, sampleRateHz: hz, scale: run.board.scale, axisMap: run.board.axisMap, gyroFirst: GYRO_FIRST },
    shortBlocks: blocksAt(SHORT_S),
    longBlocks: blocksAt(LONG_S),
  };
}

/** steps and summaries Node's pipeline finds in the first n blocks (the same blocks Espruino is fed) */
function nodeCounts(d: Dataset, blocks: number): { steps: number; summaries: number } {
  const counts = { steps: 0, summaries: 0 };
  const st = pipelineInit(d.settings, { step() { counts.steps++; }, summary() { counts.summaries++; } });
  const n = BLOCK_SAMPLES * SAMPLE_STRIDE;
  for (let b = 0; b < blocks; b++) pipelineProcess(st, d.samples.subarray(b * n, (b + 1) * n), BLOCK_SAMPLES);
  return counts;
}

/** byte lengths of the buffers of the typed arrays reachable from `roots` (each buffer once), on Node */
function typedArrayBuffers(roots: unknown[]): number[] {
  const seen = new Set<unknown>();
  const buffers = new Set<ArrayBufferLike>();
  const visit = (value: unknown): void => {
    if (value === null || typeof value !== 'object' || seen.has(value)) return;
    seen.add(value);
    if (ArrayBuffer.isView(value)) {
      buffers.add(value.buffer);
      return;
    }
    for (const key of Object.keys(value)) visit((value as Record<string, unknown>)[key]);
  };
  roots.forEach(visit);
  return Array.from(buffers, (b) => b.byteLength);
}

/** bytes of the typed arrays the pipeline state holds (each buffer once), found on Node's state */
function stateTypedArrays(settings: PipelineSettings): { bytes: number; buffers: number[] } {
  const sizes = typedArrayBuffers([pipelineInit(settings, { step() {}, summary() {} })]);
  return { bytes: sizes.reduce((a, b) => a + b, 0), buffers: sizes };
}

/**
 * the typed arrays the running firmware holds, rebuilt on Node: core's state with the pod's
 * settings, the bundle's tables, and the buffers podBoot makes (FIFO block and frame for the
 * rate, the message a view of it; sequence numbers, log entry, serial receive and command,
 * status, parsed command). The flash log's and the BLE services' few small arrays are left out,
 * and so is the array of each FIFO read, which the firmware does not keep.
 */
function firmwareTypedArrays(hz: number, detector: boolean): number[] {
  const run = recording(hz, 'running');
  return typedArrayBuffers([
    detector ? pipelineInit(podPipelineSettings(run.board.scale, run.board.axisMap, hz, 0), { step() {}, summary() {} }) : {},
    // the bundle's own tables, made at load: atan and sine (Int32), the whitening table
    ATAN_CDEG_Q6, SIN_QUARTER_Q16, new Uint8Array(256),
    podBurstBuffers(hz, detector ? 0 : 1), new Uint16Array(MSG_ERROR + 1),
    new Uint8Array(SUMMARY_MESSAGE_LENGTH + SUMMARY_FORM_MESSAGE_LENGTH), new Uint8Array(64), new Uint8Array(64), statusRecordCreate(), commandParsedCreate(),
  ]);
}

const round1 = (x: number): number => Math.round(x * 10) / 10;
const cpuPct = (stmt: number, hz: number, usPerStmt: number): number => round1((stmt * usPerStmt * hz) / 1e4);

/** one callgrind run of the firmware path (or the harness alone, or core alone in the pod's layout and bursts) */
interface FirmwareCase {
  hz: number;
  activity: Activity;
  kind: 'firmware' | 'harness' | 'core';
  rawStream: number;
  /**
   * who listens: a serial adapter (the researcher's case, and the main line's), a phone over BLE
   * and no adapter (a runner with a watch or the dashboard), or nobody (the pod alone, logging)
   */
  hosts: Hosts;
  burstSamples: number;
  shortBursts: number;
  longBursts: number;
}

type Hosts = 'serial' | 'ble' | 'alone';

/** setRawStream's raw only: the raw stream with the detector off */
const RAW_ONLY = 2;

/** the serial frames that start a raw-only recording: stop the one begun at boot, raw only, start */
const RAW_ONLY_COMMANDS = Buffer.concat([
  commandFrame('stopRecording'), commandFrame('setRawStream', { enabled: RAW_ONLY }), commandFrame('startRecording'),
]).toString('base64');

/** a case's bursts: the firmware's watermark (podStart's, raw only or not) and how many make the two lengths */
function firmwareBursts(hz: number, rawOnly: boolean): { hz: number; burstSamples: number; shortBursts: number; longBursts: number } {
  const burstSamples = podWatermarkSamples(hz, rawOnly ? 1 : 0);
  const at = (s: number): number => Math.round(((STANDING_START_S + s) * hz) / burstSamples);
  return { hz, burstSamples, shortBursts: at(SHORT_S), longBursts: at(LONG_S) };
}

function firmwareCases(): FirmwareCase[] {
  const cases: FirmwareCase[] = [];
  for (const hz of RATES_HZ) {
    const base = firmwareBursts(hz, false);
    const serial = { ...base, hosts: 'serial' as Hosts };
    const rawOnly = { ...firmwareBursts(hz, true), hosts: 'serial' as Hosts };
    for (const activity of ACTIVITIES) {
      cases.push({ ...serial, activity, kind: 'firmware', rawStream: 0 });
      cases.push({ ...serial, activity, kind: 'core', rawStream: 0 });
      if (activity !== 'walking') cases.push({ ...serial, activity, kind: 'firmware', rawStream: 1 });
      if (activity !== 'walking') cases.push({ ...rawOnly, activity, kind: 'firmware', rawStream: RAW_ONLY });
    }
    cases.push({ ...serial, activity: 'running', kind: 'harness', rawStream: 0 });
    for (const hosts of ['ble', 'alone'] as Hosts[]) cases.push({ ...base, hosts, activity: 'running', kind: 'firmware', rawStream: 0 });
  }
  return cases;
}

/** the firmware bench script of a case (the pod's bundle, or the harness alone) */
function firmwarePlan(c: FirmwareCase, firmware: BuiltBundle, memoryProbe: boolean): FirmwareBenchPlan {
  const run = recording(c.hz, c.activity);
  return {
    fifo: gyroFirstCopy(run.samples), rateHz: c.hz, burstSamples: c.burstSamples, shortBursts: c.shortBursts, longBursts: c.longBursts,
    // the rate is in the pod's config (its default is 104 Hz), as SET_RATE leaves it
    burstsPerTick: c.hz / c.burstSamples, config: c.rawStream ? { rateHz: c.hz, rawStream: 1 } : { rateHz: c.hz },
    commandsAtStart: c.rawStream === RAW_ONLY ? RAW_ONLY_COMMANDS : '',
    serialAdapterAttached: c.hosts === 'serial', bleConnected: c.hosts === 'ble',
    bundle: c.kind === 'harness' ? null : fs.readFileSync(firmware.uploadPath, 'utf8'), memoryProbe,
  };
}

/**
 * RAM at the deepest point of a firmware case, in a plain run (not under callgrind): the most
 * blocks in use at a serial write made from inside the step or summary callbacks, and at the end
 */
function firmwareMemoryProbe(bin: string, c: FirmwareCase, firmware: BuiltBundle): FirmwareBenchReport & { code: LinuxHeap } {
  const result = espruinoRun(bin, firmwareBenchScript({ ...firmwarePlan(c, firmware, true), dumpVariables: true }), 300);
  const line = result.lines.find((l) => l.startsWith('R{'));
  if (line === undefined) throw new Error(`memory probe at ${c.hz} Hz printed no report:\n${result.raw.slice(-2000)}`);
  return { ...(JSON.parse(line.slice(1)) as FirmwareBenchReport), code: linuxHeapDump(result.raw) };
}

/** blocks in use in the interpreter with nothing loaded (its root and built-in objects) */
function espruinoEmptyBlocks(bin: string): number {
  const result = espruinoRun(bin, 'print("R" + process.memory().usage);', 30);
  const line = result.lines.find((l) => /^R\d+$/.test(l));
  if (line === undefined) throw new Error(`the empty interpreter printed no usage:\n${result.raw.slice(-500)}`);
  return Number(line.slice(1));
}

function firmwareJob(bin: string, c: FirmwareCase, firmware: BuiltBundle, core: BuiltBundle): () => Promise<CallgrindResult> {
  const run = recording(c.hz, c.activity);
  const fifo = gyroFirstCopy(run.samples);
  if (c.kind === 'core') {
    const settings = podPipelineSettings(run.board.scale, run.board.axisMap, c.hz, 0);
    return () => runCallgrind(bin, feedScript(fs.readFileSync(core.minPath, 'utf8'), CORE_BUNDLE.globalName, {
      samples: fifo, blockSamples: c.burstSamples, shortBlocks: c.shortBursts, longBlocks: c.longBursts, settings,
      sentinel: run.board.scale.accFullScaleCounts,
    }), 3);
  }
  return () => runCallgrind(bin, firmwareBenchScript(firmwarePlan(c, firmware, false)), 3);
}

interface PerSample {
  instr: number;
  stmt: number;
  cpu: number;
}

function printFirmware(bin: string, cases: FirmwareCase[], results: CallgrindResult[], aPlusBInstr: number, emptyLoopInstr: number,
  firmware: BuiltBundle, started: number): void {
  for (const hz of RATES_HZ) {
    const find = (kind: FirmwareCase['kind'], activity: Activity, rawStream: number, hosts: Hosts = 'serial'): { c: FirmwareCase; r: CallgrindResult } => {
      const k = cases.findIndex((c) => c.hz === hz && c.kind === kind && c.activity === activity && c.rawStream === rawStream && c.hosts === hosts);
      return { c: cases[k], r: results[k] };
    };
    const per = (kind: FirmwareCase['kind'], activity: Activity, rawStream: number, hosts: Hosts = 'serial'): PerSample => {
      const { c, r } = find(kind, activity, rawStream, hosts);
      const instr = r.parts[1] / ((c.longBursts - c.shortBursts) * c.burstSamples);
      const stmt = instr / aPlusBInstr;
      return { instr, stmt, cpu: cpuPct(stmt, hz, US_PER_STMT_ASSUMED) };
    };
    const fw = per('firmware', 'running', 0);
    const fwRaw = per('firmware', 'running', 1);
    const rawOnly = per('firmware', 'running', RAW_ONLY);
    const rawOnlyStand = per('firmware', 'standing', RAW_ONLY);
    const stand = per('firmware', 'standing', 0);
    const standRaw = per('firmware', 'standing', 1);
    const walk = per('firmware', 'walking', 0);
    const core = per('core', 'running', 0);
    const coreStand = per('core', 'standing', 0);
    const coreWalk = per('core', 'walking', 0);
    const harness = per('harness', 'running', 0);
    const ble = per('firmware', 'running', 0, 'ble');
    const alone = per('firmware', 'running', 0, 'alone');
    const { c, r } = find('firmware', 'running', 0);
    const rep = r.report as FirmwareBenchReport;
    const repRaw = find('firmware', 'running', 1).r.report as FirmwareBenchReport;
    const repHarness = find('harness', 'running', 0).r.report as FirmwareBenchReport;
    const seconds = ((c.longBursts - c.shortBursts) * c.burstSamples) / hz;
    const serialBytesPerS = (x: FirmwareBenchReport): number => Math.round((x.serialBytes[1] - x.serialBytes[0]) / seconds);
    // what the deepest call holds on top (scopes, locals, temporaries: objects and names, counted
    // alike on both builds), from plain runs of the same cases with a probe at every serial write;
    // and the function code those runs hold as text
    const probe = firmwareMemoryProbe(bin, c, firmware);
    const rawOnlyCase = find('firmware', 'running', RAW_ONLY).c;
    const probeRawOnly = firmwareMemoryProbe(bin, rawOnlyCase, firmware);
    // Puck estimate: each function's code one block pointing into Storage instead of its text in
    // RAM (measured in the probe of the same case), typed arrays rescaled from the Linux build's
    // blocks to the Puck's, and the stand-ins (the harness alone, measured the same way) replaced
    // by what the interpreter holds with nothing loaded (the Puck's objects are built in)
    const typed = firmwareTypedArrays(hz, true);
    const probeHarness = firmwareMemoryProbe(bin, find('harness', 'running', 0).c, firmware);
    const standIns = probeHarness.memEnd - probeHarness.code.blocks + probeHarness.code.functions - espruinoEmptyBlocks(bin);
    // names of more than 4 characters take another block on the Puck (the stand-ins' own left out)
    const puckOf = (memLinux: number, buffers: number[], heap: LinuxHeap): number => memLinux - heap.blocks + heap.functions - standIns +
      heap.puckNameExtraBlocks - probeHarness.code.puckNameExtraBlocks +
      buffers.reduce((a, b) => a + puckDataBlocks(b) - linuxDataBlocks(b, rep.blocksize), 0);
    const puckFromStorage = puckOf(rep.memEnd, typed, probe.code);
    const puckRawOnly = puckOf(probeRawOnly.memEnd, firmwareTypedArrays(hz, false), probeRawOnly.code);
    const main = (x: PerSample, mem: number, rawStream: number): Record<string, unknown> => ({
      bench: 'device', board: 'puckjs2', hz, ...(rawStream ? { rawStream } : {}),
      stmtPerSample: round1(x.stmt), instrPerSample: Math.round(x.instr), cpuPctEst: x.cpu, jsVarsUsed: mem, jsVarsTotal: PUCK_JSVARS,
    });
    console.log(JSON.stringify(main(fw, rep.memEnd, 0)));
    console.log(JSON.stringify(main(fwRaw, repRaw.memEnd, 1)));
    console.log(JSON.stringify(main(rawOnly, (find('firmware', 'running', RAW_ONLY).r.report as FirmwareBenchReport).memEnd, RAW_ONLY)));
    const share = (part: number, whole: number): number => Math.round((100 * part) / whole);
    console.log(JSON.stringify({
      bench: 'device-detail',
      board: 'puckjs2',
      hz,
      scope: 'firmware',
      bundleBytes: firmware.storedBytes, bundleMinBytes: firmware.minBytes,
      burstSamples: c.burstSamples,
      usPerStmtAssumed: US_PER_STMT_ASSUMED,
      cpuPctRange: US_PER_STMT_RANGE.map((us) => cpuPct(fw.stmt, hz, us)),
      stmtBudget15Pct: round1((0.15 * 1e6) / (hz * US_PER_STMT_ASSUMED)),
      runningStmtPerSample: round1(fw.stmt),
      standingStmtPerSample: round1(stand.stmt),
      standingInstrPerSample: Math.round(stand.instr),
      standingCpuPctEst: stand.cpu,
      walkingStmtPerSample: round1(walk.stmt),
      walkingInstrPerSample: Math.round(walk.instr),
      walkingCpuPctEst: walk.cpu,
      // running with a phone over BLE and no serial adapter, and with nobody listening (logging only)
      bleRunningStmtPerSample: round1(ble.stmt),
      bleRunningCpuPctEst: ble.cpu,
      aloneRunningStmtPerSample: round1(alone.stmt),
      aloneRunningCpuPctEst: alone.cpu,
      rawStreamRunningStmtPerSample: round1(fwRaw.stmt),
      rawStreamStandingStmtPerSample: round1(standRaw.stmt),
      rawStreamStandingCpuPctEst: standRaw.cpu,
      // what the raw stream adds (rawBatch header, copy, framing, the write)
      rawStreamExtraStmtPerSample: round1(fwRaw.stmt - fw.stmt),
      // raw only: the raw stream with the detector off (docs/performance.md, "Raw only")
      rawOnlyRunningStmtPerSample: round1(rawOnly.stmt),
      rawOnlyRunningCpuPctEst: rawOnly.cpu,
      rawOnlyStandingStmtPerSample: round1(rawOnlyStand.stmt),
      rawOnlyStandingCpuPctEst: rawOnlyStand.cpu,
      // core alone on the same samples in the pod's layout and bursts (gyro first, sentinel row)
      coreRunningStmtPerSample: round1(core.stmt),
      coreStandingStmtPerSample: round1(coreStand.stmt),
      coreWalkingStmtPerSample: round1(coreWalk.stmt),
      // everything else: dispatch, FIFO reads, copy, encoders, framing, writes, tick
      glueRunningStmtPerSample: round1(fw.stmt - core.stmt),
      glueStandingStmtPerSample: round1(stand.stmt - coreStand.stmt),
      glueWalkingStmtPerSample: round1(walk.stmt - coreWalk.stmt),
      glueRunningSharePct: share(fw.stmt - core.stmt, fw.stmt),
      glueRawStreamRunningSharePct: share(fwRaw.stmt - core.stmt, fwRaw.stmt),
      // the stand-ins alone (feeder, event dispatch to a handler that makes the two FIFO reads,
      // accelRd stand-ins): an upper bound of what in the figures above is not the pod's own work
      harnessStmtPerSample: round1(harness.stmt),
      serialBytesPerS: serialBytesPerS(rep),
      rawStreamSerialBytesPerS: serialBytesPerS(repRaw),
      serialWritesMeasured: rep.serialWrites[1] - rep.serialWrites[0],
      ticksRun: rep.ticks,
      aPlusBInstr: Math.round(aPlusBInstr),
      emptyLoopInstr: Math.round(emptyLoopInstr),
      measuredFromS: STANDING_START_S + SHORT_S,
      measuredToS: STANDING_START_S + LONG_S,
      jsVarsBlockBytes: rep.blocksize,
      // process.memory().usage after boot and the whole run (Linux build, 27-byte blocks, code in RAM)
      jsVarsUsed: rep.memEnd,
      rawStreamJsVarsUsed: repRaw.memEnd,
      // the interpreter with the stand-ins alone, no firmware
      jsVarsHarness: repHarness.memEnd,
      jsVarsFirmware: rep.memEnd - repHarness.memEnd,
      // Puck.js estimates: typed arrays rescaled to 13-byte blocks, code text out of RAM (run
      // from Storage) or in RAM at 9 characters a block; objects and functions counted as here
      puckJsVarsFromStorageEst: puckFromStorage,
      puckJsVarsCodeInRamEst: puckFromStorage + Math.ceil(firmware.storedBytes / PUCK_STRING_CHARS),
      // the function code the Linux build held as text at the end (blocks) and the functions holding it
      linuxCodeBlocks: probe.code.blocks,
      linuxCodeFunctions: probe.code.functions,
      // the stand-ins' own blocks, their code as on the pod, less the empty interpreter's: left out of the Puck estimates
      jsVarsStandInsEst: standIns,
      puckNameExtraBlocks: probe.code.puckNameExtraBlocks - probeHarness.code.puckNameExtraBlocks,
      // at the deepest point (a step sent from inside the detector), and raw only (no detector state)
      puckJsVarsPeakEst: puckFromStorage + probe.memPeak - probe.memEnd,
      puckJsVarsRawOnlyEst: puckRawOnly,
      puckJsVarsRawOnlyPeakEst: puckRawOnly + probeRawOnly.memPeak - probeRawOnly.memEnd,
      firmwareTypedArrayBytes: typed.reduce((a, b) => a + b, 0),
      benchSeconds: Math.round((Date.now() - started) / 1000),
    }));
  }
}

/**
 * The "device-puck-layout" lines: the firmware's RAM measured in an interpreter laid out as the
 * Puck's (ESPRUINO_PUCK_LAYOUT_BIN), running at each rate, with the raw stream only, and free on a
 * Puck against the margin podStart keeps
 */
function printPuckLayout(firmware: BuiltBundle): void {
  const bin = process.env.ESPRUINO_PUCK_LAYOUT_BIN;
  const problem = puckLayoutProblem(bin);
  if (problem !== '') {
    console.log(JSON.stringify({ bench: 'device-puck-layout', skipped: problem }));
    return;
  }
  const cases = firmwareCases();
  for (const hz of RATES_HZ) {
    const plan = (kind: FirmwareCase['kind'], rawStream: number): FirmwareBenchPlan => {
      const c = cases.find((x) => x.hz === hz && x.kind === kind && x.activity === 'running' && x.rawStream === rawStream && x.hosts === 'serial');
      if (c === undefined) throw new Error(`no ${kind} case at ${hz} Hz`);
      return firmwarePlan(c, firmware, true);
    };
    const m = puckLayoutMemory(bin as string, plan('firmware', 0), plan('firmware', RAW_ONLY), plan('harness', 0));
    console.log(JSON.stringify({
      bench: 'device-puck-layout', board: 'puckjs2', hz, jsVarsTotal: PUCK_JSVARS, ...m,
      freeBetweenBursts: PUCK_JSVARS - m.betweenBursts, freeAtDeepest: PUCK_JSVARS - m.deepest,
      rawOnlyFreeBetweenBursts: PUCK_JSVARS - m.rawOnlyBetweenBursts, podMarginBlocks: POD_RAM_MARGIN_BLOCKS,
    }));
  }
}

interface Job {
  /** how long it runs, roughly: the pool starts the longest first */
  weight: number;
  run: () => Promise<CallgrindResult>;
  result?: CallgrindResult;
}

function resultOf(job: Job): CallgrindResult {
  if (job.result === undefined) throw new Error('a callgrind run has no result');
  return job.result;
}

async function main(): Promise<void> {
  if (PUCK_LAYOUT_ONLY) {
    const fw = (await buildBundlesOnce()).find((b) => b.spec.name === PUCKJS2_BUNDLE.name);
    if (fw === undefined) throw new Error('no puckjs2 bundle built');
    printPuckLayout(fw);
    return;
  }
  const bin = process.env.ESPRUINO_BIN;
  const problem = deviceBenchProblem(bin);
  if (problem !== '') {
    console.log(JSON.stringify({ bench: 'device', skipped: problem }));
    return;
  }
  if (!(SHORT_S >= 0 && LONG_S > SHORT_S)) throw new Error(`DEVICE_BENCH_SHORT_S ${SHORT_S} must be below DEVICE_BENCH_LONG_S ${LONG_S}`);
  if (!DO_FIRMWARE && !DO_CORE) throw new Error(`DEVICE_BENCH_SCOPE ${SCOPE}: "firmware", "core", "puck-layout" or unset`);
  const started = Date.now();
  const built = await buildBundlesOnce();
  const core = built.find((b) => b.spec.name === CORE_BUNDLE.name);
  const firmware = built.find((b) => b.spec.name === PUCKJS2_BUNDLE.name);
  if (core === undefined || firmware === undefined) throw new Error('no core or puckjs2 bundle built');
  const bundle = fs.readFileSync(core.minPath, 'utf8');

  const datasets: Dataset[] = [];
  if (DO_CORE) for (const hz of RATES_HZ) for (const activity of ACTIVITIES) datasets.push(dataset(hz, activity));
  const fwCases = DO_FIRMWARE ? firmwareCases() : [];
  // longest first, so the pool ends together; the statement loops and the harness are short
  const jobs: Job[] = [];
  const statementJob: Job = { weight: 0, run: () => runCallgrind(bin as string, statementScript(), 6) };
  jobs.push(statementJob);
  const coreScript = (d: Dataset): string => feedScript(bundle, CORE_BUNDLE.globalName, {
    samples: d.samples, blockSamples: BLOCK_SAMPLES, shortBlocks: d.shortBlocks, longBlocks: d.longBlocks, settings: d.settings,
    sentinel: GYRO_FIRST ? d.settings.scale.accFullScaleCounts : 0,
  });
  const coreJobs = datasets.map((d): Job => ({ weight: d.samples.length, run: () => runCallgrind(bin as string, coreScript(d), 3) }));
  const fwJobs = fwCases.map((c): Job => ({
    // the raw stream doubles a run's cost; the harness alone is cheap
    weight: c.hz * (c.kind === 'harness' ? 0.1 : c.rawStream ? 2 : 1) * 30 * 6,
    run: firmwareJob(bin as string, c, firmware, core),
  }));
  jobs.push(...coreJobs, ...fwJobs);
  // the ARM cross-check: the statement loops and the same core runs, counted under QEMU
  const armBin = process.env.ESPRUINO_ARM_BIN as string;
  const armProblem = DO_CORE ? armBenchProblem(armBin) : 'core scope not measured';
  if (DO_CORE && armProblem !== '') console.log(JSON.stringify({ bench: 'device-arm', skipped: armProblem }));
  const armStatementJob: Job = { weight: 0, run: () => runQemuCounted(armBin, statementScript(), 6) };
  const armCoreJobs = armProblem !== '' ? [] : datasets.map((d): Job => ({ weight: d.samples.length / 10, run: () => runQemuCounted(armBin, coreScript(d), 3) }));
  if (armProblem === '') jobs.push(armStatementJob, ...armCoreJobs);
  const order = jobs.map((_, i) => i).sort((a, b) => jobs[b].weight - jobs[a].weight);
  const width = Number(process.env.DEVICE_BENCH_JOBS || os.cpus().length);
  const results = await runPool(order.map((i) => jobs[i].run), width);
  order.forEach((i, k) => { jobs[i].result = results[k]; });
  const { emptyLoopInstr, aPlusBInstr } = statementCosts(resultOf(statementJob).parts);

  if (DO_FIRMWARE) {
    printFirmware(bin as string, fwCases, fwJobs.map(resultOf), aPlusBInstr, emptyLoopInstr, firmware, started);
    printPuckLayout(firmware);
  }
  if (!DO_CORE) return;
  const byDataset = new Map<Dataset, CallgrindResult>();
  datasets.forEach((d, k) => byDataset.set(d, resultOf(coreJobs[k])));
  const armAPlusBInstr = armProblem === '' ? statementCosts(resultOf(armStatementJob).parts).aPlusBInstr : 0;
  /** ARM instructions per sample of a dataset and its statement-equivalents, or {} without the ARM build */
  const armFigures = (d: Dataset, prefix: string): Record<string, number> => {
    const k = datasets.indexOf(d);
    if (armProblem !== '') return {};
    const instr = resultOf(armCoreJobs[k]).parts[1] / ((d.longBlocks - d.shortBlocks) * BLOCK_SAMPLES);
    return { [`${prefix}StmtPerSample`]: round1(instr / armAPlusBInstr), [`${prefix}InstrPerSample`]: Math.round(instr) };
  };

  for (const hz of RATES_HZ) {
    const figures: Record<string, { instr: number; stmt: number; report: FeedReport; d: Dataset }> = {};
    for (const d of datasets.filter((x) => x.hz === hz)) {
      const r = byDataset.get(d) as CallgrindResult;
      const extraSamples = (d.longBlocks - d.shortBlocks) * BLOCK_SAMPLES;
      const instr = r.parts[1] / extraSamples;
      figures[d.activity] = { instr, stmt: instr / aPlusBInstr, report: r.report as FeedReport, d };
    }
    const run = figures.running;
    const rep = run.report;
    const node = nodeCounts(run.d, run.d.longBlocks);
    const typed = stateTypedArrays(run.d.settings);
    const stateLinux = rep.stateEnd;
    const statePuck = stateLinux - typed.buffers.reduce((a, b) => a + linuxDataBlocks(b, rep.blocksize), 0) +
      typed.buffers.reduce((a, b) => a + puckDataBlocks(b), 0);
    const bundleLinux = rep.memBeforeInit - rep.recordingBlocks;
    // the bundle's blocks other than its code text: function objects, scopes, names
    const bundleWithoutCode = bundleLinux - Math.ceil(core.minBytes / LINUX_STRING_CHARS);
    const bundlePuckInRam = bundleWithoutCode + Math.ceil(core.minBytes / PUCK_STRING_CHARS);
    console.log(JSON.stringify({
      bench: 'device-core',
      board: 'puckjs2',
      hz,
      scope: 'core',
      layout: GYRO_FIRST ? 'gyroFirst+sentinel' : 'accFirst',
      stmtPerSample: round1(run.stmt),
      instrPerSample: Math.round(run.instr),
      cpuPctEst: cpuPct(run.stmt, hz, US_PER_STMT_ASSUMED),
      // Linux build, 27-byte blocks: bundle (code in RAM), driver and pipeline state after init and the run
      jsVarsUsed: rep.memEnd,
      jsVarsTotal: PUCK_JSVARS,
      usPerStmtAssumed: US_PER_STMT_ASSUMED,
      cpuPctRange: US_PER_STMT_RANGE.map((us) => cpuPct(run.stmt, hz, us)),
      stmtBudget15Pct: round1((0.15 * 1e6) / (hz * US_PER_STMT_ASSUMED)),
      standingStmtPerSample: round1(figures.standing.stmt),
      standingInstrPerSample: Math.round(figures.standing.instr),
      standingCpuPctEst: cpuPct(figures.standing.stmt, hz, US_PER_STMT_ASSUMED),
      walkingStmtPerSample: round1(figures.walking.stmt),
      walkingInstrPerSample: Math.round(figures.walking.instr),
      walkingCpuPctEst: cpuPct(figures.walking.stmt, hz, US_PER_STMT_ASSUMED),
      aPlusBInstr: Math.round(aPlusBInstr),
      emptyLoopInstr: Math.round(emptyLoopInstr),
      measuredFromS: STANDING_START_S + SHORT_S,
      measuredToS: STANDING_START_S + LONG_S,
      runningStepsMeasured: rep.steps[1] - rep.steps[0],
      runningStepsMatchNode: rep.steps[1] === node.steps && rep.summaries[1] === node.summaries,
      walkingStepsMeasured: figures.walking.report.steps[1] - figures.walking.report.steps[0],
      jsVarsBlockBytes: rep.blocksize,
      // the bundle loaded (exports, functions, their code in RAM) and the driver, before pipelineInit
      jsVarsBundle: bundleLinux,
      // E.getSizeOf(state) after the run (state and settings), and its growth from pipelineInit
      jsVarsState: stateLinux,
      jsVarsStateGrowth: rep.stateEnd - rep.stateAfterInit,
      stateTypedArrayBytes: typed.bytes,
      stateTypedArrays: typed.buffers.length,
      // Puck.js estimates: raw data (typed arrays, code text) rescaled to 13-byte blocks, objects
      // and functions counted as here; code in RAM only if the bundle is not run from Storage
      puckJsVarsStateEst: statePuck,
      puckJsVarsBundleInRamEst: bundlePuckInRam,
      puckJsVarsUsedEst: statePuck + bundlePuckInRam,
      // the same with the code text left in flash (bundle run from Storage, unverified on the pod)
      puckJsVarsFromStorageEst: statePuck + bundleWithoutCode,
      bundleBytes: core.minBytes,
      // the same runs on an ARM Thumb-2 build (ESPRUINO_ARM_BIN), in its own statement-equivalents
      ...(armProblem === '' ? { armAPlusBInstr: Math.round(armAPlusBInstr) } : {}),
      ...armFigures(run.d, 'armRunning'),
      ...armFigures(figures.standing.d, 'armStanding'),
      ...armFigures(figures.walking.d, 'armWalking'),
      benchSeconds: Math.round((Date.now() - started) / 1000),
    }));
  }
}

main().catch((error: Error) => {
  console.error(error.stack || error.message);
  process.exitCode = 1;
});
