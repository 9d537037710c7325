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
 * Feeds one block to core, cut where a speed change falls inside it, so the speed changes between
 * the same two samples as on the pod (where it changed between two FIFO bursts). Returns the
 * index of the next change not yet applied.
 */
export function processWithSpeedChanges(
  state: CoreState, samplesCounts: Int16Array, sampleCount: number, changes: ReplaySpeedChange[], nextChange: number,
): number {
  let done = 0;
  while (nextChange < changes.length && changes[nextChange].fromSample < state.sampleIndex + sampleCount - done) {
    const before = Math.max(0, changes[nextChange].fromSample - state.sampleIndex);
    if (before > 0) {
      pipelineProcess(state, samplesCounts.subarray(done * 6, (done + before) * 6), before);
      done += before;
    }
    pipelineSetSpeed(state, changes[nextChange].speedMms);
    nextChange++;
  }
  if (done < sampleCount) pipelineProcess(state, done === 0 ? samplesCounts : samplesCounts.subarray(done * 6), sampleCount - done);
  return nextChange;
}
