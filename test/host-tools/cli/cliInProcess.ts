// The lumbarpod CLI run in-process (main() with captured output), and the one-line error check
// every bad-input test makes.
import { expect } from 'chai';
import { CliIo } from '../../../host-tools/cli/cliCommand';
import { main } from '../../../host-tools/cli/main';

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

export async function lumbarpodInProcess(...args: string[]): Promise<CliRun> {
  let out = '';
  let err = '';
  const io: CliIo = { out: (t) => { out += t; }, err: (t) => { err += t; } };
  const code = await main(['node', 'lumbarpod', ...args], io);
  return { code, out, err };
}

/** the error output is exactly one "lumbarpod: ..." line; returns it */
export function expectOneErrorLine(err: string): string {
  const lines = err.trimEnd().split('\n');
  expect(lines, err).to.have.length(1);
  expect(lines[0]).to.match(/^lumbarpod: /);
  return lines[0];
}
