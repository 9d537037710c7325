// Finds the pod frame while the runner is not running: standing still gives gravity (the
// upright reference for lean) and the gyro bias; moving without steps gives at least the
// gravity direction, so a pod clipped upside down starts detecting steps.
import { atan2Cdeg } from './atan2Cdeg';
import { CoreState, M_LEAN } from './coreState';
import { mountingFromGravity, verticalAgreementQ14 } from './mountingMatrix';
import { kernelPeriodicDot } from './kernel';
import { podFrameMatricesUpdate } from './podFrame';
import { ringSum, ringSumSquaredDeviation } from './ringStats';

/** still: vertical force varies by less than 40 mg (standard deviation) and no gyro axis
 * spans more than 5 dps over a chunk; noise of a clip-on pod stays well inside both */
const STILL_ACC_SD_MG = 40;
const STILL_GYRO_RANGE_CDPS = 500;
/** cos(20 deg) in Q14: a gravity estimate further than this from V means the mounting is wrong */
const MISALIGNED_COS_Q14 = 15396;
/** cos(3 deg) in Q14: a standing calibration further from the upright reference sets a new one */
const RELEVEL_COS_Q14 = 16362;
/**
 * A new upright reference this far (cdeg, forward or back: lean's own plane) from the one before
 * the stop is put to the test of the running after it; a smaller change is too close to how lean
 * itself varies while a runner gets going for running to tell the two apart
 */
const RELEVEL_TESTED_CDEG = 1000;
/** the first of the four running steps after a new upright reference whose lean tests it */
const RELEVEL_TEST_FIRST_STEP = 5;

export function mountingRebuild(st: CoreState, gravX: number, gravY: number, gravZ: number): void {
  mountingFromGravity(st.mountingQ14, gravX, gravY, gravZ, st.settings.axisMap, st.apSign);
  podFrameMatricesUpdate(st);
  // the walking filters would see the new frame as a jump in V - 1.5 AP: start them afresh
  st.walkIndex = -1;
}

/**
 * Sum of count `element` (0-5) of each sample in the raw ring over [startIndex, startIndex + n):
 * native (E.convolve with the 6-periodic selector) over one or two views of the ring.
 * Counts < 2^15 x n < 2^7 samples: < 2^22.
 */
function rawAxisSum(st: CoreState, startIndex: number, n: number, element: number): number {
  const raw = st.rawRing;
  const selector = st.axisSelector;
  // the selector's 1 meets element `element` of every sample
  const offset = element === 0 ? 0 : 6 - element;
  const first = (startIndex & st.rawMask) * 6;
  const end = first + n * 6;
  if (end <= raw.length) return kernelPeriodicDot(raw.subarray(first, end), selector, offset);
  return kernelPeriodicDot(raw.subarray(first), selector, offset) + kernelPeriodicDot(raw.subarray(0, end - raw.length), selector, offset);
}

/**
 * The largest range (max - min) of a gyro axis over the n samples from startIndex, in counts.
 * The helpers have no minimum or maximum and no stride, so this one stays a loop; it runs only
 * for chunks whose vertical force is already still.
 */
function gyroSpreadCounts(st: CoreState, startIndex: number, n: number): number {
  const raw = st.rawRing;
  const total = raw.length;
  let k = (startIndex & st.rawMask) * 6 + st.gyroOffset;
  let end = k + n * 6;
  let minX = raw[k];
  let maxX = minX;
  let minY = raw[k + 1];
  let maxY = minY;
  let minZ = raw[k + 2];
  let maxZ = minZ;
  // at most two passes: up to the ring's end, then on from its start
  for (;;) {
    const stop = end < total ? end : total;
    for (; k < stop; k += 6) {
      // min <= max from the first sample on, so a value is at most one of the two
      const x = raw[k];
      if (x < minX) minX = x;
      else if (x > maxX) maxX = x;
      const y = raw[k + 1];
      if (y < minY) minY = y;
      else if (y > maxY) maxY = y;
      const z = raw[k + 2];
      if (z < minZ) minZ = z;
      else if (z > maxZ) maxZ = z;
    }
    if (end <= total) break;
    k -= total;
    end -= total;
  }
  return Math.max(maxX - minX, maxY - minY, maxZ - minZ);
}

/** back to the upright reference from before the stop: the posture was the runner's, the pod was not moved */
function levelRestore(st: CoreState): void {
  // running steps since the stop were measured against the reference given up, and the window
  // in progress may hold them
  if (st.relevelPending > 1) st.windowLevelEpoch = -1;
  const ref = st.levelRefQ14;
  ref[0] = ref[3];
  ref[1] = ref[4];
  ref[2] = ref[5];
  mountingRebuild(st, ref[0], ref[1], ref[2]);
  st.levelEpoch = st.levelEpochPrevious;
  st.relevelPending = 0;
}

/**
 * Once per running step while a new upright reference waits for its test: over the 5th to 8th
 * running steps after it (the runner has got going: speeding up tilts the mean force back, which
 * reads as several degrees of lean), which reference gives the lean nearer the runner's lean
 * before the stop. Bent over at a stop, the pod turns with the pelvis and running turns it back:
 * the lean against the old reference is the one that goes on. A pod moved on the waistband stays
 * moved: the lean against the new one goes on.
 */
export function levelCheckByRunning(st: CoreState, leanCdeg: number): void {
  const step = st.relevelPending++;
  if (step >= RELEVEL_TEST_FIRST_STEP) st.relevelLeanSumCdeg += leanCdeg;
  if (step < RELEVEL_TEST_FIRST_STEP + 3) return;
  const shift = st.relevelShiftCdeg < 0 ? -st.relevelShiftCdeg : st.relevelShiftCdeg;
  let fromNew = (st.relevelLeanSumCdeg >> 2) - st.leanRecentCdeg;
  let fromOld = fromNew - st.relevelShiftCdeg;
  if (fromNew < 0) fromNew = -fromNew;
  if (fromOld < 0) fromOld = -fromOld;
  // A runner who leans differently after the stop, or is still speeding up, shifts the lean
  // against either reference alike: only an old reference nearer by a quarter of the shift is a
  // clear answer. Otherwise the new one holds, as for a moved pod.
  if (shift >= RELEVEL_TESTED_CDEG && fromOld + (shift >> 2) < fromNew) levelRestore(st);
  else st.relevelPending = 0;
}

/** examines the chunk of samples ending before `endIndex`; runs only while not running */
export function mountingCalibrationChunk(st: CoreState, endIndex: number): void {
  const n = st.chunkSamples;
  const startIndex = endIndex - n;
  if (startIndex < st.validFromIndex) return;
  const mask = st.cycleRingMask;
  // Deviations from the chunk's first sample keep the squares small: still means < 2^9 mg, so
  // squares < 2^18 and their chunk sum < 2^25; a moving chunk may go past 2^31 as an exact double.
  const firstV = st.accVRing[startIndex & mask];
  const sumV = ringSum(st.accVRing, mask, startIndex, endIndex) - n * firstV;
  const sumSquaresV = ringSumSquaredDeviation(st.accVRing, mask, startIndex, endIndex, firstV);
  const accOffset = st.accOffset;
  const gyroOffset = st.gyroOffset;
  const gyroCdpsPerCount = st.settings.scale.gyroMdpsPerCount; // /10 below, kept integer
  // n x sum of squares - sum^2 = n^2 x variance
  const varianceTimesN2 = n * sumSquaresV - sumV * sumV;
  // the gyro range matters only when the vertical force is still
  const still = varianceTimesN2 < STILL_ACC_SD_MG * STILL_ACC_SD_MG * n * n && gyroSpreadCounts(st, startIndex, n) * gyroCdpsPerCount < STILL_GYRO_RANGE_CDPS * 10;
  if (still) {
    st.stillChunks++;
    if (st.stillChunks >= 2) {
      // mean of counts x 16: sub-count bias resolution, < 2^19
      st.gyroBiasQ4[0] = ((rawAxisSum(st, startIndex, n, gyroOffset) * 16) / n) | 0;
      st.gyroBiasQ4[1] = ((rawAxisSum(st, startIndex, n, gyroOffset + 1) * 16) / n) | 0;
      st.gyroBiasQ4[2] = ((rawAxisSum(st, startIndex, n, gyroOffset + 2) * 16) / n) | 0;
      // Still, the high-passed pelvic angles and their rates are 0. What the leaky integrators
      // took in of a bias not yet known (or changed since), and the trapezoid's last rates, which
      // still hold it, would fade only with their time constant, about 5 s, into the first
      // steps: they start from 0 here instead.
      st.rollSumCdps = 0;
      st.pitchSumCdps = 0;
      st.yawSumCdps = 0;
      st.rollRatePreviousCdps = 0;
      st.pitchRatePreviousCdps = 0;
      st.yawRatePreviousCdps = 0;
      const gravX = (rawAxisSum(st, startIndex, n, accOffset) / n) | 0;
      const gravY = (rawAxisSum(st, startIndex, n, accOffset + 1) / n) | 0;
      const gravZ = (rawAxisSum(st, startIndex, n, accOffset + 2) / n) | 0;
      // The upright reference lean is measured against stays until a still moment's gravity is
      // 3 degrees from it (a stop bent over, the pod moved on the waistband, or the first stand
      // after a start on the run): then it is set anew, and lean before and after do not
      // compare. Compared with the reference itself, not the last still chunk, so a posture that
      // creeps a little each chunk counts too.
      const ref = st.levelRefQ14;
      if (st.stationaryCalibrated === 0 || verticalAgreementQ14(ref, gravX, gravY, gravZ) < RELEVEL_COS_Q14) {
        if (st.relevelPending !== 0 && verticalAgreementQ14(ref.subarray(3), gravX, gravY, gravZ) >= RELEVEL_COS_Q14) {
          // upright again as before the stop
          levelRestore(st);
        } else {
          // A posture or a moved pod: the running after the stop tells (levelCheckByRunning).
          // Until then the new reference holds, and the one running last confirmed is kept.
          if (st.stationaryCalibrated !== 0) {
            if (st.relevelPending === 0) {
              ref[3] = ref[0];
              ref[4] = ref[1];
              ref[5] = ref[2];
              st.levelEpochPrevious = st.levelEpoch;
            }
            st.relevelPending = 1;
            st.relevelLeanSumCdeg = 0;
          } else {
            // the first stand of a run started on the move: the window's lean so far was against
            // an upright estimated from running, which its median must not mix with the runner's own
            st.metricCounts[M_LEAN] = 0;
          }
          mountingRebuild(st, gravX, gravY, gravZ);
          st.levelEpoch++;
          const m = st.mountingQ14;
          ref.set(m.subarray(0, 3));
          // the lean a force along the old upright has in the new frame (Q14 x Q14 terms < 2^28)
          st.relevelShiftCdeg = atan2Cdeg(-((m[3] * ref[3] + m[4] * ref[4] + m[5] * ref[5]) >> 14), (m[0] * ref[3] + m[1] * ref[4] + m[2] * ref[5]) >> 14);
        }
      } else {
        // the gyro bias, newly measured, in the pod frame
        podFrameMatricesUpdate(st);
      }
      st.stationaryCalibrated = 1;
    }
    return;
  }
  st.stillChunks = 0;
  // Moving without steps: the mean over a few strides is close to gravity. Only a gross
  // disagreement (wrong way up, steep tilt) is corrected here; steps refine it later. Once a
  // standing calibration is done (it is never undone) nothing reads these means.
  if (st.stationaryCalibrated !== 0) return;
  const meanAx = (rawAxisSum(st, startIndex, n, accOffset) / n) | 0;
  const meanAy = (rawAxisSum(st, startIndex, n, accOffset + 1) / n) | 0;
  const meanAz = (rawAxisSum(st, startIndex, n, accOffset + 2) / n) | 0;
  const sumAcc = st.chunkAccSum;
  if (((endIndex / n) | 0) % 2 === 1) {
    sumAcc[0] = meanAx;
    sumAcc[1] = meanAy;
    sumAcc[2] = meanAz;
    return;
  }
  const gravX = (sumAcc[0] + meanAx) >> 1;
  const gravY = (sumAcc[1] + meanAy) >> 1;
  const gravZ = (sumAcc[2] + meanAz) >> 1;
  if (verticalAgreementQ14(st.mountingQ14, gravX, gravY, gravZ) < MISALIGNED_COS_Q14) {
    mountingRebuild(st, gravX, gravY, gravZ);
  }
}
