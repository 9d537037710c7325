// `lumbarpod record` (runPodSession, in this process) of the simulated pod whose bytes stop
// reaching the host while the host's port stays open (a pod whose battery ran flat on its serial
// adapter, a loose TX wire): the silence is said in the recording, and a pod silent to the end
// leaves the time since its last raw batch as a gap, as one that went away does.
import { expect } from 'chai';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { SIM_BOARD } from '../../boards/sim';
import { PodSessionResult, runPodSession } from '../../host-tools/record/podSession';
import { readPodRecording } from '../../host-tools/recording/podRecording';
import { PodOnPty, startPodOnPty } from '../../host-tools/sim/podOnPty';
import { PodSimulator } from '../../host-tools/sim/podSimulator';
import { flashedPodHeldUntilStart } from './simPodHelpers';
import { generateSynthetic } from '../../host-tools/synthetic/generate';

/** virtual ms per wall ms */
const SPEED = 10;
const RATE_HZ = 104;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('lumbarpod record of a pod that falls silent with its port open', function () {
  this.timeout(120000);
  let dir = '';
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lumbarpod-silence-'));
  });
  after(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** records `durationS` (wall) while `during` acts on the pod (its pseudo-terminal link and the simulator) */
  async function recordWhile(out: string, durationS: number, during: (pod: PodOnPty, sim: PodSimulator) => Promise<void>): Promise<PodSessionResult> {
    const { sim, held } = await flashedPodHeldUntilStart(generateSynthetic({
      sampleRateHz: RATE_HZ, seed: 5, segments: [{ kind: 'standing', durationS: 3 }, { kind: 'running', durationS: 120, cadenceSpm: 170 }],
    }));
    const pod = await startPodOnPty(sim, { speed: SPEED, heldSource: held });
    try {
      const session = runPodSession({
        portPath: pod.hostPath, board: SIM_BOARD, outDir: out, raw: true, reconnectWaitS: 5, write: () => undefined, tty: false,
        durationS, stopRequested: new Promise<void>(() => undefined), silentAfterMs: 1000,
      });
      await during(pod, sim);
      return await session;
    } finally {
      await pod.close();
    }
  }

  /** records `durationS` (wall) with the pod's bytes cut off from `muteAtMs` to `unmuteAtMs` (wall ms after the start) */
  function recordMuted(out: string, durationS: number, muteAtMs: number, unmuteAtMs?: number): Promise<PodSessionResult> {
    return recordWhile(out, durationS, async (pod) => {
      await sleep(muteAtMs);
      pod.setMuted(true);
      if (unmuteAtMs === undefined) return;
      await sleep(unmuteAtMs - muteAtMs);
      pod.setMuted(false);
    });
  }

  it('silent to the end: a silent event, and the time since the last raw batch is a disconnect gap at the end', async () => {
    const out = path.join(dir, 'to-the-end');
    const result = await recordMuted(out, 7, 2000);
    const recording = readPodRecording(out);
    const silent = recording.lines.filter((l) => l.type === 'linkEvent' && l.event === 'silent');
    expect(silent).to.have.length(1);
    expect(result.silentAtEndS).to.be.a('number').and.to.be.greaterThan(1);
    const gaps = recording.meta.gaps;
    expect(gaps).to.have.length(1);
    expect(gaps[0].cause).to.equal('disconnect');
    expect(gaps[0].fromSample).to.equal(recording.meta.rawSamples);
    // about 5 s of host time went by since the last batch (1 s quiet, 2 s for an answer to getStatus, 2 s silent)
    expect(gaps[0].missingSamples).to.be.within(4 * RATE_HZ, 6 * RATE_HZ);
  });

  it('a pod its button stopped is quiet but answers getStatus: not silent, and no gap', async () => {
    const out = path.join(dir, 'button');
    const result = await recordWhile(out, 7, async (pod, sim) => {
      await sleep(2000);
      sim.pressButton();
    });
    expect(result.silentAtEndS).to.equal(undefined);
    const recording = readPodRecording(out);
    expect(recording.lines.filter((l) => l.type === 'linkEvent' && (l.event === 'silent' || l.event === 'heardAgain'))).to.have.length(0);
    expect(recording.meta.gaps).to.deep.equal([]);
  });

  it('silent for a while: silent and heardAgain events, and the samples lost meanwhile are a gap', async () => {
    const out = path.join(dir, 'a-while');
    await recordMuted(out, 8, 1500, 6000);
    const recording = readPodRecording(out);
    const events = recording.lines.filter((l) => l.type === 'linkEvent' && (l.event === 'silent' || l.event === 'heardAgain')).map((l) => l.event);
    expect(events).to.deep.equal(['silent', 'heardAgain']);
    const gaps = recording.meta.gaps;
    expect(gaps).to.have.length(1);
    expect(gaps[0].cause).to.equal('link');
    // 4.5 s wall at 10x: 45 s of the pod's samples
    expect(gaps[0].missingSamples).to.be.within(35 * RATE_HZ, 55 * RATE_HZ);
  });
});
