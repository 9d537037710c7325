// The pod's clock in message headers: ms since it booted, u32, wrapping after 49.7 days. It goes
// back only when the pod restarted. No Node API here: the dashboard's session uses it too.

const HALF_CLOCK = 0x80000000;

/** whether pod time `nowMs` came before `lastMs`, across the wrap at 2^32: the pod restarted between them */
export function podClockWentBack(lastMs: number, nowMs: number): boolean {
  return ((nowMs - lastMs) >>> 0) >= HALF_CLOCK;
}
