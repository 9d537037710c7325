// A researcher's long session: a recording of LONG_RUN_MINUTES (default 120) at 208 Hz with the
// raw stream, two batches lost and a restart (longRecording.ts), and the same run as another
// device's CSV. Each command a researcher runs on them is a whole `lumbarpod` process, timed,
// with its peak resident memory (the kernel's ru_maxrss, read by the process itself at exit).
// Also how fast PodRecordingWriter wrote the session against the time it spans (record at
// 208 Hz must keep up), and the report's size and its largest plot. One JSON line per figure set,
// asserts nothing. LONG_RUN_MINUTES=240 npm run bench long: a 4 h marathon (about 3 million samples).
// Figures: docs/performance.md, "Long recordings on the host".
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { longSyntheticRun, LONG_RUN_RATE_HZ, writeLongCsv, writeLongRecording } from './longRecording';

const root = path.resolve(__dirname, '..', '..');
const minutes = Number(process.env.LONG_RUN_MINUTES || 120);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lumbarpod-long-'));
const peakFile = path.join(tmp, 'peak-rss');
const preload = path.join(tmp, 'peak-rss.js');
fs.writeFileSync(preload, `process.on('exit', () => require('fs').writeFileSync(${JSON.stringify(peakFile)}, String(process.resourceUsage().maxRSS)));\n`);

function mb(bytes: number): number {
  return Number((bytes / 1e6).toFixed(1));
}

function lumbarpod(...args: string[]): { seconds: number; peakRssMb: number } {
  fs.rmSync(peakFile, { force: true });
  const start = process.hrtime.bigint();
  const run = spawnSync(process.execPath, ['-r', preload, path.join(root, 'bin', 'lumbarpod.js'), ...args], {
    cwd: tmp, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8',
  });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (run.status !== 0) throw new Error(`lumbarpod ${args.join(' ')} failed (${run.status ?? run.signal}): ${run.stderr}`);
  return { seconds: Number(seconds.toFixed(2)), peakRssMb: mb(Number(fs.readFileSync(peakFile, 'utf8')) * 1024) };
}

/** the most x values of any plot in the report, and how many plots there are */
function reportPlots(htmlFile: string): { plots: number; largestPlotPoints: number } {
  const html = fs.readFileSync(htmlFile, 'utf8');
  const match = /<script type="application\/json" id="report-data">([\s\S]*?)<\/script>/.exec(html);
  if (match === null) throw new Error(`${htmlFile}: no report data`);
  const charts = (JSON.parse(match[1]) as { charts: Array<{ data: unknown[][] }> }).charts;
  return { plots: charts.length, largestPlotPoints: Math.max(...charts.map((chart) => chart.data[0].length)) };
}

(async () => {
  try {
    // the bundle made before the timed runs, so none of them pays for it
    lumbarpod('--version');
    const run = longSyntheticRun(minutes);
    const dir = path.join(tmp, 'rec');
    const csv = path.join(tmp, 'other.csv');
    const written = await writeLongRecording(dir, run);
    writeLongCsv(csv, run);
    console.log(JSON.stringify({
      bench: 'long-recording-writer',
      minutes, rateHz: LONG_RUN_RATE_HZ, samples: written.meta.rawSamples, gaps: written.meta.gaps.length, steps: written.steps,
      rawCsvMb: mb(fs.statSync(path.join(dir, 'raw.csv')).size), messagesMb: mb(fs.statSync(path.join(dir, 'messages.ndjson')).size),
      writerSeconds: Number(written.writerSeconds.toFixed(2)),
      // how many times faster than the pod sends them the writer takes the session's messages
      writerTimesRealTime: Math.round(written.sessionSeconds / written.writerSeconds),
    }));
    const commands: Array<[string, string[]]> = [
      ['replay', ['replay', dir]],
      ['report', ['report', dir]],
      ['export', ['export', '--bids', dir, '--out', path.join(tmp, 'bids-rec')]],
      ['replayCsv', ['replay', csv]],
      ['exportCsv', ['export', '--bids', csv, '--out', path.join(tmp, 'bids-csv')]],
    ];
    const figures: { [name: string]: number } = {};
    for (const [name, args] of commands) {
      const { seconds, peakRssMb } = lumbarpod(...args);
      figures[`${name}Seconds`] = seconds;
      figures[`${name}PeakRssMb`] = peakRssMb;
    }
    const report = path.join(dir, 'report.html');
    console.log(JSON.stringify({
      bench: 'long-recording-commands',
      minutes, samples: written.meta.rawSamples, csvMb: mb(fs.statSync(csv).size),
      ...figures,
      reportHtmlMb: mb(fs.statSync(report).size), ...reportPlots(report),
      node: process.version,
    }));
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
})().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
