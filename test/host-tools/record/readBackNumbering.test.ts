import { expect } from 'chai';
import { Message } from '../../../firmware/protocol/codec';
import { ReadBackNumbering } from '../../../host-tools/record/readBackNumbering';

/** a window summary sent at pod time deviceTimeMs, its window `index` ending endMs into its recording */
const summary = (deviceTimeMs: number, index: number, endMs: number) => ({ type: 'summary', seq: 0, deviceTimeMs, index, endMs }) as unknown as Message;
const form = (deviceTimeMs: number, index: number) => ({ type: 'summaryForm', seq: 0, deviceTimeMs, index }) as unknown as Message;

describe('ReadBackNumbering', () => {
  it('numbers a recording the log shows beginning past the last, where the live link has not seen it yet (the button pressed while the pod was unplugged)', () => {
    // the live link knows the session's first recording only: it places every summary on it
    const numbering = new ReadBackNumbering(() => 0);
    const numbers = [
      summary(11000, 1, 10000), form(11000, 1), summary(21000, 2, 20000),
      // stopped at 23 s and started at 25 s: its first window ends at 35 s on the pod's clock
      summary(35250, 1, 10000), form(35250, 1), summary(45250, 2, 20000),
    ].map((m) => numbering.numberOf(m));
    expect(numbers).to.deep.equal([0, 0, 0, 1, 1, 1]);
  });

  it('takes the live link\'s number where it is past the log\'s count (a recording between that logged nothing)', () => {
    const live = (podBoot: number, s: { deviceTimeMs: number }) => (podBoot === 0 ? (s.deviceTimeMs > 28000 ? 2 : 0) : undefined);
    const numbering = new ReadBackNumbering(live);
    const numbers = [summary(11000, 1, 10000), summary(21000, 2, 20000), summary(38250, 1, 10000), summary(48250, 2, 20000)].map((m) => numbering.numberOf(m));
    expect(numbers).to.deep.equal([0, 0, 2, 2]);
  });

  it('counts a boot the log shows (the pod\'s clock going back) where the live link saw none of it, and never goes back to a lower number', () => {
    const live = (podBoot: number) => (podBoot === 0 ? 0 : undefined);
    const numbering = new ReadBackNumbering(live);
    const numbers = [summary(11000, 1, 10000), summary(21000, 2, 20000), summary(10800, 1, 10000), summary(20800, 2, 20000)].map((m) => numbering.numberOf(m));
    expect(numbers).to.deep.equal([0, 0, 1, 1]);
    // without the live link at all: the log's own count
    const counted = new ReadBackNumbering();
    expect([summary(11000, 1, 10000), summary(35250, 1, 10000), summary(10800, 1, 10000)].map((m) => counted.numberOf(m))).to.deep.equal([0, 1, 2]);
  });
});
