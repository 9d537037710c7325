// The ES5 syntax tree of a bundle (acorn) as the build step and the bundle gate walk it: any
// node, and its child nodes in source order.
import * as acorn from 'acorn';

export interface AstNode {
  type: string;
  start: number;
  end: number;
  [key: string]: unknown;
}

/** parses as ES5 script: any ES2015+ syntax throws acorn's SyntaxError with its position */
export function parseEs5Ast(source: string): AstNode {
  return acorn.parse(source, { ecmaVersion: 5, sourceType: 'script' }) as unknown as AstNode;
}

export function isNode(value: unknown): value is AstNode {
  return typeof value === 'object' && value !== null && typeof (value as AstNode).type === 'string';
}

export function childrenOf(node: AstNode): AstNode[] {
  const children: AstNode[] = [];
  for (const key of Object.keys(node)) {
    const value = node[key];
    if (isNode(value)) children.push(value);
    else if (Array.isArray(value)) for (const item of value) if (isNode(item)) children.push(item);
  }
  return children;
}

/**
 * The child nodes that can name a variable: as childrenOf, but without the property name of
 * `a.b`, the key of `{b: 1}` (computed ones are kept) and statement labels, which are not
 * variable names.
 */
export function referenceChildrenOf(node: AstNode): AstNode[] {
  if (node.type === 'LabeledStatement') return [node.body as AstNode];
  if (node.type === 'BreakStatement' || node.type === 'ContinueStatement') return [];
  if (node.type === 'MemberExpression') {
    return node.computed ? [node.object as AstNode, node.property as AstNode] : [node.object as AstNode];
  }
  if (node.type === 'Property') {
    return node.computed ? [node.key as AstNode, node.value as AstNode] : [node.value as AstNode];
  }
  return childrenOf(node);
}
