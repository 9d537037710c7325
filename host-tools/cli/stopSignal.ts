// Ctrl-C (SIGINT) or SIGTERM as a promise, for commands that run until a person stops them and
// must then close their files or ports cleanly.
import * as os from 'os';

export interface StopSignal {
  /** resolves on the first SIGINT or SIGTERM, or when `stop` is called */
  stopped: Promise<void>;
  /** with `onQuit`: resolves on the second signal; without, never */
  hurried: Promise<void>;
  stop: () => void;
  /** the first signal received (a `stop` is none): what stopped the command, for its messages */
  firstSignal: () => NodeJS.Signals | undefined;
  /** stops listening: the signals end the process again */
  release: () => void;
  /**
   * the command's work is done (its files closed): a signal from now on is taken and ignored,
   * since the process is exiting on its own, with the command's status
   */
  done: () => void;
}

/**
 * Without `onQuit`, Node's default returns after the first signal, so a second ends the process.
 * With it, a second resolves `hurried`: whoever presses Ctrl-C again mostly finds stopping slow,
 * and still wants the files closed, so the command should skip what it waits for but close them.
 * Only a third calls `onQuit`, which says what is left unfinished, and exits at once with the
 * status a shell gives a process the signal ended (130 for SIGINT).
 */
export function stopSignal(onQuit?: () => void): StopSignal {
  let signals = 0;
  let isDone = false;
  let first: NodeJS.Signals | undefined;
  let resolveStopped = (): void => undefined;
  let resolveHurried = (): void => undefined;
  const stopped = new Promise<void>((resolve) => { resolveStopped = resolve; });
  const hurried = new Promise<void>((resolve) => { resolveHurried = resolve; });
  const release = (): void => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
  /** `signal` undefined: a `stop`, which is always the first */
  const onSignal = (signal?: NodeJS.Signals): void => {
    // Node's default would end a complete command as if cut (130); the listeners keep no process alive
    if (isDone) return;
    signals++;
    if (signals === 1) {
      first = signal;
      resolveStopped();
      if (onQuit === undefined) release();
    } else if (signals === 2) {
      resolveHurried();
    } else if (onQuit !== undefined) {
      onQuit();
      process.exit(128 + os.constants.signals[signal ?? 'SIGINT']);
    }
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    stopped,
    hurried,
    // counts as the first signal, so the next one is the second
    stop: () => {
      if (signals === 0) onSignal();
    },
    firstSignal: () => first,
    release,
    done: () => {
      if (isDone) return;
      isDone = true;
      // once the event loop is empty, Node closes its handles, these listeners' among them, and a
      // signal in the few ms that takes ends the process as Node's default does: exiting here,
      // with nothing left to do, keeps them to the end
      process.once('beforeExit', () => process.exit());
    },
  };
}
