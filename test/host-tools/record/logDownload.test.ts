// `lumbarpod log` against the simulated pod (compiled firmware) on a real pseudo-terminal: a pod
// unplugged while its log is read keeps what was read, written out as recordings, and says so.
import { expect } from 'chai';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { MSG_LOG_CHUNK } from '../../../firmware/protocol/messageIds';
import { FRAME_WHITEN_BYTE } from '../../../firmware/protocol/whitening';
import { UserError } from '../../../host-tools/cli/userError';
import { readPodRecording } from '../../../host-tools/recording/podRecording';
import { downloadPodLog } from '../../../host-tools/record/logDownload';
import { imuSourceFromSynthetic } from '../../../host-tools/sim/imuSource';
import { PodOnPty, startPodOnPty } from '../../../host-tools/sim/podOnPty';
import { PodSimulator } from '../../../host-tools/sim/podSimulator';
import { SIM_BOARD } from '../../../boards/sim';
import { POD_CONFIG_FILE } from '../../../firmware/device/podConfig';
import { generateSynthetic, SyntheticRun } from '../../../host-tools/synthetic/generate';
import { simBundleSource } from '../../e2e/simPodHelpers';
import { lumbarpodInProcess } from '../cli/cliInProcess';
import { LOG_FULL_WORDS } from '../../../host-tools/report/recordingIssues';
import { escapeHtml } from '../../../host-tools/report/reportFormat';

/** a synthetic run at `sampleRateHz`: 3 s standing, then `runningS` running at 170 steps/min */
function runOf(sampleRateHz: number, runningS: number): SyntheticRun {
  return generateSynthetic({ sampleRateHz, seed: 4, segments: [{ kind: 'standing', durationS: 3 }, { kind: 'running', durationS: runningS, cadenceSpm: 170 }] });
}

/**
 * the pod set to `rateHz` and to start recording as it boots (its config, read at boot: then
 * restarted unless it is yet to boot), recording alone for `ms`, then stopped by its button
 */
function runAloneAt(sim: PodSimulator, rateHz: number, ms: number, restart: boolean): void {
  sim.storage.writeJSON(POD_CONFIG_FILE, { rateHz, rawStream: 0, speedMms: 0, autoStart: 1 });
  if (restart) sim.reboot();
  sim.runFor(ms);
  sim.pressButton();
  sim.runFor(1000);
}

describe('lumbarpod log: the pod read back from its flash log', function () {
  this.timeout(120000);
  let dir = '';
  let pod: PodOnPty | undefined;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lumbarpod-logdl-'));
  });
  afterEach(async () => {
    if (pod !== undefined) await pod.close();
    pod = undefined;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a pod unplugged while its log is read: the summaries read are written as recordings, and the error says where and how far it got', async () => {
    const run = generateSynthetic({ sampleRateHz: 104, seed: 4, segments: [{ kind: 'standing', durationS: 3 }, { kind: 'running', durationS: 400, cadenceSpm: 170 }] });
    const sim = new PodSimulator({ bundleSource: await simBundleSource(), recording: imuSourceFromSynthetic(run) });
    // a run with the pod alone: about 40 windows in its log
    sim.runFor(405000);
    const plugged = await startPodOnPty(sim, { speed: 1 });
    pod = plugged;
    // the cable goes as the second chunk of the log leaves the pod
    let chunks = 0;
    sim.onSerialData((bytes) => {
      if (bytes.length > 3 && (bytes[2] ^ FRAME_WHITEN_BYTE) === MSG_LOG_CHUNK && ++chunks === 2) void plugged.unplug();
    });
    const outDir = path.join(dir, 'log');
    let failure: unknown;
    await downloadPodLog({ portPath: plugged.hostPath, board: SIM_BOARD, outDir, clear: true }).catch((e) => { failure = e; });
    expect(failure).to.be.instanceOf(UserError);
    const message = (failure as Error).message;
    expect(message).to.match(/^the pod went away while its log was read \((\d+) of (\d+) bytes\): the (\d+) window summaries read are saved in .*log; read it again for the rest$/);
    const [, readBytes, logBytes, saved] = /\((\d+) of (\d+) bytes\): the (\d+)/.exec(message)!.map(Number);
    expect(readBytes).to.be.above(0).and.below(logBytes);
    expect(saved).to.be.above(0);
    const recording = readPodRecording(path.join(outDir, 'session-01'));
    expect(recording.lines.filter((l) => l.type === 'summary')).to.have.length(saved);
  });

  it('the sessions of a pod set to 52 Hz are labelled 52 Hz: a stopped pod says the rate it is set to (they were labelled with the board\'s default, 104 Hz)', async () => {
    const sim = new PodSimulator({ bundleSource: await simBundleSource(), recording: imuSourceFromSynthetic(runOf(52, 60)) });
    // the runner stops the recording with the button before the log is read
    runAloneAt(sim, 52, 50000, false);
    const plugged = await startPodOnPty(sim, { speed: 1 });
    pod = plugged;
    const outDir = path.join(dir, 'log');
    await downloadPodLog({ portPath: plugged.hostPath, board: SIM_BOARD, outDir, clear: false });
    const recording = readPodRecording(path.join(outDir, 'session-01'));
    expect(recording.lines.filter((l) => l.type === 'summary').length).to.be.above(2);
    expect(recording.meta.sampleRateHz).to.equal(52);
  });

  it('each session is labelled with the rate it was recorded at, also after the pod was set to another rate (the log\'s recordingInfo; all were labelled with the rate set when the log was read)', async () => {
    const sim = new PodSimulator({ bundleSource: await simBundleSource(), recording: imuSourceFromSynthetic(runOf(208, 120)) });
    runAloneAt(sim, 52, 50000, false);
    // set to 208 Hz as the set-up page does (its config), and restarted: the next run at 208 Hz
    runAloneAt(sim, 208, 50000, true);
    const plugged = await startPodOnPty(sim, { speed: 1 });
    pod = plugged;
    const outDir = path.join(dir, 'log');
    await downloadPodLog({ portPath: plugged.hostPath, board: SIM_BOARD, outDir, clear: false });
    const rates = ['session-01', 'session-02'].map((name) => {
      const recording = readPodRecording(path.join(outDir, name));
      expect(recording.lines.filter((l) => l.type === 'summary').length, name).to.be.above(2);
      return recording.meta.sampleRateHz;
    });
    expect(rates).to.deep.equal([52, 208]);
    expect(fs.existsSync(path.join(outDir, 'session-03'))).to.equal(false);
  });

  it('a session whose directory cannot be made (a full disk): one clear error, the sessions before it written whole, and the pod\'s log not cleared', async () => {
    const run = generateSynthetic({ sampleRateHz: 104, seed: 4, segments: [{ kind: 'standing', durationS: 3 }, { kind: 'running', durationS: 130, cadenceSpm: 170 }] });
    const sim = new PodSimulator({ bundleSource: await simBundleSource(), recording: imuSourceFromSynthetic(run) });
    // two sessions in the log: the button stops the first and starts the second
    sim.runFor(60000);
    sim.pressButton();
    sim.runFor(1000);
    sim.pressButton();
    sim.runFor(60000);
    const plugged = await startPodOnPty(sim, { speed: 1 });
    pod = plugged;
    const outDir = path.join(dir, 'log');
    fs.mkdirSync(outDir);
    // where the second session's directory would go, something that is no directory
    fs.writeFileSync(path.join(outDir, 'session-02'), '');
    let failure: unknown;
    await downloadPodLog({ portPath: plugged.hostPath, board: SIM_BOARD, outDir, clear: true }).catch((e) => { failure = e; });
    expect(failure).to.be.instanceOf(UserError);
    expect((failure as Error).message).to.match(/^cannot make the recording's directory .*session-02: .*; 1 session before it is written whole in .*; the pod's log is kept as it was \(not cleared\)/);
    expect(readPodRecording(path.join(outDir, 'session-01')).lines.filter((l) => l.type === 'summary').length).to.be.above(3);
  });

  it('a log that filled during a run is reported full when it is read and cleared (the clear takes the pod\'s flag with it), naming the session it cut short', async () => {
    // a 2 KB Storage: the log fills in about 10 minutes of running, a 15-minute run outlasts it
    const run = generateSynthetic({ sampleRateHz: 104, seed: 4, segments: [{ kind: 'standing', durationS: 3 }, { kind: 'running', durationS: 900, cadenceSpm: 170 }] });
    const sim = new PodSimulator({ bundleSource: await simBundleSource(), recording: imuSourceFromSynthetic(run), storageCapacityBytes: 2048 });
    sim.runFor(905000);
    const plugged = await startPodOnPty(sim, { speed: 1 });
    pod = plugged;
    const outDir = path.join(dir, 'log');
    const { code, out, err } = await lumbarpodInProcess('log', '--port', plugged.hostPath, '--board', 'sim', '--out', outDir, '--clear');
    expect(code, err).to.equal(0);
    expect(out).to.match(/the log on the pod is cleared/);
    expect(err).to.equal(`lumbarpod: warning: the pod's log was full: windows made after it filled were not logged (${path.join(outDir, 'session-01')} ends where it filled); it is cleared now\n`);
    // what it held: well short of the run's 90 windows
    const windows = readPodRecording(path.join(outDir, 'session-01')).lines.filter((l) => l.type === 'summary').length;
    expect(windows).to.be.above(10).and.below(80);
  });

  it('a log that filled with a few bytes left is reported full after the pod restarted, though the new boot\'s flag says it is not (it sets it only for a log filled to its last byte)', async () => {
    const run = generateSynthetic({ sampleRateHz: 104, seed: 4, segments: [{ kind: 'standing', durationS: 3 }, { kind: 'running', durationS: 900, cadenceSpm: 170 }, { kind: 'standing', durationS: 60 }] });
    const sim = new PodSimulator({ bundleSource: await simBundleSource(), recording: imuSourceFromSynthetic(run), storageCapacityBytes: 2300 });
    sim.runFor(910000);
    sim.reboot();
    sim.runFor(20000);
    const plugged = await startPodOnPty(sim, { speed: 1 });
    pod = plugged;
    const outDir = path.join(dir, 'log');
    const { code, err } = await lumbarpodInProcess('log', '--port', plugged.hostPath, '--board', 'sim', '--out', outDir);
    expect(code, err).to.equal(0);
    expect(err).to.contain('lumbarpod: warning: the pod\'s log is full: windows made since it filled were not logged');
    const lines = readPodRecording(path.join(outDir, 'session-01')).lines;
    expect(lines[lines.length - 1]).to.deep.equal({ receivedMs: 0, type: 'linkEvent', event: 'logFull' });
  });

  it('the session a full log cut short says so in its files, and its report lists the missing end among its recording issues; the session before it has none', async () => {
    // a 2 KB Storage holds about 50 windows: a 5-minute run, then a 15-minute run the log fills in
    const run = generateSynthetic({
      sampleRateHz: 104, seed: 4,
      segments: [{ kind: 'standing', durationS: 3 }, { kind: 'running', durationS: 300, cadenceSpm: 170 }, { kind: 'standing', durationS: 20 }, { kind: 'running', durationS: 900, cadenceSpm: 165 }],
    });
    const sim = new PodSimulator({ bundleSource: await simBundleSource(), recording: imuSourceFromSynthetic(run), storageCapacityBytes: 2048 });
    sim.runFor(305000);
    sim.reboot();
    sim.runFor(925000);
    const plugged = await startPodOnPty(sim, { speed: 1 });
    pod = plugged;
    const outDir = path.join(dir, 'log');
    const logged = await lumbarpodInProcess('log', '--port', plugged.hostPath, '--board', 'sim', '--out', outDir);
    expect(logged.code, logged.err).to.equal(0);
    const first = readPodRecording(path.join(outDir, 'session-01'));
    const second = readPodRecording(path.join(outDir, 'session-02'));
    expect(first.lines.filter((l) => l.type === 'linkEvent')).to.deep.equal([]);
    expect(second.lines[second.lines.length - 1]).to.deep.equal({ receivedMs: 0, type: 'linkEvent', event: 'logFull' });
    // 30 of the first run's windows, and far fewer than the second run's 90
    expect(first.lines.filter((l) => l.type === 'summary').length).to.equal(30);
    expect(second.lines.filter((l) => l.type === 'summary').length).to.be.above(5).and.below(40);

    const reported = await lumbarpodInProcess('report', path.join(outDir, 'session-02'));
    expect(reported.code, reported.err).to.equal(0);
    expect(reported.out).to.match(/, 1 recording issue\n$/);
    const html = fs.readFileSync(path.join(outDir, 'session-02', 'report.html'), 'utf8');
    expect(html).to.contain(`<ul class="issues"><li>${escapeHtml(LOG_FULL_WORDS)}</li></ul>`);
  });
});
