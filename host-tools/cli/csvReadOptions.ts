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

/**
 * The CSV-reading options among `given` (as the command line spells them): refused for a recording
 * directory, whose board, rate, units and mounting are its own
 */
export function csvOnlyOptionsRefused(dir: string, given: string[]): UserError | undefined {
  if (given.length === 0) return undefined;
  return new UserError(`${given.join(', ')}: for a CSV file only; ${dir} is a recording, whose own board, rate, units and mounting are used`, EXIT_USAGE);
}

/** --columns, --acc-unit and --gyro-unit */
export function csvReadOptions(): Option[] {
  return [
    new Option('--columns <map>', 'header names of the known columns, e.g. t_ms=time,ax=AccX,gx=GyrX').argParser(parseColumnsOption),
    new Option('--acc-unit <unit>', 'accelerometer unit').choices(ACC_UNITS).default('g'),
    new Option('--gyro-unit <unit>', 'gyroscope unit').choices(GYRO_UNITS).default('dps'),
  ];
}
