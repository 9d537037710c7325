// Builds the Web Bluetooth dashboard (host-tools/web) with esbuild into dist/web/: index.html,
// dashboard.js (one classic IIFE script: ES modules do not load from file://) and dashboard.css
// (uPlot's sheet, then ours). Everything the page needs is in those three files, so it opens
// from disk with no server and makes no request. Run: npm run build:web.
// The set-up page (setup.html, setup.js, setup.css; host-tools/web/setup.ts) is built beside it,
// with the puckjs2 firmware bundle (dist/lumbarpod-puckjs2.pretokenised.js, built first when missing)
// embedded as the default upload, and the length and CRC32 of every other build, whose copies it refuses.
// The dashboard's script carries the report page's assets (uPlot, reportPage.js) for the reports
// it makes of sessions from the pod's log.
// Tests call buildWeb() so they never rely on an earlier build.
import * as esbuild from 'esbuild';
import * as fs from 'fs';
import * as path from 'path';
import { buildsOtherThan, DIST_DIR, firmwareBundle } from '../host-tools/flash/firmwareBundle';
import { reportAssets } from '../host-tools/report/podReport';

const root = path.resolve(__dirname, '..');
export const WEB_SOURCE_DIR = path.join(root, 'host-tools', 'web');
export const WEB_DIST_DIR = path.join(root, 'dist', 'web');

export interface BuiltWeb {
  dir: string;
  /** dist/web/index.html */
  htmlPath: string;
  jsBytes: number;
  cssBytes: number;
  /** dist/web/setup.html */
  setupHtmlPath: string;
  setupJsBytes: number;
  /** the firmware bundle setup.js carries as its default */
  setupBundlePath: string;
}

/** the board whose firmware the set-up page uploads by default */
export const SETUP_DEFAULT_BOARD = 'puckjs2';

/** one page's script: a self-contained minified IIFE for the browsers that have Web Bluetooth */
function pageScript(entry: string, outfile: string, define: { [name: string]: string } = {}): Promise<unknown> {
  return esbuild.build({
    entryPoints: [path.join(WEB_SOURCE_DIR, entry)],
    outfile,
    bundle: true,
    format: 'iife',
    platform: 'browser',
    // Chrome and Edge are where Web Bluetooth is; 2021 versions already had it
    target: ['chrome100', 'edge100'],
    minify: true,
    sourcemap: false,
    legalComments: 'eof',
    tsconfig: path.join(WEB_SOURCE_DIR, 'tsconfig.json'),
    define,
    logLevel: 'warning',
  });
}

export async function buildWeb(outDir: string = WEB_DIST_DIR): Promise<BuiltWeb> {
  fs.mkdirSync(outDir, { recursive: true });
  // the dashboard makes reports of sessions from the pod's log: uPlot and the report's page
  // script go into its script as text, to be inlined into each report as `lumbarpod report` does
  await pageScript('main.ts', path.join(outDir, 'dashboard.js'), { LP_REPORT_ASSETS: JSON.stringify(reportAssets()) });
  await esbuild.build({
    stdin: {
      contents: '@import "uplot/dist/uPlot.min.css";\n@import "./dashboard.css";\n',
      resolveDir: WEB_SOURCE_DIR,
      loader: 'css',
      sourcefile: 'dashboard-bundle.css',
    },
    outfile: path.join(outDir, 'dashboard.css'),
    bundle: true,
    minify: true,
    logLevel: 'warning',
  });
  fs.copyFileSync(path.join(WEB_SOURCE_DIR, 'index.html'), path.join(outDir, 'index.html'));
  const firmware = await firmwareBundle(SETUP_DEFAULT_BOARD);
  // the page refuses a file that is a copy of another build by the length and CRC32 it carries
  // of each (host-tools/flash/bundleCheck.ts): those not built yet are built, so it knows them all
  const build = await import('./build');
  const unbuilt = build.BUNDLES.filter((b) => !fs.existsSync(path.join(DIST_DIR, `${b.name}.min.js`)));
  if (unbuilt.length > 0) await build.buildBundles(unbuilt);
  await pageScript('setup.ts', path.join(outDir, 'setup.js'), {
    LP_DEFAULT_BUNDLE: JSON.stringify(firmware.code),
    LP_DEFAULT_BUNDLE_NAME: JSON.stringify(path.basename(firmware.path)),
    LP_OTHER_BUILDS: JSON.stringify(buildsOtherThan(SETUP_DEFAULT_BOARD)),
  });
  fs.copyFileSync(path.join(WEB_SOURCE_DIR, 'setup.html'), path.join(outDir, 'setup.html'));
  fs.copyFileSync(path.join(WEB_SOURCE_DIR, 'setup.css'), path.join(outDir, 'setup.css'));
  return {
    dir: outDir,
    htmlPath: path.join(outDir, 'index.html'),
    jsBytes: fs.statSync(path.join(outDir, 'dashboard.js')).size,
    cssBytes: fs.statSync(path.join(outDir, 'dashboard.css')).size,
    setupHtmlPath: path.join(outDir, 'setup.html'),
    setupJsBytes: fs.statSync(path.join(outDir, 'setup.js')).size,
    setupBundlePath: firmware.path,
  };
}

let once: Promise<BuiltWeb> | undefined;

/** buildWeb() once per process */
export function buildWebOnce(): Promise<BuiltWeb> {
  if (!once) once = buildWeb();
  return once;
}

if (require.main === module) {
  buildWeb().then(
    (built) => {
      console.log(`${path.relative(root, built.htmlPath)}: dashboard.js ${built.jsBytes} bytes, dashboard.css ${built.cssBytes} bytes`);
      console.log(`${path.relative(root, built.setupHtmlPath)}: setup.js ${built.setupJsBytes} bytes (with ${path.relative(root, built.setupBundlePath)})`);
    },
    (e: unknown) => {
      console.error(e instanceof Error ? e.message : String(e));
      process.exitCode = 1;
    },
  );
}
