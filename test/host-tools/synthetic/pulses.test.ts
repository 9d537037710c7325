import { expect } from 'chai';
import {
  halfSinePulse,
  motionAccMps2,
  motionExcursionM,
  motionPositionM,
  motionVelocityMps,
  periodicMotion,
  sinePulseAccMps2,
  sinePulsePositionM,
  sinePulseVelocityMps,
} from '../../../host-tools/synthetic/pulses';

describe('synthetic sine pulses', () => {
  it('closed-form velocity and position match numerical integration of the acceleration', () => {
    const pulse = { ampMps2: 3, startS: 0.05, durationS: 0.2, omegaRadPerS: (2 * Math.PI) / 0.2, phaseRad: 0.4 };
    const dt = 1e-5;
    let velocity = 0;
    let position = 0;
    for (let t = 0; t < 0.4 - dt / 2; t += dt) {
      const a0 = sinePulseAccMps2(pulse, t);
      const a1 = sinePulseAccMps2(pulse, t + dt);
      const v1 = velocity + ((a0 + a1) / 2) * dt;
      position += ((velocity + v1) / 2) * dt;
      velocity = v1;
    }
    expect(sinePulseVelocityMps(pulse, 0.4)).to.be.closeTo(velocity, 1e-4);
    expect(sinePulsePositionM(pulse, 0.4)).to.be.closeTo(position, 1e-5);
  });

  it('a periodic motion returns to its start with zero mean velocity', () => {
    const g = 9.80665;
    const periodS = 0.35;
    const contactS = 0.25;
    const motion = periodicMotion([halfSinePulse((g * periodS * Math.PI) / (2 * contactS), 0, contactS)], -g, periodS);
    expect(motionVelocityMps(motion, periodS)).to.be.closeTo(motionVelocityMps(motion, 0), 1e-12);
    expect(motionPositionM(motion, periodS)).to.be.closeTo(0, 1e-12);
    // falling at IC by g tf / 2
    expect(motionVelocityMps(motion, 0)).to.be.closeTo((-g * (periodS - contactS)) / 2, 1e-12);
    let meanVelocity = 0;
    const n = 10000;
    for (let i = 0; i < n; i++) meanVelocity += motionVelocityMps(motion, ((i + 0.5) * periodS) / n) / n;
    expect(meanVelocity).to.be.closeTo(0, 1e-6);
    expect(motionAccMps2(motion, contactS / 2)).to.be.closeTo((g * periodS * Math.PI) / (2 * contactS) - g, 1e-9);
  });

  it('the excursion is the max - min of the position found by brute force', () => {
    const g = 9.80665;
    const motion = periodicMotion(
      [halfSinePulse(((g * 0.33 - (2 * 10 * 0.03) / Math.PI) * Math.PI) / (2 * 0.21), 0, 0.21), halfSinePulse(10, 0, 0.03)],
      -g,
      0.33,
    );
    let max = -Infinity;
    let min = Infinity;
    for (let i = 0; i <= 200000; i++) {
      const z = motionPositionM(motion, (i * 0.33) / 200000);
      max = Math.max(max, z);
      min = Math.min(min, z);
    }
    expect(motionExcursionM(motion)).to.be.closeTo(max - min, 1e-9);
  });
});
