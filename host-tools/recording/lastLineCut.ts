// A CSV file cut while it was written (a logger that lost power, a copy stopped short) ends inside
// its last line, with no newline after it. A cut that leaves fewer fields, or a value that is no
// number ('1.2e', '-'), is a bad line like any other; a cut inside a number can leave a number
// ('-2.22308' cut to '-2.223'). Where a column is written with a fixed number of characters after
// the decimal point, as loggers and spreadsheets write it, a shorter last value is that cut. Where
// the column's values differ in length, or have no decimal point, a cut cannot be told from a
// complete value; a complete last line without a newline is common, so it is read, with a warning.

/**
 * Values of one length after the decimal point before the last one that make the column's format
 * fixed: a column whose values just happen to share a length (shortest-form numbers, whose
 * trailing zeros are dropped in about one value in ten) does not keep it this long
 */
const FIXED_FORMAT_MIN_VALUES = 100;

/** what the last value of the column says about a cut */
export type LastValueVerdict =
  | { kind: 'cut'; charsAfterPoint: number; formatCharsAfterPoint: number; valuesBefore: number }
  | { kind: 'complete' }
  | { kind: 'unknown' };

/** characters from the decimal point to the value's end, 0 without one */
function charsAfterPoint(text: string): number {
  const point = text.indexOf('.');
  return point < 0 ? 0 : text.length - point - 1;
}

/** The values of a file's last column, row by row: whether the last one read is cut short. */
export class LastColumnFormat {
  /** characters after the point every value before the latest has, -1 once two differ */
  private formatChars = -1;
  private valuesBefore = 0;
  private latest: string | undefined;

  /** the latest value added ('' before any) */
  get latestText(): string {
    return this.latest ?? '';
  }

  add(text: string): void {
    const previous = this.latest;
    if (previous !== undefined) {
      const chars = charsAfterPoint(previous);
      if (this.valuesBefore === 0) this.formatChars = chars;
      else if (chars !== this.formatChars) this.formatChars = -1;
      this.valuesBefore++;
    }
    this.latest = text;
  }

  /** the latest value added, as the last of a file cut somewhere in its last line */
  lastValueVerdict(): LastValueVerdict {
    // without a decimal point in the column, a cut leaves a shorter whole number
    if (this.latest === undefined || this.valuesBefore < FIXED_FORMAT_MIN_VALUES || this.formatChars <= 0) return { kind: 'unknown' };
    const chars = charsAfterPoint(this.latest);
    if (chars >= this.formatChars) return { kind: 'complete' };
    return { kind: 'cut', charsAfterPoint: chars, formatCharsAfterPoint: this.formatChars, valuesBefore: this.valuesBefore };
  }
}
