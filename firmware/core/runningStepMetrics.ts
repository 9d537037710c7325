// Per-step metrics of a running step, computed once per step from the pod-frame rings:
// lean, vertical oscillation, impact, braking, pelvic drop, rotation and tilt range.
import { atan2Cdeg } from './atan2Cdeg';
import { CoreState } from './coreState';
import { ringMax, ringRange, ringSum } from './ringStats';
import { cosQ14, sinQ14 } from './sinCosQ14';

/**
 * Step cycle = [cycleStart, stanceEnd): the flight before this contact plus the contact.
 * Stance = [stanceStart, stanceEnd). Stride = [strideStart, stanceEnd), or strideStart < 0
 * when the previous step is not part of the same run.
 */
export function runningStepMetrics(st: CoreState, cycleStart: number, stanceStart: number, stanceEnd: number, strideStart: number): void {
  const mask = st.ringMask;
  const rec = st.step;
  const rate = st.rateHz;
  const cycleLength = stanceEnd - cycleStart;
  const accV = st.accVRing;
  const accAp = st.accApRing;

  // Undo the pitch oscillation within the cycle (high-passed gyro pitch about its mean) so
  // that the dynamic vertical force does not leak into the lean through their correlation.
  const meanPitchCdeg = (ringSum(st.pitchRing, mask, cycleStart, stanceEnd) / cycleLength) | 0;
  const up = st.upScratch;
  const forward = st.forwardScratch;
  let sumUp = 0;
  let sumForward = 0;
  for (let i = 0; i < cycleLength; i++) {
    const slot = (cycleStart + i) & mask;
    const oscillationCdeg = st.pitchRing[slot] - meanPitchCdeg;
    const c = cosQ14(oscillationCdeg);
    const s = sinQ14(oscillationCdeg);
    // mg < 2^15 x Q14: each product < 2^29, sums < 2^30
    up[i] = (accV[slot] * c - accAp[slot] * s) >> 14;
    forward[i] = (accAp[slot] * c + accV[slot] * s) >> 14;
    sumUp += up[i];
    sumForward += forward[i];
  }
  // Over a whole step cycle at steady speed the mean specific force is gravity, so its
  // direction is the pelvis pitch relative to the calibrated upright: the lean.
  const leanCdeg = atan2Cdeg(-sumForward, sumUp);
  rec.leanCdeg = leanCdeg;
  st.leanCdeg = leanCdeg;
  const cosLean = cosQ14(leanCdeg);
  const sinLean = sinQ14(leanCdeg);
  const stanceOffset = stanceStart - cycleStart;
  let impact = -32768;
  sumUp = 0;
  sumForward = 0;
  for (let i = 0; i < cycleLength; i++) {
    const u = up[i];
    const f = forward[i];
    up[i] = (u * cosLean - f * sinLean) >> 14;
    forward[i] = (f * cosLean + u * sinLean) >> 14;
    sumUp += up[i];
    sumForward += forward[i];
    if (i >= stanceOffset && up[i] > impact) impact = up[i];
  }

  // Vertical oscillation: double integration of up minus its mean, with velocity made
  // periodic over the cycle (zero mean), so neither constant nor linear drift remains.
  const meanUp = (sumUp / cycleLength) | 0;
  let velocity = 0;
  let sumVelocity = 0;
  for (let i = 0; i < cycleLength; i++) {
    velocity += up[i] - meanUp; // < 2^12 mg x 2^9 samples
    up[i] = velocity;
    sumVelocity += velocity;
  }
  const meanVelocity = (sumVelocity / cycleLength) | 0;
  let position = 0;
  let lowest = 0;
  let highest = 0;
  for (let i = 0; i < cycleLength; i++) {
    position += up[i] - meanVelocity; // mg x samples^2 < 2^21 x 2^9
    if (position < lowest) lowest = position;
    if (position > highest) highest = position;
  }
  // mg x samples^2 -> mm: x 9.80665 mm/s^2 per mg / rate^2; divide by rate first to stay < 2^31
  rec.voMm = (((((highest - lowest) / rate) | 0) * 9807) / (rate * 1000)) | 0;

  // Impact: peaks in stance, vertical (world, above), along the pelvis axis (compression
  // proxy) and across it in the sagittal plane (shear proxy).
  let shear = 0;
  for (let index = stanceStart; index < stanceEnd; index++) {
    const apValue = accAp[index & mask];
    const shearValue = apValue < 0 ? -apValue : apValue;
    if (shearValue > shear) shear = shearValue;
  }
  rec.impactAxialMg = ringMax(accV, mask, stanceStart, stanceEnd);
  rec.impactShearMg = shear;

  // Braking: forward velocity lost from contact until deceleration ends, against the
  // cycle's mean (steady speed), and the deepest deceleration.
  const meanForward = (sumForward / cycleLength) | 0;
  let brakingSum = 0;
  let peakDecel = 0;
  let decelerating = 1;
  for (let i = stanceOffset; i < cycleLength; i++) {
    const f = forward[i] - meanForward;
    if (f < 0) {
      if (decelerating) brakingSum -= f;
      if (-f > peakDecel) peakDecel = -f;
    } else if (brakingSum > 0) {
      decelerating = 0;
    }
  }
  // mg x samples -> mm/s: x 9.81 / rate; brakingSum < 2^21, x 981 < 2^31
  rec.brakingMms = ((brakingSum * 981) / (rate * 100)) | 0;
  rec.brakingPeakMg = peakDecel;
  rec.impactMg = impact;

  rec.dropCdeg = ringRange(st.rollRing, mask, stanceStart, stanceEnd);
  if (strideStart >= 0) {
    rec.rotationCdeg = ringRange(st.yawRing, mask, strideStart, stanceEnd);
    rec.tiltRangeCdeg = ringRange(st.pitchRing, mask, strideStart, stanceEnd);
  } else {
    rec.rotationCdeg = 0;
    rec.tiltRangeCdeg = 0;
  }
}
