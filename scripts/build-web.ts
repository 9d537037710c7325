// Builds the Web Bluetooth dashboard (host-tools/web) with esbuild into dist/web/: index.html,
// dashboard.js (one classic IIFE script: ES modules do not load from file://) and dashboard.css
// (uPlot's sheet, then ours). Everything the page needs is in those three files, so it opens
// from disk with no server and makes no request. Run: npm run build:web.
// Tests call buildWeb() so they never rely on an earlier build.
import * as esbuild from 'esbuild';
import * as fs from 'fs';
import * as path from 'path';

const root = path.resolve(__dirname, '..');
export const WEB_SOURCE_DIR = path.join(root, 'host-tools', 'web');
export const WEB_DIST_DIR = path.join(root, 'dist', 'web');

export interface BuiltWeb {
  dir: string;
  /** dist/web/index.html */
  htmlPath: string;
  jsBytes: number;
  cssBytes: number;
}

export async function buildWeb(outDir: string = WEB_DIST_DIR): Promise<BuiltWeb> {
  fs.mkdirSync(outDir, { recursive: true });
  await esbuild.build({
    entryPoints: [path.join(WEB_SOURCE_DIR, 'main.ts')],
    outfile: path.join(outDir, 'dashboard.js'),
    bundle: true,
    format: 'iife',
    platform: 'browser',
    // Chrome and Edge are where Web Bluetooth is; 2021 versions already had it
    target: ['chrome100', 'edge100'],
    minify: true,
    sourcemap: false,
    legalComments: 'eof',
    tsconfig: path.join(WEB_SOURCE_DIR, 'tsconfig.json'),
    logLevel: 'warning',
  });
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
  return {
    dir: outDir,
    htmlPath: path.join(outDir, 'index.html'),
    jsBytes: fs.statSync(path.join(outDir, 'dashboard.js')).size,
    cssBytes: fs.statSync(path.join(outDir, 'dashboard.css')).size,
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
    },
    (e: unknown) => {
      console.error(e instanceof Error ? e.message : String(e));
      process.exitCode = 1;
    },
  );
}
