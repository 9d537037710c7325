// A pod recording written as a Motion-BIDS dataset (BIDS 1.9 "Motion", BEP029): the lumbar IMU's
// raw samples in SI units on a regular sample grid at the nominal rate, a row of n/a wherever
// samples are missing (the pod samples on a crystal clock, so a lost sample is an empty slot,
// not uneven sampling: no LATENCY channel), its channels, sidecar, events and scans, added to
// the BIDS dataset in `outDir` (motionBidsDataset.ts).
import { SAMPLE_STRIDE } from '../../firmware/core/pipeline';
import { META_FILE, PodRecording, PodRecordingBatch, podRecordingBatches, podRecordingLineBoot, podRecordingNoRawReason } from '../recording/podRecording';
import { MotionEntities } from './bidsLabels';
import { BIDS_VERSION, MotionBidsExportError, checkMotionBidsOutDir, writeMotionBidsRecording } from './motionBidsDataset';
import { REFERENCE_FRAME, channelsTsvText, formatMotionValue, motionChannels, motionJsonRecordingFields, sensorSpatialAxes } from './motionChannels';
import { eventsJson, eventsTsv, motionEvents } from './motionEvents';
import { MotionGrid, motionMissingRows, writeMotionTsv } from './motionRows';

export const DEFAULT_TASK = 'running';
export const DEFAULT_SUBJECT = '01';
/** tracksys label: one tracking system, the pod's IMU */
export const TRACKING_SYSTEM = 'lumbarpod';
/** shortest span of the pod's clock over which the effective sample rate is worth measuring, s */
const EFFECTIVE_RATE_MIN_SPAN_S = 10;

export interface MotionBidsOptions extends Partial<MotionEntities> {
  /** GeneratedBy version (the host tools' package version) */
  toolVersion?: string;
}

export { BIDS_VERSION, MotionBidsExportError };

export interface MotionBidsExportResult {
  outDir: string;
  /** files written, relative to outDir */
  files: string[];
  rows: number;
  /** rows written as n/a */
  missingRows: number;
  events: number;
}

/**
 * the recording's samples on the sample grid: row r holds sample index firstSample + r, or -1;
 * from the first sample received to the last, or to the end of a gap after it
 */
interface SampleGrid extends MotionGrid {
  firstSample: number;
}

function sampleGrid(recording: PodRecording): SampleGrid {
  const idx = recording.sampleIndex;
  if (idx.length === 0) throw new MotionBidsExportError(`${recording.dir}: no raw samples to export (${podRecordingNoRawReason(recording)})`);
  const firstSample = idx[0];
  // a gap at the end (the last batches lost, or the pod away until the recording stopped) is
  // rows of n/a as one in the middle is: its events.tsv row then falls in the file, as they say
  let endSample = idx[idx.length - 1] + 1;
  for (const gap of recording.meta.gaps) if (gap.fromSample >= firstSample) endSample = Math.max(endSample, gap.fromSample + gap.missingSamples);
  const rows = endSample - firstSample;
  const recordingRow = new Int32Array(rows).fill(-1);
  // readPodRecording keeps only rows whose indices rise (it drops the others), so each has a row of its own
  for (let i = 0; i < idx.length; i++) recordingRow[idx[i] - firstSample] = i;
  return { firstSample, rows, recordingRow };
}

/**
 * the host clock at raw.csv's `sample`, from the receive time of the raw batch that carried it
 * (after a restart the pod's own sample indices count from 0 again: raw.csv's are not the pod's).
 * A sample whose batch line was lost (messages.ndjson damaged) is dated from the next batch of
 * its boot, as many sample periods before that batch's last sample: within the jitter of the link.
 */
function hostTimeOfSampleMs(recording: PodRecording, sample: number): number {
  const startMs = Date.parse(recording.meta.startTime);
  const msPerSample = 1000 / recording.meta.sampleRateHz;
  const restartStarts = recording.meta.gaps.filter((gap) => gap.cause === 'restart').map((gap) => gap.fromSample);
  let later: PodRecordingBatch | undefined;
  for (const batch of podRecordingBatches(recording)) {
    const end = batch.firstSample + batch.sampleCount;
    // a batch leaves the pod when its last sample is in the FIFO
    if (sample >= batch.firstSample && sample < end) return startMs + batch.receivedMs - (end - 1 - sample) * msPerSample;
    if (batch.firstSample > sample && (later === undefined || batch.firstSample < later.firstSample)) later = batch;
  }
  const next = later;
  if (next !== undefined && !restartStarts.some((from) => from > sample && from < next.firstSample)) {
    return startMs + next.receivedMs - (next.firstSample + next.sampleCount - 1 - sample) * msPerSample;
  }
  return startMs;
}

/**
 * samples per second of the pod's clock over the recording, when it is long enough to tell: the
 * pod's sample count against the pod's time of its batches within each stretch where that count ran on (a
 * restart, or a recording stopped and started on the pod, counts from 0 again; a new boot the
 * host got back only after a while may have counted past the old one's samples), summed
 */
function effectiveRateHz(recording: PodRecording): number | undefined {
  let samples = 0;
  let spanMs = 0;
  let first: PodRecording['lines'][number] | undefined;
  let last: PodRecording['lines'][number] | undefined;
  const endOf = (batch: PodRecording['lines'][number]) => (batch.firstSampleIndex as number) + (batch.sampleCount as number);
  const stretchEnds = () => {
    if (first === undefined || last === undefined) return;
    samples += endOf(last) - endOf(first);
    // the pod's clock (its crystal), not the host's: no serial latency in it, and a simulated pod
    // running faster than real time keeps its own time
    spanMs += ((last.deviceTimeMs as number) - (first.deviceTimeMs as number)) >>> 0;
  };
  let restarted = false;
  for (const line of recording.lines) {
    if (line.type === 'linkEvent' && line.event === 'restart') restarted = true;
    if (line.type !== 'rawBatch') continue;
    // a new boot on the lines says so too, where its restart event was lost to a damaged line
    if (last !== undefined && podRecordingLineBoot(line) > podRecordingLineBoot(last)) restarted = true;
    if (last !== undefined && (restarted || (line.firstSampleIndex as number) < endOf(last))) {
      stretchEnds();
      first = undefined;
    }
    restarted = false;
    if (first === undefined) first = line;
    last = line;
  }
  stretchEnds();
  if (!(spanMs / 1000 >= EFFECTIVE_RATE_MIN_SPAN_S)) return undefined;
  return Number(((samples * 1000) / spanMs).toFixed(4));
}

/** BIDS date time with microseconds, UTC: YYYY-MM-DDThh:mm:ss.ffffffZ */
function bidsDateTime(ms: number): string {
  const whole = Math.floor(ms);
  const micros = Math.min(999, Math.round((ms - whole) * 1000));
  const iso = new Date(whole).toISOString(); // ...ss.mmmZ
  return iso.slice(0, 23) + String(micros).padStart(3, '0').slice(0, 3) + 'Z';
}

function writeRecordingMotionTsv(file: string, recording: PodRecording, grid: SampleGrid): void {
  const channels = motionChannels(recording.meta.scale);
  const samples = recording.samplesFifoOrder;
  writeMotionTsv(file, grid, channels.length, (i) => {
    const base = i * SAMPLE_STRIDE;
    return channels.map((c) => formatMotionValue(samples[base + c.fifoColumn], c.unitsPerCount)).join('\t');
  });
}

function channelsTsv(recording: PodRecording): string {
  return channelsTsvText(motionChannels(recording.meta.scale), recording.meta.sampleRateHz, { placement: 'waistband over the sacrum', status: 'good' });
}

function channelsJson(recording: PodRecording): object {
  const m = recording.meta;
  return {
    reference_frame: {
      Description: 'Reference frame of the channel.',
      Levels: {
        [REFERENCE_FRAME]: {
          Description: `The IMU's own axes (${m.imuPart}), not rotated. SpatialAxes give where they point with the pod in its nominal mounting on board ${m.board} (clipped to the waistband, over the sacrum); the wearer may have worn it tilted or turned.`,
          SpatialAxes: sensorSpatialAxes(m.axisMap),
          RotationRule: 'right-hand',
        },
      },
    },
    placement: { Description: 'Where on the body the tracked point is.' },
  };
}

const MODELS: { [board: string]: { manufacturer: string; model: string } } = {
  puckjs2: { manufacturer: 'Espruino (Pur3 Ltd)', model: 'Puck.js v2' },
  sim: { manufacturer: 'LumbarPod', model: 'simulated Puck.js v2 (LumbarPod device simulator)' },
};

function motionJson(recording: PodRecording, task: string, grid: SampleGrid): object {
  const m = recording.meta;
  const model = MODELS[m.board];
  const effective = effectiveRateHz(recording);
  const channels = motionChannels(m.scale);
  return {
    TaskName: task,
    TaskDescription: 'Running (or walking) with a LumbarPod: one 6-axis IMU clipped to the waistband over the lower back.',
    TrackingSystemName: `LumbarPod ${m.board}`,
    Manufacturer: model ? model.manufacturer : m.board,
    ManufacturersModelName: `${model ? model.model : m.board}, IMU ${m.imuPart} (+-${m.accRangeG} g, +-${m.gyroRangeDps} deg/s)`,
    SoftwareVersions: m.firmwareVersion !== '' ? `LumbarPod firmware ${m.firmwareVersion}, protocol ${m.protocolVersion}` : `LumbarPod protocol ${m.protocolVersion}`,
    ...motionJsonRecordingFields(m.sampleRateHz, effective ?? m.sampleRateHz, grid.rows, channels),
  };
}

/** the file names' entities: the options', the defaults where they give none */
export function motionEntitiesOf(options: MotionBidsOptions, defaultTrackingSystem: string): MotionEntities {
  return {
    subject: options.subject ?? DEFAULT_SUBJECT,
    session: options.session,
    task: options.task ?? DEFAULT_TASK,
    trackingSystem: options.trackingSystem ?? defaultTrackingSystem,
    run: options.run,
  };
}

/** writes the recording into the BIDS dataset at `outDir` (created, or added to) */
export function exportMotionBids(recording: PodRecording, outDir: string, options: MotionBidsOptions = {}): MotionBidsExportResult {
  const entities = motionEntitiesOf(options, TRACKING_SYSTEM);
  if (!(recording.meta.sampleRateHz > 0)) throw new MotionBidsExportError(`${recording.dir}: sampleRateHz must be above 0`);
  checkMotionBidsOutDir(outDir);
  const grid = sampleGrid(recording);
  // a session read from the pod's log may have no start time, but it has no samples to export either
  if (!Number.isFinite(Date.parse(recording.meta.startTime))) {
    throw new MotionBidsExportError(`${recording.dir}: ${META_FILE} has no startTime, which the acquisition time of its samples (scans.tsv acq_time) is taken from`);
  }
  const events = motionEvents(recording, grid.firstSample, grid.rows);
  const files = writeMotionBidsRecording(outDir, entities, {
    motionTsv: (file) => writeRecordingMotionTsv(file, recording, grid),
    motionJson: motionJson(recording, entities.task, grid),
    channelsTsv: channelsTsv(recording),
    channelsJson: channelsJson(recording),
    eventsTsv: eventsTsv(events),
    eventsJson: eventsJson(),
    acqTime: {
      value: bidsDateTime(hostTimeOfSampleMs(recording, grid.firstSample)),
      description: 'Host clock (UTC) at the first sample of the file, from the receive time of the serial frame that carried it (to within the link latency, a few ms).',
    },
    dataset: {
      name: 'LumbarPod recordings',
      generatedBy: 'lumbarpod export --bids: a LumbarPod recording (raw.csv, recording.json, messages.ndjson) as Motion-BIDS',
      readme: [
        'LumbarPod recordings (Motion-BIDS)',
        '',
        'Each motion file holds the raw samples of one LumbarPod: a 6-axis IMU (accelerometer and',
        'gyroscope) clipped to the waistband over the lower back, in SI units on the IMU\'s own axes',
        '(channels.json gives where they point in the nominal mounting). One row per sample period at',
        'the nominal sampling frequency; a row of n/a is a sample lost on the pod or on the link, and',
        'events.tsv lists those stretches (samples_missing) together with the steps the pod detected (or, recorded raw only, its detector run here: detected_by replay).',
        '',
        'Written by `lumbarpod export --bids` from a recording made with `lumbarpod record`.',
        '',
      ],
    },
  }, options.toolVersion);
  return { outDir, files, rows: grid.rows, missingRows: motionMissingRows(grid), events: events.length };
}
