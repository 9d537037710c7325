import { expect } from 'chai';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { MOTION_WRITE_BYTES, motionMissingRows, writeMotionTsv } from '../../../host-tools/export/motionRows';

describe('motion.tsv rows written a buffer at a time', () => {
  let dir: string;
  beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lumbarpod-motion-rows-')); });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes every row of a grid longer than two buffers once, in order, n/a exactly where samples are missing, the buffers\' edges among them', () => {
    // rows of up to 14 characters: 3 buffers' worth or more
    const rows = Math.ceil((3 * MOTION_WRITE_BYTES) / 12);
    // missing: rows about where the first buffer fills, and the last row of all
    const firstEdge = Math.floor(MOTION_WRITE_BYTES / 14);
    const missing = new Set([firstEdge - 1, firstEdge, firstEdge + 1, rows - 1]);
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
    expect(motionMissingRows({ rows, recordingRow })).to.equal(4);
  });

  it('written a few bytes at a time, rows of 2-byte and 3-byte characters and rows longer than the buffer among them: the bytes of the rows joined whole', () => {
    const values = ['1.5\t-2', '\u00e9\t\u00e9\u00e9', '\u20ac\t0', 'x'.repeat(40) + '\t' + '\u00e9'.repeat(9), '0\t0'];
    const rows = 60;
    const recordingRow = new Int32Array(rows);
    for (let row = 0; row < rows; row++) recordingRow[row] = row % 7 === 3 ? -1 : row;
    const sampleLine = (i: number) => values[i % values.length];
    const whole = Array.from(recordingRow, (i) => (i < 0 ? 'n/a\tn/a' : sampleLine(i))).join('\n') + '\n';
    const file = path.join(dir, 'motion.tsv');
    for (const writeBytes of [...Array.from({ length: 40 }, (_, i) => i + 1), 64, 100, 1000, MOTION_WRITE_BYTES]) {
      writeMotionTsv(file, { rows, recordingRow }, 2, sampleLine, writeBytes);
      expect(fs.readFileSync(file).equals(Buffer.from(whole, 'utf8')), `${writeBytes} B`).to.equal(true);
    }
  });

  it('writes an empty file for a grid of no rows', () => {
    const file = path.join(dir, 'motion.tsv');
    writeMotionTsv(file, { rows: 0, recordingRow: new Int32Array(0) }, 6, () => 'never');
    expect(fs.readFileSync(file, 'utf8')).to.equal('');
  });
});
