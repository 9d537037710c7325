// A serialport SerialPort that closes when its tty hangs up. @serialport/bindings-cpp 13.0.0
// (the version serialport 13 pins) retries a read that returns 0 bytes at once and forever, but a
// hung-up tty (USB serial unplugged, a pty whose pair is gone) reads 0 bytes: the read spins on
// the thread pool and 'close' never comes (serialport/bindings-cpp#162, fixed upstream by
// returning the 0). Here a 0-byte read is an error, which the stream turns into a disconnect.
import { read as fsRead } from 'fs';
import { promisify } from 'util';
import { SerialPort } from 'serialport';

const readAsync = promisify(fsRead);

/** the parts of a serialport binding this file uses (the three platform types do not unify) */
interface Binding {
  list(): Promise<unknown>;
  open(options: unknown): Promise<unknown>;
}
type ReadResult = { buffer: Buffer; bytesRead: number };

/** what the unix bindings (Linux, macOS) expose of an open port: its fd and readiness poller */
interface UnixBindingPort {
  fd: number | null;
  poller: { once(event: 'readable', callback: (err: Error | null) => void): unknown };
  read(buffer: Buffer, offset: number, length: number): Promise<ReadResult>;
}

function isUnixBindingPort(port: unknown): port is UnixBindingPort {
  const p = port as Partial<UnixBindingPort>;
  return typeof p.fd === 'number' && typeof p.poller === 'object' && p.poller !== null;
}

/** the stream ignores errors marked canceled (a read cut short by close()) */
function canceled(message: string): Error {
  return Object.assign(new Error(message), { canceled: true });
}

function readable(port: UnixBindingPort): Promise<void> {
  return new Promise((resolve, reject) => {
    port.poller.once('readable', (err) => (err ? reject(err) : resolve()));
  });
}

/** bindings-cpp's unixRead without the retry on 0 bytes: the fd is non-blocking, so 0 is end of file */
async function readUntilHangup(port: UnixBindingPort, buffer: Buffer, offset: number, length: number): Promise<ReadResult> {
  for (;;) {
    if (port.fd === null) throw canceled('Port is not open');
    try {
      const { bytesRead } = await readAsync(port.fd, buffer, offset, length, null);
      if (bytesRead === 0) throw Object.assign(new Error('the port hung up (end of file)'), { code: 'EOF' });
      return { bytesRead, buffer };
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'EAGAIN' && code !== 'EWOULDBLOCK' && code !== 'EINTR') throw err;
      if (port.fd === null) throw canceled('Port is not open');
      await readable(port);
    }
  }
}

/** the platform's binding, with the read above on unix ports (Windows ports are left as they are) */
const DETECTED_BINDING = SerialPort.binding as unknown as Binding;
const HANGUP_SAFE_BINDING: Binding = {
  list: () => DETECTED_BINDING.list(),
  open: async (options) => {
    const port = await DETECTED_BINDING.open(options);
    if (isUnixBindingPort(port)) {
      const unixPort = port;
      unixPort.read = (buffer, offset, length) => readUntilHangup(unixPort, buffer, offset, length);
    }
    return port;
  },
};

/** opens `path` (autoOpen off, then open) and resolves with the port, or rejects with serialport's error */
export function openHangupSafePort(path: string, baudRate: number): Promise<SerialPort> {
  // SerialPort's options type leaves out `binding`, but its constructor passes one given on
  const options = { path, baudRate, autoOpen: false, binding: HANGUP_SAFE_BINDING };
  const port = new SerialPort(options as unknown as ConstructorParameters<typeof SerialPort>[0]);
  return new Promise((resolve, reject) => {
    port.open((err) => (err ? reject(err) : resolve(port)));
  });
}
