// The dashboard's session when the pod restarted while the link was down: told by its new boot id
// (the reply to getStatus) or its clock going back, the restart goes before the new boot's first
// live message, and only the seq gaps counted against the old boot's seqs are taken back.
import { expect } from 'chai';
import { SIDE_LEFT, SIDE_RIGHT } from '../../../firmware/core/stepRecord';
import { summaryRecordCreate } from '../../../firmware/core/summaryRecord';
import { encodeMessage, MessageInput } from '../../../firmware/protocol/codec';
import { LOG_WINDOW_MESSAGE_BYTES } from '../../../firmware/protocol/logFormat';
import { COMMAND_GET_STATUS, COMMAND_READ_LOG, LOG_CHUNK_MAX_BYTES_BLE, MAX_MESSAGE_LENGTH, REPLY_OK, STATUS_RECORDING } from '../../../firmware/protocol/messageIds';
import { statusEncode, summaryEncode, summaryFormEncode } from '../../../firmware/protocol/podEncoders';
import { statusRecordCreate } from '../../../firmware/protocol/statusRecord';
import { LiveSession } from '../../../host-tools/web/liveSession';
import { logChunks, podLogOf } from '../protocol/podLogFixture';

function bytesOf(msg: MessageInput): Uint8Array {
  const buf = new Uint8Array(MAX_MESSAGE_LENGTH);
  const n = encodeMessage(msg, buf, 0);
  if (n < 0) throw new Error(`encode ${msg.type}: ${n}`);
  return buf.slice(0, n);
}

function step(seq: number, deviceTimeMs: number, side = SIDE_LEFT): Uint8Array {
  return bytesOf({ type: 'step', seq, deviceTimeMs, index: seq, tMs: deviceTimeMs, side, kind: 1, stepMs: 350, cadenceSpm: 171, contactMs: 250, dropCdeg: 500 });
}

const bootReply = (seq: number, deviceTimeMs: number, detail: number) =>
  bytesOf({ type: 'reply', seq, deviceTimeMs, commandSeq: seq, commandId: COMMAND_GET_STATUS, status: REPLY_OK, detail });
const readLogReply = (seq: number, deviceTimeMs: number, detail: number) =>
  bytesOf({ type: 'reply', seq, deviceTimeMs, commandSeq: seq, commandId: COMMAND_READ_LOG, status: REPLY_OK, detail });

/** a status of the pod while recording, its log `storageUsedBytes` long */
function recordingStatus(seq: number, deviceTimeMs: number, storageUsedBytes: number): Uint8Array {
  const st = statusRecordCreate();
  st.flags = STATUS_RECORDING;
  st.storageUsedBytes = storageUsedBytes;
  const sb = new Uint8Array(MAX_MESSAGE_LENGTH);
  return sb.slice(0, statusEncode(sb, 0, seq, deviceTimeMs, st));
}

const kinds = (s: LiveSession) => s.lines.map((l) => (l.type === 'link' ? `link ${l.state}` : l.type === 'step' ? `step ${l.seq}` : l.type === 'sequenceGap' ? `gap ${l.messageType} ${l.missing}` : l.type));

/** a session that saw boot A (id 0x1000) and its step 100, then lost the link and got it back */
function backAfterADrop(): LiveSession {
  const s = new LiveSession();
  s.receive('reply', bootReply(0, 500, 0x1000), 1);
  s.receive('step', step(100, 10000), 2);
  s.link('reconnecting', 'link lost', 3);
  s.link('connected', 'pod', 4);
  return s;
}

describe('dashboard session: a restart while the link was down', () => {
  it('a reconnect whose reply to getStatus never came (the link dropped again): the restart goes into the last connection, and the old boot\'s real loss stays', () => {
    const s = backAfterADrop();
    // boot A still: 49 steps really lost while away
    s.receive('step', step(150, 30000), 5);
    expect(s.missing).to.deep.equal({ step: 49 });
    // the link drops again before the reply to getStatus came; the pod restarts while away
    s.link('reconnecting', 'link lost', 6);
    s.link('connected', 'pod', 7);
    s.receive('step', step(400, 90000), 8);
    s.receive('reply', bootReply(1, 90100, 0x2000), 9);
    // the restart belongs between step 150 (boot A) and step 400 (boot B); A's 49 lost steps stay lost
    expect(s.missing.step ?? 0, 'A\'s real loss of 49').to.equal(49);
  });

  it('a restart the clock shows after the link came back (a readLog reply before the boot id): the new boot\'s steps before it are no loss, and the boot id then adds no restart', () => {
    const s = new LiveSession();
    s.receive('reply', bootReply(0, 500, 0x1000), 1);
    s.receive('step', step(50, 20000), 2); // runner stopped at 20 s
    s.receive('reply', bootReply(1, 60000, 0x1000), 3); // getStatus after A's last window
    s.link('reconnecting', 'link lost', 4);
    s.link('connected', 'pod', 5);
    // boot B ran 40 s, 60 steps: its step is ahead of A's in clock and seq
    s.receive('step', step(60, 40000), 6);
    // the catch-up's readLog goes before getStatus: its reply's clock is behind A's last reply
    s.receive('reply', readLogReply(0, 40050, 1000), 7);
    s.receive('reply', bootReply(1, 40100, 0x2000), 8);
    expect(s.missingTotal, 'B\'s steps counted against A\'s seqs are no loss').to.equal(0);
    expect(kinds(s)).to.deep.equal(['reply', 'step 50', 'reply', 'link reconnecting', 'link connected', 'restart', 'step 60', 'reply', 'reply']);
  });

  it('summaries read back from the log before the boot id came are not checked as live: one restart for one reboot', () => {
    const rec = summaryRecordCreate();
    const win = (seq: number, t: number) => {
      const w = new Uint8Array(LOG_WINDOW_MESSAGE_BYTES);
      rec.index = seq;
      // windows of 10 s, each sent just after it ended: A's recording began at pod time 0, B's at 123 ms
      rec.endMs = (seq + 1) * 10000;
      rec.startMs = rec.endMs - 10000;
      rec.steps = rec.runningSteps = 28;
      rec.cadenceSpm = 172;
      const at = summaryEncode(w, 0, seq, t, rec);
      summaryFormEncode(w, at, seq, t, rec);
      return w;
    };
    const a = [0, 1, 2, 3, 4, 5].map((i) => win(i, 10000 * (i + 1)));
    const b = [0, 1, 2].map((i) => win(i, 10123 + 10000 * i));
    const fixture = podLogOf([a, b]);
    const s = new LiveSession(() => undefined);
    s.receive('reply', bootReply(0, 500, 0x1000), 1);
    s.receive('reply', recordingStatus(0, 900, 0), 2);
    for (let i = 0; i < 4; i++) s.receive('summary', a[i].slice(0, 50), 10 + i);
    s.link('reconnecting', 'link lost', 20);
    s.link('connected', 'pod', 21);
    s.catchUpFromLog(21);
    s.receive('reply', readLogReply(0, 30400, fixture.bytes.length), 22);
    for (const c of logChunks(fixture.bytes, 0, LOG_CHUNK_MAX_BYTES_BLE)) s.receive('reply', bytesOf({ ...c, deviceTimeMs: 30500 } as unknown as MessageInput), 23);
    // the reconnect's reply to getStatus was lost: the next comes after B's next window
    s.receive('reply', bootReply(1, 40200, 0x2000), 30);
    const restarts = s.lines.filter((l) => l.type === 'restart');
    expect(restarts, 'one reboot, one restart line').to.have.length(1);
    expect(s.restarts, 'and one restart counted, for the page to tell of').to.equal(1);
  });

  it('after the restart the new boot\'s seqs are checked: a step lost right after it is counted', () => {
    const s = backAfterADrop();
    s.receive('step', step(400, 90000, SIDE_RIGHT), 5);
    s.receive('reply', bootReply(1, 90100, 0x2000), 6);
    s.receive('step', step(403, 91000), 7);
    expect(s.missing).to.deep.equal({ step: 2 });
  });

  it('another pod chosen in the same page: no restart, no loss against the old pod\'s seqs, and the old pod\'s log offset is not read on it', () => {
    const readLogs: number[] = [];
    const s = new LiveSession((fromOffset) => readLogs.push(fromOffset));
    s.receive('reply', bootReply(0, 500, 0x1000), 1);
    s.receive('reply', recordingStatus(0, 900, 5000), 2);
    s.receive('step', step(100, 60000), 3);
    s.link('disconnected', 'closed', 4);
    // pod B, another boot id, behind A in seq and ahead in clock
    s.otherPod('LumbarPod b2c4', 5);
    s.link('connected', 'pod', 6);
    s.catchUpFromLog(6);
    expect(readLogs, 'A\'s log offset is not read on B').to.deep.equal([]);
    s.receive('step', step(3, 90000), 7);
    s.receive('reply', bootReply(1, 90100, 0x2000), 8);
    s.receive('step', step(4, 90400), 9);
    expect(s.missingTotal).to.equal(0);
    expect(kinds(s)).to.deep.equal(['reply', 'status', 'step 100', 'link disconnected', 'pod', 'link connected', 'step 3', 'reply', 'step 4']);
    // B's own log offset, from its first status while recording, is where a catch-up reads
    s.receive('reply', recordingStatus(1, 90500, 40), 10);
    s.catchUpFromLog(11);
    expect(readLogs).to.have.length(1);
    // and a later restart of B is B's own
    s.receive('step', step(5, 1000), 12);
    expect(s.lines.filter((l) => l.type === 'restart')).to.have.length(1);
    expect(s.restarts).to.equal(1);
  });

  it('another pod chosen in the same page: the Pod line\'s counts (notifications missed, summaries read back, undecodable) start from 0, and the record keeps the old pod\'s', () => {
    const rec = summaryRecordCreate();
    rec.steps = rec.runningSteps = 28;
    const windows = [0, 1, 2].map((i) => {
      rec.index = i;
      rec.startMs = 10000 * i;
      rec.endMs = rec.startMs + 10000;
      const w = new Uint8Array(LOG_WINDOW_MESSAGE_BYTES);
      summaryFormEncode(w, summaryEncode(w, 0, i, rec.endMs + 40, rec), i, rec.endMs + 40, rec);
      return w;
    });
    const fixture = podLogOf([windows]);
    const s = new LiveSession(() => undefined);
    s.receive('reply', bootReply(0, 500, 0x1000), 1);
    s.receive('reply', recordingStatus(0, 900, 0), 2);
    // pod A: steps 101 and 102 lost, an RSC notification too short, window 1 lost and read back
    s.receive('step', step(100, 9000), 3);
    s.receive('step', step(103, 10050), 4);
    s.receive('rsc', Uint8Array.of(4), 5);
    s.receive('summary', windows[0].slice(0, 50), 6);
    s.receive('summary', windows[2].slice(0, 50), 7);
    s.receive('reply', readLogReply(1, 30400, fixture.bytes.length), 8);
    for (const c of logChunks(fixture.bytes, 0, LOG_CHUNK_MAX_BYTES_BLE)) s.receive('reply', bytesOf({ ...c, deviceTimeMs: 30500 } as unknown as MessageInput), 9);
    // window 1 is in the recording after all: only the two steps are missed
    expect([s.missingTotal, s.recoveredFromLog, s.undecoded], 'pod A: missed, read back, undecodable').to.deep.equal([2, 1, 1]);
    s.link('disconnected', 'closed', 10);
    s.otherPod('LumbarPod b2c4', 11);
    s.link('connected', 'pod', 12);
    expect([s.missingTotal, s.recoveredFromLog, s.undecoded], 'pod B before it sent anything').to.deep.equal([0, 0, 0]);
    s.receive('step', step(7, 3000), 13);
    s.receive('step', step(9, 3700), 14);
    expect(s.missing, 'B\'s own loss, alone').to.deep.equal({ step: 1 });
    expect(s.lines.filter((l) => l.type === 'sequenceGap').length, 'the record keeps A\'s gaps and B\'s').to.equal(3);
  });
});

describe('dashboard session: summaries read back from the pod\'s log are not missed', () => {
  /** windows of 10 s of one boot, each sent (and logged) just after it ended: summary and summaryForm of window `i` have seq `i` */
  const windowsOf = (n: number): { logged: Uint8Array; summary: Uint8Array; form: Uint8Array }[] => {
    const rec = summaryRecordCreate();
    rec.steps = rec.runningSteps = 28;
    rec.cadenceSpm = 172;
    return Array.from({ length: n }, (_, i) => {
      rec.index = i + 1;
      rec.startMs = 10000 * i;
      rec.endMs = rec.startMs + 10000;
      const w = new Uint8Array(LOG_WINDOW_MESSAGE_BYTES);
      const at = summaryEncode(w, 0, i, rec.endMs + 40, rec);
      summaryFormEncode(w, at, i, rec.endMs + 40, rec);
      return { logged: w, summary: w.slice(0, at), form: w.slice(at) };
    });
  };
  /** the summary and the summaryForm of a window, as the summary characteristic notifies them */
  const live = (s: LiveSession, w: { summary: Uint8Array; form: Uint8Array }, hostTimeMs: number): void => {
    s.receive('summary', w.summary, hostTimeMs);
    s.receive('summary', w.form, hostTimeMs);
  };
  /** the pod's answer to the session's readLog (its reply numbered `replySeq`, at pod time `deviceTimeMs`) and the chunks of `log` */
  const readBack = (s: LiveSession, log: Uint8Array, replySeq: number, deviceTimeMs: number, hostTimeMs: number): void => {
    s.receive('reply', readLogReply(replySeq, deviceTimeMs, log.length), hostTimeMs);
    for (const c of logChunks(log, 0, LOG_CHUNK_MAX_BYTES_BLE)) s.receive('reply', bytesOf({ ...c, deviceTimeMs } as unknown as MessageInput), hostTimeMs);
  };
  /** a session of a recording pod that got windows 0 and 1 live, then lost its link, back at host ms 45 */
  const linkLostAfterTwoWindows = (windows: ReturnType<typeof windowsOf>): LiveSession => {
    const s = new LiveSession(() => undefined);
    s.receive('reply', bootReply(0, 500, 0x1000), 1);
    s.receive('reply', recordingStatus(1, 900, 0), 2);
    live(s, windows[0], 10);
    live(s, windows[1], 20);
    s.link('reconnecting', 'link lost', 25);
    s.link('connected', 'pod', 45);
    return s;
  };
  const gapLines = (s: LiveSession) => JSON.parse(JSON.stringify(s.lines.filter((l) => l.type === 'sequenceGap')))
    .map(({ messageType, missing, recovered }: { messageType: string; missing: number; recovered?: number }) => ({ messageType, missing, recovered }));

  for (const readFirst of [true, false]) {
    it(`a link lost mid-run: the windows made meanwhile, read back from the log ${readFirst ? 'before' : 'after'} the next live one, count no notification missed, and the download's gaps say them recovered`, () => {
      const windows = windowsOf(6);
      const fixture = podLogOf([windows.map((w) => w.logged)]);
      // windows 2 and 3 made while nobody listened
      const s = linkLostAfterTwoWindows(windows);
      s.receive('reply', bootReply(1, 45000, 0x1000), 46);
      s.catchUpFromLog(46);
      if (readFirst) readBack(s, fixture.bytes.slice(0, fixture.entryOffsets[4]), 2, 45100, 47);
      live(s, windows[4], 50);
      if (!readFirst) readBack(s, fixture.bytes.slice(0, fixture.entryOffsets[5]), 2, 50100, 51);
      live(s, windows[5], 60);
      expect(s.missing, 'nothing missed').to.deep.equal({});
      expect(s.missingTotal).to.equal(0);
      expect(s.recoveredFromLog, 'windows 2 and 3 read back').to.equal(2);
      expect(gapLines(s)).to.deep.equal([
        { messageType: 'summary', missing: 2, recovered: 2 },
        { messageType: 'summaryForm', missing: 2, recovered: 2 },
      ]);
    });
  }

  it('a window the log does not give back (a gap in the read) stays missed, the one it gives does not', () => {
    const windows = windowsOf(5);
    const fixture = podLogOf([windows.filter((_, i) => i !== 2).map((w) => w.logged)]);
    const s = linkLostAfterTwoWindows(windows);
    s.catchUpFromLog(46);
    readBack(s, fixture.bytes.slice(0, fixture.entryOffsets[3]), 1, 45100, 47);
    live(s, windows[4], 50);
    expect(s.missing).to.deep.equal({ summary: 1, summaryForm: 1 });
    expect(gapLines(s)).to.deep.equal([
      { messageType: 'summary', missing: 2, recovered: 1 },
      { messageType: 'summaryForm', missing: 2, recovered: 1 },
    ]);
  });

  it('a restart found after the link came back leaves what was read back before the link went down read back', () => {
    const windows = windowsOf(4);
    const fixture = podLogOf([windows.map((w) => w.logged)]);
    const s = new LiveSession(() => undefined);
    s.receive('reply', bootReply(0, 500, 0x1000), 1);
    s.receive('reply', recordingStatus(1, 900, 0), 2);
    live(s, windows[0], 10);
    // window 1 dropped on the link, read back at once
    live(s, windows[2], 30);
    readBack(s, fixture.bytes.slice(0, fixture.entryOffsets[3]), 1, 30100, 31);
    expect(s.missingTotal).to.equal(0);
    s.link('reconnecting', 'link lost', 35);
    s.link('connected', 'pod', 90);
    // the pod restarted meanwhile and ran past boot A's clock and seqs: shown by its boot id only
    s.receive('step', step(400, 90000), 91);
    s.receive('reply', bootReply(2, 90100, 0x2000), 92);
    expect(s.restarts).to.equal(1);
    expect(s.missingTotal).to.equal(0);
    expect(gapLines(s)).to.deep.equal([
      { messageType: 'summary', missing: 1, recovered: 1 },
      { messageType: 'summaryForm', missing: 1, recovered: 1 },
    ]);
  });
});

describe('dashboard session: a new recording of the pod within its boot (its button)', () => {
  /** a step of the recording numbered `index`, seq and pod time running on through the boot */
  const stepOf = (seq: number, deviceTimeMs: number, index: number) =>
    bytesOf({ type: 'step', seq, deviceTimeMs, index, tMs: deviceTimeMs, side: SIDE_LEFT, kind: 1, stepMs: 350, cadenceSpm: 171, contactMs: 250, dropCdeg: 500 });
  const summaryOf = (seq: number, deviceTimeMs: number, index: number, endMs: number) => {
    const rec = summaryRecordCreate();
    rec.index = index;
    rec.endMs = endMs;
    rec.startMs = endMs - 10000;
    const buf = new Uint8Array(MAX_MESSAGE_LENGTH);
    return buf.slice(0, summaryEncode(buf, 0, seq, deviceTimeMs, rec));
  };

  it('marks it with one restart line (recordingRestarted) where the step numbers start at 1 again, and counts no lost message', () => {
    const s = new LiveSession();
    for (let i = 1; i <= 30; i++) s.receive('step', stepOf(i, 1000 + i * 350, i), i);
    s.receive('summary', summaryOf(0, 11200, 1, 10000), 40);
    // the button stops it and starts it again: seqs and clock run on, the steps count from 1
    for (let i = 1; i <= 20; i++) s.receive('step', stepOf(30 + i, 14000 + i * 350, i), 50 + i);
    // its first window's summary would say so too: no second mark
    s.receive('summary', summaryOf(1, 24200, 1, 10000), 80);
    const restarts = s.lines.filter((l) => l.type === 'restart');
    expect(restarts).to.have.length(1);
    expect(restarts[0]).to.include({ messageType: 'step', recordingRestarted: true, lastDeviceTimeMs: 1000 + 30 * 350, deviceTimeMs: 14350 });
    expect([s.newRecordings, s.restarts]).to.deep.equal([1, 0]);
    expect(s.missing).to.deep.equal({});
  });

  it('marks it from the window summary where no step came first (standing still), and not again for a repeated step', () => {
    const s = new LiveSession();
    s.receive('summary', summaryOf(0, 10300, 1, 10000), 1);
    s.receive('summary', summaryOf(1, 20300, 2, 20000), 2);
    s.receive('step', stepOf(0, 20500, 1), 3);
    s.receive('step', stepOf(0, 20500, 1), 4);
    // a recording started at pod time 25 s: its first window ends at 35 s on the pod's clock
    s.receive('summary', summaryOf(2, 35300, 1, 10000), 5);
    const restarts = s.lines.filter((l) => l.type === 'restart');
    expect(restarts.map((l) => `${l.messageType} ${l.recordingRestarted}`)).to.deep.equal(['summary true']);
    expect(s.newRecordings).to.equal(1);
  });

  it('takes a pod restart (its clock going back) for a new boot, not also a new recording', () => {
    const s = new LiveSession();
    for (let i = 1; i <= 10; i++) s.receive('step', stepOf(i, 60000 + i * 350, i), i);
    s.receive('step', stepOf(0, 1500, 1), 20);
    s.receive('step', stepOf(1, 1850, 2), 21);
    expect(s.lines.filter((l) => l.type === 'restart').map((l) => l.recordingRestarted ?? false)).to.deep.equal([false]);
    expect([s.newRecordings, s.restarts]).to.deep.equal([0, 1]);
  });
});

