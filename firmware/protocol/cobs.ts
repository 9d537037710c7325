// COBS (Consistent Overhead Byte Stuffing, Cheshire and Baker 1999): removes every 0x00 from a
// block so 0x00 can delimit frames. Overhead at most one byte per 254 plus one. Caller-provided
// buffers, errors as -1. cobsEncode and cobsDecode are plain loops, one pass per byte (the
// reference, and the decoder everywhere); cobsEncodeInPlace is what the pod frames with: its
// JavaScript runs once per 0x00 and per run of 254 bytes, the scanning in native indexOf.

export const COBS_ERROR = -1;

/** the longest encoding of `length` bytes (without the delimiter) */
export function cobsMaxEncodedLength(length: number): number {
  return length + ((length / 254) | 0) + 1;
}

/**
 * Encodes src[srcOffset, srcOffset + length) into dst at dstOffset, without the 0x00 delimiter.
 * Returns the bytes written, or COBS_ERROR when dst may be too short (it needs
 * cobsMaxEncodedLength(length) bytes from dstOffset).
 */
export function cobsEncode(src: Uint8Array, srcOffset: number, length: number, dst: Uint8Array, dstOffset: number): number {
  if (srcOffset < 0 || length < 0 || srcOffset + length > src.length) return COBS_ERROR;
  if (dstOffset < 0 || dstOffset + cobsMaxEncodedLength(length) > dst.length) return COBS_ERROR;
  const end = srcOffset + length;
  let codeAt = dstOffset;
  let out = dstOffset + 1;
  let code = 1;
  for (let i = srcOffset; i < end; i++) {
    const b = src[i];
    if (b === 0) {
      dst[codeAt] = code;
      codeAt = out++;
      code = 1;
    } else {
      dst[out++] = b;
      code++;
      // a full block of 254 data bytes has no implied zero after it
      if (code === 0xff) {
        dst[codeAt] = code;
        codeAt = out++;
        code = 1;
      }
    }
  }
  dst[codeAt] = code;
  return out - dstOffset;
}

/**
 * Encodes buf[codeAt + 1, end) in place, the same bytes as cobsEncode, and returns the index of
 * the frame's first byte; the delimiter stays at `end`. buf[end] must be 0x00 (the sentinel:
 * every search ends on it, and it stays as the frame's delimiter); buf[codeAt] is overwritten
 * with the first code. Each 0x00 in the data becomes the code of the block after it. A block of
 * 254 data bytes (code 0xFF) has no implied 0x00, so a code byte is inserted after it: the frame
 * so far moves down by one to make room, so buf needs floor((end - codeAt - 1) / 254) bytes
 * before codeAt (no check here), and the frame starts that much earlier at most.
 *
 * Down, not up: Espruino's set copies an overlapping view of the same buffer natively when the
 * data moves down, but element by element through its generic getter and setter when it moves
 * up, about four times the cost (measured: 400 bytes, 16 against 59 us; a 52-sample rawBatch
 * has two inserted codes).
 *
 * Every search is buf.indexOf(0, from), which on Espruino stays on the native integer fast path
 * (src/jswrap_arraybuffer.c) because it always finds the sentinel; a search that found nothing
 * would fall back to the slow generic path over the whole array. On Espruino a block costs
 * about 9 statement-equivalents: a search is 3.2 plus about 0.04 per byte it passes.
 */
export function cobsEncodeInPlace(buf: Uint8Array, codeAt: number, end: number): number {
  let c = codeAt;
  let start = codeAt;
  let n;
  // Per 0x00: one search, one test of the run limit, one store, one end test. The test cannot be
  // folded into the store (`(buf[c] = n - c) > 254`): Espruino's typed-array assignment yields
  // the stored byte, (n - c) & 255, not n - c as JavaScript does (measured). Unrolling the loop
  // twice measured about 7 % cheaper but adds 100 bytes to a bundle at its size budget.
  do {
    n = buf.indexOf(0, c + 1);
    if (n - c < 0xff) buf[c] = n - c;
    else {
      buf[c] = 0xff;
      // the frame up to the block's last data byte moves down by one; the next code goes after it
      n = c + 0xfe;
      buf.set(buf.subarray(start, n + 1), start - 1);
      start--;
    }
  } while ((c = n) < end);
  return start;
}

/**
 * Decodes src[srcOffset, srcOffset + length) (one frame, delimiter removed) into dst at
 * dstOffset. Returns the bytes written, or COBS_ERROR for a 0x00 inside the frame, a block
 * running past the end, or too little room (dst needs length - 1 bytes from dstOffset).
 */
export function cobsDecode(src: Uint8Array, srcOffset: number, length: number, dst: Uint8Array, dstOffset: number): number {
  if (srcOffset < 0 || length < 0 || srcOffset + length > src.length) return COBS_ERROR;
  if (length === 0) return 0;
  if (dstOffset < 0 || dstOffset + length - 1 > dst.length) return COBS_ERROR;
  const end = srcOffset + length;
  let i = srcOffset;
  let out = dstOffset;
  while (i < end) {
    const code = src[i++];
    if (code === 0) return COBS_ERROR;
    const blockEnd = i + code - 1;
    if (blockEnd > end) return COBS_ERROR;
    for (; i < blockEnd; i++) {
      const b = src[i];
      if (b === 0) return COBS_ERROR;
      dst[out++] = b;
    }
    if (code !== 0xff && i < end) dst[out++] = 0;
  }
  return out - dstOffset;
}
