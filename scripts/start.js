#!/usr/bin/env node
// The main job on its embedded default, end to end: for each bundled recording (a real walking
// trial and a synthetic tiring run) the simulated pod runs the compiled firmware on it and
// appears on a pseudo-terminal (`lumbarpod simulate`); the host records it over that serial port
// with the live view (`lumbarpod record`), replays the recording through the detector
// (`lumbarpod replay`) and writes the report (`lumbarpod report`), whose path it prints.
// Runs to the end without a terminal (CI, no stdin).
'use strict';
const fs = require('fs');
const path = require('path');
const { spawn, spawnSync } = require('child_process');

const root = path.resolve(__dirname, '..');
const cli = path.join(root, 'bin', 'lumbarpod.js');
const outRoot = path.join(root, 'recordings');
/** pod time per wall-clock time: the 3-minute run records in about 10 s */
const SPEED = 20;

const recordings = [
  {
    name: 'walking-trial',
    title: 'Real walking trial: Mobilise-D lab, healthy adult, straight walk (examples/mobgap)',
    simulate: ['examples/mobgap/HA-001_Test5_Trial1.csv', '--axes', 'V=x,AP=z,ML=-y'],
    seconds: 13,
  },
  {
    name: 'synthetic-run',
    title: 'Synthetic run: 5 s standing, 3 min at 172 spm, tiring (examples/synthetic)',
    simulate: ['examples/synthetic/run-172spm-fatigue.csv'],
    seconds: 186,
  },
];

function startSimulate(args) {
  const child = spawn(process.execPath, [cli, 'simulate', ...args, '--speed', String(SPEED)], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  let podUp = () => undefined;
  let sourceOver = () => undefined;
  const podPath = new Promise((resolve, reject) => {
    podUp = resolve;
    child.on('exit', (code) => reject(new Error(`lumbarpod simulate exited (${code}) before the pod was up`)));
  });
  // the simulated pod says when the recording it was fed has played to its end
  const over = new Promise((resolve) => { sourceOver = resolve; });
  child.stdout.on('data', (chunk) => {
    out += chunk.toString();
    const match = /^pod: (.+)$/m.exec(out);
    if (match) podUp(match[1]);
    if (/ recording is over/.test(out)) sourceOver();
  });
  return { child, podPath, over };
}

/**
 * `lumbarpod record` until the simulated pod has played its whole recording and read its last
 * sample: stopped then as Ctrl-C stops it, so what is recorded does not depend on how fast this
 * machine runs the pod. Resolves true only for that; a simulator that exits first, or a
 * recording not played to its end in `safetyS` of wall clock, stops record too, as a failure.
 */
function recordUntilOver(args, sim, safetyS) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, 'record', ...args], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    child.stdout.on('data', (chunk) => process.stdout.write(chunk));
    let failure;
    let stopping = false;
    const stop = (why) => {
      // one SIGINT only: a second tells record not to wait for the pod's last messages
      if (stopping || child.exitCode !== null || child.signalCode !== null) return;
      stopping = true;
      console.log(`lumbarpod start: ${why}; stopping record as Ctrl-C does`);
      child.kill('SIGINT');
    };
    const fail = (why) => {
      if (stopping) return;
      failure = why;
      stop(why);
    };
    const safety = setTimeout(() => fail(`the simulated pod has not played its recording to the end in ${safetyS} s`), safetyS * 1000);
    const simExited = (code) => fail(`lumbarpod simulate exited (${code}) before the end of its recording`);
    sim.child.once('exit', simExited);
    sim.over.then(() => stop('the simulated pod has played the whole recording'));
    child.on('exit', (code) => {
      clearTimeout(safety);
      sim.child.off('exit', simExited);
      if (failure !== undefined) console.error(`lumbarpod start: ${failure}`);
      resolve(code === 0 && failure === undefined);
    });
  });
}

function cliRun(args, capture) {
  const result = spawnSync(process.execPath, [cli, ...args], { cwd: root, stdio: ['ignore', capture ? 'pipe' : 'inherit', 'inherit'], encoding: 'utf8' });
  if (capture && result.stdout) process.stdout.write(result.stdout);
  return result;
}

async function one(recording) {
  console.log(`\n== ${recording.title}\n`);
  const out = path.join(outRoot, recording.name);
  fs.rmSync(out, { recursive: true, force: true });
  const sim = startSimulate(recording.simulate);
  try {
    const podPath = await sim.podPath;
    console.log(`simulated pod on ${podPath}; recording it (pod time runs ${SPEED}x)`);
    // the pod's recording starts when record starts it
    const safetyS = Math.ceil((recording.seconds / SPEED) * 4 + 10);
    if (!(await recordUntilOver(['--port', podPath, '--out', out], sim, safetyS))) return false;
  } finally {
    sim.child.kill('SIGTERM');
  }
  console.log(`\nreplay of ${path.relative(root, out)} through the detector:\n`);
  if (cliRun(['replay', out, '--format', 'table'], false).status !== 0) return false;
  const report = cliRun(['report', out], true);
  return report.status === 0;
}

async function main() {
  let failed = 0;
  for (const recording of recordings) {
    try {
      if (!(await one(recording))) failed++;
    } catch (err) {
      console.error(`lumbarpod start: ${err.message}`);
      failed++;
    }
  }
  console.log('\nReports (open in a browser):');
  for (const recording of recordings) console.log(`  ${path.join(outRoot, recording.name, 'report.html')}`);
  process.exitCode = failed > 0 ? 1 : 0;
}

main();
