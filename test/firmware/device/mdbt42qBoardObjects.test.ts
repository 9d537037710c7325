// The MDBT42Q's DeviceBoard: Espruino globals are stand-ins on globalThis (the board objects
// declare them module-locally, as Espruino provides them).
import { expect } from 'chai';
import { MDBT42Q_LSM6DSO_BOARD } from '../../../boards/mdbt42qLsm6dso';
import { mdbt42qBoardObjects } from '../../../firmware/device/mdbt42qBoardObjects';

const NAMES = ['Serial1', 'LoopbackA', 'LED1', 'LED2', 'BTN1'];

describe('MDBT42Q board objects', () => {
  const g = globalThis as unknown as { [name: string]: unknown };
  before(() => { for (const name of NAMES) g[name] = { name }; });
  after(() => { for (const name of NAMES) delete g[name]; });

  it('wires Serial1 to the module console pins D8/D6, parks the console on LoopbackA, and takes LED1/LED2/BTN1', () => {
    const b = mdbt42qBoardObjects(MDBT42Q_LSM6DSO_BOARD);
    expect(b.deviceDescription).to.equal(MDBT42Q_LSM6DSO_BOARD);
    expect(b.serial).to.equal(g.Serial1);
    expect(b.serialRx).to.equal('D8');
    expect(b.serialTx).to.equal('D6');
    expect(b.consoleSink).to.equal(g.LoopbackA);
    expect(b.ledError).to.equal(g.LED1);
    expect(b.ledGood).to.equal(g.LED2);
    expect(b.ledCalm).to.equal(g.LED2);
    expect(b.button).to.equal(g.BTN1);
    for (const m of ['start', 'stop', 'read', 'onWatermark'] as const) expect(b.imu[m]).to.be.a('function');
  });
});
