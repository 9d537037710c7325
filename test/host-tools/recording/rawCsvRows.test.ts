// raw.csv's rows into samples: a row damaged after the recording costs that row (and the sample it
// held, a gap of cause file), never the rows after it.
import { expect } from 'chai';
import { PodRecordingGap, RAW_CSV_HEADER } from '../../../host-tools/recording/podRecordingModel';
import { rawCsvRows } from '../../../host-tools/recording/rawCsvRows';

const RATE_HZ = 104;

/** raw.csv's rows as the writer writes them for samples `from` to `to` (exclusive), each sample's gz its index, then the empty string after the last line end */
function rowsOf(from: number, to: number): string[] {
  const rows = [RAW_CSV_HEADER];
  for (let i = from; i < to; i++) rows.push(`${i},${((i * 1000) / RATE_HZ).toFixed(3)},0,0,${i},0,0,2048`);
  return rows.concat(['']);
}

/** the 1-based line of sample i in rowsOf(0, n): the header is line 1 */
const lineOf = (sample: number) => sample + 2;

describe('raw.csv rows', () => {
  it('keeps every row of an undamaged file, in order, with no problem and no gap', () => {
    const read = rawCsvRows(rowsOf(0, 104), [], RATE_HZ);
    expect(Array.from(read.sampleIndex)).to.deep.equal(Array.from({ length: 104 }, (_, i) => i));
    expect(read.samplesFifoOrder[50 * 6 + 2]).to.equal(50);
    expect(read.linesInFile).to.equal(104);
    expect(read.problems).to.deep.equal([]);
    expect(read.gaps).to.deep.equal([]);
  });

  it('drops a line that is not 8 numbers, names it, keeps the rows after it, and its sample is a gap of cause file', () => {
    const rows = rowsOf(0, 104);
    rows[lineOf(50) - 1] = 'garbage';
    const read = rawCsvRows(rows, [], RATE_HZ);
    expect(read.sampleIndex.length).to.equal(103);
    expect(read.sampleIndex[50]).to.equal(51);
    // gz holds the sample's index: the samples after the line are the file's own
    expect(read.samplesFifoOrder[50 * 6 + 2]).to.equal(51);
    expect(read.problems).to.deep.equal([
      'raw.csv line 52: expected 8 numbers, got "garbage"; dropped',
      'raw.csv: sample 50 (at 0.48 s) is missing where lines were dropped; a gap',
    ]);
    expect(read.gaps).to.deep.equal([{ fromSample: 50, missingSamples: 1, cause: 'file' }]);
  });

  it('drops a row whose index or count cannot be a sample: no whole number, a count past int16, an empty cell', () => {
    for (const [row, fault] of [
      ['50.5,480.769,0,0,50,0,0,2048', 'sample_index 50.5 is not a whole number from 0'],
      ['-1,480.769,0,0,50,0,0,2048', 'sample_index -1 is not a whole number from 0'],
      ['50,480.769,0,0,40000,0,0,2048', 'gz 40000 is not a count from -32768 to 32767'],
      ['50,480.769,0,0,50,0,,2048', 'expected 8 numbers, got "50,480.769,0,0,50,0,,2048"'],
    ]) {
      const rows = rowsOf(0, 104);
      rows[lineOf(50) - 1] = row;
      const read = rawCsvRows(rows, [], RATE_HZ);
      expect(read.problems[0], row).to.equal(`raw.csv line 52: ${fault}; dropped`);
      expect(read.gaps, row).to.deep.equal([{ fromSample: 50, missingSamples: 1, cause: 'file' }]);
      expect(read.sampleIndex.length, row).to.equal(103);
    }
  });

  it('drops a row written twice, keeping the first, with no gap', () => {
    const rows = rowsOf(0, 104);
    rows.splice(lineOf(50), 0, rows[lineOf(50) - 1]);
    const read = rawCsvRows(rows, [], RATE_HZ);
    expect(read.problems).to.deep.equal(['raw.csv line 53: sample_index 50 again (line 52 has it); dropped']);
    expect(Array.from(read.sampleIndex)).to.deep.equal(Array.from({ length: 104 }, (_, i) => i));
    expect(read.gaps).to.deep.equal([]);
    expect(read.linesInFile).to.equal(105);
  });

  it('two rows swapped: one of them is dropped, named with the rows around it, and its sample is a gap', () => {
    const rows = rowsOf(0, 104);
    [rows[lineOf(50) - 1], rows[lineOf(51) - 1]] = [rows[lineOf(51) - 1], rows[lineOf(50) - 1]];
    const read = rawCsvRows(rows, [], RATE_HZ);
    expect(read.problems).to.deep.equal([
      'raw.csv line 52: sample_index 51 out of order (line 51 has 49, line 53 has 50); dropped',
      'raw.csv: sample 51 (at 0.49 s) is missing where lines were dropped; a gap',
    ]);
    expect(read.sampleIndex.length).to.equal(103);
  });

  it('an index damaged into a far later one costs its row only, not every row after it', () => {
    const rows = rowsOf(0, 104);
    rows[lineOf(50) - 1] = rows[lineOf(50) - 1].replace(/^50,/, '95000,');
    const read = rawCsvRows(rows, [], RATE_HZ);
    expect(read.problems[0]).to.equal('raw.csv line 52: sample_index 95000 out of order (line 51 has 49, line 53 has 51); dropped');
    expect(read.sampleIndex.length).to.equal(103);
    expect(read.sampleIndex[102]).to.equal(103);
    expect(read.gaps).to.deep.equal([{ fromSample: 50, missingSamples: 1, cause: 'file' }]);
  });

  it('a dropped line next to a gap the recording holds: only the samples that gap does not hold are a gap of cause file', () => {
    // samples 52-77 lost on the link; the row of sample 51, just before them, damaged
    const rows = [RAW_CSV_HEADER, ...rowsOf(0, 52).slice(1, -1), ...rowsOf(78, 104).slice(1)];
    rows[lineOf(51) - 1] = '51,490.38';
    const recorded: PodRecordingGap[] = [{ fromSample: 52, missingSamples: 26, cause: 'link' }];
    const read = rawCsvRows(rows, recorded, RATE_HZ);
    expect(read.gaps).to.deep.equal([{ fromSample: 51, missingSamples: 1, cause: 'file' }]);
    // the first row damaged: its sample 0 is a gap from the start
    const first = rowsOf(0, 104);
    first[1] = '#';
    expect(rawCsvRows(first, [], RATE_HZ).gaps).to.deep.equal([{ fromSample: 0, missingSamples: 1, cause: 'file' }]);
  });

  it('a file damaged throughout names its first 10 dropped lines and the first 10 gaps, and counts the rest', () => {
    const rows = rowsOf(0, 1040);
    // every 50th sample's row, 20 in all, far apart: 20 gaps of one sample
    for (let k = 0; k < 20; k++) rows[lineOf(k * 50 + 10) - 1] = 'x';
    const read = rawCsvRows(rows, [], RATE_HZ);
    expect(read.sampleIndex.length).to.equal(1020);
    expect(read.gaps.length).to.equal(20);
    expect(read.problems.length).to.equal(22);
    expect(read.problems[9]).to.equal(`raw.csv line ${lineOf(9 * 50 + 10)}: expected 8 numbers, got "x"; dropped`);
    expect(read.problems[10]).to.equal(`raw.csv: 10 more lines dropped, the last line ${lineOf(19 * 50 + 10)}`);
    expect(read.problems[21]).to.equal('raw.csv: 10 more gaps where lines were dropped, 10 samples in all');
  });

  it('a last line that is damaged is cut short as before: dropped, and no gap, as nothing after it shows one', () => {
    const rows = rowsOf(0, 104);
    rows[lineOf(103) - 1] = '103,990.3';
    const read = rawCsvRows(rows, [], RATE_HZ);
    expect(read.problems).to.deep.equal(['raw.csv line 105: cut short; dropped']);
    expect(read.gaps).to.deep.equal([]);
  });
});
