import { expect } from 'chai';
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { SETUP_FLAG_FILE } from '../../../firmware/device/podFirmware';
import { decodeMessage } from '../../../firmware/protocol/codec';
import { frameDecodeEither, frameMaxLength } from '../../../firmware/protocol/framing';
import { ERROR_RESTARTED, MAX_MESSAGE_LENGTH } from '../../../firmware/protocol/messageIds';
import { pretokenise } from '../../../host-tools/flash/espruinoPretokenise';
import { CHECK_EXPRESSION } from '../../../host-tools/flash/espruinoSession';
import { saveStorageCopies } from '../../../host-tools/flash/storageBackup';
import { crashWords, crc32Of, flashPod, storedBytes } from '../../../host-tools/flash/flashPod';
import { openHangupSafePort } from '../../../host-tools/link/hangupSafePort';
import { HeldStartSource, startPodOnPty } from '../../../host-tools/sim/podOnPty';
import { openPtyPair } from '../../../host-tools/sim/ptyPair';
import { setTimeout as sleep } from 'timers/promises';
import { imuSourceFromSynthetic } from '../../../host-tools/sim/imuSource';
import { PodSimulator } from '../../../host-tools/sim/podSimulator';
import { crc32 } from '../../../host-tools/sim/simConsole';
import { generateSynthetic } from '../../../host-tools/synthetic/generate';
import { builtBundleOnce, DIST_DIR, SIM_BUNDLE } from '../../../scripts/build';
import { expectOneErrorLine, lumbarpodInProcess as lumbarpod } from '../cli/cliInProcess';



/** the error codes of every error message in a byte stream of frames */
function errorCodes(bytes: Buffer): number[] {
  const codes: number[] = [];
  const msg = new Uint8Array(frameMaxLength(MAX_MESSAGE_LENGTH));
  let start = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] !== 0) continue;
    const n = frameDecodeEither(bytes, start, i - start, msg, 0);
    start = i + 1;
    if (n <= 0) continue;
    const m = decodeMessage(msg, 0, n);
    if (m.type === 'error') codes.push(m.code);
  }
  return codes;
}

/**
 * A simulated pod with its firmware (`bundle`) and a log of `logBytes` bytes (in a Storage file of
 * `logFileBytes`), in setup mode as its owner leaves it for a flash, or running
 */
function podWithLog(bundle: string, logBytes: number, logFileBytes: number, inSetupMode: boolean): PodSimulator {
  const sim = new PodSimulator({ bundleSource: bundle, serialConsoleAtBoot: true });
  if (inSetupMode) sim.storage.write(SETUP_FLAG_FILE, '1');
  sim.storage.write('.bootcde', bundle);
  sim.storage.write('lplog', Uint8Array.from({ length: logBytes }, (_, i) => (i * 13) & 0x7f), 0, logFileBytes);
  return sim;
}

/** the pod's files but the setup flag, each with its bytes: what a flash that changed nothing leaves */
function podFilesHeld(sim: PodSimulator): string[][] {
  return sim.storage.list().filter((name) => name !== SETUP_FLAG_FILE).map((name) => [name, Buffer.from(sim.storage.fileBytes(name) as Uint8Array).toString('hex')]);
}

/**
 * `lumbarpod flash --board sim` on `port` in its own process group, as a terminal runs it, so an
 * interrupt (Ctrl-C) reaches lumbarpod and the espruino tools' process alike; `onPrinted` sees
 * what it prints on stdout as it comes
 */
function flashAsInATerminal(port: string, onPrinted?: (text: string) => void): { exited: Promise<number | null>; stderr: () => string; interrupt: () => void } {
  const child = spawn(process.execPath, [path.join(__dirname, '..', '..', '..', 'bin', 'lumbarpod.js'), 'flash', '--board', 'sim', '--port', port], {
    stdio: ['ignore', 'pipe', 'pipe'], detached: true,
  });
  let err = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (t: string) => { err += t; });
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (t: string) => onPrinted?.(t));
  return {
    exited: new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code))),
    stderr: () => err,
    interrupt: () => process.kill(-(child.pid as number), 'SIGINT'),
  };
}

function waitFor(what: string, ok: () => boolean, timeoutMs: number): Promise<void> {
  const t0 = Date.now();
  return new Promise((resolve, reject) => {
    const poll = setInterval(() => {
      if (ok()) {
        clearInterval(poll);
        resolve();
      } else if (Date.now() - t0 > timeoutMs) {
        clearInterval(poll);
        reject(new Error(`timed out waiting for ${what}`));
      }
    }, 20);
  });
}

describe('lumbarpod flash', function () {
  this.timeout(180000);
  let simBundle: string;
  let simMinPath: string;
  // the flashes keep the pod's other files in the user's state directory: here, a fresh one
  const stateHomeBefore = process.env.XDG_STATE_HOME;
  const stateHome = fs.mkdtempSync(path.join(os.tmpdir(), 'lumbarpod-state-'));

  after(() => {
    if (stateHomeBefore === undefined) delete process.env.XDG_STATE_HOME;
    else process.env.XDG_STATE_HOME = stateHomeBefore;
    fs.rmSync(stateHome, { recursive: true, force: true });
  });

  before(async () => {
    process.env.XDG_STATE_HOME = stateHome;
    simMinPath = (await builtBundleOnce(SIM_BUNDLE)).bundle.minPath;
    simBundle = fs.readFileSync(simMinPath, 'latin1');
  });

  it('uploads the sim bundle to a simulated pod in setup mode on a pty, which then boots it in run mode', async () => {
    // the pod starts with an older firmware (marked), in setup mode (rebootToSetup's flag in Storage)
    const sim = new PodSimulator({ bundleSource: simBundle + '\nvar LP_OLD_FIRMWARE = 1;', serialConsoleAtBoot: true });
    sim.storage.write(SETUP_FLAG_FILE, '1');
    // what a used pod holds: its old firmware first, then its log (partly written) and config
    const oldLog = Uint8Array.from({ length: 900 }, (_, i) => (i * 53) & 0xff);
    sim.storage.write('.bootcde', simBundle + '\nvar LP_OLD_FIRMWARE = 1;');
    sim.storage.write('lplog', oldLog, 0, 2048);
    sim.storage.writeJSON('lpconfig.json', { rateHz: 104, rawStream: 0, speedMms: 3100, autoStart: 1 });
    const pod = await startPodOnPty(sim, { speed: 20 });
    try {
      await waitFor('the old firmware to boot', () => sim.podGlobal('LP_OLD_FIRMWARE') === 1, 5000);
      const run = await lumbarpod('flash', '--board', 'sim', '--port', pod.hostPath);
      expect(run.err).to.equal('');
      expect(run.code).to.equal(0);
      expect(run.out).to.match(/flashed \d+ bytes \(CRC32 0x[0-9a-f]{8}\) to \.bootcde on /);
      expect(run.out.trimEnd().split('\n').pop()).to.equal(`next: lumbarpod record --port ${pod.hostPath} (or the dashboard, over Bluetooth)`);
      // the host kept the pod's other files only while Storage did not hold them
      const kept = /the pod's other files are kept in (\S+) until/.exec(run.out) as RegExpExecArray;
      expect(kept, run.out).to.not.equal(null);
      expect(fs.existsSync(kept[1])).to.equal(false);
      expect(fs.readdirSync(path.join(stateHome, 'lumbarpod')), 'nothing left behind').to.deep.equal([]);
      // Storage holds what was sent, byte for byte (compared by length and CRC32: others may rebuild dist/ meanwhile)
      const stored = Buffer.from(new Uint8Array(sim.storage.readArrayBuffer('.bootcde') as ArrayBuffer));
      const reported = /flashed (\d+) bytes \(CRC32 0x([0-9a-f]{8})\)/.exec(run.out) as RegExpExecArray;
      expect(stored.length).to.equal(Number(reported[1]));
      expect(crc32Of(stored)).to.equal(parseInt(reported[2], 16));
      // pretokenised, as the build leaves it: the bundle's first statement, its globals' var, has "var" as one byte
      const firstStatement = simBundle.slice(0, simBundle.indexOf(';') + 1);
      expect(firstStatement).to.match(/^var /);
      expect(stored.toString('latin1').startsWith(pretokenise(firstStatement))).to.equal(true);
      expect(stored.length).to.be.below(fs.statSync(simMinPath).size);
      // the firmware first in Storage, the pod's other files after it as they were
      expect(sim.storage.list()).to.deep.equal(['.bootcde', 'lplog', 'lpconfig.json']);
      const log = sim.storage.fileBytes('lplog') as Uint8Array;
      expect(log.length).to.equal(2048);
      expect(Buffer.from(log.subarray(0, oldLog.length)).equals(Buffer.from(oldLog))).to.equal(true);
      expect(log.subarray(oldLog.length).every((b) => b === 0xff)).to.equal(true);
      expect(sim.storage.readJSON('lpconfig.json')).to.deep.equal({ rateHz: 104, rawStream: 0, speedMms: 3100, autoStart: 1 });
      // the console got the copy and the erase, reset(), the chunks, the files back and the check,
      // and load() started the new firmware
      const typed = sim.repl.linesRun.filter((l) => l.trim() !== '');
      const resetAt = typed.findIndex((l) => /^reset\(\);?$/.test(l));
      expect(typed.slice(0, resetAt).some((l) => l.includes('require("Storage").eraseAll()'))).to.equal(true);
      expect(typed[typed.length - 1]).to.equal('load()');
      expect(sim.repl.linesRun.filter((l) => l.startsWith('require("Storage").write(".bootcde"'))).to.have.length(Math.ceil(stored.length / 1024));
      await waitFor('load()', () => sim.resets.some((r) => r.reason === 'load()'), 10000);
      const loadAtMs = (sim.resets.find((r) => r.reason === 'load()') as { tMs: number }).tMs;
      await waitFor('the restart error frame', () => errorCodes(Buffer.concat(sim.serial.written.filter((c) => c.tMs > loadAtMs).map((c) => c.bytes))).includes(ERROR_RESTARTED), 10000);
      expect(sim.podGlobal('LP_OLD_FIRMWARE')).to.equal(undefined);
      expect(sim.crashes).to.deep.equal([]);

      // a power cycle without the button: the flashed firmware boots again, in run mode
      const bootsBefore = sim.bootCount;
      const rebootAtMs = sim.nowMs;
      sim.reboot();
      await waitFor('the reboot', () => sim.bootCount > bootsBefore, 5000);
      await waitFor('the restart error frame after the reboot', () => errorCodes(Buffer.concat(sim.serial.written.filter((c) => c.tMs > rebootAtMs).map((c) => c.bytes))).includes(ERROR_RESTARTED), 10000);
      expect(sim.podGlobal('LP_OLD_FIRMWARE')).to.equal(undefined);
      expect(sim.consoleDevice).to.not.equal('Serial1');
    } finally {
      await pod.close();
    }
  });

  it('restarts a pod running its firmware into setup mode, boots a bundle given with --bundle (a marked build) and keeps it across a reboot', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lumbarpod-flash-test-'));
    const marked = path.join(dir, 'marked.min.js');
    fs.writeFileSync(marked, simBundle + '\nvar LP_FLASH_MARKER = 4711;');
    // run mode, sampling: its console closed
    const sim = new PodSimulator({ bundleSource: simBundle, serialConsoleAtBoot: true, recording: imuSourceFromSynthetic(generateSynthetic({
      sampleRateHz: 104, seed: 2, segments: [{ kind: 'standing', durationS: 3 }, { kind: 'running', durationS: 600, cadenceSpm: 170 }],
    })) });
    // flashed before: the firmware first in Storage, its log sized to the room left
    sim.storage.write('.bootcde', simBundle);
    const pod = await startPodOnPty(sim, { speed: 20 });
    try {
      await waitFor('run mode', () => sim.consoleDevice === 'LoopbackA', 5000);
      const run = await lumbarpod('flash', '--board', 'sim', '--port', pod.hostPath, '--bundle', marked);
      expect(run.err).to.equal('');
      expect(run.code).to.equal(0);
      expect(run.out).to.match(/the pod was running its firmware: restarted it into setup mode/);
      // rebootToSetup's restart, the tools' reset() before the upload
      expect(sim.resets.map((r) => r.reason).slice(0, 2)).to.deep.equal(['E.reboot', 'reset()']);
      await waitFor('the marked firmware', () => sim.podGlobal('LP_FLASH_MARKER') === 4711, 10000);
      expect(sim.watchdogResets, 'setup mode kicked the watchdog run mode left running').to.equal(0);
      const bootsBefore = sim.bootCount;
      sim.reboot();
      await waitFor('the reboot', () => sim.bootCount > bootsBefore && sim.podGlobal('LP_FLASH_MARKER') === 4711, 5000);
    } finally {
      await pod.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('run from a directory outside the project, with a --bundle relative to it whose name has a space, flashes that bundle', async () => {
    // no tsconfig.json here or above: the session's TypeScript must still compile as the project's
    const elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), 'lumbarpod flash elsewhere '));
    fs.writeFileSync(path.join(elsewhere, 'my build.min.js'), simBundle + '\nvar LP_ELSEWHERE_MARKER = 31;');
    const sim = new PodSimulator({ bundleSource: simBundle, serialConsoleAtBoot: true });
    sim.storage.write(SETUP_FLAG_FILE, '1');
    sim.storage.write('.bootcde', simBundle);
    const pod = await startPodOnPty(sim, { speed: 20 });
    try {
      const child = spawn(process.execPath, [path.join(__dirname, '..', '..', '..', 'bin', 'lumbarpod.js'), 'flash', '--board', 'sim', '--port', pod.hostPath, '--bundle', 'my build.min.js'], {
        cwd: elsewhere, stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      let err = '';
      child.stdout.setEncoding('utf8');
      child.stderr.setEncoding('utf8');
      child.stdout.on('data', (t: string) => { out += t; });
      child.stderr.on('data', (t: string) => { err += t; });
      const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
      expect(err).to.equal('');
      expect(code).to.equal(0);
      expect(out).to.match(/flashing my build\.min\.js \(\d+ bytes/);
      await waitFor('the bundle from that directory', () => sim.podGlobal('LP_ELSEWHERE_MARKER') === 31, 10000);
    } finally {
      await pod.close();
      fs.rmSync(elsewhere, { recursive: true, force: true });
    }
  });

  it('flashes on a built-in serial port, /dev/ttyS* (a Raspberry Pi\'s UART), which the espruino tools\' own port scan leaves out', async function () {
    const sim = new PodSimulator({ bundleSource: simBundle, serialConsoleAtBoot: true });
    sim.storage.write(SETUP_FLAG_FILE, '1');
    sim.storage.write('.bootcde', simBundle);
    const pod = await startPodOnPty(sim, { speed: 20 });
    // the pod's pseudo-terminal under a name such a port has
    const builtInPort = `/dev/ttyS-lumbarpod-test-${process.pid}`;
    try {
      try {
        fs.symlinkSync(pod.hostPath, builtInPort);
      } catch (e) {
        // only root may add a name in /dev
        this.skip();
      }
      const run = await lumbarpod('flash', '--board', 'sim', '--port', builtInPort);
      expect(run.err).to.equal('');
      expect(run.code).to.equal(0);
      expect(run.out).to.match(new RegExp(`flashed \\d+ bytes \\(CRC32 0x[0-9a-f]{8}\\) to \\.bootcde on ${builtInPort}`));
    } finally {
      fs.rmSync(builtInPort, { force: true });
      await pod.close();
    }
  });

  it('a port another program has open: the flash says so and what to do, and changes nothing', async () => {
    const sim = new PodSimulator({ bundleSource: simBundle, serialConsoleAtBoot: true });
    sim.storage.write(SETUP_FLAG_FILE, '1');
    sim.storage.write('.bootcde', simBundle + '\nvar LP_OLD_FIRMWARE = 2;');
    const pod = await startPodOnPty(sim, { speed: 20 });
    // serialport locks the ports it opens, as a serial terminal or another lumbarpod holds one
    const holder = await openHangupSafePort(pod.hostPath, 9600);
    try {
      const run = await lumbarpod('flash', '--board', 'sim', '--port', pod.hostPath);
      expect(run.code, run.out + run.err).to.equal(1);
      expect(expectOneErrorLine(run.err)).to.equal(`lumbarpod: flashing on ${pod.hostPath} failed: cannot open ${pod.hostPath}: another program has it open ` +
        '(Resource temporarily unavailable Cannot lock port): close that program (a serial terminal, the Espruino IDE, another lumbarpod), then try again; nothing was changed');
      expect(sim.repl.linesRun).to.deep.equal([]);
      expect(sim.podGlobal('LP_OLD_FIRMWARE')).to.equal(2);
    } finally {
      await new Promise((resolve) => holder.close(resolve));
      await pod.close();
    }
  });

  it('flashing the pod `lumbarpod simulate` runs leaves its recording waiting for the host that starts one, as before the flash', async () => {
    // as simulate sets it up: run mode, the runner standing until a host starts recording
    const held = new HeldStartSource(imuSourceFromSynthetic(generateSynthetic({
      sampleRateHz: 104, seed: 3, segments: [{ kind: 'standing', durationS: 2 }, { kind: 'running', durationS: 30, cadenceSpm: 170 }],
    })));
    const sim = new PodSimulator({ bundleSource: simBundle, serialConsoleAtBoot: true, recording: held });
    sim.storage.write('.bootcde', simBundle);
    const pod = await startPodOnPty(sim, { speed: 20, heldSource: held });
    try {
      await waitFor('run mode', () => sim.consoleDevice === 'LoopbackA', 5000);
      const run = await lumbarpod('flash', '--board', 'sim', '--port', pod.hostPath);
      expect(run.code, run.out + run.err).to.equal(0);
      await waitFor('the flashed firmware', () => sim.resets.some((r) => r.reason === 'load()') && sim.consoleDevice === 'LoopbackA', 10000);
      // longer than a host that talks but never starts a recording (stream) is given, wall ms
      await sleep(3000);
      expect(held.released, 'the run began with the flash').to.equal(false);
    } finally {
      await pod.close();
    }
  });

  it('refuses, before it talks to the pod, a --bundle that is a copy of another board\'s firmware or of the host pages\' library', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lumbarpod-flash-test-'));
    const otherBoards = path.join(dir, 'firmware.js');
    fs.copyFileSync(path.join(DIST_DIR, 'lumbarpod-mdbt42q.pretokenised.js'), otherBoards);
    const sim = new PodSimulator({ bundleSource: simBundle, serialConsoleAtBoot: true });
    sim.storage.write(SETUP_FLAG_FILE, '1');
    sim.storage.write('.bootcde', simBundle + '\nvar LP_OLD_FIRMWARE = 3;');
    const pod = await startPodOnPty(sim, { speed: 20 });
    try {
      const run = await lumbarpod('flash', '--board', 'puckjs2', '--port', pod.hostPath, '--bundle', otherBoards);
      expect(run.code, run.out + run.err).to.equal(1);
      expect(expectOneErrorLine(run.err)).to.equal(`lumbarpod: ${otherBoards} is the mdbt42q-lsm6dso board's firmware (lumbarpod-mdbt42q.pretokenised.js), not the puckjs2's: ` +
        "give --board mdbt42q-lsm6dso if the pod is one, or leave out --bundle to flash the puckjs2's own, dist/lumbarpod-puckjs2.pretokenised.js; nothing was changed");
      const core = await lumbarpod('flash', '--board', 'puckjs2', '--port', pod.hostPath, '--bundle', path.join(DIST_DIR, 'lumbarpod-core.min.js'));
      expect(core.code, core.out + core.err).to.equal(1);
      expect(expectOneErrorLine(core.err)).to.match(/lumbarpod-core\.min\.js is the detector library for host pages \(lumbarpod-core\.min\.js\), no pod's firmware: leave out --bundle to flash the puckjs2's own, dist\/lumbarpod-puckjs2\.pretokenised\.js; nothing was changed$/);
      expect(sim.repl.linesRun).to.deep.equal([]);
      expect(sim.storage.read('.bootcde')).to.equal(simBundle + '\nvar LP_OLD_FIRMWARE = 3;');
    } finally {
      await pod.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses, before it talks to the pod, a --bundle that is no firmware build (the README, an empty file), saying which file to flash', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lumbarpod-flash-test-'));
    const empty = path.join(dir, 'empty.js');
    fs.writeFileSync(empty, '');
    const readme = path.join(__dirname, '..', '..', '..', 'README.md');
    // running its firmware: a flash that went ahead would restart it into setup mode first
    const sim = new PodSimulator({ bundleSource: simBundle, serialConsoleAtBoot: true });
    sim.storage.write('.bootcde', simBundle + '\nvar LP_OLD_FIRMWARE = 5;');
    const pod = await startPodOnPty(sim, { speed: 20 });
    try {
      await waitFor('run mode', () => sim.consoleDevice === 'LoopbackA', 5000);
      const run = await lumbarpod('flash', '--board', 'puckjs2', '--port', pod.hostPath, '--bundle', readme);
      expect(run.code, run.out + run.err).to.equal(1);
      expect(expectOneErrorLine(run.err)).to.equal(`lumbarpod: ${readme} is no LumbarPod firmware build (a build's code names the pod's Storage files lpconfig.json and lplog; ` +
        "this file does not): leave out --bundle to flash the puckjs2's own, dist/lumbarpod-puckjs2.pretokenised.js; nothing was changed");
      expect(run.out).to.equal('');
      const none = await lumbarpod('flash', '--board', 'sim', '--port', pod.hostPath, '--bundle', empty);
      expect(none.code, none.out + none.err).to.equal(1);
      expect(expectOneErrorLine(none.err)).to.equal(`lumbarpod: ${empty} is empty, no firmware: leave out --bundle to flash the sim's own, dist/lumbarpod-sim.pretokenised.js; nothing was changed`);
      await sleep(500);
      expect(sim.resets, 'still running its firmware').to.deep.equal([]);
      expect(sim.repl.linesRun).to.deep.equal([]);
      expect(sim.podGlobal('LP_OLD_FIRMWARE')).to.equal(5);
    } finally {
      await pod.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('flashPod given an empty bundle (a file emptied after it was chosen) refuses it before the pod, running its firmware, is touched, saying that nothing was changed', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lumbarpod-flash-test-'));
    const empty = path.join(dir, 'emptied.min.js');
    fs.writeFileSync(empty, '');
    const sim = new PodSimulator({ bundleSource: simBundle, serialConsoleAtBoot: true });
    sim.storage.write('.bootcde', simBundle);
    const pod = await startPodOnPty(sim, { speed: 20 });
    try {
      await waitFor('run mode', () => sim.consoleDevice === 'LoopbackA', 5000);
      const said = await flashPod({ port: pod.hostPath, baud: 9600, bundlePath: empty, board: { name: 'sim', espruinoBoard: 'PUCKJS' } }).then(() => 'flashed', (e: Error) => e.message);
      expect(said).to.equal(`${empty} is empty, no firmware: give the firmware build to flash; nothing was changed`);
      await sleep(500);
      expect(sim.resets, 'still running its firmware').to.deep.equal([]);
      expect(sim.consoleDevice).to.equal('LoopbackA');
    } finally {
      await pod.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a --restore directory that holds no kept files is refused before the pod, running its firmware, is restarted into setup mode', async () => {
    const notKept = fs.mkdtempSync(path.join(os.tmpdir(), 'lumbarpod-not-kept-'));
    const sim = new PodSimulator({ bundleSource: simBundle, serialConsoleAtBoot: true });
    sim.storage.write('.bootcde', simBundle);
    const pod = await startPodOnPty(sim, { speed: 20 });
    try {
      await waitFor('run mode', () => sim.consoleDevice === 'LoopbackA', 5000);
      const run = await lumbarpod('flash', '--board', 'sim', '--port', pod.hostPath, '--restore', notKept);
      expect(run.code, run.out + run.err).to.equal(1);
      expect(expectOneErrorLine(run.err)).to.equal(`lumbarpod: --restore: ${notKept} holds no pod files a flash kept (it has no storage.json; ` +
        `a flash keeps them in ${path.join(stateHome, 'lumbarpod')}); nothing was changed`);
      expect(run.out).to.equal('');
      await sleep(500);
      expect(sim.resets, 'still running its firmware').to.deep.equal([]);
      expect(sim.consoleDevice).to.equal('LoopbackA');
    } finally {
      await pod.close();
      fs.rmSync(notKept, { recursive: true, force: true });
    }
  });

  it('a pod unplugged after the erase: the flash fails, saying where its other files are kept, byte for byte; flashed again with --restore, they are back on the pod', async () => {
    const sim = new PodSimulator({ bundleSource: simBundle, serialConsoleAtBoot: true });
    sim.storage.write(SETUP_FLAG_FILE, '1');
    const oldLog = Uint8Array.from({ length: 960 }, (_, i) => (i * 31 + 7) & 0x7f);
    sim.storage.write('.bootcde', simBundle);
    sim.storage.write('lplog', oldLog, 0, 4096);
    const pod = await startPodOnPty(sim, { speed: 20 });
    try {
      const flashing = lumbarpod('flash', '--board', 'sim', '--port', pod.hostPath);
      await waitFor('the upload', () => sim.repl.linesRun.some((l) => l.startsWith('require("Storage").write(".bootcde"')), 60000);
      await pod.unplug();
      const run = await flashing;
      expect(run.code).to.equal(1);
      const kept = /the pod's other files are kept in (\S+): flash again with --restore (\S+) to put them back$/.exec(run.err.trim()) as RegExpExecArray;
      expect(kept, run.err).to.not.equal(null);
      expect(kept[2]).to.equal(kept[1]);
      // where a reboot of this computer leaves it: the user's state directory, not the temporary one
      expect(path.dirname(kept[1])).to.equal(path.join(stateHome, 'lumbarpod'));
      const manifest = JSON.parse(fs.readFileSync(path.join(kept[1], 'storage.json'), 'utf8')) as { files: { name: string; size: number; written: number; file: string }[] };
      expect(manifest.files.map((f) => [f.name, f.size, f.written])).to.deep.equal([['lplog', 4096, 960]]);
      expect(Buffer.from(fs.readFileSync(path.join(kept[1], manifest.files[0].file)))).to.deep.equal(Buffer.from(oldLog));
      expect(sim.storage.list(), 'the log is off the pod').to.not.include('lplog');
      // plugged in again and flashed with --restore: the kept log goes back, and the directory goes
      await pod.replug(0);
      const again = await lumbarpod('flash', '--board', 'sim', '--port', pod.hostPath, '--restore', kept[1]);
      expect(again.code, again.out + again.err).to.equal(0);
      expect(again.out).to.match(new RegExp(`lplog: 960 bytes from ${kept[1].replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
      expect(Buffer.from(sim.storage.fileBytes('lplog') as Uint8Array).subarray(0, 960)).to.deep.equal(Buffer.from(oldLog));
      expect((sim.storage.fileBytes('lplog') as Uint8Array).length).to.equal(4096);
      expect(fs.existsSync(kept[1]), 'removed once back on the pod').to.equal(false);
    } finally {
      await pod.close();
    }
  });

  it('a state directory where the pod\'s files cannot be kept (a file in its way): nothing is erased, and the flash says why in words and what to set', async () => {
    const sim = podWithLog(simBundle, 500, 2048, true);
    const held = () => podFilesHeld(sim);
    const before = held();
    const file = path.join(stateHome, 'not-a-directory');
    fs.writeFileSync(file, '');
    const pod = await startPodOnPty(sim, { speed: 20 });
    process.env.XDG_STATE_HOME = file;
    try {
      const run = await lumbarpod('flash', '--board', 'sim', '--port', pod.hostPath);
      expect(run.code, run.out + run.err).to.equal(1);
      expect(expectOneErrorLine(run.err)).to.equal(`lumbarpod: flashing on ${pod.hostPath} failed: cannot keep the pod's other files on this computer: ` +
        `${file}/lumbarpod cannot be made: a file is on the way, not a directory; nothing was changed: ` +
        'set XDG_STATE_HOME to a directory you can write to (they go in its lumbarpod directory), then flash again');
      expect(held()).to.deep.equal(before);
    } finally {
      process.env.XDG_STATE_HOME = stateHome;
      fs.rmSync(file);
      await pod.close();
    }
  });

  it('a pod unplugged while its files are copied, before the erase: the flash says nothing was changed and to plug it in and flash again, not that the upload was cut', async () => {
    const sim = podWithLog(simBundle, 3000, 4096, true);
    const held = () => podFilesHeld(sim);
    const pod = await startPodOnPty(sim, { speed: 20 });
    try {
      const flashing = lumbarpod('flash', '--board', 'sim', '--port', pod.hostPath);
      await waitFor('the copy', () => sim.repl.linesRun.some((l) => l.includes('btoa(require("Storage").read("lplog"')), 60000);
      const before = held();
      await pod.unplug();
      const run = await flashing;
      expect(run.code, run.out + run.err).to.equal(1);
      expect(expectOneErrorLine(run.err)).to.equal(`lumbarpod: flashing on ${pod.hostPath} failed: ${pod.hostPath} hung up before the pod's Storage was erased; ` +
        'nothing was changed: plug the pod in again, then flash again');
      expect(held()).to.deep.equal(before);
      const keptBase = path.join(stateHome, 'lumbarpod');
      expect(fs.existsSync(keptBase) ? fs.readdirSync(keptBase) : [], 'nothing kept, as nothing was taken off the pod').to.deep.equal([]);
    } finally {
      await pod.close();
    }
  });

  it('a pod unplugged while its files are written back after the firmware: the flash says so, not that the firmware was cut short, and where the files are kept', async () => {
    const sim = podWithLog(simBundle, 3000, 4096, true);
    const pod = await startPodOnPty(sim, { speed: 20 });
    try {
      const flashing = lumbarpod('flash', '--board', 'sim', '--port', pod.hostPath);
      await waitFor('the files written back', () => sim.repl.linesRun.some((l) => l.includes('require("Storage").write("lplog"')), 90000);
      await pod.unplug();
      const run = await flashing;
      expect(run.code, run.out + run.err).to.equal(1);
      const said = expectOneErrorLine(run.err);
      expect(said).to.match(new RegExp(`hung up after the firmware was sent, while the pod's other files were written back; the firmware was not checked or started; ` +
        `the pod's other files are kept in (\\S+): flash again with --restore \\1 to put them back$`));
      fs.rmSync(/kept in (\S+):/.exec(said)![1], { recursive: true, force: true });
    } finally {
      await pod.close();
    }
  });

  it('Ctrl-C during the upload: the flash says the pod has no firmware that runs and where its other files are kept, not nothing', async () => {
    const sim = podWithLog(simBundle, 500, 2048, true);
    const pod = await startPodOnPty(sim, { speed: 20 });
    try {
      const flash = flashAsInATerminal(pod.hostPath);
      await waitFor('the upload', () => sim.repl.linesRun.some((l) => l.startsWith('require("Storage").write(".bootcde"')), 90000);
      flash.interrupt();
      expect(await flash.exited, flash.stderr()).to.equal(1);
      const said = expectOneErrorLine(flash.stderr());
      expect(said).to.match(/stopped \(Ctrl-C\) during the upload; the pod's Storage was erased and the firmware not all written, so it has none that runs/);
      const kept = /the pod's other files are kept in (\S+): flash again with --restore (\S+) to put them back$/.exec(said) as RegExpExecArray;
      expect(kept, said).to.not.equal(null);
      expect(fs.existsSync(path.join(kept[1], 'storage.json'))).to.equal(true);
      expect(sim.storage.list(), 'the log is off the pod').to.not.include('lplog');
      fs.rmSync(kept[1], { recursive: true, force: true });
    } finally {
      await pod.close();
    }
  });

  it('Ctrl-C while the files of a pod this flash restarted into setup mode are copied: the pod runs its firmware again, as the flash says, not left in setup mode', async () => {
    const sim = podWithLog(simBundle, 3000, 4096, false);
    const pod = await startPodOnPty(sim, { speed: 20 });
    try {
      await waitFor('run mode', () => sim.consoleDevice === 'LoopbackA', 5000);
      const flash = flashAsInATerminal(pod.hostPath);
      await waitFor('the copy', () => sim.repl.linesRun.some((l) => l.includes('btoa(require("Storage").read("lplog"')), 90000);
      flash.interrupt();
      expect(await flash.exited, flash.stderr()).to.equal(1);
      expect(expectOneErrorLine(flash.stderr())).to.equal(`lumbarpod: flashing on ${pod.hostPath} failed: stopped (Ctrl-C) before the pod's Storage was erased; nothing was changed, ` +
        'and the pod runs its firmware again');
      await waitFor('load()', () => sim.resets.some((r) => r.reason === 'load()'), 10000);
      await waitFor('run mode', () => sim.consoleDevice === 'LoopbackA', 5000);
      expect(sim.storage.list()).to.deep.equal(['.bootcde', 'lplog']);
      const keptBase = path.join(stateHome, 'lumbarpod');
      expect(fs.existsSync(keptBase) ? fs.readdirSync(keptBase) : [], 'nothing kept, as nothing was taken off the pod').to.deep.equal([]);
    } finally {
      await pod.close();
    }
  });

  it('Ctrl-C while a running pod restarts into setup mode, before the flashing session: the pod runs its firmware again, as the flash says, not left in setup mode', async () => {
    const sim = new PodSimulator({ bundleSource: simBundle, serialConsoleAtBoot: true });
    sim.storage.write('.bootcde', simBundle);
    const pod = await startPodOnPty(sim, { speed: 20 });
    try {
      await waitFor('run mode', () => sim.consoleDevice === 'LoopbackA', 5000);
      const flash = flashAsInATerminal(pod.hostPath);
      // rebootToSetup answered and the pod restarting: the flash waits for its console, no session yet
      await waitFor('the restart into setup mode', () => sim.resets.some((r) => r.reason === 'E.reboot'), 90000);
      flash.interrupt();
      expect(await flash.exited, flash.stderr()).to.equal(1);
      expect(expectOneErrorLine(flash.stderr())).to.equal(`lumbarpod: flashing on ${pod.hostPath} failed: stopped (Ctrl-C) before the pod's Storage was erased; nothing was changed, ` +
        'and the pod runs its firmware again');
      await waitFor('load()', () => sim.resets.some((r) => r.reason === 'load()'), 10000);
      await waitFor('run mode again', () => sim.consoleDevice === 'LoopbackA', 5000);
      expect(sim.resets.map((r) => r.reason)).to.deep.equal(['E.reboot', 'load()']);
      expect(sim.repl.linesRun.filter((l) => l.trim() !== ''), 'no session typed anything').to.deep.equal(['load()']);
      expect(sim.storage.list()).to.deep.equal(['.bootcde']);
    } finally {
      await pod.close();
    }
  });

  it('Ctrl-C as the flashing session starts, after a running pod was restarted into setup mode: the pod runs its firmware again, as the flash says, whenever it comes', async () => {
    // before the session's process has its own handlers, while its tools start, as its port opens
    for (const afterMs of [0, 500, 1500]) {
      const sim = new PodSimulator({ bundleSource: simBundle, serialConsoleAtBoot: true });
      sim.storage.write('.bootcde', simBundle);
      const pod = await startPodOnPty(sim, { speed: 20 });
      try {
        await waitFor('run mode', () => sim.consoleDevice === 'LoopbackA', 5000);
        const flash = flashAsInATerminal(pod.hostPath, (printed) => {
          if (/^flashing /m.test(printed)) setTimeout(() => flash.interrupt(), afterMs);
        });
        expect(await flash.exited, `${afterMs} ms: ${flash.stderr()}`).to.equal(1);
        // on a fast machine the session may be past the erase 1.5 s after it starts: then the flash
        // must say so (the upload's own test), never that nothing was changed
        if (afterMs >= 1500 && sim.repl.linesRun.some((l) => l.includes('eraseAll'))) {
          expect(expectOneErrorLine(flash.stderr()), `${afterMs} ms`).to.match(/stopped \(Ctrl-C\) during the upload; the pod's Storage was erased/);
          continue;
        }
        expect(expectOneErrorLine(flash.stderr()), `${afterMs} ms`).to.equal(`lumbarpod: flashing on ${pod.hostPath} failed: stopped (Ctrl-C) before the pod's Storage was erased; ` +
          'nothing was changed, and the pod runs its firmware again');
        await waitFor('load()', () => sim.resets.some((r) => r.reason === 'load()'), 10000);
        await waitFor('run mode again', () => sim.consoleDevice === 'LoopbackA', 5000);
        expect(sim.resets.map((r) => r.reason), `${afterMs} ms`).to.deep.equal(['E.reboot', 'load()']);
        expect(sim.storage.list()).to.deep.equal(['.bootcde']);
      } finally {
        await pod.close();
      }
    }
  });

  it('a log too large to go back beside the firmware: nothing is erased, and the pod is to be powered off and on to read its log, as setup mode does not run the firmware that reads it', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lumbarpod-flash-test-'));
    const larger = path.join(dir, 'larger.min.js');
    fs.writeFileSync(larger, simBundle + '\nvar LP_PADDING = "' + 'x'.repeat(6000) + '";');
    const sim = new PodSimulator({ bundleSource: simBundle, serialConsoleAtBoot: true });
    sim.storage.write(SETUP_FLAG_FILE, '1');
    sim.storage.write('.bootcde', simBundle);
    sim.storage.write('lplog', Uint8Array.from({ length: 7000 }, (_, i) => (i * 17) & 0x7f), 0, 7500);
    const pod = await startPodOnPty(sim, { speed: 20 });
    try {
      const run = await lumbarpod('flash', '--board', 'sim', '--port', pod.hostPath, '--bundle', larger);
      expect(run.code, run.out + run.err).to.equal(1);
      expect(expectOneErrorLine(run.err)).to.match(new RegExp(
        `do not fit its \\d+-byte Storage with 1024 bytes to spare; nothing was changed: power the pod off and on \\(it starts its firmware\\), read and clear its log with lumbarpod log --port ${pod.hostPath.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} --clear, then flash again$`,
      ));
      expect(sim.storage.list()).to.include('lplog');
      // as it says: powered off and on, the pod runs its firmware, whose log lumbarpod log reads
      const bootsBefore = sim.bootCount;
      sim.reboot();
      await waitFor('the reboot', () => sim.bootCount > bootsBefore, 5000);
      await waitFor('run mode', () => sim.consoleDevice === 'LoopbackA', 5000);
    } finally {
      await pod.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the espruino tools\' process crashing (its bundle gone before it read it): the flash says the error\'s message, not the last line of its stderr ("}")', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lumbarpod-flash-test-'));
    const gone = path.join(dir, 'gone.min.js');
    fs.writeFileSync(gone, simBundle);
    const sim = new PodSimulator({ bundleSource: simBundle, serialConsoleAtBoot: true });
    sim.storage.write(SETUP_FLAG_FILE, '1');
    sim.storage.write('.bootcde', simBundle);
    const pod = await startPodOnPty(sim, { speed: 20 });
    try {
      // flashPod reads the bundle before its first wait; the session reads it again once started
      const flashing = flashPod({ port: pod.hostPath, baud: 9600, bundlePath: gone, board: { name: 'sim', espruinoBoard: 'PUCKJS' } });
      fs.rmSync(gone);
      const said = await flashing.then(() => 'flashed', (e: Error) => e.message);
      expect(said).to.equal(`the espruino tools stopped without finishing: ENOENT: no such file or directory, open '${gone}'`);
    } finally {
      await pod.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads a crash\'s message out of what Node printed: the error\'s lines up to its stack, a short text whole', () => {
    // ts-node's error when the session did not compile (its properties end in "}")
    const tsError = [
      '/project/node_modules/ts-node/src/index.ts:859',
      '    return new TSError(diagnosticText, diagnosticCodes, diagnostics);',
      '           ^',
      'TSError: \u2a2f Unable to compile TypeScript:',
      "host-tools/flash/espruinoSession.ts(12,7): error TS2322: Type 'string' is not assignable to type 'number'.",
      '',
      '    at createTSError (/project/node_modules/ts-node/src/index.ts:859:12)',
      '    at reportTSError (/project/node_modules/ts-node/src/index.ts:863:19) {',
      '  diagnosticCodes: [ 2322 ]',
      '}',
      '',
    ].join('\n');
    expect(crashWords(tsError)).to.equal("TSError: \u2a2f Unable to compile TypeScript: host-tools/flash/espruinoSession.ts(12,7): error TS2322: Type 'string' is not assignable to type 'number'.");
    expect(crashWords('TypeError [ERR_INVALID_ARG_TYPE]: The "path" argument must be of type string. Received undefined\n    at open (node:fs:1:1)\n'))
      .to.equal('TypeError [ERR_INVALID_ARG_TYPE]: The "path" argument must be of type string. Received undefined');
    expect(crashWords('Segmentation fault\n')).to.equal('Segmentation fault');
    expect(crashWords('')).to.equal('');
  });

  it('a flash that fails before the erase on a pod it restarted into setup mode (kept files too large to go back) runs the pod\'s firmware again, says so, and stream then finds it', async () => {
    // what a flash cut short kept: a log larger than the room beside the firmware
    const kept = saveStorageCopies([{ name: 'lplog', size: 14000, bytes: Uint8Array.from({ length: 14000 }, (_, i) => (i * 7) & 0x7f) }]);
    const sim = new PodSimulator({ bundleSource: simBundle, serialConsoleAtBoot: true });
    sim.storage.write('.bootcde', simBundle);
    const pod = await startPodOnPty(sim, { speed: 20 });
    try {
      await waitFor('run mode', () => sim.consoleDevice === 'LoopbackA', 5000);
      const run = await lumbarpod('flash', '--board', 'sim', '--port', pod.hostPath, '--restore', kept);
      expect(run.code, run.out + run.err).to.equal(1);
      expect(run.out).to.match(/the pod was running its firmware: restarted it into setup mode/);
      expect(expectOneErrorLine(run.err)).to.match(new RegExp(
        `do not fit its \\d+-byte Storage with 1024 bytes to spare; nothing was changed, and the pod runs its firmware again: read and clear its log with lumbarpod log --port ${pod.hostPath.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} --clear, then flash again$`,
      ));
      await waitFor('load()', () => sim.resets.some((r) => r.reason === 'load()'), 10000);
      expect(sim.resets.map((r) => r.reason)).to.deep.equal(['E.reboot', 'load()']);
      await waitFor('run mode again', () => sim.consoleDevice === 'LoopbackA', 5000);
      expect(sim.storage.list()).to.deep.equal(['.bootcde']);
      const stream = await lumbarpod('stream', '--port', pod.hostPath, '--duration', '2');
      expect(stream.code, stream.out + stream.err).to.equal(0);
      expect(fs.existsSync(kept), 'the kept files stay for a flash that fits them').to.equal(true);
    } finally {
      await pod.close();
      fs.rmSync(kept, { recursive: true, force: true });
    }
  });

  it('the espruino tools\' process crashing after the flash restarted a running pod into setup mode: the error says the pod may be left there, and what to do', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lumbarpod-flash-test-'));
    const gone = path.join(dir, 'gone.min.js');
    fs.writeFileSync(gone, simBundle);
    const sim = new PodSimulator({ bundleSource: simBundle, serialConsoleAtBoot: true });
    sim.storage.write('.bootcde', simBundle);
    const pod = await startPodOnPty(sim, { speed: 20 });
    try {
      await waitFor('run mode', () => sim.consoleDevice === 'LoopbackA', 5000);
      const flashing = flashPod({ port: pod.hostPath, baud: 9600, bundlePath: gone, board: { name: 'sim', espruinoBoard: 'PUCKJS' } });
      fs.rmSync(gone);
      const said = await flashing.then(() => 'flashed', (e: Error) => e.message);
      expect(said).to.equal(`the espruino tools stopped without finishing: ENOENT: no such file or directory, open '${gone}'; ` +
        'the pod was restarted into setup mode for this flash and may be left there: flash again, or turn it off and on to run the firmware it has, if it has one');
      expect(sim.resets.map((r) => r.reason)).to.deep.equal(['E.reboot']);
      expect(sim.consoleDevice, 'setup mode: the console on its serial port').to.equal('Serial1');
    } finally {
      await pod.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('checks length and CRC32 on the pod as E.CRC32 computes it', () => {
    const bytes = storedBytes(Buffer.from('print("hi");\n', 'latin1'));
    expect(crc32Of(bytes)).to.equal(crc32('print("hi");\n'));
    expect(crc32Of(Buffer.from('123456789'))).to.equal(0xcbf43926);
    expect(CHECK_EXPRESSION).to.match(/readArrayBuffer\("\.bootcde"\).*E\.CRC32\(f\)>>>0/);
    // a character above 255 goes as UTF-8, one below as one byte (the espruino tools' asUTF8Bytes)
    expect([...storedBytes(Buffer.from('\u00b0\u20ac', 'utf8'))]).to.deep.equal([0xb0, 0xe2, 0x82, 0xac]);
    // a file that is not UTF-8 holds the bytes as Storage does (a .bootcde read off a pod): they go as they are
    expect([...storedBytes(Buffer.from([0xac, 0x41, 0xff, 0x00, 0x80]))]).to.deep.equal([0xac, 0x41, 0xff, 0x00, 0x80]);
  });

  it('refuses, before it changes anything, to flash the firmware of another board than the pod says it is (process.env.BOARD)', async () => {
    const sim = new PodSimulator({ bundleSource: simBundle, serialConsoleAtBoot: true });
    sim.storage.write(SETUP_FLAG_FILE, '1');
    sim.storage.write('.bootcde', simBundle);
    sim.storage.writeJSON('lpconfig.json', { rateHz: 208, rawStream: 1, speedMms: 3100, autoStart: 0 });
    // what it holds but the set-up flag, which its boot uses up
    const held = () => podFilesHeld(sim);
    const before = held();
    const pod = await startPodOnPty(sim, { speed: 20 });
    try {
      // the simulated pod answers as a Puck.js does
      const run = await lumbarpod('flash', '--board', 'mdbt42q-lsm6dso', '--port', pod.hostPath);
      expect(run.code, run.out + run.err).to.equal(1);
      expect(expectOneErrorLine(run.err)).to.match(/the pod is a PUCKJS, not a MDBT42Q, which the mdbt42q-lsm6dso firmware is for: give --board puckjs2; nothing was changed/);
      expect(held()).to.deep.equal(before);
    } finally {
      await pod.close();
    }
  });

  it('refuses another board\'s firmware for a pod running its own, which names its board, before restarting it into setup mode', async () => {
    const sim = new PodSimulator({ bundleSource: simBundle, serialConsoleAtBoot: true });
    sim.storage.write('.bootcde', simBundle);
    const pod = await startPodOnPty(sim, { speed: 20 });
    try {
      await waitFor('run mode', () => sim.consoleDevice === 'LoopbackA', 5000);
      const run = await lumbarpod('flash', '--board', 'mdbt42q-lsm6dso', '--port', pod.hostPath);
      expect(run.code, run.out + run.err).to.equal(1);
      expect(expectOneErrorLine(run.err)).to.equal('lumbarpod: the pod runs the sim firmware, so it is a PUCKJS, not a MDBT42Q, which the mdbt42q-lsm6dso firmware is for: ' +
        'give --board puckjs2; nothing was changed');
      await sleep(500);
      expect(sim.resets, 'still running its firmware').to.deep.equal([]);
      expect(sim.consoleDevice).to.equal('LoopbackA');
    } finally {
      await pod.close();
    }
  });

  it('a port where nothing answers (no pod, or its TX and RX swapped): the flash says within 30 s that the pod is not answering and what to check (power, wiring, setup mode), nothing of --board, having changed nothing', async () => {
    const pair = await openPtyPair();
    // the other end is held open and read, but nothing is ever written back
    const silent = await openHangupSafePort(pair.podPath, 9600);
    silent.on('data', () => undefined);
    try {
      const t0 = Date.now();
      const run = await lumbarpod('flash', '--board', 'sim', '--port', pair.hostPath);
      const tookMs = Date.now() - t0;
      expect(run.code, run.out + run.err).to.equal(1);
      expect(expectOneErrorLine(run.err), run.err).to.equal(`lumbarpod: flashing on ${pair.hostPath} failed: the pod is not answering on ${pair.hostPath} (nothing came back at 9600 baud): ` +
        "check that it has power, its wiring (the adapter's RX to the pod's TX and its TX to the pod's RX, on a Puck.js v2 RX to D28 and TX to D29, GND to GND) " +
        'and that it is in setup mode (its button held while it powers up and for 3 s after); nothing was changed');
      expect(tookMs).to.be.below(30000);
    } finally {
      await new Promise((resolve) => silent.close(resolve));
      await pair.close();
    }
  });

  it('exits non-zero with one line for a missing port, an unknown board, a missing bundle and a bad baud rate', async () => {
    const missing = await lumbarpod('flash', '--board', 'sim', '--port', '/dev/lumbarpod-no-such-port');
    expect(missing.code).to.equal(1);
    expect(expectOneErrorLine(missing.err)).to.match(/no-such-port: no such serial port/);
    const board = await lumbarpod('flash', '--board', 'pdp11', '--port', '/dev/null');
    expect(board.code).to.equal(2);
    expect(expectOneErrorLine(board.err)).to.match(/unknown board 'pdp11'/);
    const bundle = await lumbarpod('flash', '--board', 'sim', '--port', '/dev/null', '--bundle', '/nonexistent/x.min.js');
    expect(bundle.code).to.equal(1);
    expect(expectOneErrorLine(bundle.err)).to.match(/cannot read \/nonexistent\/x\.min\.js: no such file/);
    const baud = await lumbarpod('flash', '--baud', 'fast');
    expect(baud.code).to.equal(2);
    expect(expectOneErrorLine(baud.err)).to.match(/baud/);
    const unknown = await lumbarpod('flash', '--frobnicate');
    expect(unknown.code).to.equal(2);
    expect(expectOneErrorLine(unknown.err)).to.match(/unknown option '--frobnicate'/);
  });
});
