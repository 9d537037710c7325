// The fields of a board description the firmware reads (podFirmware: rates, scale, axis map; IMU
// drivers: imuBus). Bundle entries pass this copy rather than the whole description, so terser
// drops the rest (notes, LED and button tables) from the upload: about 0.6 KB of Storage.
import { BoardDescription } from '../../boards/boardTypes';

export function deviceDescription(board: BoardDescription): BoardDescription {
  return {
    name: board.name,
    imuPart: board.imuPart,
    defaultRateHz: board.defaultRateHz,
    supportedRatesHz: board.supportedRatesHz,
    scale: board.scale,
    axisMap: board.axisMap,
    imuBus: board.imuBus,
  };
}
