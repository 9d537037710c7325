// The on-device log's format: what readLog's logChunks carry. Each window's summary and
// summaryForm messages, as sent live (96 bytes, headers included), are stored as 48 little-endian
// 16-bit words in a compact entry. Most words of a window equal those of the window before (the
// header's version and type, the high words of times and counts, fields that are 0 while running)
// or differ a little (the seq, the medians), so an entry keeps only the words that change, as
// varints of their difference: 24 to 34 bytes instead of 96 on the synthetic runs, three to four
// times the minutes of activity a Puck's log holds beside the firmware. Nothing is rounded: the
// host gets every message back byte for byte.
//
// The log is cut into LOG_BLOCK_BYTES blocks. No entry crosses a block's end (the rest of a block
// too short for the next entry is skipped with one LOG_PAD byte) and the first entry of a block is
// a key entry (the words themselves), so decoding can start at any block's start: a read from the
// middle of the log, or after a stretch that never arrived, needs nothing from before.
//
// Before that, words that follow another word of the same window are stored as their difference
// to it (LOG_RELATIVE_WORDS), so they stay the same from window to window: the window's end less
// its start is the window's length, the header's pod time less the window's end the pod's
// latency, and the summaryForm's seq, time and index less the summary's are 0.
//
// Entry: [length u8][kind u8][bitmap 6 bytes][varints]. length counts the whole entry (8..152).
// kind is LOG_KIND_KEY (varints are the words) or LOG_KIND_DELTA (varints are the zigzagged
// differences to the previous entry's words, modulo 2^16). Bit i of the bitmap (byte i >> 3,
// bit i & 7) is set when word i has a varint; a word without one is 0 (key) or unchanged (delta).
// A varint is 7 bits per byte, low bits first, the top bit set on every byte but the last.
// A message entry, [length u8][LOG_KIND_CLOCK][a message], holds a clock message (the wall clock
// a host gave with setClock, at a pod time) or a recordingInfo (the rate of the recording whose
// first logged window follows); it leaves the words a delta entry is written against as they
// were. The first window entry of a block is a key entry even when a message entry comes before it.
// At an entry's start, 0xFF (erased flash) ends the log. A log written by firmware 0.2 holds
// the two messages as they are (96 bytes, starting with protocol version 2); firmware from 0.3
// on leaves such entries as they are and starts its own at the next block.
/** bytes of a log block: decoding can start at any multiple of it */
export const LOG_BLOCK_BYTES = 1024;
/** 16-bit words of one window's summary and summaryForm messages (50 + 46 bytes) */
export const LOG_ENTRY_WORDS = 48;
/** the messages of one window as they are sent live: what an entry stands for */
export const LOG_WINDOW_MESSAGE_BYTES = 2 * LOG_ENTRY_WORDS;
export const LOG_KIND_KEY = 0x4b;
export const LOG_KIND_DELTA = 0x44;
export const LOG_KIND_CLOCK = 0x43;
/** bytes of a clock entry before its message: length and kind */
export const LOG_CLOCK_MESSAGE_OFFSET = 2;
/** at an entry's start: the rest of this block is unused */
export const LOG_PAD = 0x00;
/** at an entry's start: erased flash, the end of the log */
export const LOG_END = 0xff;
/** at an entry's start: a firmware 0.2 entry, the two messages as they are (their header's protocol version, 2) */
export const LOG_LEGACY_FIRST_BYTE = 2;
/** where an entry's bitmap starts, after its length and kind */
export const LOG_BITMAP_OFFSET = 2;
const BITMAP_BYTES = LOG_ENTRY_WORDS >> 3;
/** where an entry's varints start: also the shortest entry */
export const LOG_VARINTS_OFFSET = LOG_BITMAP_OFFSET + BITMAP_BYTES;
/** the longest entry: every word a 3-byte varint */
export const LOG_ENTRY_MAX_BYTES = LOG_VARINTS_OFFSET + 3 * LOG_ENTRY_WORDS;
/**
 * Pairs [word, reference]: the word is stored as itself less its reference, modulo 2^16. In this
 * order each reference is restored before the words that follow it. Words of the summary: 1 seq,
 * 2-3 pod time, 4-5 index, 6-7 startMs, 8-9 endMs; of the summaryForm, from word 25: 26 seq,
 * 27-28 pod time, 29-30 index.
 */
export const LOG_RELATIVE_WORDS = [8, 6, 9, 7, 2, 8, 3, 9, 26, 1, 27, 2, 28, 3, 29, 4, 30, 5];
/** one window's words as they are stored, before their differences to the window before */
const relativeWords = new Uint16Array(LOG_ENTRY_WORDS);

/**
 * One window's words (`words`, LOG_ENTRY_WORDS of them) as an entry into out[0..]: a key entry
 * when `key` is set, else the differences to `prev`, the previous window's words as stored.
 * `prev` becomes this window's stored words. Returns the entry's length. out holds
 * LOG_ENTRY_MAX_BYTES.
 */
export function logEntryEncode(words: Uint16Array, prev: Uint16Array, key: number, out: Uint8Array): number {
  let n = LOG_VARINTS_OFFSET;
  out.fill(0, LOG_BITMAP_OFFSET, LOG_VARINTS_OFFSET);
  const stored = relativeWords;
  stored.set(words);
  // from the window's own words, so the order of the pairs does not matter here; a Uint16Array wraps
  for (let p = 0; p < LOG_RELATIVE_WORDS.length; p += 2) stored[LOG_RELATIVE_WORDS[p]] = words[LOG_RELATIVE_WORDS[p]] - words[LOG_RELATIVE_WORDS[p + 1]];
  for (let i = 0; i < LOG_ENTRY_WORDS; i++) {
    const w = stored[i];
    // the difference modulo 2^16 taken as signed, zigzagged: small changes either way are small
    let z = w;
    if (!key) {
      const d = (w - prev[i]) & 0xffff;
      z = d < 0x8000 ? d * 2 : (0x10000 - d) * 2 - 1;
    }
    prev[i] = w;
    if (z === 0) continue;
    out[LOG_BITMAP_OFFSET + (i >> 3)] |= 1 << (i & 7);
    while (z >= 0x80) {
      out[n++] = (z & 0x7f) | 0x80;
      z >>= 7;
    }
    out[n++] = z;
  }
  out[0] = n;
  out[1] = key ? LOG_KIND_KEY : LOG_KIND_DELTA;
  return n;
}

/**
 * Where the entry at log[at] ends (the next entry's start, in log's indices): a pad skips to the
 * next block, a firmware 0.2 entry is 96 bytes. log[0] lies at offset `logOffset` of the log.
 * -1 at the log's end (erased flash or past the bytes).
 */
export function logEntryEnd(log: Uint8Array, at: number, logOffset: number): number {
  if (at >= log.length) return -1;
  const first = log[at];
  if (first === LOG_END) return -1;
  if (first === LOG_PAD) return at + LOG_BLOCK_BYTES - ((logOffset + at) % LOG_BLOCK_BYTES);
  // an entry of ours is at least 8 bytes long, so its length byte is never 2
  if (first === LOG_LEGACY_FIRST_BYTE) return at + LOG_WINDOW_MESSAGE_BYTES;
  return at + first;
}

/** the log offset to read from so that decoding can start there: the start of the block holding `offset` */
export function logReadStart(offset: number): number {
  return offset - (offset % LOG_BLOCK_BYTES);
}
