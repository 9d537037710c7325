import { expect } from 'chai';
import { PUCKJS2_BOARD } from '../../../boards/puckjs2';
import { importCsvText } from '../../../host-tools/recording/csvImport';
import { SYNTHETIC_CSV_HEADER, syntheticToCsv } from '../../../host-tools/synthetic/csv';
import { generateSynthetic } from '../../../host-tools/synthetic/generate';

describe('synthetic CSV writer', () => {
  it('writes the header and one row per output sample with whole-ms times', () => {
    const run = generateSynthetic({ durationS: 2, sampleRateHz: 104 });
    const lines = syntheticToCsv(run).split('\n');
    expect(lines[0]).to.equal(SYNTHETIC_CSV_HEADER);
    expect(lines[lines.length - 1]).to.equal('');
    expect(lines.length - 2).to.equal(run.sampleCount);
    expect(lines[1].split(',')[0]).to.equal('0');
    expect(lines[2].split(',')[0]).to.equal('10'); // 9.615 ms rounded
    for (const line of lines.slice(1, -1)) {
      const fields = line.split(',');
      expect(fields).to.have.length(7);
      expect(fields[0]).to.match(/^\d+$/);
      for (const field of fields.slice(1)) expect(field).to.match(/^-?\d+\.\d{5}$/);
    }
  });

  it('gives acceleration in g and rate in deg/s: counts times the board sensitivity', () => {
    const run = generateSynthetic({ durationS: 1 });
    const fields = syntheticToCsv(run).split('\n')[20].split(',').map(Number);
    for (let k = 0; k < 3; k++) expect(fields[k + 1]).to.be.closeTo((run.samples[19 * 6 + k] * 488) / 1e6, 5e-6);
    for (let k = 3; k < 6; k++) expect(fields[k + 1]).to.be.closeTo((run.samples[19 * 6 + k] * 70) / 1000, 5e-6);
  });

  it('leaves dropped samples out, so they show as a gap in t_ms', () => {
    const run = generateSynthetic({ durationS: 2, sampleRateHz: 100, droppedRanges: [[50, 10]] });
    const times = syntheticToCsv(run).split('\n').slice(1, -1).map((line) => Number(line.split(',')[0]));
    expect(times).to.have.length(run.sampleCount);
    expect(times[49]).to.equal(490);
    expect(times[50]).to.equal(600);
  });

  it('reads back through the recording importer to the same counts and gaps', () => {
    const run = generateSynthetic({ durationS: 3, droppedRanges: [[100, 20]] });
    const result = importCsvText(syntheticToCsv(run), { scale: PUCKJS2_BOARD.scale, axisMap: PUCKJS2_BOARD.axisMap });
    expect(result.error).to.equal(undefined);
    const recording = result.recording!;
    expect(recording.sampleRateHz).to.equal(104);
    expect(recording.sampleCount).to.equal(run.sampleCount);
    expect(Array.from(recording.samplesCounts.subarray(0, run.sampleCount * 6))).to.deep.equal(Array.from(run.samples));
    expect(recording.gaps).to.have.length(1);
    expect(recording.gaps[0].missingSamples).to.equal(20);
  });
});
