// Cutting a pod's log into its sessions: a new one where its clock goes back (a restart) or its
// window count starts again (recording stopped and started), each summaryForm with its summary;
// a clock entry dates the sessions of its boot.
import { expect } from 'chai';
import { Message } from '../../../firmware/protocol/codec';
import { logSessionHostMs, logSessions } from '../../../host-tools/protocol/logEntries';

function entry(index: number, deviceTimeMs: number): Message[] {
  const header = { version: 2, seq: index, deviceTimeMs };
  return [{ type: 'summary', ...header, index } as unknown as Message, { type: 'summaryForm', ...header, index } as unknown as Message];
}

/** a clock entry: the host's wall clock epochMs at pod time deviceTimeMs */
function clock(deviceTimeMs: number, epochMs: number): Message {
  return { type: 'clock', version: 2, seq: 0, deviceTimeMs, epochS: Math.floor(epochMs / 1000), epochMs: epochMs % 1000 } as unknown as Message;
}

describe('pod log sessions', () => {
  it('one recording is one session', () => {
    const sessions = logSessions([...entry(1, 10000), ...entry(2, 20000), ...entry(3, 30000)]);
    expect(sessions.map((s) => s.messages.length)).to.deep.equal([6]);
    expect(sessions[0].boot).to.equal(0);
  });

  it('a recording started again in the same boot (window count from 1 again) and a restart (clock back) each begin a session', () => {
    const sessions = logSessions([
      ...entry(1, 10000), ...entry(2, 20000),
      ...entry(1, 95000), ...entry(2, 105000), ...entry(3, 115000),
      ...entry(1, 12000),
    ]);
    expect(sessions.map((s) => s.messages.filter((m) => m.type === 'summary').map((m) => m.deviceTimeMs))).to.deep.equal([
      [10000, 20000], [95000, 105000, 115000], [12000],
    ]);
    expect(sessions.map((s) => s.boot)).to.deep.equal([0, 0, 1]);
    for (const session of sessions) expect(session.messages[session.messages.length - 1].type).to.equal('summaryForm');
  });

  it('a restart right where the window count would go on is still a new session (the clock went back)', () => {
    const sessions = logSessions([...entry(1, 10000), ...entry(2, 20000), ...entry(3, 9000)]);
    expect(sessions.map((s) => s.boot)).to.deep.equal([0, 1]);
  });

  it('places on the host\'s clock only the sessions of the boot the pod still runs', () => {
    const sessions = logSessions([...entry(1, 10000), ...entry(2, 20000), ...entry(1, 5000), ...entry(2, 15000)]);
    // the pod's clock read 25 s when the host's read 1,000,000 ms
    expect(logSessionHostMs(sessions, 1, 5000, 25000, 1000000)).to.equal(980000);
    expect(logSessionHostMs(sessions, 1, 15000, 25000, 1000000)).to.equal(990000);
    expect(logSessionHostMs(sessions, 0, 10000, 25000, 1000000), 'an earlier boot').to.equal(undefined);
    // the pod restarted after its last entry: its clock now is not the one that logged it
    expect(logSessionHostMs(sessions, 1, 5000, 3000, 1000000), 'restarted since').to.equal(undefined);
  });

  it('a clock logged in a boot dates each of its sessions, before and after it, also once the pod has restarted since; it is no summary', () => {
    const sessions = logSessions([
      // boot 0: a session, the host sets the clock (pod time 30 s = 1,700,000,030,500 ms), a second session
      ...entry(1, 10000), ...entry(2, 20000), clock(30000, 1700000030500), ...entry(1, 40000), ...entry(2, 50000),
      // boot 1 (clock back): no clock; boot 2: a clock right after the restart, then its session
      ...entry(1, 5000), clock(2000, 1800000000000), ...entry(1, 9000),
    ]);
    expect(sessions.map((s) => s.boot)).to.deep.equal([0, 0, 1, 2]);
    expect(sessions.map((s) => s.messages.filter((m) => m.type === 'summary').length)).to.deep.equal([2, 2, 1, 1]);
    for (const session of sessions) expect(session.messages.some((m) => m.type === 'clock')).to.equal(false);
    // the pod's clock now (boot 2) reads 60 s at the host's 1,800,000,100,000 ms
    const at = (index: number, deviceTimeMs: number): number | undefined => logSessionHostMs(sessions, index, deviceTimeMs, 60000, 1800000100000);
    expect(at(0, 10000), 'before the clock, same boot').to.equal(1700000010500);
    expect(at(1, 50000)).to.equal(1700000050500);
    expect(at(2, 5000), 'a boot without a clock, not the one running').to.equal(undefined);
    expect(at(3, 9000)).to.equal(1800000007000);
  });
});
