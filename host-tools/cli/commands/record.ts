// `lumbarpod record --port P` and `lumbarpod stream --port P`: a live session with a pod on a
// serial port (a real pod or `lumbarpod simulate`). record writes a recording directory
// (messages.ndjson, raw.csv, recording.json; see host-tools/recording/podRecording.ts); stream
// only shows the live view. Ctrl-C ends either cleanly; a second skips what is left to wait for
// from the pod, still closing the files; a third quits at once.
import { Command, Option } from 'commander';
import * as os from 'os';
import * as path from 'path';
import { BoardDescription } from '../../../boards/boardTypes';
import { runPodSession } from '../../record/podSession';
import { plural } from '../../report/reportFormat';
import { boardByName, boardNames, DEFAULT_BOARD_NAME } from '../boardRegistry';
import { CliCommand, CliIo } from '../cliCommand';
import { checkFreshOutDir } from '../freshOutDir';
import { portPathOption } from '../portOption';
import { stopSignal } from '../stopSignal';
import { UserError } from '../userError';

interface SessionCliOptions {
  port: string;
  board?: string;
  out?: string;
  duration?: number;
  raw: boolean;
  rawOnly?: boolean;
  wait: number;
  speed?: number;
  rate?: number;
}

/** the longest --duration and --wait taken, s: 7 days, longer than any pod's battery lasts; 1e99 is a typo, not a plan */
const SECONDS_MAX = 7 * 24 * 3600;

function nonNegative(what: string, zero: string): (text: string) => number {
  return (text: string) => {
    const value = Number(text);
    if (text.trim() === '' || !(value >= 0) || !(value <= SECONDS_MAX)) {
      throw new UserError(`give ${what}, a number of seconds from 0 to ${SECONDS_MAX} (7 days; 0: ${zero})`, 2);
    }
    return value;
  };
}

/** a running speed the pod takes: above 0, at most 15 m/s */
function speedMps(text: string): number {
  const value = Number(text);
  if (text.trim() === '' || !(value > 0) || value > 15) throw new UserError('give --speed in m/s, above 0 and at most 15', 2);
  return value;
}

/** a whole number of Hz; whether the board has it is checked once the board is known */
function rateHz(text: string): number {
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || !(value > 0)) throw new UserError('give --rate in Hz, a whole number', 2);
  return value;
}

function boardOf(name: string): BoardDescription {
  const board = boardByName(name);
  if (board === undefined) throw new UserError(`unknown board '${name}' (known: ${boardNames().join(', ')})`, 2);
  return board;
}

function defaultOutDir(): string {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-').replace(/-\d{3}Z$/, 'Z');
  return path.join('recordings', `lumbarpod-${stamp}`);
}

async function runSession(options: SessionCliOptions, record: boolean, io: CliIo): Promise<void> {
  const givenBoard = options.board !== undefined ? boardOf(options.board) : undefined;
  // the pod's own board is known only once it answers: the rate is checked against the given one, or the default's
  const board = givenBoard ?? boardOf(DEFAULT_BOARD_NAME);
  if (options.rate !== undefined && board.supportedRatesHz.indexOf(options.rate) < 0) {
    throw new UserError(`give --rate as one of ${board.supportedRatesHz.join(', ')} Hz (the ${board.name}'s)`, 2);
  }
  const outDir = record ? options.out ?? defaultOutDir() : undefined;
  if (outDir !== undefined) checkFreshOutDir(outDir);
  /** how far the recording got: a quit says what is true of it */
  let stage: 'setting up' | 'starting' | 'writing' = 'setting up';
  /** the pod said yes to the stop at the end: a quit after it does not say it may still be recording */
  let podStopped = false;
  const quitMessage = (): string => {
    if (outDir === undefined) return 'lumbarpod: quit without waiting for the pod\n';
    if (stage === 'setting up') return `lumbarpod: quit before the pod was told to start recording: nothing was recorded, and ${outDir} was not made\n`;
    if (stage === 'starting') return `lumbarpod: quit while the pod was starting to record: nothing was recorded, ${outDir} was not made, and the pod may be recording\n`;
    return `lumbarpod: quit without closing the files: the recording in ${outDir} ends where it was cut (complete: false), ` +
      `${podStopped ? 'and the pod answered that it stopped recording' : 'and the pod may still be recording'}\n`;
  };
  /** brings recording.json up to what was written, once the files are open */
  let writeMetaForQuit = (): void => undefined;
  const signal = stopSignal(() => {
    writeMetaForQuit();
    io.err(quitMessage());
  });
  let result;
  try {
    result = await runPodSession({
      portPath: options.port, board: givenBoard, outDir, durationS: options.duration ?? 0, raw: options.raw, rawOnly: options.rawOnly === true,
      speedMms: options.speed !== undefined ? Math.round(options.speed * 1000) : undefined, rateHz: options.rate,
      reconnectWaitS: options.wait, write: (text) => io.err(text), tty: process.stderr.isTTY === true,
      stopRequested: signal.stopped, hurryRequested: signal.hurried, endedByItself: signal.stop,
      onStage: (reached) => { stage = reached; },
      onFilesOpen: (writeMeta) => { writeMetaForQuit = writeMeta; },
      onPodStopped: () => { podStopped = true; },
    });
  } finally {
    // the session is over, its files closed: a Ctrl-C while the process exits must not end it as cut (130)
    signal.done();
  }
  const stoppedBy = signal.firstSignal() === 'SIGINT' ? 'Ctrl-C' : signal.firstSignal() ?? 'a signal';
  if (outDir !== undefined && result.setUpCut !== undefined) {
    // nothing to show for it: a script that goes on to the recording must not take this for one
    const sent = result.sentBeforeCut.length > 0 ? `; it had been sent ${result.sentBeforeCut.join(', ')}` : '';
    throw new UserError(result.setUpCut === 'before start'
      ? `stopped by ${stoppedBy} before the pod was told to start recording: nothing was recorded, and ${outDir} was not made${sent}`
      : `stopped by ${stoppedBy} while the pod was starting to record: nothing was recorded, and ${outDir} was not made; ` +
        'it was sent stopRecording without waiting for its answer, so it may still be recording (its button or the next record stops it)',
    128 + os.constants.signals[signal.firstSignal() ?? 'SIGINT']);
  }
  const why = {
    duration: 'the duration was reached', interrupt: `stopped by ${stoppedBy}`,
    disconnect: result.portNotOpened !== undefined ? 'the pod came back but its port did not open' : 'the pod did not come back', stopped: 'stopped', error: 'an error', '': '',
  }[result.endedBy];
  if (result.meta !== undefined) {
    const gaps = result.meta.gaps.reduce((n, g) => n + g.missingSamples, 0);
    // the pod stopped on its own side and was not started again: the rest of the session holds nothing of it
    const podStopped = result.podStoppedAtS !== undefined
      ? `the pod's recording was stopped by its button (or another host) about ${result.podStoppedAtS} s in, and nothing after that was recorded; ` : '';
    io.out(`recording: ${outDir}\n`);
    io.out(`lumbarpod record: ${plural(result.steps, 'step')}, ${plural(result.summaries, 'summary', 'summaries')}, ${plural(result.meta.rawSamples, 'raw sample')}, ` +
      `${plural(result.meta.gaps.length, 'gap')} (${plural(gaps, 'sample')}), ${plural(result.meta.counters.frameErrors, 'bad frame')}; ${podStopped}${why}\n`);
    if (options.rawOnly) io.out(`the pod's detector was off (raw only): lumbarpod report and lumbarpod replay detect the steps from the raw samples\n`);
  } else {
    io.out(`lumbarpod stream: ${plural(result.steps, 'step')}, ${plural(result.summaries, 'summary', 'summaries')}; ${why}\n`);
  }
  if (result.notAwaited.length > 0) {
    io.err(`lumbarpod: warning: stopped without waiting for the pod: not awaited: ${result.notAwaited.join('; ')}\n`);
  }
  if (result.silentAtEndS !== undefined) {
    io.err(`lumbarpod: warning: the pod sent nothing for the last ${result.silentAtEndS} s of the session, though its port stayed open ` +
      '(its battery flat, its serial wire loose, or the pod hung): that time is a gap (cause disconnect)\n');
  }
  if (result.stopUnconfirmed !== undefined) io.err(`lumbarpod: warning: ${result.stopUnconfirmed}\n`);
  if (result.endedBy === 'disconnect') {
    const kept = outDir !== undefined ? `what came before is kept in ${outDir}, the time after it a gap` : '';
    throw new UserError(result.portNotOpened !== undefined
      ? `the pod came back, but its port did not open within --wait ${options.wait} s: ${result.portNotOpened}${kept !== '' ? `; ${kept}` : ''}`
      : `the pod went away and did not come back within --wait ${options.wait} s${kept !== '' ? `: ${kept}` : ''}`);
  }
}

function sessionOptions(command: Command): Command {
  return command
    .addOption(new Option('--port <path>', 'serial port of the pod (see `lumbarpod ports`), or the path `lumbarpod simulate` printed').argParser(portPathOption).makeOptionMandatory())
    .addOption(new Option('--board <name>', `the pod's board (IMU scale and mounting); by default the one the pod says it runs (firmware 0.16 on; older: ${DEFAULT_BOARD_NAME}), and one whose samples read otherwise is refused`).choices(boardNames()))
    .addOption(new Option('--duration <s>', `stop after this many seconds (at most ${SECONDS_MAX}, 7 days); 0 (or no --duration): go on until Ctrl-C`).argParser(nonNegative('the duration', 'until Ctrl-C')))
    .addOption(new Option('--wait <s>', `how long to wait for a pod that went away, in seconds (at most ${SECONDS_MAX}, 7 days)`).argParser(nonNegative('the wait', 'not at all')).default(300));
}

export const recordCommand: CliCommand = {
  register(program: Command, io: CliIo): void {
    sessionOptions(
      program
        .command('record')
        .summary('record a pod over serial: live view, then a recording (NDJSON, raw CSV, metadata)')
        .description(
          'Connects to a pod on a serial port, starts a clean session on it (raw stream on unless --no-raw), ' +
            'shows a live view (cadence, vertical oscillation, contact time, pelvic drop, rotation, lean, ' +
            'counters, elapsed time) and writes a recording directory: messages.ndjson (every decoded ' +
            'message), raw.csv (every raw sample) and recording.json (board, firmware, rate, ranges, ' +
            'calibration, start time, gaps, error counters). A pod that goes away is waited for (--wait) and the gap ' +
            'recorded; one that does not come back ends the session with the files closed, the time since it went a gap, ' +
            'and exit status 1. Ctrl-C stops and closes the files cleanly; Ctrl-C again stops without waiting for the pod\'s last ' +
            'messages or its answer to the stop (it may then still be recording), still closing the files; a third quits without closing them. ' +
            'Once --duration has ended, the first Ctrl-C skips the wait and the next quits. A Ctrl-C before the pod was told to start ' +
            'sends it nothing more: no directory is made, and record exits with status 130. ' +
            '"recording: DIR" is printed when the files are closed, then a line of totals.',
        ),
    )
      .option('--out <dir>', 'recording directory (default: recordings/lumbarpod-<time>)')
      .option('--no-raw', 'do not record raw samples (summaries and steps only)')
      .option('--raw-only', 'raw samples only, the pod\'s detector off: the least work for the pod, so that it keeps up with every ' +
        'sample (research); the live view, report and replay detect the steps on this computer. Lasts until the next recording or restart')
      .addOption(new Option('--speed <m/s>', 'tell the pod your running speed first, for the vertical ratio (VO / step length); kept on the pod')
        .argParser(speedMps))
      .addOption(new Option('--rate <Hz>', 'set the pod\'s sample rate first (52, 104 or 208 on a Puck.js v2); kept on the pod').argParser(rateHz))
      .action((options: SessionCliOptions) => {
        if (options.rawOnly && !options.raw) throw new UserError('--raw-only and --no-raw contradict each other', 2);
        return runSession(options, true, io);
      });
  },
};

export const streamCommand: CliCommand = {
  register(program: Command, io: CliIo): void {
    sessionOptions(
      program
        .command('stream')
        .summary('show a pod\'s live numbers over serial without recording')
        .description('The live view of `record` (cadence, VO, contact time, drop, rotation, lean, counters) without writing files or changing the pod\'s session. ' +
          'A pod that goes away is waited for (--wait); one that does not come back ends it with exit status 1.'),
    )
      .action((options: SessionCliOptions) => runSession({ ...options, raw: false }, false, io));
  },
};
