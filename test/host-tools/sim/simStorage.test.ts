import { expect } from 'chai';
import { SimStorage } from '../../../host-tools/sim/simStorage';

describe('SimStorage', () => {
  it('fixes a file\'s size at its first write and fills it in later, erased bytes reading 0xFF', () => {
    const s = new SimStorage();
    expect(s.write('log', 'ab', 0, 6)).to.equal(true);
    expect(Array.from(new Uint8Array(s.readArrayBuffer('log') as ArrayBuffer))).to.deep.equal([97, 98, 255, 255, 255, 255]);
    expect(s.write('log', Uint8Array.of(1, 2), 2)).to.equal(true);
    expect(Array.from(new Uint8Array(s.readArrayBuffer('log') as ArrayBuffer))).to.deep.equal([97, 98, 1, 2, 255, 255]);
  });

  it('refuses to write past the file size or over written bytes', () => {
    const s = new SimStorage();
    s.write('f', 'abc', 0, 4);
    expect(() => s.write('f', 'xy', 3)).to.throw('Too much data for file size');
    expect(() => s.write('f', 'x', 1)).to.throw('File already written with different data');
    expect(() => s.write('nofile', 'x', 1)).to.throw('Unable to find or create file');
    expect(() => s.write('z', '')).to.throw("Can't create zero length file");
  });

  it('rewrites a file written again at offset 0', () => {
    const s = new SimStorage();
    s.write('a', 'Hello', 0, 14);
    s.write('a', ' ', 0);
    expect(s.read('a')).to.equal(' ');
  });

  it('counts a 32-byte header and 4-byte alignment per file and keeps erased files as trash until needed', () => {
    const s = new SimStorage({ capacityBytes: 200 });
    expect(s.getFree()).to.equal(200);
    s.write('a', 'x', 0, 5); // 32 + 8
    expect(s.getFree()).to.equal(160);
    s.erase('a');
    expect(s.getFree()).to.equal(160);
    // getStats says what a compaction would free: the 40 bytes of 'a'
    expect(s.getStats()).to.deep.equal({ totalBytes: 200, freeBytes: 160, fileBytes: 0, fileCount: 0, trashBytes: 40, trashCount: 1 });
    expect(s.write('b', 'y', 0, 160 - 32 + 40)).to.equal(true); // fits only after compaction
    expect(s.getFree()).to.equal(0);
    expect(s.getStats()).to.deep.equal({ totalBytes: 200, freeBytes: 0, fileBytes: 200, fileCount: 1, trashBytes: 0, trashCount: 0 });
    expect(() => s.write('c', 'z')).to.throw('Unable to find or create file');
  });

  it('round-trips JSON and returns undefined for bad JSON only when asked', () => {
    const s = new SimStorage();
    s.writeJSON('cfg', { rateHz: 104, ids: [1, 2] });
    expect(s.readJSON('cfg', false)).to.deep.equal({ rateHz: 104, ids: [1, 2] });
    s.write('bad', '{nope');
    expect(s.readJSON('bad', true)).to.equal(undefined);
    expect(() => s.readJSON('bad', false)).to.throw(SyntaxError);
    expect(s.readJSON('absent', false)).to.equal(undefined);
  });

  it('cuts names to 28 characters as Espruino does, so two long names collide, and warns', () => {
    const warnings: string[] = [];
    const s = new SimStorage({ onWarning: (m) => warnings.push(m) });
    const base = 'x'.repeat(28);
    s.write(base + 'A', 'one');
    expect(s.read(base + 'B')).to.equal('one');
    expect(s.list()).to.deep.equal([base]);
    expect(warnings.length).to.equal(2);
  });

  it('creates no file while full, but a file already sized can still be filled in', () => {
    const s = new SimStorage();
    s.write('log', 'a', 0, 10);
    s.setFull(true);
    expect(s.getFree()).to.equal(0);
    expect(() => s.write('other', 'b')).to.throw('Unable to find or create file');
    expect(s.write('log', 'b', 1)).to.equal(true);
    s.setFull(false);
    expect(s.write('other', 'b')).to.equal(true);
  });
});
