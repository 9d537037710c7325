// The live view's text: running form numbers from running windows and steps only, dashes for
// walking (no fake zeros), walking cadence from a walking window, elapsed time capped at the plan,
// the time the pod's own clock ran (a simulated pod runs faster than the wall clock), and the
// pod's sampling load and log room from its status.
import { expect } from 'chai';
import { SIDE_LEFT, SIDE_RIGHT } from '../../../firmware/core/stepRecord';
import { Message } from '../../../firmware/protocol/codec';
import { STATUS_RAW_ONLY, STATUS_RECORDING } from '../../../firmware/protocol/messageIds';
import { LiveCounters, LiveView } from '../../../host-tools/record/liveView';

const NONE: LiveCounters = { frameErrors: 0, missingMessages: 0, sampleGaps: 0, missingSamples: 0, disconnects: 0 };

function message(fields: { [name: string]: unknown }): Message {
  return fields as unknown as Message;
}

describe('live view', () => {
  it('shows a walking window\'s cadence and dashes for the running metrics it does not have', () => {
    const view = new LiveView(() => undefined, false, 0, 9.8);
    view.update(message({ type: 'summary', runningSteps: 0, cadenceSpm: 0, walkingCadenceSpm: 98, voMm: 0, contactMs: 0, deviceTimeMs: 1000 }));
    view.update(message({ type: 'summaryForm', dropLeftCdeg: 0, dropRightCdeg: 0, rotationCdeg: 0, leanCdeg: 0, deviceTimeMs: 1000 }));
    view.update(message({ type: 'step', kind: 0, cadenceSpm: 104, voMm: 0, contactMs: 0, rotationCdeg: 0, leanCdeg: 0, deviceTimeMs: 9000 }));
    const lines = view.lines(12000, NONE);
    expect(lines[0]).to.match(/^connecting \| 9\.8 s of 9\.8 s \(100 %\) \| pod clock 8\.0 s \| steps 1 \| windows 1/);
    expect(lines[1]).to.equal('cadence 98 spm | VO - mm | contact - ms | drop L - R - deg | rotation - deg | lean - deg');
  });

  it('counts steps, windows and raw samples from the recording\'s start: the pod\'s own earlier recording (its last window, sent at the set-up\'s stop) is not in it', () => {
    const view = new LiveView(() => undefined, false, 0, 30);
    view.update(message({ type: 'step', kind: 1, cadenceSpm: 170, voMm: 71, contactMs: 251, rotationCdeg: 1100, leanCdeg: 600, deviceTimeMs: 500 }));
    view.update(message({ type: 'summary', runningSteps: 28, cadenceSpm: 172, walkingCadenceSpm: 0, voMm: 70, contactMs: 250, deviceTimeMs: 900 }));
    view.update(message({ type: 'rawBatch', sampleCount: 26, deviceTimeMs: 950 }));
    expect(view.lines(1000, NONE)[0]).to.match(/steps 1 \| windows 1 \| raw samples 26/);
    view.recordingStarts();
    view.update(message({ type: 'rawBatch', sampleCount: 26, deviceTimeMs: 1250 }));
    expect(view.lines(1300, NONE)[0]).to.match(/steps 0 \| windows 0 \| raw samples 26/);
  });

  it('shows a running window\'s medians and the form of its summary', () => {
    const view = new LiveView(() => undefined, false, 0, 30);
    view.update(message({ type: 'step', kind: 1, cadenceSpm: 170, voMm: 71, contactMs: 251, rotationCdeg: 1100, leanCdeg: 600 }));
    view.update(message({ type: 'summary', runningSteps: 28, cadenceSpm: 172, walkingCadenceSpm: 0, voMm: 70, contactMs: 250 }));
    view.update(message({ type: 'summaryForm', dropLeftCdeg: 520, dropRightCdeg: 680, rotationCdeg: 1120, leanCdeg: 610 }));
    const lines = view.lines(12400, NONE);
    expect(lines[0]).to.match(/^connecting \| 12 s of 30 s \(41 %\)/);
    expect(lines[1]).to.equal('cadence 172 spm | VO 70 mm | contact 250 ms | drop L 5.2 R 6.8 deg | rotation 11.2 deg | lean 6.1 deg');
  });

  it('shows how long the pod\'s clock ran over the session, across its 32-bit wrap and a restart, without the log\'s old times', () => {
    const view = new LiveView(() => undefined, false, 0, 2);
    // a pod at 20x: 2 s of wall clock, 40 s of pod clock, starting 1.5 s before the clock wraps
    const wrapMs = 2 ** 32;
    view.update(message({ type: 'status', deviceTimeMs: wrapMs - 1500 }));
    view.update(message({ type: 'step', kind: 0, cadenceSpm: 104, deviceTimeMs: 500 }));
    expect(view.lines(100, NONE)[0]).to.match(/ \| pod clock 2\.0 s \| steps 1/);
    // a summary read back from the pod's log after a disconnect: an old time, not a step back
    view.update(message({ type: 'summary', runningSteps: 0, cadenceSpm: 0, walkingCadenceSpm: 98, deviceTimeMs: 100, fromLog: true }));
    view.update(message({ type: 'status', deviceTimeMs: 38500 }));
    expect(view.lines(2000, NONE)[0]).to.match(/^connecting \| 2 s of 2 s \(100 %\) \| pod clock 40\.0 s \|/);
    // the pod restarted: its clock begins again near 0 and the session's pod time goes on
    view.update(message({ type: 'status', deviceTimeMs: 200 }));
    view.update(message({ type: 'status', deviceTimeMs: 1200 }));
    expect(view.lines(2000, NONE)[0]).to.match(/ \| pod clock 41\.0 s \|/);
  });

  it('shows the pod\'s own sampling load and the log\'s room in minutes of activity from its status; a dash before one, from a firmware without the load, and for 0 (a simulated pod)', () => {
    const view = new LiveView(() => undefined, false, 0, 0);
    expect(view.lines(0, NONE)[2]).to.match(/, busy - % sampling \| log room - min$/);
    // 8,064 bytes free: about 237 windows of 34 bytes, 10 s windows: 39 minutes
    view.update(message({ type: 'status', deviceTimeMs: 5000, droppedSamples: 0, framesBad: 0, sampleHandlerBusyPct: 37, storageFreeBytes: 8064 }));
    expect(view.lines(0, NONE)[2]).to.match(/, busy 37 % sampling \| log room 39 min$/);
    view.update(message({ type: 'status', deviceTimeMs: 6000, droppedSamples: 0, framesBad: 0, sampleHandlerBusyPct: -1, storageFreeBytes: 95 }));
    expect(view.lines(0, NONE)[2]).to.match(/, busy - % sampling \| log room 0 min$/);
    view.update(message({ type: 'status', deviceTimeMs: 7000, droppedSamples: 0, framesBad: 0, sampleHandlerBusyPct: 0, storageFreeBytes: 270 }));
    expect(view.lines(0, NONE)[2]).to.match(/, busy - % sampling \| log room 1 min$/);
  });

  it('says when the pod records raw samples only, in place of the form numbers it does not make, until the host\'s own detection shows them', () => {
    const view = new LiveView(() => undefined, false, 0, 0);
    view.update(message({ type: 'status', deviceTimeMs: 5000, droppedSamples: 0, framesBad: 0, flags: STATUS_RECORDING | STATUS_RAW_ONLY, storageFreeBytes: 8064 }));
    expect(view.lines(0, NONE)[1]).to.equal('the pod\'s detector is off (raw only): report and replay detect the steps from the raw samples');
    // the host detects the steps itself: they show, marked, and the pod's clock is not moved by them
    view.update(message({ type: 'step', deviceTimeMs: 0, kind: 1, cadenceSpm: 171, voMm: 82, contactMs: 240 }), true);
    expect(view.lines(0, NONE)[0]).to.match(/ \| steps 1 \(detected here\) \| windows 0 \(detected here\) \|/);
    expect(view.lines(0, NONE)[1]).to.match(/^cadence 171 spm \| VO 82 mm \| contact 240 ms/);
    view.update(message({ type: 'status', deviceTimeMs: 6000, droppedSamples: 0, framesBad: 0, flags: STATUS_RECORDING, storageFreeBytes: 8064 }));
    expect(view.lines(0, NONE)[0], 'the pod\'s clock from its own messages only').to.match(/ \| pod clock 1\.0 s \| /);
    expect(view.lines(0, NONE)[1]).to.match(/^cadence 171 spm/);
  });

  it('says how long no step has come once the runner has stopped, so the last values are not read as current', () => {
    const view = new LiveView(() => undefined, false, 0, 0);
    // a walk ending: its last step reached the host 20 s into the session, then the runner stands
    view.update(message({ type: 'step', kind: 0, cadenceSpm: 111, deviceTimeMs: 20000 }), false, 20000);
    expect(view.lines(22900, NONE)[1], 'a step 2.9 s ago is a walk going on').to.equal('cadence 111 spm | VO - mm | contact - ms | drop L - R - deg | rotation - deg | lean - deg');
    view.update(message({ type: 'summary', runningSteps: 0, cadenceSpm: 0, walkingCadenceSpm: 0, voMm: 0, contactMs: 0, deviceTimeMs: 30000 }), false, 30000);
    expect(view.lines(34400, NONE)[1]).to.equal('no step for 14 s, last values received: cadence 111 spm | VO - mm | contact - ms | drop L - R - deg | rotation - deg | lean - deg');
    // running again: current at once
    view.update(message({ type: 'step', kind: 1, cadenceSpm: 178, voMm: 80, contactMs: 245, rotationCdeg: 1200, leanCdeg: 500, deviceTimeMs: 36000 }), false, 36000);
    expect(view.lines(36100, NONE)[1]).to.match(/^cadence 178 spm \| VO 80 mm/);
  });

  it('counts the time without a step on the pod\'s clock: a simulated pod running 20 times faster shows the stop at once', () => {
    const view = new LiveView(() => undefined, false, 0, 0);
    // the runner's last step at 20 s on the pod's clock, 1 s into the session on the host's
    view.update(message({ type: 'step', kind: 1, cadenceSpm: 176, deviceTimeMs: 20000 }), false, 1000);
    view.update(message({ type: 'status', deviceTimeMs: 26000 }), false, 1250);
    expect(view.lines(1300, NONE)[1]).to.match(/^no step for 6 s, last values received: cadence 176 spm/);
    // between messages the pod's clock runs on at the host's pace: a real pod's status comes every few seconds
    view.update(message({ type: 'status', deviceTimeMs: 40000 }), false, 2000);
    expect(view.lines(6000, NONE)[1]).to.match(/^no step for 24 s, /);
  });

  it('shows the drop of each side\'s last running stance while the latest window has no running step, as it shows the step\'s rotation and lean', () => {
    const view = new LiveView(() => undefined, false, 0, 0);
    // running again after a stand: the window that closed meanwhile had no step
    view.update(message({ type: 'summary', runningSteps: 0, cadenceSpm: 0, walkingCadenceSpm: 0, voMm: 0, contactMs: 0, deviceTimeMs: 60000 }), false, 60000);
    view.update(message({ type: 'summaryForm', dropLeftCdeg: 0, dropRightCdeg: 0, rotationCdeg: 0, leanCdeg: 0, deviceTimeMs: 60000 }), false, 60000);
    view.update(message({ type: 'step', kind: 1, side: SIDE_LEFT, dropCdeg: 540, cadenceSpm: 180, voMm: 60, contactMs: 250, rotationCdeg: 1220, leanCdeg: 490, deviceTimeMs: 62000 }), false, 62000);
    expect(view.lines(62100, NONE)[1]).to.equal('cadence 180 spm | VO 60 mm | contact 250 ms | drop L 5.4 R - deg | rotation 12.2 deg | lean 4.9 deg');
    view.update(message({ type: 'step', kind: 1, side: SIDE_RIGHT, dropCdeg: 610, cadenceSpm: 180, voMm: 61, contactMs: 251, rotationCdeg: 1230, leanCdeg: 500, deviceTimeMs: 62333 }), false, 62333);
    expect(view.lines(62400, NONE)[1]).to.equal('cadence 180 spm | VO 61 mm | contact 251 ms | drop L 5.4 R 6.1 deg | rotation 12.3 deg | lean 5.0 deg');
  });

  it('shows dashes, not 0, for what the first running step after a stand has not measured yet (its cadence over a stride, its rotation)', () => {
    const view = new LiveView(() => undefined, false, 0, 0);
    view.update(message({ type: 'summary', runningSteps: 0, cadenceSpm: 0, walkingCadenceSpm: 0, voMm: 0, contactMs: 0, deviceTimeMs: 60000 }), false, 60000);
    view.update(message({ type: 'step', kind: 1, side: SIDE_LEFT, dropCdeg: 540, cadenceSpm: 0, voMm: 21, contactMs: 251, rotationCdeg: 0, leanCdeg: 150, deviceTimeMs: 60600 }), false, 60600);
    expect(view.lines(60700, NONE)[1]).to.equal('cadence - spm | VO 21 mm | contact 251 ms | drop L 5.4 R - deg | rotation - deg | lean 1.5 deg');
  });

  it('shows the steps\' numbers, not 0, while the latest window\'s running steps were all left out of its medians (the first few after a start, or saturated)', () => {
    const view = new LiveView(() => undefined, false, 0, 0);
    // running starts near a window's end: the window closes with its 2 warm-up steps and no median
    view.update(message({ type: 'step', kind: 1, side: SIDE_LEFT, dropCdeg: 540, cadenceSpm: 0, voMm: 66, contactMs: 251, rotationCdeg: 0, leanCdeg: 590, deviceTimeMs: 59400 }), false, 59400);
    view.update(message({ type: 'step', kind: 1, side: SIDE_RIGHT, dropCdeg: 610, cadenceSpm: 0, voMm: 68, contactMs: 249, rotationCdeg: 1150, leanCdeg: 600, deviceTimeMs: 59750 }), false, 59750);
    view.update(message({ type: 'summary', runningSteps: 2, cadenceSpm: 0, walkingCadenceSpm: 0, voMm: 0, contactMs: 0, deviceTimeMs: 60000 }), false, 60000);
    view.update(message({ type: 'summaryForm', dropLeftCdeg: 0, dropRightCdeg: 0, rotationCdeg: 0, leanCdeg: 0, deviceTimeMs: 60000 }), false, 60000);
    expect(view.lines(60100, NONE)[1]).to.equal('cadence - spm | VO 68 mm | contact 249 ms | drop L 5.4 R 6.1 deg | rotation 11.5 deg | lean 6.0 deg');
  });

  it('says, while streaming, that the pod is not recording when its status says so, until it sends what a recording pod sends', () => {
    const view = new LiveView(() => undefined, false, 0, 0);
    view.update(message({ type: 'status', flags: 0, deviceTimeMs: 1000 }), false, 0);
    view.state = 'streaming';
    expect(view.lines(3000, NONE)[1]).to.equal('the pod is not recording, so there is nothing to show: its button starts a recording (lumbarpod record starts one of its own)');
    // a summary read back from its log is an old one: the pod is still idle
    view.update(message({ type: 'summary', runningSteps: 0, cadenceSpm: 0, walkingCadenceSpm: 98, deviceTimeMs: 500, fromLog: true }), false, 3000);
    expect(view.lines(3000, NONE)[1]).to.match(/^the pod is not recording/);
    // its button started it: its first step says so before its next status
    view.update(message({ type: 'step', kind: 1, side: SIDE_LEFT, dropCdeg: 540, cadenceSpm: 0, voMm: 66, contactMs: 251, rotationCdeg: 0, leanCdeg: 590, deviceTimeMs: 9000 }), false, 4000);
    expect(view.lines(4100, NONE)[1]).to.equal('cadence - spm | VO 66 mm | contact 251 ms | drop L 5.4 R - deg | rotation - deg | lean 5.9 deg');
    view.update(message({ type: 'status', flags: STATUS_RECORDING, deviceTimeMs: 10000 }), false, 4500);
    expect(view.lines(4600, NONE)[1]).to.match(/^cadence/);
    // record starts its own recording: the status before it is no reason to say so
    const recording = new LiveView(() => undefined, false, 0, 0);
    recording.update(message({ type: 'status', flags: 0, deviceTimeMs: 1000 }), false, 0);
    recording.state = 'recording';
    expect(recording.lines(100, NONE)[1]).to.match(/^cadence - spm/);
  });

  it('says, while recording, that the pod stopped recording when a status after the start says so (its button), until it records again', () => {
    const view = new LiveView(() => undefined, false, 0, 0);
    view.state = 'recording';
    view.recordingStarts();
    view.update(message({ type: 'status', flags: STATUS_RECORDING, deviceTimeMs: 1000 }), false, 0);
    view.update(message({ type: 'rawBatch', sampleCount: 26, deviceTimeMs: 1250 }), false, 250);
    expect(view.lines(300, NONE)[1]).to.match(/^cadence - spm/);
    // its button stopped it: the status the host asks for when nothing comes says so
    view.update(message({ type: 'status', flags: 0, deviceTimeMs: 17000 }), false, 16000);
    expect(view.lines(16100, NONE)[1]).to.equal('the pod stopped recording (its button, or another host): nothing is recorded until its button starts a new recording, which this one goes on with');
    // its button started a new one: its samples say so
    view.update(message({ type: 'rawBatch', sampleCount: 26, deviceTimeMs: 20250 }), false, 19250);
    expect(view.lines(19300, NONE)[1]).to.match(/^cadence/);
  });

  /** window `index` of a tiring run as the pod sends it, and as its log gives it back (`fromLog`) */
  function runningWindow(index: number, fromLog = false): Message[] {
    const deviceTimeMs = 10000 * (index + 1) + 40;
    const flag = fromLog ? { fromLog: true } : {};
    return [
      message({ type: 'summary', seq: index, deviceTimeMs, index, steps: 28, runningSteps: 28, cadenceSpm: 170 + index, walkingCadenceSpm: 0, voMm: 80 - index, contactMs: 250 + index, ...flag }),
      message({ type: 'summaryForm', seq: index, deviceTimeMs, index, dropLeftCdeg: 500 + 10 * index, dropRightCdeg: 600 + 10 * index, rotationCdeg: 1100 + 10 * index, leanCdeg: 700 + 10 * index, ...flag }),
    ];
  }

  /** reads the log back as record does: every window to the view, only those not held before counted */
  function readLogBack(view: LiveView, logged: number[], heldBefore: number[]): void {
    view.readBegins();
    for (const index of logged) {
      for (const m of runningWindow(index, true)) {
        view.readBack(m);
        if (!heldBefore.includes(index)) view.update(m);
      }
    }
  }

  it('keeps the newest window on screen when a window lost on the line is read back from the log at the stop', () => {
    const view = new LiveView(() => undefined, false, 0, 0);
    // window 2 failed its CRC; 3 and 4 came live after it
    for (const index of [0, 1, 3, 4]) runningWindow(index).forEach((m) => view.update(m));
    readLogBack(view, [0, 1, 2, 3, 4], [0, 1, 3, 4]);
    const lines = view.lines(50000, NONE);
    expect(lines[0]).to.match(/ \| windows 5 \| /);
    expect(lines[1]).to.equal('cadence 174 spm | VO 76 mm | contact 254 ms | drop L 5.4 R 6.4 deg | rotation 11.4 deg | lean 7.4 deg');
  });

  it('shows the newest window read back after a reconnect, with its own form, when the pod sent none live since (stopped by its button while away)', () => {
    const view = new LiveView(() => undefined, false, 0, 0);
    for (const index of [0, 1]) runningWindow(index).forEach((m) => view.update(m));
    readLogBack(view, [0, 1, 2, 3], [0, 1]);
    expect(view.lines(50000, NONE)[1]).to.equal('cadence 173 spm | VO 77 mm | contact 253 ms | drop L 5.3 R 6.3 deg | rotation 11.3 deg | lean 7.3 deg');
  });

  it('labels the pod\'s restarts apart from the samples lost: a pod streamed has no recording to count their gaps in', () => {
    const view = new LiveView(() => undefined, false, 0, 30);
    view.update(message({ type: 'rawBatch', sampleCount: 26, deviceTimeMs: 5000 }));
    expect(view.lines(6000, NONE)[2]).to.match(/ \| disconnects 0 \| restarts 0 \| /);
    view.podRestarted();
    view.update(message({ type: 'rawBatch', sampleCount: 26, deviceTimeMs: 250 }));
    expect(view.lines(7000, NONE)[2]).to.match(/^lost: frames 0, messages 0, samples 0 \(0 gaps\) \| disconnects 0 \| restarts 1 \| /);
  });

  it('shows no pod clock before the first message', () => {
    const view = new LiveView(() => undefined, false, 0, 0);
    expect(view.lines(1500, NONE)[0]).to.equal('connecting | 2 s | steps 0 | windows 0 | raw samples 0');
  });
});

