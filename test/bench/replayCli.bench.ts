// Host replay throughput: the same 30 min synthetic run as replay.bench.ts written as CSV text,
// imported (csv-parse, units to counts, rate and gap inference) and replayed with
// replayRecording (64-sample blocks, records collected). Prints one JSON line, asserts nothing.
import { importCsvText } from '../../host-tools/recording/csvImport';
import { replayRecording } from '../../host-tools/replay/replayRecording';
import { generateSynthetic } from '../../host-tools/synthetic/generate';
import { syntheticToCsv } from '../../host-tools/synthetic/csv';
import { BENCH_RUN_OPTIONS } from './benchRun';

const run = generateSynthetic(BENCH_RUN_OPTIONS);
const csvText = syntheticToCsv(run);
const importOptions = { scale: run.board.scale, axisMap: run.board.axisMap };

// a short import first, so the timed one does not pay for loading and first compiling csv-parse
importCsvText(csvText.slice(0, csvText.indexOf('\n', 100000) + 1), importOptions);
const importStart = process.hrtime.bigint();
const imported = importCsvText(csvText, importOptions);
const importEnd = process.hrtime.bigint();
const recording = imported.recording;
// a broken bench input is an error, not a figure
if (recording === undefined || imported.error !== undefined || recording.sampleCount !== run.sampleCount) {
  throw new Error(`CSV import of the synthetic run failed: ${imported.error ? imported.error.message : 'no recording'} (${recording ? recording.sampleCount : 0} of ${run.sampleCount} samples)`);
}

replayRecording(recording);
const replayStart = process.hrtime.bigint();
const result = replayRecording(recording);
const replayEnd = process.hrtime.bigint();

const importSeconds = Number(importEnd - importStart) / 1e9;
const replaySeconds = Number(replayEnd - replayStart) / 1e9;
console.log(JSON.stringify({
  bench: 'replay-host',
  samplesPerSec: Math.round(recording.sampleCount / replaySeconds),
  importSamplesPerSec: Math.round(recording.sampleCount / importSeconds),
  samples: recording.sampleCount,
  steps: result.totals.steps,
  gaps: recording.gaps.length,
  seconds: Number(replaySeconds.toFixed(4)),
  importSeconds: Number(importSeconds.toFixed(4)),
  node: process.version,
}));
