// Frames for byte streams (serial): COBS(message + CRC-16/CCITT-FALSE of the message, low byte
// first) + 0x00. One frame per message; the 0x00 delimiter never occurs inside a frame, so a
// receiver resynchronises at the next 0x00 after any corruption. BLE sends bare messages.
import { cobsDecode, cobsMaxEncodedLength } from './cobs';
import { crc16 } from './crc16';

export const FRAME_DELIMITER = 0x00;
/** bytes the CRC adds to a message before COBS */
export const FRAME_CRC_LENGTH = 2;

export const FRAME_ERROR_COBS = -1;
export const FRAME_ERROR_SHORT = -2;
export const FRAME_ERROR_CRC = -3;
export const FRAME_ERROR_NO_ROOM = -4;

/** the longest frame of a message of `messageLength` bytes, delimiter included */
export function frameMaxLength(messageLength: number): number {
  return cobsMaxEncodedLength(messageLength + FRAME_CRC_LENGTH) + 1;
}

/**
 * Writes the frame of msg[msgOffset, msgOffset + msgLength) into dst at dstOffset, delimiter
 * included; returns its length, or FRAME_ERROR_NO_ROOM when dst has fewer than
 * frameMaxLength(msgLength) bytes from dstOffset. One pass of COBS over the message and its CRC.
 */
export function frameEncode(dst: Uint8Array, dstOffset: number, msg: Uint8Array, msgOffset: number, msgLength: number): number {
  if (msgOffset < 0 || msgLength < 0 || msgOffset + msgLength > msg.length) return FRAME_ERROR_NO_ROOM;
  if (dstOffset < 0 || dstOffset + frameMaxLength(msgLength) > dst.length) return FRAME_ERROR_NO_ROOM;
  const crc = crc16(msg, msgOffset, msgLength);
  const total = msgLength + FRAME_CRC_LENGTH;
  let codeAt = dstOffset;
  let out = dstOffset + 1;
  let code = 1;
  for (let i = 0; i < total; i++) {
    // the message, then the CRC low byte, then its high byte
    const b = i < msgLength ? msg[msgOffset + i] : i === msgLength ? crc & 0xff : crc >> 8;
    if (b === 0) {
      dst[codeAt] = code;
      codeAt = out++;
      code = 1;
    } else {
      dst[out++] = b;
      code++;
      if (code === 0xff) {
        dst[codeAt] = code;
        codeAt = out++;
        code = 1;
      }
    }
  }
  dst[codeAt] = code;
  dst[out++] = FRAME_DELIMITER;
  return out - dstOffset;
}

/**
 * Unframes src[srcOffset, srcOffset + srcLength) (the bytes between two delimiters) into dst at
 * dstOffset and checks the CRC. Returns the message length, or FRAME_ERROR_COBS, _SHORT (no
 * message byte before the CRC), _CRC or _NO_ROOM (dst needs srcLength - 1 bytes).
 */
export function frameDecode(src: Uint8Array, srcOffset: number, srcLength: number, dst: Uint8Array, dstOffset: number): number {
  if (dstOffset < 0 || dstOffset + srcLength - 1 > dst.length) return FRAME_ERROR_NO_ROOM;
  const decoded = cobsDecode(src, srcOffset, srcLength, dst, dstOffset);
  if (decoded < 0) return FRAME_ERROR_COBS;
  if (decoded <= FRAME_CRC_LENGTH) return FRAME_ERROR_SHORT;
  const length = decoded - FRAME_CRC_LENGTH;
  const crc = crc16(dst, dstOffset, length);
  const sent = dst[dstOffset + length] | (dst[dstOffset + length + 1] << 8);
  return crc === sent ? length : FRAME_ERROR_CRC;
}
