// Host replay of a pod's raw stream: the rawBatch samples (FIFO order, gyro first) run through
// core with the pod's own settings, batch by batch, a jump in sample index becoming a gap, exactly
// as the pod ran them. Its records, encoded by the pod's encoders, must equal the step and summary
// messages the pod sent, byte for byte after the header (seq and device time are the link's).
import { BoardImuScale, PodAxisMap } from '../../boards/boardTypes';
import { CoreState } from '../../firmware/core/coreState';
import { pipelineFinish, pipelineGap, pipelineInit, PipelineSink } from '../../firmware/core/pipeline';
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
 * The pod's detector run on the host over a raw stream as it arrives: batches in order, a jump in
 * sample index a gap, as on the pod. Record --raw-only shows its steps live; rawStreamReplay runs
 * a whole recording through it.
 */
export class RawStreamDetector {
  private readonly st: CoreState;
  private readonly feed: SpeedChangeFeed;
  /** the sample the next batch should start at; -1 before the first */
  private next = -1;
  /** samples the pod reported lost (index jumps after the first batch), in order */
  readonly gapsSamples: number[] = [];

  constructor(setup: RawStreamSetup, sink: PipelineSink) {
    this.st = pipelineInit(podPipelineSettings(setup.scale, setup.axisMap, setup.rateHz, setup.speedMms), sink);
    this.feed = new SpeedChangeFeed(setup.speedChanges);
  }

  /** one rawBatch; throws RangeError for one that goes back before the last (duplicated or reordered) */
  batch(batch: RawBatch): void {
    // a stream joined late: core's clock starts where the pod's stood, as on the pod
    if (this.next < 0) {
      this.next = batch.firstSampleIndex;
      if (this.next > 0) pipelineGap(this.st, this.next);
    }
    if (batch.firstSampleIndex < this.next) throw new RangeError(`rawBatch at sample ${batch.firstSampleIndex} goes back before ${this.next}: duplicate or reordered batches must be removed first`);
    if (batch.firstSampleIndex > this.next) {
      this.gapsSamples.push(batch.firstSampleIndex - this.next);
      pipelineGap(this.st, batch.firstSampleIndex - this.next);
    }
    const count = batch.samplesCounts.length / 6;
    this.feed.process(this.st, batch.samplesCounts, count);
    this.next = batch.firstSampleIndex + count;
  }

  /** the end of the stream: the speeds left to apply, and with `lastWindow` the last, partial window, as the pod closes it when recording stops */
  finish(lastWindow: boolean): void {
    this.feed.finish(this.st);
    if (lastWindow) pipelineFinish(this.st);
  }
}

/**
 * Replays the batches in order. `finish` runs pipelineFinish at the end, as the pod does when
 * recording stops (its last, partial window); leave it off for a stream cut while recording.
 */
export function rawStreamReplay(batches: RawBatch[], setup: RawStreamSetup, finish: boolean): RawStreamReplayBodies {
  const out: RawStreamReplayBodies = { step: [], summary: [], summaryForm: [], gapsSamples: [] };
  const buf = new Uint8Array(MAX_MESSAGE_LENGTH);
  const keep = (length: number): Buffer => Buffer.from(buf.slice(HEADER_LENGTH, length));
  const detector = new RawStreamDetector(setup, {
    step(record: StepRecord) { out.step.push(keep(stepEncode(buf, 0, 0, 0, record))); },
    summary(record: SummaryRecord) {
      out.summary.push(keep(summaryEncode(buf, 0, 0, 0, record)));
      out.summaryForm.push(keep(summaryFormEncode(buf, 0, 0, 0, record)));
    },
  });
  for (const batch of batches) detector.batch(batch);
  detector.finish(finish);
  out.gapsSamples = detector.gapsSamples;
  return out;
}
