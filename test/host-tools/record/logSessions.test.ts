// Cutting a pod's log into its sessions: a new one where its clock goes back (a restart) or its
// window count starts again (recording stopped and started), each summaryForm with its summary.
import { expect } from 'chai';
import { Message } from '../../../firmware/protocol/codec';
import { logSessions } from '../../../host-tools/protocol/logEntries';

function entry(index: number, deviceTimeMs: number): Message[] {
  const header = { version: 2, seq: index, deviceTimeMs };
  return [{ type: 'summary', ...header, index } as unknown as Message, { type: 'summaryForm', ...header, index } as unknown as Message];
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
});
