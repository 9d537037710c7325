// `lumbarpod record` (runPodSession, in this process) of the simulated pod on a pseudo-terminal,
// stopped the moment it sends startRecording, before the pod's answer is back: the pod may be
// recording from then on, so a stop keeps what it sends and stops it, and a hurry gives up the
// recording but still tells the pod to stop. And stopped at its end with the stop lost on the line, or with
// the pod away, and with frames corrupted before its files open.
import { expect } from 'chai';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { SIM_BOARD } from '../../boards/sim';
import { COMMAND_STOP_RECORDING, MSG_RAW_BATCH, MSG_REPLY, MSG_STATUS, REPLY_OK, STATUS_RECORDING } from '../../firmware/protocol/messageIds';
import { openPodSerialLink } from '../../host-tools/link/podSerialLink';
import { PodSessionOptions, PodSessionResult, runPodSession } from '../../host-tools/record/podSession';
import { readPodRecording } from '../../host-tools/recording/podRecording';
import { decodeMessage } from '../../firmware/protocol/codec';
import { PodOnPtyOptions, startPodOnPty } from '../../host-tools/sim/podOnPty';
import { flashedPodHeldUntilStart } from './simPodHelpers';
import { generateSynthetic } from '../../host-tools/synthetic/generate';

/** virtual ms per wall ms */
const SPEED = 20;

describe('lumbarpod record stopped as it starts the pod', function () {
  this.timeout(120000);
  let dir = '';
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lumbarpod-startstop-'));
  });
  after(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /**
   * Records the simulated pod into `out` with `session`'s options and `podOptions`: the session's
   * result, and whether the pod records afterwards.
   */
  async function recordSimulated(
    out: string, session: Pick<PodSessionOptions, 'durationS' | 'stopRequested' | 'hurryRequested' | 'onStage' | 'onPodStopped'>,
    podOptions: Pick<PodOnPtyOptions, 'loseHostStops' | 'corruptFrame' | 'delayHostBytesFromStartMs' | 'onHostFrame'> = {},
  ): Promise<{ result: PodSessionResult; podRecording: boolean }> {
    const { sim, held } = await flashedPodHeldUntilStart(generateSynthetic({
      sampleRateHz: 104, seed: 5, segments: [{ kind: 'standing', durationS: 3 }, { kind: 'running', durationS: 60, cadenceSpm: 170 }],
    }));
    const pod = await startPodOnPty(sim, { speed: SPEED, heldSource: held, ...podOptions });
    try {
      const result = await runPodSession({
        portPath: pod.hostPath, board: SIM_BOARD, outDir: out, raw: true, reconnectWaitS: 5, write: () => undefined, tty: false, ...session,
      });
      // time for a command sent without waiting to be taken
      await new Promise((resolve) => setTimeout(resolve, 300));
      const link = await openPodSerialLink(pod.hostPath);
      const status = await link.requestStatus();
      await link.close();
      expect(sim.crashes.map((c) => c.message)).to.deep.equal([]);
      return { result, podRecording: ((status?.flags ?? STATUS_RECORDING) & STATUS_RECORDING) !== 0 };
    } finally {
      await pod.close();
    }
  }

  /**
   * Records the simulated pod into `out`, asking to stop (and, with `hurry`, to hurry) as
   * startRecording goes out.
   */
  async function stopAtStart(out: string, hurry: boolean): Promise<{ result: PodSessionResult; podRecording: boolean }> {
    let stop = (): void => undefined;
    let hurryNow = (): void => undefined;
    const stopRequested = new Promise<void>((resolve) => { stop = resolve; });
    const hurryRequested = new Promise<void>((resolve) => { hurryNow = resolve; });
    return recordSimulated(out, {
      durationS: 0, stopRequested, hurryRequested,
      // the pod's answer comes over the pseudo-terminal, after these
      onStage: (stage) => {
        if (stage !== 'starting') return;
        stop();
        if (hurry) hurryNow();
      },
    });
  }

  it('a stop: the answer is waited for, the files are opened and closed complete, and the pod is stopped', async () => {
    const out = path.join(dir, 'stop');
    const { result, podRecording } = await stopAtStart(out, false);
    expect(result.setUpCut).to.equal(undefined);
    expect(result.endedBy).to.equal('interrupt');
    expect(result.notAwaited).to.deep.equal([]);
    const recording = readPodRecording(out);
    expect(recording.meta.complete).to.equal(true);
    expect(recording.meta.endedBy).to.equal('interrupt');
    expect(recording.problems).to.deep.equal([]);
    expect(podRecording, 'the pod recording afterwards').to.equal(false);
  });

  it('a stop and a hurry: nothing is recorded, no directory is made, and the pod is still told to stop', async () => {
    const out = path.join(dir, 'hurry');
    const { result, podRecording } = await stopAtStart(out, true);
    expect(result.setUpCut).to.equal('while starting');
    expect(result.endedBy).to.equal('interrupt');
    expect(result.meta).to.equal(undefined);
    expect(result.notAwaited[0]).to.equal('its answer to startRecording');
    expect(result.notAwaited[result.notAwaited.length - 1]).to.match(/^its answer to stopRecording, so it may still be recording/);
    expect(fs.existsSync(out), 'no recording directory').to.equal(false);
    expect(podRecording, 'the pod recording afterwards').to.equal(false);
  });

  it('a hurry after the pod answered the stop, while its last messages are waited for: neither its answer nor the summary it sent before it is called not awaited, and the pod is said to have stopped', async () => {
    const out = path.join(dir, 'hurry-after-answer');
    let stop = (): void => undefined;
    let hurryNow = (): void => undefined;
    let stopping = false;
    let podStopped = false;
    const stopRequested = new Promise<void>((resolve) => { stop = () => { stopping = true; resolve(); }; });
    const hurryRequested = new Promise<void>((resolve) => { hurryNow = resolve; });
    const { result, podRecording } = await recordSimulated(out, {
      durationS: 0, stopRequested, hurryRequested,
      // a second of writing (20 s of the pod's), then a stop
      onStage: (stage) => { if (stage === 'writing') setTimeout(stop, 1000); },
      onPodStopped: () => { podStopped = true; },
    }, {
      // the stop's answer is back within a few ms; the hurry comes while the session waits 400 ms for the last messages
      onHostFrame: (frame) => {
        const message = decodeMessage(frame);
        if (!stopping || 'reason' in message || message.type !== 'command' || message.command !== 'stopRecording') return;
        setTimeout(hurryNow, 200);
      },
    });
    expect(result.endedBy).to.equal('interrupt');
    expect(podStopped, 'told the pod stopped').to.equal(true);
    expect(result.stopUnconfirmed).to.equal(undefined);
    expect(result.notAwaited.join('; ')).to.not.match(/its last messages|stopRecording/);
    const recording = readPodRecording(out);
    // the stop's answer is in the recording, and the summary of the window the pod was in just before it
    const answer = recording.lines.findIndex((l) => l.type === 'reply' && l.commandId === COMMAND_STOP_RECORDING && l.receivedMs as number > 1000);
    expect(answer, 'the answer to the stop').to.be.above(0);
    expect(recording.lines[answer].status).to.equal(REPLY_OK);
    // (the status the session asks for before its stop may come after that summary: a window that
    // closed just before the stop leaves the pod nothing to send at it)
    const before = recording.lines.slice(0, answer).filter((l) => l.type !== 'rawBatch' && l.type !== 'step' && l.type !== 'summaryForm' && l.type !== 'status' && l.type !== 'reply');
    expect(before[before.length - 1].type, 'the line before the answer').to.equal('summary');
    for (const event of recording.lines.filter((l) => l.type === 'linkEvent' && l.event === 'stopNotAwaited')) {
      expect((event.notAwaited as string[]).join('; ')).to.not.match(/its last messages|stopRecording/);
    }
    expect(podRecording, 'the pod recording afterwards').to.equal(false);
  });

  /** records two seconds with the pod's first `lost` stops lost on the line */
  const recordLosingStops = (out: string, lost: number) =>
    recordSimulated(out, { durationS: 2, stopRequested: new Promise<void>(() => undefined) }, { loseHostStops: lost });

  it('a stop lost on the line is sent again: the pod stops, and nothing is said', async () => {
    const out = path.join(dir, 'stop-lost-once');
    const { result, podRecording } = await recordLosingStops(out, 1);
    expect(result.endedBy).to.equal('duration');
    expect(result.stopUnconfirmed).to.equal(undefined);
    expect(readPodRecording(out).lines.filter((l) => l.type === 'linkEvent' && l.event === 'stopUnconfirmed')).to.deep.equal([]);
    expect(podRecording, 'the pod recording afterwards').to.equal(false);
  });

  it('a stop the pod never hears: after three sends the session says the pod may still be recording, and so does the recording', async () => {
    const out = path.join(dir, 'stop-lost');
    const { result, podRecording } = await recordLosingStops(out, 3);
    expect(result.stopUnconfirmed).to.match(/^the pod did not answer stopRecording \(sent 3 times\), so it may still be recording/);
    const recording = readPodRecording(out);
    expect(recording.meta.complete).to.equal(true);
    const events = recording.lines.filter((l) => l.type === 'linkEvent' && l.event === 'stopUnconfirmed');
    expect(events.map((e) => e.reason)).to.deep.equal([result.stopUnconfirmed]);
    expect(podRecording, 'the pod recording afterwards').to.equal(true);
  });

  it('a pod away when the session ends (not back within the wait) was never told to stop: the session says it may still be recording, and so does the recording', async () => {
    const out = path.join(dir, 'away-at-end');
    const { sim, held } = await flashedPodHeldUntilStart(generateSynthetic({
      sampleRateHz: 104, seed: 5, segments: [{ kind: 'standing', durationS: 3 }, { kind: 'running', durationS: 60, cadenceSpm: 170 }],
    }));
    const pod = await startPodOnPty(sim, { speed: SPEED, heldSource: held });
    try {
      const result = await runPodSession({
        portPath: pod.hostPath, board: SIM_BOARD, outDir: out, raw: true, reconnectWaitS: 1, write: () => undefined, tty: false,
        durationS: 0, stopRequested: new Promise<void>(() => undefined),
        onStage: (stage) => {
          if (stage === 'writing') setTimeout(() => void pod.unplug(), 500);
        },
      });
      expect(result.endedBy).to.equal('disconnect');
      expect(result.stopUnconfirmed).to.match(/^the pod was away when the session ended, so it was not told to stop recording and may still be recording/);
      const events = readPodRecording(out).lines.filter((l) => l.type === 'linkEvent' && l.event === 'stopUnconfirmed');
      expect(events.map((e) => e.reason)).to.deep.equal([result.stopUnconfirmed]);
      await pod.replug();
      const link = await openPodSerialLink(pod.hostPath);
      const status = await link.requestStatus();
      await link.close();
      expect((status?.flags ?? 0) & STATUS_RECORDING, 'the pod recording afterwards').to.not.equal(0);
    } finally {
      await pod.close();
    }
  });

  it('frames that fail their CRC before the recording\'s files are open (in the set-up, and as the pod starts) are link events of the recording, as many as its count says, and their samples a gap', async () => {
    const out = path.join(dir, 'errors-before-files');
    const { result } = await recordSimulated(out, { durationS: 2, stopRequested: new Promise<void>(() => undefined) }, {
      // the host asks the pod's rate only after its first raw batches, so they come before the files open
      delayHostBytesFromStartMs: 500,
      corruptFrame: (type, nth, hostStarted) => (!hostStarted && type === MSG_STATUS) || (hostStarted && type === MSG_RAW_BATCH && nth <= 2),
    });
    expect(result.endedBy).to.equal('duration');
    const recording = readPodRecording(out);
    const frameErrors = recording.lines.filter((l) => l.type === 'linkEvent' && l.event === 'frameError');
    const decodeErrors = recording.lines.filter((l) => l.type === 'linkEvent' && l.event === 'decodeError');
    expect(frameErrors.length + decodeErrors.length, 'set-up status and the first two raw batches').to.be.at.least(3);
    expect(recording.meta.counters.frameErrors).to.equal(frameErrors.length);
    expect(recording.meta.counters.decodeErrors).to.equal(decodeErrors.length);
    // the two lost batches are the recording's first samples
    expect(recording.meta.gaps[0].fromSample).to.equal(0);
    expect(recording.sampleIndex[0]).to.equal(recording.meta.gaps[0].fromSample + recording.meta.gaps[0].missingSamples);
  });

  it('the pod\'s answers to the set-up\'s getStatus and setRawStream lost on the line: each command is sent again, and the recording starts as usual', async () => {
    const out = path.join(dir, 'set-up-replies-lost');
    let replies = 0;
    const { result, podRecording } = await recordSimulated(out, { durationS: 1, stopRequested: new Promise<void>(() => undefined) }, {
      // the pod's replies: getStatus (lost), getStatus, setClock, stopRecording, setRawStream (lost)
      corruptFrame: (type) => type === MSG_REPLY && [1, 5].includes(++replies),
    });
    expect(result.endedBy).to.equal('duration');
    expect(result.stopUnconfirmed).to.equal(undefined);
    const recording = readPodRecording(out);
    expect(recording.meta.complete).to.equal(true);
    expect(recording.meta.gaps).to.deep.equal([]);
    expect(recording.meta.counters.frameErrors + recording.meta.counters.decodeErrors).to.equal(2);
    expect(recording.meta.rawSamples).to.be.greaterThan(90);
    expect(podRecording, 'the pod recording afterwards').to.equal(false);
  });

  it('the pod\'s answer to setClock lost on the line: setClock is sent again with the time it goes out, not the first one\'s', async () => {
    const out = path.join(dir, 'set-clock-reply-lost');
    let replies = 0;
    const clockErrorsMs: number[] = [];
    await recordSimulated(out, { durationS: 1, stopRequested: new Promise<void>(() => undefined) }, {
      // the pod's replies: getStatus, setClock (lost), setClock
      corruptFrame: (type) => type === MSG_REPLY && ++replies === 2,
      onHostFrame: (frame) => {
        const message = decodeMessage(frame);
        if ('reason' in message || message.type !== 'command' || message.command !== 'setClock') return;
        clockErrorsMs.push(message.args.epochS * 1000 + message.args.epochMs - Date.now());
      },
    });
    expect(clockErrorsMs).to.have.length(2);
    // each is as old as the pty's way to the pod, not the 2 s the first waited for its answer
    for (const errorMs of clockErrorsMs) expect(errorMs).to.be.within(-500, 0);
  });
});
