// Walking steps (no flight phase), detected while no running step is under way. Rule fitted on
// lower-back walking recordings with two event references (Mobilise-D lab subset, mobgap):
// x = V - 1.5 AP (gravity included), low-passed (~16 Hz one-pole) minus a ~1 Hz baseline. A
// step starts when x, re-armed by going below 0, passes 130 mg at least max(250 ms, 0.6 T)
// after the last one (T: smoothed step time); it ends when x falls below 0 or 300 ms after
// its peak. Initial contact = time of the peak - 40 ms. Side: mean ML force (0.25 Hz
// baseline removed, ~5 Hz low-pass) over the preceding step; leftward means a left contact,
// weighed against the previous step's evidence, which points the other way.
import { CoreState, coreTimeMs } from './coreState';
import {
  KIND_WALKING, SIDE_LEFT, SIDE_RIGHT, STEP_AFTER_GAP, STEP_UNCALIBRATED, STEP_WARMUP, stepRecordClearLoadMetrics,
} from './stepRecord';
import { stepRecordTimed } from './strideCadence';
import { windowAddStep, windowCloseUpTo } from './windowSummary';

const TRIGGER_MG = 130;
/** clamp of the walking signal: keeps the Q4 filter products < 2^31 (walking stays far inside) */
const SIGNAL_LIMIT_MG = 8000;
const PEAK_TO_CONTACT_MS = 40;
const MIN_STEP_MS = 300;
const MAX_STEP_MS = 1100;

/**
 * One-pole smoothing factor alpha = w / (rate + w), w = 2 pi fc, in Q12, from the cutoff in
 * centi-hertz: at 100 Hz, 16 Hz gives the 1/2 and 1.06 Hz the 1/16 the rule was fitted with.
 */
export function onePoleAlphaQ12(cutoffCentiHz: number, rateHz: number): number {
  const omega = ((cutoffCentiHz * 6283) / 1000) | 0; // 2 pi fc x 100, < 2^23
  return ((omega * 4096) / (rateHz * 100 + omega)) | 0; // < 2^35 as a double, exact, then < 2^12
}

export function walkingInit(st: CoreState): void {
  const rate = st.rateHz;
  st.walkAlphaSignalQ12 = onePoleAlphaQ12(1600, rate);
  st.walkAlphaBaselineQ12 = onePoleAlphaQ12(106, rate);
  st.walkAlphaSideBaselineQ12 = onePoleAlphaQ12(25, rate);
  st.walkAlphaSideQ12 = onePoleAlphaQ12(530, rate);
  st.walkRefractorySamples = ((250 * rate) / 1000) | 0;
  st.walkPeakHoldSamples = ((300 * rate) / 1000) | 0;
  st.walkPeakToContactSamples = ((PEAK_TO_CONTACT_MS * rate + 500) / 1000) | 0;
  st.walkPeriodSamples = ((550 * rate) / 1000) | 0;
}

/** a walking step whose contact was at `contactIndex`, found at sample `foundIndex` */
function emitWalkingStep(st: CoreState, contactIndex: number, foundIndex: number): void {
  // A contact after a flight, not yet too long, is a running step: runningToeOff gives it at its
  // toe-off, timed from the rising edge. Walking runs at frame ends, so a frame can end between
  // this step's end and that toe-off (starting mid-run, before a running step holds walking
  // off): counting the contact here too would count it twice, the running step timed before this.
  const flightSamples = st.contactStartIndex - st.lastToeOffIndex;
  if (st.inContact !== 0 && contactIndex > st.lastToeOffIndex && st.lastToeOffIndex >= st.validFromIndex
    && flightSamples >= st.minFlightSamples && flightSamples <= st.maxFlightSamples
    && st.sampleIndex - st.contactStartIndex <= st.maxContactSamples) return;
  const rate = st.rateHz;
  const mask = st.ringMask;
  const sinceLast = contactIndex - st.walkLastContactIndex;
  const continues = st.walkLastContactIndex > st.lastGapIndex && sinceLast * 1000 <= MAX_STEP_MS * rate;
  if (continues && sinceLast * 1000 >= MIN_STEP_MS * rate) {
    st.walkPeriodSamples += (sinceLast - st.walkPeriodSamples) >> 2;
  }
  // mean side force over the preceding step (0.55 s when the interval is implausible)
  let from = contactIndex - (continues && sinceLast * 1000 >= MIN_STEP_MS * rate ? sinceLast : ((55 * rate) / 100) | 0);
  if (from < st.validFromIndex) from = st.validFromIndex;
  if (from < contactIndex - st.ringSize + 1) from = contactIndex - st.ringSize + 1;
  let sideSum = 0;
  for (let index = from; index < contactIndex; index++) sideSum += st.walkSideRing[index & mask]; // < 2^15 x 2^11
  const score = contactIndex > from ? (sideSum / (contactIndex - from)) | 0 : 0;
  st.walkSideEvidence = continues ? score - ((st.walkSideEvidence * 3) / 10 | 0) : score;

  const rec = st.step;
  rec.index = ++st.steps;
  rec.tMs = coreTimeMs(st, contactIndex);
  rec.side = st.walkSideEvidence > 0 ? SIDE_LEFT : SIDE_RIGHT;
  stepRecordTimed(rec, KIND_WALKING, continues ? ((sinceLast * 1000 + (rate >> 1)) / rate) | 0 : 0);
  // walking steps are counted and timed; the running metrics do not apply
  stepRecordClearLoadMetrics(rec);
  rec.contactMs = 0;
  rec.flightMs = 0;
  rec.dropCdeg = 0;
  rec.rotationCdeg = 0;
  rec.tiltRangeCdeg = 0;
  rec.leanCdeg = 0;
  let quality = 0;
  if (st.lastGapIndex >= st.walkLastContactIndex && st.lastGapIndex > 0) quality |= STEP_AFTER_GAP;
  if (st.stationaryCalibrated === 0) quality |= STEP_UNCALIBRATED;
  if (!continues) quality |= STEP_WARMUP;
  rec.quality = quality;
  st.walkLastContactIndex = contactIndex;
  windowCloseUpTo(st, foundIndex);
  windowAddStep(st, rec);
  st.sink.step(rec);
}

/** runs the walking rule over samples [startIndex, endIndex) of the pod-frame rings */
export function walkingBlock(st: CoreState, startIndex: number, endIndex: number): void {
  const mask = st.cycleRingMask;
  const sideMask = st.ringMask;
  const alphaSignal = st.walkAlphaSignalQ12;
  const alphaBaseline = st.walkAlphaBaselineQ12;
  const alphaSideBaseline = st.walkAlphaSideBaselineQ12;
  const alphaSide = st.walkAlphaSideQ12;
  if (startIndex !== st.walkIndex || startIndex < st.validFromIndex + 1) {
    // resuming after stillness, running or a gap: start the filters on the current signal
    const slot = startIndex & mask;
    const signal = st.accVRing[slot] - st.accApRing[slot] - (st.accApRing[slot] >> 1);
    st.walkSignalQ4 = signal * 16;
    st.walkBaselineQ4 = signal * 16;
    st.walkSideBaselineQ4 = st.accMlRing[slot] * 16;
    st.walkSideQ4 = 0;
    // armed after stillness or running: the first step may come at once. Not at the start or
    // after a gap, which can fall inside a step whose contact came before the first sample
    st.walkArmed = startIndex > st.validFromIndex ? 1 : 0;
    st.walkInStep = 0;
  }
  // Everything the loop reads per sample in locals: on the pod a property of the large state
  // object, or a bundle-level constant, is a search through a long list of names.
  const vRing = st.accVRing;
  const apRing = st.accApRing;
  const mlRing = st.accMlRing;
  const sideRing = st.walkSideRing;
  const limit = SIGNAL_LIMIT_MG;
  const trigger = TRIGGER_MG;
  const hold = st.walkPeakHoldSamples;
  let signalQ4 = st.walkSignalQ4;
  let baselineQ4 = st.walkBaselineQ4;
  let sideBaselineQ4 = st.walkSideBaselineQ4;
  let sideQ4 = st.walkSideQ4;
  let inStep = st.walkInStep;
  let armed = st.walkArmed;
  let peakMg = st.walkPeakMg;
  let peakIndex = st.walkPeakIndex;
  for (let index = startIndex; index < endIndex; index++) {
    const slot = index & mask;
    const ap = apRing[slot];
    let signal = vRing[slot] - ap - (ap >> 1);
    if (signal > limit) signal = limit;
    else if (signal < -limit) signal = -limit;
    // Q4 differences < 2^18 x alpha < 2^12: < 2^30
    signalQ4 += (alphaSignal * (signal * 16 - signalQ4)) >> 12;
    baselineQ4 += (alphaBaseline * (signal * 16 - baselineQ4)) >> 12;
    const ml = mlRing[slot] * 16;
    sideBaselineQ4 += (alphaSideBaseline * (ml - sideBaselineQ4)) >> 12;
    sideQ4 += (alphaSide * (ml - sideBaselineQ4 - sideQ4)) >> 12;
    sideRing[index & sideMask] = sideQ4 >> 4;
    const x = (signalQ4 - baselineQ4) >> 4;
    if (inStep) {
      if (x > peakMg) {
        peakMg = x;
        peakIndex = index;
      }
      if (x < 0 || index - peakIndex >= hold) {
        inStep = 0;
        armed = x < 0 ? 1 : 0;
        st.walkLastPeakIndex = peakIndex;
        emitWalkingStep(st, peakIndex - st.walkPeakToContactSamples, index);
      }
    } else if (x < 0) {
      armed = 1;
    } else if (armed && x > trigger) {
      const sinceLast = index - st.walkLastPeakIndex;
      const periodGap = (st.walkPeriodSamples * 3) / 5;
      if (sinceLast >= st.walkRefractorySamples && sinceLast >= periodGap) {
        inStep = 1;
        armed = 0;
        peakMg = x;
        peakIndex = index;
      }
    }
  }
  st.walkInStep = inStep;
  st.walkArmed = armed;
  st.walkPeakMg = peakMg;
  st.walkPeakIndex = peakIndex;
  st.walkSignalQ4 = signalQ4;
  st.walkBaselineQ4 = baselineQ4;
  st.walkSideBaselineQ4 = sideBaselineQ4;
  st.walkSideQ4 = sideQ4;
  st.walkIndex = endIndex;
}
