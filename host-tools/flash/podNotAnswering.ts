// What a flasher says when nothing answers at the pod's console, and what to check, in the order a
// first set-up gets it wrong: `lumbarpod flash` on a serial port (espruinoSession.ts) and the
// set-up page on Web Serial or Web Bluetooth (host-tools/web/setup.ts) say the same. No Node or
// DOM API here: the page bundles it.

/** how the console is reached: a serial adapter on the pod's pins, or the Nordic UART over Bluetooth */
export type PodConsoleLink = 'serial' | 'bluetooth';

/** a serial adapter wired for the console: crossed over, the pod's TX on D28 and RX on D29 (Espruino's boards/PUCKJS.py) */
const SERIAL_WIRING = "the adapter's RX to the pod's TX and its TX to the pod's RX, on a Puck.js v2 RX to D28 and TX to D29, GND to GND";
/** let go sooner, the bootloader starts its firmware-update mode instead */
const SETUP_MODE = 'that it is in setup mode (its button held while it powers up and for 3 s after)';

/**
 * The pod did not answer at its console `where` (the port and what came back, as the flasher
 * knows it): nothing is known of it, so nothing is said of its board, only what to check
 */
export function podNotAnsweringWords(where: string, link: PodConsoleLink): string {
  if (link === 'serial') return `the pod is not answering ${where}: check that it has power, its wiring (${SERIAL_WIRING}) and ${SETUP_MODE}; nothing was changed`;
  // a Bluetooth link that came up had a pod with power and in range at its end: what it sends back
  // may still be lost on a weak link
  return `the pod is not answering ${where}, though it connected: check that it is close to this computer (its answers may be lost on the way) and ${SETUP_MODE}; nothing was changed`;
}
