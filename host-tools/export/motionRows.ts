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
 * bytes written at a time: a 4 h recording's motion.tsv is some 170 MB, which as one string (with
 * its 3 million row strings) took a CSV's export to 1.5 GB, and past about 12 h at 208 Hz would
 * not fit in a string at all. The rows go into one buffer of this size, used again for each
 * write: a block of rows joined into a string of its own (a string this long is kept in the heap
 * until a full collection) left some 170 MB of them behind at 4 h.
 */
export const MOTION_WRITE_BYTES = 1024 * 1024;

/** rows of n/a in the grid */
export function motionMissingRows(grid: MotionGrid): number {
  let missing = 0;
  for (let row = 0; row < grid.rows; row++) if (grid.recordingRow[row] < 0) missing++;
  return missing;
}

/**
 * Writes motion.tsv (no header, as the spec has it) to `file`, `writeBytes` at a time (a row
 * longer than that on its own); `sampleLine(i)` is the tab-separated values of sample i
 */
export function writeMotionTsv(file: string, grid: MotionGrid, channelCount: number, sampleLine: (sample: number) => string, writeBytes = MOTION_WRITE_BYTES): void {
  const naRow = new Array(channelCount).fill('n/a').join('\t');
  const buffer = Buffer.allocUnsafe(writeBytes);
  let used = 0;
  const fd = fs.openSync(file, 'w');
  try {
    for (let row = 0; row < grid.rows; row++) {
      const i = grid.recordingRow[row];
      const line = (i < 0 ? naRow : sampleLine(i)) + '\n';
      // a UTF-16 unit takes at most 3 bytes of UTF-8: a row that may not fit goes after what is there
      if (used + line.length * 3 > writeBytes) {
        writeAll(fd, buffer, used);
        used = 0;
        if (line.length * 3 > writeBytes) {
          writeAll(fd, Buffer.from(line, 'utf8'), -1);
          continue;
        }
      }
      used += buffer.write(line, used, 'utf8');
    }
    writeAll(fd, buffer, used);
  } finally {
    fs.closeSync(fd);
  }
}

/** the first `length` bytes of `bytes` (all of them for -1) written to `fd`, however many writes it takes */
function writeAll(fd: number, bytes: Buffer, length: number): void {
  const end = length < 0 ? bytes.length : length;
  for (let at = 0; at < end;) at += fs.writeSync(fd, bytes, at, end - at);
}
