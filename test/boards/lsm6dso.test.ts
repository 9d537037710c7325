import { expect } from 'chai';
import { LSM6DSO_REG as R, lsm6dsoSetup, lsm6dsoTagSensor, LSM6DSO_TAG_XL_NC } from '../../boards/lsm6dso';

function written(writes: [number, number][], reg: number): number | undefined {
  let value: number | undefined;
  for (const [r, v] of writes) if (r === reg) value = v;
  return value;
}

describe('lsm6dso register table', () => {
  it('uses the LSM6DS3TR-C range bits at 104 Hz and its own FIFO registers', () => {
    const writes = lsm6dsoSetup(104, 26);
    expect(written(writes, R.CTRL1_XL)).to.equal(0b0100_01_0_0); // ODR_XL 104 Hz | FS_XL 01 +-16 g
    expect(written(writes, R.CTRL2_G)).to.equal(0b0100_11_0_0); // ODR_G 104 Hz | FS_G 11 2000 dps
    expect(written(writes, R.CTRL8_XL)).to.equal(0); // XL_FS_MODE 0, else 01 would mean +-2 g
    expect(written(writes, R.FIFO_CTRL1)).to.equal(52); // WTM[7:0]: 26 samples x 2 tagged words
    expect(written(writes, R.FIFO_CTRL2)).to.equal(0); // WTM8 0, STOP_ON_WTM 0
    expect(written(writes, R.FIFO_CTRL3)).to.equal(0b0100_0100); // BDR_GY 104 Hz | BDR_XL 104 Hz
    expect(written(writes, R.INT1_CTRL)).to.equal(0b0000_1_000); // INT1_FIFO_TH
    expect(written(writes, R.FIFO_CTRL4)).to.equal(0b00_00_0_110); // DEC_TS 00 | ODR_T 00 | FIFO_MODE continuous
    expect(writes[0]).to.deep.equal([R.FIFO_CTRL4, 0]); // bypass first
  });

  it('refuses an unsupported rate with a TypeError', () => {
    expect(() => lsm6dsoSetup(50, 26)).to.throw(TypeError, /50 Hz is not supported/);
  });

  it('decodes TAG_SENSOR from the tag byte, ignoring TAG_CNT and parity', () => {
    expect(lsm6dsoTagSensor(0b00010_11_1)).to.equal(LSM6DSO_TAG_XL_NC);
  });
});
