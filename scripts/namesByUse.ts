// Shortest names for the most used: terser gives a device bundle's mangled property names in the
// order it first meets them, so a property read a few times can hold a one-character name while
// one read dozens of times has two. Given the names of a first minify and the bundle it made, this
// counts each mangled property's uses and hands the shortest names to the most used, for a second
// minify with the same settings to apply (terser's property name cache). Same bundle, token for
// token, but for which short name each property has.
import { AstNode, childrenOf, parseEs5Ast } from './es5Ast';

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

