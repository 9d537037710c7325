// The report as one self-contained HTML page: insights, recording issues, an L/R table and a
// <figure> per chart; the chart data as JSON, uPlot (MIT) and the page script inlined, so the
// file opens offline with nothing fetched.
import { Insight, InsightLevel, MIN_RUNNING_STEPS } from './insights';
import { RecordingIssue } from './recordingIssues';
import { chartHasData, ChartSection, ChartSpec } from './reportCharts';
import { escapeHtml, jsonForScript } from './reportFormat';

export interface ReportAssets {
  uplotJs: string;
  uplotCss: string;
  pageJs: string;
}

export interface ReportPage {
  /** recording directory as given */
  recordingName: string;
  /** lines under the title: start time, board, duration */
  subtitle: string;
  insights: Insight[];
  issues: RecordingIssue[];
  charts: ChartSpec[];
  /** "lumbarpod 0.1.0" */
  generator: string;
}

const LEVEL_WORDS: { [level in InsightLevel]: string } = {
  good: 'looks good',
  note: 'worth a look',
  watch: 'worth acting on',
  info: 'context',
};

const SECTIONS: Array<{ section: ChartSection; id: string; title: string; intro: string }> = [
  { section: 'time', id: 'over-the-run', title: 'Over the run', intro: 'Each dot is a step, each line the pod\'s median per window (10 s by default). Time is the pod\'s clock.' },
  { section: 'distribution', id: 'distributions', title: 'Per-step distributions', intro: 'How the steps spread: a narrow hump is a steady stride.' },
  { section: 'balance', id: 'left-right', title: 'Left and right', intro: 'Left stance = left foot on the ground. In left stance the right side of the pelvis drops.' },
  { section: 'drift', id: 'drift', title: 'Fatigue drift', intro: 'Each window against the run\'s first minutes of running, as the pod computes it; 0 = unchanged.' },
];

const PAGE_CSS = `
:root { --ink: #1d2430; --muted: #5b6575; --line: #dde2ea; --good: #2e8b57; --note: #c58a00; --watch: #c0392b; --info: #6b7a90; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: #f6f7f9; }
main { max-width: 1100px; margin: 0 auto; padding: 24px 20px 48px; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 20px; margin: 36px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 16px; margin: 0 0 6px; }
.subtitle, .intro, figcaption, .evidence, footer { color: var(--muted); }
.disclaimer { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 10px 14px; }
/* min(..., 100%): a column never wider than the page, so a phone gets one column, not a page to scroll sideways */
.insights { display: grid; grid-template-columns: repeat(auto-fill, minmax(min(320px, 100%), 1fr)); gap: 14px; }
.insight { background: #fff; border: 1px solid var(--line); border-left: 5px solid var(--info); border-radius: 6px; padding: 12px 14px; }
.insight p { margin: 6px 0; }
.insight .measured { font-weight: 600; }
.insight .evidence { font-size: 13px; }
.insight .meaning { font-size: 14px; }
.level { float: right; font-size: 12px; font-weight: 600; text-transform: uppercase; letter-spacing: .03em; }
.level-good { border-left-color: var(--good); } .level-good .level { color: var(--good); }
.level-note { border-left-color: var(--note); } .level-note .level { color: var(--note); }
.level-watch { border-left-color: var(--watch); } .level-watch .level { color: var(--watch); }
.level-info .level { color: var(--info); }
.issues { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 10px 14px 10px 34px; }
.issues .at { font-variant-numeric: tabular-nums; color: var(--muted); margin-right: 6px; }
.charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(min(480px, 100%), 1fr)); gap: 14px; }
figure.chart { margin: 0; background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 10px 12px; min-width: 0; }
figure.chart h3 { margin-bottom: 2px; }
figcaption { font-size: 13px; margin-bottom: 6px; }
.plot { width: 100%; min-height: 60px; overflow-x: auto; }
.plot:empty::after { content: "Drawing needs JavaScript."; color: var(--muted); }
table.lr { border-collapse: collapse; background: #fff; margin: 8px 0 14px; }
table.lr th, table.lr td { border: 1px solid var(--line); padding: 4px 10px; text-align: right; font-variant-numeric: tabular-nums; }
table.lr th:first-child, table.lr td:first-child { text-align: left; }
.u-legend { font-size: 12px; }
footer { margin-top: 40px; font-size: 13px; }
@media (max-width: 480px) { main { padding: 16px 10px 40px; } figure.chart { padding: 8px; } }
@media print { body { background: #fff; } .charts { grid-template-columns: 1fr; } }
`;

function insightHtml(insight: Insight): string {
  return (
    `<article class="insight level-${insight.level}" id="insight-${insight.id}" data-level="${insight.level}">` +
    `<span class="level">${LEVEL_WORDS[insight.level]}</span><h3>${escapeHtml(insight.title)}</h3>` +
    `<p class="measured">${escapeHtml(insight.measured)}</p>` +
    `<p class="evidence">Evidence: ${escapeHtml(insight.evidence)}</p>` +
    `<p class="meaning">${escapeHtml(insight.meaning)}</p></article>`
  );
}

function issuesHtml(issues: readonly RecordingIssue[]): string {
  if (issues.length === 0) return '<p id="no-issues">No gaps, link errors or pod errors: the recording is complete.</p>';
  const items = issues.map((issue) => `<li>${issue.at ? `<span class="at">${escapeHtml(issue.at)}</span>` : ''}${escapeHtml(issue.what)}</li>`);
  return `<ul class="issues">${items.join('')}</ul>`;
}

function numberText(value: number | boolean | undefined, digits: number, scale = 1): string {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? (value / scale).toFixed(digits) : '–';
}

/** left vs right medians from the drop and contact insights */
function leftRightTable(insights: readonly Insight[]): string {
  const drop = insights.find((i) => i.id === 'pelvicDrop');
  const contact = insights.find((i) => i.id === 'contact');
  if (drop === undefined || contact === undefined) return '';
  const rows = [
    ['running steps', String(drop.values.leftSteps), String(drop.values.rightSteps)],
    ['pelvic drop in stance (°)', numberText(drop.values.dropLeftCdeg, 1, 100), numberText(drop.values.dropRightCdeg, 1, 100)],
    ['ground contact time (ms)', numberText(contact.values.contactLeftMs, 0), numberText(contact.values.contactRightMs, 0)],
  ];
  return (
    '<table class="lr" id="lr-table"><thead><tr><th>median</th><th>left stance</th><th>right stance</th></tr></thead><tbody>' +
    rows.map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`).join('') +
    '</tbody></table>'
  );
}

/** a chart's figure; one with nothing to draw says so, and the page script leaves it be */
function chartHtml(chart: ChartSpec): string {
  const drawn = chartHasData(chart);
  return (
    `<figure class="chart" id="${escapeHtml(chart.id)}"${drawn ? '' : ' data-empty="1"'}><h3>${escapeHtml(chart.title)}</h3>` +
    `<figcaption>${escapeHtml(chart.caption)}</figcaption><div class="plot">${drawn ? '' : 'No data for this plot in this recording.'}</div></figure>`
  );
}

/**
 * why a report has no plots, in words that agree with its insights: a run too short for the
 * running insights has steps, and 'no steps' would contradict the step count above it
 */
function noChartsText(insights: readonly Insight[]): string {
  const tooFew = insights.find((i) => i.id === 'tooFewSteps');
  if (tooFew !== undefined) {
    return `Too few running steps to plot: ${tooFew.values.runningSteps} usable, and the plots, as the running insights, need at least ${MIN_RUNNING_STEPS}.`;
  }
  const activity = insights.find((i) => i.id === 'activity');
  if (activity !== undefined && typeof activity.values.steps === 'number' && activity.values.steps > 0) return 'Nothing to plot in this recording.';
  return 'No steps in this recording: nothing to plot.';
}

/** inline <script> text must not close its element early */
function scriptText(js: string): string {
  return js.replace(/<\/script/gi, '<\\/script');
}

export function renderReportHtml(page: ReportPage, assets: ReportAssets): string {
  const sections: string[] = [];
  for (const s of SECTIONS) {
    const charts = page.charts.filter((c) => c.section === s.section);
    if (charts.length === 0) continue;
    const extra = s.section === 'balance' ? leftRightTable(page.insights) : '';
    sections.push(
      `<section id="${s.id}"><h2>${escapeHtml(s.title)}</h2><p class="intro">${escapeHtml(s.intro)}</p>${extra}` +
        `<div class="charts">${charts.map(chartHtml).join('')}</div></section>`,
    );
  }
  const noCharts = page.charts.length === 0 ? `<section id="plots"><h2>Plots</h2><p>${escapeHtml(noChartsText(page.insights))}</p></section>` : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>LumbarPod report: ${escapeHtml(page.recordingName)}</title>
<style>${assets.uplotCss}</style>
<style>${PAGE_CSS}</style>
</head>
<body>
<main>
<header>
<h1>LumbarPod running report</h1>
<p class="subtitle">${escapeHtml(page.recordingName)}: ${escapeHtml(page.subtitle)}</p>
<p class="disclaimer">These are indicators of running form measured at the lower back by one sensor, with the evidence behind each. They are not a diagnosis; for pain or injury, see a clinician or physiotherapist.</p>
</header>
<section id="insights"><h2>Form insights</h2><div class="insights">${page.insights.map(insightHtml).join('')}</div></section>
<section id="issues"><h2>Recording issues</h2>${issuesHtml(page.issues)}</section>
${sections.join('\n')}${noCharts}
<footer>Made by ${escapeHtml(page.generator)} from the pod's own step and window messages. Plots drawn with uPlot (MIT licence, embedded).</footer>
</main>
<script type="application/json" id="report-data">${jsonForScript({ charts: page.charts.filter(chartHasData) })}</script>
<script>${scriptText(assets.uplotJs)}</script>
<script>${scriptText(assets.pageJs)}</script>
</body>
</html>
`;
}
