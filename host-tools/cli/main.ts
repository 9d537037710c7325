// The `lumbarpod` command: one subcommand per file in commands/, errors as one line
// "lumbarpod: ..." on stderr and an exit status (see userError.ts), never a stack trace.
import { CommanderError } from 'commander';
import { CliCommand, CliIo } from './cliCommand';
import { exportCommand } from './commands/export';
import { flashCommand } from './commands/flash';
import { logCommand } from './commands/log';
import { portsCommand } from './commands/ports';
import { recordCommand, streamCommand } from './commands/record';
import { replayCommand } from './commands/replay';
import { reportCommand } from './commands/report';
import { simulateCommand } from './commands/simulate';
import { HintingCommand } from './unknownOptionHint';
import { EXIT_INTERNAL, EXIT_USAGE, UserError } from './userError';

/** subcommands in help order */
export const COMMANDS: CliCommand[] = [
  portsCommand, recordCommand, streamCommand, logCommand, replayCommand, reportCommand, exportCommand, simulateCommand, flashCommand,
];

const PROCESS_IO: CliIo = {
  out: (text) => {
    process.stdout.write(text);
  },
  err: (text) => {
    process.stderr.write(text);
  },
};

/** commander's "error: ...\n(Did you mean ...?)" as one line */
function oneLine(message: string): string {
  return message
    .replace(/^error: /, '')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .join(' ');
}

export function buildProgram(io: CliIo = PROCESS_IO): HintingCommand {
  const program = new HintingCommand('lumbarpod');
  program
    .description('LumbarPod host tools: find, flash, record and stream a pod; replay, report on and export recordings; simulate a pod')
    .version(readVersion(), '-V, --version')
    // set before the subcommands are added, so they inherit it
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.out(text),
      writeErr: (text) => io.err(text),
      outputError: (text, write) => write(`lumbarpod: ${oneLine(text)} (see --help)\n`),
    });
  for (const command of COMMANDS) command.register(program, io);
  return program;
}

function readVersion(): string {
  try {
    return (require('../../package.json') as { version: string }).version;
  } catch (err) {
    return 'unknown';
  }
}

/** Runs the CLI on `argv` (node, script, args...) and returns the exit status. */
export async function main(argv: string[], io: CliIo = PROCESS_IO): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      // commander has printed the message (or the help, exitCode 0) through outputError
      return err.exitCode === 0 ? 0 : EXIT_USAGE;
    }
    if (err instanceof UserError) {
      io.err(`lumbarpod: ${err.message}\n`);
      return err.exitCode;
    }
    const error = err instanceof Error ? err : new Error(String(err));
    if (process.env.LUMBARPOD_DEBUG) io.err(`${error.stack}\n`);
    io.err(`lumbarpod: internal error: ${oneLine(error.message)} (run with LUMBARPOD_DEBUG=1 for a stack trace)\n`);
    return EXIT_INTERNAL;
  }
}

/** Entry point of bin/lumbarpod.js. */
export function runCli(argv: string[]): void {
  // `lumbarpod replay x.csv | head` closes stdout early: stop quietly, like other Unix tools
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  });
  main(argv).then((code) => {
    process.exitCode = code;
  });
}
