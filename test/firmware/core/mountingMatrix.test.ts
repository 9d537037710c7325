import { expect } from 'chai';
import { PodAxisMap } from '../../../boards/boardTypes';
import { PUCKJS2_BOARD } from '../../../boards/puckjs2';
import {
  ONE_Q14, ROW_AP, ROW_ML, ROW_V, mountingFromAxisMap, mountingFromGravity, mountingScaled,
} from '../../../firmware/core/mountingMatrix';

const PUCK_MAP: PodAxisMap = { v: 2, ap: -3, ml: -1 };
/** rows V, AP, ML in sensor axes for the Puck.js v2 map: V = +y, AP = -z, ML = -x */
const PUCK_NOMINAL = [0, ONE_Q14, 0, 0, 0, -ONE_Q14, -ONE_Q14, 0, 0];
/** 1 g in LSM6DS3TR-C counts at +-16 g (488 ug per count) */
const ONE_G_COUNTS = 2049;
/** allowed error of a dot product of two rows, in Q14 units (a few counts of a unit row) */
const ORTHONORMAL_TOLERANCE_Q14 = 8;

type Vec3 = [number, number, number];

function row(m: Int32Array, offset: number): Vec3 {
  return [m[offset], m[offset + 1], m[offset + 2]];
}

/** dot product of two Q14 vectors, in Q14 (float: the reference side) */
function dotQ14(a: Vec3, b: Vec3): number {
  return (a[0] * b[0] + a[1] * b[1] + a[2] * b[2]) / ONE_Q14;
}

/** determinant of the rows V, AP, ML over ONE_Q14^2: +ONE_Q14 for a right-handed rotation */
function determinantQ14(m: Int32Array): number {
  const [v, ap, ml] = [row(m, ROW_V), row(m, ROW_AP), row(m, ROW_ML)];
  const cross: Vec3 = [ap[1] * ml[2] - ap[2] * ml[1], ap[2] * ml[0] - ap[0] * ml[2], ap[0] * ml[1] - ap[1] * ml[0]];
  return (v[0] * cross[0] + v[1] * cross[1] + v[2] * cross[2]) / (ONE_Q14 * ONE_Q14);
}

/** every dot product of the rows against the identity, in Q14 units: 0 for an exact rotation */
function orthonormalErrorsQ14(m: Int32Array): number[] {
  const rows = [row(m, ROW_V), row(m, ROW_AP), row(m, ROW_ML)];
  const errors: number[] = [];
  for (let i = 0; i < 3; i++) {
    for (let j = i; j < 3; j++) errors.push(Math.abs(dotQ14(rows[i], rows[j]) - (i === j ? ONE_Q14 : 0)));
  }
  return errors;
}

function expectOrthonormal(m: Int32Array): void {
  for (const error of orthonormalErrorsQ14(m)) expect(error).to.be.at.most(ORTHONORMAL_TOLERANCE_Q14);
  expect(determinantQ14(m)).to.be.closeTo(ONE_Q14, 3 * ORTHONORMAL_TOLERANCE_Q14);
}

function expectRowNear(m: Int32Array, offset: number, expected: number[], toleranceQ14: number): void {
  const actual = row(m, offset);
  for (let i = 0; i < 3; i++) expect(actual[i], `component ${i} of ${actual}`).to.be.closeTo(expected[i], toleranceQ14);
}

/** gravity in sensor counts for the Puck.js mounting pitched forward by `deg` about ML */
function pitchedGravity(deg: number, magnitudeCounts = ONE_G_COUNTS): Vec3 {
  const rad = (deg * Math.PI) / 180;
  // V tips towards AP (sensor -z): V' = cos V + sin AP
  return [0, Math.round(magnitudeCounts * Math.cos(rad)), Math.round(-magnitudeCounts * Math.sin(rad))];
}

function fromGravity(gravity: Vec3, apSign = 1, axisMap: PodAxisMap = PUCK_MAP): Int32Array {
  const m = new Int32Array(9);
  mountingFromGravity(m, gravity[0], gravity[1], gravity[2], axisMap, apSign);
  return m;
}

function fromAxisMap(axisMap: PodAxisMap, apSign = 1): Int32Array {
  const m = new Int32Array(9);
  mountingFromAxisMap(m, axisMap, apSign);
  return m;
}

describe('mountingFromAxisMap', () => {
  it('gives rows V = +y, AP = -z, ML = -x in Q14 for the Puck.js v2 map', () => {
    expect(Array.from(fromAxisMap(PUCK_MAP))).to.deep.equal(PUCK_NOMINAL);
    expect(PUCKJS2_BOARD.axisMap).to.deep.equal(PUCK_MAP);
  });

  it('gives an exactly orthonormal right-handed matrix for the Puck.js v2 map', () => {
    const m = fromAxisMap(PUCK_MAP);
    expect(orthonormalErrorsQ14(m)).to.deep.equal([0, 0, 0, 0, 0, 0]);
    expect(determinantQ14(m)).to.equal(ONE_Q14);
  });

  it('derives ML as V x AP for every axis pair, so the pod frame is always right-handed', () => {
    const codes = [1, 2, 3, -1, -2, -3];
    for (const v of codes) {
      for (const ap of codes) {
        if (Math.abs(v) === Math.abs(ap)) continue;
        const m = fromAxisMap({ v: v, ap: ap, ml: 0 });
        expect(determinantQ14(m), `v ${v}, ap ${ap}`).to.equal(ONE_Q14);
        expect(orthonormalErrorsQ14(m)).to.deep.equal([0, 0, 0, 0, 0, 0]);
      }
    }
  });

  it('negates AP and ML, and keeps V, for apSign -1 (worn turned about V)', () => {
    const reversed = fromAxisMap(PUCK_MAP, -1);
    expect(Array.from(reversed)).to.deep.equal([0, ONE_Q14, 0, 0, 0, ONE_Q14, ONE_Q14, 0, 0]);
    expect(determinantQ14(reversed)).to.equal(ONE_Q14);
  });
});

describe('mountingFromGravity', () => {
  it('reproduces the nominal matrix exactly for gravity along nominal V', () => {
    expect(Array.from(fromGravity([0, ONE_G_COUNTS, 0]))).to.deep.equal(PUCK_NOMINAL);
    // any magnitude: 1000 mg or counts near the 2^14 limit
    expect(Array.from(fromGravity([0, 1000, 0]))).to.deep.equal(PUCK_NOMINAL);
    expect(Array.from(fromGravity([0, 16383, 0]))).to.deep.equal(PUCK_NOMINAL);
  });

  it('negates V and ML and keeps AP when the pod is clipped upside down', () => {
    const m = fromGravity([0, -ONE_G_COUNTS, 0]);
    expect(row(m, ROW_V)).to.deep.equal([0, -ONE_Q14, 0]);
    expect(row(m, ROW_AP)).to.deep.equal([0, 0, -ONE_Q14]);
    expect(row(m, ROW_ML)).to.deep.equal([ONE_Q14, 0, 0]);
    expect(determinantQ14(m)).to.equal(ONE_Q14);
  });

  it('tilts V and AP by 30 degrees about ML, keeps ML and stays orthonormal within a few Q14 units', () => {
    const m = fromGravity(pitchedGravity(30));
    const c = ONE_Q14 * Math.cos(Math.PI / 6);
    const s = ONE_Q14 * Math.sin(Math.PI / 6);
    // V' = cos V + sin AP, AP' = cos AP - sin V, in sensor axes (V = +y, AP = -z)
    expectRowNear(m, ROW_V, [0, c, -s], 4);
    expectRowNear(m, ROW_AP, [0, -s, -c], 4);
    expectRowNear(m, ROW_ML, [-ONE_Q14, 0, 0], 4);
    expectOrthonormal(m);
  });

  it('tilts V and ML by 30 degrees about AP, keeps AP and stays orthonormal', () => {
    const rad = Math.PI / 6;
    // V tips towards ML (sensor -x)
    const m = fromGravity([Math.round(-ONE_G_COUNTS * Math.sin(rad)), Math.round(ONE_G_COUNTS * Math.cos(rad)), 0]);
    expectRowNear(m, ROW_V, [-ONE_Q14 * Math.sin(rad), ONE_Q14 * Math.cos(rad), 0], 4);
    expectRowNear(m, ROW_AP, [0, 0, -ONE_Q14], 0);
    expectRowNear(m, ROW_ML, [-ONE_Q14 * Math.cos(rad), -ONE_Q14 * Math.sin(rad), 0], 4);
    expectOrthonormal(m);
  });

  /** gravity tilted up to 60 degrees from V in every direction: each matrix outside the tolerance, described */
  function sweepFailures(magnitudeCounts: number, toleranceQ14: number): string[] {
    const failures: string[] = [];
    for (let tiltDeg = 0; tiltDeg <= 60; tiltDeg += 5) {
      for (let azimuthDeg = 0; azimuthDeg < 360; azimuthDeg += 15) {
        const t = (tiltDeg * Math.PI) / 180;
        const a = (azimuthDeg * Math.PI) / 180;
        const gravity: Vec3 = [
          Math.round(magnitudeCounts * Math.sin(t) * Math.cos(a)),
          Math.round(magnitudeCounts * Math.cos(t)),
          Math.round(magnitudeCounts * Math.sin(t) * Math.sin(a)),
        ];
        const m = fromGravity(gravity);
        const worst = Math.max(...orthonormalErrorsQ14(m));
        const determinantError = Math.abs(determinantQ14(m) - ONE_Q14);
        // V must point along gravity: its projection on the unit gravity vector is one Q14 unit row
        const norm = Math.hypot(...gravity);
        const alongGravity = dotQ14(row(m, ROW_V), gravity.map((g) => (g * ONE_Q14) / norm) as Vec3);
        if (worst > toleranceQ14 || determinantError > 3 * toleranceQ14 || Math.abs(alongGravity - ONE_Q14) > toleranceQ14) {
          failures.push(`tilt ${tiltDeg} azimuth ${azimuthDeg}: dot error ${worst.toFixed(1)}, det error ${determinantError.toFixed(1)}, V.g ${alongGravity.toFixed(1)}`);
        }
      }
    }
    return failures;
  }

  it('stays orthonormal within a few Q14 units for gravity up to 60 degrees from V near the 2^14 input limit', () => {
    expect(sweepFailures(16000, ORTHONORMAL_TOLERANCE_Q14)).to.deep.equal([]);
  });

  it('stays orthonormal within 0.2 % for gravity of 1 g in counts up to 60 degrees from V', () => {
    // the floored isqrt of |g| ~ 2^11 makes V up to 2^14 / |g| = 8 units long, and AP.V twice that
    expect(sweepFailures(ONE_G_COUNTS, 32)).to.deep.equal([]);
  });

  it('keeps AP horizontal and in the plane of V and nominal AP (the heading comes from the map)', () => {
    const m = fromGravity(pitchedGravity(20));
    // nominal AP is -z: the new AP has no x (ML) part and points forward (-z)
    expect(m[ROW_AP]).to.equal(0);
    expect(m[ROW_AP + 2]).to.be.below(-15000);
    expect(Math.abs(dotQ14(row(m, ROW_V), row(m, ROW_AP)))).to.be.at.most(4);
  });

  it('negates AP and ML for apSign -1, V unchanged', () => {
    const gravity = pitchedGravity(30);
    const forward = fromGravity(gravity, 1);
    const reversed = fromGravity(gravity, -1);
    expect(row(reversed, ROW_V)).to.deep.equal(row(forward, ROW_V));
    // >> 14 floors, so a negated input may land one unit away
    expectRowNear(reversed, ROW_AP, row(forward, ROW_AP).map((x) => -x), 2);
    expectRowNear(reversed, ROW_ML, row(forward, ROW_ML).map((x) => -x), 2);
    expectOrthonormal(reversed);
  });

  it('takes AP from the nominal ML axis when the nominal AP is within 15 degrees of gravity', () => {
    // pod pitched 90 degrees: gravity along nominal AP (sensor -z)
    const m = fromGravity([0, 0, -ONE_G_COUNTS]);
    expect(row(m, ROW_V)).to.deep.equal([0, 0, -ONE_Q14]);
    // ML stays the nominal -x; AP = ML x V = -y: the old V axis now points backwards
    expect(row(m, ROW_ML)).to.deep.equal([-ONE_Q14, 0, 0]);
    expect(row(m, ROW_AP)).to.deep.equal([0, -ONE_Q14, 0]);
    expect(determinantQ14(m)).to.equal(ONE_Q14);
  });

  it('uses the fallback from 15 degrees on and stays orthonormal on both sides of it', () => {
    for (const pitchDeg of [70, 74, 76, 80, 85, 89, 90]) {
      const m = fromGravity(pitchedGravity(pitchDeg, 16000));
      // rotation about ML only: ML stays -x either way
      expectRowNear(m, ROW_ML, [-ONE_Q14, 0, 0], 4);
      for (const error of orthonormalErrorsQ14(m)) expect(error, `pitch ${pitchDeg}`).to.be.at.most(ORTHONORMAL_TOLERANCE_Q14);
    }
    // gravity along nominal AP with apSign -1: ML negated with AP, still right-handed
    const reversed = fromGravity([0, 0, -ONE_G_COUNTS], -1);
    expect(row(reversed, ROW_ML)).to.deep.equal([ONE_Q14, 0, 0]);
    expect(row(reversed, ROW_AP)).to.deep.equal([0, ONE_Q14, 0]);
    expect(determinantQ14(reversed)).to.equal(ONE_Q14);
  });

  it('falls back to the nominal matrix for a zero gravity vector', () => {
    expect(Array.from(fromGravity([0, 0, 0]))).to.deep.equal(PUCK_NOMINAL);
    expect(Array.from(fromGravity([0, 0, 0], -1))).to.deep.equal(Array.from(fromAxisMap(PUCK_MAP, -1)));
  });
});

describe('mountingScaled', () => {
  it('scales the Puck.js rows to accelerometer mg per count (Q14 x 488 / 1000) rounded', () => {
    const out = new Int32Array(9);
    mountingScaled(out, fromAxisMap(PUCK_MAP), 488, 1000);
    // 16384 x 0.488 = 7995.392
    expect(Array.from(out)).to.deep.equal([0, 7995, 0, 0, 0, -7995, -7995, 0, 0]);
  });

  it('rounds halves away from zero on both signs', () => {
    const m = Int32Array.from([1, -1, 3, -3, 5, -5, 7, -7, 0]);
    const out = new Int32Array(9);
    mountingScaled(out, m, 1, 2);
    // 0.5, -0.5, 1.5, -1.5, 2.5, -2.5, 3.5, -3.5, 0
    expect(Array.from(out)).to.deep.equal([1, -1, 2, -2, 3, -3, 4, -4, 0]);
  });

  it('rounds below a half toward zero and above a half away from zero', () => {
    const m = Int32Array.from([49, -49, 51, -51, 1, -1, 2, -2, 16384]);
    const out = new Int32Array(9);
    mountingScaled(out, m, 1, 100);
    expect(Array.from(out.subarray(0, 4))).to.deep.equal([0, 0, 1, -1]);
    mountingScaled(out, m, 1, 3);
    // 1/3, -1/3, 2/3, -2/3, 16384/3 = 5461.33
    expect(Array.from(out.subarray(4))).to.deep.equal([0, 0, 1, -1, 5461]);
  });

  it('turns Q14 into Q10 cdps per count for the gyro exactly (x 70 / 160)', () => {
    const out = new Int32Array(9);
    mountingScaled(out, fromAxisMap(PUCK_MAP), 70, 160);
    expect(Array.from(out)).to.deep.equal([0, 7168, 0, 0, 0, -7168, -7168, 0, 0]);
  });

  it('stays exact for the largest product it allows (2^14 x 2^16)', () => {
    const m = Int32Array.from([ONE_Q14, -ONE_Q14, 0, 0, 0, 0, 0, 0, 0]);
    const out = new Int32Array(9);
    mountingScaled(out, m, 65536, 65535);
    // 2^30 / 65535 = 16384.25
    expect(Array.from(out.subarray(0, 2))).to.deep.equal([16384, -16384]);
  });
});
