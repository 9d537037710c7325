// Whether a window summary comes from a recording started after the one of the summary before
// it, in the same boot of the pod (its button, or a host, stopped and started it): its window
// index went back, or the time its recording started, by the pod's clock, moved on by more than
// the send delay and the IMU's clock can account for. The live link (without raw samples, which
// show it first) and the log's read-back count recordings by it alike, so a summary read back is
// placed on the recording that made it.

/** what of a summary (message) the check reads */
export interface SummaryTimes {
  /** the pod's clock when it was sent, ms since its boot (u32) */
  deviceTimeMs: number;
  /** its window's number in its recording, from 0 */
  index: number;
  /** its window's end, ms since its recording's first sample */
  endMs: number;
}

/** a summary goes out at most this long after its window ended: a FIFO burst and the window's own work */
const SENT_AFTER_END_MS = 2000;
/** the window times count samples at the nominal rate; the IMU's clock may run this far off it */
const IMU_RATE_OFF_FRACTION = 0.1;

/** `next` (of the same boot as `last`) is of a recording started after `last`'s */
export function summaryOfNewRecording(last: SummaryTimes, next: SummaryTimes): boolean {
  if (next.index < last.index) return true;
  const elapsedMs = (next.deviceTimeMs - last.deviceTimeMs) >>> 0;
  // how much later next's recording started than last's, by the pod's clock
  const startedLaterMs = elapsedMs - (next.endMs - last.endMs);
  return startedLaterMs > SENT_AFTER_END_MS + IMU_RATE_OFF_FRACTION * elapsedMs;
}
