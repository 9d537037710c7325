// MDBT42Q (bare nRF52832 module, Espruino build) with an external LSM6DSO breakout on I2C1: proves
// the board abstraction with a bus the glue sets up itself. Same ranges and sensitivities as puckjs2.
import { BoardDescription } from './boardTypes';
import {
  LSM6DSO_ACC_UG_PER_COUNT_16G,
  LSM6DSO_GYRO_MDPS_PER_COUNT_2000DPS,
  LSM6DSO_I2C_ADDRESS_SA0_LOW,
  LSM6DSO_ODR_RATES_HZ,
  lsm6dsoSetup,
} from './lsm6dso';

export const MDBT42Q_LSM6DSO_BOARD: BoardDescription = {
  name: 'mdbt42q-lsm6dso',
  podBoardCode: 2,
  espruinoBoard: 'MDBT42Q',
  firmwareBundle: 'lumbarpod-mdbt42q',
  imuPart: 'LSM6DSO',
  defaultRateHz: 104,
  supportedRatesHz: LSM6DSO_ODR_RATES_HZ.slice(),
  scale: {
    accUgPerCount: LSM6DSO_ACC_UG_PER_COUNT_16G,
    gyroMdpsPerCount: LSM6DSO_GYRO_MDPS_PER_COUNT_2000DPS,
    accFullScaleCounts: 32767,
    gyroFullScaleCounts: 32767,
  },
  // Mounting: the carrier board stands flat against the lower back, IMU breakout with its x arrow
  // up the spine and y to the runner's left, so z points out of the back (backwards).
  axisMap: { v: 1, ap: -3, ml: 2 },
  imuSetup: lsm6dsoSetup,
  // Wiring choice, not a module constraint: any GPIO can carry TWI on the nRF52; D9/D10 are NFC.
  imuBus: {
    kind: 'i2c',
    i2c: 'I2C1',
    sclPin: 'D14',
    sdaPin: 'D15',
    address: LSM6DSO_I2C_ADDRESS_SA0_LOW,
    bitrateHz: 400000,
    int1Pin: 'D16',
  },
  // Espruino MDBT42Q board file (unverified): LED1 D1, LED2 D2, BTN1 D0 with pull-down.
  leds: [
    { name: 'LED1', pin: 'D1', color: 'red' },
    { name: 'LED2', pin: 'D2', color: 'green' },
  ],
  button: { name: 'BTN1', pin: 'D0', pull: 'down', edge: 'rising', debounceMs: 50 },
  notes: [
    'SA0 tied low gives address 0x6A; tie it high for 0x6B.',
    'FIFO words are tagged (FIFO_DATA_OUT_TAG 0x78 + 6 data bytes): dispatch on TAG_SENSOR, not on position.',
    'ramJsVars and Storage pages not yet measured on this module; fill in before budgeting the log.',
  ],
};
