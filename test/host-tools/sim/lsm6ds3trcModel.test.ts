import { expect } from 'chai';
import {
  FIFO_MODE_BYPASS,
  FIFO_STATUS2_FIFO_EMPTY,
  FIFO_STATUS2_OVER_RUN,
  FIFO_STATUS2_WATERM,
  LSM6DS3TRC_ODR_RATES_HZ,
  LSM6DS3TRC_REG as R,
  lsm6ds3trcFifoCtrl5,
  lsm6ds3trcFifoUnreadWords,
  lsm6ds3trcOdrCode,
  lsm6ds3trcSetup,
} from '../../../boards/lsm6ds3trc';
import { LSM6DS3TRC_ODR_HZ_BY_CODE, Lsm6ds3trcModel, Vec3 } from '../../../host-tools/sim/lsm6ds3trcModel';

function setUp(rateHz: number, watermark: number, sourceRateHz = 104, burstStays = true): Lsm6ds3trcModel {
  const m = new Lsm6ds3trcModel({ sourceRateHz, fifoBurstStaysOnOutput: burstStays });
  for (const [reg, val] of lsm6ds3trcSetup(rateHz, watermark)) m.write(reg, val);
  return m;
}

function unread(m: Lsm6ds3trcModel): number {
  const s = m.read(R.FIFO_STATUS1, 2);
  return lsm6ds3trcFifoUnreadWords(s[0], s[1]);
}

function readWords(m: Lsm6ds3trcModel, words: number): Int16Array {
  const bytes = m.read(R.FIFO_DATA_OUT_L, words * 2);
  return new Int16Array(bytes.buffer, bytes.byteOffset, words);
}

/** sample i: accel (i, -i, 1000) mg, gyro (100, -100, 10*i) dps */
function sampleAt(i: number): [Vec3, Vec3] {
  return [[i, -i, 1000], [100000, -100000, 10000 * i]];
}

describe('Lsm6ds3trcModel', () => {
  it('answers WHO_AM_I with 0x6A', () => {
    expect(new Lsm6ds3trcModel().read(R.WHO_AM_I, 1)[0]).to.equal(0x6a);
  });

  it('decodes the project ODR codes with the same table as boards/lsm6ds3trc', () => {
    for (const hz of LSM6DS3TRC_ODR_RATES_HZ) expect(LSM6DS3TRC_ODR_HZ_BY_CODE[lsm6ds3trcOdrCode(hz)]).to.equal(hz);
  });

  it('raises the watermark and INT1 with 156 unread words after 26 samples at 104 Hz', () => {
    const m = setUp(104, 26);
    for (let i = 0; i < 25; i++) m.push(...sampleAt(i));
    expect(m.int1()).to.equal(false);
    expect(m.read(R.FIFO_STATUS2, 1)[0] & FIFO_STATUS2_WATERM).to.equal(0);
    m.push(...sampleAt(25));
    expect(m.int1()).to.equal(true);
    expect(m.read(R.FIFO_STATUS2, 1)[0] & FIFO_STATUS2_WATERM).to.not.equal(0);
    expect(unread(m)).to.equal(156);
  });

  it('returns a 156-word burst in gyro-then-accel order scaled for +-16 g and 2000 dps', () => {
    const m = setUp(104, 26);
    for (let i = 0; i < 26; i++) m.push(...sampleAt(i));
    const w = readWords(m, 156);
    for (let i = 0; i < 26; i++) {
      const s = w.subarray(6 * i, 6 * i + 6);
      expect(s[0]).to.equal(1429); // 100 dps / 70 mdps
      expect(s[1]).to.equal(-1429);
      expect(s[2]).to.equal(Math.round((10000 * i) / 70));
      expect(s[3]).to.equal(Math.round(i / 0.488));
      expect(s[4]).to.equal(Math.round(-i / 0.488));
      expect(s[5]).to.be.within(2048, 2050); // 1 g
    }
  });

  it('clips values beyond full scale to the int16 limits', () => {
    const m = setUp(104, 1);
    m.push([20000, -20000, 0], [3000000, -3000000, 0]);
    expect(Array.from(readWords(m, 6))).to.deep.equal([32767, -32768, 0, 32767, -32768, 0]);
  });

  it('empties the FIFO and clears the watermark and INT1 when read', () => {
    const m = setUp(104, 26);
    for (let i = 0; i < 26; i++) m.push(...sampleAt(i));
    readWords(m, 156);
    expect(unread(m)).to.equal(0);
    expect(m.read(R.FIFO_STATUS2, 1)[0] & (FIFO_STATUS2_WATERM | FIFO_STATUS2_FIFO_EMPTY)).to.equal(FIFO_STATUS2_FIFO_EMPTY);
    expect(m.int1()).to.equal(false);
  });

  it('sets OVER_RUN past 2048 words and keeps the newest words', () => {
    const m = setUp(104, 26);
    const n = 342; // 2052 words: the 4 oldest are overwritten
    for (let i = 0; i < n; i++) m.push(...sampleAt(i));
    expect(m.read(R.FIFO_STATUS2, 1)[0] & FIFO_STATUS2_OVER_RUN).to.not.equal(0);
    expect(m.unreadWords()).to.equal(2048);
    expect(unread(m)).to.equal(2047); // DIFF_FIFO is 11 bits (clamped, see model notes)
    expect(m.read(R.FIFO_STATUS3, 1)[0]).to.equal(4); // next word is XLy of sample 0
    const w = readWords(m, 2048);
    expect(w[0]).to.equal(0); // XLy of sample 0 (-0 mg)
    expect(w[2]).to.equal(1429); // Gx of sample 1
    const last = w.subarray(2042);
    expect(last[0]).to.equal(1429);
    expect(last[2]).to.equal(32767); // 3410 dps saturates
    expect(last[3]).to.equal(Math.round((n - 1) / 0.488));
    expect(m.read(R.FIFO_STATUS2, 1)[0] & FIFO_STATUS2_OVER_RUN).to.equal(0);
  });

  it('with diffFifoWhenFull wrap, a full FIFO counts 0 unread words but is not empty', () => {
    const m = new Lsm6ds3trcModel({ diffFifoWhenFull: 'wrap' });
    for (const [reg, val] of lsm6ds3trcSetup(104, 26)) m.write(reg, val);
    for (let i = 0; i < 342; i++) m.push(...sampleAt(i));
    expect(m.unreadWords()).to.equal(2048);
    expect(unread(m)).to.equal(0);
    expect(m.read(R.FIFO_STATUS2, 1)[0] & FIFO_STATUS2_FIFO_EMPTY).to.equal(0);
    readWords(m, 1);
    expect(unread(m)).to.equal(2047);
  });

  it('empties the FIFO when bypass mode is written', () => {
    const m = setUp(104, 26);
    for (let i = 0; i < 30; i++) m.push(...sampleAt(i));
    m.write(R.FIFO_CTRL5, lsm6ds3trcFifoCtrl5(0, FIFO_MODE_BYPASS));
    expect(unread(m)).to.equal(0);
    expect(m.int1()).to.equal(false);
    m.push(...sampleAt(0));
    expect(unread(m)).to.equal(0); // bypass collects nothing
  });

  it('takes every other sample of a 104 Hz source at 52 Hz ODR', () => {
    const m = setUp(52, 5, 104);
    for (let i = 0; i < 10; i++) m.push(...sampleAt(i));
    expect(unread(m)).to.equal(30);
    const w = readWords(m, 30);
    const gz = [0, 1, 2, 3, 4].map((k) => w[6 * k + 2]);
    expect(gz).to.deep.equal([0, 2, 4, 6, 8].map((i) => Math.round((10000 * i) / 70)));
  });

  it('runs a burst past FIFO_DATA_OUT_H on to 0x40 when configured not to wrap', () => {
    const m = setUp(104, 1, 104, false);
    m.push(...sampleAt(1));
    m.read(R.FIFO_DATA_OUT_L, 4);
    expect(unread(m)).to.equal(5);
  });

  it('routes data-ready to INT1 and clears it when the outputs are read', () => {
    const m = new Lsm6ds3trcModel();
    m.write(R.CTRL1_XL, 0x48); // 104 Hz, FS_XL = 10 (+-4 g)
    m.write(R.INT1_CTRL, 0x03);
    m.push([0, 0, 1000], [0, 0, 0]);
    expect(m.int1()).to.equal(true);
    const out = m.read(R.OUTX_L_G, 12);
    expect(out[10] | (out[11] << 8)).to.equal(8197); // +-4 g: 0.122 mg/LSB
    expect(m.int1()).to.equal(false);
  });
});
