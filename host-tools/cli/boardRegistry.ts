// Boards the host tools know by name (--board): IMU scale, nominal mounting, rates.
import { BoardDescription } from '../../boards/boardTypes';
import { ALL_BOARDS, boardDescriptionByName, boardDescriptionByPodCode } from '../../boards/index';
import { PUCKJS2_BOARD } from '../../boards/puckjs2';

export const BOARDS: BoardDescription[] = ALL_BOARDS;

export const DEFAULT_BOARD_NAME = PUCKJS2_BOARD.name;

export function boardNames(): string[] {
  return BOARDS.map((board) => board.name);
}

/** undefined for a name no board has */
export function boardByName(name: string): BoardDescription | undefined {
  return boardDescriptionByName(name);
}

/** the board a pod names (its reply to setClock); undefined where it names none this tool knows (or is older than firmware 0.16) */
export function boardByPodCode(code: number): BoardDescription | undefined {
  return boardDescriptionByPodCode(code);
}
