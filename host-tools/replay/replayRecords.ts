// Core's step and summary records as replay output: copied (core reuses its objects), times
// moved to the recording clock, codes spelled out ("L", "running", quality names).
import {
  KIND_RUNNING,
  SIDE_LEFT,
  SIDE_RIGHT,
  STEP_AFTER_GAP,
  STEP_SATURATED,
  STEP_SIDE_GUESSED,
  STEP_UNCALIBRATED,
  STEP_LEAN_PROVISIONAL,
  STEP_WARMUP,
  StepRecord,
} from '../../firmware/core/stepRecord';
import { QUALITY_NAMES, SummaryRecord } from '../../firmware/core/summaryRecord';

/** names of the step quality bits, as they appear in the output */
export const STEP_QUALITY_NAMES: { bit: number; name: string }[] = [
  { bit: STEP_SATURATED, name: 'saturated' },
  { bit: STEP_AFTER_GAP, name: 'afterGap' },
  { bit: STEP_UNCALIBRATED, name: 'uncalibrated' },
  { bit: STEP_SIDE_GUESSED, name: 'sideGuessed' },
  { bit: STEP_WARMUP, name: 'warmup' },
  { bit: STEP_LEAN_PROVISIONAL, name: 'leanProvisional' },
];

export type StepSide = 'L' | 'R' | '?';
export type StepKind = 'running' | 'walking';

export type ReplayStep = { type: 'step' } & Omit<StepRecord, 'side' | 'kind' | 'quality'> & {
    side: StepSide;
    kind: StepKind;
    quality: string[];
  };

export type ReplaySummary = { type: 'summary' } & Omit<SummaryRecord, 'quality'> & {
    quality: { [metric: string]: boolean };
  };

export interface ReplayGap {
  type: 'gap';
  /** last sample before the gap and first after it, ms on the recording clock */
  startMs: number;
  endMs: number;
  missingSamples: number;
  /** why, where the recording says (RecordingGap.cause): 'clockRestart', or a pod recording's gap causes */
  cause?: string;
}

export type ReplayRecord = ReplayStep | ReplaySummary | ReplayGap;

/** Set bits as names; a bit this table does not know yet shows as "bitN". */
export function stepQualityNames(quality: number): string[] {
  const names: string[] = [];
  let known = 0;
  for (const entry of STEP_QUALITY_NAMES) {
    known |= entry.bit;
    if (quality & entry.bit) names.push(entry.name);
  }
  for (let bit = 1; bit > 0 && bit <= quality; bit <<= 1) {
    if (quality & bit & ~known) names.push(`bit${bit}`);
  }
  return names;
}

export function sideName(side: number): StepSide {
  return side === SIDE_LEFT ? 'L' : side === SIDE_RIGHT ? 'R' : '?';
}

export function kindName(kind: number): StepKind {
  return kind === KIND_RUNNING ? 'running' : 'walking';
}

/** `clockOffsetMs` is added to core times: the recording's first time stamp. */
export function replayStepFromRecord(record: StepRecord, clockOffsetMs: number): ReplayStep {
  return {
    type: 'step',
    ...record,
    tMs: Math.round(record.tMs + clockOffsetMs),
    side: sideName(record.side),
    kind: kindName(record.kind),
    quality: stepQualityNames(record.quality),
  };
}

export function replaySummaryFromRecord(record: SummaryRecord, clockOffsetMs: number): ReplaySummary {
  const quality: { [metric: string]: boolean } = {};
  for (const entry of QUALITY_NAMES) quality[entry.name] = (record.quality & entry.bit) !== 0;
  return {
    type: 'summary',
    ...record,
    startMs: Math.round(record.startMs + clockOffsetMs),
    endMs: Math.round(record.endMs + clockOffsetMs),
    quality: quality,
  };
}
