#!/usr/bin/env node
// The main job on its embedded default: replays the bundled recordings (a real walking trial
// and a synthetic run) through the detector and prints each one's summary as tables.
'use strict';
const path = require('path');
const { spawnSync } = require('child_process');

const root = path.resolve(__dirname, '..');
const cli = path.join(root, 'bin', 'lumbarpod.js');
const recordings = [
  {
    title: 'Real walking trial: Mobilise-D lab, healthy adult, straight walk (examples/mobgap)',
    args: ['examples/mobgap/HA-001_Test5_Trial1.csv', '--axes', 'V=x,AP=z,ML=-y'],
  },
  {
    title: 'Synthetic run: 5 s standing, 3 min at 172 spm, tiring (examples/synthetic)',
    args: ['examples/synthetic/run-172spm-fatigue.csv'],
  },
];

let failed = 0;
for (const recording of recordings) {
  console.log(`\n== ${recording.title}\n`);
  const result = spawnSync(process.execPath, [cli, 'replay', ...recording.args, '--format', 'table'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) failed++;
}
process.exitCode = failed > 0 ? 1 : 0;
