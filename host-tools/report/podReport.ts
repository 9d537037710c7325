// A recording in, the report out: insights, recording issues and charts from the pod's messages,
// rendered into one HTML page with uPlot and the page script inlined.
import * as fs from 'fs';
import * as path from 'path';
import { PodRecording } from '../recording/podRecording';
import { Insight, insightsOf } from './insights';
import { RecordingIssue, recordingIssuesOf } from './recordingIssues';
import { ChartSpec, reportChartsOf } from './reportCharts';
import { ReportData, reportDataOf } from './reportData';
import { clockOf } from './reportFormat';
import { renderReportHtml, ReportAssets } from './reportHtml';

export interface PodReport {
  data: ReportData;
  insights: Insight[];
  issues: RecordingIssue[];
  charts: ChartSpec[];
  html: string;
}

let assetsCache: ReportAssets | undefined;

/** uPlot's browser build and sheet (from node_modules) and the page script, read once */
export function reportAssets(): ReportAssets {
  if (assetsCache === undefined) {
    assetsCache = {
      uplotJs: fs.readFileSync(require.resolve('uplot/dist/uPlot.iife.min.js'), 'utf8'),
      uplotCss: fs.readFileSync(require.resolve('uplot/dist/uPlot.min.css'), 'utf8'),
      pageJs: fs.readFileSync(path.join(__dirname, 'reportPage.js'), 'utf8'),
    };
  }
  return assetsCache;
}

function generatorName(): string {
  try {
    return `lumbarpod ${(require('../../package.json') as { version: string }).version} report`;
  } catch (e) {
    return 'lumbarpod report';
  }
}

export function podReportOf(recording: PodRecording, assets: ReportAssets = reportAssets()): PodReport {
  const data = reportDataOf(recording);
  const insights = insightsOf(data);
  const issues = recordingIssuesOf(data);
  const charts = reportChartsOf(data, insights);
  const meta = data.meta;
  const duration = insights[0] && typeof insights[0].values.durationMs === 'number' ? clockOf(insights[0].values.durationMs) : '?';
  const subtitle =
    `recorded ${meta.startTime ? meta.startTime.replace('T', ' ').replace(/\.\d+Z$/, ' UTC') : 'at an unknown time'}, ` +
    `${duration} long, board ${meta.board || '?'}, firmware ${meta.firmwareVersion || 'unknown'}`;
  const html = renderReportHtml(
    { recordingName: path.basename(path.resolve(recording.dir)), subtitle, insights, issues, charts, generator: generatorName() },
    assets,
  );
  return { data, insights, issues, charts, html };
}
