// How long `lumbarpod --version` takes to start: from the CLI's bundle (bin/lumbarpod.js, the
// bundle made already) against the TypeScript compiled through ts-node at every start, as
// bin/lumbarpod.js did before. Whole processes, each command several times; the median is
// printed. One JSON line, asserts nothing.
import { spawnSync } from 'child_process';
import * as path from 'path';

const root = path.resolve(__dirname, '..', '..');
const RUNS = 5;

function medianMs(command: string[]): number {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = process.hrtime.bigint();
    const run = spawnSync(process.execPath, command, { cwd: root, encoding: 'utf8' });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (run.status !== 0) throw new Error(`${command.join(' ')} failed: ${run.stderr}`);
    times.push(ms);
  }
  times.sort((a, b) => a - b);
  return Math.round(times[RUNS >> 1]);
}

// made (or checked) once before the timed runs
spawnSync(process.execPath, [path.join(root, 'bin', 'lumbarpod.js'), '--version'], { cwd: root });
const bundleMs = medianMs([path.join(root, 'bin', 'lumbarpod.js'), '--version']);
const tsNodeMs = medianMs(['-e', `require('ts-node').register({ transpileOnly: true, project: ${JSON.stringify(path.join(root, 'tsconfig.json'))} });` +
  `require(${JSON.stringify(path.join(root, 'host-tools', 'cli', 'main'))}).runCli([process.execPath, 'lumbarpod', '--version']);`]);
console.log(JSON.stringify({ bench: 'cli-startup', command: 'lumbarpod --version', runs: RUNS, bundleMedianMs: bundleMs, tsNodeMedianMs: tsNodeMs, node: process.version }));
