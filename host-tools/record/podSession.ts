// One live session with a pod on a serial port, for `lumbarpod record` (writes a recording) and
// `lumbarpod stream` (only the live view). Recording starts a clean session on the pod: stop,
// raw stream on, start, so the raw samples cover the pod's detector from its first sample and
// replay of the recording gives the pod's own events. A pod that goes away is waited for (the
// gap is recorded, and the summaries it made meanwhile are fetched from its log on return);
// Ctrl-C, the duration or the end of the wait closes the files cleanly.
import * as fs from 'fs';
import { BoardDescription } from '../../boards/boardTypes';
import { decodeMessage, Message } from '../../firmware/protocol/codec';
import { ERROR_SAMPLES_LOST, MSG_SUMMARY, MSG_SUMMARY_FORM, REPLY_OK } from '../../firmware/protocol/messageIds';
import { SUMMARY_FORM_MESSAGE_LENGTH, SUMMARY_MESSAGE_LENGTH } from '../../firmware/protocol/podEncoders';
import { UserError } from '../cli/userError';
import { openPodSerialLink, PodSerialLink } from '../link/podSerialLink';
import {
  PodRecordingMeta, podRecordingCountersZero, podRecordingMetaFromStatus, podRecordingMetaStart, PodRecordingWriter,
} from '../recording/podRecording';
import { LiveCounters, LiveView } from './liveView';

type StatusMessage = Extract<Message, { type: 'status' }>;

export interface PodSessionOptions {
  portPath: string;
  board: BoardDescription;
  /** write a recording here (record); undefined: live view only (stream) */
  outDir?: string;
  /** stop after this many seconds (0: until Ctrl-C) */
  durationS: number;
  /** record the raw samples (research) */
  raw: boolean;
  /** how long to wait for a pod that went away before ending, s */
  reconnectWaitS: number;
  /** where the live view goes, and whether it can redraw in place */
  write: (text: string) => void;
  tty: boolean;
  /** resolves when the user asks to stop (Ctrl-C) */
  stopRequested: Promise<void>;
}

export interface PodSessionResult {
  meta: PodRecordingMeta | undefined;
  steps: number;
  summaries: number;
  endedBy: PodRecordingMeta['endedBy'];
}

const RECONNECT_POLL_MS = 500;
/** one log entry: a summary message then its summaryForm, as the pod logs them */
const LOG_ENTRY_BYTES = SUMMARY_MESSAGE_LENGTH + SUMMARY_FORM_MESSAGE_LENGTH;
const RENDER_EVERY_MS = 500;
/** how long a status may take to follow its reply, at most */
const STATUS_WAIT_MS = 1000;
/** time for the pod's last messages (the final summary after stopRecording) to arrive */
const DRAIN_MS = 400;

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export async function runPodSession(options: PodSessionOptions): Promise<PodSessionResult> {
  const startMs = Date.now();
  const view = new LiveView(options.write, options.tty, startMs, options.durationS);
  const counters = podRecordingCountersZero();
  const live: LiveCounters = { frameErrors: 0, missingMessages: 0, sampleGaps: 0, missingSamples: 0, disconnects: 0 };
  let writer: PodRecordingWriter | undefined;
  let status: StatusMessage | undefined;
  let steps = 0;
  let summaries = 0;
  const summarySeqs = new Set<number>();
  const summaryFormSeqs = new Set<number>();
  let endedBy: PodRecordingMeta['endedBy'] = '';
  let starting: { message: Message; receivedMs: number }[] | undefined;
  let logFromOffset = 0;

  const onMessage = (message: Message, receivedMs: number): void => {
    counters.framesReceived++;
    if (message.type === 'status') status = message;
    if (message.type === 'step') steps++;
    if (message.type === 'summary') {
      if (summarySeqs.has(message.seq)) return;
      summarySeqs.add(message.seq);
      summaries++;
    }
    if (message.type === 'summaryForm') {
      if (summaryFormSeqs.has(message.seq)) return;
      summaryFormSeqs.add(message.seq);
    }
    view.update(message);
    // from startRecording until the writer knows the session's rate, messages wait here
    if (starting !== undefined) starting.push({ message, receivedMs });
    else toWriter(message, receivedMs);
  };
  const toWriter = (message: Message, receivedMs: number): void => {
    if (message.type === 'error' && message.code === ERROR_SAMPLES_LOST) writer?.notePodLoss(message.detail);
    writer?.addMessage(message as unknown as { type: string }, receivedMs - startMs);
  };

  const attach = (link: PodSerialLink): void => {
    link.on('message', onMessage);
    link.on('frameError', (error, receivedMs) => {
      counters.frameErrors++;
      live.frameErrors++;
      writer?.addLinkEvent('frameError', receivedMs - startMs, { reason: error.reason });
    });
    link.on('decodeError', (failure, receivedMs) => {
      counters.decodeErrors++;
      writer?.addLinkEvent('decodeError', receivedMs - startMs, { reason: failure.reason });
    });
    link.on('sequence', (report, receivedMs) => {
      if (report.type === 'sequenceGap') {
        counters.missingMessages += report.missing;
        live.missingMessages += report.missing;
      } else if (report.type === 'duplicate') {
        counters.duplicates++;
      } else if (report.type === 'sampleGap') {
        live.sampleGaps++;
        live.missingSamples += report.missingSamples;
      } else if (report.type === 'restart') {
        // a new boot counts its samples and numbers its messages from 0 again
        writer?.noteRestart();
        summarySeqs.clear();
        summaryFormSeqs.clear();
      }
      const { type, ...detail } = report;
      writer?.addLinkEvent(type, receivedMs - startMs, detail);
    });
  };

  const open = async (): Promise<PodSerialLink> => {
    try {
      return await openPodSerialLink(options.portPath);
    } catch (e) {
      throw new UserError((e as Error).message);
    }
  };

  let link = await open();
  attach(link);
  const renderTimer = setInterval(() => view.render(Date.now(), live), RENDER_EVERY_MS);
  try {
    const ask = (command: string, args: { [name: string]: number } = {}) => link.sendCommand(command, args);
    let reply = await ask('getStatus');
    if (status === undefined) await sleep(100);
    if (options.outDir !== undefined) {
      await ask('stopRecording');
      reply = await ask('setRawStream', { enabled: options.raw ? 1 : 0 });
      if (reply.status !== REPLY_OK) throw new UserError(`the pod refused to switch the raw stream (reply ${reply.status})`);
      starting = [];
      reply = await ask('startRecording');
      if (reply.status !== REPLY_OK) throw new UserError(`the pod did not start recording (reply ${reply.status})`);
      // A status of the running session: its rate (an idle pod reports none, and the rate it
      // keeps may not be the board's default) and where the log stood (the log holds earlier
      // sessions too: this one's summaries start after it).
      status = undefined;
      await ask('getStatus');
      // the status follows its reply
      for (let waitedMs = 0; (status as StatusMessage | undefined) === undefined && waitedMs < STATUS_WAIT_MS; waitedMs += 25) await sleep(25);
      const running = status as StatusMessage | undefined;
      const rateHz = running !== undefined && running.rateHz > 0 ? running.rateHz : options.board.defaultRateHz;
      if (running !== undefined) logFromOffset = running.logEntries * LOG_ENTRY_BYTES;
      fs.mkdirSync(options.outDir, { recursive: true });
      writer = new PodRecordingWriter(options.outDir, {
        ...podRecordingMetaStart(options.board, rateHz, startMs, counters),
        firmwareVersion: podRecordingMetaFromStatus(running, podRecordingCountersZero()).firmwareVersion ?? '',
      });
      const waited = starting;
      starting = undefined;
      for (const { message, receivedMs } of waited) toWriter(message, receivedMs);
    }
    view.state = options.outDir !== undefined ? 'recording' : 'streaming';

    const duration = options.durationS > 0 ? sleep(options.durationS * 1000).then(() => 'duration' as const) : new Promise<never>(() => undefined);
    const interrupted = options.stopRequested.then(() => 'interrupt' as const);
    for (;;) {
      const ended = await Promise.race([duration, interrupted, link.whenClosed().then(() => 'closed' as const)]);
      if (ended !== 'closed') {
        endedBy = ended;
        break;
      }
      // the pod went away: wait for it, record the gap, fetch what it logged meanwhile
      counters.disconnects++;
      live.disconnects++;
      view.state = 'pod gone: waiting for it';
      writer?.addLinkEvent('disconnect', Date.now() - startMs);
      const back = await waitForPort(options, duration, interrupted);
      if (back !== 'back') {
        endedBy = back === 'gave up' ? 'disconnect' : back;
        break;
      }
      link = await open();
      attach(link);
      writer?.addLinkEvent('reconnect', Date.now() - startMs);
      writer?.noteDisconnect();
      view.state = options.outDir !== undefined ? 'recording' : 'streaming';
      await fetchLoggedSummaries(link, onMessage, logFromOffset);
    }
    if (link.isOpen) {
      // status first: once stopped, the pod no longer reports its calibration
      await link.sendCommand('getStatus').catch(() => undefined);
      if (options.outDir !== undefined) await link.sendCommand('stopRecording').catch(() => undefined);
      await sleep(DRAIN_MS);
    }
  } finally {
    clearInterval(renderTimer);
    if (link.isOpen) await link.close();
    view.render(Date.now(), live, true);
  }
  const meta = writer === undefined ? undefined : await writer.close({
    ...podRecordingMetaFromStatus(status, counters),
    endTime: new Date().toISOString(), counters, complete: true, endedBy,
  });
  return { meta, steps, summaries, endedBy };
}

/** polls until the port is back ('back'), the session should end, or the wait runs out */
async function waitForPort(
  options: PodSessionOptions, duration: Promise<'duration'>, interrupted: Promise<'interrupt'>,
): Promise<'back' | 'duration' | 'interrupt' | 'gave up'> {
  const deadline = Date.now() + options.reconnectWaitS * 1000;
  let ended: 'duration' | 'interrupt' | undefined;
  void duration.then((why) => { ended = why; });
  void interrupted.then((why) => { ended = why; });
  while (Date.now() < deadline) {
    await sleep(RECONNECT_POLL_MS);
    if (ended !== undefined) return ended;
    if (fs.existsSync(options.portPath)) return 'back';
  }
  return 'gave up';
}

/**
 * Reads the pod's summary log and passes on the summaries not received live (the log keeps
 * every window summary with its seq, so the recording has them all despite the gap).
 */
async function fetchLoggedSummaries(link: PodSerialLink, onMessage: (m: Message, receivedMs: number) => void, fromOffset: number): Promise<void> {
  const bytes: number[] = [];
  let done = false;
  const collect = (m: Message): void => {
    if (m.type !== 'logChunk') return;
    if (m.bytes.length === 0) done = true;
    for (const b of m.bytes) bytes.push(b);
  };
  link.on('message', collect);
  try {
    const reply = await link.sendCommand('readLog', { fromOffset });
    if (reply.status !== REPLY_OK) return;
    for (let waited = 0; !done && waited < 3000; waited += 50) await sleep(50);
  } catch (e) {
    return; // gone again: the next reconnect tries once more
  } finally {
    link.off('message', collect);
  }
  const log = Uint8Array.from(bytes);
  for (let at = 0; at < log.length;) {
    const type = log[at + 1];
    const length = type === MSG_SUMMARY ? SUMMARY_MESSAGE_LENGTH : type === MSG_SUMMARY_FORM ? SUMMARY_FORM_MESSAGE_LENGTH : 0;
    if (length === 0 || at + length > log.length) break;
    const message = decodeMessage(log, at, length);
    if (message.type !== 'decodeError') onMessage({ ...message, fromLog: true } as unknown as Message, Date.now());
    at += length;
  }
}
