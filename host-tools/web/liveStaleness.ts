// Whether the live values on the dashboard still describe the runner now. They stay on screen
// after the link drops or the runner stops, and a glance should not take them for current. A
// pod that is not recording sends no step at all: the runner is told how to start it, rather
// than left watching dashes (or the last run's numbers) with nothing saying why.

/** a step this old is the runner's last before stopping: steps come at least every 1.5 s while moving */
export const STEP_STALE_MS = 3000;

/**
 * why the values shown are not current, in words; '' while they are. Both times on a clock that
 * only goes forward (performance.now): a wall clock set back would hide a stop. `podRecording`
 * false: the pod's last status said it was not recording, and no step or window came since.
 */
export function liveValuesStale(connected: boolean, lastStepAtMs: number | undefined, nowMs: number, podRecording = true): string {
  if (connected && !podRecording) {
    return lastStepAtMs === undefined
      ? 'the pod is not recording: press its button to start a recording'
      : 'the pod stopped recording (its button): these are the last values received; press its button to start a new recording';
  }
  if (lastStepAtMs === undefined) return '';
  if (!connected) return 'the link to the pod is down: these are the last values received';
  const ageMs = nowMs - lastStepAtMs;
  return ageMs > STEP_STALE_MS ? `no step for ${Math.round(ageMs / 1000)} s: these are the last values received` : '';
}
