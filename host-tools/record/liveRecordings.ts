// The recordings of a session as the live link numbered them, each with the pod boot it ran in and
// when it started by the pod's clock, so a summary read back from the pod's log goes on the
// recording that made it. Counting recordings in the log does not give the live numbers: a
// recording that logged nothing (its only window held no step, or a boot's stretch at another
// rate) is one live and none in the log, and two recordings started within the send delay of a
// summary look like one there.
import { Message } from '../../firmware/protocol/codec';
import { SummaryTimes } from '../protocol/summaryOfNewRecording';

interface LiveRecording {
  /** its number in the session's lines (their `boot`) */
  number: number;
  /** pod boots since the session's start */
  podBoot: number;
  /** when it started by the pod's clock (ms since the boot), once a message of it told */
  startMs?: number;
  /** the pod's clock at its last message heard live */
  lastMs: number;
}

export class LiveRecordings {
  private podBoot = 0;
  private readonly recordings: LiveRecording[] = [];

  /** the pod restarted: the next messages are its new boot's (a new recording in the same boot shows by its number) */
  podRestarted(): void {
    this.podBoot++;
  }

  /**
   * A message of recording `number` came live. `startedMs`: when a raw batch's recording started
   * by its samples at the recording's rate (undefined while that rate is unknown); a summary
   * tells it by its window's end.
   */
  heard(number: number, m: Message, startedMs?: number): void {
    let recording = this.recordings[this.recordings.length - 1];
    if (recording === undefined || recording.number !== number) {
      recording = { number, podBoot: this.podBoot, lastMs: m.deviceTimeMs };
      this.recordings.push(recording);
    }
    if (recording.startMs === undefined) {
      const estimateMs = m.type === 'summary' ? m.deviceTimeMs - m.endMs : startedMs;
      // it started after the last message of the one before it in the same boot: an estimate
      // from a late message, counted at a nominal rate the IMU's clock is off, can fall before that
      const before = this.recordings[this.recordings.length - 2];
      if (estimateMs !== undefined) recording.startMs = before !== undefined && before.podBoot === recording.podBoot ? Math.max(estimateMs, before.lastMs) : estimateMs;
    }
    recording.lastMs = m.deviceTimeMs;
  }

  /**
   * The number of the recording a summary read back from the log is of, in the `podBoot`-th boot
   * since the session's start as the log shows them: the last recording of that boot heard live
   * that had started when the summary was sent (the pod sends a recording's last summary when it
   * stops, before another can start). Undefined where no recording of that boot was heard live
   * with its start known.
   */
  numberOf(podBoot: number, summary: SummaryTimes): number | undefined {
    let number: number | undefined;
    for (const recording of this.recordings) {
      if (recording.podBoot === podBoot && recording.startMs !== undefined && recording.startMs <= summary.deviceTimeMs) number = recording.number;
    }
    return number;
  }
}
