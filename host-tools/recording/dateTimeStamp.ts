// Time stamps written as ISO 8601 date-times, as many loggers, pandas and spreadsheets write them:
// 2024-03-01T10:00:00.000Z, with an offset (+01:00, +0100, +01) or none (the logger's local time),
// a space for the T, a comma for the decimal point. A sample's time is its ms after the first
// stamp; the first stamp is the recording's start on the wall clock.

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d+))?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

export interface DateTimeStamp {
  /**
   * ms from 1970-01-01T00:00:00Z to the stamp's whole second (its offset taken off; a stamp with
   * none is read as if in UTC): a whole number, exact
   */
  wholeSecondMs: number;
  /**
   * ms after that second. Kept apart from it: added to ms since 1970 (1.7e12) a fraction keeps
   * only about a microsecond of its digits, and a stamp's ms after the first would be off by that
   */
  fractionMs: number;
  /** the offset as written ('Z', '+01:00'), '' where there is none */
  zone: string;
  /** the stamp as ISO 8601 writes it: the T and the decimal point, its own zone kept */
  iso: string;
}

/** 10^n for the digits of a fraction: a power of ten is exact up to 10^22 */
function powerOfTen(n: number): number {
  return Math.pow(10, n);
}

/** The date-time a stamp writes, or undefined where it is none (a number, a date alone). */
export function parseDateTimeStamp(text: string): DateTimeStamp | undefined {
  const found = DATE_TIME.exec(text.trim());
  if (found === null) return undefined;
  const [year, month, day, hour, minute, second] = found.slice(1, 7).map(Number);
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return undefined;
  const localMs = Date.UTC(year, month - 1, day, hour, minute, second);
  // Date.UTC rolls 31 February over into March: a day the month does not have is no date
  if (new Date(localMs).getUTCDate() !== day) return undefined;
  const digits = found[7] || '';
  // a division by a power of ten is correctly rounded, as a product by 0.001 is not (0.009615 s)
  const fractionMs = digits.length <= 3 ? Number(digits || '0') * powerOfTen(3 - digits.length) : Number(digits) / powerOfTen(digits.length - 3);
  const zone = found[8] || '';
  let offsetMinutes = 0;
  if (zone !== '' && zone.toUpperCase() !== 'Z') {
    const sign = zone[0] === '-' ? -1 : 1;
    const hoursMinutes = zone.slice(1).replace(':', '');
    offsetMinutes = sign * (Number(hoursMinutes.slice(0, 2)) * 60 + Number(hoursMinutes.slice(2) || '0'));
  }
  const date = found[0].slice(0, 10);
  const time = found[0].slice(11, 19);
  return {
    wholeSecondMs: localMs - offsetMinutes * 60000,
    fractionMs,
    zone,
    iso: `${date}T${time}${digits !== '' ? `.${digits}` : ''}${zone}`,
  };
}

/** ms from `first` to `stamp`: the whole seconds apart, exact, then the fractions */
export function msBetweenDateTimes(first: DateTimeStamp, stamp: DateTimeStamp): number {
  return stamp.wholeSecondMs - first.wholeSecondMs + (stamp.fractionMs - first.fractionMs);
}

/** the date-time `ms` after `first`, in UTC (or, where `first` has no zone, on its clock), to the microsecond */
export function dateTimeAfter(first: DateTimeStamp, ms: number): string {
  const totalMs = first.fractionMs + ms;
  const wholeMs = Math.floor(totalMs / 1000) * 1000;
  const iso = new Date(first.wholeSecondMs + wholeMs).toISOString().slice(0, 19);
  const fraction = (totalMs - wholeMs) / 1000;
  const digits = fraction.toFixed(6).slice(2).replace(/0+$/, '');
  return `${iso}${digits.length > 0 ? `.${digits.padEnd(3, '0')}` : ''}${first.zone === '' ? '' : 'Z'}`;
}
