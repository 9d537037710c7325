// The Espruino objects of a Puck.js v2 (and of the simulator, which stands in for one): its IMU, serial on
// its console pins, the console parked on LoopbackA in run mode, the three LEDs and the button.
//
// Espruino's boards/PUCKJS.py: USART1_TX on D28, USART1_RX on D29 (default console TX D28,
// RX D29, 9600 baud), so an adapter wired for the console (its RX to D28, its TX to D29) also
// carries the frames.
import { DeviceDescription } from './deviceDescription';
import { EspruinoPin, EspruinoSerial } from './espruinoTypes';
import { LSM6DS3TRC_PUCK_DRIVER } from './lsm6ds3trcFifo';
import { DeviceBoard } from './podFirmware';

declare const Serial1: EspruinoSerial;
declare const LoopbackA: EspruinoSerial;
declare const D28: EspruinoPin;
declare const D29: EspruinoPin;
declare const LED1: EspruinoPin;
declare const LED2: EspruinoPin;
declare const LED3: EspruinoPin;
declare const BTN: EspruinoPin;

/** LED1 red for faults, LED2 green for running at a good cadence, LED3 blue otherwise */
export function puckBoardObjects(description: DeviceDescription): DeviceBoard {
  return {
    deviceDescription: description, imu: LSM6DS3TRC_PUCK_DRIVER, serial: Serial1, serialRx: D29, serialTx: D28, consoleSink: LoopbackA,
    ledGood: LED2, ledCalm: LED3, ledError: LED1, button: BTN,
  };
}
