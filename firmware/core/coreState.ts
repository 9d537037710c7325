// Settings turned into sample counts and fixed-point constants, and the detector's state:
// preallocated rings and scalar fields shared by the core modules.
import { BoardImuScale, PodAxisMap } from '../../boards/boardTypes';
import { StepRecord, stepRecordCreate } from './stepRecord';
import { SummaryRecord, summaryRecordCreate } from './summaryRecord';
import { typedViews } from './typedViews';

export interface PipelineSettings {
  sampleRateHz: number;
  scale: BoardImuScale;
  /** nominal mounting; core corrects tilt, upside-down and reversed mounting itself */
  axisMap: PodAxisMap;
  /** length of a summary window */
  windowMs: number;
  /** the run's first minutes, against which fatigue drift is measured */
  baselineMs: number;
  /** vertical specific force a foot strike must exceed; with the lower level it brackets contact */
  contactHighMg: number;
  /** below this the body is taken to be in flight; half of contactHighMg so crossings extrapolate to 0 g */
  contactLowMg: number;
  minContactMs: number;
  maxContactMs: number;
  minFlightMs: number;
  maxFlightMs: number;
  /** a running step needs the previous contact within this time to be part of the same run */
  maxRunningStepMs: number;
  /** running steps in a window needed before its medians count as trustworthy */
  minSummarySteps: number;
  /** running speed when known (from a watch or the host), for the vertical ratio; 0 = unknown */
  runningSpeedMms: number;
  /** samples come as gx gy gz ax ay az (the LSM6DS3TR-C FIFO order) instead of ax ay az gx gy gz */
  gyroFirst: boolean;
}

export interface PipelineSink {
  step(record: StepRecord): void;
  summary(record: SummaryRecord): void;
}

/** steps per second the window lists make room for: 240 steps/min */
const MAX_STEPS_PER_S = 4;
/** window medians kept for the fatigue baseline */
export const BASELINE_CAPACITY = 32;
/**
 * the lean (cdeg) taken for a runner not yet seen running: a moderate forward pelvic lean,
 * against which a stop before the first run tests a new upright reference
 */
export const LEAN_TYPICAL_CDEG = 500;

/**
 * Metric lists kept per window, one Int16Array each. The first EVERY_STEP_METRIC_COUNT are added
 * together by every counted running step, so their counts stay equal and fill at once. Lean is
 * left out for a step whose upright may still be given back (STEP_LEAN_PROVISIONAL).
 */
export const M_CONTACT = 0;
export const M_VO = 1;
export const M_IMPACT = 2;
export const M_AXIAL = 3;
export const M_SHEAR = 4;
export const M_BRAKING = 5;
export const M_BRAKING_PEAK = 6;
export const M_TILT_RANGE = 7;
export const M_DROP_ALL = 8;
export const EVERY_STEP_METRIC_COUNT = 9;
export const M_LEAN = 9;
export const M_STEP = 10;
export const M_FLIGHT = 11;
export const M_VGRF = 12;
export const M_ROTATION = 13;
// Each side's list is its left list + the step's side (SIDE_LEFT 0, SIDE_RIGHT 1).
export const M_DROP_LEFT = 14;
export const M_DROP_RIGHT = 15;
export const M_CONTACT_LEFT = 16;
export const M_CONTACT_RIGHT = 17;
export const M_STEP_LEFT = 18;
export const M_STEP_RIGHT = 19;
export const M_WALK_STEP = 20;
export const METRIC_COUNT = 21;

export interface CoreState {
  settings: PipelineSettings;
  sink: PipelineSink;
  rateHz: number;
  runningSpeedMms: number;
  /** rings that must hold a stride (yaw) or a walking step's look-back (walkSide): 2 s or more */
  ringSize: number;
  ringMask: number;
  /** rings read only over a step cycle or a frame (V, AP, ML, roll, pitch): half as long */
  cycleRingSize: number;
  cycleRingMask: number;
  /** leaky angle integrators lose 1/2^leakShift per sample: a time constant of 2500-5000 ms */
  leakShift: number;
  chunkSamples: number;
  minContactSamples: number;
  maxContactSamples: number;
  minFlightSamples: number;
  maxFlightSamples: number;
  maxRunningStepSamples: number;
  /**
   * no running step's contact began for this long: calibration and walking detection may run,
   * from this many samples after that contact on
   */
  idleSamples: number;
  windowSamples: number;
  baselineWindows: number;

  /** clock: samples seen so far, gaps included */
  sampleIndex: number;
  /** metrics never look at samples before this index (start, or the end of the last gap) */
  validFromIndex: number;

  /** raw counts, interleaved ax ay az gx gy gz, the last two frames */
  rawRing: Int16Array;
  rawRingSize: number;
  rawMask: number;
  /** where in a sample's six counts the accelerometer and the gyroscope start (0 or 3) */
  accOffset: number;
  gyroOffset: number;
  /** pod-frame specific force, mg */
  accVRing: Int16Array;
  accApRing: Int16Array;
  accMlRing: Int16Array;
  /** high-passed pelvic angles, cdeg */
  rollRing: Int16Array;
  pitchRing: Int16Array;
  yawRing: Int16Array;
  /** samples up to (not including) this index have AP/ML/angles in the rings */
  podFrameIndex: number;
  /** twice the leaky integrals of the rates (trapezoidal rule), cdps x samples */
  rollSumCdps: number;
  /** lean of the last running step: turns body rates into obliquity and rotation rates */
  leanCdeg: number;
  pitchSumCdps: number;
  yawSumCdps: number;
  rollRatePreviousCdps: number;
  pitchRatePreviousCdps: number;
  yawRatePreviousCdps: number;

  /** rows V, AP, ML: Q14 unit vectors in sensor axes */
  mountingQ14: Int32Array;
  /** the same rows scaled so (row . counts) >> 14 is mg */
  accMatrixQ14: Int32Array;
  /** rows scaled so (row . counts) >> 10 is centidegrees per second */
  gyroMatrixQ10: Int32Array;
  /** gyro bias in sensor counts x 16, measured while still */
  gyroBiasQ4: Int32Array;
  gyroBiasPodCdps: Int32Array;
  apSign: number;
  apVotesReversed: number;
  apVotes: number;
  apDecided: number;
  stationaryCalibrated: number;
  /**
   * counts the standing calibrations that set a new upright reference for lean: the first, and
   * each later one whose gravity is more than 3 degrees from levelRefQ14
   */
  levelEpoch: number;
  /**
   * row V of the mounting the current upright reference set (Q14), then, while relevelPending,
   * the one before the stop that set it
   */
  levelRefQ14: Int32Array;
  /**
   * a stop set a new upright reference that running has not yet tested (levelCheckByRunning):
   * 0 none, else 1 + the running steps since
   */
  relevelPending: number;
  /** levelEpoch of the reference before that stop */
  levelEpochPrevious: number;
  /** lean (cdeg) of a force along the reference before the stop, measured against the new one */
  relevelShiftCdeg: number;
  /** the lean of the running steps since that test it, summed */
  relevelLeanSumCdeg: number;
  /** the runner's recent lean: running steps past warm-up, a quarter of each step's into it */
  leanRecentCdeg: number;
  stillChunks: number;
  chunkAccSum: Int32Array;
  /** 1 then five 0s: with kernelPeriodicDot, selects one count of every interleaved sample */
  axisSelector: Int16Array;
  refineSteps: number;
  refineSum: Int32Array;

  /** contact state machine */
  inContact: number;
  contactStartIndex: number;
  lastToeOffIndex: number;
  lastToeOffQ8: number;
  lastIcQ8: number;
  lastCycleStartIndex: number;
  lastStepSide: number;
  lastRunningStepIndex: number;
  runningStreak: number;
  lastSaturatedIndex: number;
  /** first saturated sample of the frame being processed, or -1 */
  frameFirstSaturatedIndex: number;
  lastGapIndex: number;
  steps: number;

  /** walking detector (walkingSteps.ts): one-pole filters in mg x 16, alphas in Q12 */
  walkAlphaSignalQ12: number;
  walkAlphaBaselineQ12: number;
  walkAlphaSideBaselineQ12: number;
  walkAlphaSideQ12: number;
  walkRefractorySamples: number;
  walkPeakHoldSamples: number;
  walkPeakToContactSamples: number;
  walkPeriodSamples: number;
  walkSignalQ4: number;
  walkBaselineQ4: number;
  walkSideBaselineQ4: number;
  walkSideQ4: number;
  walkArmed: number;
  walkInStep: number;
  walkPeakMg: number;
  walkPeakIndex: number;
  walkLastPeakIndex: number;
  walkLastContactIndex: number;
  walkSideEvidence: number;
  /** low-passed ML force without its baseline, mg */
  walkSideRing: Int16Array;
  /** the walking filters have run up to this sample */
  walkIndex: number;

  /** world-vertical force over one step cycle, mg */
  upScratch: Int32Array;
  /** cycleSize, cycleSize - 1, ..., 1: its last n entries weigh a cycle's samples by n - i */
  rampDown: Int16Array;
  /** contiguous copies of a ring window that wraps: vertical, forward force and pitch */
  windowV: Int16Array;
  windowAp: Int16Array;
  windowPitch: Int16Array;

  /** window accumulation */
  windowStartIndex: number;
  windowSteps: number;
  windowRunning: number;
  windowWalking: number;
  windowSaturated: number;
  metricCounts: Int32Array;
  metricLists: Int16Array[];
  baselineCount: number;
  baselineDrop: Int32Array;
  baselineVo: Int32Array;
  baselineContact: Int32Array;
  /** 0 until the baseline windows are complete, then the baseline medians */
  baselineReady: number;
  /**
   * lean's baseline of its own: windows with a standing calibration, all in one levelEpoch (the
   * one in baselineLeanEpoch); a new upright reference starts it again
   */
  baselineLeanCount: number;
  baselineLeanEpoch: number;
  /** the levelEpoch when the window in progress began: a window with a new reference in it mixes two */
  windowLevelEpoch: number;
  baselineLean: Int32Array;
  baselineLeanReady: number;
  baselineLeanCdeg: number;
  baselineDropCdeg: number;
  baselineVoMm: number;
  baselineContactMs: number;
  windows: number;

  step: StepRecord;
  summary: SummaryRecord;
}

/** ms on core's clock of a sample index (exact in doubles on both engines, floored) */
export function coreTimeMs(st: CoreState, sampleIndex: number): number {
  return Math.floor((sampleIndex * 1000) / st.rateHz);
}

function nextPowerOfTwo(n: number): number {
  let p = 1;
  while (p < n) p = p * 2;
  return p;
}

function samplesFromMs(ms: number, rateHz: number): number {
  return ((ms * rateHz + 500) / 1000) | 0;
}

/**
 * Walking may follow running this soon after the last running step's contact began: past that
 * step's toe-off and the next step's (running's step and contact together stay below 0.7 s
 * from 140 steps/min on), and early enough for the first walking steps after a run.
 */
const IDLE_MS = 700;

const int16Array = (length: number): Int16Array => new Int16Array(length);
const int32Array = (length: number): Int32Array => new Int32Array(length);

export function coreStateCreate(settings: PipelineSettings, sink: PipelineSink): CoreState {
  const rateHz = settings.sampleRateHz;
  // 2 s of pod-frame history (a power of two at or above it) covers a stride at 75 steps/min
  // and a walking step's side look-back
  const ringSize = nextPowerOfTwo(rateHz * 2);
  let leakShift = 0;
  while (1 << leakShift < ringSize) leakShift++;
  leakShift++; // leaky angle integrators: a time constant of 2500-5000 ms
  const chunkSamples = (rateHz / 2) | 0;
  // Raw counts are read only within the frame that holds the newest block (blocks are cut at
  // frame ends, and the pod-frame series restart at the current frame's first sample), so one
  // frame suffices; a power of two for the index mask.
  const rawRingSize = nextPowerOfTwo(chunkSamples);
  // the longest running step cycle: flight plus contact, with a few samples of extrapolation
  // (scratch copies read through subarray, so no power of two: at 208 Hz 164, not 256)
  const cycleSize = samplesFromMs(settings.maxFlightMs + settings.maxContactMs, rateHz) + 8;
  // Read at most a step cycle back (step metrics, crossings, mounting votes: the cycle guard in
  // runningToeOff keeps them inside cycleSize) or one frame (calibration, the walking filters).
  const cycleRingSize = nextPowerOfTwo(cycleSize > chunkSamples ? cycleSize : chunkSamples);
  // each list holds one value per step of a window (a 10 s window: 44)
  const windowCapacity = ((settings.windowMs * MAX_STEPS_PER_S) / 1000 + 4) | 0;
  const listLengths: number[] = [];
  for (let i = 0; i < METRIC_COUNT; i++) listLengths.push(windowCapacity);
  const metricLists = typedViews(int16Array, listLengths);
  // the state's other small arrays in two more buffers (typedViews.ts): 1.1 and 0.7 KB at 104 Hz, 1.4 and 1.3 KB at 208 Hz
  const [mountingQ14, accMatrixQ14, gyroMatrixQ10, gyroBiasQ4, gyroBiasPodCdps, chunkAccSum, refineSum, levelRefQ14, metricCounts,
    baselineLean, baselineDrop, baselineVo, baselineContact, upScratch] = typedViews(int32Array,
    [9, 9, 9, 3, 3, 3, 3, 6, METRIC_COUNT, BASELINE_CAPACITY, BASELINE_CAPACITY, BASELINE_CAPACITY, BASELINE_CAPACITY, cycleSize]);
  const [windowV, windowAp, windowPitch, rampDown, axisSelector] = typedViews(int16Array, [cycleSize, cycleSize, cycleSize, cycleSize, 6]);
  for (let i = 0; i < cycleSize; i++) rampDown[i] = cycleSize - i;
  axisSelector[0] = 1;
  return {
    settings: settings,
    sink: sink,
    rateHz: rateHz,
    runningSpeedMms: settings.runningSpeedMms,
    ringSize: ringSize,
    ringMask: ringSize - 1,
    cycleRingSize: cycleRingSize,
    cycleRingMask: cycleRingSize - 1,
    leakShift: leakShift,
    chunkSamples: chunkSamples,
    minContactSamples: samplesFromMs(settings.minContactMs, rateHz),
    maxContactSamples: samplesFromMs(settings.maxContactMs, rateHz),
    minFlightSamples: samplesFromMs(settings.minFlightMs, rateHz),
    maxFlightSamples: samplesFromMs(settings.maxFlightMs, rateHz),
    maxRunningStepSamples: samplesFromMs(settings.maxRunningStepMs, rateHz),
    idleSamples: samplesFromMs(IDLE_MS, rateHz),
    windowSamples: samplesFromMs(settings.windowMs, rateHz),
    baselineWindows: Math.max(1, Math.min(BASELINE_CAPACITY, (settings.baselineMs / settings.windowMs) | 0)),
    sampleIndex: 0,
    validFromIndex: 0,
    rawRing: new Int16Array(rawRingSize * 6),
    rawRingSize: rawRingSize,
    rawMask: rawRingSize - 1,
    accOffset: settings.gyroFirst ? 3 : 0,
    gyroOffset: settings.gyroFirst ? 0 : 3,
    accVRing: new Int16Array(cycleRingSize),
    accApRing: new Int16Array(cycleRingSize),
    accMlRing: new Int16Array(cycleRingSize),
    rollRing: new Int16Array(cycleRingSize),
    pitchRing: new Int16Array(cycleRingSize),
    yawRing: new Int16Array(ringSize),
    podFrameIndex: 0,
    rollSumCdps: 0,
    leanCdeg: 0,
    pitchSumCdps: 0,
    yawSumCdps: 0,
    rollRatePreviousCdps: 0,
    pitchRatePreviousCdps: 0,
    yawRatePreviousCdps: 0,
    mountingQ14: mountingQ14,
    accMatrixQ14: accMatrixQ14,
    gyroMatrixQ10: gyroMatrixQ10,
    gyroBiasQ4: gyroBiasQ4,
    gyroBiasPodCdps: gyroBiasPodCdps,
    apSign: 1,
    apVotesReversed: 0,
    apVotes: 0,
    apDecided: 0,
    stationaryCalibrated: 0,
    levelEpoch: 0,
    levelRefQ14: levelRefQ14,
    relevelPending: 0,
    levelEpochPrevious: 0,
    relevelShiftCdeg: 0,
    relevelLeanSumCdeg: 0,
    leanRecentCdeg: LEAN_TYPICAL_CDEG,
    stillChunks: 0,
    chunkAccSum: chunkAccSum,
    axisSelector: axisSelector,
    refineSteps: 0,
    refineSum: refineSum,
    inContact: 1,
    contactStartIndex: 0,
    lastToeOffIndex: -1,
    lastToeOffQ8: -1,
    lastIcQ8: -1,
    lastCycleStartIndex: -1,
    lastStepSide: -1,
    lastRunningStepIndex: -1000000,
    runningStreak: 0,
    lastSaturatedIndex: -1000000,
    frameFirstSaturatedIndex: -1,
    lastGapIndex: -1000000,
    steps: 0,
    walkAlphaSignalQ12: 0,
    walkAlphaBaselineQ12: 0,
    walkAlphaSideBaselineQ12: 0,
    walkAlphaSideQ12: 0,
    walkRefractorySamples: 0,
    walkPeakHoldSamples: 0,
    walkPeakToContactSamples: 0,
    walkPeriodSamples: 0,
    walkSignalQ4: 0,
    walkBaselineQ4: 0,
    walkSideBaselineQ4: 0,
    walkSideQ4: 0,
    walkArmed: 0,
    walkInStep: 0,
    walkPeakMg: 0,
    walkPeakIndex: -1000000,
    walkLastPeakIndex: -1000000,
    walkLastContactIndex: -1000000,
    walkSideEvidence: 0,
    walkSideRing: new Int16Array(ringSize),
    walkIndex: -1,
    upScratch: upScratch,
    rampDown: rampDown,
    windowV: windowV,
    windowAp: windowAp,
    windowPitch: windowPitch,
    windowStartIndex: 0,
    windowSteps: 0,
    windowRunning: 0,
    windowWalking: 0,
    windowSaturated: 0,
    metricCounts: metricCounts,
    metricLists: metricLists,
    baselineCount: 0,
    baselineLeanCount: 0,
    baselineLeanEpoch: 0,
    windowLevelEpoch: 0,
    baselineLean: baselineLean,
    baselineLeanReady: 0,
    baselineDrop: baselineDrop,
    baselineVo: baselineVo,
    baselineContact: baselineContact,
    baselineReady: 0,
    baselineLeanCdeg: 0,
    baselineDropCdeg: 0,
    baselineVoMm: 0,
    baselineContactMs: 0,
    windows: 0,
    step: stepRecordCreate(),
    summary: summaryRecordCreate(),
  };
}
