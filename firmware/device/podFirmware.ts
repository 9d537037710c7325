// The pod: boot, the FIFO burst loop into core, and core's records out to serial (framed), BLE
// (RSC and LumbarPod services) and the flash log; commands in from both links through the
// whitelist parser. Thin glue: core decides, this moves bytes. Anything a link or Storage throws
// is caught and counted, so a fault there never stops sampling or resets the pod.
import { CoreState } from '../core/coreState';
import {
  pipelineFinish, pipelineGap, pipelineInit, pipelineProcess, pipelineSetSpeed, PipelineSink,
} from '../core/pipeline';
import { KIND_RUNNING, StepRecord } from '../core/stepRecord';
import { SummaryRecord } from '../core/summaryRecord';
import {
  BATTERY_LEVEL_UUID, BATTERY_SERVICE_UUID, LUMBARPOD_CONTROL_PART, LUMBARPOD_RAW_PART, LUMBARPOD_REPLY_PART,
  LUMBARPOD_SERVICE_PART, LUMBARPOD_STEP_PART, LUMBARPOD_SUMMARY_PART, lumbarpodUuid, POD_ADVERTISED_NAME,
} from '../protocol/bleUuids';
import { commandParse, CommandParsed, commandParsedCreate } from '../protocol/commandParser';
import { FRAME_CRC_LENGTH, frameDecode, frameRoomBefore, frameSeal } from '../protocol/framing';
import {
  COMMAND_CLEAR_LOG, COMMAND_GET_STATUS, COMMAND_READ_LOG, COMMAND_REBOOT_TO_SETUP, COMMAND_SET_CLOCK, COMMAND_SET_RATE,
  COMMAND_SET_RAW_STREAM, COMMAND_SET_SPEED, COMMAND_START_RECORDING, COMMAND_STOP_RECORDING, ERROR_BAD_FRAME,
  ERROR_BATTERY_LOW, ERROR_NO_MEMORY, ERROR_RESTARTED, ERROR_SAMPLES_LOST, ERROR_STORAGE, LOG_CHUNK_MAX_BYTES, LOG_CHUNK_MAX_BYTES_BLE, MAX_MESSAGE_LENGTH_WITHOUT_RAW,
  MSG_CLOCK, MSG_ERROR, MSG_LOG_CHUNK, MSG_RAW_BATCH, MSG_REPLY, MSG_STATUS, MSG_STEP, MSG_SUMMARY, MSG_SUMMARY_FORM,
  RAW_BATCH_MAX_SAMPLES, RAW_BATCH_MAX_SAMPLES_BLE, RAW_BATCH_SAMPLES_OFFSET, RAW_SAMPLE_BYTES, REPLY_BUSY, REPLY_FAILED,
  REPLY_OK, REPLY_OUT_OF_RANGE, REPLY_STORAGE_FULL, STATUS_BATTERY_LOW, STATUS_BLE_CONNECTED, STATUS_CALIBRATED, STATUS_FORWARD_KNOWN,
  STATUS_CONFIG_UNSAVED, STATUS_RAW_ONLY, STATUS_RAW_STREAM, STATUS_RECORDING, STATUS_SATURATION_SEEN, STATUS_SETUP_MODE,
  START_FAILED_IMU, START_FAILED_MEMORY, STATUS_STORAGE_FULL,
} from '../protocol/messageIds';
import {
  CLOCK_MESSAGE_LENGTH, clockEncode, errorEncode, logChunkEncode, rawBatchHeaderEncode, recordingInfoEncode, replyEncode, statusEncode, stepEncode, SUMMARY_FORM_MESSAGE_LENGTH,
  SUMMARY_MESSAGE_LENGTH, summaryEncode, summaryFormEncode,
} from '../protocol/podEncoders';
import {
  RSC_FEATURE_UUID, RSC_FEATURE_VALUE, RSC_MEASUREMENT_LENGTH, RSC_MEASUREMENT_MIN_INTERVAL_MS, RSC_MEASUREMENT_UUID, rscMeasurementEncode, RSC_STOPPED_MS,
  RSC_SENSOR_LOCATION_HIP, RSC_SENSOR_LOCATION_UUID, RSC_SERVICE_UUID,
} from '../protocol/rscService';
import { StatusRecord, statusRecordCreate } from '../protocol/statusRecord';
import { DeviceDescription } from './deviceDescription';
import {
  EspruinoE, EspruinoNrf, EspruinoPin, EspruinoProcess, EspruinoSerial, EspruinoStorage, EspruinoWatchOptions,
} from './espruinoTypes';
import { FlashLog, flashLogAppend, flashLogAppendMessage, flashLogBytes, flashLogClear, flashLogOpen } from './flashLog';
import { ImuBurst, imuBurstCapacitySamples, imuBurstCreate, ImuDriver, imuSamplesLost, WORDS_PER_SAMPLE } from './imuDriver';
import { PodConfig, POD_CONFIG_FILE, POD_CONFIG_NEW_FILE, podConfigFrom } from './podConfig';
import { podPipelineSettings } from './podPipelineSettings';

declare const NRF: EspruinoNrf;
declare const E: EspruinoE;
declare const process: EspruinoProcess;
declare function require(name: 'Storage'): EspruinoStorage;
declare function getTime(): number;
declare function setInterval(handler: () => void, ms: number): number;
declare function setTimeout(handler: () => void, ms: number): number;
declare function clearInterval(id: number): void;
declare function setWatch(handler: () => void, pin: EspruinoPin, options: EspruinoWatchOptions): number;
declare function digitalWrite(pin: EspruinoPin, value: number): void;
declare function digitalRead(pin: EspruinoPin): number;
declare function pinMode(pin: EspruinoPin, mode: 'input_pulldown' | 'input'): void;

export const FIRMWARE_VERSION_MAJOR = 0;
export const FIRMWARE_VERSION_MINOR = 20;
/** Storage file whose presence at boot selects setup mode (written by REBOOT_TO_SETUP) */
export const SETUP_FLAG_FILE = 'lpsetup';
/** the most log bytes the pod sets aside (Storage left after the firmware decides the rest) */
const FLASH_LOG_MAX_BYTES = 16384;
const LINK_SERIAL = 0;
const LINK_BLE = 1;
/** setRawStream's value for raw samples only, the detector off */
const RAW_STREAM_ONLY = 2;
const SERIAL_BAUD = 115200;
/** longest frame a command can need between delimiters, with room for garbage to be recognised */
export const RX_FRAME_MAX_BYTES = 64;
const WATCHDOG_S = 10;
/** ms between logChunks on BLE: under 1 KB/s, a 16 KB log in about 22 s */
export const BLE_LOG_CHUNK_MS = 50;
/** the longest log chunk's frame (about 275 bytes) takes 24 ms at SERIAL_BAUD */
const SERIAL_LOG_CHUNK_MS = 25;
const TICK_MS = 1000;
const STATUS_EVERY_TICKS = 5;
const BATTERY_EVERY_TICKS = 60;
/** seconds an IMU that answers may deliver no sample while recording before it is set up again: four of the longest bursts */
const IMU_SILENT_S = 2;
const BATTERY_LOW_PCT = 10;
/** points above BATTERY_LOW_PCT the battery must read before a fall below it is told again */
const BATTERY_LOW_REARM_PCT = 5;
/** cadence at or above which a running step blinks the "good" LED */
const CADENCE_GOOD_SPM = 170;
const LED_BLINK_MS = 20;
/**
 * JsVar blocks that must stay free once a recording's state is taken. The deepest call, a step
 * or summary sent from inside the detector, holds about 185 more for its scopes and temporaries
 * (the device bench's memory probe, on the Linux interpreter, which counts objects and names as
 * the Puck does), and the native extremes of the step metrics up to 65 for their argument lists
 * (docs/performance.md, "Memory at the deepest point"); 10 to spare. Short of it, Espruino would
 * stop a handler midway with "Out of Memory" and leave the detector half-updated. No higher:
 * a margin the pod does not need would refuse recordings it can make.
 */
export const POD_RAM_MARGIN_BLOCKS = 260;

/** the Espruino objects of one board, handed to podBoot by the board's bundle entry */
export interface DeviceBoard {
  /** not `description`: a BLE characteristic's option of that name keeps it unmangled in the bundle */
  deviceDescription: DeviceDescription;
  imu: ImuDriver;
  serial: EspruinoSerial;
  serialRx: EspruinoPin;
  serialTx: EspruinoPin;
  /** where the console goes in run mode, so serial and BLE carry only protocol frames */
  consoleSink: EspruinoSerial;
  ledGood: EspruinoPin;
  ledCalm: EspruinoPin;
  ledError: EspruinoPin;
  button: EspruinoPin;
}

export interface Pod {
  board: DeviceBoard;
  config: PodConfig;
  setupMode: number;
  bootS: number;
  /**
   * this boot's random id, 1 .. 2^31, the detail of the reply to getStatus: a host that was away
   * tells a new boot by it when the clock, seqs and sample count all went on past the old boot's
   */
  bootId: number;
  /** 1 while recording (sampling the IMU) */
  recording: number;
  /** samples of this recording so far, lost ones included: the raw stream's and the status's clock */
  sampleIndex: number;
  /** the detector of this recording; null when not recording, and in raw only (no RAM for it is taken) */
  core: CoreState | null;
  /** 1: this recording runs without the detector (raw samples only), fixed at its start */
  rawOnly: number;
  /**
   * 1: the next recording runs without the detector (setRawStream rawOnly on serial). Not kept
   * in flash: after a restart the pod detects again, so a research pod handed to a runner logs.
   */
  rawOnlyNext: number;
  fifo: ImuBurst;
  status: StatusRecord;
  /**
   * next sequence number per message type and link: [0, MSG_CLOCK] serial's, then BLE's. A
   * message both links get (step, summary, error) counts on serial's for both
   */
  seq: Uint16Array;
  /**
   * one message being built; rawBatch samples land at RAW_BATCH_SAMPLES_OFFSET. It is frame's
   * bytes after the room frameSeal may need before a message and its code byte: one buffer of
   * the longest message at this rate (podBurstBuffers), not two
   */
  msg: Uint8Array;
  frame: Uint8Array;
  /** the summary and summaryForm of one window, as logged */
  logEntry: Uint8Array;
  log: FlashLog;
  /** the clock message of the last setClock since boot (clockLength bytes, 0: none yet) */
  clock: Uint8Array;
  clockLength: number;
  /** 1 once that clock is in the log (a clearLog takes it out) */
  clockLogged: number;
  /** 1 once this recording's recordingInfo is in the log (a clearLog takes it out) */
  recordingInfoLogged: number;
  rx: Uint8Array;
  rxLength: number;
  rxOverflow: number;
  command: Uint8Array;
  parsed: CommandParsed;
  /** a central's raw stream (setRawStream over BLE): its message buffer while on, else null */
  rawBleMsg: Uint8Array | null;
  bleConnected: number;
  lastReadS: number;
  /** when a read last delivered samples (getTime, s): an IMU silent for IMU_SILENT_S is set up again */
  lastSamplesS: number;
  lastRscMs: number;
  /** the last RSC measurement had a cadence: the tick says when the runner has stopped */
  rscMoving: number;
  ticks: number;
  storageErrorSent: number;
  /** the battery-low error was sent, and the battery has not read well above the level since */
  batteryLowSent: number;
  /** the config in RAM differs from lpconfig.json: its last write failed */
  configUnsaved: number;
  /** a speed set while recording waits to be written: at the next whole minute of ticks, or the stop */
  speedUnsaved: number;
  ledLit: number;
  /**
   * per link (LINK_SERIAL, LINK_BLE), the first sample its next status covers (saturation "since
   * the last status on this link"): serial's status every 5 s must not end a central's window
   */
  statusFromIndex: number[];
  /** per link (LINK_SERIAL, LINK_BLE), the interval sending a log chunk by chunk, -1 when none */
  logTimers: number[];
  /** Serial1 is set up: an adapter is on its wires */
  serialUp: number;
  /** seconds spent in the sample handler since the recording started (getTime), for the status */
  busyS: number;
  /** per link, busyS and getTime at its last status: its next status's busy share is of the time since */
  busyAtS: number[];
  busyFromS: number[];
}

function nowMs(pod: Pod): number {
  return ((getTime() - pod.bootS) * 1000) | 0;
}

/** the next seq of a message type; `link` for a message only that link gets (its own count there, as the protocol has it) */
function nextSeq(pod: Pod, type: number, link?: number): number {
  const i = link === LINK_BLE ? type + MSG_CLOCK + 1 : type;
  const s = pod.seq[i];
  pod.seq[i] = s + 1;
  return s;
}

/**
 * Frames pod.msg[0, length) and writes it. pod.msg is the frame's own message bytes, so it is
 * framed where it lies and is gone afterwards: a message for BLE too goes there first.
 */
function serialSend(pod: Pod, length: number): void {
  if (!pod.serialUp) return;
  // the frame buffer is at the start of its ArrayBuffer
  const codeAt = pod.msg.byteOffset - 1;
  const start = /* @__NOINLINE__ */ frameSeal(pod.frame, codeAt, length, 1);
  if (start < 0) return;
  try {
    pod.board.serial.write(new Uint8Array(pod.frame.buffer, start, codeAt + length + FRAME_CRC_LENGTH + 2 - start));
  } catch (e) {
    // a serial fault must not stop sampling; the host sees the gap in sequence numbers
  }
}

/** notifies a LumbarPod characteristic, given by its part number (bleUuids.ts), while a central is connected */
function bleNotify(pod: Pod, charPart: number, msg: Uint8Array, offset: number, length: number): void {
  if (pod.bleConnected) bleValueSet(lumbarpodUuid(LUMBARPOD_SERVICE_PART), lumbarpodUuid(charPart), msg, offset, length);
}

/** a characteristic's value, kept for reads with nobody connected, and notified to a central that subscribed */
function bleValueSet(serviceUuid: string, charUuid: string, msg: Uint8Array, offset: number, length: number): void {
  const chars: { [uuid: string]: { value: Uint8Array; notify: boolean } } = {};
  chars[charUuid] = { value: new Uint8Array(msg.buffer, msg.byteOffset + offset, length), notify: true };
  const services: { [uuid: string]: { [uuid: string]: { value: Uint8Array; notify: boolean } } } = {};
  services[serviceUuid] = chars;
  try {
    NRF.updateServices(services);
  } catch (e) {
    // BLE busy or gone: summaries are in the log, steps are summarised; nothing to undo
  }
}

/** 1 when something listens on the link: an adapter on serial's wires, a central on BLE */
function linkHeard(pod: Pod, link: number): number {
  return link === LINK_SERIAL ? pod.serialUp : pod.bleConnected;
}

/** sends msg[0, length) on a link: serial framed, BLE on the reply characteristic */
function linkSend(pod: Pod, link: number, length: number): void {
  if (link === LINK_SERIAL) serialSend(pod, length);
  else bleNotify(pod, LUMBARPOD_REPLY_PART, pod.msg, 0, length);
}

/**
 * One LED on for `ms`, unless a blink is still lit (then this one is skipped). digitalWrite and a
 * timeout rather than digitalPulse: a pulse queues on the utility timer and throws when the queue
 * is full, and this runs inside core's step callback.
 */
function ledBlink(pod: Pod, pin: EspruinoPin, ms: number): void {
  if (pod.ledLit) return;
  pod.ledLit = 1;
  digitalWrite(pin, 1);
  setTimeout(function () {
    digitalWrite(pin, 0);
    pod.ledLit = 0;
  }, ms);
}

function sendError(pod: Pod, code: number, detail: number): void {
  const n = errorEncode(pod.msg, 0, nextSeq(pod, MSG_ERROR), nowMs(pod), code, detail);
  bleNotify(pod, LUMBARPOD_REPLY_PART, pod.msg, 0, n);
  serialSend(pod, n);
  ledBlink(pod, pod.board.ledError, 200);
}

function statusUpdate(pod: Pod, link: number): void {
  const s = pod.status;
  const core = pod.core;
  let flags = 0;
  if (core !== null) {
    if (core.stationaryCalibrated) flags |= STATUS_CALIBRATED;
    if (core.apDecided) flags |= STATUS_FORWARD_KNOWN;
    if (core.lastSaturatedIndex >= pod.statusFromIndex[link]) flags |= STATUS_SATURATION_SEEN;
  }
  if (pod.recording) {
    flags |= STATUS_RECORDING;
    if (pod.rawOnly) flags |= STATUS_RAW_ONLY;
    pod.statusFromIndex[link] = pod.sampleIndex;
    s.samples = pod.sampleIndex;
  }
  s.speedMms = pod.config.speedMms;
  // each link's own stream: a central is not told of serial's, nor serial of a central's
  if (link === LINK_SERIAL ? pod.config.rawStream : pod.rawBleMsg) flags |= STATUS_RAW_STREAM;
  if (pod.log.full) flags |= STATUS_STORAGE_FULL;
  if (pod.configUnsaved) flags |= STATUS_CONFIG_UNSAVED;
  if (s.batteryPct < BATTERY_LOW_PCT) flags |= STATUS_BATTERY_LOW;
  if (pod.bleConnected) flags |= STATUS_BLE_CONNECTED;
  if (pod.setupMode) flags |= STATUS_SETUP_MODE;
  s.flags = flags;
  s.rateHz = pod.config.rateHz;
  s.storageUsedBytes = pod.log.usedBytes;
  s.storageFreeBytes = pod.log.capacityBytes - pod.log.usedBytes;
  const nowS = getTime();
  const spanS = nowS - pod.busyFromS[link];
  s.sampleHandlerBusyPct = pod.recording && spanS > 0 ? (((pod.busyS - pod.busyAtS[link]) * 100) / spanS + 0.5) | 0 : 0;
  pod.busyAtS[link] = pod.busyS;
  pod.busyFromS[link] = nowS;
}

/**
 * A status for a link nobody listens on (setSpeed from a central while no serial adapter is on)
 * is not built: building one starts the link's saturation and busy windows and its status seq
 * afresh, and the next status that is heard must cover the time since the last one heard.
 */
function sendStatus(pod: Pod, link: number): void {
  if (!linkHeard(pod, link)) return;
  statusUpdate(pod, link);
  const n = statusEncode(pod.msg, 0, nextSeq(pod, MSG_STATUS, link), nowMs(pod), pod.status);
  linkSend(pod, link, n);
}

function onStep(pod: Pod, rec: StepRecord): void {
  pod.status.steps++;
  // steps are not logged: with no host on either link (a run with the pod alone) nobody reads
  // one, but its seq is used up, so a host that comes back sees how many it missed
  const seq = nextSeq(pod, MSG_STEP);
  if (pod.serialUp || pod.bleConnected) {
    const n = /* @__NOINLINE__ */ stepEncode(pod.msg, 0, seq, nowMs(pod), rec);
    bleNotify(pod, LUMBARPOD_STEP_PART, pod.msg, 0, n);
    serialSend(pod, n);
  }
  const running = rec.kind === KIND_RUNNING ? 1 : 0;
  if (running) ledBlink(pod, rec.cadenceSpm >= CADENCE_GOOD_SPM ? pod.board.ledGood : pod.board.ledCalm, LED_BLINK_MS);
  const t = nowMs(pod);
  // a step with no cadence yet (the first after a start or a gap) says nothing to a watch
  if (pod.bleConnected && rec.cadenceSpm > 0 && (t - pod.lastRscMs) >>> 0 >= RSC_MEASUREMENT_MIN_INTERVAL_MS) {
    pod.lastRscMs = t;
    pod.rscMoving = 1;
    const m = rscMeasurementEncode(pod.msg, 0, pod.config.speedMms, rec.cadenceSpm, running);
    bleValueSet(RSC_SERVICE_UUID, RSC_MEASUREMENT_UUID, pod.msg, 0, m);
  }
}

function onSummary(pod: Pod, rec: SummaryRecord): void {
  pod.status.windows++;
  const t = nowMs(pod);
  const entry = pod.logEntry;
  const a = summaryEncode(entry, 0, nextSeq(pod, MSG_SUMMARY), t, rec);
  const b = summaryFormEncode(entry, a, nextSeq(pod, MSG_SUMMARY_FORM), t, rec);
  // into the frame's message bytes first (a typed array compared with === is joined into a
  // string on Espruino, so serialSend does not test which buffer it was given)
  if (pod.serialUp) {
    pod.msg.set(entry.subarray(0, a));
    serialSend(pod, a);
    pod.msg.set(entry.subarray(a, a + b));
    serialSend(pod, b);
  }
  bleNotify(pod, LUMBARPOD_SUMMARY_PART, entry, 0, a);
  bleNotify(pod, LUMBARPOD_SUMMARY_PART, entry, a, b);
  // A window with no step is sent but not logged: the pod samples from boot, and on a desk its
  // empty windows would fill a Puck's log (about 85 entries beside the firmware) in 14 minutes,
  // leaving no room for the run it is for. Its summary holds no metric.
  if (!rec.steps) return;
  let logged = false;
  try {
    // the wall clock first, so the host can date this boot's logged windows after a restart
    if (pod.clockLength && !pod.clockLogged && flashLogAppendMessage(pod.log, pod.clock, pod.clockLength)) pod.clockLogged = 1;
    // then where this recording starts and its rate, which a later setRate must not relabel
    if (!pod.recordingInfoLogged && flashLogAppendMessage(pod.log, pod.msg, recordingInfoEncode(pod.msg, 0, t, pod.config.rateHz))) pod.recordingInfoLogged = 1;
    logged = flashLogAppend(pod.log, entry);
  } catch (e) {
    pod.log.full = 1;
  }
  // told again if the log, after taking windows again, stops once more
  if (logged) pod.storageErrorSent = 0;
  else if (!pod.storageErrorSent) {
    // once per fill: the status flag keeps saying it, the error makes sure a host hears it
    pod.storageErrorSent = 1;
    sendError(pod, ERROR_STORAGE, rec.index);
  }
}

/**
 * A burst's raw samples, sent after the steps and summary core found in it: over BLE the
 * SoftDevice takes only a few notifications per connection interval, and a central that loses
 * raw batches sees it in their sample indices, while a lost step or RSC measurement is gone.
 */
function sendRaw(pod: Pod, firstIndex: number, samples: number): void {
  // with the raw stream off (runners) or nobody to read it, a burst costs no clock read here
  const serial = pod.config.rawStream && pod.serialUp;
  const ble = pod.rawBleMsg !== null && pod.bleConnected;
  if (!serial && !ble) return;
  const block = pod.fifo.block;
  // the time of the read, not of the send: with the samples' span it dates them (the steps found
  // in the burst took their time since)
  const t = ((pod.lastSamplesS - pod.bootS) * 1000) | 0;
  // BLE first: sealing the serial frame whitens, in raw only, the block itself
  if (ble) {
    const m = pod.rawBleMsg as Uint8Array;
    for (let first = 0; first < samples; first += RAW_BATCH_MAX_SAMPLES_BLE) {
      const count = samples - first < RAW_BATCH_MAX_SAMPLES_BLE ? samples - first : RAW_BATCH_MAX_SAMPLES_BLE;
      m.set(new Uint8Array(block.buffer, block.byteOffset + first * RAW_SAMPLE_BYTES, count * RAW_SAMPLE_BYTES), RAW_BATCH_SAMPLES_OFFSET);
      bleNotify(pod, LUMBARPOD_RAW_PART, m, 0, rawBatchHeaderEncode(m, 0, nextSeq(pod, MSG_RAW_BATCH, LINK_BLE), t, firstIndex + first, count));
    }
  }
  if (serial) {
    // one batch per burst: bursts never exceed RAW_BATCH_MAX_SAMPLES. In raw only the IMU read
    // them into the batch already: the block lies in the frame (podBurstBuffers)
    if (!block.byteOffset) pod.msg.set(new Uint8Array(block.buffer, 0, samples * RAW_SAMPLE_BYTES), RAW_BATCH_SAMPLES_OFFSET);
    serialSend(pod, rawBatchHeaderEncode(pod.msg, 0, nextSeq(pod, MSG_RAW_BATCH), t, firstIndex, samples));
  }
}

/**
 * Bursts read per watermark event, at most. An event that found the FIFO still full would
 * otherwise go on reading as long as the pod falls behind (or a dead bus reads all ones), and no
 * timer, so no watchdog kick, runs meanwhile. INT1 stays high while a watermark's worth waits, so
 * the next pass of the event loop (or the tick) reads on.
 */
const BURSTS_PER_EVENT_MAX = 2;

/** samples the IMU took that never reached the pod: counted, a gap for core, and an error the host sees before the jump in sample index */
function samplesLostRecord(pod: Pod, lost: number): void {
  pod.status.droppedSamples += lost;
  pod.status.gaps++;
  pod.sampleIndex += lost;
  if (pod.core !== null) pipelineGap(pod.core, lost);
  // Raw only reads the burst into its rawBatch, where the error is sealed too: its CRC and
  // delimiter reach the burst's first two words (ERROR_MESSAGE_LENGTH + 5 <= RAW_BATCH_SAMPLES_OFFSET + 4)
  const block = pod.fifo.block;
  const first0 = block[0];
  const first1 = block[1];
  sendError(pod, ERROR_SAMPLES_LOST, lost);
  block[0] = first0;
  block[1] = first1;
}

/** the FIFO watermark (and the tick, in case an edge was missed): bursts into core */
function onFifoWatermark(pod: Pod): void {
  if (!pod.recording) return;
  const core = pod.core;
  // timed per call, not per sample: the pod's own measure of what sampling costs it
  const calledS = getTime();
  const full = pod.board.deviceDescription.scale.accFullScaleCounts;
  for (let burst = 0; burst < BURSTS_PER_EVENT_MAX; burst++) {
    // each read's own clock: a second overrun in one event counts only its own time
    const nowS = getTime();
    const leftBefore = pod.fifo.samplesLeft;
    const n = pod.board.imu.read(pod.fifo, full);
    // a bus that does not answer: nothing read, and the last good read's time stays the base
    // of the loss the FIFO reports once it answers again
    if (pod.fifo.busFault) break;
    if (pod.fifo.overrun || pod.fifo.wordsSkipped) {
      samplesLostRecord(pod, imuSamplesLost(nowS - pod.lastReadS, pod.fifo.rateHz, pod.board.imu.fifoCapacitySamples - leftBefore));
    }
    pod.lastReadS = nowS;
    if (n === 0) break;
    pod.lastSamplesS = nowS;
    pod.sampleIndex += n;
    if (core !== null) pipelineProcess(core, pod.fifo.block, n);
    sendRaw(pod, pod.sampleIndex - n, n);
    if (n < pod.fifo.capacitySamples) break;
  }
  pod.busyS += getTime() - calledS;
}

function configSave(pod: Pod): void {
  const storage = pod.log.storage;
  const config = pod.config;
  let saved = false;
  try {
    // each name once (short locals: the build keeps a name used three times in one variable)
    const f = POD_CONFIG_FILE;
    const n = POD_CONFIG_NEW_FILE;
    // Each step leaves the last settings kept whole in one file or the other (podConfig.ts)
    const kept = storage.readJSON(f, true);
    // written from this object, so in its field order (a file the set-up page wrote may differ: one write more)
    if (kept !== undefined && JSON.stringify(kept) === JSON.stringify(config)) {
      // a host sends its settings at every start: nothing to write, no trash to compact
      saved = true;
    } else if (kept === undefined) {
      // the last settings are in lpconfig.new alone, if anywhere: lpconfig.json is written first
      saved = storage.writeJSON(f, config);
      if (saved) storage.erase(n);
    } else if (storage.writeJSON(n, config)) {
      saved = true;
      if (storage.writeJSON(f, config)) storage.erase(n);
    }
  } catch (e) {
    // not kept: the change still holds in RAM, the status says it is not kept, the last kept stay
  }
  pod.configUnsaved = saved ? 0 : 1;
  pod.speedUnsaved = 0;
}

/** starts a recording; returns 0, or START_FAILED_* when it could not (then it is not recording) */
export function podStart(pod: Pod): number {
  if (pod.recording || pod.setupMode) return 0;
  const d = pod.board.deviceDescription;
  const rate = pod.config.rateHz;
  const settings = podPipelineSettings(d.scale, d.axisMap, rate, pod.config.speedMms);
  const sink: PipelineSink = {
    step: function (rec: StepRecord) { /* @__NOINLINE__ */ onStep(pod, rec); },
    summary: function (rec: SummaryRecord) { onSummary(pod, rec); },
  };
  const rawOnly = pod.rawOnlyNext;
  const watermark = podWatermarkSamples(rate, rawOnly);
  // buffers for this start's bursts (made at boot and by setRate for the detector's), before
  // the memory check counts them
  // (Espruino's === on two ArrayBuffers compares their bytes as strings: the offset tells raw only's block)
  if (pod.fifo.capacitySamples !== imuBurstCapacitySamples(watermark) || (pod.fifo.block.byteOffset ? 1 : 0) !== rawOnly) {
    podBurstBuffersSet(pod, podBurstBuffers(rate, rawOnly));
  }
  // raw only keeps no detector state: at 208 Hz it is most of what the Puck's RAM holds
  const core = rawOnly ? null : pipelineInit(settings, sink);
  // once per start, with a garbage collection: the state just taken counts as used
  const free = process.memory().free;
  if (free < POD_RAM_MARGIN_BLOCKS) {
    sendError(pod, ERROR_NO_MEMORY, free);
    return START_FAILED_MEMORY;
  }
  try {
    pod.board.imu.start(pod.fifo, rate, watermark);
  } catch (e) {
    // an IMU that does not answer (an external one's WHO_AM_I, its bus): not recording, and
    // START is answered FAILED; the watermark handler does nothing while not recording. A long
    // red light for a runner who pressed the button with no host to say it to
    ledBlink(pod, pod.board.ledError, 1000);
    return START_FAILED_IMU;
  }
  pod.rawOnly = rawOnly;
  pod.core = core;
  pod.recording = 1;
  pod.sampleIndex = 0;
  pod.recordingInfoLogged = 0;
  const s = pod.status;
  s.samples = 0;
  s.droppedSamples = 0;
  s.gaps = 0;
  s.steps = 0;
  s.windows = 0;
  pod.statusFromIndex = [0, 0];
  pod.lastReadS = getTime();
  pod.lastSamplesS = pod.lastReadS;
  pod.busyS = 0;
  pod.busyAtS = [0, 0];
  pod.busyFromS = [pod.lastReadS, pod.lastReadS];
  return 0;
}

export function podStop(pod: Pod): void {
  if (!pod.recording) return;
  const core = pod.core;
  // stopped first: an IMU off its bus (I2C throws) must not leave the pod recording
  pod.recording = 0;
  pod.core = null;
  if (pod.speedUnsaved) configSave(pod);
  try {
    pod.board.imu.stop(pod.fifo);
  } catch (e) {
    // the next start sets the IMU up from scratch
  }
  // raw only: nothing was detected, so there is no last window to close
  if (core !== null) pipelineFinish(core);
}

function reply(pod: Pod, link: number, status: number, detail: number): void {
  const p = pod.parsed;
  if (status !== REPLY_OK) pod.status.commandsRejected++;
  const n = replyEncode(pod.msg, 0, nextSeq(pod, MSG_REPLY, link), nowMs(pod), p.seq < 0 ? 0xffff : p.seq,
    p.commandId < 0 ? 0 : p.commandId, status, detail);
  linkSend(pod, link, n);
}

/** sends one logChunk of at most `most` bytes from byte `at` (the end marker past the end); returns its length */
function sendLogChunk(pod: Pod, link: number, at: number, most: number): number {
  const bytes = flashLogBytes(pod.log);
  const from = at < bytes.length ? at : bytes.length;
  const length = bytes.length - from < most ? bytes.length - from : most;
  const n = logChunkEncode(pod.msg, 0, nextSeq(pod, MSG_LOG_CHUNK, link), nowMs(pod), from, bytes, from, length);
  linkSend(pod, link, n);
  return length;
}

function stopLogSend(pod: Pod, link: number): void {
  // clearInterval() with no id would clear every timer of the pod
  if (pod.logTimers[link] !== -1) clearInterval(pod.logTimers[link]);
  pod.logTimers[link] = -1;
}

/**
 * Sends the log from byte `from` in chunks on the link, then an empty chunk (the end), one chunk
 * per interval. BLE: one per BLE_LOG_CHUNK_MS, as the SoftDevice queues only a few notifications
 * per connection interval and drops the rest without an error Espruino passes on. Serial: one
 * per SERIAL_LOG_CHUNK_MS, about what the UART sends meanwhile; all at once, a write would wait
 * for the UART's small buffer, and 16 KB of log hold the sample loop for 1.5 s. A readLog during
 * one in progress on the same link replaces it; the link going, or clearLog, ends it.
 */
function sendLog(pod: Pod, link: number, from: number): void {
  stopLogSend(pod, link);
  const serial = link === LINK_SERIAL;
  let next = from;
  pod.logTimers[link] = setInterval(function () {
    const length = linkHeard(pod, link) ? sendLogChunk(pod, link, next, serial ? LOG_CHUNK_MAX_BYTES : LOG_CHUNK_MAX_BYTES_BLE) : 0;
    if (length === 0) stopLogSend(pod, link);
    next += length;
  }, serial ? SERIAL_LOG_CHUNK_MS : BLE_LOG_CHUNK_MS);
}

/** one command message from a link: parsed against the whitelist, answered on the same link */
export function podCommand(pod: Pod, link: number, bytes: Uint8Array, length: number): void {
  const p = pod.parsed;
  const result = commandParse(bytes, 0, length, p);
  if (result !== REPLY_OK) {
    reply(pod, link, result, p.badArgument);
    return;
  }
  const id = p.commandId;
  const arg = p.args[0];
  if (id === COMMAND_GET_STATUS) {
    reply(pod, link, REPLY_OK, pod.bootId);
    sendStatus(pod, link);
  } else if (id === COMMAND_START_RECORDING) {
    const failed = podStart(pod);
    reply(pod, link, pod.recording ? REPLY_OK : REPLY_FAILED, failed);
  } else if (id === COMMAND_STOP_RECORDING) {
    podStop(pod);
    reply(pod, link, REPLY_OK, 0);
  } else if (id === COMMAND_SET_RATE) {
    if (pod.recording) {
      reply(pod, link, REPLY_BUSY, 0);
    } else if (pod.board.deviceDescription.supportedRatesHz.indexOf(arg) < 0) {
      reply(pod, link, REPLY_FAILED, arg);
    } else {
      pod.config.rateHz = arg;
      configSave(pod);
      podBurstBuffersSet(pod, podBurstBuffers(arg, 0));
      reply(pod, link, REPLY_OK, 0);
    }
  } else if (id === COMMAND_SET_RAW_STREAM) {
    const rawOnly = arg === RAW_STREAM_ONLY ? 1 : 0;
    if (link !== LINK_SERIAL && rawOnly) {
      // BLE cannot carry every sample: the detector stays on
      reply(pod, link, REPLY_FAILED, arg);
    } else if (pod.recording && link === LINK_SERIAL && rawOnly !== pod.rawOnly) {
      reply(pod, link, REPLY_BUSY, 0);
    } else {
      if (link === LINK_SERIAL) {
        pod.rawOnlyNext = rawOnly;
        pod.config.rawStream = arg ? 1 : 0;
        configSave(pod);
      } else {
        // 50 bytes, perhaps after the start's check of free RAM: a few of the margin's blocks
        pod.rawBleMsg = arg ? new Uint8Array(RAW_BATCH_SAMPLES_OFFSET + RAW_BATCH_MAX_SAMPLES_BLE * RAW_SAMPLE_BYTES) : null;
      }
      reply(pod, link, REPLY_OK, 0);
    }
  } else if (id === COMMAND_READ_LOG) {
    if (arg > pod.log.usedBytes) {
      // past the end (a log cleared since the host last looked): no chunks
      reply(pod, link, REPLY_OUT_OF_RANGE, 1);
    } else {
      reply(pod, link, REPLY_OK, pod.log.usedBytes);
      sendLog(pod, link, arg);
    }
  } else if (id === COMMAND_CLEAR_LOG) {
    try {
      // a read in progress would go on past the end of the log that is left
      stopLogSend(pod, LINK_SERIAL);
      stopLogSend(pod, LINK_BLE);
      flashLogClear(pod.log, FLASH_LOG_MAX_BYTES);
      pod.storageErrorSent = 0;
      pod.clockLogged = 0;
      pod.recordingInfoLogged = 0;
      reply(pod, link, REPLY_OK, 0);
    } catch (e) {
      reply(pod, link, REPLY_STORAGE_FULL, 0);
    }
  } else if (id === COMMAND_SET_SPEED) {
    pod.config.speedMms = arg;
    // A watch or treadmill may send the speed every few seconds: while recording it is written
    // once a minute at most (onTick) and at the stop, as each write wears the flash and may
    // compact Storage mid-run
    if (pod.recording) pod.speedUnsaved = 1;
    else configSave(pod);
    reply(pod, link, REPLY_OK, 0);
    if (pod.recording) {
      if (pod.core !== null) pipelineSetSpeed(pod.core, arg);
      // a recording on serial learns from which sample the new speed holds, so replay matches
      // (in raw only too: the host's detector needs it)
      sendStatus(pod, LINK_SERIAL);
    }
  } else if (id === COMMAND_SET_CLOCK) {
    pod.clockLength = clockEncode(pod.clock, 0, nextSeq(pod, MSG_CLOCK), nowMs(pod), arg, p.args[1]);
    pod.clockLogged = 0;
    // every host sets the clock as a session begins: the board then tells it how to read the samples
    reply(pod, link, REPLY_OK, pod.board.deviceDescription.podBoardCode);
  } else if (id === COMMAND_REBOOT_TO_SETUP) {
    // the flag first: if Storage cannot take it, the pod goes on recording and says why
    try {
      pod.log.storage.write(SETUP_FLAG_FILE, '1');
    } catch (e) {
      reply(pod, link, REPLY_STORAGE_FULL, 0);
      return;
    }
    podStop(pod);
    reply(pod, link, REPLY_OK, 0);
    setTimeout(function () { E.reboot(); }, 100);
  }
}

/** serial bytes (a string of char codes): frames end at 0x00, each one decoded and obeyed */
function onSerialData(pod: Pod, data: string): void {
  for (let i = 0; i < data.length; i++) {
    const c = data.charCodeAt(i) & 0xff;
    if (c !== 0) {
      if (pod.rxLength < RX_FRAME_MAX_BYTES) pod.rx[pod.rxLength++] = c;
      else pod.rxOverflow = 1;
      continue;
    }
    const length = pod.rxLength;
    const overflow = pod.rxOverflow;
    pod.rxLength = 0;
    pod.rxOverflow = 0;
    if (length === 0 && !overflow) continue; // back-to-back delimiters: no frame
    const n = overflow ? -5 : frameDecode(pod.rx, 0, length, pod.command, 0);
    if (n < 0) {
      pod.status.framesBad++;
      sendError(pod, ERROR_BAD_FRAME, pod.status.framesBad);
    } else {
      pod.status.framesReceived++;
      podCommand(pod, LINK_SERIAL, pod.command, n);
    }
  }
}

function onBleControl(pod: Pod, data: ArrayBuffer): void {
  pod.status.framesReceived++;
  // BLE carries bare messages (the link layer has its own CRC): parsed where they arrived
  const bytes = new Uint8Array(data);
  podCommand(pod, LINK_BLE, bytes, bytes.length);
}

function bleServices(pod: Pod): void {
  const rsc: { [uuid: string]: object } = {};
  // notify only, never read: its value here only sets its length
  rsc[RSC_MEASUREMENT_UUID] = { value: new Uint8Array(RSC_MEASUREMENT_LENGTH), notify: true };
  // constants, little-endian, as rscFeatureEncode and rscSensorLocationEncode write them
  rsc[RSC_FEATURE_UUID] = { value: [RSC_FEATURE_VALUE & 0xff, RSC_FEATURE_VALUE >> 8], readable: true };
  rsc[RSC_SENSOR_LOCATION_UUID] = { value: [RSC_SENSOR_LOCATION_HIP], readable: true };
  // no SC Control Point: RSCS excludes it while no procedure is supported (rscControlPointRespond)
  const lp: { [uuid: string]: object } = {};
  // the four the pod notifies, alike but for their uuid (in this order: their handles follow it)
  const notifiedParts = [LUMBARPOD_STEP_PART, LUMBARPOD_SUMMARY_PART, LUMBARPOD_RAW_PART, LUMBARPOD_REPLY_PART];
  for (let i = 0; i < notifiedParts.length; i++) lp[lumbarpodUuid(notifiedParts[i])] = { value: [0], maxLen: 50, notify: true };
  lp[lumbarpodUuid(LUMBARPOD_CONTROL_PART)] = {
    value: [0], maxLen: 50, writable: true,
    onWrite: function (evt: { data: ArrayBuffer }) { onBleControl(pod, evt.data); },
  };
  const battery: { [uuid: string]: object } = {};
  battery[BATTERY_LEVEL_UUID] = { value: [pod.status.batteryPct], readable: true, notify: true };
  const services: { [uuid: string]: { [uuid: string]: object } } = {};
  services[RSC_SERVICE_UUID] = rsc;
  services[BATTERY_SERVICE_UUID] = battery;
  services[lumbarpodUuid(LUMBARPOD_SERVICE_PART)] = lp;
  // uart: false closes the JavaScript console over BLE in run mode
  NRF.setServices(services, { uart: false });
  // a service-data key with no data lists 0x1814 in the primary advertising packet, where
  // watches look for a foot pod (setServices' advertise option only reaches the scan response);
  // the list is the complete one, so it names the battery service too
  const advertising: { [uuid: string]: undefined } = {};
  advertising[RSC_SERVICE_UUID] = undefined;
  advertising[BATTERY_SERVICE_UUID] = undefined;
  NRF.setAdvertising(advertising, { name: POD_ADVERTISED_NAME, showName: true });
}

function onTick(pod: Pod): void {
  E.kickWatchdog();
  pod.ticks++;
  if (pod.ticks % BATTERY_EVERY_TICKS === 1) {
    if (pod.speedUnsaved) configSave(pod);
    const pct = E.getBattery() | 0;
    pod.status.batteryPct = pct;
    // an error once each time it falls below the warning level (back above it with a margin,
    // as the reading wanders), so a host hears it and the pod alone blinks it
    if (pct >= BATTERY_LOW_PCT + BATTERY_LOW_REARM_PCT) pod.batteryLowSent = 0;
    else if (pct < BATTERY_LOW_PCT && !pod.batteryLowSent) {
      pod.batteryLowSent = 1;
      sendError(pod, ERROR_BATTERY_LOW, pct);
    }
    // one byte, percent (Battery Level), set with nobody connected too: a phone that connects
    // later reads it once; a notification lost is sent again next minute
    pod.msg[0] = pod.status.batteryPct;
    bleValueSet(BATTERY_SERVICE_UUID, BATTERY_LEVEL_UUID, pod.msg, 0, 1);
  }
  if (pod.recording && pod.ticks % STATUS_EVERY_TICKS === 0) sendStatus(pod, LINK_SERIAL);
  // a runner who stopped sends no step: without this a watch would show the last cadence on
  if (pod.rscMoving && (nowMs(pod) - pod.lastRscMs) >>> 0 >= RSC_STOPPED_MS) {
    pod.rscMoving = 0;
    bleValueSet(RSC_SERVICE_UUID, RSC_MEASUREMENT_UUID, pod.msg, 0, rscMeasurementEncode(pod.msg, 0, 0, 0, 0));
  }
  // an edge the watermark interrupt did not deliver (INT1 already high when a handler ended)
  // would leave the FIFO to overrun with nothing ever reading it again; read only when no burst
  // came for a watermark and a half, as an IMU clock a little fast would otherwise make every
  // tick read a burst of a sample or two, at a whole burst's cost
  const fifo = pod.fifo;
  const nowS = getTime();
  if ((nowS - pod.lastReadS) * fifo.rateHz >= fifo.watermarkSamples * 1.5) onFifoWatermark(pod);
  // An IMU that answers but delivers nothing and says its FIFO is empty (its settings lost to a
  // brown-out: FIFO off) is set up again, and what it would have taken since the last samples
  // read is lost: the host sees the gap, and the sample index keeps time. A bus that does not
  // answer, or a FIFO that holds samples a read could not take, is waited for instead: its
  // overrun says what it lost.
  // (a read just now that delivered leaves it below 0)
  const silentS = nowS - pod.lastSamplesS;
  if (pod.recording && !fifo.busFault && !fifo.samplesLeft && silentS >= IMU_SILENT_S) {
    try {
      pod.board.imu.start(fifo, fifo.rateHz, fifo.watermarkSamples);
    } catch (e) {
      // its bus stopped answering meanwhile: waited for as above
    }
    samplesLostRecord(pod, Math.floor(silentS * fifo.rateHz + 0.5));
    pod.lastSamplesS += silentS;
  }
}

/**
 * the FIFO watermark at a rate: a quarter second per burst, 13, 26 or 52 samples. Raw only
 * (no detector state in RAM, nothing waiting on the steps) half a second up to 52 samples, so
 * what each burst costs whatever its size (the interrupt, the reads' set-up, a frame and its
 * write) comes half as often: about a quarter less per sample at 104 Hz (docs/performance.md)
 */
export function podWatermarkSamples(rateHz: number, rawOnly: number): number {
  const half = (rateHz / 2) | 0;
  return rawOnly && half <= RAW_ONLY_WATERMARK_MAX_SAMPLES ? half : (rateHz / 4) | 0;
}

/** raw only's longest burst: at 208 Hz a quarter second already is (a rawBatch holds 64 samples) */
const RAW_ONLY_WATERMARK_MAX_SAMPLES = 52;

export interface PodBurstBuffers {
  fifo: ImuBurst;
  frame: Uint8Array;
  msg: Uint8Array;
}

/**
 * The FIFO block and the message buffer (a view of the frame) for a rate: sized for its bursts'
 * rawBatch, or the longest other message when that is longer, not for the largest burst of any
 * rate. At 104 Hz the two take about 45 blocks of the Puck's RAM fewer (device bench). Made at
 * boot, when the rate changes and at a start that needs others (never while recording); the old
 * ones go at the next garbage collection. In raw only, where no detector reads the samples, the
 * block is the rawBatch's samples in the frame: the IMU reads them into the batch, which saves
 * copying each burst (docs/performance.md, "Raw only").
 */
export function podBurstBuffers(rateHz: number, rawOnly: number): PodBurstBuffers {
  const capacity = imuBurstCapacitySamples(podWatermarkSamples(rateHz, rawOnly));
  const raw = RAW_BATCH_SAMPLES_OFFSET + capacity * RAW_SAMPLE_BYTES;
  const msgLength = raw > MAX_MESSAGE_LENGTH_WITHOUT_RAW ? raw : MAX_MESSAGE_LENGTH_WITHOUT_RAW;
  let msgAt = frameRoomBefore(msgLength) + 1;
  // raw only's block is an Int16Array in the frame, whose offset is even
  if (rawOnly) msgAt += (msgAt + RAW_BATCH_SAMPLES_OFFSET) & 1;
  const blockAt = msgAt + RAW_BATCH_SAMPLES_OFFSET;
  const frameEnd = msgAt + msgLength + FRAME_CRC_LENGTH + 1;
  // the frame also holds the sentinel row after raw only's samples
  const blockEnd = rawOnly ? blockAt + (capacity + 1) * RAW_SAMPLE_BYTES : 0;
  const frame = new Uint8Array(blockEnd > frameEnd ? blockEnd : frameEnd);
  return {
    fifo: imuBurstCreate(capacity, rawOnly ? new Int16Array(frame.buffer, blockAt, (capacity + 1) * WORDS_PER_SAMPLE) : undefined),
    frame: frame, msg: new Uint8Array(frame.buffer, msgAt, msgLength),
  };
}

function podBurstBuffersSet(pod: Pod, buffers: PodBurstBuffers): void {
  pod.fifo = buffers.fifo;
  pod.frame = buffers.frame;
  pod.msg = buffers.msg;
}

function serialOpen(pod: Pod): void {
  pod.board.serial.setup(SERIAL_BAUD, { rx: pod.board.serialRx, tx: pod.board.serialTx });
  pod.serialUp = 1;
}

/** boots the pod: run mode (sampling, services, console closed) or setup mode (console open) */
export function podBoot(board: DeviceBoard): Pod {
  const d = board.deviceDescription;
  const storage = require('Storage');
  let stored: unknown;
  try {
    stored = storage.readJSON(POD_CONFIG_FILE, true);
    // its write failed after the new settings were kept on their own
    if (stored === undefined) stored = storage.readJSON(POD_CONFIG_NEW_FILE, true);
  } catch (e) {
    stored = undefined;
  }
  const setupFlag = storage.readArrayBuffer(SETUP_FLAG_FILE) !== undefined;
  if (setupFlag) storage.erase(SETUP_FLAG_FILE);
  const status = statusRecordCreate();
  status.firmwareMajor = FIRMWARE_VERSION_MAJOR;
  status.firmwareMinor = FIRMWARE_VERSION_MINOR;
  status.batteryPct = E.getBattery() | 0;
  const config = podConfigFrom(stored, d.supportedRatesHz, d.defaultRateHz);
  const buffers = podBurstBuffers(config.rateHz, 0);
  const pod: Pod = {
    board: board,
    config: config,
    setupMode: setupFlag ? 1 : 0,
    bootS: getTime(),
    // Espruino seeds Math.random from the nRF52's hardware generator at each boot
    bootId: ((Math.random() * 0x7fffffff) | 0) + 1,
    recording: 0,
    sampleIndex: 0,
    core: null,
    rawOnly: 0,
    rawOnlyNext: 0,
    fifo: buffers.fifo,
    status: status,
    seq: new Uint16Array(2 * (MSG_CLOCK + 1)),
    msg: buffers.msg,
    frame: buffers.frame,
    logEntry: new Uint8Array(SUMMARY_MESSAGE_LENGTH + SUMMARY_FORM_MESSAGE_LENGTH),
    log: flashLogOpen(storage, FLASH_LOG_MAX_BYTES),
    clock: new Uint8Array(CLOCK_MESSAGE_LENGTH),
    clockLength: 0,
    clockLogged: 0,
    recordingInfoLogged: 0,
    rx: new Uint8Array(RX_FRAME_MAX_BYTES),
    rxLength: 0,
    rxOverflow: 0,
    command: new Uint8Array(RX_FRAME_MAX_BYTES),
    parsed: commandParsedCreate(),
    rawBleMsg: null,
    bleConnected: 0,
    lastReadS: 0,
    lastSamplesS: 0,
    lastRscMs: -RSC_MEASUREMENT_MIN_INTERVAL_MS,
    rscMoving: 0,
    ticks: 0,
    storageErrorSent: 0,
    batteryLowSent: 0,
    configUnsaved: 0,
    speedUnsaved: 0,
    statusFromIndex: [0, 0],
    logTimers: [-1, -1],
    ledLit: 0,
    serialUp: 0,
    busyS: 0,
    busyAtS: [0, 0],
    busyFromS: [0, 0],
  };
  if (pod.setupMode) {
    // setup mode: the console stays on serial and BLE (Nordic UART) for flashing; no sampling.
    // Run mode's watchdog survives the E.reboot that brought the pod here (the nRF52 WDT stops
    // only at power-on or its own reset), so Espruino's idle loop kicks it from now on.
    E.enableWatchdog(WATCHDOG_S, true);
    NRF.setServices({}, { uart: true });
    ledBlink(pod, board.ledCalm, 1000);
    return pod;
  }
  E.setConsole(board.consoleSink, { force: true });
  // Serial1 runs only with an adapter on its wires, whose TX idles high on our RX, as Espruino
  // decides at boot: a running UART draws power all the time, and with nobody on the line every
  // step would be encoded and framed for nothing. As Espruino's own check does, the pull-down
  // empties the line and is let go before the read, for an adapter too weak to beat it. The
  // pull-down then holds an empty line low, so an adapter plugged in later raises the pin.
  pinMode(board.serialRx, 'input_pulldown');
  pinMode(board.serialRx, 'input');
  if (digitalRead(board.serialRx)) {
    serialOpen(pod);
  } else {
    pinMode(board.serialRx, 'input_pulldown');
    setWatch(function () { serialOpen(pod); }, board.serialRx, { edge: 'rising' });
  }
  board.serial.on('data', function (data: string) { onSerialData(pod, data); });
  NRF.on('connect', function () { pod.bleConnected = 1; });
  NRF.on('disconnect', function () { pod.bleConnected = 0; pod.rawBleMsg = null; stopLogSend(pod, LINK_BLE); });
  bleServices(pod);
  board.imu.onWatermark(function () { onFifoWatermark(pod); });
  setWatch(function () {
    if (pod.recording) podStop(pod);
    else podStart(pod);
  }, board.button, { repeat: true, edge: 'rising', debounce: 50 });
  E.enableWatchdog(WATCHDOG_S, false);
  setInterval(function () { onTick(pod); }, TICK_MS);
  sendError(pod, ERROR_RESTARTED, 0);
  if (pod.config.autoStart) podStart(pod);
  return pod;
}
