// The setClock command's arguments: the host's wall clock, which the pod logs (a clock entry) so
// that windows it logs with nobody listening get their date back, even after it restarted.

/** setClock's arguments for `nowMs`, ms since the epoch */
export function setClockArgs(nowMs: number): { epochS: number; epochMs: number } {
  return { epochS: Math.floor(nowMs / 1000), epochMs: Math.floor(nowMs) % 1000 };
}
