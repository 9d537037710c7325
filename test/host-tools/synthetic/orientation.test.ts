import { expect } from 'chai';
import {
  mat3Apply,
  mat3Multiply,
  mat3Transpose,
  pelvisRotation,
  podAngularVelocityRadPerS,
} from '../../../host-tools/synthetic/orientation';

const DEG = Math.PI / 180;

function podAxisInWorld(rollRad: number, pitchRad: number, yawRad: number, axis: number): Float64Array {
  const unit = [0, 0, 0];
  unit[axis] = 1;
  return mat3Apply(pelvisRotation(rollRad, pitchRad, yawRad), unit, new Float64Array(3));
}

describe('synthetic orientation conventions', () => {
  it('positive pitch tilts the up axis forward', () => {
    const up = podAxisInWorld(0, 10 * DEG, 0, 2);
    expect(up[0]).to.be.closeTo(Math.sin(10 * DEG), 1e-12);
    expect(up[2]).to.be.closeTo(Math.cos(10 * DEG), 1e-12);
  });

  it('positive roll lifts the left side', () => {
    const left = podAxisInWorld(10 * DEG, 0, 0, 1);
    expect(left[2]).to.be.closeTo(Math.sin(10 * DEG), 1e-12);
  });

  it('positive yaw turns the forward axis to the left and brings the right side forward', () => {
    const forward = podAxisInWorld(0, 0, 10 * DEG, 0);
    expect(forward[1]).to.be.closeTo(Math.sin(10 * DEG), 1e-12);
    const left = podAxisInWorld(0, 0, 10 * DEG, 1);
    // the right side is -left: it moves forward
    expect(-left[0]).to.be.closeTo(Math.sin(10 * DEG), 1e-12);
  });

  it('composes yaw outermost: R = Rz(yaw) Ry(pitch) Rx(roll)', () => {
    // pitch then yaw: the tilted up axis turns with the yaw
    const up = podAxisInWorld(0, 30 * DEG, 90 * DEG, 2);
    expect(up[0]).to.be.closeTo(0, 1e-12);
    expect(up[1]).to.be.closeTo(Math.sin(30 * DEG), 1e-12);
  });

  it('gives the pod angular velocity that matches R^T dR/dt of the Euler angles', () => {
    const roll = (t: number) => 0.2 * Math.sin(3 * t);
    const pitch = (t: number) => 0.15 + 0.1 * Math.cos(5 * t);
    const yaw = (t: number) => 0.3 * Math.sin(2 * t + 1);
    const rate = (f: (t: number) => number, t: number) => (f(t + 1e-6) - f(t - 1e-6)) / 2e-6;
    for (const t of [0, 0.3, 1.1, 2.5]) {
      const h = 1e-6;
      const before = pelvisRotation(roll(t - h), pitch(t - h), yaw(t - h));
      const after = pelvisRotation(roll(t + h), pitch(t + h), yaw(t + h));
      const now = pelvisRotation(roll(t), pitch(t), yaw(t));
      const dR = after.map((value, i) => (value - before[i]) / (2 * h));
      const skew = mat3Multiply(mat3Transpose(now), dR);
      const expected = [skew[7], skew[2], skew[3]];
      const got = podAngularVelocityRadPerS(roll(t), pitch(t), rate(roll, t), rate(pitch, t), rate(yaw, t), new Float64Array(3));
      for (let i = 0; i < 3; i++) expect(got[i]).to.be.closeTo(expected[i], 1e-6);
    }
  });
});
