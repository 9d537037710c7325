// Which steps the report's numbers rest on: the running steps the pod's own window medians use
// (firmware/core/windowSummary.ts windowAddStep: not warm-up; for all but step time, not
// saturated either), split by side.
import {
  KIND_RUNNING, KIND_WALKING, SIDE_LEFT, SIDE_RIGHT, STEP_LEAN_PROVISIONAL, STEP_SATURATED, STEP_SIDE_GUESSED, STEP_UNCALIBRATED, STEP_WARMUP,
  StepRecord,
} from '../../firmware/core/stepRecord';

export interface ReportStepSets {
  /** running steps whose metrics count (as the pod's medians) */
  running: StepRecord[];
  /** of `running`, those whose lean counts: not measured against an upright a stop set that could still be given back */
  lean: StepRecord[];
  /** running steps with a step time that counts for cadence: `running` and the saturated ones */
  timed: StepRecord[];
  left: StepRecord[];
  right: StepRecord[];
  walking: StepRecord[];
  /** running steps left out: saturated (load metrics zeroed) or warm-up (still settling) */
  saturated: number;
  warmup: number;
  /** of `running`: side forced by alternation; no standing calibration (angles against the upright the pod estimated from running) */
  sideGuessed: number;
  uncalibrated: number;
}

export function reportStepSets(steps: readonly StepRecord[]): ReportStepSets {
  const sets: ReportStepSets = { running: [], lean: [], timed: [], left: [], right: [], walking: [], saturated: 0, warmup: 0, sideGuessed: 0, uncalibrated: 0 };
  for (const step of steps) {
    if (step.kind === KIND_WALKING) {
      sets.walking.push(step);
      continue;
    }
    if (step.kind !== KIND_RUNNING) continue;
    if (step.quality & STEP_WARMUP) {
      if (step.quality & STEP_SATURATED) sets.saturated++;
      else sets.warmup++;
      continue;
    }
    if (step.stepMs > 0) sets.timed.push(step);
    if (step.quality & STEP_SATURATED) {
      sets.saturated++;
      continue;
    }
    sets.running.push(step);
    if ((step.quality & STEP_LEAN_PROVISIONAL) === 0) sets.lean.push(step);
    if (step.side === SIDE_LEFT) sets.left.push(step);
    else if (step.side === SIDE_RIGHT) sets.right.push(step);
    if (step.quality & STEP_SIDE_GUESSED) sets.sideGuessed++;
    if (step.quality & STEP_UNCALIBRATED) sets.uncalibrated++;
  }
  return sets;
}

/** step cadence when the step has a previous contact (the first of a run or walk has none) */
export function stepCadences(steps: readonly StepRecord[]): number[] {
  return steps.filter((s) => s.stepMs > 0 && s.cadenceSpm > 0).map((s) => s.cadenceSpm);
}
