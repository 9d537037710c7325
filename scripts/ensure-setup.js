#!/usr/bin/env node
// Installs npm dependencies when node_modules is missing or older than the lock file,
// so `npm start` and `npm test` work on a fresh clone without a separate set-up step.
'use strict';
const fs = require('fs');
const path = require('path');
const { execSync } = require('child_process');

const root = path.resolve(__dirname, '..');
const marker = path.join(root, 'node_modules', '.package-lock.json');
const lock = path.join(root, 'package-lock.json');

function mtime(file) {
  try { return fs.statSync(file).mtimeMs; } catch (e) { return -1; }
}

if (mtime(marker) < 0 || mtime(marker) < mtime(lock)) {
  console.log('setup: installing npm dependencies');
  execSync('npm install --no-audit --no-fund', { cwd: root, stdio: 'inherit' });
}
