// The host tools as one JavaScript file, dist/cli/lumbarpod-cli.js, bundled by esbuild from
// host-tools/cli/main.ts on first use and again whenever a file it was bundled from is newer
// than it. Compiling the ~140 TypeScript files through ts-node took about 4 s at every start of
// `lumbarpod` (`npm run bench cli` measures both). Without esbuild (an install without dev
// dependencies) `lumbarpod` runs through ts-node as before.
'use strict';
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const ENTRY = path.join('host-tools', 'cli', 'main.ts');
const BUNDLE_DIR = path.join(root, 'dist', 'cli');
const BUNDLE_FILE = path.join(BUNDLE_DIR, 'lumbarpod-cli.js');
/** the project files the bundle was made from (relative to the project), written beside it */
const INPUTS_FILE = path.join(BUNDLE_DIR, 'lumbarpod-cli.inputs.json');

function mtimeMs(file) {
  try {
    return fs.statSync(file).mtimeMs;
  } catch (e) {
    return -1;
  }
}

/** the bundle exists and none of the files it was made from changed since */
function bundleCurrent() {
  const builtMs = mtimeMs(BUNDLE_FILE);
  if (builtMs < 0) return false;
  let inputs;
  try {
    inputs = JSON.parse(fs.readFileSync(INPUTS_FILE, 'utf8'));
  } catch (e) {
    return false;
  }
  for (const input of inputs) {
    const changedMs = mtimeMs(path.join(root, input));
    if (changedMs < 0 || changedMs >= builtMs) return false;
  }
  return true;
}

/** writes `text` to `file` whole or not at all: several lumbarpod started at once may all bundle */
function writeWhole(file, text) {
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, text);
  fs.renameSync(temporary, file);
}

function bundle(esbuild) {
  const result = esbuild.buildSync({
    entryPoints: [path.join(root, ENTRY)], absWorkingDir: root, outfile: BUNDLE_FILE,
    bundle: true, platform: 'node', target: 'node20', format: 'cjs', packages: 'external',
    sourcemap: 'external', write: false, metafile: true, logLevel: 'error',
  });
  fs.mkdirSync(BUNDLE_DIR, { recursive: true });
  // the inputs first: a bundle never stands beside the list of an older one's
  writeWhole(INPUTS_FILE, JSON.stringify(Object.keys(result.metafile.inputs)));
  const map = result.outputFiles.find((file) => file.path.endsWith('.map'));
  const code = result.outputFiles.find((file) => !file.path.endsWith('.map'));
  if (map !== undefined) writeWhole(map.path, map.text);
  writeWhole(BUNDLE_FILE, `${code.text}//# sourceMappingURL=${path.basename(BUNDLE_FILE)}.map\n`);
}

/** the CLI's main module: the bundle, made or made again when needed, or the TypeScript through ts-node without esbuild */
function cliMainModule() {
  let esbuild;
  try {
    esbuild = require('esbuild');
  } catch (e) {
    esbuild = undefined;
  }
  if (esbuild !== undefined) {
    if (!bundleCurrent()) bundle(esbuild);
    // stack traces name the TypeScript lines
    process.setSourceMapsEnabled(true);
    return BUNDLE_FILE;
  }
  require('ts-node').register({ transpileOnly: true, project: path.join(root, 'tsconfig.json') });
  return path.join(root, 'host-tools', 'cli', 'main');
}

module.exports = { cliMainModule, BUNDLE_FILE };
