// The one gateway from core to Espruino's native typed-array loops (E.sum, E.variance,
// E.convolve, indexOf): sums, sums of squared deviations, dot products and searches of Int16/Int32
// views, in the views' own units. On the pod the C loops run; elsewhere plain loops give identical integers.

/**
 * The native helpers used, as built at Espruino c5ff787 (src/jswrap_espruino.c). All
 * iterate the view honouring its byteOffset and length (subarray views work) and accumulate in
 * doubles. Despite its name E.variance returns the SUM of (value - mean)^2, not divided by the
 * length: the C code ends in `return variance;` and the reference documents it as
 * `v=0; for (i in arr) v+=Math.pow(mean-arr[i],2)`.
 */
declare const E: {
  sum(arr: Int16Array | Int32Array): number;
  variance(arr: Int16Array | Int32Array, mean: number): number;
  convolve(arr1: Int16Array | Int32Array, arr2: Int16Array | Int32Array, offset: number): number;
};

/**
 * Sum of the view's elements. Exact integer while |sum| < 2^53 (an Int16 view of any practical
 * length, an Int32 view of fewer than 2^22 elements); past 2^31 the result is an integer-valued double,
 * not an int32, so callers that go on with | 0 or >> must know their bound.
 */
export function kernelSum(view: Int16Array | Int32Array): number {
  if (typeof E !== 'undefined') return E.sum(view);
  let sum = 0;
  for (let i = 0; i < view.length; i++) sum += view[i];
  return sum;
}

/**
 * Sum over the view of (value - mean)^2, for an integer mean (a non-integer mean gives the
 * same double on both paths but not an integer). Empty view: 0.
 * Exact integer while every squared deviation and the total stay below 2^53: always for Int16
 * views with an int16-range mean (|deviation| <= 65535, square < 2^32) up to 2^21 elements;
 * for Int32 views only while |deviation| < 2^26. The square leaves int32 once
 * |deviation| > 46340 and the total once it passes 2^31: both then continue as exact
 * integer-valued doubles, on the pod (C doubles) as on the host, so no step here relies on
 * int32 wrapping. Callers that need an int32 must bound the result themselves.
 */
export function kernelSumSquaredDeviation(view: Int16Array | Int32Array, mean: number): number {
  // Used as is: E.variance already returns the sum (see the declaration above), so there is
  // no division by the length to undo and no rounding to explain.
  if (typeof E !== 'undefined') return E.variance(view, mean);
  let sum = 0;
  for (let i = 0; i < view.length; i++) {
    const deviation = view[i] - mean;
    sum += deviation * deviation;
  }
  return sum;
}

/**
 * Index of the first element equal to `value` in the view, or -1 (e.g. saturation checks on a
 * block of raw counts). The typed-array indexOf is native on both engines, so there is no
 * second path: Espruino's integer fast path (src/jswrap_arraybuffer.c) walks the view the same
 * way. `value` must be an integer: Espruino truncates a fractional one before comparing, V8
 * does not. Measured on the Linux build: a search that finds its value takes the fast path, one
 * that does not falls back to the generic one (about 64 statement-equivalents per 156 elements),
 * which is what a search for clipped readings in clean data costs.
 */
export function kernelIndexOf(view: Int16Array | Int32Array, value: number, fromIndex?: number): number {
  return view.indexOf(value, fromIndex);
}


/**
 * Most elements handed to one Math.max / Math.min call. Function.prototype.apply turns each into
 * a temporary JsVar on the pod, and the argument list takes as many again (src/jswrap_object.c,
 * src/jsnative.c), so a chunk holds at most about 65 blocks at once: at 208 Hz the Puck has about
 * 190 to spare. Each extra chunk costs about 15 statement-equivalents (a max and a min call).
 */
const KERNEL_EXTREME_CHUNK = 32;

/**
 * `pick` (Math.max or Math.min) of every element of the view; an empty view gives -Infinity or
 * Infinity, as pick() does. Function.prototype.apply walks the view and Math.max/min compare in
 * C on the pod (src/jswrap_object.c, src/jswrap_math.c): measured, a max and a min together cost
 * about 1.1 statement-equivalents per element against 6.7 for a JavaScript min/max loop. One path
 * on both engines.
 */
export function kernelExtreme(view: Int16Array | Int32Array, pick: (...values: number[]) => number): number {
  // Espruino's subarray does not clip its end to the view (it reads on past it), so every end is exact
  const n = view.length;
  let result = pick.apply(null, (n > KERNEL_EXTREME_CHUNK ? view.subarray(0, KERNEL_EXTREME_CHUNK) : view) as unknown as number[]);
  for (let i = KERNEL_EXTREME_CHUNK; i < n; i += KERNEL_EXTREME_CHUNK) {
    result = pick(result, pick.apply(null, view.subarray(i, n - i > KERNEL_EXTREME_CHUNK ? i + KERNEL_EXTREME_CHUNK : n) as unknown as number[]));
  }
  return result;
}

/**
 * Dot product of two views of equal length: E.convolve(a, b, 0) on the pod, which sums
 * a[i] * b[(i + 0) % b.length] in a C double (src/jswrap_espruino.c), as the loop here does,
 * in the same order. Exact integers while every product and the total stay below 2^53.
 */
export function kernelDot(a: Int16Array | Int32Array, b: Int16Array | Int32Array): number {
  if (typeof E !== 'undefined') return E.convolve(a, b, 0);
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}

/**
 * Sum over the view of a[i] * kernel[(i + offset) % kernel.length], offset in [0, kernel.length):
 * E.convolve(a, kernel, offset) on the pod, which restarts the kernel whenever it runs out, as
 * the loop here does, in the same order. With a short periodic selector (a 1 among 0s) it sums
 * every stride-th element natively: one axis of interleaved samples. Exact integers while every
 * product and the total stay below 2^53.
 */
export function kernelPeriodicDot(a: Int16Array | Int32Array, kernel: Int16Array | Int32Array, offset: number): number {
  if (typeof E !== 'undefined') return E.convolve(a, kernel, offset);
  const period = kernel.length;
  let sum = 0;
  for (let i = 0, j = offset; i < a.length; i++) {
    sum += a[i] * kernel[j];
    if (++j === period) j = 0;
  }
  return sum;
}
