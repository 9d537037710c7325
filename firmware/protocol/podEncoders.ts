// The pod's encoders: each writes one message into a caller-provided buffer at an offset and
// returns its length (0 when it does not fit). Field order and types are those of
// messageTypes.ts, written out by hand (or as a short format string) so the pod does not carry
// the documented tables; the tests check every byte against the generic table-driven encoder.
// The step and raw batch allocate nothing; a window summary and a status build one array of
// their values.
import { StepRecord } from '../core/stepRecord';
import { SummaryRecord } from '../core/summaryRecord';
import {
  HEADER_LENGTH, LOG_CHUNK_BYTES_OFFSET, LOG_CHUNK_MAX_BYTES, MSG_CLOCK, MSG_ERROR, MSG_LOG_CHUNK, MSG_RAW_BATCH, MSG_RECORDING_INFO, MSG_REPLY,
  MSG_STATUS, MSG_STEP, MSG_SUMMARY, MSG_SUMMARY_FORM, PROTOCOL_VERSION, RAW_BATCH_MAX_SAMPLES,
  RAW_BATCH_SAMPLES_OFFSET, RAW_SAMPLE_BYTES,
} from './messageIds';
import { StatusRecord } from './statusRecord';
import { writeI16, writeI32, writeI8, writeU16, writeU32, writeU8 } from './littleEndian';

export const STEP_MESSAGE_LENGTH = 49;
export const SUMMARY_MESSAGE_LENGTH = 50;
export const SUMMARY_FORM_MESSAGE_LENGTH = 46;
export const STATUS_MESSAGE_LENGTH = 50;
export const REPLY_MESSAGE_LENGTH = 16;
export const ERROR_MESSAGE_LENGTH = 13;
export const CLOCK_MESSAGE_LENGTH = 14;
export const RECORDING_INFO_MESSAGE_LENGTH = 10;

/** every message's header; the seq and the time wrap (as writeU16Wrapped, writeU32Wrapped do), written here as statements */
function header(buf: Uint8Array, offset: number, type: number, seq: number, deviceTimeMs: number): void {
  buf[offset] = PROTOCOL_VERSION;
  buf[offset + 1] = type;
  buf[offset + 2] = seq;
  buf[offset + 3] = seq >> 8;
  buf[offset + 4] = deviceTimeMs;
  buf[offset + 5] = deviceTimeMs >> 8;
  buf[offset + 6] = deviceTimeMs >> 16;
  buf[offset + 7] = deviceTimeMs >> 24;
}

function fits(buf: Uint8Array, offset: number, length: number): boolean {
  return offset >= 0 && offset + length <= buf.length;
}

export function stepEncode(buf: Uint8Array, offset: number, seq: number, deviceTimeMs: number, rec: StepRecord): number {
  if (!fits(buf, offset, STEP_MESSAGE_LENGTH)) return 0;
  header(buf, offset, MSG_STEP, seq, deviceTimeMs);
  const o = offset + HEADER_LENGTH;
  writeU32(buf, o, rec.index);
  writeI32(buf, o + 4, rec.tMs);
  writeI8(buf, o + 8, rec.side);
  writeU8(buf, o + 9, rec.kind);
  writeU16(buf, o + 10, rec.stepMs);
  writeU16(buf, o + 12, rec.cadenceSpm);
  writeU16(buf, o + 14, rec.contactMs);
  writeI16(buf, o + 16, rec.flightMs);
  writeU16(buf, o + 18, rec.voMm);
  writeI16(buf, o + 20, rec.impactMg);
  writeI16(buf, o + 22, rec.impactAxialMg);
  writeU16(buf, o + 24, rec.impactShearMg);
  writeU16(buf, o + 26, rec.vgrfBw100);
  writeU16(buf, o + 28, rec.brakingMms);
  writeU16(buf, o + 30, rec.brakingPeakMg);
  writeU16(buf, o + 32, rec.dropCdeg);
  writeU16(buf, o + 34, rec.rotationCdeg);
  writeU16(buf, o + 36, rec.tiltRangeCdeg);
  writeI16(buf, o + 38, rec.leanCdeg);
  writeU8(buf, o + 40, rec.quality);
  return STEP_MESSAGE_LENGTH;
}

/**
 * Field formats, one letter a field in table order, as in Python's struct: B u8, b i8, H u16,
 * h i16, I u32, i i32. The messages a window or a status makes (rare) are written through
 * fieldsWrite, which costs the bundle less than a call per field, and so do a reply, an error, a
 * clock (one a command at most) and a recordingInfo (one a recording); the step, made every stride, and the raw batch keep their calls.
 */
export const SUMMARY_FIELD_FORMAT = 'IIIHHHHHHHhHHhhHHH';
export const SUMMARY_FORM_FIELD_FORMAT = 'IHHHHHHhHHHHHHhhhh';
export const STATUS_FIELD_FORMAT = 'IIHIIHHHIIBHHBBHB';
export const REPLY_FIELD_FORMAT = 'HBBI';
export const ERROR_FIELD_FORMAT = 'BI';
export const CLOCK_FIELD_FORMAT = 'IH';
export const RECORDING_INFO_FIELD_FORMAT = 'H';

/** values[i] written as format letter i, little-endian and saturated at its type's range as the write* functions do */
function fieldsWrite(buf: Uint8Array, offset: number, format: string, values: number[]): void {
  let o = offset;
  for (let i = 0; i < format.length; i++) {
    // b B h H i I: the width doubles every two letters, the capital one unsigned
    const letter = 'bBhHiI'.indexOf(format.charAt(i));
    const bits = 8 << (letter >> 1);
    const max = Math.pow(2, bits - 1 + (letter & 1)) - 1;
    const min = letter & 1 ? 0 : -max - 1;
    const v = values[i] < min ? min : values[i] > max ? max : values[i];
    // >> works on int32: a u32 past 2^31 wraps there with the same low bits
    for (let shift = 0; shift < bits; shift += 8) buf[o++] = v >> shift;
  }
}

/**
 * A message of `length` bytes whose fields after the header are values[] as `format`
 * (fieldsWrite): its length, or 0 when it does not fit. The messages not made per step or burst
 * go through here, which costs the bundle less than a header, a check and a write per field each.
 */
function messageWrite(
  buf: Uint8Array, offset: number, type: number, seq: number, deviceTimeMs: number, length: number, format: string, values: number[],
): number {
  if (!fits(buf, offset, length)) return 0;
  header(buf, offset, type, seq, deviceTimeMs);
  fieldsWrite(buf, offset + HEADER_LENGTH, format, values);
  return length;
}

/** the first half of a window summary; send summaryFormEncode of the same record right after */
export function summaryEncode(buf: Uint8Array, offset: number, seq: number, deviceTimeMs: number, rec: SummaryRecord): number {
  return messageWrite(buf, offset, MSG_SUMMARY, seq, deviceTimeMs, SUMMARY_MESSAGE_LENGTH, SUMMARY_FIELD_FORMAT, [
    rec.index, rec.startMs, rec.endMs, rec.steps, rec.runningSteps, rec.walkingSteps, rec.saturatedSteps, rec.cadenceSpm,
    rec.walkingCadenceSpm, rec.contactMs, rec.flightMs, rec.voMm, rec.verticalRatioPct100, rec.impactMg, rec.impactAxialMg,
    rec.impactShearMg, rec.vgrfBw100, rec.quality,
  ]);
}

export function summaryFormEncode(buf: Uint8Array, offset: number, seq: number, deviceTimeMs: number, rec: SummaryRecord): number {
  return messageWrite(buf, offset, MSG_SUMMARY_FORM, seq, deviceTimeMs, SUMMARY_FORM_MESSAGE_LENGTH, SUMMARY_FORM_FIELD_FORMAT, [
    rec.index, rec.brakingMms, rec.brakingPeakMg, rec.dropLeftCdeg, rec.dropRightCdeg, rec.rotationCdeg, rec.tiltRangeCdeg,
    rec.leanCdeg, rec.gctBalanceLeftPct100, rec.stepBalanceLeftPct100, rec.dropBalanceLeftPct100, rec.stepTimeCvPct100,
    rec.contactCvPct100, rec.dropCvPct100, rec.leanDriftCdeg, rec.dropDriftCdeg, rec.voDriftMm, rec.contactDriftMs,
  ]);
}

export function statusEncode(buf: Uint8Array, offset: number, seq: number, deviceTimeMs: number, st: StatusRecord): number {
  return messageWrite(buf, offset, MSG_STATUS, seq, deviceTimeMs, STATUS_MESSAGE_LENGTH, STATUS_FIELD_FORMAT, [
    st.samples, st.droppedSamples, st.gaps, st.steps, st.windows, st.framesReceived, st.framesBad, st.commandsRejected,
    st.storageUsedBytes, st.storageFreeBytes, st.batteryPct, st.flags, st.rateHz, st.firmwareMajor, st.firmwareMinor,
    st.speedMms, st.sampleHandlerBusyPct,
  ]);
}

/**
 * Header and count of a rawBatch whose samples the caller already placed at
 * offset + RAW_BATCH_SAMPLES_OFFSET (even: an Int16Array view over the message buffer, filled by
 * the sample loop, makes the batch cost no copy on the little-endian nRF52). Returns the length.
 */
export function rawBatchHeaderEncode(buf: Uint8Array, offset: number, seq: number, deviceTimeMs: number, firstSampleIndex: number, sampleCount: number): number {
  const length = RAW_BATCH_SAMPLES_OFFSET + sampleCount * RAW_SAMPLE_BYTES;
  if (sampleCount < 1 || sampleCount > RAW_BATCH_MAX_SAMPLES || !fits(buf, offset, length)) return 0;
  header(buf, offset, MSG_RAW_BATCH, seq, deviceTimeMs);
  writeU32(buf, offset + 8, firstSampleIndex);
  writeU16(buf, offset + 12, sampleCount);
  return length;
}

/** a rawBatch of samples[firstSample .. firstSample + sampleCount) (SAMPLE_STRIDE counts each), copied */
export function rawBatchEncode(
  buf: Uint8Array, offset: number, seq: number, deviceTimeMs: number, firstSampleIndex: number,
  samples: Int16Array, firstSample: number, sampleCount: number,
): number {
  if (firstSample < 0 || (firstSample + sampleCount) * 6 > samples.length) return 0;
  const length = rawBatchHeaderEncode(buf, offset, seq, deviceTimeMs, firstSampleIndex, sampleCount);
  if (length === 0) return 0;
  const end = (firstSample + sampleCount) * 6;
  for (let k = firstSample * 6, o = offset + RAW_BATCH_SAMPLES_OFFSET; k < end; k++, o += 2) {
    const v = samples[k];
    buf[o] = v;
    buf[o + 1] = v >> 8;
  }
  return length;
}

/** a logChunk of log bytes src[srcOffset .. srcOffset + length); length 0 marks the end of the log */
export function logChunkEncode(
  buf: Uint8Array, offset: number, seq: number, deviceTimeMs: number, logOffset: number,
  src: Uint8Array, srcOffset: number, length: number,
): number {
  const total = LOG_CHUNK_BYTES_OFFSET + length;
  if (length < 0 || length > LOG_CHUNK_MAX_BYTES || srcOffset < 0 || srcOffset + length > src.length || !fits(buf, offset, total)) return 0;
  header(buf, offset, MSG_LOG_CHUNK, seq, deviceTimeMs);
  writeU32(buf, offset + 8, logOffset);
  buf[offset + 12] = length;
  for (let i = 0; i < length; i++) buf[offset + LOG_CHUNK_BYTES_OFFSET + i] = src[srcOffset + i];
  return total;
}

/** the answer to the command with seq commandSeq: a REPLY_* status and its detail */
export function replyEncode(
  buf: Uint8Array, offset: number, seq: number, deviceTimeMs: number, commandSeq: number, commandId: number,
  status: number, detail: number,
): number {
  return messageWrite(buf, offset, MSG_REPLY, seq, deviceTimeMs, REPLY_MESSAGE_LENGTH, REPLY_FIELD_FORMAT, [commandSeq, commandId, status, detail]);
}

/** an unsolicited ERROR_* report */
export function errorEncode(buf: Uint8Array, offset: number, seq: number, deviceTimeMs: number, code: number, detail: number): number {
  return messageWrite(buf, offset, MSG_ERROR, seq, deviceTimeMs, ERROR_MESSAGE_LENGTH, ERROR_FIELD_FORMAT, [code, detail]);
}

/** a clock message: wall clock epochS.epochMs at pod time deviceTimeMs (for the log) */
export function clockEncode(buf: Uint8Array, offset: number, seq: number, deviceTimeMs: number, epochS: number, epochMs: number): number {
  return messageWrite(buf, offset, MSG_CLOCK, seq, deviceTimeMs, CLOCK_MESSAGE_LENGTH, CLOCK_FIELD_FORMAT, [epochS, epochMs]);
}

/** a recordingInfo message (for the log): the rate the recording samples at; its seq is always 0 */
export function recordingInfoEncode(buf: Uint8Array, offset: number, deviceTimeMs: number, rateHz: number): number {
  return messageWrite(buf, offset, MSG_RECORDING_INFO, 0, deviceTimeMs, RECORDING_INFO_MESSAGE_LENGTH, RECORDING_INFO_FIELD_FORMAT, [rateHz]);
}
