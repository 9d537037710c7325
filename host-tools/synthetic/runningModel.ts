// The runner's motion for the synthetic generator: parameters per segment (running, walking,
// standing), the step plan with its per-step ground truth, and the pelvis kinematics (world
// acceleration, Euler angles and rates) and pod-frame signals (specific force in mg, angular
// velocity in mdps) at any time. Floats; host side only.
//
// Frames and angles are those of orientation.ts: world x forward, y left, z up; pod x = AP,
// y = ML, z = V; R = Rz(yaw) Ry(pitch) Rx(roll) with roll + = left side up, pitch + = top of the
// pelvis forward, yaw + = turning left (right side forward).
// Accelerometer (specific force) in the pod frame = R^T (a_world + [0, 0, g]); gyroscope = the
// exact pod-frame angular velocity from the Euler angles and rates. g = 9.80665 m/s^2 = 1000 mg.
//
// One step lasts T = 60 / cadence s and starts at its initial contact (IC); u is the time since
// IC. Running: contact tc, flight tf = T - tc. Sides alternate. Within a step:
//   vertical   contact: a_z = F/m - g with F = Fmax sin(pi u / tc), Fmax / (m g) = pi T / (2 tc)
//              (the impulse over a step balances gravity); flight: a_z = -g. Optional impact
//              transient: + I sin(pi u / ti) for u < ti (ti = impactTransientMs, ~30 ms), with the
//              half sine lowered by its impulse so the balance still holds. Velocity and position
//              are the periodic solution (zero mean velocity over the step); VO = max - min of the
//              position over the step.
//   forward    a_AP = -B sin(2 pi u / tc) in contact (braking then propulsion), 0 in flight:
//              peak deceleration B, forward velocity lost from IC to mid-contact B tc / pi.
//              The running speed adds no acceleration (it only sets the step length).
//   lateral    right stance: a_ML = +L sin(pi u / tc) (pushed towards the left), left stance -L.
//   obliquity  right stance: roll = -dropRight sin(pi u / tc) (left, the swing side, drops);
//              left stance: roll = +dropLeft sin(pi u / tc); 0 in flight.
//   rotation   yaw = (rotationRange / 2) cos(2 pi (t - t_rightIC) / (2 T)), largest at right IC.
//   tilt       pitch = lean + (tiltRange / 2) sin(2 pi t / T), t from the segment's first IC
//              (twice per stride; the sine's mean over any step is 0, so the step's mean is lean).
// Walking: no flight (double support), so the shapes above use the whole step (tc -> T) and the
// vertical acceleration is a_z = W cos(2 pi (u - peakDelay) / T): a smooth oscillation at step
// frequency peaking shortly after IC (specific force 1 g +- W, never near 0 g). Its truth
// contactMs is the stance of one foot (longer than a step), flight 0.
// Standing: no motion, gravity only. A walk that ends in standing ends with its closing step: the
// swinging foot comes down beside the other at the walk's end. The vertical force of a walking
// step rises into its contact (it peaks walkingPeakDelayMs after IC), so the signal holds that
// contact's onset up to the walk's end; the truth lists it as a walking step there with
// closing: true (no step follows it in the walk: its step time and ranges are 0).
//
// Segments follow each other; a moving segment lasts a whole number of steps (its duration is
// rounded to the nearest, at least one), so every truth step is complete. At the start of every
// segment after the first, the angles blend from where the previous segment ended into the new
// pattern over transitionMs (a smoothstep on the difference; the gyro includes the blend's rate),
// so angles and gyro stay consistent; steps starting inside the blend have transition: true.
// Fatigue drift is linear in the time since the segment started: lean is continuous, drop and
// contact time are taken at each step's IC and held for that step.
import { pelvisRotation, mat3ApplyTransposed, podAngularVelocityRadPerS } from './orientation';
import { PeriodicMotion, SinePulse, halfSinePulse, motionAccMps2, motionExcursionM, periodicMotion, sinePulseImpulseMps } from './pulses';

export const STANDARD_GRAVITY_MPS2 = 9.80665;
export const MG_PER_G = 1000;

const CDEG_TO_RAD = Math.PI / 18000;
const RAD_TO_CDEG = 18000 / Math.PI;
const MG_TO_MPS2 = STANDARD_GRAVITY_MPS2 / MG_PER_G;
const RAD_TO_MDEG = 180000 / Math.PI;

export type MotionKind = 'running' | 'walking' | 'standing';
export type StepSide = 'L' | 'R';

/** What the runner does during one segment. Fields that do not apply to a kind are ignored. */
export interface MotionSettings {
  kind: MotionKind;
  /** requested length; a moving segment is rounded to a whole number of steps */
  durationS: number;
  cadenceSpm: number;
  /** running: ground contact of a step (at most the step time); walking: stance of one foot
   * (between one and two step times: double support), used for the truth only; when a walking
   * segment does not give it, 62 % of its stride */
  contactMs: number;
  /** obliquity amplitude in left stance (the right side drops) */
  dropLeftCdeg: number;
  /** obliquity amplitude in right stance (the left side drops) */
  dropRightCdeg: number;
  /** peak-to-peak pelvic rotation (yaw) over a stride */
  rotationRangeCdeg: number;
  /** peak-to-peak pelvic tilt (pitch) over a step */
  tiltRangeCdeg: number;
  /** mean pitch, positive forward (relative to standing, where the pitch is 0) */
  leanCdeg: number;
  brakingPeakMg: number;
  lateralPeakMg: number;
  /** extra vertical half sine at the start of contact (0 = none) */
  impactTransientMg: number;
  impactTransientMs: number;
  /** walking only: amplitude of the vertical oscillation */
  walkingVerticalPeakMg: number;
  /** walking only: delay of the vertical acceleration peak after IC */
  walkingPeakDelayMs: number;
  /** forward speed; sets the truth step length only */
  speedMps: number;
  /** side of the segment's first step; by default 'L' for the first moving segment and after
   * standing, otherwise the alternation carries on from the previous segment */
  firstSide?: StepSide;
  leanDriftCdegPerMin: number;
  dropDriftCdegPerMin: number;
  contactDriftMsPerMin: number;
  /** angle blend from the previous segment (ignored for the first segment) */
  transitionMs: number;
}

export const DEFAULT_RUNNING_SETTINGS: MotionSettings = {
  kind: 'running',
  durationS: 60,
  cadenceSpm: 170,
  contactMs: 250,
  dropLeftCdeg: 600,
  dropRightCdeg: 600,
  rotationRangeCdeg: 1200,
  tiltRangeCdeg: 500,
  leanCdeg: 500,
  brakingPeakMg: 500,
  lateralPeakMg: 150,
  impactTransientMg: 0,
  impactTransientMs: 30,
  walkingVerticalPeakMg: 250,
  walkingPeakDelayMs: 60,
  speedMps: 3.3,
  leanDriftCdegPerMin: 0,
  dropDriftCdegPerMin: 0,
  contactDriftMsPerMin: 0,
  transitionMs: 500,
};

/** walking stance as a share of the stride (gait-lab norm ~60-62 %) */
const WALKING_STANCE_FRACTION_OF_STRIDE = 0.62;

export const DEFAULT_WALKING_SETTINGS: MotionSettings = {
  ...DEFAULT_RUNNING_SETTINGS,
  kind: 'walking',
  cadenceSpm: 110,
  // 62 % of the stride at 110 spm
  contactMs: 676,
  dropLeftCdeg: 400,
  dropRightCdeg: 400,
  rotationRangeCdeg: 800,
  tiltRangeCdeg: 300,
  leanCdeg: 200,
  brakingPeakMg: 150,
  lateralPeakMg: 80,
  speedMps: 1.4,
};

export const DEFAULT_STANDING_SETTINGS: MotionSettings = { ...DEFAULT_RUNNING_SETTINGS, kind: 'standing', durationS: 5, speedMps: 0 };

export function defaultMotionSettings(kind: MotionKind): MotionSettings {
  if (kind === 'running') return DEFAULT_RUNNING_SETTINGS;
  if (kind === 'walking') return DEFAULT_WALKING_SETTINGS;
  if (kind === 'standing') return DEFAULT_STANDING_SETTINGS;
  throw new TypeError(`kind must be 'running', 'walking' or 'standing', got ${String(kind)}`);
}

/** a segment: its kind and duration, and any fields to change from that kind's defaults */
export type SegmentSpec = Partial<MotionSettings> & { kind: MotionKind; durationS: number };

/** The ground truth of one step, all in the units its name says (floats, not rounded). */
export interface TruthStep {
  /** initial contact, ms from t = 0 (the first generated sample) */
  tMs: number;
  side: StepSide;
  kind: 'running' | 'walking';
  /** running: ground contact; walking: stance of this foot (past the next IC: double support) */
  contactMs: number;
  /** running: stepMs - contactMs; walking: 0 */
  flightMs: number;
  /** from this IC to the next */
  stepMs: number;
  cadenceSpm: number;
  /** max - min of the vertical position over this step */
  voMm: number;
  /** obliquity amplitude of this stance side (roll range in this stance) */
  dropCdeg: number;
  /** yaw range over a stride */
  rotationRangeCdeg: number;
  /** pitch range over the step (the lean drift within one step not included) */
  tiltRangeCdeg: number;
  /** mean pitch over the step */
  leanCdeg: number;
  /** forward velocity lost from IC to mid-contact */
  brakingMms: number;
  brakingPeakMg: number;
  /** toe-off of this foot: tMs + contactMs */
  toeOffMs: number;
  /** speed x step time */
  stepLengthMm: number;
  /** the step starts while the angles still blend in from the previous segment */
  transition: boolean;
  /** some output sample from this IC to the next is saturated (set by the generator) */
  saturated: boolean;
  /** the walk's closing step, at the end of a walk that stops (standing follows): the foot
   * comes down beside the other and stays there, so stepMs, contactMs, flightMs, stepLengthMm
   * and the step's ranges (VO, drop, rotation, tilt, braking) are 0; leanCdeg is the pitch at IC */
  closing: boolean;
}

/** One planned step: what the kinematics need, plus its truth. */
export interface StepPlan {
  startS: number;
  side: StepSide;
  periodS: number;
  /** duration of the stance-shaped signals: contact when running, the whole step when walking */
  windowS: number;
  /** signed roll amplitude: + in left stance, - in right stance */
  rollAmplitudeRad: number;
  brakingPeakMps2: number;
  /** signed: + (towards the left) in right stance */
  lateralPeakMps2: number;
  vertical: PeriodicMotion;
  truth: TruthStep;
}

export interface SegmentPlan {
  settings: MotionSettings;
  startS: number;
  endS: number;
  /** step period (0 when standing) */
  periodS: number;
  stepCount: number;
  /** index of the segment's first step in RunPlan.steps */
  firstStepIndex: number;
  /** yaw = rotationAmplitude cos(pi tau / T + yawPhase), tau from the segment start */
  yawPhaseRad: number;
  transitionS: number;
  /** angle differences (previous segment's end - this segment's start) blended out over transitionS */
  rollOffsetRad: number;
  pitchOffsetRad: number;
  yawOffsetRad: number;
  /** a walk followed by standing: its closing step at endS (truth only, no kinematics of its own) */
  closingStep?: TruthStep;
}

export interface RunPlan {
  segments: SegmentPlan[];
  steps: StepPlan[];
  durationS: number;
}

/** Pelvis kinematics at one instant: world acceleration (m/s^2, x fwd, y left, z up), angles, rates. */
export interface PelvisState {
  accWorldMps2: Float64Array;
  rollRad: number;
  pitchRad: number;
  yawRad: number;
  rollRateRadPerS: number;
  pitchRateRadPerS: number;
  yawRateRadPerS: number;
}

export function createPelvisState(): PelvisState {
  return {
    accWorldMps2: new Float64Array(3),
    rollRad: 0,
    pitchRad: 0,
    yawRad: 0,
    rollRateRadPerS: 0,
    pitchRateRadPerS: 0,
    yawRateRadPerS: 0,
  };
}

/** What a perfect IMU on the pelvis reads, in the pod frame [AP, ML, V]. */
export interface PodSignals {
  /** specific force, mg (standing upright: [0, 0, 1000]) */
  accMg: Float64Array;
  /** angular velocity, millidegrees per second */
  gyroMdps: Float64Array;
}

export function createPodSignals(): PodSignals {
  return { accMg: new Float64Array(3), gyroMdps: new Float64Array(3) };
}

function definedFields(spec: Partial<MotionSettings>): Partial<MotionSettings> {
  const out: { [key: string]: unknown } = {};
  for (const [key, value] of Object.entries(spec)) if (value !== undefined) out[key] = value;
  return out as Partial<MotionSettings>;
}

/** the kind's defaults with the spec's defined fields over them */
export function resolveMotionSettings(spec: SegmentSpec): MotionSettings {
  const settings = { ...defaultMotionSettings(spec.kind), ...definedFields(spec) };
  if (settings.kind === 'walking' && spec.contactMs === undefined && settings.cadenceSpm > 0) {
    settings.contactMs = WALKING_STANCE_FRACTION_OF_STRIDE * 2 * (60000 / settings.cadenceSpm);
  }
  return settings;
}

function requireFinite(value: number, name: string, min: number, inclusive: boolean): void {
  if (!Number.isFinite(value) || (inclusive ? value < min : value <= min)) {
    throw new TypeError(`${name} must be a number ${inclusive ? '>=' : '>'} ${min}, got ${value}`);
  }
}

function checkSettings(s: MotionSettings, where: string): void {
  requireFinite(s.durationS, `${where} durationS`, 0, false);
  requireFinite(s.transitionMs, `${where} transitionMs`, 0, true);
  if (s.kind === 'standing') return;
  requireFinite(s.cadenceSpm, `${where} cadenceSpm`, 0, false);
  requireFinite(s.contactMs, `${where} contactMs`, 0, false);
  for (const name of ['dropLeftCdeg', 'dropRightCdeg', 'rotationRangeCdeg', 'tiltRangeCdeg', 'walkingVerticalPeakMg', 'speedMps'] as const) {
    requireFinite(s[name], `${where} ${name}`, 0, true);
  }
  for (const name of ['leanCdeg', 'brakingPeakMg', 'lateralPeakMg', 'impactTransientMg', 'walkingPeakDelayMs',
    'leanDriftCdegPerMin', 'dropDriftCdegPerMin', 'contactDriftMsPerMin'] as const) {
    requireFinite(s[name], `${where} ${name}`, -Infinity, false);
  }
  requireFinite(s.impactTransientMs, `${where} impactTransientMs`, 0, false);
  if (s.firstSide !== undefined && s.firstSide !== 'L' && s.firstSide !== 'R') {
    throw new TypeError(`${where} firstSide must be 'L' or 'R', got ${String(s.firstSide)}`);
  }
}

function otherSide(side: StepSide): StepSide {
  return side === 'L' ? 'R' : 'L';
}

function planStep(s: MotionSettings, segmentStartS: number, tauS: number, periodS: number, side: StepSide, where: string): StepPlan {
  const g = STANDARD_GRAVITY_MPS2;
  const minutes = tauS / 60;
  const running = s.kind === 'running';
  const contactS = (s.contactMs + s.contactDriftMsPerMin * minutes) / 1000;
  if (running && !(contactS > 0 && contactS <= periodS * (1 + 1e-12))) {
    throw new TypeError(`${where}: contact ${contactS * 1000} ms at ${tauS.toFixed(1)} s must lie in (0, ${periodS * 1000}] ms (the step time)`);
  }
  if (!running && !(contactS >= periodS && contactS < 2 * periodS)) {
    throw new TypeError(`${where}: walking stance ${contactS * 1000} ms must lie in [1, 2) step times (${periodS * 1000} ms)`);
  }
  const windowS = running ? Math.min(contactS, periodS) : periodS;
  const dropCdeg = (side === 'L' ? s.dropLeftCdeg : s.dropRightCdeg) + s.dropDriftCdegPerMin * minutes;
  if (dropCdeg < 0) throw new TypeError(`${where}: drop drift makes the ${side} drop negative at ${tauS.toFixed(1)} s`);

  const impactMps2 = s.impactTransientMg * MG_TO_MPS2;
  const impactS = Math.min(s.impactTransientMs / 1000, windowS);
  const pulses: SinePulse[] = [];
  const impact = halfSinePulse(impactMps2, 0, impactS);
  const impactImpulseMps = sinePulseImpulseMps(impact);
  let offsetMps2: number;
  if (running) {
    // half sine of peak A over tc has impulse 2 A tc / pi; with the impact it must total g T
    const peakMps2 = ((g * periodS - impactImpulseMps) * Math.PI) / (2 * contactS);
    if (peakMps2 < 0) throw new TypeError(`${where}: the impact transient alone exceeds the step's impulse`);
    pulses.push(halfSinePulse(peakMps2, 0, contactS));
    offsetMps2 = -g;
  } else {
    const omega = (2 * Math.PI) / periodS;
    pulses.push({
      ampMps2: s.walkingVerticalPeakMg * MG_TO_MPS2,
      startS: 0,
      durationS: periodS,
      omegaRadPerS: omega,
      // sin(w u + pi/2 - w d) = cos(w (u - d))
      phaseRad: Math.PI / 2 - (omega * s.walkingPeakDelayMs) / 1000,
    });
    offsetMps2 = -impactImpulseMps / periodS;
  }
  if (impactMps2 !== 0) pulses.push(impact);
  const vertical = periodicMotion(pulses, offsetMps2, periodS);

  const brakingPeakMps2 = s.brakingPeakMg * MG_TO_MPS2;
  const leanMeanCdeg = s.leanCdeg + (s.leanDriftCdegPerMin * (tauS + periodS / 2)) / 60;
  const truth: TruthStep = {
    tMs: (segmentStartS + tauS) * 1000,
    side: side,
    kind: running ? 'running' : 'walking',
    contactMs: contactS * 1000,
    flightMs: running ? (periodS - windowS) * 1000 : 0,
    stepMs: periodS * 1000,
    cadenceSpm: s.cadenceSpm,
    voMm: motionExcursionM(vertical) * 1000,
    dropCdeg: dropCdeg,
    rotationRangeCdeg: s.rotationRangeCdeg,
    tiltRangeCdeg: s.tiltRangeCdeg,
    leanCdeg: leanMeanCdeg,
    brakingMms: ((brakingPeakMps2 * windowS) / Math.PI) * 1000,
    brakingPeakMg: s.brakingPeakMg,
    toeOffMs: (segmentStartS + tauS + contactS) * 1000,
    stepLengthMm: s.speedMps * periodS * 1000,
    transition: false,
    saturated: false,
    closing: false,
  };
  return {
    startS: segmentStartS + tauS,
    side: side,
    periodS: periodS,
    windowS: windowS,
    rollAmplitudeRad: (side === 'L' ? dropCdeg : -dropCdeg) * CDEG_TO_RAD,
    brakingPeakMps2: brakingPeakMps2,
    lateralPeakMps2: (side === 'R' ? 1 : -1) * s.lateralPeakMg * MG_TO_MPS2,
    vertical: vertical,
    truth: truth,
  };
}

/**
 * Plans a run from its segments: times, steps, truth. Throws TypeError for settings that cannot
 * be simulated (the message names the segment and the field).
 */
export function planRun(specs: SegmentSpec[]): RunPlan {
  if (!Array.isArray(specs) || specs.length === 0) throw new TypeError('a run needs at least one segment');
  const plan: RunPlan = { segments: [], steps: [], durationS: 0 };
  let startS = 0;
  let previousLastSide: StepSide | undefined;
  specs.forEach((spec, index) => {
    const where = `segment ${index} (${spec.kind})`;
    const s = resolveMotionSettings(spec);
    checkSettings(s, where);
    const moving = s.kind !== 'standing';
    const periodS = moving ? 60 / s.cadenceSpm : 0;
    const stepCount = moving ? Math.max(1, Math.round(s.durationS / periodS)) : 0;
    const endS = moving ? startS + stepCount * periodS : startS + s.durationS;
    const firstSide: StepSide = s.firstSide || (previousLastSide ? otherSide(previousLastSide) : 'L');
    const segment: SegmentPlan = {
      settings: s,
      startS: startS,
      endS: endS,
      periodS: periodS,
      stepCount: stepCount,
      firstStepIndex: plan.steps.length,
      // the first right IC is at tau = 0 (first side R) or tau = T (first side L)
      yawPhaseRad: firstSide === 'R' ? 0 : -Math.PI,
      transitionS: index > 0 ? s.transitionMs / 1000 : 0,
      rollOffsetRad: 0,
      pitchOffsetRad: 0,
      yawOffsetRad: 0,
    };
    let side = firstSide;
    for (let k = 0; k < stepCount; k++) {
      const step = planStep(s, startS, k * periodS, periodS, side, where);
      step.truth.transition = k * periodS < segment.transitionS;
      plan.steps.push(step);
      side = otherSide(side);
    }
    if (index > 0) {
      const previous = plan.segments[index - 1];
      const before = createPelvisState();
      const after = createPelvisState();
      segmentAngles(plan, previous, previous.endS - previous.startS, before);
      segmentPatternAngles(plan, segment, 0, after);
      segment.rollOffsetRad = before.rollRad - after.rollRad;
      segment.pitchOffsetRad = before.pitchRad - after.pitchRad;
      segment.yawOffsetRad = before.yawRad - after.yawRad;
    }
    if (!moving && index > 0 && plan.segments[index - 1].settings.kind === 'walking') {
      const walk = plan.segments[index - 1];
      walk.closingStep = closingStepOf(walk, plan.steps[walk.firstStepIndex + walk.stepCount - 1].truth);
    }
    plan.segments.push(segment);
    previousLastSide = moving ? otherSide(side) : undefined;
    startS = endS;
  });
  plan.durationS = startS;
  return plan;
}

/** the closing step of a walk that stops, after its last step `last`: at the walk's end, the other side */
function closingStepOf(walk: SegmentPlan, last: TruthStep): TruthStep {
  const s = walk.settings;
  const tMs = walk.endS * 1000;
  return {
    ...last,
    tMs: tMs,
    side: otherSide(last.side),
    contactMs: 0,
    flightMs: 0,
    stepMs: 0,
    voMm: 0,
    dropCdeg: 0,
    rotationRangeCdeg: 0,
    tiltRangeCdeg: 0,
    leanCdeg: s.leanCdeg + (s.leanDriftCdegPerMin * (walk.endS - walk.startS)) / 60,
    brakingMms: 0,
    brakingPeakMg: 0,
    toeOffMs: tMs,
    stepLengthMm: 0,
    transition: false,
    saturated: false,
    closing: true,
  };
}

/** the truth of every step, in time order (copies), with the closing step of each walk that stops */
export function truthStepsOf(plan: RunPlan): TruthStep[] {
  const steps: TruthStep[] = [];
  for (const segment of plan.segments) {
    for (let k = 0; k < segment.stepCount; k++) steps.push({ ...plan.steps[segment.firstStepIndex + k].truth });
    if (segment.closingStep !== undefined) steps.push({ ...segment.closingStep });
  }
  return steps;
}

/** the step of a moving segment containing tau, and the time since its IC (clamped into the step) */
function stepAt(plan: RunPlan, segment: SegmentPlan, tauS: number): { step: StepPlan; uS: number } {
  const k = Math.min(Math.max(Math.floor(tauS / segment.periodS), 0), segment.stepCount - 1);
  const uS = Math.min(Math.max(tauS - k * segment.periodS, 0), segment.periodS);
  return { step: plan.steps[segment.firstStepIndex + k], uS: uS };
}

/** the segment's own angle pattern at tau s after its start, without the blend-in */
function segmentPatternAngles(plan: RunPlan, segment: SegmentPlan, tauS: number, out: PelvisState): void {
  out.rollRad = out.pitchRad = out.yawRad = 0;
  out.rollRateRadPerS = out.pitchRateRadPerS = out.yawRateRadPerS = 0;
  const s = segment.settings;
  if (s.kind === 'standing') return;
  const periodS = segment.periodS;
  const { step, uS } = stepAt(plan, segment, tauS);
  if (uS < step.windowS) {
    const w = Math.PI / step.windowS;
    out.rollRad = step.rollAmplitudeRad * Math.sin(w * uS);
    out.rollRateRadPerS = step.rollAmplitudeRad * w * Math.cos(w * uS);
  }
  const tiltAmplitudeRad = (s.tiltRangeCdeg / 2) * CDEG_TO_RAD;
  const leanDriftRadPerS = (s.leanDriftCdegPerMin * CDEG_TO_RAD) / 60;
  const wPitch = (2 * Math.PI) / periodS;
  out.pitchRad = s.leanCdeg * CDEG_TO_RAD + leanDriftRadPerS * tauS + tiltAmplitudeRad * Math.sin(wPitch * tauS);
  out.pitchRateRadPerS = leanDriftRadPerS + tiltAmplitudeRad * wPitch * Math.cos(wPitch * tauS);
  const rotationAmplitudeRad = (s.rotationRangeCdeg / 2) * CDEG_TO_RAD;
  const wYaw = Math.PI / periodS;
  out.yawRad = rotationAmplitudeRad * Math.cos(wYaw * tauS + segment.yawPhaseRad);
  out.yawRateRadPerS = -rotationAmplitudeRad * wYaw * Math.sin(wYaw * tauS + segment.yawPhaseRad);
}

/** the segment's angles including the smoothstep blend from the previous segment's end */
function segmentAngles(plan: RunPlan, segment: SegmentPlan, tauS: number, out: PelvisState): void {
  segmentPatternAngles(plan, segment, tauS, out);
  if (tauS >= segment.transitionS) return;
  const x = Math.max(tauS, 0) / segment.transitionS;
  const remaining = 1 - x * x * (3 - 2 * x);
  const remainingRatePerS = -(6 * x * (1 - x)) / segment.transitionS;
  out.rollRad += remaining * segment.rollOffsetRad;
  out.pitchRad += remaining * segment.pitchOffsetRad;
  out.yawRad += remaining * segment.yawOffsetRad;
  out.rollRateRadPerS += remainingRatePerS * segment.rollOffsetRad;
  out.pitchRateRadPerS += remainingRatePerS * segment.pitchOffsetRad;
  out.yawRateRadPerS += remainingRatePerS * segment.yawOffsetRad;
}

/** the segment holding t (the last one for t at or past the end) */
export function segmentAt(plan: RunPlan, tS: number): SegmentPlan {
  const segments = plan.segments;
  let i = segments.length - 1;
  while (i > 0 && tS < segments[i].startS) i--;
  return segments[i];
}

/** Pelvis kinematics at t seconds from the start of the run. */
export function pelvisStateAt(plan: RunPlan, tS: number, out: PelvisState): PelvisState {
  const segment = segmentAt(plan, tS);
  const tauS = tS - segment.startS;
  segmentAngles(plan, segment, tauS, out);
  const acc = out.accWorldMps2;
  acc[0] = acc[1] = acc[2] = 0;
  if (segment.settings.kind === 'standing') return out;
  const { step, uS } = stepAt(plan, segment, tauS);
  if (uS < step.windowS) {
    const phase = (Math.PI * uS) / step.windowS;
    acc[0] = -step.brakingPeakMps2 * Math.sin(2 * phase);
    acc[1] = step.lateralPeakMps2 * Math.sin(phase);
  }
  acc[2] = motionAccMps2(step.vertical, uS);
  return out;
}

/**
 * What a perfect IMU fixed to the pelvis reads at t: specific force R^T (a + g z_world) in mg
 * and angular velocity in mdps, both in the pod frame [AP, ML, V].
 */
export function podSignalsAt(plan: RunPlan, tS: number, out: PodSignals, state: PelvisState = createPelvisState()): PodSignals {
  pelvisStateAt(plan, tS, state);
  const g = STANDARD_GRAVITY_MPS2;
  const specificForceMps2 = Float64Array.of(state.accWorldMps2[0], state.accWorldMps2[1], state.accWorldMps2[2] + g);
  const rotation = pelvisRotation(state.rollRad, state.pitchRad, state.yawRad);
  mat3ApplyTransposed(rotation, specificForceMps2, out.accMg);
  for (let i = 0; i < 3; i++) out.accMg[i] *= MG_PER_G / g;
  podAngularVelocityRadPerS(state.rollRad, state.pitchRad, state.rollRateRadPerS, state.pitchRateRadPerS, state.yawRateRadPerS, out.gyroMdps);
  for (let i = 0; i < 3; i++) out.gyroMdps[i] *= RAD_TO_MDEG;
  return out;
}

/** centidegrees from radians, for tests and reports */
export function cdegFromRad(angleRad: number): number {
  return angleRad * RAD_TO_CDEG;
}
