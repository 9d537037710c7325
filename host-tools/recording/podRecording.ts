// A recording of a pod session on disk: one directory with
//   messages.ndjson  every decoded message, one JSON object per line, with the host's receive
//                    time; rawBatch lines keep their index and count, the samples go to raw.csv
//                    (a batch at another rate than the recording's is a link event, its samples
//                    a gap of cause 'rate');
//                    link events (frame errors, sequence gaps, disconnects) are lines too
//   raw.csv          every raw sample: sample_index,t_ms,gx,gy,gz,ax,ay,az in counts, sensor axes,
//                    in the pod's (FIFO) order; a jump in sample_index is a gap
//   recording.json   the metadata sidecar (PodRecordingMeta): board, firmware, rate, ranges,
//                    calibration, start time, gaps with their sample ranges, error counters
// Files are appended as data arrives, so an interrupted session keeps everything received;
// recording.json is written at the start (complete: false) and again when the session ends.
// A write that fails (a full disk) ends the recording there: nothing after it is written, the
// files are cut back to their last whole line, and what the pod sent after that is a gap.
import * as fs from 'fs';
import * as path from 'path';
import { SAMPLE_STRIDE } from '../../firmware/core/pipeline';
import { STATUS_RAW_STREAM, STATUS_RECORDING } from '../../firmware/protocol/messageIds';
import {
  linkEventLine, messageLine, META_FILE, MESSAGES_FILE, POD_RECORDING_FORMAT, POD_RECORDING_FORMAT_VERSION, PodRecording, PodRecordingGap,
  PodRecordingMeta, RAW_CSV_HEADER, RAW_FILE,
} from './podRecordingModel';
import { UserError } from '../cli/userError';
import { cutToCompleteLines } from './completeLines';
import { FILE_CHUNK_BYTES, forEachLineOfFile } from './fileLines';
import { appendWhole, isNoRoomError, replaceFileText } from './fileReplace';
import { LinkEventName } from './linkEvents';
import { messagesNdjsonLines, MessagesNdjsonReader } from './messagesNdjsonLines';
import { podRecordingMetaFault } from './podRecordingMetaCheck';
import { RawCsvReader, rawCsvRows } from './rawCsvRows';
import { RecordingGap } from './sampleRate';

export * from './podRecordingModel';

/** Appends a session to a recording directory as it arrives. */
export class PodRecordingWriter {
  readonly dir: string;
  private readonly messages: fs.WriteStream;
  private readonly raw: fs.WriteStream;
  private rawSamples = 0;
  /** raw.csv's rows whose write has completed: all a quit, which drops the rest, leaves in the file */
  private rawSamplesWritten = 0;
  /** the recording starts the pod's session, whose samples count from 0: a first batch later than that is a gap */
  private nextSample = 0;
  private gaps: PodRecordingGap[] = [];
  /** samples the pod said it lost (ERROR_SAMPLES_LOST) and the raw stream has not yet skipped */
  private podLossPending = 0;
  /** the pod was away: the raw stream's next jump is that gap */
  private disconnectPending = false;
  /** the pod restarted: its next batch counts from 0 again (the host time it was seen, ms) */
  private restartPending = false;
  /** that restart was a new recording in the same boot (PodRecordingGap.newRecording) */
  private restartIsNewRecording = false;
  /** that new recording started this much later than the one before, by the pod's clock (ms), or -1 when not known */
  private restartStartedLaterMs = -1;
  /** the session ended while the pod was away, at this host time (noteGoneUntil), or -1 */
  private goneUntilMs = -1;
  /** added to the pod's sample indices since its last restart, so raw.csv keeps counting up */
  private indexOffset = 0;
  /**
   * speeds the pod took at these of its sample indices in a boot (or recording) whose first raw
   * batch has not come yet: only that batch says where its sample 0 goes in raw.csv. Those still
   * waiting at the close hold from no sample of raw.csv and are left out: replay would apply them
   * to the boot before.
   */
  private speedsUnplaced: { podSampleIndex: number; speedMms: number }[] = [];
  /** host time of the last raw batch written, ms */
  private lastBatchMs = 0;
  /**
   * raw.csv's index of the sample after the last one the pod had sent when it last said how far
   * it had got (a status while recording): samples before it that never came were lost on the way
   */
  private podSentUpTo = 0;
  /** the first write to any of the files that failed (a full disk, a drive pulled out), with the file's name */
  private fault: { error: Error; file: string } | undefined;
  private readonly failed: Promise<Error>;
  private failedNow: (error: Error) => void = () => undefined;
  /** messages.ndjson failed: link events are no longer written either */
  private messagesFailed = false;
  /** after the fault: the raw.csv index after the last sample the pod sent in a batch (which is not written) */
  private sentAfterFault = 0;
  /** the latest receivedMs of a line written to messages.ndjson */
  private lastLineMs = 0;

  constructor(dir: string, private meta: PodRecordingMeta) {
    this.dir = dir;
    try {
      fs.mkdirSync(dir, { recursive: true });
    } catch (e) {
      // a full disk, or no right to write there: nothing is written yet, so nothing is lost
      throw new UserError(`cannot make the recording's directory ${dir}: ${(e as Error).message}`);
    }
    this.failed = new Promise<Error>((resolve) => { this.failedNow = resolve; });
    this.messages = fs.createWriteStream(path.join(dir, MESSAGES_FILE), { flags: 'w' });
    this.raw = fs.createWriteStream(path.join(dir, RAW_FILE), { flags: 'w' });
    // a file that cannot be written ends the session (whenFailed), never the process: the
    // listeners stay, so later errors are heard too
    this.messages.on('error', (error) => {
      this.messagesFailed = true;
      this.noteFault(error, MESSAGES_FILE);
    });
    this.raw.on('error', (error) => this.noteFault(error, RAW_FILE));
    this.raw.write(RAW_CSV_HEADER + '\n');
    this.writeMeta();
  }

  /** resolves with the error of the first write that failed; the session should end and close */
  whenFailed(): Promise<Error> {
    return this.failed;
  }

  /** the first write that failed, if one did */
  get failure(): Error | undefined {
    return this.fault?.error;
  }

  private noteFault(error: Error, file: string): void {
    if (this.fault !== undefined) return;
    this.fault = { error, file };
    this.failedNow(error);
  }

  /** a decoded message (rawBatch samples go to raw.csv, a jump in index is recorded as a gap) */
  addMessage(message: { type: string; [field: string]: unknown }, receivedMs: number): void {
    if (this.fault !== undefined) {
      this.noteSentAfterFault(message);
      return;
    }
    this.messages.write(JSON.stringify(messageLine(message, receivedMs)) + '\n');
    this.lastLineMs = Math.max(this.lastLineMs, receivedMs);
    // a status counts the samples its recording made so far, with the raw stream on every batch of
    // them sent before it (after a restart, not before the new boot's first batch says where its samples go)
    const streaming = STATUS_RECORDING | STATUS_RAW_STREAM;
    if (message.type === 'status' && ((message.flags as number) & streaming) === streaming && !this.restartPending && message.rateHz === this.meta.sampleRateHz) {
      this.podSentUpTo = (message.samples as number) + this.indexOffset;
    }
    if (message.type !== 'rawBatch') return;
    const samples = message.samplesCounts as Int16Array;
    const count = samples.length / SAMPLE_STRIDE;
    const first = this.placeBatch(message.firstSampleIndex as number, count, receivedMs);
    if (first === undefined) return;
    const msPerSample = 1000 / this.meta.sampleRateHz;
    let text = '';
    for (let i = 0; i * SAMPLE_STRIDE < samples.length; i++) {
      const k = i * SAMPLE_STRIDE;
      text += `${first + i},${((first + i) * msPerSample).toFixed(3)},${samples[k]},${samples[k + 1]},${samples[k + 2]},${samples[k + 3]},${samples[k + 4]},${samples[k + 5]}\n`;
    }
    this.raw.write(text, (error) => {
      if (!error) this.rawSamplesWritten += count;
    });
    this.rawSamples += count;
    this.nextSample = first + count;
  }

  /**
   * A raw batch the pod sent at `rateHz`, not the recording's rate: after a restart, a pod that
   * could not keep the session's rate in its flash records at its saved one until it is set
   * again. raw.csv has one rate, so its samples are not written. Its line is kept (a link event
   * `batchAtOtherRate`, with the rate), its boot is placed as any other's, and the time its
   * samples span is a gap of cause 'rate'.
   */
  addBatchAtOtherRate(message: { type: string; [field: string]: unknown }, receivedMs: number, rateHz: number): void {
    if (this.fault !== undefined) return;
    // the message's own type gives way to the link event's
    this.addLinkEvent('batchAtOtherRate', receivedMs, { ...messageLine(message, receivedMs), rateHz });
    const perSample = this.meta.sampleRateHz / rateHz;
    const podFirst = message.firstSampleIndex as number;
    const from = Math.round(podFirst * perSample);
    const count = Math.round((podFirst + (message.samplesCounts as Int16Array).length / SAMPLE_STRIDE) * perSample) - from;
    const first = this.placeBatch(from, count, receivedMs);
    if (first === undefined) return;
    const last = this.gaps[this.gaps.length - 1];
    if (last !== undefined && last.cause === 'rate' && last.fromSample + last.missingSamples === first) last.missingSamples += count;
    else this.gaps.push({ fromSample: first, missingSamples: count, cause: 'rate' });
    this.writeMeta();
    this.nextSample = first + count;
  }

  /**
   * Where a batch of `count` samples from the pod's `podIndex` on goes in raw.csv (undefined for
   * a repeat, written already), the gap before it noted. After a restart the pod counts from 0
   * again: its new samples go on after ours, past the time it was down (the host's clock is the
   * only one both sides of a restart share), and at least one missing sample marks where its
   * detector started afresh.
   */
  private placeBatch(podIndex: number, count: number, receivedMs: number): number | undefined {
    const restarted = this.restartPending;
    if (restarted) {
      const atLeastOneMissing = this.nextSample + 1 - podIndex;
      if (this.restartStartedLaterMs >= 0) {
        // the same boot's clock dates both recordings: its sample 0 goes where that time falls
        const later = Math.round((this.restartStartedLaterMs * this.meta.sampleRateHz) / 1000);
        this.indexOffset = Math.max(atLeastOneMissing, this.indexOffset + later);
      } else {
        const elapsed = Math.round(((receivedMs - this.lastBatchMs) * this.meta.sampleRateHz) / 1000);
        this.indexOffset = this.nextSample + Math.max(1, elapsed - (podIndex + count));
      }
      this.restartPending = false;
    }
    if (this.speedsUnplaced.length > 0) this.placeSpeeds();
    const first = podIndex + this.indexOffset;
    if (first < this.nextSample) return undefined;
    if (first > this.nextSample) {
      const missing = first - this.nextSample;
      if (restarted) {
        this.addGap(this.nextSample, missing, 'restart', {
          bootStartSample: this.indexOffset, ...(this.restartIsNewRecording ? { newRecording: true as const } : {}),
        });
      } else {
        this.addGap(this.nextSample, missing, this.causeOf(missing));
      }
      this.podLossPending = 0;
      this.disconnectPending = false;
    }
    this.lastBatchMs = receivedMs;
    return first;
  }

  /**
   * the pod reported `missingSamples` lost (ERROR_SAMPLES_LOST): the raw stream's next jump is
   * that loss, with any other it reported before that jump
   */
  notePodLoss(missingSamples: number): void {
    this.podLossPending += missingSamples;
  }

  /**
   * the pod restarted (its clock went back), or its recording was stopped and started again
   * (`newRecording`): its next raw batch counts its samples from 0 again
   */
  noteRestart(newRecording: boolean, startedLaterMs = -1): void {
    // a pod that rebooted and was started anew before its first batch: the samples before the
    // gap still ended with the reboot (no window finished), and the new boot's clock dates nothing before it
    const rebootPending = this.restartPending && !this.restartIsNewRecording;
    this.restartPending = true;
    if (rebootPending) return;
    this.restartIsNewRecording = newRecording;
    this.restartStartedLaterMs = newRecording ? startedLaterMs : -1;
  }

  /** the pod went away and came back: the raw stream's next jump is the time it was away */
  noteDisconnect(): void {
    this.disconnectPending = true;
  }

  /**
   * the pod went away and the session ended at `endMs` (host ms, as receivedMs) without it: the
   * samples it would have sent from its last batch to then are a disconnect gap at the close
   */
  noteGoneUntil(endMs: number): void {
    this.goneUntilMs = endMs;
  }

  /**
   * The pod's running speed as a status of the running session gave it, with the pod's sample
   * index it holds from (the status after a setSpeed carries the sample it took effect at).
   * Only a change from the speed in force is kept. One the pod took after a restart waits for the
   * new boot's first raw batch, which places that boot in raw.csv; so does one whose sample index
   * is below the samples the pod already sent: its recording was stopped and started again, which
   * shows only with the new recording's first batch.
   */
  noteSpeed(podSampleIndex: number, speedMms: number): void {
    const changes = this.meta.speedChanges ?? (this.meta.speedChanges = []);
    const unplaced = this.speedsUnplaced;
    const current = unplaced.length > 0 ? unplaced[unplaced.length - 1].speedMms : changes.length > 0 ? changes[changes.length - 1].speedMms : this.meta.speedMms;
    if (speedMms === current) return;
    if (this.restartPending || podSampleIndex < this.nextSample - this.indexOffset) {
      unplaced.push({ podSampleIndex, speedMms });
      return;
    }
    changes.push({ fromSample: podSampleIndex + this.indexOffset, speedMms });
    this.writeMeta();
  }

  /**
   * after the fault nothing more is written, but how far the pod got is still followed: the
   * samples it sent past the last one written are the gap the fault left (a new boot's are not
   * placed, as its first batch is not written)
   */
  private noteSentAfterFault(message: { type: string; [field: string]: unknown }): void {
    if (this.restartPending) return;
    const streaming = STATUS_RECORDING | STATUS_RAW_STREAM;
    if (message.type === 'status' && ((message.flags as number) & streaming) === streaming) {
      this.podSentUpTo = Math.max(this.podSentUpTo, (message.samples as number) + this.indexOffset);
    }
    if (message.type === 'rawBatch') {
      const end = (message.firstSampleIndex as number) + this.indexOffset + (message.samplesCounts as Int16Array).length / SAMPLE_STRIDE;
      this.sentAfterFault = Math.max(this.sentAfterFault, end);
    }
  }

  /** the speeds that waited for a raw batch, placed with the offset of the boot that batch is from */
  private placeSpeeds(): void {
    const changes = this.meta.speedChanges ?? (this.meta.speedChanges = []);
    for (const change of this.speedsUnplaced) changes.push({ fromSample: change.podSampleIndex + this.indexOffset, speedMms: change.speedMms });
    this.speedsUnplaced = [];
    this.writeMeta();
  }

  /** why `missing` samples are missing, short of a restart: the pod said it lost them, it was away, or the link lost them */
  private causeOf(missing: number): PodRecordingGap['cause'] {
    return missing === this.podLossPending ? 'pod' : this.disconnectPending ? 'disconnect' : 'link';
  }

  /** samples missing from raw.csv from `fromSample` on, and why: on disk at once, so a host that dies later keeps it */
  addGap(fromSample: number, missingSamples: number, cause: PodRecordingGap['cause'], restart: Pick<PodRecordingGap, 'bootStartSample' | 'newRecording'> = {}): void {
    this.gaps.push({ fromSample, missingSamples, cause, ...restart });
    this.writeMeta();
  }

  /** a link event line: frame errors, sequence gaps, disconnects and reconnects */
  addLinkEvent(event: LinkEventName, receivedMs: number, detail: { [field: string]: unknown } = {}): void {
    // after a fault in raw.csv alone, the events that tell of it still go in
    if (this.messagesFailed) return;
    this.messages.write(JSON.stringify(linkEventLine(event, receivedMs, detail)) + '\n');
    this.lastLineMs = Math.max(this.lastLineMs, receivedMs);
  }

  /** updates the metadata (written now and at close) */
  updateMeta(changes: Partial<PodRecordingMeta>): void {
    this.meta = { ...this.meta, ...changes };
    this.writeMeta();
  }

  /** the gaps noted so far, and the samples they miss in all (the close may add one at the end) */
  get gapTotals(): { gaps: number; missingSamples: number } {
    let missingSamples = 0;
    for (const gap of this.gaps) missingSamples += gap.missingSamples;
    return { gaps: this.gaps.length, missingSamples };
  }

  get metadata(): PodRecordingMeta {
    return { ...this.meta, rawSamples: this.rawSamples, gaps: this.gaps.slice() };
  }

  /**
   * For a quit that exits without closing the files: recording.json says as much of the session
   * as is known (`changes`, complete false) and counts the raw.csv rows written, not those still
   * on their way, which the exit drops.
   */
  writeMetaForQuit(changes: Partial<PodRecordingMeta>): void {
    if (this.fault !== undefined) return;
    this.meta = { ...this.meta, ...changes, complete: false };
    try {
      replaceFileText(path.join(this.dir, META_FILE), JSON.stringify({ ...this.metadata, rawSamples: this.rawSamplesWritten }, null, 2) + '\n');
    } catch (e) {
      // the quit goes on: recording.json stays as last written, complete false
    }
  }

  /**
   * Flushes both files and writes the final metadata. After a write that failed (whenFailed), the
   * recording is closed as far as it was written and a PodRecordingWriteError says so.
   */
  async close(changes: Partial<PodRecordingMeta>): Promise<PodRecordingMeta> {
    this.meta = { ...this.meta, ...changes };
    if (this.fault === undefined) {
      // batches lost at the very end leave no jump after them: the pod's last status shows them
      let end = this.nextSample;
      if (this.rawSamples > 0 && this.podSentUpTo > end) {
        const missing = this.podSentUpTo - end;
        this.addGap(end, missing, this.causeOf(missing));
        end = this.podSentUpTo;
      }
      if (this.rawSamples > 0 && this.goneUntilMs >= 0) {
        const missing = this.nextSample + Math.round(((this.goneUntilMs - this.lastBatchMs) * this.meta.sampleRateHz) / 1000) - end;
        if (missing > 0) this.addGap(end, missing, 'disconnect');
      }
    }
    await Promise.all([streamEnded(this.messages), streamEnded(this.raw)]);
    if (this.fault === undefined) this.writeMeta();
    // a fault while the files were flushed, or the metadata written, is met here
    const fault = this.fault;
    if (fault === undefined) return this.metadata;
    this.keepWhatWasWritten();
    const failure = `${writeFaultWords(fault.error)}: ${fault.file} could not be written`;
    this.meta = { ...this.meta, complete: false, endedBy: 'error', failure };
    let metaWritten = true;
    try {
      replaceFileText(path.join(this.dir, META_FILE), JSON.stringify(this.metadata, null, 2) + '\n');
    } catch (e) {
      metaWritten = false;
    }
    // the event that says why, as after any failure: where messages.ndjson still has room for it
    // (its last block, or what cutting the files to whole lines freed); else recording.json alone says
    const startedMs = Date.parse(this.meta.startTime);
    const atMs = Math.max(this.lastLineMs, Number.isFinite(startedMs) ? Date.now() - startedMs : 0);
    appendWhole(path.join(this.dir, MESSAGES_FILE), JSON.stringify(linkEventLine('sessionError', atMs, { reason: failure })) + '\n');
    throw new PodRecordingWriteError(this.dir, fault.file, fault.error, this.metadata, metaWritten);
  }

  /**
   * After a fault: raw.csv and messages.ndjson end at their last whole line, rawSamples counts the
   * samples raw.csv holds, and the samples the pod sent after the last of them are one gap
   * (cause 'disk'), which takes the place of any gap noted beyond it
   */
  private keepWhatWasWritten(): void {
    cutToCompleteLines(path.join(this.dir, MESSAGES_FILE));
    const raw = cutToCompleteLines(path.join(this.dir, RAW_FILE));
    this.rawSamples = Math.max(0, raw.lines - 1);
    const lastKept = this.rawSamples > 0 ? Number(raw.lastLine.split(',')[0]) : -1;
    this.gaps = this.gaps.filter((gap) => gap.fromSample + gap.missingSamples <= lastKept);
    const sentUpTo = Math.max(this.nextSample, this.podSentUpTo, this.sentAfterFault);
    if (sentUpTo > lastKept + 1) this.gaps.push({ fromSample: lastKept + 1, missingSamples: sentUpTo - (lastKept + 1), cause: 'disk' });
  }

  /** recording.json as the recording stands; a write that fails is the writer's fault (whenFailed), not the caller's exception */
  private writeMeta(): void {
    try {
      replaceFileText(path.join(this.dir, META_FILE), JSON.stringify(this.metadata, null, 2) + '\n');
    } catch (e) {
      this.noteFault(e as Error, META_FILE);
    }
  }
}

/**
 * A recording that could not be written to the end (a full disk): it was closed as far as it was
 * written, and stays readable. The message says what happened, where, and what is kept.
 */
export class PodRecordingWriteError extends UserError {
  constructor(
    readonly dir: string, readonly file: string, readonly writeError: Error,
    /** the metadata of the recording as closed */
    readonly meta: PodRecordingMeta,
    /** false: recording.json holds the metadata as last written before the fault */
    readonly metaWritten: boolean,
  ) {
    const what = writeFaultWords(writeError);
    const tail = meta.gaps.find((gap) => gap.cause === 'disk');
    super(`${what}: the recording in ${dir} ends where ${file} could not be written; what came before is kept ` +
      `(${meta.rawSamples} raw samples${tail !== undefined ? `, then ${tail.missingSamples} not written, a gap` : ''}; complete: false)` +
      (metaWritten ? '' : `, though ${META_FILE} holds the metadata as it was before`));
  }
}

/** a write that failed, in the user's words: the disk full, the quota used up, or the system's words */
function writeFaultWords(writeError: Error): string {
  return (writeError as NodeJS.ErrnoException).code === 'EDQUOT' ? 'the disk quota is used up'
    : isNoRoomError(writeError) ? 'the disk is full' : `a write failed (${writeError.message})`;
}

/** resolves once the stream has written everything and closed, or failed */
function streamEnded(stream: fs.WriteStream): Promise<void> {
  return new Promise<void>((resolve) => {
    if (stream.destroyed) {
      resolve();
      return;
    }
    stream.once('error', () => resolve());
    stream.end(() => resolve());
  });
}

/**
 * bytes a row of raw.csv is taken to need at least when room for its rows is made from its size:
 * a long recording's rows take 41 to 50 (a 7-digit index, t_ms, accelerometer counts near 2048
 * at 1 g), so room is seldom short (more is then made, half as much again) and little is wasted
 */
const RAW_CSV_ROW_BYTES_LEAST_EXPECTED = 40;

/** a recording that cannot be read, with the file and line at fault */
export class PodRecordingError extends Error {}


/** true when `dir` looks like a recording written by `lumbarpod record` */
export function isPodRecordingDir(dir: string): boolean {
  try {
    return fs.statSync(dir).isDirectory() && fs.existsSync(path.join(dir, META_FILE));
  } catch (e) {
    return false;
  }
}

/**
 * The recording in `dir`, read past damage (its problems say what was damaged). raw.csv and
 * messages.ndjson are read `chunkBytes` at a time, so a recording of any length is read in memory
 * for its samples and messages, not for its text.
 */
export function readPodRecording(dir: string, chunkBytes = FILE_CHUNK_BYTES): PodRecording {
  const metaFile = path.join(dir, META_FILE);
  let text: string;
  try {
    text = fs.readFileSync(metaFile, 'utf8');
  } catch (e) {
    throw new PodRecordingError(`${metaFile}: ${metaReadFault(e as NodeJS.ErrnoException)}`);
  }
  if (text.trim() === '') throw new PodRecordingError(`${metaFile}: the file is empty: the recording's board, rate and scale are not in it`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    // JSON.parse says only where it stopped: a file cut short or edited by hand is the likely cause
    throw new PodRecordingError(`${metaFile}: not valid JSON, cut short or damaged (${(e as Error).message})`);
  }
  const fields = (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? parsed : {}) as { [field: string]: unknown };
  if (fields.format !== POD_RECORDING_FORMAT) {
    const format = fields.format === undefined ? `no "format": "${POD_RECORDING_FORMAT}" in it` : `format ${JSON.stringify(fields.format)}`;
    throw new PodRecordingError(`${metaFile}: not a LumbarPod recording (${format})`);
  }
  const version = fields.formatVersion;
  if (!(Number.isInteger(version) && (version as number) >= 1)) {
    throw new PodRecordingError(`${metaFile}: formatVersion is ${version === undefined ? 'missing' : JSON.stringify(version)}, not a whole number from 1`);
  }
  if ((version as number) > POD_RECORDING_FORMAT_VERSION) {
    throw new PodRecordingError(`${metaFile}: format version ${version} is newer than this tool reads (${POD_RECORDING_FORMAT_VERSION})`);
  }
  // a field missing or malformed is named here, not met as a crash deep inside replay or export
  const fault = podRecordingMetaFault(fields);
  if (fault !== undefined) throw new PodRecordingError(`${metaFile}: ${fault}`);
  const meta = fields as unknown as PodRecordingMeta;
  const problems: string[] = [];
  const messagesFile = path.join(dir, MESSAGES_FILE);
  // a damaged line is dropped and named, the rest kept: raw.csv places the samples, not these lines
  const messagesRead = readLinesOfFile(messagesFile, chunkBytes, () => new MessagesNdjsonReader(meta.complete === true));
  if (messagesRead.error !== undefined) problems.push(unreadable(messagesFile, messagesRead.error, ''));
  // a file that cannot be read holds no lines, as an empty one
  const messages = messagesRead.value ?? messagesNdjsonLines([''], meta.complete === true);
  problems.push(...messages.problems);
  const rawFile = path.join(dir, RAW_FILE);
  // a damaged row is dropped and named, the rest kept: what it held is a gap, as one lost on the
  // link; a damaged header is read as the one the writer writes, unless the rows do not fit it
  const rawRead = readLinesOfFile(rawFile, chunkBytes, (sizeBytes) => new RawCsvReader(meta.gaps, meta.sampleRateHz, sizeBytes / RAW_CSV_ROW_BYTES_LEAST_EXPECTED));
  if (rawRead.error !== undefined) problems.push(unreadable(rawFile, rawRead.error, meta.rawSamples > 0 ? `, though ${META_FILE} says it held ${meta.rawSamples} samples` : ''));
  const rawMissing = rawRead.error !== undefined && !fs.existsSync(rawFile);
  // a file that cannot be read holds no rows, as an empty one
  const raw = rawRead.value ?? rawCsvRows([''], meta.gaps, meta.sampleRateHz);
  if (raw.notRawCsv !== undefined) throw new PodRecordingError(`${rawFile} line 1: ${raw.notRawCsv}`);
  problems.push(...raw.problems);
  if (!rawMissing && meta.complete && raw.linesInFile < meta.rawSamples) {
    const lost = meta.rawSamples - raw.linesInFile;
    problems.push(`${RAW_FILE}: ${raw.linesInFile} sample lines, where ${META_FILE} says ${meta.rawSamples} samples were written: ${lost} ${lost === 1 ? 'is' : 'are'} not in the file`);
  }
  const gaps = raw.gaps.length === 0 ? meta.gaps : meta.gaps.concat(raw.gaps).sort((a, b) => a.fromSample - b.fromSample);
  if (!meta.complete) problems.push(`${META_FILE}: ${notClosedWords(meta)}`);
  return {
    dir, meta: gaps === meta.gaps ? meta : { ...meta, gaps }, lines: messages.lines, sampleIndex: raw.sampleIndex, samplesFifoOrder: raw.samplesFifoOrder, problems,
    ...(rawMissing ? { rawFileMissing: true as const } : {}),
  };
}

/**
 * what a recording whose files were not closed (complete: false) holds. A quit leaves endedBy
 * set (writeMetaForQuit) and exits at once: the rows still on their way to the files are lost
 * with it. A session that failed was closed as far as it was written.
 */
function notClosedWords(meta: PodRecordingMeta): string {
  if (meta.endedBy !== '' && meta.endedBy !== 'error') {
    return 'the recording was quit before its files were closed (complete: false): what was written before the quit is here; ' +
      'what was still to be written then, and the rest of the session, is not';
  }
  return 'the session did not end cleanly (complete: false); what was received is all here';
}

/**
 * A file read a chunk at a time, line by line, into the reader `readerFor` makes once the file's
 * size is known: messages.ndjson (some 6 MB an hour at 208 Hz; past about 80 h more than one
 * string can hold) and raw.csv (past about 16 h at 208 Hz). What the reader finishes with, or the
 * error of an open or a read that failed: one that fails part-way leaves nothing, as when the
 * file cannot be opened, since what was read before it is not all the file holds.
 */
function readLinesOfFile<T>(
  file: string, chunkBytes: number, readerFor: (sizeBytes: number) => { addPart(line: string): void; finish(): T },
): { value?: T; error?: NodeJS.ErrnoException } {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (e) {
    return { error: e as NodeJS.ErrnoException };
  }
  try {
    let size: number;
    try {
      size = fs.fstatSync(fd).size;
    } catch (e) {
      return { error: e as NodeJS.ErrnoException };
    }
    const reader = readerFor(size);
    const error = forEachLineOfFile(fd, (line) => reader.addPart(line), chunkBytes);
    return error !== undefined ? { error } : { value: reader.finish() };
  } finally {
    fs.closeSync(fd);
  }
}

/** a file that cannot be read, in words, with `held` (what it should have held) after it */
/** why recording.json could not be read, in words rather than the system call's error */
function metaReadFault(error: NodeJS.ErrnoException): string {
  if (error.code === 'ENOENT') return 'missing';
  if (error.code === 'EISDIR') return 'it is a directory, not a file';
  if (error.code === 'EACCES' || error.code === 'EPERM') return 'permission denied';
  return error.message;
}

function unreadable(file: string, error: NodeJS.ErrnoException, held: string): string {
  return `${path.basename(file)}: ${error.code === 'ENOENT' ? 'missing' : 'cannot be read'} (${error.code})${held}`;
}


