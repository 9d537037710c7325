#!/usr/bin/env node
// Runs the whole test suite (mocha over test/**/*.test.ts through ts-node) and ends with
// one plain line "tests: N passed, N failed" taken from mocha's own counters.
'use strict';
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
process.chdir(root);
require('ts-node').register({ project: path.join(root, 'tsconfig.json'), transpileOnly: true });
const Mocha = require('mocha');

function testFiles(dir) {
  const found = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...testFiles(full));
    else if (entry.name.endsWith('.test.ts')) found.push(full);
  }
  return found.sort();
}

const only = process.argv.slice(2);
const mocha = new Mocha({ reporter: 'spec', timeout: 120000 });
for (const file of testFiles(path.join(root, 'test'))) {
  if (only.length === 0 || only.some((part) => file.includes(part))) mocha.addFile(file);
}
const runner = mocha.run(() => {
  const stats = runner.stats || { passes: 0, failures: 0, pending: 0 };
  if (stats.pending > 0) console.log(`tests pending (skipped, see above): ${stats.pending}`);
  console.log(`tests: ${stats.passes} passed, ${stats.failures} failed`);
  process.exitCode = stats.failures > 0 ? 1 : 0;
});
