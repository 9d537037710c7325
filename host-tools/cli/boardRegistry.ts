// Boards the host tools know by name (--board): IMU scale, nominal mounting, rates.
import { BoardDescription } from '../../boards/boardTypes';
import { PUCKJS2_BOARD } from '../../boards/puckjs2';

export const BOARDS: BoardDescription[] = [PUCKJS2_BOARD];

export const DEFAULT_BOARD_NAME = PUCKJS2_BOARD.name;

export function boardNames(): string[] {
  return BOARDS.map((board) => board.name);
}

/** undefined for a name no board has */
export function boardByName(name: string): BoardDescription | undefined {
  return BOARDS.find((board) => board.name === name);
}
