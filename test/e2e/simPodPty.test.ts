// End to end as a researcher runs it: the simulated pod (the compiled sim bundle) on a real
// pseudo-terminal, the host on the other end through serialport (PodSerialLink). The host turns
// the raw stream on, starts and stops recording by command; the step and summary messages it
// decodes equal, byte for byte, host replay of the raw samples it received.
import { expect } from 'chai';
import { encodeMessage, Message, MessageInput } from '../../firmware/protocol/codec';
import { MAX_MESSAGE_LENGTH, REPLY_OK } from '../../firmware/protocol/messageIds';
import { openPodSerialLink, PodSerialLink } from '../../host-tools/link/podSerialLink';
import { ImuRecording } from '../../host-tools/recording/imuRecording';
import { messageBody, RawBatch } from '../../host-tools/replay/rawStreamReplay';
import { ImuSource, imuSourceFromRecording, imuSourceFromSynthetic } from '../../host-tools/sim/imuSource';
import { PodOnPty, startPodOnPty } from '../../host-tools/sim/podOnPty';
import { PodSimulator } from '../../host-tools/sim/podSimulator';
import { generateSynthetic } from '../../host-tools/synthetic/generate';
import { PUCKJS2_BOARD } from '../../boards/puckjs2';
import { rawStreamReplay } from '../../host-tools/replay/rawStreamReplay';
import { ReplaySpeedChange } from '../../host-tools/replay/speedChanges';
import { mobgapWalkingTrial, simBundleSource } from './simPodHelpers';

/** virtual ms per wall ms: a 25 s recording takes about a second */
const SPEED = 25;

/** the bytes a decoded message had on the wire (decode and encode are inverses: codec tests) */
function wireBytes(message: Message): Buffer {
  const buf = new Uint8Array(MAX_MESSAGE_LENGTH);
  const n = encodeMessage(message as unknown as MessageInput, buf, 0);
  return Buffer.from(buf.subarray(0, n));
}

interface Session {
  messages: Message[];
  frameErrors: number;
  replies: number[];
}

/** what the host does once the pod's first window summary has come, while it records */
type MidRun = (link: PodSerialLink, session: Session) => Promise<void>;

/** boots the pod (waiting for commands), records it over the pty and stops at the source's end */
async function recordOverPty(source: ImuSource, bundle: string, midRun?: MidRun): Promise<Session> {
  const sim = new PodSimulator({ bundleSource: bundle, recording: source });
  sim.storage.writeJSON('lpconfig.json', { autoStart: 0 });
  const pod: PodOnPty = await startPodOnPty(sim, { speed: SPEED });
  let link: PodSerialLink | undefined;
  try {
    link = await openPodSerialLink(pod.hostPath);
    const session: Session = { messages: [], frameErrors: 0, replies: [] };
    link.on('message', (m) => session.messages.push(m));
    link.on('frameError', () => session.frameErrors++);
    const ended = new Promise<void>((resolve) => pod.once('sourceEnded', () => resolve()));
    session.replies.push((await link.sendCommand('setRawStream', { enabled: 1 })).status);
    session.replies.push((await link.sendCommand('startRecording')).status);
    if (midRun !== undefined) {
      const firstSummary = new Promise<void>((resolve) => link!.on('message', (m) => { if (m.type === 'summary') resolve(); }));
      await firstSummary;
      await midRun(link, session);
    }
    await ended;
    session.replies.push((await link.sendCommand('stopRecording')).status);
    expect(sim.crashes.map((c) => c.message)).to.deep.equal([]);
    expect(sim.resets).to.deep.equal([]);
    return session;
  } finally {
    if (link !== undefined) await link.close();
    await pod.close();
  }
}

function checkAgainstReplay(session: Session, speedChanges: ReplaySpeedChange[] = []): number {
  expect(session.frameErrors, 'frame errors').to.equal(0);
  expect(session.replies, 'every command answered ok').to.deep.equal(session.replies.map(() => REPLY_OK));
  const batches: RawBatch[] = session.messages.filter((m) => m.type === 'rawBatch').map((m) => {
    const raw = m as Extract<Message, { type: 'rawBatch' }>;
    return { firstSampleIndex: raw.firstSampleIndex, samplesCounts: raw.samplesCounts };
  });
  expect(batches.length).to.be.greaterThan(10);
  expect(batches[0].firstSampleIndex, 'raw stream from the first sample').to.equal(0);
  const host = rawStreamReplay(batches, { scale: PUCKJS2_BOARD.scale, axisMap: PUCKJS2_BOARD.axisMap, rateHz: 104, speedMms: 0, speedChanges }, true);
  expect(host.gapsSamples, 'no samples lost on the way').to.deep.equal([]);
  const bodies = (type: string): Buffer[] => session.messages.filter((m) => m.type === type).map((m) => messageBody(wireBytes(m)));
  expect(bodies('step')).to.deep.equal(host.step);
  expect(bodies('summary')).to.deep.equal(host.summary);
  expect(bodies('summaryForm')).to.deep.equal(host.summaryForm);
  return host.step.length;
}

describe('simulated pod over a pseudo-terminal, recorded with serialport', function () {
  this.timeout(60000);
  let bundle = '';
  let walking: ImuRecording;

  before(async function () {
    this.timeout(60000);
    bundle = await simBundleSource();
    walking = await mobgapWalkingTrial();
  });

  it('a synthetic run: the host\'s decoded steps and summaries equal replay of its raw samples, byte for byte', async () => {
    const run = generateSynthetic({
      sampleRateHz: 104, seed: 5,
      segments: [{ kind: 'standing', durationS: 3 }, { kind: 'running', durationS: 22, cadenceSpm: 176 }],
    });
    const steps = checkAgainstReplay(await recordOverPty(imuSourceFromSynthetic(run), bundle));
    expect(steps).to.be.within(60, 66);
  });

  it('a running speed set twice while recording: the statuses say from which sample each holds, and replay gives the pod\'s vertical ratios byte for byte', async () => {
    const run = generateSynthetic({
      sampleRateHz: 104, seed: 6,
      segments: [{ kind: 'standing', durationS: 3 }, { kind: 'running', durationS: 40, cadenceSpm: 170 }],
    });
    const session = await recordOverPty(imuSourceFromSynthetic(run), bundle, async (link, recording) => {
      recording.replies.push((await link.sendCommand('setSpeed', { speedMms: 3100 })).status);
      // about 12 s of pod time later
      await new Promise((resolve) => setTimeout(resolve, 12000 / SPEED));
      recording.replies.push((await link.sendCommand('setSpeed', { speedMms: 3900 })).status);
    });
    const statuses = session.messages.filter((m): m is Extract<Message, { type: 'status' }> => m.type === 'status');
    const speedChanges: ReplaySpeedChange[] = [];
    for (const status of statuses) {
      const current = speedChanges.length > 0 ? speedChanges[speedChanges.length - 1].speedMms : 0;
      if (status.speedMms !== current) speedChanges.push({ fromSample: status.samples, speedMms: status.speedMms });
    }
    expect(speedChanges.map((c) => c.speedMms)).to.deep.equal([3100, 3900]);
    expect(speedChanges[1].fromSample - speedChanges[0].fromSample).to.be.within(10 * 104, 14 * 104);
    checkAgainstReplay(session, speedChanges);
    // the windows give three different vertical ratios: unknown speed (0), then at each speed
    const ratios = session.messages.filter((m): m is Extract<Message, { type: 'summary' }> => m.type === 'summary' && m.runningSteps > 0)
      .map((m) => m.verticalRatioPct100);
    expect(ratios[0], JSON.stringify(ratios)).to.equal(0);
    expect(ratios[ratios.length - 1]).to.be.above(0);
    expect(new Set(ratios).size).to.be.at.least(3);
  });

  it('the real walking trial: the same, byte for byte', async () => {
    const steps = checkAgainstReplay(await recordOverPty(imuSourceFromRecording(walking), bundle));
    expect(steps).to.be.at.least(8);
  });
});
