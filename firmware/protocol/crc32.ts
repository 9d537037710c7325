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

/** the fallback's table, built on first use; never on the pod, whose bundle leaves the fallback out (scripts/build.ts espruinoPresent) */
let table: Int32Array | undefined;

function crcTable(): Int32Array {
  const t = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
    t[n] = c;
  }
  return t;
}

/**
 * CRC-32 of bytes[offset, offset + length), as an unsigned integer (0 .. 2^32 - 1; `| 0` gives
 * the int32 with the same four bytes). On the pod one native call, E.CRC32 over a subarray view;
 * elsewhere a table loop, one lookup per byte.
 */
export function crc32(bytes: Uint8Array, offset: number, length: number): number {
  if (typeof E !== 'undefined') return E.CRC32(bytes.subarray(offset, offset + length));
  const t = table === undefined ? (table = crcTable()) : table;
  let c = -1;
  const end = offset + length;
  for (let i = offset; i < end; i++) c = (c >>> 8) ^ t[(c ^ bytes[i]) & 0xff];
  return ~c >>> 0;
}
