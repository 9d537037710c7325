// The pod's console in setup mode on a serial adapter (Serial1, D28/D29) runs at Espruino's
// default 9600 baud, while @espruino-tools/uart opens every Web Serial port at 115200 (a fixed
// value in its chooser). The set-up page makes the ports it is given open at the console's rate.

/** Espruino's Serial1 console rate on the Puck.js (its boards/PUCKJS.py, default_console_baudrate) */
export const SETUP_CONSOLE_BAUD = 9600;

export interface OpenablePort {
  open(options: { baudRate: number }): Promise<void>;
}

export interface SerialChooser<P extends OpenablePort> {
  requestPort(options?: unknown): Promise<P>;
}

/**
 * from now on, every port `serial` gives opens at `baudRate`, whatever rate its opener asks for;
 * `opening` hears of each open (the library does not say which of its links it chose)
 */
export function openPortsAtBaud<P extends OpenablePort>(serial: SerialChooser<P>, baudRate: number, opening: () => void = () => undefined): void {
  const request = serial.requestPort.bind(serial);
  serial.requestPort = async (options?: unknown): Promise<P> => {
    const port = await request(options);
    const open = port.open.bind(port);
    port.open = (asked: { baudRate: number }) => {
      opening();
      return open({ ...asked, baudRate });
    };
    return port;
  };
}
