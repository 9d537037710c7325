// One flashing session with the `espruino` npm package (EspruinoTools, used as a library), run in a
// child process of its own: the library loads its plugins into globals (global.Espruino, $,
// require, es6-shim), which must stay out of lumbarpod's process. flashPod.ts starts it and
// reads its reports over IPC.
//
// The tools' own CLI cannot be used as is: it opens only ports its port scan lists (serialport's
// list, i.e. udevadm on Linux), so not /dev/serial/by-id links, ports on machines without udev,
// or the simulator's pseudo-terminal. Here the scan is one device: the port we were given,
// opened with serialport. Offline: the board facts the tools would download from espruino.com
// are set (firmware >= 1v96, so code goes to Storage; Storage built in, so require("Storage") is
// not fetched as a module), and BLE, the online compiler and module URLs are off.
import { SerialPort } from 'serialport';
import { serialOpenProblem } from '../link/serialOpenProblem';
import { BOOT_FILE, bundleText, CHECK_EXPRESSION, NO_FIRMWARE_LEFT } from './bootUpload';
import { podNotAnsweringWords } from './podNotAnswering';
import { flashableBoardsOf, logTooLargeNextSteps, NextStepsBeforeErase, stoppedBeforeEraseWords } from './restartedPod';
import { loadStorageCopies, removeStorageCopies, saveStorageCopies } from './storageBackup';
import { bootFileLeftOutLine, fitCopiesOnPod, LogTooLargeError, STORAGE_ERASE_ALL_EXPRESSION, StoredFileCopy, storageCopies, storageRestoreLines } from './storageOrder';

export { BOOT_FILE, CHECK_EXPRESSION };
/** Espruino firmware we tell the tools the pod has: new enough for Storage uploads (>= 1v96) */
export const ESPRUINO_VERSION = '2v29';
/** how long one expression of the Storage copy may take to be answered, s (a 1 KB line at 9600 baud is about 1.2 s) */
const EXPRESSION_TIMEOUT_S = 5;
/** the tools' write block, bytes: they call back only writes longer than this (core/serial.js) */
const TOOLS_WRITE_BLOCK_BYTES = 512;
/** time for the load() line to leave before the port closes, ms */
const LOAD_SEND_MS = 500;

export interface SessionRequest {
  port: string;
  baud: number;
  bundlePath: string;
  /** what Storage must hold afterwards */
  bytes: number;
  crc32: number;
  /** how long the check may wait for the pod to work through the upload, s */
  checkTimeoutS: number;
  /** the board the bundle is for, and the process.env.BOARD such a pod answers */
  board?: { name: string; espruinoBoard: string };
  /** a directory a flash cut short kept the pod's other files in: these go back instead of what the pod holds now */
  restoreDir?: string;
  /** this flash restarted the pod from its firmware into setup mode (rebootToSetup), so its Storage held firmware that ran */
  restartedIntoSetup?: boolean;
}

export type SessionReport =
  | { type: 'log'; line: string }
  /** where the pod's other files are kept while Storage does not hold them ('' once they are back) */
  | { type: 'kept'; dir: string }
  | { type: 'done'; ok: boolean; storedBytes: number; storedCrc32: number; error?: string };

/* The tools' globals and callbacks, as far as this file calls them (no types ship with them). */
interface EspruinoDevice {
  name: string;
  getPorts(callback: (ports: { path: string; description: string }[], instantPorts: boolean) => void): void;
  open(path: string, openCallback: (info: unknown) => void, receiveCallback: (data: ArrayBuffer) => void, disconnectCallback: () => void): void;
  write(data: string, callback: () => void): void;
  close(): void;
}

interface EspruinoTools {
  Config: Record<string, unknown>;
  callProcessor(name: string, data: unknown, callback: (result: string) => void): void;
  Core: {
    Env: { getData(): Record<string, unknown>; setFirmwareVersion(v: string): void };
    Serial: {
      devices: EspruinoDevice[];
      open(port: string, connected: (status: unknown) => void, disconnected: () => void): void;
      startListening(callback: (data: ArrayBuffer) => void): unknown;
      write(data: string, showStatus: boolean | undefined, callback?: () => void): void;
      close(): void;
    };
    CodeWriter: { writeToEspruino(code: string, callback: () => void): void };
    Utils: { executeExpression(expr: string, callback: (result: string | undefined) => void, options: { minTimeout: number; maxTimeout: number }): void };
    Notifications: Record<string, (text: string) => void>;
  };
}

/** the one port the tools may open: `portPath`, through serialport; why it did not open goes to `openFailed` */
function pathDevice(portPath: string, baud: number, problems: string[], openFailed: (reason: string) => void): EspruinoDevice {
  let port: SerialPort | undefined;
  return {
    name: 'lumbarpod serial port',
    getPorts: (callback) => callback([{ path: portPath, description: 'the port given to lumbarpod flash' }], true),
    open: (path, openCallback, receiveCallback, disconnectCallback) => {
      const p = new SerialPort({ path, baudRate: baud, autoOpen: false });
      port = p;
      p.on('data', (data: Buffer) => receiveCallback(Uint8Array.from(data).buffer));
      p.on('close', () => disconnectCallback());
      p.on('error', (err: Error) => problems.push(err.message));
      p.open((err) => {
        if (err) {
          openFailed(serialOpenProblem(err.message));
          openCallback(undefined);
        } else openCallback({ portName: path });
      });
    },
    write: (data, callback) => {
      if (port === undefined || !port.isOpen) return callback();
      port.write(Buffer.from(data, 'latin1'), () => callback());
    },
    close: () => {
      if (port !== undefined && port.isOpen) port.close();
    },
  };
}

/** a console where nothing answers: what to check (the set-up page says the same) */
export function notAnswering(request: Pick<SessionRequest, 'port' | 'baud'>): string {
  return podNotAnsweringWords(`on ${request.port} (nothing came back at ${request.baud} baud)`, 'serial');
}

/** ends a session on Ctrl-C or SIGTERM: the pod's state and the kept files are said, not lost with the process */
export interface SessionStop {
  stop(reason: string): void;
}

function runSession(request: SessionRequest, report: (r: SessionReport) => void): SessionStop {
  const problems: string[] = [];
  const quiet = (): void => undefined;
  // the tools talk a lot on console.log; errors and warnings are what a person needs
  if (!process.env.LUMBARPOD_DEBUG) {
    console.log = quiet;
    console.info = quiet;
    console.warn = (...args: unknown[]) => problems.push(args.map(String).join(' '));
    console.error = (...args: unknown[]) => problems.push(args.map(String).join(' '));
  }
  const fs = require('fs') as typeof import('fs');
  const code = bundleText(fs.readFileSync(request.bundlePath));
  // the pod's other files on the host while Storage does not hold them (storageBackup.ts)
  let backupDir = '';
  /** how far the pod's Storage got: a flash cut short says what it left */
  let phase: 'untouched' | 'erased' | 'uploaded' | 'written' = 'untouched';
  let finished = false;
  let closeSerial = (): void => undefined;
  /** ends the session before the erase as a failure there does (failUntouched), once the port is open */
  let stopUntouched: ((error: string) => void) | undefined;
  /** a stop that came while the tools started or the port opened, on a pod this flash restarted: load() needs the port */
  let stopWhenOpen: string | undefined;
  // with its other files kept, the way back is the flash with --restore that fail() names
  const noFirmwareLeft = (): string => NO_FIRMWARE_LEFT + (backupDir === '' ? ': flash it again' : '');
  /** when a session that ends early stopped, and what that left on the pod */
  const leftOnPod = (): string => ({
    untouched: 'before the pod\'s Storage was erased; nothing was changed',
    erased: `during the upload; ${noFirmwareLeft()}`,
    // the pod's files not all back: flashing again (with the kept ones) puts them and the firmware right
    uploaded: `after the firmware was sent, while the pod's other files were written back; the firmware was not checked or started${backupDir === '' ? ': flash it again' : ''}`,
    // written whole but not checked: the pod would boot it at its next power-on
    written: 'before the pod had checked the firmware, which was not started: flash it again',
  })[phase];
  const fail = (error: string): void => {
    const kept = backupDir !== '' ? `; the pod's other files are kept in ${backupDir}: flash again with --restore ${backupDir} to put them back` : '';
    report({ type: 'done', ok: false, storedBytes: -1, storedCrc32: 0, error: (problems.length > 0 ? `${error} (${problems[problems.length - 1]})` : error) + kept });
  };
  const espruino = require('espruino') as { init(callback: () => void): void };
  espruino.init(() => {
    const Espruino = (global as unknown as { Espruino: EspruinoTools }).Espruino;
    Espruino.Core.Notifications = { success: quiet, info: quiet, warning: (t) => problems.push(t), error: (t) => problems.push(t) };
    Object.assign(Espruino.Config, {
      BAUD_RATE: request.baud,
      // the tools leave /dev/ttyS* out of their port scan by default, where a pod on a built-in
      // UART (a Raspberry Pi's) is: the port given is the one to open
      SERIAL_IGNORE: '',
      BLUETOOTH_LOW_ENERGY: false,
      BLUETOOTH_LOW_ENERGY_DBUS: false,
      ENV_ON_CONNECT: false,
      SET_TIME_ON_WRITE: false,
      COMPILATION: false,
      MODULE_URL: '',
      MINIFICATION_LEVEL: '',
      PRETOKENISE: 0,
      // the wire paces a 9600 baud console; 19-byte writes ("slow write") only slow the host down
      SERIAL_THROTTLE_SEND: 2,
      RESET_BEFORE_SEND: true,
      // "Direct to Flash (execute code at boot)": .bootcde in Storage, 1 KB chunks, a pause after each
      SAVE_ON_SEND: 1,
      LOAD_STORAGE_FILE: 0,
    });
    const env = Espruino.Core.Env.getData();
    env.info = { builtin_modules: ['Storage'], binary_version: ESPRUINO_VERSION };
    Espruino.Core.Env.setFirmwareVersion(ESPRUINO_VERSION);
    Espruino.Core.Serial.devices.length = 0;
    // the tools say only "Unable to open device" after it: serialport's reason is the one to give
    let openProblem = '';
    Espruino.Core.Serial.devices.push(pathDevice(request.port, request.baud, problems, (reason) => { openProblem = reason; }));
    // The tools call a write's callback only for a write longer than a block (512 bytes) when it
    // shows progress, yet executeExpression starts its wait for the answer in that callback: an
    // expression the pod never answers (no pod on the port, its TX and RX swapped) waited for
    // ever. Such a write's callback is called here once its bytes are on the wire.
    const toolsWrite = Espruino.Core.Serial.write;
    Espruino.Core.Serial.write = (data, showStatus, callback) => {
      toolsWrite(data, showStatus, callback);
      const toolsCallBack = (showStatus ?? true) && data.length > TOOLS_WRITE_BLOCK_BYTES;
      if (callback !== undefined && !toolsCallBack) setTimeout(callback, Math.ceil((data.length * 10 * 1000) / request.baud));
    };
    Espruino.Core.Serial.startListening(() => undefined);
    closeSerial = () => Espruino.Core.Serial.close();
    // one expression on the pod's console, its answer parsed (undefined when none came)
    const evaluate = (expression: string): Promise<unknown> => new Promise((resolve) => {
      Espruino.Core.Utils.executeExpression(expression, (result) => {
        try {
          resolve(result === undefined ? undefined : JSON.parse(result));
        } catch (e) {
          resolve(undefined);
        }
      }, { minTimeout: EXPRESSION_TIMEOUT_S, maxTimeout: EXPRESSION_TIMEOUT_S + 10 });
    });
    /**
     * Ends the session at a failure before the erase. A pod this flash restarted into setup mode
     * has in Storage the firmware it ran a moment before, untouched: load() runs it again (its
     * boot used up the set-up flag, so it comes up in run mode, as at a power-on), where it would
     * otherwise stay in setup mode, sampling nothing and answering no record or stream, until
     * turned off and on (restartedPod.ts). `next` says what to do then in either case.
     */
    const failUntouched = (error: string, next: NextStepsBeforeErase = {}): void => {
      finished = true;
      if (request.restartedIntoSetup !== true) {
        Espruino.Core.Serial.close();
        return fail(stoppedBeforeEraseWords(error, false, next));
      }
      Espruino.Core.Serial.write('\x10load()\n', false, () => undefined);
      setTimeout(() => {
        Espruino.Core.Serial.close();
        fail(stoppedBeforeEraseWords(error, true, next));
      }, LOAD_SEND_MS);
    };
    const upload = (copies: StoredFileCopy[]): void => {
      report({ type: 'log', line: `uploading ${request.bytes} bytes to ${BOOT_FILE}` });
      Espruino.callProcessor('transformForEspruino', code, (sent) => {
        Espruino.Core.CodeWriter.writeToEspruino(sent, () => void (async () => {
          if (finished) return;
          phase = 'uploaded';
          const restore = storageRestoreLines(copies);
          for (let i = 0; i < restore.length; i++) {
            if ((await evaluate(restore[i])) !== true) {
              finished = true;
              Espruino.Core.Serial.close();
              return fail(`writing back the pod's files, line ${i + 1} of ${restore.length}, failed; not started, flash again`);
            }
          }
          if (restore.length > 0) report({ type: 'log', line: `the pod's ${copies.length} other file${copies.length === 1 ? '' : 's'} written back` });
          phase = 'written';
          removeStorageCopies(backupDir);
          backupDir = '';
          report({ type: 'kept', dir: '' });
          report({ type: 'log', line: `checking ${BOOT_FILE} on the pod` });
          Espruino.Core.Utils.executeExpression(CHECK_EXPRESSION, (result) => {
            // stopped meanwhile: the stop has said so, and load() must not follow
            if (finished) return;
            let stored: [number, number] | undefined;
            try {
              stored = result === undefined ? undefined : (JSON.parse(result) as [number, number]);
            } catch (e) {
              stored = undefined;
            }
            if (stored === undefined) {
              finished = true;
              Espruino.Core.Serial.close();
              return fail('the pod did not answer the check (is it in setup mode, its button held for 3 s from power-on?)');
            }
            const ok = stored[0] === request.bytes && stored[1] === request.crc32;
            // the outcome is the check's now: a signal during load() must not say otherwise
            finished = true;
            const done = (): void => {
              report({ type: 'done', ok, storedBytes: stored ? stored[0] : -1, storedCrc32: stored ? stored[1] : 0 });
              Espruino.Core.Serial.close();
            };
            // load(): a soft reset that runs .bootcde, the firmware's run mode
            if (!ok) return done();
            // (the tools call a write's callback only for writes long enough to show progress)
            Espruino.Core.Serial.write('\x10load()\n', false, () => undefined);
            setTimeout(done, LOAD_SEND_MS);
          }, { minTimeout: request.checkTimeoutS, maxTimeout: request.checkTimeoutS + 30 });
        })());
      });
    };

    Espruino.Core.Serial.open(request.port, (status) => {
      if (status === undefined) {
        if (openProblem === '') return fail(`cannot open ${request.port}`);
        return report({ type: 'done', ok: false, storedBytes: -1, storedCrc32: 0, error: `cannot open ${request.port}: ${openProblem}; nothing was changed` });
      }
      stopUntouched = (error) => failUntouched(error);
      if (stopWhenOpen !== undefined) return failUntouched(stopWhenOpen);
      void (async () => {
        // a bundle for another board would pass its check and fail at boot: asked before anything changes
        if (request.board !== undefined) {
          const espruinoBoard = await evaluate('process.env.BOARD');
          if (espruinoBoard !== request.board.espruinoBoard) {
            // nothing came back: nothing is known of the board, and the tools' own words (what they
            // got instead of an answer) say nothing a person can act on
            if (typeof espruinoBoard !== 'string') {
              finished = true;
              Espruino.Core.Serial.close();
              return report({ type: 'done', ok: false, storedBytes: -1, storedCrc32: 0, error: notAnswering(request) });
            }
            // the boards whose firmware is for what the pod says it is (the simulator's is no real pod's)
            const fitting = flashableBoardsOf(espruinoBoard).map((b) => `--board ${b.name}`);
            const advice = fitting.length > 0 ? `give ${fitting.join(' or ')}` : `no firmware here is for a ${espruinoBoard}`;
            return failUntouched(`the pod is a ${espruinoBoard}, not a ${request.board.espruinoBoard}, which the ${request.board.name} firmware is for: ${advice}; nothing was changed`);
          }
        }
        // the pod's other files are copied here and Storage erased, so .bootcde is its first file (storageOrder.ts)
        let copies: StoredFileCopy[];
        try {
          copies = request.restoreDir !== undefined ? loadStorageCopies(request.restoreDir) : await storageCopies(
            evaluate,
            (name, bytes) => report({ type: 'log', line: `${name}: ${bytes} bytes copied, to be written back after the firmware` }),
            (name) => report({ type: 'log', line: bootFileLeftOutLine(name) }),
          );
          if (request.restoreDir !== undefined) {
            for (const c of copies) report({ type: 'log', line: `${c.name}: ${c.bytes.length} bytes from ${request.restoreDir}, to be written back after the firmware` });
          }
        } catch (e) {
          return failUntouched(`copying the pod's files: ${(e as Error).message} (is it in setup mode, its button held for 3 s from power-on?); nothing was changed`);
        }
        try {
          copies = await fitCopiesOnPod(evaluate, copies, request.bytes, (line) => report({ type: 'log', line }));
        } catch (e) {
          // in setup mode its firmware does not run to read the log out
          if (!(e instanceof LogTooLargeError)) return failUntouched(`${(e as Error).message}; nothing was changed`);
          return failUntouched(`${(e as Error).message}; nothing was changed`, logTooLargeNextSteps(`read and clear its log with lumbarpod log --port ${request.port} --clear, then flash again`));
        }
        // stopped meanwhile: nothing is to be kept for an erase that will not come
        if (finished) return;
        // restored from a directory: it stays the backup, and goes once they are back
        try {
          backupDir = request.restoreDir ?? saveStorageCopies(copies);
        } catch (e) {
          // with nowhere to keep them, the erase would risk them
          const elsewhere = ': set XDG_STATE_HOME to a directory you can write to (they go in its lumbarpod directory), then flash again';
          return failUntouched(`cannot keep the pod's other files on this computer: ${(e as Error).message}; nothing was changed`, { running: elsewhere, inSetupMode: elsewhere });
        }
        if (backupDir !== '') {
          report({ type: 'kept', dir: backupDir });
          report({ type: 'log', line: `the pod's other files are kept in ${backupDir} until they are back on the pod` });
        }
        if (finished) return;
        phase = 'erased';
        if ((await evaluate(STORAGE_ERASE_ALL_EXPRESSION)) !== true) {
          finished = true;
          Espruino.Core.Serial.close();
          return fail('the pod did not erase its Storage; nothing was flashed');
        }
        upload(copies);
      })();
    }, () => {
      if (finished) return;
      finished = true;
      // before the erase the pod holds what it held: its files were only being read
      fail(`${request.port} hung up ${leftOnPod()}${phase === 'untouched' ? ': plug the pod in again, then flash again' : ''}`);
    });
  });
  return {
    stop: (reason) => {
      if (finished) return;
      // a pod this flash restarted into setup mode runs its firmware again, as at a failure before the erase
      if (phase === 'untouched' && stopUntouched !== undefined) return stopUntouched(`stopped (${reason}) ${leftOnPod()}`);
      if (request.restartedIntoSetup === true && phase === 'untouched') {
        stopWhenOpen = stopWhenOpen ?? `stopped (${reason}) ${leftOnPod()}`;
        return;
      }
      finished = true;
      closeSerial();
      fail(`stopped (${reason}) ${leftOnPod()}`);
    },
  };
}

if (require.main === module) {
  // Node prints an uncaught error through the console, which the session quiets: lumbarpod reads
  // the error from stderr (crashWords), so it goes there as Node would print it
  process.on('uncaughtException', (e) => {
    process.stderr.write(`${require('util').inspect(e)}\n`, () => process.exit(1));
  });
  const request = JSON.parse(process.argv[2]) as SessionRequest;
  let reported = false;
  const session = runSession(request, (r) => {
    if (reported) return;
    if (process.send) process.send(r);
    if (r.type === 'done') {
      reported = true;
      // the tools keep timers and the port's handles; the session is over
      setTimeout(() => process.exit(0), 200);
    }
  });
  // Ctrl-C reaches the whole foreground process group, this child too; lumbarpod forwards a signal it alone got
  process.on('SIGINT', () => session.stop('Ctrl-C'));
  process.on('SIGTERM', () => session.stop('SIGTERM'));
}
