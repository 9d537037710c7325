// A cell a logger or a spreadsheet leaves for a value it does not have: empty, NaN (as numpy,
// pandas, MATLAB and C write it), NA (R), N/A or #N/A (spreadsheets), null or None (JSON and
// Python dumps). The sample on its line was not taken whole: it is a lost sample, never a zero.

/** the texts of a missing value, lower case, blanks around them ignored */
const MISSING_TEXTS = ['', 'nan', '-nan', '+nan', 'na', 'n/a', '#n/a', 'null', 'none'];

/** true where the cell holds no value, only a mark that there is none */
export function isMissingCell(text: string): boolean {
  return MISSING_TEXTS.indexOf(text.trim().toLowerCase()) >= 0;
}

/** A line of a CSV whose sample has a missing cell: where it is, and what the cell held. */
export interface MissingCellLine {
  /** 1-based line in the file */
  line: number;
  /** header name of the first missing cell on the line */
  column: string;
  /** that cell as written */
  text: string;
  /** samples read before this line: the sample the line would have been */
  samplesBefore: number;
  /** the line's time cell as written, where it is not the missing one */
  timeText?: string;
}
