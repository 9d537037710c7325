import { expect } from 'chai';
import { PUCKJS2_BOARD } from '../../../boards/puckjs2';
import { ImuRecording } from '../../../host-tools/recording/imuRecording';
import { constantImuSource, imuSourceFromRecording, imuSourceFromSynthetic } from '../../../host-tools/sim/imuSource';
import { Vec3 } from '../../../host-tools/sim/lsm6ds3trcModel';
import { generateSynthetic } from '../../../host-tools/synthetic/generate';

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
