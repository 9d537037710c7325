import { tokenizer } from 'acorn';
import { expect } from 'chai';
import * as fs from 'fs';
import * as path from 'path';
import { storedBytesOf } from '../../host-tools/flash/bootUpload';
import { FIRST_TOKEN_BYTE, untokenise } from '../../host-tools/flash/espruinoPretokenise';
import { ESPRUINO_SHORT_GLOBALS, topLevelNames } from '../../scripts/bundleTopLevel';
import { BuiltBundle, buildBundlesOnce, BundleSpec, CORE_BUNDLE, MDBT42Q_BUNDLE, PUCKJS2_BUNDLE, SIM_BUNDLE } from '../../scripts/build';
import { describeFindings, ESPRUINO_MODULES, Finding, findForbidden, findLateDeclarations, parseEs5 } from './espruinoForbidden';

const root = path.resolve(__dirname, '..', '..');

/**
 * Minified size budget of the core bundle (detector + pod encoders and framing), bytes. Set a
 * little above the 30,132 bytes measured when the gate was written (core alone 23.6 KB); the
 * puckjs2 device bundle aims at 20 KB with its glue, so this budget is a ceiling, not the goal.
 * Raised by 1 KB for the test of a new upright reference by running (firmware 0.8, 32,377 bytes):
 * this bundle keeps its property names, so it grew twice as much as the pod's firmware, which is
 * held to its own budgets below. Raised by 512 bytes for firmware 0.10 (32,804 bytes: the angle
 * integrators restarted at a still moment, a wrapping bias product, the recent lean of a pod
 * turned round), for the same reason. Raised by 512 bytes more for firmware 0.18 (33,353 bytes:
 * pelvic drop from contact to toe-off).
 */
const CORE_BUDGET_BYTES = 32 * 1024 + 1024;

/**
 * Size budget of a device bundle (core, protocol and the glue) as the pod's Storage holds it:
 * pretokenised, bytes. The Puck.js v2 has 10 pages of 4 KB of Storage; the firmware runs from
 * there as .bootcde, and what it leaves holds the config and the summary log, so every byte here
 * is log room. Set about 1 KB above the 27,496 bytes measured when the firmware was first stored
 * pretokenised with its constants inlined (32,208 bytes of minified text before). The aim
 * of 20 KB is not met: see docs/performance.md.
 */
const DEVICE_BUDGET_BYTES = 28 * 1024;

/**
 * The simulator's build: the puckjs2 firmware under another board name, with its stand-in IMU's
 * driver, 55 bytes more than the puckjs2 bundle (firmware 0.18); held that close to it.
 */
const SIM_BUDGET_BYTES = DEVICE_BUDGET_BYTES + 64;

/**
 * The MDBT42Q's: its driver for an LSM6DSO on I2C (FIFO tags, bus errors) is about 0.5 KB more
 * than the Puck's. Its Storage is 10 pages of 4 KB too, so its log has that much less room.
 * Raised by 256 bytes for firmware 0.10 (29,190 bytes: losses counted from what each read left in
 * the FIFO, an IMU that lost its settings set up again, INT1 followed while it stays high).
 */
const MDBT42Q_BUDGET_BYTES = 28 * 1024 + 768;

function rule(findings: Finding[], ...rules: Finding['rule'][]): Finding[] {
  return findings.filter((finding) => rules.indexOf(finding.rule) >= 0);
}

function firmwareSources(dir: string): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...firmwareSources(full));
    else if (entry.name.endsWith('.ts')) found.push(full);
  }
  return found;
}

function bundleGate(spec: BundleSpec, budgetBytes: number, budgetWhy: string): void {
describe(`bundle gate: dist/${spec.name}.min.js is fit for Espruino`, () => {
  let core: BuiltBundle;
  const source = { min: '', plain: '' };
  const findings = { min: [] as Finding[], plain: [] as Finding[] };

  before(function () {
    this.timeout(60000);
    // a fresh build of this checkout, never a leftover dist/
    return buildBundlesOnce().then((built) => {
      const found = built.find((b) => b.spec.name === spec.name);
      if (found === undefined) throw new Error(`no ${spec.name} bundle built`);
      core = found;
      source.min = fs.readFileSync(core.minPath, 'utf8');
      source.plain = fs.readFileSync(core.plainPath, 'utf8');
      findings.min = findForbidden(parseEs5(source.min));
      findings.plain = findForbidden(parseEs5(source.plain));
    });
  });

  it('parses as ES5 (acorn, ecmaVersion 5): no ES2015+ syntax reaches the pod', () => {
    expect(() => parseEs5(source.min)).not.to.throw();
    expect(() => parseEs5(source.plain)).not.to.throw();
  });

  if (spec === CORE_BUNDLE) it('defines the LumbarPod global with the pipeline and the pod encoders', () => {
    // ES5 evaluation of the minified text with no host globals in reach
    const run = new Function('E', source.min + '\nreturn LumbarPod;') as (e: undefined) => { [name: string]: unknown };
    const pod = run(undefined);
    for (const name of ['pipelineInit', 'pipelineProcess', 'pipelineGap', 'pipelineFinish', 'pipelineSettingsProblem',
      'stepEncode', 'summaryEncode', 'statusEncode', 'frameEncode', 'frameDecode', 'crc32', 'cobsEncode', 'commandParse']) {
      expect(pod[name], name).to.be.a('function');
    }
    expect(pod.DEFAULT_PIPELINE_SETTINGS).to.be.an('object');
  });

  it('references no global Espruino lacks (Map, Set, WeakMap, Symbol, Proxy, Reflect, RangeError, ...)', () => {
    const found = rule(findings.min, 'global').concat(rule(findings.plain, 'global'));
    expect(describeFindings(source.min, found)).to.equal('');
  });

  it('uses no static member Espruino lacks or rounds differently (Math.imul/trunc/round, Number.isInteger, Array.from, Array.prototype.slice, ...)', () => {
    expect(describeFindings(source.min, rule(findings.min, 'member'))).to.equal('');
  });

  it('calls no method missing on Espruino arrays or typed arrays (lastIndexOf, copyWithin, reduceRight)', () => {
    expect(describeFindings(source.min, rule(findings.min, 'method'))).to.equal('');
  });

  it('contains none of the tsc helpers that fail on Espruino (__extends, __spreadArray, iterator and async helpers)', () => {
    // names survive only in the unminified bundle; terser renames them
    expect(describeFindings(source.plain, rule(findings.plain, 'helper'))).to.equal('');
  });

  it('declares every var and function before its first use in its function (Espruino hoists neither)', () => {
    const late = findLateDeclarations(parseEs5(source.min)).map((d) => `${d.name} used at ${d.usedAt}, declared at ${d.declaredAt}: ${source.min.slice(Math.max(0, d.usedAt - 40), d.declaredAt + 10)}`);
    expect(late).to.deep.equal([]);
  });

  it('reads and writes multi-byte DataView fields little-endian only, and uses no labelled statement', () => {
    expect(describeFindings(source.min, rule(findings.min, 'dataview', 'label'))).to.equal('');
  });

  it('uses no Node or browser API: every free global is an ES5 or Espruino one, require only of Espruino modules', () => {
    const found = rule(findings.plain, 'host', 'require', 'unknownGlobal');
    expect(describeFindings(source.plain, found)).to.equal('');
  });

  if (spec === CORE_BUNDLE) it('imports nothing from outside firmware/ and boards/ in any firmware source (Espruino modules aside)', () => {
    const outside: string[] = [];
    for (const file of firmwareSources(path.join(root, 'firmware'))) {
      const text = fs.readFileSync(file, 'utf8');
      // import/export ... from 'x' and import 'x' at the start of a line; require('x') anywhere
      const imports = /^\s*(?:import|export)\b[^;'"]*?\bfrom\s*['"]([^'"]+)['"]|^\s*import\s*['"]([^'"]+)['"]|\brequire\(\s*['"]([^'"]+)['"]\s*\)/gm;
      for (let match = imports.exec(text); match !== null; match = imports.exec(text)) {
        const target = match[1] || match[2] || match[3];
        const where = path.relative(root, path.resolve(path.dirname(file), target)).split(path.sep).join('/');
        const inside = target.startsWith('.') ? /^(firmware|boards)\//.test(where) : match[3] !== undefined && ESPRUINO_MODULES.indexOf(target) >= 0;
        if (!inside) outside.push(`${path.relative(root, file)}: ${target}`);
      }
    }
    expect(outside).to.deep.equal([]);
  });

  if (!spec.firmware) it(`fits the size budget: at most ${budgetBytes} bytes minified (${budgetWhy})`, () => {
    expect(core.minBytes).to.equal(Buffer.byteLength(source.min));
    expect(core.minBytes).to.be.at.most(budgetBytes);
  });

  if (spec.firmware) {
    it(`fits the size budget: at most ${budgetBytes} bytes in the pod's Storage, pretokenised (${budgetWhy})`, () => {
      const uploaded = fs.readFileSync(core.uploadPath, 'utf8');
      expect(core.storedBytes).to.equal(uploaded.length);
      expect(Buffer.from(storedBytesOf(fs.readFileSync(core.uploadPath))).length).to.equal(uploaded.length);
      expect(core.storedBytes).to.be.at.most(budgetBytes);
      expect(core.storedBytes).to.be.below(core.minBytes);
    });

    it('runs at the top level of the pod\'s interpreter: its globals have names of one or two characters, none of them Espruino\'s (E, the pins)', () => {
      const names = topLevelNames(source.min);
      expect(names.length).to.be.above(20);
      expect(names.filter((name) => name.length > 2 || ESPRUINO_SHORT_GLOBALS.indexOf(name) >= 0)).to.deep.equal([]);
    });

    it('is uploaded pretokenised: the same tokens as the minified ES5, keywords and operators one byte each', () => {
      const uploaded = fs.readFileSync(core.uploadPath, 'utf8');
      const tokenBytes = new Set<number>();
      for (let i = 0; i < uploaded.length; i++) if (uploaded.charCodeAt(i) >= 0x80) tokenBytes.add(uploaded.charCodeAt(i));
      // LEX_EQUAL (138) to LEX_R_OF (198) in src/jslex.h: no raw strings or integers (0xD1-0xD5), which older firmware cannot read
      expect(Math.min(...tokenBytes)).to.be.at.least(FIRST_TOKEN_BYTE);
      expect(Math.max(...tokenBytes)).to.be.at.most(198);
      expect(esTokens(untokenise(uploaded))).to.deep.equal(esTokens(source.min));
    });
  }
});
}

/** the source's tokens as acorn reads them (type and text), whatever the spacing */
function esTokens(code: string): string[] {
  return Array.from(tokenizer(code, { ecmaVersion: 5 }), (t) => `${t.type.label} ${code.slice(t.start, t.end)}`);
}

bundleGate(CORE_BUNDLE, CORE_BUDGET_BYTES, '30,132 bytes measured when set');
bundleGate(PUCKJS2_BUNDLE, DEVICE_BUDGET_BYTES, '27,496 bytes measured when set');
bundleGate(SIM_BUNDLE, SIM_BUDGET_BYTES, 'the puckjs2 firmware under another board name, and its stand-in IMU');
bundleGate(MDBT42Q_BUNDLE, MDBT42Q_BUDGET_BYTES, 'the puckjs2 budget and its larger IMU driver; the MDBT42Q also keeps 10 pages of 4 KB for saved code');


describe('bundle gate: the checks catch what Espruino lacks', () => {
  function rulesOf(snippet: string): string[] {
    return findForbidden(parseEs5(snippet)).map((finding) => `${finding.rule} ${finding.name}`);
  }

  it('rejects ES2015+ syntax: let, arrow, class, template, spread, for-of', () => {
    for (const snippet of ['let a = 1;', 'var f = (x) => x;', 'class A {}', 'var s = `a`;', 'f(...a);', 'for (var x of a) {}']) {
      expect(() => parseEs5(snippet), snippet).to.throw(SyntaxError);
    }
  });

  it('finds missing globals, members, methods and helpers, but not locals or properties of the same name', () => {
    expect(rulesOf('var m = new Map(); Math.imul(a, b); t.lastIndexOf(0); Array.prototype.slice.call(a); var __extends = 1;'))
      .to.include.members(['global Map', 'member Math.imul', 'method .lastIndexOf', 'member Array.prototype.slice', 'helper __extends']);
    expect(rulesOf('function f(Map, Math) { return new Map(Math.imul); } var o = { Set: 1 }; o.Symbol = 2; [].slice.call(o);')).to.deep.equal([]);
  });

  it('finds a var or function used before its declaration in the same function, not in a nested one', () => {
    const late = (snippet: string): string[] => findLateDeclarations(parseEs5(snippet)).map((d) => d.name);
    expect(late('function f() { x = 1; var x; return x; }')).to.deep.equal(['x']);
    expect(late('function f() { return (r = 2) + r; var r; }')).to.deep.equal(['r']);
    expect(late('g(); function g() {}')).to.deep.equal(['g']);
    expect(late('function f(a) { var x = a, y = x; function h() { return z; } var z = 1; return h() + y; }')).to.deep.equal([]);
    expect(late('var o = { x: 1 }; o.y = 2; var x = o.x;')).to.deep.equal([]);
  });

  it('finds big-endian DataView accesses, labels, host globals and require of host modules', () => {
    const found = rulesOf('var b, d = new DataView(b); d.getInt16(0); d.setUint32(0, 1, false); d.getInt32(0, true); '
      + 'l: for (;;) { break l; } process.exit(); process.memory(); Buffer.from(d); require("fs"); require("Storage"); foo();');
    expect(found).to.deep.equal([
      'dataview .getInt16', 'dataview .setUint32', 'label l', 'host process', 'host Buffer', 'require require("fs")', 'unknownGlobal foo',
    ]);
  });
});
