// Finds the pod frame while the runner is not running: standing still gives gravity (the
// upright reference for lean) and the gyro bias; moving without steps gives at least the
// gravity direction, so a pod clipped upside down starts detecting steps.
import { CoreState } from './coreState';
import { mountingFromGravity, verticalAgreementQ14 } from './mountingMatrix';
import { podFrameMatricesUpdate } from './podFrame';

/** still: vertical force varies by less than 40 mg (standard deviation) and no gyro axis
 * spans more than 5 dps over a chunk; noise of a clip-on pod stays well inside both */
const STILL_ACC_SD_MG = 40;
const STILL_GYRO_RANGE_CDPS = 500;
/** cos(20 deg) in Q14: a gravity estimate further than this from V means the mounting is wrong */
const MISALIGNED_COS_Q14 = 15396;

export function mountingRebuild(st: CoreState, gravX: number, gravY: number, gravZ: number): void {
  mountingFromGravity(st.mountingQ14, gravX, gravY, gravZ, st.settings.axisMap, st.apSign);
  podFrameMatricesUpdate(st);
  // the walking filters would see the new frame as a jump in V - 1.5 AP: start them afresh
  st.walkIndex = -1;
}

/** examines the chunk of samples ending before `endIndex`; runs only while not running */
export function mountingCalibrationChunk(st: CoreState, endIndex: number): void {
  const n = st.chunkSamples;
  const startIndex = endIndex - n;
  if (startIndex < st.validFromIndex) return;
  const raw = st.rawRing;
  const mask = st.ringMask;
  const firstV = st.accVRing[startIndex & mask];
  let sumV = 0;
  let sumSquaresV = 0;
  let sumAx = 0;
  let sumAy = 0;
  let sumAz = 0;
  let sumGx = 0;
  let sumGy = 0;
  let sumGz = 0;
  let gyroMinX = 32767;
  let gyroMaxX = -32768;
  let gyroMinY = 32767;
  let gyroMaxY = -32768;
  let gyroMinZ = 32767;
  let gyroMaxZ = -32768;
  for (let index = startIndex; index < endIndex; index++) {
    const slot = index & mask;
    // deviation from the chunk's first sample keeps the squares small: still means < 2^9 mg,
    // so squares < 2^18 and their chunk sum < 2^25; a moving chunk may go past 2^31 as an exact double
    const v = st.accVRing[slot] - firstV;
    sumV += v;
    sumSquaresV += v * v;
    const k = (index & st.rawMask) * 6 + st.accOffset;
    const kg = (index & st.rawMask) * 6 + st.gyroOffset;
    // counts < 2^15 x chunk < 2^7 samples: sums < 2^22
    sumAx += raw[k];
    sumAy += raw[k + 1];
    sumAz += raw[k + 2];
    const gx = raw[kg];
    const gy = raw[kg + 1];
    const gz = raw[kg + 2];
    sumGx += gx;
    sumGy += gy;
    sumGz += gz;
    if (gx < gyroMinX) gyroMinX = gx;
    if (gx > gyroMaxX) gyroMaxX = gx;
    if (gy < gyroMinY) gyroMinY = gy;
    if (gy > gyroMaxY) gyroMaxY = gy;
    if (gz < gyroMinZ) gyroMinZ = gz;
    if (gz > gyroMaxZ) gyroMaxZ = gz;
  }
  const gyroCdpsPerCount = st.settings.scale.gyroMdpsPerCount; // /10 below, kept integer
  const gyroSpread = Math.max(gyroMaxX - gyroMinX, gyroMaxY - gyroMinY, gyroMaxZ - gyroMinZ);
  // n x sum of squares - sum^2 = n^2 x variance
  const varianceTimesN2 = n * sumSquaresV - sumV * sumV;
  const still = varianceTimesN2 < STILL_ACC_SD_MG * STILL_ACC_SD_MG * n * n && gyroSpread * gyroCdpsPerCount < STILL_GYRO_RANGE_CDPS * 10;
  const meanAx = (sumAx / n) | 0;
  const meanAy = (sumAy / n) | 0;
  const meanAz = (sumAz / n) | 0;
  if (still) {
    st.stillChunks++;
    if (st.stillChunks >= 2) {
      // mean of counts x 16: sub-count bias resolution, < 2^19
      st.gyroBiasQ4[0] = ((sumGx * 16) / n) | 0;
      st.gyroBiasQ4[1] = ((sumGy * 16) / n) | 0;
      st.gyroBiasQ4[2] = ((sumGz * 16) / n) | 0;
      mountingRebuild(st, meanAx, meanAy, meanAz);
      st.stationaryCalibrated = 1;
    }
    return;
  }
  st.stillChunks = 0;
  // Moving without steps: the mean over a few strides is close to gravity. Only a gross
  // disagreement (wrong way up, steep tilt) is corrected here; steps refine it later.
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
  if (st.stationaryCalibrated === 0 && verticalAgreementQ14(st.mountingQ14, gravX, gravY, gravZ) < MISALIGNED_COS_Q14) {
    mountingRebuild(st, gravX, gravY, gravZ);
  }
}
