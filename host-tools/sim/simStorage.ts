// require('Storage') stand-in with Espruino's flash file semantics (src/jswrap_storage.c,
// src/jsflash.c jsfWriteFile): a fixed capacity in bytes, files whose size is fixed when they
// are created, erased bytes reading 0xFF, and no overwriting of written bytes.
//
// Mirrored from Espruino:
// - write(name, data, offset, size): offset 0 creates the file (size = size || data length),
//   replacing an existing one unless that one has the same size and is still erased (then it is
//   filled in) or already holds exactly these bytes; offset > 0 fills in an existing file.
//   Errors: "Can't create zero length file", "Unable to find or create file" (no such file at
//   offset > 0, or no room), "Too much data for file size", "File already written with
//   different data" (target bytes not all 0xFF). offset or size < 0 returns false.
// - Names longer than 28 characters are silently cut to 28 (jsfNameFromVar), so two long names
//   with the same first 28 characters are one file. The simulator records a warning.
// - Each file takes a 32-byte header plus its size rounded up to 4 bytes. Erased files are
//   trash until a compaction, which runs when a new file would not fit (as _jsfCreateFile
//   does). getFree() is the room after the last file, trash not counted as free.
// - Files lie in flash in creation order (list() gives that order). A compaction moves every
//   file with trash before it down over the trash (jsfCompactInternal). Code the pod runs from a
//   file (functions of .bootcde stay in flash) is garbage once its file moved; Espruino does not
//   check, and neither could the pod: the simulator reports it (onCodeMoved).
// - An object given to write() is stored as JSON; arrays and typed arrays as bytes; strings as
//   their char codes (low 8 bits).
// Not mirrored: page boundaries (a 4 KB page wastes the tail a file does not fill), Espruino's
// compact JSON dialect in writeJSON (readJSON reads back the same value either way).
import { STORAGE_ALIGNMENT_BYTES, STORAGE_FILE_HEADER_BYTES, STORAGE_MAX_NAME_CHARS, storedFileBytes } from '../flash/espruinoStorageLayout';
import { PodErrorFactory, hostErrorFactory } from './virtualClock';

export { STORAGE_ALIGNMENT_BYTES, STORAGE_FILE_HEADER_BYTES, STORAGE_MAX_NAME_CHARS };
/** Puck.js: 10 pages of 4 KB (boards/PUCKJS.py saved_code) */
export const PUCK_STORAGE_BYTES = 40960;

/** constructors of the realm the pod runs in, so values it gets back pass its instanceof tests */
export interface StorageRealm {
  Uint8Array: Uint8ArrayConstructor;
  JSON: JSON;
}

export interface SimStorageOptions {
  capacityBytes?: number;
  podError?: PodErrorFactory;
  realm?: StorageRealm;
  /** told about misuse that Espruino lets pass silently (long names) */
  onWarning?: (message: string) => void;
  /** a compaction moved a file the pod runs code from (see runningFrom) */
  onCodeMoved?: (name: string) => void;
}

interface StoredFile {
  bytes: Uint8Array;
}

export class SimStorage {
  readonly capacityBytes: number;
  /** live files in creation order (Map keeps it) */
  private readonly files = new Map<string, StoredFile>();
  private trashBytes = 0;
  private trashCount = 0;
  /** live files with trash before them in flash: the next compaction moves them */
  private readonly movable = new Set<string>();
  /** files whose code the pod runs in place (set at boot) */
  private runningFrom = new Set<string>();
  private readonly onCodeMoved: (name: string) => void;
  private full = false;
  private refusedName: string | undefined;
  private readonly podError: PodErrorFactory;
  private realm: StorageRealm;
  private readonly onWarning: (message: string) => void;

  constructor(options: SimStorageOptions = {}) {
    this.capacityBytes = options.capacityBytes ?? PUCK_STORAGE_BYTES;
    if (!(this.capacityBytes > 0)) throw new TypeError('capacityBytes must be > 0');
    this.podError = options.podError ?? hostErrorFactory;
    this.realm = options.realm ?? { Uint8Array, JSON };
    this.onWarning = options.onWarning ?? (() => undefined);
    this.onCodeMoved = options.onCodeMoved ?? (() => undefined);
  }

  /** the pod booted running code from these files (Storage ".bootcde") */
  setRunningFrom(names: string[]): void {
    this.runningFrom = new Set(names);
  }

  /** the pod's realm changes at every boot; the files stay */
  setRealm(realm: StorageRealm): void {
    this.realm = realm;
  }

  /** fault injection: no new file fits, getFree() is 0 (bytes already allocated stay writable) */
  setFull(full: boolean): void {
    this.full = full;
  }

  /**
   * fault injection: creating a file of this name fails (as when its compaction finds no RAM),
   * while others are made; undefined ends it
   */
  refuseToCreate(name: string | undefined): void {
    this.refusedName = name;
  }

  // ---------- the pod's API ----------

  write(name: unknown, data: unknown, offset?: unknown, size?: unknown): boolean {
    const key = this.fileName(name);
    let bytes: Uint8Array;
    let at = Number(offset ?? 0) | 0;
    let fileSize = Number(size ?? 0) | 0;
    if (data !== null && typeof data === 'object' && !Array.isArray(data) && !ArrayBuffer.isView(data) && !(data instanceof ArrayBuffer) && Object.prototype.toString.call(data) !== '[object ArrayBuffer]') {
      bytes = this.bytesOf(JSON.stringify(data));
      at = 0;
      fileSize = 0;
    } else {
      bytes = this.bytesOf(data);
    }
    if (at < 0 || fileSize < 0) return false;
    if (fileSize === 0) fileSize = bytes.length;
    if (fileSize === 0) throw this.podError("Can't create zero length file");
    let file = this.files.get(key);
    if (at === 0 && (!file || file.bytes.length !== fileSize || !isErased(file.bytes, 0, fileSize))) {
      if (file && file.bytes.length === fileSize && bytes.length === fileSize && equalBytes(file.bytes, bytes)) return true;
      if (file) this.eraseFile(key);
      file = this.createFile(key, fileSize);
    }
    if (!file) throw this.podError('Unable to find or create file');
    if (at + bytes.length > file.bytes.length) throw this.podError('Too much data for file size');
    if (!isErased(file.bytes, at, bytes.length)) throw this.podError('File already written with different data');
    file.bytes.set(bytes, at);
    return true;
  }

  /** the file as a new ArrayBuffer (Espruino maps flash; a copy reads the same) */
  readArrayBuffer(name: unknown): ArrayBuffer | undefined {
    const file = this.files.get(this.fileName(name));
    if (!file) return undefined;
    const copy = new this.realm.Uint8Array(file.bytes.length);
    copy.set(file.bytes);
    return copy.buffer as ArrayBuffer;
  }

  /** the file (from offset, length bytes) as a string of char codes, like Storage.read */
  read(name: unknown, offset?: unknown, length?: unknown): string | undefined {
    const file = this.files.get(this.fileName(name));
    if (!file) return undefined;
    const from = Math.max(0, Number(offset ?? 0) | 0);
    const to = length === undefined ? file.bytes.length : Math.min(file.bytes.length, from + (Number(length) | 0));
    return charCodesToString(file.bytes.subarray(from, Math.max(from, to)));
  }

  readJSON(name: unknown, noExceptions?: unknown): unknown {
    const text = this.read(name);
    if (text === undefined) return undefined;
    try {
      return this.realm.JSON.parse(text);
    } catch (e) {
      if (noExceptions) return undefined;
      throw e;
    }
  }

  writeJSON(name: unknown, data: unknown): boolean {
    const text = JSON.stringify(data);
    // JSON.stringify(undefined) is undefined; Espruino writes "undefined", which is not JSON either
    return this.write(name, text === undefined ? 'undefined' : text);
  }

  erase(name: unknown): void {
    this.eraseFile(this.fileName(name));
  }

  /** every file gone and the flash erased: nothing left to move */
  eraseAll(): void {
    this.files.clear();
    this.movable.clear();
    this.trashBytes = 0;
    this.trashCount = 0;
  }

  /** bytes free after the last file (the largest file that fits is 32 less) */
  getFree(): number {
    if (this.full) return 0;
    return this.capacityBytes - this.liveBytes() - this.trashBytes;
  }

  /** jswrap_storage_getStats: free is after the last file, trash what a compaction would free (none when full) */
  getStats(): { totalBytes: number; freeBytes: number; fileBytes: number; fileCount: number; trashBytes: number; trashCount: number } {
    return {
      totalBytes: this.capacityBytes, freeBytes: this.getFree(), fileBytes: this.liveBytes(), fileCount: this.files.size,
      trashBytes: this.full ? 0 : this.trashBytes, trashCount: this.full ? 0 : this.trashCount,
    };
  }

  list(): string[] {
    return Array.from(this.files.keys());
  }

  // ---------- host-side inspection ----------

  /** a copy of the file's bytes, or undefined */
  fileBytes(name: string): Uint8Array | undefined {
    const file = this.files.get(name);
    return file ? file.bytes.slice() : undefined;
  }

  /** what the next compaction would free */
  getTrashBytes(): number {
    return this.trashBytes;
  }

  /** Storage.compact(): the trash squeezed out, the files after it moved down */
  compact(): void {
    this.compactNow();
  }

  /** files that lie after some trash, so a compaction would move them */
  filesAfterTrash(): string[] {
    return Array.from(this.movable);
  }

  // ---------- internals ----------

  private fileName(name: unknown): string {
    const text = String(name);
    if (text.length > STORAGE_MAX_NAME_CHARS) {
      const cut = text.slice(0, STORAGE_MAX_NAME_CHARS);
      this.onWarning(`Storage name '${text}' has ${text.length} characters; Espruino uses the first ${STORAGE_MAX_NAME_CHARS}: '${cut}'`);
      return cut;
    }
    return text;
  }

  private liveBytes(): number {
    let total = 0;
    for (const file of this.files.values()) total += storedFileBytes(file.bytes.length);
    return total;
  }

  private createFile(key: string, size: number): StoredFile | undefined {
    if (this.full || key === this.refusedName) return undefined;
    const needBytes = storedFileBytes(size);
    if (this.capacityBytes - this.liveBytes() - this.trashBytes < needBytes) this.compactNow();
    if (this.capacityBytes - this.liveBytes() < needBytes) return undefined;
    const file = { bytes: new Uint8Array(size).fill(0xff) };
    this.files.set(key, file);
    if (this.trashBytes > 0) this.movable.add(key);
    return file;
  }

  private compactNow(): void {
    for (const name of this.movable) if (this.runningFrom.has(name)) this.onCodeMoved(name);
    this.movable.clear();
    this.trashBytes = 0;
    this.trashCount = 0;
  }

  private eraseFile(key: string): void {
    const file = this.files.get(key);
    if (!file) return;
    this.trashBytes += storedFileBytes(file.bytes.length);
    this.trashCount++;
    // every file after it in flash now has trash before it
    let after = false;
    for (const name of this.files.keys()) {
      if (after) this.movable.add(name);
      if (name === key) after = true;
    }
    this.files.delete(key);
    this.movable.delete(key);
  }

  private bytesOf(data: unknown): Uint8Array {
    if (typeof data === 'string') {
      const out = new Uint8Array(data.length);
      for (let i = 0; i < data.length; i++) out[i] = data.charCodeAt(i) & 0xff;
      return out;
    }
    if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength));
    if (Object.prototype.toString.call(data) === '[object ArrayBuffer]') return new Uint8Array((data as ArrayBuffer).slice(0));
    if (Array.isArray(data)) return Uint8Array.from(data, (v) => Number(v) & 0xff);
    if (data === undefined || data === null) throw this.podError("Can't get pointer to data to write");
    return this.bytesOf(String(data));
  }
}

function isErased(bytes: Uint8Array, from: number, count: number): boolean {
  for (let i = from; i < from + count && i < bytes.length; i++) if (bytes[i] !== 0xff) return false;
  return true;
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** a string of char codes, in slices (a spread of a long array overflows the call stack) */
function charCodesToString(codes: ArrayLike<number>): string {
  let text = '';
  for (let i = 0; i < codes.length; i += 8192) text += String.fromCharCode.apply(null, Array.prototype.slice.call(codes, i, i + 8192) as number[]);
  return text;
}
