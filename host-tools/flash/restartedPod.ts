// A pod a flasher takes from its running firmware into setup mode (rebootToSetup), as
// `lumbarpod flash` (flashPod.ts, espruinoSession.ts) and the set-up page (setup.ts,
// setupFlasher.ts) both do; no Node or DOM API here. Before the restart the pod names the board
// its firmware is for (its answer to setClock, firmware 0.16 on): another board's firmware is
// refused then, while the pod still runs its own, not at the console once it is in setup mode.
// After the restart, a flash that stops before it erases anything leaves in Storage the firmware
// the pod ran a moment before, untouched: load() runs it again (the boot used up the set-up
// flag, so it comes up in run mode, as at a power-on). Without it the pod stays in setup mode,
// sampling nothing and answering no host, until it is turned off and on.
import { ALL_BOARDS } from '../../boards/index';
import { BoardDescription } from '../../boards/boardTypes';
import { REPLY_OK, REPLY_STORAGE_FULL } from '../../firmware/protocol/messageIds';

/**
 * The board a running pod's firmware is for, from its answer to setClock (reply status and
 * detail), when that is another Espruino board than `espruinoBoard`; undefined when it is the
 * same one, or the pod does not say (a firmware older than 0.16 answers 0).
 */
export function otherBoardOfRunningPod(replyStatus: number, replyDetail: number, espruinoBoard: string): BoardDescription | undefined {
  if (replyStatus !== REPLY_OK || !(replyDetail > 0)) return undefined;
  const podBoard = ALL_BOARDS.find((b) => b.podBoardCode === replyDetail);
  return podBoard !== undefined && podBoard.espruinoBoard !== espruinoBoard ? podBoard : undefined;
}

/** the boards with a firmware build for a pod that is an `espruinoBoard` (the simulator's is no real pod's) */
export function flashableBoardsOf(espruinoBoard: string | undefined): BoardDescription[] {
  return ALL_BOARDS.filter((b) => b.espruinoBoard === espruinoBoard && b.simulated !== true && b.firmwareBundle !== undefined);
}

/** what the user does next after a flash stopped before the erase, by where the pod is then */
export interface NextStepsBeforeErase {
  /** the pod runs its firmware again */
  running?: string;
  /** the pod is in setup mode still */
  inSetupMode?: string;
}

/**
 * What a flash that stopped before the erase says: `error` (which says that nothing was changed),
 * then whether the pod runs its firmware again, as it does once a flasher that restarted it into
 * setup mode has had it run load() (`loadedAgain`), and what to do from there.
 */
export function stoppedBeforeEraseWords(error: string, loadedAgain: boolean, next: NextStepsBeforeErase = {}): string {
  return loadedAgain ? `${error}, and the pod runs its firmware again${next.running ?? ''}` : error + (next.inSetupMode ?? '');
}

/**
 * A log too large to go back beside the firmware is read out and cleared by the pod's firmware,
 * which runs in run mode only: `readLog` says how, where the flasher's user is
 */
export function logTooLargeNextSteps(readLog: string): NextStepsBeforeErase {
  return { running: `: ${readLog}`, inSetupMode: `: power the pod off and on (it starts its firmware), ${readLog}` };
}

/**
 * Why a running pod did not restart into setup mode on rebootToSetup, from its reply status
 * (undefined when no reply came), and how to get it there by hand, then `next` (flash again,
 * press Connect): the button held from power-on always works, whatever the firmware.
 */
export function notRestartedWords(replyStatus: number | undefined, next: string): string {
  const byButton = `hold its button while it powers up and keep it held for 3 s, then ${next}`;
  if (replyStatus === undefined) return `the pod did not answer the restart into setup mode (out of range?): try again closer, or ${byButton}`;
  if (replyStatus === REPLY_STORAGE_FULL) return `the pod runs its firmware and cannot note setup mode (its Storage is full): ${byButton}`;
  // an older firmware without the command, say
  return `the pod runs its firmware and refused to restart into setup mode (reply status ${replyStatus}): ${byButton}`;
}
