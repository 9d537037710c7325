// CRC-32 of the frames: the one gateway from the protocol to Espruino's native E.CRC32, with a
// table loop elsewhere (Node, browsers, tests) that gives the identical value.
// CRC-32/ISO-HDLC, the zlib/PNG/Ethernet one: polynomial 0x04C11DB7 reflected (0xEDB88320),
// initial value 0xFFFFFFFF, input and output reflected, final XOR 0xFFFFFFFF; check value
// "123456789" -> 0xCBF43926, empty input -> 0.

/**
 * As built at Espruino c5ff787 (src/jswrap_espruino.c, jswrap_espruino_CRC32): iterates every
 * element of the iterable honouring a typed-array view's byteOffset and length (a subarray
 * works, measured), takes each as a byte, runs the reflected 0xEDB88320 loop from 0xFFFFFFFF
 * and returns ~crc as an unsigned integer (a double above 2^31), e.g. 3421780262 for
 * "123456789": zlib's crc32 (measured against Node's zlib.crc32).
 */
declare const E: {
  CRC32(data: Uint8Array): number;
};

/**
 * The fallback's table, built when the module loads, and only where E is missing: on the pod it
 * is empty (no RAM, no boot time). Built at load rather than on first use for the bundle's size:
 * with this top-level loop terser still folds the bundle's top-level constants into their uses;
 * without any (measured with a lazily built table and with a table-less loop) it keeps them as
 * variables and the firmware bundles grow by about 0.5 KB, past the MDBT42Q's budget.
 */
const TABLE = new Int32Array(typeof E === 'undefined' ? 256 : 0);
for (let n = 0; n < TABLE.length; n++) {
  let c = n;
  for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  TABLE[n] = c;
}

/**
 * CRC-32 of bytes[offset, offset + length), as an unsigned integer (0 .. 2^32 - 1; `| 0` gives
 * the int32 with the same four bytes). On the pod one native call, E.CRC32 over a subarray view;
 * elsewhere a table loop, one lookup per byte.
 */
export function crc32(bytes: Uint8Array, offset: number, length: number): number {
  if (typeof E !== 'undefined') return E.CRC32(bytes.subarray(offset, offset + length));
  let c = -1;
  const end = offset + length;
  for (let i = offset; i < end; i++) c = (c >>> 8) ^ TABLE[(c ^ bytes[i]) & 0xff];
  return ~c >>> 0;
}
