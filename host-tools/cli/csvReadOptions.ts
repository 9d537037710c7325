// The options that say how to read a raw IMU CSV, shared by the commands that take one (replay,
// simulate, export): commander hands each parser the option's text, and an InvalidArgumentError it
// throws becomes a one-line usage error. Replay and export read a CSV alike, board and rate too;
// simulate reads it as they do, board included, but its --rate is the simulated pod's own.
import * as fs from 'fs';
import * as path from 'path';
import { InvalidArgumentError, Option } from 'commander';
import { PodAxisMap } from '../../boards/boardTypes';
import { AxisMapError, formatPodAxisMap, parsePodAxisMap } from '../recording/axisMap';
import { CsvColumnMap, CsvColumnMapError, CsvImportResult, gravityAxisWarning, importCsvFile, parseCsvColumnMap } from '../recording/csvImport';
import { ACC_UNITS, AccUnit, GYRO_UNITS, GyroUnit } from '../recording/imuUnits';
import { META_FILE, RAW_CSV_HEADER } from '../recording/podRecordingModel';
import { DEFAULT_BOARD_NAME, boardByName, boardNames } from './boardRegistry';
import { CliIo } from './cliCommand';
import { regularFileHead } from './fileHead';
import { recordingsInsideHint } from './recordingsInside';
import { EXIT_USAGE, NOT_A_RECORDING_DIR, UserError, fileUserError } from './userError';

export interface CsvReadCliOptions {
  axes?: PodAxisMap;
  columns?: CsvColumnMap;
  accUnit: AccUnit;
  gyroUnit: GyroUnit;
}

/** commander prints "argument 'x' is invalid. <message>": start the message as a sentence */
export function invalidArgument(message: string): InvalidArgumentError {
  return new InvalidArgumentError(message.charAt(0).toUpperCase() + message.slice(1) + '.');
}

export function parseAxesOption(text: string): PodAxisMap {
  try {
    return parsePodAxisMap(text);
  } catch (err) {
    if (err instanceof AxisMapError) throw invalidArgument(err.message);
    throw err;
  }
}

function parseColumnsOption(text: string): CsvColumnMap {
  try {
    return parseCsvColumnMap(text);
  } catch (err) {
    if (err instanceof CsvColumnMapError) throw invalidArgument(err.message);
    throw err;
  }
}

/** the options that say how to read a CSV file: option key, as the command line spells it */
const CSV_READ_OPTION_FLAGS: Array<[string, string]> = [['axes', '--axes'], ['columns', '--columns'], ['accUnit', '--acc-unit'], ['gyroUnit', '--gyro-unit']];

/**
 * The error for the CSV-reading options given on the command line (`given` says which were), and
 * the command's `others` like them, with a recording directory, whose own board, rate, units and
 * mounting are used; undefined when none was given
 */
export function csvOnlyOptionsRefused(dir: string, given: (option: string) => boolean, others: Array<[string, string]> = []): UserError | undefined {
  const flags = [...CSV_READ_OPTION_FLAGS, ...others].filter(([key]) => given(key)).map(([, flag]) => flag);
  if (flags.length === 0) return undefined;
  return new UserError(`${flags.join(', ')}: for a CSV file only; ${dir} is a recording, whose own board, rate, units and mounting are used`, EXIT_USAGE);
}

/** --columns, --acc-unit and --gyro-unit */
export function csvReadOptions(): Option[] {
  return [
    new Option('--columns <map>', 'header names of the known columns, e.g. t_ms=time,ax=AccX,gx=GyrX').argParser(parseColumnsOption),
    new Option('--acc-unit <unit>', 'accelerometer unit').choices(ACC_UNITS).default('g'),
    new Option('--gyro-unit <unit>', 'gyroscope unit').choices(GYRO_UNITS).default('dps'),
  ];
}

/** how simulate reads a CSV file: the board whose counts the samples become */
export interface CsvBoardCliOptions extends CsvReadCliOptions {
  board: string;
}

/** how replay and export read a CSV file: the board whose counts the samples become, and the rate */
export interface CsvFileCliOptions extends CsvBoardCliOptions {
  /** Hz; undefined: inferred from the time stamps */
  rate?: number;
}

function parseRateOption(text: string): number {
  const rateHz = Number(text);
  if (text.trim() === '' || !Number.isFinite(rateHz) || rateHz <= 0 || rateHz > 10000) {
    throw invalidArgument('give the sample rate in Hz, a number above 0 (e.g. 104)');
  }
  return rateHz;
}

/**
 * --board, --axes, --columns, --acc-unit, --gyro-unit and --rate, as replay and export take them;
 * `{ rate: false }` leaves out --rate, for simulate, whose --rate is the pod's sample rate
 */
export function csvFileOptions(which: { rate?: boolean } = {}): Option[] {
  const defaultBoard = boardByName(DEFAULT_BOARD_NAME);
  const defaultAxes = defaultBoard ? formatPodAxisMap(defaultBoard.axisMap) : '';
  return [
    new Option('--board <name>', 'board whose IMU scale and nominal mounting to use').choices(boardNames()).default(DEFAULT_BOARD_NAME),
    new Option(
      '--axes <map>',
      'sensor axis along each pod axis: V up, AP forward, ML to the left; signed, right-handed ' +
        `(default: the board's nominal mounting, ${DEFAULT_BOARD_NAME}: ${defaultAxes})`,
    ).argParser(parseAxesOption),
    ...csvReadOptions(),
    ...(which.rate === false ? [] : [new Option('--rate <hz>', 'sample rate in Hz (default: inferred from the time stamps)').argParser(parseRateOption)]),
  ];
}

/**
 * Reads the CSV `file` as replay and export do: its samples in the board's counts, the import's
 * warnings on stderr. A file that cannot be read is a UserError; a bad line is the result's error,
 * with the samples before it.
 */
export async function importCsvForCli(file: string, options: CsvFileCliOptions, io: CliIo, keepFileValues = false): Promise<CsvImportResult> {
  const imported = await importCsvOfBoard(file, options, options.rate, io, keepFileValues);
  if (imported.recording?.stampRateHz !== undefined) {
    io.err(`lumbarpod: warning: ${file}: step and window times follow the time stamps (--rate sets the detector's rate instead)\n`);
  }
  return imported;
}

/**
 * Reads the CSV `file` as simulate does: as replay reads it with the same options and no --rate
 * (the rate comes from the time stamps). The pod's steps are timed on its own clock, so replay's
 * word on step times following the stamps is left out.
 */
export function importCsvForSimulate(file: string, options: CsvBoardCliOptions, io: CliIo): Promise<CsvImportResult> {
  return importCsvOfBoard(file, options, undefined, io, false);
}

/** bytes read of a CSV file to see whether its first line is the header of a recording's raw.csv */
const RAW_HEADER_PROBE_BYTES = RAW_CSV_HEADER.length + 2;

/**
 * A UserError when `file` is the raw.csv of a recording: its values are the pod's IMU counts, which
 * read as g and dps would give every sample thousands of g (all saturated, no step's load measured)
 * and no error; only its recording.json says their scale and mounting. Undefined for any other file.
 */
function recordingRawCsvRefused(file: string): UserError | undefined {
  const head = regularFileHead(file, RAW_HEADER_PROBE_BYTES);
  if (head === undefined) return undefined;
  const firstLine = head.split(/\r?\n/)[0];
  if (firstLine !== RAW_CSV_HEADER) return undefined;
  const dir = path.dirname(file);
  const where = fs.existsSync(path.join(dir, META_FILE))
    ? `give the recording's directory, ${dir}, instead`
    : `give the directory it was recorded in, with its ${META_FILE}`;
  return new UserError(`${file} is the raw.csv of a recording: its values are the pod's IMU counts, whose scale and mounting only the recording's ${META_FILE} says; ${where}`);
}

/** the reading both share: board, import, and its notes and warnings on stderr */
async function importCsvOfBoard(file: string, options: CsvBoardCliOptions, rateHz: number | undefined, io: CliIo, keepFileValues: boolean): Promise<CsvImportResult> {
  const board = boardByName(options.board);
  if (board === undefined) throw new UserError(`unknown board '${options.board}' (known: ${boardNames().join(', ')})`);
  const refused = recordingRawCsvRefused(file);
  if (refused !== undefined) throw refused;
  let imported;
  try {
    imported = await importCsvFile(file, {
      scale: board.scale,
      axisMap: options.axes || board.axisMap,
      accUnit: options.accUnit,
      gyroUnit: options.gyroUnit,
      columns: options.columns,
      rateHz,
      keepFileValues,
    });
  } catch (err) {
    throw fileUserError(file, err, recordingsInsideHint(file) ?? NOT_A_RECORDING_DIR);
  }
  for (const note of imported.notes ?? []) io.err(`lumbarpod: note: ${file}: ${note}\n`);
  for (const warning of imported.warnings) io.err(`lumbarpod: warning: ${file}: ${warning}\n`);
  if (imported.gravityAxis !== undefined) io.err(`lumbarpod: warning: ${file}: ${gravityAxisWarning(imported.gravityAxis)}\n`);
  return imported;
}
