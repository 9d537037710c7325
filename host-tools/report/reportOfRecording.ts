// A recording in, the report out: insights, recording issues and charts from the pod's messages
// (or, for a raw-only recording, from replay of its raw samples where the pod gave none),
// rendered into one HTML page with the assets given inlined. No I/O here: the CLI reads the
// assets from node_modules (podReport.ts), the dashboard carries them in its script.
import { PodRecording } from '../recording/podRecordingModel';
import { Insight, insightsOf } from './insights';
import { RecordingIssue, recordingIssuesOf } from './recordingIssues';
import { ChartSpec, reportChartsOf } from './reportCharts';
import { ReportData, reportDataOf } from './reportData';
import { reportDataFromReplay } from './reportFromReplay';
import { clockOf } from './reportFormat';
import { renderReportHtml, ReportAssets } from './reportHtml';

export interface PodReport {
  data: ReportData;
  insights: Insight[];
  issues: RecordingIssue[];
  charts: ChartSpec[];
  html: string;
}

/** what the report rests on: the pod's steps and windows, and for a raw-only recording its replay's where the pod has none */
export function reportDataOfRecording(recording: PodRecording): ReportData {
  return reportDataFromReplay(reportDataOf(recording), recording);
}

/** the report of `recording`, titled `recordingName`, its footer naming `generator` */
export function reportOfRecording(recording: PodRecording, recordingName: string, generator: string, assets: ReportAssets): PodReport {
  const data = reportDataOfRecording(recording);
  const insights = insightsOf(data);
  const issues = recordingIssuesOf(data);
  const charts = reportChartsOf(data, insights);
  const meta = data.meta;
  const duration = insights[0] && typeof insights[0].values.durationMs === 'number' ? clockOf(insights[0].values.durationMs) : '?';
  const subtitle =
    `recorded ${meta.startTime ? meta.startTime.replace('T', ' ').replace(/\.\d+Z$/, ' UTC') : 'at an unknown time'}, ` +
    `${duration} long, board ${meta.board || '?'}, firmware ${meta.firmwareVersion || 'unknown'}` +
    (data.detectedBy === 'replay' ? ', steps detected on this computer (the pod recorded raw samples only)'
      : data.detectedBy === 'podAndReplay' ? ', steps detected on this computer where the pod recorded raw samples only' : '');
  const html = renderReportHtml({ recordingName, subtitle, insights, issues, charts, generator }, assets);
  return { data, insights, issues, charts, html };
}
