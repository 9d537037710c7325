// COBS (Consistent Overhead Byte Stuffing, Cheshire and Baker 1999): removes every 0x00 from a
// block so 0x00 can delimit frames. Overhead at most one byte per 254 plus one. Plain loops over
// caller-provided buffers: no allocation, errors as -1.

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
