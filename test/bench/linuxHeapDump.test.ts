import { expect } from 'chai';
import { DUMP_END, DUMP_START, linuxHeapDump } from './espruinoFirmwareBench';
import { espruinoProblem, espruinoRun } from '../e2e/espruinoRun';

// E.dumpVariables() lines as the Linux build prints them: ref,size,flags,name or value,links...
const DUMP = [
  'ref,size,flags,name,links...',
  '1,1,1,Object,2,28,',
  '28,1,29,"f",29,',
  '29,1,7,,30,31,32,',
  '30,1,30,"\\xFFa",',
  '31,1,30,"\\xFFb",',
  '32,1,32,"\\xFFcod",36,',
  '36,4,58,String "var c=0;for(var i...",',
  '40,1,9,,42,',
  '42,1,32,"\\xFFcod",41,',
  '41,1,38,String "2",',
  '50,1,29,"rateHz",51,',
  '52,1,29,"lpconfig.json",53,',
  '54,1,29,"abcd",55,',
].join('\n');

describe('linuxHeapDump: what the Linux build holds that the Puck would not, from E.dumpVariables()', () => {
  it('adds up the code text of every function, and the extra blocks of names longer than the Puck\'s 4 characters', () => {
    const heap = linuxHeapDump(`noise\n${DUMP_START}\n${DUMP}\n${DUMP_END}\n`);
    expect(heap.functions).to.equal(2);
    expect(heap.blocks).to.equal(4 + 1);
    // "rateHz": 2 blocks on the Puck, 1 here; "lpconfig.json" (13): 2 there (4 + 9), 2 here (8 + 21);
    // "\xFFcod" (4 characters), "\xFFa", "f", "abcd": one block on both
    expect(heap.puckNameExtraBlocks).to.equal(1 + 0);
  });

  it('refuses output without a dump', () => {
    expect(() => linuxHeapDump('R{}')).to.throw(/no E.dumpVariables/);
  });

  const bin = process.env.ESPRUINO_BIN;
  (espruinoProblem(bin) === '' ? it : it.skip)('reads the real interpreter\'s dump: a function\'s code text in blocks (ESPRUINO_BIN)', () => {
    const body = 'var total=0;for(var i=0;i<n;i++){total+=i*i;}return total+n';
    const run = espruinoRun(bin as string, `function sumSquares(n){${body}}\nprint("${DUMP_START}");E.dumpVariables();print("${DUMP_END}");`, 30);
    const heap = linuxHeapDump(run.raw);
    expect(heap.functions).to.equal(1);
    // the body's text as a flat string: a header block, then the characters in 27-byte blocks
    expect(heap.blocks).to.equal(1 + Math.ceil(body.length / 27));
    expect(heap.puckNameExtraBlocks).to.be.at.least(1); // "sumSquares"
  });
});
