import { expect } from 'chai';
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as zlib from 'zlib';
import { PUCKJS2_BOARD } from '../../../boards/puckjs2';
import { podRecordingCountersZero, podRecordingMetaStart, PodRecordingWriter } from '../../../host-tools/recording/podRecording';
import { createPrng } from '../../../host-tools/synthetic/prng';
import { lumbarpodInProcess } from './cliInProcess';

const root = path.resolve(__dirname, '..', '..', '..');
const bin = path.join(root, 'bin', 'lumbarpod.js');
// the real walking trial bundled with the project (examples/mobgap, Apache-2.0)
const MOBGAP = path.resolve(__dirname, '..', '..', '..', 'examples', 'mobgap', 'HA-001_Test5_Trial1.csv');

/**
 * a command that hangs is killed (status null) and fails its test, rather than stall the run;
 * SIGKILL, as one stuck in a synchronous call never runs its SIGTERM handler
 */
const HANG_GUARD_MS = 60000;

function lumbarpod(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [bin, ...args], { cwd: os.tmpdir(), encoding: 'utf8', timeout: HANG_GUARD_MS, killSignal: 'SIGKILL' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** exactly one line "lumbarpod: ...", no stack frames */
function expectOneErrorLine(stderr: string): string {
  const lines = stderr.trimEnd().split('\n');
  expect(lines, stderr).to.have.length(1);
  expect(lines[0]).to.match(/^lumbarpod: /);
  expect(stderr).to.not.match(/^\s+at /m);
  return lines[0];
}

/**
 * replay, report and export --bids of a recording read past its damage: each exits 0 with exactly
 * `warnings` on stderr. Returns what they wrote: replay's records, the report's page, and the
 * motion file's rows and events of the export.
 */
async function readPastDamage(recordingDir: string, outDir: string, name: string, warnings: string[]) {
  const replayed = lumbarpod('replay', recordingDir);
  expect(replayed.status, replayed.stderr).to.equal(0);
  expect(replayed.stderr.trimEnd().split('\n')).to.deep.equal(warnings);
  const records = replayed.stdout.trim().split('\n').map((line) => JSON.parse(line));
  const reportFile = path.join(outDir, `${name}.html`);
  const reported = await lumbarpodInProcess('report', recordingDir, '--out', reportFile);
  expect(reported.code, reported.err).to.equal(0);
  expect(reported.err.trimEnd().split('\n')).to.deep.equal(warnings);
  const bids = path.join(outDir, `${name}-bids`);
  const exported = await lumbarpodInProcess('export', '--bids', recordingDir, '--out', bids);
  expect(exported.code, exported.err).to.equal(0);
  expect(exported.err.trimEnd().split('\n')).to.deep.equal(warnings);
  const motionDir = path.join(bids, 'sub-01', 'motion');
  const motionFile = fs.readdirSync(motionDir).find((f) => f.endsWith('_motion.tsv')) as string;
  return {
    records,
    reportHtml: fs.readFileSync(reportFile, 'utf8'),
    motionRows: fs.readFileSync(path.join(motionDir, motionFile), 'utf8').trimEnd().split('\n'),
    events: fs.readFileSync(path.join(motionDir, motionFile.replace('_motion.tsv', '_events.tsv')), 'utf8'),
  };
}

/** a recording as record writes it of 5 s of standing at 104 Hz (gravity along the board's vertical axis), in `recordingDir` */
async function standingRecording(recordingDir: string): Promise<string> {
  const writer = new PodRecordingWriter(recordingDir, podRecordingMetaStart(PUCKJS2_BOARD, 104, Date.UTC(2026, 10, 26), podRecordingCountersZero()));
  for (let first = 0; first < 520; first += 26) {
    const samplesCounts = new Int16Array(26 * 6);
    for (let i = 0; i < 26; i++) samplesCounts[i * 6 + 5] = 2048;
    writer.addMessage({ type: 'rawBatch', version: 2, seq: first / 26, deviceTimeMs: first * 10, firstSampleIndex: first, sampleCount: 26, samplesCounts }, first * 10);
  }
  await writer.close({ complete: true });
  return recordingDir;
}

describe('lumbarpod CLI', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lumbarpod-cli-'));
  });
  after(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('exits non-zero with one line naming a missing file', () => {
    const result = lumbarpod('replay', path.join(dir, 'missing.csv'));
    expect(result.status).to.equal(1);
    expect(expectOneErrorLine(result.stderr)).to.match(/missing\.csv: no such file/);
    expect(result.stdout).to.equal('');
  });

  it('says a directory given to replay is not a recording (replay takes a recording\'s directory, or a CSV file)', () => {
    const result = lumbarpod('replay', os.tmpdir());
    expect(result.status).to.equal(1);
    expect(expectOneErrorLine(result.stderr)).to.equal(`lumbarpod: cannot read ${os.tmpdir()}: it is a directory but not a recording (it has no recording.json), nor a CSV file`);
  });

  it('says a device given to replay, simulate or export is not a file, rather than a directory', async () => {
    for (const args of [['replay', '/dev/null'], ['simulate', '/dev/null'], ['export', '--bids', '/dev/null', '--out', path.join(dir, 'dev-null-bids')]]) {
      const result = await lumbarpodInProcess(...args);
      expect(result.code, args[0]).to.equal(1);
      expect(expectOneErrorLine(result.err), args[0]).to.equal('lumbarpod: cannot read /dev/null: it is not a file but a device, a pipe or a socket');
    }
  });

  it('refuses --steps without --format table, where it would do nothing, saying why (usage status 2)', () => {
    const result = lumbarpod('replay', MOBGAP, '--steps');
    expect(result.status).to.equal(2);
    expect(expectOneErrorLine(result.stderr)).to.equal('lumbarpod: --steps adds a table of every step to --format table; the JSON lines hold every step already');
    expect(result.stdout).to.equal('');
  });

  it('exits non-zero with one line for an unknown option', () => {
    const result = lumbarpod('replay', MOBGAP, '--frobnicate');
    expect(result.status).to.equal(2);
    expect(expectOneErrorLine(result.stderr)).to.match(/unknown option '--frobnicate'/);
  });

  it('warns of a file in another axis convention, read without its --axes (gravity along another sensor axis than the pod\'s vertical), naming --axes and the axis', () => {
    const without = lumbarpod('replay', MOBGAP);
    expect(without.status).to.equal(0);
    const warnings = without.stderr.trimEnd().split('\n').filter((line) => /gravity lies along/.test(line));
    expect(warnings, without.stderr).to.have.length(1);
    expect(warnings[0]).to.match(/^lumbarpod: warning: .*HA-001_Test5_Trial1\.csv: gravity lies along the sensor's x axis \(9[0-9] % of the mean acceleration\), not along y/);
    expect(warnings[0]).to.contain('--axes V=x,');
    // read with its axes: no such warning
    const withAxes = lumbarpod('replay', MOBGAP, '--axes', 'V=x,AP=z,ML=-y');
    expect(withAxes.status).to.equal(0);
    expect(withAxes.stderr).to.not.contain('gravity lies along');
  });

  it('exits non-zero with one line for a left-handed axis map', () => {
    const result = lumbarpod('replay', MOBGAP, '--axes', 'V=x,AP=z,ML=y');
    expect(result.status).to.equal(2);
    expect(expectOneErrorLine(result.stderr)).to.match(/left-handed/);
  });

  it('replay and simulate of a recording directory refuse the options that only say how to read a CSV file, rather than ignore them', async () => {
    const recordingDir = await standingRecording(path.join(dir, 'recorded'));
    const refused = lumbarpod('replay', recordingDir, '--rate', '52', '--axes', 'V=x,AP=z,ML=-y');
    expect(refused.status).to.equal(2);
    expect(expectOneErrorLine(refused.stderr)).to.match(/--axes, --rate: for a CSV file only; .*recorded is a recording/);
    expect(refused.stdout).to.equal('');
    // simulate reads a CSV with replay's --board too; its --rate is the pod's, for a recording as well
    const simulated = lumbarpod('simulate', recordingDir, '--acc-unit', 'mg', '--board', 'puckjs2', '--rate', '52');
    expect(simulated.status).to.equal(2);
    expect(expectOneErrorLine(simulated.stderr)).to.match(/ --acc-unit, --board: for a CSV file only; .*recorded is a recording/);
    const replayed = lumbarpod('replay', recordingDir, '--window', '5');
    expect(replayed.status, replayed.stderr).to.equal(0);
    expect(JSON.parse(replayed.stdout.trim().split('\n').pop() as string)).to.deep.include({ type: 'totals', sampleRateHz: 104 });
  });

  it('replay, report and export of a recording with a damaged raw.csv line read past it: exit 0, a warning naming the file, line and fault, and its sample a gap in what they write', async () => {
    const recordingDir = await standingRecording(path.join(dir, 'damaged-line'));
    const rawFile = path.join(recordingDir, 'raw.csv');
    const rows = fs.readFileSync(rawFile, 'utf8').split('\n');
    // line 501 holds sample 499
    rows[500] = 'garbage';
    fs.writeFileSync(rawFile, rows.join('\n'));
    const warnings = [
      `lumbarpod: warning: ${recordingDir}: raw.csv line 501: expected 8 numbers, got "garbage"; dropped`,
      `lumbarpod: warning: ${recordingDir}: raw.csv: sample 499 (at 4.80 s) is missing where lines were dropped; a gap`,
    ];
    const { records, reportHtml, motionRows, events } = await readPastDamage(recordingDir, dir, 'damaged-line', warnings);
    expect(records.filter((r) => r.type === 'gap').map((r) => [r.missingSamples, r.cause])).to.deep.equal([[1, 'file']]);
    expect(records[records.length - 1]).to.deep.include({ type: 'totals', samples: 519, missingSamples: 1 });
    expect(reportHtml).to.include('(0.01 s) missing, not read: their lines in raw.csv were damaged');
    expect(motionRows.length).to.equal(520);
    expect(motionRows[499]).to.equal('n/a\tn/a\tn/a\tn/a\tn/a\tn/a');
    expect(events.split('\n').filter((line) => /\tsamples_missing\t/.test(line))).to.deep.equal(['4.798077\t0.009615\tsamples_missing\t499\tn/a\tn/a\tfile\tn/a']);
  });

  it('replay, report and export of a recording whose raw.csv has its header damaged, two lines swapped and its last line\'s sample_index damaged upward: exit 0, a warning for each, and every sample where it was', async () => {
    const recordingDir = await standingRecording(path.join(dir, 'damaged-header'));
    const rawFile = path.join(recordingDir, 'raw.csv');
    const rows = fs.readFileSync(rawFile, 'utf8').split('\n');
    rows[0] = rows[0].replace('t_ms', 't_m\u00f3');
    // lines 201 and 202 hold samples 199 and 200; line 521 sample 519, its first digit flipped
    [rows[200], rows[201]] = [rows[201], rows[200]];
    rows[520] = rows[520].replace(/^519,/, '919,');
    fs.writeFileSync(rawFile, rows.join('\n'));
    const warnings = [
      `lumbarpod: warning: ${recordingDir}: raw.csv line 1: expected "sample_index,t_ms,gx,gy,gz,ax,ay,az", got "sample_index,t_m\u00f3,gx,gy,gz,ax,ay,az"; ` +
        'damaged, read as the header the recorder writes, which 519 of the 520 lines after it fit',
      `lumbarpod: warning: ${recordingDir}: raw.csv lines 201-202: sample_index 200, 199 out of order; put back in order`,
      `lumbarpod: warning: ${recordingDir}: raw.csv line 521: sample_index 919 is not the sample of its t_ms 4990.385 (519), which goes on from the lines around it; read as sample 519`,
    ];
    const { records, motionRows } = await readPastDamage(recordingDir, dir, 'damaged-header', warnings);
    expect(records.filter((r) => r.type === 'gap')).to.deep.equal([]);
    expect(records[records.length - 1]).to.deep.include({ type: 'totals', samples: 520, missingSamples: 0 });
    expect(motionRows.length).to.equal(520);
    expect(motionRows.filter((row) => row.startsWith('n/a'))).to.deep.equal([]);
  });

  it('replay, report and export of a recording whose raw.csv is another file under its name: exit 1, one line naming its first line and why it is not read', async () => {
    const recordingDir = await standingRecording(path.join(dir, 'not-raw'));
    const rawFile = path.join(recordingDir, 'raw.csv');
    fs.writeFileSync(rawFile, ['t_ms,ax,ay,az,gx,gy,gz', ...Array.from({ length: 40 }, (_, i) => `${i * 10},0,0,1000,0,0,0`), ''].join('\n'));
    const error = `lumbarpod: ${rawFile} line 1: expected "sample_index,t_ms,gx,gy,gz,ax,ay,az", got "t_ms,ax,ay,az,gx,gy,gz", ` +
      'and the lines after it are not its rows either: 0 of 40 are 8 numbers whose t_ms is their sample_index\'s time at 104 Hz';
    const replayed = lumbarpod('replay', recordingDir);
    expect(replayed.status).to.equal(1);
    expect(expectOneErrorLine(replayed.stderr)).to.equal(error);
    const reported = await lumbarpodInProcess('report', recordingDir, '--out', path.join(dir, 'not-raw.html'));
    expect(reported.code).to.equal(1);
    expect(expectOneErrorLine(reported.err)).to.equal(error);
    const exported = await lumbarpodInProcess('export', '--bids', recordingDir, '--out', path.join(dir, 'not-raw-bids'));
    expect(exported.code).to.equal(1);
    expect(expectOneErrorLine(exported.err)).to.equal(error);
  });

  it('replay, report and export of a recording whose recorder was killed, its messages.ndjson with a damaged line and a last line cut short, read past both: exit 0, a warning naming each line, and every sample where it was', async () => {
    const recordingDir = await standingRecording(path.join(dir, 'damaged-messages'));
    const messagesFile = path.join(recordingDir, 'messages.ndjson');
    // 20 rawBatch lines: line 5 becomes garbage, line 20 is cut where the recorder was killed
    const lines = fs.readFileSync(messagesFile, 'utf8').split('\n');
    expect(lines.length).to.equal(21);
    lines[4] = 'garbage';
    fs.writeFileSync(messagesFile, lines.slice(0, 19).join('\n') + '\n' + lines[19].slice(0, 60));
    // recording.json as the recorder left it before its close
    const metaFile = path.join(recordingDir, 'recording.json');
    fs.writeFileSync(metaFile, JSON.stringify({ ...JSON.parse(fs.readFileSync(metaFile, 'utf8')), complete: false, endedBy: '' }));
    const placed = '(a rawBatch line: raw.csv still holds its samples and places them by their sample_index; only when they arrived is lost)';
    const warnings = [
      `lumbarpod: warning: ${recordingDir}: messages.ndjson line 5: not JSON: "garbage"; dropped`,
      `lumbarpod: warning: ${recordingDir}: messages.ndjson line 20: cut short (the session ended mid-write); dropped ${placed}`,
      `lumbarpod: warning: ${recordingDir}: recording.json: the session did not end cleanly (complete: false); what was received is all here`,
    ];
    const { records, reportHtml, motionRows } = await readPastDamage(recordingDir, dir, 'damaged-messages', warnings);
    expect(records.filter((r) => r.type === 'gap')).to.deep.equal([]);
    expect(records[records.length - 1]).to.deep.include({ type: 'totals', samples: 520, missingSamples: 0 });
    expect(reportHtml).to.include('messages.ndjson line 5: not JSON: &quot;garbage&quot;; dropped');
    expect(motionRows.length).to.equal(520);
    expect(motionRows.filter((row) => row.startsWith('n/a'))).to.deep.equal([]);
  });

  it('a recording whose raw.csv is missing: replay, export and simulate say the file is missing (not that it was recorded without raw samples); report writes what the messages hold', async () => {
    const recordingDir = await standingRecording(path.join(dir, 'raw-missing'));
    fs.unlinkSync(path.join(recordingDir, 'raw.csv'));
    const warning = `lumbarpod: warning: ${recordingDir}: raw.csv: missing (ENOENT), though recording.json says it held 520 samples`;
    const why = 'raw.csv is missing, though recording.json says it held 520 samples';
    for (const [args, error] of [
      [['replay', recordingDir], `no raw samples to replay (${why})`],
      [['export', '--bids', recordingDir, '--out', path.join(dir, 'raw-missing-bids')], `no raw samples to export (${why})`],
      [['simulate', recordingDir], `no raw samples to run the pod on (${why})`],
    ] as Array<[string[], string]>) {
      const result = await lumbarpodInProcess(...args);
      expect(result.code, `${args[0]}: ${result.err}`).to.equal(1);
      expect(result.err.trimEnd().split('\n'), args[0]).to.deep.equal([warning, `lumbarpod: ${recordingDir}: ${error}`]);
      expect(result.out, args[0]).to.equal('');
    }
    const reported = await lumbarpodInProcess('report', recordingDir, '--out', path.join(dir, 'raw-missing.html'));
    expect(reported.code, reported.err).to.equal(0);
    expect(reported.err.trimEnd()).to.equal(warning);
  });

  it('replay, simulate and export refuse a recording\'s raw.csv given as a CSV file, naming its directory, rather than read its counts as g and dps', async () => {
    const recordingDir = await standingRecording(path.join(dir, 'raw-as-csv'));
    const rawFile = path.join(recordingDir, 'raw.csv');
    const moved = path.join(dir, 'raw-alone.csv');
    fs.copyFileSync(rawFile, moved);
    const why = 'is the raw.csv of a recording: its values are the pod\'s IMU counts, whose scale and mounting only the recording\'s recording.json says';
    const bids = path.join(dir, 'raw-as-csv-bids');
    for (const args of [['replay', rawFile], ['simulate', rawFile], ['export', '--bids', rawFile, '--out', bids]]) {
      const result = await lumbarpodInProcess(...args);
      expect(result.code, `${args[0]}: ${result.err}`).to.equal(1);
      expect(expectOneErrorLine(result.err), args[0]).to.equal(`lumbarpod: ${rawFile} ${why}; give the recording's directory, ${recordingDir}, instead`);
      expect(result.out, args[0]).to.equal('');
    }
    expect(fs.existsSync(bids)).to.equal(false);
    const alone = await lumbarpodInProcess('replay', moved);
    expect(alone.code).to.equal(1);
    expect(expectOneErrorLine(alone.err)).to.equal(`lumbarpod: ${moved} ${why}; give the directory it was recorded in, with its recording.json`);
  });

  it('replay of a CSV with its header and no sample is an error whatever the options, rather than a summary of nothing', () => {
    const file = path.join(dir, 'header-only.csv');
    fs.writeFileSync(file, 't_ms,ax,ay,az,gx,gy,gz\n');
    for (const args of [[], ['--rate', '100']]) {
      const result = lumbarpod('replay', file, ...args);
      expect(result.status, args.join(' ')).to.equal(1);
      expect(expectOneErrorLine(result.stderr), args.join(' ')).to.equal(`lumbarpod: ${file}: no samples: the file holds its header (line 1) and nothing after it`);
      expect(result.stdout, args.join(' ')).to.equal('');
    }
  });

  it('replay, simulate, report and export of a recording whose recording.json lacks its gaps, scale or mounting all name the field in one line, rather than fail inside', async () => {
    const recordingDir = path.join(dir, 'meta-short');
    const writer = new PodRecordingWriter(recordingDir, podRecordingMetaStart(PUCKJS2_BOARD, 104, Date.UTC(2026, 10, 26), podRecordingCountersZero()));
    // a lost batch: the gap replay and export look up in recording.json
    for (let first = 0; first < 520; first += first === 104 ? 52 : 26) {
      const samplesCounts = new Int16Array(26 * 6);
      for (let i = 0; i < 26; i++) samplesCounts[i * 6 + 5] = 2048;
      writer.addMessage({ type: 'rawBatch', version: 2, seq: first / 26, deviceTimeMs: first * 10, firstSampleIndex: first, sampleCount: 26, samplesCounts }, first * 10);
    }
    await writer.close({ complete: true });
    const metaFile = path.join(recordingDir, 'recording.json');
    const whole = fs.readFileSync(metaFile, 'utf8');
    for (const field of ['gaps', 'scale', 'axisMap']) {
      const meta = JSON.parse(whole);
      delete meta[field];
      fs.writeFileSync(metaFile, JSON.stringify(meta));
      for (const args of [['replay', recordingDir], ['simulate', recordingDir], ['report', recordingDir], ['export', '--bids', recordingDir, '--out', path.join(dir, 'meta-short-bids')]]) {
        const result = await lumbarpodInProcess(...args);
        expect(result.code, `${field}, ${args[0]}: ${result.err}`).to.equal(1);
        expect(expectOneErrorLine(result.err), `${field}, ${args[0]}`).to.match(new RegExp(`^lumbarpod: ${metaFile}: ${field} is missing \\(`));
        expect(result.out, `${field}, ${args[0]}`).to.equal('');
      }
    }
  });

  it('record refuses a rate the board lacks before opening any port, naming the ones it has; simulate a free RAM the Puck cannot have', () => {
    const result = lumbarpod('record', '--port', path.join(dir, 'no-such-port'), '--rate', '100');
    expect(result.status).to.equal(2);
    expect(expectOneErrorLine(result.stderr)).to.match(/--rate as one of 52, 104, 208 Hz/);
    expect(lumbarpod('record', '--port', path.join(dir, 'no-such-port'), '--rate', 'fast').status).to.equal(2);
    const ram = lumbarpod('simulate', '--ram-free', '3000');
    expect(ram.status).to.equal(2);
    expect(expectOneErrorLine(ram.stderr)).to.match(/--ram-free as a whole number of blocks, at most 2630/);
  });

  it('record and stream given a directory as --port say it is a directory, not a serial port, and how to find the pod\'s, making nothing', () => {
    const out = path.join(dir, 'port-is-a-directory');
    for (const args of [['record', '--port', dir, '--out', out], ['stream', '--port', dir]]) {
      const result = lumbarpod(...args);
      expect(result.status, args[0]).to.equal(1);
      expect(expectOneErrorLine(result.stderr), args[0]).to.equal(`lumbarpod: cannot open serial port ${dir}: it is a directory, not a serial port: ` +
        'give the pod\'s port, such as /dev/ttyUSB0 or /dev/ttyACM0 (lumbarpod ports lists the serial ports, the likely pods marked)');
    }
    expect(fs.existsSync(out)).to.equal(false);
  });

  it('record, stream and flash given a device with nothing behind it as --port (/dev/tty without a terminal) say so in words, and how to find the pod\'s, making nothing', async () => {
    const out = path.join(dir, 'port-with-no-device');
    const noDevice = 'no device is behind it (No such device or address), as behind a built-in port this computer has no hardware for: ' +
      'give the pod\'s port, such as /dev/ttyUSB0 or /dev/ttyACM0 (lumbarpod ports lists the serial ports, the likely pods marked)';
    for (const args of [['record', '--port', '/dev/tty', '--out', out], ['stream', '--port', '/dev/tty'], ['flash', '--board', 'sim', '--port', '/dev/tty']]) {
      // a session of its own has no controlling terminal, so /dev/tty opens to no device (ENXIO)
      const child = spawn(process.execPath, [bin, ...args], { cwd: os.tmpdir(), stdio: ['ignore', 'pipe', 'pipe'], detached: true });
      let stderr = '';
      child.stderr.setEncoding('utf8');
      child.stderr.on('data', (t: string) => { stderr += t; });
      child.stdout.resume();
      const guard = setTimeout(() => child.kill('SIGKILL'), HANG_GUARD_MS);
      const status = await new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
      clearTimeout(guard);
      expect(status, args[0] + stderr).to.equal(1);
      const said = args[0] === 'flash' ? `lumbarpod: flashing on /dev/tty failed: cannot open /dev/tty: ${noDevice}; nothing was changed` : `lumbarpod: cannot open serial port /dev/tty: ${noDevice}`;
      expect(expectOneErrorLine(stderr), args[0]).to.equal(said);
    }
    expect(fs.existsSync(out)).to.equal(false);
  });

  it('record, stream and simulate refuse times past any run (--duration 1e99, Infinity) with one line giving the limit, rather than count down to them', () => {
    const noPort = path.join(dir, 'no-such-port');
    const refusals: Array<[string[], string]> = [
      [['record', '--port', noPort, '--duration', '1e99'], 'give the duration, a number of seconds from 0 to 604800 (7 days; 0: until Ctrl-C)'],
      [['record', '--port', noPort, '--duration', '604801'], 'give the duration, a number of seconds from 0 to 604800 (7 days; 0: until Ctrl-C)'],
      [['stream', '--port', noPort, '--wait', '1e99'], 'give the wait, a number of seconds from 0 to 604800 (7 days; 0: not at all)'],
      [['simulate', '--speed', '1e-9'], 'give the speed factor, a number from 0.01 to 1000'],
      [['simulate', '--speed', '1e99'], 'give the speed factor, a number from 0.01 to 1000'],
      [['simulate', '--press-button', 'Infinity'], 'give --press-button as rising seconds above 0 and at most 86400 (a day), e.g. 15,20'],
      [['simulate', '--stall', '1e99:5'], 'give --stall as AT:SECONDS in seconds, e.g. 20:5 (several: 20:5,40:2), not "1e99:5"'],
      [['simulate', '--stall', '90000:5'], 'give --stall\'s AT at most 86400 s (a day) into the recording, not 90000'],
      [['simulate', '--unplug', '20:90000'], 'give --unplug\'s AT, FOR and NOTREADY at most 86400 s (a day) each, not 20:90000'],
      // contact time grows 6 ms a minute from 245 ms: at 240 spm (250 ms steps) it has no room after 50 s
      [['simulate', '--fatigue', '--cadence', '240', '--duration', '51'], '--fatigue lengthens ground contact by 6 ms a minute from 245 ms: at 240 spm it fills ' +
        'the whole step (250 ms) after 50 s, leaving no flight to run with; give --duration 50 or less, or a lower --cadence'],
    ];
    for (const [args, message] of refusals) {
      const result = lumbarpod(...args);
      expect(result.status, `${args.join(' ')}: ${result.stderr}`).to.equal(2);
      expect(expectOneErrorLine(result.stderr), args.join(' ')).to.equal(`lumbarpod: ${message}`);
    }
    // the limits themselves are taken: record goes on to the port
    expect(expectOneErrorLine(lumbarpod('record', '--port', noPort, '--duration', '604800', '--wait', '604800').stderr)).to.match(/^lumbarpod: cannot open serial port /);
  });

  it('record, stream, log and flash refuse an empty --port (a shell variable left unset) as a usage error saying what to give, before any port is opened', () => {
    for (const command of ['record', 'stream', 'log', 'flash']) {
      const result = lumbarpod(command, '--port', '');
      expect(result.status, `${command}: ${result.stderr}`).to.equal(2);
      expect(expectOneErrorLine(result.stderr), command).to.equal('lumbarpod: give --port the pod\'s serial port, such as /dev/ttyUSB0 or /dev/ttyACM0 ' +
        '(lumbarpod ports lists the serial ports), not an empty path');
    }
  });

  it('simulate reads a CSV as replay does: a left-handed --axes is a usage error, and --columns and the units are there as its own error suggests', () => {
    const mirror = lumbarpod('simulate', '--axes', 'V=x,AP=z,ML=y');
    expect(mirror.status).to.equal(2);
    expect(expectOneErrorLine(mirror.stderr)).to.match(/left-handed/);
    const other = path.join(dir, 'other-names.csv');
    fs.writeFileSync(other, 'time,AccX,AccY,AccZ,GyrX,GyrY,GyrZ\n0,9.81,0,0,0,0,0\n');
    const unmapped = lumbarpod('simulate', other);
    expect(unmapped.status).to.equal(1);
    expect(expectOneErrorLine(unmapped.stderr)).to.match(/--columns/);
    // mapped, a CSV of one sample gets as far as the sample rate, which one sample cannot give;
    // replay's hint to pass --rate is not given, as simulate's --rate is the pod's
    const mapped = lumbarpod('simulate', other, '--columns', 't_ms=time,ax=AccX,ay=AccY,az=AccZ,gx=GyrX,gy=GyrY,gz=GyrZ', '--acc-unit', 'ms2', '--gyro-unit', 'rads');
    expect(mapped.status).to.equal(1);
    expect(expectOneErrorLine(mapped.stderr)).to.contain('other-names.csv: 1 sample(s): too few to infer the rate of the time stamps, which the pod is fed the file at');
  });

  it('simulate refuses a CSV with a bad line as replay reports it, naming the line, rather than run the samples before it as the whole recording', () => {
    const lines = fs.readFileSync(MOBGAP, 'utf8').split('\n').slice(0, 301);
    lines[200] = '5' + lines[200].slice(lines[200].indexOf(',')); // line 201 goes back in time
    const file = path.join(dir, 'back-in-time.csv');
    fs.writeFileSync(file, lines.join('\n') + '\n');
    // without the refusal, the pod would wait for a host to start recording: the hang guard ends it
    const result = lumbarpod('simulate', file, '--axes', 'V=x,AP=z,ML=-y', '--exit-at-end', '--speed', '1000');
    expect(result.status, result.stdout).to.equal(1);
    expect(expectOneErrorLine(result.stderr)).to.match(/back-in-time\.csv: line 201, column t_ms: time stamp 5 goes back in time, and the next one \(2000, line 202\) goes on from before it: a damaged stamp, or lines out of order \(sort them by time\), not a clock that started again$/);
    expect(result.stdout).to.equal('');
    const replayed = lumbarpod('replay', file, '--axes', 'V=x,AP=z,ML=-y');
    expect(replayed.status).to.equal(1);
    expect(expectOneErrorLine(replayed.stderr)).to.match(/back-in-time\.csv: line 201, column t_ms: time stamp 5 goes back in time, .* not a clock that started again \(the 199 samples before it were replayed\)$/);
  });

  it('replay and simulate refuse a CSV whose accelerometer is in m/s^2 read as g, naming --acc-unit ms2, and replay reads it with that option', () => {
    const lines = fs.readFileSync(MOBGAP, 'utf8').trimEnd().split('\n');
    const ms2 = [lines[0], ...lines.slice(1).map((line) => line.split(',').map((text, k) => (k >= 1 && k <= 3 ? (Number(text) * 9.80665).toFixed(4) : text)).join(','))];
    const file = path.join(dir, 'walk-ms2.csv');
    fs.writeFileSync(file, ms2.join('\n') + '\n');
    for (const command of ['replay', 'simulate']) {
      const refused = lumbarpod(command, file, '--axes', 'V=x,AP=z,ML=-y', ...(command === 'simulate' ? ['--exit-at-end'] : []));
      expect(refused.status, command).to.equal(1);
      expect(refused.stdout, command).to.equal('');
      expect(expectOneErrorLine(refused.stderr), command).to.match(/walk-ms2\.csv: the accelerometer values look like m\/s\^2, not g: .*--acc-unit ms2$/);
    }
    const told = lumbarpod('replay', file, '--axes', 'V=x,AP=z,ML=-y', '--acc-unit', 'ms2');
    expect(told.status, told.stderr).to.equal(0);
  });

  it('simulate --dir under a file, or on one, says so in one line of words (no system error code), naming the file', () => {
    const file = path.join(dir, 'a-file');
    fs.writeFileSync(file, 'x');
    const under = lumbarpod('simulate', '--dir', path.join(file, 'pty'));
    expect(under.status).to.equal(2);
    expect(expectOneErrorLine(under.stderr)).to.equal(`lumbarpod: --dir ${path.join(file, 'pty')}: cannot create this directory (at ${file}): a file is there, not a directory; give another --dir`);
    const on = lumbarpod('simulate', '--dir', file);
    expect(on.status).to.equal(2);
    expect(expectOneErrorLine(on.stderr)).to.equal(`lumbarpod: --dir ${file} is a file, not a directory: give a directory, or a new name (it is made)`);
    expect(fs.readFileSync(file, 'utf8')).to.equal('x');
  });

  it('an output directory that cannot be created (a new name in /proc, a path through a dangling link or a file) is refused in one line naming it: by record and log before any port is opened, by export and simulate', async () => {
    const recordingDir = path.join(dir, 'to-export');
    const writer = new PodRecordingWriter(recordingDir, podRecordingMetaStart(PUCKJS2_BOARD, 104, Date.UTC(2026, 10, 26), podRecordingCountersZero()));
    writer.addMessage({ type: 'rawBatch', version: 2, seq: 0, deviceTimeMs: 0, firstSampleIndex: 0, sampleCount: 1, samplesCounts: new Int16Array([0, 0, 0, 0, 0, 2048]) }, 0);
    await writer.close({ complete: true });
    const dangling = path.join(dir, 'dangling');
    fs.symlinkSync(path.join(dir, 'nowhere'), dangling);
    const aFile = path.join(dir, 'a-file');
    fs.writeFileSync(aFile, 'not a directory\n');
    const noPort = path.join(dir, 'no-such-port');
    // procfs answers mkdir of a new name with ENOENT although its parent is there
    for (const out of ['/proc/lumbarpod-out', path.join(dangling, 'run'), path.join(aFile, 'run')]) {
      for (const args of [['record', '--port', noPort, '--out', out], ['log', '--port', noPort, '--out', out], ['export', '--bids', recordingDir, '--out', out]]) {
        const result = lumbarpod(...args);
        expect(result.status, `${args.join(' ')}: ${result.stderr}`).to.equal(1);
        const line = expectOneErrorLine(result.stderr);
        expect(line).to.contain(`--out ${out}: cannot create this directory`);
        expect(line).to.match(/; give another --out$/);
        expect(line, 'no system error code').not.to.match(/\bE[A-Z]{3,}\b/);
      }
      const simulate = lumbarpod('simulate', '--dir', out);
      expect(simulate.status, simulate.stderr).to.equal(2);
      expect(expectOneErrorLine(simulate.stderr)).to.contain(`--dir ${out}: cannot create this directory`);
      expect(simulate.stderr, 'no system error code').not.to.match(/\bE[A-Z]{3,}\b/);
    }
    // /proc is named, and why it takes no directory
    expect(expectOneErrorLine(lumbarpod('record', '--port', noPort, '--out', '/proc/lumbarpod-out').stderr)).to.equal(
      'lumbarpod: --out /proc/lumbarpod-out: cannot create this directory: /proc takes no new directories ' +
      '(a file system the kernel runs, such as /proc or /sys, not one for files); give another --out');
    expect(fs.existsSync(path.join(dir, 'nowhere')), 'the dangling link\'s target').to.equal(false);
  });

  it('shows help for the program and for replay, including what happens at a bad line', () => {
    const top = lumbarpod('--help');
    expect(top.status).to.equal(0);
    expect(top.stdout).to.match(/replay \[options\] <file>/);
    const replay = lumbarpod('replay', '--help');
    expect(replay.status).to.equal(0);
    expect(replay.stdout).to.match(/--axes <map>/);
    expect(replay.stdout).to.match(/samples before it are replayed and printed/);
  });

  it('replays the mobgap recording to NDJSON ending in totals', () => {
    const result = lumbarpod('replay', MOBGAP, '--axes', 'V=x,AP=z,ML=-y');
    expect(result.stderr).to.equal('');
    expect(result.status).to.equal(0);
    const lines = result.stdout.trimEnd().split('\n').map((line) => JSON.parse(line));
    const totals = lines[lines.length - 1];
    expect(totals.type).to.equal('totals');
    expect(totals.sampleRateHz).to.equal(100);
    expect(totals.gaps).to.equal(0);
    expect(lines.slice(0, -1).every((line) => ['step', 'summary', 'gap'].indexOf(line.type) >= 0)).to.equal(true);
  });

  it('prints tables with --format table', () => {
    const result = lumbarpod('replay', MOBGAP, '--axes', 'V=x,AP=z,ML=-y', '--format', 'table');
    expect(result.status).to.equal(0);
    expect(result.stdout).to.match(/^Totals$/m);
    expect(result.stdout).to.match(/duration/);
  });

  it('replays the rows before a corrupted one, prints them, then names the line on stderr and exits 1', () => {
    const lines = fs.readFileSync(MOBGAP, 'utf8').split('\n').slice(0, 301);
    lines[200] = '1990,0.95,#,0.1,1,2,3'; // line 201
    const file = path.join(dir, 'corrupt.csv');
    fs.writeFileSync(file, lines.join('\n') + '\n');
    const result = lumbarpod('replay', file, '--axes', 'V=x,AP=z,ML=-y');
    expect(result.status).to.equal(1);
    expect(expectOneErrorLine(result.stderr)).to.match(/corrupt\.csv: line 201, column ay: '#' is not a number \(the 199 samples before it were replayed\)/);
    const out = result.stdout.trimEnd().split('\n').map((line) => JSON.parse(line));
    const totals = out[out.length - 1];
    expect(totals.type).to.equal('totals');
    expect(totals.samples).to.equal(199);
    expect(totals.inputError).to.match(/line 201/);
  });

  it('replays a CSV whose t_s is rounded to 2 decimals at 104 Hz, as it replays the exact stamps, saying on stderr what it found in them', () => {
    // the trial's samples stamped at 104 Hz: 9.6 ms apart on a 10 ms grid, so some stamps repeat
    const values = fs.readFileSync(MOBGAP, 'utf8').trimEnd().split('\n').slice(1).map((line) => line.slice(line.indexOf(',') + 1));
    const write = (name: string, decimals: number) => {
      const file = path.join(dir, name);
      fs.writeFileSync(file, ['t_s,ax,ay,az,gx,gy,gz', ...values.map((v, i) => `${(i / 104).toFixed(decimals)},${v}`)].join('\n') + '\n');
      return file;
    };
    const exact = lumbarpod('replay', write('exact.csv', 6), '--axes', 'V=x,AP=z,ML=-y');
    const rounded = lumbarpod('replay', write('rounded.csv', 2), '--axes', 'V=x,AP=z,ML=-y');
    expect(exact.status, exact.stderr).to.equal(0);
    expect(exact.stderr).to.equal('');
    expect(rounded.status, rounded.stderr).to.equal(0);
    expect(rounded.stderr).to.match(/^lumbarpod: warning: .*rounded\.csv: time stamps rounded to 10 ms, coarser than the 9\.62 ms between samples \(\d+ repeat the one before\): each sample's time is taken from its index at 104\.00 Hz, .*\n$/);
    const totals = (stdout: string) => JSON.parse(stdout.trimEnd().split('\n').pop() as string);
    expect(totals(rounded.stdout)).to.deep.equal(totals(exact.stdout));
    expect(totals(rounded.stdout).samples).to.equal(1246);
  });

  it('stops with exit 1 at the first repeated stamp of a CSV a host logger stamped as samples arrived (0 to 2.5 ms late, t_s with 2 decimals; the real 100 Hz trial), saying why the stamps are not taken for rounding, instead of replaying it at a wrong rate with made-up gaps', () => {
    const rows = zlib.gunzipSync(fs.readFileSync(path.join(root, 'test', 'fixtures', 'mobgap-lowerback', 'HA-001_Test11_Trial1.csv.gz'))).toString('utf8').trimEnd().split('\n').slice(1);
    const prng = createPrng(1);
    // the logger's clock puts each sample 3 ms before a rounding edge, so its latency carries some stamps over it
    const stamps = rows.map((line) => ((3213 + Number(line.slice(0, line.indexOf(','))) + 2.5 * prng.nextFloat()) / 1000).toFixed(2));
    const file = path.join(dir, 'logger.csv');
    fs.writeFileSync(file, ['t_s,ax,ay,az,gx,gy,gz', ...rows.map((line, i) => stamps[i] + line.slice(line.indexOf(',')))].join('\n') + '\n');
    const firstRepeat = stamps.findIndex((stamp, i) => i > 0 && stamp === stamps[i - 1]);
    expect(firstRepeat).to.be.above(1);
    const result = lumbarpod('replay', file, '--axes', 'V=x,AP=z,ML=-y');
    expect(result.status, result.stderr).to.equal(1);
    expect(result.stderr).to.match(new RegExp(
      `^lumbarpod: .*logger\\.csv: line ${firstRepeat + 2}, column t_s: time stamp ${Number(stamps[firstRepeat])} repeats the previous time stamp ` +
        '\\(the time stamps look rounded to 10 ms, but one even rate does not explain them \\(stamps that jitter, or lost samples hidden in the rounding one after another\\): ' +
        '.*\\) \\(the \\d+ samples before it were replayed\\)$',
      'm',
    ));
    expect(result.stderr).to.not.match(/time stamps rounded to/);
    const totals = JSON.parse(result.stdout.trimEnd().split('\n').pop() as string);
    expect(totals.samples).to.equal(firstRepeat);
  });

  it('replays a CSV with a logger\'s notes and Excel\'s sep=; before its header as it replays the plain file, with a note on stderr saying what was skipped', () => {
    const file = path.join(dir, 'notes.csv');
    fs.writeFileSync(file, 'sep=;\n# Device: XYZ logger\n# Sampling rate: 100 Hz\n' + fs.readFileSync(MOBGAP, 'utf8').replace(/,/g, ';'));
    const plain = lumbarpod('replay', MOBGAP, '--axes', 'V=x,AP=z,ML=-y');
    const result = lumbarpod('replay', file, '--axes', 'V=x,AP=z,ML=-y');
    expect(result.status, result.stderr).to.equal(0);
    expect(result.stderr).to.equal(
      `lumbarpod: note: ${file}: 3 lines before the header (line 4) are no data and were skipped: 'sep=;', '# Device: XYZ logger', '# Sampling rate: 100 Hz'; ` +
        "the values are separated by ';', as its sep= line says\n",
    );
    expect(result.stdout).to.equal(plain.stdout);
  });

  it('replays a CSV stamped with ISO 8601 date-times as it replays the trial stamped in ms, saying where the recording starts', () => {
    const rows = fs.readFileSync(MOBGAP, 'utf8').trimEnd().split('\n');
    const start = Date.UTC(2024, 2, 1, 9, 0, 0);
    const file = path.join(dir, 'dates.csv');
    fs.writeFileSync(file, [rows[0], ...rows.slice(1).map((row) => {
      const comma = row.indexOf(',');
      return new Date(start + Number(row.slice(0, comma))).toISOString().replace('T09', ' 10').replace('Z', '+01:00') + row.slice(comma);
    })].join('\n') + '\n');
    const plain = lumbarpod('replay', MOBGAP, '--axes', 'V=x,AP=z,ML=-y');
    const result = lumbarpod('replay', file, '--axes', 'V=x,AP=z,ML=-y');
    expect(result.status, result.stderr).to.equal(0);
    expect(result.stderr).to.equal(`lumbarpod: note: ${file}: the time stamps are date-times: the recording starts at 2024-03-01T10:00:00.000+01:00, and each sample's time is its ms after that\n`);
    // the same records, the totals saying when the first sample was taken
    const lines = result.stdout.trimEnd().split('\n');
    const plainLines = plain.stdout.trimEnd().split('\n');
    expect(lines.slice(0, -1)).to.deep.equal(plainLines.slice(0, -1));
    expect(JSON.parse(lines[lines.length - 1])).to.deep.equal({ ...JSON.parse(plainLines[plainLines.length - 1]), startTime: '2024-03-01T10:00:00.000+01:00' });
  });

  it('replays a CSV whose clock started again mid-file (stamps back to 0) whole: exit 0, a warning naming the line, a gap of no lost samples where it restarted, and every sample in the totals', () => {
    const rows = fs.readFileSync(MOBGAP, 'utf8').trimEnd().split('\n');
    const file = path.join(dir, 'restarted.csv');
    fs.writeFileSync(file, [rows[0], ...rows.slice(1).map((row, i) => (i < 600 ? row : String(Number(row.slice(0, row.indexOf(','))) - 6000) + row.slice(row.indexOf(','))))].join('\n') + '\n');
    const result = lumbarpod('replay', file, '--axes', 'V=x,AP=z,ML=-y');
    expect(result.status, result.stderr).to.equal(0);
    expect(result.stderr).to.match(new RegExp(`^lumbarpod: warning: ${file.replace(/[.]/g, '\\.')}: the time stamps start again at line 602 \\(0 after 5990; 646 samples from there\\)`));
    expect(result.stderr.trimEnd().split('\n')).to.have.length(1);
    const records = result.stdout.trimEnd().split('\n').map((line) => JSON.parse(line));
    expect(records.filter((record) => record.type === 'gap')).to.deep.equal([{ type: 'gap', startMs: 5990, endMs: 6990, missingSamples: 0, cause: 'clockRestart' }]);
    const totals = records[records.length - 1];
    expect([totals.samples, totals.missingSamples, totals.gaps, totals.inputError]).to.deep.equal([1246, 0, 1, null]);
  });

  it('replays a comma-separated CSV whose numbers are quoted with a decimal comma ("0,95451") as it replays the trial, with a note saying how they were read', () => {
    const lines = fs.readFileSync(MOBGAP, 'utf8').trimEnd().split('\n');
    const file = path.join(dir, 'decimal-comma.csv');
    fs.writeFileSync(file, [lines[0], ...lines.slice(1).map((line) => line.split(',').map((cell) => `"${cell.replace('.', ',')}"`).join(','))].join('\n') + '\n');
    const plain = lumbarpod('replay', MOBGAP, '--axes', 'V=x,AP=z,ML=-y');
    const result = lumbarpod('replay', file, '--axes', 'V=x,AP=z,ML=-y');
    expect(result.status, result.stderr).to.equal(0);
    expect(result.stderr).to.equal(`lumbarpod: note: ${file}: the numbers are written with a decimal comma (the first, '0,95451' on line 2, column ax), and read so\n`);
    expect(result.stdout).to.equal(plain.stdout);
  });

  it('refuses a recording whose rate the detector cannot run at, naming the rate', () => {
    // every tenth row of the 100 Hz trial: 10 Hz
    const rows = fs.readFileSync(MOBGAP, 'utf8').trimEnd().split('\n');
    const file = path.join(dir, 'ten-hz.csv');
    fs.writeFileSync(file, rows.filter((_, i) => i === 0 || i % 10 === 1).join('\n') + '\n');
    const result = lumbarpod('replay', file, '--axes', 'V=x,AP=z,ML=-y');
    expect(result.status).to.equal(1);
    expect(expectOneErrorLine(result.stderr)).to.match(/ten-hz\.csv: sample rate 10 Hz is not supported/);
  });

  it('gives the vertical ratio when the running speed is known', () => {
    const synthetic = path.join(root, 'examples', 'synthetic', 'run-172spm-fatigue.csv');
    const result = lumbarpod('replay', synthetic, '--speed', '3.3', '--window', '30');
    expect(result.status, result.stderr).to.equal(0);
    const summaries = result.stdout.trimEnd().split('\n').map((line) => JSON.parse(line)).filter((r) => r.type === 'summary');
    expect(summaries[1].endMs - summaries[1].startMs).to.equal(30000);
    // VO about 69 mm over 3.3 m/s x 0.349 s = 1151 mm: 6.0 %
    expect(summaries[1].quality.verticalRatio).to.equal(true);
    expect(summaries[1].verticalRatioPct100).to.be.within(560, 640);
    const bad = lumbarpod('replay', synthetic, '--speed', 'fast');
    expect(bad.status).to.equal(2);
    expectOneErrorLine(bad.stderr);
  });
});
