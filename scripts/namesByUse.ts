// Shortest names for the most used: terser gives a device bundle's mangled property names in the
// order it first meets them, so a property read a few times can hold a one-character name while
// one read dozens of times has two. Given the names of a first minify and the bundle it made, this
// counts each mangled property's uses and hands the shortest names to the most used, for a second
// minify with the same settings to apply (terser's property name cache). Same bundle, token for
// token, but for which short name each property has. Variables likewise: terser names each
// function's in the order they are declared, so the bundle's most called functions and a hot
// loop's index could have two characters; variableNamesByUse renames them in place by use.
import { AstNode, childrenOf, parseEs5Ast, referenceChildrenOf } from './es5Ast';

/** identifier characters as terser's own names use them; a second character may also be a digit */
const FIRST_CHARS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ$_';
const NEXT_CHARS = FIRST_CHARS + '0123456789';

/** ES5 reserved words of one or two characters: Espruino lexes (and the pretokeniser packs) them as keywords, even after a dot */
const SHORT_KEYWORDS = ['do', 'if', 'in'];

/** names of one character, then of two, in a fixed order */
export function shortNames(): string[] {
  const names: string[] = FIRST_CHARS.split('');
  for (const first of FIRST_CHARS) for (const next of NEXT_CHARS) names.push(first + next);
  return names.filter((name) => SHORT_KEYWORDS.indexOf(name) < 0);
}

/**
 * How often each property name is written in the source: `a.b` and the key of `{b: 1}` (not
 * computed or quoted ones), and every string that could name a property, so no name a string
 * gives (an event, a config key) is handed out again.
 */
export function propertyNameUses(source: string): { uses: Map<string, number>; strings: Set<string> } {
  const uses = new Map<string, number>();
  const strings = new Set<string>();
  const count = (name: string): void => { uses.set(name, (uses.get(name) || 0) + 1); };
  const walk = (node: AstNode): void => {
    if (node.type === 'MemberExpression' && !node.computed) count((node.property as AstNode).name as string);
    if (node.type === 'Property' && !node.computed && (node.key as AstNode).type === 'Identifier') count((node.key as AstNode).name as string);
    if (node.type === 'Literal' && typeof node.value === 'string') strings.add(node.value);
    for (const child of childrenOf(node)) walk(child);
  };
  walk(parseEs5Ast(source));
  return { uses, strings };
}

/**
 * The property name cache for the second minify: `mangled` maps each original name to the name
 * the first minify gave it, `source` is that minify's output. Names used most get the shortest
 * names (ties keep the first minify's order), skipping every name the source uses and does not
 * mangle (built-in, Espruino and config names, quoted keys and strings) and the `reserved` ones.
 */
export function propertyNamesByUse(mangled: Map<string, string>, source: string, reserved: string[]): Map<string, string> {
  const { uses, strings } = propertyNameUses(source);
  const mangledNames = new Set(mangled.values());
  const taken = new Set(reserved);
  for (const name of uses.keys()) if (!mangledNames.has(name)) taken.add(name);
  for (const name of strings) taken.add(name);
  for (const name of mangled.keys()) taken.add(name);
  const order = Array.from(mangled.keys());
  const byUse = order.slice().sort((a, b) =>
    (uses.get(mangled.get(b) as string) || 0) - (uses.get(mangled.get(a) as string) || 0) || order.indexOf(a) - order.indexOf(b));
  const free = shortNames().filter((name) => !taken.has(name));
  if (free.length < byUse.length) throw new Error('propertyNamesByUse: not enough short names');
  const cache = new Map<string, string>();
  byUse.forEach((name, i) => cache.set(name, free[i]));
  return cache;
}

/** a name a scope declares: its uses in the source, and the name it is given */
interface Binding {
  name: string;
  uses: number;
  /** the scope whose other names it must differ from (a catch parameter: its function's too) */
  scope: Scope;
  /** globals (read, never declared) and names declared outside any function keep their names */
  fixed: boolean;
  given?: string;
  /** where it is written: declarations and references */
  at: number[];
}

interface Scope {
  parent: Scope | undefined;
  names: Map<string, Binding>;
  /** the function (or the script) it belongs to: itself, but for a catch clause */
  fn: Scope;
  /** bindings of this scope and, for a function, of the catch clauses in it: they must all differ */
  members: Binding[];
  /** bindings declared outside this scope that are read from inside it: its own must not hide them */
  crossing: Set<Binding>;
}

function newScope(parent: Scope | undefined, catchClause: boolean): Scope {
  const scope = { parent, names: new Map(), members: [], crossing: new Set() } as unknown as Scope;
  scope.fn = catchClause && parent !== undefined ? parent.fn : scope;
  return scope;
}

function declare(scope: Scope, name: string, fixed: boolean): Binding {
  let binding = scope.names.get(name);
  if (binding === undefined) {
    binding = { name, uses: 0, scope, fixed, at: [] };
    scope.names.set(name, binding);
    scope.members.push(binding);
    if (scope.fn !== scope) scope.fn.members.push(binding);
  }
  return binding;
}

/**
 * `source` (an ES5 script) with every variable declared inside a function renamed so that the
 * names used most are the shortest: one character, then two, as terser gives them but in the order
 * of its first meeting them. A name never hides another that is read below it, and never becomes
 * one of `reserved`, a keyword, or a global the script reads; names declared outside functions
 * (the script's own globals) and the globals read keep theirs. Same code, token for token, but for
 * the variable names.
 */
export function variableNamesByUse(source: string, reserved: string[]): string {
  const program = parseEs5Ast(source);
  const root = newScope(undefined, false);
  const globals = newScope(undefined, false);
  const scopeOf = new Map<AstNode, Scope>();
  const isFunction = (node: AstNode): boolean => node.type === 'FunctionDeclaration' || node.type === 'FunctionExpression';

  // declarations: params, vars and function declarations belong to the function; a function
  // expression's own name to itself; a catch parameter to its clause (and, to differ from, its function)
  const collect = (node: AstNode, scope: Scope): void => {
    if (isFunction(node)) {
      const id = node.id as AstNode | null;
      if (node.type === 'FunctionDeclaration' && id) declare(scope.fn, id.name as string, scope.fn === root);
      const inner = newScope(scope, false);
      scopeOf.set(node, inner);
      if (node.type === 'FunctionExpression' && id) declare(inner, id.name as string, false);
      for (const param of node.params as AstNode[]) declare(inner, param.name as string, false);
      collect(node.body as AstNode, inner);
      return;
    }
    if (node.type === 'CatchClause') {
      const clause = newScope(scope, true);
      scopeOf.set(node, clause);
      declare(clause, (node.param as AstNode).name as string, clause.fn === root);
      collect(node.body as AstNode, clause);
      return;
    }
    if (node.type === 'VariableDeclarator') declare(scope.fn, (node.id as AstNode).name as string, scope.fn === root);
    for (const child of childrenOf(node)) collect(child, scope);
  };
  collect(program, root);

  // references: each name written resolves to the nearest declaration, or to a global
  const resolve = (node: AstNode, scope: Scope): void => {
    if (node.type === 'Identifier') {
      const name = node.name as string;
      let binding: Binding | undefined;
      for (let s: Scope | undefined = scope; s !== undefined && binding === undefined; s = s.parent) binding = s.names.get(name);
      if (binding === undefined) binding = declare(globals, name, true);
      binding.uses++;
      binding.at.push(node.start);
      for (let s: Scope | undefined = scope; s !== undefined && s.names.get(name) !== binding; s = s.parent) s.crossing.add(binding);
      return;
    }
    const inner = scopeOf.get(node) || scope;
    for (const child of referenceChildrenOf(node)) {
      // a function declaration's name is its enclosing scope's
      resolve(child, node.type === 'FunctionDeclaration' && child === node.id ? scope : inner);
    }
  };
  resolve(program, root);

  const scopes = Array.from(scopeOf.values());
  const all: Binding[] = [];
  for (const scope of [root, globals, ...scopes]) all.push(...scope.names.values());
  const crossedBy = new Map<Binding, Scope[]>();
  for (const scope of [root, ...scopes]) {
    for (const binding of scope.crossing) {
      const list = crossedBy.get(binding) || [];
      list.push(scope);
      crossedBy.set(binding, list);
    }
  }
  const unusable = new Set(reserved.concat(SHORT_KEYWORDS));
  for (const binding of all) if (binding.fixed) { binding.given = binding.name; unusable.add(binding.name); }
  const pool = shortNames().filter((name) => !unusable.has(name));
  const renamed = all.filter((binding) => !binding.fixed).sort((a, b) => b.uses - a.uses || a.at[0] - b.at[0]);
  for (const binding of renamed) {
    const taken = new Set<string>();
    const take = (other: Binding): void => { if (other.given !== undefined) taken.add(other.given); };
    binding.scope.fn.members.forEach(take);
    binding.scope.members.forEach(take);
    binding.scope.crossing.forEach(take);
    for (const scope of crossedBy.get(binding) || []) scope.members.forEach(take);
    const name = pool.find((candidate) => !taken.has(candidate));
    if (name === undefined) throw new Error('variableNamesByUse: not enough short names');
    binding.given = name;
  }

  const edits: { at: number; from: string; to: string }[] = [];
  for (const binding of all) {
    if (binding.given !== binding.name) for (const at of binding.at) edits.push({ at, from: binding.name, to: binding.given as string });
  }
  edits.sort((a, b) => b.at - a.at);
  let out = source;
  for (const { at, from, to } of edits) out = out.slice(0, at) + to + out.slice(at + from.length);
  return out;
}
