import { expect } from 'chai';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { MOTION_ROWS_PER_WRITE, motionMissingRows, writeMotionTsv } from '../../../host-tools/export/motionRows';

describe('motion.tsv rows written a block at a time', () => {
  let dir: string;
  beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lumbarpod-motion-rows-')); });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes every row of a grid longer than two blocks once, in order, n/a exactly where samples are missing, the blocks\' edges among them', () => {
    const rows = 2 * MOTION_ROWS_PER_WRITE + 100;
    // missing: the last row of the first block, the first of the second, and the last row of all
    const missing = new Set([MOTION_ROWS_PER_WRITE - 1, MOTION_ROWS_PER_WRITE, rows - 1]);
    const recordingRow = new Int32Array(rows);
    let sample = 0;
    for (let row = 0; row < rows; row++) recordingRow[row] = missing.has(row) ? -1 : sample++;
    const file = path.join(dir, 'motion.tsv');
    writeMotionTsv(file, { rows, recordingRow }, 2, (i) => `${i}\t${-i}`);
    const text = fs.readFileSync(file, 'utf8');
    expect(text.endsWith('\n')).to.equal(true);
    const lines = text.slice(0, -1).split('\n');
    expect(lines).to.have.length(rows);
    let expected = 0;
    for (let row = 0; row < rows; row++) {
      const want = missing.has(row) ? 'n/a\tn/a' : `${expected}\t${-expected++}`;
      if (lines[row] !== want) expect(`row ${row}: ${lines[row]}`).to.equal(`row ${row}: ${want}`);
    }
    expect(motionMissingRows({ rows, recordingRow })).to.equal(3);
  });

  it('writes an empty file for a grid of no rows', () => {
    const file = path.join(dir, 'motion.tsv');
    writeMotionTsv(file, { rows: 0, recordingRow: new Int32Array(0) }, 6, () => 'never');
    expect(fs.readFileSync(file, 'utf8')).to.equal('');
  });
});
