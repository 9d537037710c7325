// One dashboard session: every notification the pod sent, decoded (LumbarPod messages by the
// shared protocol decoder, RSC Measurement and battery level by their SIG layouts), the latest
// value of each metric for the live view, and the record for download (NDJSON of everything,
// CSV of steps). Lost messages are counted per type from the header's seq (u16, wrapping) by
// record's own check (host-tools/protocol/sequenceTracker.ts), less the window summaries read back
// from the pod's log. No DOM here.
import { DecodeFailure, Message, MessageByName, decodeMessage } from '../../firmware/protocol/codec';
import { STEP_SPEC } from '../../firmware/protocol/messageTypes';
import { KIND_RUNNING, SIDE_LEFT, SIDE_RIGHT } from '../../firmware/core/stepRecord';
import { COMMAND_READ_LOG, REPLY_OK, REPLY_OUT_OF_RANGE, STATUS_RECORDING } from '../../firmware/protocol/messageIds';
import { LoggedAfterRestart, summaryMessageKey } from '../protocol/logEntries';
import { formOfCard, NewestWindow } from '../protocol/newestWindow';
import { summaryOfNewRecording, SummaryTimes } from '../protocol/summaryOfNewRecording';
import { bootIdOf, isStatusReply } from '../protocol/podBootId';
import { SequenceGap, SequenceRestart, SequenceTracker } from '../protocol/sequenceTracker';
import { LogReader, LogReadStep, LogRequest } from '../protocol/logReader';
import { PodLogRead } from './podLogRead';
import { RscMeasurement, rscMeasurementDecode } from './rscMeasurement';

/** where a notification came from: the characteristic it arrived on */
export type NotificationSource = 'rsc' | 'step' | 'summary' | 'reply' | 'battery';

export type StepMessage = MessageByName<'step'>;
export type SummaryMessage = MessageByName<'summary'>;
export type SummaryFormMessage = MessageByName<'summaryForm'>;
export type StatusMessage = MessageByName<'status'>;
export type ErrorMessage = MessageByName<'error'>;
export type ReplyMessage = MessageByName<'reply'>;

export interface BatteryLevel {
  type: 'batteryLevel';
  batteryPct: number;
}

/** a notification whose bytes did not decode (RSC or battery too short, or a DecodeFailure) */
export interface UndecodedNotification {
  type: 'undecoded';
  source: NotificationSource;
  reason: string;
  bytesHex: string;
}

/** messages of one type lost on the link, from the seq: expectedSeq (the one that should have come) up to seq */
export interface SequenceGapLine {
  type: 'sequenceGap';
  messageType: string;
  expectedSeq: number;
  seq: number;
  missing: number;
  /**
   * of them, the window summaries (or their forms) read back from the pod's log, before the gap
   * showed or since: not lost after all; absent when none
   */
  recovered?: number;
}

/**
 * the pod restarted: its clock went back (each boot counts from 0), or after the link was down it
 * gave another boot id; every seq starts again
 */
export interface RestartLine {
  type: 'restart';
  messageType: string;
  lastDeviceTimeMs: number;
  deviceTimeMs: number;
  /** the new boot's id, when that is what showed the restart */
  bootId?: number;
  /**
   * not a new boot: the pod started a new recording in the same one (its button, or a host),
   * shown by its step number or its window going back; its clock and seqs run on
   */
  recordingRestarted?: true;
}

export interface LinkLine {
  type: 'link';
  state: string;
  detail: string;
}

/**
 * The log read back after a reconnect has a hole: the summaries from fromOffset are not here, up
 * to resumedAtOffset where reading went on (absent: the rest could not be read)
 */
export interface LogGapLine {
  type: 'logGap';
  fromOffset: number;
  resumedAtOffset?: number;
}

/** the page connected to another pod than the one before (its name, as it advertises) */
export interface PodLine {
  type: 'pod';
  name: string;
}

/** no logChunk for this long while the log is read back: the rest is asked for again */
export const LOG_CHUNK_STALL_MS = 2000;

export type Received = Message | RscMeasurement | BatteryLevel | UndecodedNotification;

/** one NDJSON line: when the host got it (ms since the epoch), on which characteristic, what */
export type SessionLine = { hostTimeMs: number; source: NotificationSource | 'host' } & (Received | SequenceGapLine | RestartLine | LinkLine | LogGapLine | PodLine | DecodeFailure);

/** a line holding a LumbarPod message as it came live (seq and pod time checked), not the host's, RSC's or one read back from the log */
function isLiveMessageLine(line: SessionLine): line is SessionLine & Message {
  return line.source !== 'host' && typeof (line as { seq?: unknown }).seq === 'number' && typeof (line as { deviceTimeMs?: unknown }).deviceTimeMs === 'number' &&
    (line as { fromLog?: unknown }).fromLog !== true;
}

function hex(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += (bytes[i] < 16 ? '0' : '') + bytes[i].toString(16);
  return s;
}

export class LiveSession {
  /** everything, in arrival order: the NDJSON download */
  readonly lines: SessionLine[] = [];
  /** step messages in arrival order: the CSV download and the plots */
  readonly steps: StepMessage[] = [];
  lastRsc: RscMeasurement | undefined;
  lastStep: StepMessage | undefined;
  /** pelvic drop of the last left and right running stance, cdeg (walking steps have none) */
  lastLeftDropCdeg: number | undefined;
  lastRightDropCdeg: number | undefined;
  summary: SummaryMessage | undefined;
  /** the second half of `summary` (same index), once it has come */
  summaryForm: SummaryFormMessage | undefined;
  status: StatusMessage | undefined;
  /** when the last status arrived, on the host's clock (ms since the epoch) */
  statusHostTimeMs: number | undefined;
  lastError: ErrorMessage | undefined;
  lastReply: ReplyMessage | undefined;
  batteryPct: number | undefined;
  undecoded = 0;
  /** messages lost, by message type, from seq gaps, less those read back from the pod's log */
  readonly missing: { [messageType: string]: number } = {};
  /** restarts of the pod seen (restart lines in `lines`) */
  restarts = 0;
  /** recordings the pod started anew within a boot (restart lines with recordingRestarted) */
  newRecordings = 0;
  /** the step number and window of the recording live messages come from, to see a new one begin */
  private recordingLastStepIndex = 0;
  private recordingLastSummary: SummaryTimes | undefined;
  /** `restarts` when those were last cleared: a restart of the pod begins a new recording too */
  private restartsAtRecordingCheck = 0;
  /** summaries the pod made while the link was down, read back from its log */
  recoveredFromLog = 0;
  /** where this session's entries start in the pod's log (from its first status while recording) */
  logFromOffset: number | undefined;
  /** the seq check of the pod on the link (record's): gaps, repeats, restarts, its boot id */
  private tracker = new SequenceTracker();
  /** the first line of the pod on the link (after the last pod line): its seqs are checked from there */
  private podLinesFrom = 0;
  /** the line of each gap the tracker reported, to say there what the log gave back since */
  private gapLines = new WeakMap<SequenceGap, SequenceGapLine>();
  /** the pod boot (the tracker's podBoot) each summary or summaryForm read back from the log was made in */
  private readonly readBackPodBoot = new WeakMap<SessionLine, number>();
  /** the status line logFromOffset was taken from, and the pod boot it came in: where the log's read begins */
  private logFromLine: SessionLine | undefined;
  private logFromPodBoot = 0;
  /** the pod boot of the log's read at its last summary, and that summary's pod time (-1: none yet) */
  private readPodBoot = 0;
  private readLastTimeMs = -1;
  /**
   * the first line after the link last went down, until the pod says its boot (else -1): what
   * came since may be a new boot's whose clock and seqs went on past the old one's
   */
  private linkDownLine = -1;
  /** summaries and summaryForms held, by seq and pod time: the log gives back the same messages */
  private readonly summariesSeen = new Set<string>();
  private readonly catchUp: LogReader;
  private lastLogChunkMs = 0;
  /** the whole log, read on request (readPodLog): it has the pod's one read while it lasts */
  podLog: PodLogRead | undefined;
  /** a catch-up was due while the whole log was being read: it follows that read */
  private catchUpAfterPodLog = false;
  /** whether a window read back from the log is newer than the card's */
  private readonly newest = new NewestWindow();

  /** `requestLog` sends a readLog command: the session reads the log back after a reconnect */
  constructor(requestLog: LogRequest = () => undefined) {
    this.catchUp = new LogReader(requestLog);
  }

  /** after a reconnect: reads back from the pod's log the summaries this session has not got */
  catchUpFromLog(hostTimeMs: number): void {
    if (this.logFromOffset === undefined) return;
    if (this.podLogReading) {
      this.catchUpAfterPodLog = true;
      return;
    }
    this.lastLogChunkMs = hostTimeMs;
    this.newest.readBegins();
    this.readBegins();
    this.catchUp.begin(this.logFromOffset);
  }

  /** a read of this session's entries in the log begins: at the boot its first status while recording came in */
  private readBegins(): void {
    this.readPodBoot = this.logFromPodBoot;
    this.readLastTimeMs = -1;
  }

  /**
   * The pod boot a summary or summaryForm read back (in log order) was made in: the boot the read
   * began in, and one more at each restart the log shows (a window's clock going back, or the
   * log's mark of a boot's first window past the read's first)
   */
  private readBootOf(m: Message): number {
    if (m.type !== 'summary') return this.readPodBoot;
    if (this.readLastTimeMs >= 0 && (m.deviceTimeMs < this.readLastTimeMs || (m as LoggedAfterRestart).podRestarted === true)) this.readPodBoot++;
    this.readLastTimeMs = m.deviceTimeMs;
    return this.readPodBoot;
  }

  /**
   * The page connected to another pod than the one before: its seqs, boot and log are its own, so
   * none of them is checked against the old pod's, and the old pod's log offset is not read on it;
   * the live values start empty (the record keeps the old pod's lines)
   */
  otherPod(name: string, hostTimeMs: number): void {
    this.lines.push({ hostTimeMs, source: 'host', type: 'pod', name });
    this.podLinesFrom = this.lines.length;
    this.tracker = new SequenceTracker();
    this.gapLines = new WeakMap();
    this.linkDownLine = -1;
    // its step numbers and windows are its own, not a new recording of the pod before
    this.restartsAtRecordingCheck = -1;
    this.logFromOffset = undefined;
    this.logFromLine = undefined;
    this.logFromPodBoot = 0;
    this.podLog = undefined;
    this.catchUpAfterPodLog = false;
    this.catchUp.stop();
    this.newest.forget();
    // the Pod line's counts are of the pod on the link: the old pod's losses are not this one's
    for (const type of Object.keys(this.missing)) delete this.missing[type];
    this.recoveredFromLog = 0;
    this.undecoded = 0;
    // the live values were the other runner's: none of them may stand for this pod's
    this.lastRsc = undefined;
    this.lastStep = undefined;
    this.lastLeftDropCdeg = undefined;
    this.lastRightDropCdeg = undefined;
    this.summary = undefined;
    this.summaryForm = undefined;
    this.status = undefined;
    this.statusHostTimeMs = undefined;
    this.lastError = undefined;
    this.lastReply = undefined;
    this.batteryPct = undefined;
  }

  /** reads the pod's whole log (runs made with the pod alone) into podLog, apart from this session's record */
  readPodLog(hostTimeMs: number): void {
    // a catch-up in flight gives way, and runs again after
    if (this.catchUp.running) this.catchUpAfterPodLog = true;
    this.podLog = new PodLogRead();
    // the pod's full flag stays on until its log is cleared (or it restarts): the last status says it of the log read
    if (this.status !== undefined) this.podLog.podStatus(this.status);
    this.lastLogChunkMs = hostTimeMs;
    this.catchUp.begin(0);
  }

  /**
   * the pod erased its log: this session's entries, if it logs on, start at its beginning. What
   * was read stays, with what it says (a full log cut its last session short), for its download and reports
   */
  podLogCleared(): void {
    if (this.podLog !== undefined) this.podLog.cleared = true;
    if (this.logFromOffset !== undefined) this.logFromOffset = 0;
  }

  get podLogReading(): boolean {
    return this.podLog !== undefined && this.podLog.state === 'reading';
  }

  /** called now and then: a log read that went quiet is asked for again */
  tick(hostTimeMs: number): void {
    if (this.catchUp.running && hostTimeMs - this.lastLogChunkMs >= LOG_CHUNK_STALL_MS) {
      this.lastLogChunkMs = hostTimeMs;
      this.fromLog(this.catchUp.stalled(), hostTimeMs);
    }
  }

  /** decodes one notification's bytes, updates the live values and records it */
  receive(source: NotificationSource, bytes: Uint8Array, hostTimeMs: number): Received {
    const received = this.decode(source, bytes);
    if (isStatusReply(received)) this.bootSaid(received as ReplyMessage, hostTimeMs);
    if (received.type === 'undecoded') this.undecoded++;
    else if (received.type !== 'rscMeasurement' && received.type !== 'batteryLevel') {
      const missed = this.checkSeq(received, hostTimeMs);
      // a repeat (the same seq again, or an older one) tells nothing new
      if (missed >= 0) this.checkRecording(received, hostTimeMs);
      // a summary the BLE stack dropped while connected is in the pod's log too
      if (missed > 0 && (received.type === 'summary' || received.type === 'summaryForm') && (this.podLogReading || !this.catchUp.running)) this.catchUpFromLog(hostTimeMs);
    }
    const line = { hostTimeMs, source, ...received } as SessionLine;
    this.lines.push(line);
    if (received.type === 'summary' || received.type === 'summaryForm') this.summariesSeen.add(summaryMessageKey(received));
    if (received.type === 'status' && this.logFromOffset === undefined && (received.flags & STATUS_RECORDING) !== 0) {
      this.logFromOffset = received.storageUsedBytes;
      this.logFromLine = line;
      this.logFromPodBoot = this.tracker.podBoot;
    }
    if (received.type === 'logChunk') {
      this.lastLogChunkMs = hostTimeMs;
      this.fromLog(this.catchUp.chunk(received), hostTimeMs);
    }
    if (received.type === 'reply' && received.commandId === COMMAND_READ_LOG) this.onReadLogReply(received, hostTimeMs);
    if (this.catchUp.clearedSeen) {
      // another host cleared the log since this session's entries began: they begin at its start now
      this.catchUp.clearedSeen = false;
      if (!this.podLogReading && this.logFromOffset !== undefined) this.logFromOffset = 0;
    }
    this.apply(received, hostTimeMs);
    return received;
  }

  /** the pod's answer to a readLog: its log's length, or that its log is shorter than asked (cleared since) */
  private onReadLogReply(r: MessageByName<'reply'>, hostTimeMs: number): void {
    if (!this.catchUp.running) return;
    if (r.status === REPLY_OK) this.catchUp.logLengthIs(r.detail);
    else if (r.status === REPLY_OUT_OF_RANGE && !this.podLogReading && this.logFromOffset !== undefined) {
      // this session's entries, if the pod logged any since, begin at the start of what is left
      this.logFromOffset = 0;
      this.lastLogChunkMs = hostTimeMs;
      this.newest.readBegins();
      this.readBegins();
      this.catchUp.begin(0);
    }
  }

  /** log entries not received live go into the record, marked fromLog; a hole that never filled is a logGap line */
  private fromLog(step: LogReadStep, hostTimeMs: number): void {
    if (this.podLog !== undefined && this.podLog.state === 'reading') {
      this.podLog.take(step, this.catchUp.nextOffset);
      if (!this.podLogReading && this.catchUpAfterPodLog) {
        this.catchUpAfterPodLog = false;
        this.catchUpFromLog(hostTimeMs);
      }
      return;
    }
    for (const m of step.messages) {
      const podBoot = this.readBootOf(m);
      const key = summaryMessageKey(m);
      this.showIfNewest(m, key);
      if (this.summariesSeen.has(key)) continue;
      this.summariesSeen.add(key);
      if (m.type === 'summary') this.recoveredFromLog++;
      const line = { hostTimeMs, source: 'reply', ...m, fromLog: true } as unknown as SessionLine;
      this.lines.push(line);
      if (m.type === 'summary' || m.type === 'summaryForm') {
        this.readBackPodBoot.set(line, podBoot);
        this.recovered(m, podBoot);
      }
    }
    for (const gap of step.gaps) this.lines.push({ hostTimeMs, source: 'host', type: 'logGap', ...gap });
    if (step.ended === 'gaveUp') this.lines.push({ hostTimeMs, source: 'host', type: 'logGap', fromOffset: this.catchUp.nextOffset });
  }

  /** a window read back that is newer than the card's goes on the card, with its second half */
  private showIfNewest(m: Message, key: string): void {
    if (m.type === 'summary' && this.newest.readSummary(m, key, this.summary, this.restarts)) {
      this.summary = m;
      this.summaryForm = undefined;
    } else if (formOfCard(m, this.summary)) this.summaryForm = m as SummaryFormMessage;
  }

  /** a connection state change, kept in the NDJSON so a gap in the data has its reason beside it */
  link(state: string, detail: string, hostTimeMs: number): void {
    // what comes after the link was down may be a new boot's: its boot id (the host asks on
    // connecting) or its clock going back tells. Only the last connection is taken: one whose boot
    // was never said is left to the clock
    if (state !== 'connected') this.linkDownLine = this.lines.length;
    this.lines.push({ hostTimeMs, source: 'host', type: 'link', state, detail });
  }

  /**
   * The pod said which boot it runs. Another boot than before, with no restart seen since: the
   * pod restarted while the link was down.
   */
  private bootSaid(reply: ReplyMessage, hostTimeMs: number): void {
    const from = this.linkDownLine;
    this.linkDownLine = -1;
    if (this.tracker.isNewBoot(reply)) this.restartFrom(from >= 0 ? from : this.lines.length, reply, hostTimeMs, bootIdOf(reply));
  }

  /**
   * The pod restarted while the link was down, which `current` (not yet in the lines) shows: the
   * restart goes just before the first of its live messages since line `from`, the gaps counted
   * there against the old boot's seqs are taken back, and those messages are checked again from
   * the restart on.
   */
  private restartFrom(from: number, current: Message, hostTimeMs: number, bootId = 0): void {
    const since = this.lines.splice(from);
    // the messages checked again below begin the new boot's recording
    this.restartsAtRecordingCheck = -1;
    const kept = since.filter((line) => {
      if (line.type === 'restart') {
        // the one restart is placed again below; a new recording seen since was that boot's start
        if (line.recordingRestarted === true) this.newRecordings--;
        else this.restarts--;
        return false;
      }
      return line.type !== 'sequenceGap';
    });
    // the check as it stood when the link went down
    this.recheck();
    let i = 0;
    while (i < kept.length && !isLiveMessageLine(kept[i])) this.again(kept[i++]);
    const first = i < kept.length ? kept[i] as SessionLine & Message : { ...current, hostTimeMs };
    this.pushRestart(this.tracker.newBootBefore(first, bootId), first.hostTimeMs);
    for (; i < kept.length; i++) this.again(kept[i]);
  }

  /** a line taken up again after a restart was placed before it: its seq checked anew, or what it read back from the log */
  private again(line: SessionLine): void {
    if (isLiveMessageLine(line)) this.checkSeq(line, line.hostTimeMs);
    this.lines.push(line);
    this.noteLine(line);
  }

  /** what a line of the log's read-back or the session's log start tells the check (once it is in the lines) */
  private noteLine(line: SessionLine): void {
    const podBoot = this.readBackPodBoot.get(line);
    if (podBoot !== undefined) this.recovered(line as SessionLine & Message, podBoot);
    if (line === this.logFromLine) this.logFromPodBoot = this.tracker.podBoot;
  }

  /**
   * The seq check and the counts of lost messages anew from the lines of the pod on the link:
   * each message checked and each summary read back taken off its gap in their order, at the
   * restarts the lines place (a restart found after the link came back goes before the new boot's
   * first message, where the check alone would count a gap). Each gap line says again what it says.
   */
  private recheck(): void {
    this.tracker = new SequenceTracker();
    this.gapLines = new WeakMap();
    for (const type of Object.keys(this.missing)) delete this.missing[type];
    let gapsBefore: SequenceGapLine[] = [];
    for (let j = this.podLinesFrom; j < this.lines.length; j++) {
      const line = this.lines[j];
      if (line.type === 'sequenceGap') gapsBefore.push(line);
      else if (line.type === 'restart' && line.recordingRestarted !== true) {
        let k = j + 1;
        while (k < this.lines.length && !isLiveMessageLine(this.lines[k])) k++;
        if (k < this.lines.length) this.tracker.newBootBefore(this.lines[k] as SessionLine & Message, line.bootId ?? 0);
      } else if (isLiveMessageLine(line)) {
        for (const report of this.tracker.check(line)) {
          const gapLine = report.type === 'sequenceGap' ? gapsBefore.find((g) => g.messageType === report.messageType) : undefined;
          if (report.type !== 'sequenceGap' || gapLine === undefined) continue;
          if (report.recovered !== undefined) gapLine.recovered = report.recovered;
          else delete gapLine.recovered;
          this.gapLines.set(report, gapLine);
          this.addMissing(report.messageType, report.missing - (report.recovered ?? 0));
        }
        gapsBefore = [];
        this.noteLine(line);
      } else this.noteLine(line);
    }
  }

  /** a summary or summaryForm read back from the log, made in pod boot `podBoot`: not missing, if a gap counted it */
  private recovered(m: Message, podBoot: number): void {
    const gap = this.tracker.recoveredGap(m, podBoot);
    if (gap === undefined) return;
    const line = this.gapLines.get(gap);
    if (line !== undefined) line.recovered = (line.recovered ?? 0) + 1;
    this.addMissing(gap.messageType, -1);
  }

  private addMissing(messageType: string, n: number): void {
    const total = (this.missing[messageType] ?? 0) + n;
    if (total > 0) this.missing[messageType] = total;
    else delete this.missing[messageType];
  }

  private pushRestart(r: SequenceRestart, hostTimeMs: number): void {
    this.restarts++;
    this.lines.push({
      hostTimeMs, source: 'host', type: 'restart', messageType: r.messageType, lastDeviceTimeMs: r.lastDeviceTimeMs, deviceTimeMs: r.deviceTimeMs,
      ...(r.bootId !== undefined ? { bootId: r.bootId } : {}),
    });
  }

  /** messages lost in all types together */
  get missingTotal(): number {
    let n = 0;
    for (const k in this.missing) n += this.missing[k];
    return n;
  }

  private decode(source: NotificationSource, bytes: Uint8Array): Received {
    if (source === 'rsc') {
      const m = rscMeasurementDecode(bytes);
      return m ?? { type: 'undecoded', source, reason: 'rscTooShort', bytesHex: hex(bytes) };
    }
    if (source === 'battery') {
      return bytes.length >= 1 ? { type: 'batteryLevel', batteryPct: bytes[0] } : { type: 'undecoded', source, reason: 'empty', bytesHex: '' };
    }
    const m = decodeMessage(bytes, 0, bytes.length);
    return m.type === 'decodeError' ? { type: 'undecoded', source, reason: m.reason, bytesHex: hex(bytes) } : m;
  }

  /**
   * Checks the seq of `m` (record's rules: gaps, repeats, the pod's clock going back, seqs that
   * moved on far while the host was away for hours), recording a gap or restart as a line before
   * it: the messages lost just before it and not read back from the log, or -1 for a repeat. A
   * restart the clock shows after the link came back goes before the first message since then.
   */
  private checkSeq(m: Message, hostTimeMs: number): number {
    let missed = 0;
    for (const report of this.tracker.check(m)) {
      if (report.type === 'duplicate') return -1;
      if (report.type === 'restart' && report.recordingRestarted !== true) {
        if (this.linkDownLine >= 0) {
          // since the link came back: what came before this may be the new boot's too
          const from = this.linkDownLine;
          this.linkDownLine = -1;
          this.restartFrom(from, m, hostTimeMs);
          return this.checkSeq(m, hostTimeMs);
        }
        this.pushRestart(report, hostTimeMs);
      } else if (report.type === 'sequenceGap') {
        const line: SessionLine & SequenceGapLine = { hostTimeMs, source: 'host', ...report };
        this.lines.push(line);
        this.gapLines.set(report, line);
        const lost = report.missing - (report.recovered ?? 0);
        this.addMissing(report.messageType, lost);
        missed += lost;
      }
    }
    return missed;
  }

  /**
   * A new recording of the pod within its boot: its step numbers start at 1 again, or its window
   * summary says so (summaryOfNewRecording, as record's link counts it), while its clock and seqs
   * run on. Only the first of the two signs marks it.
   */
  private checkRecording(m: Message, hostTimeMs: number): void {
    if (this.restarts !== this.restartsAtRecordingCheck) {
      this.restartsAtRecordingCheck = this.restarts;
      this.recordingLastStepIndex = 0;
      this.recordingLastSummary = undefined;
    }
    if (m.type === 'step') {
      const anew = this.recordingLastStepIndex > 0 && m.index <= this.recordingLastStepIndex;
      this.recordingLastStepIndex = m.index;
      if (!anew) return;
      this.recordingLastSummary = undefined;
      this.pushNewRecording(m, this.lastStep !== undefined ? this.lastStep.deviceTimeMs : m.deviceTimeMs, hostTimeMs);
    } else if (m.type === 'summary') {
      const last = this.recordingLastSummary;
      this.recordingLastSummary = m;
      if (last === undefined || !summaryOfNewRecording(last, m)) return;
      this.recordingLastStepIndex = 0;
      this.pushNewRecording(m, last.deviceTimeMs, hostTimeMs);
    }
  }

  private pushNewRecording(m: Message, lastDeviceTimeMs: number, hostTimeMs: number): void {
    this.newRecordings++;
    this.lines.push({ hostTimeMs, source: 'host', type: 'restart', messageType: m.type, lastDeviceTimeMs, deviceTimeMs: m.deviceTimeMs, recordingRestarted: true });
  }

  private apply(r: Received, hostTimeMs: number): void {
    switch (r.type) {
      case 'rscMeasurement':
        this.lastRsc = r;
        break;
      case 'batteryLevel':
        this.batteryPct = r.batteryPct;
        break;
      case 'step':
        this.steps.push(r);
        this.lastStep = r;
        // a walking step's drop is 0 for not measured, not a level pelvis: the last running stance stays
        if (r.kind === KIND_RUNNING && r.side === SIDE_LEFT) this.lastLeftDropCdeg = r.dropCdeg;
        else if (r.kind === KIND_RUNNING && r.side === SIDE_RIGHT) this.lastRightDropCdeg = r.dropCdeg;
        break;
      case 'summary':
        this.summary = r;
        this.newest.live(r, this.restarts);
        if (this.summaryForm && this.summaryForm.index !== r.index) this.summaryForm = undefined;
        break;
      case 'summaryForm':
        if (this.summary && this.summary.index === r.index) this.summaryForm = r;
        break;
      case 'status':
        this.status = r;
        if (this.podLog !== undefined) this.podLog.podStatus(r);
        this.statusHostTimeMs = hostTimeMs;
        this.batteryPct = r.batteryPct;
        break;
      case 'error':
        this.lastError = r;
        break;
      case 'reply':
        this.lastReply = r;
        break;
      default:
        break;
    }
  }
}

function jsonValue(_key: string, value: unknown): unknown {
  // typed-array tails (rawBatch samples, logChunk bytes) as plain arrays, not {"0": ...}
  return ArrayBuffer.isView(value) ? Array.prototype.slice.call(value) : value;
}

/** the session as NDJSON: one decoded message (or link event, or gap) per line */
export function sessionNdjson(session: LiveSession): string {
  let out = '';
  for (const line of session.lines) out += JSON.stringify(line, jsonValue) + '\n';
  return out;
}

/** the step columns: when received, header, then every field of the step message in table order */
export const STEP_CSV_COLUMNS: readonly string[] = ['hostTimeMs', 'seq', 'deviceTimeMs'].concat(STEP_SPEC.fields.map((f) => f.name));

/** the steps as CSV: one row per step message, values as on the wire (units in the column names) */
export function stepsCsv(session: LiveSession): string {
  let out = STEP_CSV_COLUMNS.join(',') + '\n';
  for (const line of session.lines) {
    if (line.type !== 'step') continue;
    const row = line as unknown as { [name: string]: unknown };
    out += STEP_CSV_COLUMNS.map((c) => String(row[c])).join(',') + '\n';
  }
  return out;
}
