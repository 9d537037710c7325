// Frames from the pod are whitened before COBS: every byte of the message and its CRC XOR
// FRAME_WHITEN_BYTE. Raw IMU counts near 0 have 0x00 (or 0xFF) high bytes, and COBS costs the
// pod one pass of JavaScript per 0x00 (framing.ts): standing, about 114 of the 326 bytes of a
// 26-sample batch. Whitened, a 0x00 is a byte that was 0x55, about 1 in 256. On the pod the XOR
// is one native E.mapInPlace through a 256-byte table; elsewhere a loop.
declare const E: { mapInPlace(from: Uint8Array, to: Uint8Array, map: Uint8Array): void };

export const FRAME_WHITEN_BYTE = 0x55;

/** each byte's whitened value, for E.mapInPlace */
const WHITENED = new Uint8Array(256);
for (let b = 0; b < 256; b++) WHITENED[b] = b ^ FRAME_WHITEN_BYTE;

/** XORs bytes[from, to) with FRAME_WHITEN_BYTE in place: whitens, or undoes it */
export function whitenInPlace(bytes: Uint8Array, from: number, to: number): void {
  if (typeof E !== 'undefined') {
    const view = bytes.subarray(from, to);
    E.mapInPlace(view, view, WHITENED);
    return;
  }
  for (let i = from; i < to; i++) bytes[i] ^= FRAME_WHITEN_BYTE;
}
