// Reading the pod's summary log back over serial (readLog), for `record` after a reconnect or a
// summary lost on the line, and for `lumbarpod log`: the shared LogReader (chunks joined by
// logOffset, a lost one asked for again, what never comes a gap) driven by the serial link.
import { setTimeout as sleep } from 'timers/promises';
import { Message } from '../../firmware/protocol/codec';
import { REPLY_OK, REPLY_OUT_OF_RANGE } from '../../firmware/protocol/messageIds';
import { PodSerialLink } from '../link/podSerialLink';
import { LogGap, LogReader, LogReadStep } from '../protocol/logReader';
import { LiveRecordingNumber, ReadBackNumbering } from './readBackNumbering';

export { LogGap } from '../protocol/logReader';

/** the pod sends the chunks back to back: this long without one, the rest is not coming */
const LOG_CHUNK_IDLE_MS = 1000;

/**
 * Reads the pod's summary log from `fromOffset` (the session's first entry) and passes on its
 * summaries, marked `fromLog` and stamped with the receive time of the chunk that completed them
 * (as the link stamps that chunk; the gaps too), each with the boot it came from when the pod restarted since, or
 * the recording when one was started anew in the same boot (`boot`, from the session's first):
 * the number `numberOnLiveRecording` gives it (the live link's, from the pod boot the log shows it
 * in, counted from the session's start, and its times), never below what the log itself shows (a
 * new boot or recording in it is numbered past the summary before). The clock
 * entries among them (type clock: a
 * host's wall clock at a pod time). The log keeps every window summary that holds a
 * step, with its seq, so the recording has them all despite the gap (an empty window, all zeros
 * but its place, is sent live only). A stretch that never comes is reported to
 * `onGap`, and decoding goes on at the next whole entry after it. A log shorter than `fromOffset`
 * was cleared since: it is read from its start. Resolves with the log offset
 * the read got to: the log's end, or where it stopped when the link went or the pod refused.
 */
export async function fetchLoggedSummaries(
  link: PodSerialLink, onMessage: (m: Message, receivedMs: number) => void, fromOffset: number, onGap: (gap: LogGap, receivedMs: number) => void,
  numberOnLiveRecording: LiveRecordingNumber = () => undefined,
): Promise<number> {
  const numbering = new ReadBackNumbering(numberOnLiveRecording);
  let ended = '';
  let askFrom = -1;
  let lastChunkMs = Date.now();
  let fromStartAgain = false;
  const reader = new LogReader((from) => { askFrom = from; });
  // each entry is stamped with the receive time of the chunk that completed it, as the link
  // stamps that chunk: the lines of a recording stay in the order of their receive times
  const handle = (step: LogReadStep, receivedMs: number): void => {
    for (const m of step.messages) {
      const boot = numbering.numberOf(m);
      onMessage({ ...m, fromLog: true, ...(boot > 0 ? { boot } : {}) } as unknown as Message, receivedMs);
    }
    for (const gap of step.gaps) onGap(gap, receivedMs);
    ended = step.ended;
  };
  const collect = (m: Message, receivedMs: number): void => {
    if (m.type !== 'logChunk') return;
    lastChunkMs = Date.now();
    handle(reader.chunk(m), receivedMs);
  };
  link.on('message', collect);
  try {
    reader.begin(fromOffset);
    while (ended === '') {
      if (askFrom >= 0) {
        const from = askFrom;
        askFrom = -1;
        const reply = await link.sendCommand('readLog', { fromOffset: from });
        if (reply.status === REPLY_OUT_OF_RANGE && from > 0 && !fromStartAgain) {
          // the log is shorter than where this read began: another host cleared it since, and what
          // the pod logged after that starts at its beginning
          fromStartAgain = true;
          reader.begin(0);
          continue;
        }
        // refused (or gone): the next reconnect tries once more from here
        if (reply.status !== REPLY_OK) break;
        reader.logLengthIs(reply.detail);
        lastChunkMs = Date.now();
      }
      if (ended !== '' || askFrom >= 0) continue;
      if (!link.isOpen) break;
      await sleep(50);
      if (ended === '' && askFrom < 0 && Date.now() - lastChunkMs >= LOG_CHUNK_IDLE_MS) handle(reader.stalled(), Date.now());
    }
  } catch (e) {
    // the link went mid-read: what joined up so far is passed on
  } finally {
    link.off('message', collect);
  }
  return reader.nextOffset;
}
