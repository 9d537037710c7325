// Whether the live values on the dashboard still describe the runner now. They stay on screen
// after the link drops or the runner stops, and a glance should not take them for current.

/** a step this old is the runner's last before stopping: steps come at least every 1.5 s while moving */
export const STEP_STALE_MS = 3000;

/**
 * why the values shown are not current, in words; '' while they are. Both times on a clock that
 * only goes forward (performance.now): a wall clock set back would hide a stop.
 */
export function liveValuesStale(connected: boolean, lastStepAtMs: number | undefined, nowMs: number): string {
  if (lastStepAtMs === undefined) return '';
  if (!connected) return 'the link to the pod is down: these are the last values received';
  const ageMs = nowMs - lastStepAtMs;
  return ageMs > STEP_STALE_MS ? `no step for ${Math.round(ageMs / 1000)} s: these are the last values received` : '';
}
