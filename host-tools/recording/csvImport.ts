// Raw IMU CSV (header t_ms, t_s, t_us or t_ns, ax, ay, az in g / mg / m/s^2, gx, gy, gz in deg/s or rad/s,
// sensor axes) into an ImuRecording of board counts. Stops at the first bad line and keeps
// everything read before it, so a truncated or corrupted recording still replays up to there.
// A repeated time stamp is judged once all are read: rounding repeats stamps on a grid coarser
// than the period (roundedStamps.ts), a logger that stamps a batch of samples with the time it came
// repeats them (batchedStamps.ts), and only a repeat neither explains is the bad line.
// A last line with no line end may be cut inside its last number; it is judged from the column's
// format (lastLineCut.ts). Notes before the header, and a `sep=` line, are skipped (csvPreamble.ts).
// Stamps that are ISO 8601 date-times give each sample's ms after the first, which is the
// recording's start (dateTimeStamp.ts). A clock that starts again mid-file starts a new stretch
// after a gap of unknown length (clockRestart.ts); a stamp that steps back by less than a period
// in stamps that jitter, or a clock set back a little, is read in its place (stampStepBack.ts).
// A decimal comma is read where the file shows
// it is one (decimalComma.ts).
import * as fs from 'fs';
import { pipeline } from 'stream/promises';
import { parse, Options as CsvParseOptions } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';
import { BoardImuScale, PodAxisMap } from '../../boards/boardTypes';
import { SAMPLE_STRIDE } from '../../firmware/core/pipeline';
import { ImuRecording, SampleBuffer } from './imuRecording';
import { CsvFileValueBuffer, CsvFileValues } from './csvFileValues';
import { CsvPreamble, PREAMBLE_HEAD_BYTES, findCsvPreamble } from './csvPreamble';
import { DateTimeStamp, dateTimeAfter, msBetweenDateTimes, parseDateTimeStamp } from './dateTimeStamp';
import { decimalCommaValue, isThousandsLike } from './decimalComma';
import { STEP_BACK_INTERVALS, isStampStepBack } from './stampStepBack';
import { DAYLIGHT_SAVING_REMEDY, looksLikeSummerTimeEnd, looksLikeSummerTimeStart } from './daylightSaving';
import { LastColumnFormat } from './lastLineCut';
import { BatchedStamps, BatchedStampsMisfit, findBatchedStamps, isBatchedMisfit } from './batchedStamps';
import { CatchUpStamps, findCatchUps } from './catchUp';
import { ClockRestart, RESTART_PLACEMENT_MS, isClockRestart, withClockRestartGaps } from './clockRestart';
import { AccUnitMismatch, accUnitMismatch } from './gravityUnit';
import { GyroUnitDoubt, gyroUnitDoubt } from './gyroUnit';
import { GravityAxisDoubt, gravityAxisDoubt } from './gravityAxis';
export { gravityAxisWarning } from './gravityAxis';
import { AccUnit, GyroUnit, accCountsPerUnit, gyroCountsPerUnit } from './imuUnits';
import { MagnitudeHistogram } from './magnitudeHistogram';
import { MissingCellLine, isMissingCell } from './missingCell';
import { SensorClip, findSensorClip, samplesAtFullScale } from './sensorClip';
import { columnUnitOf, isTextCell } from './unitsRow';
import { RateChange, findRateChange } from './rateChange';
import { RoundedStamps, RoundedStampsMisfit, findRoundedStamps, samplesHiddenByRounding } from './roundedStamps';
import { PERIOD_SPAN_SAMPLES, RecordingGap, findGaps, inferSampleRate, medianSpanPeriodMs, timesAtSetRate } from './sampleRate';
import { TIME_FIELDS, TimeField, TimeUnitDoubt, msFromStamp, msPerTimeUnit, timeUnitDoubt, timeUnitName } from './timeUnit';

/** the column names the importer knows; the order of the six IMU ones is the sample layout */
export type CsvField = TimeField | 'ax' | 'ay' | 'az' | 'gx' | 'gy' | 'gz';
export const CSV_FIELDS: CsvField[] = [...TIME_FIELDS, 'ax', 'ay', 'az', 'gx', 'gy', 'gz'];
const IMU_FIELDS: CsvField[] = ['ax', 'ay', 'az', 'gx', 'gy', 'gz'];

/** known column name -> the header name used for it in the file */
export type CsvColumnMap = { [field in CsvField]?: string };

/** a rate from the time stamps further than this fraction from the given rate is warned about */
const RATE_MISMATCH_FRACTION = 0.02;
/** an inferred rate further than this from the whole Hz the detector runs at is told, and replay times follow the stamps */
const RATE_FRACTION_TOLD = 0.001;

export interface CsvImportOptions {
  /** the board whose counts the samples are converted to */
  scale: BoardImuScale;
  /** how this recording's sensor axes sit in the pod frame */
  axisMap: PodAxisMap;
  accUnit?: AccUnit;
  gyroUnit?: GyroUnit;
  columns?: CsvColumnMap;
  /** overrides the rate inferred from the time stamps, Hz */
  rateHz?: number;
  /** keep each sample's values as the file writes them (CsvImportResult.fileValues), for an export of them */
  keepFileValues?: boolean;
}

/** What is wrong with the input, and where: `line` is 1-based, `column` the header name. */
export class CsvImportError extends Error {
  readonly line: number | undefined;
  readonly column: string | undefined;
  readonly detail: string;

  constructor(detail: string, line?: number, column?: string) {
    const where = line === undefined ? '' : `line ${line}${column === undefined ? '' : `, column ${column}`}: `;
    super(where + detail);
    this.name = 'CsvImportError';
    this.line = line;
    this.column = column;
    this.detail = detail;
  }
}

/** Too few samples to infer the rate from: only a rate given (replay's --rate) reads them. */
export class CsvRateUnknownError extends CsvImportError {
  readonly sampleCount: number;

  constructor(sampleCount: number) {
    super(`${sampleCount} sample(s): too few to infer the sample rate (pass --rate HZ)`);
    this.sampleCount = sampleCount;
  }
}

/** Thrown for a --columns text that cannot be used. */
export class CsvColumnMapError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CsvColumnMapError';
  }
}

export interface CsvImportResult {
  /** undefined when nothing can be replayed: no usable header, or a rate that cannot be known */
  recording: ImuRecording | undefined;
  /** the first problem in the file; the recording holds what came before it */
  error: CsvImportError | undefined;
  /** mean rate of the time stamps (intervals that are not gaps), Hz; undefined below 2 samples */
  inferredRateHz: number | undefined;
  warnings: string[];
  /** what the import did that a person may want to know, nothing wrong (lines skipped before the header) */
  notes?: string[];
  /** the samples' values as the file writes them, where CsvImportOptions.keepFileValues asked */
  fileValues?: CsvFileValues;
  /**
   * the lines with a missing value before the first whole sample and after the last, where there
   * are any (outside the replay, so in no gap): each line's time stamp, ms from the first
   * sample's stamp (before it, negative) or from the last sample's (after it), in line order;
   * undefined where the line's time cell is itself missing or no stamp. An export's rows cover them
   */
  missingAtEnds?: MissingAtEnds;
  /**
   * gravity lies along another sensor axis than the axis map's vertical: a file in another axis
   * convention. Not among the warnings: a test's or a tool's own still rows may lie on any axis;
   * a command reading a person's file says it (gravityAxisWarning)
   */
  gravityAxis?: GravityAxisDoubt;
}

/** CsvImportResult.missingAtEnds */
export interface MissingAtEnds {
  beforeFirstMs: Array<number | undefined>;
  afterLastMs: Array<number | undefined>;
}

/** Parses "t_ms=time,ax=AccX,...": known column name = name in the file's header. */
export function parseCsvColumnMap(text: string): CsvColumnMap {
  const map: CsvColumnMap = {};
  for (const part of text.split(',').map((p) => p.trim()).filter((p) => p !== '')) {
    const equals = part.indexOf('=');
    const key = (equals < 0 ? part : part.slice(0, equals)).trim() as CsvField;
    const name = equals < 0 ? '' : part.slice(equals + 1).trim();
    if (CSV_FIELDS.indexOf(key) < 0) {
      throw new CsvColumnMapError(`unknown column '${key}' in '${part}' (known: ${CSV_FIELDS.join(', ')})`);
    }
    if (name === '') throw new CsvColumnMapError(`'${part}' needs a header name after '=' (e.g. ax=AccX)`);
    if (map[key] !== undefined) throw new CsvColumnMapError(`column '${key}' is mapped twice`);
    map[key] = name;
  }
  const timeFields = TIME_FIELDS.filter((field) => map[field] !== undefined);
  if (timeFields.length > 1) {
    throw new CsvColumnMapError(`map one time column, not ${timeFields.join(' and ')} (t_ms in ms, t_s in seconds, t_us in microseconds, t_ns in nanoseconds)`);
  }
  return map;
}

/**
 * The header's column for `field`: the name a column map gives it, or its own name (exactly, then
 * in any case); -1 when there is none
 */
function columnIndex(names: string[], field: CsvField, mapped: CsvColumnMap): number {
  const wanted = mapped[field];
  if (wanted !== undefined) return names.indexOf(wanted);
  const exact = names.indexOf(field);
  if (exact >= 0) return exact;
  return names.findIndex((name) => name.toLowerCase() === field);
}

/** the names are a header the import reads: a time column and the six values */
function namesEveryColumn(names: string[], mapped: CsvColumnMap): boolean {
  const mappedTime = TIME_FIELDS.find((field) => mapped[field] !== undefined);
  const times = mappedTime !== undefined ? [mappedTime] : TIME_FIELDS;
  return times.some((field) => columnIndex(names, field, mapped) >= 0) && IMU_FIELDS.every((field) => columnIndex(names, field, mapped) >= 0);
}

/** the preamble of a file whose start is `head`, with the header the options read */
function preambleOf(head: string, complete: boolean, options: CsvImportOptions): CsvPreamble {
  return findCsvPreamble(head, complete, (names) => namesEveryColumn(names, options.columns || {}));
}

const PARSE_OPTIONS: CsvParseOptions = {
  bom: true,
  // the row handler checks the field count itself, to name the line and keep what came before
  relax_column_count: true,
};

/**
 * Reads rows one at a time into a SampleBuffer; throws CsvImportError at the first bad one.
 * Empty lines arrive as [''] and are skipped here, so the row count is the line number (asking
 * csv-parse for it per record costs a third of the parse time); a quoted field spanning lines
 * would shift the count, but such a field is never a number and stops the import anyway.
 */
class CsvSampleReader {
  private readonly options: CsvImportOptions;
  private readonly preamble: CsvPreamble;
  private readonly buffer = new SampleBuffer();
  private line = 0;
  private headerLine = 0;
  /**
   * for each line after the header that is no sample (empty, or a sample with a missing cell), the
   * samples read before it: a sample's line is found from its index
   */
  private readonly skippedLinesAfterSamples: number[] = [];
  /** the lines left out for a missing cell, in order: each a sample lost, which the stamps show as a gap */
  private readonly missingCellLines: MissingCellLine[] = [];
  /** said of a units row some of whose units are not known here */
  private unitsRowWarning: string | undefined;
  /** the last line read was left out for a missing cell: the last sample is not on the file's last line */
  private lastRowMissing = false;
  private headerRead = false;
  private fieldCount = 0;
  private timeIndex = 0;
  private timeName = '';
  /** the header's names, trimmed */
  private headerNames: string[] = [];
  /** ms per unit of the time column */
  private timeScaleMs = 1;
  /** the known column the time column was read as: its unit */
  private timeField: TimeField = 't_ms';
  /**
   * the first sample's stamp, where the stamps are date-times (its own unit, whatever the column's
   * name says): each sample's time is its ms after it; undefined for stamps that are numbers
   */
  private firstDateTime: DateTimeStamp | undefined;
  private readonly valueIndex = new Int32Array(IMU_FIELDS.length);
  private readonly valueNames: string[] = [];
  private readonly countsPerUnit = new Float64Array(IMU_FIELDS.length);
  private readonly fullScaleCounts = new Int32Array(IMU_FIELDS.length);
  private readonly values = new Float64Array(IMU_FIELDS.length);
  /** the samples' values as written, where asked; the cells of the row being read */
  private readonly fileValues: CsvFileValueBuffer | undefined;
  private readonly valueCells: string[] = [];
  private previousTMs = -Infinity;
  /** the last sample's stamp on the file's own clock, ms: a restart moves the recording's clock on from it */
  private previousStampMs = -Infinity;
  /** added to each stamp on the file's clock, ms: where the stretch after the last restart is placed */
  private stampShiftMs = 0;
  /** the clock restarts found, in order */
  private readonly clockRestarts: ClockRestart[] = [];
  /** the stamp shift of the stretch after each of clockRestarts, ms */
  private readonly restartShiftsMs: number[] = [];
  /** stamps that stepped back by less than a period, the next going on (stampStepBack.ts): read in their place */
  private readonly stepBacks: ClockRestart[] = [];
  /** a number with a decimal comma that no thousands separator writes ('0,95') was read: the file's decimal mark is the comma */
  private decimalCommaSeen = false;
  /** the first number read with a decimal comma, and where */
  private firstDecimalComma: { text: string; line: number; column: string } | undefined;
  /**
   * the last sample's stamp went back: a restart if the next stamp goes on from it, a damaged stamp
   * if the next goes on from before it. Its sample is read meanwhile, and dropped if damaged
   */
  private pendingRestart: { restart: ClockRestart; beforeMs: number; afterMs: number; shiftBeforeMs: number; previousTMs: number } | undefined;
  /** the samples with a count clamped at full scale, in order: those before a bad line are the recording's */
  private readonly saturatedSampleIndices: number[] = [];
  private error: CsvImportError | undefined;
  /** the last column's header name, when it is one the samples are read from (a cut in another is harmless) */
  private lastColumnName: string | undefined;
  /** the values of the last column, when it is read: a file cut in its last line may be cut inside one */
  private readonly lastColumn = new LastColumnFormat();
  /** the accelerometer's magnitudes in the file's own numbers: its gravity says which unit they are in */
  private readonly accMagnitudes = new MagnitudeHistogram();
  /** the gyroscope's, likewise: how fast a moving runner turns */
  private readonly gyroMagnitudes = new MagnitudeHistogram();
  /** the accelerometer's x, y and z summed: the axis gravity lies along */
  private readonly accSums = new Float64Array(3);

  constructor(options: CsvImportOptions, preamble: CsvPreamble) {
    this.options = options;
    this.preamble = preamble;
    this.fileValues = options.keepFileValues ? new CsvFileValueBuffer() : undefined;
    // the rows start after the preamble: their line numbers are the file's
    this.line = preamble.lines;
    const accCounts = accCountsPerUnit(options.accUnit || 'g', options.scale);
    const gyroCounts = gyroCountsPerUnit(options.gyroUnit || 'dps', options.scale);
    for (let k = 0; k < IMU_FIELDS.length; k++) {
      this.countsPerUnit[k] = k < 3 ? accCounts : gyroCounts;
      const fullScale = k < 3 ? options.scale.accFullScaleCounts : options.scale.gyroFullScaleCounts;
      this.fullScaleCounts[k] = Math.min(32767, fullScale);
    }
  }

  row(fields: string[]): void {
    if (this.error !== undefined) return;
    const line = ++this.line;
    if (fields.length === 1 && fields[0] === '') {
      if (this.headerRead) this.skippedLinesAfterSamples.push(this.buffer.sampleCount);
      return;
    }
    if (!this.headerRead) {
      this.header(fields, line);
      return;
    }
    if (fields.length !== this.fieldCount) {
      throw new CsvImportError(
        `expected ${this.fieldCount} fields as in the header, found ${fields.length} (truncated or corrupted row)`,
        line,
      );
    }
    // a row of units under the header is no sample: it says the units the values are in
    if (line === this.headerLine + 1 && this.isUnitsRow(fields)) {
      this.unitsRow(fields, line);
      this.skippedLinesAfterSamples.push(this.buffer.sampleCount);
      return;
    }
    // a logger that lost a value writes NaN or nothing in its cell: the sample is lost, and the
    // rows after it are as good as before; the stamps either side show the gap it leaves
    const missingColumn = this.missingCellIndex(fields);
    if (missingColumn >= 0) {
      this.missingCellLines.push({
        line: line,
        column: this.headerNames[missingColumn],
        text: fields[missingColumn].trim(),
        samplesBefore: this.buffer.sampleCount,
        timeText: missingColumn === this.timeIndex ? undefined : fields[this.timeIndex],
      });
      this.skippedLinesAfterSamples.push(this.buffer.sampleCount);
      this.lastRowMissing = true;
      return;
    }
    this.lastRowMissing = false;
    const stampMs = this.stampMs(fields[this.timeIndex], line);
    const pending = this.pendingRestart;
    if (pending !== undefined) {
      this.pendingRestart = undefined;
      if (!isClockRestart(pending.beforeMs, pending.afterMs, stampMs) && this.isStepBack(pending, stampMs)) {
        // the sample stays in its place, halfway between its neighbours' stamps, on the clock it was on
        this.stampShiftMs = pending.shiftBeforeMs;
        const tMs = (pending.beforeMs + stampMs) / 2 + this.stampShiftMs;
        this.buffer.timesMs[pending.restart.sample] = tMs;
        this.previousTMs = tMs;
        this.stepBacks.push(pending.restart);
      } else if (!isClockRestart(pending.beforeMs, pending.afterMs, stampMs)) {
        this.dropRestartSample(pending);
        throw new CsvImportError(
          `time stamp ${pending.restart.stampAfter} goes back in time, and the next one (${fields[this.timeIndex].trim()}, line ${line}) ` +
            `goes on from before it: a damaged stamp, or lines out of order (sort them by time), not a clock that started again`,
          pending.restart.line,
          this.timeName,
        );
      } else {
        if (this.isLocalDateTime() && looksLikeSummerTimeEnd(pending.beforeMs, pending.afterMs, this.wallClockMs(pending.afterMs))) {
          pending.restart.summerTimeEnd = true;
        }
        this.clockRestarts.push(pending.restart);
        this.restartShiftsMs.push(this.stampShiftMs);
      }
    }
    if (stampMs < this.previousStampMs) {
      // the stretch from here is placed after the one before it, until the next stamp says whether
      // the clock started again here
      this.pendingRestart = {
        restart: { sample: this.buffer.sampleCount, line: line, stampBefore: this.stampText(this.previousStampMs), stampAfter: fields[this.timeIndex].trim() },
        beforeMs: this.previousStampMs,
        afterMs: stampMs,
        shiftBeforeMs: this.stampShiftMs,
        previousTMs: this.previousTMs,
      };
      this.stampShiftMs = this.previousTMs + RESTART_PLACEMENT_MS - stampMs;
    }
    this.previousStampMs = stampMs;
    const tMs = stampMs + this.stampShiftMs;
    for (let k = 0; k < IMU_FIELDS.length; k++) {
      this.values[k] = this.number(fields[this.valueIndex[k]], line, this.valueNames[k]);
    }
    this.accMagnitudes.add(this.values[0], this.values[1], this.values[2]);
    for (let k = 0; k < 3; k++) this.accSums[k] += this.values[k];
    this.gyroMagnitudes.add(this.values[3], this.values[4], this.values[5]);
    const sample = this.buffer.add(tMs);
    const counts = this.buffer.samplesCounts;
    let saturated = false;
    for (let k = 0; k < IMU_FIELDS.length; k++) {
      let value = Math.round(this.values[k] * this.countsPerUnit[k]);
      const fullScale = this.fullScaleCounts[k];
      if (value >= fullScale) {
        value = fullScale;
        saturated = true;
      } else if (value <= -fullScale) {
        value = -fullScale;
        saturated = true;
      }
      counts[sample * SAMPLE_STRIDE + k] = value;
    }
    if (saturated) this.saturatedSampleIndices.push(sample);
    if (this.fileValues !== undefined) {
      for (let k = 0; k < IMU_FIELDS.length; k++) this.valueCells[k] = fields[this.valueIndex[k]];
      this.fileValues.add(sample, this.values, this.valueCells);
    }
    this.previousTMs = tMs;
    if (this.lastColumnName !== undefined) this.lastColumn.add(fields[this.fieldCount - 1]);
  }

  /** the stamp `pending` went back to stepped back by less than a period, and `nextMs` goes on past the one before it */
  private isStepBack(pending: { restart: ClockRestart; beforeMs: number; afterMs: number }, nextMs: number): boolean {
    const sample = pending.restart.sample;
    const stretchStart = this.clockRestarts.length > 0 ? this.clockRestarts[this.clockRestarts.length - 1].sample : 0;
    const from = Math.max(stretchStart, sample - 1 - STEP_BACK_INTERVALS);
    const intervals = new Float64Array(Math.max(0, sample - 1 - from));
    for (let k = 0; k < intervals.length; k++) intervals[k] = this.buffer.timesMs[from + k + 1] - this.buffer.timesMs[from + k];
    return isStampStepBack(intervals, pending.beforeMs, pending.afterMs, nextMs);
  }

  /** takes back the last sample, read after a stamp that went back: the stamp was damaged */
  private dropRestartSample(pending: { restart: ClockRestart; shiftBeforeMs: number; previousTMs: number }): void {
    const sample = pending.restart.sample;
    this.buffer.sampleCount = sample;
    while (this.saturatedSampleIndices.length > 0 && this.saturatedSampleIndices[this.saturatedSampleIndices.length - 1] >= sample) this.saturatedSampleIndices.pop();
    this.stampShiftMs = pending.shiftBeforeMs;
    this.previousTMs = pending.previousTMs;
  }

  /** every read cell (time and the six values) is text, no number and no missing-value mark */
  private isUnitsRow(fields: string[]): boolean {
    const cells = [this.timeIndex, ...Array.from(this.valueIndex)];
    return cells.every((index) => isTextCell(fields[index]) && !isMissingCell(fields[index]));
  }

  /**
   * Checks the units a units row gives against those the values are read in: a value read in
   * another unit than its file's is wrong by a factor, every sample of it
   */
  private unitsRow(fields: string[], line: number): void {
    const accUnit = this.options.accUnit || 'g';
    const gyroUnit = this.options.gyroUnit || 'dps';
    const conflicts: string[] = [];
    const unknown: string[] = [];
    const timeUnit = columnUnitOf(fields[this.timeIndex]);
    if (timeUnit === undefined) unknown.push(`'${shownText(fields[this.timeIndex].trim())}' (${this.timeName})`);
    else if (timeUnit.kind === 'time' && timeUnit.field !== this.timeField) {
      conflicts.push(`${this.timeName} in ${timeUnitName(timeUnit.field)}, where it is read in ${timeUnitName(this.timeField)}: ` +
        `read it with --columns ${timeUnit.field}=${this.timeName}`);
    }
    const said: { acc?: AccUnit; gyro?: GyroUnit } = {};
    for (let k = 0; k < IMU_FIELDS.length; k++) {
      const text = fields[this.valueIndex[k]];
      const unit = columnUnitOf(text);
      if (unit === undefined) unknown.push(`'${shownText(text.trim())}' (${this.valueNames[k]})`);
      else if (k < 3 && unit.kind === 'acc' && unit.unit !== accUnit) said.acc = unit.unit;
      else if (k >= 3 && unit.kind === 'gyro' && unit.unit !== gyroUnit) said.gyro = unit.unit;
    }
    if (said.acc !== undefined) {
      conflicts.push(`the accelerometer in ${ACC_UNIT_NAMES[said.acc]}, where it is read in ${ACC_UNIT_NAMES[accUnit]}: read it with --acc-unit ${said.acc}`);
    }
    if (said.gyro !== undefined) {
      conflicts.push(`the gyroscope in ${GYRO_UNIT_NAMES[said.gyro]}, where it is read in ${GYRO_UNIT_NAMES[gyroUnit]}: read it with --gyro-unit ${said.gyro}`);
    }
    if (conflicts.length > 0) throw new CsvImportError(`the units under the header give ${conflicts.join('; ')}`, line);
    if (unknown.length > 0) {
      this.unitsRowWarning = `line ${line} holds the columns' units, not a sample, and is skipped; ${unknown.join(', ')} ` +
        `${unknown.length === 1 ? 'is no unit' : 'are no units'} known here: the values are read in ${ACC_UNIT_NAMES[accUnit]} and ` +
        `${GYRO_UNIT_NAMES[gyroUnit]} as told`;
    }
  }

  /** the first read column (time, then the six values) whose cell is missing; -1 when none is */
  private missingCellIndex(fields: string[]): number {
    if (isMissingCell(fields[this.timeIndex])) return this.timeIndex;
    for (let k = 0; k < IMU_FIELDS.length; k++) {
      if (isMissingCell(fields[this.valueIndex[k]])) return this.valueIndex[k];
    }
    return -1;
  }

  /**
   * A time stamp in ms: a number in the time column's unit, or a date-time's ms after the first
   * sample's, where that one is a date-time (the first sample tells which)
   */
  private stampMs(text: string, line: number): number {
    if (this.buffer.sampleCount === 0 && this.firstDateTime === undefined && !Number.isFinite(Number(text))) {
      this.firstDateTime = parseDateTimeStamp(text);
    }
    const first = this.firstDateTime;
    if (first === undefined) return msFromStamp(this.number(text, line, this.timeName), this.timeField);
    const stamp = parseDateTimeStamp(text);
    if (stamp === undefined) {
      throw new CsvImportError(`'${shownText(text.trim())}' is not a date-time, as the time stamps before it are (the first, ${first.iso})`, line, this.timeName);
    }
    return msBetweenDateTimes(first, stamp);
  }

  private number(text: string, line: number, column: string): number {
    const value = Number(text);
    if (!Number.isFinite(value) || (value === 0 && text.trim() === '')) {
      if (text.indexOf(',') >= 0) return this.decimalCommaNumber(text, line, column);
      throw new CsvImportError(text.trim() === '' ? 'empty value' : `'${shownText(text)}' is not a number`, line, column);
    }
    return value;
  }

  /**
   * A number with a comma in it: a decimal comma where the separator is not the comma, or where
   * no thousands separator could have written it ('0,95', '-1,5') or one before did not; else an
   * error saying which the comma may be and what to do
   */
  private decimalCommaNumber(text: string, line: number, column: string): number {
    const value = decimalCommaValue(text);
    const commaSeparated = this.preamble.delimiter === ',';
    if (value !== undefined && (!commaSeparated || this.decimalCommaSeen || !isThousandsLike(text))) {
      this.decimalCommaSeen = true;
      if (this.firstDecimalComma === undefined) this.firstDecimalComma = { text: text.trim(), line, column };
      return value;
    }
    const shown = shownText(text.trim());
    if (value !== undefined) {
      throw new CsvImportError(
        `'${shown}' is 1 to 3 digits, a comma and 3 more: a decimal comma, or a thousands separator, and no number before it says which. ` +
          'Save the file with a point as the decimal mark and no thousands separator',
        line,
        column,
      );
    }
    throw new CsvImportError(
      `'${shown}' is not a number: ${text.indexOf('.') >= 0 ? 'a comma as a thousands separator is not read' : 'a decimal comma is read only between digits (0,95)'}; ` +
        'save the file with a point as the decimal mark and no thousands separator',
      line,
      column,
    );
  }

  private header(fields: string[], line: number): void {
    const names = fields.map((name) => name.trim());
    const mapped = this.options.columns || {};
    const find = (field: CsvField): number => {
      const index = columnIndex(names, field, mapped);
      const wanted = mapped[field];
      if (wanted !== undefined && index < 0) {
        throw new CsvImportError(
          `column '${wanted}' (given for ${field}) is not in the header (${names.join(',')})`,
          line,
        );
      }
      return index;
    };
    // the mapped time column, or the first the header names (t_ms, then t_s, t_us, t_ns)
    const mappedTime = TIME_FIELDS.find((field) => mapped[field] !== undefined);
    let timeField: TimeField = mappedTime !== undefined ? mappedTime : TIME_FIELDS[0];
    let timeIndex = find(timeField);
    for (let k = 1; timeIndex < 0 && mappedTime === undefined && k < TIME_FIELDS.length; k++) {
      timeField = TIME_FIELDS[k];
      timeIndex = find(timeField);
    }
    const missing: string[] = [];
    if (timeIndex < 0) missing.push('t_ms (or t_s, t_us, t_ns)');
    for (let k = 0; k < IMU_FIELDS.length; k++) {
      const index = find(IMU_FIELDS[k]);
      if (index < 0) missing.push(IMU_FIELDS[k]);
      this.valueIndex[k] = index;
      this.valueNames[k] = names[index];
    }
    if (missing.length > 0) {
      // one field holding the names with another separator: a file written for a locale whose
      // decimal mark is the comma (semicolons), or tab-separated
      const separator = names.length === 1 ? [';', '\t', '|'].find((mark) => names[0].indexOf(mark) >= 0) : undefined;
      if (separator !== undefined) {
        throw new CsvImportError(
          `the header (${names[0]}) is one column: its names are separated by ${separator === '\t' ? 'tabs' : `'${separator}'`}, ` +
            'where lumbarpod reads comma-separated values unless a first line sep=; (Excel\'s) names another separator: ' +
            `put the line ${separator === '\t' ? 'sep= and a tab' : `sep=${separator}`} before the header (a decimal comma is then read), ` +
            'or save the file comma-separated with a point as the decimal mark',
          line,
        );
      }
      throw new CsvImportError(
        `missing required column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} in the header ` +
          `(${names.join(',')}); map other names with --columns, e.g. ax=AccX`,
        line,
      );
    }
    this.timeIndex = timeIndex;
    this.timeName = names[timeIndex];
    this.headerNames = names;
    this.timeField = timeField;
    this.timeScaleMs = msPerTimeUnit(timeField);
    this.fieldCount = fields.length;
    const last = fields.length - 1;
    this.lastColumnName = timeIndex === last || this.valueIndex.indexOf(last) >= 0 ? names[last] : undefined;
    this.headerLine = line;
    this.headerRead = true;
  }

  /** Records a failure; a CSV syntax error from csv-parse becomes a CsvImportError with its line. */
  fail(err: unknown): void {
    if (this.error !== undefined) return;
    if (err instanceof CsvImportError) {
      this.error = err;
      return;
    }
    const csvError = err as { code?: unknown; lines?: unknown; message?: unknown };
    // csv-parse names its errors CSV_..., all but INVALID_OPENING_QUOTE (a quote inside a value: a
    // hand-edited line), which is as much a bad line, with the rows before it kept
    if (csvError && typeof csvError.code === 'string' && (csvError.code.indexOf('CSV_') === 0 || csvError.code === 'INVALID_OPENING_QUOTE')) {
      // the bad record starts on the line after the last one handled (csv-parse names where it gave up)
      const detail = String(csvError.message).replace(/ (at|on) line \d+/, '')
        // csv-parse counts fields from 0, where a person counts columns from 1
        .replace(/ on field (\d+)/, (_, field: string) => ` in column ${Number(field) + 1}`);
      // where no header was read the file is likely another kind of file (JSON, say)
      const noHeader = this.headerRead ? '' : ': no CSV header, such as t_ms,ax,ay,az,gx,gy,gz';
      this.error = new CsvImportError(detail + noHeader, this.line + 1);
      return;
    }
    throw err;
  }

  /** `lastLineEnded`: the file ends with a line end (a file cut while written ends without one) */
  finish(lastLineEnded: boolean): CsvImportResult {
    const result = this.read(lastLineEnded);
    const notes: string[] = [];
    const preamble = this.preamble;
    if (this.headerRead && preamble.notes.length > 0) notes.push(preambleNote(preamble, this.headerLine));
    const comma = this.firstDecimalComma;
    if (comma !== undefined && result.recording !== undefined) {
      notes.push(`the numbers are written with a decimal comma (the first, '${shownText(comma.text)}' on line ${comma.line}, column ${comma.column}), and read so`);
    }
    const first = this.firstDateTime;
    if (first !== undefined && result.recording !== undefined) {
      notes.push(`the time stamps are date-times: the recording starts at ${first.iso}` +
        (first.zone === '' ? ' (no zone given: the logger\'s local time)' : '') + `, and each sample's time is its ms after that`);
    }
    const stated = preamble.statedRate;
    const stampsHz = result.inferredRateHz;
    if (this.headerRead && stated !== undefined && stampsHz !== undefined && Math.abs(stampsHz - stated.rateHz) > RATE_MISMATCH_FRACTION * stated.rateHz) {
      result.warnings.push(
        `line ${stated.line} before the header ('${shownNote(stated.text)}') gives ${threeDigits(stated.rateHz)} Hz, but the time stamps ` +
          `give ${round1(stampsHz)} Hz: the samples are timed by their stamps` +
          (this.options.rateHz === undefined ? ` (if ${threeDigits(stated.rateHz)} Hz is right, --rate ${threeDigits(stated.rateHz)} times them at it)` : ''),
      );
    }
    return {
      ...result,
      ...(notes.length > 0 ? { notes } : {}),
      ...(this.fileValues !== undefined && result.recording !== undefined ? { fileValues: this.fileValues.result(result.recording.sampleCount) } : {}),
    };
  }

  private read(lastLineEnded: boolean): CsvImportResult {
    const warnings: string[] = [];
    const pending = this.pendingRestart;
    if (pending !== undefined) {
      // no stamp came after it to say whether the clock started again: it is the first bad line
      this.pendingRestart = undefined;
      this.dropRestartSample(pending);
      this.error = new CsvImportError(
        `time stamp ${pending.restart.stampAfter} goes back in time on the last sample read: a damaged stamp cannot be told from a clock that started again there`,
        pending.restart.line,
        this.timeName,
      );
    }
    if (!this.headerRead) {
      const notes = this.preamble.notes;
      const error = this.error || new CsvImportError(notes.length > 0
        ? `no header: the file holds ${notes.length === 1 ? 'one line of notes' : `${notes.length} lines of notes`} ('${shownNote(notes[0].text)}'), ` +
          'none naming the columns: expected a header such as t_ms,ax,ay,az,gx,gy,gz'
        : 'the file is empty: expected a header such as t_ms,ax,ay,az,gx,gy,gz', notes.length > 0 ? undefined : 1);
      return { recording: undefined, error: error, inferredRateHz: undefined, warnings: warnings };
    }
    // read in the wrong unit, every sample is wrong (and most saturate): nothing is worth replaying
    const unitMismatch = accUnitMismatch(this.accMagnitudes, this.options.accUnit || 'g');
    if (unitMismatch !== undefined) {
      return { recording: undefined, error: new CsvImportError(accUnitText(unitMismatch)), inferredRateHz: undefined, warnings: warnings };
    }
    const gyroDoubt = gyroUnitDoubt(this.gyroMagnitudes, this.accMagnitudes, this.options.gyroUnit || 'dps', this.options.accUnit || 'g');
    if (gyroDoubt !== undefined) warnings.push(gyroUnitText(gyroDoubt));
    const gravityAxis = gravityAxisDoubt(this.accSums, this.buffer.sampleCount, this.options.axisMap);
    // read in a unit 1000 times off, every time and duration is: nothing is worth replaying,
    // unless a rate was given, which places the samples by their index alone
    // a date-time has its unit in it, whatever the column is named
    const timeDoubt = this.buffer.sampleCount >= 2 && this.firstDateTime === undefined
      ? timeUnitDoubt(1000 / medianSpanPeriodMs(this.buffer.timesMs, this.buffer.sampleCount, PERIOD_SPAN_SAMPLES), this.timeField)
      : undefined;
    if (timeDoubt !== undefined) {
      const text = this.timeUnitText(timeDoubt);
      if (this.options.rateHz === undefined) {
        return { recording: undefined, error: new CsvImportError(text), inferredRateHz: undefined, warnings: warnings };
      }
      warnings.push(text);
    }
    const buffer = this.buffer;
    let sampleCount = buffer.sampleCount;
    let error = this.error;
    // the last sample is on the file's last line when that line has no line end and no error came before
    const lastLineOpen = !lastLineEnded && error === undefined && sampleCount > 0 && this.lastColumnName !== undefined && !this.lastRowMissing;
    const lastValue = this.lastColumn.lastValueVerdict();
    if (lastLineOpen && lastValue.kind === 'cut') {
      error = new CsvImportError(
        `truncated last line: the file ends without a line end in '${shownText(this.lastColumn.latestText)}', shorter after its ` +
          `decimal point than the ${lastValue.valuesBefore} values before it (${lastValue.charsAfterPoint} characters, not ${lastValue.formatCharsAfterPoint})`,
        this.line,
        this.lastColumnName,
      );
      sampleCount--;
    }
    // a repeat that rounding does not explain is the first bad line; what is before it is judged
    // again, as fewer stamps may be too few to show their rounding
    let rounded: RoundedStamps | undefined;
    // the stamps look rounded, but one even rate does not explain them: they are read as they are
    let misfitText: string | undefined;
    // stamps read as they are, with the samples a logger caught up on after a stall placed on the grid
    let caughtUp: CatchUpStamps | undefined;
    // stamps that come in batches, each batch's samples placed at the rate the batches give
    let batched: BatchedStamps | undefined;
    for (;;) {
      const reading = findRoundedStamps(buffer.timesMs, sampleCount);
      rounded = reading !== undefined && reading.misfit === undefined ? reading : undefined;
      misfitText = reading !== undefined && reading.misfit !== undefined ? this.misfitText(reading, reading.misfit) : undefined;
      // a batch's samples share a stamp, or nearly: their repeats are no fault, and no rounding
      const batches = rounded === undefined ? findBatchedStamps(buffer.timesMs, sampleCount) : undefined;
      if (batches !== undefined && isBatchedMisfit(batches)) {
        return { recording: undefined, error: new CsvImportError(batchesMisfitText(batches)), inferredRateHz: undefined, warnings: warnings };
      }
      batched = batches;
      if (batched !== undefined) misfitText = undefined;
      const fault = rounded !== undefined ? rounded.firstUnexplainedSample : batched !== undefined ? -1 : firstRepeatedStamp(buffer.timesMs, sampleCount);
      if (fault < 0) {
        // samples stamped late, close together, after a stall were taken at the file's rate: read
        // as they are they would be a gap and crowded samples, or a stretch at another rate
        caughtUp = rounded === undefined && batched === undefined ? findCatchUps(buffer.timesMs, sampleCount) : undefined;
        // read at one rate, the stretch at another would be a gap at every step: the samples at
        // the first rate are kept, as before any bad line. A given rate is no way out: the gaps
        // are still found from the stamps, and read at it the stretch's samples are out of time
        const change = findRateChange(readTimesMs(buffer.timesMs, rounded, batched, caughtUp), sampleCount);
        if (change === undefined) break;
        error = new CsvImportError(rateChangeText(change, this.options.rateHz), this.lineOfSample(change.sample), this.timeName);
        sampleCount = change.sample;
        continue;
      }
      error = new CsvImportError(
        `time stamp ${this.stampText(buffer.timesMs[fault])} repeats the previous time stamp` +
          (misfitText !== undefined ? ` (${misfitText})` : repeatNotRounding(rounded)),
        this.lineOfSample(fault),
        this.timeName,
      );
      sampleCount = fault;
    }
    if (lastLineOpen && lastValue.kind === 'unknown' && sampleCount === buffer.sampleCount) {
      warnings.push(
        `the last line (${this.line}) has no line end, so it may have been cut short while the file was written; ` +
          `its ${this.lastColumnName}, '${shownText(this.lastColumn.latestText)}', is read as it is`,
      );
    }
    // the lines after a bad one were not read: their missing cells are not the recording's
    const missing = this.missingCellLines.filter((lost) => error === undefined || error.line === undefined || lost.line < error.line);
    // nothing to replay, whatever the rate: a summary of no samples would pass for a run
    if (sampleCount === 0) {
      const noSamples = missing.length > 0
        ? `no samples: each of the ${missing.length} line${missing.length > 1 ? 's' : ''} after the header has a missing value ` +
          `(the first, line ${missing[0].line}: ${missingCellText(missing[0])}); the detector needs all six of a sample`
        : `no samples: the file holds its header (line ${this.headerLine}) and nothing after it`;
      error = error || new CsvImportError(noSamples);
      return { recording: undefined, error: error, inferredRateHz: undefined, warnings: warnings };
    }
    if (this.unitsRowWarning !== undefined) warnings.push(this.unitsRowWarning);
    if (missing.length > 0) warnings.push(missingCellsWarning(missing, sampleCount));
    const missingAtEnds = this.missingAtEnds(missing, sampleCount);
    if (rounded !== undefined) warnings.push(roundedStampsWarning(rounded));
    if (misfitText !== undefined) warnings.push(`${misfitText}; they are read as they are`);
    if (caughtUp !== undefined) warnings.push(this.catchUpsText(caughtUp));
    if (batched !== undefined) warnings.push(batchedStampsText(batched));
    const timesMs = readTimesMs(buffer.timesMs, rounded, batched, caughtUp);
    // a batch's samples are placed from one stamp: they jitter together, as one stamp
    const runSamples = batched !== undefined ? batched.samplesPerBatch : 1;
    const estimate = inferSampleRate(timesMs, sampleCount, runSamples);
    const given = this.options.rateHz;
    if (given !== undefined && estimate !== undefined) {
      if (Math.abs(estimate.meanRateHz - given) > RATE_MISMATCH_FRACTION * given) {
        warnings.push(
          `the time stamps give ${round1(estimate.meanRateHz)} Hz but the rate was set to ${given} Hz; ` +
            'gaps and times follow the set rate',
        );
      }
    }
    const rateHz = given !== undefined ? given : estimate && estimate.rateHz;
    const offWholeHz = given === undefined && estimate !== undefined && Math.abs(estimate.meanRateHz - estimate.rateHz) > RATE_FRACTION_TOLD * estimate.rateHz;
    if (offWholeHz) {
      const offPct = Math.abs((estimate.meanRateHz / estimate.rateHz - 1) * 100).toFixed(1);
      const long = estimate.meanRateHz > estimate.rateHz;
      warnings.push(
        `the time stamps give ${estimate.meanRateHz.toFixed(2)} Hz; the detector runs at whole Hz, so at ${estimate.rateHz} Hz: ` +
          `its durations (contact, flight, step time) come out ${offPct} % ${long ? 'long' : 'short'} and cadence ${offPct} % ${long ? 'low' : 'high'}`,
      );
    }
    if (rateHz === undefined) {
      error = error || new CsvRateUnknownError(sampleCount);
      return { recording: undefined, error: error, inferredRateHz: undefined, warnings: warnings };
    }
    // the samples a gap lost, counted at the rate the stamps run at
    const gaps = findGaps(timesMs, sampleCount, offWholeHz ? estimate!.meanRateHz : rateHz, estimate && estimate.meanRateHz, runSamples);
    // a set rate is the recording's clock, as it is the detector's: its steps, the gaps and the
    // replay's end and duration all on it, however far the stamps' own rate is
    const placed = given !== undefined ? timesAtSetRate(timesMs, sampleCount, gaps, given) : { timesMs, gaps };
    // where the clock started again, the gap the placement made is one of unknown length
    const clock = { timesMs: placed.timesMs, gaps: withClockRestartGaps(placed.gaps, this.clockRestarts, placed.timesMs, sampleCount) };
    const restarts = this.clockRestarts.filter((restart) => restart.sample < sampleCount);
    if (restarts.length > 0) warnings.push(clockRestartsText(restarts, sampleCount));
    const stepBacks = this.stepBacks.filter((back) => back.sample < sampleCount);
    if (stepBacks.length > 0) warnings.push(stepBacksText(stepBacks));
    const summerTimeStart = this.summerTimeStartGap(clock.gaps);
    if (summerTimeStart !== undefined) warnings.push(this.summerTimeStartText(summerTimeStart));
    // a sensor of a smaller range than the board's clipped at its own: that is the recording's full scale
    const scale = this.options.scale;
    const accClip = findSensorClip(buffer.samplesCounts, sampleCount, 0, scale, this.fullScaleCounts[0]);
    const gyroClip = findSensorClip(buffer.samplesCounts, sampleCount, 3, scale, this.fullScaleCounts[3]);
    if (accClip !== undefined) warnings.push(sensorClipText('accelerometer', accClip, accClip.fullScaleCounts * scale.accUgPerCount / 1e6, 'g'));
    if (gyroClip !== undefined) warnings.push(sensorClipText('gyroscope', gyroClip, gyroClip.fullScaleCounts * scale.gyroMdpsPerCount / 1e3, 'dps'));
    const clipped = accClip !== undefined || gyroClip !== undefined;
    const recordingScale = clipped
      ? {
        ...scale,
        accFullScaleCounts: accClip !== undefined ? accClip.fullScaleCounts : scale.accFullScaleCounts,
        gyroFullScaleCounts: gyroClip !== undefined ? gyroClip.fullScaleCounts : scale.gyroFullScaleCounts,
      }
      : scale;
    const recording: ImuRecording = {
      samplesCounts: buffer.samplesCounts,
      timesMs: clock.timesMs,
      sampleCount: sampleCount,
      sampleRateHz: rateHz,
      ...(offWholeHz ? { stampRateHz: estimate!.meanRateHz } : {}),
      scale: recordingScale,
      axisMap: this.options.axisMap,
      gaps: clock.gaps,
      ...(this.firstDateTime !== undefined ? { startTime: this.firstDateTime.iso } : {}),
      saturatedSamples: clipped
        ? samplesAtFullScale(buffer.samplesCounts, sampleCount, recordingScale.accFullScaleCounts, recordingScale.gyroFullScaleCounts)
        : this.saturatedSamplesBefore(sampleCount),
    };
    return {
      recording: recording, error: error, inferredRateHz: estimate && estimate.meanRateHz, warnings: warnings,
      ...(gravityAxis !== undefined ? { gravityAxis } : {}),
      ...(missingAtEnds !== undefined ? { missingAtEnds } : {}),
    };
  }

  /**
   * the stamps of the lines with a missing value before the first of the `sampleCount` samples and
   * after the last, from those samples' stamps on the file's clock; undefined where there are none.
   * Lines after the last are only those of a file read to its end
   */
  private missingAtEnds(missing: MissingCellLine[], sampleCount: number): MissingAtEnds | undefined {
    const buffer = this.buffer;
    const firstMs = buffer.timesMs[0];
    const beforeFirstMs = missing.filter((lost) => lost.samplesBefore === 0).map((lost) => offsetMs(this.lineStampMs(lost.timeText), firstMs));
    const lastMs = sampleCount === buffer.sampleCount ? this.fileStampMs(sampleCount - 1) : 0;
    const afterLastMs = sampleCount === buffer.sampleCount
      ? missing.filter((lost) => lost.samplesBefore >= sampleCount).map((lost) => offsetMs(this.lineStampMs(lost.timeText), lastMs))
      : [];
    return beforeFirstMs.length > 0 || afterLastMs.length > 0 ? { beforeFirstMs, afterLastMs } : undefined;
  }

  /** the stamps are date-times with no zone: the logger's local time, which daylight saving moves */
  private isLocalDateTime(): boolean {
    return this.firstDateTime !== undefined && this.firstDateTime.zone === '';
  }

  /** a stamp's ms on the file's clock as ms since 1970 of its wall clock (a stamp with no zone read as if in UTC) */
  private wallClockMs(stampMs: number): number {
    const first = this.firstDateTime!;
    return first.wholeSecondMs + first.fractionMs + stampMs;
  }

  /** a sample's stamp on the file's clock: its time less the shift of the stretch it is in */
  private fileStampMs(sample: number): number {
    let shiftMs = 0;
    for (let r = 0; r < this.clockRestarts.length && this.clockRestarts[r].sample <= sample; r++) shiftMs = this.restartShiftsMs[r];
    return this.buffer.timesMs[sample] - shiftMs;
  }

  /** the first gap whose stamps jump ahead as local time does where summer time starts, where they have no zone */
  private summerTimeStartGap(gaps: readonly RecordingGap[]): RecordingGap | undefined {
    if (!this.isLocalDateTime()) return undefined;
    return gaps.find((gap) => {
      if (gap.cause !== undefined || gap.beforeSample === 0) return false;
      const afterMs = this.fileStampMs(gap.beforeSample);
      return looksLikeSummerTimeStart(this.fileStampMs(gap.beforeSample - 1), afterMs, this.wallClockMs(afterMs));
    });
  }

  /** a gap of an hour that may be summer time starting, and what the import made of it */
  private summerTimeStartText(gap: RecordingGap): string {
    const before = this.stampText(this.fileStampMs(gap.beforeSample - 1));
    const after = this.stampText(this.fileStampMs(gap.beforeSample));
    return `the time stamps have no zone and jump an hour ahead onto a whole hour at line ${this.lineOfSample(gap.beforeSample)} ` +
      `(${after} after ${before}), as the logger's local time does where summer time starts, and then no sample is missing there; ` +
      `the stamps cannot tell that from an hour with no samples, so it is read as they write it, a gap of ${gap.missingSamples} samples. ` +
      `If summer time started there, ${DAYLIGHT_SAVING_REMEDY}`;
  }

  /** a time cell's stamp in ms on the file's clock (a date-time's from the first sample's), undefined where it is none */
  private lineStampMs(text: string | undefined): number | undefined {
    if (text === undefined) return undefined;
    const first = this.firstDateTime;
    if (first !== undefined) {
      const stamp = parseDateTimeStamp(text);
      return stamp === undefined ? undefined : msBetweenDateTimes(first, stamp);
    }
    let value = Number(text);
    if (text.trim() === '' || !Number.isFinite(value)) {
      const comma = this.decimalCommaSeen ? decimalCommaValue(text) : undefined;
      if (comma === undefined) return undefined;
      value = comma;
    }
    return msFromStamp(value, this.timeField);
  }

  /** what the time column's stamps look like, and how to read them so */
  private timeUnitText(doubt: TimeUnitDoubt): string {
    const rate = (hz: number): string => `${Number(hz.toPrecision(3))} Hz`;
    const named = this.timeName === doubt.declared ? '' : ` ('${this.timeName}')`;
    return `the time stamps of ${doubt.declared}${named}, read as ${timeUnitName(doubt.declared)}, give ${rate(doubt.declaredRateHz)}, ` +
      `a rate no IMU samples at; read as ${timeUnitName(doubt.likely)} they give ${rate(doubt.likelyRateHz)}. ` +
      `If they are in ${timeUnitName(doubt.likely)}, read them with --columns ${doubt.likely}=${this.timeName}`;
  }

  /** why stamps that look rounded are not read as such */
  private misfitText(reading: RoundedStamps, misfit: RoundedStampsMisfit): string {
    const where = misfit.kind === 'longStep'
      ? `they step ${formatMs(misfit.stepMs)} ms to line ${this.lineOfSample(misfit.sample)}, more than rounding makes, ` +
        'yet those on either side leave no sample missing there'
      : `between lines ${this.lineOfSample(misfit.firstSample)} and ${this.lineOfSample(misfit.lastSample)} they spread over ` +
        `${misfit.spreadMs.toFixed(1)} ms about it, more than rounding and one gap hidden in it make (${misfit.allowedMs.toFixed(1)} ms)`;
    return `the time stamps look rounded to ${formatMs(reading.resolutionMs)} ms, but one even rate does not explain them ` +
      `(stamps that jitter, or lost samples hidden in the rounding one after another): ${where}`;
  }

  /** where a logger stalled and caught up, and what the import made of it */
  private catchUpsText(caughtUp: CatchUpStamps): string {
    const catchUps = caughtUp.catchUps;
    const shown = catchUps.slice(0, CATCH_UPS_SHOWN).map((catchUp) =>
      `${catchUp.endSample - catchUp.firstSample} samples from line ${this.lineOfSample(catchUp.firstSample)} on, after ${formatMs(catchUp.stallMs)} ms with none`);
    const more = catchUps.length > CATCH_UPS_SHOWN ? `; and ${catchUps.length - CATCH_UPS_SHOWN} more` : '';
    const where = catchUps.length === 1 ? shown[0] : `${catchUps.length} times (${shown.join('; ')}${more})`;
    return `a logger stalled, then wrote the samples it held back close together, stamped as written, not as taken: ${where}. ` +
      `The stamps come back on the grid they were on, with as many samples as ${threeDigits(caughtUp.periodMs)} ms a sample gives ` +
      'for the time, so those samples are placed evenly between the samples either side, not read as a gap followed by samples crowded together';
  }

  /** the 1-based line of a sample, header and empty lines counted */
  private lineOfSample(sample: number): number {
    let skippedLines = 0;
    while (skippedLines < this.skippedLinesAfterSamples.length && this.skippedLinesAfterSamples[skippedLines] <= sample) skippedLines++;
    return this.headerLine + 1 + sample + skippedLines;
  }

  /** a time stamp as the time column writes it, without the binary rounding of its conversion to ms */
  private stampText(tMs: number): string {
    if (this.firstDateTime !== undefined) return dateTimeAfter(this.firstDateTime, tMs);
    return String(Number((tMs / this.timeScaleMs).toPrecision(12)));
  }

  private saturatedSamplesBefore(sampleCount: number): number {
    const indices = this.saturatedSampleIndices;
    let count = indices.length;
    while (count > 0 && indices[count - 1] >= sampleCount) count--;
    return count;
  }

}

function offsetMs(stampMs: number | undefined, fromMs: number): number | undefined {
  return stampMs === undefined ? undefined : stampMs - fromMs;
}

/** each sample's time: from the rounded stamps' fit, the batches' rate, a logger's catch-ups placed on the grid, or its stamp */
function readTimesMs(stampsMs: Float64Array, rounded: RoundedStamps | undefined, batched: BatchedStamps | undefined, caughtUp: CatchUpStamps | undefined): Float64Array {
  if (rounded !== undefined) return rounded.timesMs;
  if (batched !== undefined) return batched.timesMs;
  if (caughtUp !== undefined) return caughtUp.timesMs;
  return stampsMs;
}

function batchSizeText(batched: { samplesPerBatch: number; fewestSamples?: number; mostSamples?: number }): string {
  return `${batched.samplesPerBatch} samples on about one stamp`;
}

function batchedStampsText(batched: BatchedStamps): string {
  const sizes = batched.fewestSamples === batched.mostSamples ? '' : ` (${batched.fewestSamples} to ${batched.mostSamples} in a batch)`;
  const spread = batched.spreadMs === 0 ? 'on one stamp' : `within ${formatMs(Number(batched.spreadMs.toPrecision(2)))} ms`;
  return `the time stamps come in batches: ${batched.samplesPerBatch} samples ${spread}${sizes}, ${batched.batches} batches, ` +
    'each stamped when it came, not when its samples were taken. The samples are read at the rate the batches give, ' +
    `${(1000 / batched.periodMs).toFixed(1)} Hz (${threeDigits(batched.periodMs)} ms a sample), each batch's samples placed evenly up to its stamp; ` +
    'a sample\'s time is off by how late its batch came';
}

function batchesMisfitText(misfit: BatchedStampsMisfit): string {
  return `the time stamps come in batches (${batchSizeText(misfit)}, ${misfit.batches} batches), but the time from one batch to the next ` +
    `does not follow the samples in it (only ${Math.round(misfit.atRateShare * 100)} % of the batches are within 25 % of one rate): ` +
    'when each sample was taken cannot be told from these stamps. Stamp each sample as it is taken, or write the stamps of a steady rate';
}

/** a sensor that clipped at its own range, and what the replay makes of it */
function sensorClipText(sensor: string, clip: SensorClip, rangeInUnit: number, unit: string): string {
  return `the ${sensor} values stop at ${Number(rangeInUnit.toPrecision(3))} ${unit} (${clip.readingsAtClip} readings at it, none beyond): ` +
    'the range of the sensor that wrote them, which clipped there. It is read as the full scale: steps with a clipped sample are ' +
    'flagged saturated, their load (impact, vertical oscillation, vGRF, braking) left out and the medians taken over the steps free of it, ' +
    'as the pod does with its own IMU';
}

/** lines with a missing cell a warning names one by one; it counts the rest */
const MISSING_LINES_SHOWN = 3;

function missingCellText(lost: MissingCellLine): string {
  return `${lost.column} ${lost.text === '' ? 'empty' : `'${shownText(lost.text)}'`}`;
}

/** which samples were lost for a missing cell, and where the replay shows them */
function missingCellsWarning(missing: MissingCellLine[], sampleCount: number): string {
  const shown = missing.slice(0, MISSING_LINES_SHOWN).map((lost) => `line ${lost.line} (${missingCellText(lost)})`);
  const more = missing.length > MISSING_LINES_SHOWN ? `, and ${missing.length - MISSING_LINES_SHOWN} more` : '';
  const count = missing.length === 1 ? 'a line has a missing value' : `${missing.length} lines have a missing value`;
  // before the first whole sample or after the last, a lost sample is outside the replay, not a gap in it
  const before = missing.filter((lost) => lost.samplesBefore === 0).length;
  const after = missing.filter((lost) => lost.samplesBefore >= sampleCount).length;
  const outside = [
    ...(before > 0 ? [`${before} before the first whole sample`] : []),
    ...(after > 0 ? [`${after} after the last`] : []),
  ];
  return `${count} (empty or NaN): ${shown.join(', ')}${more}. Each is a sample lost, left out of the replay, not read as 0; ` +
    'the time stamps either side show the gap it leaves' +
    (outside.length > 0 ? `; ${outside.join(' and ')} ${before + after === 1 ? 'is' : 'are'} outside the replay, not a gap in it` : '');
}

/** clock restarts a warning names one by one; it counts the rest */
const RESTARTS_SHOWN = 3;

/** where the file's clock started again, and what the import made of it */
function clockRestartsText(restarts: ClockRestart[], sampleCount: number): string {
  const shown = restarts.slice(0, RESTARTS_SHOWN).map((restart, r) => {
    const end = r + 1 < restarts.length ? restarts[r + 1].sample : sampleCount;
    return `at line ${restart.line} (${restart.stampAfter} after ${restart.stampBefore}; ${end - restart.sample} samples from there)`;
  });
  const more = restarts.length > RESTARTS_SHOWN ? `; and ${restarts.length - RESTARTS_SHOWN} more` : '';
  return `the time stamps start again ${restarts.length === 1 ? shown[0] : `${restarts.length} times: ${shown.join('; ')}${more}`}, ` +
    'as a logger\'s clock does when it restarts: the samples from there on are read as a new stretch after a gap of unknown length ' +
    `(a gap with cause clockRestart and no samples counted as lost, placed ${RESTART_PLACEMENT_MS / 1000} s after the sample before it; ` +
    'the detector starts afresh there). Times after it are not those of the file, nor is the recording\'s duration its real one' +
    summerTimeEndText(restarts);
}

/** stamps read in their place though they stepped back by less than a period */
function stepBacksText(backs: ClockRestart[]): string {
  const first = backs[0];
  const count = backs.length === 1 ? 'a time stamp goes' : `${backs.length} time stamps go`;
  return `${count} back by less than a sample period, and the next goes on past the one before (${backs.length === 1 ? '' : 'the first '}` +
    `at line ${first.line}: ${first.stampAfter} after ${first.stampBefore}), as stamps that jitter by more than half a period, or a clock ` +
    'set back by a little, do: not a clock that started again. Each such sample is read in its place in the file, its time halfway ' +
    'between the stamps either side';
}

/** restarts whose stamps may be summer time ending: what the stamps cannot tell, and what to do */
function summerTimeEndText(restarts: ClockRestart[]): string {
  const ends = restarts.filter((restart) => restart.summerTimeEnd);
  if (ends.length === 0) return '';
  const lines = ends.map((restart) => String(restart.line)).join(', ');
  return `. At line${ends.length === 1 ? '' : 's'} ${lines} the stamps have no zone and go back an hour onto a whole hour, as the logger's ` +
    'local time does where summer time ends, and then the samples ran on with no time lost: the stamps cannot tell that from a clock ' +
    `set back, so it is read as a restart. If summer time ended there, ${DAYLIGHT_SAVING_REMEDY}`;
}

/** catch-ups a warning names one by one; it counts the rest */
const CATCH_UPS_SHOWN = 3;

const ACC_UNIT_NAMES: { [unit in AccUnit]: string } = { g: 'g', mg: 'mg', ms2: 'm/s^2' };

function accUnitText(mismatch: AccUnitMismatch): string {
  const declared = ACC_UNIT_NAMES[mismatch.declared];
  return `the accelerometer values look like ${ACC_UNIT_NAMES[mismatch.likely]}, not ${declared}: their median magnitude, ` +
    `${threeDigits(mismatch.medianMagnitude)}, reads as ${threeDigits(mismatch.medianG)} g, where gravity alone gives 1 g; ` +
    `read them with --acc-unit ${mismatch.likely}`;
}

const GYRO_UNIT_NAMES: { [unit in GyroUnit]: string } = { dps: 'dps', rads: 'rad/s' };

function gyroUnitText(doubt: GyroUnitDoubt): string {
  const names = GYRO_UNIT_NAMES;
  const turning = `${threeDigits(doubt.turning)} ${names[doubt.declared]}`;
  const why = doubt.likely === 'rads'
    ? `99 % of them are below ${turning}, where a moving runner's lower back turns faster`
    : `1 % of them reach ${turning}, faster than the IMU can measure`;
  return `the gyroscope values look like ${names[doubt.likely]}, not ${names[doubt.declared]}: ${why}; ` +
    `pelvic angles would be ${doubt.likely === 'rads' ? '57 times too small' : '57 times too large'}. If so, read them with --gyro-unit ${doubt.likely}`;
}

/** `givenRateHz`: the rate the samples are read at (--rate), where one is given */
function rateChangeText(change: RateChange, givenRateHz: number | undefined): string {
  const rate = (periodMs: number): string => `${round1(1000 / periodMs)} Hz (${threeDigits(periodMs)} ms a sample)`;
  const slower = change.afterPeriodMs / change.beforePeriodMs;
  const kept = Math.round(slower);
  // whole times slower is also what keeping one sample in `kept` makes
  const lost = kept >= 2 && Math.abs(slower - kept) < 0.05 * kept ? ` (or ${kept - 1} sample${kept > 2 ? 's' : ''} in ${kept} lost there)` : '';
  // a given rate replaces the inferred one, not the stamps: gaps are still found from them
  const readAt = givenRateHz === undefined
    ? 'read at one rate, each step at the other'
    : `--rate ${givenRateHz} sets the rate the samples are read at, but the time stamps still tell where samples are missing: ` +
      `read at ${givenRateHz} Hz, each step at another rate`;
  return `the sample rate changes here from ${rate(change.beforePeriodMs)} to ${rate(change.afterPeriodMs)} ` +
    `for the next ${change.samplesAfter} samples${lost}: ${readAt} would be a gap or a sample ` +
    'out of time; split the file where the rate changes, or resample it to one rate';
}

/** notes a note names one by one; it counts the rest */
const NOTES_SHOWN = 3;

/** a line of notes as a note or warning quotes it: the start of a long one */
function shownNote(text: string): string {
  return text.length > 40 ? text.slice(0, 40) + '...' : text;
}

/** the lines skipped before the header, and the separator a `sep=` line named */
function preambleNote(preamble: CsvPreamble, headerLine: number): string {
  const notes = preamble.notes;
  const shown = notes.slice(0, NOTES_SHOWN).map((note) => `'${shownNote(note.text)}'`).join(', ');
  const more = notes.length > NOTES_SHOWN ? `, and ${notes.length - NOTES_SHOWN} more` : '';
  const separator = preamble.delimiter === '\t' ? 'tabs' : `'${preamble.delimiter}'`;
  return `${notes.length === 1 ? '1 line' : `${notes.length} lines`} before the header (line ${headerLine}) ` +
    `${notes.length === 1 ? 'is' : 'are'} no data and ${notes.length === 1 ? 'was' : 'were'} skipped: ${shown}${more}` +
    (preamble.sepLine ? `; the values are separated by ${separator}, as its sep= line says` : '');
}

/** a field's text as an error or warning quotes it: the start of a long one */
function shownText(text: string): string {
  return text.length > 20 ? text.slice(0, 20) + '...' : text;
}

/** the first sample whose time stamp repeats the one before, -1 when none */
function firstRepeatedStamp(timesMs: Float64Array, sampleCount: number): number {
  for (let i = 1; i < sampleCount; i++) {
    if (timesMs[i] === timesMs[i - 1]) return i;
  }
  return -1;
}

/** why rounding does not explain a repeat, where the stamps are rounded */
function repeatNotRounding(rounded: RoundedStamps | undefined): string {
  if (rounded === undefined) return '';
  const grid = `${formatMs(rounded.resolutionMs)} ms`;
  const period = `${rounded.periodMs.toFixed(2)} ms`;
  if (rounded.maxSamplesOnStamp === 1) {
    return ` (the stamps are on a ${grid} grid, too close to the ${period} between samples to take a repeat for rounding)`;
  }
  return `: ${rounded.maxSamplesOnStamp + 1} samples on one stamp, where rounding to ${grid} puts at most ${rounded.maxSamplesOnStamp} at ${period} a sample`;
}

function roundedStampsWarning(rounded: RoundedStamps): string {
  const grid = formatMs(rounded.resolutionMs);
  const period = rounded.periodMs.toFixed(2);
  const how = rounded.repeatedStamps > 0
    ? `coarser than the ${period} ms between samples (${rounded.repeatedStamps} repeat the one before)`
    : `close to the ${period} ms between samples (a step of ${formatMs(rounded.maxStepMs)} ms is rounding, not a gap)`;
  const hidden = samplesHiddenByRounding(rounded);
  return `time stamps rounded to ${grid} ms, ${how}: each sample's time is taken from its index at ` +
    `${(1000 / rounded.periodMs).toFixed(2)} Hz, the rate the stamps give over the stretches between gaps` +
    (hidden > 0 ? `; a gap of ${hidden === 1 ? 'one sample' : `up to ${hidden} samples`} can hide in the rounding` : '');
}

function formatMs(ms: number): string {
  return String(Number(ms.toPrecision(6)));
}

function threeDigits(value: number): string {
  return String(Number(value.toPrecision(3)));
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}

/** the bytes a line can end with (csv-parse takes \n, \r\n and \r) */
const LF = 0x0a;
const CR = 0x0d;

/** Streams a CSV file; fs errors (missing file, no permission) are thrown, CSV errors returned. */
export async function importCsvFile(path: string, options: CsvImportOptions): Promise<CsvImportResult> {
  const stat = await fs.promises.stat(path);
  if (stat.isDirectory()) {
    const err = new Error(`${path} is a directory`) as NodeJS.ErrnoException;
    err.code = 'EISDIR';
    err.path = path;
    throw err;
  }
  // a device, a pipe or a socket (/dev/null, a serial port) is no file: reading one may never end
  if (!stat.isFile()) throw new Error('it is not a file but a device, a pipe or a socket');
  const head = await readHead(path);
  const preamble = preambleOf(head.text, head.complete, options);
  const reader = new CsvSampleReader(options, preamble);
  const parser = parse({ ...PARSE_OPTIONS, delimiter: preamble.delimiter });
  // a 'data' listener takes each row as csv-parse pushes it, so the rows before a syntax error
  // are all handled before that error destroys the stream (a piped sink would lose the buffered ones)
  let stopped = false;
  parser.on('data', (record: string[]) => {
    if (stopped) return;
    try {
      reader.row(record);
    } catch (err) {
      // the pipeline rejects with this error, and reader.fail takes it below
      stopped = true;
      parser.destroy(err as Error);
    }
  });
  // the preamble's bytes are no CSV: a quote in a note would be a syntax error
  const input = fs.createReadStream(path, { highWaterMark: 1 << 20, start: Buffer.byteLength(head.text.slice(0, preamble.headerOffset), 'utf8') });
  // the file's last byte says whether its last line was ended (a second listener sees every chunk the pipe does)
  let lastByte = -1;
  input.on('data', (chunk: Buffer | string) => {
    // no encoding is set: every chunk is a Buffer
    lastByte = (chunk as Buffer)[chunk.length - 1];
  });
  try {
    await pipeline(input, parser);
  } catch (err) {
    reader.fail(err);
  }
  return reader.finish(lastByte === LF || lastByte === CR);
}

/** the file's first PREAMBLE_HEAD_BYTES as text, and whether that is all of it */
async function readHead(path: string): Promise<{ text: string; complete: boolean }> {
  const file = await fs.promises.open(path, 'r');
  try {
    const buffer = Buffer.alloc(PREAMBLE_HEAD_BYTES);
    const { bytesRead } = await file.read(buffer, 0, PREAMBLE_HEAD_BYTES, 0);
    // a character cut at the end decodes to a stand-in in the last line, which is not looked at
    return { text: buffer.toString('utf8', 0, bytesRead), complete: bytesRead < PREAMBLE_HEAD_BYTES };
  } finally {
    await file.close();
  }
}

/** The same import from a string (tests, small inputs). */
export function importCsvText(text: string, options: CsvImportOptions): CsvImportResult {
  const preamble = preambleOf(text.slice(0, PREAMBLE_HEAD_BYTES), text.length <= PREAMBLE_HEAD_BYTES, options);
  const reader = new CsvSampleReader(options, preamble);
  try {
    parseSync(text.slice(preamble.headerOffset), {
      ...PARSE_OPTIONS,
      delimiter: preamble.delimiter,
      // rows are taken as they are parsed, so those before a syntax error are kept
      on_record: (record: string[]) => {
        reader.row(record);
        return null;
      },
    });
  } catch (err) {
    reader.fail(err);
  }
  return reader.finish(/[\r\n]$/.test(text));
}
