// What a `lumbarpod` subcommand module provides: it adds itself to the program and writes
// through CliIo, so tests can run the CLI in-process and read what it printed.
import { Command } from 'commander';

export interface CliIo {
  /** results (NDJSON, tables) */
  out(text: string): void;
  /** warnings and errors, one "lumbarpod: ..." line each */
  err(text: string): void;
}

export interface CliCommand {
  /** adds the subcommand, its options, help and action to `program` */
  register(program: Command, io: CliIo): void;
}
