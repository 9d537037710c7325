import { expect } from 'chai';
import * as path from 'path';
import { PUCKJS2_BOARD } from '../../../boards/puckjs2';
import {
  DEFAULT_PIPELINE_SETTINGS, PipelineSettings, pipelineFinish, pipelineGap, pipelineInit, pipelineProcess,
} from '../../../firmware/core/pipeline';
import { StepRecord, stepRecordCreate } from '../../../firmware/core/stepRecord';
import { SummaryRecord, summaryRecordCreate } from '../../../firmware/core/summaryRecord';
import { MessageInput, decodeMessage, encodeMessage } from '../../../firmware/protocol/codec';
import { MAX_MESSAGE_LENGTH, PROTOCOL_VERSION, RAW_BATCH_SAMPLES_OFFSET } from '../../../firmware/protocol/messageIds';
import { CLOCK_SPEC, FieldSpec, MESSAGE_SPECS, MessageSpec, RECORDING_INFO_SPEC, STATUS_SPEC, STEP_SPEC, SUMMARY_FORM_SPEC, SUMMARY_SPEC, fixedLength } from '../../../firmware/protocol/messageTypes';
import {
  CLOCK_FIELD_FORMAT, CLOCK_MESSAGE_LENGTH, RECORDING_INFO_FIELD_FORMAT, RECORDING_INFO_MESSAGE_LENGTH, recordingInfoEncode, ERROR_FIELD_FORMAT, ERROR_MESSAGE_LENGTH, REPLY_FIELD_FORMAT, REPLY_MESSAGE_LENGTH, STATUS_FIELD_FORMAT, STATUS_MESSAGE_LENGTH, STEP_MESSAGE_LENGTH,
  SUMMARY_FIELD_FORMAT, SUMMARY_FORM_FIELD_FORMAT, SUMMARY_FORM_MESSAGE_LENGTH, SUMMARY_MESSAGE_LENGTH, clockEncode, errorEncode, logChunkEncode, rawBatchEncode, rawBatchHeaderEncode, replyEncode, statusEncode,
  stepEncode, summaryEncode, summaryFormEncode,
} from '../../../firmware/protocol/podEncoders';
import { StatusRecord, statusRecordCreate } from '../../../firmware/protocol/statusRecord';
import { importCsvFile } from '../../../host-tools/recording/csvImport';
import { ImuRecording, recordingBlocks } from '../../../host-tools/recording/imuRecording';
import { EXAMPLE_RUN_OPTIONS } from '../../../host-tools/synthetic/exampleRun';
import { SyntheticOptions, generateSynthetic } from '../../../host-tools/synthetic/generate';
import { Prng, createPrng } from '../../../host-tools/synthetic/prng';
import { recordingFromSynthetic } from '../../../host-tools/synthetic/syntheticRecording';
import { randomBytes, randomInt } from './protocolSamples';

/** the generic table-driven encoding of msg */
function generic(msg: MessageInput): Uint8Array {
  const buf = new Uint8Array(MAX_MESSAGE_LENGTH);
  const length = encodeMessage(msg, buf, 0);
  expect(length).to.be.greaterThan(0);
  return buf.slice(0, length);
}

/** a value for a field: usually inside its type, sometimes far outside (the encoders must saturate alike) */
function wildValue(prng: Prng, field: FieldSpec): number {
  const r = prng.nextFloat();
  if (r < 0.1) return randomInt(prng, -(2 ** 34), 2 ** 34);
  if (r < 0.2) return [field.min, field.max, field.min - 1, field.max + 1][randomInt(prng, 0, 3)];
  return randomInt(prng, field.min, field.max);
}

function wildRecord<T extends object>(prng: Prng, template: T, specs: MessageSpec[]): T {
  const rec = { ...template } as { [name: string]: number };
  for (const spec of specs) for (const field of spec.fields) rec[field.name] = wildValue(prng, field);
  return rec as unknown as T;
}

function podBytes(encode: (buf: Uint8Array, offset: number) => number): Uint8Array {
  const buf = new Uint8Array(MAX_MESSAGE_LENGTH + 8).fill(0xee);
  const length = encode(buf, 3);
  expect(length).to.be.greaterThan(0);
  expect(buf[2], 'byte before untouched').to.equal(0xee);
  expect(buf[3 + length], 'byte after untouched').to.equal(0xee);
  return buf.slice(3, 3 + length);
}

describe('pod encoders', () => {
  it('have the lengths of the field tables', () => {
    expect(STEP_MESSAGE_LENGTH).to.equal(fixedLength(STEP_SPEC.fields));
    expect(SUMMARY_MESSAGE_LENGTH).to.equal(fixedLength(SUMMARY_SPEC.fields));
    expect(SUMMARY_FORM_MESSAGE_LENGTH).to.equal(fixedLength(SUMMARY_FORM_SPEC.fields));
    expect(STATUS_MESSAGE_LENGTH).to.equal(fixedLength(STATUS_SPEC.fields));
    expect(REPLY_MESSAGE_LENGTH).to.equal(fixedLength(MESSAGE_SPECS[6].fields));
    expect(ERROR_MESSAGE_LENGTH).to.equal(fixedLength(MESSAGE_SPECS[7].fields));
    expect(CLOCK_MESSAGE_LENGTH).to.equal(fixedLength(CLOCK_SPEC.fields));
    expect(RECORDING_INFO_MESSAGE_LENGTH).to.equal(fixedLength(RECORDING_INFO_SPEC.fields));
  });

  it('write the same bytes as the table-driven encoder for clock messages, which decode back', () => {
    const prng = createPrng(29);
    for (let n = 0; n < 200; n++) {
      const epochS = randomInt(prng, 0, 2 ** 32 - 1);
      const epochMs = randomInt(prng, 0, 999);
      const bytes = podBytes((b, o) => clockEncode(b, o, n, n * 7, epochS, epochMs));
      expect(bytes).to.deep.equal(generic({ type: 'clock', seq: n, deviceTimeMs: n * 7, epochS, epochMs }));
      expect(decodeMessage(Uint8Array.from(bytes), 0, bytes.length)).to.include({ type: 'clock', seq: n, deviceTimeMs: n * 7, epochS, epochMs });
    }
  });

  it('write the same bytes as the table-driven encoder for recordingInfo messages (seq 0), which decode back', () => {
    for (const rateHz of [52, 104, 208, 1, 65535]) {
      const bytes = podBytes((b, o) => recordingInfoEncode(b, o, rateHz * 3, rateHz));
      expect(bytes).to.deep.equal(generic({ type: 'recordingInfo', seq: 0, deviceTimeMs: rateHz * 3, rateHz }));
      expect(decodeMessage(Uint8Array.from(bytes), 0, bytes.length)).to.include({ type: 'recordingInfo', seq: 0, deviceTimeMs: rateHz * 3, rateHz });
    }
  });

  it('write summaries, status, replies, errors, clocks and recordingInfos by the field formats of their tables', () => {
    const letter: { [type: string]: string } = { u8: 'B', i8: 'b', u16: 'H', i16: 'h', u32: 'I', i32: 'i' };
    const formatOf = (spec: MessageSpec) => spec.fields.map((f) => letter[f.type]).join('');
    expect(SUMMARY_FIELD_FORMAT).to.equal(formatOf(SUMMARY_SPEC));
    expect(SUMMARY_FORM_FIELD_FORMAT).to.equal(formatOf(SUMMARY_FORM_SPEC));
    expect(STATUS_FIELD_FORMAT).to.equal(formatOf(STATUS_SPEC));
    expect(REPLY_FIELD_FORMAT).to.equal(formatOf(MESSAGE_SPECS[6]));
    expect(ERROR_FIELD_FORMAT).to.equal(formatOf(MESSAGE_SPECS[7]));
    expect(CLOCK_FIELD_FORMAT).to.equal(formatOf(CLOCK_SPEC));
    expect(RECORDING_INFO_FIELD_FORMAT).to.equal(formatOf(RECORDING_INFO_SPEC));
  });

  it('write the same bytes as the table-driven encoder for step records, in range or not', () => {
    const prng = createPrng(21);
    for (let n = 0; n < 2000; n++) {
      const rec = wildRecord<StepRecord>(prng, stepRecordCreate(), [STEP_SPEC]);
      const seq = randomInt(prng, 0, 70000);
      const time = randomInt(prng, 0, 2 ** 33);
      expect(podBytes((b, o) => stepEncode(b, o, seq, time, rec))).to.deep.equal(generic({ type: 'step', seq, deviceTimeMs: time, ...rec }));
    }
  });

  it('write the same bytes as the table-driven encoder for both halves of summary records', () => {
    const prng = createPrng(22);
    for (let n = 0; n < 2000; n++) {
      const rec = wildRecord<SummaryRecord>(prng, summaryRecordCreate(), [SUMMARY_SPEC, SUMMARY_FORM_SPEC]);
      const seq = randomInt(prng, 0, 65535);
      const time = randomInt(prng, 0, 2 ** 32 - 1);
      expect(podBytes((b, o) => summaryEncode(b, o, seq, time, rec))).to.deep.equal(generic({ type: 'summary', seq, deviceTimeMs: time, ...rec }));
      expect(podBytes((b, o) => summaryFormEncode(b, o, seq, time, rec))).to.deep.equal(generic({ type: 'summaryForm', seq, deviceTimeMs: time, ...rec }));
    }
  });

  it('write the same bytes as the table-driven encoder for status, reply and error', () => {
    const prng = createPrng(23);
    for (let n = 0; n < 1000; n++) {
      const st = wildRecord<StatusRecord>(prng, statusRecordCreate(), [STATUS_SPEC]);
      expect(podBytes((b, o) => statusEncode(b, o, n, n * 1000, st))).to.deep.equal(generic({ type: 'status', seq: n, deviceTimeMs: n * 1000, ...st }));
      const reply = wildRecord<{ commandSeq: number; commandId: number; status: number; detail: number }>(prng, { commandSeq: 0, commandId: 0, status: 0, detail: 0 }, [MESSAGE_SPECS[6]]);
      expect(podBytes((b, o) => replyEncode(b, o, n, 5, reply.commandSeq, reply.commandId, reply.status, reply.detail)))
        .to.deep.equal(generic({ type: 'reply', seq: n, deviceTimeMs: 5, ...reply }));
      const code = randomInt(prng, -5, 300);
      const detail = randomInt(prng, -5, 2 ** 33);
      expect(podBytes((b, o) => errorEncode(b, o, n, 6, code, detail))).to.deep.equal(generic({ type: 'error', seq: n, deviceTimeMs: 6, code, detail }));
    }
  });

  it('write the same bytes as the table-driven encoder for raw batches, copied or built in place', () => {
    const prng = createPrng(24);
    for (const count of [1, 2, 3, 26, 64]) {
      const samples = new Int16Array((count + 10) * 6);
      for (let i = 0; i < samples.length; i++) samples[i] = randomInt(prng, -32768, 32767);
      const first = 7;
      const expected = generic({ type: 'rawBatch', seq: count, deviceTimeMs: 99, firstSampleIndex: 123456, samplesCounts: samples.slice(first * 6, (first + count) * 6) });
      expect(podBytes((b, o) => rawBatchEncode(b, o, count, 99, 123456, samples, first, count))).to.deep.equal(expected);

      // zero copy: the sample loop fills an Int16Array view of the message buffer, then the header goes in front
      const message = new Uint8Array(RAW_BATCH_SAMPLES_OFFSET + count * 12);
      const view = new Int16Array(message.buffer, RAW_BATCH_SAMPLES_OFFSET, count * 6);
      view.set(samples.subarray(first * 6, (first + count) * 6));
      expect(rawBatchHeaderEncode(message, 0, count, 99, 123456, count)).to.equal(message.length);
      expect(message).to.deep.equal(expected);
    }
  });

  it('write the same bytes as the table-driven encoder for log chunks, including the empty end-of-log chunk', () => {
    const prng = createPrng(25);
    const log = randomBytes(prng, 600);
    for (const length of [0, 1, 37, 255]) {
      const from = randomInt(prng, 0, 600 - length);
      expect(podBytes((b, o) => logChunkEncode(b, o, 4, 5, 1000 + from, log, from, length)))
        .to.deep.equal(generic({ type: 'logChunk', seq: 4, deviceTimeMs: 5, logOffset: 1000 + from, bytes: log.slice(from, from + length) }));
    }
  });

  it('return 0 and write nothing when the message does not fit the buffer or the source range is bad', () => {
    const small = new Uint8Array(48).fill(0xee);
    expect(stepEncode(small, 0, 0, 0, stepRecordCreate())).to.equal(0);
    expect(summaryEncode(small, 1, 0, 0, summaryRecordCreate())).to.equal(0);
    expect(statusEncode(small, 0, 0, 0, statusRecordCreate())).to.equal(0);
    expect(replyEncode(small, 40, 0, 0, 0, 0, 0, 0)).to.equal(0);
    expect(errorEncode(small, -1, 0, 0, 0, 0)).to.equal(0);
    expect(rawBatchEncode(small, 0, 0, 0, 0, new Int16Array(60), 0, 3)).to.equal(0);
    expect(rawBatchEncode(new Uint8Array(200), 0, 0, 0, 0, new Int16Array(12), 1, 2)).to.equal(0);
    expect(rawBatchHeaderEncode(new Uint8Array(2000), 0, 0, 0, 0, 0)).to.equal(0);
    expect(rawBatchHeaderEncode(new Uint8Array(2000), 0, 0, 0, 0, 65)).to.equal(0);
    expect(logChunkEncode(small, 0, 0, 0, 0, new Uint8Array(10), 5, 6)).to.equal(0);
    expect(logChunkEncode(new Uint8Array(400), 0, 0, 0, 0, new Uint8Array(300), 0, 256)).to.equal(0);
    expect(Array.from(small).every((b) => b === 0xee)).to.equal(true);
  });
});

// ---- core's own records through the pod encoders and the host decoder

interface Collected {
  steps: StepRecord[];
  summaries: SummaryRecord[];
  /** fields (message.field) whose value lay outside the table's documented range */
  outside: string[];
}

function checkRange(spec: MessageSpec, rec: { [name: string]: number }, outside: string[]): void {
  for (const field of spec.fields) {
    const value = rec[field.name];
    const allowed = field.values ? field.values.some((v) => v.value === value) : value >= field.min && value <= field.max;
    if (!allowed || !Number.isInteger(value)) outside.push(`${spec.name}.${field.name}=${value}`);
  }
}

/** runs core over a recording; every record goes through the pod encoder and back through decodeMessage */
function runThroughProtocol(recording: ImuRecording, settings: Partial<PipelineSettings> = {}): Collected {
  const collected: Collected = { steps: [], summaries: [], outside: [] };
  const buf = new Uint8Array(64);
  let seq = 0;
  const sink = {
    step(rec: StepRecord) {
      checkRange(STEP_SPEC, rec as unknown as { [name: string]: number }, collected.outside);
      const length = stepEncode(buf, 0, seq, seq * 10, rec);
      const decoded = decodeMessage(buf, 0, length);
      expect(decoded).to.deep.equal({ type: 'step', version: PROTOCOL_VERSION, seq: seq & 0xffff, deviceTimeMs: seq * 10, ...rec });
      seq++;
      collected.steps.push({ ...rec });
    },
    summary(rec: SummaryRecord) {
      checkRange(SUMMARY_SPEC, rec as unknown as { [name: string]: number }, collected.outside);
      checkRange(SUMMARY_FORM_SPEC, rec as unknown as { [name: string]: number }, collected.outside);
      const first = decodeMessage(buf, 0, summaryEncode(buf, 0, 1, 2, rec)) as unknown as { [name: string]: unknown };
      const second = decodeMessage(buf, 0, summaryFormEncode(buf, 0, 1, 2, rec)) as unknown as { [name: string]: unknown };
      const joined: { [name: string]: unknown } = {};
      for (const key of Object.keys(rec)) joined[key] = key in first ? first[key] : second[key];
      expect(joined).to.deep.equal({ ...rec });
      collected.summaries.push({ ...rec });
    },
  };
  const state = pipelineInit({
    ...DEFAULT_PIPELINE_SETTINGS,
    ...settings,
    sampleRateHz: recording.sampleRateHz,
    scale: recording.scale,
    axisMap: recording.axisMap,
  }, sink);
  for (const block of recordingBlocks(recording, 26)) {
    if (block.kind === 'samples') pipelineProcess(state, block.samplesCounts, block.sampleCount);
    else pipelineGap(state, block.gap.missingSamples);
  }
  pipelineFinish(state);
  return collected;
}

function synthetic(options: SyntheticOptions): ImuRecording {
  return recordingFromSynthetic(generateSynthetic(options));
}

describe('core records through the protocol', () => {
  it('round-trip exactly, every field inside its documented range, for the bundled 3-minute fatiguing run (drift included)', () => {
    const result = runThroughProtocol(synthetic(EXAMPLE_RUN_OPTIONS), { runningSpeedMms: 3300 });
    expect(result.steps.length).to.be.greaterThan(400);
    expect(result.summaries.some((s) => s.leanDriftCdeg !== 0 && s.verticalRatioPct100 > 0)).to.equal(true);
    expect(result.outside).to.deep.equal([]);
  });

  it('round-trip exactly at 52 and 208 Hz through walking, running, clipping and lost samples', () => {
    for (const rate of [52, 208]) {
      const result = runThroughProtocol(synthetic({
        sampleRateHz: rate,
        seed: rate,
        accNoiseMg: 10,
        gyroNoiseMdps: 200,
        gyroBiasMdps: [600, -400, 900],
        segments: [
          { kind: 'standing', durationS: 3 },
          { kind: 'walking', durationS: 15, cadenceSpm: 110 },
          { kind: 'running', durationS: 40, cadenceSpm: 185 },
        ],
        saturation: { accFullScaleCounts: 4096, fromS: 30, toS: 35 },
        droppedRanges: [[rate * 40, rate]],
      }));
      expect(result.steps.some((s) => s.kind === 0)).to.equal(true);
      expect(result.steps.some((s) => (s.quality & 1) !== 0)).to.equal(true);
      expect(result.outside, `${rate} Hz`).to.deep.equal([]);
    }
  });

  it('round-trip exactly when a run starts at the first sample (its first contact lies just before it, tMs below 0)', () => {
    for (const rate of [52, 208]) {
      const result = runThroughProtocol(synthetic({ sampleRateHz: rate, segments: [{ kind: 'running', durationS: 15, cadenceSpm: 200 }] }));
      expect(result.steps[0].tMs, `${rate} Hz`).to.be.below(0);
      expect(result.outside, `${rate} Hz`).to.deep.equal([]);
    }
  });

  it('round-trip exactly for the real lower-back walking trial (examples/mobgap)', async () => {
    const file = path.resolve(__dirname, '..', '..', '..', 'examples', 'mobgap', 'HA-001_Test5_Trial1.csv');
    const imported = await importCsvFile(file, { scale: PUCKJS2_BOARD.scale, axisMap: { v: 1, ap: 3, ml: -2 } });
    const result = runThroughProtocol(imported.recording as ImuRecording);
    expect(result.steps.length).to.be.greaterThan(5);
    expect(result.outside).to.deep.equal([]);
  });
});
