// A text file appended line by line when a write failed part-way (a full disk): cut back to the
// end of its last whole line, so readers meet no half line, and counted.
import * as fs from 'fs';

export interface CompleteLines {
  /** whole lines left in the file */
  lines: number;
  /** the last of them, without its newline ('' when none) */
  lastLine: string;
}

/** bytes read at a time while counting */
const CHUNK_BYTES = 1 << 20;
/** the longest line looked for at the end (a raw.csv row is under 80 bytes, a message line under 2 KB) */
const LAST_LINE_MAX_BYTES = 64 * 1024;

/** cuts `file` after its last newline and counts its lines; a file that is not there, or no regular file, has none */
export function cutToCompleteLines(file: string): CompleteLines {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r+');
  } catch (e) {
    return { lines: 0, lastLine: '' };
  }
  try {
    // a device (/dev/full) reads on for ever and has nothing to cut
    if (!fs.fstatSync(fd).isFile()) return { lines: 0, lastLine: '' };
    const chunk = Buffer.alloc(CHUNK_BYTES);
    let lines = 0;
    /** the byte after the last newline: where the file is cut */
    let end = 0;
    for (let at = 0; ;) {
      const n = fs.readSync(fd, chunk, 0, CHUNK_BYTES, at);
      if (n === 0) break;
      for (let i = chunk.indexOf(0x0a); i >= 0 && i < n; i = chunk.indexOf(0x0a, i + 1)) {
        lines++;
        end = at + i + 1;
      }
      at += n;
    }
    // shrinking asks the disk for no room
    if (fs.fstatSync(fd).size > end) fs.ftruncateSync(fd, end);
    const tailBytes = Math.min(end, LAST_LINE_MAX_BYTES);
    const tail = Buffer.alloc(tailBytes);
    fs.readSync(fd, tail, 0, tailBytes, end - tailBytes);
    const text = tail.toString('utf8').replace(/\n$/, '');
    return { lines, lastLine: lines === 0 ? '' : text.slice(text.lastIndexOf('\n') + 1) };
  } finally {
    fs.closeSync(fd);
  }
}
