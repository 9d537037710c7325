import { expect } from 'chai';
import { msFromStamp, timeUnitDoubt } from '../../../host-tools/recording/timeUnit';

describe('timeUnit', () => {
  it('converts microsecond stamps to the ms nearest them, where times 0.001 would be off in the last digit', () => {
    for (let us = 0; us < 200000; us += 9615) expect(msFromStamp(us, 't_us'), String(us)).to.equal(Number((us / 1000).toFixed(3)));
    expect(msFromStamp(1.25, 't_s')).to.equal(1250);
    expect(msFromStamp(7.5, 't_ms')).to.equal(7.5);
    for (let ns = 0; ns < 200000000; ns += 9615385) expect(msFromStamp(ns, 't_ns'), String(ns)).to.equal(Number((ns / 1e6).toFixed(6)));
  });

  it('finds the unit that puts stamps at an IMU rate, 1000 times off the one they were read in', () => {
    expect(timeUnitDoubt(0.104, 't_ms')).to.deep.include({ likely: 't_us' });
    expect(timeUnitDoubt(0.104, 't_ms')!.likelyRateHz).to.be.closeTo(104, 1e-9);
    expect(timeUnitDoubt(0.052, 't_s')).to.deep.include({ likely: 't_ms' });
    expect(timeUnitDoubt(208000, 't_ms')).to.deep.include({ likely: 't_s' });
    expect(timeUnitDoubt(1e5, 't_us')).to.deep.include({ likely: 't_ms' });
    expect(timeUnitDoubt(1e8, 't_us')).to.deep.include({ likely: 't_s' });
    // nanoseconds (Android's sensor events) read as microseconds
    expect(timeUnitDoubt(0.1, 't_us')).to.deep.include({ likely: 't_ns' });
    expect(timeUnitDoubt(1e-4, 't_ms')).to.deep.include({ likely: 't_ns' });
  });

  it('leaves stamps alone at a rate an IMU logs at, or at one no unit explains', () => {
    for (const rateHz of [10, 52, 104, 208, 1000, 5000]) expect(timeUnitDoubt(rateHz, 't_ms'), String(rateHz)).to.equal(undefined);
    // read in any unit, no IMU's rate: no unit to name
    expect(timeUnitDoubt(1e-6, 't_ms')).to.equal(undefined);
    expect(timeUnitDoubt(0, 't_ms')).to.equal(undefined);
  });
});
