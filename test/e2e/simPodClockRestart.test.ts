// The simulated pod (the compiled sim bundle in the simulator) fed a CSV whose clock restarted
// mid-file. The import places the stretch after the restart 1 s after the one before (a gap of
// cause clockRestart, no samples counted lost) and replay starts a fresh detector there; the pod
// must see that second pass too, not the two stretches back to back as one continuous motion.
import { expect } from 'chai';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { PUCKJS2_BOARD } from '../../boards/puckjs2';
import { decodeMessage } from '../../firmware/protocol/codec';
import { MSG_STEP } from '../../firmware/protocol/messageIds';
import { RESTART_PLACEMENT_MS } from '../../host-tools/recording/clockRestart';
import { importCsvFile } from '../../host-tools/recording/csvImport';
import { replayRecording } from '../../host-tools/replay/replayRecording';
import { imuSourceFromRecording } from '../../host-tools/sim/imuSource';
import { PodSimulator } from '../../host-tools/sim/podSimulator';
import { generateSynthetic, SyntheticRun } from '../../host-tools/synthetic/generate';
import { commandFrame, ofType, serialMessages, simBundleSource } from './simPodHelpers';

const RATE_HZ = 104;
const PERIOD_MS = 1000 / RATE_HZ;
/** where the logger's clock starts again: 12 s into the running, mid-stride */
const RESTART_SAMPLE = 15 * RATE_HZ;

interface StepTimes {
  tMs: number;
  stepMs: number;
}

/**
 * `run` as a logger on the Puck's own axes writes it (g and dps), its stamps starting again from 0
 * at `restartSample`: every sample is there, so read back to back the two stretches are the run
 * itself, steps and all
 */
function restartedCsv(run: SyntheticRun, restartSample: number): string {
  const accGPerCount = PUCKJS2_BOARD.scale.accUgPerCount / 1e6;
  const gyroDpsPerCount = PUCKJS2_BOARD.scale.gyroMdpsPerCount / 1000;
  const lines = ['t_ms,ax,ay,az,gx,gy,gz'];
  for (let i = 0; i < run.sampleCount; i++) {
    const s = run.samples.subarray(i * 6, i * 6 + 6);
    const tMs = (i < restartSample ? i : i - restartSample) * PERIOD_MS;
    const acc = [s[0], s[1], s[2]].map((counts) => (counts * accGPerCount).toFixed(5));
    const gyro = [s[3], s[4], s[5]].map((counts) => (counts * gyroDpsPerCount).toFixed(3));
    lines.push([tMs.toFixed(3), ...acc, ...gyro].join(','));
  }
  return lines.join('\n') + '\n';
}

describe('simulated pod fed a CSV whose clock restarted', function () {
  this.timeout(120000);
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lumbarpod-sim-restart-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('sees the second the recording places between the stretches: no step spans the restart, and a new run of steps starts after it where replay starts one', async () => {
    const run = generateSynthetic({
      sampleRateHz: RATE_HZ, seed: 5,
      segments: [{ kind: 'standing', durationS: 3 }, { kind: 'running', durationS: 24, cadenceSpm: 172 }],
    });
    const file = path.join(dir, 'restarted.csv');
    fs.writeFileSync(file, restartedCsv(run, RESTART_SAMPLE));
    const imported = await importCsvFile(file, { scale: PUCKJS2_BOARD.scale, axisMap: PUCKJS2_BOARD.axisMap });
    const recording = imported.recording!;
    expect(recording.gaps.map((gap) => [gap.cause, gap.beforeSample, gap.missingSamples])).to.deep.equal([['clockRestart', RESTART_SAMPLE, 0]]);
    const lastBeforeMs = recording.timesMs[RESTART_SAMPLE - 1];
    const firstAfterMs = recording.timesMs[RESTART_SAMPLE];
    expect(firstAfterMs - lastBeforeMs).to.equal(RESTART_PLACEMENT_MS);

    // the pod starts sampling at the source's sample 0, so its clock is the recording's
    const sim = new PodSimulator({ bundleSource: await simBundleSource(), recording: imuSourceFromRecording(recording) });
    sim.runUntilSourceEnds();
    sim.serialWrite(commandFrame('stopRecording'));
    sim.runFor(200);
    expect(sim.crashes.map((c) => c.message), 'uncaught exceptions in the pod').to.deep.equal([]);
    const podSteps = ofType(serialMessages(sim.serialOutput()).messages, MSG_STEP).map((m) => decodeMessage(m) as unknown as StepTimes);
    const replaySteps: StepTimes[] = replayRecording(recording).coreSteps;

    // a step's stepMs reaches back to the contact before it: none reaches from one stretch to the
    // other (whatever the pod's clock puts between them, the restart is just after lastBeforeMs)
    const spanning = podSteps.filter((step) => step.stepMs > 0 && step.tMs > lastBeforeMs && step.tMs - step.stepMs <= lastBeforeMs);
    expect(spanning.map((step) => [step.tMs, step.stepMs]), 'steps timed across the restart: [tMs, stepMs]').to.deep.equal([]);
    // runs of steps start out of the standing and after the restart (stepMs 0), in both at the
    // same contact, to within the sample the pod's FIFO bursts may place it by
    const runStarts = (steps: StepTimes[]): number[] => steps.filter((step) => step.stepMs === 0).map((step) => step.tMs);
    const replayStarts = runStarts(replaySteps);
    expect(replayStarts.length, 'replay: out of standing, and after the restart').to.equal(2);
    expect(replayStarts[1]).to.be.within(firstAfterMs, firstAfterMs + 500);
    const podStarts = runStarts(podSteps);
    expect(podStarts.length, 'pod: out of standing, and after the restart').to.equal(2);
    podStarts.forEach((tMs, k) => expect(tMs, `run start ${k}`).to.be.closeTo(replayStarts[k], PERIOD_MS));
    // and the steps after the restart are replay's, one for one
    const after = (steps: StepTimes[]): number[] => steps.filter((step) => step.tMs >= firstAfterMs).map((step) => step.tMs);
    expect(after(podSteps).length, 'steps after the restart').to.equal(after(replaySteps).length);
    after(podSteps).forEach((tMs, k) => expect(tMs, `step ${k} after the restart`).to.be.closeTo(after(replaySteps)[k], PERIOD_MS));
  });
});
