// A pod recording written as a Motion-BIDS dataset (BIDS 1.9 "Motion", BEP029): the lumbar IMU's
// raw samples in SI units on a regular sample grid at the nominal rate, a row of n/a wherever
// samples are missing (the pod samples on a crystal clock, so a lost sample is an empty slot,
// not uneven sampling: no LATENCY channel), its channels, sidecar, events and scans. Adds to an
// existing BIDS dataset in `outDir` (participants.tsv and scans.tsv are merged, row by row).
import * as fs from 'fs';
import * as path from 'path';
import { SAMPLE_STRIDE } from '../../firmware/core/pipeline';
import { META_FILE, PodRecording, PodRecordingBatch, podRecordingBatches, podRecordingLineBoot, podRecordingNoRawReason } from '../recording/podRecording';
import { MotionEntities, bidsSessionDir, bidsSessionStem, motionStem } from './bidsLabels';
import { REFERENCE_FRAME, TRACKED_POINT, formatMotionValue, motionChannels, sensorSpatialAxes } from './motionChannels';
import { eventsJson, eventsTsv, motionEvents } from './motionEvents';

/** the BIDS release whose Motion chapter this follows */
export const BIDS_VERSION = '1.9.0';
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

/** a recording that cannot be exported, or an output directory that cannot take it */
export class MotionBidsExportError extends Error {}

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
interface SampleGrid {
  firstSample: number;
  rows: number;
  /** row -> index into the recording's samples, -1 where missing */
  recordingRow: Int32Array;
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

function motionTsv(recording: PodRecording, grid: SampleGrid): { text: string; missingRows: number } {
  const channels = motionChannels(recording.meta.scale);
  const samples = recording.samplesFifoOrder;
  const naRow = channels.map(() => 'n/a').join('\t') + '\n';
  const parts: string[] = [];
  let missingRows = 0;
  for (let row = 0; row < grid.rows; row++) {
    const i = grid.recordingRow[row];
    if (i < 0) {
      parts.push(naRow);
      missingRows++;
      continue;
    }
    const base = i * SAMPLE_STRIDE;
    parts.push(channels.map((c) => formatMotionValue(samples[base + c.fifoColumn], c.unitsPerCount)).join('\t') + '\n');
  }
  return { text: parts.join(''), missingRows };
}

function channelsTsv(recording: PodRecording): string {
  const rateHz = recording.meta.sampleRateHz;
  const lines = ['name\tcomponent\ttype\ttracked_point\tunits\tsampling_frequency\tplacement\treference_frame\tstatus'];
  for (const c of motionChannels(recording.meta.scale)) {
    lines.push([c.name, c.component, c.type, TRACKED_POINT, c.units, String(rateHz), 'waistband over the sacrum', REFERENCE_FRAME, 'good'].join('\t'));
  }
  return lines.join('\n') + '\n';
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
    SamplingFrequency: m.sampleRateHz,
    SamplingFrequencyEffective: effective ?? m.sampleRateHz,
    RecordingType: 'continuous',
    RecordingDuration: Number((grid.rows / m.sampleRateHz).toFixed(6)),
    MotionChannelCount: channels.length,
    ACCELChannelCount: channels.filter((c) => c.type === 'ACCEL').length,
    GYROChannelCount: channels.filter((c) => c.type === 'GYRO').length,
    TrackedPointsCount: 1,
    MissingValues: 'n/a',
    SubjectArtefactDescription: 'n/a',
    SoftwareFilters: 'n/a',
  };
}

function readTsvRows(file: string): string[][] {
  if (!fs.existsSync(file)) return [];
  return fs.readFileSync(file, 'utf8').split('\n').filter((l) => l !== '').map((l) => l.split('\t'));
}

/**
 * The TSV `file` with `row` (in `header`'s columns) merged in: the row whose first cell is
 * `row[0]` takes the new values and keeps its own in the other columns; a new one has n/a there.
 * Columns the file has beyond `header` (a participant's age, added by hand) are kept, and any of
 * `header` it lacks are added.
 */
function mergeTsv(file: string, header: string[], row: string[]): string {
  const old = readTsvRows(file);
  if (old.length > 0 && old[0][0] !== header[0]) {
    throw new MotionBidsExportError(`${file}: its first column is '${old[0][0]}', not '${header[0]}'; mend or move it, so that no row in it is lost`);
  }
  const columns = old.length > 0 ? old[0].slice() : [];
  for (const name of header) if (columns.indexOf(name) < 0) columns.push(name);
  const rows = old.slice(1).map((r) => columns.map((_, i) => (i < r.length ? r[i] : 'n/a')));
  let target = rows.find((r) => r[0] === row[0]);
  if (target === undefined) {
    target = columns.map(() => 'n/a');
    rows.push(target);
  }
  for (let i = 0; i < header.length; i++) target[columns.indexOf(header[i])] = row[i];
  rows.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return [columns, ...rows].map((r) => r.join('\t')).join('\n') + '\n';
}

/** the files `export` writes for one recording, after its stem */
const MOTION_FILE_SUFFIXES = ['_motion.tsv', '_motion.json', '_channels.tsv', '_channels.json', '_events.tsv', '_events.json'];

/** renames the recording of `entities` with no run number to run 1, its scans.tsv row too */
function numberRunOne(outDir: string, entities: MotionEntities): void {
  const motionDir = path.join(outDir, bidsSessionDir(entities), 'motion');
  const from = motionStem({ ...entities, run: undefined });
  const to = motionStem({ ...entities, run: 1 });
  for (const suffix of MOTION_FILE_SUFFIXES) {
    if (fs.existsSync(path.join(motionDir, from + suffix))) fs.renameSync(path.join(motionDir, from + suffix), path.join(motionDir, to + suffix));
  }
  const scans = path.join(outDir, bidsSessionDir(entities), `${bidsSessionStem(entities)}_scans.tsv`);
  const rows = readTsvRows(scans);
  if (rows.length === 0) return;
  for (const row of rows) if (row[0] === `motion/${from}_motion.tsv`) row[0] = `motion/${to}_motion.tsv`;
  fs.writeFileSync(scans, rows.map((r) => r.join('\t')).join('\n') + '\n');
}

function checkOutDir(outDir: string): void {
  if (!fs.existsSync(outDir)) return;
  if (!fs.statSync(outDir).isDirectory()) throw new MotionBidsExportError(`${outDir} exists and is not a directory`);
  const entries = fs.readdirSync(outDir);
  if (entries.length > 0 && !entries.includes('dataset_description.json')) {
    throw new MotionBidsExportError(`${outDir} is not empty and not a BIDS dataset (no dataset_description.json): give another --out`);
  }
}

/** writes the recording into the BIDS dataset at `outDir` (created, or added to) */
export function exportMotionBids(recording: PodRecording, outDir: string, options: MotionBidsOptions = {}): MotionBidsExportResult {
  const entities: MotionEntities = {
    subject: options.subject ?? DEFAULT_SUBJECT,
    session: options.session,
    task: options.task ?? DEFAULT_TASK,
    trackingSystem: options.trackingSystem ?? TRACKING_SYSTEM,
    run: options.run,
  };
  if (!(recording.meta.sampleRateHz > 0)) throw new MotionBidsExportError(`${recording.dir}: sampleRateHz must be above 0`);
  checkOutDir(outDir);
  const grid = sampleGrid(recording);
  // a session read from the pod's log may have no start time, but it has no samples to export either
  if (!Number.isFinite(Date.parse(recording.meta.startTime))) {
    throw new MotionBidsExportError(`${recording.dir}: ${META_FILE} has no startTime, which the acquisition time of its samples (scans.tsv acq_time) is taken from`);
  }
  const motion = motionTsv(recording, grid);
  const events = motionEvents(recording, grid.firstSample, grid.rows);
  const sessionDir = bidsSessionDir(entities);
  const stem = motionStem(entities);
  const motionDir = `${sessionDir}/motion`;
  const motionFileOf = (run: number | undefined) => path.join(outDir, motionDir, `${motionStem({ ...entities, run })}_motion.tsv`);
  let free = 1;
  while (fs.existsSync(motionFileOf(free))) free++;
  const unnumbered = fs.existsSync(motionFileOf(undefined));
  if (unnumbered && free === 1) free = 2;
  if (fs.existsSync(motionFileOf(entities.run)) || (entities.run === undefined && free > 1) || (unnumbered && entities.run === 1)) {
    throw new MotionBidsExportError(
      `${unnumbered ? motionFileOf(undefined) : motionFileOf(entities.run ?? free - 1)} exists: another recording of sub-${entities.subject}, task ${entities.task}; ` +
      `add this one as another run (--run ${free}${unnumbered ? '; the one there then becomes run 1' : ''}), or give another --subject, --session or --task`,
    );
  }
  // runs are numbered all or none (a sidecar without run- would apply to every run, the
  // Inheritance Principle): the recording already there without a number becomes run 1
  if (unnumbered && fs.existsSync(motionFileOf(1))) {
    throw new MotionBidsExportError(`${motionFileOf(undefined)} and ${motionFileOf(1)} both exist: give one of them another run number by hand first`);
  }
  if (unnumbered) numberRunOne(outDir, entities);
  const files: { [rel: string]: string } = {};
  const json = (value: object): string => JSON.stringify(value, null, 2) + '\n';

  const descriptionFile = path.join(outDir, 'dataset_description.json');
  if (!fs.existsSync(descriptionFile)) {
    files['dataset_description.json'] = json({
      Name: 'LumbarPod recordings',
      BIDSVersion: BIDS_VERSION,
      DatasetType: 'raw',
      GeneratedBy: [{ Name: 'lumbarpod', Version: options.toolVersion ?? 'unknown', Description: 'lumbarpod export --bids: a LumbarPod recording (raw.csv, recording.json, messages.ndjson) as Motion-BIDS' }],
    });
    files['README'] = [
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
    ].join('\n');
  }
  files['participants.tsv'] = mergeTsv(path.join(outDir, 'participants.tsv'), ['participant_id'], [`sub-${entities.subject}`]);
  if (!fs.existsSync(path.join(outDir, 'participants.json'))) {
    files['participants.json'] = json({ participant_id: { Description: 'Unique participant identifier' } });
  }
  files[`${motionDir}/${stem}_motion.tsv`] = motion.text;
  files[`${motionDir}/${stem}_motion.json`] = json(motionJson(recording, entities.task, grid));
  files[`${motionDir}/${stem}_channels.tsv`] = channelsTsv(recording);
  files[`${motionDir}/${stem}_channels.json`] = json(channelsJson(recording));
  files[`${motionDir}/${stem}_events.tsv`] = eventsTsv(events);
  files[`${motionDir}/${stem}_events.json`] = json(eventsJson());
  const scansFile = `${sessionDir}/${bidsSessionStem(entities)}_scans.tsv`;
  const acqTime = bidsDateTime(hostTimeOfSampleMs(recording, grid.firstSample));
  files[scansFile] = mergeTsv(path.join(outDir, scansFile), ['filename', 'acq_time'], [`motion/${stem}_motion.tsv`, acqTime]);
  if (!fs.existsSync(path.join(outDir, sessionDir, `${bidsSessionStem(entities)}_scans.json`))) {
    files[`${sessionDir}/${bidsSessionStem(entities)}_scans.json`] = json({
      acq_time: { Description: 'Host clock (UTC) at the first sample of the file, from the receive time of the serial frame that carried it (to within the link latency, a few ms).' },
    });
  }

  for (const [rel, text] of Object.entries(files)) {
    const file = path.join(outDir, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  }
  return { outDir, files: Object.keys(files), rows: grid.rows, missingRows: motion.missingRows, events: events.length };
}
