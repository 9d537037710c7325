// The device bench's second instruction counter: the same scripts in an ARM (32-bit, Thumb-2)
// Linux build of the interpreter, the kind of code the Puck runs, under QEMU's user-mode
// emulator with a plugin (qemuInsnCount.c) that counts guest instructions between the same marks
// callgrind cuts at on x86. It checks that statement-equivalents carry across instruction sets.
//
// Env: ESPRUINO_ARM_BIN, an Espruino interpreter built for ARM Linux outside the project (as
// ESPRUINO_BIN, ../shared/espruino-facts.md 6; not stripped: the mark is found by its symbol);
// QEMU_ARM, the emulator (default qemu-arm); QEMU_LD_PREFIX, where the ARM C library lives
// (default /usr/arm-linux-gnueabihf, Debian's libc6-armhf-cross). The plugin is compiled with the
// host's cc on first use.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { binaryProblem, EspruinoCommand } from '../e2e/espruinoRun';
import { CallgrindResult, MARK_SYMBOL, runCounted } from './espruinoCallgrind';

const QEMU_ARM = process.env.QEMU_ARM || 'qemu-arm';
const QEMU_LD_PREFIX = process.env.QEMU_LD_PREFIX || '/usr/arm-linux-gnueabihf';
const PLUGIN_SOURCE = path.join(__dirname, 'qemuInsnCount.c');

/** why the ARM figures cannot be measured, or '' when they can */
export function armBenchProblem(bin: string | undefined): string {
  const problem = binaryProblem('ESPRUINO_ARM_BIN', bin, 'readable');
  if (problem !== '') return problem;
  const qemu = spawnSync(QEMU_ARM, ['--version'], { encoding: 'utf8' });
  if (qemu.error !== undefined || qemu.status !== 0) return `${QEMU_ARM} not found (Debian: qemu-user)`;
  const cc = spawnSync('cc', ['--version'], { encoding: 'utf8' });
  if (cc.error !== undefined || cc.status !== 0) return 'cc not found (it compiles the QEMU plugin)';
  return '';
}

let pluginPath: string | undefined;

/** the plugin, compiled once per process into a temp dir */
function insnCountPlugin(): string {
  if (pluginPath !== undefined) return pluginPath;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lumbarpod-qemu-plugin-'));
  const out = path.join(dir, 'libinsncount.so');
  // the QEMU plugin API is resolved from the emulator when it loads the plugin
  const cc = spawnSync('cc', ['-shared', '-fPIC', '-O2', '-o', out, PLUGIN_SOURCE, '-Wl,--unresolved-symbols=ignore-all'], { encoding: 'utf8' });
  if (cc.status !== 0) throw new Error(`compiling ${PLUGIN_SOURCE} failed:\n${cc.stderr}`);
  pluginPath = out;
  return out;
}

/** parts written by the plugin: "part K N" per line, N guest instructions between mark K-1 and mark K */
function readPluginParts(file: string): number[] {
  const parts: number[] = [];
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    const m = /^part (\d+) (\d+)$/.exec(line);
    if (m !== null) parts[Number(m[1])] = Number(m[2]);
  }
  return parts;
}

const PARTS_FILE = 'parts.txt';

/** runs the script in ESPRUINO_ARM_BIN under the emulator, counting ARM instructions part by part */
export function runQemuCounted(bin: string, script: string, expectedParts: number, timeoutS = 600): Promise<CallgrindResult> {
  const plugin = insnCountPlugin();
  return runCounted({
    counter: 'the QEMU plugin',
    command: QEMU_ARM,
    args: (file, dir) => ['-L', QEMU_LD_PREFIX, '-plugin', `${plugin},mark=${MARK_SYMBOL},out=${path.join(dir, PARTS_FILE)}`, bin, file],
    readParts: (dir) => readPluginParts(path.join(dir, PARTS_FILE)),
  }, bin, script, expectedParts, timeoutS);
}

/** the emulator's command line for an ARM build of the interpreter, before the script */
export function qemuCommand(bin: string): EspruinoCommand {
  return { command: QEMU_ARM, args: ['-L', QEMU_LD_PREFIX, bin] };
}
