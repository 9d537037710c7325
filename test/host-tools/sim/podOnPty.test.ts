// The simulated pod's cable (PodOnPty): pulled and put back at the same path, and a pod stopped
// while it is out, as `lumbarpod simulate --unplug` stopped by Ctrl-C or SIGTERM: it stays out,
// whether it was waiting to be put back, not ready yet or being put back, and nothing fails later.
import { expect } from 'chai';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { SerialPort } from 'serialport';
import { openHangupSafePort } from '../../../host-tools/link/hangupSafePort';
import { POD_BAUD_RATE } from '../../../host-tools/link/podSerialLink';
import { PodOnPty, startPodOnPty } from '../../../host-tools/sim/podOnPty';
import { PodSimulator } from '../../../host-tools/sim/podSimulator';

/** a pod that answers each byte with its capital (the console moved off Serial1, as the firmware does) */
const ECHO_FIRMWARE = `
E.setConsole(LoopbackA, { force: true });
Serial1.setup(9600, { rx: D29, tx: D28 });
Serial1.on('data', function (d) { Serial1.write(d.toUpperCase()); });`;

/** wall ms a test waits past when a cancelled replug would have come */
const LATER_MS = 300;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** what the pod answers to `text` over the host's end of the cable */
async function echoed(hostPath: string, text: string): Promise<string> {
  const port: SerialPort = await openHangupSafePort(hostPath, POD_BAUD_RATE);
  try {
    let got = '';
    const answered = new Promise<void>((resolve) => port.on('data', (d: Buffer) => {
      got += d.toString();
      if (got.length >= text.length) resolve();
    }));
    port.write(text);
    await answered;
    return got;
  } finally {
    await new Promise<void>((resolve) => port.close(() => resolve()));
  }
}

describe('the simulated pod\'s cable (PodOnPty)', function () {
  this.timeout(20000);
  let dir = '';
  let pod: PodOnPty | undefined;
  /** promise rejections nobody handled while a test ran */
  let unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown): void => { unhandled.push(reason); };

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lumbarpod-cable-'));
    unhandled = [];
    process.on('unhandledRejection', onUnhandled);
  });
  afterEach(async () => {
    if (pod !== undefined) await pod.close();
    pod = undefined;
    process.off('unhandledRejection', onUnhandled);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** the pod on a pty with its links in `linkDir` (undefined: a directory of its own, removed by close) */
  async function podOn(linkDir: string | undefined): Promise<PodOnPty> {
    pod = await startPodOnPty(new PodSimulator({ bundleSource: ECHO_FIRMWARE }), { speed: 1, dir: linkDir });
    return pod;
  }

  it('pulled and put back: the host finds the pod at the same path', async () => {
    const plugged = await podOn(dir);
    expect(await echoed(plugged.hostPath, 'abc')).to.equal('ABC');
    expect(await plugged.unplugFor(50)).to.equal(true);
    expect(await echoed(plugged.hostPath, 'def')).to.equal('DEF');
  });

  for (const [what, linkDir] of [['in a directory it was given', 'given'], ['in a directory of its own', undefined]] as const) {
    it(`stopped while out, ${what}: the replug due is called off, and one asked for afterwards does nothing`, async () => {
      const plugged = await podOn(linkDir === undefined ? undefined : dir);
      const back = plugged.unplugFor(LATER_MS / 2);
      await sleep(20);
      await plugged.close();
      expect(await back, 'not put back').to.equal(false);
      await plugged.replug(0);
      await sleep(LATER_MS);
      expect(fs.existsSync(plugged.hostPath), 'no port at the host\'s path').to.equal(false);
      expect(unhandled).to.deep.equal([]);
    });

    it(`stopped while being put back, ${what}: what the replug opened is closed again, and it fails nothing`, async () => {
      const plugged = await podOn(linkDir === undefined ? undefined : dir);
      await plugged.unplug();
      const replugging = plugged.replug(0);
      await plugged.close();
      await replugging;
      await sleep(LATER_MS);
      expect(fs.existsSync(plugged.hostPath), 'no port at the host\'s path').to.equal(false);
      expect(unhandled).to.deep.equal([]);
    });
  }

  it('stopped while its port is there but not ready: the path goes, and no port comes', async () => {
    const plugged = await podOn(dir);
    const back = plugged.unplugFor(10, 60000);
    const notReady = (): boolean => fs.existsSync(plugged.hostPath) && fs.realpathSync(plugged.hostPath) === '/dev/null';
    const deadline = Date.now() + 5000;
    while (!notReady() && Date.now() < deadline) await sleep(10);
    expect(notReady(), 'the port there, not ready yet').to.equal(true);
    await plugged.close();
    expect(await back).to.equal(false);
    await sleep(LATER_MS);
    expect(fs.existsSync(plugged.hostPath)).to.equal(false);
    expect(unhandled).to.deep.equal([]);
  });
});
