// raw.csv's rows into samples: a row damaged after the recording costs that row (and the sample it
// held, a gap of cause file), never the rows after it; a damaged header costs nothing where the
// rows after it are the recorder's.
import { expect } from 'chai';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { PUCKJS2_BOARD } from '../../../boards/puckjs2';
import {
  podRecordingCountersZero, podRecordingImu, podRecordingMetaStart, PodRecordingWriter, RAW_FILE, readPodRecording,
} from '../../../host-tools/recording/podRecording';
import { PodRecordingGap, RAW_CSV_HEADER } from '../../../host-tools/recording/podRecordingModel';
import { rawCsvRows } from '../../../host-tools/recording/rawCsvRows';
import { replayRecording } from '../../../host-tools/replay/replayRecording';

const RATE_HZ = 104;

/** raw.csv's rows as the writer writes them for samples `from` to `to` (exclusive), each sample's gz its index, then the empty string after the last line end */
function rowsOf(from: number, to: number): string[] {
  const rows = [RAW_CSV_HEADER];
  for (let i = from; i < to; i++) rows.push(`${i},${((i * 1000) / RATE_HZ).toFixed(3)},0,0,${i},0,0,2048`);
  return rows.concat(['']);
}

/** the 1-based line of sample i in rowsOf(0, n): the header is line 1 */
const lineOf = (sample: number) => sample + 2;

/** the row of `sample` (its gz) with its sample_index and t_ms as given */
const rowWith = (sample: number, index: number | string, tMs: string) => `${index},${tMs},0,0,${sample},0,0,2048`;

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

  it('drops a row whose index or count cannot be a sample: no whole number that its t_ms does not give back, a count past int16, an empty cell', () => {
    for (const [row, fault] of [
      ['50.5,2.000,0,0,50,0,0,2048', 'sample_index 50.5 and its t_ms 2.000 (no sample\'s time) disagree, and neither goes on from the lines around it'],
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

  it('a sample_index damaged into no whole number (a digit into a point) is read as its t_ms\'s sample where that goes on from the lines around it', () => {
    const rows = rowsOf(0, 104);
    rows[lineOf(50) - 1] = rowWith(50, '5.0', '480.769');
    rows[lineOf(60) - 1] = rowWith(60, '6.e', '576.923');
    const read = rawCsvRows(rows, [], RATE_HZ);
    expect(read.problems).to.deep.equal([
      'raw.csv line 52: sample_index 5.0 is not the sample of its t_ms 480.769 (50), which goes on from the lines around it; read as sample 50',
      'raw.csv line 62: expected 8 numbers, got "6.e,576.923,0,0,60,0,0,2048"; dropped',
      'raw.csv: sample 60 (at 0.58 s) is missing where lines were dropped; a gap',
    ]);
    expect(read.sampleIndex.length).to.equal(103);
    expect(read.samplesFifoOrder[50 * 6 + 2]).to.equal(50);
  });

  it('a row written twice whose second sample_index was damaged is read as its t_ms\'s sample, which the row before holds: one problem for its line, dropped', () => {
    const rows = rowsOf(0, 104);
    rows.splice(lineOf(51) - 1, 0, rowWith(50, 7000, '480.769'));
    const read = rawCsvRows(rows, [], RATE_HZ);
    expect(read.problems).to.deep.equal([
      'raw.csv line 53: sample_index 7000 is not the sample of its t_ms 480.769 (50), which goes on from the lines around it; read as sample 50, ' +
        'but sample_index 50 again (line 52 has it); dropped',
    ]);
    expect(Array.from(read.sampleIndex)).to.deep.equal(Array.from({ length: 104 }, (_, i) => i));
    expect(read.gaps).to.deep.equal([]);
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

  it('two rows swapped are put back in order: every sample kept with its own counts, no gap, and a warning naming both lines', () => {
    const rows = rowsOf(0, 104);
    [rows[lineOf(50) - 1], rows[lineOf(51) - 1]] = [rows[lineOf(51) - 1], rows[lineOf(50) - 1]];
    const read = rawCsvRows(rows, [], RATE_HZ);
    expect(read.problems).to.deep.equal(['raw.csv lines 52-53: sample_index 51, 50 out of order; put back in order']);
    expect(Array.from(read.sampleIndex)).to.deep.equal(Array.from({ length: 104 }, (_, i) => i));
    expect([read.samplesFifoOrder[50 * 6 + 2], read.samplesFifoOrder[51 * 6 + 2]]).to.deep.equal([50, 51]);
    expect(read.gaps).to.deep.equal([]);
  });

  it('a line moved a few lines on, and lines swapped across a gap the recording holds, are put back in order', () => {
    // samples 52-77 lost on the link
    const rows = [RAW_CSV_HEADER, ...rowsOf(0, 52).slice(1, -1), ...rowsOf(78, 104).slice(1)];
    // sample 20's line after sample 23's
    rows.splice(lineOf(23) - 1, 0, rows.splice(lineOf(20) - 1, 1)[0]);
    // samples 51 and 78, the lines either side of the link's gap, swapped
    [rows[52], rows[53]] = [rows[53], rows[52]];
    const read = rawCsvRows(rows, [{ fromSample: 52, missingSamples: 26, cause: 'link' }], RATE_HZ);
    expect(read.problems).to.deep.equal([
      'raw.csv lines 22-25: sample_index 21, 22, 23, 20 out of order; put back in order',
      'raw.csv lines 53-54: sample_index 78, 51 out of order; put back in order',
    ]);
    expect(Array.from(read.sampleIndex)).to.deep.equal([...Array.from({ length: 52 }, (_, i) => i), ...Array.from({ length: 26 }, (_, i) => 78 + i)]);
    expect(Array.from(read.sampleIndex).every((sample, q) => read.samplesFifoOrder[q * 6 + 2] === sample)).to.equal(true);
    expect(read.gaps).to.deep.equal([]);
  });

  it('a repeated index is dropped as before, beside a line it could be swapped with too', () => {
    for (const [what, after48, text] of [
      // sample 49's line again after sample 50's
      ['again, after the next', [49, 50, 49, 51], 'line 53: sample_index 49 again (line 51 has it); dropped'],
      // sample 50's line written twice, the second after sample 51's
      ['again, after a later one', [49, 50, 51, 50, 52], 'line 54: sample_index 50 again (line 52 has it); dropped'],
    ] as Array<[string, number[], string]>) {
      const rows = [...rowsOf(0, 49).slice(0, -1), ...after48.map((sample) => rowsOf(sample, sample + 1)[1]), ''];
      const read = rawCsvRows(rows, [], RATE_HZ);
      expect(read.problems, what).to.deep.equal([`raw.csv ${text}`]);
      expect(Array.from(read.sampleIndex), what).to.deep.equal(Array.from({ length: Math.max(...after48) + 1 }, (_, i) => i));
      expect(read.gaps, what).to.deep.equal([]);
    }
  });

  it('a line further from its place than a few lines is dropped as out of order, as before', () => {
    const rows = rowsOf(0, 104);
    // sample 20's line after sample 40's
    rows.splice(lineOf(40) - 1, 0, rows.splice(lineOf(20) - 1, 1)[0]);
    const read = rawCsvRows(rows, [], RATE_HZ);
    expect(read.problems).to.deep.equal([
      'raw.csv line 42: sample_index 20 out of order (line 41 has 40, line 43 has 41); dropped',
      'raw.csv: sample 20 (at 0.19 s) is missing where lines were dropped; a gap',
    ]);
    expect(read.sampleIndex.length).to.equal(103);
  });

  it('an index damaged into a far later one, its t_ms with it, costs its row only, not every row after it', () => {
    const rows = rowsOf(0, 104);
    rows[lineOf(50) - 1] = `95000,${((95000 * 1000) / RATE_HZ).toFixed(3)},0,0,50,0,0,2048`;
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

describe('raw.csv sample_index against t_ms', () => {
  it('a last line whose sample_index was damaged upward is read as the sample its t_ms gives, which goes on from the line before: no tail gap', () => {
    const rows = rowsOf(0, 104);
    // 103 with its first digit flipped
    rows[lineOf(103) - 1] = rowWith(103, 903, '990.385');
    const read = rawCsvRows(rows, [], RATE_HZ);
    expect(read.problems).to.deep.equal([
      'raw.csv line 105: sample_index 903 is not the sample of its t_ms 990.385 (103), which goes on from the lines around it; read as sample 103',
    ]);
    expect(Array.from(read.sampleIndex)).to.deep.equal(Array.from({ length: 104 }, (_, i) => i));
    expect(read.samplesFifoOrder[103 * 6 + 2]).to.equal(103);
    expect(read.gaps).to.deep.equal([]);
  });

  it('catches a damaged sample_index on any line: one damaged into a repeat of an earlier one, or two lines running, are read as their t_ms\'s samples', () => {
    const rows = rowsOf(0, 104);
    rows[lineOf(50) - 1] = rowWith(50, 40, '480.769');
    rows[lineOf(70) - 1] = rowWith(70, 7000, '673.077');
    rows[lineOf(71) - 1] = rowWith(71, 1, '682.692');
    const read = rawCsvRows(rows, [], RATE_HZ);
    expect(read.problems).to.deep.equal([
      'raw.csv line 52: sample_index 40 is not the sample of its t_ms 480.769 (50), which goes on from the lines around it; read as sample 50',
      'raw.csv line 72: sample_index 7000 is not the sample of its t_ms 673.077 (70), which goes on from the lines around it; read as sample 70',
      'raw.csv line 73: sample_index 1 is not the sample of its t_ms 682.692 (71), which goes on from the lines around it; read as sample 71',
    ]);
    expect(Array.from(read.sampleIndex)).to.deep.equal(Array.from({ length: 104 }, (_, i) => i));
    expect([read.samplesFifoOrder[50 * 6 + 2], read.samplesFifoOrder[71 * 6 + 2]]).to.deep.equal([50, 71]);
    expect(read.gaps).to.deep.equal([]);
  });

  it('a damaged t_ms under a sample_index that goes on from the lines around it is read by that index, even one that is another sample\'s time', () => {
    const rows = rowsOf(0, 104);
    // 480.769 with its last digit flipped: no sample's time; 576.923 with its first: sample 112's
    rows[lineOf(50) - 1] = rowWith(50, 50, '480.761');
    rows[lineOf(60) - 1] = rowWith(60, 60, '1076.923');
    const read = rawCsvRows(rows, [], RATE_HZ);
    expect(read.problems).to.deep.equal([
      'raw.csv line 52: t_ms 480.761 is not the time of its sample_index 50 (480.769), which goes on from the lines around it; read as sample 50',
      'raw.csv line 62: t_ms 1076.923 is not the time of its sample_index 60 (576.923), which goes on from the lines around it; read as sample 60',
    ]);
    expect(Array.from(read.sampleIndex)).to.deep.equal(Array.from({ length: 104 }, (_, i) => i));
    expect(read.gaps).to.deep.equal([]);
  });

  it('beside a gap the recording holds, the lines on the other side vouch for the sample', () => {
    // samples 52-77 lost on the link: 51 is the last line before, 78 the first after
    const rows = [RAW_CSV_HEADER, ...rowsOf(0, 52).slice(1, -1), ...rowsOf(78, 104).slice(1)];
    rows[52] = rowWith(51, 57, '490.385');
    rows[53] = rowWith(78, 78, '750.012');
    const recorded: PodRecordingGap[] = [{ fromSample: 52, missingSamples: 26, cause: 'link' }];
    const read = rawCsvRows(rows, recorded, RATE_HZ);
    expect(read.problems).to.deep.equal([
      'raw.csv line 53: sample_index 57 is not the sample of its t_ms 490.385 (51), which goes on from the lines around it; read as sample 51',
      'raw.csv line 54: t_ms 750.012 is not the time of its sample_index 78 (750.000), which goes on from the lines around it; read as sample 78',
    ]);
    expect(read.sampleIndex.length).to.equal(78);
    expect([read.sampleIndex[51], read.sampleIndex[52]]).to.deep.equal([51, 78]);
    expect(read.gaps).to.deep.equal([]);
  });

  it('drops a line whose sample_index and t_ms disagree where neither goes on from the lines around it: mid-file its sample is a gap; the last line leaves none', () => {
    const rows = rowsOf(0, 104);
    rows[lineOf(50) - 1] = rowWith(50, 95000, '1.234');
    rows[lineOf(103) - 1] = rowWith(103, 95103, '99.999');
    const read = rawCsvRows(rows, [], RATE_HZ);
    expect(read.problems).to.deep.equal([
      'raw.csv line 52: sample_index 95000 and its t_ms 1.234 (no sample\'s time) disagree, and neither goes on from the lines around it; dropped',
      'raw.csv line 105: sample_index 95103 and its t_ms 99.999 (no sample\'s time) disagree, and neither goes on from the lines around it; dropped',
      'raw.csv: sample 50 (at 0.48 s) is missing where lines were dropped; a gap',
    ]);
    expect(read.sampleIndex.length).to.equal(102);
    expect(read.sampleIndex[101]).to.equal(102);
    expect(read.gaps).to.deep.equal([{ fromSample: 50, missingSamples: 1, cause: 'file' }]);
  });

  it('lines read past damage count among the damaged lines past the first 10 named, apart from those dropped', () => {
    const rows = rowsOf(0, 1040);
    // 20 lines far apart: the even ones' t_ms damaged (read), the odd ones garbage (dropped)
    for (let k = 0; k < 20; k++) {
      const sample = k * 50 + 10;
      rows[lineOf(sample) - 1] = k % 2 === 0 ? rowWith(sample, sample, '1.234') : 'x';
    }
    const read = rawCsvRows(rows, [], RATE_HZ);
    expect(read.sampleIndex.length).to.equal(1030);
    expect(read.gaps.length).to.equal(10);
    expect(read.problems.length).to.equal(21);
    expect(read.problems[10]).to.equal(`raw.csv: 10 more damaged lines, 5 of them dropped, the last line ${lineOf(19 * 50 + 10)}`);
    // none of them dropped
    const allRead = rowsOf(0, 1040);
    for (let k = 0; k < 12; k++) allRead[lineOf(k * 50 + 10) - 1] = rowWith(k * 50 + 10, k * 50 + 10, '1.234');
    const read12 = rawCsvRows(allRead, [], RATE_HZ);
    expect(read12.sampleIndex.length).to.equal(1040);
    expect(read12.problems.slice(10)).to.deep.equal([`raw.csv: 2 more damaged lines, all read, the last line ${lineOf(11 * 50 + 10)}`]);
  });

  it('a rate in recording.json that is not the one raw.csv was written at: every line read by its sample_index as before, and one warning naming both rates, which is read at and why', () => {
    const read = rawCsvRows(rowsOf(0, 104), [], 52);
    expect(read.problems).to.deep.equal([
      'raw.csv: its t_ms are the times of its sample_index at 104 Hz (on 104 of 104 lines), but recording.json\'s sampleRateHz says 52 Hz: ' +
      'one of the two was changed after the recording, as the recorder writes t_ms at recording.json\'s rate. The samples are read by ' +
      'sample_index at 52 Hz, recording.json\'s, the rate the pod said it sampled at; if sampleRateHz was edited, set it back to 104: ' +
      'read at 52 Hz, every time from raw.csv comes out 2 times as long as its t_ms say, and every rate (cadence) 0.5 times',
    ]);
    expect(Array.from(read.sampleIndex)).to.deep.equal(Array.from({ length: 104 }, (_, i) => i));
    expect(read.gaps).to.deep.equal([]);
    // raised rather than lowered: the rate the t_ms keep is found whichever way
    expect(rawCsvRows(rowsOf(0, 104), [], 208).problems[0]).to.match(/^raw\.csv: its t_ms are the times of its sample_index at 104 Hz \(on 104 of 104 lines\), but recording\.json's sampleRateHz says 208 Hz: .* 0\.5 times as long as its t_ms say, and every rate \(cadence\) 2 times$/);
  });

  it('t_ms that keep no one rate on most lines (recording.json\'s nor another) are said to, and read by sample_index at recording.json\'s rate', () => {
    // a third of the lines each at 104 (as written), 52 and 208 Hz
    const rows = rowsOf(0, 104).map((row, k) => (k >= 1 && k <= 104 && k % 3 !== 1 ? rowWith(k - 1, k - 1, ((k - 1) * 1000 / (k % 3 === 0 ? 52 : 208)).toFixed(3)) : row));
    const read = rawCsvRows(rows, [], 208);
    expect(read.problems).to.deep.equal(['raw.csv: t_ms is the time of its sample_index at 208 Hz (recording.json\'s sampleRateHz) on 36 of 104 lines only, nor at any one other rate; read by sample_index at 208 Hz, recording.json\'s']);
    expect(read.sampleIndex.length).to.equal(104);
  });
});

describe('raw.csv header', () => {
  it('a damaged header (bytes flipped, cut short, garbage) over the recorder\'s rows is read as the header it writes: every sample kept, no gap, and a warning', () => {
    for (const header of ['sample_index,t_ms,gx,g\u0000,gz,ax,ay,az', 'sample_index,t_', '\u00ff\u00fe#!junk']) {
      const rows = rowsOf(0, 104);
      rows[0] = header;
      const read = rawCsvRows(rows, [], RATE_HZ);
      expect(read.notRawCsv, header).to.equal(undefined);
      expect(read.problems, header).to.deep.equal([
        `raw.csv line 1: expected "${RAW_CSV_HEADER}", got "${header}"; damaged, read as the header the recorder writes, which 104 of the 104 lines after it fit`,
      ]);
      expect(Array.from(read.sampleIndex), header).to.deep.equal(Array.from({ length: 104 }, (_, i) => i));
      expect(read.samplesFifoOrder[103 * 6 + 2], header).to.equal(103);
      expect(read.gaps, header).to.deep.equal([]);
    }
  });

  it('a file whose lines end in \\r\\n (saved by an editor, or a Windows checkout) is read whole with no warning: its header is the recorder\'s, not damaged', () => {
    const rows = rowsOf(0, 104).map((row, k, all) => (k < all.length - 1 ? row + '\r' : row));
    const read = rawCsvRows(rows, [], RATE_HZ);
    expect(read.problems).to.deep.equal([]);
    expect(Array.from(read.sampleIndex)).to.deep.equal(Array.from({ length: 104 }, (_, i) => i));
    expect(read.samplesFifoOrder[103 * 6 + 5]).to.equal(2048);
    expect(read.gaps).to.deep.equal([]);
  });

  it('a header whose line end was damaged (a byte in its place, or lost) has sample 0\'s row behind it on line 1: that row is read too, every sample kept, no gap', () => {
    for (const end of ['\u0000', '']) {
      const rows = rowsOf(0, 104);
      rows.splice(0, 2, `${RAW_CSV_HEADER}${end}${rows[1]}`);
      const read = rawCsvRows(rows, [], RATE_HZ);
      expect(read.problems, JSON.stringify(end)).to.deep.equal([
        `raw.csv line 1: expected "${RAW_CSV_HEADER}", got "${RAW_CSV_HEADER}${end}0,0.000,0,0,0,0,0,2048"; the header the recorder writes with its line end damaged, and the row behind it read`,
      ]);
      expect(Array.from(read.sampleIndex)).to.deep.equal(Array.from({ length: 104 }, (_, i) => i));
      expect(read.samplesFifoOrder[6 + 2]).to.equal(1);
      expect(read.gaps).to.deep.equal([]);
    }
  });

  it('a file that is not raw.csv (another CSV under its name) is refused, saying how few of its lines are the recorder\'s rows', () => {
    // an IMU export: 7 columns
    const imu = ['t,ax,ay,az,gx,gy,gz', ...Array.from({ length: 50 }, (_, i) => `${i * 10},0,0,1,0,0,0`), ''];
    expect(rawCsvRows(imu, [], RATE_HZ).notRawCsv).to.equal(
      `expected "${RAW_CSV_HEADER}", got "t,ax,ay,az,gx,gy,gz", and the lines after it are not its rows either: 0 of 50 are 8 numbers whose t_ms is their sample_index's time at 104 Hz`);
    // 8 numbers a line, but the second is no time of the first's sample
    const other = ['id,ms,a,b,c,d,e,f', ...Array.from({ length: 50 }, (_, i) => `${i},${i * 4},1,2,3,4,5,6`), ''];
    const read = rawCsvRows(other, [], RATE_HZ);
    expect(read.notRawCsv).to.match(/: 1 of 50 are 8 numbers whose t_ms is their sample_index's time at 104 Hz$/);
    expect([read.sampleIndex.length, read.problems.length, read.gaps.length]).to.deep.equal([0, 0, 0]);
    // a header damaged over rows that are mostly damaged too: which the file was cannot be told
    const mostlyDamaged = rowsOf(0, 104);
    mostlyDamaged[0] = 'x';
    for (let i = 1; i <= 60; i++) mostlyDamaged[i] = 'y';
    expect(rawCsvRows(mostlyDamaged, [], RATE_HZ).notRawCsv).to.match(/: 44 of 104 are 8 numbers/);
  });

  it('an empty file has no header to be damaged; a damaged header with no line after it is said so', () => {
    expect(rawCsvRows([''], [], RATE_HZ).problems).to.deep.equal([]);
    expect(rawCsvRows(['sample_in'], [], RATE_HZ).problems).to.deep.equal([
      `raw.csv line 1: expected "${RAW_CSV_HEADER}", got "sample_in"; damaged, read as the header the recorder writes (no line follows it)`,
    ]);
  });
});

describe('raw.csv damaged in a recording', () => {
  let dir = '';
  beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lumbarpod-rawcsv-')); });
  afterEach(() => { fs.rmSync(dir, { recursive: true, force: true }); });

  /** a recording as record writes it: batches of 26 samples (sensor z at 1 g, gz the sample's index) from each of `firsts`; raw.csv's lines */
  async function recorded(firsts: number[]): Promise<string[]> {
    const w = new PodRecordingWriter(dir, podRecordingMetaStart(PUCKJS2_BOARD, RATE_HZ, Date.UTC(2026, 10, 25), podRecordingCountersZero()));
    for (const first of firsts) {
      const samplesCounts = new Int16Array(26 * 6);
      for (let i = 0; i < 26; i++) {
        samplesCounts[i * 6 + 2] = first + i;
        samplesCounts[i * 6 + 5] = 2048;
      }
      w.addMessage({ type: 'rawBatch', version: 2, seq: first / 26, deviceTimeMs: 0, firstSampleIndex: first, sampleCount: 26, samplesCounts }, first * 10);
    }
    await w.close({ complete: true, endedBy: 'duration' });
    return fs.readFileSync(path.join(dir, RAW_FILE), 'utf8').split('\n');
  }

  const rewrite = (lines: string[]) => fs.writeFileSync(path.join(dir, RAW_FILE), lines.join('\n'));

  it('a damaged header: every sample read where it was, the recording\'s own gap kept, and one warning', async () => {
    // samples 52-77 lost on the link
    const lines = await recorded([0, 26, 78, 104]);
    lines[0] = lines[0].replace('gy', 'g\u00f9');
    rewrite(lines);
    const recording = readPodRecording(dir);
    expect(recording.problems).to.deep.equal([
      `${RAW_FILE} line 1: expected "${RAW_CSV_HEADER}", got "sample_index,t_ms,gx,g\u00f9,gz,ax,ay,az"; damaged, read as the header the recorder writes, which 104 of the 104 lines after it fit`,
    ]);
    expect(recording.sampleIndex.length).to.equal(104);
    expect(recording.samplesFifoOrder[103 * 6 + 2]).to.equal(129);
    expect(recording.meta.gaps).to.deep.equal([{ fromSample: 52, missingSamples: 26, cause: 'link' }]);
    expect(podRecordingImu(recording).gaps.map((gap) => [gap.beforeSample, gap.missingSamples])).to.deep.equal([[52, 26]]);
  });

  it('a last line whose sample_index was damaged upward is read as its t_ms\'s sample: no tail gap, and replay has every sample', async () => {
    const lines = await recorded([0, 26, 52, 78]);
    // line 105 holds sample 103: its first digit flipped
    lines[104] = lines[104].replace(/^103,/, '903,');
    rewrite(lines);
    const recording = readPodRecording(dir);
    expect(recording.problems).to.deep.equal([
      `${RAW_FILE} line 105: sample_index 903 is not the sample of its t_ms 990.385 (103), which goes on from the lines around it; read as sample 103`,
    ]);
    expect(recording.sampleIndex.length).to.equal(104);
    expect(recording.sampleIndex[103]).to.equal(103);
    expect(recording.meta.gaps).to.deep.equal([]);
    const imu = podRecordingImu(recording);
    expect(imu.gaps).to.deep.equal([]);
    const totals = replayRecording(imu).totals;
    expect([totals.samples, totals.missingSamples, totals.gaps]).to.deep.equal([104, 0, 0]);
  });

  it('every line\'s sample_index is checked against its t_ms: the one the lines around it vouch for is read, a line with neither is dropped and its sample a gap', async () => {
    // samples 52-77 lost on the link
    const lines = await recorded([0, 26, 78, 104]);
    // lines 12, 31 and 41 hold samples 10, 29 and 39; line 54 sample 78, the first after the link's gap
    lines[11] = lines[11].replace(/^10,/, '19,');
    lines[30] = lines[30].replace(/^29,278.846,/, '29,278.840,');
    lines[40] = lines[40].replace(/^39,375.000,/, '3,875.000,');
    lines[53] = lines[53].replace(/^78,/, '8,');
    rewrite(lines);
    const recording = readPodRecording(dir);
    expect(recording.problems).to.deep.equal([
      `${RAW_FILE} line 12: sample_index 19 is not the sample of its t_ms 96.154 (10), which goes on from the lines around it; read as sample 10`,
      `${RAW_FILE} line 31: t_ms 278.840 is not the time of its sample_index 29 (278.846), which goes on from the lines around it; read as sample 29`,
      `${RAW_FILE} line 41: sample_index 3 and its t_ms 875.000 (sample 91's time) disagree, and neither goes on from the lines around it; dropped`,
      `${RAW_FILE} line 54: sample_index 8 is not the sample of its t_ms 750.000 (78), which goes on from the lines around it; read as sample 78`,
      `${RAW_FILE}: sample 39 (at 0.38 s) is missing where lines were dropped; a gap`,
    ]);
    expect(recording.sampleIndex.length).to.equal(103);
    // gz holds each sample's index: every row read is where it was written
    expect(Array.from(recording.sampleIndex).every((sample, q) => recording.samplesFifoOrder[q * 6 + 2] === sample)).to.equal(true);
    expect(recording.meta.gaps).to.deep.equal([
      { fromSample: 39, missingSamples: 1, cause: 'file' },
      { fromSample: 52, missingSamples: 26, cause: 'link' },
    ]);
    expect(podRecordingImu(recording).gaps.map((gap) => [gap.beforeSample, gap.missingSamples])).to.deep.equal([[39, 1], [51, 26]]);
  });

  it('lines swapped and a line written twice: the swapped ones put back in order, the repeat dropped as before, every sample where it was and no gap', async () => {
    const lines = await recorded([0, 26, 52, 78]);
    // lines 31 and 32 hold samples 29 and 30; line 61 sample 59
    [lines[30], lines[31]] = [lines[31], lines[30]];
    lines.splice(61, 0, lines[60]);
    rewrite(lines);
    const recording = readPodRecording(dir);
    expect(recording.problems).to.deep.equal([
      `${RAW_FILE} lines 31-32: sample_index 30, 29 out of order; put back in order`,
      `${RAW_FILE} line 62: sample_index 59 again (line 61 has it); dropped`,
    ]);
    expect(Array.from(recording.sampleIndex)).to.deep.equal(Array.from({ length: 104 }, (_, i) => i));
    expect(Array.from(recording.sampleIndex).every((sample, q) => recording.samplesFifoOrder[q * 6 + 2] === sample)).to.equal(true);
    expect(recording.meta.gaps).to.deep.equal([]);
    const totals = replayRecording(podRecordingImu(recording)).totals;
    expect([totals.samples, totals.missingSamples, totals.gaps]).to.deep.equal([104, 0, 0]);
  });

  it('read a few bytes at a time, chunk edges inside, before and after damaged lines: the same samples and problems as read in one piece', async () => {
    // samples 52-77 lost on the link
    const lines = await recorded([0, 26, 78, 104]);
    // a 2-byte character in the header, which an edge can cut in two
    lines[0] = lines[0].replace('gy', 'g\u00f9');
    // lines 12, 31 and 41 hold samples 10, 29 and 39: an index damaged, a t_ms cut to 2 decimals, garbage
    lines[11] = lines[11].replace(/^10,/, '19,');
    lines[30] = lines[30].replace(/^29,278.846,/, '29,278.84,');
    lines[40] = 'x\u00e9';
    // lines 45 and 46 (samples 43 and 44) swapped; line 61 (sample 85) written twice
    [lines[44], lines[45]] = [lines[45], lines[44]];
    lines.splice(61, 0, lines[60]);
    // the last line (sample 129) cut short, with no line end
    lines.pop();
    lines[lines.length - 1] = lines[lines.length - 1].slice(0, 9);
    rewrite(lines);
    const expectedProblems = [
      `${RAW_FILE} line 1: expected "${RAW_CSV_HEADER}", got "sample_index,t_ms,gx,g\u00f9,gz,ax,ay,az"; damaged, read as the header the recorder writes, which 101 of the 105 lines after it fit`,
      `${RAW_FILE} line 106: cut short; dropped`,
      `${RAW_FILE} line 12: sample_index 19 is not the sample of its t_ms 96.154 (10), which goes on from the lines around it; read as sample 10`,
      `${RAW_FILE} line 31: t_ms 278.84 is not the time of its sample_index 29 (278.846), which goes on from the lines around it; read as sample 29`,
      `${RAW_FILE} line 41: expected 8 numbers, got "x\u00e9"; dropped`,
      `${RAW_FILE} lines 45-46: sample_index 44, 43 out of order; put back in order`,
      `${RAW_FILE} line 62: sample_index 85 again (line 61 has it); dropped`,
      `${RAW_FILE}: sample 39 (at 0.38 s) is missing where lines were dropped; a gap`,
    ];
    const expectedSamples = [...Array.from({ length: 52 }, (_, i) => i).filter((i) => i !== 39), ...Array.from({ length: 51 }, (_, i) => 78 + i)];
    // byte offsets of the damaged lines' starts and ends: a first chunk of each of these lengths has its edge at one, or a byte past it
    const lineStart = (line: number) => Buffer.byteLength(lines.slice(0, line - 1).map((l) => l + '\n').join(''));
    const lineEnd = (line: number) => lineStart(line) + Buffer.byteLength(lines[line - 1]);
    const edges = [1, 12, 31, 41, 45, 46, 61, 62, 106].flatMap((line) => [lineStart(line), lineEnd(line)]).flatMap((at) => [at, at + 1]).filter((at) => at > 0);
    const rawBytes = fs.statSync(path.join(dir, RAW_FILE)).size;
    // 1 byte at a time puts an edge inside every line
    for (const chunkBytes of [...Array.from({ length: 48 }, (_, i) => i + 1), ...edges, rawBytes - 1, rawBytes]) {
      const recording = readPodRecording(dir, chunkBytes);
      expect(recording.problems, `${chunkBytes} B`).to.deep.equal(expectedProblems);
      expect(Array.from(recording.sampleIndex), `${chunkBytes} B`).to.deep.equal(expectedSamples);
      // gz holds each sample's index: every row read is where it was written
      expect(Array.from(recording.sampleIndex).every((sample, q) => recording.samplesFifoOrder[q * 6 + 2] === sample), `${chunkBytes} B`).to.equal(true);
      expect(recording.meta.gaps, `${chunkBytes} B`).to.deep.equal([
        { fromSample: 39, missingSamples: 1, cause: 'file' },
        { fromSample: 52, missingSamples: 26, cause: 'link' },
      ]);
    }
    // in one piece, as the text split at line ends
    const whole = rawCsvRows(fs.readFileSync(path.join(dir, RAW_FILE), 'utf8').split('\n'), [{ fromSample: 52, missingSamples: 26, cause: 'link' }], RATE_HZ);
    expect(whole.problems).to.deep.equal(expectedProblems);
    expect(Array.from(whole.sampleIndex)).to.deep.equal(expectedSamples);
  });

  it('a raw.csv that cannot be read (a directory under its name) is said so, and read as holding no rows, as before', async () => {
    await recorded([0, 26]);
    fs.rmSync(path.join(dir, RAW_FILE));
    fs.mkdirSync(path.join(dir, RAW_FILE));
    const recording = readPodRecording(dir, 16);
    expect(recording.problems).to.deep.equal([
      `${RAW_FILE}: cannot be read (EISDIR), though recording.json says it held 52 samples`,
      `${RAW_FILE}: 0 sample lines, where recording.json says 52 samples were written: 52 are not in the file`,
    ]);
    expect(recording.sampleIndex.length).to.equal(0);
    expect(recording.rawFileMissing).to.equal(undefined);
  });

  it('another file under raw.csv\'s name is refused with its first line named, as before', async () => {
    await recorded([0, 26]);
    rewrite(['t,ax,ay,az,gx,gy,gz', ...Array.from({ length: 52 }, (_, i) => `${i * 10},0,0,1,0,0,0`), '']);
    expect(() => readPodRecording(dir)).to.throw(
      `${path.join(dir, RAW_FILE)} line 1: expected "${RAW_CSV_HEADER}", got "t,ax,ay,az,gx,gy,gz", and the lines after it are not its rows either: 0 of 52 are 8 numbers whose t_ms is their sample_index's time at 104 Hz`);
  });
});
