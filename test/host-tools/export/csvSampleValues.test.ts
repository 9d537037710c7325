import { expect } from 'chai';
import { PUCKJS2_BOARD } from '../../../boards/puckjs2';
import { CsvSampleValues, csvSampleValues } from '../../../host-tools/export/csvSampleValues';
import { importCsvText } from '../../../host-tools/recording/csvImport';

/** 1 s at 100 Hz, still, gravity along the Puck's y (its vertical); line i's ax is i / 10000 g */
function stillCsv(edit: (lines: string[]) => void = () => undefined): string {
  const lines = ['t_ms,ax,ay,az,gx,gy,gz'];
  for (let i = 0; i < 100; i++) lines.push(`${i * 10},${(i / 10000).toFixed(4)},1.00021,0,0.0125,0,-0.5`);
  edit(lines);
  return lines.join('\n') + '\n';
}

/** the import of `text` keeping the file's values, and those values in SI */
function valuesOf(text: string) {
  const result = importCsvText(text, { scale: PUCKJS2_BOARD.scale, axisMap: PUCKJS2_BOARD.axisMap, keepFileValues: true });
  expect(result.error).to.equal(undefined);
  return { recording: result.recording!, values: csvSampleValues(result.fileValues!, {}) };
}

/** the first `samples` samples' values in SI, in a row */
function siValuesOf(values: CsvSampleValues, samples: number): number[] {
  const row: number[] = [];
  for (let i = 0; i < samples; i++) for (let k = 0; k < 6; k++) row.push(values.valueSi(i, k));
  return row;
}

describe('csvSampleValues: the CSV\'s own values of the samples its import kept', () => {
  it('gives each sample the values on its line in SI units, finer than a count of the board', () => {
    const { values } = valuesOf(stillCsv());
    // 0.0003 g is 0.6 of a 0.488 mg count: the import rounds it to 1 count, the file says 0.0003
    expect(values.valueSi(3, 0)).to.be.closeTo(0.0003 * 9.80665, 1e-15);
    expect(values.valueSi(3, 1)).to.be.closeTo(1.00021 * 9.80665, 1e-15);
    expect(values.valueSi(3, 3)).to.be.closeTo((0.0125 * Math.PI) / 180, 1e-18);
    // g with 5 decimals: 6 in m/s^2; deg/s with 4: 4 + 2 (the factor 0.017) + 1
    expect(values.decimals).to.deep.equal([6, 7]);
  });

  it('has the samples the import has: a units row, empty lines and a line with a missing value skipped', () => {
    const text = stillCsv((lines) => {
      lines.splice(1, 0, 'ms,g,g,g,deg/s,deg/s,deg/s');
      lines.splice(10, 0, '');
      lines[20] = lines[20].replace(',0.0125,', ',NaN,');
    });
    const { recording, values } = valuesOf(text);
    expect(recording.sampleCount).to.equal(99);
    // file line 21, the 18th sample line (ax 0.0017 g), was lost: the import's 18th sample is the line after it
    expect(values.valueSi(16, 0) / 9.80665).to.be.closeTo(0.0016, 1e-12);
    expect(values.valueSi(17, 0) / 9.80665).to.be.closeTo(0.0018, 1e-12);
  });

  it('reads the same values from the same samples written otherwise: notes before the header, sep=; with decimal commas, a clock that restarts', () => {
    const plain = valuesOf(stillCsv());
    const semicolons = stillCsv((lines) => {
      for (let i = 0; i < lines.length; i++) lines[i] = lines[i].replace(/,/g, ';').replace(/\./g, ',');
      lines.unshift('sep=;', '# Device: XYZ logger');
    });
    const restarted = stillCsv((lines) => {
      for (let i = 51; i < lines.length; i++) lines[i] = lines[i].replace(/^\d+/, (t) => String(Number(t) - 500));
    });
    for (const [what, text] of [['notes and decimal commas', semicolons], ['a clock restart', restarted]]) {
      const other = valuesOf(text);
      expect(other.recording.sampleCount, what).to.equal(plain.recording.sampleCount);
      expect(siValuesOf(other.values, 100), what).to.deep.equal(siValuesOf(plain.values, 100));
      expect(other.values.decimals, what).to.deep.equal(plain.values.decimals);
    }
  });
});
