// The pod's other Storage files, as the flasher copied them, kept on the host from the erase until
// they are back on the pod: a session cut short in between (a cable pulled, the pod reset) still
// has them. One directory per flash in the system's temporary directory: each file's bytes under
// its Storage name (escaped for the file system) and storage.json listing names and sizes.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { StoredFileCopy } from './storageOrder';

/** writes the copies to a new directory and returns its path ('' when there are none) */
export function saveStorageCopies(copies: StoredFileCopy[]): string {
  if (copies.length === 0) return '';
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lumbarpod-pod-files-'));
  copies.forEach((c, i) => fs.writeFileSync(path.join(dir, `${i}-${encodeURIComponent(c.name)}`), c.bytes));
  fs.writeFileSync(path.join(dir, 'storage.json'), JSON.stringify({
    files: copies.map((c, i) => ({ name: c.name, size: c.size, written: c.bytes.length, file: `${i}-${encodeURIComponent(c.name)}` })),
  }, null, 1) + '\n');
  return dir;
}

/** the copies are on the pod again */
export function removeStorageCopies(dir: string): void {
  if (dir !== '') fs.rmSync(dir, { recursive: true, force: true });
}
