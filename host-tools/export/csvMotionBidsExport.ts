// An IMU CSV from another device (as `lumbarpod replay FILE.csv` reads it) written as a
// Motion-BIDS recording: the file's own values in SI units on the sample grid its time stamps give,
// a row of n/a for each sample it lacks (a jump in its stamps, a line with a missing value, before
// its first whole sample and after its last too: the rows cover the file's lines), and
// the steps the detector finds in it, from the replay the CLI runs, as events. What only a pod
// recording knows (the device, where it sat, the acquisition time, why samples were lost) is left
// out or written as not known, never filled with the pod's defaults; so is the task, which where
// none is given is named from the steps found (csvTaskOf), not taken to be the pod's running.
import * as path from 'path';
import { formatPodAxisMap } from '../recording/axisMap';
import { dateTimeAfter, parseDateTimeStamp } from '../recording/dateTimeStamp';
import { MissingAtEnds } from '../recording/csvImport';
import { ImuRecording } from '../recording/imuRecording';
import { ReplayResult, ReplaySettingsError, replayRecording } from '../replay/replayRecording';
import { KIND_RUNNING, StepRecord } from '../../firmware/core/stepRecord';
import { CsvSampleValues } from './csvSampleValues';
import { MotionBidsExportError, checkMotionBidsOutDir, writeMotionBidsRecording } from './motionBidsDataset';
import { MotionBidsExportResult, MotionBidsOptions, motionEntitiesOf } from './motionBidsExport';
import { REFERENCE_FRAME, channelsTsvText, formatMotionNumber, motionChannels, motionJsonRecordingFields, sensorSpatialAxes } from './motionChannels';
import { EVENT_COLUMNS, EventColumn, MotionEvent, eventsJson, eventsTsv, motionRowOf, samplesMissingEvent, stepEvent } from './motionEvents';
import { MotionGrid, motionMissingRows, writeMotionTsv } from './motionRows';

/** tracksys label of a CSV's IMU: a tracking system of its own, not the pod's */
export const CSV_TRACKING_SYSTEM = 'imu';

export interface CsvMotionSource {
  /** the file as given: named in the sidecar and in errors */
  file: string;
  /** the file's import (recording/csvImport.ts), from which the detector ran */
  recording: ImuRecording;
  /** the file's own values of those samples (csvSampleValues.ts) */
  values: CsvSampleValues;
  /** the rate the time stamps keep (samples and those lost over their time), Hz; undefined below 2 samples */
  stampsRateHz: number | undefined;
  /** the sensor axes' directions on the body were given (--axes); otherwise the board's mounting was only assumed */
  axesGiven: boolean;
  /** the lines with a missing value before the first sample and after the last (the import's) */
  missingAtEnds?: MissingAtEnds;
}

/** why a CSV's samples are missing: its stamps or its lines show where, not why */
const CAUSE_NOT_KNOWN = 'n/a';

/** events.json of a CSV: the pod recording's columns, described as a CSV's events are found */
const CSV_EVENT_DESCRIPTIONS: { [name: string]: Partial<EventColumn> } = {
  onset: { description: 'Time of the event from the first row of the motion file, on its sample grid (row / SamplingFrequency, the time stamps\' clock); a step\'s initial contact can be extrapolated a few ms before the first row.' },
  trial_type: {
    levels: {
      step: 'Initial contact of a foot, found when exporting by the LumbarPod firmware\'s detector core run over the file\'s samples (as `lumbarpod replay` runs it), which reads them as from an IMU on the lower back.',
      samples_missing: 'Samples the file lacks: its time stamps jump over them, or their lines hold a missing value (empty, NaN). The rows of the motion file in this interval are n/a.',
    },
  },
  side: { description: 'Foot in contact for a step as the detector classified it.' },
  cause: {
    description: 'Why samples are missing, where the file shows it: clockRestart, its time stamps started again (as a logger that restarted; how long the recording stopped is not known, so the event lasts 0 s and no row is missing); n/a, not known from a CSV file.',
  },
  detected_by: {
    levels: {
      replay: 'by the LumbarPod firmware\'s detector core run over the file\'s samples when exporting',
      'n/a': 'not a step',
    },
  },
};

const CSV_EVENT_COLUMNS: EventColumn[] = EVENT_COLUMNS.map((c) => ({ ...c, ...CSV_EVENT_DESCRIPTIONS[c.name] }));

/**
 * rate of the motion file's rows: the time stamps' clock, on which the gaps were counted and the
 * steps placed; a rate off whole Hz to 4 decimals, as written (0.00005 Hz: at 100 Hz, under 2 ms an hour)
 */
function gridRateHz(recording: ImuRecording): number {
  return recording.stampRateHz !== undefined ? Number(recording.stampRateHz.toFixed(4)) : recording.sampleRateHz;
}

/**
 * The rows of n/a for the lines with a missing value beyond a sample, `offsetsMs` their stamps
 * from its stamp, nearest it first: as many as the farthest line's stamp is periods away, and at
 * least one a line (a line with no stamp, or one out of order, is the row after the one before it)
 */
function rowsBeyond(offsetsMs: Array<number | undefined>, periodMs: number): number {
  let rows = 0;
  for (const ms of offsetsMs) rows = Math.max(rows + 1, ms === undefined ? 0 : Math.round(Math.abs(ms) / periodMs));
  return rows;
}

/** the n/a rows before the first sample and after the last, for the lines with a missing value there */
export function csvEdgeRows(missing: MissingAtEnds | undefined, periodMs: number): { before: number; after: number } {
  if (missing === undefined) return { before: 0, after: 0 };
  // before the first sample, the nearest line is the last
  return { before: rowsBeyond([...missing.beforeFirstMs].reverse(), periodMs), after: rowsBeyond(missing.afterLastMs, periodMs) };
}

type CsvGrid = MotionGrid & { rowOfSample: Int32Array; rowsBefore: number; rowsAfter: number };

/**
 * each sample at its row, after as many n/a rows as the gaps before it lost, and the lines with a
 * missing value before the first sample (`edges.before` rows) and after the last
 */
function csvGrid(recording: ImuRecording, edges: { before: number; after: number }): CsvGrid {
  const rowOfSample = new Int32Array(recording.sampleCount);
  let missingBefore = edges.before;
  let g = 0;
  for (let i = 0; i < recording.sampleCount; i++) {
    while (g < recording.gaps.length && recording.gaps[g].beforeSample <= i) missingBefore += recording.gaps[g++].missingSamples;
    rowOfSample[i] = i + missingBefore;
  }
  const rows = recording.sampleCount === 0 ? 0 : rowOfSample[recording.sampleCount - 1] + 1 + edges.after;
  const recordingRow = new Int32Array(rows).fill(-1);
  for (let i = 0; i < recording.sampleCount; i++) recordingRow[rowOfSample[i]] = i;
  return { rows, recordingRow, rowOfSample, rowsBefore: edges.before, rowsAfter: edges.after };
}

/**
 * What the clock restarts before `tMs` (on the recording clock) put between their stretches beyond
 * one row's `periodMs`: the recording clock places a stretch after a restart 1 s after the one
 * before (RESTART_PLACEMENT_MS), where the rows run on, as no sample is counted lost there.
 */
function clockRestartsBeforeMs(recording: ImuRecording, tMs: number, periodMs: number): number {
  let ms = 0;
  for (const gap of recording.gaps) {
    // a step of the stretch after it may be extrapolated to a little before its first sample
    if (gap.cause === 'clockRestart' && tMs > (gap.startMs + gap.endMs) / 2) ms += gap.endMs - gap.startMs - periodMs;
  }
  return ms;
}

/** the detector run over the file's samples, as `lumbarpod replay` runs it */
function csvReplay(source: CsvMotionSource): ReplayResult {
  try {
    return replayRecording(source.recording);
  } catch (err) {
    if (err instanceof ReplaySettingsError) throw new MotionBidsExportError(`${source.file}: ${err.message}`);
    throw err;
  }
}

/** task label of a CSV whose steps are mostly running ones (as many running steps as walking, or more) */
export const CSV_RUNNING_TASK = 'running';
/** task label of a CSV whose steps are mostly walking ones */
export const CSV_WALKING_TASK = 'walking';
/** task label of a CSV in which the detector finds no step: what was done is not known */
export const CSV_NO_STEPS_TASK = 'unknown';

/** the task of a CSV exported without one, and the steps it was named from */
export interface CsvTaskChoice {
  task: string;
  runningSteps: number;
  walkingSteps: number;
}

/**
 * The task label of a CSV exported without --task, from the steps the detector finds in it: a
 * pod is worn to run, a CSV of another device may be of a walk (a gait lab's trial) or of
 * anything else. Running where the running steps are as many as the walking ones or more (a run
 * with a walk before and after it), walking where fewer (a walk with a few strides taken as
 * running), and unknown where there are none
 */
export function csvTaskOf(steps: readonly StepRecord[]): CsvTaskChoice {
  const runningSteps = steps.filter((step) => step.kind === KIND_RUNNING).length;
  const walkingSteps = steps.length - runningSteps;
  const task = steps.length === 0 ? CSV_NO_STEPS_TASK : runningSteps >= walkingSteps ? CSV_RUNNING_TASK : CSV_WALKING_TASK;
  return { task, runningSteps, walkingSteps };
}

/** said of a task named from the steps: which, and why */
export function csvTaskText(choice: CsvTaskChoice): string {
  const found = choice.runningSteps + choice.walkingSteps === 0
    ? 'the detector finds no steps in it'
    : `the detector finds ${choice.runningSteps} running and ${choice.walkingSteps} walking step${choice.walkingSteps === 1 ? '' : 's'} in it`;
  return `task ${choice.task}: ${found} (--task names the task)`;
}

/** the detector's steps, as `lumbarpod replay` finds them, and the stretches of missing rows */
function csvEvents(source: CsvMotionSource, replay: ReplayResult, grid: CsvGrid): MotionEvent[] {
  const recording = source.recording;
  const rateHz = gridRateHz(recording);
  const events: MotionEvent[] = [];
  // replay's step times are on the recording clock, which starts at the first sample's stamp: the
  // row after the n/a rows of the lines before it
  const firstMs = recording.timesMs[0];
  const firstRowS = grid.rowsBefore / rateHz;
  for (const step of replay.coreSteps) {
    const onsetS = firstRowS + (step.tMs - firstMs - clockRestartsBeforeMs(recording, step.tMs, 1000 / rateHz)) / 1000;
    events.push(stepEvent({ ...step, detectedBy: 'replay' }, onsetS, motionRowOf(onsetS, rateHz, grid.rows)));
  }
  for (const gap of recording.gaps) {
    const fromRow = grid.rowOfSample[gap.beforeSample] - gap.missingSamples;
    events.push(samplesMissingEvent(fromRow / rateHz, gap.missingSamples / rateHz, gap.cause ?? CAUSE_NOT_KNOWN, fromRow));
  }
  // the lines with a missing value before the first sample and after the last, as those between
  if (grid.rowsBefore > 0) events.push(samplesMissingEvent(0, grid.rowsBefore / rateHz, CAUSE_NOT_KNOWN, 0));
  if (grid.rowsAfter > 0) {
    const fromRow = grid.rows - grid.rowsAfter;
    events.push(samplesMissingEvent(fromRow / rateHz, grid.rowsAfter / rateHz, CAUSE_NOT_KNOWN, fromRow));
  }
  return events.sort((a, b) => a.onsetS - b.onsetS);
}

function motionJson(source: CsvMotionSource, task: string, chosen: CsvTaskChoice | undefined, rows: number): object {
  const recording = source.recording;
  const rateHz = gridRateHz(recording);
  const channels = motionChannels(recording.scale);
  const name = path.basename(source.file);
  // no Manufacturer, ManufacturersModelName or SoftwareVersions: a CSV does not say what wrote it
  return {
    TaskName: task,
    TaskDescription: `Samples of one 6-axis IMU (accelerometer and gyroscope) read from the CSV file ${name}; events.tsv holds the steps the LumbarPod detector finds in them, which reads them as from an IMU on the lower back.` +
      (chosen === undefined ? '' : ` No task was given when exporting: the task label is named from those steps (${chosen.runningSteps} running, ${chosen.walkingSteps} walking): running where the running steps are as many as the walking ones or more, walking where fewer, unknown where there are none.`),
    TrackingSystemName: `IMU of ${name}`,
    ...motionJsonRecordingFields(rateHz, source.stampsRateHz !== undefined ? Number(source.stampsRateHz.toFixed(4)) : rateHz, rows, channels),
  };
}

function channelsJson(source: CsvMotionSource): object {
  const name = path.basename(source.file);
  const axes = source.axesGiven
    ? {
      Description: `The axes of the IMU that wrote ${name} (its columns ax, ay, az and gx, gy, gz), not rotated. SpatialAxes give where they point on the body, as given when exporting (--axes ${formatPodAxisMap(source.recording.axisMap)}).`,
      SpatialAxes: sensorSpatialAxes(source.recording.axisMap),
      RotationRule: 'right-hand',
    }
    : { Description: `The axes of the IMU that wrote ${name} (its columns ax, ay, az and gx, gy, gz), not rotated. Where they point on the body is not known.` };
  return {
    reference_frame: {
      Description: 'Reference frame of the channel.',
      Levels: { [REFERENCE_FRAME]: axes },
    },
  };
}

/**
 * scans.tsv acq_time of the first row, where the file's stamps are date-times: the first sample's,
 * in UTC where they give a zone, else as the logger's local time (BIDS: no Z); where n/a rows come
 * before it (lines with a missing value), that many periods earlier. Stamps that count from their
 * own zero give no date, so no acq_time.
 */
function csvAcqTime(recording: ImuRecording, rowsBefore: number): { acqTime?: { value: string; description: string } } {
  const first = recording.startTime === undefined ? undefined : parseDateTimeStamp(recording.startTime);
  if (first === undefined) return {};
  const stamp = rowsBefore === 0
    ? 'The date-time stamp of the first sample, as the CSV file writes it'
    : `The time of the first row: the date-time stamp of the first whole sample, as the CSV file writes it, less the ${rowsBefore} sample period${rowsBefore === 1 ? '' : 's'} of the n/a rows before it (lines with a missing value)`;
  return {
    acqTime: {
      value: dateTimeAfter(first, recording.timesMs[0] - (rowsBefore * 1000) / gridRateHz(recording)),
      description: first.zone === ''
        ? `${stamp}: the local time of the device that wrote it (the file gives no time zone).`
        : `${stamp}, in UTC.`,
    },
  };
}

/**
 * Writes the CSV's samples and steps into the BIDS dataset at `outDir` (created, or added to);
 * without options.task, the task is named from the steps (csvTaskOf), as the result's taskChosen says
 */
export function exportCsvMotionBids(source: CsvMotionSource, outDir: string, options: MotionBidsOptions = {}): MotionBidsExportResult & { taskChosen?: CsvTaskChoice } {
  const recording = source.recording;
  if (recording.sampleCount === 0) throw new MotionBidsExportError(`${source.file}: no samples to export`);
  checkMotionBidsOutDir(outDir);
  const replay = csvReplay(source);
  const chosen = options.task === undefined ? csvTaskOf(replay.coreSteps) : undefined;
  const entities = motionEntitiesOf(chosen === undefined ? options : { ...options, task: chosen.task }, CSV_TRACKING_SYSTEM);
  const grid = csvGrid(recording, csvEdgeRows(source.missingAtEnds, 1000 / gridRateHz(recording)));
  const channels = motionChannels(recording.scale);
  const values = source.values;
  const sampleLine = (i: number): string =>
    channels.map((c, k) => formatMotionNumber(values.valueSi(i, k), values.decimals[c.type === 'ACCEL' ? 0 : 1])).join('\t');
  const events = csvEvents(source, replay, grid);
  const files = writeMotionBidsRecording(outDir, entities, {
    motionTsv: (file) => writeMotionTsv(file, grid, channels.length, sampleLine),
    motionJson: motionJson(source, entities.task, chosen, grid.rows),
    channelsTsv: channelsTsvText(channels, gridRateHz(recording)),
    channelsJson: channelsJson(source),
    eventsTsv: eventsTsv(events),
    eventsJson: eventsJson(CSV_EVENT_COLUMNS),
    ...csvAcqTime(recording, grid.rowsBefore),
    dataset: {
      name: 'IMU recordings',
      generatedBy: 'lumbarpod export --bids: an IMU CSV file (time stamps, accelerometer, gyroscope) as Motion-BIDS, with the steps the LumbarPod detector finds in it',
      readme: [
        'IMU recordings (Motion-BIDS)',
        '',
        'Each motion file holds the samples of one 6-axis IMU (accelerometer and gyroscope) read from',
        'a CSV file, in SI units on the IMU\'s own axes, with the values the file gives. One row per',
        'sample period at the sampling frequency of the file\'s time stamps; a row of n/a is a sample',
        'the file lacks (its time stamps jump over it, or its line holds a missing value, also',
        'before its first whole sample or after its last), and',
        'events.tsv lists those stretches (samples_missing) together with the steps the LumbarPod',
        'detector finds in the samples (detected_by replay).',
        '',
        'Written by `lumbarpod export --bids` from the CSV file, read as `lumbarpod replay` reads it.',
        '',
      ],
    },
  }, options.toolVersion);
  return { outDir, files, rows: grid.rows, missingRows: motionMissingRows(grid), events: events.length, ...(chosen !== undefined ? { taskChosen: chosen } : {}) };
}
