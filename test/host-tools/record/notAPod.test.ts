// record and log on a port where nothing answers as a pod (another device's port, a pod in setup mode,
// crossed wires): the error says what to check, not only which command went unanswered.
import { expect } from 'chai';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { SerialPort } from 'serialport';
import { SIM_BOARD } from '../../../boards/sim';
import { UserError } from '../../../host-tools/cli/userError';
import { downloadPodLog } from '../../../host-tools/record/logDownload';
import { runPodSession } from '../../../host-tools/record/podSession';
import { openPtyPair, PtyPair } from '../../../host-tools/sim/ptyPair';

describe('record and log on a port where nothing answers as a pod', function () {
  this.timeout(60000);
  let pair: PtyPair;
  let device: SerialPort;

  before(async () => {
    pair = await openPtyPair();
    // a device on the other end that reads what it is sent and answers with a console's text
    device = await new Promise<SerialPort>((resolve, reject) => {
      const port = new SerialPort({ path: pair.podPath, baudRate: 115200 }, (err) => (err ? reject(err) : resolve(port)));
    });
    device.on('data', () => device.write('>\r\n'));
  });
  after(async () => {
    await new Promise<void>((resolve) => device.close(() => resolve()));
    await pair.close();
  });

  it('names the port and what to check: that it is the pod\'s, in run mode, wired TX to RX', async () => {
    let caught: unknown;
    try {
      await runPodSession({
        portPath: pair.hostPath, board: SIM_BOARD, durationS: 1, raw: true, speedMms: 0,
        reconnectWaitS: 1, write: () => undefined, tty: false, stopRequested: new Promise<void>(() => undefined),
      });
    } catch (err) {
      caught = err;
    }
    expect(caught).to.be.instanceOf(UserError);
    const message = (caught as Error).message;
    expect(message).to.match(/^no reply to getStatus/);
    expect(message).to.contain(`nothing ${pair.hostPath} sent was a pod's frame`);
    expect(message).to.contain('lumbarpod ports').and.contain('setup mode').and.contain('TX goes to its RX');
  });

  it('log says the same, rather than only that getStatus went unanswered', async () => {
    const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lumbarpod-not-a-pod-'));
    let caught: unknown;
    try {
      await downloadPodLog({ portPath: pair.hostPath, outDir: path.join(outDir, 'log'), clear: false });
    } catch (err) {
      caught = err;
    } finally {
      fs.rmSync(outDir, { recursive: true, force: true });
    }
    expect(caught).to.be.instanceOf(UserError);
    const message = (caught as Error).message;
    expect(message).to.match(/^no reply to getStatus/);
    expect(message).to.contain(`nothing ${pair.hostPath} sent was a pod's frame`).and.contain('setup mode');
  });
});
