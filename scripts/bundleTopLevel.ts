// A firmware bundle's body at the top level instead of inside the function rollup wraps it in.
// Espruino gives every function defined inside another function a link to that function's scope
// (a "\xFFsco" child: one block of RAM per function, about 100 in the firmware), and none to a
// function defined at the top level, whose scope is the root. So the bundle's functions and
// variables become globals of the pod's interpreter. terser picked their names inside the wrapper,
// avoiding every global the bundle reads (E, NRF, Puck, Serial1, the pins): nothing the bundle
// uses is shadowed. Its names have one or two characters: Espruino's own globals of that length,
// E and the pins, are reserved, so terser never picks them (checked by the bundle gate).
import { AstNode, parseEs5Ast, referenceChildrenOf } from './es5Ast';

/** Espruino's globals of one or two characters on the nRF52 boards: E and the pins D0 to D9 (D10 up are longer) */
export const ESPRUINO_SHORT_GLOBALS = ['E', ...Array.from({ length: 10 }, (_, i) => `D${i}`)];

/** the names a script declares at its top level: its vars and functions */
export function topLevelNames(source: string): string[] {
  const names: string[] = [];
  for (const statement of parseEs5Ast(source).body as AstNode[]) {
    if (statement.type === 'FunctionDeclaration') names.push((statement.id as AstNode).name as string);
    if (statement.type === 'VariableDeclaration') for (const d of statement.declarations as AstNode[]) names.push((d.id as AstNode).name as string);
  }
  return names;
}

/**
 * The statements of `!function(){...}()` (a bundle without exports) as a script of their own.
 * Throws on any other shape, or a body that reads `this` or `arguments` at its top level, whose
 * meaning would change.
 */
export function bundleTopLevel(source: string): string {
  const program = parseEs5Ast(source);
  const statements = program.body as AstNode[];
  const call = statements.length === 1 && statements[0].type === 'ExpressionStatement'
    ? unaryOperand(statements[0].expression as AstNode) : undefined;
  const fn = call !== undefined && call.type === 'CallExpression' && (call.arguments as AstNode[]).length === 0
    ? call.callee as AstNode : undefined;
  if (fn === undefined || fn.type !== 'FunctionExpression' || (fn.params as AstNode[]).length !== 0) {
    throw new Error('bundleTopLevel: the bundle is not one call of a function without parameters');
  }
  const body = fn.body as AstNode;
  const text = source.slice((body.start as number) + 1, (body.end as number) - 1);
  if (readsThisOrArguments(body)) throw new Error('bundleTopLevel: the body reads this or arguments at its top level');
  return text;
}

function unaryOperand(node: AstNode): AstNode | undefined {
  return node.type === 'UnaryExpression' && node.operator === '!' ? node.argument as AstNode : undefined;
}

/** whether `node` reads `this` or `arguments` outside the functions nested in it */
function readsThisOrArguments(node: AstNode): boolean {
  return referenceChildrenOf(node).some((child) => {
    if (child.type === 'FunctionDeclaration' || child.type === 'FunctionExpression') return false;
    if (child.type === 'ThisExpression' || (child.type === 'Identifier' && child.name === 'arguments')) return true;
    return readsThisOrArguments(child);
  });
}
