// The header's words while the page reconnects to a pod: what happened, that the page keeps
// trying, when, and what the runner can do. The browser's error (a DOMException's name and
// message) says nothing to a runner: it stays in the header's tooltip and the event list.

/** what a runner can do about a pod the phone does not reach */
const RECONNECT_ADVICE = 'Bring the phone closer and check that the pod is on.';

/**
 * The reconnect in words. `attempt` from 1; `nextInMs`: how long until it starts, undefined (or 0
 * and less) once it is under way. Seconds rounded up: "in 1 s" until it starts; a no-break space
 * keeps them beside their unit on a narrow screen.
 */
export function reconnectWords(attempt: number, nextInMs: number | undefined): string {
  const lost = 'Lost the link to the pod: it may be out of range or switched off.';
  const when = nextInMs !== undefined && nextInMs > 0
    ? `Trying again in ${Math.ceil(nextInMs / 1000)}\u00a0s, and on until it answers.`
    : `Trying to reach it now (try ${attempt}), and on until it answers.`;
  return `${lost} ${when} ${RECONNECT_ADVICE}`;
}
