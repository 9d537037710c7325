import { expect } from 'chai';
import { SerialPort } from 'serialport';
import { SIDE_RIGHT, KIND_RUNNING, STEP_SIDE_GUESSED, STEP_WARMUP, StepRecord, stepRecordCreate } from '../../../firmware/core/stepRecord';
import { DecodeFailure, Message } from '../../../firmware/protocol/codec';
import { CommandParsed, commandParse, commandParsedCreate } from '../../../firmware/protocol/commandParser';
import { frameEncode, frameMaxLength } from '../../../firmware/protocol/framing';
import {
  COMMAND_GET_STATUS, COMMAND_READ_LOG, COMMAND_SET_RATE, MAX_MESSAGE_LENGTH, PROTOCOL_VERSION, REPLY_OK, REPLY_OUT_OF_RANGE, STATUS_CALIBRATED, STATUS_RECORDING,
} from '../../../firmware/protocol/messageIds';
import { errorEncode, replyEncode, statusEncode, stepEncode } from '../../../firmware/protocol/podEncoders';
import { StatusRecord, statusRecordCreate } from '../../../firmware/protocol/statusRecord';
import { openHangupSafePort } from '../../../host-tools/link/hangupSafePort';
import { PodLinkClose, PodLinkError, PodSerialLink, openPodSerialLink } from '../../../host-tools/link/podSerialLink';
import { FrameDecoder, FrameError } from '../../../host-tools/protocol/frameDecoder';
import { SequenceReport, SequenceTracker } from '../../../host-tools/protocol/sequenceTracker';
import { PtyPair, openPtyPair } from '../../../host-tools/sim/ptyPair';

/** what a pod's encoder writes: one message into buf at offset, returning its length */
type PodEncode = (buf: Uint8Array, offset: number) => number;

/** the serial frame of one message, built the way the pod builds it */
function podFrame(encode: PodEncode): Buffer {
  const message = new Uint8Array(MAX_MESSAGE_LENGTH);
  const length = encode(message, 0);
  if (length <= 0) throw new Error('the pod encoder refused the test message');
  const frame = Buffer.alloc(frameMaxLength(length));
  return frame.subarray(0, frameEncode(frame, 0, message, 0, length, 1));
}

/** a step with every field set, many at the edge of their wire type */
function edgeStep(): StepRecord {
  const step = stepRecordCreate();
  Object.assign(step, {
    index: 0xfffffffe, tMs: 2147483000, side: SIDE_RIGHT, kind: KIND_RUNNING, stepMs: 333, cadenceSpm: 180, contactMs: 212,
    flightMs: -5, voMm: 87, impactMg: -32768, impactAxialMg: 32767, impactShearMg: 32768, vgrfBw100: 265, brakingMms: 65535,
    brakingPeakMg: 812, dropCdeg: 612, rotationCdeg: 1234, tiltRangeCdeg: 456, leanCdeg: -321, quality: STEP_SIDE_GUESSED | STEP_WARMUP,
  });
  return step;
}

function busyStatus(): StatusRecord {
  const status = statusRecordCreate();
  Object.assign(status, {
    samples: 4000000000, droppedSamples: 17, gaps: 3, steps: 12345, windows: 99, framesReceived: 65535, framesBad: 2,
    commandsRejected: 1, storageUsedBytes: 70000, storageFreeBytes: 1, batteryPct: 100,
    flags: STATUS_RECORDING | STATUS_CALIBRATED, rateHz: 208, firmwareMajor: 1, firmwareMinor: 255,
  });
  return status;
}

function stepFrame(seq: number, deviceTimeMs = seq * 100, step = edgeStep()): Buffer {
  return podFrame((buf, offset) => stepEncode(buf, offset, seq, deviceTimeMs, step));
}

function openPort(path: string): Promise<SerialPort> {
  return openHangupSafePort(path, 115200);
}

function write(port: SerialPort, bytes: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    port.write(bytes, (err) => (err ? reject(err) : port.drain((drainErr) => (drainErr ? reject(drainErr) : resolve()))));
  });
}

/** polls until `done` holds; bytes cross socat in about a millisecond */
async function waitFor(done: () => boolean, what: string, timeoutMs = 3000): Promise<void> {
  const start = Date.now();
  while (!done()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

/** everything the link emitted, in order */
interface Seen {
  events: Array<
    | { kind: 'message'; item: Message; receivedMs: number }
    | { kind: 'frameError'; item: FrameError; receivedMs: number }
    | { kind: 'decodeError'; item: DecodeFailure; receivedMs: number }
    | { kind: 'sequence'; item: SequenceReport; receivedMs: number }
    | { kind: 'close'; item: PodLinkClose }
  >;
  messages: Message[];
}

function watch(link: PodSerialLink): Seen {
  const seen: Seen = { events: [], messages: [] };
  link.on('message', (item, receivedMs) => {
    seen.events.push({ kind: 'message', item, receivedMs });
    seen.messages.push(item);
  });
  link.on('frameError', (item, receivedMs) => seen.events.push({ kind: 'frameError', item, receivedMs }));
  link.on('decodeError', (item, receivedMs) => seen.events.push({ kind: 'decodeError', item, receivedMs }));
  link.on('sequence', (item, receivedMs) => seen.events.push({ kind: 'sequence', item, receivedMs }));
  link.on('close', (item) => seen.events.push({ kind: 'close', item }));
  return seen;
}

interface ResponderOptions {
  /** hold this many commands, then answer them newest first */
  answerInReverseAfter?: number;
}

/**
 * A tiny pod: unframes what the host sends, parses it with the pod's own command parser and
 * answers with the pod's reply encoder (readLog's detail is a log of 1234 bytes).
 */
function startResponder(pod: SerialPort, options: ResponderOptions = {}): CommandParsed[] {
  const received: CommandParsed[] = [];
  const held: Buffer[] = [];
  let replySeq = 0;
  const frames = new FrameDecoder();
  pod.pipe(frames);
  frames.on('data', (item: Buffer | FrameError) => {
    if (!(item instanceof Uint8Array)) return;
    const parsed = commandParsedCreate();
    const status = commandParse(item, 0, item.length, parsed);
    received.push({ ...parsed, args: parsed.args.slice(0, parsed.argCount) });
    const detail = status === REPLY_OUT_OF_RANGE ? parsed.badArgument : parsed.commandId === COMMAND_READ_LOG ? 1234 : 0;
    const frame = podFrame((buf, offset) => replyEncode(buf, offset, replySeq++, 5000 + replySeq, parsed.seq, parsed.commandId, status, detail));
    if (options.answerInReverseAfter === undefined) {
      pod.write(frame);
      return;
    }
    held.push(frame);
    if (held.length === options.answerInReverseAfter) pod.write(Buffer.concat(held.splice(0).reverse()));
  });
  return received;
}

describe('PodSerialLink over a pseudo-terminal pair', function () {
  this.timeout(20000);
  let pair: PtyPair;
  let pod: SerialPort;
  let link: PodSerialLink;
  let seen: Seen;

  beforeEach(async () => {
    // fails with socat's install hint when socat is missing (never skips): ensure-setup installs it
    pair = await openPtyPair();
    pod = await openPort(pair.podPath);
    link = await openPodSerialLink(pair.hostPath);
    seen = watch(link);
  });

  afterEach(async () => {
    // after a failed beforeEach some of these were never opened; its error is the one to read
    if (link) await link.close();
    if (pod && pod.isOpen) await new Promise<void>((resolve) => pod.close(() => resolve()));
    if (pair) await pair.close();
  });

  it('decodes what the pod\'s encoders send, field for field, stamped with the host time it arrived', async () => {
    const step = edgeStep();
    const status = busyStatus();
    const beforeMs = Date.now();
    await write(pod, Buffer.concat([
      stepFrame(7, 0xfffffff0, step),
      podFrame((buf, offset) => statusEncode(buf, offset, 65535, 123456, status)),
    ]));
    await waitFor(() => seen.messages.length === 2, 'two messages');
    const afterMs = Date.now();

    const [gotStep, gotStatus] = seen.messages as Array<Message & { [field: string]: unknown }>;
    expect(gotStep).to.include({ type: 'step', version: PROTOCOL_VERSION, seq: 7, deviceTimeMs: 0xfffffff0 });
    for (const [name, value] of Object.entries(step)) expect(gotStep[name], name).to.equal(value);
    expect(gotStatus).to.include({ type: 'status', seq: 65535, deviceTimeMs: 123456 });
    for (const [name, value] of Object.entries(status)) expect(gotStatus[name], name).to.equal(value);

    for (const event of seen.events) {
      if (event.kind === 'close') continue;
      expect(event.receivedMs).to.be.within(beforeMs, afterMs);
    }
    expect(link.counts).to.include({ frames: 2, messages: 2, frameErrors: 0, decodeErrors: 0 });
  });

  it('drops a corrupted frame, counts it, and decodes the frame after it', async () => {
    const bad = Buffer.from(stepFrame(1));
    bad[12] ^= 0x04; // a payload byte of a step frame, not a COBS code: only the CRC notices
    await write(pod, Buffer.concat([stepFrame(0), bad, stepFrame(2)]));
    await waitFor(() => seen.messages.length === 2, 'the two good frames');

    expect(seen.events.map((e) => e.kind)).to.deep.equal(['message', 'frameError', 'sequence', 'message']);
    expect(seen.events[1].item).to.deep.equal({ type: 'frameError', reason: 'crc', bytes: bad.length - 1 });
    // the seq after the hole says which message the bad frame was
    expect(seen.events[2].item).to.deep.include({ type: 'sequenceGap', messageType: 'step', expectedSeq: 1, seq: 2, missing: 1 });
    expect(seen.messages.map((m) => m.seq)).to.deep.equal([0, 2]);
    expect(link.counts).to.include({ frames: 2, frameErrors: 1, sequenceGaps: 1, missingMessages: 1 });
  });

  it('decodes a frame split across two writes at every byte boundary', async () => {
    let sentBytes = 0;
    const length = stepFrame(0).length;
    for (let cut = 1; cut < length; cut++) {
      const frame = stepFrame(cut, cut);
      await write(pod, frame.subarray(0, cut));
      sentBytes += cut;
      // the host has read the first part on its own before the rest is written
      await waitFor(() => link.counts.bytes === sentBytes, `the first ${cut} bytes`);
      expect(seen.messages.length, `cut at ${cut}`).to.equal(cut - 1);
      await write(pod, frame.subarray(cut));
      sentBytes += length - cut;
      await waitFor(() => seen.messages.length === cut, `the frame cut at byte ${cut}`);
      expect(seen.messages[cut - 1], `cut at ${cut}`).to.include({ type: 'step', seq: cut, deviceTimeMs: cut, index: 0xfffffffe, leanCdeg: -321 });
    }
    expect(link.counts).to.include({ frameErrors: 0, messages: length - 1, sequenceGaps: 0 });
  });

  it('reports a good frame whose message does not decode, counts it, and decodes the next', async () => {
    const otherVersion = podFrame((buf, offset) => {
      const length = stepEncode(buf, offset, 0, 0, edgeStep());
      buf[offset] = PROTOCOL_VERSION + 1; // protocol version byte, covered by the CRC the frame encoder adds
      return length;
    });
    await write(pod, Buffer.concat([otherVersion, stepFrame(0)]));
    await waitFor(() => seen.messages.length === 1, 'the step after it');
    expect(seen.events.map((e) => e.kind)).to.deep.equal(['decodeError', 'message']);
    expect(seen.events[0].item).to.include({ type: 'decodeError', reason: 'badVersion', version: PROTOCOL_VERSION + 1 });
    expect(link.counts).to.include({ frames: 2, decodeErrors: 1, messages: 1, frameErrors: 0 });
  });

  it('reports gaps and duplicates per message type just before the message that shows them', async () => {
    const error = (seq: number): Buffer => podFrame((buf, offset) => errorEncode(buf, offset, seq, 1000 + seq, 2, 0));
    await write(pod, Buffer.concat([stepFrame(0), error(0), stepFrame(1), stepFrame(4), stepFrame(4), error(1)]));
    await waitFor(() => seen.messages.length === 6, 'six messages');

    const order = seen.events.map((e) => (e.kind === 'message' ? `${e.item.type} ${e.item.seq}` : e.kind === 'sequence' ? e.item.type : e.kind));
    expect(order).to.deep.equal(['step 0', 'error 0', 'step 1', 'sequenceGap', 'step 4', 'duplicate', 'step 4', 'error 1']);
    expect(seen.events[3].item).to.deep.include({ messageType: 'step', expectedSeq: 2, seq: 4, missing: 2 });
    expect(link.counts).to.include({ sequenceGaps: 1, missingMessages: 2, duplicates: 1 });
  });

  it('sends a command and resolves with the pod\'s reply to it', async () => {
    const received = startResponder(pod);
    const reply = await link.sendCommand(COMMAND_SET_RATE, { rateHz: 104 });
    expect(reply).to.include({ type: 'reply', commandSeq: 0, commandId: COMMAND_SET_RATE, status: REPLY_OK, detail: 0 });
    expect(received).to.have.length(1);
    expect(received[0]).to.include({ seq: 0, commandId: COMMAND_SET_RATE, argCount: 1 });
    expect(received[0].args).to.deep.equal([104]);

    const readLog = await link.sendCommand('readLog', { fromOffset: 0xfffffff0 });
    expect(readLog).to.include({ commandSeq: 1, commandId: COMMAND_READ_LOG, status: REPLY_OK, detail: 1234 });
    expect(received[1].args).to.deep.equal([0xfffffff0]);
    expect(link.counts).to.include({ commandsSent: 2, repliesMatched: 2, repliesUnmatched: 0, commandTimeouts: 0 });
  });

  it('resolves with the pod\'s refusal (the pod checks ranges, the host does not second-guess it)', async () => {
    startResponder(pod);
    const reply = await link.sendCommand('setRate', { rateHz: 100 });
    expect(reply).to.include({ status: REPLY_OUT_OF_RANGE, detail: 1 });
  });

  it('matches replies to commands by seq when they come back out of order', async () => {
    const received = startResponder(pod, { answerInReverseAfter: 3 });
    const replies = await Promise.all([
      link.sendCommand('getStatus'),
      link.sendCommand('setSpeed', { speedMms: 3500 }),
      link.sendCommand('setRawStream', { enabled: 1 }),
    ]);
    expect(replies.map((r) => [r.commandSeq, r.commandId])).to.deep.equal([[0, 1], [1, 8], [2, 5]]);
    // they did arrive newest first
    expect(seen.messages.map((m) => (m as Message & { commandSeq: number }).commandSeq)).to.deep.equal([2, 1, 0]);
    expect(received.map((c) => c.args)).to.deep.equal([[], [3500], [1]]);
  });

  it('rejects after the timeout with a message naming the command, and counts a late reply as unmatched', async () => {
    let caught: unknown;
    try {
      await link.sendCommand('getStatus', {}, 150);
    } catch (err) {
      caught = err;
    }
    expect(caught).to.be.instanceOf(PodLinkError);
    expect((caught as Error).message).to.equal(`no reply to getStatus (command 1, seq 0) from ${pair.hostPath} within 150 ms`);
    expect(link.counts.commandTimeouts).to.equal(1);

    await write(pod, podFrame((buf, offset) => replyEncode(buf, offset, 0, 1, 0, 1, REPLY_OK, 0)));
    await waitFor(() => link.counts.repliesUnmatched === 1, 'the late reply');
    expect(seen.messages).to.have.length(1);
  });

  it('refuses an unknown command or missing or unknown arguments before sending anything', async () => {
    const attempts: Array<Promise<unknown>> = [
      link.sendCommand(0x42),
      link.sendCommand('selfDestruct'),
      link.sendCommand('setRate'),
      link.sendCommand('setRate', { rateHz: 104, rateMs: 5 }),
    ];
    const messages: string[] = [];
    for (const attempt of attempts) {
      try {
        await attempt;
      } catch (err) {
        expect(err).to.be.instanceOf(TypeError);
        messages.push((err as Error).message);
      }
    }
    expect(messages).to.deep.equal([
      'unknown command 66',
      'unknown command "selfDestruct"',
      'setRate needs the number argument rateHz',
      'setRate has no argument rateMs',
    ]);
    expect(link.counts.commandsSent).to.equal(0);
  });

  it('closes when the pod is unplugged: a frame cut off is reported, then close, and a waiting command fails', async () => {
    const waiting = link.sendCommand('getStatus', {}, 10000).then(
      () => 'resolved',
      (err: Error) => err.message,
    );
    const frame = stepFrame(0);
    await write(pod, frame.subarray(0, 10));
    await waitFor(() => link.counts.bytes === 10, 'the partial frame');
    await pair.close();
    const closed = await link.whenClosed();

    expect(closed.unplugged).to.equal(true);
    expect(link.isOpen).to.equal(false);
    expect(seen.events.map((e) => e.kind)).to.deep.equal(['frameError', 'close']);
    expect(seen.events[0].item).to.deep.equal({ type: 'frameError', reason: 'truncated', bytes: 10 });
    expect(await waiting).to.match(/^no reply to getStatus \(command 1, seq 0\): .* went away/);
    let afterClose = '';
    await link.sendCommand('getStatus').catch((err: Error) => {
      afterClose = err.message;
    });
    expect(afterClose).to.equal(`cannot send getStatus: the link to ${pair.hostPath} is closed`);
  });

  it('a sequence tracker carried to a reopened link shows the restart the pod made while the port was closed', async () => {
    const tracker = new SequenceTracker();
    await link.close();
    link = await openPodSerialLink(pair.hostPath, { sequenceTracker: tracker });
    await write(pod, stepFrame(41, 500000));
    await waitFor(() => tracker.counts.messages === 1, 'the step before');
    await link.close();
    // the pod rebooted meanwhile: its clock and its seq start again
    link = await openPodSerialLink(pair.hostPath, { sequenceTracker: tracker });
    seen = watch(link);
    await write(pod, stepFrame(0, 1200));
    await waitFor(() => seen.messages.length === 1, 'the step after');
    expect(seen.events[0]).to.deep.include({ kind: 'sequence' });
    expect(seen.events[0].item).to.deep.equal({ type: 'restart', messageType: 'step', seq: 0, lastDeviceTimeMs: 500000, deviceTimeMs: 1200 });
    expect(link.counts.restarts).to.equal(1);
  });

  describe('back to a pod whose boot id is known: asks its boot before it takes in what arrives', () => {
    const OLD_BOOT = 0x1234567;
    /** a tracker that has seen the old boot: its step 41 at pod time 500 s, and its boot id */
    function trackerOfOldBoot(): SequenceTracker {
      const tracker = new SequenceTracker();
      tracker.check({ type: 'step', version: PROTOCOL_VERSION, seq: 41, deviceTimeMs: 500000, ...edgeStep() } as unknown as Message);
      tracker.check({ type: 'reply', version: PROTOCOL_VERSION, seq: 3, deviceTimeMs: 500100, commandSeq: 0, commandId: COMMAND_GET_STATUS, status: REPLY_OK, detail: OLD_BOOT } as Message);
      return tracker;
    }
    /** the commands the pod receives, parsed */
    function podCommands(): CommandParsed[] {
      const received: CommandParsed[] = [];
      const frames = new FrameDecoder();
      pod.pipe(frames);
      frames.on('data', (item: Buffer | FrameError) => {
        if (!(item instanceof Uint8Array)) return;
        const parsed = commandParsedCreate();
        commandParse(item, 0, item.length, parsed);
        received.push(parsed);
      });
      return received;
    }
    const bootReply = (command: CommandParsed, bootId: number) =>
      podFrame((buf, offset) => replyEncode(buf, offset, 4, 600200, command.seq, command.commandId, REPLY_OK, bootId));

    for (const [what, bootId] of [['another boot id: the restart goes before the first message held', 0x7654321], ['the same boot id: the messages held show the gap', OLD_BOOT]] as const) {
      it(what, async () => {
        await link.close();
        const commands = podCommands();
        const tracker = trackerOfOldBoot();
        link = await openPodSerialLink(pair.hostPath, { sequenceTracker: tracker });
        seen = watch(link);
        await waitFor(() => commands.length === 1, 'the getStatus');
        expect(commands[0].commandId).to.equal(COMMAND_GET_STATUS);
        // steps of the boot it runs come before the reply: their clock and seq went on past the old boot's
        await write(pod, Buffer.concat([stepFrame(50, 600000), stepFrame(51, 600100)]));
        await new Promise((resolve) => setTimeout(resolve, 50));
        expect(seen.events, 'held until the boot is known').to.deep.equal([]);
        await write(pod, bootReply(commands[0], bootId));
        await waitFor(() => seen.messages.length === 3, 'the steps and the reply');
        const shown = seen.events.map((e) => (e.kind === 'message' ? `${e.item.type} ${e.item.seq}` : e.kind === 'sequence' ? e.item.type : e.kind));
        if (bootId === OLD_BOOT) {
          expect(shown).to.deep.equal(['sequenceGap', 'step 50', 'step 51', 'reply 4']);
          expect(tracker.counts.restarts).to.equal(0);
        } else {
          expect(shown).to.deep.equal(['restart', 'step 50', 'step 51', 'reply 4']);
          expect(seen.events[0].item).to.deep.equal({ type: 'restart', messageType: 'step', seq: 50, lastDeviceTimeMs: 500100, deviceTimeMs: 600000, bootId });
          expect(tracker.counts.restarts).to.equal(1);
          expect(tracker.bootId).to.equal(bootId);
        }
      });
    }

    /** back to the old boot's pod, which does not answer the first boot question; step 42 comes meanwhile: the commands it got */
    async function firstQuestionUnanswered(): Promise<CommandParsed[]> {
      await link.close();
      const commands = podCommands();
      link = await openPodSerialLink(pair.hostPath, { sequenceTracker: trackerOfOldBoot(), commandTimeoutMs: 300 });
      seen = watch(link);
      await waitFor(() => commands.length === 1, 'the getStatus');
      await write(pod, stepFrame(42, 500200));
      // the first question times out: asked again, still holding
      await waitFor(() => commands.length === 2, 'the second getStatus');
      expect(commands[1].commandId).to.equal(COMMAND_GET_STATUS);
      return commands;
    }

    it('a pod that answers only the second question: what came meanwhile is held through both, and the restart goes before it', async () => {
      const commands = await firstQuestionUnanswered();
      await write(pod, stepFrame(43, 500300));
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(seen.events, 'held through the second question').to.deep.equal([]);
      expect(link.counts.commandTimeouts).to.equal(1);
      await write(pod, bootReply(commands[1], 0x7654321));
      await waitFor(() => seen.messages.length === 3, 'the steps and the reply');
      expect(seen.events.map((e) => (e.kind === 'sequence' ? e.item.type : e.kind === 'message' ? `${e.item.type} ${e.item.seq}` : e.kind)))
        .to.deep.equal(['restart', 'step 42', 'step 43', 'reply 4']);
    });

    it('a pod that answers neither question: what was held goes on, unchecked, after the second one\'s timeout', async () => {
      const commands = await firstQuestionUnanswered();
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(seen.messages).to.deep.equal([]);
      await waitFor(() => seen.messages.length === 1, 'the step, after the second timeout');
      expect(link.counts.commandTimeouts).to.equal(2);
      // later messages are taken in as they come
      await write(pod, stepFrame(43, 500300));
      await waitFor(() => seen.messages.length === 2, 'the next step');
      expect(seen.events.map((e) => e.kind)).to.deep.equal(['message', 'message']);
      expect(commands).to.have.length(2);
    });

    it('a link closed while it waits gives what it held before its close', async () => {
      await link.close();
      const commands = podCommands();
      link = await openPodSerialLink(pair.hostPath, { sequenceTracker: trackerOfOldBoot() });
      seen = watch(link);
      await waitFor(() => commands.length === 1, 'the getStatus');
      await write(pod, stepFrame(42, 500200));
      await new Promise((resolve) => setTimeout(resolve, 50));
      await link.close();
      expect(seen.events.map((e) => e.kind)).to.deep.equal(['message', 'close']);
    });
  });

  it('close() closes the port and says it was not an unplug', async () => {
    const closed = await link.close();
    expect(closed).to.deep.equal({ unplugged: false, reason: '' });
    expect(seen.events.map((e) => e.kind)).to.deep.equal(['close']);
    // a second close is harmless
    expect(await link.close()).to.equal(closed);
  });
});

describe('openPodSerialLink', () => {
  it('says which port cannot be opened and why, in one line', async () => {
    let caught: unknown;
    try {
      await openPodSerialLink('/nonexistent/ttyACM9');
    } catch (err) {
      caught = err;
    }
    expect(caught).to.be.instanceOf(PodLinkError);
    expect((caught as Error).message).to.match(/^cannot open serial port \/nonexistent\/ttyACM9: .*No such file or directory/);
    expect((caught as Error).message).to.not.contain('\n');
  });

  it('says a port another program has open is held there, and to close that program', async () => {
    const pair = await openPtyPair();
    // serialport locks the ports it opens, as a serial terminal or another lumbarpod holds one
    const holder = await openHangupSafePort(pair.hostPath, 115200);
    try {
      let caught: unknown;
      try {
        await openPodSerialLink(pair.hostPath);
      } catch (err) {
        caught = err;
      }
      expect(caught).to.be.instanceOf(PodLinkError);
      expect((caught as Error).message).to.match(new RegExp(`^cannot open serial port ${pair.hostPath}: another program has it open \\(.*Cannot lock port\\): close that program \\(a serial terminal, the Espruino IDE, another lumbarpod\\), then try again$`));
    } finally {
      await new Promise((resolve) => holder.close(resolve));
      await pair.close();
    }
  });
});
