// The values of an IMU CSV's samples as the file writes them, in SI units (m/s^2, rad/s), for the
// motion file. The import (recording/csvImport.ts) keeps each sample as the board's int16 counts,
// rounded to the board's resolution (0.488 mg, 70 mdps on a Puck.js v2) and clamped at its full
// scale: right for the detector, a loss for data others analyse. So the file is read again here,
// its value cells only, and each sample checked against the import's counts: the k-th line the
// import took as a sample must round to the same counts, or the two readings are not of one file.
import * as fs from 'fs';
import { parse as parseCsv } from 'csv-parse/sync';
import { BoardImuScale } from '../../boards/boardTypes';
import { SAMPLE_STRIDE } from '../../firmware/core/pipeline';
import { CsvColumnMap } from '../recording/csvImport';
import { ImuRecording } from '../recording/imuRecording';
import { AccUnit, GyroUnit, accCountsPerUnit, gyroCountsPerUnit, ugPerAccUnit } from '../recording/imuUnits';
import { isMissingCell } from '../recording/missingCell';
import { TIME_FIELDS } from '../recording/timeUnit';
import { MOTION_DECIMALS, STANDARD_GRAVITY_MS2 } from './motionChannels';
import { MotionBidsExportError } from './motionBidsDataset';

/** the six value columns, in the import's sample layout (accelerometer first) */
const VALUE_FIELDS = ['ax', 'ay', 'az', 'gx', 'gy', 'gz'] as const;
/**
 * most decimals written: beyond what any IMU resolves (1e-12 m/s^2), where a file of values
 * printed to full double precision (0.30000000000000004) would only add digits of binary rounding
 */
const MAX_DECIMALS = 12;

/** rad/s in one unit of each gyroscope unit (a unit added there is a type error here) */
const RADS_PER_GYRO_UNIT: { [unit in GyroUnit]: number } = { dps: Math.PI / 180, rads: 1 };

export interface CsvSampleValues {
  /** ax, ay, az (m/s^2), gx, gy, gz (rad/s) per sample, the import's samples in its order */
  valuesSi: Float64Array;
  /** decimals that keep the file's own resolution in SI: accelerometer, gyroscope */
  decimals: [number, number];
}

/** how the import read the file: the same columns and units */
export interface CsvValueReading {
  columns?: CsvColumnMap;
  accUnit: AccUnit;
  gyroUnit: GyroUnit;
  /** the board scale the import converted to (before any clip it found) */
  scale: BoardImuScale;
}

/** header index of a known column, found as the import finds it: the mapped name, the name, the name in any case */
function columnIndex(names: string[], field: string, columns: CsvColumnMap): number {
  const wanted = (columns as { [field: string]: string | undefined })[field];
  if (wanted !== undefined) return names.indexOf(wanted);
  const exact = names.indexOf(field);
  return exact >= 0 ? exact : names.findIndex((name) => name.toLowerCase() === field);
}

/** decimals a number cell is written with, its exponent counted (1.5e-3: 4) */
function cellDecimals(text: string): number {
  const match = /^\s*[+-]?\d*(?:\.(\d*))?(?:[eE]([+-]?\d+))?\s*$/.exec(text);
  if (match === null) return 0;
  return Math.max(0, (match[1] ?? '').length - Number(match[2] ?? 0));
}

/**
 * decimals of a value in SI from one written with `fileDecimals` in a unit of `siPerUnit`: its
 * last digit moved by the factor, and one more, so a value converted back rounds to the file's
 */
function siDecimals(fileDecimals: number, siPerUnit: number): number {
  const shift = Math.max(0, Math.ceil(-Math.log10(siPerUnit) - 1e-9));
  return Math.min(MAX_DECIMALS, Math.max(MOTION_DECIMALS, fileDecimals + shift + 1));
}

/**
 * The CSV `text`'s values of `recording`'s samples (the import of that text with `reading`).
 * Throws MotionBidsExportError where a line does not give the counts the import has for it.
 */
export function csvSampleValues(text: string, recording: ImuRecording, reading: CsvValueReading, source: string): CsvSampleValues {
  const records = parseCsv(text, { bom: true, relax_column_count: true }) as string[][];
  const columns = reading.columns ?? {};
  let r = 0;
  while (r < records.length && records[r].length === 1 && records[r][0] === '') r++;
  const names = (records[r] ?? []).map((name) => name.trim());
  r++;
  const mappedTime = TIME_FIELDS.find((field) => columns[field] !== undefined);
  const timeIndex = (mappedTime !== undefined ? [mappedTime] : TIME_FIELDS).map((field) => columnIndex(names, field, columns)).find((index) => index >= 0) ?? -1;
  const valueIndex = VALUE_FIELDS.map((field) => columnIndex(names, field, columns));
  const accSiPerUnit = ugPerAccUnit(reading.accUnit) * 1e-6 * STANDARD_GRAVITY_MS2;
  const gyroSiPerUnit = RADS_PER_GYRO_UNIT[reading.gyroUnit];
  const countsPerUnit = [accCountsPerUnit(reading.accUnit, reading.scale), gyroCountsPerUnit(reading.gyroUnit, reading.scale)];
  // the import clamps at the board's full scale: a value past it is checked only for being there
  const fullScaleCounts = [Math.min(32767, reading.scale.accFullScaleCounts), Math.min(32767, reading.scale.gyroFullScaleCounts)];
  const valuesSi = new Float64Array(recording.sampleCount * SAMPLE_STRIDE);
  const fileDecimals = [0, 0];
  const value = new Float64Array(VALUE_FIELDS.length);
  let sample = 0;
  for (; r < records.length && sample < recording.sampleCount; r++) {
    const fields = records[r];
    if (fields.length === 1 && fields[0] === '') continue;
    // a line with a missing cell is a sample lost, and a units row under the header no sample:
    // the import leaves both out, and stops at any other line that is not numbers
    if (timeIndex < 0 || isMissingCell(fields[timeIndex] ?? '') || valueIndex.some((index) => index < 0 || isMissingCell(fields[index] ?? ''))) continue;
    let numbers = Number.isFinite(Number(fields[timeIndex]));
    for (let k = 0; k < VALUE_FIELDS.length; k++) {
      value[k] = Number(fields[valueIndex[k]]);
      numbers = numbers && Number.isFinite(value[k]);
    }
    if (!numbers) continue;
    for (let k = 0; k < VALUE_FIELDS.length; k++) {
      const sensor = k < 3 ? 0 : 1;
      const counts = Math.max(-fullScaleCounts[sensor], Math.min(fullScaleCounts[sensor], Math.round(value[k] * countsPerUnit[sensor])));
      if (counts !== recording.samplesCounts[sample * SAMPLE_STRIDE + k]) {
        throw new MotionBidsExportError(`${source}: its sample ${sample + 1} reads as ${VALUE_FIELDS[k]} ${fields[valueIndex[k]].trim()} now, not as when it was imported: did the file change?`);
      }
      valuesSi[sample * SAMPLE_STRIDE + k] = value[k] * (sensor === 0 ? accSiPerUnit : gyroSiPerUnit);
      fileDecimals[sensor] = Math.max(fileDecimals[sensor], cellDecimals(fields[valueIndex[k]]));
    }
    sample++;
  }
  if (sample < recording.sampleCount) {
    throw new MotionBidsExportError(`${source}: ${sample} samples read again, where the import read ${recording.sampleCount}: did the file change?`);
  }
  return { valuesSi, decimals: [siDecimals(fileDecimals[0], accSiPerUnit), siDecimals(fileDecimals[1], gyroSiPerUnit)] };
}

/** the same, from the file at `path` */
export function readCsvSampleValues(path: string, recording: ImuRecording, reading: CsvValueReading): CsvSampleValues {
  return csvSampleValues(fs.readFileSync(path, 'utf8'), recording, reading, path);
}
