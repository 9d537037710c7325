// Puck.js v2: LSM6DS3TR-C on the internal I2C bus, clipped to the waistband face out,
// USB edge down. Sensitivities from the LSM6DS3TR-C datasheet, table 3 (FS = +-16 g, +-2000 dps).
import { BoardDescription } from './boardTypes';

export const PUCKJS2_BOARD: BoardDescription = {
  name: 'puckjs2',
  imuPart: 'LSM6DS3TR-C',
  defaultRateHz: 104,
  supportedRatesHz: [52, 104, 208],
  scale: {
    accUgPerCount: 488,
    gyroMdpsPerCount: 70,
    accFullScaleCounts: 32767,
    gyroFullScaleCounts: 32767,
  },
  // Face out on the lower back: sensor y runs up the spine, z points out of the back
  // (backwards), x to the runner's right.
  axisMap: { v: 2, ap: -3, ml: -1 },
};
