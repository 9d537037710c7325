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
  /** a whole number of the values' resolution */
  binWidth: number;
  /** how many values fall in each bin, one array per input set (same bins for all) */
  counts: number[][];
}

/** bin widths as multiples of the values' resolution: 1, 2 or 5 times a power of ten */
const NICE_FACTORS = [1, 2, 5];

/**
 * The narrowest bin width that gives at most about `targetBins` bins over `span`, as 1, 2 or 5
 * times a power of ten times `resolution` (the step the values come in: 1 for whole ms, 0.01 for
 * centidegrees shown in degrees). Never finer than the resolution and always a whole number of
 * its steps: a bin of half a step holds a possible value or none by turns, and the histogram
 * reads as a comb of empty bins.
 */
export function niceBinWidth(span: number, targetBins: number, resolution: number): number {
  const spanSteps = span / resolution;
  const rawSteps = spanSteps / Math.max(1, targetBins);
  if (!(rawSteps > 1)) return resolution;
  let power = Math.pow(10, Math.floor(Math.log10(rawSteps)));
  for (;;) {
    for (const factor of NICE_FACTORS) if (factor * power >= rawSteps) return Number((factor * power * resolution).toPrecision(12));
    power *= 10;
  }
}

/**
 * Shared bins over several sets of values (e.g. left and right steps) that come in steps of
 * `resolution` (whole ms, mm, 0.01°, 0.001 m/s): each bin is a whole number of those steps wide
 * and starts on one, so every bin can hold as many possible values as the next. The range is the
 * 1st to 99th percentile of all values together, so one wild step does not squash the rest;
 * values outside go to the first or last bin. Binning is done on whole steps, so a value such as
 * 0.385 m/s is not put a bin low by its float rounding.
 */
export function histogramOf(sets: ReadonlyArray<readonly number[]>, resolution: number, targetBins = 24): Histogram {
  if (!(resolution > 0)) throw new TypeError(`histogram resolution must be above 0, got ${resolution}`);
  const stepSets = sets.map((set) => set.map((v) => Math.round(v / resolution)));
  const all: number[] = [];
  for (const set of stepSets) for (const v of set) all.push(v);
  if (all.length === 0) return { binStarts: [], binWidth: resolution, counts: sets.map(() => []) };
  const low = quantileOf(all, 0.01);
  const high = quantileOf(all, 0.99);
  const binWidth = niceBinWidth((high - low) * resolution, targetBins, resolution);
  const widthSteps = Math.round(binWidth / resolution);
  const firstStep = Math.floor(low / widthSteps) * widthSteps;
  const binCount = Math.max(1, Math.floor((high - firstStep) / widthSteps) + 1);
  const binStarts: number[] = [];
  // rounded so 0.1-wide bins print as 0.3, not 0.30000000000000004
  for (let i = 0; i < binCount; i++) binStarts.push(Number(((firstStep + i * widthSteps) * resolution).toPrecision(12)));
  const counts = stepSets.map((set) => {
    const row = new Array<number>(binCount).fill(0);
    for (const v of set) {
      const bin = Math.min(binCount - 1, Math.max(0, Math.floor((v - firstStep) / widthSteps)));
      row[bin]++;
    }
    return row;
  });
  return { binStarts, binWidth, counts };
}
