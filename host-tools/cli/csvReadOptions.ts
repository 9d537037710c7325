// The options that say how to read a raw IMU CSV, shared by the commands that take one (replay,
// simulate): commander hands each parser the option's text, and an InvalidArgumentError it throws
// becomes a one-line usage error.
import { InvalidArgumentError, Option } from 'commander';
import { PodAxisMap } from '../../boards/boardTypes';
import { AxisMapError, parsePodAxisMap } from '../recording/axisMap';
import { CsvColumnMap, CsvColumnMapError, parseCsvColumnMap } from '../recording/csvImport';
import { ACC_UNITS, AccUnit, GYRO_UNITS, GyroUnit } from '../recording/imuUnits';
import { EXIT_USAGE, UserError } from './userError';

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
