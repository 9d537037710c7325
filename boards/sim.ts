// The simulated pod: the puckjs2 IMU, scale, mounting and budgets, so a recording replays the same
// on the simulator as on a Puck. The simulator provides the Espruino stand-ins (Puck, NRF, Storage).
import { BoardDescription } from './boardTypes';
import { PUCKJS2_BOARD } from './puckjs2';

export const SIM_BOARD: BoardDescription = {
  name: 'sim',
  podBoardCode: 3,
  // its console answers as a Puck's does
  espruinoBoard: PUCKJS2_BOARD.espruinoBoard,
  firmwareBundle: 'lumbarpod-sim',
  imuPart: PUCKJS2_BOARD.imuPart,
  defaultRateHz: PUCKJS2_BOARD.defaultRateHz,
  supportedRatesHz: PUCKJS2_BOARD.supportedRatesHz.slice(),
  scale: PUCKJS2_BOARD.scale,
  axisMap: PUCKJS2_BOARD.axisMap,
  imuSetup: PUCKJS2_BOARD.imuSetup,
  imuBus: PUCKJS2_BOARD.imuBus,
  leds: PUCKJS2_BOARD.leds,
  button: PUCKJS2_BOARD.button,
  ramJsVars: PUCKJS2_BOARD.ramJsVars,
  storagePages: PUCKJS2_BOARD.storagePages,
  storagePageBytes: PUCKJS2_BOARD.storagePageBytes,
  simulated: true,
  notes: ['Espruino stand-ins come from the pod simulator (host-tools/sim/), not from hardware: the LSM6DS3TR-C is a register-level model fed a recording or a synthetic run.'],
};
