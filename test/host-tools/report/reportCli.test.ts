import { expect } from 'chai';
import * as fs from 'fs';
import * as path from 'path';
import { ChartSpec } from '../../../host-tools/report/reportCharts';
import { copyRecording, logSessionRecording, reportTmpDir, runLumbarpod, STEADY_RUN, syntheticRecording } from './reportFixtures';

/** exactly one line "lumbarpod: ...", no stack frames */
function oneErrorLine(stderr: string): string {
  const lines = stderr.trimEnd().split('\n');
  expect(lines, stderr).to.have.length(1);
  expect(lines[0]).to.match(/^lumbarpod: /);
  expect(stderr).to.not.match(/^\s+at /m);
  return lines[0];
}

/** the ids of the charts the page script draws (its #report-data) and of the figures it leaves saying they have no data */
function plotsOfPage(html: string): { drawn: string[]; empty: string[] } {
  const data = /<script type="application\/json" id="report-data">([\s\S]*?)<\/script>/.exec(html);
  if (data === null) throw new Error('no #report-data in the page');
  const drawn = (JSON.parse(data[1]) as { charts: ChartSpec[] }).charts.map((c) => c.id);
  const empty = Array.from(html.matchAll(/<figure class="chart" id="([^"]+)" data-empty="1">/g), (m) => m[1]);
  return { drawn, empty };
}

/** the 7 histograms of per-step values */
const STEP_HISTOGRAMS = ['hist-cadence', 'hist-vo', 'hist-contact', 'hist-braking', 'hist-drop', 'hist-rotation', 'hist-lean'];

describe('lumbarpod report', () => {
  let recording: string;
  before(async function () {
    this.timeout(120000);
    recording = await syntheticRecording('steady', STEADY_RUN);
  });

  it('writes RECORDING/report.html by default and says what is in it', async () => {
    const dir = copyRecording(recording, 'cli-default');
    const result = await runLumbarpod('report', dir);
    expect(result.status, result.stderr).to.equal(0);
    expect(result.stderr).to.equal('');
    const out = path.join(dir, 'report.html');
    expect(result.stdout).to.equal(`${out}: 10 insights, 17 plots, 0 recording issues\n`);
    expect(fs.readFileSync(out, 'utf8')).to.match(/^<!doctype html>/);
  });

  it('draws every plot of a steady run, the drift of bounce and contact time too: it was measured, and is 0 throughout', async () => {
    const out = path.join(reportTmpDir(), 'steady-plots.html');
    const result = await runLumbarpod('report', recording, '--out', out);
    expect(result.status, result.stderr).to.equal(0);
    const plots = plotsOfPage(fs.readFileSync(out, 'utf8'));
    expect(plots.empty).to.deep.equal([]);
    expect(plots.drawn).to.have.length(17);
    expect(result.stdout).to.equal(`${out}: 10 insights, 17 plots, 0 recording issues\n`);
  });

  it('counts 10 plots for the same run as a session from the pod\'s log (window summaries only): no step, so none of the 7 per-step histograms is drawn', async () => {
    const dir = await logSessionRecording('steady', STEADY_RUN);
    const out = path.join(reportTmpDir(), 'steady-log-session.html');
    const result = await runLumbarpod('report', dir, '--out', out);
    expect(result.status, result.stderr).to.equal(0);
    const plots = plotsOfPage(fs.readFileSync(out, 'utf8'));
    expect(plots.empty).to.deep.equal(STEP_HISTOGRAMS);
    expect(plots.drawn).to.deep.equal([
      'chart-cadence', 'chart-vo', 'chart-contact', 'chart-braking', 'chart-drop', 'chart-rotation', 'chart-lean', 'chart-balance', 'chart-drift-angles', 'chart-drift-load',
    ]);
    expect(result.stdout).to.equal(`${out}: 10 insights, 10 plots, 0 recording issues\n`);
  });

  it('writes where --out says', async () => {
    const out = path.join(reportTmpDir(), 'elsewhere.html');
    const result = await runLumbarpod('report', recording, '--out', out);
    expect(result.status, result.stderr).to.equal(0);
    expect(fs.existsSync(out)).to.equal(true);
  });

  it('exits 1 with one line for a missing directory', async () => {
    const missing = path.join(reportTmpDir(), 'no-such-run');
    const result = await runLumbarpod('report', missing);
    expect(result.status).to.equal(1);
    expect(oneErrorLine(result.stderr)).to.equal(`lumbarpod: cannot read ${missing}: no such file or directory`);
  });

  it('exits 1 with one line for a file or a directory that is not a recording', async () => {
    const file = path.join(reportTmpDir(), 'not-a-dir.csv');
    fs.writeFileSync(file, 't_ms,ax\n');
    const onFile = await runLumbarpod('report', file);
    expect(onFile.status).to.equal(1);
    expect(oneErrorLine(onFile.stderr)).to.match(/not-a-dir\.csv is not a recording: expected a directory/);
    const empty = path.join(reportTmpDir(), 'empty-dir');
    fs.mkdirSync(empty, { recursive: true });
    const onEmpty = await runLumbarpod('report', empty);
    expect(onEmpty.status).to.equal(1);
    expect(oneErrorLine(onEmpty.stderr)).to.match(/empty-dir is not a recording: it has no recording\.json/);
    const other = copyRecording(recording, 'other-format');
    fs.writeFileSync(path.join(other, 'recording.json'), JSON.stringify({ format: 'something-else', formatVersion: 1 }));
    const onOther = await runLumbarpod('report', other);
    expect(onOther.status).to.equal(1);
    expect(oneErrorLine(onOther.stderr)).to.match(/not a LumbarPod recording \(format "something-else"\)/);
  });

  it('names the recordings inside a directory that holds them (as log --out writes its sessions), rather than only that it has no recording.json', async () => {
    const parent = path.join(reportTmpDir(), 'log-out');
    fs.rmSync(parent, { recursive: true, force: true });
    fs.mkdirSync(parent);
    const one = copyRecording(recording, path.join('log-out', 'session-01'));
    const result = await runLumbarpod('report', parent);
    expect(result.status).to.equal(1);
    expect(oneErrorLine(result.stderr)).to.equal(`lumbarpod: ${parent} is not a recording: it holds a recording (session-01), not one itself: give that one, ${one}`);
    for (const name of ['session-02', 'session-03', 'session-04']) copyRecording(recording, path.join('log-out', name));
    const many = await runLumbarpod('replay', parent);
    expect(many.status).to.equal(1);
    expect(oneErrorLine(many.stderr)).to.equal(`lumbarpod: cannot read ${parent}: it holds recordings (session-01, session-02, session-03, ...), not one itself: give one of them, e.g. ${one}`);
    const bids = path.join(reportTmpDir(), 'log-out-bids');
    const exported = await runLumbarpod('export', '--bids', parent, '--out', bids);
    expect(exported.status).to.equal(1);
    expect(oneErrorLine(exported.stderr)).to.equal(`lumbarpod: ${parent}: not a LumbarPod recording: it holds recordings (session-01, session-02, session-03, ...), not one itself: give one of them, e.g. ${one}`);
    expect(fs.existsSync(bids), 'nothing written').to.equal(false);
  });

  it('exits 1 with one line for a truncated recording.json', async () => {
    const dir = copyRecording(recording, 'cut-meta');
    const meta = path.join(dir, 'recording.json');
    const text = fs.readFileSync(meta, 'utf8');
    fs.writeFileSync(meta, text.slice(0, text.length >> 1));
    const result = await runLumbarpod('report', dir);
    expect(result.status).to.equal(1);
    expect(oneErrorLine(result.stderr)).to.match(/recording\.json: .*JSON/);
    expect(fs.existsSync(path.join(dir, 'report.html'))).to.equal(false);
  });

  it('writes the report past damaged messages.ndjson lines: each named in a warning and among the recording issues, every other line read', async () => {
    const dir = copyRecording(recording, 'corrupt-messages');
    const file = path.join(dir, 'messages.ndjson');
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    // line 11 is a raw batch, cut off in the middle; a step line becomes garbage
    const stepAt = lines.findIndex((line) => line !== '' && JSON.parse(line).type === 'step');
    lines[10] = lines[10].slice(0, 25);
    lines[stepAt] = 'garbage';
    fs.writeFileSync(file, lines.join('\n'));
    const result = await runLumbarpod('report', dir);
    expect(result.status, result.stderr).to.equal(0);
    const warnings = [
      `messages.ndjson line 11: not JSON: "${lines[10]}"; dropped`,
      `messages.ndjson line ${stepAt + 1}: not JSON: "garbage"; dropped`,
    ];
    expect(result.stderr.trimEnd().split('\n')).to.deep.equal(warnings.map((warning) => `lumbarpod: warning: ${dir}: ${warning}`));
    expect(result.stdout).to.equal(`${path.join(dir, 'report.html')}: 10 insights, 17 plots, 2 recording issues\n`);
    const html = fs.readFileSync(path.join(dir, 'report.html'), 'utf8');
    for (const warning of warnings) expect(html).to.contain(warning.replace(/"/g, '&quot;'));
    // the step is the one line lost from the report
    const intactOut = path.join(reportTmpDir(), 'intact-messages.html');
    expect((await runLumbarpod('report', recording, '--out', intactOut)).status).to.equal(0);
    expect(fs.readFileSync(intactOut, 'utf8')).to.contain('640 steps: ');
    expect(html).to.contain('639 steps: ');
  });

  it('writes the report past a raw.csv line cut off in the middle: the line named in a warning, its sample a gap among the recording issues', async () => {
    const dir = copyRecording(recording, 'corrupt-raw');
    const file = path.join(dir, 'raw.csv');
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    lines[100] = '99,951.923,1,2';
    fs.writeFileSync(file, lines.join('\n'));
    const result = await runLumbarpod('report', dir);
    expect(result.status, result.stderr).to.equal(0);
    expect(result.stderr.trimEnd().split('\n')).to.deep.equal([
      `lumbarpod: warning: ${dir}: raw.csv line 101: expected 8 numbers, got "99,951.923,1,2"; dropped`,
      `lumbarpod: warning: ${dir}: raw.csv: sample 99 (at 0.95 s) is missing where lines were dropped; a gap`,
    ]);
    // the gap, and the two warnings
    expect(result.stdout).to.equal(`${path.join(dir, 'report.html')}: 10 insights, 17 plots, 3 recording issues\n`);
    expect(fs.readFileSync(path.join(dir, 'report.html'), 'utf8')).to.contain('(0.01 s) missing, not read: their lines in raw.csv were damaged');
  });

  it('writes the report and warns when the session was cut short mid-line', async () => {
    const dir = copyRecording(recording, 'cut-short');
    fs.appendFileSync(path.join(dir, 'messages.ndjson'), '{"receivedMs":1,"type":"ste');
    const result = await runLumbarpod('report', dir);
    expect(result.status, result.stderr).to.equal(0);
    expect(result.stderr).to.match(/^lumbarpod: warning: .*messages\.ndjson line \d+: cut short/);
    expect(fs.readFileSync(path.join(dir, 'report.html'), 'utf8')).to.contain('cut short');
  });

  it('exits 1 with one line when the report cannot be written', async () => {
    const out = path.join(reportTmpDir(), 'no-such-dir', 'report.html');
    const result = await runLumbarpod('report', recording, '--out', out);
    expect(result.status).to.equal(1);
    expect(oneErrorLine(result.stderr)).to.equal(`lumbarpod: cannot write ${out}: no such file or directory`);
  });

  it('leaves a report written before whole when the disk fills up part way through the new one, and no temporary file beside it', async () => {
    const dir = copyRecording(recording, 'disk-full');
    const out = path.join(dir, 'report.html');
    const before = '<!doctype html><title>the report written before</title>\n';
    fs.writeFileSync(out, before);
    const filesBefore = fs.readdirSync(dir).sort();
    // the real module, which the command's own import reads from: its first 4 KB go in, then the disk is full
    const nodeFs = require('fs') as typeof fs;
    const writeFileSync = nodeFs.writeFileSync;
    nodeFs.writeFileSync = ((file: fs.PathOrFileDescriptor, data: string | NodeJS.ArrayBufferView, options?: fs.WriteFileOptions) => {
      if (typeof file !== 'string' || !file.startsWith(dir)) return writeFileSync(file, data, options);
      writeFileSync(file, String(data).slice(0, 4096));
      throw Object.assign(new Error(`ENOSPC: no space left on device, write`), { code: 'ENOSPC' });
    }) as typeof fs.writeFileSync;
    let result;
    try {
      result = await runLumbarpod('report', dir);
    } finally {
      nodeFs.writeFileSync = writeFileSync;
    }
    expect(result.status).to.equal(1);
    expect(oneErrorLine(result.stderr)).to.equal(`lumbarpod: cannot write ${out}: the disk is full; ${out} is as it was before`);
    expect(fs.readFileSync(out, 'utf8')).to.equal(before);
    expect(fs.readdirSync(dir).sort()).to.deep.equal(filesBefore);
  });

  it('refuses an --out that is a directory, naming a file in it to give instead, and writes nothing', async () => {
    const out = path.join(reportTmpDir(), 'out-is-a-directory');
    fs.mkdirSync(out, { recursive: true });
    const result = await runLumbarpod('report', recording, '--out', out);
    expect(result.status).to.equal(1);
    expect(oneErrorLine(result.stderr)).to.equal(`lumbarpod: --out ${out} is a directory, not a file: give the page's file name, e.g. ${path.join(out, 'report.html')}`);
    expect(fs.readdirSync(out)).to.deep.equal([]);
  });

  it('refuses an --out that is a file but no HTML page (the recording\'s own raw.csv), leaving it as it was, and replaces a report written before', async () => {
    const dir = copyRecording(recording, 'out-on-raw');
    const rawFile = path.join(dir, 'raw.csv');
    const rawBefore = fs.readFileSync(rawFile, 'utf8');
    const onRaw = await runLumbarpod('report', dir, '--out', rawFile);
    expect(onRaw.status).to.equal(1);
    expect(oneErrorLine(onRaw.stderr)).to.equal(`lumbarpod: --out ${rawFile} is a file that is not an HTML page; give another --out (nothing was overwritten)`);
    expect(fs.readFileSync(rawFile, 'utf8')).to.equal(rawBefore);
    const out = path.join(dir, 'again.html');
    expect((await runLumbarpod('report', dir, '--out', out)).status).to.equal(0);
    const again = await runLumbarpod('report', dir, '--out', out);
    expect(again.status, again.stderr).to.equal(0);
    expect(fs.readFileSync(out, 'utf8')).to.match(/^<!doctype html>/);
  });

  it('exits 2 with one line without a recording argument', async () => {
    const result = await runLumbarpod('report');
    expect(result.status).to.equal(2);
    expect(oneErrorLine(result.stderr)).to.match(/missing required argument 'recording'/);
  });
});
