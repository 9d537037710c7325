// raw.csv's rows (sample_index,t_ms,gx,gy,gz,ax,ay,az, counts) into a recording's samples. A row
// damaged after the recording (not 8 numbers, a negative index, a count past int16) or whose
// index does not rise with the rows around it (written twice, out of order) is dropped and named
// with its line and fault; every other row is kept. The samples lost with such
// rows are gaps of cause 'file', as samples lost on the link are gaps of cause 'link'. Each row
// carries its own sample_index, so rows a few lines from their place (two lines swapped) are put
// back in order. The writer writes t_ms from sample_index, so a row where they disagree had one
// damaged (an index that is no whole number too): the rows around it tell which. It writes one
// header, so a damaged one is read as that header when the rows after it fit it, and a row behind
// it on line 1 (its line end lost) is read.
import { SAMPLE_STRIDE } from '../../firmware/core/pipeline';
import { META_FILE, PodRecordingGap, RAW_CSV_HEADER, RAW_FILE } from './podRecordingModel';

export interface RawCsvRows {
  /** the kept rows' sample_index, rising */
  sampleIndex: Int32Array;
  /** their samples, gx gy gz ax ay az, counts */
  samplesFifoOrder: Int16Array;
  /** sample lines in the file, kept or not (a last line cut short too) */
  linesInFile: number;
  /** what was damaged and what became of it, in words naming the line */
  problems: string[];
  /** samples missing where rows were dropped that recording.json's gaps do not hold: cause 'file', in order */
  gaps: PodRecordingGap[];
  /**
   * line 1 is not the header and the lines after it are not raw.csv's rows either (another file
   * under its name): why, in words after "line 1: "; no sample is read
   */
  notRawCsv?: string;
}

/** damaged lines named one by one before the rest are counted: a file damaged throughout warns in a screenful, not thousands of lines */
const DAMAGED_LINES_NAMED = 10;
/** likewise the gaps they leave */
const GAPS_NAMED = 10;
/** the largest sample_index an Int32Array holds */
const INT32_MAX = 0x7fffffff;
/** a damaged line is shown up to this many characters: it may be binary junk with no line end for a long way */
const SHOWN_CHARS_MAX = 60;
const COLUMN_NAMES = ['sample_index', 't_ms', 'gx', 'gy', 'gz', 'ax', 'ay', 'az'];
/** t_ms is written to 3 decimals from its sample_index (index x 1000 / rate): it is within half of this of that time */
const T_MS_WRITTEN_MS = 0.001;
/** how far either side of a row whose sample_index and t_ms disagree the rows that vouch for one of them are looked for */
const NEIGHBOUR_ROWS = 4;
/** the most rows put back in order at one place: a row further from its place is dropped as out of order */
const REORDER_ROWS_MAX = 8;
/** the index held for a row whose sample_index is no whole number, until its t_ms gives one */
const NOT_A_SAMPLE = -1;
/** parts of the text held back until the next comes: a damaged line among the last two is one cut short as it was written */
const PARTS_HELD = 2;

/** a damaged line and what became of it */
interface DamagedLine {
  /** its line in the file, from 1 */
  line: number;
  /** the problem's words after "raw.csv ": "line 52: ...; dropped" */
  text: string;
  dropped: boolean;
}

/**
 * The samples of raw.csv's `rows` (its text split at '\n'; rows[0] is the header). `recordedGaps`
 * are recording.json's: samples they hold are missing by the recording's own account, not through
 * a dropped row. `sampleRateHz` gives a gap's time in the problems.
 */
export function rawCsvRows(rows: string[], recordedGaps: readonly PodRecordingGap[], sampleRateHz: number): RawCsvRows {
  const reader = new RawCsvReader(recordedGaps, sampleRateHz, rows.length);
  for (const row of rows) reader.addPart(row);
  return reader.finish();
}

/**
 * raw.csv read part by part (its text split at '\n', in order, as a file is read a chunk at a
 * time), into what rawCsvRows gives for the whole: only the rows' numbers are kept, in typed
 * arrays, and of the text only line 1, the last two parts (which of them ends the file, maybe
 * cut short, is known only at its end) and what the damaged lines' problems quote.
 */
export class RawCsvReader {
  private readonly msPerSample: number;
  /** parts given so far */
  private parts = 0;
  /** line 1 as read: the header, or what took its place */
  private firstLine = '';
  /** the row behind the header on line 1, where the header's line end was lost */
  private swallowedRow: string | undefined;
  /** the latest parts given and not yet read, at most PARTS_HELD */
  private readonly held: string[] = [];
  /** the rows read, in file order: sample_index (NOT_A_SAMPLE until mended), line, samples */
  private index: Int32Array;
  private lineOf: Int32Array;
  private samples: Int16Array;
  private n = 0;
  private linesInFile = 0;
  /** rows whose t_ms is their sample_index's time, as the writer writes it */
  private timed = 0;
  /** those of them at sample 0, t_ms 0, which fits every rate */
  private timedAtStart = 0;
  /** the others */
  private readonly untimed = new UntimedRows();
  /** the last lines cut short, said before the damaged lines */
  private readonly cutShort: string[] = [];
  private readonly damaged: DamagedLine[] = [];

  /** `rowsExpected`: room made at the start for this many rows (more are taken as they come) */
  constructor(private readonly recordedGaps: readonly PodRecordingGap[], private readonly sampleRateHz: number, rowsExpected = 1024) {
    this.msPerSample = 1000 / sampleRateHz;
    const rows = Math.max(1, Math.ceil(rowsExpected));
    this.index = new Int32Array(rows);
    this.lineOf = new Int32Array(rows);
    this.samples = new Int16Array(rows * SAMPLE_STRIDE);
  }

  /** the next part of the text split at '\n': a line without its line end, the last one what follows the last line end */
  addPart(text: string): void {
    if (this.parts === 0) {
      this.firstLine = text;
      this.swallowedRow = rowAfterHeader(text);
    }
    this.held.push(text);
    this.parts++;
    if (this.held.length > PARTS_HELD) this.readPart(this.parts - this.held.length, this.held.shift() as string, false);
  }

  /** the rows of every part given */
  finish(): RawCsvRows {
    const first = this.parts - this.held.length;
    this.held.forEach((text, k) => this.readPart(first + k, text, true));
    this.held.length = 0;
    const { recordedGaps, sampleRateHz, msPerSample, damaged, untimed, firstLine } = this;
    const { index, lineOf, samples, linesInFile, timed } = this;
    let n = this.n;
    const problems = this.cutShort.slice();
    // every format version (1) writes this header: one that differs was damaged after the
    // recording, or the file is not raw.csv, which its rows tell (an empty file has no header)
    // a \r before the line end is no damage: an editor or a Windows checkout that wrote \r\n line
    // ends leaves the rows readable (Number() takes "-6\r"), and the header as it was
    const headerDamaged = firstLine !== RAW_CSV_HEADER && firstLine !== RAW_CSV_HEADER + '\r' && !(this.parts === 1 && firstLine === '');
    if (headerDamaged) {
      // a row of 8 numbers whose t_ms is its sample_index's time is one the writer wrote: most of
      // the lines are, or the file is something else under raw.csv's name
      if (timed * 2 < linesInFile) {
        const notRawCsv = `expected "${RAW_CSV_HEADER}", got "${shown(firstLine)}", and the lines after it are not its rows either: ` +
          `${timed} of ${linesInFile} are 8 numbers whose t_ms is their sample_index's time at ${sampleRateHz} Hz`;
        return { sampleIndex: new Int32Array(0), samplesFifoOrder: new Int16Array(0), linesInFile, problems: [], gaps: [], notRawCsv };
      }
      problems.unshift(this.swallowedRow !== undefined
        ? `${RAW_FILE} line 1: expected "${RAW_CSV_HEADER}", got "${shown(firstLine)}"; the header the recorder writes with its line end damaged, and the row behind it read`
        : `${RAW_FILE} line 1: expected "${RAW_CSV_HEADER}", got "${shown(firstLine)}"; damaged, read as the header the recorder writes` +
          (linesInFile === 0 ? ' (no line follows it)' : `, which ${timed} of the ${linesInFile} lines after it fit`));
    }
    if (untimed.count * 2 > n) {
      // not damage to a row here and there: the rate is not the one raw.csv was written at
      problems.push(this.otherRateText(n));
      // read by sample_index, a row whose index is no whole number has none
      const notWhole: number[] = [];
      for (let j = 0; j < untimed.count; j++) {
        const p = untimed.position(j);
        if (index[p] !== NOT_A_SAMPLE) continue;
        notWhole.push(p);
        damaged.push({ line: lineOf[p], text: `line ${lineOf[p]}: sample_index ${untimed.indexText(j)} is not a whole number from 0; dropped`, dropped: true });
      }
      n = dropRows(index, lineOf, samples, n, notWhole);
    } else if (untimed.count > 0) {
      n = mendUntimedRows(index, lineOf, samples, n, untimed, msPerSample, damaged);
    }
    putBackInOrder(index, lineOf, samples, n, damaged);
    const kept = risingRows(index, n);
    const keptCount = kept.reduce((sum, k) => sum + k, 0);
    if (keptCount < n) {
      // the writer counts on through restarts and skips what it has: a row written twice, or rows
      // out of order, would be read as made-up gaps and samples, and the export's grid has no place for them
      const keptIndex = new Int32Array(keptCount);
      const keptLine = new Int32Array(keptCount);
      for (let p = 0, q = 0; p < n; p++) {
        if (!kept[p]) continue;
        keptIndex[q] = index[p];
        keptLine[q++] = lineOf[p];
      }
      let before = -1;
      for (let p = 0; p < n; p++) {
        if (kept[p]) {
          before = p;
          continue;
        }
        const outOfLine = outOfLineText(index[p], keptIndex, keptLine, index, lineOf, kept, before, n);
        // a row read as its t_ms's sample that another row holds already: one problem for its line
        const mended = damaged.find((line) => line.line === lineOf[p] && !line.dropped);
        if (mended !== undefined) {
          mended.text += `, but ${outOfLine}; dropped`;
          mended.dropped = true;
        } else damaged.push({ line: lineOf[p], text: `line ${lineOf[p]}: ${outOfLine}; dropped`, dropped: true });
      }
    }
    damaged.sort((a, b) => a.line - b.line);
    for (const line of damaged.slice(0, DAMAGED_LINES_NAMED)) problems.push(`${RAW_FILE} ${line.text}`);
    if (damaged.length > DAMAGED_LINES_NAMED) {
      const rest = damaged.slice(DAMAGED_LINES_NAMED);
      const restDropped = rest.filter((line) => line.dropped).length;
      const last = rest[rest.length - 1].line;
      const plural = rest.length === 1 ? '' : 's';
      problems.push(restDropped === rest.length
        ? `${RAW_FILE}: ${rest.length} more line${plural} dropped, the last line ${last}`
        : `${RAW_FILE}: ${rest.length} more damaged line${plural}, ${restDropped === 0 ? 'all read' : `${restDropped} of them dropped`}, the last line ${last}`);
    }
    const dropped = damaged.some((line) => line.dropped);
    const { sampleIndex, samplesFifoOrder } = keptCount === n
      ? { sampleIndex: index.subarray(0, n), samplesFifoOrder: samples.subarray(0, n * SAMPLE_STRIDE) }
      : keptRowsOf(index, samples, n, kept, keptCount);
    // with no row dropped, a jump the recording's gaps do not hold is left as the file has it; a
    // damaged header may have taken the first row with it (its line end lost)
    const gaps = dropped || headerDamaged ? gapsNotRecorded(sampleIndex, recordedGaps) : [];
    for (const gap of gaps.slice(0, GAPS_NAMED)) problems.push(`${RAW_FILE}: ${gapText(gap, sampleRateHz)} missing where lines were dropped; a gap`);
    if (gaps.length > GAPS_NAMED) {
      const rest = gaps.slice(GAPS_NAMED);
      const restSamples = rest.reduce((sum, gap) => sum + gap.missingSamples, 0);
      problems.push(`${RAW_FILE}: ${rest.length} more gap${rest.length === 1 ? '' : 's'} where lines were dropped, ${restSamples} sample${restSamples === 1 ? '' : 's'} in all`);
    }
    return { sampleIndex, samplesFifoOrder, linesInFile, problems, gaps };
  }

  /**
   * Part `i` (line i + 1), `atEnd` where it is one of the last PARTS_HELD parts: the file ends
   * inside a line there, or just after one, so a damaged line is one cut short as it was written
   */
  private readPart(i: number, text: string, atEnd: boolean): void {
    let row = text;
    if (i === 0) {
      if (this.swallowedRow === undefined) return;
      row = this.swallowedRow;
    }
    const line = i + 1;
    if (row === '') return;
    this.linesInFile++;
    const cells = row.split(',');
    const values = cells.map(Number);
    const fault = rowFault(row, cells, values);
    // a last row with no line end was cut while it was written, maybe inside a number
    const unfinished = i === this.parts - 1 && atEnd;
    if (fault !== undefined || unfinished) {
      if (atEnd) this.cutShort.push(`${RAW_FILE} line ${line}: cut short; dropped`);
      else this.damaged.push({ line, text: `line ${line}: ${fault}; dropped`, dropped: true });
      return;
    }
    if (this.n === this.lineOf.length) this.makeRoom();
    const n = this.n;
    // an index that is no whole number was damaged: its t_ms may still say which sample the row holds
    const indexWhole = Number.isInteger(values[0]);
    if (indexWhole && Math.abs(values[1] - values[0] * this.msPerSample) <= T_MS_WRITTEN_MS) {
      this.timed++;
      if (values[0] === 0) this.timedAtStart++;
    } else {
      this.untimed.add(n, cells[0], values[0], cells[1], values[1]);
    }
    this.index[n] = indexWhole ? values[0] : NOT_A_SAMPLE;
    this.lineOf[n] = line;
    for (let k = 0; k < SAMPLE_STRIDE; k++) this.samples[n * SAMPLE_STRIDE + k] = values[2 + k];
    this.n++;
  }

  /**
   * What `n` rows, most of whose t_ms is not the time of their sample_index at recording.json's
   * rate, say: the rate their t_ms keep where one does (recording.json's sampleRateHz edited, or
   * raw.csv taken from another recording), which a researcher must see is not the one read at
   */
  private otherRateText(n: number): string {
    const { sampleRateHz, untimed, timed, timedAtStart } = this;
    const readAt = `read by sample_index at ${sampleRateHz} Hz, ${META_FILE}'s`;
    let best = { rateHz: 0, fit: 0 };
    for (const rateHz of [untimed.impliedRateHz(untimed.count >> 1), untimed.impliedRateHz(untimed.count - 1)]) {
      if (rateHz === undefined || rateHz === sampleRateHz) continue;
      // a row timed at recording.json's rate fits another only at sample 0
      const fit = untimed.fitting(1000 / rateHz, T_MS_WRITTEN_MS) + timedAtStart;
      if (fit > best.fit) best = { rateHz, fit };
    }
    if (best.fit * 2 <= n) {
      return `${RAW_FILE}: t_ms is the time of its sample_index at ${sampleRateHz} Hz (${META_FILE}'s sampleRateHz) on ${timed} of ${n} lines only, ` +
        `nor at any one other rate; ${readAt}`;
    }
    const ratio = best.rateHz / sampleRateHz;
    return `${RAW_FILE}: its t_ms are the times of its sample_index at ${best.rateHz} Hz (on ${best.fit} of ${n} lines), ` +
      `but ${META_FILE}'s sampleRateHz says ${sampleRateHz} Hz: one of the two was changed after the recording, as the recorder ` +
      `writes t_ms at ${META_FILE}'s rate. The samples are ${readAt}, the rate the pod said it sampled at; if sampleRateHz was ` +
      `edited, set it back to ${best.rateHz}: read at ${sampleRateHz} Hz, every time from raw.csv comes out ` +
      `${Number(ratio.toFixed(2))} times as long as its t_ms say, and every rate (cadence) ${Number((1 / ratio).toFixed(2))} times`;
  }

  /** half as many rows again: a file longer than its size foretold */
  private makeRoom(): void {
    const rows = Math.ceil(this.lineOf.length * 1.5) + 16;
    this.index = grown(this.index, rows);
    this.lineOf = grown(this.lineOf, rows);
    this.samples = grown(this.samples, rows * SAMPLE_STRIDE);
  }
}

/**
 * The `kept` of the `n` rows read, in a copy of their count. Only where rows are dropped: where
 * every row is kept (a recording not damaged) the rows read are the result as they are, a view of
 * the room made for them, not a copy (48 MB more at 4 h at 208 Hz, beside the 60 MB read)
 */
function keptRowsOf(index: Int32Array, samples: Int16Array, n: number, kept: Uint8Array, keptCount: number): { sampleIndex: Int32Array; samplesFifoOrder: Int16Array } {
  const sampleIndex = new Int32Array(keptCount);
  const samplesFifoOrder = new Int16Array(keptCount * SAMPLE_STRIDE);
  for (let p = 0, q = 0; p < n; p++) {
    if (!kept[p]) continue;
    sampleIndex[q] = index[p];
    samplesFifoOrder.set(samples.subarray(p * SAMPLE_STRIDE, (p + 1) * SAMPLE_STRIDE), q * SAMPLE_STRIDE);
    q++;
  }
  return { sampleIndex, samplesFifoOrder };
}

/**
 * The rows whose t_ms is not the time of their sample_index, in file order, with the text of
 * those two cells as written for their problems. A cell is kept as its number where the number
 * gives its text back as the writer writes it (t_ms to 3 decimals, an index in digits), and as
 * text only where it does not (a damaged cell: "5.0", "278.84"): where recording.json's rate is
 * not raw.csv's, every row is one of these.
 */
class UntimedRows {
  count = 0;
  /** each one's place among the rows read */
  private at = new Int32Array(16);
  /** its sample_index where that is a whole number, else NOT_A_SAMPLE */
  private indexAsRead = new Int32Array(16);
  private tMs = new Float64Array(16);
  private readonly indexTexts = new Map<number, string>();
  private readonly tMsTexts = new Map<number, string>();

  add(position: number, indexText: string, index: number, tMsText: string, tMs: number): void {
    const j = this.count++;
    if (j === this.at.length) {
      this.at = grown(this.at, j * 2);
      this.indexAsRead = grown(this.indexAsRead, j * 2);
      this.tMs = grown(this.tMs, j * 2);
    }
    this.at[j] = position;
    const whole = Number.isInteger(index);
    this.indexAsRead[j] = whole ? index : NOT_A_SAMPLE;
    if (!whole || String(index) !== indexText) this.indexTexts.set(j, indexText);
    this.tMs[j] = tMs;
    if (tMs.toFixed(3) !== tMsText) this.tMsTexts.set(j, tMsText);
  }

  position(j: number): number {
    return this.at[j];
  }

  indexText(j: number): string {
    return this.indexTexts.get(j) ?? String(this.indexAsRead[j]);
  }

  tMsValue(j: number): number {
    return this.tMs[j];
  }

  tMsText(j: number): string {
    return this.tMsTexts.get(j) ?? this.tMs[j].toFixed(3);
  }

  /** the whole Hz whose period row j's t_ms is its sample_index times; undefined where it gives none */
  impliedRateHz(j: number): number | undefined {
    if (j < 0 || j >= this.count) return undefined;
    const index = this.indexAsRead[j];
    const tMs = this.tMs[j];
    if (index <= 0 || !(tMs > 0)) return undefined;
    const rateHz = Math.round((index * 1000) / tMs);
    return rateHz > 0 ? rateHz : undefined;
  }

  /** how many of the rows have t_ms their sample_index times `msPerSample`, within `withinMs` */
  fitting(msPerSample: number, withinMs: number): number {
    let fit = 0;
    for (let j = 0; j < this.count; j++) {
      const index = this.indexAsRead[j];
      if (index !== NOT_A_SAMPLE && Math.abs(this.tMs[j] - index * msPerSample) <= withinMs) fit++;
    }
    return fit;
  }
}

/** a copy of `array` with room for `length` values */
function grown<A extends Int16Array | Int32Array | Float64Array>(array: A, length: number): A {
  const bigger = new (array.constructor as new (length: number) => A)(length);
  (bigger as Float64Array).set(array as ArrayLike<number>);
  return bigger;
}

/**
 * The row on line 1 behind the header where the header's line end was lost, or a byte took its
 * place; undefined where line 1 is no header with a row behind it
 */
function rowAfterHeader(first: string): string | undefined {
  if (!first.startsWith(RAW_CSV_HEADER)) return undefined;
  const rest = first.slice(RAW_CSV_HEADER.length);
  for (const row of [rest, rest.slice(1)]) {
    const cells = row.split(',');
    if (row !== '' && rowFault(row, cells, cells.map(Number)) === undefined && Number.isInteger(Number(cells[0]))) return row;
  }
  return undefined;
}

/** what is wrong with a row on its own, or undefined */
function rowFault(row: string, cells: string[], values: number[]): string | undefined {
  if (cells.length !== 8 || values.some((v, k) => !Number.isFinite(v) || cells[k].trim() === '')) {
    return `expected 8 numbers, got "${shown(row)}"`;
  }
  // one that is no whole number is read from its t_ms, where the rows around it vouch for that
  if (values[0] < 0 || values[0] > INT32_MAX) return `sample_index ${cells[0]} is not a whole number from 0`;
  for (let k = 2; k < 8; k++) {
    // an Int16Array would wrap a count past its range into another, made-up one
    if (!Number.isInteger(values[k]) || values[k] < -32768 || values[k] > 32767) return `${COLUMN_NAMES[k]} ${cells[k]} is not a count from -32768 to 32767`;
  }
  return undefined;
}

/**
 * Rows whose t_ms is not the time of their sample_index (`untimed`, rising, with their t_ms as
 * written): one of the two was damaged after the recording. The one that goes on from the nearest
 * rows either side whose two agree is the sample's, and the row is read as it; where neither or
 * both do, the row is dropped. Each is said in `damaged`. Returns how many rows are left: those
 * dropped are taken out of the arrays.
 */
function mendUntimedRows(
  index: Int32Array, lineOf: Int32Array, samples: Int16Array, n: number, untimed: UntimedRows, msPerSample: number, damaged: DamagedLine[],
): number {
  const isUntimed = new Uint8Array(n);
  for (let j = 0; j < untimed.count; j++) isUntimed[untimed.position(j)] = 1;
  /** sample c stands where row p is among the nearest rows whose two agree, on one side or the other */
  const goesOn = (p: number, c: number): boolean => {
    for (let d = 1; d <= NEIGHBOUR_ROWS && p - d >= 0; d++) {
      if (!isUntimed[p - d]) {
        if (index[p - d] + d === c) return true;
        break;
      }
    }
    for (let d = 1; d <= NEIGHBOUR_ROWS && p + d < n; d++) {
      if (!isUntimed[p + d]) return index[p + d] - d === c;
    }
    return false;
  };
  const dropped: number[] = [];
  for (let j = 0; j < untimed.count; j++) {
    const p = untimed.position(j);
    const byIndex = index[p];
    const indexText = untimed.indexText(j);
    const tMs = untimed.tMsText(j);
    const tMsValue = untimed.tMsValue(j);
    const byTime = Math.round(tMsValue / msPerSample);
    const timeIsASample = byTime >= 0 && byTime <= INT32_MAX && Math.abs(tMsValue - byTime * msPerSample) <= T_MS_WRITTEN_MS;
    const indexGoesOn = byIndex !== NOT_A_SAMPLE && goesOn(p, byIndex);
    const timeGoesOn = timeIsASample && goesOn(p, byTime);
    const line = `line ${lineOf[p]}: `;
    if (indexGoesOn && !timeGoesOn) {
      damaged.push({ line: lineOf[p], text: `${line}t_ms ${tMs} is not the time of its sample_index ${byIndex} (${(byIndex * msPerSample).toFixed(3)}), which goes on from the lines around it; read as sample ${byIndex}`, dropped: false });
    } else if (timeGoesOn && !indexGoesOn) {
      index[p] = byTime;
      damaged.push({ line: lineOf[p], text: `${line}sample_index ${indexText} is not the sample of its t_ms ${tMs} (${byTime}), which goes on from the lines around it; read as sample ${byTime}`, dropped: false });
    } else {
      dropped.push(p);
      const which = indexGoesOn ? 'each goes on from the lines on one side of it' : 'neither goes on from the lines around it';
      damaged.push({ line: lineOf[p], text: `${line}sample_index ${indexText} and its t_ms ${tMs} (${timeIsASample ? `sample ${byTime}'s time` : 'no sample\'s time'}) disagree, and ${which}; dropped`, dropped: true });
    }
  }
  return dropRows(index, lineOf, samples, n, dropped);
}

/** takes the rows at `positions` out of the arrays; returns how many rows are left */
function dropRows(index: Int32Array, lineOf: Int32Array, samples: Int16Array, n: number, positions: number[]): number {
  if (positions.length === 0) return n;
  const drop = new Uint8Array(n);
  for (const p of positions) drop[p] = 1;
  let q = 0;
  for (let p = 0; p < n; p++) {
    if (drop[p]) continue;
    index[q] = index[p];
    lineOf[q] = lineOf[p];
    samples.copyWithin(q * SAMPLE_STRIDE, p * SAMPLE_STRIDE, (p + 1) * SAMPLE_STRIDE);
    q++;
  }
  return q;
}

/**
 * Rows a few lines from their place (two lines swapped, or a line moved a few on) are put back in
 * order: a run of at most REORDER_ROWS_MAX rows whose indices all differ and, sorted, fit between
 * the rows around it, is sorted, and said in `damaged`. Their t_ms agree with their indices (the
 * rows that did not are mended or gone), so each row's index is the sample it holds. A repeated
 * index, or a row further from its place, is left for risingRows.
 */
function putBackInOrder(index: Int32Array, lineOf: Int32Array, samples: Int16Array, n: number, damaged: DamagedLine[]): void {
  for (let p = 1; p < n; p++) {
    if (index[p] > index[p - 1]) continue;
    // the run [from, to) grows until the rows either side of it are below and above all of it
    let from = p - 1;
    let to = p + 1;
    let least = Math.min(index[from], index[p]);
    let most = Math.max(index[from], index[p]);
    let grew = true;
    while (grew && to - from <= REORDER_ROWS_MAX) {
      grew = false;
      while (from > 0 && index[from - 1] >= least && to - from <= REORDER_ROWS_MAX) {
        from--;
        most = Math.max(most, index[from]);
        grew = true;
      }
      while (to < n && index[to] <= most && to - from <= REORDER_ROWS_MAX) {
        least = Math.min(least, index[to]);
        to++;
        grew = true;
      }
    }
    if (to - from > REORDER_ROWS_MAX) continue;
    const inFileOrder = Array.from(index.subarray(from, to));
    const order = inFileOrder.map((_, k) => k).sort((a, b) => inFileOrder[a] - inFileOrder[b]);
    let repeated = false;
    for (let k = 1; k < order.length; k++) if (inFileOrder[order[k]] === inFileOrder[order[k - 1]]) repeated = true;
    if (repeated) continue;
    const lines = Array.from(lineOf.subarray(from, to));
    const runSamples = samples.slice(from * SAMPLE_STRIDE, to * SAMPLE_STRIDE);
    for (let k = 0; k < order.length; k++) {
      index[from + k] = inFileOrder[order[k]];
      lineOf[from + k] = lines[order[k]];
      samples.set(runSamples.subarray(order[k] * SAMPLE_STRIDE, (order[k] + 1) * SAMPLE_STRIDE), (from + k) * SAMPLE_STRIDE);
    }
    damaged.push({
      line: lines[0], text: `lines ${lines[0]}-${lines[lines.length - 1]}: sample_index ${inFileOrder.join(', ')} out of order; put back in order`, dropped: false,
    });
    p = to - 1;
  }
}

/** a line as shown in a problem: up to SHOWN_CHARS_MAX characters */
function shown(line: string): string {
  return line.length > SHOWN_CHARS_MAX ? line.slice(0, SHOWN_CHARS_MAX) + '...' : line;
}

/**
 * Which of the `n` rows to keep (1) so their indices rise: the most rows that do (a longest
 * strictly rising subsequence, n log n), so one row with a damaged index costs that row and not
 * every row after it. Of a repeated index the first row is kept.
 */
function risingRows(index: Int32Array, n: number): Uint8Array {
  const kept = new Uint8Array(n);
  let rising = true;
  for (let p = 1; p < n && rising; p++) rising = index[p] > index[p - 1];
  if (rising) return kept.fill(1);
  /** tails[k]: the row ending the rising run of k + 1 rows whose last index is least so far */
  const tails = new Int32Array(n);
  /** the row before each in its run, -1 for none */
  const previous = new Int32Array(n).fill(-1);
  let runs = 0;
  for (let p = 0; p < n; p++) {
    const v = index[p];
    let lo = 0;
    let hi = runs;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (index[tails[mid]] < v) lo = mid + 1;
      else hi = mid;
    }
    // a repeat of a run's last index: the earlier row ends every run this one would
    if (lo < runs && index[tails[lo]] === v) continue;
    previous[p] = lo > 0 ? tails[lo - 1] : -1;
    tails[lo] = p;
    if (lo === runs) runs++;
  }
  for (let p = runs > 0 ? tails[runs - 1] : -1; p >= 0; p = previous[p]) kept[p] = 1;
  return kept;
}

/** why row p's index does not fit: a repeat of a kept row's, or out of order with the kept rows around it (`before` the last one before it, -1 for none) */
function outOfLineText(
  v: number, keptIndex: Int32Array, keptLine: Int32Array, index: Int32Array, lineOf: Int32Array, kept: Uint8Array, before: number, n: number,
): string {
  let lo = 0;
  let hi = keptIndex.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (keptIndex[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  if (lo < keptIndex.length && keptIndex[lo] === v) return `sample_index ${v} again (line ${keptLine[lo]} has it)`;
  let after = before + 1;
  while (after < n && !kept[after]) after++;
  const around = [
    ...(before >= 0 ? [`line ${lineOf[before]} has ${index[before]}`] : []),
    ...(after < n ? [`line ${lineOf[after]} has ${index[after]}`] : []),
  ];
  return `sample_index ${v} out of order (${around.join(', ')})`;
}

/**
 * the stretches of samples missing between the kept rows (and before the first, from sample 0)
 * that none of `recorded` holds
 */
function gapsNotRecorded(sampleIndex: Int32Array, recorded: readonly PodRecordingGap[]): PodRecordingGap[] {
  const held = recorded.map((gap) => [gap.fromSample, gap.fromSample + gap.missingSamples]).sort((a, b) => a[0] - b[0]);
  const gaps: PodRecordingGap[] = [];
  let expected = 0;
  for (let q = 0; q < sampleIndex.length; q++) {
    let from = expected;
    const to = sampleIndex[q];
    expected = to + 1;
    if (to === from) continue;
    for (const [heldFrom, heldTo] of held) {
      if (heldTo <= from || heldFrom >= to) continue;
      if (heldFrom > from) gaps.push({ fromSample: from, missingSamples: heldFrom - from, cause: 'file' });
      from = Math.max(from, heldTo);
    }
    if (to > from) gaps.push({ fromSample: from, missingSamples: to - from, cause: 'file' });
  }
  return gaps;
}

/** "sample 4998 (at 48.06 s) is" or "samples 4998-5001 (from 48.06 s) are" */
function gapText(gap: PodRecordingGap, sampleRateHz: number): string {
  const atS = (gap.fromSample / sampleRateHz).toFixed(2);
  return gap.missingSamples === 1
    ? `sample ${gap.fromSample} (at ${atS} s) is`
    : `samples ${gap.fromSample}-${gap.fromSample + gap.missingSamples - 1} (from ${atS} s) are`;
}
