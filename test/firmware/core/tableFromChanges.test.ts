import { expect } from 'chai';
import { ATAN_CDEG_Q6 } from '../../../firmware/core/atan2Cdeg';
import { SIN_QUARTER_Q16 } from '../../../firmware/core/sinCosQ14';
import { TABLE_CHANGE_ZERO, tableFromChanges } from '../../../firmware/core/tableFromChanges';

describe('tables carried as changes of their differences', () => {
  it('rebuilds a table from its first difference and the changes, repeating the last value', () => {
    const z = TABLE_CHANGE_ZERO;
    // differences 5, 5, 3, 4: values 0 5 10 13 17, then 17 twice more
    const changes = String.fromCharCode(z, z - 2, z + 1);
    expect(Array.from(tableFromChanges(5, changes, 2))).to.deep.equal([0, 5, 10, 13, 17, 17, 17]);
    expect(Array.from(tableFromChanges(7, '', 0))).to.deep.equal([0, 7]);
  });

  it('the sine table is Math.round(Math.sin(i * 0.5 deg) * 65536) for i = 0..180, the last repeated', () => {
    const expected: number[] = [];
    for (let i = 0; i <= 180; i++) expected.push(Math.round(Math.sin(((i * 50) / 18000) * Math.PI) * 65536));
    expected.push(expected[180]);
    expect(Array.from(SIN_QUARTER_Q16)).to.deep.equal(expected);
  });

  it('the arctangent table is Math.round(Math.atan(i / 128) in 1/64 cdeg) for i = 0..128, the last repeated', () => {
    const expected: number[] = [];
    for (let i = 0; i <= 128; i++) expected.push(Math.round(((Math.atan(i / 128) * 18000) / Math.PI) * 64));
    expected.push(expected[128]);
    expect(Array.from(ATAN_CDEG_Q6)).to.deep.equal(expected);
  });
});
