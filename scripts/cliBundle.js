// The host tools as one JavaScript file, dist/cli/lumbarpod-cli.js, bundled by esbuild from
// host-tools/cli/main.ts on first use and again whenever a file it was bundled from has changed
// (by content: times lie after a copy or a checkout). Compiling the ~140 TypeScript files through ts-node took about 4 s at every start of
// `lumbarpod` (`npm run bench cli` measures both). Without esbuild (an install without dev
// dependencies) `lumbarpod` runs through ts-node as before.
'use strict';
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const ENTRY = path.join('host-tools', 'cli', 'main.ts');
const BUNDLE_DIR = path.join(root, 'dist', 'cli');
const BUNDLE_FILE = path.join(BUNDLE_DIR, 'lumbarpod-cli.js');
/** the project files the bundle was made from (relative to the project) and their digest, written beside it */
const INPUTS_FILE = path.join(BUNDLE_DIR, 'lumbarpod-cli.inputs.json');

/** one digest of the files' contents, in order; undefined when one cannot be read */
function digestOf(files) {
  const hash = crypto.createHash('sha256');
  try {
    for (const file of files) hash.update(file).update('\0').update(fs.readFileSync(path.join(root, file))).update('\0');
  } catch (e) {
    return undefined;
  }
  return hash.digest('hex');
}

/** the bundle exists and the files it was made from are as they were */
function bundleCurrent() {
  if (!fs.existsSync(BUNDLE_FILE)) return false;
  let inputs;
  try {
    inputs = JSON.parse(fs.readFileSync(INPUTS_FILE, 'utf8'));
  } catch (e) {
    return false;
  }
  return Array.isArray(inputs.files) && digestOf(inputs.files) === inputs.digest;
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
  const files = Object.keys(result.metafile.inputs);
  // read again after the bundle (a file saved while it was being made goes unseen until it changes again)
  const digest = digestOf(files);
  // the inputs first: a bundle never stands beside the list of an older one's
  writeWhole(INPUTS_FILE, JSON.stringify({ files, digest }));
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
