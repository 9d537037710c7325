// Runs JavaScript in a Linux build of the Espruino interpreter (ESPRUINO_BIN, built outside the
// project: ../shared/espruino-facts.md, 6). Tests that need it skip with the reason when it is absent.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { BundleSpec, builtBundleOnce } from '../../scripts/build';

/** why the file an environment variable names cannot be used, or '' when it can */
export function binaryProblem(variable: string, bin: string | undefined, access: 'executable' | 'readable' = 'executable'): string {
  if (bin === undefined || bin === '') return `${variable} not set`;
  try {
    fs.accessSync(bin, access === 'executable' ? fs.constants.X_OK : fs.constants.R_OK);
  } catch (e) {
    return `${variable} not ${access} (${bin})`;
  }
  return '';
}

/** why ESPRUINO_BIN cannot be used, or '' when it can */
export function espruinoProblem(bin: string | undefined): string {
  return binaryProblem('ESPRUINO_BIN', bin);
}

/** what a suite in the interpreter runs with, filled in before its first test */
export interface EspruinoSuite {
  bin: string;
  /** the freshly built bundle as it is uploaded (pretokenised for a board's firmware) */
  bundle: string;
}

/**
 * A mocha suite that runs one built bundle in the interpreter (ESPRUINO_BIN): skipped, with the
 * reason in its title, when the interpreter cannot be used.
 */
export function describeInEspruino(title: string, spec: BundleSpec, body: (suite: EspruinoSuite) => void): void {
  const bin = process.env.ESPRUINO_BIN;
  const problem = espruinoProblem(bin);
  const suite: EspruinoSuite = { bin: bin || '', bundle: '' };
  describe(problem === ''
    ? `${title} (ESPRUINO_BIN)`
    : `${problem}: ${title} skipped (point ESPRUINO_BIN at a Linux build of Espruino)`, () => {
    before(function () {
      if (problem !== '') this.skip();
      this.timeout(60000);
      return builtBundleOnce(spec).then((built) => {
        suite.bundle = built.uploaded;
      });
    });
    body(suite);
  });
}

/**
 * A script as the interpreter reads its file: one byte per character, so a pretokenised bundle's
 * tokens (0x80 and up) arrive as the single bytes the pod's Storage holds. Throws on a character
 * above 0xFF, which has no such byte.
 */
export function espruinoScriptBytes(script: string): Buffer {
  for (let i = 0; i < script.length; i++) {
    if (script.charCodeAt(i) > 0xff) throw new Error(`script character ${script.charCodeAt(i)} at ${i} is not one byte`);
  }
  return Buffer.from(script, 'latin1');
}

export interface EspruinoRunResult {
  /** output lines with CRs and prompt redraws removed */
  lines: string[];
  raw: string;
  status: number | null;
}

/** an interpreter that runs under an emulator: the emulator and its arguments before the interpreter's own */
export interface EspruinoCommand {
  command: string;
  args: string[];
}

/**
 * Runs `source` with a temp dir as cwd (the Linux build keeps Storage in ./espruino.flash) and
 * stdin closed. The interpreter evaluates the file, runs timers until none remain or quit() is
 * called, and exits. The `setup` scripts run first, one interpreter each, in the same dir: what
 * they write to Storage is there for `source`; each must print `setupDone`.
 */
export function espruinoRun(bin: string | EspruinoCommand, source: string, timeoutS: number,
  setup: string[] = [], setupDone = ''): EspruinoRunResult {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lumbarpod-espruino-'));
  try {
    for (const [k, script] of setup.entries()) {
      const result = espruinoRunIn(dir, bin, script, timeoutS);
      if (!result.lines.includes(setupDone)) throw new Error(`setup script ${k + 1} of ${setup.length} did not finish:\n${result.raw.slice(-1000)}`);
    }
    return espruinoRunIn(dir, bin, source, timeoutS);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function espruinoRunIn(dir: string, bin: string | EspruinoCommand, source: string, timeoutS: number): EspruinoRunResult {
  const file = path.join(dir, 'run.js');
  fs.writeFileSync(file, espruinoScriptBytes(source));
  const command = typeof bin === 'string' ? { command: bin, args: [] } : bin;
  const result = spawnSync(command.command, [...command.args, file], {
    cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: timeoutS * 1000, killSignal: 'SIGKILL',
    maxBuffer: 64 * 1024 * 1024,
  });
  const raw = (result.stdout || '') + (result.stderr || '');
  // eslint-disable-next-line no-control-regex
  const lines = raw.split('\n').map((line) => line.replace(/\r/g, '').replace(/^>?\x1b\[J/, ''));
  return { lines, raw, status: result.status };
}
