// The detector pipeline: raw IMU counts in blocks (as the IMU FIFO delivers them), step
// records and window summaries out. Per sample it only projects the accelerometer onto the
// pod's vertical and tests the contact thresholds; everything else runs per block or per step.
import {
  CoreState, coreStateCreate, coreTimeMs, PipelineSettings, PipelineSink,
} from './coreState';
import { kernelIndexOf, kernelLastIndexOf } from './kernel';
import { mountingCalibrationChunk, mountingRebuild } from './mountingCalibration';
import { mountingFromAxisMap, ONE_Q14 } from './mountingMatrix';
import { podFrameAdvance, podFrameMatricesUpdate } from './podFrame';
import { isqrt } from './isqrt';
import { ringSum } from './ringStats';
import { runningStepMetrics } from './runningStepMetrics';
import { crossingBackQ8 } from './thresholdCrossing';
import {
  KIND_RUNNING, SIDE_LEFT, SIDE_RIGHT, SIDE_UNKNOWN, STEP_AFTER_GAP, STEP_SATURATED, STEP_SIDE_GUESSED,
  STEP_UNCALIBRATED, STEP_WARMUP, stepRecordClearLoadMetrics,
} from './stepRecord';
import { walkingBlock, walkingInit } from './walkingSteps';
import { windowAddStep, windowCloseUpTo, windowEmit } from './windowSummary';

export { PipelineSettings, PipelineSink } from './coreState';
export type PipelineState = CoreState;

/** counts per sample in a block: ax, ay, az, gx, gy, gz in sensor axes */
export const SAMPLE_STRIDE = 6;

export const DEFAULT_PIPELINE_SETTINGS: PipelineSettings = {
  sampleRateHz: 104,
  scale: { accUgPerCount: 488, gyroMdpsPerCount: 70, accFullScaleCounts: 32767, gyroFullScaleCounts: 32767 },
  axisMap: { v: 2, ap: -3, ml: -1 },
  windowMs: 10000,
  baselineMs: 120000,
  contactHighMg: 600,
  contactLowMg: 300,
  minContactMs: 80,
  maxContactMs: 450,
  minFlightMs: 10,
  maxFlightMs: 300,
  maxRunningStepMs: 800,
  minSummarySteps: 6,
  runningSpeedMms: 0,
};

/** rates the detector is built for: contact timing needs at least ~40 Hz, the rings cap it */
export const MIN_RATE_HZ = 40;
export const MAX_RATE_HZ = 500;

/** what is wrong with the settings, in words, or '' when they can run */
export function pipelineSettingsProblem(settings: PipelineSettings): string {
  const rate = settings.sampleRateHz;
  if (!(rate >= MIN_RATE_HZ && rate <= MAX_RATE_HZ) || (rate | 0) !== rate) {
    return 'sample rate ' + rate + ' Hz is not supported: the detector needs a whole number of Hz from ' + MIN_RATE_HZ + ' to ' + MAX_RATE_HZ + ' (the pod runs 52, 104 or 208 Hz)';
  }
  if (!(settings.scale.accUgPerCount > 0 && settings.scale.accUgPerCount <= 2000)) return 'accelerometer scale must be 1-2000 micro-g per count';
  if (!(settings.scale.gyroMdpsPerCount > 0 && settings.scale.gyroMdpsPerCount <= 140)) return 'gyroscope scale must be 1-140 mdps per count';
  if (!(settings.windowMs >= 1000 && settings.windowMs <= 600000)) return 'summary window must be 1-600 s';
  if (!(settings.runningSpeedMms >= 0 && settings.runningSpeedMms <= 15000)) return 'running speed must be 0 (unknown) to 15 m/s';
  return '';
}

/** a new running speed (from the RSC control point or the host) for the vertical ratio; 0 = unknown */
export function pipelineSetSpeed(st: CoreState, speedMms: number): void {
  st.runningSpeedMms = speedMms >= 0 && speedMms <= 15000 ? speedMms | 0 : 0;
}

/** running steps that must agree before the mounting's forward direction is settled; past
 * twice as many a two-thirds majority settles it */
const AP_VOTE_STEPS = 3;
/** side decided from the pelvis: roll over early stance plus yaw over stance, at least this many cdeg */
const SIDE_CONFIDENT_CDEG = 50;
/** running steps whose mean specific force refines a mounting found without standing still */
const REFINE_STEPS = 8;
/** cos(3 deg) in Q14: a smaller disagreement with V is not worth a rebuild */
const REFINE_COS_Q14 = 16362;

export function pipelineInit(settings: PipelineSettings, sink: PipelineSink): CoreState {
  const st = coreStateCreate(settings, sink);
  mountingFromAxisMap(st.mountingQ14, settings.axisMap, 1);
  podFrameMatricesUpdate(st);
  walkingInit(st);
  return st;
}

/** ms on core's clock of a Q8 sample time (doubles are exact here on both engines) */
function q8ToMs(st: CoreState, timeQ8: number): number {
  return Math.floor((timeQ8 * 1000) / (st.rateHz * 256));
}

/** a Q8 duration in ms, rounded; durations < 2^8 x 2^12 samples keep the product < 2^31 */
function q8DurationMs(st: CoreState, durationQ8: number): number {
  return ((durationQ8 * 1000 + st.rateHz * 128) / (st.rateHz * 256)) | 0;
}

export function pipelineTimeMs(st: CoreState, sampleIndex: number): number {
  return coreTimeMs(st, sampleIndex);
}

/** braking before propulsion: AP force weighted by time from mid-stance sums positive when AP is forward */
function apVote(st: CoreState, stanceStart: number, stanceEnd: number): void {
  let weighted = 0;
  const centreTwice = stanceStart + stanceEnd - 1;
  for (let index = stanceStart; index < stanceEnd; index++) {
    weighted += st.accApRing[index & st.ringMask] * (2 * index - centreTwice); // < 2^15 x 2^9 x 2^8 samples
  }
  st.apVotes++;
  if (weighted < 0) st.apVotesReversed++;
  const votes = st.apVotes;
  const reversed = st.apVotesReversed;
  if (votes < AP_VOTE_STEPS) return;
  if (reversed === votes || (votes >= AP_VOTE_STEPS * 2 && reversed * 3 > votes * 2)) {
    mountingReverse(st);
    st.apDecided = 1;
  } else if (reversed === 0 || (votes >= AP_VOTE_STEPS * 2 && reversed * 3 < votes)) {
    st.apDecided = 1;
  } else if (votes >= AP_VOTE_STEPS * 6) {
    st.apVotes = 0;
    st.apVotesReversed = 0;
  }
}

/**
 * Worn turned 180 degrees about V: AP and ML change sign, and with them roll and pitch. The
 * history in the rings turns too, so strides that span the correction stay consistent.
 */
function mountingReverse(st: CoreState): void {
  st.apSign = -st.apSign;
  const m = st.mountingQ14;
  for (let i = 3; i < 9; i++) m[i] = -m[i];
  st.rollSumCdps = -st.rollSumCdps;
  st.pitchSumCdps = -st.pitchSumCdps;
  st.leanCdeg = -st.leanCdeg;
  st.rollRatePreviousCdps = -st.rollRatePreviousCdps;
  st.pitchRatePreviousCdps = -st.pitchRatePreviousCdps;
  for (let i = 0; i < st.ringSize; i++) {
    st.accApRing[i] = -st.accApRing[i];
    st.accMlRing[i] = -st.accMlRing[i];
    st.rollRing[i] = -st.rollRing[i];
    st.pitchRing[i] = -st.pitchRing[i];
  }
  podFrameMatricesUpdate(st);
}

/** without a standing calibration, the mean force over running steps stands in for gravity */
function mountingRefine(st: CoreState, cycleStart: number, stanceEnd: number): void {
  const n = stanceEnd - cycleStart;
  const mask = st.ringMask;
  const sums = st.refineSum;
  sums[0] += (ringSum(st.accVRing, mask, cycleStart, stanceEnd) / n) | 0;
  sums[1] += (ringSum(st.accApRing, mask, cycleStart, stanceEnd) / n) | 0;
  sums[2] += (ringSum(st.accMlRing, mask, cycleStart, stanceEnd) / n) | 0;
  if (++st.refineSteps < REFINE_STEPS) return;
  const v = (sums[0] / REFINE_STEPS) | 0;
  const ap = (sums[1] / REFINE_STEPS) | 0;
  const ml = (sums[2] / REFINE_STEPS) | 0;
  sums[0] = 0;
  sums[1] = 0;
  sums[2] = 0;
  st.refineSteps = 0;
  const m = st.mountingQ14;
  // |v, ap, ml| < 2^12 mg: the squares and Q14 products stay < 2^27
  const norm = isqrt(v * v + ap * ap + ml * ml);
  if (v <= 0 || ((v * ONE_Q14) / norm | 0) > REFINE_COS_Q14) return;
  // back to sensor axes with the transpose (rows are orthonormal): mg x Q14 < 2^27 per term
  const gravX = (m[0] * v + m[3] * ap + m[6] * ml) >> 14;
  const gravY = (m[1] * v + m[4] * ap + m[7] * ml) >> 14;
  const gravZ = (m[2] * v + m[5] * ap + m[8] * ml) >> 14;
  mountingRebuild(st, gravX, gravY, gravZ);
}

/** a contact ended at sample `index` (the first one below the low threshold) */
function toeOff(st: CoreState, index: number): void {
  const s = st.settings;
  const ring = st.accVRing;
  const mask = st.ringMask;
  const contactStart = st.contactStartIndex;
  const contactSamples = index - contactStart;
  const lowCrossQ8 = crossingBackQ8(ring, mask, index, index - 1, s.contactLowMg, -1);
  const highCrossQ8 = crossingBackQ8(ring, mask, index, contactStart, s.contactHighMg, -1);
  // Both levels on the falling edge, extrapolated to 0 g (contactHighMg = 2 x contactLowMg)
  const toeOffQ8 = highCrossQ8 >= 0 ? 2 * lowCrossQ8 - highCrossQ8 : lowCrossQ8;
  const previousToeOffIndex = st.lastToeOffIndex;
  const previousToeOffQ8 = st.lastToeOffQ8;
  st.lastToeOffIndex = index;
  st.lastToeOffQ8 = toeOffQ8;
  const flightSamples = contactStart - previousToeOffIndex;
  if (contactSamples < st.minContactSamples || contactSamples > st.maxContactSamples) return;
  if (previousToeOffIndex < st.validFromIndex || flightSamples < st.minFlightSamples || flightSamples > st.maxFlightSamples) return;

  const highRiseQ8 = crossingBackQ8(ring, mask, contactStart, contactStart - 1, s.contactHighMg, 1);
  const lowRiseQ8 = crossingBackQ8(ring, mask, contactStart, previousToeOffIndex, s.contactLowMg, 1);
  const contactQ8 = lowRiseQ8 >= 0 ? 2 * lowRiseQ8 - highRiseQ8 : highRiseQ8;
  podFrameAdvance(st, index + 1);

  const cycleStart = (previousToeOffQ8 + 255) >> 8;
  const stanceStart = (contactQ8 + 255) >> 8;
  // the extrapolated toe-off may lie just past the sample that revealed it
  const stanceEnd = (toeOffQ8 >> 8) < index ? (toeOffQ8 >> 8) + 1 : index + 1;
  const continues = st.lastIcQ8 >= 0 && st.lastRunningStepIndex > st.lastGapIndex && contactStart - st.lastRunningStepIndex <= st.maxRunningStepSamples;
  const strideStart = continues && st.lastCycleStartIndex >= st.validFromIndex ? st.lastCycleStartIndex : -1;

  const rec = st.step;
  rec.index = ++st.steps;
  rec.tMs = q8ToMs(st, contactQ8);
  rec.kind = KIND_RUNNING;
  rec.contactMs = q8DurationMs(st, toeOffQ8 - contactQ8);
  rec.flightMs = q8DurationMs(st, contactQ8 - previousToeOffQ8);
  rec.stepMs = continues ? q8DurationMs(st, contactQ8 - st.lastIcQ8) : 0;
  rec.cadenceSpm = rec.stepMs > 0 ? ((60000 + (rec.stepMs >> 1)) / rec.stepMs) | 0 : 0;
  // Morin et al. 2005: Fmax / (m g) = pi/2 (flight / contact + 1)
  rec.vgrfBw100 = ((15708 * (rec.flightMs + rec.contactMs)) / (rec.contactMs * 100)) | 0;
  runningStepMetrics(st, cycleStart, stanceStart, stanceEnd, strideStart);

  st.runningStreak = continues ? st.runningStreak + 1 : 1;
  let quality = 0;
  const frameSaturated = st.frameFirstSaturatedIndex;
  if (st.lastSaturatedIndex >= cycleStart || (frameSaturated >= 0 && frameSaturated <= index)) quality |= STEP_SATURATED;
  if (st.lastGapIndex >= st.lastRunningStepIndex) quality |= STEP_AFTER_GAP;
  if (st.stationaryCalibrated === 0) quality |= STEP_UNCALIBRATED;
  if (st.runningStreak <= 3) quality |= STEP_WARMUP;

  // Side: in right stance the left (swing) side drops and the pelvis turns right.
  const mid = (stanceStart + stanceEnd) >> 1;
  const sideScoreCdeg = st.rollRing[mid & mask] - st.rollRing[stanceStart & mask] + st.yawRing[(stanceEnd - 1) & mask] - st.yawRing[stanceStart & mask];
  const predicted = continues && st.lastStepSide !== SIDE_UNKNOWN ? 1 - st.lastStepSide : SIDE_UNKNOWN;
  let side = sideScoreCdeg <= -SIDE_CONFIDENT_CDEG ? SIDE_RIGHT : sideScoreCdeg >= SIDE_CONFIDENT_CDEG ? SIDE_LEFT : SIDE_UNKNOWN;
  if (side === SIDE_UNKNOWN) {
    side = predicted;
    quality |= STEP_SIDE_GUESSED;
  }
  rec.side = side;
  if (quality & STEP_SATURATED) stepRecordClearLoadMetrics(rec);
  rec.quality = quality;

  st.lastStepSide = side;
  st.lastIcQ8 = contactQ8;
  st.lastCycleStartIndex = cycleStart;
  st.lastRunningStepIndex = contactStart;
  windowCloseUpTo(st, index);
  windowAddStep(st, rec);
  st.sink.step(rec);

  if (st.apDecided === 0) apVote(st, stanceStart, stanceEnd);
  if (st.stationaryCalibrated === 0 && (quality & STEP_WARMUP) === 0) mountingRefine(st, cycleStart, stanceEnd);
}

function processBlock(st: CoreState, samples: Int16Array, first: number, count: number, firstSaturated: number): void {
  const start = st.sampleIndex;
  const mask = st.ringMask;
  const base = first * 6;
  const slot = start & mask;
  const beforeWrap = count < st.ringSize - slot ? count : st.ringSize - slot;
  // two views at most per frame (none per sample): set() is the native copy
  st.rawRing.set(samples.subarray(base, base + beforeWrap * 6), slot * 6);
  if (beforeWrap < count) st.rawRing.set(samples.subarray(base + beforeWrap * 6, base + count * 6), 0);
  // a step ending in this frame sees the frame's first saturated sample; later frames its last
  st.frameFirstSaturatedIndex = firstSaturated >= 0 ? start + firstSaturated : -1;

  const ring = st.accVRing;
  const m = st.accMatrixQ14;
  const high = st.settings.contactHighMg;
  const low = st.settings.contactLowMg;
  let m0 = m[0];
  let m1 = m[1];
  let m2 = m[2];
  let inContact = st.inContact;
  for (let i = 0, k = base; i < count; i++, k += 6) {
    // rows < 2^13 x counts < 2^15, three terms: < 2^30
    const v = (m0 * samples[k] + m1 * samples[k + 1] + m2 * samples[k + 2]) >> 14;
    ring[(start + i) & mask] = v;
    if (inContact) {
      if (v < low) {
        inContact = 0;
        toeOff(st, start + i);
        m0 = m[0];
        m1 = m[1];
        m2 = m[2];
      }
    } else if (v >= high) {
      inContact = 1;
      st.contactStartIndex = start + i;
    }
  }
  st.inContact = inContact;
  const end = start + count;
  st.sampleIndex = end;
  if (firstSaturated >= 0) {
    st.lastSaturatedIndex = start + lastSaturatedSample(st, samples, base, count);
    st.frameFirstSaturatedIndex = -1;
  }
  podFrameAdvance(st, end);
  if (end % st.chunkSamples === 0) frameEnd(st, end);
  windowCloseUpTo(st, end);
}

/**
 * Work for the frame of chunkSamples ending at sample `end`, done only while not running:
 * walking steps and mounting calibration. Frames sit on fixed sample indices, so results do
 * not depend on how the input was cut into blocks.
 */
function frameEnd(st: CoreState, end: number): void {
  if (end - st.lastRunningStepIndex <= st.idleSamples) return;
  const frameStart = end - st.chunkSamples;
  walkingBlock(st, frameStart < st.validFromIndex ? st.validFromIndex : frameStart, end);
  mountingCalibrationChunk(st, end);
}

/** full-scale readings: +full, -full and -full - 1 (two's complement) count as clipped */
function saturationValue(st: CoreState, which: number): number {
  const scale = st.settings.scale;
  const full = which < 3 ? scale.accFullScaleCounts : scale.gyroFullScaleCounts;
  const k = which % 3;
  return k === 0 ? full : k === 1 ? -full : -full - 1;
}

/** how many saturation values to search: 3, or 6 when the gyro's full scale differs */
function saturationValues(st: CoreState): number {
  return st.settings.scale.gyroFullScaleCounts === st.settings.scale.accFullScaleCounts ? 3 : 6;
}

/**
 * Sample of the first element at full scale from element `fromElement` on, or -1. Native
 * searches: nothing loops over the samples in JavaScript unless the IMU actually clips.
 */
function firstSaturatedSample(st: CoreState, samples: Int16Array, fromElement: number, endElement: number): number {
  let found = endElement;
  const values = saturationValues(st);
  for (let which = 0; which < values; which++) {
    const at = kernelIndexOf(samples, saturationValue(st, which), fromElement);
    if (at >= 0 && at < found) found = at;
  }
  return found < endElement ? (found / 6) | 0 : -1;
}

/** the frame's last sample (counted from the frame's first) with an element at full scale */
function lastSaturatedSample(st: CoreState, samples: Int16Array, base: number, count: number): number {
  let last = -1;
  const values = saturationValues(st);
  for (let which = 0; which < values; which++) {
    const at = kernelLastIndexOf(samples, saturationValue(st, which), base + count * 6 - 1);
    if (at > last) last = at;
  }
  return last >= base ? ((last - base) / 6) | 0 : 0;
}

/** Runs the detector over `sampleCount` samples laid out as SAMPLE_STRIDE counts each. */
export function pipelineProcess(st: CoreState, samplesCounts: Int16Array, sampleCount: number): void {
  const endElement = sampleCount * 6;
  let nextSaturated = firstSaturatedSample(st, samplesCounts, 0, endElement);
  // cut at frame boundaries (fixed sample indices), which also keeps a pass well inside the ring
  let first = 0;
  while (first < sampleCount) {
    const toFrameEnd = st.chunkSamples - (st.sampleIndex % st.chunkSamples);
    const count = sampleCount - first < toFrameEnd ? sampleCount - first : toFrameEnd;
    const inFrame = nextSaturated >= 0 && nextSaturated < first + count;
    processBlock(st, samplesCounts, first, count, inFrame ? nextSaturated - first : -1);
    if (inFrame) nextSaturated = firstSaturatedSample(st, samplesCounts, (first + count) * 6, endElement);
    first += count;
  }
}

/** Records that `missingSamples` samples were lost: the clock moves on, step detection restarts. */
export function pipelineGap(st: CoreState, missingSamples: number): void {
  if (missingSamples <= 0) return;
  const end = st.sampleIndex + missingSamples;
  st.lastGapIndex = end;
  st.validFromIndex = end;
  st.sampleIndex = end;
  st.podFrameIndex = end;
  st.stillChunks = 0;
  st.inContact = 1;
  st.lastToeOffIndex = -1;
  st.lastIcQ8 = -1;
  st.walkInStep = 0;
  windowCloseUpTo(st, end);
}

/** End of input: emits the last, partial window if it holds any step. */
export function pipelineFinish(st: CoreState): void {
  if (st.windowSteps > 0 || st.windows === 0) {
    windowEmit(st, st.sampleIndex);
  }
}
