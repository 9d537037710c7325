// A pod's summary log as readLog sends it back: windows made with the pod's own encoders,
// logged by the pod's own flash log (firmware/device/flashLog.ts) into a simulated Storage, and
// the logChunk messages it would send for a read.
import { expect } from 'chai';
import { summaryRecordCreate } from '../../../firmware/core/summaryRecord';
import { MessageByName } from '../../../firmware/protocol/codec';
import { flashLogAppend, flashLogBytes, flashLogOpen } from '../../../firmware/device/flashLog';
import { LOG_WINDOW_MESSAGE_BYTES } from '../../../firmware/protocol/logFormat';
import { PROTOCOL_VERSION } from '../../../firmware/protocol/messageIds';
import { summaryEncode, summaryFormEncode } from '../../../firmware/protocol/podEncoders';
import { SimStorage } from '../../../host-tools/sim/simStorage';
import { createPrng } from '../../../host-tools/synthetic/prng';

export interface PodLogFixture {
  /** the log's bytes, as readLog sends them */
  bytes: Uint8Array;
  /** where each window's entry starts */
  entryOffsets: number[];
  /** each window's summary and summaryForm messages, as sent live */
  windows: Uint8Array[];
}

/** the log a pod writes for these windows (messages as sent live), restarting between the groups */
export function podLogOf(boots: Uint8Array[][]): PodLogFixture {
  const storage = new SimStorage();
  const fixture: PodLogFixture = { bytes: new Uint8Array(0), entryOffsets: [], windows: [] };
  let log = flashLogOpen(storage, 16384);
  for (const windows of boots) {
    // a restart: the log is opened again from what Storage holds
    log = flashLogOpen(storage, 16384);
    for (const window of windows) {
      expect(flashLogAppend(log, window), `window ${fixture.windows.length} logged`).to.equal(true);
      // after a pad the entry starts at the next block: its own length byte says where it began
      fixture.entryOffsets.push(log.usedBytes - log.entry[0]);
      fixture.windows.push(window);
    }
  }
  fixture.bytes = flashLogBytes(log).slice();
  return fixture;
}

/**
 * `entries` windows of a steady run (window index = seq = entry number, pod time 10 s apart, each at its window's end,
 * medians that wander as a runner's do), logged as the pod logs them
 */
export function podLogWindows(entries: number): PodLogFixture {
  const rec = summaryRecordCreate();
  const random = createPrng(entries);
  const wander = (centre: number, spread: number) => Math.round(centre + (random.nextFloat() - 0.5) * 2 * spread);
  const windows: Uint8Array[] = [];
  for (let i = 0; i < entries; i++) {
    const window = new Uint8Array(LOG_WINDOW_MESSAGE_BYTES);
    rec.index = i;
    // each window is sent as it ends: a log cut into sessions reads a recording started again from these
    rec.endMs = 10000 * i;
    rec.startMs = Math.max(0, rec.endMs - 10000);
    rec.steps = rec.runningSteps = wander(28, 2);
    rec.cadenceSpm = wander(172, 3);
    rec.contactMs = wander(250, 10);
    rec.voMm = wander(80, 5);
    rec.impactMg = wander(2100, 150);
    rec.dropLeftCdeg = wander(550, 60);
    rec.leanCdeg = wander(700, 80);
    const at = summaryEncode(window, 0, i, 10000 * i, rec);
    summaryFormEncode(window, at, i, 10000 * i, rec);
    windows.push(window);
  }
  return podLogOf([windows]);
}

/** the log bytes of podLogWindows(entries) */
export function podLog(entries: number): Uint8Array {
  return podLogWindows(entries).bytes;
}

/** the logChunk messages of a read from `from`, `most` bytes each, the empty end marker last */
export function logChunks(log: Uint8Array, from: number, most: number): MessageByName<'logChunk'>[] {
  const chunks: MessageByName<'logChunk'>[] = [];
  for (let at = Math.min(from, log.length); ; at = Math.min(at + most, log.length)) {
    const length = Math.min(most, log.length - at);
    chunks.push({ type: 'logChunk', version: PROTOCOL_VERSION, seq: chunks.length, deviceTimeMs: 0, logOffset: at, length, bytes: log.slice(at, at + length) });
    if (length === 0) return chunks;
  }
}
