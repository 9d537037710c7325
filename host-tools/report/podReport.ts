// The CLI's report of a recording directory: reportOfRecording.ts with uPlot and the page script
// read from node_modules and this directory, the recording named by its directory.
import * as fs from 'fs';
import * as path from 'path';
import { PodRecording } from '../recording/podRecording';
import { ReportAssets } from './reportHtml';
import { PodReport, reportOfRecording } from './reportOfRecording';
import { PROJECT_ROOT } from '../projectRoot';

export { PodReport };

let assetsCache: ReportAssets | undefined;

/** uPlot's browser build and sheet (from node_modules) and the page script, read once */
export function reportAssets(): ReportAssets {
  if (assetsCache === undefined) {
    assetsCache = {
      uplotJs: fs.readFileSync(require.resolve('uplot/dist/uPlot.iife.min.js'), 'utf8'),
      uplotCss: fs.readFileSync(require.resolve('uplot/dist/uPlot.min.css'), 'utf8'),
      pageJs: fs.readFileSync(path.join(PROJECT_ROOT, 'host-tools', 'report', 'reportPage.js'), 'utf8'),
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
  return reportOfRecording(recording, path.basename(path.resolve(recording.dir)), generatorName(), assets);
}
