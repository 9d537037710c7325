// `lumbarpod simulate` refuses an option that would change nothing rather than ignore it: the
// synthetic run's --cadence, --duration and --fatigue with a recording given, and the CSV
// reading options (--board, --axes, --columns, --acc-unit, --gyro-unit) for the synthetic run.
import { expect } from 'chai';
import { spawnSync } from 'child_process';
import * as os from 'os';
import * as path from 'path';

const root = path.resolve(__dirname, '..', '..', '..');
const bin = path.join(root, 'bin', 'lumbarpod.js');
const MOBGAP = path.join(root, 'examples', 'mobgap', 'HA-001_Test5_Trial1.csv');
/** a run that hangs (the pod started after all) fails its test rather than stall the suite */
const HANG_GUARD_MS = 60000;

function simulate(args: string[]): { status: number | null; stderr: string; stdout: string } {
  const result = spawnSync(process.execPath, [bin, 'simulate', ...args], { cwd: os.tmpdir(), encoding: 'utf8', timeout: HANG_GUARD_MS, killSignal: 'SIGKILL' });
  return { status: result.status, stderr: result.stderr, stdout: result.stdout };
}

describe('simulate options that would change nothing', function () {
  this.timeout(120000);

  it('refuses the synthetic run\'s --cadence, --duration and --fatigue with a recording given, before any pod starts', () => {
    const refused = simulate([MOBGAP, '--axes', 'V=x,AP=z,ML=-y', '--duration', '30', '--fatigue']);
    expect(refused.status, refused.stderr).to.equal(2);
    expect(refused.stdout).not.to.match(/^pod: /m);
    expect(refused.stderr).to.match(/^lumbarpod: --duration, --fatigue: for the synthetic run only \(no recording given\); .*HA-001_Test5_Trial1\.csv is played as it was recorded/m);
  });

  it('refuses the CSV reading options for the synthetic run', () => {
    const refused = simulate(['--cadence', '180', '--axes', 'V=x,AP=z,ML=-y', '--board', 'mdbt42q-lsm6dso']);
    expect(refused.status, refused.stderr).to.equal(2);
    expect(refused.stdout).not.to.match(/^pod: /m);
    expect(refused.stderr).to.match(/^lumbarpod: --board, --axes: for reading a CSV file only; the synthetic run has its own units and mounting/m);
  });
});
