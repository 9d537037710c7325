// Whether a file chosen for flashing is this project's firmware for the board, decided before the
// pod is touched. `lumbarpod flash --bundle` (firmwareBundle.ts) and the set-up page's file input
// (host-tools/web/setup.ts) both refuse what this finds: a pod handed a file that is no firmware
// (a README), or another board's, stores it, passes the length and CRC check (which only says the
// file arrived whole) and fails at its first boot. No Node or DOM API here.
import { FLASH_LOG_FILE } from '../../firmware/device/flashLog';
import { POD_CONFIG_FILE } from '../../firmware/device/podConfig';
import { bundleText, crc32Of } from './bootUpload';

/**
 * The Storage files every firmware build of this project names in its code as strings, plain,
 * minified or pretokenised (the pretokeniser leaves strings as text), since the first; the host
 * pages' library names neither, and a text about the pod names them in no JavaScript string.
 */
export const FIRMWARE_STORAGE_FILES: readonly string[] = [POD_CONFIG_FILE, FLASH_LOG_FILE];

/** a file the build made, known by its length and CRC32 (the set-up page carries these, not the files) */
export interface KnownBuild {
  /** its name under dist/, e.g. lumbarpod-mdbt42q.pretokenised.js */
  file: string;
  /** the board whose firmware it is; undefined for the host pages' library */
  board?: string;
  bytes: number;
  crc32: number;
}

export type BundleFault =
  | { kind: 'empty' }
  /** a copy of a build made for another board, or of the host pages' library */
  | { kind: 'otherBuild'; build: KnownBuild }
  | { kind: 'notFirmware' };

export function knownBuild(file: string, board: string | undefined, bytes: Uint8Array): KnownBuild {
  return { file, ...(board !== undefined ? { board } : {}), bytes: bytes.length, crc32: crc32Of(bytes) };
}

/** whether `text` names `name` as a string literal, in either quote */
function namesAsString(text: string, name: string): boolean {
  return text.indexOf(`"${name}"`) >= 0 || text.indexOf(`'${name}'`) >= 0;
}

/** why `file` is no firmware for a board whose own builds are not among `otherBuilds`; undefined when it may be */
export function bundleFault(file: Uint8Array, otherBuilds: readonly KnownBuild[]): BundleFault | undefined {
  if (file.length === 0) return { kind: 'empty' };
  let crc: number | undefined;
  for (const build of otherBuilds) {
    if (build.bytes !== file.length) continue;
    if (crc === undefined) crc = crc32Of(file);
    if (build.crc32 === crc) return { kind: 'otherBuild', build };
  }
  const text = bundleText(file);
  if (!FIRMWARE_STORAGE_FILES.every((name) => namesAsString(text, name))) return { kind: 'notFirmware' };
  return undefined;
}

/** what the file `name` is, or is not, as the start of a sentence; `board` is the board it was to be flashed for */
export function bundleFaultWords(name: string, fault: BundleFault, board: string): string {
  if (fault.kind === 'empty') return `${name} is empty, no firmware`;
  if (fault.kind === 'notFirmware') {
    return `${name} is no LumbarPod firmware build (a build's code names the pod's Storage files ${FIRMWARE_STORAGE_FILES.join(' and ')}; this file does not)`;
  }
  if (fault.build.board === undefined) return `${name} is the detector library for host pages (${fault.build.file}), no pod's firmware`;
  return `${name} is the ${fault.build.board} board's firmware (${fault.build.file}), not the ${board}'s`;
}
