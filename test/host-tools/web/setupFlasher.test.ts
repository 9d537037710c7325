// The set-up page's flasher against a console that answers as a pod of another board: it carries
// the Puck.js v2's firmware, so it asks the pod which board it is before it changes anything.
import { expect } from 'chai';
import { crc32 } from '../../../firmware/protocol/crc32';
import { SimStorage } from '../../../host-tools/sim/simStorage';
import { flashAndConfigure, flashImage, HeldStorageCopies, LINK_LOST_BEFORE_UPLOAD, SetupError } from '../../../host-tools/web/setupFlasher';

/** a pod in setup mode as its console answers: expressions run against a simulated Storage */
function podConsoleOn(storage: SimStorage, beforeEach: (expression: string) => void = () => undefined) {
  const E = { CRC32: (data: ArrayBuffer) => crc32(new Uint8Array(data), 0, data.byteLength) };
  const env = { env: { BOARD: 'PUCKJS' } };
  return {
    evaluate: async (expression: string): Promise<unknown> => {
      beforeEach(expression);
      const value = new Function('require', 'btoa', 'E', 'process', 'setTimeout', 'load', `return ${expression}`)(() => storage, btoa, E, env, () => 0, () => undefined);
      return JSON.parse(JSON.stringify(value ?? null));
    },
  };
}

describe('set-up page flasher: the board', () => {
  it('refuses a pod that says it is another board than the Puck.js v2 (process.env.BOARD), before it reads, erases or writes anything', async () => {
    for (const [board, said] of [
      ['MDBT42Q', 'the pod is a MDBT42Q, and this page carries the firmware of a PUCKJS (Puck.js v2): flash it with lumbarpod flash --board mdbt42q-lsm6dso; nothing was changed'],
      // no board named: nothing said of boards
      [undefined, 'the pod did not say which board it is: press Connect and choose the pod again, then upload; nothing was changed'],
    ] as [string | undefined, string][]) {
      const asked: string[] = [];
      const pod = {
        evaluate: async (expression: string): Promise<unknown> => {
          asked.push(expression);
          if (expression === 'process.env.BOARD' && board !== undefined) return board;
          throw new Error('no answer');
        },
      };
      const image = flashImage(new TextEncoder().encode('var x = 1;'));
      let error: unknown;
      await flashAndConfigure(pod, image, { rateHz: 104, rawStream: 0, speedMms: 0, autoStart: 1 }, () => undefined).catch((e) => { error = e; });
      expect(error).to.be.instanceOf(SetupError);
      expect((error as Error).message).to.equal(said);
      expect(asked).to.deep.equal(['process.env.BOARD']);
    }
  });

  it('a link lost since Connect: says so and to connect again, nothing of boards, and asks the pod nothing', async () => {
    const asked: string[] = [];
    const pod = { evaluate: async (expression: string): Promise<unknown> => { asked.push(expression); return 'PUCKJS'; }, linked: () => false };
    let error: unknown;
    await flashAndConfigure(pod, flashImage(new TextEncoder().encode('var x = 1;')), { rateHz: 104, rawStream: 0, speedMms: 0, autoStart: 1 }, () => undefined).catch((e) => { error = e; });
    expect((error as Error).message).to.equal('the link to the pod was lost after Connect, before the upload: press Connect and choose the pod again, then upload; nothing was changed');
    expect(asked).to.deep.equal([]);
  });

  it('a link lost while the pod is asked its board: the same words', async () => {
    let up = true;
    const pod = {
      evaluate: async (): Promise<unknown> => { up = false; throw new Error('the link to the pod was lost'); },
      linked: () => up,
    };
    let error: unknown;
    await flashAndConfigure(pod, flashImage(new TextEncoder().encode('var x = 1;')), { rateHz: 104, rawStream: 0, speedMms: 0, autoStart: 1 }, () => undefined, { restartedIntoSetup: true }).catch((e) => { error = e; });
    expect((error as Error).message).to.equal(LINK_LOST_BEFORE_UPLOAD);
  });

  it('a log too large to go back beside the firmware: nothing is erased, and the runner is told to read it on the dashboard with the pod running its firmware', async () => {
    const storage = new SimStorage();
    storage.write('.bootcde', 'var old = 1;');
    storage.write('lplog', Uint8Array.from({ length: 9000 }, (_, i) => (i * 11) & 0x7f), 0, 9000);
    const image = flashImage(new TextEncoder().encode('var fresh = 1;'.repeat(2300)));
    let error: unknown;
    await flashAndConfigure(podConsoleOn(storage), image, { rateHz: 104, rawStream: 0, speedMms: 0, autoStart: 1 }, () => undefined).catch((e) => { error = e; });
    expect(error).to.be.instanceOf(SetupError);
    expect((error as Error).message).to.match(
      /bytes to spare; nothing was changed: power the pod off and on \(it starts its firmware\), read its log on the dashboard \(Pod log\) and clear it there, then set it up again$/,
    );
    expect(storage.list()).to.deep.equal(['.bootcde', 'lplog']);
  });

  it('an upload cut short after the erase (the link gone) leaves the pod\'s log with the page, and the next upload puts it back', async () => {
    const storage = new SimStorage();
    const oldLog = Uint8Array.from({ length: 700 }, (_, i) => (i * 37 + 3) & 0x7f);
    storage.write('.bootcde', 'var old = 1;');
    storage.write('lplog', oldLog, 0, 4096);
    const image = flashImage(new TextEncoder().encode('var fresh = 1;'.repeat(200)));
    const config = { rateHz: 104, rawStream: 0, speedMms: 0, autoStart: 1 };
    const held: HeldStorageCopies = {};
    let bootWrites = 0;
    const dropping = podConsoleOn(storage, (expression) => {
      if (expression.startsWith('require("Storage").write(".bootcde"') && ++bootWrites === 2) throw new Error('the link went down');
    });
    let error: unknown;
    await flashAndConfigure(dropping, image, config, () => undefined, held).catch((e) => { error = e; });
    expect((error as Error).message).to.equal('the link went down');
    expect(storage.list(), 'the log is off the pod').to.not.include('lplog');
    expect(held.copies?.map((c) => c.name)).to.deep.equal(['lplog']);
    // the next attempt: the pod's Storage holds a part of the firmware only; the held log goes back
    const lines: string[] = [];
    await flashAndConfigure(podConsoleOn(storage), image, config, (p) => lines.push(p.line), held);
    expect(lines).to.include('lplog: 700 bytes held from the upload cut short, to be written back');
    expect(Buffer.from(storage.fileBytes('lplog') as Uint8Array).subarray(0, 700)).to.deep.equal(Buffer.from(oldLog));
    expect(held.copies).to.equal(undefined);
  });
});

describe('set-up page flasher: a pod that stops answering', () => {
  it('says where the upload was and what to do, not the line it sent; the pod\'s log stays with the page', async () => {
    const storage = new SimStorage();
    storage.write('.bootcde', 'var old = 1;');
    storage.write('lplog', Uint8Array.from({ length: 300 }, (_, i) => i & 0x7f), 0, 1024);
    const image = flashImage(new TextEncoder().encode('var fresh = 1;'.repeat(200)));
    const held: HeldStorageCopies = {};
    let bootWrites = 0;
    const answering = podConsoleOn(storage);
    // the link stays up; the third chunk is never answered (the console gives up on it)
    const silent = {
      evaluate: async (expression: string): Promise<unknown> => {
        if (expression.startsWith('require("Storage").write(".bootcde"') && ++bootWrites === 3) throw new Error(`the pod did not answer ${expression.slice(0, 60)}…`);
        return answering.evaluate(expression);
      },
      linked: () => true,
    };
    let error: unknown;
    await flashAndConfigure(silent, image, { rateHz: 104, rawStream: 0, speedMms: 0, autoStart: 1 }, () => undefined, held).catch((e) => { error = e; });
    const chunks = Math.ceil(image.bytes.length / 1024);
    expect(chunks).to.be.greaterThan(2);
    expect((error as Error).message).to.equal(`the pod stopped answering at chunk 3 of ${chunks} of the firmware, its link still up: check its power, then press Connect and upload again`);
    expect(held.copies?.map((c) => c.name)).to.deep.equal(['lplog']);
  });
});
