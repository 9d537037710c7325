// `lumbarpod report RECORDING`: one self-contained HTML file (plots and plain-language form
// insights, uPlot inlined, opens offline) from a recording written by `lumbarpod record`.
import * as fs from 'fs';
import * as path from 'path';
import { Command, Option } from 'commander';
import { isNoRoomError, replaceFileText } from '../../recording/fileReplace';
import { META_FILE, PodRecording, PodRecordingError, readPodRecording } from '../../recording/podRecording';
import { podReportOf } from '../../report/podReport';
import { chartHasData } from '../../report/reportCharts';
import { plural } from '../../report/reportFormat';
import { CliCommand, CliIo } from '../cliCommand';
import { regularFileHead } from '../fileHead';
import { recordingsInsideHint } from '../recordingsInside';
import { UserError } from '../userError';

interface ReportCliOptions {
  out?: string;
}

const HELP_AFTER = `
RECORDING is a directory written by \`lumbarpod record\` (recording.json, messages.ndjson,
raw.csv), or one \`lumbarpod log\` wrote, whose window summaries, with no steps, give its insights
and plots. The report reads the pod's own step and window messages: a line of messages.ndjson
damaged after the recording (not JSON, not a message) is dropped with a warning naming it, and
the rest is read. raw.csv is read for its samples: lines damaged after the recording (not 8
numbers, a sample_index that repeats or goes back) are dropped with a warning naming each, and
the samples they held are gaps in the report; lines a few from their place (two lines swapped)
are put back in order; a line whose sample_index and t_ms disagree is read as the sample the
lines around it vouch for, or dropped; its header damaged is read as the one the recorder
writes where the lines after it are the recorder's rows; a raw.csv that is missing is a
warning. Its samples are replayed only for a recording the pod made with its detector off
(\`record --raw-only\`): its steps and windows come from that replay.

The page has form insights (cadence against ~180 steps/min and your own +5-10 % band, vertical
oscillation, ground contact and L/R balance, braking, pelvic drop per side, rotation, forward
lean, step-to-step consistency, fatigue drift), each with the value, the evidence behind it and
why it matters for the lower back; the recording's gaps and errors; and plots over the run,
per-step distributions, left vs right and drift. They are indicators, not a diagnosis. Walking
steps get their walking cadence; walking-only recordings get no running insights.

Exit status:
  0  the report was written (problems the reader could read past, damaged lines of raw.csv
     and messages.ndjson among them, are warnings on stderr)
  1  input problem: missing directory, not a recording, an unreadable file, a malformed
     recording.json, a raw.csv that is another file (its first line not the header, nor the
     lines after it the recorder's rows), an --out that is a file but no HTML page (its
     recording's raw.csv, say: it is never overwritten), or the report could not be written
     (a full disk, say: the page goes through a temporary file, so a report there before is
     left whole)
  2  bad usage: unknown option, missing RECORDING

Examples:
  lumbarpod report runs/2026-11-25-easy
  lumbarpod report runs/2026-11-25-easy --out ~/reports/easy.html
`;

function errnoReason(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  const reasons: { [code: string]: string } = {
    ENOENT: 'no such file or directory',
    ENOTDIR: 'a parent is not a directory',
    EISDIR: 'it is a directory',
    EACCES: 'permission denied',
    EPERM: 'permission denied',
    EROFS: 'read-only file system',
  };
  if (isNoRoomError(err)) return 'the disk is full';
  return (code && reasons[code]) || (err instanceof Error ? err.message : String(err));
}

/** the recording, or a UserError saying in one line why it cannot be read */
function openRecording(dir: string): PodRecording {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(dir);
  } catch (err) {
    throw new UserError(`cannot read ${dir}: ${errnoReason(err)}`);
  }
  if (!stat.isDirectory()) throw new UserError(`${dir} is not a recording: expected a directory written by \`lumbarpod record\``);
  if (!fs.existsSync(path.join(dir, META_FILE))) {
    const inside = recordingsInsideHint(dir);
    if (inside !== undefined) throw new UserError(`${dir} is not a recording: ${inside}`);
    throw new UserError(`${dir} is not a recording: it has no ${META_FILE} (make one with \`lumbarpod record\`)`);
  }
  try {
    return readPodRecording(dir);
  } catch (err) {
    if (err instanceof PodRecordingError) throw new UserError(oneLine(err.message));
    throw new UserError(`cannot read ${dir}: ${errnoReason(err)}`);
  }
}

/** how a page lumbarpod (or anyone) wrote starts, after any byte order mark and blank space */
const HTML_START = /^\uFEFF?\s*<(!doctype html|html)[\s>]/i;

/** the bytes of an existing file read to tell an HTML page from any other file */
const HEAD_BYTES = 64;

/**
 * A UserError when `out` is a file that holds something other than an HTML page: a mistyped --out
 * (the recording's own raw.csv, say) would otherwise be overwritten with the report, and its data lost
 */
function refusedOut(out: string): UserError | undefined {
  if (fs.statSync(out, { throwIfNoEntry: false })?.isDirectory() === true) {
    return new UserError(`--out ${out} is a directory, not a file: give the page's file name, e.g. ${path.join(out, 'report.html')}`);
  }
  const head = regularFileHead(out, HEAD_BYTES);
  if (head === undefined) return undefined;
  if (head === '' || HTML_START.test(head)) return undefined;
  return new UserError(`--out ${out} is a file that is not an HTML page; give another --out (nothing was overwritten)`);
}

/**
 * Writes the page as the whole of `out`: a regular file (or none yet) through a temporary file
 * beside it renamed over it, so a write cut short (a full disk) leaves a report there before
 * whole rather than cut short. A link is followed to its file and stays a link; a terminal or a
 * pipe (--out /dev/stdout) is written as it is, as nothing can be renamed over it.
 */
function writeReport(out: string, html: string): void {
  let stat: fs.Stats | undefined;
  try {
    stat = fs.statSync(out);
  } catch (err) {
    // not there yet (or a parent missing, which the write says)
  }
  if (stat !== undefined && !stat.isFile()) {
    fs.writeFileSync(out, html);
    return;
  }
  replaceFileText(stat !== undefined ? fs.realpathSync(out) : out, html);
}

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch (err) {
    return false;
  }
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ');
}

async function runReport(dir: string, options: ReportCliOptions, io: CliIo): Promise<void> {
  const recording = openRecording(dir);
  const report = podReportOf(recording);
  for (const problem of recording.problems) io.err(`lumbarpod: warning: ${dir}: ${oneLine(problem)}\n`);
  const out = options.out !== undefined ? options.out : path.join(dir, 'report.html');
  const refused = refusedOut(out);
  if (refused !== undefined) throw refused;
  const fileBefore = isFile(out);
  try {
    writeReport(out, report.html);
  } catch (err) {
    // the page is written whole or not at all: one there before is as it was
    const kept = fileBefore ? `; ${out} is as it was before` : '';
    throw new UserError(`cannot write ${out}: ${errnoReason(err)}${kept}`);
  }
  const running = report.insights.some((i) => i.id === 'cadence');
  io.out(
    `${out}: ${plural(report.insights.length, 'insight')}${running ? '' : ' (no running insights)'}, ` +
      `${plural(report.charts.filter(chartHasData).length, 'plot')}, ${plural(report.issues.length, 'recording issue')}\n`,
  );
}

export const reportCommand: CliCommand = {
  register(program: Command, io: CliIo): void {
    program
      .command('report')
      .summary('write an HTML report with plots and form insights for a recording')
      .description(
        'Writes one self-contained HTML file (plots drawn with uPlot, inlined: it opens offline) with plain-language ' +
          'form insights for the lower back, each tied to its evidence, from a recording made by `lumbarpod record` ' +
          '(or a session `lumbarpod log` read from the pod: its window summaries).',
      )
      .argument('<recording>', 'recording directory (recording.json, messages.ndjson, raw.csv)')
      .addOption(new Option('--out <file>', 'where to write the HTML (default: RECORDING/report.html); a file there that is not an HTML page is refused, never overwritten'))
      .addHelpText('after', HELP_AFTER)
      .action((dir: string, options: ReportCliOptions) => runReport(dir, options, io));
  },
};
