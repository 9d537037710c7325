// Pod-frame series: specific force along AP and ML (mg) and high-passed pelvic roll, pitch and
// yaw (cdeg) from leaky integration of the bias-corrected gyro. Filled lazily, once per block.
import { CoreState } from './coreState';
import { mountingScaled } from './mountingMatrix';
import { sinQ14 } from './sinCosQ14';

/** derives the scaled matrices and the pod-frame gyro bias after the mounting or bias changed */
export function podFrameMatricesUpdate(st: CoreState): void {
  const scale = st.settings.scale;
  mountingScaled(st.accMatrixQ14, st.mountingQ14, scale.accUgPerCount, 1000);
  // Q14 -> Q10 and mdps -> cdps: x gyroMdpsPerCount / 160; entries <= 2^14 * 70 / 160 < 2^13
  mountingScaled(st.gyroMatrixQ10, st.mountingQ14, scale.gyroMdpsPerCount, 160);
  const g = st.gyroMatrixQ10;
  const b = st.gyroBiasQ4;
  for (let row = 0; row < 3; row++) {
    // entries < 2^13, bias < 2^19 (Q4 of any reading in range: a faulty gyro may read far off
    // while still): the sum may pass 2^31, where >> would wrap, so it is floored as a double
    // (exact below 2^53; the same as >> 14 where that does not wrap)
    st.gyroBiasPodCdps[row] = Math.floor((g[row * 3] * b[0] + g[row * 3 + 1] * b[1] + g[row * 3 + 2] * b[2]) / 16384);
  }
}

/** brings AP/ML acceleration and the angle rings up to (not including) sample `endIndex` */
export function podFrameAdvance(st: CoreState, endIndex: number): void {
  // everything the loop touches in locals: a property read costs as much as a statement
  const raw = st.rawRing;
  const mask = st.cycleRingMask;
  const yawMask = st.ringMask;
  const a = st.accMatrixQ14;
  const g = st.gyroMatrixQ10;
  const a3 = a[3], a4 = a[4], a5 = a[5], a6 = a[6], a7 = a[7], a8 = a[8];
  const g0 = g[0], g1 = g[1], g2 = g[2], g3 = g[3], g4 = g[4], g5 = g[5], g6 = g[6], g7 = g[7], g8 = g[8];
  const apRing = st.accApRing;
  const mlRing = st.accMlRing;
  const yawRing = st.yawRing;
  const rollRing = st.rollRing;
  const pitchRing = st.pitchRing;
  const rate2 = st.rateHz * 2;
  const leak = st.leakShift;
  const biasRoll = st.gyroBiasPodCdps[1];
  const biasPitch = st.gyroBiasPodCdps[2];
  const biasYaw = st.gyroBiasPodCdps[0];
  // Pelvic obliquity and rotation are Cardan angles (rotation, tilt, obliquity order): with
  // the pelvis pitched by the lean, obliquity rate = roll rate + yaw rate x tan(lean) and
  // rotation rate = yaw rate / cos(lean); sin stands in for tan and 1 for 1/cos (< 0.5 %
  // error below 10 degrees of lean).
  const leanSinQ14 = sinQ14(st.leanCdeg);
  let roll = st.rollSumCdps;
  let pitch = st.pitchSumCdps;
  let yaw = st.yawSumCdps;
  let index = st.podFrameIndex;
  // Behind by more than the current frame only after frames left out while standing still:
  // restart at this frame's first sample (frame-aligned, so independent of block sizes; the raw
  // ring always holds the current frame).
  const frameStart = endIndex - 1 - ((endIndex - 1) % st.chunkSamples);
  if (index < frameStart) index = frameStart;
  const rawMask = st.rawMask;
  const accOffset = st.accOffset;
  const gyroFromAcc = st.gyroOffset - st.accOffset;
  // ML force is read only by walking (samples from idleSamples after the last running step's
  // contact) and by the mounting refinement while no standing calibration exists. The last
  // running step only moves on, so a sample before lastRunningStepIndex + idleSamples, once
  // calibrated, is never read: in steady running (the next step's toe-off within 0.7 s of
  // the last contact) ML is skipped.
  const mlFrom = st.stationaryCalibrated === 0 ? -1000000000 : st.lastRunningStepIndex + st.idleSamples;
  let yawRatePrevious = st.yawRatePreviousCdps;
  let rollRatePrevious = st.rollRatePreviousCdps;
  let pitchRatePrevious = st.pitchRatePreviousCdps;
  for (; index < endIndex; index++) {
    const slot = index & mask;
    const k = (index & rawMask) * 6 + accOffset;
    const kg = k + gyroFromAcc;
    const ax = raw[k];
    const ay = raw[k + 1];
    const az = raw[k + 2];
    const gx = raw[kg];
    const gy = raw[kg + 1];
    const gz = raw[kg + 2];
    // accel rows < 2^13 x counts < 2^15, three terms: < 2^30
    apRing[slot] = (a3 * ax + a4 * ay + a5 * az) >> 14;
    if (index >= mlFrom) mlRing[slot] = (a6 * ax + a7 * ay + a8 * az) >> 14;
    // gyro rows < 2^13 x counts < 2^15: < 2^30; rates at 2000 dps full scale < 2^19 cdps
    const yawRate = ((g0 * gx + g1 * gy + g2 * gz) >> 10) - biasYaw;
    // yaw rate < 2^19 x sin Q14 would pass 2^31: reduce the rate first (< 2^13 x 2^14)
    const rollRate = ((g3 * gx + g4 * gy + g5 * gz) >> 10) - biasRoll + (((yawRate >> 6) * leanSinQ14) >> 8);
    const pitchRate = ((g6 * gx + g7 * gy + g8 * gz) >> 10) - biasPitch;
    // Trapezoidal rule, summed as twice the integral: pelvic rates change sharply at contact,
    // where the rectangle rule errs by a whole sample's rotation. Sums < 2^20 x 2^leak <= 2^30.
    yaw += yawRate + yawRatePrevious - (yaw >> leak);
    roll += rollRate + rollRatePrevious - (roll >> leak);
    pitch += pitchRate + pitchRatePrevious - (pitch >> leak);
    yawRatePrevious = yawRate;
    rollRatePrevious = rollRate;
    pitchRatePrevious = pitchRate;
    // 2 x cdps x samples / (2 x rate) = cdeg
    yawRing[index & yawMask] = (yaw / rate2) | 0;
    rollRing[slot] = (roll / rate2) | 0;
    pitchRing[slot] = (pitch / rate2) | 0;
  }
  st.yawRatePreviousCdps = yawRatePrevious;
  st.rollRatePreviousCdps = rollRatePrevious;
  st.pitchRatePreviousCdps = pitchRatePrevious;
  st.rollSumCdps = roll;
  st.pitchSumCdps = pitch;
  st.yawSumCdps = yaw;
  st.podFrameIndex = index;
}
