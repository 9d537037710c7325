// `lumbarpod simulate FILE.csv` reads a CSV as `lumbarpod replay` does (csvReadOptions.ts): the
// same options, --board included, give the same import, whose notes and warnings both print line
// for line. Only --rate differs: simulate's is the pod's sample rate, not the CSV's.
import { expect } from 'chai';
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const root = path.resolve(__dirname, '..', '..', '..');
const bin = path.join(root, 'bin', 'lumbarpod.js');
// the real walking trial bundled with the project (examples/mobgap, Apache-2.0): gravity along x
const MOBGAP = path.join(root, 'examples', 'mobgap', 'HA-001_Test5_Trial1.csv');
/** a run that hangs fails its test rather than stall the suite */
const HANG_GUARD_MS = 60000;

function replayStderr(args: string[]): string {
  const result = spawnSync(process.execPath, [bin, 'replay', ...args], { cwd: os.tmpdir(), encoding: 'utf8', timeout: HANG_GUARD_MS, killSignal: 'SIGKILL' });
  expect(result.status, result.stderr).to.equal(0);
  return result.stderr;
}

/**
 * What simulate printed on stderr by the time its pod is on the pseudo-terminal ("pod: PATH" on
 * stdout), when the CSV has been read; it is then stopped as Ctrl-C stops it
 */
function simulateStderr(args: string[]): Promise<string> {
  const child = spawn(process.execPath, [bin, 'simulate', ...args], { cwd: os.tmpdir(), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  return new Promise((resolve, reject) => {
    const guard = setTimeout(() => child.kill('SIGKILL'), HANG_GUARD_MS);
    child.stderr!.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (/^pod: /m.test(stdout)) child.kill('SIGTERM');
    });
    child.once('close', (code, signal) => {
      clearTimeout(guard);
      if (!/^pod: /m.test(stdout)) reject(new Error(`simulate ended (${code ?? signal}) before its pod was up:\n${stdout}${stderr}`));
      else resolve(stderr);
    });
  });
}

describe('simulate reads a CSV as replay does', function () {
  this.timeout(120000);
  let dir: string;
  let file: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lumbarpod-simulate-csv-'));
    // a logger's line before the header (a note) and a value it lost (a warning), on the real trial
    const lines = fs.readFileSync(MOBGAP, 'utf8').trimEnd().split('\n');
    lines[300] = lines[300].replace(/,[^,]*$/, ',NA');
    file = path.join(dir, 'walk.csv');
    fs.writeFileSync(file, ['# Device: lower-back logger', ...lines].join('\n') + '\n');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('takes replay\'s --board: with the same options it prints replay\'s notes and warnings, line for line', async () => {
    // puckjs2 (the default) has its vertical on y, so the trial's gravity along x is warned about;
    // mdbt42q-lsm6dso has it on x, so it is not
    const cases: Array<{ args: string[]; gravityWarned: boolean }> = [
      { args: [], gravityWarned: true },
      { args: ['--board', 'mdbt42q-lsm6dso'], gravityWarned: false },
    ];
    for (const { args, gravityWarned } of cases) {
      const replayed = replayStderr([file, ...args]);
      expect(replayed, `replay ${args.join(' ')}`).to.match(/^lumbarpod: note: .*walk\.csv: .*1 line before the header/m);
      expect(replayed, `replay ${args.join(' ')}`).to.match(/^lumbarpod: warning: .*walk\.csv: a line has a missing value .*: line 302/m);
      expect(/gravity lies along the sensor's x axis/.test(replayed), `replay ${args.join(' ')}: gravity warned`).to.equal(gravityWarned);
      expect(await simulateStderr([file, ...args, '--dir', path.join(dir, 'pty')]), `simulate ${args.join(' ')}`).to.equal(replayed);
    }
  });

  it('keeps --rate for the pod\'s sample rate: a CSV\'s rate comes from its stamps, and its help says so', () => {
    const refused = spawnSync(process.execPath, [bin, 'simulate', file, '--rate', '100'], { cwd: os.tmpdir(), encoding: 'utf8', timeout: HANG_GUARD_MS });
    expect(refused.status).to.equal(2);
    expect(refused.stderr).to.match(/give --rate as one of 52, 104, 208 Hz/);
    const help = spawnSync(process.execPath, [bin, 'simulate', '--help'], { cwd: os.tmpdir(), encoding: 'utf8', timeout: HANG_GUARD_MS });
    expect(help.stdout.replace(/\s+/g, ' ')).to.contain('--rate here is the rate the simulated pod samples at, as `record --rate` sets it, not the CSV\'s');
  });
});
