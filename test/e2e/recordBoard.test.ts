// `lumbarpod record` of the simulated pod (run in this process) with and without --board: the
// pod's status names the board its firmware was built for (firmware 0.16 on), and a recording
// reads its samples with that board's scale and axes unless the user gave one that reads alike.
import { expect } from 'chai';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { readPodRecording } from '../../host-tools/recording/podRecording';
import { startPodOnPty } from '../../host-tools/sim/podOnPty';
import { generateSynthetic } from '../../host-tools/synthetic/generate';
import { lumbarpodInProcess } from '../host-tools/cli/cliInProcess';
import { flashedPodHeldUntilStart } from './simPodHelpers';

describe('lumbarpod record takes the pod\'s board from its status', function () {
  this.timeout(120000);
  let dir = '';
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lumbarpod-board-'));
  });
  after(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** `lumbarpod record` of a simulated pod for 2 s with `boardArgs` */
  async function record(out: string, boardArgs: string[]) {
    const { sim, held } = await flashedPodHeldUntilStart(generateSynthetic({
      sampleRateHz: 104, seed: 3, segments: [{ kind: 'standing', durationS: 3 }, { kind: 'running', durationS: 30, cadenceSpm: 170 }],
    }));
    const pod = await startPodOnPty(sim, { speed: 5, heldSource: held });
    try {
      const run = await lumbarpodInProcess('record', '--port', pod.hostPath, '--out', out, '--duration', '2', ...boardArgs);
      expect(sim.crashes.map((c) => c.message)).to.deep.equal([]);
      return { run, startedByHost: held.released };
    } finally {
      await pod.close();
    }
  }

  it('without --board: the board the pod says (the simulator\'s), in recording.json', async () => {
    const out = path.join(dir, 'as-the-pod-says');
    const { run } = await record(out, []);
    expect(run.code, run.err).to.equal(0);
    expect(readPodRecording(out).meta.board).to.equal('sim');
  });

  it('--board of another IMU mounting than the pod\'s (the MDBT42Q\'s axes on the simulator): refused before the pod is started, naming the pod\'s board, and nothing is made', async () => {
    const out = path.join(dir, 'wrong-board');
    const { run, startedByHost } = await record(out, ['--board', 'mdbt42q-lsm6dso']);
    expect(run.code).to.equal(2);
    // after the live view's first line
    expect(run.err.trimEnd().split('\n').pop()).to.equal('lumbarpod: the pod runs the sim firmware, whose IMU scale and axes are not the mdbt42q-lsm6dso\'s: ' +
      'its samples would be read wrong. Leave --board out (the pod says its board) or give --board sim');
    expect(startedByHost, 'the pod told to start').to.equal(false);
    expect(fs.existsSync(out)).to.equal(false);
  });

  it('--board that reads samples as the pod\'s does (puckjs2 on the simulator, which runs the Puck\'s firmware): kept as given', async () => {
    const out = path.join(dir, 'alike');
    const { run } = await record(out, ['--board', 'puckjs2']);
    expect(run.code, run.err).to.equal(0);
    expect(readPodRecording(out).meta.board).to.equal('puckjs2');
  });
});
