// Lines before a CSV's header: the notes many loggers and tools write first (`# Device: XYZ
// logger`, `# Sampling rate: 100 Hz`, a block of `key: value` lines) and Excel's `sep=;`, which
// names the separator of the lines after it. They are no data; the header is the first line that
// names the columns the import needs. A rate they state is kept, to be held against the stamps.

/** lines a preamble may hold: past this many a file has no header the import can find */
export const MAX_PREAMBLE_LINES = 200;
/** the start of a file read for its preamble, bytes: a preamble is a few lines, not a page */
export const PREAMBLE_HEAD_BYTES = 64 * 1024;

/** a line of notes: a comment mark or a separator line first (what a header never starts with) */
const NOTE_LINE = /^\s*("?sep=|#|%|\/\/|;)/i;
/** Excel's first line naming the separator: `sep=;`, `sep=,`, `sep=<tab>`, also quoted */
const SEP_LINE = /^"?sep=(.)"?\s*$/i;
/**
 * a rate a note states: "Sampling rate: 100 Hz", "sample_rate=104", "Sampling frequency [Hz]
 * 52", "ODR: 0.208 kHz", "fs = 100"
 */
// a number followed by a unit other than Hz or kHz (a radio's 2.4 GHz, a battery's 3.7 V) is no sampling rate
const STATED_RATE = /(sampl\w*[\s_-]*(?:rate|freq\w*)|\bfrequency\b|\bodr\b|\bfs\b)[^0-9\n]{0,24}?([0-9]+(?:[.,][0-9]+)?)(?![0-9]|[.,][0-9])(?:\s*(k?hz)\b|(?!\s*[a-zµ%]))/i;

export interface StatedRate {
  rateHz: number;
  /** 1-based line of the file that states it */
  line: number;
  /** that line as written */
  text: string;
}

export interface CsvPreamble {
  /** lines before the header; 0 where the header is the first line */
  lines: number;
  /** characters before the header in the text it was found in (a BOM counted) */
  headerOffset: number;
  /** the separator of the values: the one a `sep=` line names, a comma without one */
  delimiter: string;
  /** the `sep=` line named the separator */
  sepLine: boolean;
  /** the preamble's lines that hold something (no empty ones), each with its 1-based line */
  notes: Array<{ line: number; text: string }>;
  /** the first sampling rate the notes state */
  statedRate?: StatedRate;
}

/** a line's names, split at `delimiter`, each trimmed and without the quotes round it */
export function headerNamesOf(line: string, delimiter: string): string[] {
  return line.split(delimiter).map((name) => name.trim().replace(/^"(.*)"$/, '$1').trim());
}

/**
 * The preamble of a CSV whose start is `head` (the whole text when `complete`; else its last line
 * may be cut, and is not looked at). The header is the first line `isHeader` takes (within
 * MAX_PREAMBLE_LINES); where none is, the first that is no note, so the import names the line a
 * header was expected on. A `sep=` line names the separator only as the file's first line.
 */
export function findCsvPreamble(head: string, complete: boolean, isHeader: (names: string[]) => boolean): CsvPreamble {
  const bom = head.charCodeAt(0) === 0xfeff ? 1 : 0;
  const lines: Array<{ start: number; text: string }> = [];
  const lineEnd = /\r\n|\n|\r/g;
  let start = bom;
  while (lines.length < MAX_PREAMBLE_LINES) {
    lineEnd.lastIndex = start;
    const end = lineEnd.exec(head);
    if (end === null) {
      if (complete && start < head.length) lines.push({ start, text: head.slice(start) });
      break;
    }
    lines.push({ start, text: head.slice(start, end.index) });
    start = end.index + end[0].length;
  }
  const sep = lines.length > 0 ? SEP_LINE.exec(lines[0].text) : null;
  const delimiter = sep !== null ? sep[1] : ',';
  let header = lines.findIndex((line, i) => !(i === 0 && sep !== null) && isHeader(headerNamesOf(line.text, delimiter)));
  if (header < 0) {
    header = lines.findIndex((line) => line.text.trim() !== '' && !NOTE_LINE.test(line.text));
    // no line but notes: the header is where they end
    if (header < 0) header = complete ? lines.length : 0;
  }
  const notes = lines.slice(0, header)
    .map((line, i) => ({ line: i + 1, text: line.text.trim() }))
    .filter((note) => note.text !== '');
  let statedRate: StatedRate | undefined;
  for (const note of notes) {
    const stated = STATED_RATE.exec(note.text);
    if (stated === null) continue;
    const rateHz = Number(stated[2].replace(',', '.')) * (stated[3] !== undefined && stated[3].toLowerCase() === 'khz' ? 1000 : 1);
    if (rateHz > 0) {
      statedRate = { rateHz, line: note.line, text: note.text };
      break;
    }
  }
  return {
    lines: header,
    // a header on the first line is read from the start, BOM and all, as a file without notes
    headerOffset: header === 0 ? 0 : header < lines.length ? lines[header].start : head.length,
    delimiter,
    sepLine: sep !== null,
    notes,
    ...(statedRate !== undefined ? { statedRate } : {}),
  };
}
