import { expect } from 'chai';
import { VirtualClock } from '../../../host-tools/sim/virtualClock';

function runTo(clock: VirtualClock, ms: number, log: string[]): void {
  for (;;) {
    const t = Math.min(clock.nextTimerDueMs(), clock.nextHardwareMs());
    if (t > ms) break;
    clock.advanceTo(t);
    clock.runDueHardware();
    clock.runDueTimers((timer) => log.push(String(timer.callback) + '@' + clock.nowMs));
  }
  clock.advanceTo(ms);
}

describe('VirtualClock', () => {
  it('numbers timers 1, 2, 3 and fires them at their due times', () => {
    const clock = new VirtualClock();
    expect(clock.setTimer('a', 30, [], false)).to.equal(1);
    expect(clock.setTimer('b', 10, [], false)).to.equal(2);
    const log: string[] = [];
    runTo(clock, 100, log);
    expect(log).to.deep.equal(['b@10', 'a@30']);
    expect(clock.timerCount()).to.equal(0);
  });

  it('runs timers that are due in the same pass in creation order, not due-time order', () => {
    const clock = new VirtualClock();
    clock.setTimer('late', 20, [], false);
    clock.setTimer('early', 10, [], false);
    clock.advanceTo(50);
    const log: string[] = [];
    clock.runDueTimers((t) => log.push(String(t.callback)));
    expect(log).to.deep.equal(['late', 'early']);
  });

  it('reschedules an interval from its due time, so a late interval catches up over passes', () => {
    const clock = new VirtualClock();
    clock.setTimer('i', 10, [], true);
    clock.advanceTo(35);
    let fired = 0;
    expect(clock.runDueTimers(() => fired++)).to.equal(1); // one per pass
    expect(clock.nextTimerDueMs()).to.equal(20);
    clock.runDueTimers(() => fired++);
    clock.runDueTimers(() => fired++);
    clock.runDueTimers(() => fired++);
    expect(fired).to.equal(3);
    expect(clock.nextTimerDueMs()).to.equal(40);
  });

  it('raises a delay below 0.1 ms to 0.1 ms and refuses more than 100 years', () => {
    const clock = new VirtualClock();
    clock.setTimer('z', 0, [], false);
    expect(clock.nextTimerDueMs()).to.equal(0.1);
    expect(() => clock.setTimer('y', 4e12, [], false)).to.throw('Interval is too long (>100 years)');
    expect(() => clock.setTimer(5, 1, [], false)).to.throw('Function or String not supplied!');
  });

  it('clears all timers with no argument, throws for undefined, ignores an unknown id', () => {
    const clock = new VirtualClock();
    clock.setTimer('a', 10, [], false);
    clock.setTimer('b', 10, [], true);
    expect(() => clock.clearTimer(1, undefined, 'Timeout')).to.throw('clearTimeout(undefined) not allowed. Use clearTimeout() instead');
    clock.clearTimer(1, 99, 'Interval');
    expect(clock.timerCount()).to.equal(2);
    clock.clearTimer(1, 1, 'Timeout');
    expect(clock.timerCount()).to.equal(1);
    clock.clearTimer(0, undefined, 'Interval');
    expect(clock.timerCount()).to.equal(0);
  });

  it('runs hardware events at equal times in the order they were scheduled', () => {
    const clock = new VirtualClock();
    const log: number[] = [];
    clock.schedule(5, () => log.push(1));
    clock.schedule(3, () => log.push(2));
    clock.schedule(5, () => log.push(3));
    clock.advanceTo(5);
    clock.runDueHardware();
    expect(log).to.deep.equal([2, 1, 3]);
  });
});
