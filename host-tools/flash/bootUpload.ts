// The pure part of flashing a pod, shared by `lumbarpod flash` (Node, through the espruino tools)
// and the dashboard's set-up page (browser, over the Nordic UART): which bytes end up in Storage,
// their CRC-32 as E.CRC32 computes it, the Storage.write lines that carry them in 1 KB chunks,
// and the expression the pod runs to check what it stored. No Node or DOM API here.

/** Storage file Espruino runs at boot (jsiLoadBootCode) */
export const BOOT_FILE = '.bootcde';
/** what a flash cut short between the erase and the last write leaves: the pod must not be taken to be fine */
export const NO_FIRMWARE_LEFT = 'the pod\'s Storage was erased and the firmware not all written, so it has none that runs';
/** bytes per Storage.write line (the espruino tools' plugins/saveOnSend.js CHUNKSIZE) */
export const UPLOAD_CHUNK_BYTES = 1024;

/** the check the pod runs: [length, CRC32] of the boot file, [-1, 0] when there is none */
export const CHECK_EXPRESSION =
  `(function(){var f=require("Storage").readArrayBuffer(${JSON.stringify(BOOT_FILE)});return f?[f.byteLength,E.CRC32(f)>>>0]:[-1,0];})()`;

/** CRC-32 (ISO-HDLC, the zlib one) as E.CRC32 computes it over bytes */
export function crc32Of(bytes: ArrayLike<number>): number {
  let crc = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) {
    crc ^= bytes[i] & 0xff;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

/**
 * A bundle file's text: UTF-8, as the build writes a pretokenised bundle (each token byte a
 * character below 256); a file that is not UTF-8 holds the bytes as Storage does (a .bootcde read
 * off a pod, say), one character each. Decoded leniently, each such byte would become U+FFFD:
 * three bytes on the pod, which pass the check and fail at the first token.
 */
export function bundleText(file: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(file);
  } catch (e) {
    let text = '';
    for (let i = 0; i < file.length; i++) text += String.fromCharCode(file[i]);
    return text;
  }
}

/** the bytes that end up in Storage for a file: the espruino tools send the text's char codes
 * below 256 as one byte each, others as UTF-8 (Utils.asUTF8Bytes); an ASCII file stays as is */
export function storedBytesOf(file: Uint8Array): Uint8Array {
  const text = bundleText(file);
  const encoder = new TextEncoder();
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 256) out.push(code);
    else for (const b of encoder.encode(text[i])) out.push(b);
  }
  return Uint8Array.from(out);
}

/** bytes as an Espruino string literal: printable ASCII as is, everything else (and " and \) as
 * \xHH, so no control character (DLE, Ctrl-C, ESC, CR, LF) ever reaches the console raw */
export function espruinoStringLiteral(bytes: ArrayLike<number>, from = 0, to = bytes.length): string {
  let s = '"';
  for (let i = from; i < to; i++) {
    const b = bytes[i] & 0xff;
    if (b >= 0x20 && b < 0x7f && b !== 0x22 && b !== 0x5c) s += String.fromCharCode(b);
    else s += '\\x' + (b < 16 ? '0' : '') + b.toString(16);
  }
  return s + '"';
}

/** one Storage.write per UPLOAD_CHUNK_BYTES: the first creates the file at its full size (`fileSize`,
 * default the bytes' length), the others fill it in at their offsets (what "Save on Send: direct
 * to flash" sends) */
export function bootFileWrites(bytes: ArrayLike<number>, file = BOOT_FILE, chunkBytes = UPLOAD_CHUNK_BYTES, fileSize = bytes.length): string[] {
  const lines: string[] = [];
  for (let at = 0; at < bytes.length; at += chunkBytes) {
    const end = Math.min(bytes.length, at + chunkBytes);
    const size = at === 0 ? ',' + fileSize : '';
    lines.push(`require("Storage").write(${JSON.stringify(file)},${espruinoStringLiteral(bytes, at, end)},${at}${size})`);
  }
  return lines;
}

/** what the check answered, against what was sent; a sentence when they differ */
export function checkStored(stored: unknown, bytes: number, crc32: number): { ok: boolean; problem?: string } {
  if (!Array.isArray(stored) || stored.length !== 2 || typeof stored[0] !== 'number' || typeof stored[1] !== 'number') {
    return { ok: false, problem: 'the pod did not answer the check (is it in setup mode, its button held for 3 s from power-on?)' };
  }
  const [n, crc] = stored as [number, number];
  if (n < 0) return { ok: false, problem: `the pod has no ${BOOT_FILE} after the upload (Storage full?); not started, it stays in setup mode` };
  if (n !== bytes || crc >>> 0 !== crc32 >>> 0) {
    return { ok: false, problem: `${BOOT_FILE} on the pod is ${n} bytes with CRC32 0x${(crc >>> 0).toString(16)}, not ${bytes} bytes with 0x${(crc32 >>> 0).toString(16)}; not started, flash again` };
  }
  return { ok: true };
}
