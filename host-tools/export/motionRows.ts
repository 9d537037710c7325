// The rows of a Motion-BIDS motion.tsv: one per period of the nominal sample rate from the first
// sample on, each a sample of the recording or, where it lost one, a row of n/a (MissingValues):
// a lost sample is an empty slot on the grid, never a value made up for it.
import * as fs from 'fs';

/** the sample grid: row r holds the recording's sample recordingRow[r], or none (-1) */
export interface MotionGrid {
  rows: number;
  recordingRow: Int32Array;
}

/**
 * rows written at a time: a 4 h recording's motion.tsv is some 170 MB, which as one string (with
 * its 3 million row strings) took a CSV's export to 1.5 GB, and past about 12 h at 208 Hz would
 * not fit in a string at all
 */
export const MOTION_ROWS_PER_WRITE = 16384;

/** rows of n/a in the grid */
export function motionMissingRows(grid: MotionGrid): number {
  let missing = 0;
  for (let row = 0; row < grid.rows; row++) if (grid.recordingRow[row] < 0) missing++;
  return missing;
}

/**
 * Writes motion.tsv (no header, as the spec has it) to `file`, MOTION_ROWS_PER_WRITE rows at a
 * time; `sampleLine(i)` is the tab-separated values of sample i
 */
export function writeMotionTsv(file: string, grid: MotionGrid, channelCount: number, sampleLine: (sample: number) => string): void {
  const naRow = new Array(channelCount).fill('n/a').join('\t');
  const fd = fs.openSync(file, 'w');
  try {
    for (let from = 0; from < grid.rows; from += MOTION_ROWS_PER_WRITE) {
      const to = Math.min(grid.rows, from + MOTION_ROWS_PER_WRITE);
      const lines: string[] = new Array(to - from);
      for (let row = from; row < to; row++) {
        const i = grid.recordingRow[row];
        lines[row - from] = i < 0 ? naRow : sampleLine(i);
      }
      fs.writeSync(fd, lines.join('\n') + '\n');
    }
  } finally {
    fs.closeSync(fd);
  }
}
