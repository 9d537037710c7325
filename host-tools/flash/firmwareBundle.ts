// The firmware file `lumbarpod flash` uploads for a board: dist/<bundle>.pretokenised.js, the
// bundle its description names (firmwareBundle), built (scripts/build.ts) when it is not there
// yet, or a file the user names (plain or pretokenised: Espruino runs both). Read as UTF-8, as
// the espruino tools read it, or byte for byte when it is not UTF-8: a character below 256 is
// one byte on the pod (bootUpload.ts bundleText, storedBytesOf).
import * as fs from 'fs';
import * as path from 'path';
import { ALL_BOARDS } from '../../boards';
import { bundleText } from './bootUpload';
import { bundleFault, bundleFaultWords, KnownBuild, knownBuild } from './bundleCheck';
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
 * The files in dist/ that are no firmware for `board`: every form of the other boards' bundles
 * and of the host pages' library (those not built are left out). A copy of one is refused by
 * bundleFault; the set-up page carries this list for the puckjs2 (scripts/build-web.ts).
 */
export function buildsOtherThan(board: string): KnownBuild[] {
  const own = ALL_BOARDS.find((b) => b.name === board)?.firmwareBundle;
  const others: { bundle: string; board?: string }[] = [
    ...ALL_BOARDS.filter((b) => b.firmwareBundle !== undefined && b.firmwareBundle !== own).map((b) => ({ bundle: b.firmwareBundle as string, board: b.name })),
    { bundle: CORE_BUNDLE },
  ];
  const builds: KnownBuild[] = [];
  for (const other of others) {
    for (const form of BUILT_FORMS) {
      let bytes: Buffer;
      try {
        bytes = fs.readFileSync(path.join(DIST_DIR, other.bundle + form));
      } catch (err) {
        continue;
      }
      builds.push(knownBuild(other.bundle + form, other.board, bytes));
    }
  }
  return builds;
}

/** the bundle a board's flash uploads when no file is given */
export function ownBundlePath(board: string): string | undefined {
  const bundleName = ALL_BOARDS.find((b) => b.name === board)?.firmwareBundle;
  return bundleName === undefined ? undefined : path.join(DIST_DIR, `${bundleName}.pretokenised.js`);
}

/** why `file` (its bytes `fileBytes`) is not to be flashed for `board`, with what to flash instead; undefined when it may be */
function refusal(board: string, fileBytes: Buffer, file: string): string | undefined {
  const fault = bundleFault(fileBytes, buildsOtherThan(board));
  if (fault === undefined) return undefined;
  const own = ownBundlePath(board);
  // as the user would type it from where they are; from outside the project, its full path
  const ownShown = own === undefined ? undefined : path.relative(process.cwd(), own).startsWith('..') ? own : path.relative(process.cwd(), own);
  const flashOwn = `leave out --bundle to flash the ${board}'s own${ownShown !== undefined ? `, ${ownShown}` : ''}; nothing was changed`;
  const otherBoard = fault.kind === 'otherBuild' ? fault.build.board : undefined;
  return `${bundleFaultWords(file, fault, board)}: ${otherBoard !== undefined ? `give --board ${otherBoard} if the pod is one, or ${flashOwn}` : flashOwn}`;
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
    const refused = refusal(board, bytes, file);
    if (refused !== undefined) throw new FirmwareBundleError(refused);
    return { path: file, code: bundleText(bytes), built: false };
  }
  const bundleName = ALL_BOARDS.find((b) => b.name === board)?.firmwareBundle;
  const bundlePath = ownBundlePath(board);
  if (bundleName === undefined || bundlePath === undefined) throw new FirmwareBundleError(`board '${board}' has no firmware bundle (flashable: ${FLASHABLE_BOARDS.join(', ')})`);
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
