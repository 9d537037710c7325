// CRC-16/CCITT-FALSE: polynomial 0x1021, initial value 0xFFFF, no reflection, no final XOR
// (check value: "123456789" -> 0x29B1). Table-driven, one lookup per byte; the 512-byte table
// is built once when the module loads.

export const CRC16_INITIAL = 0xffff;
const POLYNOMIAL = 0x1021;

const TABLE = new Uint16Array(256);
for (let n = 0; n < 256; n++) {
  let crc = n << 8;
  for (let bit = 0; bit < 8; bit++) crc = crc & 0x8000 ? ((crc << 1) ^ POLYNOMIAL) & 0xffff : (crc << 1) & 0xffff;
  TABLE[n] = crc;
}

/**
 * CRC of bytes[offset, offset + length). Pass a previous result as `crc` to continue over more
 * bytes; without it the CRC starts from CRC16_INITIAL.
 */
export function crc16(bytes: Uint8Array, offset: number, length: number, crc?: number): number {
  let c = crc === undefined ? CRC16_INITIAL : crc;
  const end = offset + length;
  for (let i = offset; i < end; i++) c = ((c << 8) & 0xff00) ^ TABLE[(c >> 8) ^ bytes[i]];
  return c;
}
