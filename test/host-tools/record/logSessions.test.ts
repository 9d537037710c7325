// Cutting a pod's log into its sessions: a new one at each recordingInfo (firmware 0.19 on), or
// where its clock goes back (a restart) or its recording started again (its window count starts
// again, or its windows start later than the recording before could account for), each
// summaryForm with its summary; a clock entry dates the sessions of its boot.
import { expect } from 'chai';
import { Message } from '../../../firmware/protocol/codec';
import { summaryRecordCreate } from '../../../firmware/core/summaryRecord';
import { flashLogAppend, flashLogAppendMessage, flashLogBytes, flashLogOpen } from '../../../firmware/device/flashLog';
import { LOG_WINDOW_MESSAGE_BYTES } from '../../../firmware/protocol/logFormat';
import { CLOCK_MESSAGE_LENGTH, clockEncode, summaryEncode, summaryFormEncode } from '../../../firmware/protocol/podEncoders';
import { logEntriesDecode, logSessionClockMs, logSessionHostMs, logSessionRateHz, logSessions, summaryMessageKey } from '../../../host-tools/protocol/logEntries';
import { SimStorage } from '../../../host-tools/sim/simStorage';
import { podLog } from '../protocol/podLogFixture';

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

  it('a recording started again whose first windows were idle (not logged) is a new session, though its first logged window count is past the last one before', () => {
    // as the simulated pod logs it: a 25 s run stopped at 32 s, started again at 40 s, then 100 s
    // standing before the second run, so that recording's windows 1 to 9 hold no step
    const window = (index: number, deviceTimeMs: number, endMs: number): Message[] =>
      entry(index, deviceTimeMs).map((m) => ({ ...m, startMs: endMs - 10000, endMs }) as unknown as Message);
    const sessions = logSessions([
      ...window(1, 9990, 10000), ...window(2, 19990, 20000), ...window(3, 29990, 30000),
      ...window(10, 140048, 100000), ...window(11, 150048, 110000), ...window(12, 160048, 120000),
    ]);
    expect(sessions.map((s) => s.messages.filter((m) => m.type === 'summary').map((m) => (m as unknown as { index: number }).index)))
      .to.deep.equal([[1, 2, 3], [10, 11, 12]]);
    expect(sessions.map((s) => s.boot)).to.deep.equal([0, 0]);
  });

  it('a restart right where the window count would go on is still a new session (the clock went back)', () => {
    const sessions = logSessions([...entry(1, 10000), ...entry(2, 20000), ...entry(3, 9000)]);
    expect(sessions.map((s) => s.boot)).to.deep.equal([0, 1]);
  });

  it('a restart after which the pod ran longer than before (pod time, window count and seq all past the earlier boot\'s) still begins a boot: the pod starts each boot with a key entry, and its clock dates that boot', () => {
    const storage = new SimStorage();
    const rec = summaryRecordCreate();
    const windowOf = (seq: number, index: number, deviceTimeMs: number): Uint8Array => {
      rec.index = index;
      // sent as its window ends, in a recording started with the boot
      rec.endMs = deviceTimeMs;
      rec.startMs = deviceTimeMs - 10000;
      rec.steps = 28;
      rec.cadenceSpm = 170 + (index % 5);
      const window = new Uint8Array(LOG_WINDOW_MESSAGE_BYTES);
      summaryFormEncode(window, summaryEncode(window, 0, seq, deviceTimeMs, rec), seq, deviceTimeMs, rec);
      return window;
    };
    const clock = new Uint8Array(CLOCK_MESSAGE_LENGTH);
    const epoch0S = 1790000000;
    const epoch1S = 1790500000;
    // boot 0: the host's clock, then four windows of a run
    let log = flashLogOpen(storage, 16384);
    flashLogAppendMessage(log, clock, clockEncode(clock, 0, 0, 5000, epoch0S, 0));
    for (let i = 1; i <= 4; i++) expect(flashLogAppend(log, windowOf(i - 1, i, 5000 + 10000 * i))).to.equal(true);
    // boot 1: sampling since it started 20 h ago, the run's windows are far past boot 0's in every count
    log = flashLogOpen(storage, 16384);
    flashLogAppendMessage(log, clock, clockEncode(clock, 0, 0, 71990000, epoch1S, 0));
    for (let k = 0; k < 3; k++) expect(flashLogAppend(log, windowOf(7199 + k, 7200 + k, 72000000 + 10000 * k))).to.equal(true);
    const bytes = flashLogBytes(log);
    expect(bytes.length, 'all of it in the first block').to.be.below(256);
    const sessions = logSessions(logEntriesDecode(bytes).messages);
    expect(sessions.map((session) => [session.boot, session.messages.filter((m) => m.type === 'summary').length])).to.deep.equal([[0, 4], [1, 3]]);
    expect(logSessionClockMs(sessions[0], 15000)).to.equal(epoch0S * 1000 + 10000);
    expect(logSessionClockMs(sessions[1], 72000000)).to.equal(epoch1S * 1000 + 10000);
    // one boot's long log, many blocks: each block's first entry is a key entry, and no restart
    expect(logSessions(logEntriesDecode(podLog(300)).messages).map((session) => session.boot)).to.deep.equal([0]);
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

  it('a recordingInfo starts a session with its rate, also where the window count and times would go on; it is no summary, and a restart moves back over it to the clock before', () => {
    const info = (deviceTimeMs: number, rateHz: number): Message => ({ type: 'recordingInfo', version: 2, seq: 0, deviceTimeMs, rateHz } as unknown as Message);
    const restarted = (messages: Message[]): Message[] => [{ ...messages[0], podRestarted: true } as unknown as Message, ...messages.slice(1)];
    const sessions = logSessions([
      info(10000, 52), ...entry(1, 10000), ...entry(2, 20000),
      // started again at once: window 3 on (a window count and times the heuristics take for the same recording)
      info(30000, 104), ...entry(3, 30000), ...entry(4, 40000),
      // a log from an older firmware part-way: no recordingInfo
      ...entry(1, 100000),
      // a restart whose boot ran longer: the clock and recordingInfo before its key entry belong to the new boot
      clock(200000, 1800000000000), info(200000, 208), ...restarted(entry(1, 200000)),
    ]);
    expect(sessions.map((s) => s.messages.filter((m) => m.type === 'summary').map((m) => m.deviceTimeMs))).to.deep.equal([
      [10000, 20000], [30000, 40000], [100000], [200000],
    ]);
    expect(sessions.map((s) => s.rateHz)).to.deep.equal([52, 104, undefined, 208]);
    expect(sessions.map((s) => s.boot)).to.deep.equal([0, 0, 0, 1]);
    expect(sessions[3].clock).to.deep.equal({ deviceTimeMs: 200000, epochMs: 1800000000000 });
    for (const session of sessions) expect(session.messages.some((m) => m.type === 'recordingInfo')).to.equal(false);
    expect(logSessionRateHz(sessions[0], { rateHz: 208 }, 104), 'its own rate, not the one set now').to.equal(52);
    expect(logSessionRateHz(sessions[2], { rateHz: 208 }, 104), 'none logged: the one set now').to.equal(208);
    expect(logSessionRateHz(sessions[2], { rateHz: 0 }, 104), 'nor said: the board\'s default').to.equal(104);
  });

  it('names a window by all its fields: its live and log copies alike, and the first windows of two boots apart although seq and pod time are nearly the same', () => {
    const first = { type: 'summary', version: 2, seq: 0, deviceTimeMs: 10000, index: 1, startMs: 0, endMs: 10000, cadenceSpm: 172 } as unknown as Message;
    const fromLog = { ...first, fromLog: true, boot: 1, podRestarted: true } as unknown as Message;
    expect(summaryMessageKey(fromLog)).to.equal(summaryMessageKey(first));
    // the next boot's first window, at the same pod time to the millisecond
    const nextBoot = { ...first, cadenceSpm: 168 } as unknown as Message;
    expect(summaryMessageKey(nextBoot)).to.not.equal(summaryMessageKey(first));
  });
});
