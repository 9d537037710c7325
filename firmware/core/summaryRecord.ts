// One window summary: medians over the window's running steps (walking steps only counted),
// variability, L/R balance and fatigue drift. Core owns one instance and overwrites it.

/** quality bits of a summary: set = the metric is trustworthy in this window */
export const QUALITY_CADENCE = 1;
export const QUALITY_CONTACT = 2;
export const QUALITY_VO = 4;
export const QUALITY_IMPACT = 8;
export const QUALITY_BRAKING = 16;
export const QUALITY_DROP = 32;
export const QUALITY_ROTATION = 64;
export const QUALITY_LEAN = 128;
export const QUALITY_BALANCE = 256;
export const QUALITY_VARIABILITY = 512;
export const QUALITY_DRIFT = 1024;
export const QUALITY_WALKING_CADENCE = 2048;
export const QUALITY_VERTICAL_RATIO = 4096;
/** lean drift: the window's lean and its baseline measured against the same upright reference */
export const QUALITY_LEAN_DRIFT = 8192;

export const QUALITY_NAMES: { bit: number; name: string }[] = [
  { bit: QUALITY_CADENCE, name: 'cadence' },
  { bit: QUALITY_CONTACT, name: 'contact' },
  { bit: QUALITY_VO, name: 'vo' },
  { bit: QUALITY_IMPACT, name: 'impact' },
  { bit: QUALITY_BRAKING, name: 'braking' },
  { bit: QUALITY_DROP, name: 'drop' },
  { bit: QUALITY_ROTATION, name: 'rotation' },
  { bit: QUALITY_LEAN, name: 'lean' },
  { bit: QUALITY_BALANCE, name: 'balance' },
  { bit: QUALITY_VARIABILITY, name: 'variability' },
  { bit: QUALITY_DRIFT, name: 'drift' },
  { bit: QUALITY_WALKING_CADENCE, name: 'walkingCadence' },
  { bit: QUALITY_VERTICAL_RATIO, name: 'verticalRatio' },
  { bit: QUALITY_LEAN_DRIFT, name: 'leanDrift' },
];

export interface SummaryRecord {
  /** running count of windows, from 1 */
  index: number;
  /** start and end of the window on core's clock, ms */
  startMs: number;
  endMs: number;
  steps: number;
  runningSteps: number;
  walkingSteps: number;
  /** running steps with saturated samples: in the cadence, left out of the load metrics */
  saturatedSteps: number;
  /** running cadence from strides (strideCadence.ts) */
  cadenceSpm: number;
  /** walking cadence from strides (strideCadence.ts) */
  walkingCadenceSpm: number;
  contactMs: number;
  flightMs: number;
  voMm: number;
  /** VO over step length (speed x step time), percent x 100; 0 while the speed is unknown */
  verticalRatioPct100: number;
  impactMg: number;
  impactAxialMg: number;
  impactShearMg: number;
  vgrfBw100: number;
  brakingMms: number;
  brakingPeakMg: number;
  dropLeftCdeg: number;
  dropRightCdeg: number;
  rotationCdeg: number;
  tiltRangeCdeg: number;
  leanCdeg: number;
  /** left share of ground contact time, L/(L+R), percent x 100 */
  gctBalanceLeftPct100: number;
  /** left share of step time, percent x 100 */
  stepBalanceLeftPct100: number;
  /** left share of pelvic drop, percent x 100 */
  dropBalanceLeftPct100: number;
  /** coefficients of variation, percent x 100 */
  stepTimeCvPct100: number;
  contactCvPct100: number;
  dropCvPct100: number;
  /** this window's median minus the baseline (the run's first minutes) */
  leanDriftCdeg: number;
  dropDriftCdeg: number;
  voDriftMm: number;
  contactDriftMs: number;
  quality: number;
}

export function summaryRecordCreate(): SummaryRecord {
  return {
    index: 0, startMs: 0, endMs: 0, steps: 0, runningSteps: 0, walkingSteps: 0, saturatedSteps: 0,
    cadenceSpm: 0, walkingCadenceSpm: 0, contactMs: 0, flightMs: 0, voMm: 0, verticalRatioPct100: 0, impactMg: 0, impactAxialMg: 0,
    impactShearMg: 0, vgrfBw100: 0, brakingMms: 0, brakingPeakMg: 0, dropLeftCdeg: 0,
    dropRightCdeg: 0, rotationCdeg: 0, tiltRangeCdeg: 0, leanCdeg: 0, gctBalanceLeftPct100: 0,
    stepBalanceLeftPct100: 0, dropBalanceLeftPct100: 0, stepTimeCvPct100: 0, contactCvPct100: 0,
    dropCvPct100: 0, leanDriftCdeg: 0, dropDriftCdeg: 0, voDriftMm: 0, contactDriftMs: 0, quality: 0,
  };
}
