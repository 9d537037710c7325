// Date-time stamps with no zone are the logger's local time, and are read as written. Where that
// time moves for daylight saving, they jump while the samples run on: back an hour in autumn (an
// hour of stamps repeats), ahead an hour in spring (an hour of stamps is skipped). Without a zone
// such a jump cannot be told from a clock set back (read as a clock that started again,
// clockRestart.ts) or from an hour with no samples (a gap): it is read as written, never guessed
// away, and the warning says what it may be and how to have it read as one stretch. It looks
// like one where the stamps jump by an hour, less or more the time between two samples, onto the
// first second of a whole hour (the change comes at a whole hour of local time); a change of half
// an hour (Lord Howe Island) is not told.

/** ms in an hour: the step daylight saving makes */
export const HOUR_MS = 3600000;

/** the most a sample period can add to or take from an hour's jump, ms: a rate of 1 Hz and more */
const PERIOD_SLACK_MS = 1000;

/** where the stamp after a jump lies in its hour, ms from the whole hour, from its wall-clock ms */
function msIntoHour(wallClockMs: number): number {
  return ((wallClockMs % HOUR_MS) + HOUR_MS) % HOUR_MS;
}

/**
 * The stamps `beforeMs` then `afterMs` (ms on the file's clock) go back as local time does where
 * summer time ends: by an hour less at most a second, to the first second of a whole hour.
 * `afterWallClockMs`: the after stamp as ms since 1970 of its wall clock (read as if in UTC)
 */
export function looksLikeSummerTimeEnd(beforeMs: number, afterMs: number, afterWallClockMs: number): boolean {
  const back = beforeMs - afterMs;
  return back > HOUR_MS - PERIOD_SLACK_MS && back < HOUR_MS && msIntoHour(afterWallClockMs) < PERIOD_SLACK_MS;
}

/** The stamps go ahead as local time does where summer time starts: by an hour and at most a second more, to the first second of a whole hour. */
export function looksLikeSummerTimeStart(beforeMs: number, afterMs: number, afterWallClockMs: number): boolean {
  const ahead = afterMs - beforeMs;
  return ahead > HOUR_MS && ahead <= HOUR_MS + PERIOD_SLACK_MS && msIntoHour(afterWallClockMs) < PERIOD_SLACK_MS;
}

/** what to do for stamps that are to be read as one stretch across the change */
export const DAYLIGHT_SAVING_REMEDY =
  'write the stamps with their offset (e.g. +02:00, then +01:00 from the change on) or in UTC, or as numbers (t_ms), and they are read as one stretch';
