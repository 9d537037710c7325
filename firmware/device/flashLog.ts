// The on-device log: every window summary with a step in it (its summary and summaryForm
// messages, as sent, with their sequence numbers) appended to one Storage file, so a run without
// a listening host loses nothing and the host de-duplicates what it already has by sequence
// number. The file's size is fixed when it is created (Storage files do not grow); a full log is
// reported, never silent.
import { EspruinoStorage } from './espruinoTypes';

declare function require(name: 'Storage'): EspruinoStorage;

export const FLASH_LOG_FILE = 'lplog';
/** Storage left for config and the firmware's own files when the log is created, bytes */
const FLASH_LOG_RESERVE_BYTES = 1024;
/** a written entry starts with the protocol version byte; erased flash reads 0xFF */
const ERASED = 0xff;

export interface FlashLog {
  storage: EspruinoStorage;
  entryBytes: number;
  /** most entries the log can hold */
  capacityEntries: number;
  /** bytes written so far (a whole number of entries) */
  usedBytes: number;
  /** 1 once an entry did not fit */
  full: number;
}

/** opens the log: an existing file is scanned for its first erased entry; else its size is chosen */
export function flashLogOpen(entryBytes: number, maxBytes: number): FlashLog {
  const storage = require('Storage');
  const log: FlashLog = { storage: storage, entryBytes: entryBytes, capacityEntries: 0, usedBytes: 0, full: 0 };
  const existing = storage.readArrayBuffer(FLASH_LOG_FILE);
  if (existing !== undefined && existing.byteLength >= entryBytes) {
    const bytes = new Uint8Array(existing);
    log.capacityEntries = (bytes.length / entryBytes) | 0;
    let used = 0;
    while (used < log.capacityEntries && bytes[used * entryBytes] !== ERASED) used++;
    log.usedBytes = used * entryBytes;
    log.full = used === log.capacityEntries ? 1 : 0;
  } else {
    flashLogSize(log, maxBytes);
  }
  return log;
}

function flashLogSize(log: FlashLog, maxBytes: number): void {
  // erased files (the cleared log itself) count: creating the file compacts them away when it
  // would not fit otherwise; without them a cleared log would find no room, write nothing and
  // so never get Storage compacted
  const stats = log.storage.getStats();
  const free = stats.freeBytes + stats.trashBytes - FLASH_LOG_RESERVE_BYTES;
  const bytes = free < maxBytes ? free : maxBytes;
  log.capacityEntries = bytes > 0 ? (bytes / log.entryBytes) | 0 : 0;
}

/** appends one entry of entryBytes from bytes[0..]; false (and `full` set) when it does not fit */
export function flashLogAppend(log: FlashLog, bytes: Uint8Array): boolean {
  if (log.usedBytes + log.entryBytes > log.capacityEntries * log.entryBytes) {
    log.full = 1;
    return false;
  }
  const entry = new Uint8Array(bytes.buffer, bytes.byteOffset, log.entryBytes);
  const ok = log.usedBytes === 0
    ? log.storage.write(FLASH_LOG_FILE, entry, 0, log.capacityEntries * log.entryBytes)
    : log.storage.write(FLASH_LOG_FILE, entry, log.usedBytes);
  if (!ok) {
    log.full = 1;
    return false;
  }
  log.usedBytes += log.entryBytes;
  return true;
}

/** the written part of the log (memory-mapped on the pod), or an empty array */
export function flashLogBytes(log: FlashLog): Uint8Array {
  const buffer = log.usedBytes > 0 ? log.storage.readArrayBuffer(FLASH_LOG_FILE) : undefined;
  return buffer === undefined ? new Uint8Array(0) : new Uint8Array(buffer, 0, log.usedBytes);
}

/** erases the log; the next entry creates the file again, sized to the Storage then free */
export function flashLogClear(log: FlashLog, maxBytes: number): void {
  log.storage.erase(FLASH_LOG_FILE);
  log.usedBytes = 0;
  log.full = 0;
  flashLogSize(log, maxBytes);
}
