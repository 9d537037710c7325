// Every board by name. ES5 only (runs in firmware builds too): a plain array and a loop.
import { BoardDescription } from './boardTypes';
import { MDBT42Q_LSM6DSO_BOARD } from './mdbt42qLsm6dso';
import { PUCKJS2_BOARD } from './puckjs2';
import { SIM_BOARD } from './sim';

export const ALL_BOARDS: BoardDescription[] = [PUCKJS2_BOARD, MDBT42Q_LSM6DSO_BOARD, SIM_BOARD];

/** the board a pod names (its reply to setClock); undefined for a code no board has, or 0 (firmware before 0.16) */
export function boardDescriptionByPodCode(code: number): BoardDescription | undefined {
  for (let i = 0; i < ALL_BOARDS.length; i++) if (ALL_BOARDS[i].podBoardCode === code) return ALL_BOARDS[i];
  return undefined;
}

/** undefined for a name no board has */
export function boardDescriptionByName(name: string): BoardDescription | undefined {
  for (let i = 0; i < ALL_BOARDS.length; i++) if (ALL_BOARDS[i].name === name) return ALL_BOARDS[i];
  return undefined;
}
