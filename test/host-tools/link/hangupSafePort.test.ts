import { expect } from 'chai';
import { SerialPort } from 'serialport';
import { openHangupSafePort } from '../../../host-tools/link/hangupSafePort';
import { openPtyPair } from '../../../host-tools/sim/ptyPair';

/** resolves with the close event's error, or 'no close' after timeoutMs */
function closeOf(port: SerialPort, timeoutMs: number): Promise<(Error & { disconnected?: boolean }) | null | 'no close'> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve('no close'), timeoutMs);
    port.once('close', (err: Error | null) => {
      clearTimeout(timer);
      resolve(err);
    });
  });
}

describe('openHangupSafePort', function () {
  this.timeout(30000);

  it('closes as disconnected when the tty hangs up before its first read (serialport alone spins on it)', async () => {
    // the hang-up lands before or after the first read at random: 20 rounds meet both orders
    // (plain serialport 13 missed about every third)
    for (let round = 0; round < 20; round++) {
      const pair = await openPtyPair();
      const port = await openHangupSafePort(pair.hostPath, 115200);
      port.resume();
      const closed = closeOf(port, 2000);
      await pair.close();
      const err = await closed;
      if (err === 'no close' && port.isOpen) port.close();
      expect(err, `round ${round}`).to.not.equal('no close');
      expect(err !== 'no close' && err !== null && err.disconnected, `round ${round}`).to.equal(true);
    }
  });

  it('closes as disconnected when the tty hangs up while it waits for data', async () => {
    const pair = await openPtyPair();
    const port = await openHangupSafePort(pair.hostPath, 115200);
    port.resume();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const closed = closeOf(port, 2000);
    await pair.close();
    const err = await closed;
    expect(err).to.not.equal('no close');
    expect(err !== 'no close' && err !== null && err.disconnected).to.equal(true);
  });

  it('rejects with serialport\'s error for a path that is not there', async () => {
    let caught: unknown;
    await openHangupSafePort('/nonexistent/ttyUSB7', 115200).catch((err) => {
      caught = err;
    });
    expect((caught as Error).message).to.match(/No such file or directory/);
  });
});
