import { expect } from 'chai';
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const freshOutDir = require.resolve('../../../host-tools/cli/freshOutDir');

/**
 * One process of the race: in each round it waits at a barrier until every process is there,
 * then checks that its own directory under the round's new parent can be created (as record,
 * log and export do with --out), creates it, and creates one path all of them share (the flash
 * state directory on first use). Prints, as JSON, each round's failures and the levels makeDirs
 * said it made.
 */
const RACER = `
const fs = require('fs');
const path = require('path');
const { checkDirCreatable, makeDirs } = require(${JSON.stringify(freshOutDir)});
const [base, who, processes, rounds] = process.argv.slice(1);
const failures = [];
const made = [];
for (let round = 0; round < Number(rounds); round++) {
  const barrier = path.join(base, 'barrier');
  fs.writeFileSync(path.join(barrier, round + '-' + who), '');
  for (let other = 0; other < Number(processes); other++) {
    while (!fs.existsSync(path.join(barrier, round + '-' + other))) { /* all start the round together */ }
  }
  const own = path.join(base, 'rounds', String(round), 'new', 'run-' + who);
  for (const [what, act] of [
    ['check', () => checkDirCreatable(own, '--out')],
    ['make own', () => made.push(...makeDirs(own))],
    ['make shared', () => made.push(...makeDirs(path.join(base, 'rounds', String(round), 'state', 'lumbarpod')))],
  ]) {
    try {
      act();
    } catch (e) {
      failures.push(round + ' ' + what + ': ' + e.message);
    }
  }
}
console.log(JSON.stringify({ failures, made: made.map((level) => path.relative(base, level)) }));
`;

function race(base: string, who: number, processes: number, rounds: number): Promise<{ failures: string[]; made: string[] }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', RACER, base, String(who), String(processes), String(rounds)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString(); });
    child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
    child.on('exit', (code) => {
      if (code !== 0) reject(new Error(`racer ${who} exited ${code}: ${stderr}`));
      else resolve(JSON.parse(stdout));
    });
  });
}

describe('output directories made by several processes at once', () => {
  let base: string;
  beforeEach(() => {
    base = fs.mkdtempSync(path.join(os.tmpdir(), 'lumbarpod-race-'));
    fs.mkdirSync(path.join(base, 'barrier'));
  });
  afterEach(() => {
    fs.rmSync(base, { recursive: true, force: true });
  });

  it('are each checked and made, in a new parent they share: none is refused, every level is said to be made by one process only, and nothing else is left', async () => {
    const processes = 4;
    // each round a new parent: a check that made and removed the user's own names, or a makeDirs
    // that took EEXIST for a failure, failed in most rounds of four
    const rounds = 100;
    const results = await Promise.all(Array.from({ length: processes }, (_, who) => race(base, who, processes, rounds)));
    expect(results.flatMap((r) => r.failures)).to.deep.equal([]);

    const madeBy = new Map<string, number>();
    for (const level of results.flatMap((r) => r.made)) madeBy.set(level, (madeBy.get(level) ?? 0) + 1);
    const expectedLevels: string[] = ['rounds'];
    for (let round = 0; round < rounds; round++) {
      const r = path.join('rounds', String(round));
      expectedLevels.push(r, path.join(r, 'new'), path.join(r, 'state'), path.join(r, 'state', 'lumbarpod'));
      for (let who = 0; who < processes; who++) expectedLevels.push(path.join(r, 'new', `run-${who}`));
    }
    expect([...madeBy.keys()].sort()).to.deep.equal(expectedLevels.slice().sort());
    expect([...madeBy.entries()].filter(([, times]) => times !== 1), 'levels more than one process said it made').to.deep.equal([]);

    // what is there is what they made: no check's directory left over
    const found: string[] = [];
    const walk = (relative: string): void => {
      for (const name of fs.readdirSync(path.join(base, relative))) {
        found.push(path.join(relative, name));
        walk(path.join(relative, name));
      }
    };
    walk('rounds');
    expect(['rounds', ...found].sort()).to.deep.equal(expectedLevels.slice().sort());
  });
});
