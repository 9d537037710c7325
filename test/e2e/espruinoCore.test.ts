// The minified core bundle (dist/lumbarpod-core.min.js) run in the real Espruino interpreter gives
// the same step and summary records, field by field, as firmware/core/pipeline.ts run in Node on
// the same 26-sample blocks. Needs ESPRUINO_BIN, a Linux build of Espruino made outside the
// project (../shared/espruino-facts.md, 6); without it the tests are skipped.
import { expect } from 'chai';
import * as path from 'path';
import { DEFAULT_PIPELINE_SETTINGS, pipelineFinish, pipelineInit, pipelineProcess, SAMPLE_STRIDE } from '../../firmware/core/pipeline';
import { generateSynthetic, SyntheticOptions } from '../../host-tools/synthetic/generate';
import { CORE_BUNDLE } from '../../scripts/build';
import { describeInEspruino, espruinoRun } from './espruinoRun';

/** samples per pipelineProcess call: a FIFO burst of a quarter second at 104 Hz */
const BLOCK_SAMPLES = 26;
const BLOCK_COUNTS = BLOCK_SAMPLES * SAMPLE_STRIDE;
/** wall-clock limit of one interpreter run, s (a 23 s recording takes a few seconds) */
const RUN_TIMEOUT_S = 60;

type Json = { [field: string]: unknown };

interface PipelineOutput {
  steps: Json[];
  summaries: Json[];
}

/** the recording's whole blocks, each copied into one reused block, as the pod's FIFO reader does */
function nodeRun(samples: Int16Array): PipelineOutput {
  const out: PipelineOutput = { steps: [], summaries: [] };
  // the core overwrites its records: keep a JSON copy, as the Espruino side prints them
  const st = pipelineInit(DEFAULT_PIPELINE_SETTINGS, {
    step(record) { out.steps.push(JSON.parse(JSON.stringify(record))); },
    summary(record) { out.summaries.push(JSON.parse(JSON.stringify(record))); },
  });
  const block = new Int16Array(BLOCK_COUNTS);
  for (let offset = 0; offset + BLOCK_COUNTS <= samples.length; offset += BLOCK_COUNTS) {
    block.set(samples.subarray(offset, offset + BLOCK_COUNTS));
    pipelineProcess(st, block, BLOCK_SAMPLES);
  }
  pipelineFinish(st);
  return out;
}

/** the driver appended to the bundle: decodes the recording and prints one JSON line per record */
function espruinoDriver(samples: Int16Array): string {
  const b64 = Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength).toString('base64');
  // E.toArrayBuffer(atob(..)) gives the decoded bytes as an ArrayBuffer (measured; atob(..).buffer throws)
  return `
var A=new Int16Array(E.toArrayBuffer(atob("${b64}")));
var P=LumbarPod,B=new Int16Array(${BLOCK_COUNTS}),o;
var st=P.pipelineInit(P.DEFAULT_PIPELINE_SETTINGS,{
  step:function(r){print("S"+JSON.stringify(r));},
  summary:function(r){print("W"+JSON.stringify(r));}
});
for(o=0;o+${BLOCK_COUNTS}<=A.length;o+=${BLOCK_COUNTS}){B.set(A.subarray(o,o+${BLOCK_COUNTS}));P.pipelineProcess(st,B,${BLOCK_SAMPLES});}
P.pipelineFinish(st);
print("DONE");
`;
}

/** bundle + driver in the interpreter: one JSON line per record, then DONE */
function coreRun(bin: string, source: string): { output: PipelineOutput; raw: string; status: number | null } {
  const run = espruinoRun(bin, source, RUN_TIMEOUT_S);
  const output: PipelineOutput = { steps: [], summaries: [] };
  let done = false;
  for (const line of run.lines) {
    if (line.startsWith('S{')) output.steps.push(JSON.parse(line.slice(1)));
    else if (line.startsWith('W{')) output.summaries.push(JSON.parse(line.slice(1)));
    else if (line === 'DONE') done = true;
  }
  return { output, raw: run.raw, status: done ? run.status : -1 };
}

/** "step 3 voMm: node 41, espruino 40" for every differing field, plus count differences */
function differences(what: string, node: Json[], espruino: Json[]): string[] {
  const found: string[] = [];
  if (node.length !== espruino.length) found.push(`${what}s: node ${node.length}, espruino ${espruino.length}`);
  for (let i = 0; i < Math.min(node.length, espruino.length); i++) {
    const fields = new Set(Object.keys(node[i]).concat(Object.keys(espruino[i])));
    for (const field of fields) {
      const a = JSON.stringify(node[i][field]);
      const b = JSON.stringify(espruino[i][field]);
      if (a !== b) found.push(`${what} ${i} ${field}: node ${a}, espruino ${b}`);
    }
  }
  return found;
}

const STANDING = { kind: 'standing' as const, durationS: 3 };

const CASES: { title: string; options: SyntheticOptions; minSteps: number; check?: (out: PipelineOutput) => void }[] = [
  {
    title: 'running at 170 spm',
    options: { segments: [STANDING, { kind: 'running', durationS: 20, cadenceSpm: 170 }] },
    minSteps: 40,
  },
  {
    title: 'walking at 110 spm',
    options: { segments: [STANDING, { kind: 'walking', durationS: 20, cadenceSpm: 110 }] },
    minSteps: 20,
  },
  {
    title: 'running clipped at 4000 counts from 8 to 14 s',
    options: {
      segments: [STANDING, { kind: 'running', durationS: 17, cadenceSpm: 170 }],
      saturation: { accFullScaleCounts: 4000, fromS: 8, toS: 14 },
    },
    minSteps: 30,
    // the clipped stretch reaches the saturation path of the core (STEP_SATURATED = 1)
    check: (out) => expect(out.steps.some((s) => ((s.quality as number) & 1) !== 0)).to.equal(true),
  },
  {
    title: 'running at 150 then 185 spm, the change inside a window',
    options: { segments: [STANDING, { kind: 'running', durationS: 9, cadenceSpm: 150 }, { kind: 'running', durationS: 10, cadenceSpm: 185 }] },
    minSteps: 50,
    // the second window holds 800 and 648 ms strides: the cadence cuts the 800s (and as many 648s)
    // and reads the 185 spm most of its steps ran
    check: (out) => expect(out.summaries[1].cadenceSpm).to.be.within(183, 185),
  },
];

describeInEspruino('core bundle in the Espruino interpreter', CORE_BUNDLE, (suite) => {

  for (const c of CASES) {
    it(`gives Node's step and summary records, field by field, for ${c.title}`, function () {
      this.timeout(RUN_TIMEOUT_S * 1000 + 10000);
      const samples = generateSynthetic({ sampleRateHz: 104, seed: 1, ...c.options }).samples;
      const node = nodeRun(samples);
      const run = coreRun(suite.bin, suite.bundle + '\n' + espruinoDriver(samples));
      expect(run.status, `interpreter did not finish cleanly:\n${run.raw.slice(-2000)}`).to.equal(0);
      expect(node.steps.length, 'steps found in Node').to.be.at.least(c.minSteps);
      expect(node.summaries.length, 'summaries in Node').to.be.at.least(1);
      if (c.check) c.check(node);
      const diff = differences('step', node.steps, run.output.steps).concat(differences('summary', node.summaries, run.output.summaries));
      expect(diff.slice(0, 20), `${diff.length} differences`).to.deep.equal([]);
    });
  }
});
