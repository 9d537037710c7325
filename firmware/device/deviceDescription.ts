// The fields of a board description the firmware reads (podFirmware: rates, scale, axis map; IMU
// drivers: imuBus). Bundle entries pass this copy rather than the whole description, so terser
// drops the rest (name, IMU part, notes, LED and button tables) from the upload: about 0.7 KB of
// Storage.
import { BoardDescription } from '../../boards/boardTypes';

export type DeviceDescription = Pick<BoardDescription, 'defaultRateHz' | 'supportedRatesHz' | 'scale' | 'axisMap' | 'imuBus' | 'podBoardCode'>;

export function deviceDescription(board: BoardDescription): DeviceDescription {
  return {
    defaultRateHz: board.defaultRateHz,
    supportedRatesHz: board.supportedRatesHz,
    scale: board.scale,
    axisMap: board.axisMap,
    imuBus: board.imuBus,
    podBoardCode: board.podBoardCode,
  };
}
