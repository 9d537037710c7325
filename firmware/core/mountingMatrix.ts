// Mounting rotation: a Q14 matrix whose rows are the pod axes V, AP, ML in sensor coordinates,
// built from the board's nominal axis map or from a measured gravity direction.
import { PodAxisMap } from '../../boards/boardTypes';
import { isqrt } from './isqrt';

export const ONE_Q14 = 16384;
export const ROW_V = 0;
export const ROW_AP = 3;
export const ROW_ML = 6;

/** writes the unit sensor-axis vector named by an axis code (1 = x, 2 = y, 3 = z, negative = reversed) */
function axisUnitQ14(out: Int32Array, offset: number, axisCode: number): void {
  out[offset] = 0;
  out[offset + 1] = 0;
  out[offset + 2] = 0;
  out[offset + (axisCode < 0 ? -axisCode : axisCode) - 1] = axisCode < 0 ? -ONE_Q14 : ONE_Q14;
}

/** ML = V x AP, so the pod frame (AP, ML, V) stays right-handed; products <= 2^28, sums <= 2^29 */
function crossVapIntoMl(m: Int32Array): void {
  m[ROW_ML] = (m[1] * m[ROW_AP + 2] - m[2] * m[ROW_AP + 1]) >> 14;
  m[ROW_ML + 1] = (m[2] * m[ROW_AP] - m[0] * m[ROW_AP + 2]) >> 14;
  m[ROW_ML + 2] = (m[0] * m[ROW_AP + 1] - m[1] * m[ROW_AP]) >> 14;
}

/** nominal mounting: the board's axis map with AP multiplied by apSign (+1, or -1 when worn reversed) */
export function mountingFromAxisMap(m: Int32Array, axisMap: PodAxisMap, apSign: number): void {
  axisUnitQ14(m, ROW_V, axisMap.v);
  axisUnitQ14(m, ROW_AP, axisMap.ap * apSign);
  crossVapIntoMl(m);
}

/**
 * Mounting from a gravity direction measured in sensor axes (any scale below 2^30): V along gravity, AP the
 * nominal forward axis (times apSign) with its vertical part removed, ML = V x AP.
 */
export function mountingFromGravity(m: Int32Array, gravX: number, gravY: number, gravZ: number, axisMap: PodAxisMap, apSign: number): void {
  if (gravX === 0 && gravY === 0 && gravZ === 0) {
    mountingFromAxisMap(m, axisMap, apSign);
    return;
  }
  // Scale the largest component into [2^13, 2^14) (up or down: the direction is all that
  // counts), so the floor of the root costs at most 2^-13 of the length, and squares stay < 2^30.
  let largest = gravX < 0 ? -gravX : gravX;
  if ((gravY < 0 ? -gravY : gravY) > largest) largest = gravY < 0 ? -gravY : gravY;
  if ((gravZ < 0 ? -gravZ : gravZ) > largest) largest = gravZ < 0 ? -gravZ : gravZ;
  while (largest >= 16384) {
    gravX = (gravX / 2) | 0;
    gravY = (gravY / 2) | 0;
    gravZ = (gravZ / 2) | 0;
    largest = largest >> 1;
  }
  while (largest < 8192) {
    gravX = gravX * 2;
    gravY = gravY * 2;
    gravZ = gravZ * 2;
    largest = largest * 2;
  }
  const gravNorm = isqrt(gravX * gravX + gravY * gravY + gravZ * gravZ); // < 3 * 2^28
  // components * 2^14 <= 2^28
  m[0] = ((gravX * ONE_Q14) / gravNorm) | 0;
  m[1] = ((gravY * ONE_Q14) / gravNorm) | 0;
  m[2] = ((gravZ * ONE_Q14) / gravNorm) | 0;
  axisUnitQ14(m, ROW_AP, axisMap.ap * apSign);
  let apDotV = (m[ROW_AP] * m[0] + m[ROW_AP + 1] * m[1] + m[ROW_AP + 2] * m[2]) >> 14; // <= 3 * 2^28
  // A nominal forward axis within ~15 degrees of vertical cannot give a heading: take it
  // from the nominal left axis instead (AP = ML x V).
  if (apDotV > 15800 || apDotV < -15800) {
    axisUnitQ14(m, ROW_ML, axisMap.ml * apSign);
    const mlDotV = (m[ROW_ML] * m[0] + m[ROW_ML + 1] * m[1] + m[ROW_ML + 2] * m[2]) >> 14;
    for (let i = 0; i < 3; i++) m[ROW_ML + i] -= (mlDotV * m[i]) >> 14;
    m[ROW_AP] = (m[ROW_ML + 1] * m[2] - m[ROW_ML + 2] * m[1]) >> 14;
    m[ROW_AP + 1] = (m[ROW_ML + 2] * m[0] - m[ROW_ML] * m[2]) >> 14;
    m[ROW_AP + 2] = (m[ROW_ML] * m[1] - m[ROW_ML + 1] * m[0]) >> 14;
    apDotV = 0;
  } else {
    for (let i = 0; i < 3; i++) m[ROW_AP + i] -= (apDotV * m[i]) >> 14;
  }
  const apNorm = isqrt(m[ROW_AP] * m[ROW_AP] + m[ROW_AP + 1] * m[ROW_AP + 1] + m[ROW_AP + 2] * m[ROW_AP + 2]);
  for (let i = 0; i < 3; i++) m[ROW_AP + i] = ((m[ROW_AP + i] * ONE_Q14) / apNorm) | 0;
  crossVapIntoMl(m);
}

/** scaled copy of a Q14 rotation: each entry times numerator/denominator, rounded half away from zero */
export function mountingScaled(out: Int32Array, m: Int32Array, numerator: number, denominator: number): void {
  for (let i = 0; i < 9; i++) {
    const product = m[i] * numerator; // |m| <= 2^14, numerator <= 2^16 here: <= 2^30
    out[i] = product < 0 ? -(((-product + (denominator >> 1)) / denominator) | 0) : ((product + (denominator >> 1)) / denominator) | 0;
  }
}

/** cosine of the angle between row V and a vector, Q14 (vector components below 2^14) */
export function verticalAgreementQ14(m: Int32Array, x: number, y: number, z: number): number {
  const norm = isqrt(x * x + y * y + z * z);
  if (norm === 0) return 0;
  return (((m[0] * x + m[1] * y + m[2] * z) / norm) | 0);
}
