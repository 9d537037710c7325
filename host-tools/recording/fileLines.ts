// A text file's lines read a chunk at a time: a file of any length (a raw.csv of many hours) is
// never one string, nor one array of all its lines, so one longer than a string can be (V8's
// limit, about 512 MiB) is read too, and its text takes a chunk's memory and a line's, not its size.
import * as fs from 'fs';

/** bytes read at a time: a few MB, so a file of hundreds of MB takes few reads */
export const FILE_CHUNK_BYTES = 4 * 1024 * 1024;

/**
 * Calls `onLine` with each part of the file's text split at '\n', in order, as
 * `fs.readFileSync(fd, 'utf8').split('\n')` would give them: the last is what follows the last
 * line end ('' where the file ends with one). A line is decoded from UTF-8 whole, whichever
 * chunks it spans, so a character cut by a chunk's edge is read as written; a damaged byte
 * decodes as it would in the whole text, since no UTF-8 sequence holds the byte of '\n'.
 * Returns the error of a read that failed (onLine has seen the lines before it), or undefined;
 * an error thrown by onLine is thrown on.
 */
export function forEachLineOfFile(fd: number, onLine: (line: string) => void, chunkBytes = FILE_CHUNK_BYTES): NodeJS.ErrnoException | undefined {
  const chunk = Buffer.allocUnsafe(chunkBytes);
  /** the bytes of a line begun in earlier chunks and not ended yet, copied out of the chunk it was read into */
  let begun: Buffer[] = [];
  for (;;) {
    let got: number;
    try {
      // from the file's position, not an offset: a pipe has none
      got = fs.readSync(fd, chunk, 0, chunkBytes, null);
    } catch (e) {
      return e as NodeJS.ErrnoException;
    }
    if (got === 0) break;
    const read = chunk.subarray(0, got);
    let start = 0;
    for (let end = read.indexOf(0x0a); end >= 0; end = read.indexOf(0x0a, start)) {
      if (begun.length > 0) {
        begun.push(read.subarray(0, end));
        onLine(Buffer.concat(begun).toString('utf8'));
        begun = [];
      } else {
        onLine(read.toString('utf8', start, end));
      }
      start = end + 1;
    }
    if (start < got) begun.push(Buffer.from(read.subarray(start)));
  }
  onLine(Buffer.concat(begun).toString('utf8'));
  return undefined;
}
