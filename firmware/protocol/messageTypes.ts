// The field tables of the LumbarPod protocol: one definition of every message (type id, name,
// ordered fields with wire type, unit, scale, range and meaning) and of every command. The
// generic codec, the pod's fast encoders (checked against these in tests), the host decoder and
// docs/protocol.md all come from here. Integers on the wire: value in `unit` = wire / `scale`.
import { QUALITY_NAMES } from '../core/summaryRecord';
import {
  KIND_RUNNING, KIND_WALKING, SIDE_LEFT, SIDE_RIGHT, SIDE_UNKNOWN, STEP_AFTER_GAP, STEP_SATURATED, STEP_SIDE_GUESSED,
  STEP_LEAN_PROVISIONAL, STEP_UNCALIBRATED, STEP_WARMUP,
} from '../core/stepRecord';
import {
  COMMAND_CLEAR_LOG, COMMAND_CONFIRM_KEY, COMMAND_GET_STATUS, COMMAND_READ_LOG, COMMAND_REBOOT_TO_SETUP, COMMAND_SET_CLOCK, COMMAND_SET_RATE,
  COMMAND_SET_RAW_STREAM, COMMAND_SET_SPEED, COMMAND_START_RECORDING, COMMAND_STOP_RECORDING, ERROR_BAD_FRAME,
  ERROR_BATTERY_LOW, ERROR_NO_MEMORY, ERROR_RESTARTED, ERROR_SAMPLES_LOST, ERROR_STORAGE, HEADER_LENGTH, LOG_CHUNK_MAX_BYTES, LOG_CHUNK_MAX_BYTES_BLE,
  MSG_CLOCK, MSG_COMMAND, MSG_ERROR, MSG_LOG_CHUNK, MSG_RAW_BATCH, MSG_RECORDING_INFO, MSG_REPLY, MSG_STATUS, MSG_STEP, MSG_SUMMARY, MSG_SUMMARY_FORM,
  RAW_BATCH_MAX_SAMPLES, RAW_BATCH_MAX_SAMPLES_BLE, REPLY_BAD_LENGTH, REPLY_BAD_VERSION, REPLY_BUSY, REPLY_FAILED,
  REPLY_NOT_COMMAND, REPLY_OK, REPLY_OUT_OF_RANGE, REPLY_STORAGE_FULL, REPLY_UNKNOWN_COMMAND, STATUS_BATTERY_LOW,
  STATUS_BLE_CONNECTED, STATUS_CALIBRATED, STATUS_FORWARD_KNOWN, STATUS_RAW_STREAM, STATUS_RECORDING,
  STATUS_CONFIG_UNSAVED, STATUS_RAW_ONLY, STATUS_SATURATION_SEEN, STATUS_SETUP_MODE, STATUS_STORAGE_FULL,
} from './messageIds';

export type WireType = 'u8' | 'i8' | 'u16' | 'i16' | 'u32' | 'i32';

/** one value of an enumeration, or one bit of a bit field */
export interface NamedValue {
  readonly value: number;
  readonly name: string;
  readonly doc: string;
}

export interface FieldSpec {
  readonly name: string;
  readonly type: WireType;
  /** unit of the value after dividing by scale ('' for counts, ids and bit fields) */
  readonly unit: string;
  /** wire integers per unit: value in unit = wire / scale */
  readonly scale: number;
  /** values the pod sends (inside the wire type; the encoders saturate at the type's range) */
  readonly min: number;
  readonly max: number;
  readonly doc: string;
  /** the only values allowed, with their meaning */
  readonly values?: readonly NamedValue[];
  /** meaning of each bit (any combination allowed) */
  readonly bits?: readonly NamedValue[];
}

/** the repeated part at the end of a message: countField elements of stride values each */
export interface TailSpec {
  readonly name: string;
  readonly countField: string;
  readonly type: 'u8' | 'i16';
  readonly stride: number;
  readonly elementNames: readonly string[];
  readonly unit: string;
  readonly doc: string;
  readonly maxCount: number;
  readonly maxCountBle: number;
}

export interface MessageSpec {
  readonly id: number;
  readonly name: string;
  /** 'pod' = pod to host, 'host' = host to pod */
  readonly from: 'pod' | 'host';
  readonly doc: string;
  readonly fields: readonly FieldSpec[];
  readonly tail?: TailSpec;
  /**
   * how many of `fields` the first revision of this version sent: the ones after were appended
   * later, so a message of an older firmware may end before them (decoded as FIELD_NOT_SENT)
   */
  readonly fieldsOfFirstRevision?: number;
}

/** the decoded value of a field appended after the firmware that sent the message was made */
export const FIELD_NOT_SENT = -1;

/** bytes of the shortest message of this type a pod of the current version sends */
export function leastFixedLength(spec: MessageSpec): number {
  return fixedLength(spec.fieldsOfFirstRevision === undefined ? spec.fields : spec.fields.slice(0, spec.fieldsOfFirstRevision));
}

export interface CommandSpec {
  readonly id: number;
  readonly name: string;
  readonly doc: string;
  readonly args: readonly FieldSpec[];
}

const U32_MAX = 4294967295;
const I32_MAX = 2147483647;

function field<N extends string>(name: N, type: WireType, unit: string, scale: number, min: number, max: number, doc: string): FieldSpec & { name: N } {
  return { name: name, type: type, unit: unit, scale: scale, min: min, max: max, doc: doc };
}

function enumField<N extends string>(name: N, type: WireType, doc: string, values: NamedValue[]): FieldSpec & { name: N } {
  let min = values[0].value;
  let max = min;
  for (let i = 1; i < values.length; i++) {
    if (values[i].value < min) min = values[i].value;
    if (values[i].value > max) max = values[i].value;
  }
  return { name: name, type: type, unit: '', scale: 1, min: min, max: max, doc: doc, values: values };
}

function bitsField<N extends string>(name: N, type: WireType, doc: string, bits: NamedValue[]): FieldSpec & { name: N } {
  return { name: name, type: type, unit: '', scale: 1, min: 0, max: type === 'u8' ? 255 : type === 'u16' ? 65535 : U32_MAX, doc: doc, bits: bits };
}

function named(value: number, name: string, doc: string): NamedValue {
  return { value: value, name: name, doc: doc };
}

// ---- fields shared by the step and summary messages (units and sources as in firmware/core)

const SIDE_VALUES = [
  named(SIDE_UNKNOWN, 'unknown', 'no side yet (first step after a gap with an ambiguous signal)'),
  named(SIDE_LEFT, 'left', 'left foot in contact'),
  named(SIDE_RIGHT, 'right', 'right foot in contact'),
];

const KIND_VALUES = [
  named(KIND_WALKING, 'walking', 'no flight phase: counted and timed, running metrics are 0'),
  named(KIND_RUNNING, 'running', 'contact bracketed by flight: all metrics'),
];

const STEP_QUALITY_BITS = [
  named(STEP_SATURATED, 'saturated', 'an IMU axis hit full scale during the step: load metrics are 0'),
  named(STEP_AFTER_GAP, 'afterGap', 'samples were missing since the previous step'),
  named(STEP_UNCALIBRATED, 'uncalibrated', 'no stationary calibration yet: lean is against an upright the pod estimates from running steps, not the runner\'s true lean'),
  named(STEP_SIDE_GUESSED, 'sideGuessed', 'side forced by alternation, the signal alone was ambiguous'),
  named(STEP_WARMUP, 'warmup', 'one of the first steps after start or a gap: metrics still settling'),
  named(STEP_LEAN_PROVISIONAL, 'leanProvisional', 'lean against the upright reference a stop set (3 deg or more from the one before) while the running after the stop (its first 8 steps) or an upright stop may still give it back (firmware 0.9 on): this lean was then off by the bend. Window lean medians leave these steps out'),
];

const SUMMARY_QUALITY_BITS: NamedValue[] = [];
for (let i = 0; i < QUALITY_NAMES.length; i++) {
  SUMMARY_QUALITY_BITS.push(named(QUALITY_NAMES[i].bit, QUALITY_NAMES[i].name, 'the window\'s ' + QUALITY_NAMES[i].name + ' metric is trustworthy'));
}

// ---- messages

export const RAW_BATCH_SPEC = {
  id: MSG_RAW_BATCH,
  name: 'rawBatch',
  from: 'pod',
  doc: 'Raw IMU samples as core receives them, for research recordings: consecutive samples from firstSampleIndex on. Sent while the raw stream is on, usually one batch per read of the IMU FIFO: a quarter second of samples (26 at 104 Hz), half a second in raw only at 52 and 104 Hz. Its header\'s deviceTimeMs is when the pod read its samples from the FIFO, the newest of them just taken (firmware 0.20 on, where it is sent after the steps found in them; before, it was built right after the read).',
  fields: [
    field('firstSampleIndex', 'u32', '', 1, 0, U32_MAX, 'index of the first sample on core\'s clock (samples since recording started, gaps included); a batch continues where the last one ended, a jump is lost samples'),
    field('sampleCount', 'u16', '', 1, 1, RAW_BATCH_MAX_SAMPLES, 'samples in this batch (at most ' + RAW_BATCH_MAX_SAMPLES_BLE + ' on BLE)'),
  ],
  tail: {
    name: 'samplesCounts',
    countField: 'sampleCount',
    type: 'i16',
    stride: 6,
    elementNames: ['gx', 'gy', 'gz', 'ax', 'ay', 'az'],
    unit: 'counts',
    doc: 'per sample: gyroscope x, y, z then accelerometer x, y, z in sensor axes, raw counts, in the order the IMU FIFO delivers them, so the pod copies a burst without touching each sample (scale and mounting from the board the pod names, see Boards: Puck.js v2 at +-16 g and +-2000 dps is 0.488 mg and 70 mdps per count)',
    maxCount: RAW_BATCH_MAX_SAMPLES,
    maxCountBle: RAW_BATCH_MAX_SAMPLES_BLE,
  },
} as const;

export const STEP_SPEC = {
  id: MSG_STEP,
  name: 'step',
  from: 'pod',
  doc: 'One detected step and its metrics: every field of core\'s StepRecord (firmware/core/stepRecord.ts).',
  fields: [
    field('index', 'u32', '', 1, 1, U32_MAX, 'running count of steps since start, from 1'),
    field('tMs', 'i32', 'ms', 1, -1000, I32_MAX, 'initial contact on core\'s clock, ms since the first sample (gaps included); a few ms below 0 when a run starts at the first sample and its contact is extrapolated to before it (at most the longest flight)'),
    enumField('side', 'i8', 'foot in contact', SIDE_VALUES),
    enumField('kind', 'u8', 'running or walking step', KIND_VALUES),
    field('stepMs', 'u16', 'ms', 1, 0, 65535, 'time from the previous initial contact; 0 for the first step of a run or walk (below 1.2 s with the default settings)'),
    field('cadenceSpm', 'u16', 'steps/min', 1, 0, 60000, 'over the stride this step ends: 120000 / (stepMs + the previous step\'s stepMs) rounded, or 60000 / stepMs for the first step timed after a stop or gap, so steps timed long and short by turns (52 Hz, a limp) show the steady cadence (firmware 0.16 on; before, 60000 / stepMs rounded); steps, not strides; 0 when stepMs is 0'),
    field('contactMs', 'u16', 'ms', 1, 0, 65535, 'ground contact time, initial contact to toe-off; 0 for walking steps'),
    field('flightMs', 'i16', 'ms', 1, -32768, 32767, 'previous toe-off to this initial contact; 0 when there was no flight to measure (out of standing or walking, the two extrapolated crossings can overlap) and for walking steps (older firmware sent a few ms below 0 there)'),
    field('voMm', 'u16', 'mm', 1, 0, 65535, 'vertical oscillation over the step cycle; 0 for walking and saturated steps'),
    field('impactMg', 'i16', 'g', 1000, -32768, 32767, 'peak vertical acceleration in stance, gravity included'),
    field('impactAxialMg', 'i16', 'g', 1000, -32768, 32767, 'peak specific force along the pelvis up axis in stance (compression proxy)'),
    field('impactShearMg', 'u16', 'g', 1000, 0, 32768, 'peak magnitude across the pelvis axis in the sagittal plane in stance (shear proxy)'),
    field('vgrfBw100', 'u16', 'body weights', 100, 0, 65535, 'estimated peak vertical ground reaction force, spring-mass model from contact and flight time (Morin et al. 2005)'),
    field('brakingMms', 'u16', 'm/s', 1000, 0, 65535, 'forward velocity lost from initial contact to the end of deceleration (overstriding); saturates at 65.5 m/s'),
    field('brakingPeakMg', 'u16', 'g', 1000, 0, 65535, 'peak forward deceleration in stance'),
    field('dropCdeg', 'u16', 'deg', 100, 0, 65535, 'pelvic obliquity range in this stance (drop of the swing side)'),
    field('rotationCdeg', 'u16', 'deg', 100, 0, 65535, 'pelvic rotation (yaw) range over the stride ending at this step; 0 without a previous step'),
    field('tiltRangeCdeg', 'u16', 'deg', 100, 0, 65535, 'pelvic tilt (pitch) range over this step (flight before the contact and the contact)'),
    field('leanCdeg', 'i16', 'deg', 100, -18000, 18000, 'mean forward lean over this step relative to standing, positive forward'),
    bitsField('quality', 'u8', 'problems of this step (set = applies)', STEP_QUALITY_BITS),
  ],
} as const;

export const SUMMARY_SPEC = {
  id: MSG_SUMMARY,
  name: 'summary',
  from: 'pod',
  doc: 'First half of a window summary (core\'s SummaryRecord): the window, its step counts, cadence, timing, bounce and impact medians, and the quality bits of the whole window. summaryForm with the same index carries the rest; the two fit one BLE notification each.',
  fields: [
    field('index', 'u32', '', 1, 1, U32_MAX, 'the window\'s number on the window grid since recording started, from 1; joins summary and summaryForm. Windows wholly inside a gap of lost samples are not sent, so the number jumps past them'),
    field('startMs', 'u32', 'ms', 1, 0, U32_MAX, 'start of the window on core\'s clock'),
    field('endMs', 'u32', 'ms', 1, 0, U32_MAX, 'end of the window on core\'s clock'),
    field('steps', 'u16', '', 1, 0, 65535, 'steps in the window, running and walking (a step takes at least 80 ms, a window at most 600 s)'),
    field('runningSteps', 'u16', '', 1, 0, 65535, 'running steps in the window'),
    field('walkingSteps', 'u16', '', 1, 0, 65535, 'walking steps in the window'),
    field('saturatedSteps', 'u16', '', 1, 0, 65535, 'running steps with saturated samples: their load metrics are left out, their step times still give the cadence (firmware 0.7 on; before, they were left out of the cadence too)'),
    field('cadenceSpm', 'u16', 'steps/min', 1, 0, 60000, 'running cadence from strides (each step time joined with the next): steps over the time of the strides within 12.5 % of the median stride, as many left out at each end, so unequal left and right steps give the true cadence (firmware 0.15 on; before, 60000 / the median running step time); 0 without running steps'),
    field('walkingCadenceSpm', 'u16', 'steps/min', 1, 0, 60000, 'walking cadence from the walking steps\' strides, as cadenceSpm (firmware 0.15 on; before, from the median walking step time)'),
    field('contactMs', 'u16', 'ms', 1, 0, 65535, 'median ground contact time'),
    field('flightMs', 'i16', 'ms', 1, 0, 32767, 'median flight time (steps with a flight above 0)'),
    field('voMm', 'u16', 'mm', 1, 0, 65535, 'median vertical oscillation'),
    field('verticalRatioPct100', 'u16', '%', 100, 0, 65535, 'VO over step length (speed x step time, the step time 60 / cadenceSpm s from firmware 0.15 on, the median before); 0 while the speed is unknown; saturates at 655 %'),
    field('impactMg', 'i16', 'g', 1000, -32768, 32767, 'median peak vertical acceleration'),
    field('impactAxialMg', 'i16', 'g', 1000, -32768, 32767, 'median peak along the pelvis axis (compression proxy)'),
    field('impactShearMg', 'u16', 'g', 1000, 0, 32768, 'median peak across the pelvis axis (shear proxy)'),
    field('vgrfBw100', 'u16', 'body weights', 100, 0, 65535, 'median estimated peak vertical ground reaction force'),
    bitsField('quality', 'u16', 'metrics of this window (both halves) that are trustworthy (set = yes)', SUMMARY_QUALITY_BITS),
  ],
} as const;

export const SUMMARY_FORM_SPEC = {
  id: MSG_SUMMARY_FORM,
  name: 'summaryForm',
  from: 'pod',
  doc: 'Second half of a window summary: braking, pelvic motion, lean, L/R balance, step-to-step variability and fatigue drift. Sent right after the summary with the same index; its quality bits are in that summary.',
  fields: [
    field('index', 'u32', '', 1, 1, U32_MAX, 'the window, as in its summary'),
    field('brakingMms', 'u16', 'm/s', 1000, 0, 65535, 'median forward velocity lost in early stance'),
    field('brakingPeakMg', 'u16', 'g', 1000, 0, 65535, 'median peak forward deceleration'),
    field('dropLeftCdeg', 'u16', 'deg', 100, 0, 65535, 'median pelvic drop in left stance'),
    field('dropRightCdeg', 'u16', 'deg', 100, 0, 65535, 'median pelvic drop in right stance'),
    field('rotationCdeg', 'u16', 'deg', 100, 0, 65535, 'median pelvic rotation range over a stride'),
    field('tiltRangeCdeg', 'u16', 'deg', 100, 0, 65535, 'median pelvic tilt range over a step'),
    field('leanCdeg', 'i16', 'deg', 100, -18000, 18000, 'median forward lean, positive forward'),
    field('gctBalanceLeftPct100', 'u16', '%', 100, 0, 10000, 'left share of ground contact time, L/(L+R), over the steps whose side is known; 0 when a side is missing'),
    field('stepBalanceLeftPct100', 'u16', '%', 100, 0, 10000, 'left share of step time, over the steps whose side is known (firmware 0.7 on; before, a step of unknown side counted as right); 0 when a side is missing'),
    field('dropBalanceLeftPct100', 'u16', '%', 100, 0, 10000, 'left share of pelvic drop'),
    field('stepTimeCvPct100', 'u16', '%', 100, 0, 65535, 'coefficient of variation of step time; saturates at 655 %'),
    field('contactCvPct100', 'u16', '%', 100, 0, 65535, 'coefficient of variation of contact time; saturates at 655 %'),
    field('dropCvPct100', 'u16', '%', 100, 0, 65535, 'coefficient of variation of pelvic drop; saturates at 655 %'),
    field('leanDriftCdeg', 'i16', 'deg', 100, -32768, 32767, 'median lean minus lean\'s own baseline: the median of the run\'s first windows with lean trusted, measured against the same upright reference, and taken again when a still moment moves that reference by more than 3 deg (quality bit leanDrift, firmware 0.6 on: an older pod\'s lean drift, against one baseline with the others under drift, is not shown as trusted); from firmware 0.8 a stop bent 10 deg or more forward or back keeps the reference and the baseline, once the running after it shows clearly that the pod was not moved; saturates at +-327 deg'),
    field('dropDriftCdeg', 'i16', 'deg', 100, -32768, 32767, 'median pelvic drop minus the baseline (the run\'s first minutes with enough steps; quality bit drift, as for the two below); saturates at +-327 deg'),
    field('voDriftMm', 'i16', 'mm', 1, -32768, 32767, 'median vertical oscillation minus the baseline'),
    field('contactDriftMs', 'i16', 'ms', 1, -32768, 32767, 'median contact time minus the baseline'),
  ],
} as const;

const STATUS_FLAG_BITS = [
  named(STATUS_RECORDING, 'recording', 'sampling and detecting'),
  named(STATUS_RAW_STREAM, 'rawStream', 'the raw stream is on for the link the status came on: on serial, its setRawStream (kept in flash, whether or not an adapter listens); over BLE, the connected central\'s own setRawStream (ended by its disconnect). Firmware before 0.20 set it on both links when either stream was on'),
  named(STATUS_CALIBRATED, 'calibrated', 'stationary calibration done: lean is absolute'),
  named(STATUS_FORWARD_KNOWN, 'forwardKnown', 'forward direction found from running strides'),
  named(STATUS_STORAGE_FULL, 'storageFull', 'the last window with steps was not stored: the log is full, or its write failed; clears when one is stored again'),
  named(STATUS_BATTERY_LOW, 'batteryLow', 'battery below the warning level'),
  named(STATUS_SATURATION_SEEN, 'saturationSeen', 'an IMU axis hit full scale since the last status on this link'),
  named(STATUS_BLE_CONNECTED, 'bleConnected', 'a BLE central is connected'),
  named(STATUS_SETUP_MODE, 'setupMode', 'setup mode (console open), not run mode'),
  named(STATUS_CONFIG_UNSAVED, 'configUnsaved', 'the last settings change could not be written to flash: it holds until the pod restarts'),
  named(STATUS_RAW_ONLY, 'rawOnly', 'recording with the detector off (setRawStream rawOnly): raw samples only'),
];

export const STATUS_SPEC = {
  id: MSG_STATUS,
  name: 'status',
  from: 'pod',
  doc: 'Counters and state of the pod: sent on getStatus; and on serial, while an adapter is on it, every 5 s of pod time while recording and at once after a setSpeed while recording (its samples field is then the sample from which the new speed holds; before firmware 0.12 a setSpeed over BLE built that one with no adapter on serial too, ending unheard the windows of saturationSeen and sampleHandlerBusyPct; before firmware 0.14 the two links shared those windows, so serial\'s periodic status ended a BLE central\'s). Counters run from recording start unless stated; every field stops at the end of its range (a u16 counter stays at 65535), it never wraps.',
  fields: [
    field('samples', 'u32', '', 1, 0, U32_MAX, 'samples on core\'s clock since recording started, gaps included'),
    field('droppedSamples', 'u32', '', 1, 0, U32_MAX, 'samples lost (IMU FIFO overrun, slow handler; from firmware 0.11 counted from the room the last read left, and an IMU silent for 2 s, set up again, counts its silence; from firmware 0.12 never more than the IMU produced meanwhile, whatever FIFO status an LSM6DSO answered)'),
    field('gaps', 'u16', '', 1, 0, 65535, 'runs of lost samples'),
    field('steps', 'u32', '', 1, 0, U32_MAX, 'steps detected'),
    field('windows', 'u32', '', 1, 0, U32_MAX, 'window summaries emitted'),
    field('framesReceived', 'u16', '', 1, 0, 65535, 'command messages received since boot (serial frames and BLE writes)'),
    field('framesBad', 'u16', '', 1, 0, 65535, 'received frames dropped since boot: bad COBS, CRC or length'),
    field('commandsRejected', 'u16', '', 1, 0, 65535, 'commands answered with a status other than ok since boot'),
    field('storageUsedBytes', 'u32', 'bytes', 1, 0, U32_MAX, 'log bytes stored: the log\'s length, so readLog from here gives what is logged after this status'),
    field('storageFreeBytes', 'u32', 'bytes', 1, 0, U32_MAX, 'bytes left for the log'),
    field('batteryPct', 'u8', '%', 1, 0, 100, 'battery charge estimate'),
    bitsField('flags', 'u16', 'state of the pod (set = holds)', STATUS_FLAG_BITS),
    enumField('rateHz', 'u16', 'IMU sample rate: while recording the rate it samples at, while not the rate it is set to (firmware 0.18 on)', [
      named(0, 'off', 'not recording, from a firmware before 0.18'),
      named(52, '52 Hz', 'low power'),
      named(104, '104 Hz', 'default'),
      named(208, '208 Hz', 'research'),
    ]),
    field('firmwareMajor', 'u8', '', 1, 0, 255, 'firmware version, major'),
    field('firmwareMinor', 'u8', '', 1, 0, 255, 'firmware version, minor'),
    field('speedMms', 'u16', 'm/s', 1000, 0, 15000, 'running speed the vertical ratio is computed with (setSpeed, kept in the config); 0 = unknown'),
    // appended in firmware 0.2: an older pod's status ends before it
    field('sampleHandlerBusyPct', 'u8', '%', 1, 0, 100, 'share of the time since the last status on this link the pod spent in its sample handler (FIFO read, detector, sending steps and summaries), timed with its own clock around each call: its CPU load from sampling, rounded; 0 while not sampling'),
  ],
  fieldsOfFirstRevision: 16,
} as const;

export const LOG_CHUNK_SPEC = {
  id: MSG_LOG_CHUNK,
  name: 'logChunk',
  from: 'pod',
  doc: 'A slice of the on-device log, sent after readLog. Joined by logOffset, the chunks are the log\'s bytes: compact entries, each giving back one window\'s summary and summaryForm as sent live (see "On-device log"). A chunk with length 0 marks the end of the log.',
  fields: [
    field('logOffset', 'u32', 'bytes', 1, 0, U32_MAX, 'position of the first byte in the log: the chunk\'s sequence number in the log; the next chunk starts at logOffset + length'),
    field('length', 'u8', 'bytes', 1, 0, LOG_CHUNK_MAX_BYTES, 'log bytes in this chunk (at most ' + LOG_CHUNK_MAX_BYTES_BLE + ' on BLE); 0 = end of the log'),
  ],
  tail: {
    name: 'bytes',
    countField: 'length',
    type: 'u8',
    stride: 1,
    elementNames: ['byte'],
    unit: '',
    doc: 'the log bytes',
    maxCount: LOG_CHUNK_MAX_BYTES,
    maxCountBle: LOG_CHUNK_MAX_BYTES_BLE,
  },
} as const;

export const REPLY_STATUS_VALUES = [
  named(REPLY_OK, 'ok', 'done'),
  named(REPLY_UNKNOWN_COMMAND, 'unknownCommand', 'the command id is not on the whitelist'),
  named(REPLY_BAD_LENGTH, 'badLength', 'the message is not exactly as long as the command\'s arguments need'),
  named(REPLY_OUT_OF_RANGE, 'outOfRange', 'an argument is outside its range; detail = argument number from 1'),
  named(REPLY_BUSY, 'busy', 'not now (e.g. setRate while recording)'),
  named(REPLY_STORAGE_FULL, 'storageFull', 'the log has no room'),
  named(REPLY_BAD_VERSION, 'badVersion', 'the message\'s protocol version is not the pod\'s'),
  named(REPLY_NOT_COMMAND, 'notCommand', 'the pod accepts command messages only'),
  named(REPLY_FAILED, 'failed', 'the pod tried and failed (e.g. a storage error)'),
];

export const REPLY_SPEC = {
  id: MSG_REPLY,
  name: 'reply',
  from: 'pod',
  doc: 'The outcome of one command, sent once for every frame (serial) or write (BLE) the pod received intact, whatever it holds: a message too short for a header, of another version or of another type is answered too (badLength, badVersion, notCommand). A frame that fails COBS or its CRC gets error badFrame instead.',
  fields: [
    field('commandSeq', 'u16', '', 1, 0, 65535, 'seq of the command answered; 65535 when the message was too short to carry one (under 4 bytes)'),
    field('commandId', 'u8', '', 1, 0, 255, 'command id answered (as received, also when unknown); 0 when the message was refused before its id was read: badVersion, notCommand, or badLength of a message under 9 bytes'),
    enumField('status', 'u8', 'outcome', REPLY_STATUS_VALUES),
    field('detail', 'u32', '', 1, 0, U32_MAX, 'outOfRange: argument number from 1; getStatus: the boot id, a random number from 1 the pod draws at each boot (0 from a firmware older than 0.5); readLog: log length in bytes; setClock: the board the firmware was built for, so a host learns how to read its samples as it begins a session (1 puckjs2, 2 mdbt42q-lsm6dso, 3 sim; firmware 0.16 on, 0 before); startRecording failed: 1 the IMU did not answer, 2 too little RAM for the detector; setRate or setRawStream failed: the value refused (a rate the board lacks, raw only over BLE); otherwise 0'),
  ],
} as const;

export const ERROR_CODE_VALUES = [
  named(ERROR_BAD_FRAME, 'badFrame', 'a received frame failed COBS, CRC or length; detail = framesBad'),
  named(ERROR_SAMPLES_LOST, 'samplesLost', 'IMU samples were lost; detail = samples'),
  named(ERROR_STORAGE, 'storage', 'the log took no more (full, or its write failed); detail = index of the first window not stored. Once each time the log stops taking windows: the status flag storageFull goes on saying it while it does'),
  named(ERROR_BATTERY_LOW, 'batteryLow', 'battery below 10 %, once each time it falls there (again only after it read 15 % or more); detail = percent'),
  named(ERROR_RESTARTED, 'restarted', 'the pod restarted (watchdog or power); detail = 0 (Espruino tells the firmware no reason)'),
  named(ERROR_NO_MEMORY, 'noMemory', 'a recording was not started: with its detector the pod would have too little RAM left to run it (record raw only, or at a lower rate); detail = JsVar blocks that would have been free'),
];

export const ERROR_SPEC = {
  id: MSG_ERROR,
  name: 'error',
  from: 'pod',
  doc: 'A problem the pod reports without being asked.',
  fields: [
    enumField('code', 'u8', 'what went wrong', ERROR_CODE_VALUES),
    field('detail', 'u32', '', 1, 0, U32_MAX, 'depends on code'),
  ],
} as const;

export const CLOCK_SPEC = {
  id: MSG_CLOCK,
  name: 'clock',
  from: 'pod',
  doc: 'In the log only, never sent live: the wall clock a host gave with setClock, and in the header the pod time it was given at. The pod logs it before the first summary it logs after a setClock, and again after clearLog. Its pod time runs on through the boot, so it dates every summary logged in that boot, even when the pod has restarted since (its clock starts at 0 on every boot).',
  fields: [
    field('epochS', 'u32', 's', 1, 0, U32_MAX, 'wall clock: seconds since 1970-01-01 00:00 UTC'),
    field('epochMs', 'u16', 'ms', 1, 0, 999, 'and milliseconds'),
  ],
} as const;

export const RECORDING_INFO_SPEC = {
  id: MSG_RECORDING_INFO,
  name: 'recordingInfo',
  from: 'pod',
  doc: 'In the log only, never sent live (firmware 0.19 on): what a recording was made with, logged right before the first window it logs (after that window\'s clock entry, if any), and again after clearLog; in the header the pod time it was logged at, and seq 0. Every logged recording starts with one, so a host reading the log knows where each recording starts and the rate its windows were measured at, whatever the pod has been set to since. A log written by an older firmware has none.',
  fields: [
    field('rateHz', 'u16', 'Hz', 1, 1, 65535, 'IMU sample rate the recording samples at'),
  ],
} as const;

export const COMMAND_SPECS: readonly CommandSpec[] = [
  { id: COMMAND_GET_STATUS, name: 'getStatus', doc: 'reply ok with the boot id as detail, then a status message', args: [] },
  { id: COMMAND_START_RECORDING, name: 'startRecording', doc: 'start sampling and detection (clock and counters from 0). While the pod is already recording it changes nothing and answers ok: send stopRecording first for a fresh start', args: [] },
  { id: COMMAND_STOP_RECORDING, name: 'stopRecording', doc: 'stop sampling; the last partial window is summarised if it holds a step (or is the first of the recording)', args: [] },
  {
    id: COMMAND_SET_RATE,
    name: 'setRate',
    doc: 'IMU sample rate for the next recording (busy while recording)',
    args: [enumField('rateHz', 'u16', 'sample rate', [named(52, '52 Hz', 'low power'), named(104, '104 Hz', 'default'), named(208, '208 Hz', 'research')])],
  },
  {
    id: COMMAND_SET_RAW_STREAM,
    name: 'setRawStream',
    doc: 'rawBatch messages on or off on the link the command came from. rawOnly (serial only) also turns the detector off from the next startRecording until the pod restarts (it is not kept in flash), so that sampling costs the pod least (docs/performance.md, "Raw only"): no steps, summaries, RSC cadence or log; the host detects them by replay of the raw stream. Changing between rawOnly and the others while recording is answered busy; rawOnly over BLE is answered failed',
    args: [enumField('enabled', 'u8', 'raw stream', [
      named(0, 'off', 'no raw samples'), named(1, 'on', 'send rawBatch messages'),
      named(2, 'rawOnly', 'send rawBatch messages and nothing the detector makes (serial only)'),
    ])],
  },
  {
    id: COMMAND_READ_LOG,
    name: 'readLog',
    doc: 'send the log from a byte offset as logChunk messages, ending with an empty chunk; reply detail = log length (outOfRange past it). On BLE the chunks come one per 50 ms, and the BLE stack may drop a notification without the pod knowing: join chunks by logOffset and ask again from the first byte missing',
    args: [field('fromOffset', 'u32', 'bytes', 1, 0, U32_MAX, 'log offset to start from: a log block\'s start, or where the whole entries of an earlier read ended (decoding goes on from either)')],
  },
  {
    id: COMMAND_CLEAR_LOG,
    name: 'clearLog',
    doc: 'erase the on-device log',
    args: [enumField('confirm', 'u16', 'guards against a stray write', [named(COMMAND_CONFIRM_KEY, '0xC0DE', 'the confirm key')])],
  },
  {
    id: COMMAND_SET_SPEED,
    name: 'setSpeed',
    doc: 'running speed for the vertical ratio (from a watch, treadmill or the host); 0 = unknown. Holds at once; kept in flash at once when not recording, else within a minute and at the stop (firmware 0.11 on: a speed sent every few seconds would wear the flash)',
    args: [field('speedMms', 'u16', 'm/s', 1000, 0, 15000, 'running speed')],
  },
  {
    id: COMMAND_REBOOT_TO_SETUP,
    name: 'rebootToSetup',
    doc: 'restart in setup mode (console open for flashing); the reply is sent first',
    args: [enumField('confirm', 'u16', 'guards against a stray write', [named(COMMAND_CONFIRM_KEY, '0xC0DE', 'the confirm key')])],
  },
  {
    id: COMMAND_SET_CLOCK,
    name: 'setClock',
    doc: 'the host\'s wall clock, which the pod logs as a clock entry before the next summary it logs (hosts send it when they connect)',
    args: [
      field('epochS', 'u32', 's', 1, 0, U32_MAX, 'seconds since 1970-01-01 00:00 UTC'),
      field('epochMs', 'u16', 'ms', 1, 0, 999, 'and milliseconds'),
    ],
  },
];

const COMMAND_ID_VALUES: NamedValue[] = [];
for (let i = 0; i < COMMAND_SPECS.length; i++) COMMAND_ID_VALUES.push(named(COMMAND_SPECS[i].id, COMMAND_SPECS[i].name, COMMAND_SPECS[i].doc));

export const COMMAND_SPEC = {
  id: MSG_COMMAND,
  name: 'command',
  from: 'host',
  doc: 'A request to the pod: the command id, then that command\'s arguments (Commands below). The pod answers every command with a reply carrying its seq.',
  fields: [enumField('commandId', 'u8', 'which command', COMMAND_ID_VALUES)],
} as const;

/** every message, by ascending id */
export const MESSAGE_SPECS = [
  RAW_BATCH_SPEC, STEP_SPEC, SUMMARY_SPEC, SUMMARY_FORM_SPEC, STATUS_SPEC, LOG_CHUNK_SPEC, REPLY_SPEC, ERROR_SPEC, CLOCK_SPEC, RECORDING_INFO_SPEC, COMMAND_SPEC,
] as const;

export type AnyMessageSpec = (typeof MESSAGE_SPECS)[number];
export type MessageName = AnyMessageSpec['name'];

/** the spec of a type id, or undefined */
export function messageSpecById(id: number): MessageSpec | undefined {
  for (let i = 0; i < MESSAGE_SPECS.length; i++) if (MESSAGE_SPECS[i].id === id) return MESSAGE_SPECS[i];
  return undefined;
}

export function messageSpecByName(name: string): MessageSpec | undefined {
  for (let i = 0; i < MESSAGE_SPECS.length; i++) if (MESSAGE_SPECS[i].name === name) return MESSAGE_SPECS[i];
  return undefined;
}

export function commandSpecById(id: number): CommandSpec | undefined {
  for (let i = 0; i < COMMAND_SPECS.length; i++) if (COMMAND_SPECS[i].id === id) return COMMAND_SPECS[i];
  return undefined;
}

export function commandSpecByName(name: string): CommandSpec | undefined {
  for (let i = 0; i < COMMAND_SPECS.length; i++) if (COMMAND_SPECS[i].name === name) return COMMAND_SPECS[i];
  return undefined;
}

/** bytes of the fixed fields (header included), before any tail or command arguments */
export function fixedLength(fields: readonly FieldSpec[]): number {
  let length = HEADER_LENGTH;
  for (let i = 0; i < fields.length; i++) {
    const type = fields[i].type;
    length += type === 'u8' || type === 'i8' ? 1 : type === 'u16' || type === 'i16' ? 2 : 4;
  }
  return length;
}
