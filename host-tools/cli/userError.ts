// An error a person can act on (missing file, bad option value, bad CSV line): the CLI prints
// its message as one line "lumbarpod: ..." and exits with `exitCode`, never with a stack trace.

/** exit status for bad input (file, CSV) */
export const EXIT_INPUT = 1;
/** exit status for bad usage (unknown option, bad option value, missing argument) */
export const EXIT_USAGE = 2;
/** exit status for a bug in lumbarpod itself */
export const EXIT_INTERNAL = 70;

export class UserError extends Error {
  readonly exitCode: number;

  constructor(message: string, exitCode = EXIT_INPUT) {
    super(message);
    this.name = 'UserError';
    this.exitCode = exitCode;
  }
}

/** what a directory given to a command that takes a recording's directory or a CSV file is not */
export const NOT_A_RECORDING_DIR = 'it is a directory but not a recording (it has no recording.json), nor a CSV file';

/**
 * A file system error as one line naming the file ("cannot read x.csv: no such file"); `directory`
 * says what a directory given there is not, where the command also takes one (a recording's)
 */
export function fileUserError(path: string, err: unknown, directory = 'it is a directory, not a file'): UserError {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  const reasons: { [code: string]: string } = {
    ENOENT: 'no such file',
    EISDIR: directory,
    EACCES: 'permission denied',
    EPERM: 'permission denied',
  };
  const reason = (code && reasons[code]) || (err instanceof Error ? err.message : String(err));
  return new UserError(`cannot read ${path}: ${reason}`);
}
