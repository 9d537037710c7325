// A recording made in-process from the simulated pod, without a pseudo-terminal: the sim
// bundle runs on the source, its serial bytes are unframed and decoded as `lumbarpod record`
// decodes them, and written with PodRecordingWriter. For tests and examples that need a real
// recording quickly; `lumbarpod record` over the pty is the path a user takes.
import { SIM_BOARD } from '../../boards/sim';
import { decodeMessage, encodeMessage, Message, MessageInput } from '../../firmware/protocol/codec';
import { ERROR_SAMPLES_LOST } from '../../firmware/protocol/messageIds';
import { FrameDecoder, isFrameError } from '../protocol/frameDecoder';
import { frameOf } from '../protocol/frameEncoder';
import {
  PodRecordingMeta, podRecordingCountersZero, podRecordingMetaFromStatus, podRecordingMetaStart, PodRecordingWriter,
} from '../recording/podRecording';
import { ImuSource } from './imuSource';
import { PodSimulator } from './podSimulator';

export interface SimulatedRecordingOptions {
  bundleSource: string;
  source: ImuSource;
  /** researcher's raw stream (default true) */
  rawStream?: boolean;
  /** host clock of the first byte, ms since the epoch (default: a fixed date, so outputs repeat) */
  startEpochMs?: number;
  /** running speed kept in the pod's config, as setSpeed leaves it (default none: no vertical ratio) */
  speedMms?: number;
}

function command(name: string, args: { [name: string]: number }, seq: number): Buffer {
  const buf = new Uint8Array(64);
  const n = encodeMessage({ type: 'command', seq, deviceTimeMs: 0, command: name, args } as MessageInput, buf, 0);
  return frameOf(buf.subarray(0, n));
}

/** runs the source to its end on the simulated pod and writes the session to `dir` */
export async function recordSimulatedRun(dir: string, options: SimulatedRecordingOptions): Promise<PodRecordingMeta> {
  const startEpochMs = options.startEpochMs ?? Date.UTC(2026, 10, 25, 8, 0, 0);
  const sim = new PodSimulator({ bundleSource: options.bundleSource, recording: options.source });
  sim.storage.writeJSON('lpconfig.json', { rawStream: options.rawStream === false ? 0 : 1, ...(options.speedMms !== undefined ? { speedMms: options.speedMms } : {}) });
  const board = SIM_BOARD;
  const counters = podRecordingCountersZero();
  const writer = new PodRecordingWriter(dir, podRecordingMetaStart(board, board.defaultRateHz, startEpochMs, counters));
  const frames = new FrameDecoder();
  let status: Extract<Message, { type: 'status' }> | undefined;
  sim.onSerialData((bytes, tMs) => {
    for (const item of frames.decodeNow(bytes)) {
      if (isFrameError(item)) {
        counters.frameErrors++;
        writer.addLinkEvent('frameError', tMs, { reason: item.reason });
        continue;
      }
      counters.framesReceived++;
      const message = decodeMessage(item, 0, item.length);
      if (message.type === 'decodeError') {
        counters.decodeErrors++;
        continue;
      }
      if (message.type === 'status') status = message;
      if (message.type === 'error' && message.code === ERROR_SAMPLES_LOST) writer.notePodLoss(message.detail);
      writer.addMessage(message as unknown as { type: string }, tMs);
    }
  });
  sim.runUntilSourceEnds();
  sim.serialWrite(command('getStatus', {}, 1));
  sim.serialWrite(command('stopRecording', {}, 2));
  sim.runFor(300);
  return writer.close({
    ...podRecordingMetaFromStatus(status, counters),
    endTime: new Date(startEpochMs + sim.nowMs).toISOString(),
    // as record has it: the speed the pod ran with, which its vertical ratio is computed at
    speedMms: status?.speedMms ?? 0,
    counters, complete: true, endedBy: 'stopped',
  });
}
