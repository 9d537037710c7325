// `lumbarpod record` (runPodSession, in this process) of the simulated pod on a pseudo-terminal,
// with restarts and speed changes placed on the pod's own clock, so each lands between the same
// two messages of the pod on every run. The recording must replay to the pod's own steps and
// window summaries, vertical ratio included.
import { expect } from 'chai';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { SIM_BOARD } from '../../boards/sim';
import { LUMBARPOD_CONTROL_UUID, LUMBARPOD_SERVICE_UUID } from '../../firmware/protocol/bleUuids';
import { QUALITY_NAMES } from '../../firmware/core/summaryRecord';
import { POD_CONFIG_FILE } from '../../firmware/device/podConfig';
import {
  COMMAND_GET_STATUS, COMMAND_SET_RATE, COMMAND_START_RECORDING, COMMAND_STOP_RECORDING, HEADER_LENGTH, MSG_COMMAND, MSG_RAW_BATCH, MSG_REPLY, STATUS_RAW_ONLY, STATUS_RECORDING,
} from '../../firmware/protocol/messageIds';
import { FRAME_WHITEN_BYTE } from '../../firmware/protocol/whitening';
import { frameOf } from '../../host-tools/protocol/frameEncoder';
import { runPodSession } from '../../host-tools/record/podSession';
import { MESSAGES_FILE, META_FILE, PodRecording, podRecordingBootOffsetsMs, podRecordingLineBoot, readPodRecording } from '../../host-tools/recording/podRecording';
import { reportDataOfRecording } from '../../host-tools/report/reportOfRecording';
import { sideName, stepQualityNames } from '../../host-tools/replay/replayRecords';
import { PodOnPty, startPodOnPty } from '../../host-tools/sim/podOnPty';
import { PodSimulator } from '../../host-tools/sim/podSimulator';
import { generateSynthetic } from '../../host-tools/synthetic/generate';
import { lumbarpodInProcess } from '../host-tools/cli/cliInProcess';
import { commandMessage, flashedPodHeldUntilStart } from './simPodHelpers';

/** virtual ms per wall ms */
const SPEED = 20;
const RATE_HZ = 104;

/** what the test does to the pod once it records: `at` schedules on the pod's clock, ms after the host started it */
type PodScript = (sim: PodSimulator, at: (afterStartMs: number, run: () => void) => void, pod: PodOnPty) => void;

interface RecordOptions {
  speedMms: number;
  stopAfterMs: number;
  /**
   * the pod streams raw samples from its boot, as an earlier `record` leaves it (simulate --raw):
   * record's link takes in batches of the recording the pod started by itself before its own
   */
  rawStreamFromBoot?: boolean;
  /**
   * the pod's clock stands from the host's startRecording until the host has opened the
   * recording's files, so the pod's first raw batch of the new recording comes only after the
   * host knows the pod's rate (a fast host; the other order is the slow host's)
   */
  firstBatchAfterFilesOpen?: boolean;
  /**
   * the host's commands after its startRecording reach the pod only this many ms (pod clock)
   * after the start, as over a slow link: the host asks the pod's rate that much later
   */
  hostBytesDelayFromStartMs?: number;
  /** record --raw-only */
  rawOnly?: boolean;
  /** the pod's settings in flash (POD_CONFIG_FILE) */
  podConfig?: object;
  /** the pod's Storage is full from the start: the settings record sends are not kept in its flash */
  storageFull?: boolean;
  /** record --rate */
  rateHz?: number;
  /** record --no-raw: no raw samples, steps and summaries only */
  noRaw?: boolean;
  /** the session ends by its duration (record --duration, host's seconds) instead of a Ctrl-C */
  durationS?: number;
  /** each command frame of the host's that reaches the pod: its command id */
  onHostCommand?: (commandId: number, sim: PodSimulator, message: Uint8Array) => void;
  /**
   * the pod's answer to each startRecording after the session's own, and what it sends until its
   * first raw batch, reach the host with that batch in one chunk, as a busy host reads them
   */
  startAnswerWithFirstBatch?: boolean;
}

/**
 * Records the simulated pod (as `lumbarpod flash` leaves it: its firmware in Storage, run from
 * there at every boot) with `lumbarpod record --speed`, until Ctrl-C `stopAfterMs` into the
 * recording on the pod's clock (however fast this machine runs it).
 */
async function recordSimulated(dir: string, script: PodScript, options: RecordOptions): Promise<PodRecording> {
  const { sim, held } = await flashedPodHeldUntilStart(generateSynthetic({
    sampleRateHz: RATE_HZ, seed: 11, segments: [{ kind: 'standing', durationS: 3 }, { kind: 'running', durationS: 80, cadenceSpm: 174 }],
  }));
  if (options.rawStreamFromBoot || options.podConfig !== undefined) sim.storage.writeJSON(POD_CONFIG_FILE, { ...(options.rawStreamFromBoot ? { rawStream: 1 } : {}), ...options.podConfig });
  if (options.storageFull) sim.storage.setFull(true);
  let rawBatchesBeforeStart = 0;
  let startsSent = 0;
  let startAnswerDue = false;
  let joining = false;
  sim.onSerialData((bytes) => {
    // one write is one frame: COBS code, version, whitened type
    if (!held.released && bytes.length > 3 && (bytes[2] ^ FRAME_WHITEN_BYTE) === MSG_RAW_BATCH) rawBatchesBeforeStart++;
  });
  const pod = await startPodOnPty(sim, {
    speed: SPEED, heldSource: held,
    holdClockFromStartWhile: options.firstBatchAfterFilesOpen ? () => !fs.existsSync(path.join(dir, META_FILE)) : undefined,
    delayHostBytesFromStartMs: options.hostBytesDelayFromStartMs,
    onHostFrame: (frame) => {
      if (frame.length <= HEADER_LENGTH || frame[1] !== MSG_COMMAND) return;
      options.onHostCommand?.(frame[HEADER_LENGTH], sim, frame);
      if (frame[HEADER_LENGTH] === COMMAND_START_RECORDING && ++startsSent > 1) startAnswerDue = true;
    },
    joinPodFrames: !options.startAnswerWithFirstBatch ? undefined : (type) => {
      if (startAnswerDue && type === MSG_REPLY) {
        startAnswerDue = false;
        joining = true;
      }
      if (!joining) return undefined;
      if (type !== MSG_RAW_BATCH) return 'hold';
      joining = false;
      return 'flush';
    },
  });
  let stop = (): void => undefined;
  const stopRequested = new Promise<void>((resolve) => { stop = resolve; });
  // the host's startRecording releases the source: the script's clock starts there
  const started = setInterval(() => {
    if (!held.released) return;
    clearInterval(started);
    const startMs = sim.nowMs;
    const at = (afterStartMs: number, action: () => void) => sim.clock.schedule(startMs + afterStartMs, action);
    script(sim, at, pod);
    if (options.durationS === undefined) at(options.stopAfterMs, stop);
  }, 1);
  try {
    await runPodSession({
      portPath: pod.hostPath, board: SIM_BOARD, outDir: dir, durationS: options.durationS ?? 0, raw: !options.noRaw, rawOnly: options.rawOnly, speedMms: options.speedMms, rateHz: options.rateHz,
      reconnectWaitS: 5, write: () => undefined, tty: false, stopRequested,
    });
  } finally {
    clearInterval(started);
    await pod.close();
  }
  expect(sim.crashes.map((c) => c.message)).to.deep.equal([]);
  if (options.rawStreamFromBoot) expect(rawBatchesBeforeStart, 'raw batches of the pod\'s own recording before the host\'s start').to.be.at.least(1);
  return readPodRecording(dir);
}

/** a phone sets the runner's speed over Bluetooth (the pod tells a recording host on serial) */
function setSpeedOverBle(sim: PodSimulator, speedMms: number): void {
  if (!sim.blePeer.connected) sim.blePeer.connect();
  sim.blePeer.write(LUMBARPOD_SERVICE_UUID, LUMBARPOD_CONTROL_UUID, commandMessage('setSpeed', { speedMms }));
}

/**
 * `lumbarpod replay` of the recording gives every step and window summary the pod sent, field
 * for field (vertical ratio too), each on the recording's clock; or those of `boots` only, where
 * the others' samples are not in raw.csv
 */
async function expectReplayEqualsPod(recording: PodRecording, boots?: number[]): Promise<void> {
  const replay = await lumbarpodInProcess('replay', recording.dir);
  expect(replay.code, replay.err).to.equal(0);
  const records = replay.out.trim().split('\n').map((line) => JSON.parse(line) as { [field: string]: unknown });
  const offsetsMs = podRecordingBootOffsetsMs(recording);
  const onClock = (line: { [field: string]: unknown }, field: string) => Math.round((line[field] as number) + offsetsMs[(line.boot as number | undefined) ?? 0]);
  const ofBoots = (l: { [field: string]: unknown }) => boots === undefined || boots.indexOf((l.boot as number | undefined) ?? 0) >= 0;
  const podSteps = recording.lines.filter((l) => l.type === 'step' && ofBoots(l));
  const steps = records.filter((r) => r.type === 'step');
  expect(steps.length, 'steps').to.equal(podSteps.length);
  for (let i = 0; i < steps.length; i++) {
    expect(steps[i].tMs, `step ${i} tMs`).to.equal(onClock(podSteps[i], 'tMs'));
    expect(steps[i].side, `step ${i} side`).to.equal(sideName(podSteps[i].side as number));
    expect(steps[i].quality, `step ${i} quality`).to.deep.equal(stepQualityNames(podSteps[i].quality as number));
  }
  const podSummaries = recording.lines.filter((l) => l.type === 'summary' && ofBoots(l));
  const summaries = records.filter((r) => r.type === 'summary');
  expect(summaries.length, 'summaries').to.equal(podSummaries.length);
  for (let i = 0; i < summaries.length; i++) {
    expect(summaries[i].startMs, `summary ${i} startMs`).to.equal(onClock(podSummaries[i], 'startMs'));
    for (const field of ['index', 'steps', 'runningSteps', 'cadenceSpm', 'contactMs', 'voMm', 'verticalRatioPct100', 'impactMg', 'vgrfBw100']) {
      expect(summaries[i][field], `summary ${i} ${field}`).to.equal(podSummaries[i][field]);
    }
    const quality = summaries[i].quality as { [metric: string]: boolean };
    for (const entry of QUALITY_NAMES) expect(quality[entry.name], `summary ${i} quality ${entry.name}`).to.equal(((podSummaries[i].quality as number) & entry.bit) !== 0);
  }
}

/**
 * A copy of the recording in `dir` as the pod would have sent it with its detector off in the
 * boots `rawOnlyBoots` (raw only): none of their steps or windows, their statuses flagged so
 */
function rawOnlyCopy(recording: PodRecording, dir: string, rawOnlyBoots: number[]): PodRecording {
  fs.cpSync(recording.dir, dir, { recursive: true });
  const lines = recording.lines
    .filter((l) => rawOnlyBoots.indexOf(podRecordingLineBoot(l)) < 0 || (l.type !== 'step' && l.type !== 'summary' && l.type !== 'summaryForm'))
    .map((l) => (l.type === 'status' && rawOnlyBoots.indexOf(podRecordingLineBoot(l)) >= 0 ? { ...l, flags: (l.flags as number) | STATUS_RAW_ONLY } : l));
  fs.writeFileSync(path.join(dir, MESSAGES_FILE), lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
  return readPodRecording(dir);
}

/** `lumbarpod export --bids` of the recording: the rows of its events.tsv that are steps, split in columns */
async function exportedStepRows(recording: PodRecording, out: string): Promise<string[][]> {
  const run = await lumbarpodInProcess('export', '--bids', recording.dir, '--out', out);
  expect(run.code, run.err).to.equal(0);
  const motionDir = path.join(out, 'sub-01', 'motion');
  const eventsFile = fs.readdirSync(motionDir).find((f) => f.endsWith('_events.tsv')) as string;
  return fs.readFileSync(path.join(motionDir, eventsFile), 'utf8').trim().split('\n').map((l) => l.split('\t')).filter((r) => r[2] === 'step');
}

describe('lumbarpod record of a pod that restarts, on the pod\'s own clock', function () {
  this.timeout(120000);
  let dir = '';

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lumbarpod-restarts-'));
  });
  after(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a speed set over Bluetooth just after the pod restarted, before its new boot\'s first raw batch: it holds from the new boot\'s sample, and replay gives the pod\'s vertical ratios', async () => {
    const recording = await recordSimulated(path.join(dir, 'reboot-speed'), (sim, at) => {
      at(25000, () => {
        sim.reboot();
        // the new boot records again by itself; its first raw batch leaves a quarter second later
        at(25120, () => setSpeedOverBle(sim, 3400));
      });
    }, { speedMms: 2500, stopAfterMs: 60000 });
    const restartGaps = recording.meta.gaps.filter((g) => g.cause === 'restart');
    expect(restartGaps.length, JSON.stringify(recording.meta.gaps)).to.equal(1);
    expect(recording.meta.speedMms).to.equal(2500);
    expect(recording.meta.speedChanges).to.deep.equal([{ fromSample: restartGaps[0].bootStartSample, speedMms: 3400 }]);
    const ratios = (boot: number) => recording.lines.filter((l) => l.type === 'summary' && (l.boot ?? 0) === boot && (l.runningSteps as number) > 0).map((l) => l.verticalRatioPct100);
    expect(ratios(0).length, 'running windows before the restart').to.be.at.least(1);
    expect(ratios(1).length, 'running windows after it').to.be.at.least(2);
    await expectReplayEqualsPod(recording);
  });

  it('record --raw-only of a pod that restarts mid-session: it is set to raw only again and started anew, so it goes on sending raw samples and nothing its detector makes; raw.csv keeps every sample of each recording, and replay detects the steps', async () => {
    const recording = await recordSimulated(path.join(dir, 'raw-only-reboot'), (sim, at) => {
      at(20000, () => sim.reboot());
    }, { speedMms: 0, stopAfterMs: 45000, rawOnly: true });
    // the statuses of the recording record started again, after the restart
    const recordingAgain = recording.lines.filter((l) => l.type === 'status' && (l.boot ?? 0) === 2 && ((l.flags as number) & STATUS_RECORDING) !== 0);
    expect(recordingAgain.length, 'statuses while recording after the restart').to.be.at.least(3);
    expect(recordingAgain.every((l) => ((l.flags as number) & STATUS_RAW_ONLY) !== 0), 'raw only').to.equal(true);
    // the new boot's own recording, with its detector, lasts only until record sets it again
    const podSteps = recording.lines.filter((l) => l.type === 'step');
    expect(podSteps.length, 'steps the pod made').to.be.at.most(3);
    // the new boot, and the recording record started anew where the boot's own one sent samples
    // before record had its status
    const restarts = recording.meta.gaps.filter((g) => g.cause === 'restart');
    expect(restarts.length, JSON.stringify(recording.meta.gaps)).to.be.within(1, 2);
    expect(restarts[0].newRecording, 'a new boot first').to.equal(undefined);
    // every sample index rises, and the samples after the restarts cover the rest of the session
    for (let i = 1; i < recording.sampleIndex.length; i++) expect(recording.sampleIndex[i]).to.be.above(recording.sampleIndex[i - 1]);
    const afterRestart = recording.sampleIndex.filter((index) => index > restarts[restarts.length - 1].fromSample).length;
    expect(afterRestart / RATE_HZ, 's of samples after it').to.be.above(20);
    const replay = await lumbarpodInProcess('replay', recording.dir);
    expect(replay.code, replay.err).to.equal(0);
    const replayed = replay.out.trim().split('\n').map((line) => JSON.parse(line) as { type: string; tMs: number });
    const replayedSteps = replayed.filter((r) => r.type === 'step');
    expect(replayedSteps.length, 'steps replay detects').to.be.above(100);
    // the boot that recorded by itself sent a window at least (its recording stopped): the report
    // and the export still cover the whole run, each step once, with the pod's steps where it
    // detected, which are those its replay gives (bit-exact)
    const podBoots = new Set(recording.lines.filter((l) => l.type === 'step' || l.type === 'summary').map((l) => podRecordingLineBoot(l)));
    expect(Array.from(podBoots), 'boots with the pod\'s own steps or windows').to.deep.equal([1]);
    const report = reportDataOfRecording(recording);
    const afterRestartMs = (restarts[1].fromSample * 1000) / RATE_HZ;
    expect(report.steps.filter((step) => step.tMs > afterRestartMs).length, 'report steps after the restart').to.be.above(50);
    expect(report.steps.map((step) => step.tMs), 'report steps').to.deep.equal(replayedSteps.map((step) => step.tMs));
    expect(report.detectedBy).to.equal('podAndReplay');
    const rows = await exportedStepRows(recording, path.join(dir, 'raw-only-reboot-bids'));
    expect(rows.length, 'exported steps').to.equal(replayedSteps.length);
    expect(rows.filter((r) => r[7] === 'pod').length, 'exported steps the pod detected').to.equal(podSteps.length);
    expect(rows.filter((r) => r[7] === 'replay').length, 'exported steps replay detected').to.equal(replayedSteps.length - podSteps.length);
  });

  it('a raw-only recording of a pod that restarted and detected by itself until set back to raw only: the report and the export give the pod\'s own steps and windows of that stretch and the replay\'s of the rest, equal to what the pod would have sent detecting all along', async () => {
    // the pod detecting all along: it restarts and records by itself, then its button stops that
    // recording and starts a new one (as record does, setting raw only again)
    const recording = await recordSimulated(path.join(dir, 'reboot-detecting'), (sim, at) => {
      at(20000, () => sim.reboot());
      at(26000, () => sim.pressButton());
      at(26500, () => sim.pressButton());
    }, { speedMms: 2500, stopAfterMs: 45000 });
    expect(recording.meta.gaps.filter((g) => g.cause === 'restart').map((g) => g.newRecording ?? false), JSON.stringify(recording.meta.gaps)).to.deep.equal([false, true]);
    await expectReplayEqualsPod(recording);
    const podStepsOfBoot = (boot: number) => recording.lines.filter((l) => l.type === 'step' && podRecordingLineBoot(l) === boot).length;
    expect([0, 1, 2].map(podStepsOfBoot).every((n) => n >= 10), `steps of each boot: ${[0, 1, 2].map(podStepsOfBoot)}`).to.equal(true);
    // the same recording had the first and the last boot run raw only
    const rawOnly = rawOnlyCopy(recording, path.join(dir, 'reboot-raw-only'), [0, 2]);
    const byPod = reportDataOfRecording(recording);
    const merged = reportDataOfRecording(rawOnly);
    expect(merged.steps.length, 'report steps').to.equal(byPod.steps.length);
    expect(merged.steps, 'report steps').to.deep.equal(byPod.steps);
    expect(merged.windows.length, 'report windows').to.equal(byPod.windows.length);
    expect(merged.windows, 'report windows').to.deep.equal(byPod.windows);
    expect(merged.detectedBy).to.equal('podAndReplay');
    const byPodRows = await exportedStepRows(recording, path.join(dir, 'reboot-detecting-bids'));
    const rows = await exportedStepRows(rawOnly, path.join(dir, 'reboot-raw-only-bids'));
    expect(rows.map((r) => r.slice(0, 7)), 'exported steps').to.deep.equal(byPodRows.map((r) => r.slice(0, 7)));
    expect(byPodRows.every((r) => r[7] === 'pod'), 'the pod\'s steps marked so').to.equal(true);
    expect(rows.filter((r) => r[7] === 'pod').length, 'exported steps the pod detected').to.equal(podStepsOfBoot(1));
    expect(rows.filter((r) => r[7] === 'replay').length, 'exported steps replay detected').to.equal(podStepsOfBoot(0) + podStepsOfBoot(2));
  });

  it('a pod set not to record by itself at boot (autoStart off) that restarts mid-session: only its restarted error shows it; record starts it again, and the rest of the session is recorded and replays to the pod\'s steps and summaries', async () => {
    const recording = await recordSimulated(path.join(dir, 'no-autostart-reboot'), (sim, at) => {
      at(20000, () => sim.reboot());
    }, { speedMms: 0, stopAfterMs: 45000, podConfig: { autoStart: 0 } });
    const restarts = recording.meta.gaps.filter((g) => g.cause === 'restart');
    expect(restarts.length, JSON.stringify(recording.meta.gaps)).to.equal(1);
    expect(restarts[0].newRecording, 'a new boot').to.equal(undefined);
    const afterRestart = recording.sampleIndex.filter((index) => index > restarts[0].fromSample).length;
    expect(afterRestart / RATE_HZ, 's of samples after it').to.be.above(20);
    const stepsAfter = recording.lines.filter((l) => l.type === 'step' && l.boot === 1);
    expect(stepsAfter.length, 'steps of the new boot').to.be.above(50);
    await expectReplayEqualsPod(recording);
  });

  it('a pod whose storage is full, so the rate record set (104 Hz) is not kept in its flash (52 Hz there), restarts mid-session: its batches at 52 Hz until record sets it again are not written as 104 Hz samples but are a gap of cause rate, and the rest replays to the pod\'s steps and summaries at their times', async () => {
    const recording = await recordSimulated(path.join(dir, 'rate-not-kept'), (sim, at) => {
      at(20000, () => sim.reboot());
    }, { speedMms: 0, stopAfterMs: 45000, rateHz: 104, podConfig: { rateHz: 52, rawStream: 1 }, storageFull: true });
    expect(recording.meta.sampleRateHz).to.equal(104);
    expect(recording.meta.gaps.map((g) => `${g.cause} ${g.newRecording ?? false}`), JSON.stringify(recording.meta.gaps)).to.deep.equal(['restart false', 'rate false', 'restart true']);
    const atOtherRate = recording.lines.filter((l) => l.type === 'linkEvent' && l.event === 'batchAtOtherRate');
    expect(atOtherRate.length, 'batches of the restarted pod at its saved rate').to.be.at.least(1);
    expect(atOtherRate.map((l) => l.rateHz)).to.deep.equal(atOtherRate.map(() => 52));
    // the time they span, in samples at 104 Hz
    const sentAt52Hz = atOtherRate.reduce((sum, l) => sum + (l.sampleCount as number), 0);
    expect(recording.meta.gaps[1].missingSamples).to.equal(sentAt52Hz * 2);
    expect(recording.meta.gaps[1].fromSample, 'from the boot\'s sample 0').to.equal(recording.meta.gaps[0].bootStartSample);
    // raw.csv holds the 104 Hz batches' samples and no other
    const batches = recording.lines.filter((l) => l.type === 'rawBatch');
    expect(recording.sampleIndex.length).to.equal(batches.reduce((sum, l) => sum + (l.sampleCount as number), 0));
    expect(batches.filter((l) => l.boot === 1), 'batches of the 52 Hz recording kept as raw batches').to.deep.equal([]);
    expect(batches.filter((l) => l.boot === 2).length, 'batches of the recording record started again').to.be.above(50);
    await expectReplayEqualsPod(recording, [0, 2]);
  });

  it('the same pod restarting again while record sets its first restart\'s boot (as record\'s setRate reaches it): the second boot is checked and set again too, so the session ends recording at 104 Hz, and no batch at 52 Hz is written as 104 Hz samples', async () => {
    let setRates = 0;
    const recording = await recordSimulated(path.join(dir, 'rate-not-kept-twice'), (sim, at) => {
      at(20000, () => sim.reboot());
    }, {
      speedMms: 0, stopAfterMs: 45000, rateHz: 104, podConfig: { rateHz: 52, rawStream: 1 }, storageFull: true,
      onHostCommand: (id, sim) => {
        // the set-up's setRate is the first; record's setting again after the restart the second
        if (id !== COMMAND_SET_RATE || ++setRates !== 2) return;
        sim.clock.schedule(sim.nowMs + 30, () => sim.reboot());
      },
    });
    expect(setRates, 'setRate sent by the set-up and once for each restart').to.equal(3);
    const causes = recording.meta.gaps.map((g) => g.cause);
    // two boots and record's last start (and its first start, where that reached the first boot before it went)
    expect(causes.filter((c) => c === 'restart').length, JSON.stringify(recording.meta.gaps)).to.be.within(3, 4);
    expect(recording.meta.gaps[recording.meta.gaps.length - 1].newRecording, 'the last gap: record\'s start of the second boot').to.equal(true);
    const lastBoot = Math.max(...recording.lines.filter((l) => l.type === 'rawBatch').map((l) => (l.boot as number | undefined) ?? 0));
    expect(recording.lines.filter((l) => l.type === 'status' && (l.boot ?? 0) === lastBoot).map((l) => l.rateHz), 'the last recording\'s rate').to.include(104);
    // raw.csv holds the 104 Hz batches' samples and no other
    const batches = recording.lines.filter((l) => l.type === 'rawBatch');
    expect(recording.sampleIndex.length).to.equal(batches.reduce((sum, l) => sum + (l.sampleCount as number), 0));
    expect(recording.lines.filter((l) => l.type === 'linkEvent' && l.event === 'batchAtOtherRate').length, 'batches at 52 Hz').to.be.at.least(1);
    await expectReplayEqualsPod(recording, [0, lastBoot]);
  });

  it('the same pod restarting again after record set its first restart\'s rate and before its start reached it (the start begins a recording of the second boot, at its saved rate): that recording\'s batches are not written as the session\'s rate, and the one record then starts is', async () => {
    let setRates = 0;
    let rebootedBeforeStart = false;
    const recording = await recordSimulated(path.join(dir, 'start-reaches-next-boot'), (sim, at) => {
      at(20000, () => sim.reboot());
    }, {
      speedMms: 0, stopAfterMs: 45000, rateHz: 104, podConfig: { rateHz: 52, rawStream: 1 }, storageFull: true,
      onHostCommand: (id, sim, message) => {
        if (id === COMMAND_SET_RATE) setRates++;
        // record's start after setting the first restart's boot: the pod restarts as it comes in,
        // and the next boot, once up, takes it (as a start sent just after the restart would reach it)
        if (id !== COMMAND_START_RECORDING || setRates !== 2 || rebootedBeforeStart) return;
        rebootedBeforeStart = true;
        sim.clock.schedule(sim.nowMs, () => sim.reboot());
        sim.clock.schedule(sim.nowMs + 300, () => sim.serialWrite(frameOf(message)));
      },
    });
    expect(rebootedBeforeStart).to.equal(true);
    const lines = recording.lines;
    const ratesOfBoot = (boot: number) => lines.filter((l) => l.type === 'status' && (l.boot ?? 0) === boot).map((l) => l.rateHz);
    const lastBoot = Math.max(...lines.filter((l) => l.type === 'rawBatch').map((l) => (l.boot as number | undefined) ?? 0));
    expect(ratesOfBoot(lastBoot), 'the last recording\'s rate').to.include(104);
    // every batch written as raw samples came from a recording at the session's rate
    const rawBoots = Array.from(new Set(lines.filter((l) => l.type === 'rawBatch').map((l) => (l.boot as number | undefined) ?? 0)));
    for (const boot of rawBoots) expect(ratesOfBoot(boot).filter((r) => r !== 0 && r !== 104), `rates of recording ${boot}, written as 104 Hz samples`).to.deep.equal([]);
    expect(lines.filter((l) => l.type === 'linkEvent' && l.event === 'batchAtOtherRate').length, 'batches at 52 Hz').to.be.at.least(2);
    await expectReplayEqualsPod(recording, [0, lastBoot]);
  });

  it('a pod that restarts at its saved rate and is unplugged before it answers record\'s question: its batches at that rate are not written as the session\'s, and on its return it is set again', async () => {
    let podOnPty: PodOnPty | undefined;
    let rebooted = false;
    let unplugged = false;
    const recording = await recordSimulated(path.join(dir, 'restart-then-unplugged'), (sim, at, pod) => {
      podOnPty = pod;
      at(20000, () => {
        rebooted = true;
        sim.reboot();
      });
    }, {
      speedMms: 0, stopAfterMs: 45000, rateHz: 104, podConfig: { rateHz: 52, rawStream: 1 }, storageFull: true,
      onHostCommand: (id, sim) => {
        // record asks the new boot its status: the cable comes out before the pod can answer, and back 5 s later
        if (!rebooted || unplugged || id !== COMMAND_GET_STATUS || podOnPty === undefined) return;
        unplugged = true;
        const pod = podOnPty;
        void pod.unplug();
        sim.clock.schedule(sim.nowMs + 5000, () => { void pod.replug(); });
      },
    });
    expect(unplugged).to.equal(true);
    const lines = recording.lines;
    const ratesOfBoot = (boot: number) => lines.filter((l) => l.type === 'status' && (l.boot ?? 0) === boot).map((l) => l.rateHz);
    const rawBoots = Array.from(new Set(lines.filter((l) => l.type === 'rawBatch').map((l) => (l.boot as number | undefined) ?? 0)));
    for (const boot of rawBoots) expect(ratesOfBoot(boot).filter((r) => r !== 0 && r !== 104), `rates of recording ${boot}, written as 104 Hz samples`).to.deep.equal([]);
    const lastBoot = Math.max(...rawBoots);
    expect(ratesOfBoot(lastBoot), 'the last recording\'s rate').to.include(104);
  });

  it('a recording the pod\'s button started and stopped within half a second (its window held no step, so nothing of it was logged), another started a second later, and the pod unplugged for longer than a window: the summaries read back from its log are placed on that later recording, numbered as live, in the time the pod was away', async () => {
    const recording = await recordSimulated(path.join(dir, 'short-recording-then-away'), (sim, at, pod) => {
      at(25000, () => sim.pressButton());
      at(25500, () => sim.pressButton());
      at(25900, () => sim.pressButton());
      at(27000, () => sim.pressButton());
      at(40000, () => { void pod.unplug(); });
      at(64000, () => { void pod.replug(); });
    }, { speedMms: 0, stopAfterMs: 75000 });
    expect(recording.meta.gaps.map((g) => `${g.cause} ${g.newRecording ?? false}`), JSON.stringify(recording.meta.gaps)).to.deep.equal(['restart true', 'restart true', 'disconnect false']);
    const boots = (type: string) => Array.from(new Set(recording.lines.filter((l) => l.type === type && l.fromLog !== true).map((l) => l.boot ?? 0)));
    expect(boots('rawBatch'), 'recordings that sent raw samples').to.deep.equal([0, 1, 2]);
    // the short one's window held no step: sent live, but the log keeps only windows with steps
    expect(recording.lines.filter((l) => l.type === 'summary' && l.boot === 1).map((l) => l.steps), 'the short recording\'s windows').to.deep.equal([0]);
    const readBack = recording.lines.filter((l) => l.type === 'summary' && l.fromLog === true);
    expect(readBack.length, 'summaries read back from the log').to.be.at.least(2);
    expect(readBack.map((l) => l.boot ?? 0), 'their recording').to.deep.equal(readBack.map(() => 2));
    // so on the recording's clock each lies in the time the pod was away, and no window overlaps another
    const data = reportDataOfRecording(recording);
    expect(data.windows.length).to.equal(recording.lines.filter((l) => l.type === 'summary').length);
    for (let i = 1; i < data.windows.length; i++) expect(data.windows[i].startMs, `window ${i}`).to.be.at.least(data.windows[i - 1].endMs);
    const away = recording.meta.gaps.find((g) => g.cause === 'disconnect')!;
    const awayMs = [away.fromSample, away.fromSample + away.missingSamples].map((sample) => (sample * 1000) / RATE_HZ);
    const offsetsMs = podRecordingBootOffsetsMs(recording);
    for (const l of readBack) expect((l.endMs as number) + offsetsMs[2], `window ${l.index}'s end`).to.be.within(awayMs[0], awayMs[1]);
  });

  it('a pod unplugged across the end of a window: its summary and form, read back from its log on its return, are not counted missing (what the log does not keep still is), and messages.ndjson keeps the host\'s receive times in order', async () => {
    const recording = await recordSimulated(path.join(dir, 'unplugged-window'), (sim, at, pod) => {
      at(18000, () => { void pod.unplug(); });
      at(23000, () => { void pod.replug(); });
    }, { speedMms: 0, stopAfterMs: 45000 });
    const readBack = recording.lines.filter((l) => (l.type === 'summary' || l.type === 'summaryForm') && l.fromLog === true);
    expect(readBack.map((l) => l.type), 'read back from the log').to.deep.equal(['summary', 'summaryForm']);
    const gaps = recording.lines.filter((l) => l.type === 'linkEvent' && l.event === 'sequenceGap');
    const lostOf = (types: string[]) => gaps.filter((g) => types.indexOf(g.messageType as string) >= 0).reduce((n, g) => n + (g.missing as number), 0);
    expect(lostOf(['summary', 'summaryForm']), 'the window\'s summary and form, lost on the link').to.equal(2);
    // the steps and raw batches sent while away are lost: the log keeps window summaries only
    const lostForGood = lostOf(['step', 'rawBatch', 'status']);
    expect(lostForGood, 'steps, raw batches and statuses sent while away').to.be.above(0);
    expect(recording.meta.counters.missingMessages, JSON.stringify(gaps)).to.equal(lostForGood);
    expect(recording.meta.counters.recoveredMessages).to.equal(2);
    // every summary of the session is there, none counted lost
    const seqs = recording.lines.filter((l) => l.type === 'summary').map((l) => l.seq as number).sort((a, b) => a - b);
    expect(seqs, 'every summary').to.deep.equal(seqs.map((_, i) => seqs[0] + i));
    const times = recording.lines.map((l) => l.receivedMs as number);
    const back = times.findIndex((t, i) => i > 0 && t < times[i - 1]);
    expect(back, `line ${back + 1} of messages.ndjson received before the line above it: ${JSON.stringify(recording.lines[back])}`).to.equal(-1);
  });

  it('record --raw-only of a pod that restarts, its answer to record\'s start and the new recording\'s first batch read in one chunk: that batch is the new recording\'s, not a repeat of the boot\'s own, so no sample of it is lost', async () => {
    const recording = await recordSimulated(path.join(dir, 'raw-only-reboot-one-chunk'), (sim, at) => {
      at(20000, () => sim.reboot());
    }, { speedMms: 0, stopAfterMs: 30000, rawOnly: true, startAnswerWithFirstBatch: true });
    const restarts = recording.meta.gaps.filter((g) => g.cause === 'restart');
    expect(restarts.length, JSON.stringify(recording.meta.gaps)).to.equal(2);
    expect(recording.meta.gaps.filter((g) => g.cause !== 'restart'), 'no other gap').to.deep.equal([]);
    // every batch of the last recording is in raw.csv, from its sample 0 on
    const lastBoot = Math.max(...recording.lines.filter((l) => l.type === 'rawBatch').map((l) => (l.boot as number | undefined) ?? 0));
    const sent = recording.lines.filter((l) => l.type === 'rawBatch' && l.boot === lastBoot).reduce((sum, l) => sum + (l.sampleCount as number), 0);
    const startSample = restarts[1].bootStartSample!;
    expect(recording.sampleIndex.filter((index) => index >= startSample).length, 'samples of the last recording in raw.csv').to.equal(sent);
    expect(Array.from(recording.sampleIndex), 'its sample 0').to.include(startSample);
  });

  it('record --no-raw of a pod whose button stops and starts its recording: with no raw batch to show it, the window index going back does, so the new recording\'s steps and windows are its own, and the report lays none over the old one\'s', async () => {
    const recording = await recordSimulated(path.join(dir, 'button-no-raw'), (sim, at) => {
      at(25000, () => sim.pressButton());
      at(27000, () => sim.pressButton());
    }, { speedMms: 0, stopAfterMs: 60000, noRaw: true });
    expect(recording.lines.filter((l) => l.type === 'rawBatch'), 'no raw batch').to.deep.equal([]);
    const restarts = recording.lines.filter((l) => l.type === 'linkEvent' && l.event === 'restart');
    expect(restarts.map((l) => l.recordingRestarted)).to.deep.equal([true]);
    const summaries = recording.lines.filter((l) => l.type === 'summary');
    const firstOfNew = summaries.findIndex((l, i) => i > 0 && (l.index as number) < (summaries[i - 1].index as number));
    expect(firstOfNew, 'a window index going back').to.be.above(0);
    expect(summaries.map((l) => l.boot ?? 0)).to.deep.equal(summaries.map((_, i) => (i < firstOfNew ? 0 : 1)));
    const steps = recording.lines.filter((l) => l.type === 'step');
    expect(steps.filter((l) => l.boot === 1).length, 'steps of the new recording').to.be.above(20);
    const data = reportDataOfRecording(recording);
    expect(data.windows.length).to.equal(summaries.length);
    for (let i = 1; i < data.windows.length; i++) expect(data.windows[i].startMs, `window ${i}`).to.be.at.least(data.windows[i - 1].endMs);
    for (let i = 1; i < data.steps.length; i++) expect(data.steps[i].tMs, `step ${i}`).to.be.above(data.steps[i - 1].tMs);
  });

  it('a speed set over Bluetooth just after the pod\'s button started a new recording, before its first raw batch: the same, though the restart shows only with that batch', async () => {
    const recording = await recordSimulated(path.join(dir, 'button-speed'), (sim, at) => {
      at(20000, () => sim.pressButton());
      at(23000, () => sim.pressButton());
      at(23120, () => setSpeedOverBle(sim, 3400));
    }, { speedMms: 2500, stopAfterMs: 60000 });
    const restartGaps = recording.meta.gaps.filter((g) => g.cause === 'restart');
    expect(restartGaps.map((g) => g.newRecording), JSON.stringify(recording.meta.gaps)).to.deep.equal([true]);
    expect(recording.meta.speedChanges).to.deep.equal([{ fromSample: restartGaps[0].bootStartSample, speedMms: 3400 }]);
    const ratios = (boot: number) => recording.lines.filter((l) => l.type === 'summary' && (l.boot ?? 0) === boot && (l.runningSteps as number) > 0).map((l) => l.verticalRatioPct100);
    expect(ratios(0).length, 'running windows of the first recording').to.be.at.least(1);
    expect(ratios(1).length, 'running windows of the second').to.be.at.least(2);
    await expectReplayEqualsPod(recording);
  });

  it('a pod that streams raw samples from its boot (record left the raw stream on): record\'s own start, after batches of the pod\'s earlier recording, is no restart, and replay gives the pod\'s steps and summaries', async () => {
    const recording = await recordSimulated(path.join(dir, 'raw-from-boot'), () => undefined, {
      speedMms: 2500, stopAfterMs: 30000, rawStreamFromBoot: true, firstBatchAfterFilesOpen: true,
    });
    expect(recording.meta.gaps, 'no gap, no restart').to.deep.equal([]);
    expect(recording.lines.filter((l) => l.type === 'linkEvent').map((l) => l.event)).to.deep.equal([]);
    expect(recording.lines.filter((l) => l.boot !== undefined).length, 'lines of a second boot or recording').to.equal(0);
    // raw.csv starts at the pod's first sample of the recording record started, and counts on with no hole
    expect(recording.sampleIndex[0]).to.equal(0);
    expect(recording.sampleIndex[recording.sampleIndex.length - 1]).to.equal(recording.sampleIndex.length - 1);
    expect(recording.lines.filter((l) => l.type === 'summary' && (l.runningSteps as number) > 0).length, 'running windows').to.be.at.least(2);
    await expectReplayEqualsPod(recording);
  });

  it('the pod\'s button pressed twice just after record\'s start, before the host\'s question for the rate reached the pod (a slow link): a restart gap, every sample of both recordings in raw.csv, and replay gives the pod\'s steps and summaries', async () => {
    const recording = await recordSimulated(path.join(dir, 'button-at-start'), (sim, at) => {
      // after the first raw batch of record's recording, and both before the host asks the rate
      at(300, () => sim.pressButton());
      at(700, () => sim.pressButton());
    }, { speedMms: 2500, stopAfterMs: 30000, hostBytesDelayFromStartMs: 2000 });
    expect(recording.meta.gaps.map((g) => `${g.cause} ${g.newRecording ?? false}`), JSON.stringify(recording.meta.gaps)).to.deep.equal(['restart true']);
    expect(recording.lines.filter((l) => l.type === 'linkEvent' && l.event === 'restart').map((l) => l.recordingRestarted)).to.deep.equal([true]);
    const batches = recording.lines.filter((l) => l.type === 'rawBatch');
    const firstOfSecond = batches.find((l) => l.boot === 1);
    expect(firstOfSecond?.firstSampleIndex, 'the second recording\'s first batch').to.equal(0);
    expect(batches.filter((l) => (l.boot ?? 0) === 0).length, 'batches of record\'s own recording before the press').to.be.at.least(1);
    // none taken for a repeat of the first recording's samples and dropped
    expect(recording.sampleIndex.length).to.equal(batches.reduce((sum, l) => sum + (l.sampleCount as number), 0));
    const gap = recording.meta.gaps[0];
    expect(recording.sampleIndex[0]).to.equal(0);
    expect(gap.bootStartSample).to.equal(gap.fromSample + gap.missingSamples);
    await expectReplayEqualsPod(recording);
  });

  it('a pod that restarts during record\'s set-up, before its start, and again mid-session: the lines count boots from the session\'s start, as its restart gaps do, so replay gives the pod\'s steps and summaries at their times', async () => {
    let rebootedEarly = false;
    const recording = await recordSimulated(path.join(dir, 'reboot-in-set-up'), (sim, at) => {
      at(20000, () => sim.reboot());
    }, {
      speedMms: 0, stopAfterMs: 40000,
      onHostCommand: (id, sim) => {
        // the set-up's first getStatus (well before its start): the pod restarts once it has answered
        if (id !== COMMAND_GET_STATUS || rebootedEarly) return;
        rebootedEarly = true;
        sim.clock.schedule(sim.nowMs + 20, () => sim.reboot());
      },
    });
    expect(rebootedEarly).to.equal(true);
    const restarts = recording.meta.gaps.filter((g) => g.cause === 'restart');
    expect(restarts.length, JSON.stringify(recording.meta.gaps)).to.equal(1);
    const boots = new Set(recording.lines.filter((l) => l.type === 'step').map((l) => (l.boot as number | undefined) ?? 0));
    expect(Array.from(boots), 'boots of the steps').to.deep.equal([0, 1]);
    await expectReplayEqualsPod(recording);
  });

  it('a pod that restarts just after the stop that ends a session by its duration (record --duration), with autoStart off: record does not start it again, so it is left stopped', async () => {
    let started = false;
    let rebooted = false;
    /** the host's startRecording and stopRecording in the order they reached the pod, from its first start */
    const commands: string[] = [];
    await recordSimulated(path.join(dir, 'restart-after-end'), () => undefined, {
      speedMms: 0, stopAfterMs: 0, durationS: 1.5, podConfig: { autoStart: 0 },
      onHostCommand: (id, sim) => {
        if (id === COMMAND_START_RECORDING) started = true;
        if (!started || (id !== COMMAND_START_RECORDING && id !== COMMAND_STOP_RECORDING)) return;
        commands.push(id === COMMAND_START_RECORDING ? 'start' : 'stop');
        // the session's own stop at its end: the pod restarts right after it has answered
        if (id === COMMAND_STOP_RECORDING && !rebooted) {
          rebooted = true;
          sim.clock.schedule(sim.nowMs + 50, () => sim.reboot());
        }
      },
    });
    expect(rebooted, 'the pod restarted after the session\'s stop').to.equal(true);
    expect(commands[commands.length - 1], `the host's starts and stops: ${commands.join(', ')}`).to.equal('stop');
  });
});
