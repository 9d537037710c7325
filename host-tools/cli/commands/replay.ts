// `lumbarpod replay FILE`: runs the detector core over a raw IMU CSV as the pod would and prints
// steps, window summaries, gaps and totals (NDJSON, or tables with --format table).
import { Command, Option } from 'commander';
import { ImuRecording } from '../../recording/imuRecording';
import { isPodRecordingDir, podRecordingImu, podRecordingNoRawReason, PodRecordingError, readPodRecording } from '../../recording/podRecording';
import { writeReplayNdjson } from '../../replay/replayNdjson';
import { ReplayOptions, ReplaySettingsError, replayRecording } from '../../replay/replayRecording';
import { formatReplayTables } from '../../replay/replayTable';
import { CliCommand, CliIo } from '../cliCommand';
import { csvFileOptions, CsvFileCliOptions, csvOnlyOptionsRefused, importCsvForCli, invalidArgument } from '../csvReadOptions';
import { EXIT_USAGE, UserError } from '../userError';

interface ReplayCliOptions extends CsvFileCliOptions {
  speed?: number;
  window?: number;
  format: 'ndjson' | 'table';
  steps?: boolean;
}

const HELP_AFTER = `
The CSV needs a header naming t_ms (or t_s in seconds, t_us in microseconds, t_ns in
nanoseconds), ax, ay, az
(accelerometer) and gx, gy, gz (gyroscope) in the sensor's axes; other columns are ignored.
The time column may hold ISO 8601 date-times (2024-03-01T10:00:00.000Z, with an offset such
as +01:00 or none, a space for the T): times are then ms after the first, the recording's start.
With no offset they are the logger's local time, read as written: an hour that repeats where
summer time ends is read as a clock that starts again, an hour skipped where it starts as a gap,
each with a warning that the stamps cannot tell it from a clock set back or an hour with no
samples (stamps with their offset, or in UTC, are read as one stretch).
Lines before the header (# Device: XYZ logger, # Sampling rate: 100 Hz) are skipped with a
note saying how many; values are comma-separated unless a first line sep=; (Excel's, or sep=
and a tab) names another separator; a sampling rate the notes state that the stamps do not
keep is warned about. A decimal comma (0,95) is read, with a note: in a file a sep=; or sep=
and a tab line separates, and in quoted cells ("0,95") of a comma-separated file.
Stamps whose rate, read in their column's unit, is no IMU's but is one read in another (t_us
written under t_ms: 0.1 Hz for 100 Hz) are refused, naming that unit. A row of units under
the header (ms,g,g,g,deg/s,deg/s,deg/s) is skipped; one naming other units than the values are
read in is refused, naming the option that reads them so. Values that pile up at
one magnitude with none beyond (a +-2 g sensor that clipped) are read with it as the full scale,
with a warning: the steps it clipped are flagged saturated, as the pod's own are. The sample rate comes from the
time stamps (the samples, and those lost, over their time) unless --rate is given, when each
sample's time is its place at that rate from the first stamp (steps, gaps and totals alike);
either way a gap is where the stamps move ahead of where the sample count puts them by over half
a period and stay there, so stamps that jitter about their times make no gap: it is reported, and
the detector restarts after it (nothing is interpolated). A line with an empty or NaN value
(NA, N/A, #N/A, null) is a sample lost: it is left out with a warning naming it, never read as
0, and the stamps either side show its gap. Time stamps rounded
about as coarse as the sample period or coarser (t_s with 2 decimals at 104 Hz: a 10 ms grid,
some stamps repeat) give each sample's time from its index at the rate they give over the
stretches between gaps, with a warning; a gap is then a step longer than rounding makes. That
holds only where one even rate explains every stamp: stamps that also jitter, or that hide lost
samples one after another, are read as they are, and a repeat in them is a bad line. A logger
that stalled, then wrote the samples it held back close together until its stamps were back on
their grid, with none lost, made no gap: those samples are placed evenly between the samples
either side, with a warning. Stamps that come in batches (a logger stamping each batch of, say,
13 samples with the time it came) are read at the rate the batches give, each batch's samples
placed evenly up to its stamp, with a warning; batches that keep to no rate are refused.
Stamps that go back and go on from there (a logger whose clock restarted) start a new stretch
after a gap of unknown length, with a warning naming the line: its "gap" record counts no
samples lost, and the detector starts afresh after it.

Output (NDJSON, one object per line, integers with the unit in each name):
  {"type":"step",...}     one per step: tMs on the recording clock, side L|R|?, kind, quality
  {"type":"summary",...}  one per window: cadence from strides, medians, balance, variability,
                          drift, quality flags
  {"type":"gap",...}      one per gap before a sample: startMs (the time of the sample before
                          it; 0 for samples a recording lost at its start), endMs (the time of
                          the sample after it), missingSamples, and cause
                          where known (of a recording, the causes its recording.json gives the
                          gaps there, comma-separated; of a CSV, clockRestart). Samples lost
                          after the last one (a pod away when its recording stopped) or on a
                          CSV's lines with a missing value before its first whole sample or
                          after its last are no gap here, nor in the totals: recording.json and
                          export --bids (rows of n/a, samples_missing events) keep them
  {"type":"totals",...}   last: counts, running and walking cadence from strides as the windows
                          take it, and medians over the running steps (null if none)

A recording directory's raw.csv is read past lines damaged after the recording (not 8
numbers, a sample_index that repeats or goes back): each is dropped with a warning naming
its line, the samples they held are gaps, and the rest is replayed. Lines a few from their
place (two lines swapped) are put back in order, with a warning. A line whose sample_index
and t_ms disagree is read as the sample the lines around it vouch for, or dropped where they
vouch for neither. Its header damaged is read as the one the recorder writes, with a
warning, where the lines after it are the recorder's rows. A damaged line of its
messages.ndjson is dropped with a warning too; replay takes its samples from raw.csv alone.

Exit status:
  0  the whole file was replayed (of a recording directory: every line of raw.csv that could
     be read; the lines dropped and the gaps they left are warnings on stderr)
  1  input problem: missing or unreadable file, bad header, a CSV file with no samples (its
     header only, whatever --rate says), a recording with no raw samples (raw.csv missing,
     or recorded with --no-raw), a recording's raw.csv given alone (counts: give its
     directory), accelerometer values whose gravity says another unit than
     --acc-unit (about 9.81 is m/s^2, 1000 is mg; nothing is replayed), or a bad line of a
     CSV file. At a bad line (not a number nor empty or NaN, wrong field count, time stamp
     going back where the next one goes on from before it (or on the last line), or
     repeated where rounding does not explain it, the sample rate changing
     for good or for a stretch (--rate or not), truncated last line) the
     samples before it are replayed and printed as usual, then the error, with its line
     number, goes to stderr
  2  bad usage: unknown option, bad option value, missing FILE, an option for a CSV file
     (--board, --axes, --columns, --acc-unit, --gyro-unit, --rate) given with a recording

Examples:
  lumbarpod replay run.csv > run.ndjson
  lumbarpod replay run.csv --format table --steps
  lumbarpod replay walk.csv --axes V=x,AP=z,ML=-y --acc-unit ms2 --gyro-unit rads
  lumbarpod replay other.csv --columns t_s=time,ax=AccX,ay=AccY,az=AccZ,gx=GyrX,gy=GyrY,gz=GyrZ
`;

function parsePositiveOption(text: string, what: string, max: number): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value <= 0 || value > max) {
    throw invalidArgument(`give ${what}, a number above 0 and at most ${max}`);
  }
  return value;
}

async function runReplay(file: string, options: ReplayCliOptions, io: CliIo, given: (option: string) => boolean): Promise<void> {
  if (options.steps && options.format !== 'table') {
    throw new UserError('--steps adds a table of every step to --format table; the JSON lines hold every step already', EXIT_USAGE);
  }
  if (isPodRecordingDir(file)) {
    // the board and the rate, too, say how to read a CSV file here
    const refused = csvOnlyOptionsRefused(file, given, [['board', '--board'], ['rate', '--rate']]);
    if (refused !== undefined) throw refused;
    replayPodRecording(file, options, io);
    return;
  }
  const imported = await importCsvForCli(file, options, io);
  const recording = imported.recording;
  const error = imported.error;
  if (recording !== undefined) {
    replayAndPrint(file, recording, {
      inputError: error && error.message,
      settings: {
        ...(options.speed !== undefined ? { runningSpeedMms: Math.round(options.speed * 1000) } : {}),
        ...(options.window !== undefined ? { windowMs: Math.round(options.window * 1000) } : {}),
      },
    }, options, io);
  }
  if (error !== undefined) {
    const kept =
      recording === undefined || error.line === undefined
        ? ''
        : ` (the ${recording.sampleCount} sample${recording.sampleCount === 1 ? '' : 's'} before it were replayed)`;
    throw new UserError(`${file}: ${error.message}${kept}`);
  }
}

/** a recording written by `lumbarpod record`: its raw samples with the pod's scale, mounting and speed */
function replayPodRecording(dir: string, options: ReplayCliOptions, io: CliIo): void {
  let recording;
  try {
    recording = readPodRecording(dir);
  } catch (err) {
    if (err instanceof PodRecordingError) throw new UserError(err.message);
    throw err;
  }
  for (const problem of recording.problems) io.err(`lumbarpod: warning: ${dir}: ${problem}\n`);
  if (recording.sampleIndex.length === 0) throw new UserError(`${dir}: no raw samples to replay (${podRecordingNoRawReason(recording)})`);
  // --speed holds for the whole recording; without it, the speeds the pod used, as it changed them
  const speedMms = options.speed !== undefined ? Math.round(options.speed * 1000) : recording.meta.speedMms;
  replayAndPrint(dir, podRecordingImu(recording), {
    speedChanges: options.speed !== undefined ? [] : recording.meta.speedChanges ?? [],
    settings: {
      runningSpeedMms: speedMms,
      ...(options.window !== undefined ? { windowMs: Math.round(options.window * 1000) } : {}),
    },
  }, options, io);
}

/** replays a recording and prints it as asked; settings the detector refuses become a UserError naming `source` */
function replayAndPrint(source: string, recording: ImuRecording, replayOptions: ReplayOptions, options: ReplayCliOptions, io: CliIo): void {
  let result;
  try {
    result = replayRecording(recording, replayOptions);
  } catch (err) {
    if (err instanceof ReplaySettingsError) throw new UserError(`${source}: ${err.message}`);
    throw err;
  }
  if (options.format === 'table') io.out(formatReplayTables(result, { steps: options.steps }));
  else writeReplayNdjson(result, (chunk) => io.out(chunk));
}

export const replayCommand: CliCommand = {
  register(program: Command, io: CliIo): void {
    const replay = program
      .command('replay')
      .summary('run the detector over a raw IMU recording (CSV, or a recording made by `record`) and print steps, summaries and totals')
      .description(
        'Runs the detector core over a raw IMU recording (CSV) exactly as the pod would: samples are ' +
          "converted to the board's counts and fed in FIFO blocks of up to 64. Prints every step, every " +
          'window summary, every gap, then totals.',
      )
      .argument('<file>', 'CSV recording with a header (t_ms, t_s, t_us or t_ns, ax, ay, az, gx, gy, gz), or a recording directory written by `lumbarpod record` (its raw samples, scale and mounting are used)');
    for (const option of csvFileOptions()) replay.addOption(option);
    replay
      .addOption(
        new Option('--speed <m/s>', 'running speed, for the vertical ratio (VO / step length)').argParser((text) =>
          parsePositiveOption(text, 'the running speed in m/s', 15),
        ),
      )
      .addOption(
        new Option('--window <s>', 'length of a summary window in seconds (default 10)').argParser((text) =>
          parsePositiveOption(text, 'the window length in seconds', 60),
        ),
      )
      .addOption(new Option('--format <format>', 'output format').choices(['ndjson', 'table']).default('ndjson'))
      .option('--steps', 'with --format table: add a table of every step')
      .addHelpText('after', HELP_AFTER)
      .action((file: string, options: ReplayCliOptions, command: Command) =>
        runReplay(file, options, io, (option) => command.getOptionValueSource(option) === 'cli'));
  },
};
