// Puck.js v2: LSM6DS3TR-C on the internal I2C bus, clipped to the waistband face out,
// USB edge down. Sensitivities from the LSM6DS3TR-C datasheet, table 3 (FS = +-16 g, +-2000 dps).
import { BoardDescription } from './boardTypes';
import {
  LSM6DS3TRC_ACC_UG_PER_COUNT_16G,
  LSM6DS3TRC_GYRO_MDPS_PER_COUNT_2000DPS,
  LSM6DS3TRC_ODR_RATES_HZ,
  lsm6ds3trcSetup,
} from './lsm6ds3trc';

export const PUCKJS2_BOARD: BoardDescription = {
  name: 'puckjs2',
  podBoardCode: 1,
  espruinoBoard: 'PUCKJS',
  firmwareBundle: 'lumbarpod-puckjs2',
  imuPart: 'LSM6DS3TR-C',
  defaultRateHz: 104,
  supportedRatesHz: LSM6DS3TRC_ODR_RATES_HZ.slice(),
  scale: {
    accUgPerCount: LSM6DS3TRC_ACC_UG_PER_COUNT_16G,
    gyroMdpsPerCount: LSM6DS3TRC_GYRO_MDPS_PER_COUNT_2000DPS,
    accFullScaleCounts: 32767,
    gyroFullScaleCounts: 32767,
  },
  // Face out on the lower back: sensor y runs up the spine, z points out of the back
  // (backwards), x to the runner's right.
  axisMap: { v: 2, ap: -3, ml: -1 },
  imuSetup: lsm6ds3trcSetup,
  imuBus: { kind: 'puck' },
  leds: [
    { name: 'LED1', pin: 'D5', color: 'red' },
    { name: 'LED2', pin: 'D4', color: 'green' },
    { name: 'LED3', pin: 'D3', color: 'blue' },
  ],
  button: { name: 'BTN', pin: 'D0', pull: 'down', edge: 'rising', debounceMs: 50 },
  ramJsVars: 2630,
  storagePages: 10,
  storagePageBytes: 4096,
  notes: [
    'Puck.accelOn(hz) rewrites CTRL1_XL (+-4 g), CTRL2_G (+-250 dps), CTRL3_C, CTRL6_C, CTRL7_G and INT1_CTRL: apply imuSetup after it.',
    'The IMU sits on a bit-banged I2C bus: every byte read costs MCU time, so read the FIFO in bursts from FIFO_DATA_OUT_L (0x3E).',
    'The Puck idle loop reads 12 bytes from OUTX_L_G whenever INT1 is high; with INT1 on the FIFO watermark that is one event per burst.',
    'FIFO order per sample is Gx Gy Gz Ax Ay Az; the firmware hands bursts to core as they are (settings.gyroFirst) and streams raw samples in that order.',
  ],
};
