// Bundle entry of the MDBT42Q + LSM6DSO firmware (dist/lumbarpod-mdbt42q.min.js). Runs at load,
// i.e. at every boot when saved as .bootcde.
import { MDBT42Q_LSM6DSO_BOARD } from '../../boards/mdbt42qLsm6dso';
import { deviceDescription } from './deviceDescription';
import { mdbt42qBoardObjects } from './mdbt42qBoardObjects';
import { podBoot } from './podFirmware';

podBoot(mdbt42qBoardObjects(deviceDescription(MDBT42Q_LSM6DSO_BOARD)));
