// Typed arrays made together, as consecutive views of one buffer. On the pod each typed array of
// its own is a flat string: a header block and its bytes rounded up to whole 13-byte blocks.
// Views of one buffer share the header and the rounding (about 45 blocks over the core's state).
// For arrays made once, at start: never per sample.

/** views of one array from `create`, `lengths[i]` elements each, in order */
export function typedViews<T extends Int16Array | Int32Array>(create: (length: number) => T, lengths: number[]): T[] {
  let total = 0;
  for (let i = 0; i < lengths.length; i++) total += lengths[i];
  const all = create(total);
  const views: T[] = [];
  let at = 0;
  for (let i = 0; i < lengths.length; i++) {
    views.push(all.subarray(at, at + lengths[i]) as T);
    at += lengths[i];
  }
  return views;
}
