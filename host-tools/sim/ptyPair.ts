// Two linked pseudo-terminals from socat: the simulated pod opens podPath, host tools open
// hostPath as they would a real pod's serial port. Both are real ttys (termios, EIO on hang-up),
// so the host code under test is the code that talks to a pod on a cable.
import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { UserError } from '../cli/userError';

export const SOCAT_MISSING_MESSAGE = 'socat not found: install it (apt-get install socat) or run npm test/npm start, which install it';

/** time for socat to make both ptys; it takes about 10 ms, a loaded CI machine far more */
export const DEFAULT_PTY_READY_TIMEOUT_MS = 10000;

/** how long close() lets socat remove its links on SIGTERM before it sends SIGKILL */
const SOCAT_EXIT_GRACE_MS = 2000;

/** opening the pair failed (socat missing, refused the directory, or too slow): one line */
export class PtyPairError extends UserError {
  constructor(message: string) {
    super(message);
    this.name = 'PtyPairError';
  }
}

export class SocatMissingError extends PtyPairError {
  constructor() {
    super(SOCAT_MISSING_MESSAGE);
    this.name = 'SocatMissingError';
  }
}

export interface PtyPairOptions {
  /** the socat program (default 'socat' on PATH) */
  socatPath?: string;
  readyTimeoutMs?: number;
}

export interface PtyPair {
  /** symlink to the pod's pty (the simulator opens it) */
  podPath: string;
  /** symlink to the host's pty (what `lumbarpod record` opens, like /dev/ttyACM0) */
  hostPath: string;
  /** the pty devices behind the links (/dev/pts/N), pod first */
  devicePaths: [string, string];
  /** ends socat (both sides see a hang-up, as when a pod is unplugged) and removes the links
   * (and the directory when openPtyPair made it); safe to call more than once */
  close(): Promise<void>;
}

/** the executable `program` names (a path, or a name looked up on PATH), or undefined when there is none */
function executable(program: string): string | undefined {
  const candidates = program.includes('/') ? [program] : (process.env.PATH ?? '').split(path.delimiter).filter((d) => d !== '').map((d) => path.join(d, program));
  return candidates.find((file) => {
    try {
      fs.accessSync(file, fs.constants.X_OK);
      return fs.statSync(file).isFile();
    } catch (e) {
      return false;
    }
  });
}

/**
 * The command that runs `program` `args` so that it ends when this process does, however this
 * process ends (SIGKILL too, which leaves no exit handler a chance): through util-linux's
 * setpriv, which sets the parent-death signal (SIGTERM, so socat still removes its links) and
 * execs it under the same pid. socat has no option of its own for this. Where setpriv is missing
 * (not Linux), `program` is run as it is.
 */
function endingWithThisProcess(program: string, args: string[]): [string, string[]] {
  const setpriv = process.platform === 'linux' ? executable('setpriv') : undefined;
  return setpriv === undefined ? [program, args] : [setpriv, ['--pdeathsig', 'TERM', '--', program, ...args]];
}

function isSymlink(file: string): boolean {
  try {
    return fs.lstatSync(file).isSymbolicLink();
  } catch (err) {
    return false;
  }
}

/**
 * Starts `socat pty,raw,echo=0,link=<dir>/pod pty,raw,echo=0,link=<dir>/host` and resolves once
 * socat has made both ptys and entered its transfer loop. Without `dir`, a fresh temporary
 * directory is made (and removed by close). Stale links in `dir` from a run that crashed are
 * replaced. Rejects with SocatMissingError when socat is not installed, PtyPairError otherwise.
 * Closing either port does not end the pair (socat keeps its own slave open, like a USB cable
 * that stays plugged when a program closes the port): only close() unplugs, or this process
 * ending, however it ends (socat is told to end with it).
 */
export async function openPtyPair(dir?: string, options: PtyPairOptions = {}): Promise<PtyPair> {
  const ownDir = dir === undefined;
  const linkDir = ownDir ? fs.mkdtempSync(path.join(os.tmpdir(), 'lumbarpod-pty-')) : path.resolve(dir);
  const podPath = path.join(linkDir, 'pod');
  const hostPath = path.join(linkDir, 'host');
  for (const link of [podPath, hostPath]) if (isSymlink(link)) fs.unlinkSync(link);

  const cleanUp = (): void => {
    for (const link of [podPath, hostPath]) if (isSymlink(link)) fs.unlinkSync(link);
    if (ownDir) fs.rmSync(linkDir, { recursive: true, force: true });
  };

  // looked up here: through setpriv, a missing socat would be setpriv's failure, not spawn's
  const socatPath = executable(options.socatPath || 'socat');
  if (socatPath === undefined) {
    cleanUp();
    throw new SocatMissingError();
  }
  // a simulator killed outright (SIGKILL) must not leave socat holding the pair open
  const [command, args] = endingWithThisProcess(socatPath, ['-d', '-d', `pty,raw,echo=0,link=${podPath}`, `pty,raw,echo=0,link=${hostPath}`]);
  const socat = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  const exited = new Promise<void>((resolve) => {
    socat.once('exit', () => resolve());
    // no 'exit' follows a failed spawn
    socat.once('error', () => resolve());
  });

  let devicePaths: string[];
  try {
    devicePaths = await waitUntilReady(socat, options.readyTimeoutMs === undefined ? DEFAULT_PTY_READY_TIMEOUT_MS : options.readyTimeoutMs);
  } catch (err) {
    socat.kill('SIGKILL');
    await exited;
    cleanUp();
    throw err;
  }
  // the pipe stays drained, or a chatty socat would block on a full stderr
  socat.stderr!.resume();

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    if (closing === undefined) {
      closing = (async () => {
        if (socat.exitCode === null && socat.signalCode === null) {
          socat.kill('SIGTERM');
          const timer = setTimeout(() => socat.kill('SIGKILL'), SOCAT_EXIT_GRACE_MS);
          await exited;
          clearTimeout(timer);
        }
        cleanUp();
      })();
    }
    return closing;
  };
  return { podPath, hostPath, devicePaths: [devicePaths[0], devicePaths[1]], close };
}

/** the two pty devices, once socat says "starting data transfer loop" (both links exist then) */
function waitUntilReady(socat: ChildProcess, timeoutMs: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const devices: string[] = [];
    let stderrText = '';
    let lineStart = 0;
    let done = false;
    const timer = setTimeout(() => finish(new PtyPairError(`socat made no pseudo-terminal pair within ${timeoutMs} ms${lastError()}`)), timeoutMs);

    function lastError(): string {
      // socat's own reason, e.g. "E ... link(...): No such file or directory"
      const errors = stderrText.split('\n').filter((line) => / [EF] /.test(line));
      return errors.length > 0 ? `: ${errors[errors.length - 1].replace(/^.*? [EF] /, '')}` : '';
    }

    function finish(result: Error | string[]): void {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socat.stderr!.removeListener('data', onData);
      socat.removeListener('error', onError);
      socat.removeListener('exit', onExit);
      if (result instanceof Error) reject(result);
      else resolve(result);
    }

    function onData(chunk: Buffer): void {
      stderrText += chunk.toString('utf8');
      let newline: number;
      while ((newline = stderrText.indexOf('\n', lineStart)) >= 0) {
        const line = stderrText.slice(lineStart, newline);
        lineStart = newline + 1;
        const pty = / PTY is (\S+)/.exec(line);
        if (pty) devices.push(pty[1]);
        if (/starting data transfer loop/.test(line) && devices.length === 2) finish(devices);
      }
    }

    function onError(err: NodeJS.ErrnoException): void {
      finish(err.code === 'ENOENT' ? new SocatMissingError() : new PtyPairError(`cannot start socat: ${err.message}`));
    }

    function onExit(code: number | null, signal: string | null): void {
      // the rest of stderr may still be in the pipe when the process is gone
      setImmediate(() => finish(new PtyPairError(`socat ended (${signal || 'exit ' + code}) before the pseudo-terminals were ready${lastError()}`)));
    }

    socat.stderr!.on('data', onData);
    socat.once('error', onError);
    socat.once('exit', onExit);
  });
}
