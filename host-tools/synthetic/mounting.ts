// How the sensor sits on the runner: the board's nominal axis map (which sensor axis carries
// each pod axis) composed with a mounting change (clipped upside down, reversed, tilted).
//
// Composition, in this order:
//   1. Q, the mounting change, is a rotation of the board relative to the runner's pod frame,
//      built from fixed pod axes: first upside down (180 deg about AP), then reversed
//      (180 deg about V), then tilted by tiltDeg about AP or ML (right-hand rule, so +tilt about
//      ML tilts the board's top forward like +pitch, +tilt about AP lifts its left like +roll):
//        Q = R_tilt * Rz(reversed ? 180 : 0) * Rx(upsideDown ? 180 : 0).
//      The columns of Q are the board's nominal pod axes (AP', ML', V') in the runner's frame.
//   2. A vector p in the runner's pod frame [AP, ML, V] reads b = Q^T p along the board's
//      nominal pod axes, and s = A b in sensor axes [x, y, z], A being the signed permutation
//      of the board's axis map (sensor[|code| - 1] = sign(code) * pod component).
//   So sensor = A Q^T pod. With the nominal mounting Q = I and the axis map alone recovers
//   the pod frame: pod = A^T sensor.
import { PodAxisMap } from '../../boards/boardTypes';
import { Mat3, mat3Multiply, mat3RotationX, mat3RotationY, mat3RotationZ, mat3Transpose } from './orientation';

export interface Mounting {
  /** clipped upside down: 180 deg about AP (V and ML reversed) */
  upsideDown: boolean;
  /** worn back to front: 180 deg about V (AP and ML reversed) */
  reversed: boolean;
  /** extra tilt of the board, degrees, right-hand rule about tiltAxis of the runner's frame */
  tiltDeg: number;
  tiltAxis: 'ap' | 'ml';
}

export const NOMINAL_MOUNTING: Mounting = { upsideDown: false, reversed: false, tiltDeg: 0, tiltAxis: 'ml' };

const DEG_TO_RAD = Math.PI / 180;

/** Q: the board's nominal pod axes as columns, in the runner's pod frame (see the header) */
export function mountingRotation(mounting: Mounting): Mat3 {
  if (!Number.isFinite(mounting.tiltDeg)) throw new TypeError(`mounting tiltDeg must be a number, got ${mounting.tiltDeg}`);
  if (mounting.tiltAxis !== 'ap' && mounting.tiltAxis !== 'ml') {
    throw new TypeError(`mounting tiltAxis must be 'ap' or 'ml', got ${String(mounting.tiltAxis)}`);
  }
  const tiltRad = mounting.tiltDeg * DEG_TO_RAD;
  const tilt = mounting.tiltAxis === 'ap' ? mat3RotationX(tiltRad) : mat3RotationY(tiltRad);
  // exact zeros and ones for the 180 degree cases (Math.sin(Math.PI) is 1.2e-16, not 0)
  const reversed = mounting.reversed ? Float64Array.of(-1, 0, 0, 0, -1, 0, 0, 0, 1) : mat3RotationZ(0);
  const upsideDown = mounting.upsideDown ? Float64Array.of(1, 0, 0, 0, -1, 0, 0, 0, -1) : mat3RotationX(0);
  return mat3Multiply(tilt, mat3Multiply(reversed, upsideDown));
}

/**
 * A: sensor axes [x, y, z] from the board's nominal pod axes [AP, ML, V]. Throws TypeError unless
 * the map names three different axes and forms a proper (right-handed) rotation.
 */
export function sensorFromNominalPodMatrix(axisMap: PodAxisMap): Mat3 {
  const codes = [axisMap.ap, axisMap.ml, axisMap.v];
  const m = new Float64Array(9);
  const used = [false, false, false];
  for (let podAxis = 0; podAxis < 3; podAxis++) {
    const code = codes[podAxis];
    const sensorAxis = Math.abs(code) - 1;
    if (!Number.isInteger(code) || sensorAxis < 0 || sensorAxis > 2 || used[sensorAxis]) {
      throw new TypeError(`axis map ${JSON.stringify(axisMap)} must name sensor axes 1, 2, 3 once each`);
    }
    used[sensorAxis] = true;
    m[3 * sensorAxis + podAxis] = code < 0 ? -1 : 1;
  }
  const determinant =
    m[0] * (m[4] * m[8] - m[5] * m[7]) - m[1] * (m[3] * m[8] - m[5] * m[6]) + m[2] * (m[3] * m[7] - m[4] * m[6]);
  if (determinant < 0) throw new TypeError(`axis map ${JSON.stringify(axisMap)} is a mirror image (left-handed)`);
  return m;
}

/** A Q^T: sensor axes [x, y, z] from the runner's pod frame [AP, ML, V] */
export function sensorFromPodMatrix(axisMap: PodAxisMap, mounting: Mounting): Mat3 {
  return mat3Multiply(sensorFromNominalPodMatrix(axisMap), mat3Transpose(mountingRotation(mounting)));
}

/**
 * [AP, ML, V] read from a sensor vector through the axis map alone (what a reader who assumes
 * the nominal mounting does): pod component = sign(code) * sensor[|code| - 1].
 */
export function nominalPodFromSensor(axisMap: PodAxisMap, sensor: ArrayLike<number>, out: Float64Array): Float64Array {
  const read = (code: number) => (code < 0 ? -sensor[-code - 1] : sensor[code - 1]);
  out[0] = read(axisMap.ap);
  out[1] = read(axisMap.ml);
  out[2] = read(axisMap.v);
  return out;
}
