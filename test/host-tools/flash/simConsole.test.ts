// The simulated pod's console, as the flasher drives it (host-tools/sim/simConsole.ts).
import { expect } from 'chai';
import { PodSimulator } from '../../../host-tools/sim/podSimulator';
import { crc32, lineIsOpen } from '../../../host-tools/sim/simConsole';

/** a pod with only a setup-mode stand-in firmware: the console stays on Serial1 */
function setupPod(): { sim: PodSimulator; typed: (text: string, ms?: number) => string } {
  const sim = new PodSimulator({ bundleSource: 'var OLD = 1;', serialConsoleAtBoot: true });
  let out = '';
  sim.onSerialData((b) => { out += b.toString('latin1'); });
  sim.runFor(50);
  return {
    sim,
    typed: (text, ms = 200) => {
      out = '';
      sim.serialWrite(text);
      sim.runFor(ms + text.length * 1.1);
      return out;
    },
  };
}

describe('simulated Espruino console', () => {
  it('runs a line on Enter, echoing it, and prints =result and a prompt', () => {
    const { typed } = setupPod();
    expect(typed('\n')).to.equal('\r\n=undefined\r\n>');
    expect(typed('1+2\n')).to.equal('1+2\r\n=3\r\n>');
    expect(typed('OLD\n')).to.equal('OLD\r\n=1\r\n>');
  });

  it('runs a line that starts with DLE without echo, waits for closed brackets, and drops a line at Ctrl-C', () => {
    const { sim, typed } = setupPod();
    expect(typed('\x10print("a")\n')).to.equal('a\r\n>');
    expect(typed('\x10var f = function () {\n')).to.equal('');
    expect(typed('\x10return 5 };\n')).to.equal('>');
    expect(typed('\x10f()\x1b\n+1\n')).to.equal('>');
    expect(sim.repl.linesRun.slice(-1)).to.deep.equal(['f()\n+1']);
    expect(typed('junk\x03\x10print(f())\n')).to.equal('5\r\n>');
    expect(typed('x\x03')).to.equal('');
    expect(typed('\x10nope()\n')).to.match(/^Uncaught ReferenceError: nope is not defined\r\n>$/);
  });

  it('writes Storage, checks it with E.CRC32, and boots .bootcde at load() instead of the original code', () => {
    const { sim, typed } = setupPod();
    typed('\x10reset();\n', 300);
    expect(sim.resets.map((r) => r.reason)).to.deep.equal(['reset()']);
    expect(sim.podGlobal('OLD')).to.equal(undefined);
    typed('\x10require("Storage").write(".bootcde","var NEW",0,11);\n\x10require("Storage").write(".bootcde"," = 2",7);\n');
    expect(typed('\x10print(E.CRC32(require("Storage").readArrayBuffer(".bootcde")))\n')).to.equal(`${crc32('var NEW = 2')}\r\n>`);
    typed('\x10load()\n', 300);
    expect(sim.resets.map((r) => r.reason)).to.deep.equal(['reset()', 'load()']);
    expect(sim.podGlobal('NEW')).to.equal(2);
    sim.reboot();
    sim.runFor(100);
    expect(sim.podGlobal('NEW')).to.equal(2);
    expect(sim.podGlobal('OLD')).to.equal(undefined);
  });

  it('knows an open line: brackets, strings and comments', () => {
    expect(lineIsOpen('function () {')).to.equal(true);
    expect(lineIsOpen('print("{")')).to.equal(false);
    expect(lineIsOpen('print("a')).to.equal(true);
    expect(lineIsOpen('x = 1 /* (')).to.equal(true);
    expect(lineIsOpen('x = 1 // (')).to.equal(false);
    expect(crc32('123456789')).to.equal(0xcbf43926);
  });
});
