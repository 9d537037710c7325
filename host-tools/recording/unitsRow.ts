// A row of units under a CSV's header, as many loggers and their desktop tools write it (Shimmer
// Consensys: "ms,m/(s^2),...,deg/s"; others "[s]", "(g)"): no sample, but the unit of each
// column, against which the units the values are read in (--acc-unit, --gyro-unit, the time
// column's name) are checked.
import { decimalCommaValue } from './decimalComma';
import { AccUnit, GyroUnit } from './imuUnits';
import { TimeField } from './timeUnit';

export type ColumnUnit =
  | { kind: 'time'; field: TimeField }
  | { kind: 'acc'; unit: AccUnit }
  | { kind: 'gyro'; unit: GyroUnit };

/** unit spellings, lower case, blanks and the brackets round them removed */
const UNIT_TEXTS: Array<[string[], ColumnUnit]> = [
  [['s', 'sec', 'secs', 'second', 'seconds'], { kind: 'time', field: 't_s' }],
  [['ms', 'msec', 'msecs', 'millisecond', 'milliseconds'], { kind: 'time', field: 't_ms' }],
  [['us', 'µs', 'μs', 'usec', 'usecs', 'microsecond', 'microseconds'], { kind: 'time', field: 't_us' }],
  [['ns', 'nsec', 'nsecs', 'nanosecond', 'nanoseconds'], { kind: 'time', field: 't_ns' }],
  [['g'], { kind: 'acc', unit: 'g' }],
  [['mg'], { kind: 'acc', unit: 'mg' }],
  [['m/s^2', 'm/s2', 'm/s²', 'm/(s^2)', 'm/(s2)', 'ms^-2', 'ms-2', 'm*s^-2'], { kind: 'acc', unit: 'ms2' }],
  [['deg/s', 'dps', '°/s', 'degree/s', 'degrees/s', 'deg/sec', 'deg*s^-1'], { kind: 'gyro', unit: 'dps' }],
  [['rad/s', 'rads', 'rad/sec', 'rad*s^-1', 'rads^-1'], { kind: 'gyro', unit: 'rads' }],
];

/** the unit a cell of a units row names; undefined for one not known here */
export function columnUnitOf(text: string): ColumnUnit | undefined {
  const bare = text.trim().replace(/^[[(](.*)[\])]$/, '$1').replace(/\s+/g, '').toLowerCase();
  for (const [texts, unit] of UNIT_TEXTS) {
    if (texts.indexOf(bare) >= 0) return unit;
  }
  return undefined;
}

/**
 * a cell that is text, not a number nor empty: a unit, a label. A number with a decimal comma
 * ('0,000') is a number: a first sample written so in every column (seconds with decimals) is
 * a sample, not a units row
 */
export function isTextCell(text: string): boolean {
  const trimmed = text.trim();
  return trimmed !== '' && !Number.isFinite(Number(trimmed)) && decimalCommaValue(trimmed) === undefined;
}
