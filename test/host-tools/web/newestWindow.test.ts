// The dashboard's window card after the link was down: windows read back from the pod's log that
// are newer than the card's go on it (with their second half), older ones the link dropped do not.
import { expect } from 'chai';
import { summaryRecordCreate } from '../../../firmware/core/summaryRecord';
import { encodeMessage, MessageInput } from '../../../firmware/protocol/codec';
import { LOG_WINDOW_MESSAGE_BYTES } from '../../../firmware/protocol/logFormat';
import { COMMAND_GET_STATUS, COMMAND_READ_LOG, LOG_CHUNK_MAX_BYTES_BLE, MAX_MESSAGE_LENGTH, REPLY_OK, STATUS_RECORDING } from '../../../firmware/protocol/messageIds';
import { statusEncode, SUMMARY_MESSAGE_LENGTH, summaryEncode, summaryFormEncode } from '../../../firmware/protocol/podEncoders';
import { statusRecordCreate } from '../../../firmware/protocol/statusRecord';
import { LiveSession } from '../../../host-tools/web/liveSession';
import { logChunks, podLogOf } from '../protocol/podLogFixture';

function bytesOf(msg: MessageInput): Uint8Array {
  const buf = new Uint8Array(MAX_MESSAGE_LENGTH);
  const n = encodeMessage(msg, buf, 0);
  if (n < 0) throw new Error(`encode ${msg.type}: ${n}`);
  return buf.slice(0, n);
}

/** window `index` of a recording begun at pod time `startMs`, sent and logged as the pod does; drop left = 400 + index cdeg */
function win(seq: number, index: number, startMs: number, steps = 28): Uint8Array {
  const rec = summaryRecordCreate();
  rec.index = index;
  rec.startMs = index * 10000;
  rec.endMs = rec.startMs + 10000;
  rec.steps = rec.runningSteps = steps;
  rec.cadenceSpm = steps > 0 ? 170 + index : 0;
  rec.dropLeftCdeg = steps > 0 ? 400 + index : 0;
  const w = new Uint8Array(LOG_WINDOW_MESSAGE_BYTES);
  const t = startMs + rec.endMs + 40;
  const at = summaryEncode(w, 0, seq, t, rec);
  summaryFormEncode(w, at, seq, t, rec);
  return w;
}

const summaryOf = (w: Uint8Array) => w.slice(0, SUMMARY_MESSAGE_LENGTH);
const formOf = (w: Uint8Array) => w.slice(SUMMARY_MESSAGE_LENGTH);
const bootReply = (seq: number, deviceTimeMs: number, detail: number) =>
  bytesOf({ type: 'reply', seq, deviceTimeMs, commandSeq: seq, commandId: COMMAND_GET_STATUS, status: REPLY_OK, detail });

/** a session of boot 0x1000 whose log began empty, that got `live` windows live, then lost the link and got it back */
function sessionThatLostTheLink(live: Uint8Array[]): LiveSession {
  const s = new LiveSession(() => undefined);
  s.receive('reply', bootReply(0, 100, 0x1000), 1);
  const st = statusRecordCreate();
  st.flags = STATUS_RECORDING;
  const sb = new Uint8Array(MAX_MESSAGE_LENGTH);
  s.receive('reply', sb.slice(0, statusEncode(sb, 0, 1, 200, st)), 2);
  live.forEach((w, i) => {
    s.receive('summary', summaryOf(w), 10 + i);
    s.receive('summary', formOf(w), 10 + i);
  });
  s.link('reconnecting', 'link lost', 100);
  s.link('connected', 'pod', 101);
  return s;
}

function readBack(s: LiveSession, logBytes: Uint8Array): void {
  s.catchUpFromLog(102);
  s.receive('reply', bytesOf({ type: 'reply', seq: 9, deviceTimeMs: 500000, commandSeq: 9, commandId: COMMAND_READ_LOG, status: REPLY_OK, detail: logBytes.length }), 103);
  for (const c of logChunks(logBytes, 0, LOG_CHUNK_MAX_BYTES_BLE)) s.receive('reply', bytesOf({ ...c, deviceTimeMs: 500000 } as unknown as MessageInput), 104);
}

describe('dashboard window card after the link was down', () => {
  it('shows the last window read back (a pod stopped while away sends nothing live), its drop from that window\'s second half', () => {
    const windows = Array.from({ length: 10 }, (_, i) => win(i, i, 0));
    const s = sessionThatLostTheLink(windows.slice(0, 4));
    expect(s.summary!.index).to.equal(3);
    readBack(s, podLogOf([windows]).bytes);
    expect(s.recoveredFromLog, 'windows 4 to 9 read back').to.equal(6);
    expect(s.summary!.index, 'the card').to.equal(9);
    expect(s.summaryForm!.index).to.equal(9);
    expect(s.summaryForm!.dropLeftCdeg).to.equal(409);
  });

  it('keeps the live window where the read back gives only one the link dropped before it', () => {
    const windows = Array.from({ length: 5 }, (_, i) => win(i, i, 0));
    // window 2 was lost live; 3 and 4 came
    const s = sessionThatLostTheLink([windows[0], windows[1], windows[3], windows[4]]);
    readBack(s, podLogOf([windows]).bytes);
    expect(s.recoveredFromLog).to.equal(1);
    expect(s.summary!.index).to.equal(4);
    expect(s.summaryForm!.dropLeftCdeg).to.equal(404);
  });

  it('keeps a newer live window the pod did not log (no step in it) over an older one the link dropped', () => {
    // windows 0-2 running, 3 lost live, 4 standing (no step: sent, never logged)
    const running = [0, 1, 2, 3].map((i) => win(i, i, 0));
    const standing = win(4, 4, 0, 0);
    const s = sessionThatLostTheLink([running[0], running[1], running[2], standing]);
    readBack(s, podLogOf([running]).bytes);
    expect(s.recoveredFromLog).to.equal(1);
    expect(s.summary!.index, 'the standing window, the newest').to.equal(4);
  });

  it('shows a new boot\'s last window read back after the pod restarted while away, though its clock is behind the card\'s', () => {
    const before = Array.from({ length: 6 }, (_, i) => win(i, i, 0));
    // the pod restarted at pod time 70 s of the old boot; the new boot's windows end at 10-30 s of its clock
    const after = [0, 1, 2].map((i) => win(i, i, 123));
    const s = sessionThatLostTheLink(before.slice(0, 6));
    // the pod says its new boot on the reconnect before the read back comes
    s.receive('reply', bootReply(0, 31000, 0x2000), 102);
    expect(s.restarts).to.equal(1);
    readBack(s, podLogOf([before, after]).bytes);
    expect(s.recoveredFromLog).to.equal(3);
    expect(s.summary!.index).to.equal(2);
    expect(s.summary!.deviceTimeMs).to.equal(123 + 30040);
    expect(s.summaryForm!.dropLeftCdeg).to.equal(402);
  });
});
