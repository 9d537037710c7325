// Shared by the simulated-pod tests: the built sim bundle, the bundled recordings as IMU sources,
// command frames, and the serial byte stream cut into messages and raw batches.
import * as path from 'path';
import { PUCKJS2_BOARD } from '../../boards/puckjs2';
import { encodeMessage } from '../../firmware/protocol/codec';
import { HEADER_LENGTH, MSG_RAW_BATCH } from '../../firmware/protocol/messageIds';
import { parsePodAxisMap } from '../../host-tools/recording/axisMap';
import { importCsvFile } from '../../host-tools/recording/csvImport';
import { ImuRecording } from '../../host-tools/recording/imuRecording';
import { FrameDecoder, isFrameError } from '../../host-tools/protocol/frameDecoder';
import { frameOf } from '../../host-tools/protocol/frameEncoder';
import { RawBatch, rawStreamReplay, RawStreamReplayBodies } from '../../host-tools/replay/rawStreamReplay';
import { imuSourceFromSynthetic } from '../../host-tools/sim/imuSource';
import { HeldStartSource } from '../../host-tools/sim/podOnPty';
import { PodSimulator } from '../../host-tools/sim/podSimulator';
import { BOOT_CODE_FILE } from '../../host-tools/sim/simConsole';
import { SyntheticRun } from '../../host-tools/synthetic/generate';
import { builtBundleOnce, SIM_BUNDLE } from '../../scripts/build';

const root = path.resolve(__dirname, '..', '..');

export async function simBundleSource(): Promise<string> {
  return (await builtBundleOnce(SIM_BUNDLE)).source;
}

/**
 * The simulated pod as `lumbarpod flash` leaves it (its firmware in Storage, run from there at
 * every boot), fed `run` from the host's startRecording on: `held` is released by that start.
 */
export async function flashedPodHeldUntilStart(run: SyntheticRun): Promise<{ sim: PodSimulator; held: HeldStartSource }> {
  const firmware = await builtBundleOnce(SIM_BUNDLE);
  const held = new HeldStartSource(imuSourceFromSynthetic(run));
  const sim = new PodSimulator({ bundleSource: firmware.source, recording: held });
  sim.storage.write(BOOT_CODE_FILE, firmware.uploaded);
  return { sim, held };
}

/** the bundled real walking trial (Mobilise-D, lower back), as the replay CLI reads it */
export async function mobgapWalkingTrial(): Promise<ImuRecording> {
  const imported = await importCsvFile(path.join(root, 'examples/mobgap/HA-001_Test5_Trial1.csv'), {
    scale: PUCKJS2_BOARD.scale, axisMap: parsePodAxisMap('V=x,AP=z,ML=-y'),
  });
  if (imported.recording === undefined) throw new Error('mobgap example did not import: ' + imported.error);
  return imported.recording;
}

let commandSeq = 0;

/** a command message (bare, as BLE carries it) */
export function commandMessage(command: string, args: { [name: string]: number } = {}): Uint8Array {
  const buf = new Uint8Array(64);
  const n = encodeMessage({ type: 'command', seq: commandSeq++ & 0xffff, deviceTimeMs: 0, command, args }, buf, 0);
  return buf.slice(0, n);
}

/** a command as a serial frame */
export function commandFrame(command: string, args: { [name: string]: number } = {}): Buffer {
  return frameOf(commandMessage(command, args));
}

export interface SerialMessages {
  messages: Uint8Array[];
  badFrames: number;
}

/** the byte stream cut at each 0x00 and unframed, as the host's FrameDecoder does */
export function serialMessages(bytes: Uint8Array): SerialMessages {
  const out: SerialMessages = { messages: [], badFrames: 0 };
  for (const item of new FrameDecoder().decodeNow(bytes)) {
    if (isFrameError(item)) out.badFrames++;
    else out.messages.push(item);
  }
  return out;
}

export function ofType(messages: Uint8Array[], type: number): Uint8Array[] {
  return messages.filter((m) => m[1] === type);
}

export function u16(m: Uint8Array, at: number): number {
  return m[at] | (m[at + 1] << 8);
}

export function u32(m: Uint8Array, at: number): number {
  return (m[at] | (m[at + 1] << 8) | (m[at + 2] << 16) | (m[at + 3] << 24)) >>> 0;
}

/** the rawBatch messages as batches (samples in FIFO order, as sent) */
export function rawBatches(messages: Uint8Array[]): RawBatch[] {
  return ofType(messages, MSG_RAW_BATCH).map((m) => {
    const count = u16(m, HEADER_LENGTH + 4);
    const samples = new Int16Array(count * 6);
    for (let k = 0; k < count * 6; k++) samples[k] = (m[14 + 2 * k] | (m[15 + 2 * k] << 8)) << 16 >> 16;
    return { firstSampleIndex: u32(m, HEADER_LENGTH), samplesCounts: samples };
  });
}

/** host replay of the pod's raw stream with the pod's settings (puckjs2 scale and mounting) */
export function replayOfRaw(messages: Uint8Array[], rateHz: number, speedMms: number, finished: boolean): RawStreamReplayBodies {
  return rawStreamReplay(rawBatches(messages), {
    scale: PUCKJS2_BOARD.scale, axisMap: PUCKJS2_BOARD.axisMap, rateHz: rateHz, speedMms: speedMms,
  }, finished);
}
