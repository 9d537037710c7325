// Helpers of device.bench.ts: the scripts it runs in a Linux build of the Espruino interpreter
// (ESPRUINO_BIN, made outside the project: ../shared/espruino-facts.md, 6) and the callgrind run
// that counts their instructions between marks. The method is docs/performance.md's.
//
// A mark is a call of E.getAddressOf(0), which the bundle never uses: callgrind is started with
// --dump-before=jswrap_espruino_getAddressOf, so it writes its counters out and zeroes them at
// every mark, and part k of the run holds exactly the instructions executed between mark k-1 and
// mark k. "Ir(long) - Ir(short)" of two runs that differ only in how many blocks they feed is the
// part between a mark after the short length and a mark after the long one, in one run.
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { espruinoProblem, espruinoScriptBytes } from '../e2e/espruinoRun';

/** the C function behind E.getAddressOf in the interpreter: the mark */
export const MARK_SYMBOL = 'jswrap_espruino_getAddressOf';
const MARK = 'E.getAddressOf(0);';
/** blocks per base64 chunk of the embedded recording, at most: a chunk also stays under 60,000 bytes */
const CHUNK_BLOCKS = 128;
const CHUNK_MAX_BYTES = 60000;

/** why the device bench cannot run, or '' when it can */
export function deviceBenchProblem(bin: string | undefined): string {
  const problem = espruinoProblem(bin);
  if (problem !== '') return problem;
  const valgrind = spawnSync('valgrind', ['--version'], { encoding: 'utf8' });
  if (valgrind.error !== undefined || valgrind.status !== 0) return 'valgrind not found (the device bench runs ESPRUINO_BIN under valgrind --tool=callgrind)';
  return '';
}

/** loops of N=1000 and N=3000, empty and with `a=a+b;`, in functions with local vars (espruino-facts.md 3) */
export const STATEMENT_LOOP_SHORT = 1000;
export const STATEMENT_LOOP_LONG = 3000;

/** parts: 0 start-up, 1 empty(1000), 2 empty(3000), 3 a=a+b(1000), 4 a=a+b(3000), 5 the end */
export function statementScript(): string {
  return `
function e(N){var a=1,b=2,c=3,i;for(i=0;i<N;i++){}return a+c;}
function s(N){var a=1,b=2,c=3,i;for(i=0;i<N;i++){a=a+b;}return a+c;}
setTimeout(function(){
e(10);s(10);
${MARK}e(${STATEMENT_LOOP_SHORT});
${MARK}e(${STATEMENT_LOOP_LONG});
${MARK}s(${STATEMENT_LOOP_SHORT});
${MARK}s(${STATEMENT_LOOP_LONG});
${MARK}print("R"+JSON.stringify({done:1}));
},0);
`;
}

/** x86 instructions per loop iteration: empty loop, and `a=a+b;` alone (loop minus empty loop) */
export function statementCosts(parts: number[]): { emptyLoopInstr: number; aPlusBInstr: number } {
  const extra = STATEMENT_LOOP_LONG - STATEMENT_LOOP_SHORT;
  const empty = (parts[2] - parts[1]) / extra;
  const loop = (parts[4] - parts[3]) / extra;
  return { emptyLoopInstr: empty, aPlusBInstr: loop - empty };
}

export interface FeedPlan {
  /** the recording: interleaved ax, ay, az, gx, gy, gz counts */
  samples: Int16Array;
  blockSamples: number;
  /** blocks fed before the first mark, and before the second */
  shortBlocks: number;
  longBlocks: number;
  /** pipeline settings, as JSON the driver passes to pipelineInit */
  settings: object;
  /**
   * full-scale counts for a sentinel row after each block's samples (+full, -full, -full - 1, as
   * firmware/device/lsm6ds3trcFifo.ts writes it, so the saturation searches end on a hit), or 0: none
   */
  sentinel?: number;
}

/** what the driver prints after the run (all blocks fed): memory in JsVars and what was found */
export interface FeedReport {
  /** process.memory(): blocks in use (after a garbage collection), block size, total on this build */
  memBeforeInit: number;
  memAfterInit: number;
  memEnd: number;
  blocksize: number;
  total: number;
  /** E.getSizeOf of the recording's block chain before init, and of the state after init and at the end */
  recordingBlocks: number;
  stateAfterInit: number;
  stateEnd: number;
  /** E.getSizeOf of the bundle's global: its exports, the functions they reach and their code */
  exportsBlocks: number;
  /** steps and summaries the sink received before the first mark, by the second, and in all */
  steps: number[];
  summaries: number[];
}

/**
 * bundle + driver. The recording is cut at load time into a linked chain of flat Int16Array
 * blocks, each its own buffer as a FIFO burst read gives (a view into one big decoded buffer is
 * read from a non-flat string on Espruino, whose element access slows with the offset; an Array
 * of blocks has element lookup linear in the index). Fed blocks are dropped from the chain, so
 * after the run only the bundle, the driver and the pipeline state remain. The sink is made by a
 * top-level function, so its closures hold only its counters: E.getSizeOf(state) then counts the
 * state and its settings, not (through the sink's scope) the driver and the bundle. The feeding runs in
 * a timeout, after the file's own text is released. Parts: 0 load, init and the short length,
 * 1 the extra blocks up to the long length, 2 the rest and the end.
 */
export function feedScript(bundle: string, globalName: string, plan: FeedPlan): string {
  const stride = 6;
  const blockCounts = plan.blockSamples * stride;
  const full = plan.sentinel || 0;
  // each fed block holds its samples and, with a sentinel, one more row
  const fedCounts = full > 0 ? blockCounts + stride : blockCounts;
  const sentinel = full > 0 ? `b[${blockCounts}]=${full};b[${blockCounts + 1}]=${-full};b[${blockCounts + 2}]=${-full - 1};` : '';
  const blocks = Math.floor(plan.samples.length / blockCounts);
  if (plan.longBlocks > blocks || plan.shortBlocks >= plan.longBlocks) {
    throw new Error(`feed plan: ${plan.shortBlocks} < ${plan.longBlocks} <= ${blocks} blocks does not hold`);
  }
  // base64 chunks of whole blocks, each under 64 KB decoded: a typed-array view's byteOffset
  // must stay below 65536 on this build ("byteOffset too large", measured)
  const chunkBlocks = Math.max(1, Math.min(CHUNK_BLOCKS, Math.floor(CHUNK_MAX_BYTES / (blockCounts * 2))));
  const chunks: string[] = [];
  for (let first = 0; first < blocks; first += chunkBlocks) {
    const chunk = plan.samples.subarray(first * blockCounts, Math.min(blocks, first + chunkBlocks) * blockCounts);
    chunks.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).toString('base64'));
  }
  return `${bundle}
var D=${JSON.stringify(chunks)};
var L=null;
(function(){var T=null,k,j,b,c,A;for(k=0;k<D.length;k++){A=new Int16Array(E.toArrayBuffer(atob(D[k])));D[k]=undefined;
for(j=0;j<A.length;j+=${blockCounts}){b=new Int16Array(${fedCounts});b.set(A.subarray(j,j+${blockCounts}));${sentinel}c={b:b,n:null};if(T)T.n=c;else L=c;T=c;}}})();
D=undefined;
function mkSink(){var c={s:0,w:0};return {c:c,step:function(){c.s++;},summary:function(){c.w++;}};}
setTimeout(function(){
var P=${globalName},S=${JSON.stringify(plan.settings)},K=mkSink(),C=K.c,j=0,st,m0,m1,m2,r0,z0,n1,w1,n2,w2;
m0=process.memory().usage;r0=E.getSizeOf(L);
st=P.pipelineInit(S,K);
m1=process.memory().usage;z0=E.getSizeOf(st);
for(;j<${plan.shortBlocks};j++){P.pipelineProcess(st,L.b,${plan.blockSamples});L=L.n;}
${MARK}n1=C.s;w1=C.w;
for(;j<${plan.longBlocks};j++){P.pipelineProcess(st,L.b,${plan.blockSamples});L=L.n;}
${MARK}n2=C.s;w2=C.w;
for(;j<${blocks};j++){P.pipelineProcess(st,L.b,${plan.blockSamples});L=L.n;}
m2=process.memory();
print("R"+JSON.stringify({memBeforeInit:m0,memAfterInit:m1,memEnd:m2.usage,blocksize:m2.blocksize,total:m2.total,
recordingBlocks:r0,stateAfterInit:z0,stateEnd:E.getSizeOf(st),exportsBlocks:E.getSizeOf(P),steps:[n1,n2,C.s],summaries:[w1,w2,C.w]}));
},0);
`;
}

export interface CallgrindResult {
  /** Ir of each part, in order: part k ends at mark k (the last part at the program's end) */
  parts: number[];
  /** the JSON the script printed on its "R" line */
  report: unknown;
  seconds: number;
}

/** the JSON of the "R" line a bench script prints when it has run to the end; throws with the output's tail when there is none */
function reportOf(stdout: string, stderr: string, code: number | null, signal: NodeJS.Signals | null): unknown {
  let report: unknown;
  for (const rawLine of stdout.split('\n')) {
    // eslint-disable-next-line no-control-regex
    const line = rawLine.replace(/\r/g, '').replace(/^>?\x1b\[J/, '');
    if (line.startsWith('R{')) report = JSON.parse(line.slice(1));
  }
  if (report === undefined) {
    throw new Error(`Espruino run did not finish (exit ${code}${signal ? `, ${signal}` : ''}):\n${stdout.slice(-1500)}\n${stderr.slice(-1500)}`);
  }
  return report;
}

/** how to count one run: the command (its arguments get the script's path and the run's temp dir) and where the parts are read */
export interface CountedRunner {
  /** "callgrind", "the QEMU plugin": named in errors */
  counter: string;
  command: string;
  args: (scriptFile: string, dir: string) => string[];
  /** instructions of each part, read from the run's temp dir after it ended */
  readParts: (dir: string) => number[];
}

/**
 * Runs the script under a counting runner in a temp dir (the Linux build keeps Storage in
 * ./espruino.flash): the parts it counted and the script's "R" report.
 */
export function runCounted(runner: CountedRunner, bin: string, script: string, expectedParts: number, timeoutS = 600): Promise<CallgrindResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lumbarpod-devbench-'));
  const file = path.join(dir, 'run.js');
  fs.writeFileSync(file, espruinoScriptBytes(script));
  const start = Date.now();
  return new Promise<CallgrindResult>((resolve, reject) => {
    const child = spawn(runner.command, runner.args(file, dir), { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString('utf8'); });
    child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString('utf8'); });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutS * 1000);
    child.on('error', (error) => { clearTimeout(timer); reject(error); });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      try {
        const report = reportOf(stdout, stderr, code, signal);
        const parts = runner.readParts(dir);
        if (parts.length !== expectedParts) {
          throw new Error(`${runner.counter} counted ${parts.length} parts, expected ${expectedParts}: is ${MARK_SYMBOL} missing from ${bin} (a stripped build)?`);
        }
        resolve({ parts, report, seconds: (Date.now() - start) / 1000 });
      } catch (error) {
        reject(error);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}

const CALLGRIND_OUT = 'cg.out';

/** runs the script in ESPRUINO_BIN under callgrind */
export function runCallgrind(bin: string, script: string, expectedParts: number, timeoutS = 600): Promise<CallgrindResult> {
  return runCounted({
    counter: 'callgrind',
    command: 'valgrind',
    args: (file, dir) => ['--tool=callgrind', `--dump-before=${MARK_SYMBOL}`, `--callgrind-out-file=${path.join(dir, CALLGRIND_OUT)}`, bin, file],
    readParts: (dir) => readParts(path.join(dir, CALLGRIND_OUT)),
  }, bin, script, expectedParts, timeoutS);
}

/** the totals of cg.out.1 .. cg.out.K (one per mark) and cg.out (the program's end), by part number */
function readParts(outFile: string): number[] {
  const dir = path.dirname(outFile);
  const base = path.basename(outFile);
  const parts: { part: number; ir: number }[] = [];
  for (const name of fs.readdirSync(dir)) {
    if (name !== base && !name.startsWith(base + '.')) continue;
    const text = fs.readFileSync(path.join(dir, name), 'utf8');
    const part = /^part: (\d+)$/m.exec(text);
    const total = /^(?:totals|summary): (\d+)/m.exec(text);
    if (part === null || total === null) throw new Error(`callgrind output ${name} has no part or totals line`);
    parts.push({ part: Number(part[1]), ir: Number(total[1]) });
  }
  parts.sort((a, b) => a.part - b.part);
  return parts.map((p) => p.ir);
}

/** runs the jobs, at most `width` at a time, results in the jobs' order */
export async function runPool<T>(jobs: (() => Promise<T>)[], width: number): Promise<T[]> {
  const results: T[] = new Array(jobs.length);
  let next = 0;
  async function worker(): Promise<void> {
    while (next < jobs.length) {
      const index = next++;
      results[index] = await jobs[index]();
    }
  }
  const workers: Promise<void>[] = [];
  for (let w = 0; w < Math.max(1, Math.min(width, jobs.length)); w++) workers.push(worker());
  await Promise.all(workers);
  return results;
}
