#!/usr/bin/env node
// Runs every test/bench/*.bench.ts in turn, each in its own `node --expose-gc` child (so one
// bench's heap and JIT state cannot colour the next), with its stdout passed through. The
// figures are printed, never asserted: a bench fails only when its script throws.
// `node scripts/bench.js replay` runs the benches whose file name contains "replay".
'use strict';
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');

const root = path.resolve(__dirname, '..');
const benchDir = path.join(root, 'test', 'bench');
const RUN_ONE = '--run-one';

function registerTsNode() {
  require('ts-node').register({ project: path.join(root, 'tsconfig.json'), transpileOnly: true });
}

if (process.argv[2] === RUN_ONE) {
  // child: this process was started with --expose-gc; run the one bench file named
  process.chdir(root);
  registerTsNode();
  require(path.resolve(root, process.argv[3]));
} else {
  const only = process.argv.slice(2);
  const files = fs.readdirSync(benchDir)
    .filter((name) => name.endsWith('.bench.ts'))
    .filter((name) => only.length === 0 || only.some((part) => name.includes(part)))
    .sort();
  if (files.length === 0) {
    console.error(`bench: no test/bench/*.bench.ts${only.length > 0 ? ` matching ${only.join(', ')}` : ''}`);
    process.exit(1);
  }
  let failed = 0;
  for (const name of files) {
    const file = path.join('test', 'bench', name);
    // stdout and stderr inherited: each bench's JSON line reaches our stdout unchanged
    const child = spawnSync(process.execPath, ['--expose-gc', __filename, RUN_ONE, file], { cwd: root, stdio: 'inherit' });
    if (child.status !== 0) {
      failed++;
      console.error(`bench: ${file} failed (${child.signal ? `signal ${child.signal}` : `exit code ${child.status}`})`);
    }
  }
  process.exitCode = failed > 0 ? 1 : 0;
}
