// Replay output as readable tables (cli-table3): per-window tables, gaps, totals, and steps on
// request. Units sit in the column heads; scaled integers are shown divided (cdeg as deg,
// Pct100 as %, Bw100 as BW). A window value whose quality flag is off is marked with '*'.
import Table from 'cli-table3';
import { ReplayGap, ReplayStep, ReplaySummary } from './replayRecords';
import { ReplayResult } from './replayRecording';
import { ReplayTotals } from './replayTotals';

interface Column<Row> {
  /** name and unit, one line each */
  head: string;
  value: (row: Row) => number | string | null;
  /** shown value = value / divisor, with `decimals` digits */
  divisor?: number;
  decimals?: number;
  /** summary quality flag behind this column */
  quality?: string;
}

export interface ReplayTableOptions {
  /** include one row per step */
  steps?: boolean;
}

const MS_AS_S = { divisor: 1000, decimals: 2 };
const CDEG_AS_DEG = { divisor: 100, decimals: 1 };
const PCT100_AS_PCT = { divisor: 100, decimals: 2 };
const BW100_AS_BW = { divisor: 100, decimals: 2 };

const WINDOW_TIMING: Column<ReplaySummary>[] = [
  { head: 'window', value: (w) => w.index },
  { head: 'start\ns', value: (w) => w.startMs, ...MS_AS_S },
  { head: 'end\ns', value: (w) => w.endMs, ...MS_AS_S },
  { head: 'steps', value: (w) => w.steps },
  { head: 'running', value: (w) => w.runningSteps },
  { head: 'walking', value: (w) => w.walkingSteps },
  { head: 'saturated\nsteps', value: (w) => w.saturatedSteps },
  { head: 'cadence\nspm', value: (w) => w.cadenceSpm, quality: 'cadence' },
  { head: 'walking\nspm', value: (w) => w.walkingCadenceSpm, quality: 'walkingCadence' },
  { head: 'contact\nms', value: (w) => w.contactMs, quality: 'contact' },
  { head: 'flight\nms', value: (w) => w.flightMs, quality: 'contact' },
  { head: 'VO\nmm', value: (w) => w.voMm, quality: 'vo' },
  { head: 'VO ratio\n%', value: (w) => w.verticalRatioPct100, ...PCT100_AS_PCT, quality: 'verticalRatio' },
  { head: 'GCT left\n%', value: (w) => w.gctBalanceLeftPct100, ...PCT100_AS_PCT, quality: 'balance' },
  { head: 'step left\n%', value: (w) => w.stepBalanceLeftPct100, ...PCT100_AS_PCT, quality: 'balance' },
];

const WINDOW_LOAD_PELVIS: Column<ReplaySummary>[] = [
  { head: 'window', value: (w) => w.index },
  { head: 'impact\nmg', value: (w) => w.impactMg, quality: 'impact' },
  { head: 'axial\nmg', value: (w) => w.impactAxialMg, quality: 'impact' },
  { head: 'shear\nmg', value: (w) => w.impactShearMg, quality: 'impact' },
  { head: 'vGRF\nBW', value: (w) => w.vgrfBw100, ...BW100_AS_BW, quality: 'impact' },
  { head: 'braking\nmm/s', value: (w) => w.brakingMms, quality: 'braking' },
  { head: 'brake peak\nmg', value: (w) => w.brakingPeakMg, quality: 'braking' },
  { head: 'drop L\ndeg', value: (w) => w.dropLeftCdeg, ...CDEG_AS_DEG, quality: 'drop' },
  { head: 'drop R\ndeg', value: (w) => w.dropRightCdeg, ...CDEG_AS_DEG, quality: 'drop' },
  { head: 'drop left\n%', value: (w) => w.dropBalanceLeftPct100, ...PCT100_AS_PCT, quality: 'balance' },
  { head: 'rotation\ndeg', value: (w) => w.rotationCdeg, ...CDEG_AS_DEG, quality: 'rotation' },
  { head: 'tilt range\ndeg', value: (w) => w.tiltRangeCdeg, ...CDEG_AS_DEG, quality: 'lean' },
  { head: 'lean\ndeg', value: (w) => w.leanCdeg, ...CDEG_AS_DEG, quality: 'lean' },
];

const WINDOW_VARIABILITY_DRIFT: Column<ReplaySummary>[] = [
  { head: 'window', value: (w) => w.index },
  { head: 'step time CV\n%', value: (w) => w.stepTimeCvPct100, ...PCT100_AS_PCT, quality: 'variability' },
  { head: 'contact CV\n%', value: (w) => w.contactCvPct100, ...PCT100_AS_PCT, quality: 'variability' },
  { head: 'drop CV\n%', value: (w) => w.dropCvPct100, ...PCT100_AS_PCT, quality: 'variability' },
  { head: 'lean drift\ndeg', value: (w) => w.leanDriftCdeg, ...CDEG_AS_DEG, quality: 'leanDrift' },
  { head: 'drop drift\ndeg', value: (w) => w.dropDriftCdeg, ...CDEG_AS_DEG, quality: 'drift' },
  { head: 'VO drift\nmm', value: (w) => w.voDriftMm, quality: 'drift' },
  { head: 'contact drift\nms', value: (w) => w.contactDriftMs, quality: 'drift' },
];

const STEP_COLUMNS: Column<ReplayStep>[] = [
  { head: 'step', value: (s) => s.index },
  { head: 'time\ns', value: (s) => s.tMs, ...MS_AS_S },
  { head: 'side', value: (s) => s.side },
  { head: 'kind', value: (s) => s.kind },
  { head: 'step\nms', value: (s) => s.stepMs },
  { head: 'cadence\nspm', value: (s) => s.cadenceSpm },
  { head: 'contact\nms', value: (s) => s.contactMs },
  { head: 'flight\nms', value: (s) => s.flightMs },
  { head: 'VO\nmm', value: (s) => s.voMm },
  { head: 'impact\nmg', value: (s) => s.impactMg },
  { head: 'axial\nmg', value: (s) => s.impactAxialMg },
  { head: 'shear\nmg', value: (s) => s.impactShearMg },
  { head: 'vGRF\nBW', value: (s) => s.vgrfBw100, ...BW100_AS_BW },
  { head: 'braking\nmm/s', value: (s) => s.brakingMms },
  { head: 'brake peak\nmg', value: (s) => s.brakingPeakMg },
  { head: 'drop\ndeg', value: (s) => s.dropCdeg, ...CDEG_AS_DEG },
  { head: 'rotation\ndeg', value: (s) => s.rotationCdeg, ...CDEG_AS_DEG },
  { head: 'tilt range\ndeg', value: (s) => s.tiltRangeCdeg, ...CDEG_AS_DEG },
  { head: 'lean\ndeg', value: (s) => s.leanCdeg, ...CDEG_AS_DEG },
  { head: 'quality', value: (s) => s.quality.join(' ') },
];

const GAP_COLUMNS: Column<ReplayGap & { index: number }>[] = [
  { head: 'gap', value: (g) => g.index },
  { head: 'start\ns', value: (g) => g.startMs, ...MS_AS_S },
  { head: 'end\ns', value: (g) => g.endMs, ...MS_AS_S },
  { head: 'missing\nsamples', value: (g) => g.missingSamples },
  { head: 'cause', value: (g) => g.cause ?? '' },
];

const TOTAL_COUNTS: Column<ReplayTotals>[] = [
  { head: 'steps', value: (t) => t.steps },
  { head: 'running', value: (t) => t.runningSteps },
  { head: 'saturated\nsteps', value: (t) => t.saturatedSteps },
  { head: 'walking', value: (t) => t.walkingSteps },
  { head: 'walking cadence\nspm', value: (t) => t.walkingCadenceSpm },
  { head: 'duration\ns', value: (t) => t.durationMs, ...MS_AS_S },
  { head: 'rate\nHz', value: (t) => t.sampleRateHz },
  { head: 'windows', value: (t) => t.windows },
  { head: 'gaps', value: (t) => t.gaps },
  { head: 'missing\nsamples', value: (t) => t.missingSamples },
  { head: 'saturated\nsamples', value: (t) => t.saturatedSamples },
];

const TOTAL_RUNNING_GAIT_LOAD: Column<ReplayTotals>[] = [
  { head: 'cadence\nspm', value: (t) => t.cadenceSpm },
  { head: 'contact\nms', value: (t) => t.contactMs },
  { head: 'flight\nms', value: (t) => t.flightMs },
  { head: 'VO\nmm', value: (t) => t.voMm },
  { head: 'GCT left\n%', value: (t) => t.gctBalanceLeftPct100, ...PCT100_AS_PCT },
  { head: 'impact\nmg', value: (t) => t.impactMg },
  { head: 'axial\nmg', value: (t) => t.impactAxialMg },
  { head: 'shear\nmg', value: (t) => t.impactShearMg },
  { head: 'vGRF\nBW', value: (t) => t.vgrfBw100, ...BW100_AS_BW },
  { head: 'braking\nmm/s', value: (t) => t.brakingMms },
  { head: 'brake peak\nmg', value: (t) => t.brakingPeakMg },
];

const TOTAL_RUNNING_PELVIS: Column<ReplayTotals>[] = [
  { head: 'drop L\ndeg', value: (t) => t.dropLeftCdeg, ...CDEG_AS_DEG },
  { head: 'drop R\ndeg', value: (t) => t.dropRightCdeg, ...CDEG_AS_DEG },
  { head: 'rotation\ndeg', value: (t) => t.rotationCdeg, ...CDEG_AS_DEG },
  { head: 'tilt range\ndeg', value: (t) => t.tiltRangeCdeg, ...CDEG_AS_DEG },
  { head: 'lean\ndeg', value: (t) => t.leanCdeg, ...CDEG_AS_DEG },
];

function cellText<Row>(column: Column<Row>, row: Row, qualityOk: boolean): string {
  const value = column.value(row);
  if (value === null) return '-';
  let text = typeof value === 'number' && column.divisor ? (value / column.divisor).toFixed(column.decimals || 0) : String(value);
  if (!qualityOk) text += '*';
  return text;
}

function renderTable<Row>(title: string, columns: Column<Row>[], rows: Row[], quality?: (row: Row, flag: string) => boolean): string {
  const table = new Table({
    head: columns.map((column) => column.head),
    colAligns: columns.map(() => 'right' as const),
    // plain text: the output is often piped or saved
    style: { head: [], border: [] },
  });
  for (const row of rows) {
    table.push(columns.map((column) => cellText(column, row, !quality || !column.quality || quality(row, column.quality))));
  }
  return `${title}\n${table.toString()}\n`;
}

/** All tables as one string, each under a title line, separated by blank lines. */
export function formatReplayTables(result: ReplayResult, options: ReplayTableOptions = {}): string {
  const parts: string[] = [];
  const summaries = result.records.filter((r): r is ReplaySummary => r.type === 'summary');
  const gaps = result.records.filter((r): r is ReplayGap => r.type === 'gap');
  if (options.steps) {
    const steps = result.records.filter((r): r is ReplayStep => r.type === 'step');
    parts.push(steps.length > 0 ? renderTable('Steps', STEP_COLUMNS, steps) : 'Steps: none\n');
  }
  if (summaries.length > 0) {
    const quality = (w: ReplaySummary, flag: string) => w.quality[flag] !== false;
    parts.push(renderTable('Windows: timing (* = quality flag off)', WINDOW_TIMING, summaries, quality));
    parts.push(renderTable('Windows: load and pelvis', WINDOW_LOAD_PELVIS, summaries, quality));
    parts.push(renderTable('Windows: variability and drift', WINDOW_VARIABILITY_DRIFT, summaries, quality));
  } else {
    parts.push('Windows: none\n');
  }
  if (gaps.length > 0) {
    parts.push(renderTable('Gaps', GAP_COLUMNS, gaps.map((gap, i) => ({ ...gap, index: i + 1 }))));
  }
  const totals = [result.totals];
  parts.push(renderTable('Totals', TOTAL_COUNTS, totals));
  // a saturated step's load metrics are zeroed, so the medians leave it out: with most saturated,
  // they rest on the few left, which the count above shows
  parts.push(renderTable('Medians over running steps free of saturation: timing and load', TOTAL_RUNNING_GAIT_LOAD, totals));
  parts.push(renderTable('Medians over running steps free of saturation: pelvis', TOTAL_RUNNING_PELVIS, totals));
  return parts.join('\n');
}
