// Flashing a pod in setup mode (its button held for 3 s from power-on, or rebootToSetup: the
// JavaScript console is on its serial port) with the espruino tools (espruinoSession.ts, in a
// child process). A pod still running its firmware is first asked over the protocol to restart
// into setup mode (restartIntoSetupMode). Then, in one session:
//   0. the pod's other Storage files are copied to the host and Storage erased, so .bootcde is
//      its first file, which no compaction ever moves (storageOrder.ts); they are written back
//      after the upload;
//   1. upload, "Save on Send: direct to flash" (SAVE_ON_SEND=1, load after saving off): the
//      tools send reset(), then the bundle as require("Storage").write(".bootcde", chunk,
//      offset[, size]) lines of 1 KB, pausing after each so a page erase cannot overrun the
//      pod's input buffer. ".bootcde" is the file Espruino runs at every boot, so the firmware
//      survives power cycles and leaves RAM to the firmware (no save() of a RAM image).
//   2. check: the pod reads ".bootcde" back and returns its length and E.CRC32; only when both
//      match what was sent does load() follow (a soft reset that runs ".bootcde": the pod comes
//      up in run mode). A corrupt upload is never started: the pod stays
//      in setup mode and flashing again fixes it.
import { fork } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { setTimeout as sleep } from 'timers/promises';
import { COMMAND_CONFIRM_KEY, REPLY_OK } from '../../firmware/protocol/messageIds';
import { openHangupSafePort } from '../link/hangupSafePort';
import { openPodSerialLink } from '../link/podSerialLink';
import { setClockArgs } from '../protocol/wallClock';
import { BOOT_FILE, checkStored, crc32Of, NO_FIRMWARE_LEFT, storedBytesOf, UPLOAD_CHUNK_BYTES } from './bootUpload';
import { SessionReport, SessionRequest } from './espruinoSession';
import { flashableBoardsOf, notRestartedWords, otherBoardOfRunningPod, stoppedBeforeEraseWords } from './restartedPod';
import { loadStorageCopies } from './storageBackup';
import { PROJECT_ROOT } from '../projectRoot';

// UPLOAD_CHUNK_BYTES: what the tools send per Storage.write line with SAVE_ON_SEND=1
export { BOOT_FILE, crc32Of, UPLOAD_CHUNK_BYTES };
/** the tools wait this long after each Storage.write line (STORAGE_UPLOAD_METHOD 0), ms */
const STORAGE_WRITE_PAUSE_MS = 250;
/** what a session costs besides sending: starting Node and the tools, opening the port, waits, ms */
const SESSION_OVERHEAD_MS = 20000;
/** the pod's other files copied out and written back: the whole of a Puck's 40 KB Storage, read
 * as base64 and written back as escaped text (up to 4 characters a byte), at most */
const STORAGE_COPY_CHARS_MOST = 40960 * (4 / 3 + 4);

/** a pod running its firmware answers a command within this; silence means its console is open */
const RUN_MODE_REPLY_MS = 1500;
/** rebootToSetup's reply, E.reboot 100 ms later, the boot: then the console is there */
const SETUP_RESTART_MS = 2000;
/** time for the load() line to leave before the port closes, ms (as the session gives it) */
const LOAD_SEND_MS = 500;

export class FlashError extends Error {}

/** the session's process ended by Ctrl-C or SIGTERM before its own handlers were there: it had typed nothing on the pod */
class SessionStoppedAtStartError extends FlashError {}

/** what to do with a pod a failed flash may have left in setup mode */
export const LEFT_IN_SETUP_MODE = 'flash again, or turn it off and on to run the firmware it has, if it has one';

/**
 * A pod running its firmware keeps its console closed, so it is asked over the protocol (at the
 * pod's baud rate) to restart into setup mode; resolves true when it did. One that does not
 * answer is taken to be at its console already (setup mode, or Espruino started without the
 * firmware). What it got there at the wrong baud rate is garbage on its input line, which the
 * tools clear with Ctrl-C before they type anything. Once `stopReason` names a stop, the pod is
 * not asked to restart; one asked already is waited for, so that its console is there for load().
 */
async function restartIntoSetupMode(port: string, board: FlashOptions['board'], stopReason: () => string | undefined): Promise<boolean> {
  let link;
  try {
    link = await openPodSerialLink(port, { commandTimeoutMs: RUN_MODE_REPLY_MS });
  } catch (e) {
    return false; // the session says why the port does not open
  }
  let status;
  try {
    // its answer names the board its firmware is for (firmware 0.16 on): another board's firmware
    // is refused here, while the pod still runs its own, not at the console once it is in setup mode
    const clockSet = await link.sendCommand('setClock', setClockArgs(Date.now()));
    const podBoard = board?.espruinoBoard !== undefined ? otherBoardOfRunningPod(clockSet.status, clockSet.detail, board.espruinoBoard) : undefined;
    if (podBoard !== undefined && board !== undefined) {
      const fitting = flashableBoardsOf(podBoard.espruinoBoard).map((b) => `--board ${b.name}`);
      throw new FlashError(`the pod runs the ${podBoard.name} firmware, so it is a ${podBoard.espruinoBoard}, not a ${board.espruinoBoard}, ` +
        `which the ${board.name} firmware is for: give ${fitting.length > 0 ? fitting.join(' or ') : 'its --board'}; nothing was changed`);
    }
    if (stopReason() !== undefined) return false;
    status = (await link.sendCommand('rebootToSetup', { confirm: COMMAND_CONFIRM_KEY })).status;
  } catch (e) {
    if (e instanceof FlashError) throw e;
    return false;
  } finally {
    await link.close();
  }
  if (status !== REPLY_OK) throw new FlashError(notRestartedWords(status, 'flash again'));
  await sleep(SETUP_RESTART_MS);
  return true;
}

/**
 * Has a pod this flash restarted into setup mode run the firmware it ran a moment before: load()
 * on its console (\x10: not echoed), as the session does at a stop before the erase. Resolves
 * false when the port did not open or take the line.
 */
async function runFirmwareAgain(port: string, baud: number): Promise<boolean> {
  let serial;
  try {
    serial = await openHangupSafePort(port, baud);
  } catch (e) {
    return false;
  }
  const open = serial;
  const sent = await new Promise<boolean>((resolve) => {
    open.write('\x10load()\n', 'latin1', (err) => (err ? resolve(false) : open.drain((drainErr) => resolve(!drainErr))));
  });
  await sleep(LOAD_SEND_MS);
  await new Promise<void>((resolve) => (open.isOpen ? open.close(() => resolve()) : resolve()));
  return sent;
}

export interface FlashOptions {
  port: string;
  /** the console's baud rate (Espruino's default on Serial1: 9600) */
  baud: number;
  bundlePath: string;
  /** the board the bundle is for: the pod must say it is one (process.env.BOARD) before anything is erased */
  board?: { name: string; espruinoBoard?: string };
  /** the directory a flash cut short kept the pod's other files in: they go back instead of what the pod holds */
  restoreDir?: string;
  /** progress lines */
  log?: (line: string) => void;
}

export interface FlashResult {
  bytes: number;
  crc32: number;
  chunks: number;
}

/** the bytes that end up in Storage (bootUpload.ts storedBytesOf) */
export function storedBytes(file: Buffer): Buffer {
  return Buffer.from(storedBytesOf(file));
}

/** the first line of a Node error as it prints one: "Error: ...", "TypeError: ...", "Error [ERR_X]: ...", "TSError: ..." */
const ERROR_FIRST_LINE = /^(?:[A-Za-z_$][\w$]*)?(?:Error|Exception)(?: \[[\w]+\])?: /;
/** the most of a crash's words said */
const CRASH_WORDS_MOST = 400;

/**
 * What a crashed process's stderr says went wrong: the error's message (from its name line up to
 * its stack or its properties), else the whole of a short text, not its last line, which for an
 * error with properties is "}".
 */
export function crashWords(stderr: string): string {
  const lines = stderr.split('\n').map((l) => l.trimEnd());
  const at = lines.findIndex((l) => ERROR_FIRST_LINE.test(l));
  let words: string[];
  if (at >= 0) {
    // a plain Error's name says nothing; a TypeError's does
    words = [lines[at].replace(/^Error: /, '')];
    for (let i = at + 1; i < lines.length && !/^\s+at /.test(lines[i]) && !lines[i].startsWith('{'); i++) if (lines[i].trim() !== '') words.push(lines[i].trim());
  } else {
    // the source line and caret Node prints above an error, its stack and its properties' braces
    words = lines.filter((l) => l.trim() !== '' && !/^\s+at /.test(l) && !/^\s*\^+$/.test(l) && !/^[{}]$/.test(l.trim()) && !/^Node\.js v\d/.test(l)).map((l) => l.trim());
  }
  const said = words.join(' ');
  return said.length > CRASH_WORDS_MOST ? said.slice(0, CRASH_WORDS_MOST - 1) + '…' : said;
}

/** runs espruinoSession.ts in a child process (through ts-node, as bin/lumbarpod.js runs us) */
function runSession(request: SessionRequest, timeoutMs: number, log: (line: string) => void): Promise<Extract<SessionReport, { type: 'done' }>> {
  return new Promise((resolve, reject) => {
    const child = fork(path.join(PROJECT_ROOT, 'host-tools', 'flash', 'espruinoSession.ts'), [JSON.stringify(request)], {
      execArgv: ['-r', require.resolve('ts-node/register/transpile-only')],
      // ts-node looks for its tsconfig.json from the working directory, which stays the user's (the
      // paths given are relative to it): elsewhere it would find none, or another project's
      env: { ...process.env, TS_NODE_PROJECT: path.join(PROJECT_ROOT, 'tsconfig.json') },
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    let stderr = '';
    let done: Extract<SessionReport, { type: 'done' }> | undefined;
    // where the pod's other files are while Storage lacks them: said even when the session dies
    let keptDir = '';
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (t: string) => { stderr += t; });
    child.on('message', (r: SessionReport) => {
      if (r.type === 'log') log(r.line);
      else if (r.type === 'kept') keptDir = r.dir;
      else done = r;
    });
    // Ctrl-C must not end lumbarpod before the session has said what it left on the pod: the
    // session stops on it (a terminal's Ctrl-C reaches it too) and reports
    const forward = (signal: NodeJS.Signals): void => {
      if (child.exitCode === null) child.kill(signal);
    };
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    const settled = (): void => {
      clearTimeout(timer);
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
    };
    child.on('error', (err) => {
      settled();
      reject(err);
    });
    child.on('exit', (code, signal) => {
      settled();
      if (done !== undefined) return resolve(done);
      if (keptDir === '' && (signal === 'SIGINT' || signal === 'SIGTERM')) return reject(new SessionStoppedAtStartError(`the espruino tools were stopped (${signal}) as they started`));
      const kept = keptDir !== '' ? `; ${NO_FIRMWARE_LEFT}; the pod's other files are kept in ${keptDir}: flash again with --restore ${keptDir} to put them back` : '';
      const said = crashWords(stderr);
      reject(new FlashError(`the espruino tools stopped without finishing${said !== '' ? `: ${said}` : ' (timed out)'}${kept}`));
    });
  });
}

export async function flashPod(options: FlashOptions): Promise<FlashResult> {
  const log = options.log ?? (() => undefined);
  if (options.port.startsWith('/') && !fs.existsSync(options.port)) throw new FlashError(`${options.port}: no such serial port (lumbarpod ports lists them)`);
  const bytes = storedBytes(fs.readFileSync(options.bundlePath));
  // (lumbarpod flash refuses an empty --bundle before this; a file emptied since, or a caller of its own, gets here)
  if (bytes.length === 0) throw new FlashError(`${options.bundlePath} is empty, no firmware: give the firmware build to flash; nothing was changed`);
  const crc = crc32Of(bytes);
  const chunks = Math.ceil(bytes.length / UPLOAD_CHUNK_BYTES);
  // the upload at the console's rate (10 bits a byte; JSON escapes make the text a little longer)
  const lineMs = (bytes.length * 1.2 * 10 * 1000) / options.baud;
  // a directory that is no backup would otherwise be found out only at the pod's console, with
  // the pod already taken out of its firmware into setup mode
  if (options.restoreDir !== undefined) {
    try {
      loadStorageCopies(options.restoreDir);
    } catch (e) {
      throw new FlashError(`--restore: ${(e as Error).message}; nothing was changed`);
    }
  }
  // Ctrl-C or SIGTERM would end lumbarpod between the restart and the session, the pod left in
  // setup mode without a word: the restart ends first, and the pod runs its firmware again. Heard
  // until the session is over, so that no moment between the two has the signal's default action.
  let stopReason: string | undefined;
  const onStop = (signal: NodeJS.Signals): void => {
    stopReason = stopReason ?? (signal === 'SIGINT' ? 'Ctrl-C' : signal);
  };
  process.on('SIGINT', onStop);
  process.on('SIGTERM', onStop);
  try {
    return await restartAndFlash(options, log, () => stopReason, { bytes, crc, chunks, lineMs });
  } finally {
    process.off('SIGINT', onStop);
    process.off('SIGTERM', onStop);
  }
}

/** flashPod from the restart into setup mode on; `stopReason` names a Ctrl-C or SIGTERM heard meanwhile */
async function restartAndFlash(
  options: FlashOptions, log: (line: string) => void, stopReason: () => string | undefined,
  upload: { bytes: Buffer; crc: number; chunks: number; lineMs: number },
): Promise<FlashResult> {
  const { bytes, crc, chunks, lineMs } = upload;
  const restarted = await restartIntoSetupMode(options.port, options.board, stopReason);
  if (restarted) log('the pod was running its firmware: restarted it into setup mode');
  /** a stop before the session typed anything on the pod: a pod restarted for this flash runs its firmware again */
  const stoppedUntouched = async (reason: string): Promise<FlashError> => {
    const stopped = `flashing on ${options.port} failed: stopped (${reason}) before the pod's Storage was erased; nothing was changed`;
    if (!restarted) return new FlashError(stopped);
    if (await runFirmwareAgain(options.port, options.baud)) return new FlashError(stoppedBeforeEraseWords(stopped, true));
    return new FlashError(`${stopped}; the pod was restarted into setup mode for this flash and may be left there: ${LEFT_IN_SETUP_MODE}`);
  };
  const stopped = stopReason();
  if (stopped !== undefined) throw await stoppedUntouched(stopped);
  log(`flashing ${path.basename(options.bundlePath)} (${bytes.length} bytes, ${chunks} chunks, CRC32 0x${crc.toString(16).padStart(8, '0')}) on ${options.port} at ${options.baud} baud`);
  let result;
  try {
    result = await runSession(
      {
        port: options.port, baud: options.baud, bundlePath: options.bundlePath, bytes: bytes.length, crc32: crc, checkTimeoutS: Math.ceil(lineMs / 1000) + 5,
        ...(options.board?.espruinoBoard !== undefined ? { board: { name: options.board.name, espruinoBoard: options.board.espruinoBoard } } : {}),
        ...(options.restoreDir !== undefined ? { restoreDir: options.restoreDir } : {}),
        ...(restarted ? { restartedIntoSetup: true } : {}),
      },
      2 * lineMs + chunks * STORAGE_WRITE_PAUSE_MS + SESSION_OVERHEAD_MS + (STORAGE_COPY_CHARS_MOST * 10 * 1000) / options.baud,
      log,
    );
  } catch (e) {
    const stoppedAtStart = stopReason();
    if (e instanceof SessionStoppedAtStartError && stoppedAtStart !== undefined) throw await stoppedUntouched(stoppedAtStart);
    // the session did not say how far it got: record and stream would find the pod silent, and
    // say only to check that it runs its firmware
    if (!restarted || !(e instanceof FlashError)) throw e;
    throw new FlashError(`${e.message}; the pod was restarted into setup mode for this flash and may be left there: ${LEFT_IN_SETUP_MODE}`);
  }
  if (result.error !== undefined) throw new FlashError(`flashing on ${options.port} failed: ${result.error}`);
  if (!result.ok) throw new FlashError(checkStored([result.storedBytes, result.storedCrc32], bytes.length, crc).problem as string);
  return { bytes: bytes.length, crc32: crc, chunks };
}
