// Where a command writes a new recording (--out): checked before the pod is touched, so a typo
// never overwrites an earlier recording, and a path that cannot be a directory fails at once
// rather than after the pod was told to start.
import * as fs from 'fs';
import { UserError } from './userError';

/** throws a UserError unless `dir` is missing or an empty directory */
export function checkFreshOutDir(dir: string): void {
  let entries: string[];
  try {
    if (!fs.statSync(dir).isDirectory()) throw new UserError(`--out ${dir} is a file, not a directory`);
    entries = fs.readdirSync(dir);
  } catch (e) {
    if (e instanceof UserError) throw e;
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw new UserError(`--out ${dir}: ${(e as Error).message}`);
  }
  if (entries.length > 0) throw new UserError(`--out ${dir} already holds files; give a new directory (nothing was overwritten)`);
}
