// The first bytes of a file, to tell what it holds before acting on it (a report over a raw.csv,
// a raw.csv read as another device's CSV).
import * as fs from 'fs';

/**
 * The first `bytes` bytes of `file` as UTF-8, when it is a regular file that can be read; else
 * undefined: a directory, a missing file or one that cannot be read is for the caller's own
 * reading or writing to say about, and a terminal or a pipe is not read (it would wait for input).
 */
export function regularFileHead(file: string, bytes: number): string | undefined {
  try {
    if (!fs.statSync(file).isFile()) return undefined;
    const fd = fs.openSync(file, 'r');
    try {
      const buffer = Buffer.alloc(bytes);
      return buffer.subarray(0, fs.readSync(fd, buffer, 0, bytes, 0)).toString('utf8');
    } finally {
      fs.closeSync(fd);
    }
  } catch (err) {
    return undefined;
  }
}
