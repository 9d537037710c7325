// One live session with a pod on a serial port, for `lumbarpod record` (writes a recording) and
// `lumbarpod stream` (only the live view). Recording starts a clean session on the pod: stop,
// raw stream on, start, so the raw samples cover the pod's detector from its first sample and
// replay of the recording gives the pod's own events. A pod that goes away is waited for (the
// gap is recorded, and the summaries it made meanwhile are fetched from its log on return);
// Ctrl-C, the duration or the end of the wait closes the files cleanly. A second Ctrl-C gives up
// waiting for the pod but still closes them. A Ctrl-C before the pod is told to start ends the
// set-up there: nothing is recorded, so nothing more is sent to the pod.
import * as fs from 'fs';
import { setTimeout as sleep } from 'timers/promises';
import { BoardDescription } from '../../boards/boardTypes';
import { StepRecord } from '../../firmware/core/stepRecord';
import { SummaryRecord } from '../../firmware/core/summaryRecord';
import { Message } from '../../firmware/protocol/codec';
import {
  COMMAND_START_RECORDING, ERROR_SAMPLES_LOST, PROTOCOL_VERSION, REPLY_FAILED, REPLY_OK, START_FAILED_IMU, START_FAILED_MEMORY, STATUS_RAW_ONLY, STATUS_RAW_STREAM, STATUS_RECORDING,
} from '../../firmware/protocol/messageIds';
import { RawStreamDetector, RawStreamSetup } from '../replay/rawStreamReplay';
import { UserError } from '../cli/userError';
import { openPodSerialLink, PodLinkError, PodSerialLink, ReplyMessage, StatusMessage } from '../link/podSerialLink';
import { logOnlyMessage, summaryMessageKey } from '../protocol/logEntries';
import { LiveRecordings } from './liveRecordings';
import { notAPodHint } from './notAPodHint';
import { sessionBoard } from './sessionBoard';
import { rateOfBatches, TimedBatch } from './batchRate';
import { fetchLoggedSummaries } from './logReadBack';
import { SequenceReport, SequenceTracker } from '../protocol/sequenceTracker';
import { setClockArgs } from '../protocol/wallClock';
import {
  PodRecordingMeta, podRecordingCountersZero, podRecordingMetaFromStatus, podRecordingMetaStart, PodRecordingWriteError, PodRecordingWriter,
} from '../recording/podRecording';
import { LiveCounters, LiveView } from './liveView';

/** why the pod did not start recording, from startRecording's reply, in the user's terms (`rawOnly`: it was asked to record raw only) */
export function startRefusal(status: number, detail: number, rawOnly = false): string {
  if (status === REPLY_FAILED && detail === START_FAILED_MEMORY && rawOnly) {
    // raw only keeps no detector state: what is short is the rest of the pod's RAM
    return 'the pod did not start recording: it has too little RAM free even with its step detector off (raw only). ' +
      'Record at a lower --rate, or restart the pod and try again';
  }
  if (status === REPLY_FAILED && detail === START_FAILED_MEMORY) {
    return 'the pod did not start recording: at this rate its step detector would leave it too little RAM to run. ' +
      'Record with --raw-only (the steps are then detected on this computer), or at a lower --rate';
  }
  if (status === REPLY_FAILED && detail === START_FAILED_IMU) return 'the pod did not start recording: its IMU did not answer';
  return `the pod did not start recording (reply ${status})`;
}

export interface PodSessionOptions {
  portPath: string;
  /**
   * the board the user gave (--board): refused when the pod's status names one whose samples read
   * otherwise; undefined: the pod's (sessionBoard.ts)
   */
  board?: BoardDescription;
  /** write a recording here (record); undefined: live view only (stream) */
  outDir?: string;
  /** stop after this many seconds (0: until Ctrl-C) */
  durationS: number;
  /** record the raw samples (research) */
  raw: boolean;
  /** the pod's detector off for this recording: raw samples only (setRawStream rawOnly) */
  rawOnly?: boolean;
  /** tell the pod this running speed before it starts, mm/s (undefined: keep the pod's own) */
  speedMms?: number;
  /** set the pod's sample rate before it starts, Hz, one of the board's (undefined: keep the pod's own) */
  rateHz?: number;
  /** how long to wait for a pod that went away before ending, s */
  reconnectWaitS: number;
  /** nothing from the pod for this long (ms), its port open, is a silence (default 15 s: three statuses missed) */
  silentAfterMs?: number;
  /** where the live view goes, and whether it can redraw in place */
  write: (text: string) => void;
  tty: boolean;
  /** resolves when the user asks to stop (Ctrl-C) */
  stopRequested: Promise<void>;
  /** resolves when the user asks again (a second Ctrl-C): stop without waiting for the pod, still closing the files */
  hurryRequested?: Promise<void>;
  /**
   * called when the session has ended by itself (its duration, the pod gone): whoever gives
   * `hurryRequested` should count the next request as the second, which hurries the stop.
   * Without it, the session takes the first `stopRequested` after its end for the hurry
   */
  endedByItself?: () => void;
  /** how far a recording has got: startRecording sent, then the files open */
  onStage?: (stage: 'starting' | 'writing') => void;
  /**
   * the files are open: `writeMetaForQuit`, called by a quit that exits without closing them,
   * brings recording.json up to what was written (its raw.csv rows, when and how it ended)
   */
  onFilesOpen?: (writeMetaForQuit: () => void) => void;
  /**
   * the pod answered the session's stopRecording at its end with a yes (whether or not it was
   * still waited for): it no longer records, which a quit can say
   */
  onPodStopped?: () => void;
}

export interface PodSessionResult {
  meta: PodRecordingMeta | undefined;
  steps: number;
  summaries: number;
  endedBy: PodRecordingMeta['endedBy'];
  /** what the session stopped without waiting for (a second Ctrl-C), in the user's words */
  notAwaited: string[];
  /**
   * a stop asked before the pod was recording for this session ended the set-up: 'before start',
   * startRecording not sent; 'while starting', sent but not answered (a hurry), and stopRecording
   * sent after it without waiting. Nothing was recorded either way
   */
  setUpCut?: 'before start' | 'while starting';
  /** the set-up commands that change the pod, sent before a cut set-up */
  sentBeforeCut: string[];
  /**
   * why the pod may still be recording although the session stopped it and waited: its answer to
   * stopRecording never came (STOP_TRIES sends, or the link closed first) or was a refusal, in the
   * user's words
   */
  stopUnconfirmed?: string;
  /** the pod sent nothing for this many seconds before the session ended, its port open (the time is a `disconnect` gap) */
  silentAtEndS?: number;
  /**
   * the pod's recording was stopped during the session (its button, or another host) and not
   * started again: about when (s since the session's start, when it was last seen recording)
   */
  podStoppedAtS?: number;
  /**
   * the session ended as the pod's port was back but would not open (another program had it):
   * why, in the user's words; the pod did come back
   */
  portNotOpened?: string;
}

/** a command's arguments by name */
type CommandArgs = { [name: string]: number };

/** a frame or decode error of the link, as the recording keeps it */
interface LinkErrorEvent {
  linkError: 'frameError' | 'decodeError';
  receivedMs: number;
  reason: string;
}

/** what the link gave, in its order, while it waits to be written: messages, the link's sequence reports and its errors */
type HeldForWriter = { message: Message; receivedMs: number; repeat: boolean } | { report: SequenceReport; receivedMs: number } | LinkErrorEvent;

const RECONNECT_POLL_MS = 500;
/**
 * nothing from a recording pod for this long, its port open, is a silence: it sends a status
 * every 5 s while it records (and raw batches 4 times a second), so three statuses were missed
 */
const SILENT_AFTER_MS = 15000;
/** how long a quiet pod has to answer getStatus before it is called silent */
const SILENCE_PROBE_WAIT_MS = 2000;
const RENDER_EVERY_MS = 500;
/** time for the pod's last messages (the final summary after stopRecording) to arrive */
const DRAIN_MS = 400;
/** what a hurry leaves unawaited at the end, in the user's words: the pod's answer to the stop */
const STOP_ANSWER_NOT_AWAITED = 'its answer to stopRecording, so it may still be recording (its button or the next record stops it)';
/** and the messages after it: the pod sends the summary of the window it was in before it answers the stop */
const LAST_MESSAGES_NOT_AWAITED = 'its last messages (the summary of the window it was in)';

export async function runPodSession(options: PodSessionOptions): Promise<PodSessionResult> {
  const startMs = Date.now();
  const view = new LiveView(options.write, options.tty, startMs, options.durationS);
  const counters = podRecordingCountersZero();
  const live: LiveCounters = { frameErrors: 0, missingMessages: 0, sampleGaps: 0, missingSamples: 0, disconnects: 0 };
  let writer: PodRecordingWriter | undefined;
  /**
   * the live view's losses: recording, its samples missing are the recording's gaps, which a
   * restart's (and a batch at another rate) are among, though the link sees no jump in the count
   */
  const liveCounters = (): LiveCounters => {
    if (writer === undefined) return live;
    const totals = writer.gapTotals;
    return { ...live, sampleGaps: totals.gaps, missingSamples: totals.missingSamples };
  };
  let status: StatusMessage | undefined;
  let steps = 0;
  let summaries = 0;
  // summaries and summaryForms held, live or read back from the log
  const summariesSeen = new Set<string>();
  let endedBy: PodRecordingMeta['endedBy'] = '';
  /** from startRecording until the writer knows the session's rate: the messages, with the link's reports among them */
  let starting: HeldForWriter[] | undefined;
  /**
   * From a restart mid-recording until the new boot's status says the rate it records at
   * (recordAgain asks at once): what the boot sends waits here, as `starting` does
   */
  let heldForRate: HeldForWriter[] | undefined;
  /**
   * the rate the pod's raw batches come at when not the session's (else 0): a pod that could not
   * keep the session's rate in its flash restarts at its saved one, until set again
   */
  let batchesAtOtherRateHz = 0;
  /** the link's frame and decode errors before startRecording: counted, so written once the files open */
  const linkErrorsBeforeStart: LinkErrorEvent[] = [];
  let logFromOffset = 0;
  /** the wait for the pod ended with its port there but not opening: why (PodSessionResult.portNotOpened) */
  let portNotOpened: string | undefined;

  let finished = false;
  let hurried = false;
  /** once a stop is under way the view says so, and nothing the session does later shows it recording again */
  let viewStopping = false;
  const showState = (state: string): void => {
    if (!viewStopping) view.state = state;
  };
  const showStopping = (state: string): void => {
    viewStopping = true;
    view.state = state;
    view.render(Date.now(), liveCounters(), true);
  };
  let hurryNow = (): void => undefined;
  const hurry = new Promise<void>((resolve) => { hurryNow = resolve; }).then(() => {
    hurried = true;
    if (finished) return;
    showStopping(writer !== undefined
      ? 'stopping without waiting for the pod: closing the files (Ctrl-C again quits without closing them)'
      : options.outDir !== undefined
        ? 'stopping without waiting for the pod: nothing was recorded (Ctrl-C again quits at once)'
        : 'stopping without waiting for the pod (Ctrl-C again quits at once)');
  });
  void options.hurryRequested?.then(hurryNow);
  let stopAsked = false;
  void options.stopRequested.then(() => { stopAsked = true; });
  const notAwaited: string[] = [];
  let stopUnconfirmed: string | undefined;
  let setUpCut: PodSessionResult['setUpCut'];
  const sentBeforeCut: string[] = [];
  /** work given up in the hurry: it ends once the link is closed, and may still pass on messages until then */
  const givenUp: Promise<unknown>[] = [];
  /** `start()`'s result; or, once the user is in a hurry, undefined, with `what` noted as not awaited */
  const unlessHurried = async <T>(what: string, start: () => Promise<T>): Promise<T | undefined> => {
    if (!hurried) {
      const work = start();
      const outcome = await Promise.race([work.then((value) => ({ value })), hurry.then(() => undefined)]);
      if (outcome !== undefined) return outcome.value;
      givenUp.push(work.catch(() => undefined));
    }
    notAwaited.push(what);
    return undefined;
  };

  /** restarts of the pod seen in this session: the boot live messages come from */
  let liveBoot = 0;
  /** liveBoot when startRecording went out: a restart before is in no recording's gaps */
  let bootAtStart = 0;
  /** the board the samples are read with: the given one, or the pod's once it says it */
  let board = sessionBoard(options.board, undefined);
  /** the session's recordings as numbered live, for the summaries read back from the log */
  let liveRecordings = new LiveRecordings();
  /** a summary went missing on the line: the log is read back before the session ends */
  let summaryMissed = false;
  /**
   * the pod boot (the sequence check's podBoot) each recording of the session ran in, by its
   * number (`boot` of its lines): a summary read back from the log is checked against that boot's gaps
   */
  const podBootOfRecording = new Map<number, number>([[0, 0]]);
  /** summaries of that boot that came before this session's startRecording (the pod's earlier session) */
  let summariesBeforeStart = 0;
  /** summaries held from the boot live messages come from: what its count of windows is checked against */
  let summariesOfLiveBoot = 0;
  /** the link's sequence check found the message about to come a repeat: it is recorded, not counted again */
  let duplicateNext: { messageType: string; seq: number } | undefined;
  /** the messages count toward the totals: a stream's all; a recording's from its startRecording (earlier ones are not kept) */
  let counting = options.outDir === undefined;
  /** the rate this session records at, once the pod said it */
  let recordingRateHz: number | undefined;
  /**
   * a raw batch or a window summary of the recording came live since the pod's last restart (or
   * recording started anew): one started anew after it is another recording
   */
  let recordingSentSinceRestart = false;
  /** when the pod was last heard (host ms): a message, or bytes that were no good frame */
  let lastHeardMs = Date.now();
  /** the pod has sent nothing for SILENT_AFTER_MS while its port stayed open: since when (host ms) */
  let silentSinceMs: number | undefined;
  /** the session runs (set up, not ending): a silence of the pod is looked for */
  let watchingSilence = false;
  /** the session ended while the pod was silent: when (ms since the start) */
  let silentUntilMs: number | undefined;
  const heard = (): void => {
    const now = Date.now();
    lastHeardMs = now;
    if (silentSinceMs === undefined) return;
    writer?.addLinkEvent('heardAgain', now - startMs, { silentMs: now - silentSinceMs });
    silentSinceMs = undefined;
    if (!ending) showState(options.outDir !== undefined ? 'recording' : 'streaming');
  };
  /** when the pod, quiet, was asked for its status (host ms) */
  let probedAtMs: number | undefined;
  const checkSilence = (now: number): void => {
    if (!watchingSilence || ending || !link.isOpen) return;
    if (silentSinceMs === undefined) {
      if (now - lastHeardMs < (options.silentAfterMs ?? SILENT_AFTER_MS)) return;
      // a pod its button stopped sends nothing either, but answers: it is asked once before it is called silent
      if (probedAtMs === undefined || probedAtMs < lastHeardMs) {
        probedAtMs = now;
        void link.requestStatus().catch(() => undefined);
        return;
      }
      if (now - probedAtMs < SILENCE_PROBE_WAIT_MS) return;
      silentSinceMs = lastHeardMs;
      writer?.addLinkEvent('silent', now - startMs, { lastHeardMs: lastHeardMs - startMs });
    }
    showState(`pod silent: nothing from it for ${Math.round((now - silentSinceMs) / 1000)} s, its port still open (its battery flat, or its serial wire loose?)`);
  };
  const onMessage = (received: Message, receivedMs: number): void => {
    heard();
    // a clock or recordingInfo entry read back from the log: the recording has its own times and rate
    if (logOnlyMessage(received)) return;
    if (received.type === 'reply' && received.commandId === COMMAND_START_RECORDING && startingAgain !== undefined) startedAgain(received, receivedMs);
    // which boot of the pod made it, for readers to place its clock (the log's entries say their
    // own): counted from the session's start, as the restart gaps and the log's read-back are
    const boot = liveBoot - bootAtStart;
    const message = boot > 0 && !('fromLog' in received) ? ({ ...received, boot } as unknown as Message) : received;
    const repeat = duplicateNext !== undefined && duplicateNext.messageType === received.type && duplicateNext.seq === received.seq;
    duplicateNext = undefined;
    counters.framesReceived++;
    if (message.type === 'status') status = message;
    // what the pod sends only while it records, live: it records (again)
    const showsRecording = !('fromLog' in received) && (message.type === 'rawBatch' || message.type === 'step' || message.type === 'summary' || message.type === 'summaryForm'
      || (message.type === 'status' && (message.flags & STATUS_RECORDING) !== 0));
    if (showsRecording) {
      lastRecordingMs = receivedMs - startMs;
      podStoppedAtMs = undefined;
    }
    if (message.type === 'step' && counting && !repeat) steps++;
    if (message.type === 'summary' || message.type === 'summaryForm') {
      // the view needs the read's windows it already has too, to see where the read passes them
      if ('fromLog' in received) view.readBack(message);
      const key = summaryMessageKey(message);
      if (summariesSeen.has(key)) return;
      summariesSeen.add(key);
      // the log gave what the link lost: in the recording after all, so not missing
      const podBoot = 'fromLog' in received ? podBootOfRecording.get((received as { boot?: number }).boot ?? 0) : undefined;
      if (podBoot !== undefined && sequenceTracker.recoveredFromLog(received, podBoot)) {
        counters.missingMessages--;
        counters.recoveredMessages = (counters.recoveredMessages ?? 0) + 1;
        live.missingMessages--;
      }
      if (message.type === 'summary' && counting) summaries++;
      if (message.type === 'summary' && ((message as { boot?: number }).boot ?? 0) === boot) summariesOfLiveBoot++;
    }
    view.update(message, false, receivedMs);
    if (message.type === 'rawBatch') {
      recordingSentSinceRestart = true;
      detectHere(message);
    }
    if (message.type === 'summary' && !('fromLog' in received)) recordingSentSinceRestart = true;
    if (counting && !('fromLog' in received) && (message.type === 'summary' || message.type === 'rawBatch')) {
      liveRecordings.heard(boot, message, message.type === 'rawBatch' ? sequenceTracker.recordingStartMs() : undefined);
    }
    // from startRecording until the writer knows the session's rate, messages wait here
    if (starting !== undefined) starting.push({ message, receivedMs, repeat });
    else if (heldForRate !== undefined) heldForRate.push({ message, receivedMs, repeat });
    else toWriter(message, receivedMs, repeat);
    if (message.type === 'status' && !('fromLog' in received)) podStoppedCheck(message, receivedMs);
  };
  /** when the pod was last seen recording (ms since the start): a raw batch, step, summary or status that says so */
  let lastRecordingMs: number | undefined;
  /** the pod's recording was stopped (its button, another host), and has not started again since: when it was last seen recording */
  let podStoppedAtMs: number | undefined;
  /**
   * A status of the recording pod that says it does not record: its button (or another host)
   * stopped it, which the recording marks. Not one after the host's own stop (the end, or
   * recordAgain setting a restarted pod again), nor one of a new boot, whose recording is
   * recordAgain's to see to; the host learns of it from the status it asks for when nothing comes.
   */
  const podStoppedCheck = (message: StatusMessage, receivedMs: number): void => {
    if ((message.flags & STATUS_RECORDING) !== 0 || lastRecordingMs === undefined || podStoppedAtMs !== undefined) return;
    if (writer === undefined || starting !== undefined || heldForRate !== undefined || settingAgain || hostStopSent) return;
    podStoppedAtMs = lastRecordingMs;
    writer.addLinkEvent('podStopped', receivedMs - startMs, { seq: message.seq, deviceTimeMs: message.deviceTimeMs, lastRecordingMs });
  };
  // record --raw-only: the pod detects nothing, so the live view shows the host's own detection
  // of its raw stream (the same core); only the view gets it, the recording keeps what the pod sent
  let detector: RawStreamDetector | undefined;
  const detectHere = (batch: Extract<Message, { type: 'rawBatch' }>): void => {
    if (detector === undefined) return;
    const raw = { firstSampleIndex: batch.firstSampleIndex, samplesCounts: batch.samplesCounts };
    try {
      detector.batch(raw);
    } catch (e) {
      // the pod restarted (its samples count from 0 again): detection starts afresh with it; a
      // batch even a fresh detector refuses ends the live detection (the recording goes on)
      detector = newDetector();
      try {
        detector?.batch(raw);
      } catch (again) {
        detector = undefined;
      }
    }
  };
  let detectorSetup: RawStreamSetup | undefined;
  const newDetector = (): RawStreamDetector | undefined => {
    if (detectorSetup === undefined) return undefined;
    const shown = (type: 'step' | 'summary' | 'summaryForm', record: object) =>
      view.update({ type, version: PROTOCOL_VERSION, seq: 0, deviceTimeMs: 0, ...record } as unknown as Message, true);
    return new RawStreamDetector(detectorSetup, {
      step(record: StepRecord) { shown('step', record); },
      summary(record: SummaryRecord) {
        shown('summary', record);
        shown('summaryForm', record);
      },
    });
  };
  const toWriter = (message: Message, receivedMs: number, repeat: boolean): void => {
    if (message.type === 'rawBatch' && batchesAtOtherRateHz !== 0) {
      writer?.addBatchAtOtherRate(message as unknown as { type: string }, receivedMs - startMs, batchesAtOtherRateHz);
      return;
    }
    // a repeated loss report is the same loss
    if (message.type === 'error' && message.code === ERROR_SAMPLES_LOST && !repeat) writer?.notePodLoss(message.detail);
    // its sample count is at its own rate
    if (message.type === 'status' && (message.flags & STATUS_RECORDING) !== 0 && message.rateHz === recordingRateHz) writer?.noteSpeed(message.samples, message.speedMms);
    writer?.addMessage(message as unknown as { type: string }, receivedMs - startMs);
  };
  /**
   * what waited for the new boot's rate goes to the writer: its raw batches as at `otherRateHz`
   * (0 when the session's), up to a later restart; where no status said the rate (undefined), at
   * the rate the batches themselves keep (batchRate.ts), the session's if they tell none
   */
  const releaseHeldForRate = (otherRateHz: number | undefined): void => {
    const held = heldForRate;
    if (held === undefined) return;
    heldForRate = undefined;
    batchesAtOtherRateHz = otherRateHz ?? heldBatchesOtherRateHz(held);
    for (const item of held) writeHeld(item);
  };
  /** the rate the held raw batches keep, up to a restart among them, where it is not the session's (else 0) */
  const heldBatchesOtherRateHz = (held: readonly HeldForWriter[]): number => {
    const batches: TimedBatch[] = [];
    for (const item of held) {
      if ('report' in item && item.report.type === 'restart' && item.report.recordingRestarted !== true) break;
      if ('message' in item && item.message.type === 'rawBatch' && !item.repeat) batches.push(item.message);
    }
    const rateHz = rateOfBatches(batches, board.supportedRatesHz);
    return rateHz !== undefined && rateHz !== recordingRateHz ? rateHz : 0;
  };
  const writeHeld = (item: HeldForWriter): void => {
    // A new recording among the held (record's start reached a boot that restarted again before
    // it) runs at that boot's rate: the status that gave the rate came after it
    if ('report' in item) reportToWriter(item.report, item.receivedMs, true);
    else if ('linkError' in item) linkErrorOut(item);
    else toWriter(item.message, item.receivedMs, item.repeat);
  };
  const reportToWriter = (report: SequenceReport, receivedMs: number, rateKnownAfter = false): void => {
    if (report.type === 'restart') {
      if (!(rateKnownAfter && report.recordingRestarted === true)) batchesAtOtherRateHz = 0;
      writer?.noteRestart(report.recordingRestarted === true, report.startedLaterMs);
    }
    const { type, ...detail } = report;
    writer?.addLinkEvent(type, receivedMs - startMs, detail);
  };

  /** a frame or decode error, which is counted: in the recording where its count is, in order with the messages */
  const linkErrorOut = (linkError: LinkErrorEvent): void => {
    if (heldForRate !== undefined) heldForRate.push(linkError);
    else if (writer !== undefined) writer.addLinkEvent(linkError.linkError, linkError.receivedMs - startMs, { reason: linkError.reason });
    else if (starting !== undefined) starting.push(linkError);
    else if (options.outDir !== undefined) linkErrorsBeforeStart.push(linkError);
  };
  const attach = (link: PodSerialLink): void => {
    link.on('message', onMessage);
    link.on('frameError', (error, receivedMs) => {
      heard();
      counters.frameErrors++;
      live.frameErrors++;
      linkErrorOut({ linkError: 'frameError', receivedMs, reason: error.reason });
    });
    link.on('decodeError', (failure, receivedMs) => {
      heard();
      counters.decodeErrors++;
      linkErrorOut({ linkError: 'decodeError', receivedMs, reason: failure.reason });
    });
    link.on('sequence', onSequenceReport);
  };
  /** what the link's sequence check found (or record itself, for a recording it started anew) */
  const onSequenceReport = (report: SequenceReport, receivedMs: number): void => {
    if (report.type === 'sequenceGap') {
      // those the log gave already are in the recording
      const recovered = report.recovered ?? 0;
      counters.missingMessages += report.missing - recovered;
      counters.recoveredMessages = (counters.recoveredMessages ?? 0) + recovered;
      live.missingMessages += report.missing - recovered;
      if ((report.messageType === 'summary' || report.messageType === 'summaryForm') && report.missing > recovered) summaryMissed = true;
    } else if (report.type === 'duplicate') {
      counters.duplicates++;
      duplicateNext = report;
    } else if (report.type === 'sampleGap') {
      live.sampleGaps++;
      live.missingSamples += report.missingSamples;
    } else if (report.type === 'restart') {
      // a new boot (or a new recording the pod's button started) counts its samples from 0 again
      liveBoot++;
      // a new boot records or not as its flash says (recordAgain sees to it): seen anew
      if (report.recordingRestarted !== true) {
        lastRecordingMs = undefined;
        podStoppedAtMs = undefined;
      }
      podBootOfRecording.set(liveBoot - bootAtStart, sequenceTracker.podBoot);
      if (report.recordingRestarted !== true) {
        liveRecordings.podRestarted();
        view.podRestarted();
      }
      summariesOfLiveBoot = 0;
    }
    // in order with the messages that wait for the writer: a restart before the files are
    // open must reach the writer before the samples after it, as a later one does
    if (starting !== undefined) starting.push({ report, receivedMs });
    else if (heldForRate !== undefined) heldForRate.push({ report, receivedMs });
    else reportToWriter(report, receivedMs);
    if (report.type === 'restart') recordingSentSinceRestart = false;
    if (report.type === 'restart' && report.recordingRestarted !== true && writer !== undefined) {
      // its raw batches wait for its rate, unless nothing will ask it (recordAgain's own test);
      // restarted again while recordAgain runs, it asks once more when done
      if (heldForRate === undefined && !stopAsked && !ending && recordingRateHz !== undefined) heldForRate = [];
      if (settingAgain) restartedWhileSetting = true;
      void recordAgain();
    }
  };
  /**
   * A pod that restarted mid-session records again by itself only as its flash says: not at all
   * with autoStart off or when its own start fails (at 208 Hz its detector does not fit its RAM),
   * with its detector on where record asked raw only (that lasts until a restart), at its saved
   * rate where the one record set was not saved. Unless its status says it records as this
   * session asked, it is set again and started anew; a new recording the boot began already
   * counts from 0 again and is placed after what it sent, as after its button.
   */
  let settingAgain = false;
  /** the pod restarted again while settingAgain: that boot is checked (and set) once the first is done */
  let restartedWhileSetting = false;
  /** the link went while settingAgain: the boot is checked (and set) once the pod is back */
  let recordAgainOnReturn = false;
  /**
   * the session is ending (its duration, a Ctrl-C, the pod gone, a recording that cannot be
   * written, a failure): the pod is being told to stop, and is not started again after that
   */
  let ending = false;
  /** the session's stopRecording went out at its end: the pod's statuses after it show that stop, not another's */
  let hostStopSent = false;
  const recordAgain = async (): Promise<void> => {
    if (settingAgain || stopAsked || ending || recordingRateHz === undefined) return;
    settingAgain = true;
    const rateHz = recordingRateHz;
    const current = link;
    const failed = (why: string): void => {
      showState(`the pod restarted and does not record again: ${why}`);
      writer?.addLinkEvent('recordAgainFailed', Date.now() - startMs, { reason: why });
    };
    try {
      const now = await current.requestStatus();
      releaseHeldForRate(now === undefined ? undefined : (now.flags & STATUS_RECORDING) !== 0 && now.rateHz > 0 && now.rateHz !== rateHz ? now.rateHz : 0);
      if (now !== undefined && recordsAsAsked(now, rateHz)) return;
      await current.sendCommand('stopRecording');
      // stopped by the host, not its button: it records again only once started anew below
      lastRecordingMs = undefined;
      // every batch of the boot's own recording came before this answer: when it started dates
      // the new one on the same clock
      const ownStartMs = sequenceTracker.recordingStartMs();
      const settings: [string, CommandArgs][] = [['setRawStream', { enabled: rawStreamMode }], ['setRate', { rateHz }]];
      for (const [command, args] of settings) {
        const reply = await current.sendCommand(command, args);
        if (reply.status !== REPLY_OK) return failed(`it refused ${command} (reply ${reply.status})`);
      }
      // the session's stop goes out after `ending` is set: a start sent before it is stopped
      if (stopAsked || ending) return;
      startingAgain = { ownStartMs };
      const started = await current.sendCommand('startRecording');
      if (started.status !== REPLY_OK) return failed(startRefusal(started.status, started.detail, rawStreamMode === 2));
      showState('recording');
    } catch (e) {
      // the link went meanwhile (or a command went unanswered): the pod is waited for, and set
      // again if it restarted; one that comes back in the same boot shows no restart, so it is
      // asked again once back
      if (!current.isOpen) recordAgainOnReturn = true;
    } finally {
      settingAgain = false;
      startingAgain = undefined;
      const goingOn = !stopAsked && !ending;
      const askNow = restartedWhileSetting && goingOn;
      restartedWhileSetting = false;
      // the commands above may have reached either boot: the one running now is asked again, its
      // batches still held for its rate
      if (askNow) void recordAgain();
      // what still waits for its rate, with no status to come (none answered, or the session is
      // ending), goes out at the rate its batches tell, if any
      else if (!(recordAgainOnReturn && goingOn)) releaseHeldForRate(undefined);
    }
  };
  /** recordAgain sent startRecording: when the boot's own recording had started (pod ms), if known */
  let startingAgain: { ownStartMs: number | undefined } | undefined;
  /**
   * The pod's answer to recordAgain's startRecording. The batches after it count from 0, and its
   * windows too: a new recording of the same boot, unless the boot sent none of either before (its
   * first batch shows the restart already). Told here, as the answer arrives: its first batch may come in the same
   * read, before the command's promise resumes, and would be taken for a repeat.
   */
  const startedAgain = (started: ReplyMessage, receivedMs: number): void => {
    const { ownStartMs } = startingAgain!;
    startingAgain = undefined;
    if (started.status !== REPLY_OK || !recordingSentSinceRestart) return;
    onSequenceReport({
      type: 'restart', messageType: 'rawBatch', seq: started.seq, lastDeviceTimeMs: started.deviceTimeMs, deviceTimeMs: started.deviceTimeMs, recordingRestarted: true,
      ...(ownStartMs !== undefined ? { startedLaterMs: Math.max(0, Math.round(started.deviceTimeMs - ownStartMs)) } : {}),
    }, receivedMs);
  };
  const rawStreamMode = options.rawOnly ? 2 : options.raw ? 1 : 0;
  const recordsAsAsked = (now: StatusMessage, rateHz: number): boolean => {
    const flags = now.flags;
    return (flags & STATUS_RECORDING) !== 0 && now.rateHz === rateHz
      && ((flags & STATUS_RAW_ONLY) !== 0) === (rawStreamMode === 2) && (rawStreamMode === 0 || (flags & STATUS_RAW_STREAM) !== 0);
  };

  // one tracker for every link to the pod, so a restart while it was away is seen on its return
  const sequenceTracker = new SequenceTracker();
  let link: PodSerialLink;
  try {
    link = await openPodSerialLink(options.portPath, { sequenceTracker });
  } catch (e) {
    throw new UserError((e as Error).message);
  }
  attach(link);
  const renderTimer = setInterval(() => {
    checkSilence(Date.now());
    view.render(Date.now(), liveCounters());
  }, RENDER_EVERY_MS);
  let failure: Error | undefined;
  /** startRecording went out: from then on the pod may be recording, and an end of the session stops it */
  let startSent = false;
  /** the pod's answer to stopRecording at the end was waited for and was a yes */
  let stopConfirmed = false;
  /**
   * Tells the pod to stop recording: sent in a hurry too (a pod that hears it stops, though its
   * answer is not waited for). A stop lost on the line leaves the pod recording into its log until
   * its battery runs out, so it is sent again (stopping twice is harmless) until the pod answers;
   * without a yes, `stopUnconfirmed` says why the pod may still be recording.
   */
  /** the pod's first answer to the session's stopRecording at its end, when it came: waited for or not, before the link closed */
  let stopAnswer: ReplyMessage | undefined;
  const stopAnswered = (answer: ReplyMessage | undefined): void => {
    if (answer === undefined || stopAnswer !== undefined) return;
    stopAnswer = answer;
    if (answer.status === REPLY_OK) options.onPodStopped?.();
  };
  const stopPod = async (stopping: PodSerialLink): Promise<void> => {
    let reply: ReplyMessage | undefined;
    let sent = 0;
    while (sent < STOP_TRIES && reply === undefined && stopping.isOpen && (sent === 0 || !hurried)) {
      sent++;
      hostStopSent = true;
      const stopped = stopping.sendCommand('stopRecording').catch(() => undefined);
      void stopped.then(stopAnswered);
      reply = await unlessHurried(STOP_ANSWER_NOT_AWAITED, () => stopped);
    }
    stopConfirmed = reply !== undefined && reply.status === REPLY_OK;
    if (!hurried && !stopConfirmed) {
      const times = sent === 1 ? 'once' : `${sent} times`;
      stopUnconfirmed = (reply !== undefined ? `the pod refused stopRecording (reply ${reply.status})`
        : stopping.isOpen ? `the pod did not answer stopRecording (sent ${times})`
          : sent === 0 ? 'the link to the pod closed before stopRecording could be sent'
            : `the link to the pod closed before it answered stopRecording (sent ${times})`) +
        ', so it may still be recording (its button or the next record stops it)';
      writer?.addLinkEvent('stopUnconfirmed', Date.now() - startMs, { reason: stopUnconfirmed });
    }
  };
  try {
    const ask = (command: string, args: CommandArgs = {}) => link.sendCommand(command, args);
    /**
     * A set-up command's reply, the command sent again while no answer comes (a frame lost on the
     * line either way; each set-up command leaves the pod the same when it is taken twice)
     */
    const askUntilAnswered = async (command: string, args: CommandArgs | (() => CommandArgs)): Promise<ReplyMessage> => {
      for (let tries = 1; ; tries++) {
        try {
          // args as of each send: setClock's wall clock must be the time it goes out
          return await ask(command, typeof args === 'function' ? args() : args);
        } catch (e) {
          if (!(e instanceof PodLinkError) || !link.isOpen || stopAsked || tries >= SET_UP_TRIES) throw e;
        }
      }
    };
    /**
     * A set-up command's reply; undefined once a stop was asked. The command is then not sent, or,
     * sent already, its answer is waited for (unless in a hurry), and the set-up goes no further:
     * nothing has been recorded, so there is nothing to keep, and the pod is left as it is
     */
    const setUpAsk = async (command: string, args: CommandArgs | (() => CommandArgs) = {}): Promise<ReplyMessage | undefined> => {
      if (stopAsked) return undefined;
      if (command !== 'getStatus' && command !== 'setClock') sentBeforeCut.push(command);
      const work = askUntilAnswered(command, args);
      const outcome = await Promise.race([work.then((reply) => ({ reply })), options.stopRequested.then(() => undefined)]);
      if (outcome !== undefined) return outcome.reply;
      showStopping(`stopping before ${options.outDir !== undefined ? 'the recording started' : 'streaming'}: ` +
        `waiting for the pod's answer to ${command} (Ctrl-C again not to wait)`);
      await unlessHurried(`its answer to ${command}`, () => work.catch(() => undefined));
      return undefined;
    };
    /** the session's set-up: false when a stop asked meanwhile cut it short (`setUpCut` says where) */
    const setUp = async (): Promise<boolean> => {
      const cutBeforeStart = (): false => {
        setUpCut = 'before start';
        return false;
      };
      if (await setUpAsk('getStatus') === undefined) return cutBeforeStart();
      // the pod logs it, so windows it logs while nobody listens can be dated (an older pod refuses it)
      const clockSet = await setUpAsk('setClock', () => setClockArgs(Date.now()));
      if (clockSet === undefined) return cutBeforeStart();
      // its answer names its board (firmware 0.16 on): before anything is changed on the pod
      board = sessionBoard(options.board, clockSet.status === REPLY_OK ? clockSet.detail : 0);
      if (status === undefined) await Promise.race([sleep(100), options.stopRequested]);
      if (stopAsked) return cutBeforeStart();
      if (options.outDir === undefined) return true;
      // What came before the answer is the pod's earlier recording (it starts one by itself at
      // boot, streaming raw samples if a host left that on). It is deliberately not part of this
      // recording, which starts at sample 0 of the pod's detector started below: replay can give
      // the pod's own events only from its detector's first sample, and the earlier one began
      // before this host was there to see it.
      if (await setUpAsk('stopRecording') === undefined) return cutBeforeStart();
      let reply = await setUpAsk('setRawStream', { enabled: rawStreamMode });
      if (reply === undefined) return cutBeforeStart();
      if (reply.status !== REPLY_OK) throw new UserError(`the pod refused to switch the raw stream (reply ${reply.status})`);
      if (options.rateHz !== undefined) {
        reply = await setUpAsk('setRate', { rateHz: options.rateHz });
        if (reply === undefined) return cutBeforeStart();
        if (reply.status !== REPLY_OK) throw new UserError(`the pod refused the rate ${options.rateHz} Hz (reply ${reply.status})`);
      }
      if (options.speedMms !== undefined) {
        reply = await setUpAsk('setSpeed', { speedMms: options.speedMms });
        if (reply === undefined) return cutBeforeStart();
        if (reply.status !== REPLY_OK) throw new UserError(`the pod refused the running speed ${options.speedMms / 1000} m/s (reply ${reply.status})`);
      }
      if (stopAsked) return cutBeforeStart();
      starting = [];
      counting = true;
      // the pod's earlier recording is not this one
      lastRecordingMs = undefined;
      view.recordingStarts();
      summariesBeforeStart = summariesOfLiveBoot;
      bootAtStart = liveBoot;
      podBootOfRecording.clear();
      podBootOfRecording.set(0, sequenceTracker.podBoot);
      liveRecordings = new LiveRecordings();
      // From startRecording on the pod may be recording: a stop now is a stop of the recording,
      // which keeps what the pod sends (the files are opened first) and stops it; only a hurry
      // gives up before the files are open, and still tells the pod to stop
      options.onStage?.('starting');
      void options.stopRequested.then(() => {
        if (writer === undefined && !hurried && !finished) {
          showStopping('stopping: the pod is starting to record; waiting for it, to keep what it sends and stop it (Ctrl-C again not to wait)');
        }
      });
      const cutWhileStarting = (): false => {
        setUpCut = 'while starting';
        void link.sendCommand('stopRecording').catch(() => undefined);
        notAwaited.push(STOP_ANSWER_NOT_AWAITED);
        return false;
      };
      startSent = true;
      reply = await unlessHurried('its answer to startRecording', () => ask('startRecording'));
      if (reply === undefined) return cutWhileStarting();
      if (reply.status !== REPLY_OK) throw new UserError(startRefusal(reply.status, reply.detail, rawStreamMode === 2));
      // A status of the running session: its rate (a firmware before 0.18 reports none while
      // idle, and the rate it keeps may not be the board's default) and where the log stood (the
      // log holds earlier sessions too: this one's summaries start after it).
      // the rate is the raw samples' clock: asked of the recording pod rather than guessed
      const statusOfRecording = () => unlessHurried('its status, with the rate it records at', () => link.requestStatus());
      let running = await statusOfRecording();
      for (let tries = 1; tries < STATUS_TRIES && running === undefined && !hurried; tries++) running = await statusOfRecording();
      if (hurried) return cutWhileStarting();
      if (running === undefined || !(running.rateHz > 0)) throw new UserError('the pod started recording but did not say at which rate; try again');
      const rateHz = running.rateHz;
      recordingRateHz = rateHz;
      logFromOffset = running.storageUsedBytes;
      fs.mkdirSync(options.outDir, { recursive: true });
      writer = new PodRecordingWriter(options.outDir, {
        ...podRecordingMetaStart(board, rateHz, startMs, counters),
        speedMms: running.speedMms,
        firmwareVersion: podRecordingMetaFromStatus(running, podRecordingCountersZero()).firmwareVersion ?? '',
      });
      options.onStage?.('writing');
      const opened = writer;
      options.onFilesOpen?.(() => opened.writeMetaForQuit({
        ...podRecordingMetaFromStatus(status, counters), endTime: new Date().toISOString(), counters, endedBy: endedBy !== '' ? endedBy : 'interrupt',
      }));
      if (options.rawOnly) {
        detectorSetup = {
          scale: board.scale, axisMap: board.axisMap, rateHz,
          speedMms: running.speedMms,
        };
        detector = newDetector();
      }
      const waited = starting;
      starting = undefined;
      // the raw batches that came while the rate was asked for: the detector starts at the first
      for (const item of waited) if ('message' in item && item.message.type === 'rawBatch') detectHere(item.message);
      for (const item of [...linkErrorsBeforeStart, ...waited]) writeHeld(item);
      return true;
    };
    if (!(await setUp())) {
      endedBy = 'interrupt';
    } else {
      showState(options.outDir !== undefined ? 'recording' : 'streaming');

      const duration = options.durationS > 0 ? durationElapsed(options.durationS * 1000) : new Promise<never>(() => undefined);
      const interrupted = options.stopRequested.then(() => 'interrupt' as const);
      // a recording that cannot be written (a full disk) ends there, and the pod is stopped as at
      // any other end, so that it does not record on into its log for nobody
      const writeFailed = writer === undefined ? new Promise<never>(() => undefined) : writer.whenFailed().then(() => 'writeFailed' as const);
      lastHeardMs = Date.now();
      watchingSilence = true;
      for (;;) {
        const ended = await Promise.race([duration, interrupted, link.whenClosed().then(() => 'closed' as const), writeFailed]);
        if (ended === 'writeFailed') {
          endedBy = 'error';
          showStopping(`stopping: the recording cannot be written (${writer?.failure?.message}); telling the pod to stop`);
          break;
        }
        if (ended !== 'closed') {
          endedBy = ended;
          break;
        }
        // the pod went away: wait for it, record the gap, fetch what it logged meanwhile
        counters.disconnects++;
        live.disconnects++;
        showState('pod gone: waiting for it');
        writer?.addLinkEvent('disconnect', Date.now() - startMs);
        let reopenProblem: string | undefined;
        const back = await reopenPort(options, sequenceTracker, duration, interrupted, (reason) => {
          // another program holding the port is the user's to end: the view says which problem it is
          reopenProblem = reason.replace(`cannot open serial port ${options.portPath}: `, '');
          showState(`pod back but its port does not open yet: ${reopenProblem}`);
          writer?.addLinkEvent('reopenFailed', Date.now() - startMs, { reason });
        });
        if (typeof back === 'string') {
          endedBy = back === 'gave up' ? 'disconnect' : back;
          if (back === 'gave up' && fs.existsSync(options.portPath)) portNotOpened = reopenProblem;
          // the session ends with the pod still away (it did not come back, or the duration or a
          // Ctrl-C came first): that time is a gap too
          writer?.noteGoneUntil(Date.now() - startMs);
          break;
        }
        link = back;
        lastHeardMs = Date.now();
        attach(link);
        writer?.addLinkEvent('reconnect', Date.now() - startMs);
        writer?.noteDisconnect();
        showState(options.outDir !== undefined ? 'recording' : 'streaming');
        // it may have restarted while away: its new boot needs the clock too (after the gap is
        // noted, so what arrives meanwhile is placed after the disconnect)
        const returned = link;
        await unlessHurried('its answer to setClock', () => returned.sendCommand('setClock', setClockArgs(Date.now())).catch(() => undefined));
        if (recordAgainOnReturn) {
          recordAgainOnReturn = false;
          void recordAgain();
        }
        view.readBegins();
        await unlessHurried('the summaries it logged while away, from its log', () =>
          fetchLoggedSummaries(returned, onMessage, logFromOffset, (gap, receivedMs) => writer?.addLinkEvent('logGap', receivedMs - startMs, { ...gap }), (podBoot, summary) => liveRecordings.numberOf(podBoot, summary)));
      }
      ending = true;
      // a pod silent to the end: the time since it was last heard is a gap, as for one gone
      if (silentSinceMs !== undefined) silentUntilMs = Date.now() - startMs;
      // the session ended by itself (its duration, the pod gone): a first Ctrl-C from now is the
      // hurry, and the next one quits, as after a Ctrl-C that stopped it
      const stoppedByUser = stopAsked;
      if (!stoppedByUser) {
        if (options.endedByItself !== undefined) options.endedByItself();
        else void options.stopRequested.then(hurryNow);
      }
      if (link.isOpen) {
        const stopping = link;
        if (!hurried) showStopping(`stopping: waiting for the pod's last messages (Ctrl-C${stoppedByUser ? ' again' : ''} not to wait)`);
        // status first: once stopped, the pod no longer reports its calibration. The status message
        // itself is waited for, not only the reply before it: one that says the pod's button
        // stopped it must be seen before the host's own stop (podStoppedCheck)
        await unlessHurried('its last status', () => stopping.requestStatus().catch(() => undefined));
        if (options.outDir !== undefined) await stopPod(stopping);
        await unlessHurried(LAST_MESSAGES_NOT_AWAITED, () => sleep(DRAIN_MS));
        // a recording that can no longer be written has no use for what the log holds: the pod keeps it
        if (options.outDir !== undefined && link.isOpen && writer?.failure === undefined) {
          // the pod's own count of the session's windows (since the boot it runs, which starts
          // recording again by itself) shows a summary that never arrived, the last one (sent at the
          // stop) included; summaries lost on the line are in its log
          const kept = status;
          const windowsMade = (await unlessHurried('the check for summaries lost on the line', () =>
            stopping.requestStatus().catch(() => undefined)))?.windows ?? 0;
          status = kept;
          if (!hurried && (summaryMissed || windowsMade > summariesOfLiveBoot - (liveBoot === bootAtStart ? summariesBeforeStart : 0))) {
            view.state = 'reading back missed summaries from the pod\'s log';
            view.readBegins();
            await unlessHurried('the summaries lost on the line, from its log', () =>
              fetchLoggedSummaries(stopping, onMessage, logFromOffset, (gap, receivedMs) => writer?.addLinkEvent('logGap', receivedMs - startMs, { ...gap }), (podBoot, summary) => liveRecordings.numberOf(podBoot, summary)));
          }
        }
      } else if (options.outDir !== undefined) {
        // away at the end (gone for good, or the session ended while it was waited for): no stop
        // reached it, so it records on into its log until its battery is flat
        stopUnconfirmed = 'the pod was away when the session ended, so it was not told to stop recording and may still be recording (its button or the next record stops it)';
        writer?.addLinkEvent('stopUnconfirmed', Date.now() - startMs, { reason: stopUnconfirmed });
      }
    }
  } catch (e) {
    failure = e as Error;
    ending = true;
    // a session that fails once the pod may be recording (its files cannot be made, its rate
    // never came) still stops it, as a hurried set-up does
    if (startSent && setUpCut === undefined && link.isOpen) await stopPod(link);
  } finally {
    clearInterval(renderTimer);
    if (link.isOpen) await link.close();
    // what was given up settles once the link is closed; the files are not closed before
    await Promise.all(givenUp);
    finished = true;
    view.render(Date.now(), liveCounters(), true);
  }
  // The pod's answer to the stop came after all, before the link closed (a hurry gave up waiting
  // for it): the stop is not unawaited, nor is the summary the pod sends before that answer
  if (stopAnswer !== undefined) {
    for (const arrived of [STOP_ANSWER_NOT_AWAITED, LAST_MESSAGES_NOT_AWAITED]) {
      const at = notAwaited.indexOf(arrived);
      if (at >= 0) notAwaited.splice(at, 1);
    }
    stopConfirmed = stopAnswer.status === REPLY_OK;
    if (!stopConfirmed && stopUnconfirmed === undefined) {
      stopUnconfirmed = `the pod refused stopRecording (reply ${stopAnswer.status}), so it may still be recording (its button or the next record stops it)`;
      writer?.addLinkEvent('stopUnconfirmed', Date.now() - startMs, { reason: stopUnconfirmed });
    }
  }
  // whatever ended the session, what was received is kept and the files are closed
  releaseHeldForRate(undefined);
  if (notAwaited.length > 0) writer?.addLinkEvent('stopNotAwaited', Date.now() - startMs, { notAwaited });
  if (failure !== undefined) writer?.addLinkEvent('sessionError', Date.now() - startMs, { reason: failure.message });
  // nothing came from it even while it was told to stop: the samples it would have sent are missing
  if (silentUntilMs !== undefined && silentSinceMs !== undefined) writer?.noteGoneUntil(silentUntilMs);
  let meta: PodRecordingMeta | undefined;
  try {
    meta = writer === undefined ? undefined : await writer.close({
      ...podRecordingMetaFromStatus(status, counters),
      endTime: new Date().toISOString(), counters, complete: failure === undefined, endedBy: failure === undefined ? endedBy : 'error',
      ...(failure !== undefined ? { failure: failure.message } : {}),
    });
  } catch (e) {
    if (!(e instanceof PodRecordingWriteError)) throw e;
    // the recording's fault is the one to tell: any other failure came after it, or of it
    throw new UserError(`${e.message}; ${podAfterWriteFault(startSent, stopConfirmed, hurried, stopUnconfirmed)}`);
  }
  if (failure instanceof PodLinkError && counters.framesReceived === 0) throw new UserError(`${failure.message}; ${notAPodHint(options.portPath)}`);
  if (failure !== undefined) throw failure;
  const silentAtEndS = silentUntilMs !== undefined && silentSinceMs !== undefined ? Math.round((silentUntilMs - (silentSinceMs - startMs)) / 1000) : undefined;
  return { meta, steps, summaries, endedBy, notAwaited, setUpCut, sentBeforeCut: setUpCut !== undefined ? sentBeforeCut : [], stopUnconfirmed, silentAtEndS, portNotOpened,
    ...(podStoppedAtMs !== undefined && writer !== undefined ? { podStoppedAtS: Math.round(podStoppedAtMs / 1000) } : {}) };
}

/** what became of the pod when its recording could not be written, in the user's words */
function podAfterWriteFault(startSent: boolean, stopConfirmed: boolean, hurried: boolean, stopUnconfirmed: string | undefined): string {
  if (!startSent) return 'the pod was not told to start';
  // the pod logs its window summaries whether a host listens or not
  const log = 'its flash log keeps the window summaries of the session (lumbarpod log reads them)';
  if (stopConfirmed) return `the pod was told to stop recording and did; ${log}`;
  if (stopUnconfirmed !== undefined) return `${stopUnconfirmed}; ${log}`;
  if (hurried) return `the pod was told to stop recording without waiting for its answer, so it may still be recording; ${log}`;
  return `the pod may still be recording; ${log}`;
}

/** sends of a set-up command that gets no answer before the session fails */
const SET_UP_TRIES = 3;

/** stopRecording sends at the end of a session before it says the pod may still be recording */
const STOP_TRIES = 3;

/** status requests after startRecording before the session gives up on learning the pod's rate */
const STATUS_TRIES = 3;

/** setTimeout's longest delay: a longer one fires at once */
const TIMER_MAX_MS = 0x7fffffff;

/**
 * Resolves once `ms` have passed, however long. Its timers keep no process alive: once the
 * session ends another way (Ctrl-C, the pod gone), the command exits rather than waiting them out.
 */
async function durationElapsed(ms: number): Promise<'duration'> {
  for (let left = ms; left > 0; left -= TIMER_MAX_MS) await sleep(Math.min(left, TIMER_MAX_MS), undefined, { ref: false });
  return 'duration';
}

/**
 * Polls until the port is back and opens, the session should end, or the wait runs out. A port
 * that is there but does not open yet (a fresh /dev/ttyACM0 before udev has set it up, or held by
 * a modem manager) is tried again on the next poll; each new reason is passed to `openFailed`.
 */
async function reopenPort(
  options: PodSessionOptions, sequenceTracker: SequenceTracker, duration: Promise<'duration'>, interrupted: Promise<'interrupt'>,
  openFailed: (reason: string) => void,
): Promise<PodSerialLink | 'duration' | 'interrupt' | 'gave up'> {
  const deadline = Date.now() + options.reconnectWaitS * 1000;
  let ended: 'duration' | 'interrupt' | undefined;
  void duration.then((why) => { ended = why; });
  void interrupted.then((why) => { ended = why; });
  let lastReason = '';
  while (Date.now() < deadline) {
    await sleep(RECONNECT_POLL_MS);
    if (ended !== undefined) return ended;
    if (!fs.existsSync(options.portPath)) continue;
    try {
      return await openPodSerialLink(options.portPath, { sequenceTracker });
    } catch (e) {
      const reason = (e as Error).message;
      if (reason !== lastReason) openFailed(reason);
      lastReason = reason;
    }
  }
  return 'gave up';
}
