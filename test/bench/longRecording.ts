// A researcher's long serial recording made without the simulated pod (which runs the firmware
// at about 1,000 samples/s, hours for one marathon): a synthetic run at 208 Hz fed to
// PodRecordingWriter as record feeds it, in the pod's raw batches, with the steps and window
// summaries the pod's own detector finds in them (core run over the same batches, encoded and
// decoded as on the link). It holds two batches lost on the link and a restart of the pod
// midway, whose boot counts its samples from 0 again. Also the same run as the CSV file another
// device's logger would write. Both are written in pieces: nothing holds a whole file as text.
import * as fs from 'fs';
import { PUCKJS2_BOARD } from '../../boards/puckjs2';
import { CoreState } from '../../firmware/core/coreState';
import { pipelineFinish, pipelineGap, pipelineInit, pipelineProcess, SAMPLE_STRIDE } from '../../firmware/core/pipeline';
import { StepRecord } from '../../firmware/core/stepRecord';
import { SummaryRecord } from '../../firmware/core/summaryRecord';
import { podPipelineSettings } from '../../firmware/device/podPipelineSettings';
import { decodeMessage } from '../../firmware/protocol/codec';
import { MAX_MESSAGE_LENGTH, STATUS_CALIBRATED, STATUS_FORWARD_KNOWN, STATUS_RAW_STREAM, STATUS_RECORDING } from '../../firmware/protocol/messageIds';
import { statusEncode, stepEncode, summaryEncode, summaryFormEncode } from '../../firmware/protocol/podEncoders';
import { statusRecordCreate } from '../../firmware/protocol/statusRecord';
import { podRecordingCountersZero, podRecordingMetaStart, PodRecordingMeta, PodRecordingWriter } from '../../host-tools/recording/podRecording';
import { generateSynthetic, SyntheticRun, SYNTHETIC_SAMPLE_STRIDE } from '../../host-tools/synthetic/generate';

export const LONG_RUN_RATE_HZ = 208;
/** the pod sends a quarter of a second of samples per raw batch at 208 Hz */
const BATCH_SAMPLES = 52;
const START_EPOCH_MS = Date.UTC(2026, 10, 25, 8, 0, 0);

/** 5 s standing, then `minutes` of running at 208 Hz on a Puck.js v2 */
export function longSyntheticRun(minutes: number): SyntheticRun {
  return generateSynthetic({
    board: PUCKJS2_BOARD,
    sampleRateHz: LONG_RUN_RATE_HZ,
    segments: [{ kind: 'standing', durationS: 5 }, { kind: 'running', durationS: minutes * 60, cadenceSpm: 168 }],
    seed: 11,
  });
}

export interface LongRecordingFigures {
  meta: PodRecordingMeta;
  /** wall time PodRecordingWriter took for the messages, and the session time they span, s */
  writerSeconds: number;
  sessionSeconds: number;
  steps: number;
  summaries: number;
}

/**
 * Writes `run` to `dir` as `lumbarpod record` would have recorded it. The batches at 1/4 and
 * 3/4 of the run are lost on the link; at 1/2 the pod restarts (2 s down).
 */
export async function writeLongRecording(dir: string, run: SyntheticRun): Promise<LongRecordingFigures> {
  const board = run.board;
  const counters = podRecordingCountersZero();
  const writer = new PodRecordingWriter(dir, podRecordingMetaStart(board, LONG_RUN_RATE_HZ, START_EPOCH_MS, counters));
  const buf = new Uint8Array(MAX_MESSAGE_LENGTH);
  const seq: { [type: string]: number } = {};
  let boot = 0;
  let bootStartMs = 0;
  let deviceTimeMs = 0;
  let writerNs = 0n;
  let receivedMs = 0;
  let steps = 0;
  let summaries = 0;
  const send = (message: { type: string; [field: string]: unknown }): void => {
    const start = process.hrtime.bigint();
    writer.addMessage(boot > 0 ? { ...message, boot } : message, receivedMs);
    writerNs += process.hrtime.bigint() - start;
  };
  const decoded = (length: number): { type: string; [field: string]: unknown } => {
    const message = decodeMessage(buf, 0, length);
    if (message.type === 'decodeError') throw new Error(`the pod's own encoding did not decode: ${message.reason}`);
    return message as unknown as { type: string };
  };
  const next = (type: string): number => {
    const value = seq[type] ?? 0;
    seq[type] = (value + 1) & 0xffff;
    return value;
  };
  const sink = {
    step(record: StepRecord) {
      steps++;
      send(decoded(stepEncode(buf, 0, next('step'), deviceTimeMs, record)));
    },
    summary(record: SummaryRecord) {
      summaries++;
      send(decoded(summaryEncode(buf, 0, next('summary'), deviceTimeMs, record)));
      send(decoded(summaryFormEncode(buf, 0, next('summaryForm'), deviceTimeMs, record)));
    },
  };
  const settings = podPipelineSettings(board.scale, board.axisMap, LONG_RUN_RATE_HZ, 0);
  let core: CoreState = pipelineInit(settings, sink);
  const status = (samples: number): void => {
    send(decoded(statusEncode(buf, 0, next('status'), deviceTimeMs, {
      ...statusRecordCreate(), samples, flags: STATUS_RECORDING | STATUS_RAW_STREAM | STATUS_CALIBRATED | STATUS_FORWARD_KNOWN,
      rateHz: LONG_RUN_RATE_HZ, firmwareMajor: 0, firmwareMinor: 17, batteryPct: 90, sampleHandlerBusyPct: 26,
    })));
  };

  const batches = Math.ceil(run.sampleCount / BATCH_SAMPLES);
  const lost = new Set([Math.floor(batches / 4), Math.floor((3 * batches) / 4)]);
  const restartAt = Math.floor(batches / 2);
  const restartDownMs = 2000;
  const fifo = new Int16Array(BATCH_SAMPLES * SAMPLE_STRIDE);
  status(0);
  for (let b = 0; b < batches; b++) {
    const first = b * BATCH_SAMPLES;
    const count = Math.min(BATCH_SAMPLES, run.sampleCount - first);
    if (b === restartAt) {
      pipelineFinish(core);
      receivedMs += restartDownMs;
      boot++;
      bootStartMs = receivedMs;
      for (const type of Object.keys(seq)) seq[type] = 0;
      writer.noteRestart(false);
      writer.addLinkEvent('restart', receivedMs, { messageType: 'status', seq: 0, lastDeviceTimeMs: deviceTimeMs, deviceTimeMs: 0 });
      deviceTimeMs = 0;
      core = pipelineInit(settings, sink);
      status(0);
    }
    const podFirst = b >= restartAt ? first - restartAt * BATCH_SAMPLES : first;
    deviceTimeMs = Math.round(((podFirst + count) * 1000) / LONG_RUN_RATE_HZ);
    receivedMs = bootStartMs + deviceTimeMs;
    for (let i = 0; i < count; i++) {
      const from = (first + i) * SYNTHETIC_SAMPLE_STRIDE;
      // the synthetic run is accel first, the pod's FIFO gyro first
      for (let k = 0; k < 3; k++) {
        fifo[i * SAMPLE_STRIDE + k] = run.samples[from + 3 + k];
        fifo[i * SAMPLE_STRIDE + 3 + k] = run.samples[from + k];
      }
    }
    const samplesCounts = fifo.slice(0, count * SAMPLE_STRIDE);
    if (lost.has(b)) {
      // the pod's detector saw the batch; the host never did
      pipelineProcess(core, samplesCounts, count);
      next('rawBatch');
      continue;
    }
    pipelineProcess(core, samplesCounts, count);
    send({ type: 'rawBatch', version: 2, seq: next('rawBatch'), deviceTimeMs, firstSampleIndex: podFirst, sampleCount: count, samplesCounts });
    // record asks the pod's status now and then, as its live view shows the pod's load
    if (b % 240 === 239) status(podFirst + count);
  }
  pipelineFinish(core);
  const writerStart = process.hrtime.bigint();
  const meta = await writer.close({
    firmwareVersion: '0.18', calibration: { stationary: true, forwardKnown: true },
    endTime: new Date(START_EPOCH_MS + receivedMs).toISOString(), counters, complete: true, endedBy: 'interrupt',
  });
  writerNs += process.hrtime.bigint() - writerStart;
  return { meta, writerSeconds: Number(writerNs) / 1e9, sessionSeconds: receivedMs / 1000, steps, summaries };
}

/**
 * `run` as another device's logger writes it: t_s, acceleration in g and angular rate in deg/s
 * on the sensor's axes, written a block of rows at a time
 */
export function writeLongCsv(file: string, run: SyntheticRun): void {
  const gPerCount = run.board.scale.accUgPerCount / 1e6;
  const dpsPerCount = run.board.scale.gyroMdpsPerCount / 1000;
  const fd = fs.openSync(file, 'w');
  try {
    fs.writeSync(fd, 't_s,ax,ay,az,gx,gy,gz\n');
    const rowsPerWrite = 20000;
    for (let from = 0; from < run.sampleCount; from += rowsPerWrite) {
      const lines: string[] = [];
      for (let i = from; i < Math.min(run.sampleCount, from + rowsPerWrite); i++) {
        const base = i * SYNTHETIC_SAMPLE_STRIDE;
        let line = (run.timesMs[i] / 1000).toFixed(5);
        for (let k = 0; k < SYNTHETIC_SAMPLE_STRIDE; k++) line += ',' + (run.samples[base + k] * (k < 3 ? gPerCount : dpsPerCount) + 0).toFixed(5);
        lines.push(line);
      }
      fs.writeSync(fd, lines.join('\n') + '\n');
    }
  } finally {
    fs.closeSync(fd);
  }
}
