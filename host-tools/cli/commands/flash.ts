// `lumbarpod flash`: uploads the firmware bundle to a pod in setup mode over its serial console
// with the espruino tools, saved as Storage ".bootcde" so it runs at every boot, checked, then
// started (see flash/flashPod.ts for the sequence and why).
import { Command, InvalidArgumentError, Option } from 'commander';
import { FirmwareBundleError, FLASHABLE_BOARDS, firmwareBundle } from '../../flash/firmwareBundle';
import { FlashError, flashPod } from '../../flash/flashPod';
import { guessPod } from '../../flash/likelyPod';
import { listSerialPorts } from '../../flash/serialPorts';
import { DEFAULT_BOARD_NAME, boardByName, boardNames } from '../boardRegistry';
import { CliCommand, CliIo } from '../cliCommand';
import { portPathOption } from '../portOption';
import { EXIT_USAGE, UserError } from '../userError';

/** Espruino's console baud rate on Serial1 */
export const CONSOLE_BAUD = 9600;

interface FlashCliOptions {
  board: string;
  port?: string;
  bundle?: string;
  baud: number;
  restore?: string;
}

function parseBaud(text: string): number {
  const baud = Number(text);
  if (!Number.isInteger(baud) || baud < 300 || baud > 1000000) throw new InvalidArgumentError('Give the baud rate as a whole number, e.g. 9600.');
  return baud;
}

const HELP_AFTER = `
A pod running its firmware is first asked (rebootToSetup, at 115200 baud) to restart into setup
mode, where its JavaScript console is on the serial port at Espruino's 9600 baud. A pod that does
not answer (its firmware broken, say) gets there if you hold its button while it powers up and
keep it held for 3 s (let go sooner and it starts its firmware-update mode instead). Where
nothing answers at all, the flash stops within seconds, changing nothing, and says what to check:
power, the wiring (the adapter's RX to the pod's TX, its TX to the pod's RX: D28 and D29 on a
Puck.js v2) and setup mode.

What happens (the espruino npm package does the talking):
  1. the pod is asked which board it is (process.env.BOARD; a pod running its firmware, 0.16
     on, names it before it is restarted into setup mode): another board's firmware is refused
     before anything changes
  2. the pod's other Storage files are copied to this computer (kept in
     $XDG_STATE_HOME/lumbarpod, by default ~/.local/state/lumbarpod, until they are back on the
     pod; boot code an earlier program left, .bootrst, .boot0-.boot3 and .varimg, is not) and
     Storage is erased, so the firmware is its first file, which no compaction moves. When the
     log itself would not fit beside the new firmware, nothing is erased: read it first
  3. reset(), then the bundle written to Storage as ".bootcde" in 1 KB chunks: Espruino runs
     that file at every boot, so the firmware survives power cycles; then the copies go back
  4. the pod reads ".bootcde" back and prints its length and CRC32; only if both match is it
     started with load() (the pod comes up in run mode). A bad upload is never started.
A flash cut short after the erase says where the copies are: --restore DIR writes them back
with the firmware. One that fails before the erase, on a pod it restarted into setup mode, has
the pod run the firmware it was running again (load()), and says so.

Exit status: 0 flashed and started; 1 the upload or the check failed, bad bundle or port, the
pod another board; 2 bad usage (unknown option or board, no --port and not exactly one port
that looks like a pod).

Examples:
  lumbarpod flash --port /dev/ttyUSB0
  lumbarpod flash --board puckjs2 --port /dev/ttyUSB0 --bundle my-build.min.js
`;

/** the one likely pod when --port is not given */
async function onlyLikelyPod(): Promise<string> {
  let ports;
  try {
    ports = await listSerialPorts();
  } catch (err) {
    throw new UserError(`no --port given, and the serial ports cannot be listed: ${(err as Error).message}`, EXIT_USAGE);
  }
  const likely = ports.filter((p) => guessPod(p).likely);
  if (likely.length === 1) return likely[0].path;
  if (likely.length === 0) throw new UserError('no --port given and no serial port looks like a pod (lumbarpod ports lists them)', EXIT_USAGE);
  throw new UserError(`no --port given and ${likely.length} ports look like pods (${likely.map((p) => p.path).join(', ')}): choose one with --port`, EXIT_USAGE);
}

async function runFlash(options: FlashCliOptions, io: CliIo): Promise<void> {
  if (boardByName(options.board) === undefined) {
    throw new UserError(`unknown board '${options.board}' (known: ${boardNames().join(', ')})`, EXIT_USAGE);
  }
  let bundle;
  try {
    bundle = await firmwareBundle(options.board, options.bundle);
  } catch (err) {
    if (err instanceof FirmwareBundleError) throw new UserError(err.message);
    throw err;
  }
  if (bundle.built) io.out(`built ${bundle.path}\n`);
  const port = options.port ?? (await onlyLikelyPod());
  try {
    const result = await flashPod({
      port, baud: options.baud, bundlePath: bundle.path, board: boardByName(options.board), restoreDir: options.restore, log: (line) => io.out(line + '\n'),
    });
    io.out(`flashed ${result.bytes} bytes (CRC32 0x${result.crc32.toString(16).padStart(8, '0')}) to .bootcde on ${port}; the pod restarts with it in run mode\n`);
    // what a runner does next: the pod records from its boot unless its settings say otherwise
    io.out(`next: lumbarpod record --port ${port} (or the dashboard, over Bluetooth)\n`);
  } catch (err) {
    if (err instanceof FlashError) throw new UserError(err.message);
    throw err;
  }
}

export const flashCommand: CliCommand = {
  register(program: Command, io: CliIo): void {
    program
      .command('flash')
      .summary('upload the firmware to a pod in setup mode over its serial console')
      .description(
        "Uploads the firmware bundle to a pod in setup mode through Espruino's serial console, saved to Storage " +
          'as .bootcde so it runs at every boot, checks it on the pod, and starts it.',
      )
      .addOption(new Option('--board <name>', `board whose bundle to upload (flashable: ${FLASHABLE_BOARDS.join(', ')})`).default(DEFAULT_BOARD_NAME))
      .addOption(new Option('--port <path>', 'serial port of the pod (default: the one port that looks like a pod)').argParser(portPathOption))
      .addOption(new Option('--bundle <file>', 'bundle to upload, plain or pretokenised; a file that is no LumbarPod firmware build, or a copy of another board\'s build, is refused before the pod is touched (default: the board\'s dist/lumbarpod-*.pretokenised.js, built if missing)'))
      .addOption(new Option('--baud <rate>', 'baud rate of the console').argParser(parseBaud).default(CONSOLE_BAUD))
      .addOption(new Option('--restore <dir>', 'after a flash cut short: write back the pod\'s other files it kept in <dir> (its error names it), not what the pod holds now'))
      .addHelpText('after', HELP_AFTER)
      .action((options: FlashCliOptions) => runFlash(options, io));
  },
};
