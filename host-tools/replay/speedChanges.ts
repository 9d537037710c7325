// Running speeds set while the pod recorded (setSpeed), replayed between the same two samples as
// on the pod, so the vertical ratio of every window comes out as the pod's.
import { CoreState } from '../../firmware/core/coreState';
import { pipelineProcess, pipelineSetSpeed } from '../../firmware/core/pipeline';

/** the running speed from core's sample index `fromSample` on (gaps count, as on the pod) */
export interface ReplaySpeedChange {
  fromSample: number;
  speedMms: number;
}

/**
 * Feeds core its blocks, cut where a speed change falls inside one, so the speed changes between
 * the same two samples as on the pod (where it changed between two FIFO bursts).
 */
export class SpeedChangeFeed {
  private readonly changes: ReplaySpeedChange[];
  private next = 0;

  constructor(changes: ReplaySpeedChange[] = []) {
    this.changes = changes.slice().sort((a, b) => a.fromSample - b.fromSample);
  }

  /** pipelineProcess of one block, with the changes that fall in it (or in a gap before it) */
  process(state: CoreState, samplesCounts: Int16Array, sampleCount: number): void {
    let done = 0;
    while (this.next < this.changes.length && this.changes[this.next].fromSample < state.sampleIndex + sampleCount - done) {
      const before = Math.max(0, this.changes[this.next].fromSample - state.sampleIndex);
      if (before > 0) {
        pipelineProcess(state, samplesCounts.subarray(done * 6, (done + before) * 6), before);
        done += before;
      }
      pipelineSetSpeed(state, this.changes[this.next++].speedMms);
    }
    if (done < sampleCount) pipelineProcess(state, done === 0 ? samplesCounts : samplesCounts.subarray(done * 6), sampleCount - done);
  }

  /** the changes after the last sample: they still hold for the last, partial window */
  finish(state: CoreState): void {
    for (; this.next < this.changes.length; this.next++) pipelineSetSpeed(state, this.changes[this.next].speedMms);
  }
}
