// `lumbarpod log --port P`: read the window summaries a pod kept in its flash log (runs made with
// the pod alone) into one recording directory per session, for report; --clear then
// erases the log on the pod. See host-tools/record/logDownload.ts.
import { Command, Option } from 'commander';
import * as path from 'path';
import { localMinute } from '../../protocol/wallClock';
import { downloadPodLog } from '../../record/logDownload';
import { boardByName, boardNames, DEFAULT_BOARD_NAME } from '../boardRegistry';
import { CliCommand, CliIo } from '../cliCommand';
import { checkFreshOutDir } from '../freshOutDir';
import { portPathOption } from '../portOption';
import { UserError } from '../userError';

interface LogCliOptions {
  port: string;
  board?: string;
  out?: string;
  clear?: boolean;
}

function defaultOutDir(): string {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-').replace(/-\d{3}Z$/, 'Z');
  return path.join('recordings', `lumbarpod-log-${stamp}`);
}

async function runLog(options: LogCliOptions, io: CliIo): Promise<void> {
  const board = options.board !== undefined ? boardByName(options.board) : undefined;
  if (options.board !== undefined && board === undefined) throw new UserError(`unknown board '${options.board}' (known: ${boardNames().join(', ')})`, 2);
  const outDir = options.out ?? defaultOutDir();
  checkFreshOutDir(outDir);
  const result = await downloadPodLog({ portPath: options.port, board, outDir, clear: options.clear === true });
  for (const gap of result.gaps) {
    io.err(`lumbarpod: warning: log bytes ${gap.fromOffset} to ${gap.resumedAtOffset} could not be read; the summaries in them are missing\n`);
  }
  for (const session of result.sessions) {
    const when = session.startEpochMs !== undefined ? localMinute(session.startEpochMs) : 'date unknown: a boot no host gave its clock';
    io.out(`recording: ${session.dir} (${when}, ${session.summaries} windows)\n`);
  }
  const summaries = result.sessions.reduce((n, s) => n + s.summaries, 0);
  io.out(`lumbarpod log: ${summaries} window summaries in ${result.sessions.length} session${result.sessions.length === 1 ? '' : 's'} ` +
    `(${result.logBytes} log bytes)${result.cleared ? '; the log on the pod is cleared' : ''}\n`);
  io.out(`lumbarpod log: the pod's log has room for ${result.room.windows} more windows with steps (about ${result.room.minutes} min of activity; idle windows are not logged)\n`);
  if (result.full) {
    const last = result.sessions.length > 0 ? ` (${result.sessions[result.sessions.length - 1].dir} ends where it filled)` : '';
    io.err(result.cleared
      ? `lumbarpod: warning: the pod's log was full: windows made after it filled were not logged${last}; it is cleared now\n`
      : `lumbarpod: warning: the pod's log is full: windows made since it filled were not logged${last}; --clear empties it once it is read\n`);
  }
}

export const logCommand: CliCommand = {
  register(program: Command, io: CliIo): void {
    program
      .command('log')
      .summary('read the window summaries a pod logged while no host listened, one recording per session')
      .description(
        'Reads the pod\'s flash log over serial (the window summaries it keeps while nobody listens: a run ' +
          'with the pod alone) and writes one recording directory per session of the pod (session-01, ...): ' +
          'messages.ndjson with the summaries, recording.json and a raw.csv of its header only, for `lumbarpod report` ' +
          '(no raw samples: nothing to replay or export). ' +
          'A session ends where the pod restarted or started recording again; each is dated from the clock a host ' +
          'gave the pod in its boot (record, stream, log and the dashboard give it theirs). Log chunks lost on the line ' +
          'are asked for again; what never comes is named on stderr. --clear erases the log on the pod ' +
          'afterwards, only when all of it was read.',
      )
      .addOption(new Option('--port <path>', 'serial port of the pod (see `lumbarpod ports`), or the path `lumbarpod simulate` printed').argParser(portPathOption).makeOptionMandatory())
      .addOption(new Option('--board <name>', `the pod's board; by default the one the pod says it runs (firmware 0.16 on; older: ${DEFAULT_BOARD_NAME})`).choices(boardNames()))
      .option('--out <dir>', 'where the session directories go (default: recordings/lumbarpod-log-<time>)')
      .option('--clear', 'erase the log on the pod once all of it was read')
      .action((options: LogCliOptions) => runLog(options, io));
  },
};
