// Scores detected steps against the synthetic generator's per-step truth: one-to-one matching
// of initial contacts, then errors of each metric on the matched steady steps.
import { TruthStep } from '../synthetic/runningModel';
import { ReplayStep } from '../replay/replayRecords';

/** a detection and a truth contact further apart than this are different steps */
export const MATCH_TOLERANCE_MS = 60;

export interface MetricErrors {
  count: number;
  meanError: number;
  meanAbsError: number;
  maxAbsError: number;
}

export interface RunningScore {
  truthSteps: number;
  detectedSteps: number;
  /** steady truth steps (after the first three of each running segment, outside blends) with no detection */
  missedSteady: number;
  /** detections inside running segments that match no truth step */
  extraSteady: number;
  /** matched steady steps with the right side */
  sideCorrectFraction: number;
  contactMs: MetricErrors;
  flightMs: MetricErrors;
  icMs: MetricErrors;
  voMm: MetricErrors;
  dropCdeg: MetricErrors;
  rotationCdeg: MetricErrors;
  tiltRangeCdeg: MetricErrors;
  leanCdeg: MetricErrors;
  brakingMms: MetricErrors;
  cadenceSpm: MetricErrors;
}

function errors(pairs: Array<[number, number]>): MetricErrors {
  if (pairs.length === 0) return { count: 0, meanError: 0, meanAbsError: 0, maxAbsError: 0 };
  let sum = 0;
  let sumAbs = 0;
  let maxAbs = 0;
  for (const [detected, truth] of pairs) {
    const e = detected - truth;
    sum += e;
    sumAbs += Math.abs(e);
    maxAbs = Math.max(maxAbs, Math.abs(e));
  }
  return { count: pairs.length, meanError: sum / pairs.length, meanAbsError: sumAbs / pairs.length, maxAbsError: maxAbs };
}

/**
 * `steady` truth steps are running steps from the fourth of their segment on, not in an
 * angle blend, not saturated and not before `settleMs`; warm-up and saturated detections are
 * not scored on metrics.
 */
export function scoreRunning(truth: TruthStep[], detected: ReplayStep[], settleMs = 0): RunningScore {
  const running = detected.filter((step) => step.kind === 'running');
  const steady = new Set<TruthStep>();
  let streak = 0;
  for (let i = 0; i < truth.length; i++) {
    const step = truth[i];
    const continues = i > 0 && truth[i - 1].kind === step.kind && Math.abs(truth[i - 1].tMs + truth[i - 1].stepMs - step.tMs) < 1;
    streak = continues ? streak + 1 : 1;
    if (step.kind === 'running' && streak > 3 && !step.transition && !step.saturated && step.tMs >= settleMs) steady.add(step);
  }
  // one-to-one, nearest first: both lists are in time order and steps are >= 200 ms apart
  const matchOf = new Map<TruthStep, ReplayStep>();
  const matchedDetections = new Set<ReplayStep>();
  let j = 0;
  for (const step of truth) {
    while (j < running.length && running[j].tMs < step.tMs - MATCH_TOLERANCE_MS) j++;
    if (j < running.length && Math.abs(running[j].tMs - step.tMs) <= MATCH_TOLERANCE_MS) {
      matchOf.set(step, running[j]);
      matchedDetections.add(running[j]);
      j++;
    }
  }
  let missedSteady = 0;
  for (const step of steady) if (!matchOf.has(step)) missedSteady++;
  const steadySpans = [...steady].map((step) => [step.tMs - MATCH_TOLERANCE_MS, step.tMs + step.stepMs - MATCH_TOLERANCE_MS]);
  let extraSteady = 0;
  for (const detection of running) {
    if (matchedDetections.has(detection)) continue;
    if (steadySpans.some(([from, to]) => detection.tMs >= from && detection.tMs < to)) extraSteady++;
  }
  const pairs: { [metric: string]: Array<[number, number]> } = {
    contactMs: [], flightMs: [], icMs: [], voMm: [], dropCdeg: [], rotationCdeg: [], tiltRangeCdeg: [], leanCdeg: [], brakingMms: [], cadenceSpm: [],
  };
  let sideCorrect = 0;
  let sideScored = 0;
  for (const step of steady) {
    const detection = matchOf.get(step);
    if (detection === undefined || detection.quality.includes('warmup') || detection.quality.includes('saturated')) continue;
    sideScored++;
    if (detection.side === step.side) sideCorrect++;
    pairs.icMs.push([detection.tMs, step.tMs]);
    pairs.contactMs.push([detection.contactMs, step.contactMs]);
    pairs.flightMs.push([detection.flightMs, step.flightMs]);
    pairs.voMm.push([detection.voMm, step.voMm]);
    pairs.dropCdeg.push([detection.dropCdeg, step.dropCdeg]);
    if (detection.rotationCdeg > 0) {
      pairs.rotationCdeg.push([detection.rotationCdeg, step.rotationRangeCdeg]);
      pairs.tiltRangeCdeg.push([detection.tiltRangeCdeg, step.tiltRangeCdeg]);
    }
    pairs.leanCdeg.push([detection.leanCdeg, step.leanCdeg]);
    pairs.brakingMms.push([detection.brakingMms, step.brakingMms]);
    if (detection.cadenceSpm > 0) pairs.cadenceSpm.push([detection.cadenceSpm, step.cadenceSpm]);
  }
  return {
    truthSteps: truth.length,
    detectedSteps: detected.length,
    missedSteady: missedSteady,
    extraSteady: extraSteady,
    sideCorrectFraction: sideScored > 0 ? sideCorrect / sideScored : 0,
    contactMs: errors(pairs.contactMs),
    flightMs: errors(pairs.flightMs),
    icMs: errors(pairs.icMs),
    voMm: errors(pairs.voMm),
    dropCdeg: errors(pairs.dropCdeg),
    rotationCdeg: errors(pairs.rotationCdeg),
    tiltRangeCdeg: errors(pairs.tiltRangeCdeg),
    leanCdeg: errors(pairs.leanCdeg),
    brakingMms: errors(pairs.brakingMms),
    cadenceSpm: errors(pairs.cadenceSpm),
  };
}
