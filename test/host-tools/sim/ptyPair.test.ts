import { expect } from 'chai';
import { spawn } from 'child_process';
import { once } from 'events';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { SerialPort } from 'serialport';
import { openHangupSafePort } from '../../../host-tools/link/hangupSafePort';
import { PtyPair, PtyPairError, SOCAT_MISSING_MESSAGE, SocatMissingError, openPtyPair } from '../../../host-tools/sim/ptyPair';

function openPort(portPath: string): Promise<SerialPort> {
  // serialport's own binding can miss a hang-up (see hangupSafePort.ts)
  return openHangupSafePort(portPath, 115200);
}

function closePort(port: SerialPort): Promise<void> {
  return port.isOpen ? new Promise((resolve) => port.close(() => resolve())) : Promise.resolve();
}

/** everything read from `port` until it holds `length` bytes */
function readBytes(port: SerialPort, length: number): Promise<Buffer> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let total = 0;
    const onData = (chunk: Buffer): void => {
      chunks.push(chunk);
      total += chunk.length;
      if (total >= length) {
        port.removeListener('data', onData);
        resolve(Buffer.concat(chunks));
      }
    };
    port.on('data', onData);
  });
}

function allBytes(): Buffer {
  return Buffer.from(Array.from({ length: 256 }, (_, b) => b));
}

describe('openPtyPair', function () {
  // socat starts in about 10 ms; anything near this limit is a hang, not a slow machine
  this.timeout(15000);
  let pair: PtyPair | undefined;
  const ports: SerialPort[] = [];

  afterEach(async () => {
    for (const port of ports.splice(0)) await closePort(port);
    if (pair) await pair.close();
    pair = undefined;
  });

  it('links two pseudo-terminals: every byte value written on one side arrives unchanged on the other, both ways', async () => {
    pair = await openPtyPair();
    const pod = await openPort(pair.podPath);
    const host = await openPort(pair.hostPath);
    ports.push(pod, host);
    // raw mode: no echo, no CR/LF translation, 0x03 and 0x04 are data, not signals or EOF
    const toHost = readBytes(host, 256);
    pod.write(allBytes());
    expect(await toHost).to.deep.equal(allBytes());
    const toPod = readBytes(pod, 256);
    host.write(allBytes().reverse());
    expect(await toPod).to.deep.equal(allBytes().reverse());
  });

  it('names the pty devices behind its links, pod first', async () => {
    pair = await openPtyPair();
    expect(pair.devicePaths[0]).to.match(/^\/dev\/pts\/\d+$/);
    expect(fs.realpathSync(pair.podPath)).to.equal(pair.devicePaths[0]);
    expect(fs.realpathSync(pair.hostPath)).to.equal(pair.devicePaths[1]);
  });

  it('makes its links in a given directory, replaces stale ones, and close removes them but not the directory', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lumbarpod-pty-test-'));
    try {
      // a crashed run leaves its links behind, pointing nowhere
      fs.symlinkSync('/dev/pts/stale', path.join(dir, 'pod'));
      pair = await openPtyPair(dir);
      expect(pair.podPath).to.equal(path.join(dir, 'pod'));
      expect(pair.hostPath).to.equal(path.join(dir, 'host'));
      expect(fs.realpathSync(pair.podPath)).to.match(/^\/dev\/pts\/\d+$/);
      await pair.close();
      pair = undefined;
      expect(fs.readdirSync(dir)).to.deep.equal([]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('removes the temporary directory it made, and a second close does nothing more', async () => {
    const opened = await openPtyPair();
    const dir = path.dirname(opened.podPath);
    expect(fs.existsSync(dir)).to.equal(true);
    await opened.close();
    expect(fs.existsSync(dir)).to.equal(false);
    await opened.close();
  });

  it('keeps the pair when one side closes its port, so a host can open it again (close() is the unplug)', async () => {
    pair = await openPtyPair();
    const pod = await openPort(pair.podPath);
    ports.push(pod);
    const first = await openPort(pair.hostPath);
    await closePort(first);
    const host = await openPort(pair.hostPath);
    ports.push(host);
    const toHost = readBytes(host, 3);
    pod.write(Buffer.from([1, 2, 3]));
    expect(await toHost).to.deep.equal(Buffer.from([1, 2, 3]));
  });

  it('hangs up both sides when closed, as when a pod is unplugged', async () => {
    pair = await openPtyPair();
    const host = await openPort(pair.hostPath);
    ports.push(host);
    // a port notices the hang-up when it reads, and a host that listens always reads
    host.resume();
    const closed = once(host, 'close');
    await pair.close();
    const [err] = (await closed) as [Error & { disconnected?: boolean }];
    expect(err.disconnected).to.equal(true);
  });

  it('ends socat when the process that opened the pair is killed outright (SIGKILL), so no pair stays open in the next one\'s way', async function () {
    if (process.platform !== 'linux') this.skip();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lumbarpod-pty-killed-'));
    /** the pids of the processes whose command line names the pair's directory (socat) */
    const socats = (): number[] => fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p)).filter((p) => {
      try {
        return fs.readFileSync(`/proc/${p}/cmdline`, 'utf8').includes(dir) && Number(p) !== child.pid;
      } catch (e) {
        return false;
      }
    }).map(Number);
    const script = `require('./host-tools/sim/ptyPair').openPtyPair(${JSON.stringify(dir)}).then(() => console.log('ready'), (e) => { console.error(e.message); process.exit(1); })`;
    const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', script], { cwd: path.resolve(__dirname, '..', '..', '..'), stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      await new Promise<void>((resolve, reject) => {
        child.stdout!.on('data', (chunk: Buffer) => { if (chunk.toString().includes('ready')) resolve(); });
        child.once('exit', (code) => reject(new Error(`the process ended (${code}) before the pair was ready`)));
      });
      expect(socats().length, 'socat runs').to.equal(1);
      child.kill('SIGKILL');
      await once(child, 'exit');
      const deadline = Date.now() + 5000;
      while (socats().length > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(socats(), 'socat still running after its parent was killed').to.deep.equal([]);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      for (const pid of socats()) process.kill(pid, 'SIGKILL');
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('says how to install socat when it is missing', async () => {
    let caught: unknown;
    try {
      pair = await openPtyPair(undefined, { socatPath: '/nonexistent/socat' });
    } catch (err) {
      caught = err;
    }
    expect(caught).to.be.instanceOf(SocatMissingError);
    expect((caught as Error).message).to.equal(SOCAT_MISSING_MESSAGE);
    expect(SOCAT_MISSING_MESSAGE).to.equal('socat not found: install it (apt-get install socat) or run npm test/npm start, which install it');
  });

  it('passes on socat\'s own reason when it cannot make the links, and leaves nothing behind', async () => {
    const dir = path.join(os.tmpdir(), `lumbarpod-no-such-dir-${process.pid}`);
    let caught: unknown;
    try {
      pair = await openPtyPair(dir);
    } catch (err) {
      caught = err;
    }
    expect(caught).to.be.instanceOf(PtyPairError);
    expect((caught as Error).message).to.match(/^socat ended .* before the pseudo-terminals were ready: .*No such file or directory/);
    expect((caught as Error).message).to.not.contain('\n');
    expect(fs.existsSync(dir)).to.equal(false);
  });
});
