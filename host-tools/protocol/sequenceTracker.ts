// Detects lost and repeated messages per message type from the header's seq (u16 per link and
// type, wrapping), pod restarts from its clock running backwards, its `restarted` error (the first
// message of every boot) or a new boot id (the detail of the reply to getStatus), a recording
// started anew from its samples' clock (or, with no raw samples, from its window summaries), and
// lost raw samples from rawBatch sample indices.
// SequenceTracker is the pure check, with no Node API: record's serial link and the dashboard's
// session both use it (SequenceCheck, in sequenceCheck.ts, puts its reports into an object stream).
import { Message } from '../../firmware/protocol/codec';
import { COMMAND_START_RECORDING, ERROR_RESTARTED, REPLY_OK, STATUS_RECORDING } from '../../firmware/protocol/messageIds';
import { bootIdOf } from './podBootId';
import { podClockWentBack } from './podClock';
import { messagesSkipped } from './sequenceSkip';
import { summaryOfNewRecording, SummaryTimes } from './summaryOfNewRecording';

export interface SequenceGap {
  type: 'sequenceGap';
  messageType: string;
  /** the seq that should have come */
  expectedSeq: number;
  seq: number;
  /** messages of this type lost in between */
  missing: number;
  /**
   * of them, those read back from the pod's log already (recoveredFromLog), which are not
   * counted missing; absent when none
   */
  recovered?: number;
}

export interface SequenceDuplicate {
  type: 'duplicate';
  messageType: string;
  seq: number;
  /** the seq after which it arrived */
  lastSeq: number;
}

export interface SequenceRestart {
  type: 'restart';
  messageType: string;
  seq: number;
  /** the pod's clock went back from lastDeviceTimeMs to deviceTimeMs (a new boot) */
  lastDeviceTimeMs: number;
  deviceTimeMs: number;
  /**
   * no new boot, but the pod counts its samples from 0 again: its recording was stopped and
   * started (its button, or another host), so its detector started afresh too
   */
  recordingRestarted?: true;
  /** the pod said another boot id than before: the new boot's clock had run on past the old one's */
  bootId?: number;
  /**
   * how much later (ms) the new recording started than the one before, by the pod's clock, where
   * its rate was known: it dates the new recording's first sample. A recording started anew while
   * no batch came (the pod unplugged), with its count past the old one's, shows only by this.
   */
  startedLaterMs?: number;
}

export interface SampleGap {
  type: 'sampleGap';
  expectedSampleIndex: number;
  firstSampleIndex: number;
  missingSamples: number;
}

export type SequenceReport = SequenceGap | SequenceDuplicate | SequenceRestart | SampleGap;

export interface SequenceCounts {
  messages: number;
  gaps: number;
  missingMessages: number;
  duplicates: number;
  restarts: number;
  sampleGaps: number;
  missingSamples: number;
}

interface LastSeen {
  seq: number;
  deviceTimeMs: number;
}

/** a sequence gap of one boot, kept so that messages of it read back from the pod's log are no longer counted missing */
interface GapSeen {
  messageType: string;
  /** the pod boot it was in (SequenceTracker.podBoot) */
  podBoot: number;
  /** the message before the gap and the one after it */
  from: LastSeen;
  to: LastSeen;
  /** the seqs of it read back from the log */
  recovered: Set<number>;
  /** the report check() gave of it */
  report: SequenceGap;
}

/** a message read back from the pod's log past the last of its type the link gave: a gap may show it later */
interface RecoveredAhead {
  messageType: string;
  seq: number;
  deviceTimeMs: number;
}

/** gaps (and messages read back ahead of the link) kept for the log's read-back: a session's worth */
const GAPS_KEPT = 256;

/** whether `m` (same boot) lies strictly between the messages `from` and `to` of its type, by seq and by the pod's clock */
function between(from: LastSeen, to: LastSeen, m: LastSeen): boolean {
  const along = (m.seq - from.seq) & 0xffff;
  return along > 0 && along < ((to.seq - from.seq) & 0xffff)
    && ((m.deviceTimeMs - from.deviceTimeMs) >>> 0) <= ((to.deviceTimeMs - from.deviceTimeMs) >>> 0);
}

/** the pod's time stamps and reads, beyond a FIFO's backlog: ms */
const START_SLACK_MS = 1000;
/** samples a read can leave in the IMU's FIFO after a stall (the LSM6DS3TR-C holds 341) */
const FIFO_BACKLOG_SAMPLES = 400;
/** how far an IMU's sample clock may run off its nominal rate */
const IMU_RATE_OFF_FRACTION = 0.1;

export class SequenceTracker {
  readonly counts: SequenceCounts = { messages: 0, gaps: 0, missingMessages: 0, duplicates: 0, restarts: 0, sampleGaps: 0, missingSamples: 0 };
  private readonly last = new Map<string, LastSeen>();
  /** the sample index the next rawBatch should start at, or -1 before the first */
  private nextSampleIndex = -1;
  /** the boot id the pod last gave (reply to getStatus), 0 before one or from a pod older than 0.5 */
  private bootIdSeen = 0;
  /**
   * the pod restarted since it gave bootIdSeen (its clock went back): the next id it gives is the
   * new boot's, known already to be one, not another restart
   */
  private bootIdStale = false;
  /**
   * the pod answered ok to startRecording and no raw batch has come since: a next batch from
   * earlier samples is the recording the host asked for, counting from 0, not a restart of one
   */
  private startAnswered = false;
  /** the rate the pod records at, as its status says while recording (0 before): its samples' clock */
  private recordingRateHz = 0;
  /** messages checked since the last `restarted` error */
  private messagesSinceBootAnnounced = 1;
  /** the last window summary of the recording the pod runs, while no raw batch showed it */
  private lastSummary: SummaryTimes | undefined;
  /** restarts of the pod seen (not of its recording): the boot the link's messages come from */
  private podBoots = 0;
  /** the newest sequence gaps, of this boot and earlier ones */
  private readonly gapsSeen: GapSeen[] = [];
  /** messages read back from the log past the link's last of their type, in this boot */
  private recoveredAhead: RecoveredAhead[] = [];

  /** the pod boot the link's messages come from: 0, then +1 at each restart of the pod seen (not of its recording) */
  get podBoot(): number {
    return this.podBoots;
  }

  /**
   * A message read back from the pod's log (a window summary or its form, which the log keeps
   * with its seq) that the link did not give: it is in the recording after all. `podBoot` is the
   * boot it was made in, as `podBoot` counted then. True when a sequence gap counted it missing:
   * it no longer counts. One past the link's last message of its type in the running boot is kept,
   * so the gap that shows later does not count it (the report's `recovered`).
   */
  recoveredFromLog(msg: Message, podBoot = this.podBoots): boolean {
    return this.recoveredGap(msg, podBoot) !== undefined;
  }

  /**
   * As recoveredFromLog, but gives the gap that counted `msg` missing: the very report check()
   * gave of it (left as it was, its `recovered` those read back before it showed), for a caller
   * that keeps a record of it to mend; undefined when none did
   */
  recoveredGap(msg: Message, podBoot = this.podBoots): SequenceGap | undefined {
    const seen: LastSeen = { seq: msg.seq, deviceTimeMs: msg.deviceTimeMs };
    for (const gap of this.gapsSeen) {
      if (gap.messageType !== msg.type || gap.podBoot !== podBoot || gap.recovered.has(msg.seq) || !between(gap.from, gap.to, seen)) continue;
      gap.recovered.add(msg.seq);
      this.counts.missingMessages--;
      return gap.report;
    }
    const last = this.last.get(msg.type);
    if (podBoot !== this.podBoots || last === undefined) return undefined;
    const along = (msg.seq - last.seq) & 0xffff;
    const aheadOfLast = along > 0 && along < 0x8000 && ((msg.deviceTimeMs - last.deviceTimeMs) >>> 0) < 0x80000000;
    if (aheadOfLast && !this.recoveredAhead.some((r) => r.messageType === msg.type && r.seq === msg.seq)) {
      this.recoveredAhead.push({ messageType: msg.type, ...seen });
      if (this.recoveredAhead.length > GAPS_KEPT) this.recoveredAhead.shift();
    }
    return undefined;
  }

  /** the pod's boot id, once a reply to getStatus gave it (else 0); after a restart, the old boot's until it says again */
  get bootId(): number {
    return this.bootIdSeen;
  }

  /** a restart was seen since the pod last said its boot id: asking it again keeps a later restart visible */
  get bootIdOutdated(): boolean {
    return this.bootIdStale;
  }

  /**
   * Whether `reply` (to getStatus) names another boot than the one seen before. Called before the
   * messages that came with it are checked, it tells whether they are the new boot's.
   */
  isNewBoot(reply: Message): boolean {
    const id = bootIdOf(reply);
    return id !== 0 && this.bootIdSeen !== 0 && !this.bootIdStale && id !== this.bootIdSeen;
  }

  /**
   * The pod runs the boot `reply` names, from `first` on (the first message taken in since the
   * link came back): the restart report to put before `first`. Each check after it starts afresh.
   */
  newBootFrom(first: Message, reply: Message): SequenceRestart {
    return this.newBootBefore(first, bootIdOf(reply));
  }

  /**
   * The pod restarted before `first`, as the caller found (its boot id `bootId`, 0 when not
   * known: then the next id it gives is this boot's, as after its clock went back): the restart
   * report to put before `first`. Each check after it starts afresh.
   */
  newBootBefore(first: Message, bootId = 0): SequenceRestart {
    const lastDeviceTimeMs = this.latestDeviceTimeMs();
    this.counts.restarts++;
    this.resetAll();
    if (bootId === 0) {
      if (this.bootIdSeen !== 0) this.bootIdStale = true;
      return { type: 'restart', messageType: first.type, seq: first.seq, lastDeviceTimeMs, deviceTimeMs: first.deviceTimeMs };
    }
    this.bootIdSeen = bootId;
    this.bootIdStale = false;
    return { type: 'restart', messageType: first.type, seq: first.seq, lastDeviceTimeMs, deviceTimeMs: first.deviceTimeMs, bootId };
  }

  /** the reports `msg` reveals (often none); duplicates do not move the tracker on */
  check(msg: Message): SequenceReport[] {
    this.counts.messages++;
    const reports: SequenceReport[] = [];
    const last = this.last.get(msg.type);
    // Every boot sends it first, at the same seq and pod time: after other messages it is another
    // boot, right after itself a repeat. A boot that does not start recording sends nothing after
    // it, so no clock would show it.
    const announcesBoot = msg.type === 'error' && msg.code === ERROR_RESTARTED;
    const anotherBoot = announcesBoot && this.last.size > 0 && this.messagesSinceBootAnnounced > 0;
    this.messagesSinceBootAnnounced = announcesBoot ? 0 : this.messagesSinceBootAnnounced + 1;
    if (last !== undefined && podClockWentBack(last.deviceTimeMs, msg.deviceTimeMs)) {
      reports.push(this.restartAt(msg, last.deviceTimeMs));
    } else if (anotherBoot) {
      reports.push(this.restartAt(msg, this.latestDeviceTimeMs()));
    } else if (last !== undefined) {
      const skipped = messagesSkipped(last.seq, last.deviceTimeMs, msg.seq, msg.deviceTimeMs);
      if (skipped < 0) {
        this.counts.duplicates++;
        reports.push({ type: 'duplicate', messageType: msg.type, seq: msg.seq, lastSeq: last.seq });
        return reports;
      } else if (skipped > 0) {
        const to: LastSeen = { seq: msg.seq, deviceTimeMs: msg.deviceTimeMs };
        const recovered = new Set(this.recoveredAhead.filter((r) => r.messageType === msg.type && between(last, to, r)).map((r) => r.seq));
        this.counts.gaps++;
        this.counts.missingMessages += skipped - recovered.size;
        const report: SequenceGap = {
          type: 'sequenceGap', messageType: msg.type, expectedSeq: (last.seq + 1) & 0xffff, seq: msg.seq, missing: skipped,
          ...(recovered.size > 0 ? { recovered: recovered.size } : {}),
        };
        reports.push(report);
        this.gapsSeen.push({ messageType: msg.type, podBoot: this.podBoots, from: { ...last }, to, recovered, report });
        if (this.gapsSeen.length > GAPS_KEPT) this.gapsSeen.shift();
      }
    }
    // what was read back up to this message is behind the link now
    if (this.recoveredAhead.length > 0 && last !== undefined) {
      this.recoveredAhead = this.recoveredAhead.filter((r) => {
        if (r.messageType !== msg.type) return true;
        const along = (r.seq - msg.seq) & 0xffff;
        return along > 0 && along < 0x8000;
      });
    }
    const bootId = bootIdOf(msg);
    if (bootId !== 0) {
      // a boot the clock did not reveal (after one it did, the id is outdated, not new): what came
      // before this reply may be the new boot's already (a host coming back asks first:
      // PodSerialLink holds what arrives meanwhile)
      if (this.isNewBoot(msg)) reports.push(this.newBootFrom(msg, msg));
      this.bootIdSeen = bootId;
      this.bootIdStale = false;
    }
    this.last.set(msg.type, { seq: msg.seq, deviceTimeMs: msg.deviceTimeMs });
    if (msg.type === 'reply' && msg.commandId === COMMAND_START_RECORDING && msg.status === REPLY_OK) {
      this.startAnswered = true;
      this.recordingRateHz = 0;
      // the summaries after it are of the recording the host asked for
      this.lastSummary = undefined;
    }
    if (msg.type === 'summary' && this.nextSampleIndex < 0) {
      // without raw batches a recording started anew shows only here: its window index goes
      // back, or it started later by the pod's clock (the log's read-back counts it so too)
      if (this.lastSummary !== undefined && summaryOfNewRecording(this.lastSummary, msg)) {
        this.counts.restarts++;
        reports.push({
          type: 'restart', messageType: msg.type, seq: msg.seq, lastDeviceTimeMs: this.lastSummary.deviceTimeMs, deviceTimeMs: msg.deviceTimeMs, recordingRestarted: true,
        });
      }
      this.lastSummary = msg;
    }
    if (msg.type === 'status' && (msg.flags & STATUS_RECORDING) !== 0 && msg.rateHz > 0) this.recordingRateHz = msg.rateHz;
    if (msg.type === 'rawBatch') {
      // the batches before the answer were the pod's earlier recording (it records from its boot,
      // and streams raw samples whenever a host left that on); ok to a pod that was recording
      // already starts nothing, and its count goes on
      const firstAfterStart = this.startAnswered;
      if (this.startAnswered && msg.firstSampleIndex < this.nextSampleIndex) this.nextSampleIndex = 0;
      this.startAnswered = false;
      const startedLaterMs = last === undefined || firstAfterStart ? undefined : this.recordingStartedLaterMs(last.deviceTimeMs, msg);
      const startedAnew = startedLaterMs !== undefined && startedLaterMs > this.sameRecordingSlackMs(last!.deviceTimeMs, msg.deviceTimeMs);
      if (this.nextSampleIndex >= 0 && last !== undefined && (msg.firstSampleIndex < this.nextSampleIndex || startedAnew)) {
        // a new batch (its seq moved on) from earlier samples, or from a recording started later
        // than its count says: a new recording of the same boot
        this.counts.restarts++;
        this.lastSummary = undefined;
        reports.push({
          type: 'restart', messageType: msg.type, seq: msg.seq, lastDeviceTimeMs: last.deviceTimeMs, deviceTimeMs: msg.deviceTimeMs, recordingRestarted: true,
          ...(startedLaterMs !== undefined ? { startedLaterMs: Math.max(0, Math.round(startedLaterMs)) } : {}),
        });
      } else if (this.nextSampleIndex >= 0 && msg.firstSampleIndex > this.nextSampleIndex) {
        const missing = msg.firstSampleIndex - this.nextSampleIndex;
        this.counts.sampleGaps++;
        this.counts.missingSamples += missing;
        reports.push({ type: 'sampleGap', expectedSampleIndex: this.nextSampleIndex, firstSampleIndex: msg.firstSampleIndex, missingSamples: missing });
      }
      this.nextSampleIndex = msg.firstSampleIndex + msg.sampleCount;
    }
    return reports;
  }

  /**
   * When the recording of the last raw batch started, by the pod's clock (ms): that batch's time
   * less its samples' span; undefined before a batch of it and the rate it records at
   */
  recordingStartMs(): number | undefined {
    const last = this.last.get('rawBatch');
    if (last === undefined || this.recordingRateHz === 0 || this.nextSampleIndex < 0) return undefined;
    return last.deviceTimeMs - (this.nextSampleIndex * 1000) / this.recordingRateHz;
  }

  /**
   * How much later the recording `batch` is from started than the one of the last batch (sent at
   * `lastDeviceTimeMs`), by the pod's clock and its sample count at the recording's rate (ms);
   * undefined before the pod said that rate. Each batch holds the samples up to when it is sent,
   * so its time less its samples' span is when its recording started.
   */
  private recordingStartedLaterMs(lastDeviceTimeMs: number, batch: Extract<Message, { type: 'rawBatch' }>): number | undefined {
    if (this.recordingRateHz === 0 || this.nextSampleIndex < 0) return undefined;
    const elapsedMs = (batch.deviceTimeMs - lastDeviceTimeMs) >>> 0;
    return elapsedMs - ((batch.firstSampleIndex + batch.sampleCount - this.nextSampleIndex) * 1000) / this.recordingRateHz;
  }

  /**
   * How much later the same recording may seem to have started, between batches sent at these
   * times: by what a read left in the IMU's FIFO (at most a FIFO's worth, after a stall) and by
   * the IMU's clock running off its nominal rate. A recording the pod's button stopped and
   * started while no batch came (the pod unplugged) shows only by more, once its count has passed
   * the old one's.
   */
  private sameRecordingSlackMs(lastDeviceTimeMs: number, deviceTimeMs: number): number {
    const elapsedMs = (deviceTimeMs - lastDeviceTimeMs) >>> 0;
    return START_SLACK_MS + (FIFO_BACKLOG_SAMPLES * 1000) / this.recordingRateHz + IMU_RATE_OFF_FRACTION * elapsedMs;
  }

  /** the pod restarted before `msg`: its last message before came at `lastDeviceTimeMs` */
  private restartAt(msg: Message, lastDeviceTimeMs: number): SequenceRestart {
    this.counts.restarts++;
    this.resetAll();
    if (this.bootIdSeen !== 0) this.bootIdStale = true;
    return { type: 'restart', messageType: msg.type, seq: msg.seq, lastDeviceTimeMs, deviceTimeMs: msg.deviceTimeMs };
  }

  private latestDeviceTimeMs(): number {
    let latestMs = 0;
    this.last.forEach((seen) => { latestMs = Math.max(latestMs, seen.deviceTimeMs); });
    return latestMs;
  }

  private resetAll(): void {
    this.podBoots++;
    this.recoveredAhead = [];
    this.last.clear();
    this.nextSampleIndex = -1;
    this.recordingRateHz = 0;
    this.lastSummary = undefined;
  }
}
