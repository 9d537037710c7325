// What to check when nothing on a serial port answered as a pod: most often another device's
// port, the pod in setup mode (its console answers, in text, not in frames), or the adapter's
// wires crossed. record, stream and log say it alike.

/** the advice after "no reply ..." from `portPath`, on which not one pod frame arrived */
export function notAPodHint(portPath: string): string {
  return `nothing ${portPath} sent was a pod's frame: check it is the pod's port ` +
    '(lumbarpod ports lists them), that the pod runs its firmware (not setup mode), and that the adapter\'s TX goes to its RX';
}
