import { expect } from 'chai';
import {
  LSM6DS3TRC_REG as R,
  lsm6ds3trcFifoUnreadWords,
  lsm6ds3trcSetup,
  lsm6ds3trcSetupProblem,
} from '../../boards/lsm6ds3trc';

/** value written to a register (the last write wins, as on the chip) */
function written(writes: [number, number][], reg: number): number | undefined {
  let value: number | undefined;
  for (const [r, v] of writes) if (r === reg) value = v;
  return value;
}

describe('lsm6ds3trc register table', () => {
  // hand-decoded bit patterns for each rate: ODR code 52 Hz = 0011, 104 Hz = 0100, 208 Hz = 0101
  const cases = [
    {
      rateHz: 52,
      // ODR_XL 0011 | FS_XL 01 (+-16 g) | LPF1_BW_SEL 0 | BW0_XL 0
      ctrl1Xl: 0b0011_01_0_0,
      // ODR_G 0011 | FS_G 11 (2000 dps) | FS_125 0 | 0
      ctrl2G: 0b0011_11_0_0,
      // 0 | ODR_FIFO 0011 | FIFO_MODE 110 (continuous)
      fifoCtrl5: 0b0_0011_110,
    },
    { rateHz: 104, ctrl1Xl: 0b0100_01_0_0, ctrl2G: 0b0100_11_0_0, fifoCtrl5: 0b0_0100_110 },
    { rateHz: 208, ctrl1Xl: 0b0101_01_0_0, ctrl2G: 0b0101_11_0_0, fifoCtrl5: 0b0_0101_110 },
  ];
  for (const c of cases) {
    it(`sets ODR, +-16 g, +-2000 dps and a continuous FIFO at ${c.rateHz} Hz`, () => {
      const writes = lsm6ds3trcSetup(c.rateHz, 26);
      expect(written(writes, R.CTRL1_XL)).to.equal(c.ctrl1Xl);
      expect(written(writes, R.CTRL2_G)).to.equal(c.ctrl2G);
      expect(written(writes, R.FIFO_CTRL5)).to.equal(c.fifoCtrl5);
    });
  }

  it('writes the full 104 Hz sequence in order, bypass first and continuous mode last', () => {
    expect(lsm6ds3trcSetup(104, 26)).to.deep.equal([
      [0x0a, 0b0_0000_000], // FIFO_CTRL5: ODR_FIFO 0000, FIFO_MODE 000 bypass (empties the FIFO)
      [0x12, 0b0_1_0_0_0_1_0_0], // CTRL3_C: BOOT 0 | BDU 1 | H_LACTIVE 0 | PP_OD 0 | SIM 0 | IF_INC 1 | BLE 0 | SW_RESET 0
      [0x10, 0b0100_01_0_0], // CTRL1_XL: ODR_XL 104 Hz | FS_XL +-16 g
      [0x11, 0b0100_11_0_0], // CTRL2_G: ODR_G 104 Hz | FS_G 2000 dps
      [0x15, 0b000_0_0000], // CTRL6_C: XL_HM_MODE 0 (high performance)
      [0x16, 0b0_0_00_0000], // CTRL7_G: G_HM_MODE 0 (high performance), HP filter off
      [0x18, 0b1_1_1_0_0_0_00], // CTRL9_XL: DEN_X 1 | DEN_Y 1 | DEN_Z 1 | DEN_XL_G 0 | 0 | SOFT_EN 0 | 00 (reset value)
      [0x06, 0b1001_1100], // FIFO_CTRL1: FTH[7:0] of 156 words
      [0x07, 0b0000_0_000], // FIFO_CTRL2: FTH[10:8] = 0
      [0x08, 0b00_001_001], // FIFO_CTRL3: DEC_FIFO_GYRO 001 | DEC_FIFO_XL 001 (no decimation)
      [0x09, 0b0000_0000], // FIFO_CTRL4: no third/fourth data set
      [0x0d, 0b0000_1_000], // INT1_CTRL: INT1_FTH only
      [0x0a, 0b0_0100_110], // FIFO_CTRL5: ODR_FIFO 104 Hz | FIFO_MODE 110 continuous
    ]);
  });

  it('sets the watermark for 26 samples to 156 words split over FIFO_CTRL1 and FIFO_CTRL2', () => {
    const writes = lsm6ds3trcSetup(104, 26);
    expect(written(writes, R.FIFO_CTRL1)).to.equal(156 & 0xff);
    expect(written(writes, R.FIFO_CTRL2)).to.equal(156 >> 8);
  });

  it('carries watermark bits above 255 words into FIFO_CTRL2 bits 2:0', () => {
    const writes = lsm6ds3trcSetup(104, 50); // 300 words = 0b001_0010_1100
    expect(written(writes, R.FIFO_CTRL1)).to.equal(0b0010_1100);
    expect(written(writes, R.FIFO_CTRL2)).to.equal(0b001);
  });

  it('refuses an unsupported rate with a TypeError naming the rates it supports', () => {
    expect(() => lsm6ds3trcSetup(100, 26)).to.throw(TypeError, /100 Hz is not supported; use one of 52, 104, 208 Hz/);
    expect(() => lsm6ds3trcSetup(416, 26)).to.throw(TypeError);
    expect(lsm6ds3trcSetupProblem(104, 26)).to.equal('');
  });

  it('refuses a watermark the 11-bit threshold cannot hold', () => {
    expect(() => lsm6ds3trcSetup(104, 0)).to.throw(TypeError, /watermark/);
    expect(() => lsm6ds3trcSetup(104, 342)).to.throw(TypeError, /1\.\.341/);
    expect(() => lsm6ds3trcSetup(104, 2.5)).to.throw(TypeError);
    expect(lsm6ds3trcSetupProblem(104, 341)).to.equal('');
  });

  it('reads the unread word count from DIFF_FIFO[10:0] ignoring the status flags', () => {
    // FIFO_STATUS2: WaterM 1 | OVER_RUN 0 | FULL_SMART 0 | EMPTY 0 | 0 | DIFF_FIFO[10:8] 001
    expect(lsm6ds3trcFifoUnreadWords(0b0010_1100, 0b1000_0_001)).to.equal(300);
  });
});
