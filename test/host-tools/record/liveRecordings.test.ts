import { expect } from 'chai';
import { Message } from '../../../firmware/protocol/codec';
import { LiveRecordings } from '../../../host-tools/record/liveRecordings';

const summary = (deviceTimeMs: number, index: number, endMs: number) => ({ type: 'summary', seq: 0, deviceTimeMs, index, endMs }) as unknown as Message;
const batch = (deviceTimeMs: number) => ({ type: 'rawBatch', seq: 0, deviceTimeMs, firstSampleIndex: 0, sampleCount: 26 }) as unknown as Message;

describe('LiveRecordings', () => {
  it('places a read-back summary on the last recording of its boot that had started when it was sent', () => {
    const live = new LiveRecordings();
    live.heard(0, batch(1250), 1000);
    live.heard(0, summary(21250, 2, 20000));
    // a recording of half a second (nothing logged), then another
    live.heard(1, batch(26750), 26500);
    live.heard(2, batch(28250), 28000);
    expect(live.numberOf(0, { deviceTimeMs: 11250, index: 1, endMs: 10000 })).to.equal(0);
    expect(live.numberOf(0, { deviceTimeMs: 26250, index: 3, endMs: 25000 })).to.equal(0);
    expect(live.numberOf(0, { deviceTimeMs: 48250, index: 2, endMs: 20000 })).to.equal(2);
  });

  it('takes a recording\'s start from its first summary when no raw batch told it, and keeps pod boots apart', () => {
    const live = new LiveRecordings();
    live.heard(0, summary(11000, 1, 10000));
    live.podRestarted();
    // the new boot's clock starts at 0 again: its recording, heard first at 30 s
    live.heard(1, summary(30500, 3, 30000));
    expect(live.numberOf(1, { deviceTimeMs: 20500, index: 2, endMs: 20000 })).to.equal(1);
    expect(live.numberOf(0, { deviceTimeMs: 20500, index: 2, endMs: 20000 })).to.equal(0);
    // a boot nobody heard live: the caller counts it as the log shows
    expect(live.numberOf(2, { deviceTimeMs: 20500, index: 2, endMs: 20000 })).to.equal(undefined);
  });

  it('never starts a recording before the last message of the one before it in the same boot, whatever a late estimate says', () => {
    const live = new LiveRecordings();
    live.heard(0, summary(11000, 1, 10000));
    live.heard(0, summary(61000, 6, 60000));
    // started at 65 s and heard first an hour on: its samples counted at a nominal rate 1 % off
    // the IMU's put its start 36 s early, before the other's last summary
    live.heard(1, batch(3665000), 29000);
    expect(live.numberOf(0, { deviceTimeMs: 50000, index: 5, endMs: 49000 })).to.equal(0);
    expect(live.numberOf(0, { deviceTimeMs: 70000, index: 1, endMs: 5000 })).to.equal(1);
  });

  it('places nothing before a start is known: a batch heard while the rate is unknown tells none', () => {
    const live = new LiveRecordings();
    live.heard(0, batch(1250), undefined);
    expect(live.numberOf(0, { deviceTimeMs: 11250, index: 1, endMs: 10000 })).to.equal(undefined);
    live.heard(0, batch(1500), 1000);
    expect(live.numberOf(0, { deviceTimeMs: 11250, index: 1, endMs: 10000 })).to.equal(0);
  });
});
