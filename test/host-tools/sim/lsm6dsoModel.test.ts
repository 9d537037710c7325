import { expect } from 'chai';
import {
  LSM6DSO_FIFO_CAPACITY_WORDS,
  LSM6DSO_FIFO_MODE_BYPASS,
  LSM6DSO_I2C_ADDRESS_SA0_HIGH,
  LSM6DSO_I2C_ADDRESS_SA0_LOW,
  LSM6DSO_ODR_RATES_HZ,
  LSM6DSO_REG as R,
  LSM6DSO_TAG_GYRO_NC,
  LSM6DSO_TAG_XL_NC,
  lsm6dsoSetup,
  lsm6dsoTagSensor,
} from '../../../boards/lsm6dso';
import { lsm6ds3trcOdrCode } from '../../../boards/lsm6ds3trc';
import {
  FIFO_STATUS2_FULL_IA,
  FIFO_STATUS2_OVR_IA,
  FIFO_STATUS2_OVR_LATCHED,
  FIFO_STATUS2_WTM_IA,
  LSM6DSO_FIFO_DATA_OUT_Z_H,
  LSM6DSO_FIFO_MODE_FIFO,
  LSM6DSO_ODR_HZ_BY_CODE,
  Lsm6dsoModel,
  Lsm6dsoModelOptions,
  lsm6dsoTagByte,
  Vec3,
} from '../../../host-tools/sim/lsm6dsoModel';

function setUp(rateHz: number, watermark: number, options: Lsm6dsoModelOptions = {}): Lsm6dsoModel {
  const m = new Lsm6dsoModel(options);
  for (const [reg, val] of lsm6dsoSetup(rateHz, watermark)) m.write(reg, val);
  return m;
}

function unread(m: Lsm6dsoModel): number {
  const s = m.read(R.FIFO_STATUS1, 2);
  return s[0] | ((s[1] & 0x3) << 8);
}

interface Word { sensor: number; cnt: number; tag: number; v: number[] }

/** words read in one burst from FIFO_DATA_OUT_TAG */
function readWords(m: Lsm6dsoModel, words: number): Word[] {
  const b = m.read(R.FIFO_DATA_OUT_TAG, words * 7);
  const out: Word[] = [];
  for (let i = 0; i < words; i++) {
    const o = i * 7;
    const v = [0, 1, 2].map((k) => ((b[o + 1 + 2 * k] | (b[o + 2 + 2 * k] << 8)) << 16) >> 16);
    out.push({ sensor: lsm6dsoTagSensor(b[o]), cnt: (b[o] >> 1) & 3, tag: b[o], v });
  }
  return out;
}

/** sample i: accel (i, -i, 1000) mg, gyro (100, -100, 10*i) dps */
function sampleAt(i: number): [Vec3, Vec3] {
  return [[i, -i, 1000], [100000, -100000, 10000 * i]];
}

describe('Lsm6dsoModel', () => {
  it('answers WHO_AM_I with 0x6C over I2C at 0x6A, and 0x6B with SA0 high', () => {
    const m = new Lsm6dsoModel();
    m.i2cWrite(LSM6DSO_I2C_ADDRESS_SA0_LOW, [R.WHO_AM_I]);
    expect(m.i2cRead(LSM6DSO_I2C_ADDRESS_SA0_LOW, 1)[0]).to.equal(0x6c);
    expect(() => m.i2cRead(LSM6DSO_I2C_ADDRESS_SA0_HIGH, 1)).to.throw(/acknowledge/);
    const high = new Lsm6dsoModel({ sa0High: true });
    high.i2cWrite(LSM6DSO_I2C_ADDRESS_SA0_HIGH, R.WHO_AM_I);
    expect(high.i2cRead(LSM6DSO_I2C_ADDRESS_SA0_HIGH, 1)[0]).to.equal(0x6c);
  });

  it('writes registers over I2C with auto-increment from the first byte', () => {
    const m = new Lsm6dsoModel();
    m.i2cWrite(0x6a, [R.CTRL1_XL, 0x44, 0x4c]);
    expect(Array.from(m.read(R.CTRL1_XL, 2))).to.deep.equal([0x44, 0x4c]);
    expect(m.odrXlHz()).to.equal(104);
  });

  it('decodes the project ODR codes with the same table as boards/lsm6dso', () => {
    for (const hz of LSM6DSO_ODR_RATES_HZ) expect(LSM6DSO_ODR_HZ_BY_CODE[lsm6ds3trcOdrCode(hz)]).to.equal(hz);
  });

  it('raises the watermark and INT1 at 52 unread words after 26 samples at 104 Hz', () => {
    const m = setUp(104, 26);
    for (let i = 0; i < 25; i++) m.push(...sampleAt(i));
    expect(m.int1()).to.equal(false);
    expect(m.read(R.FIFO_STATUS2, 1)[0] & FIFO_STATUS2_WTM_IA).to.equal(0);
    m.push(...sampleAt(25));
    expect(m.int1()).to.equal(true);
    expect(m.read(R.FIFO_STATUS2, 1)[0] & FIFO_STATUS2_WTM_IA).to.not.equal(0);
    expect(unread(m)).to.equal(52);
  });

  it('tags each slot gyro then accel with a shared TAG_CNT counting 0..3, data scaled for +-16 g and 2000 dps', () => {
    const m = setUp(104, 26);
    for (let i = 0; i < 26; i++) m.push(...sampleAt(i));
    const w = readWords(m, 52);
    for (let i = 0; i < 26; i++) {
      const g = w[2 * i];
      const a = w[2 * i + 1];
      expect([g.sensor, a.sensor]).to.deep.equal([LSM6DSO_TAG_GYRO_NC, LSM6DSO_TAG_XL_NC]);
      expect(g.cnt).to.equal(i & 3);
      expect(a.cnt).to.equal(i & 3);
      expect(g.v).to.deep.equal([1429, -1429, Math.round((10000 * i) / 70)]); // 100 dps / 70 mdps
      expect(a.v[0]).to.equal(Math.round(i / 0.488));
      expect(a.v[1]).to.equal(Math.round(-i / 0.488) || 0);
      expect(a.v[2]).to.be.within(2048, 2050); // 1 g
    }
    expect(unread(m)).to.equal(0);
    expect(m.int1()).to.equal(false);
  });

  it('puts accel first in each slot when told to', () => {
    const m = setUp(104, 2, { slotOrder: 'accelFirst' });
    m.push(...sampleAt(1));
    expect(readWords(m, 2).map((w) => w.sensor)).to.deep.equal([LSM6DSO_TAG_XL_NC, LSM6DSO_TAG_GYRO_NC]);
  });

  it('gives every tag byte even parity in TAG_PARITY', () => {
    for (let s = 0; s < 32; s++) for (let c = 0; c < 4; c++) {
      let t = lsm6dsoTagByte(s, c);
      let ones = 0;
      for (; t !== 0; t >>= 1) ones += t & 1;
      expect(ones % 2, `sensor ${s} cnt ${c}`).to.equal(0);
    }
  });

  it('clips values beyond full scale to the int16 limits', () => {
    const m = setUp(104, 1);
    m.push([20000, -20000, 0], [3000000, -3000000, 0]);
    const w = readWords(m, 2);
    expect(w[0].v).to.deep.equal([32767, -32768, 0]);
    expect(w[1].v).to.deep.equal([32767, -32768, 0]);
  });

  it('rolls a burst back from 7Eh to 78h, and pops a word only when 7Eh is read', () => {
    const m = setUp(104, 1);
    m.pushCounts([1, 2, 3], [4, 5, 6]);
    expect(m.read(R.FIFO_DATA_OUT_TAG, 1)[0] >> 3).to.equal(LSM6DSO_TAG_GYRO_NC);
    expect(m.read(R.FIFO_DATA_OUT_TAG, 6)[5]).to.equal(6); // 78h..7Dh: gyro Z_L, no pop yet
    expect(m.unreadWords()).to.equal(2);
    expect(m.read(LSM6DSO_FIFO_DATA_OUT_Z_H, 1)[0]).to.equal(0); // Z_H of 6: pops the gyro word
    expect(m.unreadWords()).to.equal(1);
    expect(readWords(m, 1)[0].v).to.deep.equal([1, 2, 3]);
  });

  it('runs a burst past 7Eh on to 7Fh when configured not to roll back', () => {
    const m = setUp(104, 1, { fifoBurstRollsBack: false });
    m.pushCounts([1, 2, 3], [4, 5, 6]);
    m.read(R.FIFO_DATA_OUT_TAG, 14);
    expect(m.unreadWords()).to.equal(1);
  });

  it('reads as 0 when the FIFO is empty', () => {
    const m = setUp(104, 1);
    expect(Array.from(m.read(R.FIFO_DATA_OUT_TAG, 7))).to.deep.equal([0, 0, 0, 0, 0, 0, 0]);
  });

  it('keeps the newest words on overrun in continuous mode, with FIFO_OVR_IA and FIFO_OVR_LATCHED', () => {
    const m = setUp(104, 26);
    const n = LSM6DSO_FIFO_CAPACITY_WORDS / 2 + 3; // 3 slots past full: 6 oldest words overwritten
    for (let i = 0; i < n; i++) m.pushCounts([i, 0, 0], [i, 0, 0]);
    expect(m.unreadWords()).to.equal(LSM6DSO_FIFO_CAPACITY_WORDS);
    const s2 = m.read(R.FIFO_STATUS2, 1)[0];
    expect(s2 & FIFO_STATUS2_OVR_IA).to.not.equal(0);
    expect(s2 & FIFO_STATUS2_OVR_LATCHED).to.not.equal(0);
    expect(s2 & FIFO_STATUS2_FULL_IA).to.not.equal(0);
    const again = m.read(R.FIFO_STATUS2, 1)[0];
    expect(again & FIFO_STATUS2_OVR_LATCHED).to.equal(0); // cleared by the status read
    expect(again & FIFO_STATUS2_OVR_IA).to.not.equal(0); // until a word is read
    const w = readWords(m, 2);
    expect(w[0].v[0]).to.equal(3);
    expect(w[1].v[0]).to.equal(3);
    expect(w[0].cnt).to.equal(3);
    expect(m.read(R.FIFO_STATUS2, 1)[0] & FIFO_STATUS2_OVR_IA).to.equal(0);
  });

  it('leaves an accel word at the head without its gyro partner when the capacity is odd', () => {
    const m = setUp(104, 26, { fifoCapacityWords: 7 });
    for (let i = 0; i < 4; i++) m.pushCounts([i, 0, 0], [i, 0, 0]); // 8 words into 7: gyro 0 is gone
    const w = readWords(m, 7);
    expect(w.map((x) => x.sensor)).to.deep.equal([2, 1, 2, 1, 2, 1, 2]);
    expect(w.map((x) => x.cnt)).to.deep.equal([0, 1, 1, 2, 2, 3, 3]);
  });

  it('stops collecting when full in FIFO mode', () => {
    const m = setUp(104, 26, { fifoCapacityWords: 10 });
    m.write(R.FIFO_CTRL4, LSM6DSO_FIFO_MODE_FIFO);
    for (let i = 0; i < 8; i++) m.pushCounts([i, 0, 0], [i, 0, 0]);
    expect(m.unreadWords()).to.equal(10);
    expect(m.read(R.FIFO_STATUS2, 1)[0] & FIFO_STATUS2_OVR_IA).to.equal(0);
    expect(readWords(m, 10)[9].v[0]).to.equal(4);
  });

  it('empties the FIFO and restarts TAG_CNT when bypass mode is written', () => {
    const m = setUp(104, 26);
    for (let i = 0; i < 30; i++) m.push(...sampleAt(i));
    m.write(R.FIFO_CTRL4, LSM6DSO_FIFO_MODE_BYPASS);
    expect(unread(m)).to.equal(0);
    expect(m.int1()).to.equal(false);
    m.push(...sampleAt(0));
    expect(unread(m)).to.equal(0); // bypass collects nothing
    for (const [reg, val] of lsm6dsoSetup(104, 26)) m.write(reg, val);
    m.push(...sampleAt(0));
    expect(readWords(m, 2).map((w) => w.cnt)).to.deep.equal([0, 0]);
  });

  it('takes every other sample of a 104 Hz source at 52 Hz ODR', () => {
    const m = setUp(52, 5, { sourceRateHz: 104 });
    for (let i = 0; i < 10; i++) m.push(...sampleAt(i));
    expect(unread(m)).to.equal(10);
    const gz = readWords(m, 10).filter((w) => w.sensor === LSM6DSO_TAG_GYRO_NC).map((w) => w.v[2]);
    expect(gz).to.deep.equal([0, 2, 4, 6, 8].map((i) => Math.round((10000 * i) / 70)));
  });

  it('calls afterWord between the two words of a slot', () => {
    const seen: number[] = [];
    const m = setUp(104, 26, { afterWord: (x) => seen.push(x.unreadWords()) });
    m.pushCounts([0, 0, 0], [0, 0, 0]);
    m.pushCounts([0, 0, 0], [0, 0, 0]);
    expect(seen).to.deep.equal([1, 2, 3, 4]);
  });

  it('throws for set-ups it does not model instead of producing wrong data', () => {
    const m = setUp(104, 26);
    m.write(R.FIFO_CTRL3, 0x43); // BDR_XL 52 Hz with ODR_XL 104 Hz
    expect(() => m.pushCounts([0, 0, 0], [0, 0, 0])).to.throw(/not modeled/);
    const k = setUp(104, 26);
    k.write(R.CTRL8_XL, 0x02);
    expect(() => k.push([0, 0, 0], [0, 0, 0])).to.throw(/not modeled/);
  });
});
