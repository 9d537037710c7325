// A pod recording as data, apart from the files it lives in (podRecording.ts reads and writes
// those): its metadata, its message lines, the boots of the pod in it. No I/O here, so reports can
// be made in a browser as well (the dashboard's report of a session from the pod's log).
import { BoardDescription, BoardImuScale, PodAxisMap } from '../../boards/boardTypes';
import { SAMPLE_STRIDE } from '../../firmware/core/pipeline';
import { Message } from '../../firmware/protocol/codec';
import { PROTOCOL_VERSION, STATUS_CALIBRATED, STATUS_FORWARD_KNOWN } from '../../firmware/protocol/messageIds';
import { ImuRecording } from './imuRecording';
import { LinkEventName } from './linkEvents';
import { RecordingGap } from './sampleRate';

export const POD_RECORDING_FORMAT = 'lumbarpod-recording';
export const POD_RECORDING_FORMAT_VERSION = 1;
export const MESSAGES_FILE = 'messages.ndjson';
export const RAW_FILE = 'raw.csv';
export const META_FILE = 'recording.json';
export const RAW_CSV_HEADER = 'sample_index,t_ms,gx,gy,gz,ax,ay,az';

/**
 * samples missing from raw.csv: lost on the pod (FIFO overrun), on the link, while the pod was
 * away, across its restart, sent at another rate than the recording's (a restarted pod that could
 * not keep the session's rate in its flash, until set again: the time its samples span), or sent
 * after the host could no longer write (a full disk: always the recording's last gap, up to the
 * last sample the pod said it sent). Cause 'file' is never in recording.json: the reader adds it
 * where raw.csv's rows for samples were damaged after the recording and dropped (rawCsvRows.ts)
 */
export interface PodRecordingGap {
  /** first missing sample index */
  fromSample: number;
  missingSamples: number;
  cause: 'pod' | 'link' | 'disconnect' | 'restart' | 'rate' | 'disk' | 'file';
  /**
   * restart: where the new boot's (or recording's) sample 0 is in raw.csv. The gap's end when its
   * first batch arrived is that sample; later, when the pod came back from being away, its first
   * batch arriving is not
   */
  bootStartSample?: number;
  /**
   * restart: the pod's recording was stopped and started again (its button, or another host) in
   * the boot it ran, rather than a new boot: its detector summarised the old recording's last
   * window before the new one started
   */
  newRecording?: true;
}

export interface PodRecordingCounters {
  /** frames, errors and sequence checks on the host side of the link */
  framesReceived: number;
  frameErrors: number;
  decodeErrors: number;
  missingMessages: number;
  /**
   * messages a sequence gap showed lost that were read back from the pod's log (window summaries
   * and their forms): in the recording after all, so not in missingMessages (absent in recordings
   * made before they were told apart, whose missingMessages counts them)
   */
  recoveredMessages?: number;
  duplicates: number;
  disconnects: number;
  /** the pod's own counters from its last status message */
  podDroppedSamples: number;
  podFramesBad: number;
  podCommandsRejected: number;
}

export interface PodRecordingMeta {
  format: typeof POD_RECORDING_FORMAT;
  formatVersion: number;
  /** board name (boards/) and what it says about the IMU */
  board: string;
  imuPart: string;
  /** "major.minor" from the pod's status, '' when none arrived */
  firmwareVersion: string;
  protocolVersion: number;
  sampleRateHz: number;
  accRangeG: number;
  gyroRangeDps: number;
  scale: BoardImuScale;
  axisMap: PodAxisMap;
  /** running speed the pod computed the vertical ratio with at the start, mm/s (0 = unknown) */
  speedMms: number;
  /** later speeds and the raw.csv sample each held from (absent in recordings made before they were kept) */
  speedChanges?: PodSpeedChange[];
  /** from the pod's last status flags */
  calibration: { stationary: boolean; forwardKnown: boolean };
  /** ISO 8601, host clock */
  startTime: string;
  endTime: string;
  /** raw samples written to raw.csv */
  rawSamples: number;
  gaps: PodRecordingGap[];
  counters: PodRecordingCounters;
  /** false while recording, or when the host stopped before it could close the files */
  complete: boolean;
  /** 'error': the session failed (`failure` says why, and so does the last link event, sessionError, where it could be written) */
  endedBy: 'duration' | 'interrupt' | 'disconnect' | 'stopped' | 'error' | '';
  /** endedBy 'error': why the session failed, in words (absent otherwise, and in recordings made before it was kept here) */
  failure?: string;
}

/** the pod's running speed from raw.csv sample `fromSample` on */
export interface PodSpeedChange {
  fromSample: number;
  speedMms: number;
}

export function podRecordingCountersZero(): PodRecordingCounters {
  return {
    framesReceived: 0, frameErrors: 0, decodeErrors: 0, missingMessages: 0, recoveredMessages: 0, duplicates: 0, disconnects: 0,
    podDroppedSamples: 0, podFramesBad: 0, podCommandsRejected: 0,
  };
}

type StatusMessage = Extract<Message, { type: 'status' }>;

/** the metadata at the start of a session: the board's scale and mounting, +-16 g, +-2000 dps */
export function podRecordingMetaStart(board: BoardDescription, sampleRateHz: number, startEpochMs: number, counters: PodRecordingCounters): PodRecordingMeta {
  return {
    format: POD_RECORDING_FORMAT, formatVersion: POD_RECORDING_FORMAT_VERSION, board: board.name, imuPart: board.imuPart,
    firmwareVersion: '', protocolVersion: PROTOCOL_VERSION, sampleRateHz, accRangeG: 16, gyroRangeDps: 2000, scale: board.scale,
    axisMap: board.axisMap, speedMms: 0, speedChanges: [], calibration: { stationary: false, forwardKnown: false },
    startTime: new Date(startEpochMs).toISOString(), endTime: '', rawSamples: 0, gaps: [], counters, complete: false, endedBy: '',
  };
}

/**
 * What a status message from the pod says for the metadata (firmware version, calibration); it
 * also copies the pod's own counters into `counters`. Nothing without a status.
 */
export function podRecordingMetaFromStatus(status: StatusMessage | undefined, counters: PodRecordingCounters): Partial<PodRecordingMeta> {
  if (status === undefined) return {};
  counters.podDroppedSamples = status.droppedSamples;
  counters.podFramesBad = status.framesBad;
  counters.podCommandsRejected = status.commandsRejected;
  return {
    firmwareVersion: `${status.firmwareMajor}.${status.firmwareMinor}`,
    calibration: { stationary: (status.flags & STATUS_CALIBRATED) !== 0, forwardKnown: (status.flags & STATUS_FORWARD_KNOWN) !== 0 },
  };
}

/** one NDJSON line's object: a decoded message or a link event, with the host's receive time */
export interface PodRecordingLine {
  receivedMs: number;
  type: string;
  [field: string]: unknown;
}

/** JSON of a decoded message for messages.ndjson: typed-array tails as plain arrays, raw samples left out */
export function messageLine(message: { type: string; [field: string]: unknown }, receivedMs: number): PodRecordingLine {
  const line: PodRecordingLine = { receivedMs, type: message.type };
  for (const [key, value] of Object.entries(message)) {
    if (key === 'type') continue;
    if (message.type === 'rawBatch' && key === 'samplesCounts') continue;
    line[key] = ArrayBuffer.isView(value) ? Array.from(value as unknown as ArrayLike<number>) : value;
  }
  return line;
}

/** a link event's line for messages.ndjson */
export function linkEventLine(event: LinkEventName, receivedMs: number, detail: { [field: string]: unknown } = {}): PodRecordingLine {
  // the line's own type and event come last: a detail carrying a `type` of its own (a sequence
  // report) must not turn the line into something readers skip
  return { receivedMs, ...detail, type: 'linkEvent', event };
}

export interface PodRecording {
  dir: string;
  /** recording.json, its gaps with those raw.csv's dropped rows left (cause 'file') among them */
  meta: PodRecordingMeta;
  /** messages.ndjson, line by line (a damaged line, or a last line cut short, is dropped and named in `problems`: messagesNdjsonLines.ts) */
  lines: PodRecordingLine[];
  /** raw.csv samples in FIFO order (gx gy gz ax ay az), with their indices, which rise (a jump is a gap) */
  sampleIndex: Int32Array;
  samplesFifoOrder: Int16Array;
  /** what was wrong but could be read past, in words */
  problems: string[];
  /** raw.csv is not there (deleted, or never copied with the rest) */
  rawFileMissing?: true;
}

/**
 * Why a recording has no raw samples, in words for "no raw samples (...)": raw.csv is missing, or
 * none of the samples recording.json says were written could be read from it (what is left: the
 * pod's own steps and summaries, for `lumbarpod report`); a session `lumbarpod log` read from the
 * pod's flash log holds its window summaries only; otherwise the raw stream was off.
 */
export function podRecordingNoRawReason(recording: PodRecording): string {
  const isLine = (line: PodRecordingLine) => line !== null && typeof line === 'object';
  const written = recording.meta.rawSamples;
  if (written > 0) {
    const fromPod = recording.lines.some((line) => isLine(line) && (line.type === 'step' || line.type === 'summary'));
    return (recording.rawFileMissing ? `${RAW_FILE} is missing, though ${META_FILE} says it held ${written} samples`
      : `none of the ${written} samples ${META_FILE} says were written could be read from ${RAW_FILE}`) +
      (fromPod ? '; `lumbarpod report` still shows the pod\'s own steps and window summaries' : '');
  }
  // a log session's summaries all came from the log; a --no-raw session's came live too
  const summaries = recording.lines.filter((line) => isLine(line) && line.type === 'summary');
  return summaries.length > 0 && summaries.every((line) => line.fromLog === true)
    ? 'a session read from the pod\'s log holds its window summaries only; `lumbarpod report` shows them'
    : 'it was recorded with the raw stream off (--no-raw)';
}

/** the boot of the pod a message line came from: 0 for the first of the session, +1 per restart */
export function podRecordingLineBoot(line: PodRecordingLine): number {
  return typeof line.boot === 'number' && line.boot > 0 ? line.boot : 0;
}

/**
 * Where each boot of the pod starts on the recording's clock, ms (core's clock of the first boot):
 * 0 for the first; for each restart, where raw.csv put the new boot's sample 0 (its restart
 * gap's bootStartSample; in recordings before it, the gap's end) or, in a recording without raw samples, just after the last step or window of the
 * boot before. Add it to a line's tMs, startMs or endMs (its own boot's clock).
 */
export function podRecordingBootOffsetsMs(recording: PodRecording): number[] {
  const lastBoot = recording.lines.reduce((most, line) => Math.max(most, podRecordingLineBoot(line)), 0);
  const lastTimeMs: number[] = new Array(lastBoot + 1).fill(0);
  for (const line of recording.lines) {
    const t = line.type === 'step' ? line.tMs : line.type === 'summary' ? line.endMs : undefined;
    const boot = podRecordingLineBoot(line);
    if (typeof t === 'number' && t > lastTimeMs[boot]) lastTimeMs[boot] = t;
  }
  const restartBoots = podRecordingRestartBoots(recording);
  const offsets = [0];
  for (let boot = 1; boot <= lastBoot; boot++) {
    const gap = restartBoots.find((restart) => restart.boot === boot)?.gap;
    offsets.push(gap !== undefined
      ? ((gap.bootStartSample ?? gap.fromSample + gap.missingSamples) * 1000) / recording.meta.sampleRateHz
      : offsets[boot - 1] + lastTimeMs[boot - 1]);
  }
  return offsets;
}

/**
 * Each restart gap of raw.csv, in sample order, with the boot (the lines' `boot`) whose samples
 * follow it. That is not always the gap's place in order: a boot that sent no raw sample (its own
 * recording stopped by record before its first batch, to be set again) leaves no gap of its own,
 * so the boot after it starts at the same gap. The boot is the one of the gap's first batch; a
 * gap whose batches were all lost to damage, or that only a batch at another rate followed, holds
 * the boot after the one before it.
 */
export function podRecordingRestartBoots(recording: PodRecording): Array<{ gap: PodRecordingGap; boot: number }> {
  const gaps = recording.meta.gaps.filter((gap) => gap.cause === 'restart').sort((a, b) => a.fromSample - b.fromSample);
  const batches = podRecordingBatches(recording);
  let boot = 0;
  return gaps.map((gap, g) => {
    const nextFrom = g + 1 < gaps.length ? gaps[g + 1].fromSample : Infinity;
    const first = batches.find((batch) => batch.firstSample >= gap.fromSample && batch.firstSample < nextFrom);
    boot = first !== undefined && first.boot > boot ? first.boot : boot + 1;
    return { gap, boot };
  });
}

/** a rawBatch line of messages.ndjson, and where raw.csv has its samples */
export interface PodRecordingBatch {
  receivedMs: number;
  /** raw.csv's sample_index of the batch's first sample */
  firstSample: number;
  sampleCount: number;
  /** the boot of the pod it came from, as its line's `boot` */
  boot: number;
}

/**
 * The rawBatch lines in order, each placed in raw.csv. The pod counts its samples from 0 again
 * after a restart (or a new recording its button started), raw.csv counts on: the batches after
 * each restart the recording noted (its `restart` link event, or the boot the lines carry going
 * up) start at the next restart gap's bootStartSample (in recordings before it, the first of them
 * starts where that gap ends), and the batches after it keep that offset. A repeated batch lands
 * where it did the first time. A line lost to damage costs its own batch only: the boot on the
 * lines after it stands in for a lost restart event, bootStartSample for a new boot's lost first batch.
 */
export function podRecordingBatches(recording: PodRecording): PodRecordingBatch[] {
  const restartGaps = recording.meta.gaps.filter((gap) => gap.cause === 'restart').sort((a, b) => a.fromSample - b.fromSample);
  const batches: PodRecordingBatch[] = [];
  let restartsPlaced = 0;
  let restartPending = false;
  /** the boot of the last batch placed */
  let boot = 0;
  /** raw.csv's index minus the pod's, in the boot the batches come from */
  let offset = 0;
  for (const line of recording.lines) {
    if (line.type === 'linkEvent' && line.event === 'restart') restartPending = true;
    // a boot's batches at another rate are in no file's samples, but placed its restart gap
    const atOtherRate = line.type === 'linkEvent' && line.event === 'batchAtOtherRate';
    if (line.type !== 'rawBatch' && !atOtherRate) continue;
    const podFirst = line.firstSampleIndex as number;
    if (podRecordingLineBoot(line) > boot) restartPending = true;
    boot = podRecordingLineBoot(line);
    if (restartPending && restartsPlaced < restartGaps.length) {
      const gap = restartGaps[restartsPlaced++];
      offset = gap.bootStartSample ?? gap.fromSample + gap.missingSamples - podFirst;
    }
    restartPending = false;
    if (atOtherRate) continue;
    batches.push({ receivedMs: line.receivedMs, firstSample: podFirst + offset, sampleCount: line.sampleCount as number, boot });
  }
  return batches;
}

/** the causes recording.json gives its gaps from sample `from` up to `to`, each once, comma-separated */
function gapCauses(gaps: readonly PodRecordingGap[], from: number, to: number): string {
  return gaps.filter((gap) => gap.fromSample >= from && gap.fromSample < to).map((gap) => gap.cause).filter((cause, k, all) => all.indexOf(cause) === k).join(',');
}

/** the raw samples as an ImuRecording (core order ax..gz, index jumps as gaps) for replay and export */
export function podRecordingImu(recording: PodRecording): ImuRecording {
  const meta = recording.meta;
  const count = recording.sampleIndex.length;
  const samplesCounts = new Int16Array(count * SAMPLE_STRIDE);
  const timesMs = new Float64Array(count);
  const msPerSample = 1000 / meta.sampleRateHz;
  const gaps: RecordingGap[] = [];
  let saturated = 0;
  const accFull = meta.scale.accFullScaleCounts;
  const gyroFull = meta.scale.gyroFullScaleCounts;
  for (let i = 0; i < count; i++) {
    const src = recording.samplesFifoOrder.subarray(i * SAMPLE_STRIDE, (i + 1) * SAMPLE_STRIDE);
    const dst = i * SAMPLE_STRIDE;
    samplesCounts.set(src.subarray(3, 6), dst);
    samplesCounts.set(src.subarray(0, 3), dst + 3);
    timesMs[i] = recording.sampleIndex[i] * msPerSample;
    let clipped = false;
    for (let k = 0; k < 3; k++) {
      if (Math.abs(src[3 + k]) >= accFull || Math.abs(src[k]) >= gyroFull) clipped = true;
    }
    if (clipped) saturated++;
    // samples before the first one written (its batch was lost) are a gap from the session's start
    if (i === 0 && recording.sampleIndex[0] > 0) {
      const causes = gapCauses(meta.gaps, 0, recording.sampleIndex[0]);
      gaps.push({ startMs: 0, endMs: timesMs[0], missingSamples: recording.sampleIndex[0], beforeSample: 0, ...(causes !== '' ? { cause: causes } : {}) });
    }
    if (i > 0 && recording.sampleIndex[i] > recording.sampleIndex[i - 1] + 1) {
      const from = recording.sampleIndex[i - 1] + 1;
      // a boot whose samples were all at another rate leaves its restart gap and the next
      // recording's in one jump: the first says how the samples before it ended, the last where
      // the clock of those after it starts
      const restarts = meta.gaps.filter((gap) => gap.cause === 'restart' && gap.fromSample >= from && gap.fromSample < recording.sampleIndex[i]);
      const causes = gapCauses(meta.gaps, from, recording.sampleIndex[i]);
      const ended = restarts[0];
      const restart = restarts[restarts.length - 1];
      gaps.push({
        startMs: timesMs[i - 1], endMs: timesMs[i],
        missingSamples: recording.sampleIndex[i] - from, beforeSample: i,
        ...(causes !== '' ? { cause: causes } : {}),
        ...(restart !== undefined ? {
          // as podRecordingBootOffsetsMs places the boot, to the last bit
          restart: { clockZeroMs: ((restart.bootStartSample ?? recording.sampleIndex[i]) * 1000) / meta.sampleRateHz, finished: ended.newRecording === true },
        } : {}),
      });
    }
  }
  return {
    samplesCounts, timesMs, sampleCount: count, sampleRateHz: meta.sampleRateHz, scale: meta.scale,
    axisMap: meta.axisMap, gaps, saturatedSamples: saturated,
  };
}
