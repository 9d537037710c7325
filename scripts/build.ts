// Builds the device bundles for Espruino: tsc (ES5 output, ES5 library, ES2015 modules) into
// build/es5/, rollup into one IIFE whose name is the bundle's global, terser twice (constants put
// in their place, then minified ES5 with every var hoisted; for a device bundle once more, its
// shortest property names given to the most used: namesByUse.ts), then the shortest variable
// names given to the most used (namesByUse.ts), then each
// function's loop locals declared first (hotLocalsFirst.ts), then, for the firmware of a board,
// pretokenised as the pod's Storage holds it (host-tools/flash/espruinoPretokenise.ts). A board's
// firmware is built knowing that Espruino's E is there (espruinoPresent), so the fallbacks for
// Node and browsers stay out of it.
// Writes dist/<name>.js (readable), dist/<name>.min.js (minified ES5: what the simulator and the
// bundle gate read) and dist/<name>.pretokenised.js (what is uploaded), and prints sizes.
// Run: npm run build. Tests call buildBundlesOnce() so they never rely on an earlier build.
import * as fs from 'fs';
import * as path from 'path';
import { Plugin, rollup } from 'rollup';
import { minify } from 'terser';
import * as ts from 'typescript';
import { pretokenise } from '../host-tools/flash/espruinoPretokenise';
import { bundleTopLevel, ESPRUINO_SHORT_GLOBALS } from './bundleTopLevel';
import { hotLocalsFirst } from './hotLocalsFirst';
import { propertyNamesByUse, variableNamesByUse } from './namesByUse';
import { PROJECT_ROOT } from '../host-tools/projectRoot';

const root = PROJECT_ROOT;
export const ES5_DIR = path.join(root, 'build', 'es5');
export const DIST_DIR = path.join(root, 'dist');

export interface BundleSpec {
  /** file name stem under dist/ */
  name: string;
  /** TypeScript entry, relative to the repository root */
  entry: string;
  /** the global the IIFE assigns its exports to (a top-level var on the device) */
  globalName: string;
  /**
   * shorten the firmware's own property names too (device bundles: nothing outside reads them).
   * Names of Espruino APIs and of the stored config keep theirs (devicePropertyNamesKept), and so
   * does every quoted name: constants inlined as keys (BLE UUIDs in obj[UUID]) end up quoted.
   */
  mangleProperties?: boolean;
  /** uploaded to a pod as its boot code, so also written pretokenised (the core bundle is only ever run by tests and benches) */
  firmware?: boolean;
}

export const CORE_BUNDLE: BundleSpec = {
  name: 'lumbarpod-core',
  entry: 'firmware/device/coreBundleEntry.ts',
  globalName: 'LumbarPod',
};

/** the firmware of each board that runs the device glue: the Puck.js v2 and the simulated pod */
export const PUCKJS2_BUNDLE: BundleSpec = {
  name: 'lumbarpod-puckjs2',
  entry: 'firmware/device/puckjs2Entry.ts',
  globalName: 'LumbarPodFirmware',
  mangleProperties: true,
  firmware: true,
};

export const SIM_BUNDLE: BundleSpec = {
  name: 'lumbarpod-sim',
  entry: 'firmware/device/simEntry.ts',
  globalName: 'LumbarPodFirmware',
  mangleProperties: true,
  firmware: true,
};

/** the MDBT42Q module with an external LSM6DSO on I2C1 (boards/mdbt42qLsm6dso.ts) */
export const MDBT42Q_BUNDLE: BundleSpec = {
  name: 'lumbarpod-mdbt42q',
  entry: 'firmware/device/mdbt42qEntry.ts',
  globalName: 'LumbarPodFirmware',
  mangleProperties: true,
  firmware: true,
};

export const BUNDLES: BundleSpec[] = [CORE_BUNDLE, PUCKJS2_BUNDLE, SIM_BUNDLE, MDBT42Q_BUNDLE];

export interface BuiltBundle {
  spec: BundleSpec;
  /** dist/<name>.js: rollup output before minifying */
  plainPath: string;
  /** dist/<name>.min.js */
  minPath: string;
  /** the file that is uploaded: dist/<name>.pretokenised.js for a board's firmware, else the .min.js */
  uploadPath: string;
  plainBytes: number;
  minBytes: number;
  /** bytes the uploaded file takes in the pod's Storage: one per character (the file itself is UTF-8) */
  storedBytes: number;
}

// The compiler options of tsconfig.firmware.json, with ES2015 modules so rollup can link them:
// tsc's CommonJS output assigns `exports.f = f` before `function f`, which Espruino does not
// hoist (espruino-facts.md 1).
const TSC_OPTIONS = {
  target: 'ES5',
  lib: ['ES5'],
  module: 'ES2015',
  moduleResolution: 'node',
  types: [] as string[],
  strict: true,
  noImplicitReturns: true,
  noFallthroughCasesInSwitch: true,
  skipLibCheck: true,
  noEmitOnError: true,
  rootDir: '.',
  outDir: 'build/es5',
};

// terser settings measured in the Espruino interpreter (Linux build): Espruino hoists
// neither `var` nor function declarations, so an assignment before a `var` statement writes the
// enclosing scope. hoist_vars puts one `var` at the top of each function; terser's default
// compress instead drops repeated `var`s and the bundle fails ("Expecting function, got Number").
// Four passes rather than two take about 360 bytes off each device bundle (more after property
// mangling has shortened names); more passes found nothing further. pure_getters: reading a
// property has no side effect here (the firmware defines no getter, and reads no property of null
// or undefined to make it throw), so terser may fold a read into the expression that uses it or
// drop an unused one: about 75 bytes off each device bundle.
const TERSER_OPTIONS = {
  ecma: 5 as const,
  compress: { ecma: 5 as const, passes: 4, hoist_vars: true, pure_getters: true },
  mangle: true,
  format: { ecma: 5 as const },
};

/**
 * A first terser pass without hoist_vars: with every `var` hoisted terser sees each bundle-level
 * constant as assigned later and keeps it as a variable. Here it puts the values in their place
 * (reduce_vars), so the bundle's scope no longer holds them: on the pod each was a block of RAM
 * and a name every bundle-level lookup walked past. It keeps the `@__NOINLINE__` annotations for
 * the second pass: terser turns a function called from one place into a function expression at
 * that place, which Espruino parses again (and, from RAM, copies) every time the call runs. That
 * saves the pod a function's blocks of RAM, and costs it CPU in proportion to the function's
 * text: the firmware's callers of large functions on the sample, step and message paths carry
 * the annotation (docs/performance.md, "Functions terser inlined").
 */
const CONSTANTS_INLINED_OPTIONS = {
  ecma: 5 as const,
  compress: { ecma: 5 as const, passes: 2 },
  mangle: false,
  format: { ecma: 5 as const, preserve_annotations: true },
};

/**
 * Files whose interface members name things outside the bundle, so a property of that name must
 * keep it: the Espruino APIs the glue calls (and the option objects it passes them) and the
 * config kept in Storage as JSON across firmware versions.
 */
const PROPERTY_NAME_SOURCES = ['firmware/device/espruinoTypes.ts', 'firmware/device/podConfig.ts'];

/** every property and method name declared in the interfaces and type literals of those files */
export function devicePropertyNamesKept(): string[] {
  const names = new Set<string>();
  for (const file of PROPERTY_NAME_SOURCES) {
    const source = ts.createSourceFile(file, fs.readFileSync(path.join(root, file), 'utf8'), ts.ScriptTarget.ES5, true);
    const visit = (node: ts.Node): void => {
      if ((ts.isPropertySignature(node) || ts.isMethodSignature(node)) && ts.isIdentifier(node.name)) names.add(node.name.text);
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return Array.from(names).sort();
}

/** ECMAScript's built-in globals: their properties, and their prototypes', are the language's */
const ES_BUILTIN_GLOBALS = [
  'Object', 'Function', 'Array', 'Number', 'String', 'Boolean', 'Symbol', 'Date', 'RegExp', 'Math', 'JSON', 'Promise',
  'Error', 'EvalError', 'RangeError', 'ReferenceError', 'SyntaxError', 'TypeError', 'URIError',
  'ArrayBuffer', 'DataView', 'Int8Array', 'Uint8Array', 'Uint8ClampedArray', 'Int16Array', 'Uint16Array', 'Int32Array',
  'Uint32Array', 'Float32Array', 'Float64Array', 'Map', 'Set', 'WeakMap', 'WeakSet', 'Proxy', 'Reflect',
  'parseInt', 'parseFloat', 'isNaN', 'isFinite', 'decodeURI', 'decodeURIComponent', 'encodeURI', 'encodeURIComponent', 'eval',
];

/**
 * The property names of JavaScript's built-in objects, their constructors and prototypes (as Node
 * has them, a superset of what Espruino implements): length, subarray, indexOf, set... A device
 * bundle's property mangling keeps these and devicePropertyNamesKept() rather than terser's own
 * list (builtins: false), which adds some 7,000 DOM names: the firmware's own properties of those
 * names (status, config, index, step, summary, storage...) then kept their full length in the
 * upload. A name read on a global alone (E.CRC32) terser leaves as it is; a name the firmware
 * also gives a property of its own is kept only through devicePropertyNamesKept (espruinoTypes.ts).
 */
export function builtinPropertyNames(): string[] {
  const names = new Set<string>();
  const addChain = (start: unknown): void => {
    for (let o = start; o !== null && (typeof o === 'object' || typeof o === 'function'); o = Object.getPrototypeOf(o)) {
      for (const name of Object.getOwnPropertyNames(o)) names.add(name);
    }
  };
  for (const global of ES_BUILTIN_GLOBALS) {
    const value = (globalThis as unknown as { [name: string]: unknown })[global];
    addChain(value);
    if (typeof value === 'function') addChain((value as { prototype?: unknown }).prototype);
  }
  return Array.from(names).sort();
}

/** tsc into memory (and build/es5/ for reading); throws with the diagnostics on any error */
function compile(entries: string[]): Map<string, string> {
  const converted = ts.convertCompilerOptionsFromJson(TSC_OPTIONS, root);
  if (converted.errors.length > 0) throw new Error(formatDiagnostics(converted.errors));
  const program = ts.createProgram(entries.map((entry) => path.join(root, entry)), converted.options);
  const files = new Map<string, string>();
  const emitted = program.emit(undefined, (fileName, text) => {
    files.set(path.resolve(fileName), text);
  });
  const diagnostics = ts.getPreEmitDiagnostics(program).concat(emitted.diagnostics);
  if (diagnostics.length > 0 || emitted.emitSkipped) {
    throw new Error('tsc (ES5) failed:\n' + formatDiagnostics(diagnostics));
  }
  // not cleaned first: rollup reads the in-memory output, so a stale file there is never bundled,
  // and a parallel build (two test runs) cannot lose a directory under the other
  for (const [file, text] of files) writeAtomic(file, text);
  return files;
}

function formatDiagnostics(diagnostics: readonly ts.Diagnostic[]): string {
  return ts.formatDiagnostics(diagnostics, {
    getCanonicalFileName: (fileName) => fileName,
    getCurrentDirectory: () => root,
    getNewLine: () => '\n',
  });
}

/** resolves the bundle's modules from tsc's in-memory output: relative imports only */
function tscOutput(files: Map<string, string>): Plugin {
  return {
    name: 'tsc-es5-output',
    resolveId(source, importer) {
      if (importer === undefined) return path.resolve(source);
      if (!source.startsWith('.')) {
        this.error(`${path.relative(root, importer)} imports "${source}": the device bundle may only import firmware modules`);
      }
      return path.resolve(path.dirname(importer), source + '.js');
    },
    load(id) {
      const text = files.get(id);
      if (text === undefined) this.error(`no tsc output for ${path.relative(root, id)}`);
      return text;
    },
  };
}

function es5PathOf(entry: string): string {
  return path.join(ES5_DIR, entry.replace(/\.ts$/, '.js'));
}

/** writes through a temporary file, so a reader running at the same time never sees half a file */
function writeAtomic(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, text);
  fs.renameSync(temporary, file);
}

/**
 * A board's firmware always runs where Espruino's E is (the pod, or the simulator, whose stand-in
 * has every E function the firmware calls): each `typeof E` test becomes its answer, so the
 * fallback loops for Node and browsers (CRC table, whitening, kernel sums) leave the bundle.
 */
export function espruinoPresent(): Plugin {
  return {
    name: 'espruino-present',
    transform(code) {
      return code.replace(/typeof E ([!=])== (['"])undefined\2/g, (_, not: string) => (not === '!' ? 'true' : 'false'));
    },
  };
}

async function bundle(spec: BundleSpec, files: Map<string, string>): Promise<BuiltBundle> {
  const warnings: string[] = [];
  const build = await rollup({
    input: es5PathOf(spec.entry),
    plugins: spec.firmware ? [tscOutput(files), espruinoPresent()] : [tscOutput(files)],
    treeshake: true,
    onwarn: (warning) => { warnings.push(warning.message); },
  });
  const { output } = await build.generate({ format: 'iife', name: spec.globalName, strict: false, generatedCode: 'es5' });
  await build.close();
  if (warnings.length > 0) throw new Error(`rollup warnings for ${spec.name}:\n` + warnings.join('\n'));
  const plain = output[0].code;
  const inlined = await minify(plain, CONSTANTS_INLINED_OPTIONS);
  if (inlined.code === undefined) throw new Error(`terser produced nothing for ${spec.name}`);
  const reservedProperties = devicePropertyNamesKept().concat(builtinPropertyNames());
  // terser's name cache: property names as `$name: mangled`
  type NameCache = { props?: { props?: { [dollarName: string]: string } } };
  const deviceMinify = (nameCache: NameCache) => minify(inlined.code as string, {
    ...TERSER_OPTIONS,
    nameCache,
    mangle: {
      ...(spec.mangleProperties ? {
        properties: { reserved: reservedProperties, builtins: true, keep_quoted: true },
      } : {}),
      // its names become the pod's globals (bundleTopLevel below)
      ...(spec.firmware ? { reserved: ESPRUINO_SHORT_GLOBALS } : {}),
    },
  });
  const firstNames: NameCache = {};
  let minified = await deviceMinify(firstNames);
  if (minified.code === undefined) throw new Error(`terser produced nothing for ${spec.name}`);
  const firstProps = firstNames.props && firstNames.props.props;
  if (spec.mangleProperties && firstProps !== undefined) {
    // again, with the shortest property names for the most used (namesByUse.ts)
    const mangled = new Map(Object.keys(firstProps).map((key): [string, string] => [key.slice(1), firstProps[key]]));
    const props: { [dollarName: string]: string } = {};
    propertyNamesByUse(mangled, minified.code, reservedProperties).forEach((short, name) => { props['$' + name] = short; });
    minified = await deviceMinify({ props: { props } });
    if (minified.code === undefined) throw new Error(`terser produced nothing for ${spec.name}`);
  }
  // the shortest variable names for the most used (namesByUse.ts)
  const renamed = variableNamesByUse(minified.code, ESPRUINO_SHORT_GLOBALS);
  // a board's firmware runs at the pod's top level: no scope link per function (bundleTopLevel.ts)
  const min = spec.firmware ? bundleTopLevel(hotLocalsFirst(renamed)) : hotLocalsFirst(renamed);
  const plainPath = path.join(DIST_DIR, spec.name + '.js');
  const minPath = path.join(DIST_DIR, spec.name + '.min.js');
  writeAtomic(plainPath, plain);
  writeAtomic(minPath, min);
  let uploadPath = minPath;
  let stored = min;
  if (spec.firmware) {
    uploadPath = path.join(DIST_DIR, spec.name + '.pretokenised.js');
    stored = pretokenise(min);
    // UTF-8, as the espruino tools read an upload: each character below 256 goes to the pod as one byte
    writeAtomic(uploadPath, stored);
  }
  return {
    spec, plainPath, minPath, uploadPath, plainBytes: Buffer.byteLength(plain), minBytes: Buffer.byteLength(min), storedBytes: stored.length,
  };
}

export async function buildBundles(specs: BundleSpec[] = BUNDLES): Promise<BuiltBundle[]> {
  const files = compile(specs.map((spec) => spec.entry));
  const built: BuiltBundle[] = [];
  for (const spec of specs) built.push(await bundle(spec, files));
  return built;
}

let once: Promise<BuiltBundle[]> | undefined;

/** builds every bundle once per process (for tests: a fresh build, shared by the test files) */
export function buildBundlesOnce(): Promise<BuiltBundle[]> {
  if (once === undefined) once = buildBundles();
  return once;
}

/**
 * The fresh build of one bundle (once per process): its minified ES5 text (`source`) and the text
 * that is uploaded (`uploaded`, pretokenised for a board's firmware: each character one byte on the pod)
 */
export async function builtBundleOnce(spec: BundleSpec): Promise<{ bundle: BuiltBundle; source: string; uploaded: string }> {
  const bundle = (await buildBundlesOnce()).find((b) => b.spec.name === spec.name);
  if (bundle === undefined) throw new Error(`the ${spec.name} bundle was not built`);
  return { bundle, source: fs.readFileSync(bundle.minPath, 'utf8'), uploaded: fs.readFileSync(bundle.uploadPath, 'utf8') };
}

export function sizeLine(b: BuiltBundle): string {
  const kb = (bytes: number): string => (bytes / 1024).toFixed(1) + ' KB';
  const upload = b.uploadPath === b.minPath ? '' : `${path.relative(root, b.uploadPath)}: ${b.storedBytes} bytes on the pod (${kb(b.storedBytes)}); `;
  return upload + `${path.relative(root, b.minPath)}: ${b.minBytes} bytes (${kb(b.minBytes)}); ` +
    `${path.relative(root, b.plainPath)}: ${b.plainBytes} bytes (${kb(b.plainBytes)})`;
}

if (require.main === module) {
  buildBundles().then((built) => {
    for (const b of built) console.log(sizeLine(b));
  }, (error: Error) => {
    console.error(error.message);
    process.exitCode = 1;
  });
}
