// A CSV's values kept a block at a time are the values added, whatever the block size: a sample
// on a block's edge, a block begun by a sample taken back and read again, the decimals of all.
import { expect } from 'chai';
import { CsvFileValueBuffer, cellDecimals } from '../../../host-tools/recording/csvFileValues';

/** sample i's cells: its values written with up to 5 decimals (accelerometer) and 3 (gyroscope) */
function cellsOf(i: number): string[] {
  return [`${i}.5`, `-${i}.25`, `0.0000${i % 10}`, `${i}.125`, `${i}`, `-0.${i % 10}`];
}

/** the values kept of `count` samples added one by one, the sample at `takenBack` read twice (its first reading dropped) */
function keptValues(blockSamples: number, count: number, takenBack?: number): { values: number[]; decimals: [number, number] } {
  const buffer = new CsvFileValueBuffer(blockSamples);
  const values = new Float64Array(6);
  const add = (sample: number, damaged: boolean): void => {
    const cells = cellsOf(sample);
    for (let k = 0; k < 6; k++) values[k] = damaged ? -999 : Number(cells[k]);
    buffer.add(sample, values, damaged ? ['-999', '-999', '-999', '-999', '-999', '-999'] : cells);
  };
  for (let i = 0; i < count; i++) {
    if (i === takenBack) add(i, true);
    add(i, false);
  }
  const result = buffer.result(count);
  const all: number[] = [];
  for (let i = 0; i < count; i++) for (let k = 0; k < 6; k++) all.push(result.value(i, k));
  return { values: all, decimals: result.decimals };
}

describe('CSV file values kept in blocks', () => {
  it('gives each sample the values added for it, for blocks of 1 to 8 samples and the default', () => {
    const whole = keptValues(65536, 40);
    expect(whole.values.slice(6 * 7, 6 * 8)).to.deep.equal([7.5, -7.25, 0.00007, 7.125, 7, -0.7]);
    expect(whole.decimals).to.deep.equal([5, 3]);
    for (let blockSamples = 1; blockSamples <= 8; blockSamples++) {
      expect(keptValues(blockSamples, 40), `blocks of ${blockSamples}`).to.deep.equal(whole);
    }
  });

  it('keeps the second reading of a sample taken back, at a block\'s start and inside one', () => {
    const whole = keptValues(65536, 20);
    for (const [blockSamples, takenBack] of [[4, 8], [4, 9], [5, 19], [1, 0]]) {
      expect(keptValues(blockSamples, 20, takenBack), `blocks of ${blockSamples}, sample ${takenBack} read twice`).to.deep.equal(whole);
    }
  });

  it('counts the decimals of a cell with an exponent or a decimal comma', () => {
    expect(cellDecimals('1.5e-3')).to.equal(4);
    expect(cellDecimals(' 0,125 ')).to.equal(3);
    expect(cellDecimals('12')).to.equal(0);
  });
});
