// The report's plots as data: per chart its container id, section, axes and aligned series
// (uPlot's layout: x values, then one row per series with null where a series has no value).
// Time is the pod's clock in seconds; angles in degrees, VO in mm, times in ms, braking in m/s.
import { STEP_UNCALIBRATED, StepRecord } from '../../firmware/core/stepRecord';
import {
  QUALITY_BALANCE, QUALITY_BRAKING, QUALITY_CADENCE, QUALITY_CONTACT, QUALITY_DRIFT, QUALITY_DROP, QUALITY_LEAN, QUALITY_LEAN_DRIFT,
  QUALITY_ROTATION, QUALITY_VO, QUALITY_WALKING_CADENCE,
} from '../../firmware/core/summaryRecord';
import { ESTIMATED_UPRIGHT_WORDS, Insight, INSIGHT_THRESHOLDS } from './insights';
import { driftBaselines } from './driftBaseline';
import { ReportData, ReportWindow } from './reportData';
import { clockOf } from './reportFormat';
import { histogramOf } from './reportStats';
import { reportStepSets, ReportStepSets } from './reportSteps';
import { SideDropDrift, sideDropDrifts } from './sideDropDrift';

export type ChartSection = 'time' | 'distribution' | 'balance' | 'drift';

/** points: one dot per step; line: per-window medians; reference: dashed guide; bars: histogram counts */
export type SeriesStyle = 'points' | 'line' | 'reference' | 'bars';

export interface ChartSeries {
  label: string;
  style: SeriesStyle;
  color: string;
  /**
   * lines: x values (in data[0]) where the line breaks, its value null there; elsewhere a line
   * joins its values across the x values of other series
   */
  breaksS?: number[];
}

export interface ChartSpec {
  /** id of the chart's container element in the page */
  id: string;
  section: ChartSection;
  title: string;
  caption: string;
  /** 'time': x is seconds on the pod's clock; 'value': x is the left edge of a histogram bin */
  xKind: 'time' | 'value';
  xLabel: string;
  yLabel: string;
  series: ChartSeries[];
  /** [x, series 1, series 2, ...], all of the same length */
  data: Array<Array<number | null>>;
  /** histograms: width of a bin in x units */
  binWidth?: number;
  /** the y axis spans at least this range, so small wobbles are not blown up to full height */
  ySoftRange?: [number, number];
  /**
   * the y axis spans at least this much (y units) around the data: a run whose rotation varies by
   * 0.1° would otherwise fill the plot's height with it and look like a trend
   */
  yMinSpan?: number;
  /** time plots: moments drawn as a labelled vertical dashed line, x in seconds on the pod's clock */
  markers?: ChartMarker[];
}

export interface ChartMarker {
  xS: number;
  label: string;
  color: string;
}

/**
 * The chart has something to draw: a value of a step or window series (a measured 0 too: a run
 * whose bounce never drifted), or a histogram bin with a step in it; guides alone are not data
 * (a log session's per-step charts have no steps). The page draws these and says the others
 * have no data, and the CLI counts these as plots.
 */
export function chartHasData(chart: ChartSpec): boolean {
  if (chart.data.length < 2 || chart.data[0].length === 0) return false;
  return chart.series.some((series, i) => series.style !== 'reference' &&
    chart.data[i + 1].some((value) => value !== null && (series.style !== 'bars' || value > 0)));
}

export const CHART_COLORS = {
  step: '#8fb3d9',
  median: '#1b4f8a',
  left: '#2a7ab9',
  leftStep: '#9cc8ea',
  right: '#d1495b',
  rightStep: '#f0a6b0',
  /** lean steps against the upright the pod estimated from running, beside `step` ones against standing */
  estimatedUprightStep: '#f2b766',
  reference: '#3c9d5d',
  band: '#8cc79f',
  third: '#e08e0b',
  fourth: '#7b4fa8',
  marker: '#6b6b6b',
} as const;

export interface TimePoint {
  xS: number;
  series: number;
  value: number;
}

/** seconds rounded to ms, so steps and windows share x values where they coincide */
function seconds(ms: number): number {
  return Math.round(ms) / 1000;
}

function windowMidS(w: ReportWindow): number {
  return seconds((w.startMs + w.endMs) / 2);
}

/** aligns points of several series on one sorted x axis (uPlot's data layout), with x values of no series' value (`emptyXs`) */
export function alignSeries(points: readonly TimePoint[], seriesCount: number, emptyXs: readonly number[] = []): Array<Array<number | null>> {
  const xs = Array.from(new Set([...points.map((p) => p.xS), ...emptyXs])).sort((a, b) => a - b);
  const at = new Map<number, number>();
  xs.forEach((x, i) => at.set(x, i));
  const rows: Array<Array<number | null>> = [];
  for (let s = 0; s < seriesCount; s++) rows.push(new Array<number | null>(xs.length).fill(null));
  for (const p of points) rows[p.series][at.get(p.xS) as number] = p.value;
  return [xs, ...rows];
}

interface TimeChartInput {
  id: string;
  title: string;
  caption: string;
  yLabel: string;
  /** per-step series: steps and the value of each (undefined = no value) */
  stepSeries: Array<{ label: string; color: string; steps: readonly StepRecord[]; value: (s: StepRecord) => number | undefined }>;
  /** per-window median series: windows with the quality bit, and the value */
  windowSeries: Array<{ label: string; color: string; windows: readonly ReportWindow[]; value: (w: ReportWindow) => number }>;
  /** horizontal guides drawn across the whole run */
  references?: Array<{ label: string; color: string; value: number }>;
  /** see ChartSpec.yMinSpan */
  yMinSpan?: number;
}

/**
 * Slices of a time plot's span a long run's per-step series are reduced to: a plot is some 1,000
 * pixels wide, where a 4 h run's 40,000 dots overlap by the dozen and made each plot ~1 MB of the
 * page. Series of up to twice this many points are plotted whole.
 */
export const PLOT_TIME_SLICES = 800;

/**
 * `points` (one series) reduced to the lowest and the highest of each of PLOT_TIME_SLICES equal
 * slices of [fromS, toS], in time order: what a dot plot of them shows at that width, its
 * extremes (an outlying step) kept where they are
 */
export function extremesPerSlice(points: readonly TimePoint[], fromS: number, toS: number): TimePoint[] {
  const lowest: Array<TimePoint | undefined> = new Array(PLOT_TIME_SLICES);
  const highest: Array<TimePoint | undefined> = new Array(PLOT_TIME_SLICES);
  const span = toS - fromS;
  for (const p of points) {
    const slice = span > 0 ? Math.min(PLOT_TIME_SLICES - 1, Math.floor(((p.xS - fromS) / span) * PLOT_TIME_SLICES)) : 0;
    const low = lowest[slice];
    const high = highest[slice];
    if (low === undefined || p.value < low.value) lowest[slice] = p;
    if (high === undefined || p.value > high.value) highest[slice] = p;
  }
  const kept: TimePoint[] = [];
  for (let slice = 0; slice < PLOT_TIME_SLICES; slice++) {
    const low = lowest[slice];
    const high = highest[slice];
    if (low === undefined || high === undefined) continue;
    if (low === high) kept.push(low);
    else kept.push(...(low.xS <= high.xS ? [low, high] : [high, low]));
  }
  return kept;
}

function timeChart(input: TimeChartInput): ChartSpec {
  const points: TimePoint[] = [];
  const series: ChartSeries[] = [];
  const stepPoints: TimePoint[][] = [];
  for (const s of input.stepSeries) {
    const index = series.length;
    series.push({ label: s.label, style: 'points', color: s.color });
    const own: TimePoint[] = [];
    for (const step of s.steps) {
      const value = s.value(step);
      if (value !== undefined && Number.isFinite(value)) own.push({ xS: seconds(step.tMs), series: index, value });
    }
    stepPoints.push(own);
  }
  let caption = input.caption;
  if (stepPoints.some((own) => own.length > 2 * PLOT_TIME_SLICES)) {
    // every series on the same slices, so left and right stance line up
    let fromS = Infinity;
    let toS = -Infinity;
    for (const own of stepPoints) {
      for (const p of own) {
        fromS = Math.min(fromS, p.xS);
        toS = Math.max(toS, p.xS);
      }
    }
    for (const own of stepPoints) points.push(...(own.length > 2 * PLOT_TIME_SLICES ? extremesPerSlice(own, fromS, toS) : own));
    caption += ` A run this long has more steps than the plot has room for: of each of ${PLOT_TIME_SLICES} equal slices of its time, the dots are its lowest and highest step.`;
  } else {
    for (const own of stepPoints) points.push(...own);
  }
  const breaksS: number[] = [];
  for (const s of input.windowSeries) {
    const index = series.length;
    // a line does not join windows with time between them that it has no value for (a walk
    // between runs, the pod's first minutes after it started anew): it would draw a value there
    const own: number[] = [];
    let before: ReportWindow | undefined;
    for (const w of s.windows) {
      if (before !== undefined && w.startMs > before.endMs) own.push(seconds((before.endMs + w.startMs) / 2));
      points.push({ xS: windowMidS(w), series: index, value: s.value(w) });
      before = w;
    }
    series.push({ label: s.label, style: 'line', color: s.color, ...(own.length > 0 ? { breaksS: own } : {}) });
    breaksS.push(...own);
  }
  if (points.length > 0) {
    let first = Infinity;
    let last = -Infinity;
    for (const p of points) {
      first = Math.min(first, p.xS);
      last = Math.max(last, p.xS);
    }
    for (const ref of input.references || []) {
      const index = series.length;
      series.push({ label: ref.label, style: 'reference', color: ref.color });
      points.push({ xS: first, series: index, value: ref.value }, { xS: last, series: index, value: ref.value });
    }
  }
  return {
    id: input.id, section: 'time', title: input.title, caption, xKind: 'time', xLabel: 'time (min:s)',
    yLabel: input.yLabel, series, data: alignSeries(points, series.length, breaksS),
    ...(input.yMinSpan !== undefined ? { yMinSpan: input.yMinSpan } : {}),
  };
}

/**
 * the step each histogram's values come in, in its x unit: the pod's whole steps/min, mm, ms,
 * mm/s (0.001 m/s) and centidegrees (0.01°); bins follow it (histogramOf)
 */
export const HISTOGRAM_RESOLUTION = {
  cadenceSpm: 1,
  voMm: 1,
  contactMs: 1,
  brakingMps: 0.001,
  angleDeg: 0.01,
} as const;

function histogramChart(
  id: string, title: string, caption: string, xLabel: string, resolution: number,
  sets: Array<{ label: string; color: string; values: number[] }>,
): ChartSpec {
  const histogram = histogramOf(sets.map((s) => s.values), resolution);
  return {
    id, section: 'distribution', title, caption, xKind: 'value', xLabel, yLabel: 'steps',
    series: sets.map((s) => ({ label: s.label, style: 'bars' as const, color: s.color })),
    data: [histogram.binStarts, ...histogram.counts],
    binWidth: histogram.binWidth,
  };
}

function withBit(windows: readonly ReportWindow[], bit: number): ReportWindow[] {
  return windows.filter((w) => (w.quality & bit) !== 0);
}

const cdegToDeg = (cdeg: number) => cdeg / 100;

// The time plots' least y spans (yMinSpan) are at least twice the insights' drift thresholds
// (1.5° lean, 1° drop, 8 mm VO, 10 ms contact; rotation's as the other angles'), so a change that
// counts shows as one and a change far below it stays flat.

/**
 * Where the pod took a new drift baseline after its first (driftBaseline.ts): it started anew (a
 * restart, a new recording by its button), and its drift from there is against the first minutes
 * of running after that. ms on the recording's clock, the new baseline's first window's start.
 */
function newBaselinesFromMs(allWindows: readonly ReportWindow[]): number[] {
  const baselines = Array.from(new Set(driftBaselines(allWindows).values()));
  return baselines.slice(1).map((baseline) => baseline[0].startMs);
}

/**
 * The drift plots' note and markers where the pod started anew: their lines start again near 0
 * after it, which reads as the runner recovering unless it is said
 */
function newStartNote(newStartsMs: readonly number[]): { caption: string; markers: ChartMarker[] } {
  if (newStartsMs.length === 0) return { caption: '', markers: [] };
  const at = newStartsMs.map(clockOf);
  const list = at.length === 1 ? at[0] : `${at.slice(0, -1).join(', ')} and ${at[at.length - 1]}`;
  return {
    caption: ` At ${list} (the vertical dashed line) the pod started anew (a restart, or a new recording by its button): from there it compares with ` +
      'its first two minutes of running after that, so the lines break there and start again after those minutes, measured against them (near 0 where nothing changed since).',
    markers: newStartsMs.map((ms) => ({ xS: seconds(ms), label: 'pod started anew', color: CHART_COLORS.marker })),
  };
}

/**
 * From when to when each kind of lean step runs, in the order of the run: a calibrated stretch,
 * then one after the pod started anew without standing still, say. ms on the recording's clock.
 */
function calibrationStretchesOf(leanSteps: readonly StepRecord[]): Array<{ uncalibrated: boolean; fromMs: number; toMs: number }> {
  const stretches: Array<{ uncalibrated: boolean; fromMs: number; toMs: number }> = [];
  for (const step of leanSteps) {
    const uncalibrated = (step.quality & STEP_UNCALIBRATED) !== 0;
    const last = stretches[stretches.length - 1];
    if (last !== undefined && last.uncalibrated === uncalibrated) last.toMs = step.tMs;
    else stretches.push({ uncalibrated, fromMs: step.tMs, toMs: step.tMs });
  }
  return stretches;
}

/** "from 0:06 to 3:24", "from 0:06 to 3:24 and from 6:00 to 7:10" */
function stretchTimes(stretches: ReadonlyArray<{ fromMs: number; toMs: number }>): string {
  const each = stretches.map((s) => `from ${clockOf(s.fromMs)} to ${clockOf(s.toMs)}`);
  return each.length === 1 ? each[0] : `${each.slice(0, -1).join(', ')} and ${each[each.length - 1]}`;
}

const LEAN_LEFT_OUT_WORDS = 'Steps just after a stop whose new upright was still under test are left out.';

/**
 * The lean plot's caption and step dots. A run with steps of both kinds (the pod started anew
 * without standing still, or stood still only after some running) has its dots jump by degrees
 * where the upright they are against changes: they are two series, and the caption says which
 * times are which, so the jump does not read as the runner's lean changing. Otherwise one series,
 * captioned by the lean insight's `calibrated`.
 */
function leanPlotOf(leanSteps: readonly StepRecord[], leanCalibrated: boolean): Pick<TimeChartInput, 'caption' | 'stepSeries'> {
  const C = CHART_COLORS;
  const value = (s: StepRecord) => cdegToDeg(s.leanCdeg);
  const calibrated = leanSteps.filter((s) => (s.quality & STEP_UNCALIBRATED) === 0);
  const uncalibrated = leanSteps.filter((s) => (s.quality & STEP_UNCALIBRATED) !== 0);
  if (calibrated.length > 0 && uncalibrated.length > 0) {
    const stretches = calibrationStretchesOf(leanSteps);
    return {
      caption: `Mean forward tilt of the pelvis over each step (positive forward). Blue dots, ${stretchTimes(stretches.filter((s) => !s.uncalibrated))}, are relative to standing; ` +
        `orange dots, ${stretchTimes(stretches.filter((s) => s.uncalibrated))}, have no standing calibration and are against ${ESTIMATED_UPRIGHT_WORDS}: ` +
        `their level is not your lean, and the jump where one kind turns into the other is the pod's upright changing, not your lean. ${LEAN_LEFT_OUT_WORDS}`,
      stepSeries: [
        { label: 'step, relative to standing', color: C.step, steps: calibrated, value },
        { label: 'step, against the pod\'s estimated upright', color: C.estimatedUprightStep, steps: uncalibrated, value },
      ],
    };
  }
  return {
    caption: leanCalibrated
      ? `Mean forward tilt of the pelvis over each step (positive forward), relative to standing. ${LEAN_LEFT_OUT_WORDS}`
      : `Mean forward tilt of the pelvis over each step (positive forward), against ${ESTIMATED_UPRIGHT_WORDS}: no standing calibration, so its level is not your lean, and a jump in it can be the pod taking that upright anew.`,
    stepSeries: [{ label: 'step', color: C.step, steps: leanSteps, value }],
  };
}

function runningCharts(
  sets: ReportStepSets, windows: readonly ReportWindow[], insights: readonly Insight[], dropDrifts: ReadonlyMap<ReportWindow, SideDropDrift>,
  newStartsMs: readonly number[],
): ChartSpec[] {
  const C = CHART_COLORS;
  const cadence = insights.find((i) => i.id === 'cadence');
  const cadenceRefs: Array<{ label: string; color: string; value: number }> = [{ label: `~${INSIGHT_THRESHOLDS.cadenceReferenceSpm} rule of thumb`, color: C.reference, value: INSIGHT_THRESHOLDS.cadenceReferenceSpm }];
  if (cadence && cadence.values.bandSuggested === true) {
    cadenceRefs.push(
      { label: `band low (+${INSIGHT_THRESHOLDS.cadenceBandLowPct} %)`, color: C.band, value: cadence.values.bandLowSpm as number },
      { label: `band high (+${INSIGHT_THRESHOLDS.cadenceBandHighPct} %)`, color: C.band, value: cadence.values.bandHighSpm as number },
    );
  }
  const running = sets.running;
  // the lean insight says whether lean is against standing; without it the plot says what it is against
  const leanInsight = insights.find((i) => i.id === 'lean');
  const leanCalibrated = leanInsight !== undefined && leanInsight.values.calibrated === true;
  const charts: ChartSpec[] = [
    timeChart({
      id: 'chart-cadence', title: 'Cadence', yLabel: 'steps/min', yMinSpan: 10, references: cadenceRefs,
      caption: 'Each dot is one running step, its cadence over the stride it ends (this and the step before); the line is the pod\'s cadence per window, over the strides within 12.5 % of the median one; guides: ~180 and your +5-10 % band.',
      stepSeries: [{ label: 'step', color: C.step, steps: sets.timed, value: (s) => s.cadenceSpm }],
      windowSeries: [{ label: 'window', color: C.median, windows: withBit(windows, QUALITY_CADENCE), value: (w) => w.cadenceSpm }],
    }),
    timeChart({
      id: 'chart-vo', title: 'Vertical oscillation', yLabel: 'mm', yMinSpan: 20,
      caption: 'Rise and fall of the pelvis over each step.',
      stepSeries: [{ label: 'step', color: C.step, steps: running, value: (s) => (s.voMm > 0 ? s.voMm : undefined) }],
      windowSeries: [{ label: 'window median', color: C.median, windows: withBit(windows, QUALITY_VO), value: (w) => w.voMm }],
    }),
    timeChart({
      id: 'chart-contact', title: 'Ground contact time', yLabel: 'ms', yMinSpan: 30,
      caption: 'From the foot landing to it leaving the ground, per step.',
      stepSeries: [{ label: 'step', color: C.step, steps: running, value: (s) => (s.contactMs > 0 ? s.contactMs : undefined) }],
      windowSeries: [{ label: 'window median', color: C.median, windows: withBit(windows, QUALITY_CONTACT), value: (w) => w.contactMs }],
    }),
    timeChart({
      id: 'chart-braking', title: 'Braking', yLabel: 'm/s', yMinSpan: 0.2,
      caption: 'Forward speed lost after each landing (overstriding shows as more).',
      stepSeries: [{ label: 'step', color: C.step, steps: running, value: (s) => s.brakingMms / 1000 }],
      windowSeries: [{ label: 'window median', color: C.median, windows: withBit(windows, QUALITY_BRAKING), value: (w) => w.brakingMms / 1000 }],
    }),
    timeChart({
      id: 'chart-drop', title: 'Pelvic drop, left and right stance', yLabel: 'degrees', yMinSpan: 3,
      caption: 'How far the pelvis tips sideways in each stance: left stance (right side drops) in blue, right stance in red; lines are window medians.',
      stepSeries: [
        { label: 'left stance step', color: C.leftStep, steps: sets.left, value: (s) => cdegToDeg(s.dropCdeg) },
        { label: 'right stance step', color: C.rightStep, steps: sets.right, value: (s) => cdegToDeg(s.dropCdeg) },
      ],
      windowSeries: [
        { label: 'left median', color: C.left, windows: withBit(windows, QUALITY_DROP), value: (w) => cdegToDeg(w.dropLeftCdeg) },
        { label: 'right median', color: C.right, windows: withBit(windows, QUALITY_DROP), value: (w) => cdegToDeg(w.dropRightCdeg) },
      ],
    }),
    timeChart({
      id: 'chart-rotation', title: 'Pelvic rotation', yLabel: 'degrees', yMinSpan: 3,
      caption: 'How far the pelvis twists left and right (about the vertical) over the stride ending at each step.',
      stepSeries: [{ label: 'step', color: C.step, steps: running, value: (s) => (s.rotationCdeg > 0 ? cdegToDeg(s.rotationCdeg) : undefined) }],
      windowSeries: [{ label: 'window median', color: C.median, windows: withBit(windows, QUALITY_ROTATION), value: (w) => cdegToDeg(w.rotationCdeg) }],
    }),
    timeChart({
      id: 'chart-lean', title: 'Forward lean', yLabel: 'degrees', yMinSpan: 3,
      ...leanPlotOf(sets.lean, leanCalibrated),
      windowSeries: [{ label: 'window median', color: C.median, windows: withBit(windows, QUALITY_LEAN).length > 0 ? withBit(windows, QUALITY_LEAN) : windows, value: (w) => cdegToDeg(w.leanCdeg) }],
    }),
  ];
  charts.push(
    histogramChart('hist-cadence', 'Cadence', 'How many steps at each cadence.', 'steps/min', HISTOGRAM_RESOLUTION.cadenceSpm, [{ label: 'steps', color: C.median, values: sets.timed.map((s) => s.cadenceSpm) }]),
    histogramChart('hist-vo', 'Vertical oscillation', 'Per-step bounce.', 'mm', HISTOGRAM_RESOLUTION.voMm, [{ label: 'steps', color: C.median, values: running.filter((s) => s.voMm > 0).map((s) => s.voMm) }]),
    histogramChart('hist-contact', 'Ground contact time', 'Per-step contact.', 'ms', HISTOGRAM_RESOLUTION.contactMs, [{ label: 'steps', color: C.median, values: running.filter((s) => s.contactMs > 0).map((s) => s.contactMs) }]),
    histogramChart('hist-braking', 'Braking', 'Per-step forward speed lost.', 'm/s', HISTOGRAM_RESOLUTION.brakingMps, [{ label: 'steps', color: C.median, values: running.map((s) => s.brakingMms / 1000) }]),
    histogramChart('hist-drop', 'Pelvic drop, left vs right stance', 'The two sides on the same bins: offset humps mean asymmetry.', 'degrees', HISTOGRAM_RESOLUTION.angleDeg, [
      { label: 'left stance', color: C.left, values: sets.left.map((s) => cdegToDeg(s.dropCdeg)) },
      { label: 'right stance', color: C.right, values: sets.right.map((s) => cdegToDeg(s.dropCdeg)) },
    ]),
    histogramChart('hist-rotation', 'Pelvic rotation', 'Per-stride twist, left to right.', 'degrees', HISTOGRAM_RESOLUTION.angleDeg, [{ label: 'steps', color: C.median, values: running.filter((s) => s.rotationCdeg > 0).map((s) => cdegToDeg(s.rotationCdeg)) }]),
    histogramChart('hist-lean', 'Forward lean', 'Per-step mean forward tilt.', 'degrees', HISTOGRAM_RESOLUTION.angleDeg, [{ label: 'steps', color: C.median, values: sets.lean.map((s) => cdegToDeg(s.leanCdeg)) }]),
  );
  const balanceWindows = withBit(windows, QUALITY_BALANCE);
  const balance = timeChart({
    id: 'chart-balance', title: 'Left share per window', yLabel: '% left',
    caption: 'L/(L+R) of ground contact time, step time and pelvic drop per window; 50 % is even.',
    stepSeries: [],
    windowSeries: [
      { label: 'contact time', color: C.left, windows: balanceWindows.filter((w) => w.gctBalanceLeftPct100 > 0), value: (w) => w.gctBalanceLeftPct100 / 100 },
      { label: 'step time', color: C.third, windows: balanceWindows.filter((w) => w.stepBalanceLeftPct100 > 0), value: (w) => w.stepBalanceLeftPct100 / 100 },
      { label: 'pelvic drop', color: C.right, windows: balanceWindows.filter((w) => w.dropBalanceLeftPct100 > 0), value: (w) => w.dropBalanceLeftPct100 / 100 },
    ],
    references: [{ label: 'even (50 %)', color: C.reference, value: 50 }],
  });
  charts.push({ ...balance, section: 'balance', ySoftRange: [45, 55] });
  const driftWindows = withBit(windows, QUALITY_DRIFT);
  const dropDriftWindows = windows.filter((w) => dropDrifts.has(w));
  const dropDriftOf = (w: ReportWindow) => dropDrifts.get(w) as SideDropDrift;
  const angles = timeChart({
    id: 'chart-drift-angles', title: 'Drift of lean and pelvic drop', yLabel: 'degrees',
    caption: 'Window median minus the run\'s first minutes (the pod\'s baseline; lean\'s from its first minutes against the upright the pod last set standing still; ' +
      'pelvic drop per stance, each against its own first minutes).',
    stepSeries: [],
    windowSeries: [
      { label: 'lean', color: C.third, windows: withBit(windows, QUALITY_LEAN_DRIFT), value: (w) => cdegToDeg(w.leanDriftCdeg) },
      { label: 'pelvic drop, left stance', color: C.left, windows: dropDriftWindows, value: (w) => cdegToDeg(dropDriftOf(w).leftCdeg) },
      { label: 'pelvic drop, right stance', color: C.right, windows: dropDriftWindows, value: (w) => cdegToDeg(dropDriftOf(w).rightCdeg) },
    ],
    references: [{ label: 'no change', color: C.reference, value: 0 }],
  });
  const load = timeChart({
    id: 'chart-drift-load', title: 'Drift of bounce and contact time', yLabel: 'mm / ms',
    caption: 'Vertical oscillation (mm) and ground contact time (ms) against the run\'s first minutes.',
    stepSeries: [],
    windowSeries: [
      { label: 'vertical oscillation (mm)', color: C.third, windows: driftWindows, value: (w) => w.voDriftMm },
      { label: 'contact time (ms)', color: C.fourth, windows: driftWindows, value: (w) => w.contactDriftMs },
    ],
    references: [{ label: 'no change', color: C.reference, value: 0 }],
  });
  const note = newStartNote(newStartsMs);
  const withNote = (chart: ChartSpec): ChartSpec => (note.markers.length === 0 ? chart : { ...chart, caption: chart.caption + note.caption, markers: note.markers });
  charts.push({ ...withNote(angles), section: 'drift', ySoftRange: [-1, 1] }, { ...withNote(load), section: 'drift', ySoftRange: [-5, 5] });
  return charts;
}

function walkingCharts(sets: ReportStepSets, windows: readonly ReportWindow[]): ChartSpec[] {
  return [
    timeChart({
      id: 'chart-walking-cadence', title: 'Walking cadence', yLabel: 'steps/min', yMinSpan: 10,
      caption: 'Each dot is one walking step; the line is the pod\'s walking cadence per window, timed over whole strides.',
      stepSeries: [{ label: 'walking step', color: CHART_COLORS.step, steps: sets.walking, value: (s) => (s.stepMs > 0 ? s.cadenceSpm : undefined) }],
      windowSeries: [{ label: 'window', color: CHART_COLORS.median, windows: withBit(windows, QUALITY_WALKING_CADENCE), value: (w) => w.walkingCadenceSpm }],
    }),
  ];
}

/** Every chart of the report; running charts only when the insights covered running. */
export function reportChartsOf(data: ReportData, insights: readonly Insight[]): ChartSpec[] {
  const sets = reportStepSets(data.steps);
  const windows = data.windows.filter((w) => !w.formMissing);
  const charts: ChartSpec[] = [];
  if (insights.some((i) => i.id === 'cadence')) {
    // every window, those without their second half too: the pod counted them into its drift baseline
    const running = runningCharts(sets, windows.filter((w) => w.runningSteps > 0), insights, sideDropDrifts(data.windows), newBaselinesFromMs(data.windows));
    // with too few unsaturated steps only the cadence was measured
    const cadenceOnly = insights.some((i) => i.id === 'tooFewUnsaturated');
    charts.push(...(cadenceOnly ? running.filter((c) => c.id === 'chart-cadence' || c.id === 'hist-cadence') : running));
  }
  if (sets.walking.length > 0) charts.push(...walkingCharts(sets, windows.filter((w) => w.walkingSteps > 0)));
  return charts;
}
