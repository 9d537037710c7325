// Window summaries: per-step metrics collected into per-window lists, then medians (cadence
// from strides), variability, L/R balance and fatigue drift against the run's first windows.
import {
  CoreState, coreTimeMs, EVERY_STEP_METRIC_COUNT, M_AXIAL, M_BRAKING, M_BRAKING_PEAK, M_CONTACT, M_CONTACT_LEFT, M_CONTACT_RIGHT, M_DROP_ALL,
  M_DROP_LEFT, M_DROP_RIGHT, M_FLIGHT, M_IMPACT, M_LEAN, M_ROTATION, M_SHEAR, M_STEP, M_STEP_LEFT,
  M_STEP_RIGHT, M_TILT_RANGE, M_VGRF, M_VO, M_WALK_STEP, METRIC_COUNT,
} from './coreState';
import { isqrt } from './isqrt';
import { kernelSum, kernelSumSquaredDeviation } from './kernel';
import { medianInPlace } from './medianInt';
import { strideCadenceSpm } from './strideCadence';
import {
  KIND_RUNNING, STEP_LEAN_PROVISIONAL, STEP_SATURATED, STEP_WARMUP, StepRecord,
} from './stepRecord';
import {
  QUALITY_BALANCE, QUALITY_BRAKING, QUALITY_CADENCE, QUALITY_CONTACT, QUALITY_DRIFT, QUALITY_DROP, QUALITY_IMPACT,
  QUALITY_LEAN, QUALITY_LEAN_DRIFT, QUALITY_ROTATION, QUALITY_VARIABILITY, QUALITY_VERTICAL_RATIO, QUALITY_VO, QUALITY_WALKING_CADENCE,
} from './summaryRecord';

function metricAdd(st: CoreState, metric: number, value: number): void {
  const counts = st.metricCounts;
  const list = st.metricLists[metric];
  const count = counts[metric];
  if (count < list.length) {
    list[count] = value;
    counts[metric] = count + 1;
  }
}

/** files one emitted step into the current window */
export function windowAddStep(st: CoreState, rec: StepRecord): void {
  st.windowSteps++;
  if (rec.kind !== KIND_RUNNING) {
    st.windowWalking++;
    if (rec.stepMs > 0) metricAdd(st, M_WALK_STEP, rec.stepMs);
    return;
  }
  st.windowRunning++;
  const saturated = rec.quality & STEP_SATURATED;
  if (saturated) st.windowSaturated++;
  if (rec.quality & STEP_WARMUP) return;
  // Step time runs from contact to contact, which clipping leaves intact: a saturated step
  // still counts for cadence. A step of unknown side counts for neither side's balance.
  const side = rec.side;
  if (rec.stepMs > 0) {
    metricAdd(st, M_STEP, rec.stepMs);
    if (side >= 0) metricAdd(st, M_STEP_LEFT + side, rec.stepMs);
  }
  if (saturated) return;
  // the metrics every counted step adds: one count check, the stores, then one native fill of the counts
  const lists = st.metricLists;
  const count = st.metricCounts[M_CONTACT];
  if (count < lists[M_CONTACT].length) {
    lists[M_CONTACT][count] = rec.contactMs;
    lists[M_VO][count] = rec.voMm;
    lists[M_IMPACT][count] = rec.impactMg;
    lists[M_AXIAL][count] = rec.impactAxialMg;
    lists[M_SHEAR][count] = rec.impactShearMg;
    lists[M_BRAKING][count] = rec.brakingMms;
    lists[M_BRAKING_PEAK][count] = rec.brakingPeakMg;
    lists[M_TILT_RANGE][count] = rec.tiltRangeCdeg;
    lists[M_DROP_ALL][count] = rec.dropCdeg;
    st.metricCounts.fill(count + 1, 0, EVERY_STEP_METRIC_COUNT);
  }
  if ((rec.quality & STEP_LEAN_PROVISIONAL) === 0) metricAdd(st, M_LEAN, rec.leanCdeg);
  if (rec.flightMs > 0) {
    metricAdd(st, M_FLIGHT, rec.flightMs);
    metricAdd(st, M_VGRF, rec.vgrfBw100);
  }
  if (rec.rotationCdeg > 0) metricAdd(st, M_ROTATION, rec.rotationCdeg);
  if (side >= 0) {
    metricAdd(st, M_DROP_LEFT + side, rec.dropCdeg);
    metricAdd(st, M_CONTACT_LEFT + side, rec.contactMs);
  }
}

/** coefficient of variation of a metric list, percent x 100 (before it is sorted) */
function variationPct100(st: CoreState, metric: number): number {
  const count = st.metricCounts[metric];
  if (count < 2) return 0;
  const view = st.metricLists[metric].subarray(0, count);
  const mean = (kernelSum(view) / count) | 0;
  if (mean <= 0) return 0;
  const sd = isqrt((kernelSumSquaredDeviation(view, mean) / count) | 0);
  return ((sd * 10000) / mean) | 0; // sd < 2^16 ms: < 2^30
}

function median(st: CoreState, metric: number): number {
  return medianInPlace(st.metricLists[metric], st.metricCounts[metric]);
}

/** left share a/(a+b), percent x 100; 0 when either side is missing */
function leftSharePct100(left: number, right: number): number {
  return left > 0 && right > 0 ? ((left * 10000) / (left + right)) | 0 : 0;
}

/** closes every window that ends at or before sample `index`, so a step emitted there lands in the next */
export function windowCloseUpTo(st: CoreState, index: number): void {
  while (index - st.windowStartIndex >= st.windowSamples) windowEmit(st, st.windowStartIndex + st.windowSamples);
}

/** closes the current window, ending before sample `endIndex`, and hands its summary to the sink */
export function windowEmit(st: CoreState, endIndex: number): void {
  const s = st.summary;
  const startMs = coreTimeMs(st, st.windowStartIndex);
  const endMs = coreTimeMs(st, endIndex);
  const stationaryCalibrated = st.stationaryCalibrated;
  const minSteps = st.settings.minSummarySteps;
  s.index = ++st.windows;
  s.startMs = startMs;
  s.endMs = endMs;
  s.steps = st.windowSteps;
  s.runningSteps = st.windowRunning;
  s.walkingSteps = st.windowWalking;
  s.saturatedSteps = st.windowSaturated;

  s.stepTimeCvPct100 = variationPct100(st, M_STEP);
  s.contactCvPct100 = variationPct100(st, M_CONTACT);
  s.dropCvPct100 = variationPct100(st, M_DROP_ALL);

  // from strides, not the median step: step times that alternate (a step of 19.5 samples, a limp)
  // would give one of the two. The lists' order is spent here, after their variation above.
  const cadenceSpm = strideCadenceSpm(st.metricLists[M_STEP], st.metricCounts[M_STEP]);
  s.cadenceSpm = cadenceSpm;
  s.walkingCadenceSpm = strideCadenceSpm(st.metricLists[M_WALK_STEP], st.metricCounts[M_WALK_STEP]);
  s.contactMs = median(st, M_CONTACT);
  s.flightMs = median(st, M_FLIGHT);
  s.voMm = median(st, M_VO);
  // step length in mm, speed over the step rate: speed < 2^14 mm/s x 60 < 2^20; VO x 10^4 < 2^24
  const stepLengthMm = cadenceSpm > 0 ? ((st.runningSpeedMms * 60) / cadenceSpm) | 0 : 0;
  s.verticalRatioPct100 = stepLengthMm > 0 ? ((s.voMm * 10000) / stepLengthMm) | 0 : 0;
  s.impactMg = median(st, M_IMPACT);
  s.impactAxialMg = median(st, M_AXIAL);
  s.impactShearMg = median(st, M_SHEAR);
  s.vgrfBw100 = median(st, M_VGRF);
  s.brakingMms = median(st, M_BRAKING);
  s.brakingPeakMg = median(st, M_BRAKING_PEAK);
  s.rotationCdeg = median(st, M_ROTATION);
  s.tiltRangeCdeg = median(st, M_TILT_RANGE);
  s.leanCdeg = median(st, M_LEAN);
  s.dropLeftCdeg = median(st, M_DROP_LEFT);
  s.dropRightCdeg = median(st, M_DROP_RIGHT);
  const dropAll = median(st, M_DROP_ALL);
  s.gctBalanceLeftPct100 = leftSharePct100(median(st, M_CONTACT_LEFT), median(st, M_CONTACT_RIGHT));
  s.stepBalanceLeftPct100 = leftSharePct100(median(st, M_STEP_LEFT), median(st, M_STEP_RIGHT));
  s.dropBalanceLeftPct100 = leftSharePct100(s.dropLeftCdeg, s.dropRightCdeg);

  const enough = st.metricCounts[M_CONTACT] >= minSteps;
  let quality = 0;
  if (st.metricCounts[M_STEP] >= minSteps) quality |= QUALITY_CADENCE;
  if (st.metricCounts[M_WALK_STEP] >= minSteps) quality |= QUALITY_WALKING_CADENCE;
  if (enough) quality |= QUALITY_CONTACT | QUALITY_VO | QUALITY_IMPACT | QUALITY_BRAKING | QUALITY_VARIABILITY;
  if (st.metricCounts[M_DROP_LEFT] >= minSteps >> 1 && st.metricCounts[M_DROP_RIGHT] >= minSteps >> 1) {
    quality |= QUALITY_DROP | QUALITY_BALANCE;
  }
  if (st.metricCounts[M_ROTATION] >= minSteps) quality |= QUALITY_ROTATION;
  if (enough && stepLengthMm > 0) quality |= QUALITY_VERTICAL_RATIO;
  // counted apart from contact: lean leaves out provisional steps, and those before the first stand
  if (st.metricCounts[M_LEAN] >= minSteps && stationaryCalibrated) quality |= QUALITY_LEAN;

  // Fatigue baseline: medians of the run's first complete windows with enough steps.
  if (enough && st.baselineReady === 0 && st.baselineCount < st.baselineWindows) {
    const b = st.baselineCount++;
    st.baselineDrop[b] = dropAll;
    st.baselineVo[b] = s.voMm;
    st.baselineContact[b] = s.contactMs;
    if (st.baselineCount === st.baselineWindows) {
      st.baselineDropCdeg = medianInPlace(st.baselineDrop, b + 1);
      st.baselineVoMm = medianInPlace(st.baselineVo, b + 1);
      st.baselineContactMs = medianInPlace(st.baselineContact, b + 1);
      st.baselineReady = 1;
    }
  }
  if (st.baselineReady && enough) {
    s.dropDriftCdeg = dropAll - st.baselineDropCdeg;
    s.voDriftMm = s.voMm - st.baselineVoMm;
    s.contactDriftMs = s.contactMs - st.baselineContactMs;
    quality |= QUALITY_DRIFT;
  } else {
    s.dropDriftCdeg = 0;
    s.voDriftMm = 0;
    s.contactDriftMs = 0;
  }
  // Lean's own: measured against one upright reference, and taken again after a new one (a pod
  // moved on the waistband, the first stand after a start on the run), so lean drift never spans
  // two. A window with a new reference in it has steps of both: it counts for neither. A new
  // reference running has not yet tested may still give way to the old one (a stop bent over):
  // the old baseline waits, and the window counts for neither.
  const pending = st.relevelPending;
  if (st.baselineLeanEpoch !== st.levelEpoch && pending === 0) {
    st.baselineLeanEpoch = st.levelEpoch;
    st.baselineLeanCount = 0;
    st.baselineLeanReady = 0;
  }
  const leanTrusted = st.windowLevelEpoch === st.levelEpoch && pending === 0 ? quality & QUALITY_LEAN : 0;
  st.windowLevelEpoch = pending === 0 ? st.levelEpoch : -1;
  if (leanTrusted && st.baselineLeanReady === 0) {
    const b = st.baselineLeanCount++;
    st.baselineLean[b] = s.leanCdeg;
    if (st.baselineLeanCount === st.baselineWindows) {
      st.baselineLeanCdeg = medianInPlace(st.baselineLean, b + 1);
      st.baselineLeanReady = 1;
    }
  }
  if (leanTrusted && st.baselineLeanReady) {
    s.leanDriftCdeg = s.leanCdeg - st.baselineLeanCdeg;
    quality |= QUALITY_LEAN_DRIFT;
  } else {
    s.leanDriftCdeg = 0;
  }
  s.quality = quality;
  st.sink.summary(s);

  st.windowStartIndex = endIndex;
  st.windowSteps = 0;
  st.windowRunning = 0;
  st.windowWalking = 0;
  st.windowSaturated = 0;
  for (let m = 0; m < METRIC_COUNT; m++) st.metricCounts[m] = 0;
}
