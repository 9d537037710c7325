// What the device bundle must not use because Espruino (2v29, the Puck.js v2 firmware) lacks it or
// does it differently, and a scan of an ES5 syntax tree (acorn) that finds each use.
// "Fact sheet" = ../shared/espruino-facts.md; "measured" = run in the Linux build of Espruino
// 2v29.277 (c5ff787), where `X` is "not defined" or a call throws `Function "x" not found!`.
import * as acorn from 'acorn';
import { AstNode, childrenOf, isNode, referenceChildrenOf } from '../../scripts/es5Ast';

export interface Forbidden {
  name: string;
  why: string;
}

/** globals that do not exist on Espruino */
export const FORBIDDEN_GLOBALS: Forbidden[] = [
  { name: 'Map', why: 'not defined (fact sheet 1, measured); use arrays or objects keyed by number' },
  { name: 'Set', why: 'not defined (fact sheet 1, measured)' },
  { name: 'WeakMap', why: 'not defined (fact sheet 1, measured)' },
  { name: 'WeakSet', why: 'not defined on Espruino (same family as WeakMap, unverified)' },
  { name: 'Symbol', why: 'not defined (fact sheet 1, measured): no iterators, no downlevelIteration' },
  { name: 'Proxy', why: 'not defined (fact sheet 1, measured)' },
  { name: 'Reflect', why: 'not defined (fact sheet 1, measured)' },
  { name: 'RangeError', why: 'not defined (measured: "RangeError" is not defined); Error and TypeError exist' },
  { name: 'setImmediate', why: 'undefined on Espruino (measured); use setTimeout(fn, 0)' },
  { name: 'queueMicrotask', why: 'undefined on Espruino (measured)' },
];

/** static members (dotted paths from a global) that are undefined on Espruino */
export const FORBIDDEN_MEMBERS: Forbidden[] = [
  { name: 'Math.imul', why: 'missing (fact sheet 1 and 2, measured); (a*b)|0 is exact while |a*b| < 2^53' },
  { name: 'Math.clz32', why: 'missing (fact sheet 1, measured)' },
  { name: 'Math.trunc', why: 'missing (fact sheet 1, measured); (x/y)|0 truncates toward 0' },
  { name: 'Math.hypot', why: 'missing (fact sheet 1, measured); use the integer sqrt in firmware/core/isqrt.ts' },
  { name: 'Math.fround', why: 'missing (measured)' },
  { name: 'Math.log2', why: 'missing (measured)' },
  { name: 'Math.log10', why: 'missing (measured)' },
  { name: 'Math.cbrt', why: 'missing (measured)' },
  { name: 'Math.expm1', why: 'missing (measured)' },
  {
    name: 'Math.round',
    why: 'differs from JS (fact sheet 2: Math.round(-2.5) = -3, JS -2; measured -0.5 -> -1): pod and host replay would differ; use Math.floor(x + 0.5) or integer rounding',
  },
  { name: 'Number.isInteger', why: 'missing (fact sheet 1, measured); use (x|0) === x' },
  { name: 'Number.isFinite', why: 'missing (measured); the global isFinite exists' },
  { name: 'Number.isNaN', why: 'missing (measured); use x !== x' },
  { name: 'Number.isSafeInteger', why: 'missing (measured)' },
  { name: 'Number.parseInt', why: 'missing (measured); the global parseInt exists' },
  { name: 'Number.MAX_SAFE_INTEGER', why: 'undefined (fact sheet 1, measured)' },
  { name: 'Number.MIN_SAFE_INTEGER', why: 'undefined on Espruino (as MAX_SAFE_INTEGER, unverified)' },
  { name: 'Number.EPSILON', why: 'undefined (measured)' },
  { name: 'Array.from', why: 'missing (fact sheet 1, measured)' },
  { name: 'Array.of', why: 'missing (measured)' },
  {
    name: 'Array.prototype.slice',
    why: 'undefined (fact sheet 1, measured: Array.prototype.slice.call throws); tsc\'s __spreadArray uses it. [].slice.call works (measured)',
  },
  { name: 'Int8Array.from', why: 'typed-array from is missing (measured on Int16Array)' },
  { name: 'Uint8Array.from', why: 'typed-array from is missing (measured on Int16Array)' },
  { name: 'Int16Array.from', why: 'missing (measured)' },
  { name: 'Uint16Array.from', why: 'typed-array from is missing (measured on Int16Array)' },
  { name: 'Int32Array.from', why: 'typed-array from is missing (measured on Int16Array)' },
  { name: 'Uint32Array.from', why: 'typed-array from is missing (measured on Int16Array)' },
  { name: 'Int16Array.of', why: 'missing (measured)' },
  { name: 'Object.freeze', why: 'missing (measured: Function "freeze" not found!)' },
  { name: 'Object.getOwnPropertySymbols', why: 'missing (measured)' },
];

/**
 * Methods missing on some receiver. After minifying, the receiver's type is unknown, so any call
 * of these names fails the gate (strings have lastIndexOf, but the firmware has no need of it).
 */
export const FORBIDDEN_METHODS: Forbidden[] = [
  {
    name: 'lastIndexOf',
    why: 'missing on typed arrays and arrays (measured: Function "lastIndexOf" not found!; it crashed the core on clipped data, commit bda8bf2); search forward',
  },
  { name: 'copyWithin', why: 'missing on arrays and typed arrays (measured)' },
  { name: 'reduceRight', why: 'missing on arrays (measured)' },
];

/** TypeScript's ES5 helpers that fail on Espruino (checked by name in the unminified bundle) */
export const FORBIDDEN_HELPERS: Forbidden[] = [
  { name: '__extends', why: '`class A extends B` throws "Can\'t extend undefined": __extends(D,_super) runs before the un-hoisted function D (fact sheet 1, measured); use composition' },
  { name: '__spreadArray', why: 'array spread: uses Array.prototype.slice.call, undefined on Espruino (fact sheet 1, measured); use concat' },
  { name: '__values', why: 'for-of over iterables needs Symbol.iterator (fact sheet 1: no downlevelIteration)' },
  { name: '__read', why: 'destructuring of iterables needs Symbol.iterator (fact sheet 1: no downlevelIteration)' },
  { name: '__generator', why: 'generators: not used under firmware/ (STYLE.md 11; native generators fail, fact sheet 1)' },
  { name: '__awaiter', why: 'async/await: not used under firmware/ (STYLE.md 11; native async fails, fact sheet 1)' },
];

/**
 * DataView accessors whose byte order defaults to big-endian (fact sheet 2, measured: setInt16(0,1)
 * writes 0,1) while the protocol is little-endian: the value is the index of the littleEndian argument.
 */
export const DATAVIEW_ENDIAN_ARGUMENT: { [method: string]: number } = {
  getInt16: 1, getUint16: 1, getInt32: 1, getUint32: 1, getFloat32: 1, getFloat64: 1,
  setInt16: 2, setUint16: 2, setInt32: 2, setUint32: 2, setFloat32: 2, setFloat64: 2,
};

/** globals only Node or a browser has: firmware must not touch them */
export const HOST_GLOBALS: Forbidden[] = [
  { name: 'process', why: 'Node; on Espruino only the members in ESPRUINO_PROCESS_MEMBERS exist' },
  { name: 'Buffer', why: 'Node only; use Uint8Array' },
  { name: 'module', why: 'Node CommonJS; the bundle is one IIFE' },
  { name: 'exports', why: 'Node CommonJS; the bundle is one IIFE' },
  { name: '__dirname', why: 'Node only' },
  { name: '__filename', why: 'Node only' },
  { name: 'window', why: 'browser only' },
  { name: 'document', why: 'browser only' },
  { name: 'navigator', why: 'browser only' },
  { name: 'self', why: 'browser only' },
  { name: 'fetch', why: 'browser/Node only' },
  { name: 'performance', why: 'browser/Node only; Espruino has getTime()' },
  { name: 'TextEncoder', why: 'browser/Node only' },
  { name: 'TextDecoder', why: 'browser/Node only' },
];

/** members of Espruino's own `process` (process.memory() gives JsVar use, fact sheet 4) */
export const ESPRUINO_PROCESS_MEMBERS = ['memory', 'env', 'version', 'on'];

/** the only modules `require` may load on the pod: Espruino's built-in ones */
export const ESPRUINO_MODULES = ['Storage', 'heatshrink'];

/**
 * Free identifiers a bundle may use: ES5 built-ins Espruino has, and Espruino's own globals.
 * Anything else (a typo, a host API, an ES2015+ global) fails the gate until it is added here.
 */
export const ESPRUINO_GLOBALS = [
  // ES5 (and typed arrays), as present on Espruino
  'undefined', 'NaN', 'Infinity', 'Object', 'Array', 'String', 'Number', 'Boolean', 'Function', 'Math', 'JSON',
  'Date', 'RegExp', 'Error', 'TypeError', 'SyntaxError', 'ReferenceError', 'isNaN', 'isFinite', 'parseInt',
  'parseFloat', 'encodeURIComponent', 'decodeURIComponent', 'ArrayBuffer', 'DataView', 'Int8Array', 'Uint8Array',
  'Uint8ClampedArray', 'Int16Array', 'Uint16Array', 'Int32Array', 'Uint32Array', 'Float32Array', 'Float64Array',
  'Promise', 'arguments', 'global', 'console', 'require',
  // Espruino (fact sheet 5)
  'E', 'print', 'getTime', 'setTimeout', 'setInterval', 'clearTimeout', 'clearInterval', 'setWatch', 'clearWatch',
  'changeInterval', 'atob', 'btoa', 'Puck', 'NRF', 'Bluetooth', 'Serial1', 'I2C1', 'LED1', 'LED2', 'LED3', 'BTN',
  'BTN1', 'digitalRead', 'digitalWrite', 'digitalPulse', 'pinMode', 'analogRead', 'quit', 'LoopbackA', 'D28', 'D29',
];

export interface Finding {
  rule: 'global' | 'member' | 'method' | 'helper' | 'dataview' | 'label' | 'host' | 'require' | 'unknownGlobal';
  name: string;
  why: string;
  /** character offset in the source */
  offset: number;
}

/** parses as ES5 script: any ES2015+ syntax throws acorn's SyntaxError with its position */
export function parseEs5(source: string): acorn.Program {
  return acorn.parse(source, { ecmaVersion: 5, sourceType: 'script' });
}

/** names declared in a function body (var, function declarations), not looking into nested functions */
function declaredIn(body: AstNode, names: Set<string>): void {
  for (const child of childrenOf(body)) {
    if (child.type === 'VariableDeclarator') names.add((child.id as AstNode).name as string);
    if (child.type === 'FunctionDeclaration') {
      names.add((child.id as AstNode).name as string);
      continue;
    }
    if (child.type === 'FunctionExpression') continue;
    declaredIn(child, names);
  }
}

function propertyName(member: AstNode): string | undefined {
  const property = member.property as AstNode;
  if (!member.computed) return property.name as string;
  return property.type === 'Literal' && typeof property.value === 'string' ? property.value : undefined;
}

const byName = (list: Forbidden[]): Map<string, string> => new Map(list.map((entry) => [entry.name, entry.why]));

/**
 * Every use of something Espruino lacks, in an ES5 program: forbidden and unknown free globals,
 * static members, methods, tsc helpers, big-endian DataView accesses, labels, host APIs and
 * require of anything but an Espruino module. Scope-aware: a local named `Map` is not the global.
 */
export function findForbidden(program: acorn.Program): Finding[] {
  const globals = byName(FORBIDDEN_GLOBALS);
  const members = byName(FORBIDDEN_MEMBERS);
  const methods = byName(FORBIDDEN_METHODS);
  const helpers = byName(FORBIDDEN_HELPERS);
  const host = byName(HOST_GLOBALS);
  const allowed = new Set(ESPRUINO_GLOBALS);
  const findings: Finding[] = [];

  const isFree = (name: string, scopes: Set<string>[]): boolean => scopes.every((scope) => !scope.has(name));

  /** `Math.imul` for a member chain rooted at a free identifier, else undefined */
  const pathOf = (node: AstNode, scopes: Set<string>[]): string | undefined => {
    if (node.type === 'Identifier') return isFree(node.name as string, scopes) ? (node.name as string) : undefined;
    if (node.type !== 'MemberExpression') return undefined;
    const head = pathOf(node.object as AstNode, scopes);
    const name = propertyName(node);
    return head === undefined || name === undefined ? undefined : head + '.' + name;
  };

  const reference = (id: AstNode, scopes: Set<string>[]): void => {
    const name = id.name as string;
    const helper = helpers.get(name);
    if (helper !== undefined) findings.push({ rule: 'helper', name, why: helper, offset: id.start });
    if (!isFree(name, scopes)) return;
    const missing = globals.get(name);
    const hostOnly = host.get(name);
    if (missing !== undefined) findings.push({ rule: 'global', name, why: missing, offset: id.start });
    else if (hostOnly !== undefined) findings.push({ rule: 'host', name, why: hostOnly, offset: id.start });
    else if (!allowed.has(name) && helper === undefined) {
      findings.push({ rule: 'unknownGlobal', name, why: 'not an ES5 or Espruino global (add it to ESPRUINO_GLOBALS only if the pod has it)', offset: id.start });
    }
  };

  const declare = (id: AstNode): void => {
    const helper = helpers.get(id.name as string);
    if (helper !== undefined) findings.push({ rule: 'helper', name: id.name as string, why: helper, offset: id.start });
  };

  const visit = (node: AstNode, scopes: Set<string>[]): void => {
    switch (node.type) {
      case 'Identifier':
        reference(node, scopes);
        return;
      case 'FunctionDeclaration':
      case 'FunctionExpression': {
        const scope = new Set<string>(['arguments']);
        if (node.id) {
          declare(node.id as AstNode);
          if (node.type === 'FunctionExpression') scope.add((node.id as AstNode).name as string);
        }
        for (const param of node.params as AstNode[]) scope.add(param.name as string);
        declaredIn(node.body as AstNode, scope);
        visit(node.body as AstNode, scopes.concat([scope]));
        return;
      }
      case 'VariableDeclarator':
        declare(node.id as AstNode);
        if (node.init) visit(node.init as AstNode, scopes);
        return;
      case 'CatchClause':
        visit(node.body as AstNode, scopes.concat([new Set([(node.param as AstNode).name as string])]));
        return;
      case 'Property':
        if (node.computed) visit(node.key as AstNode, scopes);
        visit(node.value as AstNode, scopes);
        return;
      case 'LabeledStatement':
        findings.push({ rule: 'label', name: (node.label as AstNode).name as string, why: 'labelled break/continue fail on Espruino (fact sheet 1, measured)', offset: node.start });
        visit(node.body as AstNode, scopes);
        return;
      case 'BreakStatement':
      case 'ContinueStatement':
        return;
      case 'MemberExpression': {
        const path = pathOf(node, scopes);
        const member = path === undefined ? undefined : members.get(path);
        if (path !== undefined && member !== undefined) findings.push({ rule: 'member', name: path, why: member, offset: node.start });
        const name = propertyName(node);
        const method = name === undefined ? undefined : methods.get(name);
        if (name !== undefined && method !== undefined) findings.push({ rule: 'method', name: '.' + name, why: method, offset: node.start });
        const object = node.object as AstNode;
        const espruinoProcess = path !== undefined && object.type === 'Identifier' && object.name === 'process'
          && name !== undefined && ESPRUINO_PROCESS_MEMBERS.indexOf(name) >= 0;
        if (!espruinoProcess) visit(object, scopes);
        if (node.computed) visit(node.property as AstNode, scopes);
        return;
      }
      case 'CallExpression': {
        const callee = node.callee as AstNode;
        const args = node.arguments as AstNode[];
        if (callee.type === 'Identifier' && callee.name === 'require' && isFree('require', scopes)) {
          const first = args[0];
          const module = first !== undefined && first.type === 'Literal' ? String(first.value) : '(computed)';
          if (ESPRUINO_MODULES.indexOf(module) < 0) {
            findings.push({ rule: 'require', name: `require(${JSON.stringify(module)})`, why: 'only Espruino\'s built-in modules exist on the pod; host modules cannot be required', offset: node.start });
          }
        }
        if (callee.type === 'MemberExpression') {
          const name = propertyName(callee);
          const endianIndex = name === undefined ? undefined : DATAVIEW_ENDIAN_ARGUMENT[name];
          if (name !== undefined && endianIndex !== undefined) {
            const flag = args[endianIndex];
            if (flag === undefined || (flag.type === 'Literal' && !flag.value)) {
              findings.push({ rule: 'dataview', name: '.' + name, why: 'DataView defaults to big-endian (fact sheet 2, measured) and the protocol is little-endian: pass true', offset: node.start });
            }
          }
        }
        break;
      }
      default:
        break;
    }
    for (const child of childrenOf(node)) visit(child, scopes);
  };

  const top = new Set<string>();
  declaredIn(program as unknown as AstNode, top);
  visit(program as unknown as AstNode, [top]);
  return findings;
}

/** "rule name at line:column: why", one per finding, for a failing test's message */
export function describeFindings(source: string, findings: Finding[]): string {
  return findings.map((finding) => {
    const before = source.slice(0, finding.offset).split('\n');
    return `${finding.rule} ${finding.name} at ${before.length}:${before[before.length - 1].length + 1}: ${finding.why}`;
  }).join('\n');
}

/** a name used before its `var` or function declaration in the same function */
export interface LateDeclaration {
  name: string;
  /** where it is first used, and where it is declared */
  usedAt: number;
  declaredAt: number;
}

/**
 * Espruino hoists neither `var` nor function declarations (espruino-facts.md 1, measured): a use
 * before the declaration in the same function reads or writes an outer variable, or throws. This
 * walks each function (and the top level) in source order, without entering nested functions,
 * and reports every name whose first use comes before its declaration there.
 */
export function findLateDeclarations(program: acorn.Program): LateDeclaration[] {
  const found: LateDeclaration[] = [];
  const scan = (body: AstNode, params: string[]): void => {
    const firstUse = new Map<string, number>();
    const declaredAt = new Map<string, number>();
    const nested: AstNode[] = [];
    const walk = (node: AstNode): void => {
      switch (node.type) {
        case 'FunctionDeclaration':
          if (!declaredAt.has((node.id as AstNode).name as string)) declaredAt.set((node.id as AstNode).name as string, node.start);
          nested.push(node);
          return;
        case 'FunctionExpression':
          nested.push(node);
          return;
        case 'VariableDeclarator': {
          const name = (node.id as AstNode).name as string;
          if (!declaredAt.has(name)) declaredAt.set(name, node.start);
          if (isNode(node.init)) walk(node.init);
          return;
        }
        case 'Identifier': {
          const name = node.name as string;
          if (!firstUse.has(name)) firstUse.set(name, node.start);
          return;
        }
        default:
          for (const child of referenceChildrenOf(node)) walk(child);
      }
    };
    walk(body);
    for (const [name, at] of declaredAt) {
      const used = firstUse.get(name);
      if (used !== undefined && used < at && params.indexOf(name) < 0) found.push({ name, usedAt: used, declaredAt: at });
    }
    for (const fn of nested) {
      scan(fn.body as AstNode, (fn.params as AstNode[]).map((p) => p.name as string));
    }
  };
  scan(program as unknown as AstNode, []);
  return found;
}
