// The Espruino objects of the MDBT42Q board: an external LSM6DSO on I2C1 (pins, address, bitrate
// and INT1 pin from the board description's imuBus), serial on the module's default console
// pins, the console parked on LoopbackA in run mode, two LEDs and the button.
//
// Espruino's boards/MDBT42Q.py: LED1 D1, LED2 D2 (colours as the board description states them),
// BTN1 D0 with pull-down, default console Serial1 with RX D8 and TX D6 at 9600 baud.
import { DeviceDescription } from './deviceDescription';
import { EspruinoPin, EspruinoPinName, EspruinoSerial } from './espruinoTypes';
import { lsm6dsoI2cDriver } from './lsm6dsoI2cFifo';
import { DeviceBoard } from './podFirmware';

declare const Serial1: EspruinoSerial;
declare const LoopbackA: EspruinoSerial;
declare const LED1: EspruinoPin;
declare const LED2: EspruinoPin;
declare const BTN1: EspruinoPin;

/** serial RX and TX: the module's default console pins, so a USB-serial adapter wired for flashing also carries the frames */
export const MDBT42Q_SERIAL_RX_PIN = 'D8';
export const MDBT42Q_SERIAL_TX_PIN = 'D6';

/** a pin by name: Espruino resolves a name string wherever it takes a pin (jshGetPinFromVar) */
function pinNamed(name: EspruinoPinName): EspruinoPin {
  return name as unknown as EspruinoPin;
}

/**
 * Two LEDs for three roles: LED1 (red) for faults; LED2 (green) both for running at a good
 * cadence and for running below it and setup mode (the Puck's blue LED has no counterpart here).
 */
export function mdbt42qBoardObjects(description: DeviceDescription): DeviceBoard {
  return {
    deviceDescription: description, imu: lsm6dsoI2cDriver(description.imuBus),
    serial: Serial1, serialRx: pinNamed(MDBT42Q_SERIAL_RX_PIN), serialTx: pinNamed(MDBT42Q_SERIAL_TX_PIN), consoleSink: LoopbackA,
    ledGood: LED2, ledCalm: LED2, ledError: LED1, button: BTN1,
  };
}
