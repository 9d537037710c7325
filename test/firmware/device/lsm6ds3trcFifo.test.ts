// The Puck.js v2's LSM6DS3TR-C driver (TypeScript source, run directly) behind a Puck.accelRd
// stand-in on globalThis that answers the FIFO status the test gives: what it makes of statuses
// no part in order would give.
import { expect } from 'chai';
import { LSM6DS3TRC_FIFO_CAPACITY_SAMPLES, LSM6DS3TRC_REG as R } from '../../../boards/lsm6ds3trc';
import { IMU_BURST_MAX_SAMPLES, imuBurstCreate, imuSamplesLost } from '../../../firmware/device/imuDriver';
import { LSM6DS3TRC_PUCK_DRIVER as driver } from '../../../firmware/device/lsm6ds3trcFifo';

const FULL = 32767;
type Globals = { Puck?: unknown };
const g = globalThis as Globals;

/** a Puck whose FIFO_STATUS1..4 read `status`; FIFO data reads give zeros */
function puckAnswering(status: number[]): void {
  g.Puck = {
    accelOn: () => undefined,
    accelOff: () => undefined,
    accelWr: () => undefined,
    accelRd: (reg: number, count: number) => (reg === R.FIFO_STATUS1 ? Uint8Array.from(status) : new Uint8Array(count)),
  };
}

describe('LSM6DS3TR-C FIFO driver (Puck.js v2) on statuses of nonsense', () => {
  after(() => { delete g.Puck; });

  for (const [what, status] of [
    ['DIFF_FIFO and every flag all ones (2047 words), FIFO_PATTERN 0', [0xff, 0xff, 0, 0]],
    ['DIFF_FIFO 0 with FIFO_EMPTY clear (read as full, 2048 words)', [0, 0, 0, 0]],
  ] as [string, number[]][]) {
    it(`${what}: leaves no more samples behind than the FIFO holds, so a later overrun's loss stays within what was produced`, () => {
      puckAnswering(status);
      const burst = imuBurstCreate(IMU_BURST_MAX_SAMPLES);
      driver.start(burst, 104, 26);
      expect(driver.read(burst, FULL)).to.equal(IMU_BURST_MAX_SAMPLES);
      expect(burst.samplesLeft).to.be.at.most(LSM6DS3TRC_FIFO_CAPACITY_SAMPLES);
      expect(imuSamplesLost(2, 104, driver.fifoCapacitySamples - burst.samplesLeft)).to.be.at.most(2 * 104);
    });
  }

  it('all ones in FIFO_PATTERN too (a bus that does not answer) reads nothing and keeps what the last read left', () => {
    puckAnswering([0x2c, 0x00, 0, 0]); // 44 words: 7 samples, 2 words of the next
    const burst = imuBurstCreate(IMU_BURST_MAX_SAMPLES);
    driver.start(burst, 104, 26);
    expect(driver.read(burst, FULL)).to.equal(7);
    expect(burst.samplesLeft).to.equal(0);
    puckAnswering([0xff, 0xff, 0xff, 0xff]);
    expect(driver.read(burst, FULL)).to.equal(0);
    expect(burst.busFault).to.equal(1);
    expect(burst.samplesLeft).to.equal(0);
  });
});
