import { expect } from 'chai';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { SAMPLE_STRIDE } from '../../../firmware/core/pipeline';
import { STATUS_RAW_ONLY, STATUS_RAW_STREAM, STATUS_RECORDING } from '../../../firmware/protocol/messageIds';
import { podRecordingCountersZero, podRecordingImu, podRecordingMetaStart, PodRecordingWriter, readPodRecording } from '../../../host-tools/recording/podRecording';
import { rawOnlyReplay } from '../../../host-tools/replay/rawOnlyReplay';
import { replayRecording } from '../../../host-tools/replay/replayRecording';
import { generateSynthetic } from '../../../host-tools/synthetic/generate';

const BATCH_SAMPLES = 26;
const RAW_ONLY_FLAGS = STATUS_RECORDING | STATUS_RAW_STREAM | STATUS_RAW_ONLY;

describe('rawOnlyReplay', () => {
  let tmp: string;

  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lumbarpod-raw-only-'));
  });

  after(() => {
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('detects the steps after a restart whose boot sent a window summary but no raw sample before record set raw only again', async () => {
    // A pod restarts mid-run in `record --raw-only`: its new boot records by itself with its
    // detector on and, stopped by record before it sent a raw batch, sends only its (empty) window
    // summary; record then starts a raw-only recording, a boot of its own. raw.csv has one restart
    // gap for both, and its samples after it are the raw-only boot's, which sent no step.
    const run = generateSynthetic({ durationS: 30, seed: 5 });
    const rate = run.sampleRateHz;
    const msPerSample = 1000 / rate;
    const dir = path.join(tmp, 'restart');
    const writer = new PodRecordingWriter(dir, podRecordingMetaStart(run.board, rate, Date.UTC(2026, 10, 25, 8), podRecordingCountersZero()));
    const status = (boot: number, flags: number) => ({
      type: 'status', version: 2, seq: 0, deviceTimeMs: 0, samples: 0, droppedSamples: 0, gaps: 0, steps: 0, windows: 0,
      framesReceived: 0, framesBad: 0, commandsRejected: 0, storageUsedBytes: 0, storageFreeBytes: 11000, batteryPct: 90, flags,
      rateHz: rate, firmwareMajor: 0, firmwareMinor: 16, speedMms: 0, sampleHandlerBusyPct: 0, ...(boot > 0 ? { boot } : {}),
    });
    /** the synthetic samples from..to as raw batches of `boot`, counted from podFirst, in FIFO order (gyro first) */
    const sendSamples = (from: number, to: number, podFirst: number, boot: number, receivedFromMs: number) => {
      for (let first = from; first < to; first += BATCH_SAMPLES) {
        const count = Math.min(BATCH_SAMPLES, to - first);
        const samplesCounts = new Int16Array(count * SAMPLE_STRIDE);
        for (let i = 0; i < count; i++) {
          const src = (first + i) * SAMPLE_STRIDE;
          samplesCounts.set(run.samples.subarray(src + 3, src + 6), i * SAMPLE_STRIDE);
          samplesCounts.set(run.samples.subarray(src, src + 3), i * SAMPLE_STRIDE + 3);
        }
        writer.addMessage({
          type: 'rawBatch', version: 2, seq: 0, deviceTimeMs: 0, firstSampleIndex: podFirst + first - from, sampleCount: count, samplesCounts,
          ...(boot > 0 ? { boot } : {}),
        }, receivedFromMs + (first - from + count) * msPerSample);
      }
    };
    const restartSample = Math.round(15 * rate);
    writer.addMessage(status(0, RAW_ONLY_FLAGS), 0);
    sendSamples(0, restartSample, 0, 0, 0);
    const restartMs = restartSample * msPerSample;
    writer.noteRestart(false);
    writer.addLinkEvent('restart', restartMs);
    writer.addMessage(status(1, STATUS_RECORDING), restartMs + 10);
    writer.addMessage({ type: 'summary', version: 2, seq: 0, deviceTimeMs: 50, index: 1, startMs: 0, endMs: 0, steps: 0, quality: 0, boot: 1 }, restartMs + 20);
    writer.noteRestart(true);
    writer.addLinkEvent('restart', restartMs + 30, { recordingRestarted: true });
    writer.addMessage(status(2, RAW_ONLY_FLAGS), restartMs + 40);
    sendSamples(restartSample + 5, run.sampleCount, 0, 2, restartMs + 50);
    await writer.close({ complete: true, endedBy: 'duration' });

    const recording = readPodRecording(dir);
    const restartGaps = recording.meta.gaps.filter((gap) => gap.cause === 'restart');
    expect(restartGaps, 'one restart gap for the two boots').to.have.length(1);
    const all = replayRecording(podRecordingImu(recording), {}).coreSteps;
    const afterRestartMs = (restartGaps[0].fromSample + restartGaps[0].missingSamples) * msPerSample;
    expect(all.filter((step) => step.tMs > afterRestartMs).length, 'steps in the samples after the restart').to.be.above(20);
    const replayed = rawOnlyReplay(recording);
    expect(replayed.steps.map((step) => step.tMs)).to.deep.equal(all.map((step) => step.tMs));
  });
});
