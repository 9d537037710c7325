// Frames for byte streams (serial): COBS(message + CRC-32 of the message, low byte first) + 0x00,
// the message and CRC whitened (whitening.ts) in the frames the pod sends. One frame per message;
// the 0x00 delimiter never occurs inside a frame, so a receiver resynchronises at the next 0x00
// after any corruption. BLE sends bare messages.
// The pod's per-byte work is native: one copy of the message, E.CRC32 (crc32.ts) and the COBS
// searches (cobsEncodeInPlace); JavaScript runs once per 0x00 and per 254-byte run.
import { cobsDecode, cobsEncodeInPlace } from './cobs';
import { crc32 } from './crc32';
import { whitenInPlace } from './whitening';

export const FRAME_DELIMITER = 0x00;
/** bytes the CRC adds to a message before COBS */
export const FRAME_CRC_LENGTH = 4;

export const FRAME_ERROR_COBS = -1;
export const FRAME_ERROR_SHORT = -2;
export const FRAME_ERROR_CRC = -3;
export const FRAME_ERROR_NO_ROOM = -4;

/**
 * The longest frame of a message of `messageLength` bytes, delimiter included:
 * cobsMaxEncodedLength(messageLength + FRAME_CRC_LENGTH) + 1, written out. Calling it here let
 * terser inline it as `return(r=n+4)+(r/254|0)+1+1;var r`, and Espruino, which hoists no `var`,
 * then assigned the `r` of the bundle's enclosing scope at every call.
 */
export function frameMaxLength(messageLength: number): number {
  const total = messageLength + FRAME_CRC_LENGTH;
  return total + ((total / 254) | 0) + 2;
}

/**
 * Bytes a frame may need before its code byte when it is sealed in place: one for each code
 * COBS inserts after a block of 254 data bytes (cobsEncodeInPlace moves the frame down for it).
 */
export function frameRoomBefore(messageLength: number): number {
  return ((messageLength + FRAME_CRC_LENGTH) / 254) | 0;
}

/**
 * Writes the frame of msg[msgOffset, msgOffset + msgLength) into dst at dstOffset, delimiter
 * included; returns its length, or FRAME_ERROR_NO_ROOM when dst has fewer than
 * frameMaxLength(msgLength) bytes from dstOffset. The message is copied once, after the room
 * sealing may need before it (frameSeal), and the frame then moved down to dstOffset when it
 * needed less.
 */
export function frameEncode(dst: Uint8Array, dstOffset: number, msg: Uint8Array, msgOffset: number, msgLength: number, whiten: number): number {
  if (msgOffset < 0 || msgLength < 0 || msgOffset + msgLength > msg.length) return FRAME_ERROR_NO_ROOM;
  if (dstOffset < 0 || dstOffset + frameMaxLength(msgLength) > dst.length) return FRAME_ERROR_NO_ROOM;
  const codeAt = dstOffset + frameRoomBefore(msgLength);
  dst.set(msg.subarray(msgOffset, msgOffset + msgLength), codeAt + 1);
  const start = frameSeal(dst, codeAt, msgLength, whiten);
  const end = codeAt + msgLength + FRAME_CRC_LENGTH + 2;
  if (start > dstOffset) dst.set(dst.subarray(start, end), dstOffset);
  return end - start;
}

/**
 * Turns the message already at dst[codeAt + 1, codeAt + 1 + msgLength) into its frame. The frame
 * ends with its delimiter at codeAt + msgLength + FRAME_CRC_LENGTH + 1 and begins at the index
 * returned: codeAt, or up to frameRoomBefore(msgLength) bytes before it when COBS inserted codes.
 * FRAME_ERROR_NO_ROOM when dst has not that room before codeAt, or not the CRC's and the
 * delimiter's after the message. The pod encodes its messages there, so no second buffer of the
 * longest message is held. Its CRC is appended, both are whitened when `whiten` is set (the
 * pod's frames; a host's commands are not, so a pod from before whitening reads them too), a
 * 0x00 sentinel appended, and COBS runs in place (the same bytes as cobsEncode of them).
 */
export function frameSeal(dst: Uint8Array, codeAt: number, msgLength: number, whiten: number): number {
  if (msgLength < 0 || codeAt < frameRoomBefore(msgLength) || codeAt + msgLength + FRAME_CRC_LENGTH + 2 > dst.length) return FRAME_ERROR_NO_ROOM;
  let p = codeAt + 1;
  // int32 with the CRC's four bytes; the stores keep the low 8 bits of each shift
  const crc = crc32(dst, p, msgLength) | 0;
  p += msgLength;
  dst[p] = crc;
  dst[p + 1] = crc >> 8;
  dst[p + 2] = crc >> 16;
  dst[p + 3] = crc >> 24;
  if (whiten) whitenInPlace(dst, codeAt + 1, p + 4);
  dst[p + 4] = FRAME_DELIMITER;
  return /* @__NOINLINE__ */ cobsEncodeInPlace(dst, codeAt, p + 4);
}

/**
 * Unframes src[srcOffset, srcOffset + srcLength) (the bytes between two delimiters) into dst at
 * dstOffset and checks the CRC, of a frame that is not whitened (the pod reads the host's
 * commands with it; a host reads either kind with frameDecodeEither). Returns the message length,
 * or FRAME_ERROR_COBS, _SHORT (no message byte before the CRC), _CRC or _NO_ROOM (dst needs
 * srcLength - 1 bytes).
 */
export function frameDecode(src: Uint8Array, srcOffset: number, srcLength: number, dst: Uint8Array, dstOffset: number): number {
  if (dstOffset < 0 || dstOffset + srcLength - 1 > dst.length) return FRAME_ERROR_NO_ROOM;
  const decoded = cobsDecode(src, srcOffset, srcLength, dst, dstOffset);
  if (decoded < 0) return FRAME_ERROR_COBS;
  if (decoded <= FRAME_CRC_LENGTH) return FRAME_ERROR_SHORT;
  const length = decoded - FRAME_CRC_LENGTH;
  const p = dstOffset + length;
  const sent = dst[p] | (dst[p + 1] << 8) | (dst[p + 2] << 16) | (dst[p + 3] << 24);
  return (crc32(dst, dstOffset, length) | 0) === sent ? length : FRAME_ERROR_CRC;
}

/**
 * frameDecode for a frame whitened or not: a CRC that fails on the bytes as they came is tried
 * again on them unwhitened (a wrong frame passes either by chance about once in 2^31). A host reads
 * the frames of a pod of any firmware with it.
 */
export function frameDecodeEither(src: Uint8Array, srcOffset: number, srcLength: number, dst: Uint8Array, dstOffset: number): number {
  const plain = frameDecode(src, srcOffset, srcLength, dst, dstOffset);
  if (plain !== FRAME_ERROR_CRC) return plain;
  // the COBS decode succeeded: message and CRC lie in dst; unwhitened, they are checked again.
  // Decoded a second time and the check written out again on purpose: sharing a helper with
  // frameDecode put 67 to 87 bytes on the pod's bundle (measured), for a host-only saving
  const decoded = cobsDecode(src, srcOffset, srcLength, dst, dstOffset);
  whitenInPlace(dst, dstOffset, dstOffset + decoded);
  const length = decoded - FRAME_CRC_LENGTH;
  const p = dstOffset + length;
  const sent = dst[p] | (dst[p + 1] << 8) | (dst[p + 2] << 16) | (dst[p + 3] << 24);
  return (crc32(dst, dstOffset, length) | 0) === sent ? length : FRAME_ERROR_CRC;
}
