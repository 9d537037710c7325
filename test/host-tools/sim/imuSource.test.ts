import { expect } from 'chai';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { PUCKJS2_BOARD } from '../../../boards/puckjs2';
import { ImuRecording } from '../../../host-tools/recording/imuRecording';
import { constantImuSource, imuSourceFromRecording, imuSourceFromSynthetic } from '../../../host-tools/sim/imuSource';
import { Vec3 } from '../../../host-tools/sim/lsm6ds3trcModel';
import { generateSynthetic } from '../../../host-tools/synthetic/generate';
import { importCsvText } from '../../../host-tools/recording/csvImport';
import { readPodRecording } from '../../../host-tools/recording/podRecording';
import { recordSimulatedRun } from '../../../host-tools/sim/simulatedRecording';
import { syntheticToCsv } from '../../../host-tools/synthetic/csv';
import { simBundleSource } from '../../e2e/simPodHelpers';

function oneSampleRecording(sample: number[], axisMap = { v: 3, ap: 1, ml: 2 }): ImuRecording {
  return {
    samplesCounts: Int16Array.from(sample), timesMs: Float64Array.of(0), sampleCount: 1, sampleRateHz: 100,
    scale: { accUgPerCount: 1000, gyroMdpsPerCount: 10, accFullScaleCounts: 32767, gyroFullScaleCounts: 32767 },
    axisMap, gaps: [],saturatedSamples: 0,
  };
}

describe('imuSource', () => {
  it('converts counts to mg and mdps and carries pod axes onto the Puck\'s sensor axes', () => {
    // recording sensor x = AP, y = ML, z = V; Puck: y = V, z = -AP, x = -ML
    const source = imuSourceFromRecording(oneSampleRecording([100, 200, 1000, 1, 2, 3]));
    const acc: Vec3 = [0, 0, 0];
    const gyro: Vec3 = [0, 0, 0];
    source.sampleAt(0, acc, gyro);
    expect(acc).to.deep.equal([-200, 1000, -100]);
    expect(gyro).to.deep.equal([-20, 30, -10]);
  });

  it('holds the sample before a gap for the missing sample periods and the last one after the end', () => {
    const recording: ImuRecording = {
      ...oneSampleRecording([0, 0, 0, 0, 0, 0], PUCKJS2_BOARD.axisMap),
      samplesCounts: Int16Array.from([1, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 3, 0, 0, 0, 0, 0]),
      timesMs: Float64Array.of(0, 10, 40),
      sampleCount: 3,
      gaps: [{ startMs: 10, endMs: 40, missingSamples: 2, beforeSample: 2 }],
    };
    const source = imuSourceFromRecording(recording);
    expect(source.sampleCount).to.equal(5);
    const acc: Vec3 = [0, 0, 0];
    const gyro: Vec3 = [0, 0, 0];
    const xs: number[] = [];
    for (let n = 0; n < 7; n++) {
      source.sampleAt(n, acc, gyro);
      xs.push(acc[0]); // 1000 ug per count: counts are mg
    }
    expect(xs).to.deep.equal([1, 2, 2, 2, 3, 3, 3]);
  });

  it('holds the sample before a clock restart for the second the import places between the stretches, not for the none it counts lost', () => {
    // a CSV whose clock restarted after its second sample: csvImport places the third 1 s after
    // it (RESTART_PLACEMENT_MS) with no samples counted lost, and replay starts a fresh detector there
    const recording: ImuRecording = {
      ...oneSampleRecording([0, 0, 0, 0, 0, 0], PUCKJS2_BOARD.axisMap),
      samplesCounts: Int16Array.from([1, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 3, 0, 0, 0, 0, 0]),
      timesMs: Float64Array.of(0, 10, 1010),
      sampleCount: 3,
      gaps: [{ startMs: 10, endMs: 1010, missingSamples: 0, beforeSample: 2, restart: { clockZeroMs: 1010, finished: true }, cause: 'clockRestart' }],
    };
    const source = imuSourceFromRecording(recording);
    // at 100 Hz the third sample's 1010 ms is source sample 101: samples 2 to 100 hold the second
    expect(source.sampleCount).to.equal(102);
    const acc: Vec3 = [0, 0, 0];
    const gyro: Vec3 = [0, 0, 0];
    const accXMg = (n: number): number => {
      source.sampleAt(n, acc, gyro);
      return acc[0]; // 1000 ug per count: counts are mg
    };
    expect([0, 1, 2, 100, 101].map(accXMg)).to.deep.equal([1, 2, 2, 2, 3]);
  });

  it('gives back a synthetic Puck run\'s own counts on the Puck\'s axes', () => {
    const run = generateSynthetic({ durationS: 2, seed: 3 });
    const source = imuSourceFromSynthetic(run);
    const acc: Vec3 = [0, 0, 0];
    const gyro: Vec3 = [0, 0, 0];
    source.sampleAt(50, acc, gyro);
    const s = run.samples.subarray(50 * 6, 51 * 6);
    expect(acc.map((v) => Math.round(v / 0.488))).to.deep.equal([s[0], s[1], s[2]]);
    expect(gyro.map((v) => Math.round(v / 70))).to.deep.equal([s[3], s[4], s[5]]);
  });

  it('puts 1 g along pod V on the Puck\'s y axis for a pod standing still', () => {
    const acc: Vec3 = [0, 0, 0];
    constantImuSource(104, [0, 0, 1000]).sampleAt(0, acc, [0, 0, 0]);
    expect(acc).to.deep.equal([0, 1000, 0]);
  });
});

describe('imuSource of a CSV whose stamps run off whole Hz', function () {
  this.timeout(120000);

  it('plays it at its stamps\' rate (102.4 Hz, not 102): the simulated pod\'s steps fall at the run\'s own step times, with no drift over a minute', async () => {
    const run = generateSynthetic({ sampleRateHz: 102.4, seed: 5, segments: [{ kind: 'standing', durationS: 4 }, { kind: 'running', durationS: 60, cadenceSpm: 170 }] });
    const imported = importCsvText(syntheticToCsv(run), { scale: run.board.scale, axisMap: run.board.axisMap });
    expect(imported.recording?.stampRateHz).to.be.closeTo(102.4, 0.01);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lumbarpod-offhz-'));
    try {
      await recordSimulatedRun(dir, { bundleSource: await simBundleSource(), source: imuSourceFromRecording(imported.recording!) });
      const podSteps = readPodRecording(dir).lines.filter((l) => l.type === 'step' && l.kind === 1).map((l) => l.tMs as number);
      const truth = run.truth.steps.map((s) => s.tMs);
      // each pod step against the true contact nearest it: the detector's own offset, the same all run long
      const offsetMs = (tMs: number) => tMs - truth.reduce((best, t) => (Math.abs(t - tMs) < Math.abs(best - tMs) ? t : best), truth[0]);
      const early = podSteps.filter((t) => t > 10000 && t < 20000).map(offsetMs);
      const late = podSteps.filter((t) => t > 54000 && t < 64000).map(offsetMs);
      expect(early.length).to.be.above(20);
      expect(late.length).to.be.above(20);
      const median = (values: number[]) => values.slice().sort((a, b) => a - b)[values.length >> 1];
      // played at 102 Hz the late steps came 0.4 % of 44 s (about 170 ms) later than the early ones
      expect(Math.abs(median(late) - median(early))).to.be.below(30);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
