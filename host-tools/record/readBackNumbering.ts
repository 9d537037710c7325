// Which recording of the session each entry read back from the pod's log is of, numbered as the
// lines of the recording number them (`boot`: 0 for the session's first, +1 for every restart of
// the pod or recording it started anew). The live link's numbers come first (it counted the
// recordings that logged nothing too); where it has not seen a recording yet (its first batch may
// come after the read), the log's own boundaries say: a new boot (the pod's clock going back, or
// the log's mark of a boot's first window) or a recording started anew (summaryOfNewRecording).
import { Message } from '../../firmware/protocol/codec';
import { LoggedAfterRestart } from '../protocol/logEntries';
import { summaryOfNewRecording, SummaryTimes } from '../protocol/summaryOfNewRecording';

/** the live link's number for a summary of the `podBoot`-th boot since the session's start (undefined: none seen) */
export type LiveRecordingNumber = (podBoot: number, summary: SummaryTimes) => number | undefined;

export class ReadBackNumbering {
  private podBoot = 0;
  /** the number the last summary was given: its summaryForm (and a clock entry after it) go with it */
  private placed = 0;
  /** the log shows a new boot or recording since that summary */
  private boundary = false;
  private lastTimeMs = -1;
  private lastSummary: SummaryTimes | undefined;

  constructor(private readonly liveNumber: LiveRecordingNumber = () => undefined) {}

  /** the number of the recording the entry `m`, next in log order, is of */
  numberOf(m: Message): number {
    if (m.deviceTimeMs < this.lastTimeMs || (m as LoggedAfterRestart).podRestarted === true) {
      this.podBoot++;
      this.boundary = true;
      this.lastSummary = undefined;
    } else if (m.type === 'summary' && this.lastSummary !== undefined && summaryOfNewRecording(this.lastSummary, m)) {
      this.boundary = true;
    }
    this.lastTimeMs = m.deviceTimeMs;
    if (m.type === 'summary') {
      this.lastSummary = m;
      // recordings follow one another in the log: one it shows beginning is past the last
      const least = this.boundary ? this.placed + 1 : this.placed;
      this.placed = Math.max(this.liveNumber(this.podBoot, m) ?? least, least);
      this.boundary = false;
    }
    return this.placed;
  }
}
