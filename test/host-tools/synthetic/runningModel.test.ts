import { expect } from 'chai';
import { mat3Apply, pelvisRotation } from '../../../host-tools/synthetic/orientation';
import {
  PelvisState,
  RunPlan,
  STANDARD_GRAVITY_MPS2,
  cdegFromRad,
  createPelvisState,
  createPodSignals,
  pelvisStateAt,
  planRun,
  podSignalsAt,
  truthStepsOf,
} from '../../../host-tools/synthetic/runningModel';

const g = STANDARD_GRAVITY_MPS2;

function stateAt(plan: RunPlan, tS: number): PelvisState {
  return pelvisStateAt(plan, tS, createPelvisState());
}

describe('synthetic running model', () => {
  it('contact force peaks at Fmax / (m g) = pi T / (2 tc) and the body falls freely in flight', () => {
    const plan = planRun([{ kind: 'running', durationS: 10, cadenceSpm: 180, contactMs: 240 }]);
    const periodS = 60 / 180;
    const mid = stateAt(plan, 0.12).accWorldMps2[2];
    expect(mid + g).to.be.closeTo((g * Math.PI * periodS) / (2 * 0.24), 1e-9);
    expect(stateAt(plan, 0.3).accWorldMps2[2]).to.be.closeTo(-g, 1e-12);
  });

  it('mean specific force in the world frame over whole strides is 1 g up', () => {
    const plan = planRun([{ kind: 'running', durationS: 10, cadenceSpm: 170, impactTransientMg: 800 }]);
    const periodS = 60 / 170;
    const signals = createPodSignals();
    const state = createPelvisState();
    const mean = [0, 0, 0];
    const world = new Float64Array(3);
    const n = 40000;
    // strides 3 and 4: four steps
    for (let i = 0; i < n; i++) {
      const tS = 4 * periodS + ((i + 0.5) * 4 * periodS) / n;
      podSignalsAt(plan, tS, signals, state);
      mat3Apply(pelvisRotation(state.rollRad, state.pitchRad, state.yawRad), signals.accMg, world);
      for (let k = 0; k < 3; k++) mean[k] += world[k] / n;
    }
    expect(mean[0]).to.be.closeTo(0, 0.01);
    expect(mean[1]).to.be.closeTo(0, 0.01);
    expect(mean[2]).to.be.closeTo(1000, 0.01);
  });

  it('braking truth is the forward velocity lost from IC to mid-contact and the peak deceleration', () => {
    const plan = planRun([{ kind: 'running', durationS: 5, contactMs: 260, brakingPeakMg: 600 }]);
    const step = truthStepsOf(plan)[2];
    let velocity = 0;
    let peak = 0;
    const n = 20000;
    const startS = step.tMs / 1000;
    const halfContactS = step.contactMs / 2000;
    for (let i = 0; i < n; i++) {
      const a = stateAt(plan, startS + ((i + 0.5) * halfContactS) / n).accWorldMps2[0];
      velocity += (a * halfContactS) / n;
      peak = Math.min(peak, a);
    }
    expect(-velocity * 1000).to.be.closeTo(step.brakingMms, 0.01);
    expect((-peak / g) * 1000).to.be.closeTo(600, 0.01);
    // propulsion gives it back by toe-off
    expect(stateAt(plan, startS + (3 * halfContactS) / 2).accWorldMps2[0]).to.be.above(0);
  });

  it('in right stance the left side drops and the body is pushed left; in left stance the reverse', () => {
    const plan = planRun([{ kind: 'running', durationS: 5, dropLeftCdeg: 500, dropRightCdeg: 700, lateralPeakMg: 150 }]);
    const steps = truthStepsOf(plan);
    for (const step of steps.slice(0, 4)) {
      const mid = stateAt(plan, (step.tMs + step.contactMs / 2) / 1000);
      if (step.side === 'R') {
        expect(cdegFromRad(mid.rollRad)).to.be.closeTo(-700, 1e-9);
        expect((mid.accWorldMps2[1] / g) * 1000).to.be.closeTo(150, 1e-9);
        expect(step.dropCdeg).to.equal(700);
      } else {
        expect(cdegFromRad(mid.rollRad)).to.be.closeTo(500, 1e-9);
        expect((mid.accWorldMps2[1] / g) * 1000).to.be.closeTo(-150, 1e-9);
        expect(step.dropCdeg).to.equal(500);
      }
      // level again in flight
      expect(stateAt(plan, (step.toeOffMs + 10) / 1000).rollRad).to.equal(0);
    }
  });

  it('yaw is largest at right initial contact and spans the rotation range over a stride', () => {
    const plan = planRun([{ kind: 'running', durationS: 5, rotationRangeCdeg: 1400 }]);
    const steps = truthStepsOf(plan);
    expect(steps[0].side).to.equal('L');
    expect(cdegFromRad(stateAt(plan, steps[1].tMs / 1000).yawRad)).to.be.closeTo(700, 1e-9);
    expect(cdegFromRad(stateAt(plan, steps[2].tMs / 1000).yawRad)).to.be.closeTo(-700, 1e-9);
    let max = -Infinity;
    let min = Infinity;
    for (let i = 0; i < 2000; i++) {
      const yaw = cdegFromRad(stateAt(plan, (steps[2].tMs + (i * 2 * steps[2].stepMs) / 2000) / 1000).yawRad);
      max = Math.max(max, yaw);
      min = Math.min(min, yaw);
    }
    expect(max - min).to.be.closeTo(1400, 0.01);
  });

  it('pitch averages the lean over each step and spans the tilt range', () => {
    const plan = planRun([{ kind: 'running', durationS: 5, leanCdeg: 600, tiltRangeCdeg: 400 }]);
    const step = truthStepsOf(plan)[3];
    let mean = 0;
    let max = -Infinity;
    let min = Infinity;
    const n = 4000;
    for (let i = 0; i < n; i++) {
      const pitch = cdegFromRad(stateAt(plan, (step.tMs + ((i + 0.5) * step.stepMs) / n) / 1000).pitchRad);
      mean += pitch / n;
      max = Math.max(max, pitch);
      min = Math.min(min, pitch);
    }
    expect(mean).to.be.closeTo(step.leanCdeg, 1e-6);
    expect(step.leanCdeg).to.equal(600);
    expect(max - min).to.be.closeTo(400, 0.01);
  });

  it('fatigue drift changes lean, drop and contact time linearly per minute', () => {
    const plan = planRun([{
      kind: 'running', durationS: 120, cadenceSpm: 180, leanDriftCdegPerMin: 50, dropDriftCdegPerMin: 20, contactDriftMsPerMin: 5,
    }]);
    const steps = truthStepsOf(plan);
    const atOneMinute = steps[180];
    expect(atOneMinute.tMs).to.be.closeTo(60000, 1e-6);
    expect(atOneMinute.contactMs).to.be.closeTo(255, 1e-9);
    expect(atOneMinute.dropCdeg).to.be.closeTo(620, 1e-9);
    // mean over the step: lean at the step's middle
    expect(atOneMinute.leanCdeg).to.be.closeTo(500 + 50 * (60 + 1 / 6) / 60, 1e-9);
    expect(atOneMinute.flightMs).to.be.closeTo(1000 / 3 - 255, 1e-9);
  });

  it('a moving segment lasts a whole number of steps and sides alternate from the left', () => {
    const plan = planRun([{ kind: 'running', durationS: 10.1, cadenceSpm: 170 }]);
    expect(plan.steps.length).to.equal(Math.round(10.1 / (60 / 170)));
    expect(plan.durationS).to.be.closeTo((plan.steps.length * 60) / 170, 1e-9);
    plan.steps.forEach((step, i) => expect(step.side).to.equal(i % 2 === 0 ? 'L' : 'R'));
    expect(planRun([{ kind: 'running', durationS: 2, firstSide: 'R' }]).steps[0].side).to.equal('R');
  });

  it('standing segments have no steps and a following run starts on the left at their end', () => {
    const plan = planRun([{ kind: 'standing', durationS: 5 }, { kind: 'running', durationS: 10 }]);
    const steps = truthStepsOf(plan);
    expect(steps[0].tMs).to.equal(5000);
    expect(steps[0].side).to.equal('L');
    expect(steps[0].transition).to.equal(true);
    expect(steps.filter((step) => step.transition).length).to.equal(2);
    const still = stateAt(plan, 2);
    expect(Array.from(still.accWorldMps2)).to.deep.equal([0, 0, 0]);
    expect([still.rollRad, still.pitchRad, still.yawRad]).to.deep.equal([0, 0, 0]);
  });

  it('angles blend continuously into a new segment and the angle rates follow the blend', () => {
    const plan = planRun([{ kind: 'standing', durationS: 2 }, { kind: 'running', durationS: 5, leanCdeg: 800, transitionMs: 600 }]);
    const before = stateAt(plan, 2 - 1e-9);
    const after = stateAt(plan, 2);
    expect(after.pitchRad).to.be.closeTo(before.pitchRad, 1e-9);
    expect(after.yawRad).to.be.closeTo(before.yawRad, 1e-9);
    const h = 1e-6;
    for (const tS of [2.1, 2.3, 2.55]) {
      const rate = (tS2: number, key: 'rollRad' | 'pitchRad' | 'yawRad') =>
        (stateAt(plan, tS2 + h)[key] - stateAt(plan, tS2 - h)[key]) / (2 * h);
      const now = stateAt(plan, tS);
      expect(now.pitchRateRadPerS).to.be.closeTo(rate(tS, 'pitchRad'), 1e-5);
      expect(now.yawRateRadPerS).to.be.closeTo(rate(tS, 'yawRad'), 1e-5);
      expect(now.rollRateRadPerS).to.be.closeTo(rate(tS, 'rollRad'), 1e-5);
    }
  });

  it('walking has no flight, a stance longer than a step and a vertical specific force far from 0 g', () => {
    const plan = planRun([{ kind: 'walking', durationS: 10 }]);
    const steps = truthStepsOf(plan);
    for (const step of steps) {
      expect(step.kind).to.equal('walking');
      expect(step.flightMs).to.equal(0);
      expect(step.contactMs).to.be.above(step.stepMs);
    }
    let min = Infinity;
    let peakAtMs = 0;
    let peak = -Infinity;
    for (let i = 0; i < 2000; i++) {
      const tMs = steps[4].tMs + (i * steps[4].stepMs) / 2000;
      const a = stateAt(plan, tMs / 1000).accWorldMps2[2] + g;
      min = Math.min(min, a);
      if (a > peak) {
        peak = a;
        peakAtMs = tMs - steps[4].tMs;
      }
    }
    expect(min / g).to.be.above(0.7);
    expect(peak / g).to.be.closeTo(1.25, 1e-3);
    expect(peakAtMs).to.be.closeTo(60, 1);
    // VO of a cosine oscillation: 2 W / w^2
    const w = (2 * Math.PI) / (steps[4].stepMs / 1000);
    expect(steps[4].voMm).to.be.closeTo(((2 * 0.25 * g) / (w * w)) * 1000, 1e-6);
  });

  it('a walk that stops ends with its closing step in the truth: at the walk\'s end, on the next side, with no step time', () => {
    const plan = planRun([{ kind: 'standing', durationS: 2 }, { kind: 'walking', durationS: 5, cadenceSpm: 110 }, { kind: 'standing', durationS: 3 }]);
    const walk = plan.segments[1];
    const steps = truthStepsOf(plan);
    expect(steps).to.have.length(walk.stepCount + 1);
    const last = steps[steps.length - 2];
    const closing = steps[steps.length - 1];
    expect(closing.closing).to.equal(true);
    expect(steps.slice(0, -1).every((step) => !step.closing)).to.equal(true);
    expect(closing.kind).to.equal('walking');
    expect(closing.tMs).to.be.closeTo(walk.endS * 1000, 1e-9);
    expect(closing.tMs - last.tMs).to.be.closeTo(last.stepMs, 1e-9);
    expect(closing.side).to.equal(last.side === 'L' ? 'R' : 'L');
    expect([closing.stepMs, closing.contactMs, closing.flightMs, closing.voMm, closing.dropCdeg, closing.stepLengthMm]).to.deep.equal([0, 0, 0, 0, 0, 0]);
    expect(closing.cadenceSpm).to.equal(110);
    // its contact's onset is in the signal: the vertical force rises into it up to the walk's end
    const g1 = stateAt(plan, walk.endS - 0.03).accWorldMps2[2];
    const g2 = stateAt(plan, walk.endS - 1e-6).accWorldMps2[2];
    expect(g2).to.be.above(g1);
    expect(g2 / g).to.be.above(0.15);
  });

  it('a walk that goes on into a run, or lasts to the end, has no closing step', () => {
    for (const next of [[{ kind: 'running' as const, durationS: 3 }], []]) {
      const plan = planRun([{ kind: 'walking', durationS: 5 }, ...next]);
      expect(truthStepsOf(plan).filter((step) => step.closing)).to.have.length(0);
      expect(truthStepsOf(plan)).to.have.length(plan.steps.length);
    }
  });

  it('an impact transient keeps the impulse balance over the step', () => {
    const plan = planRun([{ kind: 'running', durationS: 3, impactTransientMg: 1500 }]);
    const step = truthStepsOf(plan)[1];
    let mean = 0;
    const n = 20000;
    for (let i = 0; i < n; i++) mean += stateAt(plan, (step.tMs + ((i + 0.5) * step.stepMs) / n) / 1000).accWorldMps2[2] / n;
    expect(mean).to.be.closeTo(0, 1e-6);
    const early = stateAt(plan, (step.tMs + 15) / 1000).accWorldMps2[2];
    const plain = stateAt(planRun([{ kind: 'running', durationS: 3 }]), (step.tMs + 15) / 1000).accWorldMps2[2];
    expect(early - plain).to.be.above(1.2 * g);
  });

  it('rejects a running contact longer than the step and names the segment', () => {
    expect(() => planRun([{ kind: 'running', durationS: 5, cadenceSpm: 180, contactMs: 400 }])).to.throw(TypeError, /segment 0/);
    expect(() => planRun([{ kind: 'running', durationS: 0 }])).to.throw(TypeError);
    expect(() => planRun([])).to.throw(TypeError);
  });
});
