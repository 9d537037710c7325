// Running steps: a contact bracketed by flight, timed by extrapolated threshold crossings of
// the vertical specific force, with its side, quality and metrics, handed to the window and sink.
import { CoreState } from './coreState';
import { levelCheckByRunning } from './mountingCalibration';
import { mountingApVote, mountingRefine } from './mountingFromRunning';
import { podFrameAdvance } from './podFrame';
import { runningStepMetrics } from './runningStepMetrics';
import {
  KIND_RUNNING, SIDE_LEFT, SIDE_RIGHT, SIDE_UNKNOWN, STEP_AFTER_GAP, STEP_SATURATED, STEP_SIDE_GUESSED,
  STEP_LEAN_PROVISIONAL, STEP_UNCALIBRATED, STEP_WARMUP, stepRecordClearLoadMetrics,
} from './stepRecord';
import { stepRecordTimed } from './strideCadence';
import { crossingBackQ8 } from './thresholdCrossing';
import { windowAddStep, windowCloseUpTo } from './windowSummary';

/** side decided from the pelvis: roll over early stance plus yaw over stance, at least this many cdeg */
const SIDE_CONFIDENT_CDEG = 50;

/** ms on core's clock of a Q8 sample time (doubles are exact here on both engines) */
function q8ToMs(st: CoreState, timeQ8: number): number {
  return Math.floor((timeQ8 * 1000) / (st.rateHz * 256));
}

/**
 * the sample a Q8 time falls in, floor(timeQ8 / 256). Q8 times pass 2^31 after 2^23 samples (22 h
 * at 104 Hz, 11 h at 208), where both engines keep them as exact doubles but `>> 8` would wrap
 * them negative; the sample index itself stays far inside int32.
 */
function q8Sample(timeQ8: number): number {
  return ((timeQ8 - (timeQ8 & 255)) / 256) | 0;
}

/** a Q8 duration in ms, rounded; durations < 2^8 x 2^12 samples keep the product < 2^31 */
function q8DurationMs(st: CoreState, durationQ8: number): number {
  return ((durationQ8 * 1000 + st.rateHz * 128) / (st.rateHz * 256)) | 0;
}

/** a contact ended at sample `index` (the first one below the low threshold) */
export function runningToeOff(st: CoreState, index: number): void {
  const s = st.settings;
  const ring = st.accVRing;
  const mask = st.cycleRingMask;
  const contactStart = st.contactStartIndex;
  const contactSamples = index - contactStart;
  const lowCrossQ8 = crossingBackQ8(ring, mask, index, index - 1, s.contactLowMg, -1);
  // a fall slower than the ring holds has no high crossing in it: toe-off at the low crossing
  const highFrom = index - st.cycleRingSize + 1;
  const highCrossQ8 = crossingBackQ8(ring, mask, index, contactStart > highFrom ? contactStart : highFrom, s.contactHighMg, -1);
  // Both levels on the falling edge, extrapolated to 0 g (contactHighMg = 2 x contactLowMg). The
  // first sample of the input or after a gap, already below: flight from it (the ring before it
  // holds samples from before the gap, which would put this toe-off anywhere)
  const toeOffQ8 = index <= st.validFromIndex ? index * 256 : highCrossQ8 >= 0 ? 2 * lowCrossQ8 - highCrossQ8 : lowCrossQ8;
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
  st.stillChunks = 0;

  const cycleStart = q8Sample(previousToeOffQ8 + 255);
  const stanceStart = q8Sample(contactQ8 + 255);
  // the extrapolated toe-off may lie just past the sample that revealed it
  const toeOffSample = q8Sample(toeOffQ8);
  const stanceEnd = toeOffSample < index ? toeOffSample + 1 : index + 1;
  // the scratch holds the longest cycle the flight and contact limits allow; never more
  if (stanceEnd - cycleStart > st.upScratch.length) return;
  const continues = st.lastIcQ8 >= 0 && st.lastRunningStepIndex > st.lastGapIndex && contactStart - st.lastRunningStepIndex <= st.maxRunningStepSamples;
  const strideStart = continues && st.lastCycleStartIndex >= st.validFromIndex ? st.lastCycleStartIndex : -1;

  const rec = st.step;
  rec.index = ++st.steps;
  rec.tMs = q8ToMs(st, contactQ8);
  rec.contactMs = q8DurationMs(st, toeOffQ8 - contactQ8);
  // out of standing or walking there is no flight before the contact: the two extrapolations to
  // 0 g may then cross by a few ms, which is 0, not a negative time
  rec.flightMs = contactQ8 > previousToeOffQ8 ? q8DurationMs(st, contactQ8 - previousToeOffQ8) : 0;
  stepRecordTimed(rec, KIND_RUNNING, continues ? q8DurationMs(st, contactQ8 - st.lastIcQ8) : 0);
  // Morin et al. 2005: Fmax / (m g) = pi/2 (flight / contact + 1)
  rec.vgrfBw100 = ((15708 * (rec.flightMs + rec.contactMs)) / (rec.contactMs * 100)) | 0;
  /* @__NOINLINE__ */ runningStepMetrics(st, cycleStart, stanceStart, stanceEnd, strideStart);

  st.runningStreak = continues ? st.runningStreak + 1 : 1;
  let quality = 0;
  const frameSaturated = st.frameFirstSaturatedIndex;
  if (st.lastSaturatedIndex >= cycleStart || (frameSaturated >= 0 && frameSaturated <= index)) quality |= STEP_SATURATED;
  if (st.lastGapIndex >= st.lastRunningStepIndex && st.lastGapIndex > 0) quality |= STEP_AFTER_GAP;
  if (st.stationaryCalibrated === 0) quality |= STEP_UNCALIBRATED;
  if (st.runningStreak <= 3) quality |= STEP_WARMUP;
  // measured against an upright a stop set, which the running after it (levelCheckByRunning) or
  // an upright stop may still give back: its lean is then off by the bend
  if (st.relevelPending !== 0) quality |= STEP_LEAN_PROVISIONAL;

  // Side: in right stance the left (swing) side drops and the pelvis turns right.
  const mid = (stanceStart + stanceEnd) >> 1;
  const sideScoreCdeg = st.rollRing[mid & mask] - st.rollRing[stanceStart & mask] + st.yawRing[(stanceEnd - 1) & st.ringMask] - st.yawRing[stanceStart & st.ringMask];
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
  if (st.relevelPending !== 0) levelCheckByRunning(st, rec.leanCdeg);
  else if ((quality & (STEP_WARMUP | STEP_UNCALIBRATED)) === 0) st.leanRecentCdeg += (rec.leanCdeg - st.leanRecentCdeg) >> 2;

  if (st.apDecided === 0) mountingApVote(st, stanceStart, stanceEnd);
  if (st.stationaryCalibrated === 0 && (quality & STEP_WARMUP) === 0) mountingRefine(st, cycleStart, stanceEnd);
}

