// The firmware file `lumbarpod flash` uploads for a board: dist/<bundle>.pretokenised.js, the
// bundle its description names (firmwareBundle), built (scripts/build.ts) when it is not there
// yet, or a file the user names (plain or pretokenised: Espruino runs both). Read as UTF-8, as
// the espruino tools read it, or byte for byte when it is not UTF-8: a character below 256 is
// one byte on the pod (bootUpload.ts bundleText, storedBytesOf).
import * as fs from 'fs';
import * as path from 'path';
import { ALL_BOARDS } from '../../boards';
import { bundleText } from './bootUpload';
import { PROJECT_ROOT } from '../projectRoot';

const root = PROJECT_ROOT;
export const DIST_DIR = path.join(root, 'dist');

/** boards whose description names their firmware's bundle (scripts/build.ts builds it) */
export const FLASHABLE_BOARDS = ALL_BOARDS.filter((b) => b.firmwareBundle !== undefined).map((b) => b.name);

export class FirmwareBundleError extends Error {}

/** the host pages' detector library, which the build puts beside the firmware bundles and no pod runs */
const CORE_BUNDLE = 'lumbarpod-core';
/** the files the build writes for a bundle: what it uploads, and the texts it was made from */
const BUILT_FORMS = ['.pretokenised.js', '.min.js', '.js'];

/**
 * Why `file` is no firmware for `board` when it is a copy of a file the build made for something
 * else (another board's firmware, the host pages' library), else undefined. A pod handed another
 * board's firmware would take it, pass the check and fail at its first boot.
 */
function builtForOtherThan(board: string, fileBytes: Buffer, file: string): string | undefined {
  const own = ALL_BOARDS.find((b) => b.name === board)?.firmwareBundle;
  const others: { bundle: string; board?: string }[] = [
    ...ALL_BOARDS.filter((b) => b.firmwareBundle !== undefined && b.firmwareBundle !== own).map((b) => ({ bundle: b.firmwareBundle as string, board: b.name })),
    { bundle: CORE_BUNDLE },
  ];
  for (const other of others) {
    for (const form of BUILT_FORMS) {
      const built = path.join(DIST_DIR, other.bundle + form);
      let bytes: Buffer;
      try {
        bytes = fs.readFileSync(built);
      } catch (err) {
        continue;
      }
      if (!bytes.equals(fileBytes)) continue;
      const flashOwn = `leave out --bundle to flash the ${board}'s own; nothing was changed`;
      if (other.board === undefined) return `${file} is the detector library for host pages (${other.bundle}${form}), no pod's firmware: ${flashOwn}`;
      return `${file} is the ${other.board} board's firmware (${other.bundle}${form}), not the ${board}'s: give --board ${other.board} if the pod is one, or ${flashOwn}`;
    }
  }
  return undefined;
}

/** the bundle's text: `file` if given, else the board's dist bundle, built first if missing */
export async function firmwareBundle(board: string, file?: string): Promise<{ path: string; code: string; built: boolean }> {
  if (file !== undefined) {
    let bytes: Buffer;
    try {
      bytes = fs.readFileSync(file);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      throw new FirmwareBundleError(`cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (err as Error).message}`);
    }
    const other = builtForOtherThan(board, bytes, file);
    if (other !== undefined) throw new FirmwareBundleError(other);
    return { path: file, code: bundleText(bytes), built: false };
  }
  const bundleName = ALL_BOARDS.find((b) => b.name === board)?.firmwareBundle;
  if (bundleName === undefined) throw new FirmwareBundleError(`board '${board}' has no firmware bundle (flashable: ${FLASHABLE_BOARDS.join(', ')})`);
  const bundlePath = path.join(DIST_DIR, `${bundleName}.pretokenised.js`);
  let built = false;
  if (!fs.existsSync(bundlePath)) {
    // loaded only here: the build pulls in TypeScript, rollup and terser
    const build = await import('../../scripts/build');
    const spec = build.BUNDLES.find((b) => b.name === bundleName);
    if (spec === undefined) throw new FirmwareBundleError(`no build for board '${board}' in scripts/build.ts`);
    await build.buildBundles([spec]);
    built = true;
  }
  return { path: bundlePath, code: bundleText(fs.readFileSync(bundlePath)), built };
}
