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
  /** the recording's index of core's sample 0: it counts from 0 again after a restart */
  private zeroIndex = 0;
  /** the last speed set, if any */
  private speedSet: number | undefined;

  constructor(changes: ReplaySpeedChange[] = []) {
    this.changes = changes.slice().sort((a, b) => a.fromSample - b.fromSample);
  }

  /** pipelineProcess of one block, with the changes that fall in it (or in a gap before it) */
  process(state: CoreState, samplesCounts: Int16Array, sampleCount: number): void {
    let done = 0;
    while (this.next < this.changes.length && this.changes[this.next].fromSample - this.zeroIndex < state.sampleIndex + sampleCount - done) {
      const before = Math.max(0, this.changes[this.next].fromSample - this.zeroIndex - state.sampleIndex);
      if (before > 0) {
        pipelineProcess(state, samplesCounts.subarray(done * 6, (done + before) * 6), before);
        done += before;
      }
      this.speedSet = this.changes[this.next++].speedMms;
      pipelineSetSpeed(state, this.speedSet);
    }
    if (done < sampleCount) pipelineProcess(state, done === 0 ? samplesCounts : samplesCounts.subarray(done * 6), sampleCount - done);
  }

  /** the speed in force: the last one set, else `initialMms` */
  speedMms(initialMms: number): number {
    return this.speedSet ?? initialMms;
  }

  /** core starts afresh (the pod restarted), its sample 0 at the recording's index `zeroIndex` */
  restartAt(zeroIndex: number): void {
    this.zeroIndex = zeroIndex;
  }

  /** the changes after the last sample: they still hold for the last, partial window */
  finish(state: CoreState): void {
    for (; this.next < this.changes.length; this.next++) pipelineSetSpeed(state, this.changes[this.next].speedMms);
  }
}
