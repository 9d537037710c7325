// Device cost of the core: the minified bundle (dist/lumbarpod-core.min.js) run in a Linux build
// of the real Espruino interpreter under callgrind, fed synthetic recordings in 26-sample blocks.
// Prints one JSON line per rate (104, 208 Hz): x86 instructions per sample in steady running,
// standing and walking, divided by the cost of `a=a+b;` measured in the same bench run
// (statement-equivalents per sample), a CPU estimate for the Puck from that, and JsVars in use.
// Needs ESPRUINO_BIN (a Linux Espruino build made outside the project, ../shared/espruino-facts.md 6)
// and valgrind; without them it prints one "skipped" line. Method and figures: docs/performance.md.
// Figures are printed, never asserted.
//
// Env: ESPRUINO_BIN; DEVICE_BENCH_SHORT_S / DEVICE_BENCH_LONG_S, the two lengths of activity after
// the 3 s standing start (default 12 and 22 s; a multiple of the 10 s summary window apart);
// DEVICE_BENCH_JOBS, callgrind runs at a time (default: the CPU count); DEVICE_BENCH_RATES, the
// rates measured (default "104,208"); DEVICE_BENCH_GYRO_FIRST=1, blocks as the pod's FIFO reader
// gives them: gyro first (settings.gyroFirst) with the full-scale sentinel row after the samples.
import * as fs from 'fs';
import * as os from 'os';
import {
  DEFAULT_PIPELINE_SETTINGS, PipelineSettings, pipelineInit, pipelineProcess, SAMPLE_STRIDE,
} from '../../firmware/core/pipeline';
import { generateSynthetic } from '../../host-tools/synthetic/generate';
import { SegmentSpec } from '../../host-tools/synthetic/runningModel';
import { buildBundlesOnce, CORE_BUNDLE } from '../../scripts/build';
import {
  CallgrindResult, deviceBenchProblem, FeedReport, feedScript, runCallgrind, runPool, statementCosts, statementScript,
} from './espruinoCallgrind';

/** samples per pipelineProcess call: the FIFO watermark the pod's loop is woken at */
const BLOCK_SAMPLES = 26;
const RATES_HZ = (process.env.DEVICE_BENCH_RATES || '104,208').split(',').map(Number);
/** the pod's layout (firmware/device/lsm6ds3trcFifo.ts): gyro first, a sentinel row after the samples */
const GYRO_FIRST = process.env.DEVICE_BENCH_GYRO_FIRST === '1';
const STANDING_START_S = 3;
const SHORT_S = Number(process.env.DEVICE_BENCH_SHORT_S || 12);
const LONG_S = Number(process.env.DEVICE_BENCH_LONG_S || 22);
/** Puck.js v2: JsVars and their size (espruino-facts.md 4) */
const PUCK_JSVARS = 2630;
const PUCK_BLOCK_BYTES = 13;
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

function dataset(hz: number, activity: Activity): Dataset {
  // 2 s past the long length: moving segments are whole steps, so the run may end a little early
  const activeS = LONG_S + 2;
  const segments: SegmentSpec[] = activity === 'standing'
    ? [{ kind: 'standing', durationS: STANDING_START_S + activeS }]
    : [{ kind: 'standing', durationS: STANDING_START_S }, { kind: activity, durationS: activeS }];
  const run = generateSynthetic({ sampleRateHz: hz, segments, seed: 1 });
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

/** bytes of the typed arrays the pipeline state holds (each buffer once), found on Node's state */
function stateTypedArrays(settings: PipelineSettings): { bytes: number; buffers: number[] } {
  const st = pipelineInit(settings, { step() {}, summary() {} });
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
  visit(st);
  const sizes = Array.from(buffers, (b) => b.byteLength);
  return { bytes: sizes.reduce((a, b) => a + b, 0), buffers: sizes };
}

const round1 = (x: number): number => Math.round(x * 10) / 10;
const cpuPct = (stmt: number, hz: number, usPerStmt: number): number => round1((stmt * usPerStmt * hz) / 1e4);

async function main(): Promise<void> {
  const bin = process.env.ESPRUINO_BIN;
  const problem = deviceBenchProblem(bin);
  if (problem !== '') {
    console.log(JSON.stringify({ bench: 'device', skipped: problem }));
    return;
  }
  if (!(SHORT_S >= 0 && LONG_S > SHORT_S)) throw new Error(`DEVICE_BENCH_SHORT_S ${SHORT_S} must be below DEVICE_BENCH_LONG_S ${LONG_S}`);
  const started = Date.now();
  const built = await buildBundlesOnce();
  const core = built.find((b) => b.spec.name === CORE_BUNDLE.name);
  if (core === undefined) throw new Error('no core bundle built');
  const bundle = fs.readFileSync(core.minPath, 'utf8');

  const datasets: Dataset[] = [];
  for (const hz of RATES_HZ) for (const activity of ACTIVITIES) datasets.push(dataset(hz, activity));
  // longest first, so the pool ends together; the statement loops are short
  const order = datasets.map((_, i) => i).sort((a, b) => datasets[b].samples.length - datasets[a].samples.length);
  const jobs: (() => Promise<CallgrindResult>)[] = [() => runCallgrind(bin as string, statementScript(), 6)];
  for (const i of order) {
    const d = datasets[i];
    jobs.push(() => runCallgrind(bin as string, feedScript(bundle, CORE_BUNDLE.globalName, {
      samples: d.samples, blockSamples: BLOCK_SAMPLES, shortBlocks: d.shortBlocks, longBlocks: d.longBlocks, settings: d.settings,
      sentinel: GYRO_FIRST ? d.settings.scale.accFullScaleCounts : 0,
    }), 3));
  }
  const width = Number(process.env.DEVICE_BENCH_JOBS || os.cpus().length);
  const results = await runPool(jobs, width);
  const { emptyLoopInstr, aPlusBInstr } = statementCosts(results[0].parts);
  const byDataset = new Map<Dataset, CallgrindResult>();
  order.forEach((i, k) => byDataset.set(datasets[i], results[k + 1]));

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
      bench: 'device',
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
      benchSeconds: Math.round((Date.now() - started) / 1000),
    }));
  }
}

main().catch((error: Error) => {
  console.error(error.stack || error.message);
  process.exitCode = 1;
});
