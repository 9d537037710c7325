// `lumbarpod simulate [RECORDING]`: the simulated pod (the compiled sim firmware bundle in the
// simulator) fed a recording or a synthetic run, exposed on a pseudo-terminal like a real pod on
// a serial adapter. Prints the path to connect to, then runs until Ctrl-C (or, with
// --exit-at-end, until the recording is over, when it unplugs itself).
import { Command, Option } from 'commander';
import * as fs from 'fs';
import { LSM6DS3TRC_FIFO_CAPACITY_SAMPLES } from '../../../boards/lsm6ds3trc';
import { PUCKJS2_BOARD } from '../../../boards/puckjs2';
import { builtBundleOnce, SIM_BUNDLE } from '../../../scripts/build';
import { CsvRateUnknownError } from '../../recording/csvImport';
import { isPodRecordingDir, podRecordingImu, podRecordingNoRawReason, PodRecordingError, readPodRecording } from '../../recording/podRecording';
import { ImuSource, imuSourceFromRecording, imuSourceFromSynthetic } from '../../sim/imuSource';
import { HeldStartSource, PodOnPty, startPodOnPty } from '../../sim/podOnPty';
import { DEFAULT_RAM_FREE_BLOCKS, PodSimulator, PUCK_JSVARS_TOTAL } from '../../sim/podSimulator';
import { BOOT_CODE_FILE } from '../../sim/simConsole';
import { PtyPairError } from '../../sim/ptyPair';
import { EXAMPLE_RUN_OPTIONS } from '../../synthetic/exampleRun';
import { generateSynthetic } from '../../synthetic/generate';
import { CliCommand, CliIo } from '../cliCommand';
import { CsvBoardCliOptions, csvFileOptions, csvOnlyOptionsRefused, importCsvForSimulate } from '../csvReadOptions';
import { makeOptionDir } from '../freshOutDir';
import { stopSignal } from '../stopSignal';
import { EXIT_USAGE, UserError } from '../userError';

interface SimulateCliOptions extends CsvBoardCliOptions {
  cadence: number;
  duration: number;
  fatigue?: boolean;
  speed: number;
  exitAtEnd?: boolean;
  dir?: string;
  raw?: boolean;
  /** the pod's sample rate, Hz (52, 104 or 208), not the CSV's as replay's --rate */
  rate?: number;
  ramFree?: number;
  unplug?: Unplug;
  restartAt?: number;
  pressButton?: number[];
  corruptSummaries?: Array<number | 'last'>;
  stall?: Stall[];
  synthetic?: boolean;
}

interface Stall {
  atS: number;
  forS: number;
}

interface Unplug {
  atS: number;
  forS: number;
  /** after FOR, the port is there but does not open for this long (wall time) */
  notReadyS: number;
}

/** the latest second into the recording a fault is set for, and the longest one lasts: a day of the pod's time */
const POD_SECONDS_MAX = 86400;

/** "AT:FOR[:NOTREADY]" in seconds: AT and FOR of pod time after the recording starts, NOTREADY of wall time */
function parseUnplug(text: string): Unplug {
  const match = /^(\d+(?:\.\d+)?):(\d+(?:\.\d+)?)(?::(\d+(?:\.\d+)?))?$/.exec(text.trim());
  if (!match) throw new UserError('give --unplug as AT:FOR or AT:FOR:NOTREADY in seconds, e.g. 20:5', 2);
  const unplug = { atS: Number(match[1]), forS: Number(match[2]), notReadyS: match[3] === undefined ? 0 : Number(match[3]) };
  if (unplug.atS > POD_SECONDS_MAX || unplug.forS > POD_SECONDS_MAX || unplug.notReadyS > POD_SECONDS_MAX) {
    throw new UserError(`give --unplug's AT, FOR and NOTREADY at most ${POD_SECONDS_MAX} s (a day) each, not ${text.trim()}`, 2);
  }
  return unplug;
}

/** samples the simulated Puck.js v2's IMU (an LSM6DS3TR-C) holds in its FIFO */
const FIFO_SAMPLES = LSM6DS3TRC_FIFO_CAPACITY_SAMPLES;

/** the longest --stall taken, s: past the pod's 10 s watchdog, which restarts it, there is nothing more to see */
const STALL_MAX_S = 60;

/**
 * "AT:SECONDS[,AT:SECONDS...]", pod seconds after the recording starts, added to those of an
 * earlier --stall (the option may be given more than once)
 */
function parseStalls(text: string, earlier: Stall[] | undefined): Stall[] {
  const stalls = text.split(',').map((part) => {
    const match = /^(\d+(?:\.\d+)?):(\d+(?:\.\d+)?)$/.exec(part.trim());
    if (!match) throw new UserError(`give --stall as AT:SECONDS in seconds, e.g. 20:5 (several: 20:5,40:2), not ${JSON.stringify(part.trim())}`, 2);
    const stall = { atS: Number(match[1]), forS: Number(match[2]) };
    if (!(stall.forS > 0) || stall.forS > STALL_MAX_S) throw new UserError(`give --stall's SECONDS above 0 and at most ${STALL_MAX_S}, not ${match[2]}`, 2);
    if (stall.atS > POD_SECONDS_MAX) throw new UserError(`give --stall's AT at most ${POD_SECONDS_MAX} s (a day) into the recording, not ${match[1]}`, 2);
    return stall;
  });
  return [...(earlier ?? []), ...stalls];
}

/** "15,20": pod seconds after the recording starts, in order */
function secondsList(text: string): number[] {
  const items = text.split(',').map((part) => (part.trim() === '' ? NaN : Number(part.trim())));
  if (items.some((s, i) => !(s > 0) || s > POD_SECONDS_MAX || (i > 0 && s <= items[i - 1]))) {
    throw new UserError(`give --press-button as rising seconds above 0 and at most ${POD_SECONDS_MAX} (a day), e.g. 15,20`, 2);
  }
  return items;
}

/** "2,5,last": which window summaries to corrupt on the wire */
function summaryNumbers(text: string): Array<number | 'last'> {
  const items = text.split(',').map((part) => (part.trim() === 'last' ? 'last' as const : Number(part.trim())));
  if (items.some((n) => n !== 'last' && (!Number.isInteger(n) || n < 1))) throw new UserError('give --corrupt-summaries as numbers from 1 or last, e.g. 2,5,last', 2);
  return items;
}

/** a rate the simulated pod's board has */
function podRate(text: string): number {
  const hz = Number(text);
  if (PUCKJS2_BOARD.supportedRatesHz.indexOf(hz) < 0) throw new UserError(`give --rate as one of ${PUCKJS2_BOARD.supportedRatesHz.join(', ')} Hz`, 2);
  return hz;
}

/** a count of JsVar blocks: a whole number, at most all the Puck has */
function blockCount(text: string): number {
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || value > PUCK_JSVARS_TOTAL) throw new UserError(`give --ram-free as a whole number of blocks, at most ${PUCK_JSVARS_TOTAL}`, 2);
  return value;
}

const HELP_AFTER = `
A CSV is read as \`lumbarpod replay\` reads it, with the same --board, --axes, --columns,
--acc-unit and --gyro-unit, and the same notes and warnings; a bad line refuses it (replay
runs the samples before it). What differs: --rate here is the rate the simulated pod samples
at, as \`record --rate\` sets it, not the CSV's: the CSV's rate always comes from its time
stamps, and is played as they keep it (102.4 Hz, not the whole Hz replay's detector takes);
the pod's IMU takes the newest of its samples at each of its own ticks. The pod
simulated is a Puck.js v2 whatever --board says: --board says only how the CSV's values and
axes are read. Where the CSV's clock restarted, the import places the stretch after it 1 s
after the one before, and the pod sees that second with the last sample before it held (as
it does every gap): replay starts a fresh detector there; the pod's detector runs on, and a
run of running steps ends there as in replay.
`;

/** virtual time the pod keeps running after the recording ends, with --exit-at-end, ms */
const AFTER_END_MS = 1500;

/** a number above 0 (or at least `min`) and at most `max` */
function positive(what: string, max: number, min?: number): (text: string) => number {
  return (text: string) => {
    const value = Number(text);
    const low = min === undefined ? !(value > 0) : !(value >= min);
    if (text.trim() === '' || low || value > max) throw new UserError(`give ${what}, a number ${min === undefined ? `above 0 and at most ${max}` : `from ${min} to ${max}`}`, 2);
    return value;
  };
}

/**
 * the slowest pod clock: at 1/100 of real time a quarter-second burst of samples comes every 25 s
 * of wall-clock time; slower, a pod looks dead to its host (and at 1e-9 its first burst would
 * come after 8 years)
 */
const SPEED_MIN = 0.01;

/** the options that shape the synthetic run, which a recording given instead does not use */
const SYNTHETIC_RUN_OPTION_FLAGS: Array<[string, string]> = [['cadence', '--cadence'], ['duration', '--duration'], ['fatigue', '--fatigue']];

/** the options that say how to read a CSV file, which the synthetic run does not use */
const CSV_OPTION_FLAGS: Array<[string, string]> = [
  ['board', '--board'], ['axes', '--axes'], ['columns', '--columns'], ['accUnit', '--acc-unit'], ['gyroUnit', '--gyro-unit'],
];

async function sourceOf(input: string | undefined, options: SimulateCliOptions, io: CliIo, given: (option: string) => boolean): Promise<{ source: ImuSource; title: string }> {
  if (input !== undefined && options.synthetic) throw new UserError('give a recording or --synthetic, not both', 2);
  // an option that would change nothing is refused rather than ignored: the pod would run
  // something else than asked for (a whole file where --duration asked for 30 s, say)
  const flags = (options: Array<[string, string]>) => options.filter(([key]) => given(key)).map(([, flag]) => flag).join(', ');
  const syntheticOnly = flags(SYNTHETIC_RUN_OPTION_FLAGS);
  if (input !== undefined && syntheticOnly !== '') {
    throw new UserError(`${syntheticOnly}: for the synthetic run only (no recording given); ${input} is played as it was recorded`, EXIT_USAGE);
  }
  const csvOnly = flags(CSV_OPTION_FLAGS);
  if (input === undefined && csvOnly !== '') {
    throw new UserError(`${csvOnly}: for reading a CSV file only; the synthetic run has its own units and mounting`, EXIT_USAGE);
  }
  if (input === undefined) {
    const base = EXAMPLE_RUN_OPTIONS.segments![1];
    if (options.fatigue) checkFatigueFits(options.duration, options.cadence, base.contactMs!, base.contactDriftMsPerMin!);
    const run = generateSynthetic({
      ...EXAMPLE_RUN_OPTIONS,
      segments: [
        { kind: 'standing', durationS: 5 },
        {
          ...base, durationS: options.duration, cadenceSpm: options.cadence,
          ...(options.fatigue ? {} : { leanDriftCdegPerMin: 0, contactDriftMsPerMin: 0 }),
        } as typeof base,
      ],
    });
    return {
      source: imuSourceFromSynthetic(run),
      title: `synthetic run: 5 s standing, ${options.duration} s at ${options.cadence} spm${options.fatigue ? ', tiring' : ''}`,
    };
  }
  if (isPodRecordingDir(input)) {
    const refused = csvOnlyOptionsRefused(input, given, [['board', '--board']]);
    if (refused !== undefined) throw refused;
    let recording;
    try {
      recording = readPodRecording(input);
    } catch (err) {
      if (err instanceof PodRecordingError) throw new UserError(err.message);
      throw err;
    }
    for (const problem of recording.problems) io.err(`lumbarpod: warning: ${input}: ${problem}\n`);
    if (recording.sampleIndex.length === 0) throw new UserError(`${input}: no raw samples to run the pod on (${podRecordingNoRawReason(recording)})`);
    return { source: imuSourceFromRecording(podRecordingImu(recording)), title: `recording ${input}` };
  }
  const imported = await importCsvForSimulate(input, options, io);
  // a bad line refuses the file, as replay reports it: the samples before it are there, but a pod
  // fed them would end its run there as if the file did
  if (imported.error instanceof CsvRateUnknownError) {
    // simulate's --rate is the pod's, so replay's hint to pass one would not read the file
    throw new UserError(`${input}: ${imported.error.sampleCount} sample(s): too few to infer the rate of the time stamps, which the pod is fed the file at`);
  }
  if (imported.error !== undefined || imported.recording === undefined || imported.recording.sampleCount === 0) {
    throw new UserError(`${input}: ${imported.error ? imported.error.message : 'no samples'}`);
  }
  return { source: imuSourceFromRecording(imported.recording), title: `recording ${input}` };
}

/**
 * --fatigue lengthens ground contact by `driftMsPerMin` from `contactMs`: a running step has
 * room for it only until contact fills the whole step time, which comes sooner the higher the
 * cadence (50 s at 240 spm, 17 minutes at 172). A longer run is refused saying so, where the
 * synthetic run would stop partway with an internal error.
 */
function checkFatigueFits(durationS: number, cadenceSpm: number, contactMs: number, driftMsPerMin: number): void {
  const stepMs = 60000 / cadenceSpm;
  const longestS = Math.floor(((stepMs - contactMs) / driftMsPerMin) * 60);
  if (durationS <= longestS) return;
  throw new UserError(`--fatigue lengthens ground contact by ${driftMsPerMin} ms a minute from ${contactMs} ms: at ${cadenceSpm} spm it fills ` +
    `the whole step (${stepMs.toFixed(0)} ms) after ${longestS} s, leaving no flight to run with; give --duration ${longestS} or less, or a lower --cadence`, EXIT_USAGE);
}

async function runSimulate(input: string | undefined, options: SimulateCliOptions, io: CliIo, given: (option: string) => boolean): Promise<void> {
  const { source, title } = await sourceOf(input, options, io, given);
  if (options.dir !== undefined) makeOptionDir(options.dir, '--dir', EXIT_USAGE);
  const firmware = await builtBundleOnce(SIM_BUNDLE);
  // the runner stands still until a host starts recording, so every session starts calibrated
  const held = new HeldStartSource(source);
  const sim = new PodSimulator({ bundleSource: firmware.source, recording: held, ramFreeBlocks: options.ramFree });
  // as `lumbarpod flash` leaves a pod: the firmware in Storage, run from there, its log in what is left
  sim.storage.write(BOOT_CODE_FILE, firmware.uploaded);
  // the pod's stored settings, as a host would have left them
  const config: { rawStream?: number; rateHz?: number } = {};
  if (options.raw) config.rawStream = 1;
  if (options.rate !== undefined) config.rateHz = options.rate;
  if (options.raw || options.rate !== undefined) sim.storage.writeJSON('lpconfig.json', config);
  // from before socat starts: a SIGTERM while the pty is being made ends simulate through its
  // close, which stops socat, rather than leaving socat running
  const { stopped, stop } = stopSignal();
  let pod;
  try {
    pod = await startPodOnPty(sim, { speed: options.speed, dir: options.dir, heldSource: held, corruptSummaries: options.corruptSummaries });
  } catch (err) {
    if (err instanceof PtyPairError) throw new UserError(err.message);
    throw err;
  }
  io.out(`pod: ${pod.hostPath}\n`);
  io.out(`lumbarpod simulate: the simulated pod (firmware ${SIM_BUNDLE.name}) runs the ${title} at ${options.speed}x, ` +
    `starting when a host starts recording; connect with: lumbarpod record --port ${pod.hostPath}\n`);
  const durationS = source.sampleCount / source.rateHz;
  // what is still to happen to the pod when it is stopped does not: the process can end
  const scheduled: Array<() => void> = [];
  if (options.unplug !== undefined) scheduled.push(scheduleUnplug(sim, pod, held, options.unplug, io));
  if (options.restartAt !== undefined) {
    scheduled.push(afterRecordingStarts(sim, held, options.restartAt, () => {
      sim.reboot();
      io.out('lumbarpod simulate: the pod restarted (power cycle)\n');
    }));
  }
  for (const atS of options.pressButton ?? []) {
    scheduled.push(afterRecordingStarts(sim, held, atS, () => {
      sim.pressButton();
      io.out(`lumbarpod simulate: the pod's button was pressed (it stops a recording, or starts one)\n`);
    }));
  }
  for (const stall of options.stall ?? []) {
    scheduled.push(afterRecordingStarts(sim, held, stall.atS, () => {
      sim.stall(stall.forS * 1000);
      io.out(`lumbarpod simulate: the pod's event loop stalled for ${stall.forS} s (its IMU samples on into the FIFO, which holds ${FIFO_SAMPLES} samples)\n`);
    }));
  }
  pod.once('sourceEnded', () => {
    io.out(`lumbarpod simulate: the ${durationS.toFixed(1)} s recording is over${options.exitAtEnd ? '; unplugging' : '; the pod keeps running on its last sample (Ctrl-C to stop)'}\n`);
    if (options.exitAtEnd) setTimeout(stop, AFTER_END_MS / options.speed);
  });
  await stopped;
  for (const cancel of scheduled) cancel();
  // an unplugged pod stays unplugged: close() calls off its replug
  await pod.close();
  for (const crash of sim.crashes) io.err(`lumbarpod: warning: the simulated pod reported: ${crash.message}\n`);
}

/**
 * runs `action` `atS` seconds after the host starts recording, on the pod's clock (a host timer
 * would run early on a busy machine, where the pod's clock falls behind its speed); the function
 * returned calls it off
 */
function afterRecordingStarts(sim: PodSimulator, held: HeldStartSource, atS: number, action: () => void): () => void {
  let cancelled = false;
  held.onRelease(() => sim.clock.schedule(sim.nowMs + atS * 1000, () => {
    if (!cancelled) action();
  }));
  return () => {
    cancelled = true;
  };
}

/**
 * pulls the simulated cable AT pod-seconds after the recording starts and puts it back FOR
 * pod-seconds later (both on the pod's clock); the function returned calls off what is still to
 * come (pod.close() a replug under way)
 */
function scheduleUnplug(sim: PodSimulator, pod: PodOnPty, held: HeldStartSource, unplug: Unplug, io: CliIo): () => void {
  let cancelled = false;
  const cancelUnplug = afterRecordingStarts(sim, held, unplug.atS, () => {
    io.out(`lumbarpod simulate: unplugged for ${unplug.forS} s\n`);
    pod.unplug().catch((err: Error) => io.err(`lumbarpod: warning: the simulated pod could not be unplugged: ${err.message}\n`));
    sim.clock.schedule(sim.nowMs + unplug.forS * 1000, () => {
      if (cancelled) return;
      pod.replug(unplug.notReadyS * 1000).then(
        () => { if (pod.isPlugged) io.out('lumbarpod simulate: plugged in again\n'); },
        (err: Error) => io.err(`lumbarpod: warning: the simulated pod could not be plugged in again: ${err.message}\n`),
      );
    });
  });
  return () => {
    cancelled = true;
    cancelUnplug();
  };
}

export const simulateCommand: CliCommand = {
  register(program: Command, io: CliIo): void {
    const command = program
      .command('simulate')
      .summary('run the simulated pod on a recording or a synthetic run and expose it on a pseudo-terminal')
      .description(
        'Runs the compiled pod firmware (the sim board bundle) in the pod simulator, fed a recording (a raw ' +
          'IMU CSV as for replay, or a recording directory written by `record`) or, without one, a synthetic ' +
          'run. The pod appears on a pseudo-terminal exactly as a real pod on a serial adapter: the first ' +
          'line printed is "pod: PATH"; connect with `lumbarpod record --port PATH` or any serial tool.',
      )
      .argument('[recording]', 'raw IMU CSV or recording directory (default: a synthetic run)')
      .option('--synthetic', 'a synthetic run (the default without a recording): --cadence, --duration, --fatigue');
    // how to read a CSV file: as replay reads it, but for --rate (the pod's own here)
    for (const option of csvFileOptions({ rate: false })) command.addOption(option);
    command
      .addOption(new Option('--cadence <spm>', 'synthetic run: cadence in steps per minute').argParser(positive('the cadence in steps/min', 240)).default(172))
      .addOption(new Option('--duration <s>', 'synthetic run: running time in seconds').argParser(positive('the duration in seconds', 3600)).default(60))
      .option('--fatigue', 'synthetic run: lean and contact time drift as the runner tires')
      .addOption(new Option('--speed <x>', 'pod time per wall-clock time (1 = real time). Above 1, what a recording host times by its own clock runs that much short: ' +
        'the place of a boot it did not see start (a restart while away), the host times of its recording issues').argParser(positive('the speed factor', 1000, SPEED_MIN)).default(1))
      .option('--raw', 'the pod streams raw samples from boot (as if a researcher had turned it on before)')
      .addOption(new Option('--rate <hz>', 'the pod samples at this rate (as if set earlier): 52, 104 or 208 (not the CSV\'s rate, as replay\'s --rate: that comes from its time stamps)').argParser(podRate))
      .addOption(new Option('--ram-free <blocks>', 'JsVar blocks the pod\'s process.memory() reports free once its recording\'s state is taken '
        + `(RAM is not modelled; default ${DEFAULT_RAM_FREE_BLOCKS}, enough for the detector; a Puck has about 360 at 104 Hz, measured in its memory layout, where the pod keeps 260, and none at 208 Hz)`)
        .argParser(blockCount))
      .option('--exit-at-end', 'unplug and exit when the recording is over (default: keep running until Ctrl-C)')
      .option('--dir <dir>', 'directory for the pseudo-terminal links (default: a temporary one)')
      .addOption(new Option('--unplug <at:for>', 'pull the cable AT seconds into the recording for FOR seconds (pod time), e.g. 20:5; '
        + 'with :NOTREADY, the port then exists for NOTREADY seconds before it can be opened, as a fresh /dev/ttyACM0 can').argParser(parseUnplug))
      .addOption(new Option('--corrupt-summaries <n,...>', 'line noise: the pod\'s Nth window summaries (1 = its first after the host starts recording; last = the one sent when it stops) reach the host corrupted')
        .argParser(summaryNumbers))
      .addOption(new Option('--restart-at <s>', 'power-cycle the pod S seconds into the recording (pod time); it boots and records again')
        .argParser(positive('the restart time in seconds', POD_SECONDS_MAX)))
      .addOption(new Option('--stall <at:s,...>', 'the pod\'s event loop stops AT seconds into the recording for S seconds (pod time), e.g. 20:5; may be given more than once. '
        + `Its IMU samples on into its FIFO, which holds ${FIFO_SAMPLES} samples (3.3 s at 104 Hz): the samples past that are lost, and the pod says how many. `
        + `At most ${STALL_MAX_S} s; from about 10 s the pod's watchdog restarts it`)
        .argParser(parseStalls))
      .addOption(new Option('--press-button <s,...>', 'press the pod\'s button at these seconds into the recording (pod time): it stops its recording, the next press starts a new one')
        .argParser(secondsList))
      .addHelpText('after', HELP_AFTER)
      .action((recording: string | undefined, options: SimulateCliOptions, command: Command) =>
        runSimulate(recording, options, io, (option) => command.getOptionValueSource(option) === 'cli'));
  },
};
