// Little-endian integers in a Uint8Array, by hand with shifts (DataView on Espruino defaults to
// big-endian and its out-of-bounds reads do not throw). Writers saturate at the type's range, so
// an out-of-range value arrives as the nearest end, never wrapped into a plausible wrong number.

/** the inclusive range of each wire type, indexed by name */
export const WIRE_TYPE_MIN: { [type: string]: number } = { u8: 0, i8: -128, u16: 0, i16: -32768, u32: 0, i32: -2147483648 };
export const WIRE_TYPE_MAX: { [type: string]: number } = { u8: 255, i8: 127, u16: 65535, i16: 32767, u32: 4294967295, i32: 2147483647 };
export const WIRE_TYPE_BYTES: { [type: string]: number } = { u8: 1, i8: 1, u16: 2, i16: 2, u32: 4, i32: 4 };

// Uint8Array stores keep the low 8 bits, so no `& 255` is needed; `>>` works on int32 and, for
// u32 values past 2^31 held as doubles, on their int32 wrap, which has the same low 32 bits.
// A NaN saturates nowhere and stores as 0 (its shifts are 0 too).

export function writeU8(buf: Uint8Array, offset: number, value: number): void {
  buf[offset] = value < 0 ? 0 : value > 255 ? 255 : value;
}

export function writeI8(buf: Uint8Array, offset: number, value: number): void {
  buf[offset] = value < -128 ? -128 : value > 127 ? 127 : value;
}

export function writeU16(buf: Uint8Array, offset: number, value: number): void {
  const v = value < 0 ? 0 : value > 65535 ? 65535 : value;
  buf[offset] = v;
  buf[offset + 1] = v >> 8;
}

export function writeI16(buf: Uint8Array, offset: number, value: number): void {
  const v = value < -32768 ? -32768 : value > 32767 ? 32767 : value;
  buf[offset] = v;
  buf[offset + 1] = v >> 8;
}

export function writeU32(buf: Uint8Array, offset: number, value: number): void {
  const v = value < 0 ? 0 : value > 4294967295 ? 4294967295 : value;
  buf[offset] = v;
  buf[offset + 1] = v >> 8;
  buf[offset + 2] = v >> 16;
  buf[offset + 3] = v >> 24;
}

export function writeI32(buf: Uint8Array, offset: number, value: number): void {
  const v = value < -2147483648 ? -2147483648 : value > 2147483647 ? 2147483647 : value;
  buf[offset] = v;
  buf[offset + 1] = v >> 8;
  buf[offset + 2] = v >> 16;
  buf[offset + 3] = v >> 24;
}

/** header times and sequence numbers wrap instead of saturating: low 16 bits */
export function writeU16Wrapped(buf: Uint8Array, offset: number, value: number): void {
  buf[offset] = value;
  buf[offset + 1] = value >> 8;
}

/** low 32 bits, for the device clock in ms (wraps after 49.7 days) */
export function writeU32Wrapped(buf: Uint8Array, offset: number, value: number): void {
  buf[offset] = value;
  buf[offset + 1] = value >> 8;
  buf[offset + 2] = value >> 16;
  buf[offset + 3] = value >> 24;
}

export function readU8(buf: Uint8Array, offset: number): number {
  return buf[offset];
}

export function readI8(buf: Uint8Array, offset: number): number {
  return (buf[offset] << 24) >> 24;
}

export function readU16(buf: Uint8Array, offset: number): number {
  return buf[offset] | (buf[offset + 1] << 8);
}

export function readI16(buf: Uint8Array, offset: number): number {
  return ((buf[offset] | (buf[offset + 1] << 8)) << 16) >> 16;
}

export function readI32(buf: Uint8Array, offset: number): number {
  return buf[offset] | (buf[offset + 1] << 8) | (buf[offset + 2] << 16) | (buf[offset + 3] << 24);
}

export function readU32(buf: Uint8Array, offset: number): number {
  return readI32(buf, offset) >>> 0;
}

/** writes `value` as `type`, saturating; returns the bytes written (0 for an unknown type) */
export function writeWire(buf: Uint8Array, offset: number, type: string, value: number): number {
  switch (type) {
    case 'u8': writeU8(buf, offset, value); return 1;
    case 'i8': writeI8(buf, offset, value); return 1;
    case 'u16': writeU16(buf, offset, value); return 2;
    case 'i16': writeI16(buf, offset, value); return 2;
    case 'u32': writeU32(buf, offset, value); return 4;
    case 'i32': writeI32(buf, offset, value); return 4;
    default: return 0;
  }
}

export function readWire(buf: Uint8Array, offset: number, type: string): number {
  switch (type) {
    case 'u8': return readU8(buf, offset);
    case 'i8': return readI8(buf, offset);
    case 'u16': return readU16(buf, offset);
    case 'i16': return readI16(buf, offset);
    case 'u32': return readU32(buf, offset);
    default: return readI32(buf, offset);
  }
}
