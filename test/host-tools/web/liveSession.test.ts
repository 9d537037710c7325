// The dashboard's session model, RSC decoding, quality words and UUID forms, without a browser.
import { expect } from 'chai';
import { QUALITY_CADENCE, QUALITY_CONTACT, QUALITY_DROP, QUALITY_VO, QUALITY_WALKING_CADENCE } from '../../../firmware/core/summaryRecord';
import { SIDE_LEFT, SIDE_RIGHT, STEP_AFTER_GAP, STEP_LEAN_PROVISIONAL, STEP_SATURATED, STEP_SIDE_GUESSED, STEP_UNCALIBRATED, STEP_WARMUP } from '../../../firmware/core/stepRecord';
import { LUMBARPOD_SERVICE_UUID } from '../../../firmware/protocol/bleUuids';
import { encodeMessage, MessageInput } from '../../../firmware/protocol/codec';
import { COMMAND_GET_STATUS, REPLY_OK } from '../../../firmware/protocol/messageIds';
import { RSC_SERVICE_UUID, rscMeasurementEncode } from '../../../firmware/protocol/rscService';
import { LiveSession, sessionNdjson, STEP_CSV_COLUMNS, stepsCsv } from '../../../host-tools/web/liveSession';
import { stepLeanDoubtWords, stepQualityWords, summaryTrusts, summaryUntrustedWords, windowQualityText } from '../../../host-tools/web/qualityWords';
import { rscMeasurementDecode } from '../../../host-tools/web/rscMeasurement';
import { webBluetoothUuid } from '../../../host-tools/web/webUuids';

function bytesOf(msg: MessageInput): Uint8Array {
  const buf = new Uint8Array(128);
  const n = encodeMessage(msg, buf, 0);
  if (n < 0) throw new Error(`encode ${msg.type}: ${n}`);
  return buf.slice(0, n);
}

function step(seq: number, index: number, side: number, extra: { [k: string]: number } = {}): Uint8Array {
  return bytesOf({ type: 'step', seq, deviceTimeMs: 1000 + index * 350, index, tMs: index * 350, side, kind: 1, stepMs: 350, cadenceSpm: 171, contactMs: 250, dropCdeg: 500 + index, ...extra });
}

describe('web dashboard: session model', () => {
  describe('RSC Measurement decoding', () => {
    it('reads back what the pod encodes: running flag, speed in mm/s, cadence in steps/min', () => {
      const buf = new Uint8Array(4);
      rscMeasurementEncode(buf, 0, 3000, 172, true);
      expect(rscMeasurementDecode(buf)).to.deep.equal({ type: 'rscMeasurement', running: true, speedMms: 3000, cadenceSpm: 172 });
      rscMeasurementEncode(buf, 0, 0, 110, false);
      expect(rscMeasurementDecode(buf)).to.include({ running: false, speedMms: 0, cadenceSpm: 110 });
    });

    it('reads stride length and total distance when their flags say they are there, and refuses bytes shorter than the flags need', () => {
      expect(rscMeasurementDecode(Uint8Array.of(0x07, 0, 3, 180, 0x20, 0x01, 0x10, 0x27, 0, 0))).to.deep.equal({
        type: 'rscMeasurement', running: true, speedMms: 3000, cadenceSpm: 180, strideLengthCm: 288, totalDistanceDm: 10000,
      });
      expect(rscMeasurementDecode(Uint8Array.of(0x03, 0, 3, 180, 0x20, 0x01))).to.equal(undefined);
      expect(rscMeasurementDecode(Uint8Array.of(0x04, 0, 3))).to.equal(undefined);
    });
  });

  describe('quality in words', () => {
    it('names the problem bits set in a step', () => {
      expect(stepQualityWords(0)).to.deep.equal([]);
      expect(stepQualityWords(STEP_SIDE_GUESSED | STEP_WARMUP)).to.deep.equal(['side guessed', 'warming up']);
    });

    it('names the bits that make a step\'s lean doubtful, and only those', () => {
      expect(stepLeanDoubtWords(STEP_SIDE_GUESSED | STEP_WARMUP | STEP_SATURATED | STEP_AFTER_GAP)).to.deep.equal([]);
      expect(stepLeanDoubtWords(STEP_LEAN_PROVISIONAL | STEP_WARMUP)).to.deep.equal(['lean provisional (upright under test after a stop)']);
      expect(stepLeanDoubtWords(STEP_UNCALIBRATED)).to.deep.equal(['not calibrated (no standing start: lean against an estimated upright)']);
    });

    it('names the shown window metrics whose trust bit is clear', () => {
      const q = QUALITY_CADENCE | QUALITY_CONTACT | QUALITY_VO;
      expect(summaryUntrustedWords(q)).to.deep.equal(['pelvic drop', 'pelvic rotation', 'forward lean', 'L/R balance']);
      expect(summaryTrusts(q, 'vo')).to.equal(true);
      expect(summaryTrusts(q, 'drop')).to.equal(false);
      expect(summaryTrusts(QUALITY_DROP, 'drop')).to.equal(true);
    });

    it('says a window without running steps measured no running metric, rather than calling them all not trustworthy', () => {
      // the pod clears every running metric's trust bit in a window it measured none in
      expect(windowQualityText({ steps: 0, runningSteps: 0, quality: 0 })).to.deep.equal({ words: 'no steps in this window', trusted: true });
      expect(windowQualityText({ steps: 18, runningSteps: 0, quality: QUALITY_WALKING_CADENCE })).to.deep.equal({ words: 'walking only: the running metrics are not measured', trusted: true });
      expect(windowQualityText({ steps: 3, runningSteps: 0, quality: 0 })).to.deep.equal({ words: 'walking only: the running metrics are not measured; walking cadence not trustworthy', trusted: false });
      // a window with running steps names the running metrics it doubts
      expect(windowQualityText({ steps: 29, runningSteps: 29, quality: QUALITY_CADENCE | QUALITY_CONTACT | QUALITY_VO })).to.deep.equal({
        words: 'not trustworthy: pelvic drop, pelvic rotation, forward lean, L/R balance', trusted: false,
      });
    });
  });

  describe('UUIDs for Web Bluetooth', () => {
    it('turns the firmware\'s \'0xABCD\' strings into numbers and keeps 128-bit UUIDs as lower-case strings', () => {
      expect(webBluetoothUuid(RSC_SERVICE_UUID)).to.equal(0x1814);
      expect(webBluetoothUuid('0x180F')).to.equal(0x180f);
      expect(webBluetoothUuid(LUMBARPOD_SERVICE_UUID.toUpperCase())).to.equal(LUMBARPOD_SERVICE_UUID);
    });
  });

  describe('LiveSession', () => {
    it('keeps the last step, the last drop of each side and the last RSC cadence', () => {
      const s = new LiveSession();
      s.receive('step', step(0, 1, SIDE_LEFT), 1);
      s.receive('step', step(1, 2, SIDE_RIGHT), 2);
      s.receive('step', step(2, 3, SIDE_LEFT), 3);
      s.receive('rsc', Uint8Array.of(0x04, 0, 0, 171), 4);
      expect(s.lastStep && s.lastStep.index).to.equal(3);
      expect([s.lastLeftDropCdeg, s.lastRightDropCdeg]).to.deep.equal([503, 502]);
      expect(s.lastRsc && s.lastRsc.cadenceSpm).to.equal(171);
      expect(s.missingTotal).to.equal(0);
    });

    it('counts messages lost from the seq of each type, across the u16 wrap, and not at a pod restart', () => {
      const s = new LiveSession();
      s.receive('step', step(65534, 1, SIDE_LEFT), 1);
      s.receive('step', step(2, 2, SIDE_RIGHT), 2); // 65535, 0, 1 lost
      expect(s.missing).to.deep.equal({ step: 3 });
      s.receive('reply', bytesOf({ type: 'error', seq: 0, deviceTimeMs: 5, code: 5, detail: 0 }), 3);
      s.receive('step', step(0, 1, SIDE_LEFT), 4); // after the restart: seq from 0 again
      expect(s.missingTotal).to.equal(3);
      expect(s.lines.filter((l) => l.type === 'sequenceGap')).to.have.length(1);
    });

    it('counts the steps a pod made while the host was away for hours, where the seq moved on by more than half its space', () => {
      const s = new LiveSession();
      s.receive('step', step(10, 1, SIDE_LEFT), 1);
      s.receive('step', step(40011, 40001, SIDE_RIGHT), 2); // about 3.9 hours of pod time later
      expect(s.missing).to.deep.equal({ step: 40000 });
      s.receive('step', step(40011, 40001, SIDE_RIGHT), 3); // the same again: nothing lost
      expect(s.missingTotal).to.equal(40000);
    });

    it('a step taken for a repeat (its seq far ahead, its time too close for so many) does not move the seq check on: the next one in turn counts nothing lost, as in record', () => {
      const s = new LiveSession();
      s.receive('step', step(10, 10, SIDE_LEFT), 1);
      s.receive('step', step(40010, 11, SIDE_RIGHT), 2); // 40,000 steps in 350 ms cannot be
      s.receive('step', step(11, 11, SIDE_RIGHT), 3);
      expect(s.missingTotal).to.equal(0);
    });

    it('an error from the pod (samples lost) leaves the seq checks as they are; a restart is the pod\'s clock going back, a line of its own', () => {
      const s = new LiveSession();
      s.receive('step', step(100, 1, SIDE_LEFT), 1);
      s.receive('reply', bytesOf({ type: 'error', seq: 0, deviceTimeMs: 1400, code: 1, detail: 26 }), 2);
      s.receive('step', step(111, 12, SIDE_LEFT), 3); // 101-110 lost
      expect(s.missing).to.deep.equal({ step: 10 });
      // restarted: its clock from 0 again, its seqs too; a seq far ahead is no loss
      s.receive('step', step(3000, 0, SIDE_LEFT, { deviceTimeMs: 900 }), 4);
      s.receive('step', step(3001, 1, SIDE_RIGHT, { deviceTimeMs: 1250 }), 5);
      expect(s.missingTotal).to.equal(10);
      expect(s.lines.filter((l) => l.type === 'restart')).to.deep.equal([
        { hostTimeMs: 4, source: 'host', type: 'restart', messageType: 'step', lastDeviceTimeMs: 1000 + 12 * 350, deviceTimeMs: 900 },
      ]);
    });

    it('a pod back after the link was down with another boot id (its clock and seqs went on past the old boot\'s): the restart goes before the new boot\'s first message, and its seqs are no loss', () => {
      const bootReply = (seq: number, deviceTimeMs: number, detail: number) =>
        bytesOf({ type: 'reply', seq, deviceTimeMs, commandSeq: seq, commandId: COMMAND_GET_STATUS, status: REPLY_OK, detail });
      for (const bootId of [0x2000, 0x1000]) {
        const s = new LiveSession();
        s.receive('reply', bootReply(0, 500, 0x1000), 1);
        s.receive('step', step(100, 1, SIDE_LEFT), 2);
        s.link('reconnecting', 'link lost', 3);
        s.link('connected', 'pod', 4);
        // the new boot has run longer than the old: its steps come before the reply to getStatus
        s.receive('step', step(400, 300, SIDE_LEFT, { deviceTimeMs: 90000 }), 5);
        s.receive('step', step(401, 301, SIDE_RIGHT, { deviceTimeMs: 90350 }), 6);
        s.receive('reply', bootReply(1, 90400, bootId), 7);
        const kinds = s.lines.map((l) => (l.type === 'link' ? `link ${l.state}` : l.type === 'step' ? `step ${l.seq}` : l.type));
        if (bootId === 0x1000) {
          // the same boot: the steps missed while away are a loss
          expect(kinds).to.deep.equal(['reply', 'step 100', 'link reconnecting', 'link connected', 'sequenceGap', 'step 400', 'step 401', 'reply']);
          expect(s.missingTotal).to.equal(299);
        } else {
          expect(kinds).to.deep.equal(['reply', 'step 100', 'link reconnecting', 'link connected', 'restart', 'step 400', 'step 401', 'reply']);
          expect(s.lines[4]).to.deep.equal({ hostTimeMs: 5, source: 'host', type: 'restart', messageType: 'step', lastDeviceTimeMs: 1000 + 1 * 350, deviceTimeMs: 90000, bootId });
          expect(s.missingTotal).to.equal(0);
          // the new boot's seqs go on from there
          s.receive('step', step(403, 303, SIDE_RIGHT, { deviceTimeMs: 91000 }), 8);
          expect(s.missing).to.deep.equal({ step: 1 });
        }
      }
    });

    it('pairs a summaryForm only with the summary of the same window', () => {
      const s = new LiveSession();
      s.receive('summary', bytesOf({ type: 'summary', seq: 0, deviceTimeMs: 0, index: 1, cadenceSpm: 170 }), 1);
      s.receive('summary', bytesOf({ type: 'summaryForm', seq: 0, deviceTimeMs: 0, index: 1, gctBalanceLeftPct100: 5010 }), 2);
      expect(s.summaryForm && s.summaryForm.gctBalanceLeftPct100).to.equal(5010);
      s.receive('summary', bytesOf({ type: 'summary', seq: 1, deviceTimeMs: 0, index: 2, cadenceSpm: 172 }), 3);
      expect(s.summaryForm).to.equal(undefined);
      s.receive('summary', bytesOf({ type: 'summaryForm', seq: 1, deviceTimeMs: 0, index: 7 }), 4);
      expect(s.summaryForm).to.equal(undefined);
    });

    it('records bytes that do not decode as undecoded lines and counts them', () => {
      const s = new LiveSession();
      s.receive('step', Uint8Array.of(1, 0x55, 0, 0), 1);
      s.receive('rsc', Uint8Array.of(4), 2);
      expect(s.undecoded).to.equal(2);
      expect(s.lines.map((l) => l.type === 'undecoded' && l.reason)).to.deep.equal(['short', 'rscTooShort']);
    });

    it('writes NDJSON with one decoded message or link event a line, and a CSV row per step in field-table order', () => {
      const s = new LiveSession();
      s.link('connected', 'pod', 10);
      s.receive('step', step(0, 1, SIDE_LEFT, { quality: STEP_WARMUP }), 11);
      s.receive('reply', bytesOf({ type: 'logChunk', seq: 0, deviceTimeMs: 0, logOffset: 0, length: 2, bytes: Uint8Array.of(7, 9) }), 12);
      const lines = sessionNdjson(s).trim().split('\n').map((l) => JSON.parse(l));
      expect(lines[0]).to.deep.equal({ hostTimeMs: 10, source: 'host', type: 'link', state: 'connected', detail: 'pod' });
      expect(lines[1]).to.include({ hostTimeMs: 11, source: 'step', type: 'step', index: 1, cadenceSpm: 171, quality: STEP_WARMUP });
      expect(lines[2].bytes).to.deep.equal([7, 9]);
      const csv = stepsCsv(s).trim().split('\n');
      expect(csv[0].split(',').slice(0, 6)).to.deep.equal(['hostTimeMs', 'seq', 'deviceTimeMs', 'index', 'tMs', 'side']);
      expect(csv[1].split(',')).to.have.length(STEP_CSV_COLUMNS.length);
      expect(csv[1].split(',').slice(0, 6)).to.deep.equal(['11', '0', '1350', '1', '350', String(SIDE_LEFT)]);
    });
  });
});
