// Replaces a file's text whole (recording.json, a report's page): through a temporary file renamed over it,
// so a reader never meets half of it. On a full disk the temporary file finds no room: it is
// removed, and the text goes into the file itself when it fits the room the file already has.
import * as fs from 'fs';

/** the error codes of a disk with no room left (no blocks; the user's quota used up) */
const NO_ROOM = ['ENOSPC', 'EDQUOT'];

/** true when `error` is a write that failed for want of room on the disk */
export function isNoRoomError(error: unknown): boolean {
  return NO_ROOM.indexOf((error as NodeJS.ErrnoException | undefined)?.code ?? '') >= 0;
}

/**
 * Writes `text` as the whole of `file`, leaving no temporary file behind whatever happens. Throws
 * the write's error when neither way worked; `file` then holds what it held before.
 */
export function replaceFileText(file: string, text: string): void {
  const temporary = file + '.tmp';
  try {
    fs.writeFileSync(temporary, text);
    fs.renameSync(temporary, file);
  } catch (e) {
    fs.rmSync(temporary, { force: true });
    if (!isNoRoomError(e) || !rewriteInPlace(file, Buffer.from(text))) throw e;
  }
}

/**
 * Writes `bytes` over `file` where it is, when they fit the blocks it has (so the disk is asked for
 * no new one); false when they do not, or the file is not there. A write that fails even so puts
 * the old bytes back, which fit where they were.
 */
function rewriteInPlace(file: string, bytes: Buffer): boolean {
  return withFileToUpdate(file, (fd) => {
    // st_blocks counts 512-byte units whatever the file system's block size (0 where unknown)
    const roomBytes = fs.fstatSync(fd).blocks * 512;
    if (bytes.length > roomBytes) return false;
    const old = fs.readFileSync(fd);
    try {
      writeAllAt(fd, bytes);
      fs.ftruncateSync(fd, bytes.length);
      fs.fsyncSync(fd);
      return true;
    } catch (e) {
      try {
        writeAllAt(fd, old);
        fs.ftruncateSync(fd, old.length);
      } catch (again) {
        // nothing more to try: the caller says the file may not hold the metadata
      }
      return false;
    }
  });
}

/** `bytes` written from `at` (the file's start), however many writes that takes */
function writeAllAt(fd: number, bytes: Buffer, at = 0): void {
  for (let done = 0; done < bytes.length;) done += fs.writeSync(fd, bytes, done, bytes.length - done, at + done);
}

/**
 * Appends `text` to the regular file `file` whole or not at all: on a full disk it still fits
 * where the file's last block has room, or where room was freed since. False when it did not
 * (the file is then as it was) or the file is not there.
 */
export function appendWhole(file: string, text: string): boolean {
  return withFileToUpdate(file, (fd) => {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) return false;
    try {
      writeAllAt(fd, Buffer.from(text), stat.size);
      fs.fsyncSync(fd);
      return true;
    } catch (e) {
      try {
        fs.ftruncateSync(fd, stat.size);
      } catch (again) {
        // shrinking asks the disk for no room: it fails only with the file gone
      }
      return false;
    }
  });
}

/** `use` of the file opened for reading and writing, closed after; false when it cannot be opened (not there) */
function withFileToUpdate(file: string, use: (fd: number) => boolean): boolean {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r+');
  } catch (e) {
    return false;
  }
  try {
    return use(fd);
  } finally {
    fs.closeSync(fd);
  }
}
