// Where a command writes a new recording (--out): checked before the pod is touched, so a typo
// never overwrites an earlier recording, and a path that cannot be a directory fails at once
// rather than after the pod was told to start.
import * as fs from 'fs';
import * as path from 'path';
import { UserError } from './userError';

/** throws a UserError unless `dir` is an empty directory, or is missing and can be created */
export function checkFreshOutDir(dir: string): void {
  let entries: string[];
  try {
    if (!fs.statSync(dir).isDirectory()) throw new UserError(`--out ${dir} is a file, not a directory`);
    entries = fs.readdirSync(dir);
  } catch (e) {
    if (e instanceof UserError) throw e;
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
      checkDirCreatable(dir, '--out');
      return;
    }
    throw new UserError(`--out ${dir}: ${(e as Error).message}`);
  }
  if (entries.length > 0) throw new UserError(`--out ${dir} already holds files; give a new directory (nothing was overwritten)`);
}

/**
 * Throws a UserError (naming `option`) when `dir` is missing and cannot be created; what is there
 * already is for the command to judge. Permission bits do not tell (root passes them everywhere,
 * and /proc takes no new names whoever asks), so `dir` is created, level by level, and removed again.
 */
export function checkDirCreatable(dir: string, option: string): void {
  if (fs.existsSync(dir)) return;
  let created: string[];
  try {
    created = makeDirs(dir);
  } catch (e) {
    const failed = e as NodeJS.ErrnoException;
    // Node's message ends in ", mkdir 'PATH'": the path is named here once, as the user gave it
    const reason = failed.message.replace(/, \w+ '.*'$/, '');
    const where = failed.path === undefined || path.resolve(failed.path) === path.resolve(dir) ? '' : ` (at ${failed.path})`;
    throw new UserError(`${option} ${dir}: cannot create this directory${where}: ${reason}`);
  }
  for (const level of created.reverse()) fs.rmdirSync(level);
}

/**
 * Creates `dir` and its missing parents one level at a time; returns the levels it created,
 * outermost first. Unlike mkdirSync's recursive mode, which never returns where a parent exists
 * but mkdir under it still says ENOENT (any new name in /proc), each level's error is final; on
 * one, the levels made before it are removed again.
 */
export function makeDirs(dir: string): string[] {
  const missing: string[] = [];
  for (let level = path.resolve(dir); ; level = path.dirname(level)) {
    try {
      if (fs.statSync(level).isDirectory()) break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    missing.unshift(level);
    // past the root there is nothing to try: mkdir gives the root's error
    if (path.dirname(level) === level) break;
  }
  const created: string[] = [];
  try {
    for (const level of missing) {
      fs.mkdirSync(level);
      created.push(level);
    }
  } catch (e) {
    for (const level of created.slice().reverse()) fs.rmdirSync(level);
    throw e;
  }
  return created;
}
