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

/** the bundle's text: `file` if given, else the board's dist bundle, built first if missing */
export async function firmwareBundle(board: string, file?: string): Promise<{ path: string; code: string; built: boolean }> {
  if (file !== undefined) {
    try {
      return { path: file, code: bundleText(fs.readFileSync(file)), built: false };
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      throw new FirmwareBundleError(`cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (err as Error).message}`);
    }
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
