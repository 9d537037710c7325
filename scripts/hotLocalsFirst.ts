// Espruino finds a local variable by walking the function's variables in the order they were
// created: parameters, then each `var` name when its statement first runs. Every use of a name
// pays for the names ahead of it (measured on the interpreter: a loop body of `s=s+i` with 50
// other locals ahead of `i` and `s` costs 44 % more than with them first). terser orders the
// names of its one `var` statement by its own rules, which put a loop's index and temporaries
// last. This build step gives each function that has loops a leading `var` of the names its loops
// use, most used first; the later `var` finds them already made and leaves them where they are.
// A name the leading `var` declares is dropped from the function's own top-level `var`s where it
// has no initialiser there (it would only be declared twice), so the step adds few bytes.
import { AstNode, childrenOf, isNode, parseEs5Ast, referenceChildrenOf } from './es5Ast';

function isFunction(node: AstNode): boolean {
  return node.type === 'FunctionDeclaration' || node.type === 'FunctionExpression';
}

/** a use inside n nested loops counts LOOP_WEIGHT^n: one pass of an inner loop runs many times */
const LOOP_WEIGHT = 16;

/**
 * The names declared by `var` in one function (not in nested functions) that its loops use,
 * most used first, with each use weighted by its loop depth (parameters are left out: they are
 * already first), and what declaring them first in that order saves: the sum over those names of
 * weight x places moved forward.
 */
export function loopLocalsByUse(fn: AstNode): { names: string[]; placesSaved: number } {
  const params = new Set((fn.params as AstNode[]).map((p) => p.name as string));
  const declared = new Set<string>();
  const weight = new Map<string, number>();
  const firstSeen = new Map<string, number>();
  const count = (name: string, depth: number, at: number): void => {
    if (depth === 0) return;
    weight.set(name, (weight.get(name) || 0) + Math.pow(LOOP_WEIGHT, depth));
    if (!firstSeen.has(name)) firstSeen.set(name, at);
  };
  const declarationOrder: string[] = [];
  const walk = (node: AstNode, depth: number): void => {
    if (isFunction(node)) return;
    switch (node.type) {
      case 'VariableDeclarator':
        if (!declared.has((node.id as AstNode).name as string)) declarationOrder.push((node.id as AstNode).name as string);
        declared.add((node.id as AstNode).name as string);
        count((node.id as AstNode).name as string, depth, node.start);
        if (isNode(node.init)) walk(node.init, depth);
        return;
      case 'Identifier':
        count(node.name as string, depth, node.start);
        return;
      case 'ForStatement':
        if (isNode(node.init)) walk(node.init, depth);
        for (const part of [node.test, node.update, node.body]) if (isNode(part)) walk(part, depth + 1);
        return;
      case 'WhileStatement':
      case 'DoWhileStatement':
        walk(node.test as AstNode, depth + 1);
        walk(node.body as AstNode, depth + 1);
        return;
      case 'ForInStatement':
        walk(node.right as AstNode, depth);
        walk(node.left as AstNode, depth + 1);
        walk(node.body as AstNode, depth + 1);
        return;
      default:
        for (const child of referenceChildrenOf(node)) walk(child, depth);
    }
  };
  for (const statement of (fn.body as AstNode).body as AstNode[]) walk(statement, 0);
  const names = Array.from(weight.keys())
    .filter((name) => declared.has(name) && !params.has(name))
    .sort((a, b) => (weight.get(b) as number) - (weight.get(a) as number) || (firstSeen.get(a) as number) - (firstSeen.get(b) as number));
  let placesSaved = 0;
  names.forEach((name, place) => {
    placesSaved += (weight.get(name) as number) * (declarationOrder.indexOf(name) - place);
  });
  return { names, placesSaved };
}

/**
 * A leading `var` is itself parsed on every call: only where it saves at least this much (a name
 * used once per pass of a loop, moved forward 16 places).
 */
const MIN_PLACES_SAVED = LOOP_WEIGHT * 16;

/** the function a bundle is wrapped in: `!function(){..}()` or `var G=function(e){..}(..)` (rollup's IIFE after terser) */
function bundleFunction(program: AstNode): AstNode | undefined {
  const statements = program.body as AstNode[];
  if (statements.length !== 1) return undefined;
  const statement = statements[0];
  let expression = statement.type === 'ExpressionStatement' ? statement.expression as AstNode
    : statement.type === 'VariableDeclaration' ? (statement.declarations as AstNode[])[0].init as AstNode : undefined;
  if (isNode(expression) && expression.type === 'UnaryExpression') expression = expression.argument as AstNode;
  if (!isNode(expression) || expression.type !== 'CallExpression') return undefined;
  const callee = expression.callee as AstNode;
  return callee.type === 'FunctionExpression' ? callee : undefined;
}

/** a source edit: text replaces [start, end) (an insertion where they are equal) */
interface SourceEdit {
  start: number;
  end: number;
  text: string;
}

/**
 * Edits that drop `declared` names without an initialiser from the `var` statements directly in
 * `body` (a whole statement goes when nothing is left of it); initialisers stay where they are, in order.
 */
function redeclarationsDropped(body: AstNode, declared: Set<string>, source: string): SourceEdit[] {
  const edits: SourceEdit[] = [];
  for (const statement of body.body as AstNode[]) {
    if (statement.type !== 'VariableDeclaration') continue;
    const declarators = statement.declarations as AstNode[];
    const kept = declarators.filter((d) => isNode(d.init) || !declared.has((d.id as AstNode).name as string));
    if (kept.length === declarators.length) continue;
    const text = kept.length === 0 ? '' : 'var ' + kept.map((d) => source.slice(d.start, d.end)).join(',') + ';';
    edits.push({ start: statement.start, end: statement.end, text });
  }
  return edits;
}

/**
 * `source` (ES5 script) with a leading `var` of its loop locals, most used first, in each function
 * that has loops. Not in the function the bundle is wrapped in: its loops run once, at load, and
 * its names are the ones every function looks up last, behind its own.
 */
export function hotLocalsFirst(source: string): string {
  const program = parseEs5Ast(source);
  const wrapper = bundleFunction(program);
  const edits: SourceEdit[] = [];
  const visit = (node: AstNode): void => {
    if (isFunction(node) && node !== wrapper) {
      const { names, placesSaved } = loopLocalsByUse(node);
      const body = node.body as AstNode;
      // after a directive prologue ("use strict", "jit"), which must stay first
      let at = body.start + 1;
      for (const statement of body.body as AstNode[]) {
        if (statement.type !== 'ExpressionStatement' || typeof statement.directive !== 'string') break;
        at = statement.end;
      }
      if (placesSaved >= MIN_PLACES_SAVED) {
        edits.push({ start: at, end: at, text: 'var ' + names.join(',') + ';' });
        edits.push(...redeclarationsDropped(body, new Set(names), source));
      }
    }
    for (const child of childrenOf(node)) visit(child);
  };
  visit(program);
  // from the end backwards, and at one place the replacement before the insertion, so every
  // edit's offsets still hold when it is made
  edits.sort((a, b) => b.start - a.start || b.end - a.end);
  let out = source;
  for (const { start, end, text } of edits) out = out.slice(0, start) + text + out.slice(end);
  return out;
}
