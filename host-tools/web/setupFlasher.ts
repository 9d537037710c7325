// The set-up page's steps on a pod in setup mode, over any console that can evaluate an
// expression on the pod and send a line (setup.ts gives it @espruino-tools/core's Puck): the
// pod's other Storage files are copied to the page and Storage erased, so the bundle is the first
// file (host-tools/flash/storageOrder.ts says why); the
// bundle goes to Storage ".bootcde" as Storage.write lines of 1 KB, each answered before the next
// is sent (the answer is the flow control: the pod replies once the page is written), then the
// copies are written back; the pod
// reads the file back and its length and E.CRC32 must match; lpconfig.json is written with
// Storage.writeJSON and read back; then load() starts the new firmware, 100 ms after the pod
// has answered that it will (so the answer leaves before the restart). The same lines and check
// as `lumbarpod flash` (host-tools/flash/bootUpload.ts). No DOM here.
import { PUCKJS2_BOARD } from '../../boards/puckjs2';
import { POD_CONFIG_FILE, PodConfig, podConfigFrom } from '../../firmware/device/podConfig';
import { BOOT_FILE, bootFileWrites, CHECK_EXPRESSION, checkStored, crc32Of, storedBytesOf } from '../flash/bootUpload';
import { flashableBoardsOf, logTooLargeNextSteps, NextStepsBeforeErase, stoppedBeforeEraseWords } from '../flash/restartedPod';
import { bootFileLeftOutLine, fitCopiesOnPod, LogTooLargeError, STORAGE_ERASE_ALL_EXPRESSION, StoredFileCopy, storageCopies, storageRestoreLines } from '../flash/storageOrder';

export { POD_CONFIG_FILE };
export type { PodConfig };

/** the rates the page offers and the default (the Puck.js v2's) */
export const SETUP_RATES_HZ: readonly number[] = PUCKJS2_BOARD.supportedRatesHz.slice();
export const SETUP_DEFAULT_RATE_HZ = PUCKJS2_BOARD.defaultRateHz;
/** the board whose firmware the page carries */
export const SETUP_BOARD_NAME = PUCKJS2_BOARD.name;

/** a console on the pod */
export interface PodConsole {
  /** evaluates `expression` on the pod and resolves with its value as JSON gives it back; rejects when no answer comes */
  evaluate(expression: string): Promise<unknown>;
  /** whether the link to the pod is up; a console that cannot tell leaves it out */
  linked?(): boolean;
}

/** a link gone since Connect: the pod was told nothing, and in setup mode it waits for the next */
export const LINK_LOST_BEFORE_UPLOAD = 'the link to the pod was lost after Connect, before the upload: press Connect and choose the pod again, then upload; nothing was changed';

/** from the pod's answer to load() running: the answer leaves first */
export const LOAD_DELAY_MS = 100;
/** a soft reset that runs .bootcde, LOAD_DELAY_MS after the pod has answered "load" */
const LOAD_EXPRESSION = `(setTimeout(load,${LOAD_DELAY_MS}),"load")`;

export interface FlashImage {
  /** what Storage will hold */
  bytes: Uint8Array;
  crc32: number;
}

/** the bytes Storage will hold for a bundle file, and their CRC32 */
export function flashImage(file: Uint8Array): FlashImage {
  const bytes = storedBytesOf(file);
  return { bytes, crc32: crc32Of(bytes) };
}

/** the settings as the firmware reads them: every field checked, a bad one replaced by its default */
export function setupConfig(fields: { rateHz: number; rawStream: boolean; speedMms: number; autoStart: boolean }): PodConfig {
  return podConfigFrom(
    { rateHz: fields.rateHz, rawStream: fields.rawStream ? 1 : 0, speedMms: Math.round(fields.speedMms), autoStart: fields.autoStart ? 1 : 0 },
    SETUP_RATES_HZ.slice(), SETUP_DEFAULT_RATE_HZ,
  );
}

export class SetupError extends Error {
  /** the pod was made to run its firmware again (load()): it has left setup mode and its console */
  constructor(message: string, readonly podRunsItsFirmware = false) {
    super(message);
  }
}

export interface SetupProgress {
  /** 'copy', 'upload', 'check', 'config', 'start' */
  step: string;
  /** 0..1 of the whole job */
  fraction: number;
  line: string;
}

/**
 * The pod's other files while its Storage does not hold them, kept by the page across attempts: an
 * upload cut short after the erase (the link gone) has them, and the next puts them back.
 */
export interface HeldStorageCopies {
  copies?: StoredFileCopy[];
  /**
   * The page restarted the pod from its running firmware into setup mode, and no upload has
   * erased its Storage since: an upload that stops before the erase has it run that firmware again
   */
  restartedIntoSetup?: boolean;
}

/**
 * Copies the pod's other Storage files (or takes those `held` from an attempt cut short), erases
 * Storage, uploads the bundle as the first file, writes the copies back, checks, configures and
 * starts; throws SetupError with a sentence when a step fails (load() is then never sent). See
 * host-tools/flash/storageOrder.ts for why the order.
 */
export async function flashAndConfigure(
  pod: PodConsole, image: FlashImage, config: PodConfig, progress: (p: SetupProgress) => void, held: HeldStorageCopies = {},
): Promise<void> {
  const evaluate = (expression: string) => pod.evaluate(expression);
  /** stops before the erase: a pod the page restarted into setup mode runs the firmware it ran before again (restartedPod.ts) */
  const stopUntouched = async (error: string, next: NextStepsBeforeErase = {}): Promise<never> => {
    let loadedAgain = false;
    if (held.restartedIntoSetup === true && held.copies === undefined) {
      // a link gone meanwhile answers nothing, and the pod is still in setup mode
      loadedAgain = (await evaluate(LOAD_EXPRESSION).catch(() => undefined)) === 'load';
      if (loadedAgain) held.restartedIntoSetup = false;
    }
    throw new SetupError(stoppedBeforeEraseWords(error, loadedAgain, next), loadedAgain);
  };
  // the console would reopen the link through its own chooser, in the middle of the upload
  if (pod.linked?.() === false) throw new SetupError(LINK_LOST_BEFORE_UPLOAD);
  // the page carries the Puck.js v2's firmware: on another board it would pass its check and fail at boot
  const espruinoBoard = await evaluate('process.env.BOARD').catch(() => undefined);
  if (typeof espruinoBoard !== 'string') {
    // no board named, so none to advise; one that does not answer would not run load() either
    throw new SetupError(pod.linked?.() === false ? LINK_LOST_BEFORE_UPLOAD
      : 'the pod did not say which board it is: press Connect and choose the pod again, then upload; nothing was changed');
  }
  if (espruinoBoard !== PUCKJS2_BOARD.espruinoBoard) {
    const fitting = flashableBoardsOf(espruinoBoard).map((b) => `lumbarpod flash --board ${b.name}`);
    await stopUntouched(`the pod is a ${espruinoBoard}, and this page carries the firmware of a ${PUCKJS2_BOARD.espruinoBoard} (Puck.js v2): ` +
      `${fitting.length > 0 ? `flash it with ${fitting.join(' or ')}` : `no LumbarPod firmware is for a ${espruinoBoard}`}; nothing was changed`);
  }
  let copies: StoredFileCopy[];
  try {
    copies = held.copies ?? await storageCopies(
      evaluate,
      (name, bytes) => progress({ step: 'copy', fraction: 0, line: `${name}: ${bytes} bytes copied, to be written back after the firmware` }),
      (name) => progress({ step: 'copy', fraction: 0, line: bootFileLeftOutLine(name) }),
    );
    if (held.copies !== undefined) for (const c of copies) progress({ step: 'copy', fraction: 0, line: `${c.name}: ${c.bytes.length} bytes held from the upload cut short, to be written back` });
  } catch (e) {
    return stopUntouched(`copying the pod's files: ${(e as Error).message}; nothing was changed`);
  }
  try {
    copies = await fitCopiesOnPod(evaluate, copies, image.bytes.length, (line) => progress({ step: 'copy', fraction: 0, line }));
  } catch (e) {
    return stopUntouched(`${(e as Error).message}; nothing was changed`,
      e instanceof LogTooLargeError ? logTooLargeNextSteps('read its log on the dashboard (Pod log) and clear it there, then set it up again') : {});
  }
  /**
   * A step after the erase: a pod that stops answering with its link still up is said to by where
   * the upload was (the console's own words quote the line it sent, a Storage.write of the
   * firmware's text); a link gone, or a console that cannot tell, keeps its own words.
   */
  const written = async (expression: string, where: string): Promise<unknown> => {
    try {
      return await pod.evaluate(expression);
    } catch (e) {
      if (pod.linked?.() !== true) throw e;
      throw new SetupError(`the pod stopped answering ${where}, its link still up: check its power, then press Connect and upload again`);
    }
  };
  const lines = bootFileWrites(image.bytes);
  const restore = storageRestoreLines(copies);
  // the writes are the job; the check, config and load the last few percent
  const total = lines.length + restore.length + 3;
  held.copies = copies;
  // from here the firmware the pod ran may be gone
  held.restartedIntoSetup = false;
  if ((await written(STORAGE_ERASE_ALL_EXPRESSION, 'as its Storage was erased')) !== true) throw new SetupError('the pod did not erase its Storage; not started, it stays in setup mode');
  progress({ step: 'upload', fraction: 0, line: `uploading ${image.bytes.length} bytes to ${BOOT_FILE} in ${lines.length} chunks` });
  for (let i = 0; i < lines.length; i++) {
    const answer = await written(lines[i], `at chunk ${i + 1} of ${lines.length} of the firmware`);
    if (answer !== true) throw new SetupError(`chunk ${i + 1} of ${lines.length}: Storage.write answered ${JSON.stringify(answer)} (Storage full?); not started, it stays in setup mode`);
    progress({ step: 'upload', fraction: (i + 1) / total, line: `chunk ${i + 1} of ${lines.length} written` });
  }
  for (let i = 0; i < restore.length; i++) {
    const answer = await written(restore[i], `as its files were written back (line ${i + 1} of ${restore.length})`);
    if (answer !== true) throw new SetupError(`writing back the pod's files, line ${i + 1} of ${restore.length}: Storage.write answered ${JSON.stringify(answer)}; not started, it stays in setup mode`);
    progress({ step: 'upload', fraction: (lines.length + i + 1) / total, line: `the pod's files: ${i + 1} of ${restore.length} written back` });
  }
  held.copies = undefined;
  const stored = await written(CHECK_EXPRESSION, 'as the stored firmware was checked');
  const check = checkStored(stored, image.bytes.length, image.crc32);
  if (!check.ok) throw new SetupError(check.problem as string);
  progress({ step: 'check', fraction: (lines.length + restore.length + 1) / total, line: `${BOOT_FILE} on the pod: ${image.bytes.length} bytes, CRC32 0x${hex32(image.crc32)}, as sent` });
  const json = JSON.stringify(config);
  await written(`require("Storage").writeJSON(${JSON.stringify(POD_CONFIG_FILE)},${json})`, 'as its settings were written');
  const readBack = await written(`require("Storage").readJSON(${JSON.stringify(POD_CONFIG_FILE)},true)`, 'as its settings were read back');
  if (JSON.stringify(readBack) !== json) throw new SetupError(`${POD_CONFIG_FILE} reads back as ${JSON.stringify(readBack)}, not ${json}; not started`);
  progress({ step: 'config', fraction: (lines.length + restore.length + 2) / total, line: `${POD_CONFIG_FILE}: ${json}` });
  // a soft reset that runs .bootcde: with the button up, the new firmware in run mode
  const loading = await written(LOAD_EXPRESSION, 'when asked to start the firmware');
  if (loading !== 'load') throw new SetupError(`the pod answered ${JSON.stringify(loading)} to load()`);
  progress({ step: 'start', fraction: 1, line: 'load(): the pod restarts with the new firmware' });
}

export function hex32(n: number): string {
  return (n >>> 0).toString(16).padStart(8, '0');
}
