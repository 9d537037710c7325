// Stopping a recording when the IMU is off its bus (a loose wire, a brown-out): the MDBT42Q's
// LSM6DSO driver over the register model, behind an I2C1 that Espruino makes throw ("I2C Write
// Error") once the part stops answering. The pod must end up stopped whatever the IMU does.
import { expect } from 'chai';
import { MDBT42Q_LSM6DSO_BOARD } from '../../../boards/mdbt42qLsm6dso';
import { imuBurstCapacitySamples, imuBurstCreate } from '../../../firmware/device/imuDriver';
import { lsm6dsoI2cDriver } from '../../../firmware/device/lsm6dsoI2cFifo';
import { Pod, podStop } from '../../../firmware/device/podFirmware';
import { Lsm6dsoModel } from '../../../host-tools/sim/lsm6dsoModel';

type Globals = { I2C1?: unknown; setWatch?: unknown; digitalRead?: unknown };
const g = globalThis as Globals;

describe('podStop with the IMU off its bus', () => {
  afterEach(() => {
    delete g.I2C1;
  });

  it('stops the recording although the IMU cannot be told to stop, and stops it properly once the bus answers', () => {
    const model = new Lsm6dsoModel({});
    let dead = false;
    const address = (a: number | { address: number }): number => (typeof a === 'number' ? a : a.address);
    g.I2C1 = {
      setup: () => undefined,
      writeTo: (a: number | { address: number }, data: number | number[]) => {
        if (dead) throw new Error('I2C Write Error 33281');
        model.i2cWrite(address(a), data);
      },
      readFrom: (a: number | { address: number }, count: number) => {
        if (dead) throw new Error('I2C Read Error 33281');
        return model.i2cRead(address(a), count);
      },
    };
    const imu = lsm6dsoI2cDriver(MDBT42Q_LSM6DSO_BOARD.imuBus);
    const fifo = imuBurstCreate(imuBurstCapacitySamples(26));
    const pod = { recording: 1, core: null, board: { imu }, fifo } as unknown as Pod;
    imu.start(fifo, 104, 26);
    expect(fifo.rateHz).to.equal(104);
    dead = true;
    expect(() => podStop(pod)).not.to.throw();
    expect(pod.recording).to.equal(0);
    // a start after it sets the part up from scratch, and a stop then powers it down
    dead = false;
    pod.recording = 1;
    imu.start(fifo, 104, 26);
    podStop(pod);
    expect(pod.recording).to.equal(0);
    expect(fifo.rateHz, 'the driver stopped the part').to.equal(0);
  });
});
