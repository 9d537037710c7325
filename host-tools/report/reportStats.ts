// Order statistics and histograms over per-step values for the report (host floats; the pod's
// own medians are integer and per window, these are over the whole recording).

/** median of `values` (mean of the middle two for an even count); NaN when empty */
export function medianOf(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = values.slice().sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** the p-quantile (0..1) by linear interpolation between order statistics; NaN when empty */
export function quantileOf(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = values.slice().sort((a, b) => a - b);
  const at = Math.min(Math.max(p, 0), 1) * (sorted.length - 1);
  const low = Math.floor(at);
  const high = Math.min(low + 1, sorted.length - 1);
  return sorted[low] + (sorted[high] - sorted[low]) * (at - low);
}

export interface Histogram {
  /** left edge of each bin, in the values' unit */
  binStarts: number[];
  binWidth: number;
  /** how many values fall in each bin, one array per input set (same bins for all) */
  counts: number[][];
}

/** a bin width of 1, 2 or 5 times a power of ten giving about `targetBins` bins over `span` */
export function niceBinWidth(span: number, targetBins: number): number {
  if (!(span > 0)) return 1;
  const raw = span / Math.max(1, targetBins);
  const power = Math.pow(10, Math.floor(Math.log10(raw)));
  for (const factor of [1, 2, 5, 10]) if (factor * power >= raw) return factor * power;
  return 10 * power;
}

/**
 * Shared bins over several sets of values (e.g. left and right steps): the range is the 1st to
 * 99th percentile of all values together, so one wild step does not squash the rest; values
 * outside go to the first or last bin.
 */
export function histogramOf(sets: ReadonlyArray<readonly number[]>, targetBins = 24): Histogram {
  const all: number[] = [];
  for (const set of sets) for (const v of set) all.push(v);
  if (all.length === 0) return { binStarts: [], binWidth: 1, counts: sets.map(() => []) };
  const low = quantileOf(all, 0.01);
  const high = quantileOf(all, 0.99);
  const binWidth = niceBinWidth(high - low, targetBins);
  const first = Math.floor(low / binWidth) * binWidth;
  const binCount = Math.max(1, Math.floor((high - first) / binWidth) + 1);
  const binStarts: number[] = [];
  // rounded so 0.1-wide bins print as 0.3, not 0.30000000000000004
  for (let i = 0; i < binCount; i++) binStarts.push(Number((first + i * binWidth).toPrecision(12)));
  const counts = sets.map((set) => {
    const row = new Array<number>(binCount).fill(0);
    for (const v of set) {
      const bin = Math.min(binCount - 1, Math.max(0, Math.floor((v - first) / binWidth)));
      row[bin]++;
    }
    return row;
  });
  return { binStarts, binWidth, counts };
}
