// Where a command writes a new recording (--out): checked before the pod is touched, so a typo
// never overwrites an earlier recording, and a path that cannot be a directory fails at once
// rather than after the pod was told to start.
import * as fs from 'fs';
import * as path from 'path';
import { EXIT_INPUT, UserError } from './userError';

/** throws a UserError unless `dir` is an empty directory, or is missing and can be created */
export function checkFreshOutDir(dir: string): void {
  let entries: string[];
  try {
    if (!fs.statSync(dir).isDirectory()) throw new UserError(`--out ${dir} is a file, not a directory; give a new directory (nothing was overwritten)`);
    entries = fs.readdirSync(dir);
  } catch (e) {
    if (e instanceof UserError) throw e;
    // ENOTDIR: a file on the way, which the check names where it is
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      checkDirCreatable(dir, '--out');
      return;
    }
    throw new UserError(`--out ${dir}: cannot read this directory: ${dirProblemReason(e)}; give another --out`);
  }
  if (entries.length > 0) throw new UserError(`--out ${dir} already holds files; give a new directory (nothing was overwritten)`);
}

/**
 * Throws a UserError (naming `option`) when `dir` is missing and cannot be created; what is there
 * already is for the command to judge. Permission bits do not tell (root passes them everywhere,
 * and /proc takes no new names whoever asks), so a directory of its own, named uniquely, is made
 * and removed in the nearest level that exists. The user's own names are not made: another process
 * may be making the same parents at this moment (two records into one new directory), and its
 * work must not be removed, nor taken for a refusal.
 */
export function checkDirCreatable(dir: string, option: string, exitCode = EXIT_INPUT): void {
  if (fs.existsSync(dir)) return;
  const refuse = (at: string, reason: string): never => {
    const where = at === path.resolve(dir) ? '' : ` (at ${at})`;
    throw new UserError(`${option} ${dir}: cannot create this directory${where}: ${reason}; give another ${option}`, exitCode);
  };
  // lstat level by level: a dangling link or a file on the way is named where it is, rather than
  // followed (mkdir gives EEXIST for a dangling link's name, which reads as if all were well)
  let level = path.resolve(dir);
  let firstMissing = level;
  for (;;) {
    let found: fs.Stats | undefined;
    try {
      found = fs.lstatSync(level);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      // ENOTDIR: a file further up, found as the loop gets there
      if (code !== 'ENOENT' && code !== 'ENOTDIR') refuse(level, dirProblemReason(e));
    }
    if (found !== undefined) {
      if (found.isDirectory()) break;
      if (!found.isSymbolicLink()) refuse(level, 'a file is there, not a directory');
      let target: fs.Stats | undefined;
      try {
        target = fs.statSync(level);
      } catch (e) {
        refuse(level, (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'a link to nothing (its target is missing)' : dirProblemReason(e));
      }
      if (target!.isDirectory()) break;
      refuse(level, 'a link to a file, not to a directory');
    }
    firstMissing = level;
    // past the root there is nothing to look at: the probe below gives the root's error
    if (path.dirname(level) === level) break;
    level = path.dirname(level);
  }
  let probe: string;
  try {
    probe = fs.mkdtempSync(path.join(level, '.lumbarpod-check-'));
  } catch (e) {
    return refuse(firstMissing, dirProblemReason(e, level));
  }
  try {
    fs.rmdirSync(probe);
  } catch (e) {
    throw new UserError(`${option} ${dir}: checking that ${level} takes a new directory made ${probe}, which could not be removed ` +
      `(${dirProblemReason(e)}); remove it by hand`, exitCode);
  }
}

/**
 * Why a directory cannot be made or read, in words: Node's own message starts with the system
 * call's error code ("ENOENT: no such file or directory, mkdir '/proc/x'"), which says nothing of
 * /proc. `parent`: the directory that exists, where a new one was to be made in it.
 */
export function dirProblemReason(e: unknown, parent?: string): string {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied (you may not make or read directories there)';
    case 'EROFS':
      return 'the file system there is read-only';
    case 'ENOSPC':
    case 'EDQUOT':
      return 'the disk is full';
    case 'EEXIST':
      return 'a file is there, not a directory';
    case 'ENOTDIR':
      return 'a file is on the way, not a directory';
    case 'ELOOP':
      return 'its path goes round in a loop of links';
    case 'ENAMETOOLONG':
      return 'the name is too long';
    case 'ENOENT':
      // mkdir in a directory that is there: one of the system's own (/proc, /sys), which takes no new names
      if (parent !== undefined) return `${parent} takes no new directories (a file system the kernel runs, such as /proc or /sys, not one for files)`;
      return 'no such file or directory';
  }
  // Node's message without its code and its ", mkdir 'PATH'" tail: the caller names the path once, as the user gave it
  return (e instanceof Error ? e.message : String(e)).replace(/^[A-Z]+: /, '').replace(/, \w+ '.*'$/, '');
}

/**
 * Makes `dir` (and its missing parents) for `option` unless it is a directory already: a
 * UserError (exit status `exitCode`) in words where it is a file or cannot be made.
 */
export function makeOptionDir(dir: string, option: string, exitCode = EXIT_INPUT): void {
  let stat: fs.Stats | undefined;
  try {
    stat = fs.statSync(dir);
  } catch (e) {
    // missing, or a file on the way, which the check names where it is
  }
  if (stat !== undefined) {
    if (stat.isDirectory()) return;
    throw new UserError(`${option} ${dir} is a file, not a directory: give a directory, or a new name (it is made)`, exitCode);
  }
  checkDirCreatable(dir, option, exitCode);
  try {
    makeDirs(dir);
  } catch (e) {
    throw new UserError(`${option} ${dir}: cannot create this directory: ${dirProblemReason(e)}; give another ${option}`, exitCode);
  }
}

/**
 * Creates `dir` and its missing parents one level at a time; returns the levels it created,
 * outermost first. Unlike mkdirSync's recursive mode, which never returns where a parent exists
 * but mkdir under it still says ENOENT (any new name in /proc), each level's error is final; on
 * one, the levels made before it are removed again where nothing else has been put in them. A
 * level another process made meanwhile (EEXIST, and a directory now) is used as it is, and is not
 * counted as made here.
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
      try {
        fs.mkdirSync(level);
        created.push(level);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || !isDirectory(level)) throw e;
      }
    }
  } catch (e) {
    for (const level of created.slice().reverse()) {
      try {
        fs.rmdirSync(level);
      } catch {
        // another process has put something in it (or removed it): it is theirs now
        break;
      }
    }
    throw e;
  }
  return created;
}

function isDirectory(level: string): boolean {
  try {
    return fs.statSync(level).isDirectory();
  } catch {
    return false;
  }
}
