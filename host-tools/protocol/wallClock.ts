// The host's wall clock: setClock's arguments (the pod logs them, a clock entry, so that windows
// it logs with nobody listening get their date back, even after it restarted), and how a date
// is shown to the runner.

/** setClock's arguments for `nowMs`, ms since the epoch */
export function setClockArgs(nowMs: number): { epochS: number; epochMs: number } {
  return { epochS: Math.floor(nowMs / 1000), epochMs: Math.floor(nowMs) % 1000 };
}

/** the local date and time of `ms` (since the epoch) to the minute: 2026-11-26 14:05 */
export function localMinute(ms: number): string {
  const d = new Date(ms);
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}`;
}
