// Bundle entry of the simulated pod (dist/lumbarpod-sim.min.js): the Puck.js v2 firmware under the
// sim board's name, run by host-tools/sim with stand-ins for the Puck's Espruino objects.
import { SIM_BOARD } from '../../boards/sim';
import { deviceDescription } from './deviceDescription';
import { puckBoardObjects } from './puckBoardObjects';
import { podBoot } from './podFirmware';

podBoot(puckBoardObjects(deviceDescription(SIM_BOARD)));
