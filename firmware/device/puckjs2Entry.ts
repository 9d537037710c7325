// Bundle entry of the Puck.js v2 firmware (dist/lumbarpod-puckjs2.min.js). Runs at load, i.e. at
// every boot when saved as .bootcde.
import { PUCKJS2_BOARD } from '../../boards/puckjs2';
import { deviceDescription } from './deviceDescription';
import { puckBoardObjects } from './puckBoardObjects';
import { podBoot } from './podFirmware';

podBoot(puckBoardObjects(deviceDescription(PUCKJS2_BOARD)));
