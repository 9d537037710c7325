// One detected step and its metrics, integers with the unit in each name. Core owns one
// instance and overwrites it for every step, so the sink must copy what it keeps.

export const SIDE_LEFT = 0;
export const SIDE_RIGHT = 1;
export const SIDE_UNKNOWN = -1;

export const KIND_WALKING = 0;
export const KIND_RUNNING = 1;

/** quality bits of one step: set = the named problem applies */
export const STEP_SATURATED = 1; // an IMU axis hit full scale during the step
export const STEP_AFTER_GAP = 2; // samples were missing since the previous step
export const STEP_UNCALIBRATED = 4; // no stationary calibration yet: lean is against an upright estimated from running steps
export const STEP_SIDE_GUESSED = 8; // side forced by alternation, the signal alone was ambiguous
export const STEP_WARMUP = 16; // one of the first steps after start or a gap: metrics still settling
export const STEP_LEAN_PROVISIONAL = 32; // lean against a new upright reference that the running after a stop, or an upright stop, may still give back

export interface StepRecord {
  /** running count of steps since start, from 1 */
  index: number;
  /** initial contact on core's clock, ms since the first sample */
  tMs: number;
  side: number;
  kind: number;
  /** time from the previous initial contact, ms (0 for the first step) */
  stepMs: number;
  /** steps per minute over the stride this step ends (strideCadence.ts, stepRecordTimed); 0 when stepMs is 0 */
  cadenceSpm: number;
  contactMs: number;
  flightMs: number;
  voMm: number;
  /** peak vertical acceleration in stance, gravity included */
  impactMg: number;
  /** peak along the pelvis up axis (compression proxy) */
  impactAxialMg: number;
  /** peak magnitude across it in the sagittal plane (shear proxy) */
  impactShearMg: number;
  /** estimated peak vertical ground reaction force, body weights x 100 (Morin et al. 2005) */
  vgrfBw100: number;
  /** forward velocity lost from initial contact to the end of deceleration */
  brakingMms: number;
  /** peak forward deceleration in stance */
  brakingPeakMg: number;
  /** pelvic obliquity range in this stance (drop of the swing side) */
  dropCdeg: number;
  /** pelvic rotation (yaw) range over the stride ending at this step */
  rotationCdeg: number;
  /** pelvic tilt (pitch) range over this step (the flight before the contact and the contact) */
  tiltRangeCdeg: number;
  /** mean forward lean over this step relative to standing, positive forward */
  leanCdeg: number;
  quality: number;
}

export function stepRecordCreate(): StepRecord {
  return {
    index: 0, tMs: 0, side: SIDE_UNKNOWN, kind: KIND_WALKING, stepMs: 0, cadenceSpm: 0,
    contactMs: 0, flightMs: 0, voMm: 0, impactMg: 0, impactAxialMg: 0, impactShearMg: 0,
    vgrfBw100: 0, brakingMms: 0, brakingPeakMg: 0, dropCdeg: 0, rotationCdeg: 0,
    tiltRangeCdeg: 0, leanCdeg: 0, quality: 0,
  };
}

/** zeroes what the accelerometer's magnitudes feed: a clipped step keeps its timing only */
export function stepRecordClearLoadMetrics(rec: StepRecord): void {
  rec.voMm = 0;
  rec.impactMg = 0;
  rec.impactAxialMg = 0;
  rec.impactShearMg = 0;
  rec.vgrfBw100 = 0;
  rec.brakingMms = 0;
  rec.brakingPeakMg = 0;
}
