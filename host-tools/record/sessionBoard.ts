// Which board a session reads the pod's samples with. From firmware 0.16 the pod names the board
// its firmware was built for (the detail of its reply to setClock, which every host sends as a
// session begins), so a recording no longer depends on the user giving --board right: a wrong one
// would read every raw sample with another IMU scale and axis map.
import { BoardDescription } from '../../boards/boardTypes';
import { boardByName, boardByPodCode, DEFAULT_BOARD_NAME } from '../cli/boardRegistry';
import { UserError } from '../cli/userError';

/**
 * The board for the session: the one the user gave (--board), which must read samples as the
 * board the pod names does (same scale and axes: the simulator runs the Puck's firmware under its
 * own name); without one, the pod's; from a pod that names none (firmware before 0.16, or no
 * answer yet: `podBoardCode` 0 or undefined), the given one or the Puck.js v2.
 */
export function sessionBoard(given: BoardDescription | undefined, podBoardCode: number | undefined): BoardDescription {
  const pods = podBoardCode !== undefined && podBoardCode > 0 ? boardByPodCode(podBoardCode) : undefined;
  if (given === undefined) return pods ?? (boardByName(DEFAULT_BOARD_NAME) as BoardDescription);
  if (pods !== undefined && !samplesReadAlike(given, pods)) {
    throw new UserError(`the pod runs the ${pods.name} firmware, whose IMU scale and axes are not the ${given.name}'s: ` +
      `its samples would be read wrong. Leave --board out (the pod says its board) or give --board ${pods.name}`, 2);
  }
  return given;
}

function samplesReadAlike(a: BoardDescription, b: BoardDescription): boolean {
  return JSON.stringify([a.scale, a.axisMap]) === JSON.stringify([b.scale, b.axisMap]);
}
