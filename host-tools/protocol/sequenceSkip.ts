// How far a message's seq (u16 per link and type, wrapping) moved on from the last of its type.
// The pod uses up a seq for every message it makes while no host listens, so a host away for long
// may see it jump by half the seq space or more. No Node API here: the dashboard's session uses it too.

const HALF_SEQ = 0x8000;
const HALF_CLOCK = 0x80000000;
/** no message type comes faster than one a millisecond: more messages skipped in less pod time is not a skip */
const MIN_MS_PER_MESSAGE = 1;

/**
 * Messages of one type lost between the last one (`lastSeq`, made at `lastDeviceTimeMs`) and this
 * one, or -1 when this one repeats or comes from before the last (a duplicate). A seq half the
 * seq space or more ahead reads as older, unless the pod's clock went on by at least a
 * millisecond per message skipped: then the host was away for long and they are lost. The clock
 * going back (a restart) is for the caller to check first.
 */
export function messagesSkipped(lastSeq: number, lastDeviceTimeMs: number, seq: number, deviceTimeMs: number): number {
  const skipped = (seq - lastSeq - 1) & 0xffff;
  if (skipped < HALF_SEQ - 1) return skipped;
  if (skipped === 0xffff) return -1;
  const elapsedMs = (deviceTimeMs - lastDeviceTimeMs) >>> 0;
  return elapsedMs < HALF_CLOCK && elapsedMs >= skipped * MIN_MS_PER_MESSAGE ? skipped : -1;
}
