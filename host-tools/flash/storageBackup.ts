// The pod's other Storage files, as the flasher copied them, kept on the host from the erase until
// they are back on the pod: a session cut short in between (a cable pulled, the pod reset) still
// has them. One directory per flash in the user's state directory (not the system's temporary
// one, which a reboot may empty before the user flashes again with --restore): each file's bytes
// under its Storage name (escaped for the file system) and storage.json listing names and sizes.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { dirProblemReason, makeDirs } from '../cli/freshOutDir';
import { StoredFileCopy } from './storageOrder';

/** where the copies of each flash go: $XDG_STATE_HOME/lumbarpod, by default ~/.local/state/lumbarpod */
export function storageCopiesBaseDir(): string {
  const stateHome = process.env.XDG_STATE_HOME;
  // the XDG rule: a relative path there is to be ignored
  const base = stateHome !== undefined && path.isAbsolute(stateHome) ? stateHome : path.join(os.homedir(), '.local', 'state');
  return path.join(base, 'lumbarpod');
}

/**
 * writes the copies to a new directory and returns its path ('' when there are none); throws a
 * sentence, not a system error code, naming the directory that could not be made or written
 */
export function saveStorageCopies(copies: StoredFileCopy[]): string {
  if (copies.length === 0) return '';
  const base = storageCopiesBaseDir();
  let dir: string;
  try {
    // level by level: a recursive mkdir never returns under a parent that refuses new names (/proc)
    makeDirs(base);
    dir = fs.mkdtempSync(path.join(base, `pod-files-${new Date().toISOString().slice(0, 19).replace(/:/g, '')}-`));
  } catch (e) {
    // ENOENT from a mkdir whose parent is there: a file system that takes no new names
    const made = (e as NodeJS.ErrnoException).syscall?.startsWith('mkd') === true ? (e as NodeJS.ErrnoException).path : undefined;
    throw new Error(`${base} cannot be made: ${dirProblemReason(e, made !== undefined ? path.dirname(made) : undefined)}`);
  }
  try {
    copies.forEach((c, i) => fs.writeFileSync(path.join(dir, `${i}-${encodeURIComponent(c.name)}`), c.bytes));
    fs.writeFileSync(path.join(dir, 'storage.json'), JSON.stringify({
      files: copies.map((c, i) => ({ name: c.name, size: c.size, written: c.bytes.length, file: `${i}-${encodeURIComponent(c.name)}` })),
    }, null, 1) + '\n');
  } catch (e) {
    // a part kept is no backup: nothing is left that --restore would take for one
    fs.rmSync(dir, { recursive: true, force: true });
    throw new Error(`writing them in ${base} failed: ${dirProblemReason(e)}`);
  }
  return dir;
}

/** the copies saveStorageCopies kept in `dir`; throws a sentence when it is not such a directory */
export function loadStorageCopies(dir: string): StoredFileCopy[] {
  let listed: { files?: { name: string; size: number; written: number; file: string }[] };
  try {
    listed = JSON.parse(fs.readFileSync(path.join(dir, 'storage.json'), 'utf8'));
  } catch (e) {
    // where the flashes keep them, for a path mistyped
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === undefined ? `its storage.json is damaged: ${(e as Error).message}`
      : code === 'ENOTDIR' ? 'it is a file, not a directory'
        : code !== 'ENOENT' ? dirProblemReason(e)
          : fs.existsSync(dir) ? 'it has no storage.json' : 'there is no such directory';
    throw new Error(`${dir} holds no pod files a flash kept (${why}; a flash keeps them in ${storageCopiesBaseDir()})`);
  }
  if (!Array.isArray(listed.files)) throw new Error(`${path.join(dir, 'storage.json')} lists no files`);
  return listed.files.map((f) => {
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(fs.readFileSync(path.join(dir, path.basename(f.file))));
    } catch (e) {
      throw new Error(`${dir}: the copy of ${f.name} it lists (${path.basename(f.file)}) cannot be read: ${dirProblemReason(e)}`);
    }
    if (bytes.length !== f.written || !(f.size >= f.written)) throw new Error(`${dir}: ${f.name} holds ${bytes.length} bytes, not the ${f.written} it was kept with`);
    return { name: f.name, size: f.size, bytes };
  });
}

/** the copies are on the pod again */
export function removeStorageCopies(dir: string): void {
  if (dir !== '') fs.rmSync(dir, { recursive: true, force: true });
}
