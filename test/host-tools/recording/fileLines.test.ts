// A file's lines read a chunk at a time are the lines of its whole text, whatever the chunk size:
// a line across chunks joined, a character cut by a chunk's edge read as written, damaged bytes
// decoded as in the whole text.
import { expect } from 'chai';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { forEachLineOfFile } from '../../../host-tools/recording/fileLines';
import { createPrng } from '../../../host-tools/synthetic/prng';

describe('file lines read in chunks', () => {
  let dir = '';
  beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lumbarpod-filelines-')); });
  afterEach(() => { fs.rmSync(dir, { recursive: true, force: true }); });

  /** the parts forEachLineOfFile gives for a file of `bytes`, read `chunkBytes` at a time */
  function linesOf(bytes: Buffer, chunkBytes: number): string[] {
    const file = path.join(dir, 'lines.txt');
    fs.writeFileSync(file, bytes);
    const fd = fs.openSync(file, 'r');
    try {
      const lines: string[] = [];
      expect(forEachLineOfFile(fd, (line) => lines.push(line), chunkBytes)).to.equal(undefined);
      return lines;
    } finally {
      fs.closeSync(fd);
    }
  }

  it('gives each line, an empty one too, and what follows the last line end, for chunks of 1 to 8 bytes', () => {
    for (let chunkBytes = 1; chunkBytes <= 8; chunkBytes++) {
      expect(linesOf(Buffer.from('ab\ncd\n\nefg'), chunkBytes), `${chunkBytes} B`).to.deep.equal(['ab', 'cd', '', 'efg']);
      expect(linesOf(Buffer.from('ab\ncd\n'), chunkBytes), `${chunkBytes} B`).to.deep.equal(['ab', 'cd', '']);
      expect(linesOf(Buffer.alloc(0), chunkBytes), `${chunkBytes} B`).to.deep.equal(['']);
    }
  });

  it('reads a character of 2, 3 and 4 bytes cut by a chunk\'s edge as written, not as damaged bytes', () => {
    // é is 2 bytes, € 3, 😀 4: chunks of 1 to 4 bytes cut each of them somewhere
    for (let chunkBytes = 1; chunkBytes <= 4; chunkBytes++) {
      expect(linesOf(Buffer.from('\u00e9\u20ac\ud83d\ude00\n\u00e9x'), chunkBytes), `${chunkBytes} B`).to.deep.equal(['\u00e9\u20ac\ud83d\ude00', '\u00e9x']);
    }
  });

  it('gives the lines of the whole text split at line ends for 200 files of random bytes, damaged UTF-8 among them, at any chunk size', () => {
    const prng = createPrng(7);
    // line ends, commas, digits, starts of multi-byte characters and bytes that cannot start one
    const alphabet = [0x0a, 0x0a, 0x2c, 0x30, 0x39, 0x2e, 0x41, 0xc3, 0xa9, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80, 0xff, 0xfe, 0x00];
    for (let file = 0; file < 200; file++) {
      const bytes = Buffer.alloc(Math.floor(prng.nextFloat() * 120));
      for (let i = 0; i < bytes.length; i++) bytes[i] = alphabet[prng.nextUint32() % alphabet.length];
      const whole = bytes.toString('utf8').split('\n');
      for (const chunkBytes of [1, 2, 3, 5, 7, 16, 4096]) {
        expect(linesOf(bytes, chunkBytes), `file ${file} (${bytes.toString('hex')}), ${chunkBytes} B`).to.deep.equal(whole);
      }
    }
  });

  it('returns the error of a read that fails, as reading the whole file would meet it', () => {
    const fd = fs.openSync(dir, 'r');
    try {
      const lines: string[] = [];
      const error = forEachLineOfFile(fd, (line) => lines.push(line), 16);
      expect(error?.code).to.equal('EISDIR');
      expect(lines).to.deep.equal([]);
    } finally {
      fs.closeSync(fd);
    }
  });
});
