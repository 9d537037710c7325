// Host replay of a pod's raw stream: the rawBatch samples (FIFO order, gyro first) run through
// core with the pod's own settings, batch by batch, a jump in sample index becoming a gap, exactly
// as the pod ran them. Its records, encoded by the pod's encoders, must equal the step and summary
// messages the pod sent, byte for byte after the header (seq and device time are the link's).
import { BoardImuScale, PodAxisMap } from '../../boards/boardTypes';
import { pipelineFinish, pipelineGap, pipelineInit } from '../../firmware/core/pipeline';
import { StepRecord } from '../../firmware/core/stepRecord';
import { SummaryRecord } from '../../firmware/core/summaryRecord';
import { podPipelineSettings } from '../../firmware/device/podPipelineSettings';
import { HEADER_LENGTH, MAX_MESSAGE_LENGTH } from '../../firmware/protocol/messageIds';
import { stepEncode, summaryEncode, summaryFormEncode } from '../../firmware/protocol/podEncoders';
import { ReplaySpeedChange, SpeedChangeFeed } from './speedChanges';

export interface RawBatch {
  firstSampleIndex: number;
  /** sampleCount x 6 counts, gyro x y z then accel x y z */
  samplesCounts: Int16Array;
}

export interface RawStreamSetup {
  scale: BoardImuScale;
  axisMap: PodAxisMap;
  rateHz: number;
  speedMms: number;
  /** later speeds, each with the sample it held from */
  speedChanges?: ReplaySpeedChange[];
}

/** message bodies (the bytes after the 8-byte header) of what core found, per message type */
export interface RawStreamReplayBodies {
  step: Buffer[];
  summary: Buffer[];
  summaryForm: Buffer[];
  /** samples the pod reported lost (index jumps), in order */
  gapsSamples: number[];
}

/** the body of a message: everything after the header, which carries per-link seq and time */
export function messageBody(message: Uint8Array): Buffer {
  return Buffer.from(message.buffer, message.byteOffset + HEADER_LENGTH, message.length - HEADER_LENGTH);
}

/**
 * Replays the batches in order. `finish` runs pipelineFinish at the end, as the pod does when
 * recording stops (its last, partial window); leave it off for a stream cut while recording.
 */
export function rawStreamReplay(batches: RawBatch[], setup: RawStreamSetup, finish: boolean): RawStreamReplayBodies {
  const out: RawStreamReplayBodies = { step: [], summary: [], summaryForm: [], gapsSamples: [] };
  const buf = new Uint8Array(MAX_MESSAGE_LENGTH);
  const keep = (length: number): Buffer => Buffer.from(buf.slice(HEADER_LENGTH, length));
  const st = pipelineInit(podPipelineSettings(setup.scale, setup.axisMap, setup.rateHz, setup.speedMms), {
    step(record: StepRecord) { out.step.push(keep(stepEncode(buf, 0, 0, 0, record))); },
    summary(record: SummaryRecord) {
      out.summary.push(keep(summaryEncode(buf, 0, 0, 0, record)));
      out.summaryForm.push(keep(summaryFormEncode(buf, 0, 0, 0, record)));
    },
  });
  const feed = new SpeedChangeFeed(setup.speedChanges);
  let next = batches.length > 0 ? batches[0].firstSampleIndex : 0;
  if (next > 0) pipelineGap(st, next);
  for (const batch of batches) {
    if (batch.firstSampleIndex < next) throw new RangeError(`rawBatch at sample ${batch.firstSampleIndex} goes back before ${next}: duplicate or reordered batches must be removed first`);
    if (batch.firstSampleIndex > next) {
      out.gapsSamples.push(batch.firstSampleIndex - next);
      pipelineGap(st, batch.firstSampleIndex - next);
    }
    const count = batch.samplesCounts.length / 6;
    feed.process(st, batch.samplesCounts, count);
    next = batch.firstSampleIndex + count;
  }
  feed.finish(st);
  if (finish) pipelineFinish(st);
  return out;
}
