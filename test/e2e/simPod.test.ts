// The simulated pod running the compiled sim bundle (dist/lumbarpod-sim.min.js) in the simulator:
// its step and summary messages equal host replay of its own raw stream byte for byte; the RSC
// service's bytes follow the Bluetooth field tables; fuzzed frames and commands get errors and
// counters, never a crash or a reset; a BLE disconnect loses no summary (log + sequence numbers);
// lost samples, full storage and setup mode are reported as the protocol says.
import { expect } from 'chai';
import {
  COMMAND_CONFIRM_KEY, ERROR_BAD_FRAME, ERROR_BATTERY_LOW, ERROR_NO_MEMORY, ERROR_RESTARTED, ERROR_SAMPLES_LOST, ERROR_STORAGE, HEADER_LENGTH,
  LOG_CHUNK_BYTES_OFFSET, LOG_CHUNK_MAX_BYTES_BLE, MSG_ERROR, MSG_LOG_CHUNK, MSG_RAW_BATCH, MSG_REPLY, MSG_STATUS, MSG_STEP, MSG_SUMMARY,
  MSG_SUMMARY_FORM, REPLY_BAD_LENGTH, REPLY_FAILED, REPLY_OK, REPLY_OUT_OF_RANGE, REPLY_STORAGE_FULL, REPLY_UNKNOWN_COMMAND, STATUS_RECORDING,
  STATUS_CONFIG_UNSAVED, STATUS_RAW_ONLY, STATUS_RAW_STREAM, STATUS_SATURATION_SEEN, STATUS_STORAGE_FULL, REPLY_BUSY, START_FAILED_IMU, START_FAILED_MEMORY, RAW_BATCH_SAMPLES_OFFSET,
} from '../../firmware/protocol/messageIds';
import {
  BATTERY_LEVEL_UUID, BATTERY_SERVICE_UUID, LUMBARPOD_CONTROL_UUID, LUMBARPOD_RAW_UUID, LUMBARPOD_REPLY_UUID, LUMBARPOD_SERVICE_UUID,
  LUMBARPOD_STEP_UUID, LUMBARPOD_SUMMARY_UUID, POD_ADVERTISED_NAME,
} from '../../firmware/protocol/bleUuids';
import {
  RSC_CONTROL_POINT_UUID, RSC_FEATURE_UUID, RSC_MEASUREMENT_UUID, RSC_SENSOR_LOCATION_UUID, RSC_SERVICE_UUID,
} from '../../firmware/protocol/rscService';
import { GATT_DOC_CHARACTERISTICS, renderProtocolDoc } from '../../host-tools/protocol/protocolDoc';
import { fixedLength, STATUS_SPEC } from '../../firmware/protocol/messageTypes';
import { SUMMARY_MESSAGE_LENGTH } from '../../firmware/protocol/podEncoders';
import { FLASH_LOG_FILE, flashLogAppend, flashLogOpen } from '../../firmware/device/flashLog';
import { storedFileBytes } from '../../host-tools/flash/espruinoStorageLayout';
import { SimStorage } from '../../host-tools/sim/simStorage';
import { logEntriesDecode } from '../../host-tools/protocol/logEntries';
import { messageBody } from '../../host-tools/replay/rawStreamReplay';
import { ImuSource, imuSourceFromRecording, imuSourceFromSynthetic } from '../../host-tools/sim/imuSource';
import { PodSimulator } from '../../host-tools/sim/podSimulator';
import { LSM6DS3TRC_REG } from '../../boards/lsm6ds3trc';
import { createPrng } from '../../host-tools/synthetic/prng';
import { generateSynthetic, SyntheticRun } from '../../host-tools/synthetic/generate';
import {
  commandFrame, commandMessage, mobgapWalkingTrial, ofType, rawBatches, replayOfRaw, serialMessages, simBundleSource, u16, u32,
} from './simPodHelpers';

const RATE_HZ = 104;
/** a status field's offset in the message, from messageTypes.ts STATUS_SPEC */
function statusOffset(name: string): number {
  const at = STATUS_SPEC.fields.findIndex((f) => f.name === name);
  if (at < 0) throw new Error(`status has no field ${name}`);
  return fixedLength(STATUS_SPEC.fields.slice(0, at));
}
const STATUS_FRAMES_BAD = statusOffset('framesBad');
const STATUS_COMMANDS_REJECTED = statusOffset('commandsRejected');
const STATUS_FLAGS = statusOffset('flags');
const STATUS_SPEED = statusOffset('speedMms');
const STATUS_DROPPED = statusOffset('droppedSamples');
const STATUS_LOG_BYTES = statusOffset('storageUsedBytes');
const STATUS_LOG_FREE_BYTES = statusOffset('storageFreeBytes');
const STATUS_BUSY_PCT = statusOffset('sampleHandlerBusyPct');
const REPLY_STATUS = HEADER_LENGTH + 3;
const REPLY_DETAIL = HEADER_LENGTH + 4;

let bundle = '';

function runningRun(seconds: number, seed = 3): SyntheticRun {
  return generateSynthetic({
    sampleRateHz: RATE_HZ, seed,
    segments: [{ kind: 'standing', durationS: 3 }, { kind: 'running', durationS: seconds, cadenceSpm: 172 }],
  });
}

/** a pod whose stored config turns the raw stream on from boot (a researcher set it earlier) */
function researchPod(sim: PodSimulator): void {
  sim.storage.writeJSON('lpconfig.json', { rawStream: 1 });
}

/** a new recording over serial with the raw stream as given (2: raw only, the detector off) */
function restartRecording(sim: PodSimulator, rawStream: number): void {
  sim.serialWrite(commandFrame('stopRecording'));
  sim.serialWrite(commandFrame('setRawStream', { enabled: rawStream }));
  sim.serialWrite(commandFrame('startRecording'));
}

/**
 * A BLE central connects, subscribes to the LumbarPod characteristics given and turns the raw
 * stream on: what it receives on them, in order, as the pod goes on
 */
function centralWithRawStream(sim: PodSimulator, characteristicUuids: string[]): Uint8Array[] {
  const received: Uint8Array[] = [];
  sim.blePeer.connect();
  sim.runFor(10);
  for (const uuid of characteristicUuids) sim.blePeer.subscribe(LUMBARPOD_SERVICE_UUID, uuid, (bytes) => received.push(Uint8Array.from(bytes)));
  sim.blePeer.write(LUMBARPOD_SERVICE_UUID, LUMBARPOD_CONTROL_UUID, commandMessage('setRawStream', { enabled: 1 }));
  return received;
}

/** runs the source to its end, stops recording over serial and returns everything the pod sent */
function runAndStop(sim: PodSimulator): Uint8Array[] {
  sim.runUntilSourceEnds();
  sim.serialWrite(commandFrame('stopRecording'));
  sim.runFor(200);
  return serialMessages(sim.serialOutput()).messages;
}

/**
 * Stops the pod's recording, makes the next start fail with `failStart`, asks it to start, waits
 * 3 s (a dozen bursts) and asks for a status: what the pod sent, checked to say it is not recording
 */
function startThatFails(sim: PodSimulator, failStart: () => void): Uint8Array[] {
  sim.serialWrite(commandFrame('stopRecording'));
  sim.runFor(100);
  failStart();
  sim.serialWrite(commandFrame('startRecording'));
  sim.runFor(3000);
  sim.serialWrite(commandFrame('getStatus'));
  sim.runFor(100);
  const messages = serialMessages(sim.serialOutput()).messages;
  expect(u16(lastStatus(messages), STATUS_FLAGS) & STATUS_RECORDING, 'not recording').to.equal(0);
  return messages;
}

function expectHealthy(sim: PodSimulator): void {
  expect(sim.crashes.map((c) => c.message), 'uncaught exceptions in the pod').to.deep.equal([]);
  expect(sim.resets, 'resets (reboot or watchdog)').to.deep.equal([]);
  expect(sim.imu.mustBeZeroBitsSet(), 'IMU registers with a reserved bit set').to.deep.equal([]);
}

/** no loss reported, and the raw batches follow on from sample 0 with no jump */
function expectRawStreamWhole(messages: Uint8Array[]): void {
  expect(ofType(messages, MSG_ERROR).filter((m) => m[HEADER_LENGTH] === ERROR_SAMPLES_LOST), 'no loss').to.have.length(0);
  let next = 0;
  for (const m of ofType(messages, MSG_RAW_BATCH)) {
    expect(u32(m, HEADER_LENGTH), 'batches follow on, no jump').to.equal(next);
    next += u16(m, HEADER_LENGTH + 4);
  }
}

/** the samples each samplesLost error the pod sent says it lost, in order */
function lossesReported(messages: Uint8Array[]): number[] {
  return ofType(messages, MSG_ERROR).filter((m) => m[HEADER_LENGTH] === ERROR_SAMPLES_LOST).map((m) => u32(m, HEADER_LENGTH + 1));
}

/** the last status message the pod sent */
function lastStatus(messages: Uint8Array[]): Uint8Array {
  const all = ofType(messages, MSG_STATUS);
  expect(all.length, 'status messages').to.be.greaterThan(0);
  return all[all.length - 1];
}

describe('simulated pod (sim bundle in the simulator)', function () {
  this.timeout(120000);

  before(async function () {
    this.timeout(60000);
    bundle = await simBundleSource();
  });

  describe('the serial stream equals host replay of the pod\'s own raw samples, byte for byte', () => {
    it('on a synthetic run (3 s standing, 40 s at 172 spm)', () => {
      const sim = new PodSimulator({ bundleSource: bundle, recording: imuSourceFromSynthetic(runningRun(40)) });
      researchPod(sim);
      const messages = runAndStop(sim);
      expectHealthy(sim);
      const host = replayOfRaw(messages, RATE_HZ, 0, true);
      expect(host.gapsSamples, 'no sample lost').to.deep.equal([]);
      const samples = ofType(messages, MSG_RAW_BATCH).reduce((n, m) => n + u16(m, HEADER_LENGTH + 4), 0);
      // the IMU samples what the source gives; at most one watermark still waits in the FIFO at the stop
      expect(samples).to.be.within(43 * RATE_HZ - 26, 43 * RATE_HZ + 1);
      expect(host.step.length, 'steps').to.be.within(110, 120);
      expect(ofType(messages, MSG_STEP).map(messageBody)).to.deep.equal(host.step);
      expect(ofType(messages, MSG_SUMMARY).map(messageBody)).to.deep.equal(host.summary);
      expect(ofType(messages, MSG_SUMMARY_FORM).map(messageBody)).to.deep.equal(host.summaryForm);
      expect(host.summary.length, 'summaries: four 10 s windows and the last part').to.equal(5);
    });

    it('raw only (setRawStream rawOnly): every sample and nothing the detector makes; host replay of them gives the steps and summaries of the pod in its usual mode, byte for byte', () => {
      // two pods on the same run, each stopped at boot and started again with the raw stream: one
      // as usual, one raw only
      const started = (rawStream: number): PodSimulator => {
        const pod = new PodSimulator({ bundleSource: bundle, recording: imuSourceFromSynthetic(runningRun(40)) });
        restartRecording(pod, rawStream);
        return pod;
      };
      // what came after the reply to startRecording (the third command): the stop closed the
      // session before, with its one empty window
      const afterStart = (all: Uint8Array[]): Uint8Array[] => {
        const start = all.filter((m) => m[1] === MSG_REPLY)[2];
        expect(ofType(all.slice(0, all.indexOf(start)), MSG_RAW_BATCH), 'nothing sampled before').to.have.length(0);
        return all.slice(all.indexOf(start) + 1);
      };
      const usual = afterStart(runAndStop(started(1)));
      const sim = started(2);
      sim.runFor(5000);
      sim.serialWrite(commandFrame('getStatus'));
      sim.runFor(100);
      const messages = afterStart(runAndStop(sim));
      expectHealthy(sim);
      expect(ofType(messages, MSG_STEP), 'no steps').to.have.length(0);
      expect(ofType(messages, MSG_SUMMARY), 'no summaries').to.have.length(0);
      expectRawStreamWhole(messages);
      const status = ofType(messages, MSG_STATUS)[0];
      expect(u16(status, STATUS_FLAGS) & (STATUS_RAW_ONLY | STATUS_RECORDING), 'recording, raw only').to.equal(STATUS_RAW_ONLY | STATUS_RECORDING);
      // the same samples, in bursts of half a second rather than a quarter (podWatermarkSamples)
      const rawOnlyBatches = ofType(messages, MSG_RAW_BATCH);
      const counts = rawOnlyBatches.map((m) => u16(m, HEADER_LENGTH + 4));
      expect(counts.reduce((a, b) => a + b, 0) / counts.length, 'samples per batch, on average').to.be.within(45, 53);
      const samplesOf = (batches: Uint8Array[]): Buffer => Buffer.concat(batches.map((m) => m.subarray(RAW_BATCH_SAMPLES_OFFSET)));
      const rawOnlySamples = samplesOf(rawOnlyBatches);
      const usualSamples = samplesOf(ofType(usual, MSG_RAW_BATCH));
      expect(rawOnlySamples.length, 'samples').to.be.above(4000 * 12);
      expect(rawOnlySamples.subarray(0, usualSamples.length).equals(usualSamples.subarray(0, rawOnlySamples.length)), 'the same samples').to.equal(true);
      const host = replayOfRaw(messages, RATE_HZ, 0, true);
      expect(host.step.length, 'steps').to.be.within(110, 120);
      expect(host.step).to.deep.equal(ofType(usual, MSG_STEP).map(messageBody));
      expect(host.summary).to.deep.equal(ofType(usual, MSG_SUMMARY).map(messageBody));
      expect(host.summaryForm).to.deep.equal(ofType(usual, MSG_SUMMARY_FORM).map(messageBody));
      expect(sim.storage.fileBytes(FLASH_LOG_FILE), 'nothing logged').to.equal(undefined);
    });

    it('raw only is chosen between recordings, on serial: busy while recording, failed over BLE; the detector is back from the next start', () => {
      const sim = new PodSimulator({ bundleSource: bundle, recording: imuSourceFromSynthetic(runningRun(60)) });
      restartRecording(sim, 2);
      sim.runFor(3000);
      sim.serialWrite(commandFrame('setRawStream', { enabled: 1 }));
      sim.runFor(100);
      sim.blePeer.connect();
      sim.runFor(10);
      const bleReplies: number[] = [];
      sim.blePeer.subscribe(LUMBARPOD_SERVICE_UUID, LUMBARPOD_REPLY_UUID, (bytes) => {
        if (bytes[1] === MSG_REPLY) bleReplies.push(bytes[REPLY_STATUS]);
      });
      sim.blePeer.write(LUMBARPOD_SERVICE_UUID, LUMBARPOD_CONTROL_UUID, commandMessage('setRawStream', { enabled: 2 }));
      sim.runFor(100);
      expect(bleReplies, 'raw only over BLE').to.deep.equal([REPLY_FAILED]);
      sim.serialWrite(commandFrame('stopRecording'));
      sim.runFor(100);
      sim.serialWrite(commandFrame('setRawStream', { enabled: 1 }));
      sim.runFor(100);
      sim.serialWrite(commandFrame('startRecording'));
      sim.runFor(20000);
      expectHealthy(sim);
      const messages = serialMessages(sim.serialOutput()).messages;
      expect(ofType(messages, MSG_REPLY).map((m) => m[REPLY_STATUS]), 'raw only set, then busy, then stop, set and start ok').to.deep.equal([REPLY_OK, REPLY_OK, REPLY_OK, REPLY_BUSY, REPLY_OK, REPLY_OK, REPLY_OK]);
      expect(ofType(messages, MSG_STEP).length, 'steps after the new start').to.be.at.least(20);
      expect(sim.storage.readJSON('lpconfig.json'), 'kept').to.deep.include({ rawStream: 1 });
    });

    it('raw only lasts until the pod restarts: a research pod handed to a runner detects and logs again', () => {
      const sim = new PodSimulator({ bundleSource: bundle, recording: imuSourceFromSynthetic(runningRun(60)) });
      restartRecording(sim, 2);
      sim.runFor(15000);
      expect(ofType(serialMessages(sim.serialOutput()).messages, MSG_STEP), 'raw only: no steps').to.have.length(0);
      expect(sim.storage.readJSON('lpconfig.json'), 'the raw stream is kept, raw only is not').to.deep.include({ rawStream: 1 });
      sim.reboot();
      sim.runFor(20000);
      expect(sim.crashes.map((c) => c.message)).to.deep.equal([]);
      const messages = serialMessages(sim.serialOutput()).messages;
      expect(ofType(messages, MSG_STEP).length, 'steps after the restart').to.be.at.least(20);
      expect(ofType(messages, MSG_RAW_BATCH).length, 'with the raw stream, as kept').to.be.above(0);
      expect(sim.storage.fileBytes(FLASH_LOG_FILE), 'windows logged again').to.not.equal(undefined);
    });

    it('raw only on serial with a central\'s raw stream on BLE: both carry every sample, the same (raw only reads the IMU into its serial frame)', () => {
      const sim = new PodSimulator({ bundleSource: bundle, recording: imuSourceFromSynthetic(runningRun(12)) });
      restartRecording(sim, 2);
      sim.runFor(2000);
      const ble = centralWithRawStream(sim, [LUMBARPOD_RAW_UUID]);
      const messages = runAndStop(sim);
      expectHealthy(sim);
      expectRawStreamWhole(messages);
      const serialSamples = rawBatches(messages);
      const bleSamples = rawBatches(ble);
      expect(bleSamples.length, 'BLE batches of three samples').to.be.above(10 * RATE_HZ / 3);
      const serialCounts = (index: number): number[] => {
        const batch = serialSamples.find((b) => index >= b.firstSampleIndex && index < b.firstSampleIndex + b.samplesCounts.length / 6);
        if (batch === undefined) throw new Error(`sample ${index} not on serial`);
        const at = (index - batch.firstSampleIndex) * 6;
        return Array.from(batch.samplesCounts.subarray(at, at + 6));
      };
      let next = bleSamples[0].firstSampleIndex;
      for (const batch of bleSamples) {
        expect(batch.firstSampleIndex, 'BLE batches follow on').to.equal(next);
        for (let k = 0; k < batch.samplesCounts.length / 6; k++) {
          expect(Array.from(batch.samplesCounts.subarray(k * 6, k * 6 + 6)), `sample ${next + k}`).to.deep.equal(serialCounts(next + k));
        }
        next += batch.samplesCounts.length / 6;
      }
    });

    it('raw only, then the detector with bursts of the same size (208 Hz): the detector reads its own block, not the frame raw only read into', () => {
      const run = generateSynthetic({
        sampleRateHz: 208, seed: 5, segments: [{ kind: 'standing', durationS: 3 }, { kind: 'running', durationS: 30, cadenceSpm: 172 }],
      });
      const sim = new PodSimulator({ bundleSource: bundle, recording: imuSourceFromSynthetic(run) });
      sim.serialWrite(commandFrame('stopRecording'));
      sim.serialWrite(commandFrame('setRate', { rateHz: 208 }));
      sim.serialWrite(commandFrame('setRawStream', { enabled: 2 }));
      sim.serialWrite(commandFrame('startRecording'));
      sim.runFor(5000);
      restartRecording(sim, 1);
      const all = runAndStop(sim);
      expectHealthy(sim);
      const replies = all.filter((m) => m[1] === MSG_REPLY);
      expect(replies.map((m) => m[REPLY_STATUS]), 'every command ok').to.deep.equal(replies.map(() => REPLY_OK));
      // what came after the reply to the second startRecording (the seventh command)
      const messages = all.slice(all.indexOf(replies[6]) + 1);
      expectRawStreamWhole(messages);
      const host = replayOfRaw(messages, 208, 0, true);
      expect(host.step.length, 'steps').to.be.above(60);
      expect(host.step).to.deep.equal(ofType(messages, MSG_STEP).map(messageBody));
      expect(host.summary).to.deep.equal(ofType(messages, MSG_SUMMARY).map(messageBody));
    });

    it('the reply to getStatus gives the boot id: the same through a boot, another after a restart', () => {
      const sim = new PodSimulator({ bundleSource: bundle, recording: imuSourceFromSynthetic(runningRun(30)) });
      const bootIds = (): number[] => {
        sim.serialWrite(commandFrame('getStatus'));
        sim.runFor(100);
        sim.serialWrite(commandFrame('getStatus'));
        sim.runFor(100);
        return ofType(serialMessages(sim.serialOutput()).messages, MSG_REPLY).map((m) => u32(m, REPLY_DETAIL));
      };
      sim.runFor(2000);
      const first = bootIds();
      expect(first).to.have.length(2);
      expect(first[0], 'a boot id').to.be.above(0);
      expect(first[1], 'the same boot').to.equal(first[0]);
      sim.reboot();
      sim.runFor(2000);
      const second = bootIds().slice(2);
      expect(second[0], 'a new boot').to.be.above(0).and.not.equal(first[0]);
      expect(second[1]).to.equal(second[0]);
      expect(sim.crashes.map((c) => c.message)).to.deep.equal([]);
    });

    it('on the real walking trial (Mobilise-D HA-001, 100 Hz lower-back IMU sampled at 104 Hz)', async () => {
      const recording = await mobgapWalkingTrial();
      const sim = new PodSimulator({ bundleSource: bundle, recording: imuSourceFromRecording(recording) });
      researchPod(sim);
      const messages = runAndStop(sim);
      expectHealthy(sim);
      const host = replayOfRaw(messages, RATE_HZ, 0, true);
      expect(host.step.length, 'walking steps found').to.be.at.least(8);
      expect(ofType(messages, MSG_STEP).map(messageBody)).to.deep.equal(host.step);
      expect(ofType(messages, MSG_SUMMARY).map(messageBody)).to.deep.equal(host.summary);
      expect(ofType(messages, MSG_SUMMARY_FORM).map(messageBody)).to.deep.equal(host.summaryForm);
    });
  });

  describe('RSC service (0x1814) bytes, from the Bluetooth field tables', () => {
    it('advertises 0x1814 in the primary packet and serves Feature, Sensor Location and Measurement', () => {
      const sim = new PodSimulator({ bundleSource: bundle, recording: imuSourceFromSynthetic(runningRun(12)) });
      const peer = sim.blePeer;
      const measurements: Uint8Array[] = [];
      sim.runFor(50);
      // AD structure: length 5, type 0x03 (complete list of 16-bit service UUIDs), 0x1814 and the
      // battery service 0x180F, little-endian
      const adv = Buffer.from(sim.nrf.advertisingPacket as Uint8Array);
      expect(adv.indexOf(Buffer.from([0x05, 0x03, 0x14, 0x18, 0x0f, 0x18])), `advertising ${adv.toString('hex')}`).to.be.at.least(0);
      peer.connect();
      sim.runFor(10);
      // RSC Feature: uint16, bit 2 = walking or running status supported; nothing else
      expect(Array.from(peer.read(RSC_SERVICE_UUID, RSC_FEATURE_UUID))).to.deep.equal([0x04, 0x00]);
      // Sensor Location: uint8, 3 = hip
      expect(Array.from(peer.read(RSC_SERVICE_UUID, RSC_SENSOR_LOCATION_UUID))).to.deep.equal([3]);
      peer.subscribe(RSC_SERVICE_UUID, RSC_MEASUREMENT_UUID, (bytes) => measurements.push(Uint8Array.from(bytes)));
      sim.runUntilSourceEnds();
      expectHealthy(sim);
      const steps = ofType(serialMessages(sim.serialOutput()).messages, MSG_STEP);
      expect(measurements.length, 'about one measurement a second while running').to.be.within(8, 13);
      const stepCadences = steps.map((m) => u16(m, HEADER_LENGTH + 12));
      for (const m of measurements) {
        // flags: bit 2 running (no stride length, no total distance); speed uint16 1/256 m/s (0: no speed
        // set); cadence uint8 per minute (steps, i.e. footfalls)
        expect(m.length).to.equal(4);
        expect(m[0]).to.equal(0x04);
        expect(m[1] | (m[2] << 8)).to.equal(0);
        expect(stepCadences).to.include(m[3]);
        expect(m[3]).to.be.within(165, 180);
      }
    });

    it('tells a watch the runner stopped (cadence 0, not running, within 4 s of the last step) and its cadence again once the runner moves on', () => {
      const run = generateSynthetic({
        sampleRateHz: RATE_HZ, seed: 4,
        segments: [
          { kind: 'standing', durationS: 3 }, { kind: 'running', durationS: 10, cadenceSpm: 170 }, { kind: 'standing', durationS: 10 },
          { kind: 'walking', durationS: 8, cadenceSpm: 110 }, { kind: 'standing', durationS: 8 },
        ],
      });
      const sim = new PodSimulator({ bundleSource: bundle, recording: imuSourceFromSynthetic(run) });
      const measurements: { atMs: number; flags: number; cadenceSpm: number }[] = [];
      sim.runFor(50);
      sim.blePeer.connect();
      sim.runFor(10);
      sim.blePeer.subscribe(RSC_SERVICE_UUID, RSC_MEASUREMENT_UUID, (bytes) => measurements.push({ atMs: sim.nowMs, flags: bytes[0], cadenceSpm: bytes[3] }));
      sim.runUntilSourceEnds();
      sim.runFor(1000);
      expectHealthy(sim);
      const [, running, stand, walking, lastStand] = run.truth.segments;
      const within = (fromMs: number, toMs: number) => measurements.filter((m) => m.atMs >= fromMs && m.atMs < toMs);
      const lastStepMs = (kind: string) => run.truth.steps.filter((s) => s.kind === kind).map((s) => s.tMs + s.stepMs).pop() as number;
      expect(within(running.startMs, running.endMs).map((m) => m.flags), 'running').to.include(0x04);
      expect(within(walking.startMs, walking.endMs).map((m) => m.cadenceSpm).filter((c) => c >= 100 && c <= 120).length, 'walking cadences').to.be.at.least(4);
      for (const [standing, lastMs] of [[stand, lastStepMs('running')], [lastStand, lastStepMs('walking')]] as const) {
        const still = within(standing.startMs, standing.endMs);
        const stop = still.findIndex((m) => m.cadenceSpm === 0);
        expect(stop, `a stop said while standing from ${standing.startMs} ms`).to.be.at.least(0);
        expect(still[stop].atMs - lastMs, 'ms from the last step to the stop').to.be.within(0, 4000);
        expect(still[stop].flags, 'not running, no speed').to.equal(0);
        expect(still.slice(stop).map((m) => m.cadenceSpm), 'said once, then nothing but 0').to.deep.equal([0]);
      }
    });

    it('serves exactly the GATT table docs/protocol.md gives, with the same properties, and no console', () => {
      const sim = new PodSimulator({ bundleSource: bundle, recording: imuSourceFromSynthetic(runningRun(12)) });
      sim.runFor(5);
      const key = (service: string, uuid: string, properties: string[]) => `${service.toLowerCase()} ${uuid.toLowerCase()} ${properties.join(',')}`;
      const served = sim.nrf.characteristics().map((c) => {
        const properties = [c.readable ? 'read' : '', c.writable ? 'write' : '', c.notify ? 'notify' : '', c.indicate ? 'indicate' : ''].filter((p) => p !== '');
        return key(c.serviceUuid, c.charUuid, properties);
      });
      const documented = GATT_DOC_CHARACTERISTICS.map((c) => key(c.serviceUuid, c.uuid, c.properties));
      expect(served.sort()).to.deep.equal(documented.sort());
      expect(sim.nrf.nusEnabled, 'the Nordic UART console').to.equal(false);
    });

    it('Battery Level (0x180F / 0x2A19) reads the charge in percent and notifies a connected central once a minute', () => {
      const sim = new PodSimulator({ bundleSource: bundle, recording: imuSourceFromSynthetic(runningRun(130)), batteryPercent: 83 });
      sim.runFor(50);
      expect(Array.from(sim.blePeer.read(BATTERY_SERVICE_UUID, BATTERY_LEVEL_UUID))).to.deep.equal([83]);
      sim.blePeer.connect();
      sim.runFor(10);
      const levels: number[][] = [];
      sim.blePeer.subscribe(BATTERY_SERVICE_UUID, BATTERY_LEVEL_UUID, (bytes) => levels.push(Array.from(bytes)));
      sim.batteryPercent = 82;
      sim.runFor(125000);
      expectHealthy(sim);
      // read at the first tick after boot, then every 60th: 1, 61 and 121 s
      expect(levels).to.deep.equal([[82], [82], [82]]);
    });

    it('Battery Level read by a central that connects later is the last minute\'s reading, not the one from before', () => {
      const sim = new PodSimulator({ bundleSource: bundle, recording: imuSourceFromSynthetic(runningRun(130)), batteryPercent: 83 });
      sim.runFor(2000);
      sim.batteryPercent = 41;
      // read at 61 s with nobody connected
      sim.runFor(60000);
      sim.blePeer.connect();
      sim.runFor(10);
      expectHealthy(sim);
      expect(Array.from(sim.blePeer.read(BATTERY_SERVICE_UUID, BATTERY_LEVEL_UUID))).to.deep.equal([41]);
    });

    it('the RSC service has Measurement, Feature and Sensor Location, and no SC Control Point: RSCS excludes it while the pod supports none of its procedures', () => {
      const sim = new PodSimulator({ bundleSource: bundle, recording: imuSourceFromSynthetic(runningRun(2)) });
      sim.runFor(50);
      expectHealthy(sim);
      const rsc = sim.nrf.characteristics().filter((ch) => ch.serviceUuid === RSC_SERVICE_UUID).map((ch) => ch.charUuid);
      expect(rsc.sort()).to.deep.equal([RSC_MEASUREMENT_UUID, RSC_FEATURE_UUID, RSC_SENSOR_LOCATION_UUID].map((uuid) => uuid.toLowerCase()).sort());
      expect(sim.nrf.findCharacteristic(RSC_SERVICE_UUID, RSC_CONTROL_POINT_UUID)).to.equal(undefined);
    });
  });

  describe('a BLE central, as docs/protocol.md (BLE) tells an app developer', () => {
    /** the AD structures of an advertising packet: [type, data] */
    function adStructures(packet: Uint8Array): [number, Buffer][] {
      const out: [number, Buffer][] = [];
      for (let at = 0; at < packet.length && packet[at] > 0; at += packet[at] + 1) out.push([packet[at + 1], Buffer.from(packet.subarray(at + 2, at + 1 + packet[at]))]);
      return out;
    }

    it('finds the pod in its primary advertising packet by 0x1814 and by the Complete Local Name the document gives', () => {
      const sim = new PodSimulator({ bundleSource: bundle, recording: imuSourceFromSynthetic(runningRun(2)) });
      sim.runFor(50);
      expectHealthy(sim);
      const ad = adStructures(sim.nrf.advertisingPacket as Uint8Array);
      // Core Specification Supplement Part A 1.1 and 1.2: 0x03 complete list of 16-bit service UUIDs, 0x09 complete local name
      expect(ad.find(([type]) => type === 0x03)?.[1].toString('hex'), '16-bit services').to.equal('14180f18');
      expect(ad.find(([type]) => type === 0x09)?.[1].toString('latin1'), 'complete local name').to.equal('LumbarPod');
      expect(POD_ADVERTISED_NAME).to.equal('LumbarPod');
      expect(renderProtocolDoc()).to.include('the Complete Local Name `LumbarPod`');
    });

    it('a central\'s raw stream comes as 3-sample batches, a quarter second\'s burst at once (9 at 104 Hz), and ends with its link: back, it gets none until it asks again', () => {
      const sim = new PodSimulator({ bundleSource: bundle, recording: imuSourceFromSynthetic(runningRun(20)) });
      sim.runFor(3000);
      const received = centralWithRawStream(sim, [LUMBARPOD_RAW_UUID, LUMBARPOD_REPLY_UUID]);
      sim.runFor(2000);
      const first = ofType(received, MSG_RAW_BATCH);
      expect(first.length, 'batches in 2 s').to.be.at.least(60);
      const at = sim.blePeer.notifications.filter((n) => n.charUuid === LUMBARPOD_RAW_UUID).map((n) => n.tMs);
      const bursts = new Map<number, number>();
      for (const t of at) bursts.set(t, (bursts.get(t) ?? 0) + 1);
      // a burst is 104 / 4 = 26 samples: eight batches of 3 and one of 2
      expect(new Set(bursts.values()), 'notifications per burst').to.deep.equal(new Set([9]));
      expect(first.map((m) => u16(m, HEADER_LENGTH + 4)).filter((n) => n !== 3).every((n) => n === 2), 'samples per batch').to.equal(true);
      sim.blePeer.disconnect();
      sim.runFor(1000);
      sim.blePeer.connect();
      sim.runFor(10);
      const again: Uint8Array[] = [];
      for (const uuid of [LUMBARPOD_RAW_UUID, LUMBARPOD_REPLY_UUID]) sim.blePeer.subscribe(LUMBARPOD_SERVICE_UUID, uuid, (bytes) => again.push(Uint8Array.from(bytes)));
      sim.blePeer.write(LUMBARPOD_SERVICE_UUID, LUMBARPOD_CONTROL_UUID, commandMessage('getStatus'));
      sim.runFor(2000);
      expect(ofType(again, MSG_RAW_BATCH).length, 'raw batches after the reconnect, unasked').to.equal(0);
      expect(u16(lastStatus(again), STATUS_FLAGS) & STATUS_RAW_STREAM, 'rawStream flag: on for nobody').to.equal(0);
      sim.blePeer.write(LUMBARPOD_SERVICE_UUID, LUMBARPOD_CONTROL_UUID, commandMessage('setRawStream', { enabled: 1 }));
      sim.runFor(1000);
      expectHealthy(sim);
      const resumed = ofType(again, MSG_RAW_BATCH);
      expect(resumed.length, 'raw batches once asked again').to.be.at.least(27);
      const last = first[first.length - 1];
      // the 3 s away show as a jump in firstSampleIndex, as lost samples do
      expect(u32(resumed[0], HEADER_LENGTH) - (u32(last, HEADER_LENGTH) + u16(last, HEADER_LENGTH + 4)), 'samples while away').to.be.within(3 * RATE_HZ - 26, 3 * RATE_HZ + 26);
    });

    it('the status flag rawStream is each link\'s own: a central is not told of serial\'s stream, nor serial of the central\'s', () => {
      const sim = new PodSimulator({ bundleSource: bundle, recording: imuSourceFromSynthetic(runningRun(20)) });
      researchPod(sim);
      sim.runFor(1000);
      const ble: Uint8Array[] = [];
      sim.blePeer.connect();
      sim.runFor(10);
      sim.blePeer.subscribe(LUMBARPOD_SERVICE_UUID, LUMBARPOD_REPLY_UUID, (bytes) => ble.push(Uint8Array.from(bytes)));
      const rawFlags = (): { serial: number; ble: number } => {
        const serialBefore = ofType(serialMessages(sim.serialOutput()).messages, MSG_STATUS).length;
        sim.serialWrite(commandFrame('getStatus'));
        sim.blePeer.write(LUMBARPOD_SERVICE_UUID, LUMBARPOD_CONTROL_UUID, commandMessage('getStatus'));
        sim.runFor(300);
        const serialStatuses = ofType(serialMessages(sim.serialOutput()).messages, MSG_STATUS);
        expect(serialStatuses.length, 'a status on serial').to.be.above(serialBefore);
        return { serial: u16(lastStatus(serialStatuses), STATUS_FLAGS) & STATUS_RAW_STREAM, ble: u16(lastStatus(ble), STATUS_FLAGS) & STATUS_RAW_STREAM };
      };
      expect(rawFlags(), 'serial\'s stream, kept in flash').to.deep.equal({ serial: STATUS_RAW_STREAM, ble: 0 });
      sim.blePeer.write(LUMBARPOD_SERVICE_UUID, LUMBARPOD_CONTROL_UUID, commandMessage('setRawStream', { enabled: 1 }));
      sim.serialWrite(commandFrame('setRawStream', { enabled: 0 }));
      sim.runFor(100);
      expect(rawFlags(), 'the central\'s stream only').to.deep.equal({ serial: 0, ble: STATUS_RAW_STREAM });
      expectHealthy(sim);
      expect(renderProtocolDoc()).to.include('The status flag `rawStream` is each link\'s own');
    });

    it('a central\'s raw stream yields to its steps and the watch\'s cadence: with a SoftDevice that takes four notifications per interval, every step and RSC measurement arrives, and the raw batches lost show as jumps in the sample index', () => {
      const sim = new PodSimulator({ bundleSource: bundle, recording: imuSourceFromSynthetic(runningRun(20)) });
      sim.nrf.notificationsPerIntervalMost = 4;
      sim.runFor(50);
      const received = centralWithRawStream(sim, [LUMBARPOD_RAW_UUID, LUMBARPOD_STEP_UUID]);
      const measurements: number[] = [];
      sim.blePeer.subscribe(RSC_SERVICE_UUID, RSC_MEASUREMENT_UUID, (bytes) => measurements.push(bytes[3]));
      sim.runUntilSourceEnds();
      expectHealthy(sim);
      const serialSteps = ofType(serialMessages(sim.serialOutput()).messages, MSG_STEP);
      expect(serialSteps.length, 'steps on serial').to.be.at.least(50);
      expect(ofType(received, MSG_STEP).map(messageBody), 'steps over BLE').to.deep.equal(serialSteps.map(messageBody));
      expect(measurements.length, 'about one RSC measurement a second').to.be.at.least(15);
      expect(sim.nrf.notificationsDropped, 'raw batches lost to the full queue').to.be.at.least(100);
      // what arrived of the raw stream is told apart from what did not by its sample indices
      const batches = ofType(received, MSG_RAW_BATCH);
      let jumps = 0;
      for (let i = 1; i < batches.length; i++) {
        const expected = u32(batches[i - 1], HEADER_LENGTH) + u16(batches[i - 1], HEADER_LENGTH + 4);
        expect(u32(batches[i], HEADER_LENGTH), 'raw batches in order').to.be.at.least(expected);
        if (u32(batches[i], HEADER_LENGTH) > expected) jumps++;
      }
      expect(batches.length, 'raw batches that fit').to.be.at.least(100);
      expect(jumps, 'losses the central sees').to.be.at.least(20);
    });

    it('RSC Measurement\'s speed is the one set, in 1/256 m/s (3.2 m/s is 819), on running and walking steps alike; the stop says 0', () => {
      const run = generateSynthetic({
        sampleRateHz: RATE_HZ, seed: 4,
        segments: [{ kind: 'standing', durationS: 3 }, { kind: 'running', durationS: 8, cadenceSpm: 170 }, { kind: 'walking', durationS: 8, cadenceSpm: 110 }, { kind: 'standing', durationS: 6 }],
      });
      const sim = new PodSimulator({ bundleSource: bundle, recording: imuSourceFromSynthetic(run) });
      const measurements: number[][] = [];
      sim.runFor(50);
      sim.blePeer.connect();
      sim.runFor(10);
      sim.blePeer.subscribe(RSC_SERVICE_UUID, RSC_MEASUREMENT_UUID, (bytes) => measurements.push(Array.from(bytes)));
      sim.blePeer.write(LUMBARPOD_SERVICE_UUID, LUMBARPOD_CONTROL_UUID, commandMessage('setSpeed', { speedMms: 3200 }));
      sim.runUntilSourceEnds();
      expectHealthy(sim);
      // flags (bit 2 running), speed uint16 LE in 1/256 m/s, cadence uint8
      const speedsBy = (flags: number, moving: boolean) => new Set(measurements.filter((m) => m[0] === flags && (m[3] > 0) === moving).map((m) => m[1] | (m[2] << 8)));
      expect(speedsBy(0x04, true), 'running').to.deep.equal(new Set([819]));
      expect(speedsBy(0x00, true), 'walking').to.deep.equal(new Set([819]));
      expect(speedsBy(0x00, false), 'the stop').to.deep.equal(new Set([0]));
      expect(renderProtocolDoc()).to.include('so walking steps carry it too');
    });

  });

  describe('bad input never crashes or resets the pod', () => {
    it('2,000 fuzzed serial frames and 500 fuzzed BLE commands each get an error or a refusal and a counter; steps go on', () => {
      const sim = new PodSimulator({ bundleSource: bundle, recording: imuSourceFromSynthetic(runningRun(40)) });
      const prng = createPrng(11);
      const replies: number[] = [];
      sim.runFor(3000);
      sim.blePeer.connect();
      sim.runFor(10);
      sim.blePeer.subscribe(LUMBARPOD_SERVICE_UUID, LUMBARPOD_REPLY_UUID, (bytes) => {
        if (bytes[1] === MSG_REPLY) replies.push(bytes[REPLY_STATUS]);
      });
      let garbageFrames = 0;
      let refusedCommands = 0;
      for (let i = 0; i < 2000; i++) {
        const kind = i % 4;
        if (kind === 0) {
          // random bytes, delimited: a COBS or CRC failure (or, rarely, a valid frame of a non-command)
          const junk = Buffer.alloc(1 + Math.floor(prng.nextFloat() * 80));
          for (let k = 0; k < junk.length; k++) junk[k] = 1 + Math.floor(prng.nextFloat() * 255);
          sim.serialWrite(Buffer.concat([junk, Buffer.from([0])]));
          garbageFrames++;
        } else if (kind === 1) {
          // a valid command frame with one bit flipped: CRC failure
          const frame = commandFrame('getStatus');
          frame[1 + Math.floor(prng.nextFloat() * (frame.length - 2))] ^= 1 << Math.floor(prng.nextFloat() * 8);
          sim.serialWrite(frame);
          garbageFrames++;
        } else if (kind === 2) {
          // a truncated frame: cut, then the delimiter
          const frame = commandFrame('setSpeed', { speedMms: 3000 });
          sim.serialWrite(Buffer.concat([frame.subarray(0, 1 + Math.floor(prng.nextFloat() * (frame.length - 3))), Buffer.from([0])]));
          garbageFrames++;
        } else {
          // well framed, refused by the whitelist: out of range, unknown id
          sim.serialWrite(i % 8 === 3 ? commandFrame('setRate', { rateHz: 100 }) : commandFrame('setSpeed', { speedMms: 20000 }));
          refusedCommands++;
        }
        if (i % 50 === 0) sim.runFor(20);
      }
      for (let i = 0; i < 500; i++) {
        const bytes = new Uint8Array(Math.floor(prng.nextFloat() * 21));
        for (let k = 0; k < bytes.length; k++) bytes[k] = Math.floor(prng.nextFloat() * 256);
        sim.blePeer.write(LUMBARPOD_SERVICE_UUID, LUMBARPOD_CONTROL_UUID, bytes);
        if (i % 25 === 0) sim.runFor(20);
      }
      sim.runFor(2000);
      sim.serialWrite(commandFrame('getStatus'));
      sim.runUntilSourceEnds();
      expectHealthy(sim);
      const messages = serialMessages(sim.serialOutput()).messages;
      const status = lastStatus(messages);
      const badFrameErrors = ofType(messages, MSG_ERROR).filter((m) => m[HEADER_LENGTH] === ERROR_BAD_FRAME).length;
      // a random junk frame can, very rarely, pass COBS and CRC (it is then refused as a command);
      // a flipped bit that makes a 0x00 splits its frame in two bad ones
      expect(badFrameErrors).to.be.within(garbageFrames - 5, garbageFrames + 500);
      expect(u16(status, STATUS_FRAMES_BAD)).to.equal(badFrameErrors);
      const serialReplies = ofType(messages, MSG_REPLY).map((m) => m[REPLY_STATUS]);
      expect(serialReplies.filter((s) => s === REPLY_OUT_OF_RANGE).length).to.be.at.least(refusedCommands);
      expect(replies.length, 'a reply to every BLE write').to.equal(500);
      expect(replies.filter((s) => s === REPLY_OK).length, 'random BLE writes accepted').to.equal(0);
      expect(u16(status, STATUS_COMMANDS_REJECTED)).to.be.at.least(refusedCommands + 500);
      const steps = ofType(messages, MSG_STEP);
      expect(steps.length, 'steps throughout the fuzzing').to.be.at.least(100);
      expect(ofType(messages, MSG_ERROR).filter((m) => m[HEADER_LENGTH] === ERROR_RESTARTED)).to.have.length(1);
    });

    it('answers unknown commands, wrong lengths and a missing key with their reply codes', () => {
      const sim = new PodSimulator({ bundleSource: bundle, recording: imuSourceFromSynthetic(runningRun(2)) });
      sim.runFor(100);
      const unknown = commandMessage('getStatus');
      unknown[HEADER_LENGTH] = 0x55;
      const long = Uint8Array.from([...commandMessage('getStatus'), 0]);
      const noKey = commandMessage('clearLog', { confirm: COMMAND_CONFIRM_KEY });
      noKey[HEADER_LENGTH + 1] ^= 0xff;
      const { frameOf } = require('../../host-tools/protocol/frameEncoder') as typeof import('../../host-tools/protocol/frameEncoder');
      for (const m of [unknown, long, noKey]) sim.serialWrite(frameOf(m));
      sim.runFor(100);
      expectHealthy(sim);
      const replies = ofType(serialMessages(sim.serialOutput()).messages, MSG_REPLY).map((m) => m[REPLY_STATUS]);
      expect(replies).to.deep.equal([REPLY_UNKNOWN_COMMAND, REPLY_BAD_LENGTH, REPLY_OUT_OF_RANGE]);
    });
  });

  describe('faults are reported and lose nothing that was received', () => {
    it('a BLE disconnect mid-run loses no summary: live notifications plus the log, de-duplicated by seq, are all of them', () => {
      const sim = new PodSimulator({ bundleSource: bundle, recording: imuSourceFromSynthetic(runningRun(60)) });
      const peer = sim.blePeer;
      const live = new Map<number, Buffer>();
      const logBytes: number[] = [];
      let logDone = false;
      const onSummary = (bytes: Uint8Array): void => {
        if (bytes[1] === MSG_SUMMARY) live.set(u16(bytes, 2), Buffer.from(bytes));
      };
      sim.runFor(100);
      peer.connect();
      sim.runFor(10);
      peer.subscribe(LUMBARPOD_SERVICE_UUID, LUMBARPOD_SUMMARY_UUID, onSummary);
      sim.runFor(25000);
      peer.disconnect();
      sim.runFor(20000);
      peer.connect();
      sim.runFor(10);
      peer.subscribe(LUMBARPOD_SERVICE_UUID, LUMBARPOD_SUMMARY_UUID, onSummary);
      sim.runUntilSourceEnds();
      peer.subscribe(LUMBARPOD_SERVICE_UUID, LUMBARPOD_REPLY_UUID, (bytes) => {
        if (bytes[1] !== MSG_LOG_CHUNK) return;
        const length = bytes[12];
        if (length === 0) logDone = true;
        for (let i = 0; i < length; i++) logBytes.push(bytes[LOG_CHUNK_BYTES_OFFSET + i]);
      });
      peer.write(LUMBARPOD_SERVICE_UUID, LUMBARPOD_CONTROL_UUID, commandMessage('readLog', { fromOffset: 0 }));
      sim.runFor(2000);
      expectHealthy(sim);
      expect(logDone, 'log read to its end').to.equal(true);
      const everySummary = ofType(serialMessages(sim.serialOutput()).messages, MSG_SUMMARY);
      expect(everySummary.length, 'summaries the pod made (serial)').to.equal(6);
      const missedLive = everySummary.filter((m) => !live.has(u16(m, 2)));
      expect(missedLive.length, 'summaries made while disconnected').to.be.at.least(1);
      // each log entry gives back its window's summary (50 bytes) then summaryForm (46), as sent, seq included
      const merged = new Map(live);
      const decoded = logEntriesDecode(Uint8Array.from(logBytes));
      expect(decoded.usedBytes, 'the whole log decodes').to.equal(logBytes.length);
      for (const { bytes } of decoded.entries) {
        const entry = bytes.slice(0, SUMMARY_MESSAGE_LENGTH);
        expect(entry[1]).to.equal(MSG_SUMMARY);
        merged.set(u16(entry, 2), Buffer.from(entry));
      }
      expect(Array.from(merged.keys()).sort((a, b) => a - b)).to.deep.equal(everySummary.map((m) => u16(m, 2)));
      for (const m of everySummary) expect(messageBody(merged.get(u16(m, 2)) as Buffer)).to.deep.equal(messageBody(m));
    });

    it('a pod with no serial adapter runs no UART and sends nothing on serial; one plugged in mid-run gets the stream from then, and the log every window from before', () => {
      const sim = new PodSimulator({ bundleSource: bundle, recording: imuSourceFromSynthetic(runningRun(40)), serialAdapterAttached: false });
      const bleSteps: number[] = [];
      sim.runFor(8000);
      sim.blePeer.connect();
      sim.runFor(10);
      sim.blePeer.subscribe(LUMBARPOD_SERVICE_UUID, LUMBARPOD_STEP_UUID, (bytes) => bleSteps.push(u16(bytes, 2)));
      sim.runFor(6000);
      sim.blePeer.disconnect();
      sim.runFor(12000);
      expect(sim.serial.baud, 'Serial1 never set up').to.equal(undefined);
      expect(sim.serial.written.length).to.equal(0);
      // steps still go to a phone, and their seq counts the ones made while nobody listened
      expect(bleSteps.length, 'steps over BLE: 6 s at 172 spm').to.be.within(14, 19);
      expect(bleSteps[0], 'steps made before the phone connected').to.be.at.least(10);
      const pluggedAtMs = sim.nowMs;
      sim.attachSerialAdapter(true);
      const messages = runAndStop(sim);
      expectHealthy(sim);
      expect(sim.serial.written[0].tMs).to.be.at.least(pluggedAtMs);
      const steps = ofType(messages, MSG_STEP).map((m) => u16(m, 2));
      expect(steps.length, 'steps on serial after the adapter came').to.be.at.least(30);
      expect(steps[0], 'steps made while nobody listened').to.be.at.least(bleSteps[bleSteps.length - 1] + 20);
      const liveSummaries = ofType(messages, MSG_SUMMARY).map((m) => u16(m, 2));
      expect(liveSummaries[0], 'the summaries before the adapter are not on the wire').to.be.at.least(2);
      sim.serialWrite(commandFrame('readLog', { fromOffset: 0 }));
      sim.runFor(2000);
      const logBytes: number[] = [];
      for (const m of ofType(serialMessages(sim.serialOutput()).messages, MSG_LOG_CHUNK)) {
        for (let i = 0; i < m[12]; i++) logBytes.push(m[LOG_CHUNK_BYTES_OFFSET + i]);
      }
      const logged = logEntriesDecode(Uint8Array.from(logBytes)).entries.map((e) => u16(e.bytes, 2));
      const last = liveSummaries[liveSummaries.length - 1];
      expect(logged).to.deep.equal(Array.from({ length: last + 1 }, (_, i) => i));
    });

    it('an adapter too weak to beat the pod\'s pull-down is still found at boot, as Espruino finds it: the pull-down is let go before the read', () => {
      const sim = new PodSimulator({ bundleSource: bundle, recording: imuSourceFromSynthetic(runningRun(12)), serialAdapterWeak: true });
      const messages = runAndStop(sim);
      expectHealthy(sim);
      expect(sim.serial.baud, 'Serial1 set up at boot').to.equal(115200);
      expect(ofType(messages, MSG_STEP).length, 'steps on serial').to.be.at.least(20);
      expect(ofType(messages, MSG_SUMMARY).length, 'summaries on serial').to.be.at.least(1);
    });

    it('the log read over BLE is paced: with a SoftDevice that takes three notifications per interval, every chunk arrives, joined up; a disconnect ends the transfer', () => {
      const sim = new PodSimulator({ bundleSource: bundle, recording: imuSourceFromSynthetic(runningRun(120)) });
      // a window's summary and summaryForm go out together, and a chunk may fall in the same interval
      sim.nrf.notificationsPerIntervalMost = 3;
      sim.runUntilSourceEnds();
      const peer = sim.blePeer;
      peer.connect();
      sim.runFor(10);
      const chunks: { offset: number; length: number; tMs: number }[] = [];
      peer.subscribe(LUMBARPOD_SERVICE_UUID, LUMBARPOD_REPLY_UUID, (bytes) => {
        if (bytes[1] === MSG_LOG_CHUNK) chunks.push({ offset: u32(bytes, HEADER_LENGTH), length: bytes[12], tMs: sim.nowMs });
      });
      peer.write(LUMBARPOD_SERVICE_UUID, LUMBARPOD_CONTROL_UUID, commandMessage('readLog', { fromOffset: 0 }));
      sim.runFor(5000);
      expectHealthy(sim);
      expect(sim.nrf.notificationsDropped, 'notifications lost to the full queue').to.equal(0);
      const stored = logEntriesDecode(sim.storage.fileBytes(FLASH_LOG_FILE) ?? new Uint8Array(0));
      expect(stored.entries.length, 'windows logged').to.equal(12);
      const logBytes = stored.usedBytes;
      expect(chunks.length).to.equal(Math.ceil(logBytes / LOG_CHUNK_MAX_BYTES_BLE) + 1);
      let next = 0;
      for (const chunk of chunks) {
        expect(chunk.offset, 'chunks join up').to.equal(next);
        next += chunk.length;
      }
      expect(chunks[chunks.length - 1].length, 'the end marker').to.equal(0);
      expect(next).to.equal(logBytes);
      for (let i = 1; i < chunks.length; i++) expect(chunks[i].tMs - chunks[i - 1].tMs).to.be.at.least(50);
      // a second read, cut by a disconnect: nothing more is sent, and the pod carries on
      chunks.length = 0;
      peer.write(LUMBARPOD_SERVICE_UUID, LUMBARPOD_CONTROL_UUID, commandMessage('readLog', { fromOffset: 0 }));
      sim.runFor(300);
      const before = chunks.length;
      expect(before).to.be.within(3, 8);
      peer.disconnect();
      sim.runFor(10);
      peer.connect();
      sim.runFor(10);
      peer.subscribe(LUMBARPOD_SERVICE_UUID, LUMBARPOD_REPLY_UUID, (bytes) => {
        if (bytes[1] === MSG_LOG_CHUNK) chunks.push({ offset: u32(bytes, HEADER_LENGTH), length: bytes[12], tMs: sim.nowMs });
      });
      sim.runFor(3000);
      expectHealthy(sim);
      expect(chunks.length, 'no chunk after the disconnect').to.equal(before);
    });

    for (const diffFifoWhenFull of ['clamp', 'wrap'] as const) it(`a 4 s stall overruns the FIFO: the loss is reported, the raw stream jumps by it, and replay still matches (a full FIFO's count ${diffFifoWhenFull === 'clamp' ? 'read as 2047' : 'wrapped to 0'})`, () => {
      const sim = new PodSimulator({ bundleSource: bundle, recording: imuSourceFromSynthetic(runningRun(30)), diffFifoWhenFull });
      researchPod(sim);
      sim.runFor(12000);
      sim.stall(4000);
      const messages = runAndStop(sim);
      expectHealthy(sim);
      const lost = lossesReported(messages);
      expect(lost.length, 'one loss reported').to.equal(1);
      // 4 s at 104 Hz is 416 samples; the FIFO kept 341 of them
      expect(lost[0]).to.be.within(60, 90);
      const host = replayOfRaw(messages, RATE_HZ, 0, true);
      expect(host.gapsSamples).to.deep.equal(lost);
      expect(u32(lastStatus(messages), STATUS_DROPPED)).to.equal(lost[0]);
      expect(ofType(messages, MSG_STEP).map(messageBody)).to.deep.equal(host.step);
      expect(ofType(messages, MSG_SUMMARY).map(messageBody)).to.deep.equal(host.summary);
    });

    it('a pod that reads more slowly than the IMU samples (an event every 0.8 s, one after a 4 s stall that leaves most of the FIFO unread): each loss is counted from the room the last read left, so the stream\'s sample index keeps time with the IMU', () => {
      const sim = new PodSimulator({ bundleSource: bundle, recording: imuSourceFromSynthetic(runningRun(80)) });
      researchPod(sim);
      sim.runFor(5000);
      // the first read after a stall takes two bursts and leaves the rest in the FIFO; the next stall overruns it again
      sim.stall(4000);
      sim.runFor(4000.5);
      for (let k = 0; k < 60; k++) {
        sim.stall(800);
        sim.runFor(800.5);
      }
      const messages = runAndStop(sim);
      expectHealthy(sim);
      const lost = lossesReported(messages);
      const batches = ofType(messages, MSG_RAW_BATCH);
      const last = batches[batches.length - 1];
      const sent = batches.reduce((sum, m) => sum + u16(m, HEADER_LENGTH + 4), 0);
      const endIndex = u32(last, HEADER_LENGTH) + u16(last, HEADER_LENGTH + 4);
      const lostSum = lost.reduce((sum, n) => sum + n, 0);
      expect(lost.length, 'overruns reported').to.be.at.least(20);
      expect(sent + lostSum, 'samples sent and lost: the stream\'s index').to.equal(endIndex);
      // the IMU took every sample the source gave and the held one after it; what the pod never read is lost
      const unreadAtStop = Math.floor(sim.imu.unreadWords() / 6);
      const taken = sim.imuSamplesPushed - unreadAtStop;
      expect(Math.abs(endIndex - taken), `the pod's sample index (${endIndex}) against the IMU's samples taken (${taken})`).to.be.at.most(2 * lost.length);
      expect(u32(lastStatus(messages), STATUS_DROPPED)).to.equal(lostSum);
      const host = replayOfRaw(messages, RATE_HZ, 0, true);
      expect(host.gapsSamples).to.deep.equal(lost);
    });

    it('after a 2.5 s stall the FIFO is read over several events, two bursts at most each, and nothing is lost', () => {
      const sim = new PodSimulator({ bundleSource: bundle, recording: imuSourceFromSynthetic(runningRun(30)) });
      researchPod(sim);
      sim.runFor(12000);
      // 260 samples wait: more than two bursts of 64, fewer than the 341 the FIFO holds
      sim.stall(2500);
      const messages = runAndStop(sim);
      expectHealthy(sim);
      expectRawStreamWhole(messages);
      // a burst is a status read and a data read: two bursts at most in one event
      expect(sim.puck.accelReadsPerEventMost, 'FIFO reads in one event').to.equal(4);
      const host = replayOfRaw(messages, RATE_HZ, 0, true);
      expect(ofType(messages, MSG_STEP).map(messageBody)).to.deep.equal(host.step);
    });

    it('a FIFO read Puck.accelRd refuses for want of stack (undefined, nothing read) throws nothing; the FIFO is read in full once it is served, and nothing is lost', () => {
      const sim = new PodSimulator({ bundleSource: bundle, recording: imuSourceFromSynthetic(runningRun(30)) });
      researchPod(sim);
      sim.runFor(12000);
      // the 4-byte status read fits, a burst (26 samples, 312 bytes) does not
      sim.puckFreeStack(600);
      sim.runFor(2000);
      const batchesSoFar = (): number => ofType(serialMessages(sim.serialOutput()).messages, MSG_RAW_BATCH).length;
      const refused = batchesSoFar();
      sim.runFor(500);
      expect(batchesSoFar(), 'nothing read, no samples sent meanwhile').to.equal(refused);
      sim.puckFreeStack(Infinity);
      const messages = runAndStop(sim);
      expectHealthy(sim);
      expectRawStreamWhole(messages);
      const host = replayOfRaw(messages, RATE_HZ, 0, true);
      expect(ofType(messages, MSG_STEP).map(messageBody)).to.deep.equal(host.step);
      expect(ofType(messages, MSG_SUMMARY).map(messageBody)).to.deep.equal(host.summary);
    });

    it('an overrun whose data read is then refused (accelRd, no stack) is still reported by the next read that answers: the same loss, and the same stream, as when the read is served', () => {
      const outcomes = [false, true].map((refused) => {
        const sim = new PodSimulator({ bundleSource: bundle, recording: imuSourceFromSynthetic(runningRun(27)) });
        researchPod(sim);
        sim.runFor(12000);
        // 4 s without the event loop: more than the FIFO's 341 samples arrive
        sim.stall(4000);
        sim.runFor(3999);
        // the first read after it: the status and the few words that realign fit, the burst does not
        if (refused) sim.puckFreeStack(600);
        sim.runFor(1.5);
        sim.puckFreeStack(Infinity);
        const messages = runAndStop(sim);
        expectHealthy(sim);
        const lost = lossesReported(messages);
        const batches = ofType(messages, MSG_RAW_BATCH);
        const last = batches[batches.length - 1];
        const sent = batches.reduce((sum, m) => sum + u16(m, HEADER_LENGTH + 4), 0);
        // the stream's sample index counts the lost samples too
        const endIndex = u32(last, HEADER_LENGTH) + u16(last, HEADER_LENGTH + 4);
        expect(sent + lost.reduce((sum, n) => sum + n, 0), 'samples sent and lost').to.equal(endIndex);
        return { lost, endIndex };
      });
      expect(outcomes[0].lost, 'one loss, of what the FIFO could not hold').to.have.length(1);
      expect(outcomes[0].lost[0]).to.be.within(4 * RATE_HZ - 341 - 3, 4 * RATE_HZ - 341 + 3);
      expect(outcomes[1]).to.deep.equal(outcomes[0]);
    });

    it('an IMU bus that stops answering (all ones) is read once per event and costs no fake loss; sampling resumes after it', () => {
      const sim = new PodSimulator({ bundleSource: bundle, recording: imuSourceFromSynthetic(runningRun(30)) });
      researchPod(sim);
      sim.runFor(10000);
      const readsBefore = sim.puck.accelReads;
      const eventsBefore = sim.puck.accelEvents;
      sim.imuBusDead(true);
      sim.runFor(2000);
      const reads = sim.puck.accelReads - readsBefore;
      const events = sim.puck.accelEvents - eventsBefore;
      sim.imuBusDead(false);
      const messages = runAndStop(sim);
      expectHealthy(sim);
      expect(events, 'INT1 floats high: the idle loop keeps calling').to.be.at.least(100);
      // one status read per event (and per tick), never a loop of bursts
      expect(reads, 'FIFO reads while the bus was dead').to.be.at.most(events + 3);
      // 2 s at 104 Hz fit in the FIFO: once the bus answers, every sample is still there
      expect(ofType(messages, MSG_ERROR).filter((m) => m[HEADER_LENGTH] === ERROR_SAMPLES_LOST), 'no loss').to.have.length(0);
      const host = replayOfRaw(messages, RATE_HZ, 0, true);
      expect(host.gapsSamples).to.deep.equal([]);
      expect(ofType(messages, MSG_STEP).map(messageBody)).to.deep.equal(host.step);
      expect(ofType(messages, MSG_STEP).length, 'steps after the bus came back').to.be.at.least(60);
    });

    it('an IMU that loses its settings mid-run (a brown-out: sensors and FIFO off, its bus still answering) is set up again within seconds; the silence counts as lost samples, so the index keeps time and replay still matches', () => {
      const sim = new PodSimulator({ bundleSource: bundle, recording: imuSourceFromSynthetic(runningRun(40)) });
      researchPod(sim);
      sim.runFor(15000);
      const pushedAtReset = sim.imuSamplesPushed;
      // the part's power-on values: accelerometer and gyro off, FIFO bypass, nothing on INT1
      for (const reg of [LSM6DS3TRC_REG.CTRL1_XL, LSM6DS3TRC_REG.CTRL2_G, LSM6DS3TRC_REG.FIFO_CTRL3, LSM6DS3TRC_REG.FIFO_CTRL5, LSM6DS3TRC_REG.INT1_CTRL]) sim.imu.write(reg, 0);
      sim.runFor(4000);
      expect(sim.imuSamplesPushed - pushedAtReset, 'the IMU samples again').to.be.above(100);
      const messages = runAndStop(sim);
      expectHealthy(sim);
      const lost = lossesReported(messages);
      expect(lost.length, 'one loss').to.equal(1);
      // about 2 s without samples (IMU_SILENT_S), whatever the last read left, at 104 Hz
      expect(lost[0]).to.be.within(2 * RATE_HZ, 3 * RATE_HZ);
      // the index keeps the pod's clock: from the first batch to the last, as many samples as time passed
      const batches = ofType(messages, MSG_RAW_BATCH);
      const [first, last] = [batches[0], batches[batches.length - 1]];
      const endIndex = u32(last, HEADER_LENGTH) + u16(last, HEADER_LENGTH + 4);
      const byClock = u16(first, HEADER_LENGTH + 4) + ((u32(last, 4) - u32(first, 4)) * RATE_HZ) / 1000;
      expect(Math.abs(endIndex - byClock), `sample index ${endIndex} against ${byClock.toFixed(0)} by the pod's clock`).to.be.at.most(30);
      const host = replayOfRaw(messages, RATE_HZ, 0, true);
      expect(host.gapsSamples).to.deep.equal(lost);
      expect(ofType(messages, MSG_STEP).map(messageBody)).to.deep.equal(host.step);
      expect(ofType(messages, MSG_STEP).filter((m) => u32(m, 4) > u32(last, 4) - 10000).length, 'steps in the last 10 s').to.be.at.least(20);
    });

    it('an IMU bus dead for five minutes: one loss is reported when it answers again, and the windows inside the gap are skipped, not emitted and logged one by one', () => {
      const sim = new PodSimulator({ bundleSource: bundle, recording: imuSourceFromSynthetic(runningRun(30)) });
      researchPod(sim);
      sim.runFor(15000);
      sim.imuBusDead(true);
      sim.runFor(300000);
      sim.imuBusDead(false);
      sim.runFor(25000);
      const messages = runAndStop(sim);
      expectHealthy(sim);
      const lost = lossesReported(messages);
      expect(lost).to.have.length(1);
      expect(lost[0] / RATE_HZ, 's lost').to.be.within(290, 300);
      const indices = ofType(messages, MSG_SUMMARY).map((m) => u32(m, HEADER_LENGTH));
      // a window index per 10 s of the pod's clock: 1 and 2 (the one the bus died in), none of the
      // 29 wholly inside the gap, then those after it, counted on from the window the gap ends in
      expect(indices.slice(0, 2)).to.deep.equal([1, 2]);
      const after = indices.slice(2);
      expect(after.length, JSON.stringify(indices)).to.be.within(2, 3);
      expect(after[0]).to.equal(32);
      expect(after).to.deep.equal(after.map((_, i) => 32 + i));
      sim.serialWrite(commandFrame('getStatus'));
      sim.runFor(100);
      const status = lastStatus(serialMessages(sim.serialOutput()).messages);
      // summary body: index u32, start and end ms u32, then steps u16; an empty window is not logged
      const withSteps = ofType(messages, MSG_SUMMARY).filter((m) => u16(m, HEADER_LENGTH + 12) > 0);
      expect(withSteps.length, 'windows with a step').to.be.at.least(2);
      const stored = logEntriesDecode(sim.storage.fileBytes(FLASH_LOG_FILE) ?? new Uint8Array(0));
      expect(stored.entries.map((e) => u16(e.bytes, 2)), 'log entries').to.deep.equal(withSteps.map((m) => u16(m, 2)));
      expect(u32(status, STATUS_LOG_BYTES), 'the log\'s length').to.equal(stored.usedBytes);
    });

    it('an IMU that cannot be started: START is answered FAILED and the pod says it is not recording; it starts once the IMU does', () => {
      const sim = new PodSimulator({ bundleSource: bundle, recording: imuSourceFromSynthetic(runningRun(20)) });
      sim.runFor(3000);
      startThatFails(sim, () => sim.imuStartFails(true));
      sim.imuStartFails(false);
      sim.serialWrite(commandFrame('startRecording'));
      sim.runUntilSourceEnds();
      expectHealthy(sim);
      const messages = serialMessages(sim.serialOutput()).messages;
      expect(ofType(messages, MSG_REPLY).map((m) => m[REPLY_STATUS])).to.deep.equal([REPLY_OK, REPLY_FAILED, REPLY_OK, REPLY_OK]);
      expect(u32(ofType(messages, MSG_REPLY)[1], REPLY_DETAIL), 'why: the IMU').to.equal(START_FAILED_IMU);
      expect(ofType(messages, MSG_STEP).length, 'steps once started').to.be.at.least(20);
    });

    it('a start from the button that fails (the IMU does not answer) lights the red LED for a second, for a runner with no host to tell', () => {
      const sim = new PodSimulator({ bundleSource: bundle, recording: imuSourceFromSynthetic(runningRun(10)) });
      sim.runFor(2000);
      sim.pressButton(); // stops the recording that started at boot
      sim.runFor(1500);
      expect(sim.pinValue('LED1'), 'dark before').to.equal(0);
      sim.imuStartFails(true);
      sim.pressButton();
      sim.runFor(300);
      expect(sim.pinValue('LED1'), 'red while the start failed').to.equal(1);
      sim.runFor(1000);
      expect(sim.pinValue('LED1'), 'dark again after a second').to.equal(0);
      expectHealthy(sim);
    });

    it('a loss in raw only: the samples-lost error, sent before the burst it was found in, leaves that burst whole (raw only reads the IMU into the frame the error is sealed in)', () => {
      const constant: ImuSource = {
        rateHz: RATE_HZ, sampleCount: RATE_HZ * 40,
        sampleAt(_n, acc, gyro) { acc[0] = 123; acc[1] = -456; acc[2] = 987; gyro[0] = 12000; gyro[1] = -34000; gyro[2] = 56000; },
      };
      for (const rawStream of [1, 2]) {
        const sim = new PodSimulator({ bundleSource: bundle, recording: constant });
        restartRecording(sim, rawStream);
        sim.runFor(8000);
        sim.stall(4000);
        const messages = runAndStop(sim);
        expectHealthy(sim);
        expect(ofType(messages, MSG_ERROR).filter((m) => m[HEADER_LENGTH] === ERROR_SAMPLES_LOST), `rawStream ${rawStream}: one loss`).to.have.length(1);
        const batches = rawBatches(messages);
        expect(batches.length).to.be.above(10);
        const first = Array.from(batches[0].samplesCounts.subarray(0, 6));
        const differing: string[] = [];
        for (const b of batches) {
          for (let k = 0; k < b.samplesCounts.length / 6; k++) {
            const sample = Array.from(b.samplesCounts.subarray(k * 6, k * 6 + 6));
            if (sample.join() !== first.join()) differing.push(`${b.firstSampleIndex + k}: ${sample.join()}`);
          }
        }
        expect(differing, `rawStream ${rawStream}: every sample the IMU's ${first.join()}`).to.deep.equal([]);
      }
    });

    it('an IMU clock 1 % fast: bursts stay whole, a quarter second with the detector and half a second raw only; the once-a-second tick reads only a FIFO nobody read for a watermark and a half', () => {
      for (const [rawStream, watermark] of [[1, 26], [2, 52]]) {
        const sim = new PodSimulator({ bundleSource: bundle, recording: imuSourceFromSynthetic(runningRun(40)), imuClockErrorPpm: 10000 });
        restartRecording(sim, rawStream);
        const messages = runAndStop(sim);
        expectHealthy(sim);
        expectRawStreamWhole(messages);
        const counts = ofType(messages, MSG_RAW_BATCH).map((m) => u16(m, HEADER_LENGTH + 4));
        // all but the last (cut by the stop) at least a watermark: none of a sample or two
        expect(Math.min(...counts.slice(0, -1)), `raw stream ${rawStream}: the smallest batch`).to.be.at.least(watermark);
        const samples = counts.reduce((a, b) => a + b, 0);
        expect(counts.length, `raw stream ${rawStream}: batches`).to.be.at.most(Math.ceil(samples / watermark) + 1);
      }
    });

    it('a detector that would leave too little RAM is not started: START is answered FAILED (memory) with a noMemory error; raw only, which keeps no detector state, starts', () => {
      const sim = new PodSimulator({ bundleSource: bundle, recording: imuSourceFromSynthetic(runningRun(20)) });
      sim.runFor(3000);
      // RAM is not modelled: the pod is told what a Puck would have left with the detector's state
      // (about 120 blocks at 208 Hz, docs/performance.md), then without it
      const refused = startThatFails(sim, () => { sim.ramFreeBlocks = 120; });
      const refusal = ofType(refused, MSG_REPLY)[1];
      expect([refusal[REPLY_STATUS], u32(refusal, REPLY_DETAIL)], 'start refused for memory').to.deep.equal([REPLY_FAILED, START_FAILED_MEMORY]);
      const errors = ofType(refused, MSG_ERROR).filter((m) => m[HEADER_LENGTH] === ERROR_NO_MEMORY);
      expect(errors.map((m) => u32(m, HEADER_LENGTH + 1)), 'noMemory, with the blocks that were free').to.deep.equal([120]);
      expect(ofType(refused, MSG_RAW_BATCH).length + ofType(refused, MSG_STEP).length, 'nothing sampled').to.equal(0);
      sim.ramFreeBlocks = 1200;
      restartRecording(sim, 2);
      const messages = runAndStop(sim);
      expectHealthy(sim);
      expect(ofType(messages, MSG_REPLY).map((m) => m[REPLY_STATUS])).to.deep.equal([REPLY_OK, REPLY_FAILED, REPLY_OK, REPLY_OK, REPLY_OK, REPLY_OK, REPLY_OK]);
      const samples = ofType(messages, MSG_RAW_BATCH).reduce((n, m) => n + u16(m, HEADER_LENGTH + 4), 0);
      expect(samples, 'raw only streams').to.be.above(50 * 26);
      expect(ofType(messages, MSG_STEP), 'and detects nothing').to.have.length(0);
    });

    it('a reboot into setup mode that Storage cannot note is answered storage-full, and recording goes on', () => {
      const sim = new PodSimulator({ bundleSource: bundle, recording: imuSourceFromSynthetic(runningRun(30)) });
      sim.runFor(10000);
      sim.storageFull(true);
      const stepsBefore = ofType(serialMessages(sim.serialOutput()).messages, MSG_STEP).length;
      sim.serialWrite(commandFrame('rebootToSetup', { confirm: COMMAND_CONFIRM_KEY }));
      sim.runUntilSourceEnds();
      expectHealthy(sim);
      const messages = serialMessages(sim.serialOutput()).messages;
      expect(ofType(messages, MSG_REPLY).map((m) => m[REPLY_STATUS])).to.deep.equal([REPLY_STORAGE_FULL]);
      expect(ofType(messages, MSG_STEP).length - stepsBefore, 'steps after the refused reboot').to.be.at.least(40);
    });

    it('Storage order: a .bootcde written after the log is moved by the compaction a clearLog brings (the simulator reports it); first in Storage it stays', () => {
      // a pod flashed once on empty Storage, then used: .bootcde first, its log after it
      const usedPod = (): PodSimulator => {
        const sim = new PodSimulator({ bundleSource: bundle, recording: imuSourceFromSynthetic(runningRun(100)) });
        sim.storage.eraseAll();
        sim.storage.write('.bootcde', bundle);
        sim.reboot();
        sim.runFor(30000);
        return sim;
      };
      const clearLogAndRun = (sim: PodSimulator): void => {
        sim.serialWrite(commandFrame('clearLog', { confirm: COMMAND_CONFIRM_KEY }));
        sim.runFor(15000);
      };
      // flashed again over the old files: the old .bootcde erased, the new one after the log
      const after = usedPod();
      after.storage.erase('.bootcde');
      after.storage.write('.bootcde', bundle);
      after.reboot();
      after.runFor(2000);
      expect(after.storage.filesAfterTrash()).to.deep.equal([]);
      clearLogAndRun(after);
      expect(after.crashes.map((c) => c.message).join('\n')).to.match(/Storage compaction moved \.bootcde/);
      // flashed first: every other file comes after it, and a compaction never moves it
      const first = usedPod();
      const keep = first.storage.list().filter((name) => name !== '.bootcde').map((name) => [name, first.storage.fileBytes(name)!] as const);
      first.storage.eraseAll();
      first.storage.write('.bootcde', bundle);
      for (const [name, bytes] of keep) first.storage.write(name, bytes);
      first.reboot();
      first.runFor(2000);
      clearLogAndRun(first);
      expect(first.crashes.map((c) => c.message)).to.deep.equal([]);
      expect(first.storage.list()[0]).to.equal('.bootcde');
    });

    it('a cleared log fills again, though the erased log sits in Storage as trash until a compaction', () => {
      const sim = new PodSimulator({ bundleSource: bundle, recording: imuSourceFromSynthetic(runningRun(100)) });
      // the firmware kept in Storage as on a Puck (.bootcde): the erased log is what room there is
      sim.storage.write('.bootcde', bundle);
      sim.runFor(30000);
      sim.serialWrite(commandFrame('clearLog', { confirm: COMMAND_CONFIRM_KEY }));
      sim.runFor(100);
      expect(sim.storage.getTrashBytes(), 'the erased log is trash').to.be.above(0);
      sim.runFor(60000);
      sim.serialWrite(commandFrame('getStatus'));
      sim.runFor(100);
      expectHealthy(sim);
      const messages = serialMessages(sim.serialOutput()).messages;
      expect(ofType(messages, MSG_ERROR).filter((m) => m[HEADER_LENGTH] === ERROR_STORAGE), 'no storage error').to.have.length(0);
      const status = lastStatus(messages);
      expect(u16(status, STATUS_FLAGS) & STATUS_STORAGE_FULL, 'not full').to.equal(0);
      // six 10 s windows after the clear, each logged
      const stored = logEntriesDecode(sim.storage.fileBytes(FLASH_LOG_FILE) ?? new Uint8Array(0));
      expect(stored.entries.length, 'entries logged after the clear').to.be.at.least(5);
      expect(u32(status, STATUS_LOG_BYTES), 'the log\'s length').to.equal(stored.usedBytes);
    });

    it('a pod left on a desk logs none of its empty windows: after 15 min idle (more than its log has room for) a run is still logged whole', () => {
      const run = generateSynthetic({
        sampleRateHz: RATE_HZ, seed: 5,
        segments: [{ kind: 'standing', durationS: 900 }, { kind: 'running', durationS: 40, cadenceSpm: 172 }],
      });
      // the firmware kept in Storage as on a Puck (.bootcde), in a Storage with 1,700 bytes beside
      // it: the log keeps 1 KB of that free, and has room for about 650 bytes, half what the empty windows take
      const sim = new PodSimulator({ bundleSource: bundle, recording: imuSourceFromSynthetic(run), storageCapacityBytes: storedFileBytes(bundle.length) + 1700 });
      sim.storage.write('.bootcde', bundle);
      sim.reboot();
      sim.runFor(100);
      sim.serialWrite(commandFrame('getStatus'));
      sim.runFor(100);
      const roomBytes = u32(lastStatus(serialMessages(sim.serialOutput()).messages), STATUS_LOG_FREE_BYTES);
      const messages = runAndStop(sim);
      sim.serialWrite(commandFrame('readLog', { fromOffset: 0 }));
      sim.runFor(2000);
      expect(sim.crashes.map((c) => c.message), 'uncaught exceptions in the pod').to.deep.equal([]);
      expect(sim.resets, 'only the restart that found the firmware in Storage').to.deep.equal([{ tMs: 0, reason: 'host' }]);
      const all = serialMessages(sim.serialOutput()).messages;
      const logBytes: number[] = [];
      for (const m of ofType(all, MSG_LOG_CHUNK)) {
        for (let i = 0; i < m[12]; i++) logBytes.push(m[LOG_CHUNK_BYTES_OFFSET + i]);
      }
      const summaries = ofType(messages, MSG_SUMMARY);
      const forms = ofType(messages, MSG_SUMMARY_FORM);
      // summary body: window index u32, start and end ms u32, then steps u16
      const stepsOf = (m: Uint8Array): number => u16(m, HEADER_LENGTH + 12);
      const idle = summaries.filter((m) => stepsOf(m) === 0);
      const active = summaries.filter((m) => stepsOf(m) > 0);
      expect(idle.length, 'empty windows streamed live').to.be.at.least(85);
      expect(active.length, 'windows of the run').to.be.at.least(4);
      // had the empty windows been logged, they alone would not have fitted
      const wouldTake = flashLogOpen(new SimStorage(), 1 << 20);
      for (const m of idle) {
        const form = forms.find((f) => u16(f, 2) === u16(m, 2)) as Uint8Array;
        flashLogAppend(wouldTake, Uint8Array.from([...m, ...form]));
      }
      expect(wouldTake.usedBytes, 'bytes the empty windows would take').to.be.above(roomBytes);
      const logged = logEntriesDecode(Uint8Array.from(logBytes)).entries.map((e) => u16(e.bytes, 2));
      expect(logged, 'the log: every window with a step, in order').to.deep.equal(active.map((m) => u16(m, 2)));
      expect(ofType(messages, MSG_ERROR).filter((m) => m[HEADER_LENGTH] === ERROR_STORAGE), 'no storage error').to.have.length(0);
    });

    it('each link has its own sequence numbers: a BLE central\'s commands and raw stream leave no gap in what serial sees', () => {
      const sim = new PodSimulator({ bundleSource: bundle, recording: imuSourceFromSynthetic(runningRun(20)) });
      researchPod(sim);
      sim.runFor(100);
      const peer = sim.blePeer;
      const ble = centralWithRawStream(sim, [LUMBARPOD_REPLY_UUID, LUMBARPOD_RAW_UUID]);
      for (let i = 0; i < 6; i++) {
        sim.runFor(2000);
        peer.write(LUMBARPOD_SERVICE_UUID, LUMBARPOD_CONTROL_UUID, commandMessage('getStatus'));
        sim.serialWrite(commandFrame('getStatus'));
      }
      const messages = runAndStop(sim);
      expectHealthy(sim);
      for (const [link, received] of [['serial', messages], ['BLE', ble]] as [string, Uint8Array[]][]) {
        for (const type of [MSG_REPLY, MSG_STATUS, MSG_RAW_BATCH]) {
          const seqs = ofType(received, type).map((m) => u16(m, 2));
          expect(seqs.length, `${link} messages of type ${type}`).to.be.at.least(6);
          expect(seqs, `${link} type ${type}: 0, 1, 2, ...`).to.deep.equal(seqs.map((_, i) => i));
        }
      }
    });

    it('every answer other than ok counts as a rejected command; a bad frame\'s error says how many so far; readLog past the log\'s end is out of range, with no chunk', () => {
      const sim = new PodSimulator({ bundleSource: bundle, recording: imuSourceFromSynthetic(runningRun(30)) });
      sim.runFor(2000);
      // recording (it starts at boot): a rate change is busy
      sim.serialWrite(commandFrame('setRate', { rateHz: 52 }));
      sim.serialWrite(Buffer.from([0x05, 0x11, 0x22, 0x33, 0x44, 0x00]));
      sim.serialWrite(Buffer.from([0x05, 0x11, 0x22, 0x33, 0x44, 0x00]));
      sim.runFor(30000);
      sim.serialWrite(commandFrame('getStatus'));
      sim.runFor(100);
      let messages = serialMessages(sim.serialOutput()).messages;
      const logBytes = u32(lastStatus(messages), STATUS_LOG_BYTES);
      expect(logBytes, 'windows logged').to.be.greaterThan(0);
      expect(ofType(messages, MSG_ERROR).filter((m) => m[HEADER_LENGTH] === ERROR_BAD_FRAME).map((m) => u32(m, HEADER_LENGTH + 1))).to.deep.equal([1, 2]);
      expect(u16(lastStatus(messages), STATUS_COMMANDS_REJECTED), 'the busy setRate').to.equal(1);
      const before = messages.length;
      sim.serialWrite(commandFrame('readLog', { fromOffset: logBytes + 5000 }));
      sim.serialWrite(commandFrame('readLog', { fromOffset: logBytes }));
      sim.runFor(200);
      expectHealthy(sim);
      messages = serialMessages(sim.serialOutput()).messages.slice(before);
      expect(ofType(messages, MSG_REPLY).map((m) => [m[REPLY_STATUS], u32(m, REPLY_DETAIL)])).to.deep.equal([[REPLY_OUT_OF_RANGE, 1], [REPLY_OK, logBytes]]);
      // from the end itself: only the end marker
      expect(ofType(messages, MSG_LOG_CHUNK).map((m) => [u32(m, HEADER_LENGTH), m[HEADER_LENGTH + 4]])).to.deep.equal([[logBytes, 0]]);
    });

    it('a serial readLog sends a chunk per 25 ms rather than all at once (the UART\'s buffer would hold the sample loop), and clearLog ends a read in progress', () => {
      const sim = new PodSimulator({ bundleSource: bundle, recording: imuSourceFromSynthetic(runningRun(200)) });
      sim.runFor(150000);
      sim.serialWrite(commandFrame('getStatus'));
      sim.runFor(100);
      const logBytes = u32(lastStatus(serialMessages(sim.serialOutput()).messages), STATUS_LOG_BYTES);
      expect(logBytes, 'a log of two chunks or more').to.be.greaterThan(255);
      const chunksFrom = (fromMs: number): Uint8Array[] => ofType(serialMessages(Buffer.concat(sim.serial.written.filter((c) => c.tMs >= fromMs).map((c) => c.bytes))).messages, MSG_LOG_CHUNK);
      let at = sim.nowMs;
      sim.serialWrite(commandFrame('readLog', { fromOffset: 0 }));
      sim.runFor(60);
      expect(chunksFrom(at).length, 'two or three chunks in 60 ms').to.be.within(2, 3);
      sim.runFor(Math.ceil(logBytes / 255) * 25 + 200);
      const chunks = chunksFrom(at);
      expect(chunks.map((m) => u32(m, HEADER_LENGTH))).to.deep.equal(Array.from({ length: Math.ceil(logBytes / 255) + 1 }, (_, i) => Math.min(i * 255, logBytes)));
      // cleared while a read is under way: it stops where it was
      at = sim.nowMs;
      sim.serialWrite(commandFrame('readLog', { fromOffset: 0 }));
      sim.runFor(30);
      sim.serialWrite(commandFrame('clearLog', { confirm: COMMAND_CONFIRM_KEY }));
      sim.runFor(500);
      expectHealthy(sim);
      expect(chunksFrom(at).length, 'the chunks before the clear, no end marker').to.be.within(1, 3);
      expect(chunksFrom(at).every((m) => m[HEADER_LENGTH + 4] > 0)).to.equal(true);
    });

    it('a battery falling below 10 % is told once (an error), again only after it read 15 % or more', () => {
      const sim = new PodSimulator({ bundleSource: bundle, recording: imuSourceFromSynthetic(runningRun(2)) });
      const levels = [50, 9, 8, 12, 9, 16, 7];
      sim.runFor(1000);
      // the pod reads its battery once a minute
      for (const level of levels) {
        sim.batteryPercent = level;
        sim.runFor(60000);
      }
      expectHealthy(sim);
      const errors = ofType(serialMessages(sim.serialOutput()).messages, MSG_ERROR).filter((m) => m[HEADER_LENGTH] === ERROR_BATTERY_LOW);
      expect(errors.map((m) => u32(m, HEADER_LENGTH + 1))).to.deep.equal([9, 7]);
    });

    it('full storage is reported (error and status flag), and summaries still stream', () => {
      const sim = new PodSimulator({ bundleSource: bundle, recording: imuSourceFromSynthetic(runningRun(25)) });
      sim.storageFull(true);
      const messages = runAndStop(sim);
      expectHealthy(sim);
      const storageErrors = ofType(messages, MSG_ERROR).filter((m) => m[HEADER_LENGTH] === ERROR_STORAGE);
      expect(storageErrors, 'one storage error').to.have.length(1);
      expect(u16(lastStatus(messages), STATUS_FLAGS) & STATUS_STORAGE_FULL).to.equal(STATUS_STORAGE_FULL);
      expect(ofType(messages, MSG_SUMMARY).length).to.equal(3);
    });

    it('a log write that fails for a while (no room to create it, then room): told once, the flag clears once windows are stored again, and told again when the log fills', () => {
      // Storage with room for a log of a few entries
      const sim = new PodSimulator({ bundleSource: bundle, recording: imuSourceFromSynthetic(runningRun(120)), storageCapacityBytes: 1200 });
      const fullFlagNow = (): number => {
        sim.serialWrite(commandFrame('getStatus'));
        sim.runFor(100);
        return u16(lastStatus(serialMessages(sim.serialOutput()).messages), STATUS_FLAGS) & STATUS_STORAGE_FULL;
      };
      const storageErrors = () => ofType(serialMessages(sim.serialOutput()).messages, MSG_ERROR).filter((m) => m[HEADER_LENGTH] === ERROR_STORAGE);
      sim.runFor(1000);
      sim.storageFull(true);
      sim.runFor(24000);
      expect(fullFlagNow(), 'two windows not stored').to.equal(STATUS_STORAGE_FULL);
      expect(storageErrors(), 'told once').to.have.length(1);
      sim.storageFull(false);
      sim.runFor(20000);
      expect(fullFlagNow(), 'windows stored again').to.equal(0);
      const stored = logEntriesDecode(sim.storage.fileBytes(FLASH_LOG_FILE) ?? new Uint8Array(0));
      expect(stored.entries.length, 'windows stored after the failure').to.be.at.least(2);
      sim.runFor(70000);
      expectHealthy(sim);
      expect(fullFlagNow(), 'the log filled').to.equal(STATUS_STORAGE_FULL);
      expect(storageErrors(), 'told again when it filled').to.have.length(2);
    });

    it('a settings change storage cannot keep is answered OK and the status says it is not saved (not that the log is full), until a save succeeds', () => {
      const sim = new PodSimulator({ bundleSource: bundle, recording: imuSourceFromSynthetic(runningRun(8)) });
      sim.runFor(2000);
      // not recording: a speed is written at once (while recording, within the minute: below)
      sim.serialWrite(commandFrame('stopRecording'));
      sim.runFor(100);
      sim.storageFull(true);
      sim.serialWrite(commandFrame('setSpeed', { speedMms: 3000 }));
      sim.runFor(100);
      sim.serialWrite(commandFrame('getStatus'));
      sim.runFor(100);
      let status = lastStatus(serialMessages(sim.serialOutput()).messages);
      expect(u16(status, STATUS_FLAGS) & (STATUS_CONFIG_UNSAVED | STATUS_STORAGE_FULL), 'config not saved, log not full').to.equal(STATUS_CONFIG_UNSAVED);
      expect(sim.storage.readJSON('lpconfig.json', true), 'nothing written').to.equal(undefined);
      // room again: the next change is saved and the flag clears
      sim.storageFull(false);
      sim.serialWrite(commandFrame('setSpeed', { speedMms: 3200 }));
      sim.runFor(100);
      sim.serialWrite(commandFrame('getStatus'));
      sim.runFor(100);
      expectHealthy(sim);
      const messages = serialMessages(sim.serialOutput()).messages;
      expect(ofType(messages, MSG_REPLY).map((m) => m[REPLY_STATUS])).to.deep.equal([REPLY_OK, REPLY_OK, REPLY_OK, REPLY_OK, REPLY_OK]);
      status = lastStatus(messages);
      expect(u16(status, STATUS_FLAGS) & STATUS_CONFIG_UNSAVED).to.equal(0);
      expect((sim.storage.readJSON('lpconfig.json', true) as { speedMms: number }).speedMms).to.equal(3200);
    });

    it('a settings write that fails keeps the settings kept before, and new settings kept on their own come back after a restart', () => {
      const sim = new PodSimulator({ bundleSource: bundle, recording: imuSourceFromSynthetic(runningRun(30)) });
      const speedAfterRestart = (): number => {
        sim.reboot();
        sim.runFor(500);
        sim.serialWrite(commandFrame('getStatus'));
        sim.runFor(100);
        return u16(lastStatus(serialMessages(sim.serialOutput()).messages), STATUS_SPEED);
      };
      // not recording (the pod records from boot): a speed is written at once
      const setSpeed = (speedMms: number): void => {
        sim.serialWrite(commandFrame('stopRecording'));
        sim.serialWrite(commandFrame('setSpeed', { speedMms }));
        sim.runFor(100);
      };
      sim.runFor(1000);
      setSpeed(3000);
      // Storage takes no new file: Espruino would erase lpconfig.json before finding no room for it
      sim.storageFull(true);
      setSpeed(3200);
      sim.storageFull(false);
      expect(speedAfterRestart(), 'the speed kept before').to.equal(3000);
      // the new settings are kept on their own, then lpconfig.json cannot be made again
      sim.storage.refuseToCreate('lpconfig.json');
      setSpeed(3400);
      expect(sim.storage.readJSON('lpconfig.json', true), 'erased by its own write').to.equal(undefined);
      expect(speedAfterRestart(), 'the speed kept on its own').to.equal(3400);
      // a save while they are kept there alone, which no file survives: lpconfig.new is not touched
      sim.storage.refuseToCreate(undefined);
      sim.storageFull(true);
      setSpeed(3600);
      sim.storageFull(false);
      expect(speedAfterRestart(), 'still the speed kept on its own').to.equal(3400);
      setSpeed(3500);
      expect((sim.storage.readJSON('lpconfig.json', true) as { speedMms: number }).speedMms).to.equal(3500);
      expect(sim.storage.list(), 'the new settings in lpconfig.json alone').to.not.include('lpconfig.new');
      expect(speedAfterRestart()).to.equal(3500);
      expect(sim.crashes.map((c) => c.message)).to.deep.equal([]);
    });

    it('speeds sent every 5 s while recording (a watch, a treadmill) are written once a minute at most and at the stop, the status giving each at once', () => {
      const sim = new PodSimulator({ bundleSource: bundle, recording: imuSourceFromSynthetic(runningRun(150)) });
      sim.runFor(3000);
      let configWrites = 0;
      const writeJSON = sim.storage.writeJSON.bind(sim.storage);
      sim.storage.writeJSON = (name: unknown, data: unknown) => {
        if (String(name).startsWith('lpconfig')) configWrites++;
        return writeJSON(name, data);
      };
      const speedsMms: number[] = [];
      for (let i = 0; i < 24; i++) {
        const speedMms = 3000 + i * 10;
        speedsMms.push(speedMms);
        sim.serialWrite(commandFrame('setSpeed', { speedMms }));
        sim.serialWrite(commandFrame('getStatus'));
        sim.runFor(5000);
        expect(u16(lastStatus(serialMessages(sim.serialOutput()).messages), STATUS_SPEED), 'the speed holds at once').to.equal(speedMms);
      }
      // 120 s of changes: two writes (two lpconfig files each) at the most, one a minute
      expect(configWrites, 'config files written while recording').to.be.at.most(4);
      expect(configWrites).to.be.at.least(1);
      sim.serialWrite(commandFrame('stopRecording'));
      sim.runFor(100);
      expectHealthy(sim);
      expect((sim.storage.readJSON('lpconfig.json', true) as { speedMms: number }).speedMms, 'the last speed, kept at the stop').to.equal(speedsMms[speedsMms.length - 1]);
      // after a restart, the speed kept
      sim.reboot();
      sim.runFor(500);
      sim.serialWrite(commandFrame('getStatus'));
      sim.runFor(100);
      expect(u16(lastStatus(serialMessages(sim.serialOutput()).messages), STATUS_SPEED)).to.equal(speedsMms[speedsMms.length - 1]);
    });

    it('a setSpeed from a central while no serial adapter is on builds no status for serial: the central\'s next getStatus still reports the saturation since its last status', () => {
      const run = generateSynthetic({
        sampleRateHz: RATE_HZ, seed: 3,
        segments: [{ kind: 'standing', durationS: 3 }, { kind: 'running', durationS: 20, cadenceSpm: 172 }],
        saturation: { accFullScaleCounts: 4000, fromS: 6, toS: 7 },
      });
      const sim = new PodSimulator({ bundleSource: bundle, recording: imuSourceFromSynthetic(run), serialAdapterAttached: false });
      const replies: Uint8Array[] = [];
      sim.runFor(1000);
      sim.blePeer.connect();
      sim.runFor(10);
      sim.blePeer.subscribe(LUMBARPOD_SERVICE_UUID, LUMBARPOD_REPLY_UUID, (bytes) => replies.push(Uint8Array.from(bytes)));
      const bleCommand = (name: string, args?: Record<string, number>): void => {
        sim.blePeer.write(LUMBARPOD_SERVICE_UUID, LUMBARPOD_CONTROL_UUID, commandMessage(name, args));
        sim.runFor(100);
      };
      const statusFlags = (): number => u16(lastStatus(replies), STATUS_FLAGS);
      bleCommand('getStatus');
      expect(statusFlags() & STATUS_SATURATION_SEEN, 'none before the clipped second').to.equal(0);
      sim.runFor(7000); // past the clipped second
      bleCommand('setSpeed', { speedMms: 3000 });
      bleCommand('getStatus');
      expect(statusFlags() & STATUS_SATURATION_SEEN, 'the clipped second, since the central\'s last status').to.equal(STATUS_SATURATION_SEEN);
      expect(u16(lastStatus(replies), STATUS_SPEED)).to.equal(3000);
      bleCommand('getStatus');
      expect(statusFlags() & STATUS_SATURATION_SEEN, 'told once: not since').to.equal(0);
      expect(sim.serial.written.length, 'nothing on serial').to.equal(0);
      expectHealthy(sim);
    });

    it('the serial status every 5 s does not end a central\'s saturation window: each link\'s status reports the saturation since that link\'s own last status', () => {
      const run = generateSynthetic({
        sampleRateHz: RATE_HZ, seed: 3,
        segments: [{ kind: 'standing', durationS: 3 }, { kind: 'running', durationS: 20, cadenceSpm: 172 }],
        saturation: { accFullScaleCounts: 4000, fromS: 6, toS: 7 },
      });
      const sim = new PodSimulator({ bundleSource: bundle, recording: imuSourceFromSynthetic(run) });
      const replies: Uint8Array[] = [];
      sim.runFor(1000);
      sim.blePeer.connect();
      sim.runFor(10);
      sim.blePeer.subscribe(LUMBARPOD_SERVICE_UUID, LUMBARPOD_REPLY_UUID, (bytes) => replies.push(Uint8Array.from(bytes)));
      const bleSaturationSeen = (): number => {
        sim.blePeer.write(LUMBARPOD_SERVICE_UUID, LUMBARPOD_CONTROL_UUID, commandMessage('getStatus'));
        sim.runFor(100);
        return u16(lastStatus(replies), STATUS_FLAGS) & STATUS_SATURATION_SEEN;
      };
      expect(bleSaturationSeen(), 'none before the clipped second').to.equal(0);
      sim.runFor(10500 - sim.clock.nowMs); // past the clipped second (6-7 s) and serial's statuses at 5 and 10 s
      const serialFlags = ofType(serialMessages(sim.serialOutput()).messages, MSG_STATUS).map((m) => u16(m, STATUS_FLAGS) & STATUS_SATURATION_SEEN);
      expect(serialFlags, 'serial\'s statuses at 5 and 10 s: the clipped second in the second').to.deep.equal([0, STATUS_SATURATION_SEEN]);
      expect(bleSaturationSeen(), 'the clipped second, since the central\'s last status').to.equal(STATUS_SATURATION_SEEN);
      expect(bleSaturationSeen(), 'told once: not since').to.equal(0);
      expectHealthy(sim);
    });

    it('the serial status every 5 s does not end a central\'s busy window: its sampleHandlerBusyPct covers the time since its own last status', () => {
      const sim = new PodSimulator({ bundleSource: bundle, recording: imuSourceFromSynthetic(runningRun(20)) });
      // each FIFO read costs the handler 10 ms of the pod's clock while `loaded` (the virtual clock stands still in pod code)
      let loaded = false;
      let skewS = 0;
      const clockS = sim.clock.getTimeS.bind(sim.clock);
      sim.clock.getTimeS = () => clockS() + skewS;
      const accelRd = sim.puck.accelRd.bind(sim.puck);
      sim.puck.accelRd = (reg: unknown, count?: unknown) => {
        if (loaded) skewS += 0.01;
        return accelRd(reg, count);
      };
      const replies: Uint8Array[] = [];
      sim.runFor(1000);
      sim.blePeer.connect();
      sim.runFor(10);
      sim.blePeer.subscribe(LUMBARPOD_SERVICE_UUID, LUMBARPOD_REPLY_UUID, (bytes) => replies.push(Uint8Array.from(bytes)));
      const bleBusyPct = (): number => {
        sim.blePeer.write(LUMBARPOD_SERVICE_UUID, LUMBARPOD_CONTROL_UUID, commandMessage('getStatus'));
        sim.runFor(100);
        return lastStatus(replies)[STATUS_BUSY_PCT];
      };
      expect(bleBusyPct(), 'the handler costs nothing yet').to.equal(0);
      loaded = true;
      sim.runFor(3000);
      loaded = false;
      sim.runFor(8000 - sim.clock.nowMs); // serial's status at 5 s in between
      const serialPct = ofType(serialMessages(sim.serialOutput()).messages, MSG_STATUS).map((m) => m[STATUS_BUSY_PCT]);
      expect(serialPct.length, 'serial\'s status at 5 s').to.equal(1);
      expect(serialPct[0], 'serial\'s window, 0 to 5 s, held the loaded 3 s').to.be.greaterThan(0);
      // two reads a burst, four bursts a second: 80 ms of each loaded second, 3 of the central's 7
      expect(bleBusyPct(), 'the central\'s window, 1.1 to 8 s, holds the loaded 3 s').to.be.within(2, 5);
      expect(bleBusyPct(), 'nothing loaded since the central\'s last status').to.equal(0);
      expectHealthy(sim);
    });

    it('settings sent again as the pod holds them (a host sends them at every start) write no flash', () => {
      const sim = new PodSimulator({ bundleSource: bundle, recording: imuSourceFromSynthetic(runningRun(10)) });
      sim.runFor(1000);
      sim.serialWrite(commandFrame('setSpeed', { speedMms: 3000 }));
      sim.runFor(100);
      sim.serialWrite(commandFrame('setRawStream', { enabled: 0 }));
      sim.runFor(100);
      const before = sim.storage.getStats();
      for (let i = 0; i < 5; i++) {
        sim.serialWrite(commandFrame('setSpeed', { speedMms: 3000 }));
        sim.serialWrite(commandFrame('setRawStream', { enabled: 0 }));
        sim.runFor(100);
      }
      const after = sim.storage.getStats();
      expect(after.trashBytes + (before.freeBytes - after.freeBytes), 'flash used').to.equal(before.trashBytes);
      expect(ofType(serialMessages(sim.serialOutput()).messages, MSG_REPLY).map((m) => m[REPLY_STATUS])).to.deep.equal(new Array(12).fill(REPLY_OK));
    });

    it('rebootToSetup selects setup mode (console open, Nordic UART on, no sampling) and stays there: the watchdog run mode left running is kicked', () => {
      const sim = new PodSimulator({ bundleSource: bundle, recording: imuSourceFromSynthetic(runningRun(60)) });
      sim.runFor(5000);
      sim.serialWrite(commandFrame('rebootToSetup', { confirm: COMMAND_CONFIRM_KEY }));
      sim.runFor(60000);
      expect(sim.resets.map((r) => r.reason), 'the reboot into setup mode and nothing after it').to.deep.equal(['E.reboot']);
      expect(sim.crashes).to.deep.equal([]);
      expect(sim.nrf.nusEnabled).to.equal(true);
      expect(sim.consoleDevice).not.to.equal('LoopbackA');
      const afterReboot = ofType(serialMessages(sim.serialOutput()).messages, MSG_STEP).length;
      sim.runFor(5000);
      expect(ofType(serialMessages(sim.serialOutput()).messages, MSG_STEP).length, 'no sampling').to.equal(afterReboot);
    });

    it('the button held at power-on boots Espruino without the firmware (a console to flash from), and the next reset runs it again', () => {
      const sim = new PodSimulator({ bundleSource: bundle, recording: imuSourceFromSynthetic(runningRun(20)), holdButtonAtBootMs: 3000 });
      sim.runFor(10000);
      expectHealthy(sim);
      expect(sim.nrf.nusEnabled, 'Espruino\'s own Nordic UART').to.equal(true);
      expect(sim.serialOutput().length, 'no firmware: nothing framed').to.equal(0);
      sim.reboot();
      sim.runFor(10000);
      expect(ofType(serialMessages(sim.serialOutput()).messages, MSG_STEP).length, 'the firmware samples again').to.be.greaterThan(0);
    });

    it('a recording status while sampling says so; stopping and starting again by command works', () => {
      const sim = new PodSimulator({ bundleSource: bundle, recording: imuSourceFromSynthetic(runningRun(20)) });
      sim.runFor(6000);
      sim.serialWrite(commandFrame('stopRecording'));
      sim.runFor(100);
      sim.serialWrite(commandFrame('setRate', { rateHz: 208 }));
      sim.serialWrite(commandFrame('startRecording'));
      sim.runFor(100);
      sim.serialWrite(commandFrame('getStatus'));
      sim.runUntilSourceEnds();
      expectHealthy(sim);
      const messages = serialMessages(sim.serialOutput()).messages;
      expect(ofType(messages, MSG_REPLY).map((m) => m[REPLY_STATUS])).to.deep.equal([REPLY_OK, REPLY_OK, REPLY_OK, REPLY_OK]);
      const status = lastStatus(messages);
      expect(u16(status, STATUS_FLAGS) & STATUS_RECORDING).to.equal(STATUS_RECORDING);
      expect(u16(status, statusOffset('rateHz')), 'rate after setRate 208').to.equal(208);
      // counted from the second start: samples on its clock, at 208 Hz, none of the first session's
      const statusTimeS = u32(status, 4) / 1000;
      expect(u32(status, statusOffset('samples'))).to.be.closeTo((statusTimeS - 6.2) * 208, 104);
      expect(ofType(messages, MSG_STEP).length, 'steps at 208 Hz after the restart').to.be.at.least(30);
    });
  });
});
