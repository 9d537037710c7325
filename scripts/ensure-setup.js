#!/usr/bin/env node
// Installs what `npm start` and `npm test` need on a fresh machine, so neither needs a separate
// set-up step: npm dependencies when node_modules is missing or older than the lock file, and
// the Debian packages the tests and the simulator run (socat for pseudo-terminals, chromium for
// the dashboard) when their programs are not on PATH. With everything present it runs no
// installer at all, so it costs a few stat calls and `which` lookups.
'use strict';
const fs = require('fs');
const path = require('path');
const { execSync, spawnSync } = require('child_process');

const root = path.resolve(__dirname, '..');
const marker = path.join(root, 'node_modules', '.package-lock.json');
const lock = path.join(root, 'package-lock.json');

/** Debian package -> the program it puts on PATH */
const DEBIAN_PACKAGES = [
  { name: 'socat', program: 'socat' },
  { name: 'chromium', program: 'chromium' },
];

/** another npm test or apt run may hold dpkg's lock for a while: wait for it instead of failing */
const APT_LOCK_TIMEOUT_S = 300;

function mtime(file) {
  try { return fs.statSync(file).mtimeMs; } catch (e) { return -1; }
}

function onPath(program) {
  return spawnSync('which', [program], { stdio: 'ignore' }).status === 0;
}

function apt(args) {
  const result = spawnSync('apt-get', ['-o', `DPkg::Lock::Timeout=${APT_LOCK_TIMEOUT_S}`, ...args], {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  if (result.error) return result.error.code === 'ENOENT' ? 'apt-get not found' : result.error.message;
  return result.status === 0 ? '' : `apt-get ${args[0]} exited with ${result.status === null ? result.signal : result.status}`;
}

function fail(message) {
  console.error(`setup: ${message}`);
  process.exit(1);
}

if (mtime(marker) < 0 || mtime(marker) < mtime(lock)) {
  console.log('setup: installing npm dependencies');
  try {
    execSync('npm install --no-audit --no-fund', { cwd: root, stdio: 'inherit' });
  } catch (e) {
    fail('npm install failed (see above)');
  }
}

const missing = DEBIAN_PACKAGES.filter((pkg) => !onPath(pkg.program)).map((pkg) => pkg.name);
if (missing.length > 0) {
  // -q: no progress bars in logs; apt and dpkg still say what they fetch and set up
  const install = ['install', '-y', '-q', '--no-install-recommends', ...missing];
  console.log(`setup: installing Debian packages ${missing.join(' ')} (apt-get install)`);
  let failure = apt(install);
  // a fresh machine's package lists may be missing or stale: refresh them only then
  if (failure !== '' && failure !== 'apt-get not found') {
    console.log('setup: apt-get install failed, updating the package lists and trying again (apt-get update)');
    failure = apt(['update', '-qq']) || apt(install);
  }
  if (failure !== '') {
    fail(`cannot install ${missing.join(' ')}: ${failure}; install them yourself (apt-get install ${missing.join(' ')}) and run again`);
  }
  const stillMissing = DEBIAN_PACKAGES.filter((pkg) => missing.includes(pkg.name) && !onPath(pkg.program));
  if (stillMissing.length > 0) {
    fail(`installed ${missing.join(' ')} but ${stillMissing.map((pkg) => pkg.program).join(' ')} is still not on PATH`);
  }
}
