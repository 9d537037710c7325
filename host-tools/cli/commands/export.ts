// `lumbarpod export --bids RECORDING`: a recording directory written by `lumbarpod record`, or a
// raw IMU CSV from another device read as `replay` reads it, as a Motion-BIDS dataset (raw IMU
// samples in SI units, channels, sidecar, events; scans for a pod recording).
import * as fs from 'fs';
import * as path from 'path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { BidsLabelError, bidsLabel } from '../../export/bidsLabels';
import { CSV_NO_STEPS_TASK, CSV_RUNNING_TASK, CSV_TRACKING_SYSTEM, CSV_WALKING_TASK, csvTaskText, exportCsvMotionBids } from '../../export/csvMotionBidsExport';
import { csvSampleValues } from '../../export/csvSampleValues';
import { DEFAULT_SUBJECT, DEFAULT_TASK, MotionBidsExportError, MotionBidsExportResult, TRACKING_SYSTEM, exportMotionBids } from '../../export/motionBidsExport';
import { isPodRecordingDir, PodRecording, PodRecordingError, readPodRecording, META_FILE } from '../../recording/podRecording';
import { CliCommand, CliIo } from '../cliCommand';
import { CsvFileCliOptions, csvFileOptions, csvOnlyOptionsRefused, importCsvForCli } from '../csvReadOptions';
import { checkDirCreatable } from '../freshOutDir';
import { recordingsInsideHint } from '../recordingsInside';
import { EXIT_USAGE, UserError, fileUserError } from '../userError';

interface ExportCliOptions extends CsvFileCliOptions {
  bids?: boolean;
  out?: string;
  subject: string;
  session?: string;
  /** undefined: running for a recording, named from the steps found for a CSV file */
  task?: string;
  tracksys?: string;
  run?: number;
}

function runIndexOption(text: string): number {
  const run = Number(text);
  if (!/^[0-9]+$/.test(text) || !(run >= 1)) throw new InvalidArgumentError('A run index is a whole number from 1.');
  return run;
}

function labelOption(key: string): (text: string) => string {
  return (text: string) => {
    try {
      return bidsLabel(key, text);
    } catch (err) {
      if (err instanceof BidsLabelError) throw new InvalidArgumentError(err.message.charAt(0).toUpperCase() + err.message.slice(1) + '.');
      throw err;
    }
  };
}

const HELP_AFTER = `
Writes (or adds to) a BIDS dataset with the Motion datatype (BIDS 1.9, BEP029):
  dataset_description.json, README, participants.tsv, participants.json
  sub-<ID>/[ses-<ID>/]motion/sub-<ID>_[ses-<ID>_]task-<NAME>_tracksys-<SYS>_[run-<N>_]
      motion.tsv     no header; acc_x acc_y acc_z (m/s^2), gyro_x gyro_y gyro_z (rad/s) on the
                     IMU's own axes; one row per sample period at the nominal rate, n/a for a
                     sample lost on the pod or the link
      channels.tsv, channels.json (where the axes point), motion.json (sidecar)
      events.tsv     steps the pod detected (raw only: its detector run here, detected_by replay), and stretches of missing samples
      events.json    what its columns mean
  sub-<ID>/[ses-<ID>/]sub-<ID>_[ses-<ID>_]scans.tsv, scans.json   acquisition time of the first
      sample (of a recording; of a CSV file where its stamps are date-times)
SYS is lumbarpod for a recording, imu for a CSV file, unless --tracksys says otherwise.

A CSV file from another IMU is read as \`lumbarpod replay FILE.csv\` reads it, with the same
options (--columns, --acc-unit, --gyro-unit, --rate, --board, --axes; see lumbarpod replay
--help), and its steps are those replay finds, detected_by replay. Its task, unless --task names
it, is named from those steps, with a note saying so: running where the running steps are as
many as the walking ones or more, walking where fewer, unknown where there are none (a CSV may
be of a walk or anything else; a recording's task is running unless --task says otherwise).
motion.tsv holds the file's own values converted to m/s^2 and rad/s (to a tenth of its last
digit, not rounded to the board's resolution nor clipped at its range), one row per sample
period of its time stamps' rate, and n/a rows for the samples it lacks (its stamps jump over
them, or their line holds an empty or NaN value, before its first whole sample and after its
last too), never values made up for them; events.tsv lists those stretches with cause n/a. A
clock that starts again in the file adds no rows: the stretch after it follows on, a
samples_missing event of duration 0 and cause clockRestart where it starts. What a CSV does not
say is left out: the device's maker and model, where it was worn, channel status, scans.tsv's
acquisition time unless its stamps are date-times (then the first row's, in UTC where they give
a zone), and where the axes point unless --axes gives it. A bad line of the file (one replay
would stop at) refuses it: nothing is written.

A recording whose files the dataset holds already (the same subject, session, task and run) is
refused, never overwritten: give it --run. Runs are numbered all or none: the recording there
without a number becomes run-1 when a --run is added. participants.tsv keeps every column and
value it has. A dataset that takes a recording of another kind (a CSV into one of pod
recordings) has that kind's README text added after its own, and its GeneratedBy entry.

Lines of raw.csv damaged after the recording (not 8 numbers, a sample_index that repeats or
goes back) are dropped with a warning naming each; the samples they held are n/a rows and a
samples_missing event of cause file. Lines a few from their place (two lines swapped) are put
back in order, with a warning. A line whose sample_index and t_ms disagree is read as the
sample the lines around it vouch for, or dropped where they vouch for neither. A damaged
header of raw.csv is read as the one the recorder writes, with a warning, where the lines
after it are the recorder's rows. A damaged line of messages.ndjson (not JSON, not a message)
is dropped with a warning naming it: raw.csv still places every sample, a step it held is not
in events.tsv.

Exit status: 0 written (problems the reader could read past are warnings on stderr); 1 bad
input (no such directory or file, not a recording, unreadable file, no raw samples (raw.csv
missing, or recorded with --no-raw), a CSV file with a bad line, output directory that is not
a BIDS dataset, a run it holds already); 2 bad usage (unknown option, bad label, an option
for a CSV file given with a recording).

Examples:
  lumbarpod export --bids run-2026-11-25 --out study --subject 07 --session 2
  lumbarpod export --bids run-2026-11-26 --out study --subject 07 --session 2 --run 2
  lumbarpod export --bids walk.csv --out study --subject 08 --task walking --axes V=x,AP=z,ML=-y
`;

async function runExport(recordingDir: string, options: ExportCliOptions, io: CliIo, given: (option: string) => boolean): Promise<void> {
  if (!options.bids) throw new UserError('choose the output format: --bids (Motion-BIDS, the only one so far)', EXIT_USAGE);
  if (!fs.existsSync(recordingDir)) throw new UserError(`${recordingDir}: no such directory or CSV file`);
  if (!fs.statSync(recordingDir).isDirectory()) {
    await exportCsvFile(recordingDir, options, io);
    return;
  }
  if (!isPodRecordingDir(recordingDir)) {
    // a directory of recordings (log --out's sessions): the one to give is named
    const inside = recordingsInsideHint(recordingDir);
    if (inside !== undefined) throw new UserError(`${recordingDir}: not a LumbarPod recording: ${inside}`);
    throw new UserError(`${recordingDir}: not a LumbarPod recording (no ${META_FILE}; make one with lumbarpod record), nor a CSV file`);
  }
  // a recording's own board, rate, units and mounting are used
  const refused = csvOnlyOptionsRefused(recordingDir, given, [['board', '--board'], ['rate', '--rate']]);
  if (refused !== undefined) throw refused;
  const outDir = options.out ?? recordingDir.replace(/[\\/]+$/, '') + '-bids';
  checkDirCreatable(outDir, '--out');
  let recording: PodRecording;
  try {
    recording = readPodRecording(recordingDir);
  } catch (err) {
    if (err instanceof PodRecordingError) throw new UserError(err.message);
    throw fileUserError(recordingDir, err);
  }
  for (const problem of recording.problems) io.err(`lumbarpod: warning: ${recordingDir}: ${problem}\n`);
  const result = exporting(outDir, () => exportMotionBids(recording, outDir, {
    subject: options.subject, session: options.session, task: options.task ?? DEFAULT_TASK, trackingSystem: options.tracksys ?? TRACKING_SYSTEM, run: options.run, toolVersion: toolVersion(),
  }));
  printExported(outDir, result, io);
}

/**
 * An IMU CSV from another device, read as replay reads it (the same options), with the steps
 * replay finds. A bad line refuses the file, where replay prints what came before it: a dataset
 * to share that stops there would pass for the whole recording.
 */
async function exportCsvFile(file: string, options: ExportCliOptions, io: CliIo): Promise<void> {
  // run.csv -> run-bids, beside it
  const outDir = options.out ?? file.replace(/\.[^./\\]*$/, '') + '-bids';
  checkDirCreatable(outDir, '--out');
  const imported = await importCsvForCli(file, options, io, true);
  const recording = imported.recording;
  if (imported.error !== undefined || recording === undefined) {
    throw new UserError(`${file}: ${imported.error ? imported.error.message : 'no samples'}; nothing written`);
  }
  const result = exporting(outDir, () => {
    const values = csvSampleValues(imported.fileValues!, { accUnit: options.accUnit, gyroUnit: options.gyroUnit });
    return exportCsvMotionBids({ file, recording, values, stampsRateHz: imported.inferredRateHz, axesGiven: options.axes !== undefined, missingAtEnds: imported.missingAtEnds }, outDir, {
      subject: options.subject, session: options.session, task: options.task, trackingSystem: options.tracksys ?? CSV_TRACKING_SYSTEM, run: options.run, toolVersion: toolVersion(),
    });
  });
  if (result.taskChosen !== undefined) io.err(`lumbarpod: note: ${file}: ${csvTaskText(result.taskChosen)}\n`);
  printExported(outDir, result, io);
}

/** runs an export, its refusals and write failures as one line */
function exporting<Result extends MotionBidsExportResult>(outDir: string, write: () => Result): Result {
  try {
    return write();
  } catch (err) {
    if (err instanceof MotionBidsExportError) throw new UserError(err.message);
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== undefined) throw new UserError(`cannot write ${outDir}: ${(err as Error).message}`);
    throw err;
  }
}

function printExported(outDir: string, result: MotionBidsExportResult, io: CliIo): void {
  const motionFile = result.files.find((f) => f.endsWith('_motion.tsv')) as string;
  io.out(`${path.join(outDir, motionFile)}: ${result.rows} rows (${result.missingRows} n/a), ${result.events} events; ${result.files.length} files written to ${outDir}\n`);
}

function toolVersion(): string {
  try {
    return (require('../../../package.json') as { version: string }).version;
  } catch (err) {
    return 'unknown';
  }
}

export const exportCommand: CliCommand = {
  register(program: Command, io: CliIo): void {
    const command = program
      .command('export')
      .summary('write a recording, or an IMU CSV file, as a Motion-BIDS dataset')
      .description('Writes a recording made by `lumbarpod record`, or a raw IMU CSV file from another device with the steps the detector finds in it, as a Motion-BIDS dataset (BIDS 1.9 motion datatype), or adds it to one.')
      .argument('<recording>', 'recording directory (recording.json, raw.csv, messages.ndjson), or a CSV file as `lumbarpod replay` reads it')
      .option('--bids', 'write Motion-BIDS (the only format so far)')
      .addOption(new Option('--out <dir>', 'BIDS dataset directory to create or add to (default: RECORDING-bids; for FILE.csv, FILE-bids)'))
      .addOption(new Option('--subject <id>', 'participant label, letters and digits').argParser(labelOption('sub')).default(DEFAULT_SUBJECT))
      .addOption(new Option('--session <id>', 'session label, letters and digits (default: no session level)').argParser(labelOption('ses')))
      .addOption(new Option('--task <name>', `task label, letters and digits (default: ${DEFAULT_TASK} for a recording; for a CSV file, ` +
        `from the steps the detector finds: ${CSV_RUNNING_TASK}, ${CSV_WALKING_TASK} where they are mostly walking, ${CSV_NO_STEPS_TASK} where there are none)`).argParser(labelOption('task')))
      .addOption(new Option('--run <index>', 'run index, for another recording of the same subject, session and task (default: no run level)').argParser(runIndexOption))
      .addOption(new Option('--tracksys <label>', `tracking system label, letters and digits (default: ${TRACKING_SYSTEM} for a recording, ${CSV_TRACKING_SYSTEM} for a CSV file)`).argParser(labelOption('tracksys')));
    // how to read a CSV file: as replay reads it
    for (const option of csvFileOptions()) command.addOption(option);
    command
      .addHelpText('after', HELP_AFTER)
      .action((recordingDir: string, options: ExportCliOptions, cmd: Command) =>
        runExport(recordingDir, options, io, (option) => cmd.getOptionValueSource(option) === 'cli'));
  },
};
