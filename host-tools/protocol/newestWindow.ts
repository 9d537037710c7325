// Which window summary a live view shows (the dashboard's window card, the terminal view of
// record and stream): the newest it holds, live or read back from the pod's log after the link was
// down or a summary was lost on the line. The pod logs every window with a step in it, in the
// order it made them, whether a host listens or not, so a read back passes the last live window
// that had a step (the anchor) before any window made after it. A pod stopped by its button while
// the link was down sends nothing live after the reconnect: without this the view kept the last
// window received before the link dropped, however many were read back; and a window lost on the
// line, read back at the stop, took the place of the newer ones received after it.
import { Message, MessageByName } from '../../firmware/protocol/codec';
import { summaryMessageKey } from './logEntries';

type SummaryMessage = MessageByName<'summary'>;

export class NewestWindow {
  /** the last live summary the pod also logged (it held a step) */
  private anchorKey: string | undefined;
  /** the read has passed the anchor, or there is none: what it gives from here on came later */
  private passed = false;
  /** restarts of the pod the session had counted when the card's summary arrived */
  private restartsAtCard = 0;

  /** a summary received live, now on the card */
  live(m: SummaryMessage, restarts: number): void {
    if (m.steps > 0) this.anchorKey = summaryMessageKey(m);
    this.restartsAtCard = restarts;
  }

  /** a read of the log from this session's first entry begins */
  readBegins(): void {
    this.passed = this.anchorKey === undefined;
  }

  /** another pod: nothing of the old one's log orders the new one's */
  forget(): void {
    this.anchorKey = undefined;
  }

  /**
   * A summary of the read (`key`: its summaryMessageKey), in log order: true when it is newer than
   * `card`, so the card shows it.
   * Past the anchor, a window of the card's boot (no restart counted since the card came) that is
   * not later on the pod's clock is one the link dropped before the card's: a card window without
   * a step was never logged, so the read may pass the anchor and then give windows older than it.
   */
  readSummary(m: SummaryMessage, key: string, card: SummaryMessage | undefined, restarts: number): boolean {
    if (key === this.anchorKey) {
      this.passed = true;
      return false;
    }
    if (!this.passed || card === undefined) return this.passed;
    if (key === summaryMessageKey(card)) return false;
    const sameBoot = restarts === this.restartsAtCard;
    if (sameBoot && m.deviceTimeMs <= card.deviceTimeMs) return false;
    this.restartsAtCard = restarts;
    return true;
  }
}

/** true when the read's summaryForm `m` is the second half of the card's summary */
export function formOfCard(m: Message, card: SummaryMessage | undefined): boolean {
  return m.type === 'summaryForm' && card !== undefined && m.index === card.index && m.deviceTimeMs === card.deviceTimeMs;
}
