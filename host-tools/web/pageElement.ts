// The pages' elements by id: a page whose HTML lacks one fails at once, naming it.

/** the element `id` of the page called `pageName`; throws when the page has no such element */
export function pageElement<T extends HTMLElement>(pageName: string, id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`${pageName} page lacks #${id}`);
  return el as T;
}
