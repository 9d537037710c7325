// Per-step metrics of a running step, computed once per step from the pod-frame rings:
// lean, vertical oscillation, impact, braking, pelvic drop, rotation and tilt range. Sums and
// dot products over the step go through the kernel (native on the pod); what must look at
// every sample (the per-sample rotation into the world frame and its truncations, the braking
// state machine, extremes, the double integration) is two short passes over the step cycle,
// with no calls inside them.
import { atan2Cdeg } from './atan2Cdeg';
import { CoreState } from './coreState';
import { kernelDot, kernelExtreme, kernelSum } from './kernel';
import { ringRange } from './ringStats';
import { cosQ14, sinQ14 } from './sinCosQ14';

/** cdeg per radian, rounded: small-angle products a x angleCdeg / this are a x angle in rad */
const CDEG_PER_RAD = 5730;

/** a contiguous view of ring[start, start + length): the ring itself, or a copy when it wraps */
function ringWindow(ring: Int16Array, mask: number, start: number, length: number, scratch: Int16Array): Int16Array {
  const first = start & mask;
  if (first + length <= mask + 1) return ring.subarray(first, first + length);
  const head = mask + 1 - first;
  scratch.set(ring.subarray(first), 0);
  scratch.set(ring.subarray(0, length - head), head);
  return scratch.subarray(0, length);
}

/**
 * Step cycle = [cycleStart, stanceEnd): the flight before this contact plus the contact.
 * Stance = [stanceStart, stanceEnd). Stride = [strideStart, stanceEnd), or strideStart < 0
 * when the previous step is not part of the same run.
 */
export function runningStepMetrics(st: CoreState, cycleStart: number, stanceStart: number, stanceEnd: number, strideStart: number): void {
  const mask = st.cycleRingMask;
  const rec = st.step;
  const rate = st.rateHz;
  const n = stanceEnd - cycleStart;
  const up = st.upScratch;
  const accV = ringWindow(st.accVRing, mask, cycleStart, n, st.windowV);
  const accAp = ringWindow(st.accApRing, mask, cycleStart, n, st.windowAp);
  const pitch = ringWindow(st.pitchRing, mask, cycleStart, n, st.windowPitch);

  // Over a whole step cycle at steady speed the mean specific force is gravity, so its
  // direction is the pelvis pitch relative to the calibrated upright: the lean. The pitch
  // oscillation within the cycle (gyro pitch about its mean, delta) is turned out first, to
  // first order: the dynamic vertical force would otherwise leak into the lean through their
  // correlation. Dot products pass 2^31 (mg x cdeg x samples): exact doubles below 2^53.
  const sumV = kernelSum(accV);
  const sumAp = kernelSum(accAp);
  const meanPitchCdeg = (kernelSum(pitch) / n) | 0;
  const vDotDelta = kernelDot(accV, pitch) - meanPitchCdeg * sumV;
  const apDotDelta = kernelDot(accAp, pitch) - meanPitchCdeg * sumAp;
  const sumForwardLevel = (sumAp + vDotDelta / CDEG_PER_RAD) | 0;
  const sumUpLevel = (sumV - apDotDelta / CDEG_PER_RAD) | 0;
  const leanCdeg = atan2Cdeg(-sumForwardLevel, sumUpLevel);
  rec.leanCdeg = leanCdeg;
  st.leanCdeg = leanCdeg;
  const cosLean = cosQ14(leanCdeg);
  const sinLean = sinQ14(leanCdeg);

  // Pass 1: the sagittal world frame at the instantaneous pitch lean + delta (small-angle in
  // delta), keeping up for pass 2; impact, shear and braking in stance; the tilt range.
  const stanceOffset = stanceStart - cycleStart;
  let brakingSum = 0;
  let peakDecel = 0;
  let decelerating = 1;
  // mean forward force over the cycle (steady speed: braking is measured against it);
  // sums < 2^24 x Q14: exact doubles, the mean < 2^29
  // a local, not the bundle-level constant, inside the loop: on the pod a bundle-level name is a
  // search through every name the bundle declares
  const cdegPerRad = CDEG_PER_RAD;
  const meanForward = (((sumForwardLevel * cosLean + sumUpLevel * sinLean) / n) | 0) >> 14;
  for (let i = 0; i < n; i++) {
    const v = accV[i];
    const f = accAp[i];
    // cos and sin of lean + delta, Q14: |delta| < 2^12 cdeg keeps each product < 2^26
    const deltaCdeg = pitch[i] - meanPitchCdeg;
    const c = cosLean - ((sinLean * deltaCdeg) / cdegPerRad | 0);
    const s = sinLean + ((cosLean * deltaCdeg) / cdegPerRad | 0);
    // mg < 2^15 x Q14 < 2^15: each product < 2^30
    const upMg = (v * c - f * s) >> 14;
    up[i] = upMg;
    if (i >= stanceOffset) {
      const forwardMg = ((f * c + v * s) >> 14) - meanForward;
      if (forwardMg < 0) {
        if (decelerating) brakingSum -= forwardMg;
        if (-forwardMg > peakDecel) peakDecel = -forwardMg;
      } else if (brakingSum > 0) {
        decelerating = 0;
      }
    }
  }

  // Pass 2, vertical oscillation: double integration of up minus its mean, with the velocity
  // made periodic over the cycle (its mean removed), so no constant or linear drift remains.
  // Mean velocity in closed form: sum over k of v_k = sum_j (n - j) up_j - meanUp n (n + 1) / 2.
  // Both sums natively over the n values of up, the second against the ramp n, n - 1, ..., 1:
  // < 2^15 mg x 2^9 x 2^9 samples.
  const upCycle = up.subarray(0, n);
  const sumUp = kernelSum(upCycle);
  const rampSumUp = kernelDot(upCycle, st.rampDown.subarray(st.rampDown.length - n));
  const meanUp = (sumUp / n) | 0;
  const meanVelocity = ((rampSumUp - ((meanUp * n * (n + 1)) >> 1)) / n) | 0;
  let velocity = 0;
  let position = 0;
  let lowest = 0;
  let highest = 0;
  for (let i = 0; i < n; i++) {
    velocity += up[i] - meanUp; // < 2^12 mg x 2^9 samples
    position += velocity - meanVelocity; // mg x samples^2 < 2^21 x 2^9
    if (position < lowest) lowest = position;
    else if (position > highest) highest = position; // lowest <= 0 <= highest throughout
  }
  // mg x samples^2 -> mm: x 9.80665 mm/s^2 per mg / rate^2; divide by rate first to stay < 2^31
  rec.voMm = (((((highest - lowest) / rate) | 0) * 9807) / (rate * 1000)) | 0;
  // extremes natively, once per step, over stance: impact (up), axial (V) and shear (|AP|);
  // a contact extrapolated to before the flight's start (negative flight) makes all of it stance
  const stanceFrom = stanceOffset > 0 ? stanceOffset : 0;
  const apStance = accAp.subarray(stanceFrom);
  rec.impactMg = Math.max(-32768, kernelExtreme(up.subarray(stanceFrom, n), Math.max));
  rec.impactAxialMg = Math.max(-32768, kernelExtreme(accV.subarray(stanceFrom), Math.max));
  rec.impactShearMg = Math.max(0, kernelExtreme(apStance, Math.max), -kernelExtreme(apStance, Math.min));
  // mg x samples -> mm/s: x 9.81 / rate; brakingSum < 2^21, x 981 < 2^31
  rec.brakingMms = ((brakingSum * 981) / (rate * 100)) | 0;
  rec.brakingPeakMg = peakDecel;
  rec.tiltRangeCdeg = kernelExtreme(pitch, Math.max) - kernelExtreme(pitch, Math.min);
  // Drop is the roll's range over the stance, from contact to toe-off, and both lie between
  // samples: the first stance sample is up to one after the contact, and the toe-off is found up to
  // 15 ms after the last, where the pelvis has dropped a little already or not yet come back, which
  // read drop about 6 % low. So the sample at or before the contact counts too, and so does the
  // one after the last: when the toe-off lies past the newest sample, the roll there, from the last
  // two, in the slot the next sample takes (the ring's oldest, more than a cycle back: no read takes it),
  // carried at most two samples on (a slow fall of force puts the toe-off far ahead, where a straight
  // line of roll would be guesswork). runningToeOff advances the pod-frame series to the sample
  // that revealed the toe-off before it calls this, so the roll up to stanceEnd - 1 is computed
  // and podFrameIndex says where the unwritten slots begin.
  const roll = st.rollRing;
  const last = stanceEnd - 1;
  if (stanceEnd >= st.podFrameIndex) roll[stanceEnd & mask] = roll[last & mask] + (((roll[last & mask] - roll[(last - 1) & mask]) * Math.min(st.lastToeOffQ8 - last * 256, 512)) >> 8);
  rec.dropCdeg = ringRange(roll, mask, stanceStart - 1, stanceEnd + 1);
  rec.rotationCdeg = strideStart >= 0 ? ringRange(st.yawRing, st.ringMask, strideStart, stanceEnd) : 0;
}
