// A logger whose clock starts again mid-file (it rebooted, or two files were joined): its stamps
// go back, to 0 or near it, and go on from there. The samples after it are as good as those
// before; only the time between the two stretches is lost. They are read as a new stretch after a
// gap of unknown length, in which replay starts its detector afresh, so no step, window or
// duration spans the two. A stamp that goes back while the next one goes on from before it is
// no restart but a damaged stamp (or two lines out of order): a bad line.
import { RecordingGap } from './sampleRate';

/**
 * Where the stretch after a restart is placed on the recording's clock: this long after the last
 * sample before it. The real time between is not known. A whole second keeps the stamps on any
 * decimal grid they were rounded to (t_s with 2 decimals: 10 ms), and is past 1.5 periods at any
 * IMU's rate, so the stamps' checks (rounding, batches, rate changes, gaps) take the two stretches
 * apart and see no rate change between them.
 */
export const RESTART_PLACEMENT_MS = 1000;

/** A stamp that went back and the stamps after it went on from it. */
export interface ClockRestart {
  /** index of the first sample after the restart */
  sample: number;
  /** its 1-based line in the file */
  line: number;
  /** the stamps either side, as the file writes them */
  stampBefore: string;
  stampAfter: string;
  /**
   * the stamps have no zone and go back as local time does where summer time ends
   * (daylightSaving.ts): the samples may have run on, which the stamps cannot tell
   */
  summerTimeEnd?: boolean;
}

/**
 * The stamp `restartMs` that went back from `beforeMs` started a new clock when the next one,
 * `nextMs`, goes on from it and stays before `beforeMs`; where the next one is back at or past
 * `beforeMs`, the old clock went on and the stamp was damaged (all in the column's own ms).
 */
export function isClockRestart(beforeMs: number, restartMs: number, nextMs: number): boolean {
  return nextMs > restartMs && nextMs < beforeMs;
}

/**
 * `gaps` with a restart gap at each restart before `sampleCount`: no samples counted as lost (how
 * many is not known), the detector started afresh at the first sample after it (as after a pod's
 * restart, the one before it summarised as at a file's end). The stamps' checks found a gap there
 * (the placement): it is replaced.
 */
export function withClockRestartGaps(gaps: readonly RecordingGap[], restarts: readonly ClockRestart[], timesMs: Float64Array, sampleCount: number): RecordingGap[] {
  const kept = restarts.filter((restart) => restart.sample > 0 && restart.sample < sampleCount);
  const merged = gaps.filter((gap) => !kept.some((restart) => restart.sample === gap.beforeSample));
  for (const restart of kept) {
    merged.push({
      startMs: timesMs[restart.sample - 1],
      endMs: timesMs[restart.sample],
      missingSamples: 0,
      beforeSample: restart.sample,
      restart: { clockZeroMs: timesMs[restart.sample], finished: true },
      cause: 'clockRestart',
    });
  }
  return merged.sort((a, b) => a.beforeSample - b.beforeSample);
}
