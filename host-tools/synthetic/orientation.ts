// Rotation maths of the synthetic generator: 3x3 rotation matrices (row-major Float64Array(9)),
// the pelvis Euler convention and the exact body angular velocity from Euler rates.
// Angles in radians, rates in rad/s. All frames are right-handed.
//
// Frames. World: x forward (direction of running), y to the runner's left, z up.
// Pod (body, moving with the pelvis): x = AP (forward), y = ML (left), z = V (up).
//
// Pelvis orientation: R = Rz(yaw) * Ry(pitch) * Rx(roll) takes pod coordinates to world
// coordinates (v_world = R v_pod; the columns of R are the pod axes seen from the world).
// Each factor is the ordinary right-hand rotation about its axis, which gives exactly the
// clinical signs wanted:
//   roll (obliquity) about AP:   positive = left side up      (Rx carries ML towards V)
//   pitch (tilt) about ML:       positive = top tilts forward (Ry carries V towards AP)
//   yaw (rotation) about V:      positive = turning left, right side of the pelvis forward
//                                                             (Rz carries AP towards ML)

/** row-major 3x3 matrix: m[3 * row + column] */
export type Mat3 = Float64Array;

export function mat3Identity(): Mat3 {
  return Float64Array.of(1, 0, 0, 0, 1, 0, 0, 0, 1);
}

/** right-hand rotation about x: carries y towards z */
export function mat3RotationX(angleRad: number): Mat3 {
  const c = Math.cos(angleRad);
  const s = Math.sin(angleRad);
  return Float64Array.of(1, 0, 0, 0, c, -s, 0, s, c);
}

/** right-hand rotation about y: carries z towards x (so Ry(+pitch) tilts the up axis forward) */
export function mat3RotationY(angleRad: number): Mat3 {
  const c = Math.cos(angleRad);
  const s = Math.sin(angleRad);
  return Float64Array.of(c, 0, s, 0, 1, 0, -s, 0, c);
}

/** right-hand rotation about z: carries x towards y */
export function mat3RotationZ(angleRad: number): Mat3 {
  const c = Math.cos(angleRad);
  const s = Math.sin(angleRad);
  return Float64Array.of(c, -s, 0, s, c, 0, 0, 0, 1);
}

export function mat3Multiply(a: Mat3, b: Mat3): Mat3 {
  const out = new Float64Array(9);
  for (let row = 0; row < 3; row++) {
    for (let col = 0; col < 3; col++) {
      out[3 * row + col] = a[3 * row] * b[col] + a[3 * row + 1] * b[3 + col] + a[3 * row + 2] * b[6 + col];
    }
  }
  return out;
}

export function mat3Transpose(a: Mat3): Mat3 {
  return Float64Array.of(a[0], a[3], a[6], a[1], a[4], a[7], a[2], a[5], a[8]);
}

/** out = m v (out may not alias v) */
export function mat3Apply(m: Mat3, v: ArrayLike<number>, out: Float64Array): Float64Array {
  out[0] = m[0] * v[0] + m[1] * v[1] + m[2] * v[2];
  out[1] = m[3] * v[0] + m[4] * v[1] + m[5] * v[2];
  out[2] = m[6] * v[0] + m[7] * v[1] + m[8] * v[2];
  return out;
}

/** out = m^T v (out may not alias v) */
export function mat3ApplyTransposed(m: Mat3, v: ArrayLike<number>, out: Float64Array): Float64Array {
  out[0] = m[0] * v[0] + m[3] * v[1] + m[6] * v[2];
  out[1] = m[1] * v[0] + m[4] * v[1] + m[7] * v[2];
  out[2] = m[2] * v[0] + m[5] * v[1] + m[8] * v[2];
  return out;
}

/** R = Rz(yaw) Ry(pitch) Rx(roll): pod (pelvis) coordinates to world coordinates */
export function pelvisRotation(rollRad: number, pitchRad: number, yawRad: number): Mat3 {
  return mat3Multiply(mat3RotationZ(yawRad), mat3Multiply(mat3RotationY(pitchRad), mat3RotationX(rollRad)));
}

/**
 * Angular velocity of the pelvis in pod axes [AP, ML, V], rad/s, exactly as a gyroscope fixed
 * to it reads it, from the Euler angles and their rates (Z-Y-X convention above):
 *   w_pod = R^T (yawRate z_world) + Rx^T (pitchRate y) + rollRate x
 *   AP = rollRate - yawRate sin(pitch)
 *   ML = pitchRate cos(roll) + yawRate sin(roll) cos(pitch)
 *   V  = -pitchRate sin(roll) + yawRate cos(roll) cos(pitch)
 * Yaw itself does not enter: rotating about the world vertical changes nothing in pod axes.
 */
export function podAngularVelocityRadPerS(
  rollRad: number,
  pitchRad: number,
  rollRateRadPerS: number,
  pitchRateRadPerS: number,
  yawRateRadPerS: number,
  out: Float64Array,
): Float64Array {
  const cosRoll = Math.cos(rollRad);
  const sinRoll = Math.sin(rollRad);
  const cosPitch = Math.cos(pitchRad);
  const sinPitch = Math.sin(pitchRad);
  out[0] = rollRateRadPerS - yawRateRadPerS * sinPitch;
  out[1] = pitchRateRadPerS * cosRoll + yawRateRadPerS * sinRoll * cosPitch;
  out[2] = -pitchRateRadPerS * sinRoll + yawRateRadPerS * cosRoll * cosPitch;
  return out;
}
