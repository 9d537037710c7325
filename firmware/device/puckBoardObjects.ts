// The Espruino objects of a Puck.js v2 (and of the simulator, which stands in for one): its IMU, serial on
// D28/D29, the console parked on LoopbackA in run mode, the three LEDs and the button.
import { BoardDescription } from '../../boards/boardTypes';
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
export function puckBoardObjects(description: BoardDescription): DeviceBoard {
  return {
    description: description, imu: LSM6DS3TRC_PUCK_DRIVER, serial: Serial1, serialRx: D28, serialTx: D29, consoleSink: LoopbackA,
    ledGood: LED2, ledCalm: LED3, ledError: LED1, button: BTN,
  };
}
