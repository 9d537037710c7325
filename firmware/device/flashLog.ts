// The on-device log: every window summary with a step in it (its summary and summaryForm
// messages, as sent, with their sequence numbers) appended to one Storage file in the compact
// format of logFormat.ts, so a run without a listening host loses nothing and the host
// de-duplicates what it already has by sequence number. The file's size is fixed when it is
// created (Storage files do not grow); a full log is reported, never silent, and a write that
// failed once (no RAM to compact Storage) is not taken for a full log once the next one succeeds.
//
// Entries are not word-aligned, so Espruino writes the flash word an entry ends in again when
// the next one starts there. That stays inside the nRF52832's limits between erases: a word is
// written at most twice (an entry is at least 8 bytes), and a 512-byte flash block at most
// 128 + 47 + 1 times against 181 (every window changes its seq, index and start, so an entry is
// at least 11 bytes: at most 47 start in a block; one pad).
import {
  LOG_BLOCK_BYTES, LOG_CLOCK_MESSAGE_OFFSET, LOG_ENTRY_MAX_BYTES, LOG_ENTRY_WORDS, LOG_KIND_CLOCK, LOG_LEGACY_FIRST_BYTE, LOG_PAD,
  logEntryEncode, logEntryEnd,
} from '../protocol/logFormat';
import { EspruinoStorage } from './espruinoTypes';

export const FLASH_LOG_FILE = 'lplog';
/** Storage left for config and the firmware's own files when the log is created, bytes */
export const FLASH_LOG_RESERVE_BYTES = 1024;

export interface FlashLog {
  storage: EspruinoStorage;
  /** the file's size: the most bytes the log can hold */
  capacityBytes: number;
  /** bytes written so far (whole entries, and the pads that skip the ends of blocks) */
  usedBytes: number;
  /** 1 while the last entry did not fit or its write failed; 0 again once one is written */
  full: number;
  /** the words of the last entry written since boot, which the next one is written against */
  prevWords: Uint16Array;
  /** 0 until an entry is written: the first after a boot or a clear is a key entry */
  hasPrev: number;
  /** one entry being encoded */
  entry: Uint8Array;
}

/**
 * opens the log in `storage` (Espruino's Storage module): an existing file is walked entry by
 * entry to its end; else its size is chosen
 */
export function flashLogOpen(storage: EspruinoStorage, maxBytes: number): FlashLog {
  const log: FlashLog = {
    storage: storage, capacityBytes: 0, usedBytes: 0, full: 0,
    prevWords: new Uint16Array(LOG_ENTRY_WORDS), hasPrev: 0, entry: new Uint8Array(LOG_ENTRY_MAX_BYTES),
  };
  const existing = storage.readArrayBuffer(FLASH_LOG_FILE);
  if (existing === undefined) {
    flashLogSize(log, maxBytes);
    return log;
  }
  // memory-mapped on the pod: the walk reads flash, one step per entry (25 to 30 per KB)
  const bytes = new Uint8Array(existing);
  log.capacityBytes = bytes.length;
  let at = 0;
  let legacy = 0;
  for (let end = logEntryEnd(bytes, 0, 0); end > 0; end = logEntryEnd(bytes, at, 0)) {
    legacy = bytes[at] === LOG_LEGACY_FIRST_BYTE ? 1 : 0;
    at = end < bytes.length ? end : bytes.length;
  }
  log.usedBytes = at;
  // after a firmware 0.2 log, whose entries cross block ends, ours start at the next block, so
  // every offset the pod reports from now on is one a host can read from
  if (legacy && at % LOG_BLOCK_BYTES !== 0 && !flashLogPad(log)) log.usedBytes = log.capacityBytes;
  log.full = log.usedBytes >= log.capacityBytes ? 1 : 0;
  return log;
}

function flashLogSize(log: FlashLog, maxBytes: number): void {
  // erased files (the cleared log itself) count: creating the file compacts them away when it
  // would not fit otherwise; without them a cleared log would find no room, write nothing and
  // so never get Storage compacted
  const stats = log.storage.getStats();
  const free = stats.freeBytes + stats.trashBytes - FLASH_LOG_RESERVE_BYTES;
  log.capacityBytes = free <= 0 ? 0 : free < maxBytes ? free : maxBytes;
}

/**
 * writes the entry buffer's first n bytes at the end of the log. The size counts only where the
 * file is created, at offset 0; further on Storage ignores it (a pad is never at offset 0).
 */
function flashLogWrite(log: FlashLog, n: number): boolean {
  return log.storage.write(FLASH_LOG_FILE, log.entry.subarray(0, n), log.usedBytes, log.capacityBytes);
}

/** skips the rest of the current block: one LOG_PAD byte, the rest stays erased; false when Storage refused it */
function flashLogPad(log: FlashLog): boolean {
  const next = log.usedBytes - (log.usedBytes % LOG_BLOCK_BYTES) + LOG_BLOCK_BYTES;
  // the entry buffer carries it: an entry that follows a pad is encoded after it
  log.entry[0] = LOG_PAD;
  if (log.usedBytes < log.capacityBytes && !flashLogWrite(log, 1)) return false;
  log.usedBytes = next < log.capacityBytes ? next : log.capacityBytes;
  return true;
}

/**
 * appends one window: its summary and summaryForm messages, LOG_WINDOW_MESSAGE_BYTES at
 * messages[0..] (an even byteOffset); false (and `full` set) when it does not fit
 */
export function flashLogAppend(log: FlashLog, messages: Uint8Array): boolean {
  const words = new Uint16Array(messages.buffer, messages.byteOffset, LOG_ENTRY_WORDS);
  // a key entry starts each block and follows each boot, clear or failed write
  const inBlock = log.usedBytes % LOG_BLOCK_BYTES;
  let n = logEntryEncode(words, log.prevWords, log.hasPrev && inBlock ? 0 : 1, log.entry);
  // no entry crosses a block's end: the next block starts with this one, as a key entry
  // prevWords are this window's now: until one is written, the next entry is a key
  log.hasPrev = 0;
  if (inBlock + n > LOG_BLOCK_BYTES) {
    if (!flashLogPad(log)) {
      log.full = 1;
      return false;
    }
    n = logEntryEncode(words, log.prevWords, 1, log.entry);
  }
  if (log.usedBytes + n > log.capacityBytes) {
    log.full = 1;
    return false;
  }
  if (!flashLogWrite(log, n)) {
    log.full = 1;
    return false;
  }
  log.usedBytes += n;
  log.hasPrev = 1;
  log.full = 0;
  return true;
}

/**
 * appends a message entry (kind LOG_KIND_CLOCK): the clock or recordingInfo message at
 * message[0, length); false (and `full` set) when it does not fit. A window entry after it in the
 * same block is a key entry when it is the first.
 */
export function flashLogAppendMessage(log: FlashLog, message: Uint8Array, length: number): boolean {
  const n = LOG_CLOCK_MESSAGE_OFFSET + length;
  if ((log.usedBytes % LOG_BLOCK_BYTES) + n > LOG_BLOCK_BYTES && !flashLogPad(log)) {
    log.full = 1;
    return false;
  }
  // decoding can start at this block: it must find the words of its first window in the block
  if (log.usedBytes % LOG_BLOCK_BYTES === 0) log.hasPrev = 0;
  if (log.usedBytes + n > log.capacityBytes) {
    log.full = 1;
    return false;
  }
  const entry = log.entry;
  entry[0] = n;
  entry[1] = LOG_KIND_CLOCK;
  entry.set(message.subarray(0, length), LOG_CLOCK_MESSAGE_OFFSET);
  if (!flashLogWrite(log, n)) {
    log.full = 1;
    return false;
  }
  log.usedBytes += n;
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
  log.hasPrev = 0;
  flashLogSize(log, maxBytes);
}
