// The Puck.js v2 firmware bundle (dist/lumbarpod-puckjs2.min.js, the file that is uploaded) runs
// in the real Espruino interpreter with the Puck stand-ins of espruinoPuckPrelude.ts, fed a
// synthetic run through its FIFO reader, and streams over Serial1 the same step and summary
// messages, byte for byte after the header, as host replay of the same samples; its flash log,
// in Espruino's own Storage, gives those summaries back byte for byte. Needs ESPRUINO_BIN.
import { expect } from 'chai';
import { PUCKJS2_BOARD } from '../../boards/puckjs2';
import { decodeMessage, encodeMessage, MessageByName } from '../../firmware/protocol/codec';
import {
  ERROR_RESTARTED, LOG_CHUNK_BYTES_OFFSET, MSG_ERROR, MSG_LOG_CHUNK, MSG_REPLY, MSG_STATUS, MSG_STEP, MSG_SUMMARY, MSG_SUMMARY_FORM, REPLY_OK,
} from '../../firmware/protocol/messageIds';
import { logEntriesDecode } from '../../host-tools/protocol/logEntries';
import { FrameDecoder, isFrameError } from '../../host-tools/protocol/frameDecoder';
import { frameOf } from '../../host-tools/protocol/frameEncoder';
import { messageBody, rawStreamReplay } from '../../host-tools/replay/rawStreamReplay';
import { generateSynthetic } from '../../host-tools/synthetic/generate';
import { PUCKJS2_BUNDLE } from '../../scripts/build';
import { describeInEspruino, espruinoRun } from './espruinoRun';
import { espruinoPuckPrelude } from './espruinoPuckPrelude';

const RATE_HZ = 104;
/** the firmware's watermark at 104 Hz: a quarter second */
const BURST_SAMPLES = 26;
const RUN_TIMEOUT_S = 120;

/** core order (ax ay az gx gy gz) to FIFO order (gx gy gz ax ay az) */
function fifoOrder(samples: Int16Array): Int16Array {
  const out = new Int16Array(samples.length);
  for (let k = 0; k < samples.length; k += 6) {
    out.set(samples.subarray(k + 3, k + 6), k);
    out.set(samples.subarray(k, k + 3), k + 3);
  }
  return out;
}

function commandFrame(command: string, seq: number, args: Record<string, number> = {}): Buffer {
  const buf = new Uint8Array(64);
  const n = encodeMessage({ type: 'command', seq, deviceTimeMs: 0, command, args }, buf, 0);
  return frameOf(buf.subarray(0, n));
}

/** the messages of the "F<base64>" lines, each a frame the firmware wrote to Serial1 */
function podMessages(lines: string[]): Uint8Array[] {
  const out: Uint8Array[] = [];
  const decoder = new FrameDecoder();
  for (const line of lines) {
    if (!line.startsWith('F')) continue;
    const frame = Buffer.from(line.slice(1), 'base64');
    expect(frame[frame.length - 1], 'frame ends in its delimiter').to.equal(0);
    const items = decoder.decodeNow(frame);
    expect(items.length, `frame ${line.slice(0, 40)}: one message`).to.equal(1);
    expect(isFrameError(items[0]), `frame ${line.slice(0, 40)} decodes`).to.equal(false);
    out.push(items[0] as Buffer);
  }
  return out;
}

describeInEspruino('puckjs2 firmware bundle in the Espruino interpreter', PUCKJS2_BUNDLE, (suite) => {

  it('boots, reads the FIFO in bursts and sends the step and summary messages host replay gives, byte for byte; its log gives the summaries back', function () {
    this.timeout(RUN_TIMEOUT_S * 1000 + 10000);
    const run = generateSynthetic({
      sampleRateHz: RATE_HZ, seed: 3,
      segments: [{ kind: 'standing', durationS: 3 }, { kind: 'running', durationS: 22, cadenceSpm: 172 }],
    });
    const whole = Math.floor(run.samples.length / 6 / BURST_SAMPLES) * BURST_SAMPLES;
    const fifo = fifoOrder(run.samples.subarray(0, whole * 6));
    const b64 = Buffer.from(fifo.buffer, fifo.byteOffset, fifo.byteLength).toString('base64');
    // at the end: stop, then read the whole log back over serial
    const lastFrames = Buffer.concat([commandFrame('stopRecording', 7), commandFrame('readLog', 8, { fromOffset: 0 })]);
    const prelude = espruinoPuckPrelude(b64, BURST_SAMPLES, lastFrames.toString('base64'), commandFrame('getStatus', 6).toString('base64'));
    const result = espruinoRun(suite.bin, prelude + '\n' + suite.bundle, RUN_TIMEOUT_S);
    expect(result.lines, `interpreter output:\n${result.raw.slice(-2000)}`).to.include('DONE');
    expect(result.raw, result.raw.slice(0, 3000)).not.to.match(/Uncaught|Error/);

    const messages = podMessages(result.lines);
    const ofType = (type: number): Uint8Array[] => messages.filter((m) => m[1] === type);
    const restarted = ofType(MSG_ERROR).filter((m) => m[8] === ERROR_RESTARTED);
    expect(restarted, 'one restart report at boot').to.have.length(1);
    const replies = ofType(MSG_REPLY);
    expect(replies.map((m) => [m[8] | (m[9] << 8), m[11]]), 'getStatus (seq 6), stopRecording (seq 7) and readLog (seq 8) answered ok').to.deep.equal([[6, REPLY_OK], [7, REPLY_OK], [8, REPLY_OK]]);

    // the pod's own measure of its sampling load: the time in its handler over the time since
    // it started, against the same timed by the harness around each call (on this machine the
    // bursts come back to back, so the share is high; on the pod, one burst per quarter second)
    const statuses = ofType(MSG_STATUS).map((m) => decodeMessage(m) as MessageByName<'status'>);
    expect(statuses, 'one status: the one asked for').to.have.length(1);
    const harnessLine = result.lines.find((line) => line.startsWith('H'));
    const harnessPct = Number((harnessLine ?? 'HNaN').slice(1));
    expect(harnessPct, 'handler share timed by the harness').to.be.within(10, 100);
    expect(statuses[0].sampleHandlerBusyPct, `the pod's against the harness's ${harnessPct.toFixed(1)} %`).to.be.within(harnessPct - 3, harnessPct + 3);

    const host = rawStreamReplay([{ firstSampleIndex: 0, samplesCounts: fifo }], {
      scale: PUCKJS2_BOARD.scale, axisMap: PUCKJS2_BOARD.axisMap, rateHz: RATE_HZ, speedMms: 0,
    }, true);
    expect(host.step.length, 'steps host replay finds').to.be.at.least(55);
    expect(ofType(MSG_STEP).map(messageBody)).to.deep.equal(host.step);
    expect(ofType(MSG_SUMMARY).map(messageBody)).to.deep.equal(host.summary);
    expect(ofType(MSG_SUMMARY_FORM).map(messageBody)).to.deep.equal(host.summaryForm);

    // the log, written to Espruino's Storage in the compact format: each window with a step, its
    // two messages exactly as sent
    const logBytes: number[] = [];
    for (const chunk of ofType(MSG_LOG_CHUNK)) logBytes.push(...chunk.subarray(LOG_CHUNK_BYTES_OFFSET, LOG_CHUNK_BYTES_OFFSET + chunk[12]));
    const logged = logEntriesDecode(Uint8Array.from(logBytes));
    expect(logged.undecodable).to.deep.equal([]);
    expect(logged.usedBytes, 'the whole log decodes').to.equal(logBytes.length);
    const forms = ofType(MSG_SUMMARY_FORM);
    // summary body: index u32, start and end ms u32, then steps u16
    const sentWithSteps = ofType(MSG_SUMMARY).map((m, i) => [m, forms[i]]).filter(([m]) => (m[20] | (m[21] << 8)) > 0);
    expect(sentWithSteps.length, 'windows with steps').to.be.at.least(2);
    expect(logged.entries.map((e) => Array.from(e.bytes))).to.deep.equal(sentWithSteps.map(([m, f]) => [...m, ...f]));
  });
});
