// Runs JavaScript in a Linux build of the Espruino interpreter (ESPRUINO_BIN, built outside the
// project: ../shared/espruino-facts.md, 6). Tests that need it skip with the reason when it is absent.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** why ESPRUINO_BIN cannot be used, or '' when it can */
export function espruinoProblem(bin: string | undefined): string {
  if (bin === undefined || bin === '') return 'ESPRUINO_BIN not set';
  try {
    fs.accessSync(bin, fs.constants.X_OK);
  } catch (e) {
    return `ESPRUINO_BIN not executable (${bin})`;
  }
  return '';
}

export interface EspruinoRunResult {
  /** output lines with CRs and prompt redraws removed */
  lines: string[];
  raw: string;
  status: number | null;
}

/**
 * Runs `source` with a temp dir as cwd (the Linux build keeps Storage in ./espruino.flash) and
 * stdin closed. The interpreter evaluates the file, runs timers until none remain or quit() is
 * called, and exits.
 */
export function espruinoRun(bin: string, source: string, timeoutS: number): EspruinoRunResult {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lumbarpod-espruino-'));
  try {
    const file = path.join(dir, 'run.js');
    fs.writeFileSync(file, source);
    const result = spawnSync(bin, [file], {
      cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: timeoutS * 1000, killSignal: 'SIGKILL',
      maxBuffer: 64 * 1024 * 1024,
    });
    const raw = (result.stdout || '') + (result.stderr || '');
    // eslint-disable-next-line no-control-regex
    const lines = raw.split('\n').map((line) => line.replace(/\r/g, '').replace(/^>?\x1b\[J/, ''));
    return { lines, raw, status: result.status };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
