import { expect } from 'chai';
import { PUCKJS2_BOARD } from '../../../boards/puckjs2';
import { SyntheticOptions, SyntheticRun, generateSynthetic } from '../../../host-tools/synthetic/generate';
import { nominalPodFromSensor } from '../../../host-tools/synthetic/mounting';
import { STANDARD_GRAVITY_MPS2, createPodSignals, planRun, podSignalsAt } from '../../../host-tools/synthetic/runningModel';

const ACC_MG_PER_COUNT = PUCKJS2_BOARD.scale.accUgPerCount / 1000;
const GYRO_MDPS_PER_COUNT = PUCKJS2_BOARD.scale.gyroMdpsPerCount;

/** no noise, level pelvis: the pod frame is the world frame */
const QUIET_LEVEL: SyntheticOptions = {
  accNoiseMg: 0,
  gyroNoiseMdps: 0,
  dropLeftCdeg: 0,
  dropRightCdeg: 0,
  rotationRangeCdeg: 0,
  tiltRangeCdeg: 0,
  leanCdeg: 0,
};

/** sample i of the output read through the board's axis map: [AP, ML, V] in mg and mdps */
function podAt(run: SyntheticRun, i: number): { accMg: Float64Array; gyroMdps: Float64Array } {
  const base = i * 6;
  const acc = [0, 1, 2].map((k) => run.samples[base + k] * ACC_MG_PER_COUNT);
  const gyro = [3, 4, 5].map((k) => run.samples[base + k] * GYRO_MDPS_PER_COUNT);
  return {
    accMg: nominalPodFromSensor(run.board.axisMap, acc, new Float64Array(3)),
    gyroMdps: nominalPodFromSensor(run.board.axisMap, gyro, new Float64Array(3)),
  };
}

function column(run: SyntheticRun, pick: (pod: ReturnType<typeof podAt>) => number): Float64Array {
  const out = new Float64Array(run.sampleCount);
  for (let i = 0; i < run.sampleCount; i++) out[i] = pick(podAt(run, i));
  return out;
}

describe('synthetic generator', () => {
  it('mean specific force over a whole number of steps is 1 g up', () => {
    const run = generateSynthetic({ ...QUIET_LEVEL, durationS: 30, cadenceSpm: 180, sampleRateHz: 104 });
    expect(run.truth.steps.length).to.equal(90);
    const v = column(run, (pod) => pod.accMg[2]);
    const ap = column(run, (pod) => pod.accMg[0]);
    const ml = column(run, (pod) => pod.accMg[1]);
    const mean = (values: Float64Array) => values.reduce((sum, x) => sum + x, 0) / values.length;
    expect(run.sampleCount).to.equal(30 * 104);
    expect(mean(v)).to.be.closeTo(1000, 0.5);
    expect(mean(ap)).to.be.closeTo(0, 0.5);
    expect(mean(ml)).to.be.closeTo(0, 0.5);
  });

  it('numerically double-integrated vertical accel gives the stated VO', () => {
    const rateHz = 208;
    const run = generateSynthetic({ ...QUIET_LEVEL, durationS: 10, sampleRateHz: rateHz, impactTransientMg: 600 });
    const accMps2 = column(run, (pod) => ((pod.accMg[2] - 1000) / 1000) * STANDARD_GRAVITY_MPS2);
    const dt = 1 / rateHz;
    const velocity = new Float64Array(run.sampleCount);
    for (let i = 1; i < run.sampleCount; i++) velocity[i] = velocity[i - 1] + ((accMps2[i - 1] + accMps2[i]) / 2) * dt;
    const steps = run.truth.steps;
    for (const step of steps.slice(1, -1)) {
      const first = Math.ceil((step.tMs / 1000) * rateHz);
      const end = Math.ceil(((step.tMs + step.stepMs) / 1000) * rateHz);
      let meanVelocity = 0;
      for (let i = first; i < end; i++) meanVelocity += velocity[i] / (end - first);
      let position = 0;
      let max = 0;
      let min = 0;
      for (let i = first + 1; i < end; i++) {
        position += ((velocity[i - 1] + velocity[i]) / 2 - meanVelocity) * dt;
        max = Math.max(max, position);
        min = Math.min(min, position);
      }
      expect((max - min) * 1000).to.be.closeTo(step.voMm, 0.02 * step.voMm);
    }
  });

  it('standing still reads +1 g on the board V axis with the nominal mounting and -1 g upside down', () => {
    const vAxis = PUCKJS2_BOARD.axisMap.v;
    const readV = (run: SyntheticRun, i: number) => Math.sign(vAxis) * run.samples[i * 6 + Math.abs(vAxis) - 1] * ACC_MG_PER_COUNT;
    const nominal = generateSynthetic({ kind: 'standing', durationS: 2, accNoiseMg: 0, gyroNoiseMdps: 0 });
    const flipped = generateSynthetic({ kind: 'standing', durationS: 2, accNoiseMg: 0, gyroNoiseMdps: 0, mounting: { upsideDown: true } });
    expect(nominal.truth.steps).to.have.length(0);
    for (let i = 0; i < nominal.sampleCount; i += 17) {
      expect(readV(nominal, i)).to.be.closeTo(1000, ACC_MG_PER_COUNT / 2);
      expect(readV(flipped, i)).to.be.closeTo(-1000, ACC_MG_PER_COUNT / 2);
      for (let k = 0; k < 6; k++) if (k !== Math.abs(vAxis) - 1) expect(nominal.samples[i * 6 + k]).to.equal(0);
    }
  });

  it('with the nominal mounting the pod frame read through the board axis map equals the model body frame', () => {
    const options: SyntheticOptions = { accNoiseMg: 0, gyroNoiseMdps: 0, durationS: 5, impactTransientMg: 500 };
    const run = generateSynthetic(options);
    const plan = planRun([{ kind: 'running', durationS: 5, impactTransientMg: 500 }]);
    const model = createPodSignals();
    for (let i = 0; i < run.sampleCount; i++) {
      podSignalsAt(plan, run.timesMs[i] / 1000, model);
      const read = podAt(run, i);
      for (let k = 0; k < 3; k++) {
        expect(read.accMg[k]).to.be.closeTo(model.accMg[k], ACC_MG_PER_COUNT / 2 + 1e-9);
        expect(read.gyroMdps[k]).to.be.closeTo(model.gyroMdps[k], GYRO_MDPS_PER_COUNT / 2 + 1e-9);
      }
    }
  });

  it('a reversed pod reads AP and ML with their signs flipped and V unchanged', () => {
    const nominal = generateSynthetic({ durationS: 3, accNoiseMg: 0, gyroNoiseMdps: 0 });
    const reversed = generateSynthetic({ durationS: 3, accNoiseMg: 0, gyroNoiseMdps: 0, mounting: { reversed: true } });
    for (let i = 0; i < nominal.sampleCount; i += 5) {
      const a = podAt(nominal, i);
      const b = podAt(reversed, i);
      expect(b.accMg[0]).to.equal(-a.accMg[0]);
      expect(b.accMg[1]).to.equal(-a.accMg[1]);
      expect(b.accMg[2]).to.equal(a.accMg[2]);
      expect(b.gyroMdps[2]).to.equal(a.gyroMdps[2]);
    }
  });

  it('a mounting tilt about ML shows standing gravity on the board AP axis', () => {
    const run = generateSynthetic({ kind: 'standing', durationS: 1, accNoiseMg: 0, gyroNoiseMdps: 0, mounting: { tiltDeg: 25, tiltAxis: 'ml' } });
    const read = podAt(run, 10);
    expect(read.accMg[0]).to.be.closeTo(-1000 * Math.sin((25 * Math.PI) / 180), ACC_MG_PER_COUNT);
    expect(read.accMg[2]).to.be.closeTo(1000 * Math.cos((25 * Math.PI) / 180), ACC_MG_PER_COUNT);
  });

  it('gyro about V integrates to the stated rotation range', () => {
    const rateHz = 208;
    const run = generateSynthetic({ ...QUIET_LEVEL, rotationRangeCdeg: 1300, durationS: 6, sampleRateHz: rateHz });
    const gyroV = column(run, (pod) => pod.gyroMdps[2]);
    let yawCdeg = 0;
    const yaw = new Float64Array(run.sampleCount);
    for (let i = 1; i < run.sampleCount; i++) {
      yawCdeg += (((gyroV[i - 1] + gyroV[i]) / 2) * (1 / rateHz)) / 10;
      yaw[i] = yawCdeg;
    }
    const strideSamples = Math.ceil(((2 * run.truth.steps[0].stepMs) / 1000) * rateHz);
    for (const from of [strideSamples, 3 * strideSamples]) {
      let max = -Infinity;
      let min = Infinity;
      for (let i = from; i < from + strideSamples; i++) {
        max = Math.max(max, yaw[i]);
        min = Math.min(min, yaw[i]);
      }
      expect(max - min).to.be.closeTo(run.truth.steps[0].rotationRangeCdeg, 13);
    }
  });

  it('same seed gives identical samples, another seed other noise', () => {
    const a = generateSynthetic({ durationS: 5, seed: 99 });
    const b = generateSynthetic({ durationS: 5, seed: 99 });
    const c = generateSynthetic({ durationS: 5, seed: 100 });
    expect(Buffer.from(a.samples.buffer).equals(Buffer.from(b.samples.buffer))).to.equal(true);
    expect(Buffer.from(a.samples.buffer).equals(Buffer.from(c.samples.buffer))).to.equal(false);
  });

  it('dropped ranges are absent and reported, and the other samples are unchanged', () => {
    const full = generateSynthetic({ durationS: 5, seed: 5 });
    const cut = generateSynthetic({ durationS: 5, seed: 5, droppedRanges: [[120, 10], [100, 25], [400, 3], [full.generatedSampleCount - 2, 50]] });
    expect(cut.truth.droppedRanges).to.deep.equal([[100, 30], [400, 3], [full.generatedSampleCount - 2, 2]]);
    expect(cut.sampleCount).to.equal(full.sampleCount - 35);
    expect(cut.samples.length).to.equal(cut.sampleCount * 6);
    expect(cut.timesMs[99]).to.equal(full.timesMs[99]);
    expect(cut.timesMs[100]).to.equal(full.timesMs[130]);
    expect(cut.timesMs[100] - cut.timesMs[99]).to.be.closeTo((31 * 1000) / full.sampleRateHz, 1e-9);
    for (let k = 0; k < 6; k++) {
      expect(cut.samples[99 * 6 + k]).to.equal(full.samples[99 * 6 + k]);
      expect(cut.samples[100 * 6 + k]).to.equal(full.samples[130 * 6 + k]);
      expect(cut.samples[400 * 6 + k]).to.equal(full.samples[433 * 6 + k]);
    }
    expect(cut.truth.steps).to.deep.equal(full.truth.steps);
  });

  it('saturated samples are clamped and counted', () => {
    // a board set to +-2 g: running impacts (~2.2 g) clip
    const limit = 4098;
    const run = generateSynthetic({ durationS: 5, accNoiseMg: 0, saturation: { accFullScaleCounts: limit } });
    expect(run.board.scale.accFullScaleCounts).to.equal(limit);
    let saturated = 0;
    let atLimit = 0;
    for (let i = 0; i < run.sampleCount; i++) {
      let any = false;
      for (let k = 0; k < 3; k++) {
        const value = run.samples[i * 6 + k];
        expect(Math.abs(value)).to.be.at.most(limit);
        if (Math.abs(value) === limit) atLimit++;
        if (Math.abs(value) >= limit) any = true;
      }
      if (any) saturated++;
    }
    expect(atLimit).to.be.above(0);
    expect(run.truth.saturatedSampleCount).to.equal(saturated);
    expect(run.truth.steps.filter((step) => step.saturated).length).to.be.above(run.truth.steps.length / 2);
    const unclipped = generateSynthetic({ durationS: 5, accNoiseMg: 0 });
    expect(unclipped.truth.saturatedSampleCount).to.equal(0);
  });

  it('a saturation window pegs clipped axes at the board full scale inside it only', () => {
    const run = generateSynthetic({ durationS: 10, accNoiseMg: 0, saturation: { accFullScaleCounts: 4098, fromS: 3, toS: 5 } });
    const full = PUCKJS2_BOARD.scale.accFullScaleCounts;
    expect(run.board.scale.accFullScaleCounts).to.equal(full);
    let pegged = 0;
    let pastLimitOutside = 0;
    for (let i = 0; i < run.sampleCount; i++) {
      const tS = run.timesMs[i] / 1000;
      const inside = tS >= 3 && tS < 5;
      for (let k = 0; k < 3; k++) {
        const value = Math.abs(run.samples[i * 6 + k]);
        if (inside) expect(value < 4098 || value === full).to.equal(true);
        else expect(value).to.be.below(full);
        if (!inside && value >= 4098) pastLimitOutside++;
        if (value === full) pegged++;
      }
    }
    expect(pegged).to.be.above(0);
    expect(pastLimitOutside).to.be.above(0);
    expect(run.truth.saturatedSampleCount).to.be.at.least(pegged / 3);
    for (const step of run.truth.steps) {
      if (step.tMs + step.stepMs <= 3000 || step.tMs >= 5000) expect(step.saturated).to.equal(false);
    }
  });

  it('noise has the stated standard deviation and the gyro bias shows along the pod axes', () => {
    const run = generateSynthetic({ kind: 'standing', durationS: 20, accNoiseMg: 10, gyroNoiseMdps: 500, gyroBiasMdps: [140, -210, 350] });
    const stats = (values: Float64Array) => {
      const mean = values.reduce((sum, x) => sum + x, 0) / values.length;
      const variance = values.reduce((sum, x) => sum + (x - mean) * (x - mean), 0) / values.length;
      return { mean: mean, sd: Math.sqrt(variance) };
    };
    const v = stats(column(run, (pod) => pod.accMg[2]));
    expect(v.mean).to.be.closeTo(1000, 0.5);
    expect(v.sd).to.be.closeTo(10, 0.5);
    const bias = [0, 1, 2].map((k) => stats(column(run, (pod) => pod.gyroMdps[k])));
    expect(bias.map((s) => s.mean)).to.satisfy((means: number[]) =>
      means.every((mean, k) => Math.abs(mean - [140, -210, 350][k]) < 25));
    expect(bias[0].sd).to.be.closeTo(500, 25);
  });

  it('a standing calibration period before the run: 1 g and no steps, then steps from its end', () => {
    const run = generateSynthetic({ segments: [{ kind: 'standing', durationS: 5 }, { kind: 'running', durationS: 20 }] });
    expect(run.truth.segments.map((s) => s.kind)).to.deep.equal(['standing', 'running']);
    expect(run.truth.steps[0].tMs).to.equal(5000);
    expect(run.truth.steps.every((step) => step.tMs >= 5000)).to.equal(true);
    const standingSamples = 5 * run.sampleRateHz;
    let meanV = 0;
    for (let i = 0; i < standingSamples; i++) meanV += podAt(run, i).accMg[2] / standingSamples;
    expect(meanV).to.be.closeTo(1000, 1);
    expect(() => generateSynthetic({ segments: [{ kind: 'running', durationS: 5 }], cadenceSpm: 170 })).to.throw(TypeError);
  });

  it('gives the same truth at 52, 104 and 208 Hz with the matching number of samples', () => {
    const runs = [52, 104, 208].map((rateHz) => generateSynthetic({ durationS: 12, cadenceSpm: 180, sampleRateHz: rateHz }));
    for (const run of runs) {
      expect(run.sampleCount).to.equal(12 * run.sampleRateHz);
      expect(run.truth.steps).to.deep.equal(runs[0].truth.steps);
    }
  });

  it('walking reads a vertical specific force far from 0 g with truth steps of kind walking', () => {
    const run = generateSynthetic({ kind: 'walking', durationS: 10, accNoiseMg: 0 });
    const v = column(run, (pod) => pod.accMg[2]);
    expect(Math.min(...v)).to.be.above(650);
    expect(Math.max(...v)).to.be.below(1350);
    expect(run.truth.steps.every((step) => step.kind === 'walking' && step.flightMs === 0)).to.equal(true);
    expect(run.truth.steps[0].cadenceSpm).to.equal(110);
  });

  it('rejects options it cannot simulate', () => {
    expect(() => generateSynthetic({ sampleRateHz: 0 })).to.throw(TypeError);
    expect(() => generateSynthetic({ seed: 0.5 })).to.throw(TypeError);
    expect(() => generateSynthetic({ droppedRanges: [[-1, 3]] })).to.throw(TypeError);
    expect(() => generateSynthetic({ saturation: { accFullScaleCounts: 40000 } })).to.throw(TypeError);
    expect(() => generateSynthetic({ mounting: { tiltAxis: 'v' as 'ap' } })).to.throw(TypeError);
  });
});
