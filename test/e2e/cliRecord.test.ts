// The real CLI end to end, each command its own process: `lumbarpod simulate` puts the
// simulated pod (compiled firmware) on a pseudo-terminal, `lumbarpod record` records it through
// serialport with the live view, `lumbarpod replay RECORDING` gives the pod's own step events and
// summaries again from the recorded raw samples, and `lumbarpod report` writes the HTML report,
// which opens offline in headless Chromium with every plot drawn (test-artifacts/cli-record-report.png).
import { expect } from 'chai';
import { ChildProcess, execFileSync, spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { LOG_BYTES_PER_WINDOW_TYPICAL } from '../../host-tools/protocol/logEntries';
import { podRecordingBootOffsetsMs, readPodRecording } from '../../host-tools/recording/podRecording';
import { reportDataOf } from '../../host-tools/report/reportData';
import { reportDataOfRecording } from '../../host-tools/report/reportOfRecording';
import { COMMAND_STOP_RECORDING, ERROR_SAMPLES_LOST, STATUS_RAW_ONLY, STATUS_RAW_STREAM, STATUS_RECORDING } from '../../firmware/protocol/messageIds';
import { LSM6DS3TRC_FIFO_CAPACITY_SAMPLES } from '../../boards/lsm6ds3trc';
import { podWatermarkSamples } from '../../firmware/device/podFirmware';
import { openPodSerialLink, StatusMessage } from '../../host-tools/link/podSerialLink';
import { QUALITY_NAMES } from '../../firmware/core/summaryRecord';
import { sideName, stepQualityNames } from '../../host-tools/replay/replayRecords';
import { expectReportOpensOffline, launchChromium } from '../host-tools/report/reportInBrowser';

const root = path.resolve(__dirname, '..', '..');
const ARTIFACTS = path.join(root, 'test-artifacts');
const cli = path.join(root, 'bin', 'lumbarpod.js');

function startSimulate(args: string[]): { child: ChildProcess; podPath: Promise<string>; output: () => string } {
  const child = spawn(process.execPath, [cli, 'simulate', ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const podPath = new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /^pod: (.+)$/m.exec(out);
      if (match) resolve(match[1]);
    });
    child.stderr!.on('data', (chunk: Buffer) => { out += chunk.toString(); });
    child.on('exit', (code) => reject(new Error(`simulate exited (${code}) before printing the pod path:\n${out}`)));
  });
  return { child, podPath, output: () => out };
}

/** how `child` ended ('close': its output is all in), or 'running' when it has not within `ms` */
function endedWithin(child: ChildProcess, ms: number): Promise<{ code: number | null; signal: NodeJS.Signals | null } | 'running'> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve('running'), ms);
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal });
    });
  });
}

function run(args: string[], timeoutMs = 60000): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [cli, ...args], { cwd: root, encoding: 'utf8', timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** `lumbarpod record args` as a process of its own, its output collected as it comes */
function startRecord(args: string[]): {
  child: ChildProcess; exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>; printed: (line: RegExp) => Promise<void>;
  stdout: () => string; stderr: () => string;
} {
  const child = spawn(process.execPath, [cli, 'record', ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => { stdout += chunk.toString(); });
  child.stderr!.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
  // 'close': all its output is in by then
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
  /** resolves once stderr has matched `line`; rejects when record exits first */
  const printed = (line: RegExp) => new Promise<void>((resolve, reject) => {
    const check = (): void => {
      if (!line.test(stderr)) return;
      child.stderr!.off('data', check);
      resolve();
    };
    child.stderr!.on('data', check);
    void exit.then((how) => reject(new Error(`record exited (${JSON.stringify(how)}) before printing ${line}:\n${stderr}\n${stdout}`)));
    check();
  });
  return { child, exit, printed, stdout: () => stdout, stderr: () => stderr };
}

/** tgkill's system call number (linux: arch/x86/entry/syscalls/syscall_64.tbl, include/uapi/asm-generic/unistd.h) */
const TGKILL_SYSCALL: { [arch: string]: number } = { x64: 234, arm64: 131 };

/**
 * Sends `signals` (each a different one: the same signal twice would be delivered once) so that
 * the process takes them all at once, as when a person presses Ctrl-C faster than the command
 * gets to run: it is stopped first, and takes them when it continues. They go to its main thread
 * (tgkill, through perl, which Debian always has): a signal sent to the process may be taken by
 * any of Node's threads, and one taken by a worker thread the main thread can read a moment
 * later, after the command has acted on the other (about one time in eight under load).
 */
async function signalTogether(child: ChildProcess, signals: NodeJS.Signals[]): Promise<void> {
  const tgkill = TGKILL_SYSCALL[process.arch];
  if (tgkill === undefined) throw new Error(`no tgkill system call number known for ${process.arch}`);
  child.kill('SIGSTOP');
  // a signal sent before it has stopped could be taken on its own
  while (!/^\d+ \(.*\) T /.test(fs.readFileSync(`/proc/${child.pid}/stat`, 'utf8'))) await new Promise((resolve) => setTimeout(resolve, 5));
  const pid = child.pid as number;
  const sends = signals.map((signal) => `syscall(${tgkill}, ${pid}, ${pid}, ${os.constants.signals[signal]}) == 0 or die "tgkill ${signal}: $!";`);
  execFileSync('perl', ['-e', sends.join(' ')]);
  child.kill('SIGCONT');
}

/** the pod's status, asked for on its port */
async function podStatus(podPath: string): Promise<StatusMessage> {
  const link = await openPodSerialLink(podPath);
  try {
    const status = await link.requestStatus();
    if (status === undefined) throw new Error('the pod sent no status');
    return status;
  } finally {
    await link.close();
  }
}

describe('lumbarpod simulate -> record over a pseudo-terminal -> replay', function () {
  this.timeout(120000);
  let dir = '';

  /**
   * Records `lumbarpod simulate simArgs` over its pseudo-terminal into dir/name (record with
   * recordArgs must succeed) and stops simulate: the recording read back, what simulate printed
   * and record's live view (its stderr) and closing lines (its stdout).
   */
  async function recordSimulated(simArgs: string[], name: string, recordArgs: string[]): Promise<{ recording: ReturnType<typeof readPodRecording>; simOutput: string; liveView: string; closing: string }> {
    const sim = startSimulate(simArgs);
    try {
      const podPath = await sim.podPath;
      const out = path.join(dir, name);
      const record = run(['record', '--port', podPath, '--out', out, ...recordArgs]);
      expect(record.status, record.stderr + record.stdout + sim.output()).to.equal(0);
      // spawnSync held this process's event loop: let simulate's output in
      await new Promise((resolve) => setTimeout(resolve, 200));
      return { recording: readPodRecording(out), simOutput: sim.output(), liveView: record.stderr, closing: record.stdout };
    } finally {
      sim.child.kill('SIGTERM');
    }
  }

  /**
   * `lumbarpod replay` of the recording gives every step and window summary the pod sent, field
   * for field, each on the recording's clock (the pod's own, of its boot, plus where that boot starts)
   */
  function expectReplayEqualsPod(recording: ReturnType<typeof readPodRecording>): void {
    const replay = run(['replay', recording.dir]);
    expect(replay.status, replay.stderr).to.equal(0);
    const records = replay.stdout.trim().split('\n').map((line) => JSON.parse(line) as { [field: string]: unknown });
    const offsetsMs = podRecordingBootOffsetsMs(recording);
    const onClock = (line: { [field: string]: unknown }, field: string) => Math.round((line[field] as number) + offsetsMs[(line.boot as number | undefined) ?? 0]);
    const podSteps: Array<{ [field: string]: unknown }> = recording.lines.filter((l) => l.type === 'step').map((pod) => ({
      ...pod, tMs: onClock(pod, 'tMs'), side: sideName(pod.side as number), kind: pod.kind === 1 ? 'running' : 'walking', quality: stepQualityNames(pod.quality as number),
    }));
    const steps = records.filter((r) => r.type === 'step');
    expect(steps.length, 'steps').to.equal(podSteps.length);
    for (let i = 0; i < steps.length; i++) {
      for (const field of Object.keys(steps[i])) {
        if (field !== 'type') expect(steps[i][field], `step ${i} ${field}`).to.deep.equal(podSteps[i][field]);
      }
    }
    const podSummaries = recording.lines.filter((l) => l.type === 'summary');
    const summaries = records.filter((r) => r.type === 'summary');
    expect(summaries.length, 'summaries').to.equal(podSummaries.length);
    for (let i = 0; i < summaries.length; i++) {
      expect(summaries[i].startMs, `summary ${i} startMs`).to.equal(onClock(podSummaries[i], 'startMs'));
      for (const field of ['index', 'steps', 'runningSteps', 'cadenceSpm', 'contactMs', 'voMm', 'impactMg', 'vgrfBw100']) {
        expect(summaries[i][field], `summary ${i} ${field}`).to.equal(podSummaries[i][field]);
      }
      const quality = summaries[i].quality as { [metric: string]: boolean };
      for (const entry of QUALITY_NAMES) expect(quality[entry.name], `summary ${i} quality ${entry.name}`).to.equal(((podSummaries[i].quality as number) & entry.bit) !== 0);
    }
  }

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lumbarpod-cli-'));
  });
  after(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('records the simulated pod; replay of the recording equals the pod\'s own events; its report opens with its plots drawn', async () => {
    const sim = startSimulate(['--speed', '10', '--duration', '90', '--exit-at-end']);
    try {
      const podPath = await sim.podPath;
      const out = path.join(dir, 'run1');
      const record = run(['record', '--port', podPath, '--out', out, '--duration', '5', '--speed', '3.1']);
      expect(record.status, record.stderr + record.stdout).to.equal(0);
      expect(record.stdout).to.match(new RegExp(`^recording: ${out.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm'));
      // the live view: the form numbers and the counters, in plain lines without a terminal
      expect(record.stderr).to.match(/recording \| \d+ s of 5 s \(\d+ %\) \| pod clock [\d.]+ s \| steps \d+/);
      // the pod runs at 10x: over the 5 s of the session its own clock runs about 50 s
      const podClocks = Array.from(record.stderr.matchAll(/pod clock ([\d.]+) s/g), (m) => Number(m[1]));
      expect(podClocks[podClocks.length - 1]).to.be.within(35, 60);
      expect(record.stderr).to.match(/cadence 1[67]\d spm \| VO \d+ mm \| contact \d+ ms \| drop L [\d.]+ R [\d.]+ deg/);

      const recording = readPodRecording(out);
      expect(recording.meta.complete).to.equal(true);
      expect(recording.meta.endedBy).to.equal('duration');
      expect(recording.meta.calibration.stationary, 'the session started standing').to.equal(true);
      expect(recording.meta.gaps).to.deep.equal([]);
      expect(recording.meta.counters.frameErrors).to.equal(0);
      expect(recording.sampleIndex[0]).to.equal(0);
      expect(recording.meta.speedMms, 'the speed given to record').to.equal(3100);
      expect(recording.meta.speedChanges).to.deep.equal([]);
      const podSteps = recording.lines.filter((l) => l.type === 'step');
      const podSummaries = recording.lines.filter((l) => l.type === 'summary');
      expect(podSteps.length, 'steps in about 50 s of pod time').to.be.above(80);
      // the totals line counts what the recording holds
      expect(record.stdout).to.contain(`lumbarpod record: ${podSteps.length} steps, ${podSummaries.length} summaries, ${recording.meta.rawSamples} raw samples`);

      const replay = run(['replay', out]);
      expect(replay.status, replay.stderr).to.equal(0);
      const records = replay.stdout.trim().split('\n').map((line) => JSON.parse(line) as { [field: string]: unknown });
      const steps = records.filter((r) => r.type === 'step');
      const summaries = records.filter((r) => r.type === 'summary');
      expect(steps.length).to.equal(podSteps.length);
      for (let i = 0; i < steps.length; i++) {
        const pod = podSteps[i];
        const expected: { [field: string]: unknown } = {};
        for (const field of Object.keys(steps[i])) {
          if (field === 'type') continue;
          expected[field] = field === 'side' ? sideName(pod.side as number) : field === 'kind' ? (pod.kind === 1 ? 'running' : 'walking')
            : field === 'quality' ? stepQualityNames(pod.quality as number) : pod[field];
        }
        expect({ ...steps[i], type: undefined }, `step ${i}`).to.deep.equal({ ...expected, type: undefined });
      }
      expect(summaries.length).to.equal(podSummaries.length);
      expect(podSummaries.some((s) => (s.verticalRatioPct100 as number) > 0), 'the pod computed vertical ratios at 3.1 m/s').to.equal(true);
      for (let i = 0; i < summaries.length; i++) {
        for (const field of ['index', 'startMs', 'endMs', 'steps', 'runningSteps', 'cadenceSpm', 'contactMs', 'voMm', 'verticalRatioPct100', 'impactMg', 'vgrfBw100']) {
          expect(summaries[i][field], `summary ${i} ${field}`).to.equal(podSummaries[i][field]);
        }
      }

      // the report of the same recording, opened offline in headless Chromium with every plot drawn
      const report = run(['report', out]);
      expect(report.status, report.stderr).to.equal(0);
      const html = path.join(out, 'report.html');
      expect(fs.readFileSync(html, 'utf8')).to.contain('Cadence').and.contain('steps/min').and.contain('lower back');
      const browser = await launchChromium();
      try {
        const { page, plots } = await expectReportOpensOffline(browser, html, 10);
        // a run shorter than the 2-minute fatigue baseline has no drift to plot; everything else draws
        const drawn = plots.filter((plot) => plot.colouredPixels > 150).map((plot) => plot.id);
        expect(drawn.length, `plots with their series drawn: ${drawn.join(', ')}`).to.be.at.least(plots.length - 2);
        fs.mkdirSync(ARTIFACTS, { recursive: true });
        await page.screenshot({ path: path.join(ARTIFACTS, 'cli-record-report.png'), fullPage: true });
      } finally {
        await browser.close();
      }
    } finally {
      sim.child.kill('SIGTERM');
    }
  });

  it('record --raw-only --rate 208: the pod sends every raw sample at 208 Hz and nothing its detector makes; the live view, report and replay detect the steps from the raw samples', async () => {
    const sim = startSimulate(['--speed', '10', '--duration', '90', '--exit-at-end']);
    try {
      const podPath = await sim.podPath;
      const out = path.join(dir, 'rawonly');
      // the research case a Puck's RAM leaves at 208 Hz: its detector's state would not fit beside the firmware
      const record = run(['record', '--port', podPath, '--out', out, '--duration', '5', '--raw-only', '--rate', '208']);
      expect(record.status, record.stderr + record.stdout).to.equal(0);
      expect(record.stdout).to.match(/detector was off \(raw only\)/);
      // the live view: the host's own detection of the raw stream, as the pod would have made it
      expect(record.stderr, record.stderr).to.match(/steps [1-9]\d* \(detected here\) \| windows \d+ \(detected here\)/);
      expect(record.stderr).to.match(/cadence 1[67]\d spm \| VO \d+ mm \| contact \d+ ms/);
      const recording = readPodRecording(out);
      expect(recording.meta.complete).to.equal(true);
      expect(recording.meta.sampleRateHz, 'the rate record set').to.equal(208);
      expect(recording.meta.gaps, 'every sample').to.deep.equal([]);
      expect(recording.sampleIndex[0]).to.equal(0);
      expect(recording.lines.filter((l) => l.type === 'step' || l.type === 'summary'), 'nothing from the detector').to.deep.equal([]);
      expect(recording.lines.some((l) => l.type === 'status' && ((l.flags as number) & STATUS_RAW_ONLY) !== 0), 'statuses say raw only').to.equal(true);

      const replay = run(['replay', out]);
      expect(replay.status, replay.stderr).to.equal(0);
      const replayed = replay.stdout.trim().split('\n').map((line) => JSON.parse(line) as { type: string; tMs?: number });
      const replayedSteps = replayed.filter((r) => r.type === 'step');
      expect(replayedSteps.length, 'steps in about 50 s of pod time').to.be.above(80);

      const report = run(['report', out]);
      expect(report.status, report.stderr).to.equal(0);
      expect(fs.readFileSync(path.join(out, 'report.html'), 'utf8')).to.contain('steps detected on this computer');
      const data = reportDataOfRecording(readPodRecording(out));
      expect(data.detectedBy).to.equal('replay');
      expect(data.steps.length, 'the report\'s steps are replay\'s').to.equal(replayedSteps.length);
      expect(data.windows.length).to.equal(replayed.filter((r) => r.type === 'summary').length);
      expect(Number((/(\d+) insights/.exec(report.stdout) ?? ['', '0'])[1]), report.stdout).to.be.at.least(8);
    } finally {
      sim.child.kill('SIGTERM');
    }
  });

  it('a pod that goes away mid-run is waited for, through a port that does not open at first: the gap is recorded and its logged summaries fill the hole', async () => {
    // 12 s unplugged, then 0.6 s (6 s of pod time) with the port there but not opening
    const { recording } = await recordSimulated(['--speed', '10', '--duration', '90', '--exit-at-end', '--unplug', '15:12:0.6'], 'run2', ['--duration', '6', '--wait', '30']);
    expect(recording.meta.counters.disconnects).to.equal(1);
    expect(recording.meta.gaps.length, JSON.stringify(recording.meta.gaps)).to.equal(1);
    const gap = recording.meta.gaps[0];
    expect(gap.cause).to.equal('disconnect');
    // 18 s of pod time away, give or take the host's reconnect poll and the wall/pod clock ratio
    expect(gap.missingSamples).to.be.within(16 * 104, 23 * 104);
    const events = recording.lines.filter((l) => l.type === 'linkEvent').map((l) => l.event);
    expect(events).to.include.members(['disconnect', 'reopenFailed', 'reconnect']);
    expect(events.indexOf('reopenFailed')).to.be.within(events.indexOf('disconnect'), events.indexOf('reconnect'));
    expect(recording.meta.complete).to.equal(true);
    expect(recording.meta.endedBy).to.equal('duration');
    // every window summary the pod made in the session, none missing: the log filled the gap
    const seqs = recording.lines.filter((l) => l.type === 'summary').map((l) => l.seq as number).sort((a, b) => a - b);
    expect(seqs.length).to.be.at.least(5);
    expect(seqs).to.deep.equal(seqs.map((_, i) => seqs[0] + i));
    expect(recording.lines.some((l) => l.type === 'summary' && l.fromLog === true), 'a summary from the log').to.equal(true);
  });

  it('simulate --stall: the pod falls behind for 5 s and its FIFO overruns; record keeps a pod gap where the stall began, of what the FIFO could not hold, with the pod\'s error and count', async () => {
    const { recording, simOutput } = await recordSimulated(['--speed', '10', '--duration', '60', '--exit-at-end', '--stall', '15:5'], 'stall', ['--duration', '4']);
    expect(simOutput).to.match(/^lumbarpod simulate: the pod's event loop stalled for 5 s/m);
    const rate = recording.meta.sampleRateHz;
    expect(rate).to.equal(104);
    expect(recording.meta.gaps.length, JSON.stringify(recording.meta.gaps)).to.equal(1);
    const gap = recording.meta.gaps[0];
    expect(gap.cause).to.equal('pod');
    // the FIFO keeps its newest 341 samples (it drops its oldest word as each comes): the ones
    // lost are the oldest, from the stall's start 15 s into the recording (less the burst the
    // pod had not yet read then), up to the 341 before its end
    const burst = podWatermarkSamples(rate, 0);
    expect(gap.fromSample, 'the first sample lost').to.be.within(15 * rate - burst, 15 * rate);
    expect(gap.fromSample + gap.missingSamples, 'the first sample after the loss').to.be.within(20 * rate - LSM6DS3TRC_FIFO_CAPACITY_SAMPLES - 1, 20 * rate - LSM6DS3TRC_FIFO_CAPACITY_SAMPLES + 1);
    expect(recording.meta.counters.podDroppedSamples).to.equal(gap.missingSamples);
    const errors = recording.lines.filter((l) => l.type === 'error');
    expect(errors.map((l) => [l.code, l.detail])).to.deep.equal([[ERROR_SAMPLES_LOST, gap.missingSamples]]);
  });

  it('a second host on the port record has open (stream on the same simulated pod) is refused in one line, saying another program has it; the recording goes on whole', async () => {
    const sim = startSimulate(['--speed', '5', '--duration', '60']);
    try {
      const podPath = await sim.podPath;
      const out = path.join(dir, 'two-hosts');
      const record = startRecord(['--port', podPath, '--out', out, '--duration', '8']);
      await record.printed(/steps [1-9]/);
      // a pseudo-terminal lets a second program open it too, but not take the lock record holds
      const second = spawnSync(process.execPath, [cli, 'stream', '--port', podPath], { cwd: root, encoding: 'utf8', timeout: 30000, killSignal: 'SIGKILL' });
      expect(second.status, second.stderr + second.stdout).to.equal(1);
      expect(second.stderr.trim().split('\n'), second.stderr).to.deep.equal([
        `lumbarpod: cannot open serial port ${podPath}: another program has it open (Resource temporarily unavailable Cannot lock port): ` +
          'close that program (a serial terminal, the Espruino IDE, another lumbarpod), then try again',
      ]);
      const how = await record.exit;
      expect(how.code, record.stderr() + record.stdout()).to.equal(0);
      const recording = readPodRecording(out);
      expect(recording.meta.gaps, JSON.stringify(recording.meta.gaps)).to.deep.equal([]);
      expect(recording.meta.counters.frameErrors).to.equal(0);
      expect(recording.meta.counters.missingMessages).to.equal(0);
    } finally {
      sim.child.kill('SIGTERM');
    }
  });

  it('simulate refuses a bad --stall with one line and exit status 2, before any pod starts', () => {
    for (const [value, said] of [['5', /give --stall as AT:SECONDS/], ['5:0', /SECONDS above 0 and at most 60/], ['5:61', /at most 60/], ['5:2,x', /not "x"/]] as Array<[string, RegExp]>) {
      const refused = run(['simulate', '--stall', value]);
      expect(refused.status, `--stall ${value}: ${refused.stderr}`).to.equal(2);
      expect(refused.stdout).not.to.match(/^pod: /m);
      expect(refused.stderr.trim().split('\n'), refused.stderr).to.have.length(1);
      expect(refused.stderr).to.match(said);
    }
  });

  it('a pod that goes away and does not come back within --wait: the files are closed with the time since a disconnect gap, and record exits 1 saying so', async () => {
    const sim = startSimulate(['--speed', '10', '--duration', '90', '--exit-at-end', '--unplug', '15:600']);
    try {
      const podPath = await sim.podPath;
      const out = path.join(dir, 'gone');
      const record = run(['record', '--port', podPath, '--out', out, '--duration', '30', '--wait', '2']);
      expect(record.status, record.stderr).to.equal(1);
      expect(record.stderr).to.match(/^lumbarpod: the pod went away and did not come back within --wait 2 s: what came before is kept in .*gone, the time after it a gap$/m);
      expect(record.stdout).to.match(/^recording: .*gone$/m);
      expect(record.stdout).to.match(/the pod did not come back/);
      const recording = readPodRecording(out);
      expect(recording.meta.complete).to.equal(true);
      expect(recording.meta.endedBy).to.equal('disconnect');
      const last = recording.sampleIndex[recording.sampleIndex.length - 1];
      expect(last, 'samples before the unplug (pod second 15)').to.be.within(13 * 104, 16 * 104);
      const tail = recording.meta.gaps[recording.meta.gaps.length - 1];
      expect(tail.cause).to.equal('disconnect');
      expect(tail.fromSample).to.equal(last + 1);
      // about 2 s of waiting on the host's clock, at the nominal 104 Hz
      expect(tail.missingSamples).to.be.within(150, 400);
      // stopped while unplugged, simulate does not plug the pod back in 60 s later: it ends now
      sim.child.kill('SIGTERM');
      expect(await endedWithin(sim.child, 5000), sim.output()).to.deep.equal({ code: 0, signal: null });
      expect(sim.output()).to.not.match(/plugged in again|Error/);
    } finally {
      sim.child.kill('SIGKILL');
    }
  });

  it('a pod that comes back while another program holds its port: record says that program has it, not that the pod did not come back', async () => {
    // unplugged at pod second 15 for 10 s of wall time
    const sim = startSimulate(['--speed', '10', '--duration', '300', '--unplug', '15:100']);
    let holder: Awaited<ReturnType<typeof openPodSerialLink>> | undefined;
    try {
      const podPath = await sim.podPath;
      const out = path.join(dir, 'port-taken');
      const record = startRecord(['--port', podPath, '--out', out, '--duration', '60', '--wait', '20']);
      try {
        await record.printed(/^recording \|/m);
        while (fs.existsSync(podPath)) await new Promise((resolve) => setTimeout(resolve, 5));
        // record held still while the pod comes back, so the other program has its port first
        record.child.kill('SIGSTOP');
        while (!fs.existsSync(podPath)) await new Promise((resolve) => setTimeout(resolve, 5));
        holder = await openPodSerialLink(podPath);
        record.child.kill('SIGCONT');
        const exit = await record.exit;
        const stderr = record.stderr();
        expect(exit.code, stderr).to.equal(1);
        expect(stderr).to.match(/^pod back but its port does not open yet: another program has it open /m);
        // the pod never heard the stop either
        expect(stderr.split('\n').filter((line) => /^lumbarpod: /.test(line)), stderr).to.deep.equal([
          'lumbarpod: warning: the pod was away when the session ended, so it was not told to stop recording and may still be recording (its button or the next record stops it)',
          'lumbarpod: the pod came back, but its port did not open within --wait 20 s: another program has it open (Resource temporarily unavailable Cannot lock port): ' +
            `close that program (a serial terminal, the Espruino IDE, another lumbarpod), then try again; what came before is kept in ${out}, the time after it a gap`,
        ]);
        expect(record.stdout()).to.match(/; the pod came back but its port did not open$/m);
        expect(readPodRecording(out).meta.endedBy).to.equal('disconnect');
      } finally {
        record.child.kill('SIGCONT');
        record.child.kill('SIGKILL');
      }
    } finally {
      await holder?.close();
      sim.child.kill('SIGTERM');
    }
  });

  it('simulate stopped before a host has started recording ends at once: the unplug, restart and button press still to come are called off', async () => {
    const sim = startSimulate(['--unplug', '5:5', '--restart-at', '10', '--press-button', '15']);
    try {
      await sim.podPath;
      // simulate takes signals from just after it prints the path: one before ends it uncleanly
      await new Promise((resolve) => setTimeout(resolve, 500));
      sim.child.kill('SIGTERM');
      expect(await endedWithin(sim.child, 5000), sim.output()).to.deep.equal({ code: 0, signal: null });
    } finally {
      sim.child.kill('SIGKILL');
    }
  });

  it('the pod\'s button stopping and starting its recording while it is unplugged: the new recording (its count past the old one\'s) is dated by the pod\'s clock, not taken for samples lost while away, and replay gives the pod\'s steps and summaries', async () => {
    // recording from pod second 0; unplugged at 15 s; stopped at 18 s and started again at 20 s; back at 45 s
    const { recording, closing } = await recordSimulated(['--speed', '10', '--duration', '90', '--exit-at-end', '--unplug', '15:30', '--press-button', '18,20'], 'button-away', ['--duration', '6', '--wait', '30']);
    const restarts = recording.lines.filter((l) => l.type === 'linkEvent' && l.event === 'restart');
    expect(restarts.length, JSON.stringify(restarts)).to.equal(1);
    expect(restarts[0].recordingRestarted).to.equal(true);
    // the button's start came 20 s (on the pod's clock) after the host's
    expect(restarts[0].startedLaterMs as number).to.be.within(19000, 20500);
    expect(recording.meta.gaps.map((g) => g.cause), JSON.stringify(recording.meta.gaps)).to.deep.equal(['restart']);
    const gap = recording.meta.gaps[0];
    expect(closing).to.contain(`raw samples, 1 gap (${gap.missingSamples} samples), 0 bad frames;`);
    // taken for a disconnect, the new recording's samples would have gone about 20 s early: its
    // sample 0 at raw.csv's 5 s (the 25 s it had run, on from the old one's 15 s)
    expect(gap.bootStartSample! / 104, 's: where its sample 0 goes').to.be.within(19, 20.5);
    // the pod's steps of the new recording fall among its samples on the recording's clock (taken
    // for a disconnect, 20 s early), and replay (its detector starting afresh at the first sample
    // after the gap) finds them there too
    const offsetsMs = podRecordingBootOffsetsMs(recording);
    const afterGapMs = ((gap.fromSample + gap.missingSamples) * 1000) / 104;
    const lastMs = (recording.sampleIndex[recording.sampleIndex.length - 1] * 1000) / 104;
    const podStepsMs = recording.lines.filter((l) => l.type === 'step' && l.boot === 1).map((l) => (l.tMs as number) + offsetsMs[1]);
    expect(podStepsMs.length, 'steps of the new recording').to.be.above(20);
    // (a step the pod gave after the link came back may have begun a moment before the first sample that came)
    for (const tMs of podStepsMs) expect(tMs).to.be.within(afterGapMs - 1000, lastMs);
    const replay = run(['replay', recording.dir]);
    expect(replay.status, replay.stderr).to.equal(0);
    const replayedMs = replay.stdout.trim().split('\n').map((line) => JSON.parse(line) as { type: string; tMs: number }).filter((r) => r.type === 'step').map((r) => r.tMs);
    // both times are whole ms, each floored on its own recording's clock, whose origins differ by a
    // fraction of a ms (the new recording's sample 0 lies between two of raw.csv's ms): up to 2 ms apart
    const found = podStepsMs.filter((tMs) => replayedMs.some((r) => Math.abs(r - tMs) < 2));
    expect(found.length / podStepsMs.length, 'pod steps replay finds at the same time').to.be.above(0.9);
    // the summaries lost while it was unplugged, read back from its log, each on the recording
    // that made it (the new one's started by the button at 20 s): the report's windows follow
    // one another, none laid over another
    const firstBatch = recording.lines.find((l) => l.type === 'rawBatch')!;
    const hostStartMs = (firstBatch.deviceTimeMs as number) - (((firstBatch.firstSampleIndex as number) + (firstBatch.sampleCount as number)) * 1000) / 104;
    const readBack = recording.lines.filter((l) => l.type === 'summary' && l.fromLog === true);
    const sentBy = (l: { [field: string]: unknown }) => (l.deviceTimeMs as number) - hostStartMs;
    expect(readBack.filter((l) => sentBy(l) < 19000).map((l) => l.boot ?? 0), 'read back, of the first recording').to.include(0).and.not.include(1);
    expect(readBack.filter((l) => sentBy(l) > 21000).map((l) => l.boot ?? 0), 'read back, of the one the button started').to.include(1).and.not.include(0);
    const windows = reportDataOf(recording).windows;
    expect(windows.length).to.equal(recording.lines.filter((l) => l.type === 'summary').length);
    for (let i = 1; i < windows.length; i++) expect(windows[i].startMs, `window ${i}`).to.be.at.least(windows[i - 1].endMs);
  });

  it('a pod that restarts while it is away: a restart gap, raw.csv counts on, and the log gives each boot\'s summaries once', async () => {
    // it restarts before its second window ends (at 20 s): the host dates a new boot it did not see
    // start by its own clock, which runs a tenth of the pod's here, so the new boot goes right after
    // the last sample that came (15 s), where a window of the old one ending at 20 s would overlap it
    const { recording, simOutput } = await recordSimulated(['--speed', '10', '--duration', '90', '--exit-at-end', '--unplug', '15:12', '--restart-at', '19'], 'restart', ['--duration', '6', '--wait', '30']);
    expect(simOutput).to.match(/the pod restarted/);
    expect(recording.meta.gaps.map((g) => g.cause), JSON.stringify(recording.meta.gaps)).to.deep.equal(['restart']);
    const events = recording.lines.filter((l) => l.type === 'linkEvent').map((l) => l.event);
    expect(events).to.include.members(['disconnect', 'reconnect', 'restart']);
    for (let i = 1; i < recording.sampleIndex.length; i++) {
      if (recording.sampleIndex[i] <= recording.sampleIndex[i - 1]) throw new Error(`raw.csv goes back at row ${i}`);
    }
    // two boots, each numbering its summaries from its own start: each run of seqs whole, none twice
    const summaries = recording.lines.filter((l) => l.type === 'summary');
    const keys = summaries.map((l) => `${l.seq}@${l.deviceTimeMs}`);
    expect(new Set(keys).size, 'no summary twice').to.equal(keys.length);
    const boots: number[][] = [];
    let lastTimeMs = -1;
    for (const l of [...summaries].sort((a, b) => (a.receivedMs as number) - (b.receivedMs as number))) {
      if ((l.deviceTimeMs as number) < lastTimeMs || boots.length === 0) boots.push([]);
      boots[boots.length - 1].push(l.seq as number);
      lastTimeMs = l.deviceTimeMs as number;
    }
    expect(boots.length, JSON.stringify(boots)).to.equal(2);
    for (const seqs of boots) expect(seqs).to.deep.equal(seqs.map((_, i) => seqs[0] + i));
    expect(boots[1][0], 'the new boot\'s first summary, from its log').to.equal(0);
    // each line says its boot; the report keeps both boots' steps and windows, on one clock
    expect(summaries.map((l) => l.boot ?? 0)).to.deep.equal(boots.flatMap((seqs, boot) => seqs.map(() => boot)));
    const data = reportDataOf(recording);
    expect(data.windows.length).to.equal(summaries.length);
    expect(data.steps.length).to.equal(recording.lines.filter((l) => l.type === 'step').length);
    for (let i = 1; i < data.windows.length; i++) expect(data.windows[i].startMs, `window ${i}`).to.be.at.least(data.windows[i - 1].endMs);
    // the new boot starts where its sample 0 falls in raw.csv, before the first batch that came after the gap
    const restartGap = recording.meta.gaps[0];
    expect(restartGap.bootStartSample).to.be.a('number').and.at.most(restartGap.fromSample + restartGap.missingSamples);
    // whole ms, as the report gives window times
    const newBootMs = Math.floor((restartGap.bootStartSample! * 1000) / 104);
    expect(data.windows.filter((w) => w.startMs >= newBootMs).length, 'windows after the restart').to.equal(boots[1].length);
  });

  it('a pod that restarts while it is away and runs longer than its old boot had (its clock, seqs and samples all go on past the old): its new boot id shows the restart', async () => {
    // the old boot ran 17 s of its recording; the new one has run 48 s when the host is back
    const { recording, simOutput } = await recordSimulated(['--speed', '10', '--duration', '120', '--exit-at-end', '--unplug', '15:50', '--restart-at', '17'], 'restart-long', ['--duration', '9', '--wait', '30']);
    expect(simOutput).to.match(/the pod restarted/);
    expect(recording.meta.gaps.map((g) => g.cause), JSON.stringify(recording.meta.gaps)).to.deep.equal(['restart']);
    const restarts = recording.lines.filter((l) => l.type === 'linkEvent' && l.event === 'restart');
    expect(restarts.length).to.equal(1);
    expect(restarts[0].bootId, 'the new boot\'s id').to.be.a('number').and.above(0);
    const events = recording.lines.filter((l) => l.type === 'linkEvent').map((l) => l.event);
    expect(events.indexOf('restart'), events.join()).to.be.above(events.indexOf('reconnect'));
    for (let i = 1; i < recording.sampleIndex.length; i++) {
      if (recording.sampleIndex[i] <= recording.sampleIndex[i - 1]) throw new Error(`raw.csv goes back at row ${i}`);
    }
    // the new boot's samples start at its sample 0, after the old boot's last, whatever their own index
    const gap = recording.meta.gaps[0];
    expect(gap.bootStartSample).to.be.a('number').and.at.most(gap.fromSample + gap.missingSamples);
    const rows = Array.from(recording.sampleIndex);
    const newBootFirst = rows.find((index) => index >= gap.fromSample + gap.missingSamples)!;
    const lastOld = rows.filter((index) => index < gap.fromSample).pop()!;
    expect(newBootFirst - gap.bootStartSample!, 'the first batch after the gap at its own index in the new boot').to.be.at.least(40 * 104);
    expect(gap.bootStartSample!, 'the new boot starts after the old boot\'s last sample').to.be.above(lastOld);
    // every line after the restart is the new boot's; the report places its steps after the old ones
    const offsetsMs = podRecordingBootOffsetsMs(recording);
    const stepMs = (boot: number) => recording.lines.filter((l) => l.type === 'step' && (l.boot ?? 0) === boot).map((l) => (l.tMs as number) + offsetsMs[boot]);
    expect(stepMs(1).length, 'steps of the new boot').to.be.at.least(10);
    expect(Math.min(...stepMs(1)), 'the new boot\'s first step').to.be.above(Math.max(...stepMs(0)));
    const summaries = recording.lines.filter((l) => l.type === 'summary');
    const keys = summaries.map((l) => `${l.boot ?? 0}:${l.seq}`);
    expect(new Set(keys).size, 'no summary twice').to.equal(keys.length);
  });

  it('a pod that restarts in the session and later goes away without restarting: one restart, then a disconnect gap', async () => {
    const { recording } = await recordSimulated(['--speed', '10', '--duration', '120', '--exit-at-end', '--restart-at', '10', '--unplug', '40:10'], 'restart-then-away', ['--duration', '8', '--wait', '30']);
    expect(recording.lines.filter((l) => l.type === 'linkEvent' && l.event === 'restart').length, 'one restart').to.equal(1);
    expect(recording.meta.gaps.map((g) => g.cause), JSON.stringify(recording.meta.gaps)).to.deep.equal(['restart', 'disconnect']);
    // away 10 s of pod time, give or take the reconnect poll and the wall/pod clock ratio
    expect(recording.meta.gaps[1].missingSamples).to.be.within(8 * 104, 16 * 104);
    expect(Math.max(...recording.lines.filter((l) => l.type === 'summary').map((l) => (l.boot as number | undefined) ?? 0)), 'two boots').to.equal(1);
  });

  it('the pod\'s button pressed twice mid-session (its recording stopped, and a new one started): the new samples count on in raw.csv after a restart gap, none dropped, and the new steps are placed after the old', async () => {
    const { recording, simOutput, closing } = await recordSimulated(['--speed', '10', '--duration', '90', '--exit-at-end', '--press-button', '15,20'], 'button', ['--duration', '6']);
    expect(simOutput.match(/button was pressed/g), simOutput).to.have.length(2);
    expect(recording.meta.gaps.map((g) => g.cause), JSON.stringify(recording.meta.gaps)).to.deep.equal(['restart']);
    const restarts = recording.lines.filter((l) => l.type === 'linkEvent' && l.event === 'restart');
    expect(restarts.map((l) => l.recordingRestarted)).to.deep.equal([true]);
    // started again: the closing line does not say it stopped
    expect(closing).to.not.match(/stopped by its button/);
    // every sample the pod sent is in raw.csv, counting on
    const sent = recording.lines.filter((l) => l.type === 'rawBatch').reduce((sum, l) => sum + (l.sampleCount as number), 0);
    expect(recording.meta.rawSamples).to.equal(sent);
    expect(recording.sampleIndex.length).to.equal(sent);
    for (let i = 1; i < recording.sampleIndex.length; i++) {
      if (recording.sampleIndex[i] <= recording.sampleIndex[i - 1]) throw new Error(`raw.csv goes back at row ${i}`);
    }
    const gap = recording.meta.gaps[0];
    expect(recording.sampleIndex.filter((index) => index >= gap.fromSample + gap.missingSamples).length, 'samples of the new recording').to.be.at.least(20 * 104);
    // the new recording's steps start from 0 on the pod's clock; the report puts them after the gap
    const data = reportDataOf(recording);
    expect(data.steps.length).to.equal(recording.lines.filter((l) => l.type === 'step').length);
    // (a new recording's first contact may be extrapolated to a little before its first sample)
    const stopMs = (gap.fromSample * 1000) / 104;
    expect(data.steps.filter((step) => step.tMs < stopMs).length, 'steps before the stop').to.be.at.least(15);
    expect(data.steps.filter((step) => step.tMs >= stopMs).length, 'steps of the new recording').to.be.at.least(50);
    // each recording's steps on the recording's clock: the new ones all after the old
    const offsetsMs = podRecordingBootOffsetsMs(recording);
    const stepMs = (boot: number) => recording.lines.filter((l) => l.type === 'step' && (l.boot ?? 0) === boot).map((l) => (l.tMs as number) + offsetsMs[boot]);
    expect(Math.min(...stepMs(1)), 'the new recording\'s first step').to.be.above(Math.max(...stepMs(0)));
    // replay stops the old recording (its last window summarised) and starts a new detector, as the pod did
    expect(gap.newRecording).to.equal(true);
    expectReplayEqualsPod(recording);
  });

  it('the pod\'s button stopping its recording mid-session, not started again: a podStopped link event marks it, and the closing line says nothing after it was recorded', async () => {
    // 15 s of pod time is 1.5 s of record's 6
    const { recording, closing } = await recordSimulated(['--speed', '10', '--duration', '90', '--exit-at-end', '--press-button', '15'], 'button-stop', ['--duration', '6']);
    const stopped = recording.lines.filter((l) => l.type === 'linkEvent' && l.event === 'podStopped');
    expect(stopped, 'one podStopped event').to.have.length(1);
    const event = stopped[0];
    // the status that said so is the line before it, and the pod was last seen recording before that
    const index = recording.lines.indexOf(event);
    const status = recording.lines[index - 1];
    expect(status.type).to.equal('status');
    expect((status.flags as number) & STATUS_RECORDING).to.equal(0);
    expect(event.seq).to.equal(status.seq);
    expect(event.deviceTimeMs).to.equal(status.deviceTimeMs);
    expect(event.lastRecordingMs as number).to.be.below(event.receivedMs as number);
    const lastBatch = recording.lines.filter((l) => l.type === 'rawBatch').pop()!;
    expect(event.lastRecordingMs as number).to.be.at.least(lastBatch.receivedMs as number);
    expect(recording.lines.filter((l) => l.type === 'linkEvent' && l.event === 'restart')).to.deep.equal([]);
    const atS = Math.round((event.lastRecordingMs as number) / 1000);
    expect(closing).to.match(new RegExp(`; the pod's recording was stopped by its button \\(or another host\\) about ${atS} s in, and nothing after that was recorded; the duration was reached$`, 'm'));
  });

  it('a pod that restarts mid-session while recorded: replay starts a new detector where it did, and gives its steps and summaries field for field', async () => {
    const { recording, simOutput } = await recordSimulated(['--speed', '10', '--duration', '90', '--exit-at-end', '--restart-at', '20'], 'reboot', ['--duration', '5']);
    expect(simOutput).to.match(/the pod restarted/);
    expect(recording.meta.gaps.map((g) => `${g.cause} ${g.newRecording ?? false}`), JSON.stringify(recording.meta.gaps)).to.deep.equal(['restart false']);
    const boots = new Set(recording.lines.filter((l) => l.type === 'step').map((l) => l.boot ?? 0));
    expect([...boots]).to.deep.equal([0, 1]);
    expectReplayEqualsPod(recording);
  });

  it('a pod that restarts mid-session while recorded: the live view counts the restart\'s gap among the samples lost, as the recording does, and says it restarted', async () => {
    const { recording, liveView, closing } = await recordSimulated(['--speed', '10', '--duration', '90', '--exit-at-end', '--restart-at', '20'], 'reboot-live', ['--duration', '5']);
    expect(recording.meta.gaps.map((g) => g.cause), JSON.stringify(recording.meta.gaps)).to.deep.equal(['restart']);
    const missing = recording.meta.gaps[0].missingSamples;
    expect(missing).to.be.above(0);
    const lost = liveView.match(/lost: frames \d+, messages \d+, samples \d+ \(\d+ gaps?\) \| disconnects \d+ \| restarts \d+/g) ?? [];
    expect(lost.length, liveView).to.be.above(0);
    expect(lost[lost.length - 1]).to.equal(`lost: frames 0, messages 0, samples ${missing} (1 gaps) | disconnects 0 | restarts 1`);
    expect(closing).to.match(new RegExp(`, 1 gap \\(${missing} samples?\\),`));
  });

  it('a summary lost on the line (its frame fails the CRC) is read back from the pod\'s log before the session ends: one seen by the gap after it, and the last, sent at the stop; the live view ends on the newest window either way', async () => {
    for (const [lost, which] of [['2', 1], ['last', -1]] as const) {
      // a tiring runner: each window's contact time and bounce differ from the one before
      const { recording, liveView } = await recordSimulated(['--speed', '10', '--duration', '90', '--fatigue', '--exit-at-end', '--corrupt-summaries', lost], `noisy-${lost}`, ['--duration', '5']);
      expect(recording.meta.counters.frameErrors, `${lost}: the corrupted frame`).to.be.at.least(1);
      const summaries = recording.lines.filter((l) => l.type === 'summary');
      const seqs = summaries.map((l) => l.seq as number).sort((a, b) => a - b);
      expect(seqs.length).to.be.at.least(3);
      expect(seqs, `${lost}: every summary of the session, none twice`).to.deep.equal(seqs.map((_, i) => seqs[0] + i));
      const expected = which === -1 ? seqs[seqs.length - 1] : seqs[which];
      expect(summaries.filter((l) => l.fromLog === true).map((l) => l.seq), `${lost}: read back from the log`).to.deep.equal([expected]);
      const newest = summaries.reduce((a, b) => ((b.index as number) > (a.index as number) ? b : a));
      const readBack = summaries.find((l) => l.fromLog === true)!;
      const shown = (l: { [field: string]: unknown }) => `VO ${l.voMm} mm | contact ${l.contactMs} ms`;
      if (lost === '2') expect(shown(readBack), 'the window read back differs from the newest on screen').not.to.equal(shown(newest));
      const lastViewLine = liveView.split('\n').filter((line) => line.includes(' || ')).pop() ?? '';
      expect(lastViewLine, `${lost}: the live view's last line shows window ${newest.index}`).to.contain(shown(newest));
    }
  });

  it('simulate --corrupt-summaries last corrupts only the summary sent at each stop, in a second recording of the same pod too (its set-up stops the pod before starting it)', async () => {
    const sim = startSimulate(['--speed', '10', '--duration', '300', '--corrupt-summaries', 'last']);
    try {
      const podPath = await sim.podPath;
      for (const name of ['noisy-last-first', 'noisy-last-second']) {
        const out = path.join(dir, name);
        const record = run(['record', '--port', podPath, '--out', out, '--duration', '5']);
        expect(record.status, record.stderr + record.stdout + sim.output()).to.equal(0);
        const recording = readPodRecording(out);
        expect(recording.meta.counters.frameErrors, `${name}: the one corrupted frame`).to.equal(1);
        const summaries = recording.lines.filter((l) => l.type === 'summary');
        expect(summaries.length, name).to.be.at.least(3);
        const newestSeq = Math.max(...summaries.map((l) => l.seq as number));
        expect(summaries.filter((l) => l.fromLog === true).map((l) => l.seq), `${name}: only the last read back from the log`).to.deep.equal([newestSeq]);
      }
    } finally {
      sim.child.kill('SIGTERM');
    }
  });

  it('after a restart within the session, the last summary lost on the line is read back too: the pod\'s window count is checked against its new boot\'s summaries', async () => {
    const { recording } = await recordSimulated(['--speed', '10', '--duration', '90', '--exit-at-end', '--restart-at', '20', '--corrupt-summaries', 'last'], 'restart-noisy', ['--duration', '5']);
    // once: the new boot's id, asked for after its clock showed the restart, adds none
    expect(recording.lines.filter((l) => l.type === 'linkEvent' && l.event === 'restart').length, 'the restart seen once').to.equal(1);
    expect(Math.max(...recording.lines.filter((l) => l.type === 'summary').map((l) => (l.boot as number | undefined) ?? 0)), 'two boots').to.equal(1);
    const newBoot = recording.lines.filter((l) => l.type === 'summary' && l.boot === 1);
    const seqs = newBoot.map((l) => l.seq as number).sort((a, b) => a - b);
    expect(seqs.length).to.be.at.least(2);
    expect(seqs, 'every summary of the new boot, none twice').to.deep.equal(seqs.map((_, i) => i));
    expect(newBoot.filter((l) => l.fromLog === true).map((l) => l.seq), 'the last, read back from the log').to.deep.equal([seqs[seqs.length - 1]]);
  });

  it('log: the summaries a pod logged while nobody listened come back as a recording per session; --clear empties the log', async () => {
    const sim = startSimulate(['--speed', '20', '--duration', '900']);
    try {
      const podPath = await sim.podPath;
      // The pod records from boot on its own. A host that only looks (stream, no recording
      // started) lets the simulated runner go; then nobody listens for about 40 s of pod time
      // of running, four windows. The idle windows before are not logged.
      const looked = run(['stream', '--port', podPath, '--duration', '3']);
      expect(looked.status, looked.stderr).to.equal(0);
      await new Promise((resolve) => setTimeout(resolve, 2000));
      const indicesOf = (dir: string): number[] => readPodRecording(dir).lines.filter((l) => l.type === 'summary').map((l) => l.index as number);
      const first = run(['log', '--port', podPath, '--out', path.join(dir, 'log1')]);
      expect(first.status, first.stderr + first.stdout + sim.output()).to.equal(0);
      const session = path.join(dir, 'log1', 'session-01');
      expect(first.stdout).to.contain(`recording: ${session}`);
      const logged = indicesOf(session);
      expect(logged.length).to.be.at.least(2);
      // window numbers count on from boot, over the idle windows that were not logged
      expect(logged).to.deep.equal(logged.map((_, i) => logged[0] + i));
      const recording = readPodRecording(session);
      expect(recording.meta.complete).to.equal(true);
      expect(recording.lines.filter((l) => l.type === 'summaryForm').map((l) => l.index)).to.deep.equal(logged);
      // its report rests on the pod's window medians: the running insights and the window plots are there
      const logReport = run(['report', session]);
      expect(logReport.status, 'report of a logged session').to.equal(0);
      const [, insightCount, plotCount] = /(\d+) insights, (\d+) plots/.exec(logReport.stdout) ?? ['', '0', '0'];
      expect(Number(insightCount), logReport.stdout).to.be.at.least(8);
      expect(Number(plotCount), logReport.stdout).to.be.at.least(5);
      expect(fs.readFileSync(path.join(session, 'report.html'), 'utf8')).to.contain('the pod&#39;s own medians of');
      // no raw samples in it: replay and export say why, and point at report
      for (const args of [['replay', session], ['export', '--bids', session, '--out', path.join(dir, 'log-bids')]]) {
        const refused = run(args);
        expect(refused.status, args[0]).to.equal(1);
        expect(refused.stderr.trim(), args[0]).to.match(/no raw samples to (replay|export) \(a session read from the pod's log holds its window summaries only; `lumbarpod report` shows them\)$/);
      }

      const cleared = run(['log', '--port', podPath, '--out', path.join(dir, 'log2'), '--clear']);
      expect(cleared.status, cleared.stderr).to.equal(0);
      expect(cleared.stdout).to.match(/the log on the pod is cleared/);
      // the room the log has left, from the pod's status: the clear gives back what was read
      const roomOf = (stdout: string): number => Number((/room for (\d+) more windows with steps \(about \d+ min of activity/.exec(stdout) ?? ['', 'NaN'])[1]);
      expect(roomOf(first.stdout), 'fewer than an empty 16 KB log holds').to.be.below(Math.floor(16384 / LOG_BYTES_PER_WINDOW_TYPICAL));
      expect(roomOf(cleared.stdout), cleared.stdout).to.be.above(roomOf(first.stdout));
      const beforeClear = indicesOf(path.join(dir, 'log2', 'session-01'));
      expect(beforeClear.slice(0, logged.length), 'the same entries read again').to.deep.equal(logged);
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const after = run(['log', '--port', podPath, '--out', path.join(dir, 'log3')]);
      expect(after.status, after.stderr).to.equal(0);
      // only the windows summarised since the clear, counted on
      const sinceClear = indicesOf(path.join(dir, 'log3', 'session-01'));
      expect(sinceClear.length).to.be.at.least(1);
      for (const index of sinceClear) expect(index).to.be.above(beforeClear[beforeClear.length - 1]);
    } finally {
      sim.child.kill('SIGTERM');
    }
  });

  it('log after the pod restarted: the sessions of its earlier boot keep their date and length, from the wall clock a host gave it and it logged', async () => {
    const testStartMs = Date.now();
    const sim = startSimulate(['--speed', '20', '--duration', '300', '--restart-at', '60']);
    try {
      const podPath = await sim.podPath;
      // a host looks (stream gives the pod its clock); the pod logs alone, restarts 60 s into
      // the run (pod time, 3 s here) and logs on in its new boot
      const looked = run(['stream', '--port', podPath, '--duration', '1']);
      expect(looked.status, looked.stderr).to.equal(0);
      await new Promise((resolve) => setTimeout(resolve, 4000));
      expect(sim.output()).to.match(/the pod restarted/);
      const logged = run(['log', '--port', podPath, '--out', path.join(dir, 'logclock')]);
      expect(logged.status, logged.stderr + logged.stdout).to.equal(0);
      const sessions = fs.readdirSync(path.join(dir, 'logclock')).sort();
      expect(sessions.length, logged.stdout).to.be.at.least(2);
      // and says when each began, in local time
      for (const name of sessions) expect(logged.stdout).to.match(new RegExp(`^recording: \\S+${name} \\(\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d, \\d+ windows\\)$`, 'm'));
      for (const name of sessions) {
        const recording = readPodRecording(path.join(dir, 'logclock', name));
        const times = recording.lines.filter((l) => l.type === 'summary').map((l) => l.deviceTimeMs as number);
        // dated, and as long as the pod's own clock says; the simulated pod's clock runs 20x the
        // host's, so pod time taken from either side of the host's lands up to 20x as far away
        expect(recording.meta.startTime, `${name} is dated`).to.not.equal('');
        const startMs = Date.parse(recording.meta.startTime);
        const elapsedMs = Date.now() - testStartMs;
        expect(startMs, name).to.be.within(testStartMs - 20 * elapsedMs, Date.now() + 20 * elapsedMs);
        expect(Date.parse(recording.meta.endTime) - startMs, name).to.equal(times[times.length - 1] - times[0]);
      }
    } finally {
      sim.child.kill('SIGTERM');
    }
  });

  it('a pod kept at 208 Hz and idle from an earlier session is recorded at 208 Hz: the rate comes from the running session', async () => {
    const sim = startSimulate(['--speed', '10', '--duration', '90', '--rate', '208', '--exit-at-end']);
    try {
      const podPath = await sim.podPath;
      const first = path.join(dir, 'rate1');
      const second = path.join(dir, 'rate2');
      // the first session ends with stopRecording: the pod is idle when the second one connects
      expect(run(['record', '--port', podPath, '--out', first, '--duration', '2']).status).to.equal(0);
      const record = run(['record', '--port', podPath, '--out', second, '--duration', '2']);
      expect(record.status, record.stderr + record.stdout + sim.output()).to.equal(0);
      for (const out of [first, second]) {
        const recording = readPodRecording(out);
        expect(recording.meta.sampleRateHz, out).to.equal(208);
        // about 20 s of pod time at 10x: at 208 Hz, not half of it
        expect(recording.sampleIndex.length, out).to.be.above(15 * 208);
      }
      const raw = fs.readFileSync(path.join(second, 'raw.csv'), 'utf8').split('\n');
      const t = (line: string): number => Number(line.split(',')[1]);
      expect(t(raw[2]) - t(raw[1]), 'ms between samples').to.be.closeTo(1000 / 208, 0.002);
    } finally {
      sim.child.kill('SIGTERM');
    }
  });

  it('record --duration 0 records until Ctrl-C, as its --help says, and a bad --duration is refused saying what 0 does', async () => {
    const help = run(['record', '--help']);
    expect(help.status).to.equal(0);
    expect(help.stdout.replace(/\s+/g, ' ')).to.contain('--duration <s> stop after this many seconds (at most 604800, 7 days); 0 (or no --duration): go on until Ctrl-C');
    const bad = run(['record', '--port', '/dev/null', '--duration', '-5']);
    expect(bad.status).to.equal(2);
    expect(bad.stderr.trim()).to.equal('lumbarpod: give the duration, a number of seconds from 0 to 604800 (7 days; 0: until Ctrl-C)');
    const sim = startSimulate(['--speed', '5', '--duration', '120']);
    try {
      const podPath = await sim.podPath;
      const out = path.join(dir, 'duration-0');
      const record = startRecord(['--port', podPath, '--out', out, '--duration', '0']);
      await record.printed(/steps [1-9]/);
      // 4 s of wall time, 20 s of the pod's: a 0 taken for a duration would have ended it at once
      expect(await endedWithin(record.child, 4000), record.stderr()).to.equal('running');
      expect(record.stderr(), 'no duration to count down to').to.not.match(/ s of \d+ s/);
      record.child.kill('SIGINT');
      const how = await record.exit;
      expect(how.code, record.stderr()).to.equal(0);
      expect(readPodRecording(out).meta.endedBy).to.equal('interrupt');
    } finally {
      sim.child.kill('SIGTERM');
    }
  });

  it('Ctrl-C ends a recording cleanly and at once, before its --duration: the files are complete and say it was interrupted; stream shows the live view', async () => {
    const sim = startSimulate(['--speed', '5', '--duration', '120']);
    try {
      const podPath = await sim.podPath;
      const out = path.join(dir, 'run3');
      // a duration far longer than the test may take: the command must not wait it out
      const child = spawn(process.execPath, [cli, 'record', '--port', podPath, '--out', out, '--duration', '3600'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout!.on('data', (chunk: Buffer) => { stdout += chunk.toString(); });
      child.stderr!.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
      // interrupt once the live view shows steps
      await new Promise<void>((resolve, reject) => {
        const poll = setInterval(() => {
          if (/steps [1-9]/.test(stderr)) {
            clearInterval(poll);
            child.kill('SIGINT');
            resolve();
          }
        }, 100);
        child.on('exit', () => { clearInterval(poll); reject(new Error(`record exited early:\n${stderr}`)); });
      });
      const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
      expect(code, stderr).to.equal(0);
      expect(stdout).to.match(/stopped by Ctrl-C/);
      const recording = readPodRecording(out);
      expect(recording.meta.complete).to.equal(true);
      expect(recording.meta.endedBy).to.equal('interrupt');
      expect(recording.problems).to.deep.equal([]);
      expect(recording.lines.filter((l) => l.type === 'step').length).to.be.greaterThan(0);

      const stream = run(['stream', '--port', podPath, '--duration', '2']);
      expect(stream.status, stream.stderr).to.equal(0);
      expect(stream.stderr).to.match(/streaming \| \d+ s of 2 s/);
      expect(stream.stdout).to.match(/^lumbarpod stream: \d+ steps?, \d+ summar(?:y|ies); the duration was reached$/m);
    } finally {
      sim.child.kill('SIGTERM');
    }
  });

  it('Ctrl-C twice while record waits for a pod that stopped answering: the second skips the wait, the files are still closed and complete, and record says the pod may still be recording', async () => {
    const sim = startSimulate(['--speed', '5', '--duration', '120']);
    try {
      const podPath = await sim.podPath;
      const out = path.join(dir, 'twice');
      const child = spawn(process.execPath, [cli, 'record', '--port', podPath, '--out', out, '--duration', '3600'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout!.on('data', (chunk: Buffer) => { stdout += chunk.toString(); });
      const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
      // once steps show, the pod freezes (its port stays open, nothing answers) and Ctrl-C stops
      // record; once it says it waits for the pod, which its command timeouts let it do for
      // seconds, Ctrl-C again
      let interrupts = 0;
      child.stderr!.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        if (interrupts === 0 && /steps [1-9]/.test(stderr)) {
          interrupts++;
          sim.child.kill('SIGSTOP');
          child.kill('SIGINT');
        } else if (interrupts === 1 && /^stopping: waiting for the pod/m.test(stderr)) {
          interrupts++;
          child.kill('SIGINT');
        }
      });
      expect(await exit, stderr).to.deep.equal({ code: 0, signal: null });
      expect(interrupts).to.equal(2);
      expect(stdout).to.match(/^recording: .*twice$/m);
      expect(stdout).to.match(/stopped by Ctrl-C$/m);
      const warning = stderr.split('\n').filter((line) => /^lumbarpod: /.test(line));
      expect(warning, stderr).to.have.length(1);
      expect(warning[0]).to.match(/^lumbarpod: warning: stopped without waiting for the pod: not awaited: .*its answer to stopRecording, so it may still be recording/);
      expect(warning[0]).to.match(/its last messages/);
      const recording = readPodRecording(out);
      expect(recording.meta.complete).to.equal(true);
      expect(recording.meta.endedBy).to.equal('interrupt');
      expect(recording.meta.endTime).to.not.equal('');
      expect(recording.problems).to.deep.equal([]);
      expect(recording.lines.filter((l) => l.type === 'step').length).to.be.greaterThan(0);
      const notAwaited = recording.lines.filter((l) => l.type === 'linkEvent' && l.event === 'stopNotAwaited');
      expect(notAwaited, 'the recording says what was not waited for').to.have.length(1);
      expect((notAwaited[0].notAwaited as string[]).join('; ')).to.match(/stopRecording/);
    } finally {
      sim.child.kill('SIGCONT');
      sim.child.kill('SIGTERM');
    }
  });

  it('Ctrl-C while record sets the pod up (the pod slow to answer): nothing more is sent, only the answer on its way is waited for (a second Ctrl-C skips that), no directory is made, record exits 130 saying so, and the pod records on as it was; a third says nothing was recorded', async () => {
    const sim = startSimulate(['--speed', '5', '--duration', '120']);
    try {
      const podPath = await sim.podPath;
      // the pod records by itself from its boot, raw stream off: what record would have changed
      const kept = STATUS_RECORDING | STATUS_RAW_STREAM;
      let before = await podStatus(podPath);
      expect(before.flags & kept, 'recording by itself, raw stream off').to.equal(STATUS_RECORDING);
      for (const interrupts of [1, 2, 3]) {
        const out = path.join(dir, `setup-${interrupts}`);
        // frozen before record opens the port: it gets no answer to its first command, getStatus
        sim.child.kill('SIGSTOP');
        const record = startRecord(['--port', podPath, '--out', out]);
        try {
          await record.printed(/^connecting \|/m);
          record.child.kill('SIGINT');
          await record.printed(/^stopping before the recording started: waiting for the pod's answer to getStatus \(Ctrl-C again not to wait\) \|/m);
          if (interrupts === 1) sim.child.kill('SIGCONT');
          else if (interrupts === 2) record.child.kill('SIGINT');
          // the second and third signals arrive together: which one is the third, and so the
          // exit status (130 or 143), is the order the process takes them in
          else await signalTogether(record.child, ['SIGINT', 'SIGTERM']);
          const exit = await record.exit;
          const stderr = record.stderr();
          const errors = stderr.split('\n').filter((line) => /^lumbarpod: /.test(line));
          if (interrupts < 3) {
            expect(exit, stderr).to.deep.equal({ code: 130, signal: null });
            expect(errors, stderr).to.deep.equal([`lumbarpod: stopped by Ctrl-C before the pod was told to start recording: nothing was recorded, and ${out} was not made`]);
          } else {
            expect(exit.signal, stderr).to.equal(null);
            expect([130, 143], stderr).to.include(exit.code);
            expect(errors, stderr).to.deep.equal([`lumbarpod: quit before the pod was told to start recording: nothing was recorded, and ${out} was not made`]);
          }
          if (interrupts > 1) expect(stderr).to.match(/^stopping without waiting for the pod: nothing was recorded \(Ctrl-C again quits at once\) \|/m);
          expect(stderr, 'never shown recording').to.not.match(/^recording \|/m);
          expect(record.stdout()).to.equal('');
          expect(fs.existsSync(out), 'no recording directory').to.equal(false);
        } finally {
          record.child.kill('SIGKILL');
          sim.child.kill('SIGCONT');
        }
        // neither stopped nor started again: the same recording, counting on
        const after = await podStatus(podPath);
        expect(after.flags & kept, `after ${interrupts}`).to.equal(before.flags & kept);
        expect(after.rateHz).to.equal(before.rateHz);
        expect(after.samples, `after ${interrupts}: samples of the recording since boot, not counted from 0 again`).to.be.at.least(before.samples);
        before = after;
      }
    } finally {
      sim.child.kill('SIGCONT');
      sim.child.kill('SIGTERM');
    }
  });

  it('once --duration has ended and record waits for the pod, a Ctrl-C skips the wait and the next quits without closing the files, as the live view says', async () => {
    const sim = startSimulate(['--speed', '5', '--duration', '120']);
    try {
      const podPath = await sim.podPath;
      const out = path.join(dir, 'after-duration');
      const record = startRecord(['--port', podPath, '--out', out, '--duration', '10']);
      try {
        // the pod stops answering while recorded: after the duration, record waits for its answers
        await record.printed(/^recording \|/m);
        sim.child.kill('SIGSTOP');
        await record.printed(/^stopping: waiting for the pod's last messages \(Ctrl-C not to wait\) \|/m);
        // one of the two is the hurry, the other the next signal, which quits: its status is
        // the one taken second (130 or 143), the order the process takes them in
        await signalTogether(record.child, ['SIGINT', 'SIGTERM']);
        const exit = await record.exit;
        const stderr = record.stderr();
        expect(exit.signal, stderr).to.equal(null);
        expect([130, 143], stderr).to.include(exit.code);
        expect(stderr).to.match(/^stopping without waiting for the pod: closing the files \(Ctrl-C again quits without closing them\) \|/m);
        expect(stderr.split('\n').filter((line) => /^lumbarpod: /.test(line)), stderr).to.deep.equal([
          `lumbarpod: quit without closing the files: the recording in ${out} ends where it was cut (complete: false), and the pod may still be recording`,
        ]);
        expect(readPodRecording(out).meta.complete).to.equal(false);
      } finally {
        record.child.kill('SIGKILL');
      }
    } finally {
      sim.child.kill('SIGCONT');
      sim.child.kill('SIGTERM');
    }
  });

  it('a quit (Ctrl-C three times) after the pod answered the stop says so, rather than that it may still be recording', async () => {
    const sim = startSimulate(['--speed', '5', '--duration', '120']);
    try {
      const podPath = await sim.podPath;
      const out = path.join(dir, 'quit-after-stop');
      const record = startRecord(['--port', podPath, '--out', out]);
      try {
        await record.printed(/steps [1-9]/);
        record.child.kill('SIGINT');
        await record.printed(/^stopping: waiting for the pod's last messages \(Ctrl-C again not to wait\) \|/m);
        // its answers to getStatus and stopRecording come within a few ms; then the pod freezes, so
        // record waits (for its check of lost summaries) until the second and third Ctrl-C
        await new Promise((resolve) => setTimeout(resolve, 200));
        sim.child.kill('SIGSTOP');
        await new Promise((resolve) => setTimeout(resolve, 600));
        await signalTogether(record.child, ['SIGINT', 'SIGTERM']);
        const exit = await record.exit;
        const stderr = record.stderr();
        expect(exit.signal, stderr).to.equal(null);
        expect([130, 143], stderr).to.include(exit.code);
        const recording = readPodRecording(out);
        const answers = recording.lines.filter((l) => l.type === 'reply' && l.commandId === COMMAND_STOP_RECORDING && (l.receivedMs as number) > 1000);
        expect(answers.map((l) => l.status), 'the pod answered the stop with a yes').to.deep.equal([0]);
        expect(stderr.split('\n').filter((line) => /^lumbarpod: /.test(line)), stderr).to.deep.equal([
          `lumbarpod: quit without closing the files: the recording in ${out} ends where it was cut (complete: false), and the pod answered that it stopped recording`,
        ]);
        // recording.json counts the rows raw.csv holds at the quit, not those at the last gap (none: 0)
        expect(recording.meta.rawSamples, 'rawSamples').to.be.above(0).and.equal(recording.sampleIndex.length);
        expect(recording.meta.endedBy).to.equal('interrupt');
      } finally {
        record.child.kill('SIGKILL');
      }
    } finally {
      sim.child.kill('SIGCONT');
      sim.child.kill('SIGTERM');
    }
  });

  it('SIGTERM stops record as Ctrl-C does, and its totals line names it', async () => {
    const sim = startSimulate(['--speed', '5', '--duration', '120']);
    try {
      const podPath = await sim.podPath;
      const out = path.join(dir, 'sigterm');
      const record = startRecord(['--port', podPath, '--out', out]);
      try {
        await record.printed(/^recording \|/m);
        record.child.kill('SIGTERM');
        expect(await record.exit, record.stderr()).to.deep.equal({ code: 0, signal: null });
        expect(record.stdout()).to.match(/^lumbarpod record: \d+ steps, .*; stopped by SIGTERM$/m);
        const recording = readPodRecording(out);
        expect(recording.meta.complete).to.equal(true);
        expect(recording.meta.endedBy).to.equal('interrupt');
      } finally {
        record.child.kill('SIGKILL');
      }
    } finally {
      sim.child.kill('SIGTERM');
    }
  });

  it('a Ctrl-C just after record closed its files (the recording complete) ends it as the complete recording it is: exit status 0, its closing lines, no quit', async () => {
    const sim = startSimulate(['--speed', '5', '--duration', '120']);
    try {
      const podPath = await sim.podPath;
      const out = path.join(dir, 'ctrl-c-after-close');
      const record = startRecord(['--port', podPath, '--out', out, '--duration', '3']);
      try {
        // "recording: DIR" is printed once the files are closed; the process is exiting then
        await new Promise<void>((resolve, reject) => {
          const check = (): void => {
            if (!/^recording: /m.test(record.stdout())) return;
            record.child.kill('SIGINT');
            resolve();
          };
          record.child.stdout!.on('data', check);
          void record.exit.then((how) => reject(new Error(`record exited (${JSON.stringify(how)}) before its files were closed:\n${record.stderr()}`)));
        });
        const exit = await record.exit;
        expect(exit, record.stderr()).to.deep.equal({ code: 0, signal: null });
        const closing = record.stdout().split('\n');
        expect(closing[0]).to.equal(`recording: ${out}`);
        expect(closing[1]).to.match(/^lumbarpod record: \d+ steps, .*; the duration was reached$/);
        expect(record.stderr()).to.not.match(/^lumbarpod: /m);
        expect(readPodRecording(out).meta.complete).to.equal(true);
      } finally {
        record.child.kill('SIGKILL');
      }
    } finally {
      sim.child.kill('SIGTERM');
    }
  });

  it('a pod whose detector would leave it too little RAM: record says so in one line, naming --raw-only and --rate, and writes nothing', async () => {
    // short of the 260 blocks the pod keeps free, as a Puck with its detector is at 208 Hz (docs/performance.md)
    const sim = startSimulate(['--speed', '10', '--duration', '60', '--ram-free', '120']);
    try {
      const podPath = await sim.podPath;
      const out = path.join(dir, 'refused');
      const record = run(['record', '--port', podPath, '--out', out, '--duration', '3']);
      expect(record.status, record.stderr + record.stdout).to.equal(1);
      const lines = record.stderr.split('\n').filter((l) => /^lumbarpod: /.test(l));
      expect(lines, record.stderr).to.have.length(1);
      expect(lines[0]).to.match(/did not start recording: at this rate its step detector would leave it too little RAM/);
      expect(lines[0]).to.match(/--raw-only/);
      expect(lines[0]).to.match(/lower --rate/);
      expect(fs.existsSync(out), 'no recording directory').to.equal(false);
    } finally {
      sim.child.kill('SIGTERM');
    }
  });

  it('bad input: a missing port, an unknown board, two sources and a file that is no recording give one line and a non-zero exit', () => {
    // an --out that holds files, or is a file, is refused before the port is opened: nothing is overwritten
    const earlier = path.join(dir, 'earlier');
    fs.mkdirSync(earlier);
    fs.writeFileSync(path.join(earlier, 'raw.csv'), 'kept\n');
    for (const [command, out, why] of [['record', earlier, /already holds files/], ['log', earlier, /already holds files/], ['record', path.join(earlier, 'raw.csv'), /is a file, not a directory/]] as [string, string, RegExp][]) {
      const refused = run([command, '--port', path.join(dir, 'no-such-tty'), '--out', out]);
      expect(refused.status, refused.stderr).to.equal(1);
      expect(refused.stderr.trim().split('\n')).to.have.length(1);
      expect(refused.stderr).to.match(why);
    }
    expect(fs.readFileSync(path.join(earlier, 'raw.csv'), 'utf8')).to.equal('kept\n');
    const missing = run(['record', '--port', path.join(dir, 'no-such-tty'), '--out', path.join(dir, 'x'), '--duration', '1']);
    expect(missing.status).to.equal(1);
    expect(missing.stderr.trim().split('\n')).to.have.length(1);
    expect(missing.stderr).to.match(/^lumbarpod: cannot open serial port .*no-such-tty/);
    const board = run(['record', '--port', '/dev/null', '--board', 'nope']);
    expect(board.status).to.equal(2);
    expect(board.stderr.trim().split('\n')).to.have.length(1);
    const both = run(['simulate', 'examples/synthetic/run-172spm-fatigue.csv', '--synthetic']);
    expect(both.status).to.equal(2);
    expect(both.stderr).to.equal('lumbarpod: give a recording or --synthetic, not both\n');
    const notRecording = path.join(dir, 'empty');
    fs.mkdirSync(notRecording);
    fs.writeFileSync(path.join(notRecording, 'recording.json'), '{"format": "something else"}');
    const replay = run(['replay', notRecording]);
    expect(replay.status).to.equal(1);
    expect(replay.stderr).to.match(/^lumbarpod: .*not a LumbarPod recording/);
    expect(replay.stderr).not.to.match(/\n\s+at /);
  });
});
