// Plain-language form insights from a recording: each states the measured value, what it rests
// on (steps, window quality bits, calibration) and why it matters for the lower back. They are
// indicators from one sacral IMU, never diagnoses; thresholds below are rules of thumb from
// the running literature, stated with their unit, and the wording says so.
import { STEP_UNCALIBRATED, StepRecord } from '../../firmware/core/stepRecord';
import {
  QUALITY_BALANCE, QUALITY_BRAKING, QUALITY_CADENCE, QUALITY_CONTACT, QUALITY_DRIFT, QUALITY_DROP, QUALITY_LEAN, QUALITY_LEAN_DRIFT,
  QUALITY_ROTATION, QUALITY_VARIABILITY, QUALITY_VERTICAL_RATIO, QUALITY_VO, QUALITY_WALKING_CADENCE,
} from '../../firmware/core/summaryRecord';
import { STATUS_CALIBRATED, STATUS_FORWARD_KNOWN } from '../../firmware/protocol/messageIds';
import { strideCadenceOf } from '../replay/replayTotals';
import { ReportData, ReportWindow } from './reportData';
import { clockOf, numberText, plural, signedNumberText } from './reportFormat';
import { medianOf } from './reportStats';
import { ReportStepSets, reportStepSets, stepCadences } from './reportSteps';
import { driftBaselines } from './driftBaseline';
import { sideDropDrifts } from './sideDropDrift';

export type InsightId =
  | 'activity' | 'walking' | 'tooFewSteps' | 'tooFewUnsaturated' | 'cadence' | 'verticalOscillation' | 'contact' | 'braking' | 'pelvicDrop'
  | 'rotation' | 'lean' | 'consistency' | 'drift';

/** good: nothing to change; note: worth a look; watch: an indicator worth acting on; info: context */
export type InsightLevel = 'good' | 'note' | 'watch' | 'info';

export interface Insight {
  id: InsightId;
  title: string;
  level: InsightLevel;
  /** the measured value(s), in words */
  measured: string;
  /** what the value rests on: step counts, window quality bits, calibration */
  evidence: string;
  /** why it matters for the lower back, and what runners commonly try */
  meaning: string;
  /** the numbers behind the words (units in the names), for tests and for the page's tables */
  values: { [name: string]: number | boolean };
}

/** fewer running steps than this: no running insights (about 10 s of running) */
export const MIN_RUNNING_STEPS = 20;

/**
 * Fewer analysed running steps than this and the running insights give their values as a first
 * reading, at the 'info' level, with no verdict (looks good, worth a look, worth acting on).
 * MIN_RUNNING_STEPS is the least for a median at all; a verdict needs about a minute of running
 * (150 steps at 150-180 steps/min): the first minute is where pace, stride and the muscles are
 * still settling, and a verdict from it is often not one the rest of the run would give.
 */
export const MIN_STEPS_FOR_VERDICT = 150;
/**
 * what compares the sides (pelvic drop per side and its asymmetry, contact L/R balance) needs
 * half of MIN_STEPS_FOR_VERDICT on each side: each side's median rests on that side's steps alone
 */
export const MIN_STEPS_PER_SIDE_FOR_VERDICT = 75;
/**
 * a session from the pod's log has window medians and no steps: its verdicts need this many
 * running windows (~10 s each), the same minute of running as MIN_STEPS_FOR_VERDICT
 */
export const MIN_WINDOWS_FOR_VERDICT = 6;

/**
 * Step-to-step variability (consistency) is a spread, and a spread needs more data than a median:
 * - at least this many running windows with the pod's variability bit: a window is ~10 s, so this
 *   is a minute of running, enough that one window of a pace change, a turn or a kerb does not
 *   set the median of the windows' coefficients of variation
 */
export const MIN_VARIABILITY_WINDOWS = 6;
/**
 * - and at least this many analysed running steps on each side: studies of gait variability ask
 *   for about 30 strides or more before a coefficient of variation is stable (it settles as
 *   1/sqrt(n)); with fewer, one odd step moves it by about a percent, the size of the 3 % and 5 %
 *   lines it is judged against
 */
export const MIN_VARIABILITY_STEPS_PER_SIDE = 30;

/** Rules of thumb, with the unit in each name. */
export const INSIGHT_THRESHOLDS = {
  /** the often-cited ~180 steps/min (Daniels; Heiderscheit et al. 2011 used +5-10 % of the runner's own) */
  cadenceReferenceSpm: 180,
  cadenceGoodSpm: 175,
  cadenceLowSpm: 165,
  cadenceBandLowPct: 5,
  cadenceBandHighPct: 10,
  /** pelvis vertical oscillation of distance runners is mostly 60-110 mm */
  voGoodMm: 80,
  voHighMm: 100,
  /**
   * vertical ratio (bounce over step length), lower better: the bands of the gauge running watches
   * show it on (Garmin's running dynamics, measured at the chest or, with its pod, the waistband as
   * here): under 6.1 % the best 5 % of runners, to 7.4 % the next quarter, to 8.6 % the middle
   * 40 %, to 10.1 % the quarter below, above it the last 5 %
   */
  verticalRatioTopPct: 6.1,
  verticalRatioAboveMiddlePct: 7.5,
  verticalRatioBelowMiddlePct: 8.6,
  verticalRatioBottomPct: 10.1,
  /** forward speed lost in early stance and peak deceleration at the pelvis */
  brakingGoodMms: 400,
  brakingHighMms: 600,
  brakingPeakHighMg: 800,
  /** contralateral pelvic drop: ~5-6 degrees in healthy runners, larger in injured (Bramah et al. 2018) */
  dropGoodCdeg: 600,
  dropHighCdeg: 800,
  /** L/R difference relative to the mean of both sides */
  dropAsymmetryPct: 20,
  /** GCT balance (left share) further than this from 50 % */
  balanceOffPct: 2,
  rotationLowCdeg: 500,
  rotationHighCdeg: 2000,
  leanHighCdeg: 1000,
  /** step time coefficient of variation */
  stepCvGoodPct: 3,
  stepCvHighPct: 5,
  /** drift from the first minutes that counts as a change */
  driftLeanCdeg: 150,
  driftDropCdeg: 100,
  driftVoMm: 8,
  driftContactMs: 10,
} as const;

const T = INSIGHT_THRESHOLDS;

/** a level in degrees ("−3.1°" leaning back), its minus sign the one the signed changes use */
function deg(cdeg: number, digits = 1): string {
  return `${numberText(cdeg / 100, digits)}°`;
}

function signedDeg(cdeg: number): string {
  return `${signedNumberText(cdeg / 100, 1)}°`;
}

function mm(value: number): string {
  return `${Math.round(value)} mm`;
}

function signed(value: number, unit: string): string {
  return `${signedNumberText(value, 0)} ${unit}`;
}

/** how far each level is from "nothing to change": a value that moved is judged by the worse of its median and its late value */
const LEVEL_RANK: { [level in InsightLevel]: number } = { info: 0, good: 1, note: 2, watch: 3 };

function worseLevel(a: InsightLevel, b: InsightLevel): InsightLevel {
  return LEVEL_RANK[b] > LEVEL_RANK[a] ? b : a;
}

/**
 * A metric's value early in the run (the pod's drift baseline, its first ~2 minutes of running)
 * and late (the drift insight's late windows, from fromMs on), given only where the drift insight
 * counts its drift as a change (its own threshold)
 */
interface MetricMove {
  early: number;
  late: number;
  fromMs: number;
  /** when the early value is from: "early on", or the minutes after the pod started anew */
  earlyWords: string;
}

/**
 * the move of a metric whose drift the drift insight took over `windows`: the baseline is a
 * window's value less its drift, the late value that baseline plus the drift
 */
function metricMove(
  windows: readonly ReportWindow[], drift: number | undefined, threshold: number,
  value: (w: ReportWindow) => number, driftOf: (w: ReportWindow) => number, earlyWords: string,
): MetricMove | undefined {
  if (drift === undefined || windows.length === 0 || Math.abs(drift) < threshold) return undefined;
  const early = value(windows[0]) - driftOf(windows[0]);
  return { early, late: early + drift, fromMs: windows[0].startMs, earlyWords };
}

/** "grew over the run, from about 6.0° early on to 13.7° from 7:10 on" */
function moveWords(move: MetricMove, text: (value: number) => string): string {
  return `${move.late > move.early ? 'grew' : 'fell'} over the run, from about ${text(move.early)} ${move.earlyWords} to ${text(move.late)} from ${clockOf(move.fromMs)} on`;
}

interface InsightContext {
  data: ReportData;
  sets: ReportStepSets;
  /** windows with running steps whose second half arrived */
  runningWindows: ReportWindow[];
  calibrated: boolean;
  /**
   * the recording has window summaries but no step messages (a session read from the pod's log):
   * the running insights rest on the pod's own per-window medians instead of steps
   */
  fromWindows: boolean;
}

/**
 * The median of `value` over the running windows with quality `bit` and a value above 0; when no
 * window has the bit, over every running window with a value (as the steps' medians take every
 * step, the evidence saying how many windows were trustworthy)
 */
function windowMedian(context: InsightContext, bit: number, value: (w: ReportWindow) => number): { median: number; windows: number } {
  const withValue = context.runningWindows.filter((w) => value(w) > 0);
  const trusted = withValue.filter((w) => (w.quality & bit) !== 0);
  const values = (trusted.length > 0 ? trusted : withValue).map(value);
  return { median: medianOf(values), windows: values.length };
}

/** what a median from the windows rests on, in words */
function windowBasis(windows: number): string {
  return `the pod's own medians of ${plural(windows, 'running window')} (this recording has window summaries only, as the pod's log keeps them)`;
}

function windowsWith(context: InsightContext, bit: number): number {
  return context.runningWindows.filter((w) => (w.quality & bit) !== 0).length;
}

/** "cadence trustworthy in 30 of 31 windows" from the pod's quality bits */
function windowQuality(context: InsightContext, bit: number, name: string): string {
  const total = context.runningWindows.length;
  if (total === 0) return 'no window summaries';
  return `${name} trustworthy in ${windowsWith(context, bit)} of ${plural(total, 'running window')}`;
}

/** whether the pod found which way is forward; a session from its log (no status) does not say */
function forwardWords(context: InsightContext): string {
  const { data } = context;
  if (data.meta.calibration !== undefined && data.meta.calibration.forwardKnown) return 'found';
  if (data.lastStatusFlags !== undefined && (data.lastStatusFlags & STATUS_FORWARD_KNOWN) !== 0) return 'found';
  return context.fromWindows && data.lastStatusFlags === undefined ? 'not recorded (the pod\'s log keeps its windows, not its status)' : 'not found';
}

/**
 * What the pod takes as upright without a standing calibration (firmware/core/mountingFromRunning.ts,
 * mountingRefine): the direction of the mean force over 8 running steps, taken only where it is
 * more than 3° from the upright it had (before the first, the pod's own axes as mounted). That is
 * not the mean of the steps' lean: each step's lean has the pitch that swings with the landing
 * force taken out, the mean force keeps it, so a run's lean against it reads about 1° off 0 (a
 * 5° pitch swing), and a runner leaning less than 3° is read against the pod's axes.
 */
export const ESTIMATED_UPRIGHT_WORDS = 'an upright the pod estimated, to within a few degrees, from the mean force of the running steps';

/**
 * how the angles are referenced: to a standing calibration, or to the upright the pod estimated
 * from running; where the steps show the pod stood still only after some of them (a restart
 * mid-run, a stop), from when
 */
function calibrationWords(context: InsightContext): string {
  const running = context.sets.running;
  const ranAtAll = running.length + context.sets.warmup + context.sets.saturated + context.runningWindows.length > 0;
  if (!context.calibrated) {
    // the upright is estimated only from running steps: a walk alone leaves the pod's axes as mounted
    return ranAtAll ? `uncalibrated (no standing calibration: angles are against ${ESTIMATED_UPRIGHT_WORDS})`
      : 'uncalibrated (no standing calibration, and no running steps to estimate an upright from: no angle is given)';
  }
  if (!ranAtAll) return context.sets.walking.length > 0 ? 'calibrated (stood still before walking)' : 'calibrated (stood still)';
  const uncalibrated = running.filter((s) => (s.quality & STEP_UNCALIBRATED) !== 0);
  if (uncalibrated.length === 0) return 'calibrated (stood still before running)';
  const first = running.find((s) => (s.quality & STEP_UNCALIBRATED) === 0);
  if (first === undefined) return `calibrated only after the running (stood still at the end): every running step's angles are against ${ESTIMATED_UPRIGHT_WORDS}`;
  const before = uncalibrated.filter((s) => s.tMs < first.tMs).length;
  // the pod keeps its calibration until it starts anew (a restart, a new recording by its
  // button): uncalibrated steps after calibrated ones are from such a start, without standing still
  const after = uncalibrated.filter((s) => s.tMs > first.tMs);
  const stood = before === 0 ? 'calibrated (stood still before running)'
    : `calibrated from ${clockOf(first.tMs)} on (stood still then; ${before} of ${plural(running.length, 'running step')} before it, ` +
      `their angles against ${ESTIMATED_UPRIGHT_WORDS})`;
  if (after.length === 0) return stood;
  return `${stood}, until the pod started anew at ${clockOf(after[0].tMs)} without standing still: ` +
    `${after.length} of ${plural(running.length, 'running step')} after it, their angles against ${ESTIMATED_UPRIGHT_WORDS}`;
}

/** median contact time of the steps that have one */
function medianContactMs(steps: readonly StepRecord[]): number {
  return medianOf(steps.filter((s) => s.contactMs > 0).map((s) => s.contactMs));
}

function durationMsOf(data: ReportData): number {
  let end = data.rawEndMs ?? 0;
  for (const w of data.windows) end = Math.max(end, w.endMs);
  for (const s of data.steps) end = Math.max(end, s.tMs);
  return end;
}

function activityInsight(context: InsightContext): Insight {
  const { data, sets } = context;
  const meta = data.meta;
  const durationMs = durationMsOf(data);
  const running = sets.running.length + sets.saturated + sets.warmup;
  const windowSteps = data.windows.reduce((n, w) => n + w.steps, 0);
  const parts = context.fromWindows
    ? [`no step messages, the window summaries of the pod's log: ${plural(windowSteps, 'step')} in them, ${plural(context.runningWindows.length, 'running window')}`]
    : [`${plural(data.steps.length, 'step')}: ${running} running, ${sets.walking.length} walking`];
  if (sets.saturated > 0) parts.push(`${sets.saturated} running steps saturated the IMU and are left out of the load metrics`);
  // the pod's first steps of each running stretch (at most 3) settle its metrics: the medians
  // below rest on the others, so their step counts are this many fewer than the running steps
  if (!context.fromWindows && sets.warmup > 0) {
    parts.push(`${plural(sets.warmup, 'running step')} left out of the medians below: the first (up to 3) each time running starts, while the pod settles`);
  }
  return {
    id: 'activity',
    title: 'The recording',
    level: 'info',
    measured: `${clockOf(durationMs)} on the pod's clock, ${plural(data.windows.length, 'window summary', 'window summaries')}; ${parts.join('; ')}.`,
    evidence: `board ${meta.board || '?'}, firmware ${meta.firmwareVersion || 'unknown'}, ${meta.sampleRateHz} Hz; ${calibrationWords(context)}; forward direction ${forwardWords(context)}.`,
    meaning:
      'Everything below is measured at the lower back by one IMU: these are indicators of running form that relate to lower-back load, not a diagnosis. ' +
      'Medians are used because single steps are noisy; compare runs of yours at a similar pace rather than with other people.',
    values: {
      durationMs, steps: data.steps.length, runningSteps: running, analysedRunningSteps: sets.running.length,
      walkingSteps: sets.walking.length, saturatedSteps: sets.saturated, windows: data.windows.length, calibrated: context.calibrated,
    },
  };
}

/**
 * The walking steps' cadence: the one walking metric the pod measures. `running` says what the
 * recording's running gave: none, too few steps for the running insights, or those insights.
 */
function walkingInsight(context: InsightContext, running: 'none' | 'tooFew' | 'insights'): Insight {
  const { data, sets } = context;
  const walkWindows = data.windows.filter((w) => w.walkingSteps > 0);
  const cadences = stepCadences(sets.walking);
  // as the pod's windows: from strides, which unequal left and right steps do not sway
  const cadenceSpm = strideCadenceOf(sets.walking) ?? 0;
  const okWindows = walkWindows.filter((w) => (w.quality & QUALITY_WALKING_CADENCE) !== 0).length;
  const runningSteps = sets.running.length + sets.saturated + sets.warmup;
  const runningWords = running === 'none' ? 'no running steps'
    : running === 'tooFew' ? `${plural(runningSteps, 'running step')}, too few for the running insights`
      : `${plural(runningSteps, 'running step')}, for the running insights above`;
  const onRunning =
    'The pod measures bounce, contact time, braking, pelvic drop, rotation, lean and fatigue drift on running steps ' +
    '(contact bracketed by a flight phase), never on walking ones';
  return {
    id: 'walking',
    title: running === 'none' ? 'Walking only: no running insights' : 'Walking',
    level: 'info',
    measured:
      cadenceSpm > 0
        ? `${plural(sets.walking.length, 'walking step')}, walking cadence ${cadenceSpm} steps/min; ${runningWords}.`
        : `${plural(sets.walking.length, 'walking step')}, too few with a previous step for a cadence; ${runningWords}.`,
    evidence: `based on ${plural(cadences.length, 'walking step')} with a step time; walking cadence trustworthy in ${okWindows} of ${plural(walkWindows.length, 'walking window')}.`,
    meaning:
      running === 'none'
        ? `This recording has walking steps only. ${onRunning}, so the running insights (cadence against ~180 steps/min and the rest) do not apply here and are not given. ` +
          'Walking cadence is shown for reference only.'
        : running === 'tooFew'
          ? `${onRunning}; this recording has too few running steps for them, so they are not given, and the walking is what it shows. ` +
            'Walking cadence is shown for reference only: the ~180 steps/min rule of thumb is for running.'
          : `${onRunning}: the insights above rest on the running steps alone. Walking cadence is shown for reference only: the ~180 steps/min rule of thumb is for running.`,
    values: { walkingSteps: sets.walking.length, walkingCadenceSpm: cadenceSpm, walkingCadenceSteps: cadences.length, runningSteps },
  };
}

function tooFewInsight(context: InsightContext): Insight {
  const n = context.sets.running.length;
  return {
    id: 'tooFewSteps',
    title: 'Too few running steps for running insights',
    level: 'info',
    measured: `${plural(n, 'usable running step')} (at least ${MIN_RUNNING_STEPS} are needed).`,
    evidence: `${context.sets.warmup} warm-up and ${context.sets.saturated} saturated running steps are left out (a saturated one counts for cadence only), as the pod's own medians leave them out.`,
    meaning: 'With this few steps a median says little, so no running insights are given. A run of a few minutes gives the full report.',
    values: { runningSteps: n },
  };
}

function tooFewUnsaturatedInsight(context: InsightContext): Insight {
  const { sets } = context;
  const n = sets.running.length;
  return {
    id: 'tooFewUnsaturated',
    title: 'Too few unsaturated steps for the load and pelvis insights',
    level: 'note',
    measured: context.fromWindows
      ? 'No window of the pod had enough steps free of saturation for its load and pelvis medians.'
      : `${plural(n, 'running step')} free of saturation (at least ${MIN_RUNNING_STEPS} are needed), of ${plural(sets.running.length + sets.saturated, 'running step')} after the warm-up.`,
    evidence: `${plural(sets.saturated, 'running step')} saturated the IMU (an axis at full scale): their step times give the cadence above, their accelerations and angles are left out, as the pod's own medians leave them out.`,
    meaning:
      'Bounce, contact time, braking, pelvic drop and rotation, and lean are read from accelerations and angles that a clipped signal no longer gives. ' +
      'If most steps saturate, the pod may be loose on the waistband (knocking at each step) or its range set too low.',
    values: { unsaturatedSteps: n, saturatedSteps: sets.saturated },
  };
}

function cadenceInsight(context: InsightContext): Insight {
  const { sets } = context;
  const timed = sets.timed;
  const fromWindows = context.fromWindows ? windowMedian(context, QUALITY_CADENCE, (w) => w.cadenceSpm) : undefined;
  // as the pod's windows: from strides, steps over the time they span, not a median step time
  // (left and right steps of unequal length would give one or the other)
  const cadenceSpm = fromWindows ? Math.round(fromWindows.median) : strideCadenceOf(timed) ?? 0;
  const stepMs = cadenceSpm > 0 ? 60000 / cadenceSpm : 0;
  const bandLowSpm = Math.round((cadenceSpm * (100 + T.cadenceBandLowPct)) / 100);
  const bandHighSpm = Math.round((cadenceSpm * (100 + T.cadenceBandHighPct)) / 100);
  const level: InsightLevel = cadenceSpm >= T.cadenceGoodSpm ? 'good' : cadenceSpm >= T.cadenceLowSpm ? 'note' : 'watch';
  const suggest = cadenceSpm < T.cadenceGoodSpm;
  let meaning =
    'Cadence sets how long each step is: at the same speed, more steps per minute means shorter steps, a foot landing closer under the hips, ' +
    'less bounce and less braking, and a lower load per foot strike that the lumbar spine absorbs as compression. ' +
    `The often-quoted ~${T.cadenceReferenceSpm} steps/min is a rule of thumb, not a target for everyone (cadence rises with speed and falls with height). `;
  if (suggest) {
    meaning +=
      `A safer guide is your own number: a ${T.cadenceBandLowPct}-${T.cadenceBandHighPct} % increase, here ${bandLowSpm}-${bandHighSpm} steps/min, ` +
      'is the range studies used to reduce loading at the hip and knee (Heiderscheit et al. 2011). Raise it gradually, e.g. with a metronome on easy runs.';
  } else {
    meaning += 'Yours is already near that range, so there is no reason to push it higher for the back.';
  }
  return {
    id: 'cadence',
    title: 'Cadence',
    level,
    measured:
      `Running cadence ${cadenceSpm} steps/min (a step every ${Math.round(stepMs)} ms on average), ` +
      (cadenceSpm === T.cadenceReferenceSpm ? 'right at'
        : cadenceSpm < T.cadenceReferenceSpm ? `${T.cadenceReferenceSpm - cadenceSpm} below` : `${cadenceSpm - T.cadenceReferenceSpm} above`) +
      ` the ~${T.cadenceReferenceSpm} rule of thumb.` +
      (suggest ? ` Suggested band: ${bandLowSpm}-${bandHighSpm} steps/min (+${T.cadenceBandLowPct}-${T.cadenceBandHighPct} %).` : ''),
    evidence: `based on ${fromWindows ? windowBasis(fromWindows.windows) : `${plural(timed.length, 'running step')} with a step time`}; ${windowQuality(context, QUALITY_CADENCE, 'cadence')}.`,
    meaning,
    values: { cadenceSpm, stepMs, bandLowSpm, bandHighSpm, bandSuggested: suggest, steps: fromWindows ? 0 : timed.length },
  };
}

function voLevel(voMm: number): InsightLevel {
  return voMm <= T.voGoodMm ? 'good' : voMm <= T.voHighMm ? 'note' : 'watch';
}

/** where a vertical ratio (%) falls among runners, by the watches' gauge */
export function verticalRatioBandWords(ratioPct: number): string {
  const band =
    ratioPct < T.verticalRatioTopPct ? `under ${T.verticalRatioTopPct} %, where the best 5 % of runners are`
      : ratioPct < T.verticalRatioAboveMiddlePct ? `${T.verticalRatioTopPct}-${(T.verticalRatioAboveMiddlePct - 0.1).toFixed(1)} %, better than about 70 % of runners`
        : ratioPct <= T.verticalRatioBelowMiddlePct ? `${T.verticalRatioAboveMiddlePct}-${T.verticalRatioBelowMiddlePct} %, the middle 40 % of runners`
          : ratioPct <= T.verticalRatioBottomPct ? `${(T.verticalRatioBelowMiddlePct + 0.1).toFixed(1)}-${T.verticalRatioBottomPct} %, higher than about 70 % of runners`
            : `above ${T.verticalRatioBottomPct} %, where the last 5 % of runners are`;
  return `in the band ${band} on the gauge running watches show it on; lower means less bounce for the distance covered`;
}

function verticalOscillationInsight(context: InsightContext, drift: RunDrift | undefined): Insight {
  const { sets, data } = context;
  const withVo = sets.running.filter((s) => s.voMm > 0);
  const fromWindows = context.fromWindows ? windowMedian(context, QUALITY_VO, (w) => w.voMm) : undefined;
  const voMm = Math.round(fromWindows ? fromWindows.median : medianOf(withVo.map((s) => s.voMm)));
  // a bounce that moved over the run (by the drift insight's measure): judged by its late value when that is worse
  const move = drift === undefined ? undefined : metricMove(drift.tail, drift.voDriftMm, T.driftVoMm, (w) => w.voMm, (w) => w.voDriftMm, drift.earlyWords);
  const lateWorse = move !== undefined && LEVEL_RANK[voLevel(move.late)] > LEVEL_RANK[voLevel(voMm)];
  const level = lateWorse && move !== undefined ? voLevel(move.late) : voLevel(voMm);
  const ratioWindows = context.runningWindows.filter((w) => (w.quality & QUALITY_VERTICAL_RATIO) !== 0);
  const ratioPct = ratioWindows.length > 0 ? medianOf(ratioWindows.map((w) => w.verticalRatioPct100)) / 100 : NaN;
  // judged as shown, to a tenth: 7.46 is said as 7.5 %, in the band from 7.5
  const ratioShownPct = Math.round(ratioPct * 10) / 10;
  const speeds = (data.meta.speedChanges ?? []).length > 0 ? 'the speeds set during the run'
    : data.meta.speedMms > 0 ? `${(data.meta.speedMms / 1000).toFixed(1)} m/s` : 'the speed set on the pod';
  // the words follow the level: a bounce worth a look is not called typical
  const words = level === 'good' ? 'small' : level === 'note' ? 'on the high side' : 'large';
  const ratio =
    ratioWindows.length > 0
      ? ` Vertical ratio (bounce per step length at ${speeds}) ${ratioShownPct.toFixed(1)} %: ${verticalRatioBandWords(ratioShownPct)}.`
      : ' No running speed was set, so the vertical ratio (bounce per step length) is not available.';
  return {
    id: 'verticalOscillation',
    title: 'Vertical oscillation (bounce)',
    level,
    measured:
      `Median vertical oscillation of the pelvis ${voMm} mm per step` +
      (move !== undefined && lateWorse ? `, but it ${moveWords(move, mm)}: ${words} for running by the end ` : `: ${words} for running `) +
      `(most runners: 60-110 mm; here up to ${T.voGoodMm} mm counts as small, above ${T.voHighMm} mm as large).` +
      (move !== undefined && !lateWorse ? ` It ${moveWords(move, mm)}.` : '') + ratio,
    evidence: `based on ${fromWindows ? windowBasis(fromWindows.windows) : plural(withVo.length, 'running step')}; ${windowQuality(context, QUALITY_VO, 'bounce')}; ${calibrationWords(context)}.`,
    meaning:
      'Every millimetre the body rises it has to fall again, and the landing is absorbed partly as axial compression of the lumbar spine. ' +
      'Less bounce at the same speed usually means softer landings; it tends to fall as cadence rises. Bounce grows with speed, so compare runs at a similar pace.',
    values: { voMm, steps: withVo.length, verticalRatioPct: Number.isFinite(ratioPct) ? ratioPct : -1, ...(move !== undefined ? { voEarlyMm: move.early, voLateMm: move.late } : {}) },
  };
}

function contactInsight(context: InsightContext, drift: RunDrift | undefined): Insight {
  const { sets } = context;
  const fromWindows = context.fromWindows ? windowMedian(context, QUALITY_CONTACT, (w) => w.contactMs) : undefined;
  const contactMs = Math.round(fromWindows ? fromWindows.median : medianContactMs(sets.running));
  // contact time has no band of its own (it falls with speed): one that moved over the run is said to have
  const move = drift === undefined ? undefined
    : metricMove(drift.tail, drift.contactDriftMs, T.driftContactMs, (w) => w.contactMs, (w) => w.contactDriftMs, drift.earlyWords);
  // the windows give each side's share, not each side's contact time
  const leftMs = fromWindows ? NaN : medianContactMs(sets.left);
  const rightMs = fromWindows ? NaN : medianContactMs(sets.right);
  const windowBalance = fromWindows ? windowMedian(context, QUALITY_BALANCE, (w) => w.gctBalanceLeftPct100) : undefined;
  const balanceLeftPct = windowBalance
    ? (windowBalance.windows > 0 ? windowBalance.median / 100 : NaN)
    : leftMs > 0 && rightMs > 0 ? (100 * leftMs) / (leftMs + rightMs) : NaN;
  const off = Number.isFinite(balanceLeftPct) && Math.abs(balanceLeftPct - 50) > T.balanceOffPct;
  const sidesText = fromWindows ? '' : ` (left ${Math.round(leftMs)} ms, right ${Math.round(rightMs)} ms)`;
  const balanceText = Number.isFinite(balanceLeftPct)
    ? ` L/R balance ${balanceLeftPct.toFixed(1)} % left${sidesText}` + (off ? `: more than ${T.balanceOffPct} % from even.` : ': even.')
    : ' No L/R balance: one side has no steps.';
  return {
    id: 'contact',
    title: 'Ground contact time and L/R balance',
    level: off ? 'note' : 'info',
    measured: `Median ground contact ${contactMs} ms` + (move !== undefined ? `; it ${moveWords(move, (v) => `${Math.round(v)} ms`)}.` : '.') + balanceText,
    evidence: `based on ${fromWindows ? windowBasis(fromWindows.windows) : `${plural(sets.running.length, 'running step')} (${sets.left.length} left, ${sets.right.length} right)`}; ${windowQuality(context, QUALITY_CONTACT, 'contact time')}.`,
    meaning:
      'Contact time falls with speed (roughly 200-300 ms for most runners), so it is most useful against your own runs and within a run (see drift). ' +
      'A lasting imbalance between sides means one leg carries the body longer each step; with back pain or after an injury it often shows the side being protected.',
    values: {
      contactMs, contactLeftMs: Number.isFinite(leftMs) ? leftMs : -1, contactRightMs: Number.isFinite(rightMs) ? rightMs : -1,
      balanceLeftPct: Number.isFinite(balanceLeftPct) ? balanceLeftPct : -1, imbalanced: off,
      ...(move !== undefined ? { contactEarlyMs: move.early, contactLateMs: move.late } : {}),
    },
  };
}

function brakingInsight(context: InsightContext, cadenceSpm: number): Insight {
  const { sets } = context;
  const withBraking = sets.running.filter((s) => s.brakingMms > 0 || s.brakingPeakMg > 0);
  const fromWindows = context.fromWindows ? windowMedian(context, QUALITY_BRAKING, (w) => w.brakingMms) : undefined;
  const brakingMms = Math.round(fromWindows ? fromWindows.median : medianOf(withBraking.map((s) => s.brakingMms)));
  const peakMg = Math.round(fromWindows
    ? windowMedian(context, QUALITY_BRAKING, (w) => w.brakingPeakMg).median
    : medianOf(withBraking.map((s) => s.brakingPeakMg)));
  const level: InsightLevel =
    brakingMms >= T.brakingHighMms || peakMg >= T.brakingPeakHighMg ? 'watch' : brakingMms <= T.brakingGoodMms ? 'good' : 'note';
  const link = level !== 'good' && cadenceSpm < T.cadenceGoodSpm ? ' With your cadence below ~175, a shorter, quicker step is the usual first thing to try.' : '';
  return {
    id: 'braking',
    title: 'Braking and overstriding',
    level,
    measured:
      `Median braking ${(brakingMms / 1000).toFixed(2)} m/s of forward speed lost after each landing, peak deceleration ${(peakMg / 1000).toFixed(2)} g: ` +
      (level === 'good' ? 'low.' : level === 'note' ? 'moderate.' : 'high.'),
    evidence: `based on ${fromWindows ? windowBasis(fromWindows.windows) : plural(withBraking.length, 'running step')}; ${windowQuality(context, QUALITY_BRAKING, 'braking')}; forward direction ${forwardWords(context) === 'not found' ? 'not confirmed' : forwardWords(context)}.`,
    meaning:
      'Braking is the forward speed lost just after the foot lands. A lot of it usually means the foot lands well ahead of the hips (overstriding): ' +
      'each step then sends a backward and upward jolt through the leg into the pelvis and lower back, and the body has to re-accelerate. ' +
      'Landing closer under the body reduces it.' + link,
    values: { brakingMms, brakingPeakMg: peakMg, steps: fromWindows ? 0 : withBraking.length },
  };
}

function dropLevel(maxCdeg: number): InsightLevel {
  return maxCdeg > T.dropHighCdeg ? 'watch' : maxCdeg > T.dropGoodCdeg ? 'note' : 'good';
}

function pelvicDropInsight(context: InsightContext, drift: RunDrift | undefined): Insight {
  const { sets } = context;
  const windowLeft = context.fromWindows ? windowMedian(context, QUALITY_DROP, (w) => w.dropLeftCdeg) : undefined;
  const windowRight = context.fromWindows ? windowMedian(context, QUALITY_DROP, (w) => w.dropRightCdeg) : undefined;
  const leftN = windowLeft ? windowLeft.windows : sets.left.length;
  const rightN = windowRight ? windowRight.windows : sets.right.length;
  const leftCdeg = windowLeft ? windowLeft.median : medianOf(sets.left.map((s) => s.dropCdeg));
  const rightCdeg = windowRight ? windowRight.median : medianOf(sets.right.map((s) => s.dropCdeg));
  const haveBoth = leftN > 0 && rightN > 0;
  const meanCdeg = (leftCdeg + rightCdeg) / 2;
  const asymmetryPct = haveBoth && meanCdeg > 0 ? (100 * Math.abs(leftCdeg - rightCdeg)) / meanCdeg : 0;
  const asymmetric = asymmetryPct > T.dropAsymmetryPct;
  const larger = leftCdeg > rightCdeg ? 'left' : 'right';
  const maxCdeg = Math.max(haveBoth ? Math.max(leftCdeg, rightCdeg) : leftN > 0 ? leftCdeg : rightCdeg, 0);
  let level = dropLevel(maxCdeg);
  if (asymmetric && level === 'good') level = 'note';
  // a drop that moved over the run on either side (by the drift insight's measure): each side's
  // value in the drift insight's late windows, which judge it when worse
  const sideDrift = drift === undefined ? undefined : drift.drop;
  const leftMoved = sideDrift !== undefined && Math.abs(sideDrift.leftCdeg) >= T.driftDropCdeg;
  const rightMoved = sideDrift !== undefined && Math.abs(sideDrift.rightCdeg) >= T.driftDropCdeg;
  const moved = leftMoved || rightMoved;
  const lateLeftCdeg = moved && sideDrift !== undefined ? sideDrift.baselineLeftCdeg + sideDrift.leftCdeg : NaN;
  const lateRightCdeg = moved && sideDrift !== undefined ? sideDrift.baselineRightCdeg + sideDrift.rightCdeg : NaN;
  const lateLevel = moved ? dropLevel(Math.max(lateLeftCdeg, lateRightCdeg)) : level;
  const lateWorse = LEVEL_RANK[lateLevel] > LEVEL_RANK[level];
  level = worseLevel(level, lateLevel);
  const sideText = (cdeg: number, n: number) => (n > 0 ? deg(cdeg) : 'no steps');
  let measured =
    `Median pelvic drop in left stance ${sideText(leftCdeg, leftN)} (the right side drops), ` +
    `in right stance ${sideText(rightCdeg, rightN)} (the left side drops).`;
  if (haveBoth) {
    // how much more, against the smaller side (6.8 against 5.2 is 31 % more); the test for
    // asymmetry is the difference against the mean of both (a symmetry index, 27 % there)
    const smallerCdeg = Math.min(leftCdeg, rightCdeg);
    const morePct = smallerCdeg > 0 ? (100 * Math.abs(leftCdeg - rightCdeg)) / smallerCdeg : 0;
    const more = smallerCdeg > 0 ? `${morePct.toFixed(0)} % more drop than the ${larger === 'left' ? 'right' : 'left'}` : 'drop where the other shows none';
    measured += asymmetric
      ? ` The ${larger} stance shows ${more} (symmetry index ${asymmetryPct.toFixed(0)} %): asymmetric.`
      : ` Sides within ${asymmetryPct.toFixed(0)} % of their mean (symmetry index).`;
  }
  if (moved && drift !== undefined && sideDrift !== undefined) {
    const sideMove = (name: string, sideMoved: boolean, earlyCdeg: number, lateCdeg: number) => (sideMoved
      ? `${name} stance ${lateCdeg > earlyCdeg ? 'grew' : 'fell'} from about ${deg(earlyCdeg)} to ${deg(lateCdeg)}`
      : `${name} stance held at about ${deg(lateCdeg)}`);
    measured += ` Against ${drift.againstWords}, from ${clockOf(sideDrift.fromMs)} on: ` +
      `${sideMove('left', leftMoved, sideDrift.baselineLeftCdeg, lateLeftCdeg)}, ${sideMove('right', rightMoved, sideDrift.baselineRightCdeg, lateRightCdeg)}` +
      (!lateWorse ? '.' : lateLevel === 'watch' ? `, at the high end (above ${deg(T.dropHighCdeg, 0)}) by the end.` : `, above ${deg(T.dropGoodCdeg, 0)} by the end.`);
  }
  return {
    id: 'pelvicDrop',
    title: 'Pelvic drop per side (hip control)',
    level,
    measured,
    evidence:
      (windowLeft ? `based on ${windowBasis(Math.max(leftN, rightN))}` : `based on ${sets.left.length} left and ${sets.right.length} right stance steps`) +
      (sets.sideGuessed > 0 ? ` (${sets.sideGuessed} sides guessed by alternation)` : '') +
      `; ${windowQuality(context, QUALITY_DROP, 'drop')}; ${calibrationWords(context)}.`,
    meaning:
      'In stance the pelvis dips towards the swinging leg; the stance side\'s gluteus medius and the trunk muscles hold it level. ' +
      'More drop (around 8° and above is at the high end of what is reported for runners) shifts the spine sideways every step, ' +
      'loading the lumbar joints and the quadratus lumborum unevenly, and is linked with running injuries. ' +
      (asymmetric
        ? `More drop in ${larger} stance points at the ${larger} hip abductors: side-lying leg raises and single-leg work on that side are common responses.`
        : 'Even drop on both sides is what you want to see.'),
    values: {
      dropLeftCdeg: leftCdeg, dropRightCdeg: rightCdeg, asymmetryPct, asymmetric, leftSteps: sets.left.length, rightSteps: sets.right.length,
      ...(moved && sideDrift !== undefined ? {
        dropEarlyLeftCdeg: sideDrift.baselineLeftCdeg, dropEarlyRightCdeg: sideDrift.baselineRightCdeg, dropLateLeftCdeg: lateLeftCdeg, dropLateRightCdeg: lateRightCdeg,
      } : {}),
    },
  };
}

function rotationInsight(context: InsightContext): Insight {
  const { sets } = context;
  const withRotation = sets.running.filter((s) => s.rotationCdeg > 0);
  const fromWindows = context.fromWindows ? windowMedian(context, QUALITY_ROTATION, (w) => w.rotationCdeg) : undefined;
  const rotationCdeg = fromWindows ? fromWindows.median : medianOf(withRotation.map((s) => s.rotationCdeg));
  const level: InsightLevel = rotationCdeg > T.rotationHighCdeg ? 'watch' : rotationCdeg < T.rotationLowCdeg ? 'note' : 'good';
  const words = level === 'watch' ? 'large' : level === 'note' ? 'small' : 'moderate';
  return {
    id: 'rotation',
    title: 'Pelvic rotation',
    level,
    measured: `Median pelvic rotation ${deg(rotationCdeg)} over a stride (left-right twist about the vertical): ${words}.`,
    evidence: `based on ${fromWindows ? windowBasis(fromWindows.windows) : plural(withRotation.length, 'running step')}; ${windowQuality(context, QUALITY_ROTATION, 'rotation')}.`,
    meaning:
      'The pelvis turns with each stride and the trunk and arms turn against it. The lumbar spine allows only a few degrees of twist, ' +
      'so a large pelvic rotation that the upper body has to counter means more twisting load on the lower back; crossing the feet over the midline and stiff arms often go with it. ' +
      'A very small rotation can mean a stiff, guarded pelvis. Moderate rotation is normal.',
    values: { rotationCdeg, steps: withRotation.length },
  };
}

/** a calibrated lean's level: leaning back or a pronounced forward lean are worth acting on */
function leanLevel(cdeg: number): InsightLevel {
  return cdeg < 0 || cdeg > T.leanHighCdeg ? 'watch' : 'good';
}

function leanWords(cdeg: number): string {
  return cdeg < 0 ? 'leaning back' : cdeg > T.leanHighCdeg ? 'a pronounced forward lean' : 'a moderate forward lean';
}

function leanInsight(context: InsightContext, drift: RunDrift | undefined): Insight {
  const { sets } = context;
  // a window's lean may be 0 or below (leaning back): every running window with the lean bit
  // counts, or, uncalibrated (no window has it), every running window, as the lean plot does
  const trustedLean = context.runningWindows.filter((w) => (w.quality & QUALITY_LEAN) !== 0);
  const leanWindows = trustedLean.length > 0 ? trustedLean : context.runningWindows;
  const uncalibratedSteps = sets.running.filter((s) => (s.quality & STEP_UNCALIBRATED) !== 0).length;
  const calibrated = context.calibrated && (context.fromWindows || uncalibratedSteps * 2 < sets.running.length);
  // calibrated, the median is of the steps measured against standing alone: the others (before
  // the pod stood still, or after it started anew without standing) are against its estimate of
  // upright, degrees from standing, and would pull a median of both towards that
  const leanSteps = calibrated ? sets.lean.filter((s) => (s.quality & STEP_UNCALIBRATED) === 0) : sets.lean;
  const leanCdeg = context.fromWindows ? medianOf(leanWindows.map((w) => w.leanCdeg)) : medianOf(leanSteps.map((s) => s.leanCdeg));
  let level: InsightLevel = 'info';
  let measured: string;
  // a lean that moved over the run (by the drift insight's measure): its late value judges it
  // when that is worse than the median, which was then the runner's lean only in passing
  const move = calibrated && drift !== undefined
    ? metricMove(drift.leanTail, drift.leanDriftCdeg, T.driftLeanCdeg, (w) => w.leanCdeg, (w) => w.leanDriftCdeg, drift.earlyWords) : undefined;
  const lateWorse = move !== undefined && LEVEL_RANK[leanLevel(move.late)] > LEVEL_RANK[leanLevel(leanCdeg)];
  const judgedCdeg = move !== undefined && lateWorse ? move.late : leanCdeg;
  if (calibrated) {
    level = leanLevel(judgedCdeg);
    const median = `Median forward lean of the pelvis ${signedDeg(leanCdeg)} relative to standing`;
    measured = move === undefined ? `${median}: ${leanWords(leanCdeg)}.`
      : lateWorse ? `${median}, but it ${moveWords(move, signedDeg)}: ${leanWords(move.late)} by the end.`
        : `${median}: ${leanWords(leanCdeg)}. It ${moveWords(move, signedDeg)}.`;
  } else {
    // Without standing still the pod has no upright of the runner's own: its steps' lean is read
    // against the upright it estimated from running (ESTIMATED_UPRIGHT_WORDS), which is neither
    // standing nor the run's mean lean, so the median is a property of that estimate (about -1°
    // for a runner leaning 5°, +2° for one leaning 2°), not of the runner, and is not given as a lean.
    measured = 'Not measured: without standing still first, the pod has no upright of yours to measure lean against.';
  }
  const uncalibratedEvidence =
    `uncalibrated: the steps' pitch is against ${ESTIMATED_UPRIGHT_WORDS}, not against standing nor the run's own mean lean; ` +
    `against it the median reads ${signedDeg(leanCdeg)}, which says nothing about your lean`;
  return {
    id: 'lean',
    title: 'Forward lean',
    level,
    measured,
    evidence:
      `based on ${context.fromWindows ? windowBasis(leanWindows.length) : plural(leanSteps.length, 'running step')}; ${windowQuality(context, QUALITY_LEAN, 'lean')}; ` +
      (calibrated ? `calibrated: lean is absolute${!context.fromWindows && uncalibratedSteps > 0 ? ` (${uncalibratedSteps} running steps without a standing calibration left out)` : ''}.`
        : context.fromWindows ? `${uncalibratedEvidence}.`
          : `${uncalibratedEvidence} (${uncalibratedSteps} of ${sets.running.length} steps without a standing calibration).`),
    meaning:
      'A modest, steady forward lean is normal at running speed. A large forward tilt of the pelvis tends to go with more arch (extension) in the lower back ' +
      'and keeps the back extensors working harder; leaning back tends to go with braking. ' +
      (move !== undefined && move.late > move.early ? 'A lean that grows as the run goes on is a sign of the trunk muscles tiring (see Fatigue drift). ' : '') +
      (!calibrated ? 'To get your lean, and its drift over the run, stand still for a few seconds after starting the pod.'
        : judgedCdeg > T.leanHighCdeg
          ? 'Common responses: run tall, with the hips under the shoulders and any lean coming from the ankles rather than from folding at the hips, ' +
            'and trunk and hip strength work (a tight front of the hip can tip the pelvis forward too).'
          : judgedCdeg < 0
            ? 'Common responses: let the whole body tip slightly forward from the ankles, and land with the foot closer under the hips.'
            : ''),
    values: { leanCdeg, calibrated, uncalibratedSteps, ...(move !== undefined ? { leanEarlyCdeg: move.early, leanLateCdeg: move.late } : {}) },
  };
}

function consistencyInsight(context: InsightContext): Insight {
  const { sets } = context;
  const windows = context.runningWindows.filter((w) => (w.quality & QUALITY_VARIABILITY) !== 0);
  const meaningBase =
    'A steady rhythm (step time varying by about 2-4 %) means each step loads the back the same way. Higher variability comes with uneven ground, ' +
    'changes of pace, fatigue, or guarding a painful side; on a steady run it is worth a look.';
  // a session from the pod's log has no steps: its windows' own step counts stand for the sides
  const sideSteps = context.fromWindows ? undefined : Math.min(sets.left.length, sets.right.length);
  const enoughWindows = windows.length >= MIN_VARIABILITY_WINDOWS;
  const enoughSteps = sideSteps === undefined || sideSteps >= MIN_VARIABILITY_STEPS_PER_SIDE;
  if (!enoughWindows || !enoughSteps) {
    const short: string[] = [];
    if (!enoughWindows) short.push(`${plural(windows.length, 'running window')} with variability trustworthy, of at least ${MIN_VARIABILITY_WINDOWS} needed (about a minute of running)`);
    if (!enoughSteps) {
      short.push(`${sets.left.length} left and ${sets.right.length} right running steps, of at least ${MIN_VARIABILITY_STEPS_PER_SIDE} a side needed`);
    }
    return {
      id: 'consistency',
      title: 'Step-to-step consistency',
      level: 'info',
      measured: 'Not assessed: the run was too short to judge step-to-step variability.',
      evidence: `${short.join('; ')}. Variability is a spread, and with this few steps one odd step can move it by about a percent, the size of the differences it is judged by.`,
      meaning: `${meaningBase} A run of a few minutes gives it.`,
      values: { assessed: false, windows: windows.length, ...(sideSteps !== undefined ? { stepsPerSide: sideSteps } : {}) },
    };
  }
  const stepCvPct = medianOf(windows.map((w) => w.stepTimeCvPct100)) / 100;
  const contactCvPct = medianOf(windows.map((w) => w.contactCvPct100)) / 100;
  const level: InsightLevel = stepCvPct > T.stepCvHighPct ? 'watch' : stepCvPct > T.stepCvGoodPct ? 'note' : 'good';
  return {
    id: 'consistency',
    title: 'Step-to-step consistency',
    level,
    measured: `Step time varies by ${stepCvPct.toFixed(1)} % and contact time by ${contactCvPct.toFixed(1)} % from step to step (median coefficient of variation per window).`,
    evidence: `based on ${plural(windows.length, 'window')} with variability ${windows.length === context.runningWindows.length ? 'trustworthy' : `trustworthy (of ${context.runningWindows.length})`}` +
      (sideSteps !== undefined ? `, ${sets.left.length} left and ${sets.right.length} right running steps.` : '.'),
    meaning: meaningBase,
    values: { assessed: true, stepTimeCvPct: stepCvPct, contactCvPct, windows: windows.length, ...(sideSteps !== undefined ? { stepsPerSide: sideSteps } : {}) },
  };
}

/**
 * What the drift insight compares: the pod's drift (each window against its baseline of the run's
 * first ~2 minutes of running) in the run's last third of drift windows (at least 2), where fatigue
 * shows. Undefined when fewer than 2 windows have drift. The per-metric insights take it too, to
 * say when their value moved over the run.
 */
interface RunDrift {
  /** running windows with the pod's drift bit */
  windows: number;
  /** the late windows compared */
  tail: ReportWindow[];
  /**
   * what they are compared with, in words: the run's first minutes, or, where the pod started anew
   * (a restart, its button) before them, the minutes of running it took its baseline from after that
   */
  againstWords: string;
  /** when a metric's early value (its baseline) is from: "early on", or those minutes */
  earlyWords: string;
  /** those of them whose lean and lean baseline share an upright reference (QUALITY_LEAN_DRIFT) */
  leanTail: ReportWindow[];
  leanDriftCdeg?: number;
  /**
   * pelvic drop's drift per stance side (sideDropDrift.ts) in the late windows with both sides'
   * drop, and the baseline it is against; undefined when none has them
   */
  drop?: { leftCdeg: number; rightCdeg: number; baselineLeftCdeg: number; baselineRightCdeg: number; fromMs: number };
  voDriftMm: number;
  contactDriftMs: number;
}

function runDriftOf(context: InsightContext): RunDrift | undefined {
  const driftWindows = context.runningWindows.filter((w) => (w.quality & QUALITY_DRIFT) !== 0);
  if (driftWindows.length < 2) return undefined;
  // the run's last third of drift windows (at least 2): where fatigue shows
  const tail = driftWindows.slice(-Math.max(2, Math.ceil(driftWindows.length / 3)));
  // lean's drift only where its baseline and the window share an upright reference (QUALITY_LEAN_DRIFT)
  const leanTail = tail.filter((w) => (w.quality & QUALITY_LEAN_DRIFT) !== 0);
  // every window, those without their second half too: the pod counted them into its baseline
  const dropDrifts = sideDropDrifts(context.data.windows);
  const baseline = driftBaselines(context.data.windows).get(tail[0]) ?? [];
  const firstEnough = context.data.windows.find((w) => (w.quality & QUALITY_CONTACT) !== 0);
  const span = baseline.length > 0 ? `${clockOf(baseline[0].startMs)}-${clockOf(baseline[baseline.length - 1].endMs)}` : '';
  const anew = baseline.length > 0 && baseline[0] !== firstEnough;
  const dropTail = tail.flatMap((w) => dropDrifts.get(w) ?? []);
  const dropFrom = tail.find((w) => dropDrifts.has(w));
  return {
    windows: driftWindows.length,
    tail,
    againstWords: anew ? `${span}, the first minutes of running after the pod started anew (it compares with its own start)` : 'the run\'s first minutes',
    earlyWords: anew ? `at ${span} (after the pod started anew)` : 'early on',
    leanTail,
    leanDriftCdeg: leanTail.length > 0 ? medianOf(leanTail.map((w) => w.leanDriftCdeg)) : undefined,
    ...(dropFrom !== undefined ? {
      drop: {
        leftCdeg: medianOf(dropTail.map((d) => d.leftCdeg)), rightCdeg: medianOf(dropTail.map((d) => d.rightCdeg)),
        baselineLeftCdeg: dropTail[0].baselineLeftCdeg, baselineRightCdeg: dropTail[0].baselineRightCdeg, fromMs: dropFrom.startMs,
      },
    } : {}),
    voDriftMm: medianOf(tail.map((w) => w.voDriftMm)),
    contactDriftMs: medianOf(tail.map((w) => w.contactDriftMs)),
  };
}

/**
 * Where most running steps from fromMs to toMs have no standing calibration though the recording
 * has one: the pod started anew (a restart, its button) without standing still, and fromMs of the
 * stretch is its first uncalibrated step after the last calibrated one; or the pod stood still
 * only after them (no fromMs). Undefined otherwise, and for a recording of windows only (no steps).
 */
function uncalibratedStretchOf(context: InsightContext, fromMs: number, toMs: number): { fromMs?: number } | undefined {
  const running = context.sets.running;
  const isUncalibrated = (s: StepRecord) => (s.quality & STEP_UNCALIBRATED) !== 0;
  const between = running.filter((s) => s.tMs >= fromMs && s.tMs <= toMs);
  if (between.length === 0 || between.filter(isUncalibrated).length * 2 <= between.length) return undefined;
  const calibratedBefore = running.filter((s) => s.tMs < fromMs && !isUncalibrated(s));
  if (calibratedBefore.length === 0) return {};
  const lastCalibratedMs = calibratedBefore[calibratedBefore.length - 1].tMs;
  const first = running.find((s) => s.tMs > lastCalibratedMs && isUncalibrated(s));
  return { fromMs: first === undefined ? fromMs : first.tMs };
}

function driftInsight(context: InsightContext, drift: RunDrift | undefined): Insight {
  if (drift === undefined) {
    const driftWindows = windowsWith(context, QUALITY_DRIFT);
    return {
      id: 'drift',
      title: 'Fatigue drift',
      level: 'info',
      measured: 'Not assessed: the run was too short.',
      evidence: `${plural(driftWindows, 'window')} with drift; the pod compares each window with the run's first ~2 minutes of running, so drift needs a few minutes more after those.`,
      meaning: 'Form that changes as the run goes on (more lean, more drop, more bounce, longer contact) is a sign of tiring trunk and hip muscles.',
      values: { assessed: false, present: false, changed: false, windows: driftWindows },
    };
  }
  const { tail, leanTail, leanDriftCdeg, drop, voDriftMm, contactDriftMs } = drift;
  // Tiring trunk and hip muscles let the trunk fold forward, the pelvis drop, the bounce grow and
  // contact lengthen: only a change that way is fatigue. The opposite changes come with warming
  // up, a faster pace or another slope, and telling a runner whose drop fell that their muscles
  // tired would be wrong advice.
  const tiring: string[] = [];
  const other: string[] = [];
  const sortChange = (drift: number, threshold: number, more: string, less: string) => {
    if (Math.abs(drift) < threshold) return;
    if (drift > 0) tiring.push(more);
    else other.push(less);
  };
  if (leanDriftCdeg !== undefined) sortChange(leanDriftCdeg, T.driftLeanCdeg, 'more forward lean', 'less forward lean');
  if (drop !== undefined) {
    // one side tiring alone is the hip abductors of that side: each stance is said apart
    const side = (cdeg: number) => (Math.abs(cdeg) < T.driftDropCdeg ? 0 : Math.sign(cdeg));
    const left = side(drop.leftCdeg);
    const right = side(drop.rightCdeg);
    if (left !== 0 && left === right) sortChange(drop.leftCdeg, T.driftDropCdeg, 'more pelvic drop in both stances', 'less pelvic drop in both stances');
    else {
      sortChange(drop.leftCdeg, T.driftDropCdeg, 'more pelvic drop in left stance', 'less pelvic drop in left stance');
      sortChange(drop.rightCdeg, T.driftDropCdeg, 'more pelvic drop in right stance', 'less pelvic drop in right stance');
    }
  }
  sortChange(voDriftMm, T.driftVoMm, 'more bounce', 'less bounce');
  sortChange(contactDriftMs, T.driftContactMs, 'longer ground contact', 'shorter ground contact');
  const present = tiring.length > 0;
  const changed = present || other.length > 0;
  const fromMs = tail[0].startMs;
  const toMs = tail[tail.length - 1].endMs;
  const uncalibratedLate = uncalibratedStretchOf(context, fromMs, toMs);
  let verdict: string;
  if (present) {
    verdict = `Form drifted the way tiring goes: ${tiring.join(', ')}.` + (other.length > 0 ? ` It also changed the other way: ${other.join(', ')}.` : '');
  } else if (changed) {
    verdict = `Form changed, but not the way tiring goes: ${other.join(', ')}.`;
  } else {
    verdict = leanDriftCdeg !== undefined ? 'No meaningful drift.' : 'No meaningful drift in what was compared.';
  }
  const measured =
    `From ${clockOf(fromMs)} to ${clockOf(toMs)}, against ${drift.againstWords}: ` +
    (leanDriftCdeg !== undefined
      ? `lean ${signedDeg(leanDriftCdeg)} (from ${deg(leanTail[0].leanCdeg - leanTail[0].leanDriftCdeg)}), `
      : !context.calibrated
        ? 'lean not compared (no standing calibration: stand still for a few seconds after starting the pod to get it), '
        : uncalibratedLate !== undefined
          ? `lean not compared (${uncalibratedLate.fromMs === undefined ? 'the steps compared came before the pod stood still'
            : `the pod started anew at ${clockOf(uncalibratedLate.fromMs)} without standing still`}, so the steps compared have no standing calibration: ` +
            'stand still for a few seconds after starting the pod to get it), '
          : 'lean not compared (no baseline of it against the upright reference of these windows: after a stop that changed the reference, it needs two minutes more of running), ') +
    (drop !== undefined
      ? `pelvic drop in left stance ${signedDeg(drop.leftCdeg)} (from ${deg(drop.baselineLeftCdeg)}) and in right stance ${signedDeg(drop.rightCdeg)} (from ${deg(drop.baselineRightCdeg)}), `
      : 'pelvic drop not compared (no late window with enough steps on both sides), ') +
    `vertical oscillation ${signed(voDriftMm, 'mm')}, ` +
    `ground contact ${signed(contactDriftMs, 'ms')}. ` + verdict;
  let advice: string;
  if (present) {
    advice = 'A drift like this late in a run suggests the muscles that protect the back were tiring; keeping that effort shorter for now, and trunk and hip strength work, are common responses.';
  } else if (changed) {
    advice = 'Changes the other way are not signs of tiring: they usually come with warming up, a faster pace, or a change of slope or surface. Nothing here points at tiring muscles.';
  } else {
    advice = leanDriftCdeg !== undefined ? 'Your form held steady through the run.' : 'Your pelvic drop, bounce and contact time held steady through the run.';
  }
  return {
    id: 'drift',
    title: 'Fatigue drift',
    level: present ? 'watch' : changed ? 'note' : 'good',
    measured,
    evidence:
      `based on the pod's drift in the last ${plural(tail.length, 'window')} (of ${drift.windows} with drift); ${windowQuality(context, QUALITY_DRIFT, 'drift')}; ` +
      `a change counts from ${deg(T.driftLeanCdeg)} lean, ${deg(T.driftDropCdeg)} drop in either stance, ${T.driftVoMm} mm bounce, ${T.driftContactMs} ms contact; ` +
      `${calibrationWords(context)} (lean drift needs a standing calibration, and two minutes against the upright it set; the other drifts are valid either way).`,
    meaning:
      'As the trunk and hip muscles tire, form drifts: the trunk folds forward, the pelvis drops more, the bounce grows and contact lengthens. ' +
      'Each of these puts more of the load onto the passive structures of the lower back (discs, ligaments, joints). ' + advice,
    values: {
      assessed: true, present, changed, ...(leanDriftCdeg !== undefined ? { leanDriftCdeg } : {}),
      ...(drop !== undefined ? { dropLeftDriftCdeg: drop.leftCdeg, dropRightDriftCdeg: drop.rightCdeg } : {}), voDriftMm, contactDriftMs, windows: tail.length,
    },
  };
}

/** The report's insights, in reading order. */
export function insightsOf(data: ReportData): Insight[] {
  const sets = reportStepSets(data.steps);
  // a session from the pod's log has no status: a window whose lean the pod trusted shows it had
  // stood still (the pod trusts lean only against a standing calibration)
  const calibrated =
    (data.meta.calibration !== undefined && data.meta.calibration.stationary === true) ||
    (data.lastStatusFlags !== undefined && (data.lastStatusFlags & STATUS_CALIBRATED) !== 0) ||
    data.windows.some((w) => (w.quality & QUALITY_LEAN) !== 0);
  const runningWindows = data.windows.filter((w) => w.runningSteps > 0 && !w.formMissing);
  const fromWindows = data.steps.length === 0 && runningWindows.some((w) => (w.quality & QUALITY_CADENCE) !== 0);
  const context: InsightContext = { data, sets, calibrated, runningWindows, fromWindows };
  const insights: Insight[] = [activityInsight(context)];
  const runningCount = sets.running.length + sets.saturated + sets.warmup;
  if (fromWindows) {
    // a session from the pod's log: its windows are the pod's own medians of enough steps; a
    // window can time its cadence from saturated steps alone, and then has no load medians
    insights.push(...runningInsights(context, runningWindows.some((w) => (w.quality & QUALITY_CONTACT) !== 0)));
    return insights;
  }
  // walking steps get their cadence whatever the running gave: a walk with a few running
  // strides in it is still a walk worth reporting
  const walking = sets.walking.length > 0;
  if (runningCount === 0) {
    if (walking) insights.push(walkingInsight(context, 'none'));
    return insights;
  }
  if (sets.timed.length < MIN_RUNNING_STEPS && sets.running.length < MIN_RUNNING_STEPS) {
    if (walking) insights.push(walkingInsight(context, 'tooFew'));
    insights.push(tooFewInsight(context));
    return insights;
  }
  insights.push(...runningInsights(context, sets.running.length >= MIN_RUNNING_STEPS));
  if (walking) insights.push(walkingInsight(context, 'insights'));
  return insights;
}

/** the insights whose value is a median of running steps (or of the pod's windows of them) */
const MEDIAN_INSIGHTS: readonly InsightId[] = ['cadence', 'verticalOscillation', 'contact', 'braking', 'pelvicDrop', 'rotation', 'lean'];
/** those of them that compare the left and right sides */
const SIDE_INSIGHTS: readonly InsightId[] = ['contact', 'pelvicDrop'];

/**
 * A median insight from less than a minute of running: its value kept as a first reading, its
 * verdict withheld (level 'info'), and the evidence saying how much a verdict needs.
 */
function asFirstReading(insight: Insight, context: InsightContext): Insight {
  const { sets } = context;
  const steps = insight.id === 'cadence' ? sets.timed.length : sets.running.length;
  const sides = SIDE_INSIGHTS.includes(insight.id);
  const thin = context.fromWindows
    ? context.runningWindows.length < MIN_WINDOWS_FOR_VERDICT
    : steps < MIN_STEPS_FOR_VERDICT || (sides && Math.min(sets.left.length, sets.right.length) < MIN_STEPS_PER_SIDE_FOR_VERDICT);
  if (!thin) return { ...insight, values: { ...insight.values, verdict: true } };
  const had = context.fromWindows ? plural(context.runningWindows.length, 'running window')
    : sides ? `${sets.left.length} left and ${sets.right.length} right running steps` : plural(steps, 'running step');
  const needed = context.fromWindows ? `${MIN_WINDOWS_FOR_VERDICT} running windows`
    : sides ? `${MIN_STEPS_PER_SIDE_FOR_VERDICT} a side` : `${MIN_STEPS_FOR_VERDICT} running steps`;
  // a value the insight already does not give (lean without a standing calibration) stays as it says
  const measured = insight.measured.startsWith('Not ') ? insight.measured
    : `A first reading only, from ${had}, too few to judge: ${insight.measured[0].toLowerCase()}${insight.measured.slice(1)}`;
  return {
    ...insight,
    level: 'info',
    measured,
    evidence: `${insight.evidence} Not judged: a verdict needs at least ${needed}, about a minute of running, as the first minute of a run is still settling.`,
    meaning: `${insight.meaning} Run for a few minutes to know whether this holds.`,
    values: { ...insight.values, verdict: false },
  };
}

/** the running insights; cadence alone (and why) when too few steps were unsaturated for the rest */
function runningInsights(context: InsightContext, unsaturatedEnough: boolean): Insight[] {
  const cadence = cadenceInsight(context);
  if (!unsaturatedEnough) return [asFirstReading(cadence, context), tooFewUnsaturatedInsight(context)];
  const drift = runDriftOf(context);
  const insights = [
    cadence,
    verticalOscillationInsight(context, drift),
    contactInsight(context, drift),
    brakingInsight(context, cadence.values.cadenceSpm as number),
    pelvicDropInsight(context, drift),
    rotationInsight(context),
    leanInsight(context, drift),
  ].map((insight) => (MEDIAN_INSIGHTS.includes(insight.id) ? asFirstReading(insight, context) : insight));
  // said even when it is not assessed, as drift is: a short run says what it could not judge
  insights.push(consistencyInsight(context));
  insights.push(driftInsight(context, drift));
  return insights;
}
