// The rows of a Motion-BIDS motion.tsv: one per period of the nominal sample rate from the first
// sample on, each a sample of the recording or, where it lost one, a row of n/a (MissingValues):
// a lost sample is an empty slot on the grid, never a value made up for it.

/** the sample grid: row r holds the recording's sample recordingRow[r], or none (-1) */
export interface MotionGrid {
  rows: number;
  recordingRow: Int32Array;
}

/** motion.tsv text (no header, as the spec has it), `sampleLine(i)` the tab-separated values of sample i */
export function motionTsvText(grid: MotionGrid, channelCount: number, sampleLine: (sample: number) => string): { text: string; missingRows: number } {
  const naRow = new Array(channelCount).fill('n/a').join('\t') + '\n';
  const parts: string[] = [];
  let missingRows = 0;
  for (let row = 0; row < grid.rows; row++) {
    const i = grid.recordingRow[row];
    if (i < 0) {
      parts.push(naRow);
      missingRows++;
      continue;
    }
    parts.push(sampleLine(i) + '\n');
  }
  return { text: parts.join(''), missingRows };
}
