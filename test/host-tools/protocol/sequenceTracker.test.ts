import { expect } from 'chai';
import { Message } from '../../../firmware/protocol/codec';
import { COMMAND_GET_STATUS, COMMAND_READ_LOG, COMMAND_START_RECORDING, ERROR_RESTARTED, ERROR_SAMPLES_LOST, REPLY_OK, STATUS_RECORDING } from '../../../firmware/protocol/messageIds';
import { SequenceCheck } from '../../../host-tools/protocol/sequenceCheck';
import { SequenceTracker } from '../../../host-tools/protocol/sequenceTracker';
import { through } from './streamHelpers';

function msg(type: string, seq: number, deviceTimeMs: number, extra: object = {}): Message {
  return { type, version: 1, seq, deviceTimeMs, ...extra } as unknown as Message;
}

function raw(seq: number, firstSampleIndex: number, sampleCount: number, deviceTimeMs = seq * 250): Message {
  return msg('rawBatch', seq, deviceTimeMs, { firstSampleIndex, sampleCount, samplesCounts: new Int16Array(sampleCount * 6) });
}

describe('SequenceTracker', () => {
  it('reports nothing for consecutive sequence numbers, across the wrap from 65535 to 0', () => {
    const tracker = new SequenceTracker();
    [65533, 65534, 65535, 0, 1, 2].forEach((seq, i) => expect(tracker.check(msg('step', seq, 1000 + i * 300))).to.deep.equal([]));
  });

  it('reports a gap with the number of messages missing, per message type', () => {
    const tracker = new SequenceTracker();
    tracker.check(msg('step', 10, 1000));
    tracker.check(msg('summary', 3, 1000));
    expect(tracker.check(msg('summary', 4, 2000))).to.deep.equal([]);
    expect(tracker.check(msg('step', 14, 2000))).to.deep.equal([{ type: 'sequenceGap', messageType: 'step', expectedSeq: 11, seq: 14, missing: 3 }]);
    expect(tracker.check(msg('step', 1, 3000))[0]).to.include({ type: 'duplicate', seq: 1, lastSeq: 14 });
    expect(tracker.counts).to.include({ gaps: 1, missingMessages: 3, duplicates: 1 });
  });

  it('counts a gap across the wrap correctly', () => {
    const tracker = new SequenceTracker();
    tracker.check(msg('step', 65534, 1000));
    expect(tracker.check(msg('step', 2, 2000))).to.deep.equal([{ type: 'sequenceGap', messageType: 'step', expectedSeq: 65535, seq: 2, missing: 3 }]);
  });

  it('reports a repeated or older sequence number as a duplicate and does not move on', () => {
    const tracker = new SequenceTracker();
    tracker.check(msg('status', 5, 1000));
    expect(tracker.check(msg('status', 5, 1000))).to.deep.equal([{ type: 'duplicate', messageType: 'status', seq: 5, lastSeq: 5 }]);
    expect(tracker.check(msg('status', 3, 1000))).to.deep.equal([{ type: 'duplicate', messageType: 'status', seq: 3, lastSeq: 5 }]);
    expect(tracker.check(msg('status', 6, 1100))).to.deep.equal([]);
  });

  it('a seq half the seq space or more ahead is a long absence when the pod\'s clock went on a millisecond per message skipped, else a duplicate', () => {
    const tracker = new SequenceTracker();
    tracker.check(msg('step', 10, 1000));
    // 3 hours away: 40,000 steps made while no host listened (the pod uses their seqs up)
    const away = 1000 + 3 * 3600 * 1000;
    expect(tracker.check(msg('step', 40011, away))).to.deep.equal([{ type: 'sequenceGap', messageType: 'step', expectedSeq: 11, seq: 40011, missing: 40000 }]);
    expect(tracker.check(msg('step', 40012, away + 350))).to.deep.equal([]);
    // an older seq, 30 s of pod time on: 65,523 messages in 30 s cannot be, so an old one again
    expect(tracker.check(msg('step', 40000, away + 30000))[0]).to.include({ type: 'duplicate', seq: 40000, lastSeq: 40012 });
    expect(tracker.check(msg('step', 40013, away + 700))).to.deep.equal([]);
    // across the wrap: 65,000 skipped in 20 minutes
    expect(tracker.check(msg('step', (40013 + 65001) & 0xffff, away + 1200000))[0]).to.include({ type: 'sequenceGap', missing: 65000 });
    expect(tracker.counts).to.include({ gaps: 2, missingMessages: 105000, duplicates: 1 });
  });

  it('reports a restart when the pod clock runs backwards, and starts every type afresh', () => {
    const tracker = new SequenceTracker();
    tracker.check(msg('step', 40, 500000));
    tracker.check(msg('summary', 3, 500000));
    expect(tracker.check(msg('step', 0, 1200))).to.deep.equal([{ type: 'restart', messageType: 'step', seq: 0, lastDeviceTimeMs: 500000, deviceTimeMs: 1200 }]);
    expect(tracker.check(msg('summary', 0, 1300))).to.deep.equal([]);
    expect(tracker.counts.restarts).to.equal(1);
  });

  it('the pod\'s restarted error (the first message of every boot) is a restart, also when nothing follows it; once, however it shows', () => {
    const bootError = (seq: number, deviceTimeMs: number, code = ERROR_RESTARTED) => msg('error', seq, deviceTimeMs, { code, detail: 0 });
    const tracker = new SequenceTracker();
    expect(tracker.check(bootError(0, 5)), 'the boot the session began with').to.deep.equal([]);
    tracker.check(raw(1, 0, 26, 30000));
    // a boot that records nothing: no clock goes back, only its error says it (each boot sends it at the same seq and time)
    expect(tracker.check(bootError(0, 5))).to.deep.equal([{ type: 'restart', messageType: 'error', seq: 0, lastDeviceTimeMs: 30000, deviceTimeMs: 5 }]);
    expect(tracker.check(bootError(0, 5)), 'the same error again').to.deep.equal([{ type: 'duplicate', messageType: 'error', seq: 0, lastSeq: 0 }]);
    expect(tracker.check(raw(0, 0, 26, 300)), 'its first batch: no second restart').to.deep.equal([]);
    // another error of the old boot's clock would show it too; only one restart is reported
    tracker.check(bootError(1, 60000, ERROR_SAMPLES_LOST));
    expect(tracker.check(bootError(0, 4)).map((r) => r.type)).to.deep.equal(['restart']);
    expect(tracker.check(bootError(1, 90, ERROR_SAMPLES_LOST))).to.deep.equal([]);
    expect(tracker.counts.restarts).to.equal(2);
  });

  describe('the boot id (the detail of the reply to getStatus, firmware 0.5 on)', () => {
    const bootReply = (seq: number, deviceTimeMs: number, detail: number, commandId = COMMAND_GET_STATUS) =>
      msg('reply', seq, deviceTimeMs, { commandSeq: seq, commandId, status: REPLY_OK, detail });

    it('another boot id is a restart, where the clock said nothing: every type starts afresh after it', () => {
      const tracker = new SequenceTracker();
      tracker.check(bootReply(0, 1000, 77));
      tracker.check(msg('step', 40, 20000));
      // the new boot ran longer than the old: its clock and seqs are past the old boot's
      expect(tracker.check(bootReply(1, 60000, 91))).to.deep.equal([{ type: 'restart', messageType: 'reply', seq: 1, lastDeviceTimeMs: 20000, deviceTimeMs: 60000, bootId: 91 }]);
      expect(tracker.check(msg('step', 300, 60100)), 'no gap from the old boot\'s seq').to.deep.equal([]);
      expect(tracker.bootId).to.equal(91);
      expect(tracker.counts.restarts).to.equal(1);
    });

    it('the same boot id, a pod older than 0.5 (0), or another command\'s detail is no restart', () => {
      const tracker = new SequenceTracker();
      tracker.check(bootReply(0, 1000, 77));
      expect(tracker.check(bootReply(1, 2000, 77))).to.deep.equal([]);
      expect(tracker.check(bootReply(2, 3000, 0))).to.deep.equal([]);
      expect(tracker.check(bootReply(3, 4000, 1234, COMMAND_READ_LOG))).to.deep.equal([]);
      expect(tracker.bootId).to.equal(77);
      expect(tracker.counts.restarts).to.equal(0);
    });

    it('a restart the clock showed is reported once, also when the new boot id follows', () => {
      const tracker = new SequenceTracker();
      tracker.check(bootReply(5, 90000, 77));
      expect(tracker.check(bootReply(0, 300, 91)).map((r) => r.type)).to.deep.equal(['restart']);
      expect(tracker.check(bootReply(1, 400, 91))).to.deep.equal([]);
      expect(tracker.counts.restarts).to.equal(1);
    });

    it('a restart the clock showed on another message, then the new boot\'s id: one restart, not two; a later one while away shows again', () => {
      const tracker = new SequenceTracker();
      tracker.check(bootReply(0, 1000, 77));
      tracker.check(msg('step', 40, 20000));
      // restarted on a link that stayed open: its clock goes back
      expect(tracker.check(msg('step', 0, 300)).map((r) => r.type)).to.deep.equal(['restart']);
      expect(tracker.bootIdOutdated, 'the new boot\'s id is to be asked').to.equal(true);
      expect(tracker.isNewBoot(bootReply(0, 900, 91)), 'not known to be another boot').to.equal(false);
      tracker.check(msg('step', 1, 600));
      expect(tracker.check(bootReply(0, 900, 91))).to.deep.equal([]);
      expect(tracker.bootIdOutdated).to.equal(false);
      expect(tracker.counts.restarts).to.equal(1);
      expect(tracker.isNewBoot(bootReply(1, 90000, 92))).to.equal(true);
    });

    it('isNewBoot and newBootFrom put the restart before the first message of the new boot that came before its reply', () => {
      const tracker = new SequenceTracker();
      tracker.check(bootReply(0, 1000, 77));
      tracker.check(raw(10, 1000, 26, 20000));
      const reply = bootReply(2, 60000, 91);
      expect(tracker.isNewBoot(reply)).to.equal(true);
      expect(tracker.isNewBoot(bootReply(2, 60000, 77))).to.equal(false);
      const first = raw(200, 5200, 26, 59000);
      expect(tracker.newBootFrom(first, reply)).to.deep.equal({ type: 'restart', messageType: 'rawBatch', seq: 200, lastDeviceTimeMs: 20000, deviceTimeMs: 59000, bootId: 91 });
      expect(tracker.check(first), 'no sample gap from the old boot\'s count').to.deep.equal([]);
      expect(tracker.check(reply)).to.deep.equal([]);
    });

    it('newBootBefore without a boot id (the caller placed a restart the clock showed): the id the pod gives next is this boot\'s, no second restart', () => {
      const tracker = new SequenceTracker();
      tracker.check(bootReply(0, 1000, 77));
      tracker.check(msg('step', 40, 20000));
      const first = msg('step', 60, 40000);
      expect(tracker.newBootBefore(first)).to.deep.equal({ type: 'restart', messageType: 'step', seq: 60, lastDeviceTimeMs: 20000, deviceTimeMs: 40000 });
      expect([tracker.podBoot, tracker.counts.restarts, tracker.bootIdOutdated]).to.deep.equal([1, 1, true]);
      expect(tracker.check(first), 'no gap against the old boot\'s seqs').to.deep.equal([]);
      expect(tracker.check(bootReply(1, 40100, 91))).to.deep.equal([]);
      expect([tracker.bootId, tracker.counts.restarts]).to.deep.equal([91, 1]);
    });
  });

  describe('window summaries read back from the pod\'s log (recoveredFromLog)', () => {
    it('read back after the gap showed: no longer counted missing, once; a summary the log does not have still is', () => {
      const tracker = new SequenceTracker();
      tracker.check(msg('summary', 1, 10000));
      expect(tracker.check(msg('summary', 4, 40000))).to.deep.equal([{ type: 'sequenceGap', messageType: 'summary', expectedSeq: 2, seq: 4, missing: 2 }]);
      expect(tracker.recoveredFromLog(msg('summary', 2, 20000))).to.equal(true);
      expect(tracker.recoveredFromLog(msg('summary', 2, 20000)), 'read back twice').to.equal(false);
      expect(tracker.recoveredFromLog(msg('summaryForm', 3, 30000)), 'another type').to.equal(false);
      expect(tracker.recoveredFromLog(msg('summary', 1, 10000)), 'one the link gave').to.equal(false);
      expect(tracker.counts).to.include({ gaps: 1, missingMessages: 1 });
    });

    it('recoveredGap gives the report of the gap that counted it, as check() gave it', () => {
      const tracker = new SequenceTracker();
      tracker.check(msg('summary', 1, 10000));
      const [gap] = tracker.check(msg('summary', 4, 40000));
      expect(tracker.recoveredGap(msg('summary', 3, 30000))).to.equal(gap);
      expect(gap).to.deep.equal({ type: 'sequenceGap', messageType: 'summary', expectedSeq: 2, seq: 4, missing: 2 });
      expect(tracker.recoveredGap(msg('summary', 3, 30000)), 'read back twice').to.equal(undefined);
      expect(tracker.counts.missingMessages).to.equal(1);
    });

    it('read back before the gap showed (the pod unplugged, the log read on its return): the gap says so, and counts only the rest', () => {
      const tracker = new SequenceTracker();
      tracker.check(msg('summary', 1, 10000));
      expect(tracker.recoveredFromLog(msg('summary', 2, 20000))).to.equal(false);
      expect(tracker.recoveredFromLog(msg('summary', 3, 30000))).to.equal(false);
      expect(tracker.check(msg('summary', 5, 50000))).to.deep.equal([{ type: 'sequenceGap', messageType: 'summary', expectedSeq: 2, seq: 5, missing: 3, recovered: 2 }]);
      expect(tracker.counts).to.include({ gaps: 1, missingMessages: 1 });
      // and not again, by the gap it is in now
      expect(tracker.recoveredFromLog(msg('summary', 3, 30000))).to.equal(false);
      expect(tracker.counts.missingMessages).to.equal(1);
    });

    it('of another boot than the gap\'s: still missing', () => {
      const tracker = new SequenceTracker();
      tracker.check(msg('summary', 1, 10000));
      tracker.check(msg('summary', 4, 40000));
      expect(tracker.podBoot).to.equal(0);
      // restarted: its clock went back
      expect(tracker.check(msg('summary', 0, 500))[0]).to.include({ type: 'restart' });
      expect(tracker.podBoot).to.equal(1);
      expect(tracker.recoveredFromLog(msg('summary', 2, 20000), 1), 'the new boot\'s').to.equal(false);
      expect(tracker.recoveredFromLog(msg('summary', 2, 20000), 0), 'the old boot\'s, read back after the restart').to.equal(true);
      expect(tracker.counts.missingMessages).to.equal(1);
      // read back ahead of the new boot's link, then the gap that shows it
      tracker.recoveredFromLog(msg('summary', 1, 10500), 1);
      expect(tracker.check(msg('summary', 2, 20500))).to.deep.equal([{ type: 'sequenceGap', messageType: 'summary', expectedSeq: 1, seq: 2, missing: 1, recovered: 1 }]);
      expect(tracker.counts.missingMessages).to.equal(1);
    });
  });

  it('takes the pod clock wrapping at 2^32 for time going on, not a restart', () => {
    const tracker = new SequenceTracker();
    tracker.check(msg('step', 1, 4294967000));
    expect(tracker.check(msg('step', 2, 200))).to.deep.equal([]);
  });

  it('reports samples missing between raw batches, also when no batch was lost', () => {
    const tracker = new SequenceTracker();
    expect(tracker.check(raw(0, 0, 26))).to.deep.equal([]);
    expect(tracker.check(raw(1, 26, 26))).to.deep.equal([]);
    // the pod lost 10 samples itself: sequence numbers run on
    expect(tracker.check(raw(2, 62, 26))).to.deep.equal([{ type: 'sampleGap', expectedSampleIndex: 52, firstSampleIndex: 62, missingSamples: 10 }]);
    // a lost batch: both reports
    const reports = tracker.check(raw(4, 114, 26));
    expect(reports.map((r) => r.type)).to.deep.equal(['sequenceGap', 'sampleGap']);
    expect(reports[1]).to.include({ missingSamples: 26 });
    expect(tracker.counts).to.include({ sampleGaps: 2, missingSamples: 36 });
  });

  describe('the recording a host starts (an ok reply to startRecording)', () => {
    const startReply = (seq: number, deviceTimeMs: number) => msg('reply', seq, deviceTimeMs, { commandSeq: 9, commandId: COMMAND_START_RECORDING, status: REPLY_OK, detail: 0 });
    /** the pod's own recording from its boot, 200 batches in, as a host that connects meets it */
    const recordingSince = (tracker: SequenceTracker) => {
      tracker.check(raw(200, 5200, 26, 50000));
      tracker.check(raw(201, 5226, 26, 50250));
    };

    it('its first batch counts from 0 again: the recording asked for, no restart; the button starting another later is one', () => {
      const tracker = new SequenceTracker();
      recordingSince(tracker);
      expect(tracker.check(startReply(40, 50300))).to.deep.equal([]);
      expect(tracker.check(raw(202, 0, 26, 50560))).to.deep.equal([]);
      expect(tracker.check(raw(203, 26, 26, 50810))).to.deep.equal([]);
      expect(tracker.check(raw(204, 0, 26, 60000)).map((r) => r.type)).to.deep.equal(['restart']);
      expect(tracker.counts).to.include({ restarts: 1, sampleGaps: 0, missingSamples: 0 });
    });

    it('its first batch lost on the line: the samples from 0 are missing', () => {
      const tracker = new SequenceTracker();
      recordingSince(tracker);
      tracker.check(startReply(40, 50300));
      expect(tracker.check(raw(203, 26, 26, 50810))).to.deep.equal([
        { type: 'sequenceGap', messageType: 'rawBatch', expectedSeq: 202, seq: 203, missing: 1 },
        { type: 'sampleGap', expectedSampleIndex: 0, firstSampleIndex: 26, missingSamples: 26 },
      ]);
      expect(tracker.counts.restarts).to.equal(0);
    });

    it('with no raw batches (a host that did not ask for them), a window summary whose index goes back is a recording started anew; not after the host\'s own start', () => {
      const tracker = new SequenceTracker();
      const summary = (seq: number, index: number, deviceTimeMs: number) => msg('summary', seq, deviceTimeMs, { index, startMs: index * 10000, endMs: (index + 1) * 10000 });
      // the pod's own recording from its boot, then the one the host starts
      expect(tracker.check(summary(7, 7, 80300))).to.deep.equal([]);
      expect(tracker.check(startReply(40, 80400))).to.deep.equal([]);
      expect(tracker.check(summary(8, 0, 90700))).to.deep.equal([]);
      expect(tracker.check(summary(9, 1, 100700))).to.deep.equal([]);
      // its button stopped it (its last window, cut short) and started another
      expect(tracker.check(summary(10, 2, 104000))).to.deep.equal([]);
      expect(tracker.check(summary(11, 0, 116000))).to.deep.equal([
        { type: 'restart', messageType: 'summary', seq: 11, lastDeviceTimeMs: 104000, deviceTimeMs: 116000, recordingRestarted: true },
      ]);
      expect(tracker.check(summary(12, 1, 126000))).to.deep.equal([]);
      expect(tracker.counts.restarts).to.equal(1);
    });

    it('with raw batches, those show a recording started anew: its summaries are not counted again', () => {
      const tracker = new SequenceTracker();
      const summary = (seq: number, index: number, deviceTimeMs: number) => msg('summary', seq, deviceTimeMs, { index, startMs: index * 10000, endMs: (index + 1) * 10000 });
      tracker.check(startReply(40, 0));
      tracker.check(raw(0, 0, 26, 250));
      tracker.check(summary(0, 0, 10300));
      tracker.check(raw(1, 26, 26, 10500));
      expect(tracker.check(raw(2, 0, 26, 30000)).map((r) => r.type)).to.deep.equal(['restart']);
      expect(tracker.check(summary(1, 0, 39800))).to.deep.equal([]);
      expect(tracker.counts.restarts).to.equal(1);
    });

    it('ok from a pod that was recording already (it starts nothing): its count goes on, and a later start from 0 is a restart', () => {
      const tracker = new SequenceTracker();
      recordingSince(tracker);
      tracker.check(startReply(40, 50300));
      expect(tracker.check(raw(202, 5252, 26, 50500))).to.deep.equal([]);
      expect(tracker.check(raw(203, 0, 26, 60000)).map((r) => r.type)).to.deep.equal(['restart']);
    });
  });
});

describe('SequenceCheck', () => {
  describe('a recording started anew while no batch came (the pod unplugged, its button pressed twice), its count past the old one\'s', () => {
    const recordingAt104Hz = (tracker: SequenceTracker): void => {
      tracker.check(msg('status', 0, 1000, { flags: STATUS_RECORDING, rateHz: 104 }));
      // from sample 0 at pod time 1000: a batch holds the samples up to when it is sent
      expect(tracker.check(raw(1, 0, 26, 1250))).to.deep.equal([]);
      expect(tracker.check(raw(2, 26, 26, 1500))).to.deep.equal([]);
    };
    /** the batch sent at `sentMs` ending with the sample the recording started at `startMs` took then */
    const batchSent = (seq: number, startMs: number, sentMs: number, rateHz = 104) =>
      raw(seq, Math.round(((sentMs - startMs) * rateHz) / 1000) - 26, 26, sentMs);

    it('shows by its samples\' clock: a recording started 39 s after the old one is a new recording, not 38 s of lost samples', () => {
      const tracker = new SequenceTracker();
      recordingAt104Hz(tracker);
      // unplugged at 1.5 s; stopped and started again at 40 s; plugged back in at 100 s
      expect(tracker.check(batchSent(3, 40000, 100000))).to.deep.equal([{
        type: 'restart', messageType: 'rawBatch', seq: 3, lastDeviceTimeMs: 1500, deviceTimeMs: 100000, recordingRestarted: true, startedLaterMs: 39000,
      }]);
      expect(tracker.check(batchSent(4, 40000, 100250)), 'its next batch').to.deep.equal([]);
      expect(tracker.counts).to.include({ restarts: 1, sampleGaps: 0 });
      // stopped and started again 5 s later while the host listens: its count goes back, and the pod's clock dates it
      expect(tracker.check(batchSent(5, 105000, 105250))).to.deep.equal([{
        type: 'restart', messageType: 'rawBatch', seq: 5, lastDeviceTimeMs: 100250, deviceTimeMs: 105250, recordingRestarted: true, startedLaterMs: 65000,
      }]);
      expect(tracker.counts).to.include({ restarts: 2, sampleGaps: 0 });
    });

    it('the same recording after the unplug, its samples read up to 3 s late after a stall, or its IMU 5 % slow for 100 s: no restart', () => {
      const tracker = new SequenceTracker();
      recordingAt104Hz(tracker);
      expect(tracker.check(batchSent(3, 1000, 100000)).map((r) => r.type), 'the samples while it was away').to.deep.equal(['sampleGap']);
      // the next 26 samples (to 100.25 s) sent 3 s late
      expect(tracker.check(raw(4, Math.round((99000 * 104) / 1000), 26, 103250)), 'a FIFO backlog').to.deep.equal([]);
      const slow = new SequenceTracker();
      recordingAt104Hz(slow);
      expect(slow.check(batchSent(3, 1000, 101500, 104 * 0.95)).map((r) => r.type)).to.deep.equal(['sampleGap']);
      expect(tracker.counts.restarts + slow.counts.restarts).to.equal(0);
    });

    it('not checked before the pod said the rate of its recording, nor for the first batch of a recording the host started', () => {
      const tracker = new SequenceTracker();
      tracker.check(raw(1, 0, 26, 1250));
      expect(tracker.check(batchSent(2, 40000, 100000)).map((r) => r.type), 'no rate known').to.deep.equal(['sampleGap']);
      const started = new SequenceTracker();
      recordingAt104Hz(started);
      started.check(msg('reply', 3, 2000, { commandSeq: 1, commandId: COMMAND_START_RECORDING, status: REPLY_OK, detail: 0 }));
      expect(started.check(batchSent(3, 40000, 100000)).map((r) => r.type), 'the host\'s start').to.deep.equal(['sampleGap']);
    });
  });

  it('reports a new batch from earlier samples, its clock going on, as a recording started again in the same boot; a repeated batch stays a duplicate', () => {
    const tracker = new SequenceTracker();
    tracker.check(raw(0, 0, 26, 1000));
    tracker.check(raw(1, 26, 26, 1250));
    expect(tracker.check(raw(1, 26, 26, 1250)).map((r) => r.type), 'the same batch again').to.deep.equal(['duplicate']);
    // stopped (its button) and started: seq moves on, the sample count starts again
    expect(tracker.check(raw(2, 0, 26, 9000))).to.deep.equal([
      { type: 'restart', messageType: 'rawBatch', seq: 2, lastDeviceTimeMs: 1250, deviceTimeMs: 9000, recordingRestarted: true },
    ]);
    expect(tracker.check(raw(3, 26, 26, 9250))).to.deep.equal([]);
    expect(tracker.counts).to.include({ restarts: 1, sampleGaps: 0, duplicates: 1 });
  });

  it('passes every item on and puts each report just before the message that revealed it', async () => {
    const items = [msg('step', 0, 10), { type: 'frameError', reason: 'crc', bytes: 9 }, msg('step', 2, 30), msg('step', 2, 30)];
    const out = (await through(new SequenceCheck(), items)) as Array<{ type: string }>;
    expect(out.map((m) => m.type)).to.deep.equal(['step', 'frameError', 'sequenceGap', 'step', 'duplicate', 'step']);
  });
});
