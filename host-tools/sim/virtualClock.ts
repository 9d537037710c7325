// Virtual time for the pod simulator, in ms: the pod's JavaScript timers with Espruino's rules
// (src/jswrap_interactive.c, src/jsinteractive.c jsiIdle) and the simulator's own hardware
// events (IMU samples, bytes on the wire, BLE link events), both in a deterministic order.
//
// JavaScript code runs in zero virtual time: a timer set at t for d ms is due at t + d.
// Espruino rules mirrored here:
// - ids are 1, 2, 3, ... in creation order (jsiTimerAdd appends to an array).
// - one idle pass runs every due timer in creation order, not in due-time order.
// - an interval is rescheduled from its due time (due += interval), so it never drifts and a
//   late interval catches up on the following passes; a pass that adds or removes a timer
//   restarts its scan, so a lagging interval may run again in that same pass.
// - a delay below 0.1 ms (or NaN) becomes 0.1 ms; more than 100 years throws.
// - clearTimeout()/clearInterval() with no argument clear all timers; with `undefined` they throw;
//   an unknown id is ignored.
// Hardware events at the same time run in the order they were scheduled.

/** TIMER_MIN_INTERVAL in src/jsutils.h */
export const ESPRUINO_MIN_TIMER_MS = 0.1;
/** "Interval is too long (>100 years)" */
export const ESPRUINO_MAX_TIMER_MS = 3153600000000;

export interface PodTimer {
  id: number;
  dueMs: number;
  /** undefined for setTimeout */
  intervalMs: number | undefined;
  callback: unknown;
  args: unknown[];
}

interface HardwareEvent {
  atMs: number;
  order: number;
  run: () => void;
}

/** How the clock reports a misuse to the pod: an Error of the pod's own realm (see PodSimulator). */
export type PodErrorFactory = (message: string, kind?: 'Error' | 'TypeError') => Error;

export const hostErrorFactory: PodErrorFactory = (message, kind) => (kind === 'TypeError' ? new TypeError(message) : new Error(message));

export class VirtualClock {
  nowMs = 0;
  private timers: PodTimer[] = [];
  private nextTimerId = 1;
  private timersChanged = false;
  private hardware: HardwareEvent[] = [];
  private hardwareOrder = 0;

  constructor(private readonly podError: PodErrorFactory = hostErrorFactory) {}

  /** getTime(): float seconds */
  getTimeS(): number {
    return this.nowMs / 1000;
  }

  // ---------- the pod's timers ----------

  setTimer(callback: unknown, delayMs: unknown, args: unknown[], repeat: boolean): number {
    if (typeof callback !== 'function' && typeof callback !== 'string') {
      throw this.podError('Function or String not supplied!');
    }
    let ms = Number(delayMs);
    if (isNaN(ms) || ms < ESPRUINO_MIN_TIMER_MS) ms = ESPRUINO_MIN_TIMER_MS;
    if (ms > ESPRUINO_MAX_TIMER_MS) throw this.podError('Interval is too long (>100 years)');
    const id = this.nextTimerId++;
    this.timers.push({ id, dueMs: this.nowMs + ms, intervalMs: repeat ? ms : undefined, callback, args });
    this.timersChanged = true;
    return id;
  }

  /** clearTimeout/clearInterval with the pod's argument list (`arguments.length` matters) */
  clearTimer(argCount: number, id: unknown, kind: 'Timeout' | 'Interval'): void {
    if (argCount === 0) {
      this.timers = [];
    } else if (id === undefined) {
      throw this.podError(`clear${kind}(undefined) not allowed. Use clear${kind}() instead`);
    } else {
      const index = this.timers.findIndex((t) => t.id === Number(id));
      if (index >= 0) this.timers.splice(index, 1);
    }
    this.timersChanged = true;
  }

  clearAllTimers(): void {
    this.timers = [];
    this.timersChanged = true;
  }

  timerCount(): number {
    return this.timers.length;
  }

  /** earliest due time of a pod timer, or Infinity */
  nextTimerDueMs(): number {
    let due = Infinity;
    for (const t of this.timers) if (t.dueMs < due) due = t.dueMs;
    return due;
  }

  /**
   * One idle pass over the timers (jsiIdle): runs each due timer through `invoke` in creation
   * order, restarting the scan whenever a callback added or removed a timer.
   */
  runDueTimers(invoke: (timer: PodTimer) => void): number {
    let ran = 0;
    do {
      this.timersChanged = false;
      for (let i = 0; i < this.timers.length && !this.timersChanged; i++) {
        const timer = this.timers[i];
        if (timer.dueMs > this.nowMs) continue;
        ran++;
        invoke(timer);
        // the interval is read after the callback, as Espruino does
        const stillThere = this.timers.indexOf(timer);
        if (stillThere < 0) continue;
        if (timer.intervalMs !== undefined) {
          timer.dueMs += timer.intervalMs;
        } else {
          // removing a fired timeout is no change to Espruino: the scan goes on
          this.timers.splice(stillThere, 1);
          if (stillThere <= i) i--;
        }
      }
    } while (this.timersChanged);
    return ran;
  }

  // ---------- hardware events (not visible to the pod as timers) ----------

  schedule(atMs: number, run: () => void): void {
    const event = { atMs: Math.max(atMs, this.nowMs), order: this.hardwareOrder++, run };
    // insertion keeps the list sorted by (time, order); most events are appended at the end
    let i = this.hardware.length;
    while (i > 0 && this.hardware[i - 1].atMs > event.atMs) i--;
    this.hardware.splice(i, 0, event);
  }

  nextHardwareMs(): number {
    return this.hardware.length > 0 ? this.hardware[0].atMs : Infinity;
  }

  /** runs every hardware event due at or before nowMs, including ones they schedule for now */
  runDueHardware(): number {
    let ran = 0;
    while (this.hardware.length > 0 && this.hardware[0].atMs <= this.nowMs) {
      const event = this.hardware.shift() as HardwareEvent;
      event.run();
      ran++;
    }
    return ran;
  }

  /** moves time forward; never backwards */
  advanceTo(ms: number): void {
    if (ms > this.nowMs) this.nowMs = ms;
  }
}
