import { expect } from 'chai';
import { summaryOfNewRecording, SummaryTimes } from '../../../host-tools/protocol/summaryOfNewRecording';

/** window `index` (10 s windows) of a recording started at `startMs` on the pod's clock, sent `delayMs` after its end */
function summary(startMs: number, index: number, delayMs = 300, imuRateOff = 0): SummaryTimes {
  const endMs = (index + 1) * 10000;
  // the window's times count samples at the nominal rate: an IMU running fast ends them early on the pod's clock
  return { deviceTimeMs: (startMs + endMs / (1 + imuRateOff) + delayMs) >>> 0, index, endMs };
}

describe('summaryOfNewRecording', () => {
  it('windows of one recording, sent after their end by a varying delay, with an IMU 2 % off its rate over an hour: never a new one', () => {
    for (const off of [-0.02, 0, 0.02]) {
      let last = summary(5000, 0, 300, off);
      for (let index = 1; index < 360; index++) {
        const next = summary(5000, index, index % 2 === 0 ? 1500 : 100, off);
        expect(summaryOfNewRecording(last, next), `window ${index}, IMU ${off * 100} % off`).to.equal(false);
        last = next;
      }
    }
  });

  it('windows that do not follow one another (none logged while standing) but are of one recording: not a new one', () => {
    expect(summaryOfNewRecording(summary(5000, 3), summary(5000, 90, 1800))).to.equal(false);
  });

  it('a window index that goes back: a new recording, however soon', () => {
    expect(summaryOfNewRecording(summary(5000, 6), summary(70000, 0))).to.equal(true);
  });

  it('a recording started anew whose first window seen is past the old one\'s last (the pod away meanwhile): seen by its start on the pod\'s clock', () => {
    // the old one ran 0-18 s; the new one from 20 s, its window 2 the first seen
    expect(summaryOfNewRecording(summary(0, 1), summary(20000, 2))).to.equal(true);
    // and a start only half a second later than its windows say (a busy pod's send delay): not one
    expect(summaryOfNewRecording(summary(0, 1), summary(500, 2))).to.equal(false);
  });

  it('across the pod clock\'s wrap at 2^32 ms', () => {
    const start = 2 ** 32 - 15000;
    expect(summaryOfNewRecording(summary(start, 0), summary(start, 1))).to.equal(false);
    expect(summaryOfNewRecording(summary(start, 0), summary(start + 30000, 1))).to.equal(true);
  });
});
