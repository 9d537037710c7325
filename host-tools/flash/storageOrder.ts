// Flashing puts ".bootcde" first in the pod's Storage. Espruino runs the functions of .bootcde
// from flash, in place. A compaction, which Espruino runs by itself when a new file does not fit
// and trash would make room (after a clearLog, say), moves every file that lies after some trash,
// and code run from a moved file reads garbage (Espruino's Storage.compact documentation). The
// first file has nothing before it, and .bootcde is never rewritten while it runs. So the flashers
// copy every other file to the host, erase Storage, write .bootcde, and write the copies back as
// they were. Bytes after a file's last written one are left erased, as they were. Shared by
// `lumbarpod flash` and the set-up page; no Node or DOM API here (atob is in both).
import { BOOT_FILE, bootFileWrites } from './bootUpload';
import { FLASH_LOG_RESERVE_BYTES } from '../../firmware/device/flashLog';
import { STORAGE_ALIGNMENT_BYTES, storedFileBytes } from './espruinoStorageLayout';

/** one Storage file as the pod held it: its size, and its bytes up to the last written one */
export interface StoredFileCopy {
  name: string;
  size: number;
  bytes: Uint8Array;
}

/** runs an expression on the pod's console and resolves with its value as JSON gives it back */
export type PodEvaluate = (expression: string) => Promise<unknown>;

export const STORAGE_LIST_EXPRESSION = 'require("Storage").list()';
/** Storage.eraseAll answers nothing; the pair answers true once it is done */
export const STORAGE_ERASE_ALL_EXPRESSION = '(require("Storage").eraseAll(),true)';
/** bytes per read: 512 characters of base64 in the answer */
const READ_CHUNK_BYTES = 384;

/** [size, bytes up to the last one not 0xFF] of a file, [-1, 0] when it is not there */
function extentExpression(name: string): string {
  return `(function(s){if(s===undefined)return[-1,0];var e=s.length;while(e>0&&s.charCodeAt(e-1)==255)e--;return[s.length,e];})(require("Storage").read(${JSON.stringify(name)}))`;
}

function readExpression(name: string, at: number, length: number): string {
  return `btoa(require("Storage").read(${JSON.stringify(name)},${at},${length}))`;
}

function base64Bytes(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/**
 * Boot code of another kind than the firmware's, which Espruino would run at boot with it or in
 * its place: .bootrst instead of .bootcde, .boot0-.boot3 after it, .varimg (a saved RAM image)
 * before it (src/jsflash.c, jsfLoadBootCodeFromFlash and jsfLoadStateFromFlash)
 */
export const OTHER_BOOT_FILES = /^\.(bootrst|boot[0-3]|varimg)$/;

/** what a flasher says of a file of OTHER_BOOT_FILES it does not write back */
export function bootFileLeftOutLine(name: string): string {
  return `${name}: left out, boot code of an earlier program that would run with the firmware or in its place`;
}

/**
 * copies of every Storage file but .bootcde and OTHER_BOOT_FILES (each said to `onLeftOut`);
 * throws a sentence when the pod does not answer as expected
 */
export async function storageCopies(
  evaluate: PodEvaluate, onFile: (name: string, bytes: number) => void = () => undefined, onLeftOut: (name: string) => void = () => undefined,
): Promise<StoredFileCopy[]> {
  const names = await evaluate(STORAGE_LIST_EXPRESSION);
  if (!Array.isArray(names) || names.some((n) => typeof n !== 'string')) throw new Error(`the pod listed its Storage as ${JSON.stringify(names)}`);
  const copies: StoredFileCopy[] = [];
  for (const name of names as string[]) {
    if (name === BOOT_FILE) continue;
    if (OTHER_BOOT_FILES.test(name)) {
      onLeftOut(name);
      continue;
    }
    const extent = await evaluate(extentExpression(name));
    if (!Array.isArray(extent) || typeof extent[0] !== 'number' || typeof extent[1] !== 'number') throw new Error(`the pod gave ${JSON.stringify(extent)} as the size of ${name}`);
    const [size, used] = extent as [number, number];
    if (size < 0) continue; // gone meanwhile
    const bytes = new Uint8Array(used);
    for (let at = 0; at < used; at += READ_CHUNK_BYTES) {
      const length = Math.min(READ_CHUNK_BYTES, used - at);
      const text = await evaluate(readExpression(name, at, length));
      if (typeof text !== 'string') throw new Error(`the pod answered ${JSON.stringify(text)} reading ${name} at ${at}`);
      const chunk = base64Bytes(text);
      if (chunk.length !== length) throw new Error(`${name} at ${at}: ${chunk.length} bytes read back, not ${length}`);
      bytes.set(chunk, at);
    }
    copies.push({ name, size, bytes });
    onFile(name, used);
  }
  return copies;
}

/**
 * The pod's files would not fit beside the firmware: its log must be read and cleared first, which
 * its firmware does in run mode only, so each flasher says how from where its user is
 */
export class LogTooLargeError extends Error {}

/** the Storage's size in bytes, headers included (what the files and the firmware must share) */
export const STORAGE_TOTAL_EXPRESSION = 'require("Storage").getStats().totalBytes';

/**
 * The copies as they can go back beside a firmware of `firmwareBytes` in a Storage of
 * `totalBytes`. A file keeps its size when all fit. Otherwise files give up the erased room after
 * their last written byte, the largest such room first, until FLASH_LOG_RESERVE_BYTES are left, which is how the flash log, created as
 * large as the room left, makes way for a larger firmware (the pod reads a shorter log as one
 * with fewer free entries). Throws a sentence, before anything is erased, when even their written
 * bytes do not fit.
 */
export function copiesThatFit(copies: StoredFileCopy[], firmwareBytes: number, totalBytes: number): StoredFileCopy[] {
  if (!(totalBytes > 0)) throw new Error(`the pod gave ${JSON.stringify(totalBytes)} as the size of its Storage`);
  const need = (list: StoredFileCopy[]) => list.reduce((sum, c) => sum + storedFileBytes(c.size), storedFileBytes(firmwareBytes));
  if (need(copies) <= totalBytes) return copies;
  // shortened, files leave the room the pod keeps for its settings and set-up flag, as the log did
  // when the pod made it: with none, Espruino creates no file, and a settings change erases the old ones
  const room = totalBytes - FLASH_LOG_RESERVE_BYTES;
  let excess = need(copies) - room;
  const fitted = copies.map((c) => ({ ...c }));
  const byRoom = fitted.slice().sort((a, b) => (b.size - Math.max(b.bytes.length, 1)) - (a.size - Math.max(a.bytes.length, 1)));
  for (const c of byRoom) {
    const least = Math.max(c.bytes.length, 1);
    if (c.size <= least) continue;
    // aligned, so the file's stored bytes shrink by at least the excess (or it keeps only its written bytes)
    c.size = Math.max(least, Math.floor((c.size - excess) / STORAGE_ALIGNMENT_BYTES) * STORAGE_ALIGNMENT_BYTES);
    excess = need(fitted) - room;
    if (excess <= 0) return fitted;
  }
  const written = copies.reduce((sum, c) => sum + c.bytes.length, 0);
  throw new LogTooLargeError(`the firmware (${firmwareBytes} bytes) and what the pod's files hold (${written} bytes) do not fit its ${totalBytes}-byte Storage with ${FLASH_LOG_RESERVE_BYTES} bytes to spare`);
}

/**
 * copiesThatFit with the pod's Storage size asked for, and a line said for each file shortened.
 * Flashers call it before the erase: a copy that could not go back would be lost with it.
 */
export async function fitCopiesOnPod(evaluate: PodEvaluate, copies: StoredFileCopy[], firmwareBytes: number, say: (line: string) => void): Promise<StoredFileCopy[]> {
  const fitted = copiesThatFit(copies, firmwareBytes, (await evaluate(STORAGE_TOTAL_EXPRESSION)) as number);
  fitted.forEach((after, i) => {
    const before = copies[i];
    if (after.size < before.size) say(`${after.name}: written back at ${after.size} bytes (was ${before.size}; ${after.bytes.length} of them written) to make room for the firmware`);
  });
  return fitted;
}

/** the Storage.write lines that put the copies back: each file created at its size, its bytes written */
export function storageRestoreLines(copies: StoredFileCopy[]): string[] {
  const lines: string[] = [];
  for (const copy of copies) {
    // an erased byte written as 0xFF stays erased: a file with nothing written is created by one
    const bytes = copy.bytes.length > 0 ? copy.bytes : Uint8Array.of(0xff);
    lines.push(...bootFileWrites(bytes, copy.name, undefined, copy.size));
  }
  return lines;
}
