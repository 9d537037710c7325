// Ctrl-C (SIGINT) or SIGTERM as a promise, for commands that run until a person stops them and
// must then close their files or ports cleanly. After the first signal Node's default returns.

/** resolves on the first SIGINT or SIGTERM, or when `stop` is called */
export function stopSignal(): { stopped: Promise<void>; stop: () => void } {
  let stop = (): void => undefined;
  const stopped = new Promise<void>((resolve) => {
    stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  return { stopped, stop };
}
