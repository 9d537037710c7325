// Detected steps (initial contacts: tMs, side L/R) matched one-to-one to the reference initial
// contacts (ICs) of walking bouts, as in the mobgap-lowerback *.reference.json files (INDIP and
// Stereophoto systems, times in s from the first sample). All times here are ms from the first sample.
//
// Method
// - Reference: walking bouts [start, end] with IC times and sides ('Left'/'Right'). Per trial the
//   default system is INDIP when it has bouts, else Stereophoto (`defaultReferenceSystem`);
//   either system can be chosen, or their consensus (below).
// - An IC repeating the previous one (same time within 1 ms) counts once. An IC whose time is
//   null (the reference lost that foot) is not counted; an unmatched detection lying inside the
//   span between its known neighbours (bout start/end at the ends), more than the tolerance from
//   both ends, is "unverifiable": neither found nor extra.
// - Candidates: detections within [bout start - 300 ms, bout end + 300 ms] of some bout; the
//   others are not judged here (`detectionsOutsideBouts` lists them for still-period checks).
// - Matching: one-to-one, |detected - reference| <= 100 ms (inclusive), OPTIMAL rather than
//   greedy: the most pairs, then the smallest sum of |error|. On a line an optimal matching never
//   crosses (uncrossing two pairs keeps both inside the tolerance and does not raise the sum), so
//   dynamic programming over the two time-sorted lists is exact. Greedy-by-smallest-error can
//   lose a pair (refs 0 and 150 ms, detections 80 and 230 ms: greedy takes 150-80 first and
//   keeps one pair). All bouts of a trial are matched at once, so a detection in the margin shared
//   by two close bouts is counted once.
// - Figures: referenceCount; found = matched ICs, foundFraction = found / referenceCount;
//   extra = candidates neither matched nor unverifiable, extraFraction = extra / referenceCount
//   (extra steps per reference step); median |error| and median signed error (bias, + = the
//   detection is late), ms; sideAgreement = matched pairs with the same side / matched pairs whose
//   reference side is known (a detected '?' disagrees).
// - Consensus: the INDIP and Stereophoto ICs paired one-to-one by the same optimal matching within
//   50 ms; a consensus IC is the mean time of a pair, with the side when both systems give the
//   same one (else no side check). Bouts are the intersections of the two systems' bouts, and only
//   pairs within 50 ms of them are kept (a bout starts and ends at an IC, so the mean of an end
//   pair can lie just outside the intersection). An IC of either system without a partner is "disputed": an
//   unmatched detection within the tolerance of a disputed IC is unverifiable, not extra.

export type DetectedSide = 'L' | 'R' | '?';

/** a detected initial contact; a replay step record has these fields */
export interface DetectedContact {
  tMs: number;
  side: DetectedSide;
}

export type ReferenceSystemName = 'INDIP' | 'Stereophoto';
export const REFERENCE_SYSTEMS: ReferenceSystemName[] = ['INDIP', 'Stereophoto'];

/** one walking bout of a *.reference.json system; times in s from the first sample */
export interface ReferenceBoutJson {
  start_s: number;
  end_s: number;
  initial_contacts_s: (number | null)[];
  initial_contact_side: (string | null)[];
}

/** a *.reference.json file (fields this module does not read are allowed and ignored) */
export interface ReferenceFileJson {
  systems: { [system in ReferenceSystemName]?: { walking_bouts?: ReferenceBoutJson[] | null } };
}

export interface ReferenceContact {
  tMs: number;
  /** undefined when the reference gives no side (or, in the consensus, two different ones) */
  side: 'L' | 'R' | undefined;
}

export interface ReferenceBout {
  startMs: number;
  endMs: number;
}

/** The reference a trial's detections are judged against, in ms. */
export interface ReferenceWalk {
  /** 'INDIP', 'Stereophoto' or 'consensus' */
  label: string;
  bouts: ReferenceBout[];
  /** time-sorted */
  contacts: ReferenceContact[];
  /** spans around ICs of unknown time: unmatched detections inside them are unverifiable */
  unknownSpans: ReferenceBout[];
  /** reference ICs not counted but not contradicted either (consensus: ICs only one system has) */
  disputedMs: number[];
}

export interface MatchOptions {
  /** largest |detected - reference| of a match, ms */
  toleranceMs: number;
  /** detections this far before a bout's start or after its end are still candidates, ms */
  boutMarginMs: number;
}

export const DEFAULT_MATCH_OPTIONS: MatchOptions = { toleranceMs: 100, boutMarginMs: 300 };

/** the consensus pairs INDIP and Stereophoto ICs this close, ms */
export const DEFAULT_CONSENSUS_AGREEMENT_MS = 50;

export interface IcMatchResult {
  referenceCount: number;
  /** detections inside a bout's window (bout +- boutMarginMs) */
  candidateCount: number;
  foundCount: number;
  extraCount: number;
  unverifiableCount: number;
  /** detected - reference of each matched pair, ms */
  errorsMs: number[];
  /** matched pairs with a known reference side, and those whose detected side is the same */
  sideComparedCount: number;
  sideAgreedCount: number;
  /** foundCount / referenceCount, null without reference ICs */
  foundFraction: number | null;
  /** extraCount / referenceCount, null without reference ICs */
  extraFraction: number | null;
  medianAbsErrorMs: number | null;
  medianErrorMs: number | null;
  sideAgreement: number | null;
}

/** Median; an even count gives the mean of the middle two. Null when empty. */
export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = values.slice().sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function msFromS(seconds: number): number {
  return Math.round(seconds * 1000);
}

function sideLetter(side: string | null | undefined): 'L' | 'R' | undefined {
  return side === 'Left' ? 'L' : side === 'Right' ? 'R' : undefined;
}

function boutCount(file: ReferenceFileJson, system: ReferenceSystemName): number {
  const entry = file.systems[system];
  return entry && entry.walking_bouts ? entry.walking_bouts.length : 0;
}

/** INDIP when it has bouts, else Stereophoto when it has, else undefined (no reference). */
export function defaultReferenceSystem(file: ReferenceFileJson): ReferenceSystemName | undefined {
  for (const system of REFERENCE_SYSTEMS) if (boutCount(file, system) > 0) return system;
  return undefined;
}

/** One system's bouts and ICs in ms; no bouts when the system has none. */
export function referenceWalkFromSystem(file: ReferenceFileJson, system: ReferenceSystemName): ReferenceWalk {
  const walk: ReferenceWalk = { label: system, bouts: [], contacts: [], unknownSpans: [], disputedMs: [] };
  const entry = file.systems[system];
  const bouts = (entry && entry.walking_bouts) || [];
  for (const bout of bouts) {
    const startMs = msFromS(bout.start_s);
    const endMs = msFromS(bout.end_s);
    walk.bouts.push({ startMs: startMs, endMs: endMs });
    const times = bout.initial_contacts_s;
    let previousMs: number | undefined;
    for (let k = 0; k < times.length; k++) {
      const time = times[k];
      if (time === null || time === undefined || !Number.isFinite(time)) {
        walk.unknownSpans.push({ startMs: knownNeighbourMs(times, k, -1, startMs), endMs: knownNeighbourMs(times, k, 1, endMs) });
        continue;
      }
      const tMs = msFromS(time);
      if (previousMs !== undefined && Math.abs(tMs - previousMs) <= 1) continue;
      previousMs = tMs;
      walk.contacts.push({ tMs: tMs, side: sideLetter(bout.initial_contact_side[k]) });
    }
  }
  walk.bouts.sort((a, b) => a.startMs - b.startMs);
  walk.contacts.sort((a, b) => a.tMs - b.tMs);
  return walk;
}

function knownNeighbourMs(times: (number | null)[], k: number, direction: number, fallbackMs: number): number {
  for (let j = k + direction; j >= 0 && j < times.length; j += direction) {
    const time = times[j];
    if (time !== null && time !== undefined && Number.isFinite(time)) return msFromS(time);
  }
  return fallbackMs;
}

/**
 * Optimal one-to-one pairs of two time-sorted lists within `toleranceMs`: most pairs, then the
 * smallest sum of |a - b|. Returns [index in a, index in b] in time order.
 */
export function matchSortedTimes(aMs: number[], bMs: number[], toleranceMs: number): [number, number][] {
  const n = aMs.length;
  const m = bMs.length;
  const width = m + 1;
  // best[i][j]: pairs and cost over a[0..i) and b[0..j); move: 0 skip a, 1 skip b, 2 pair
  const pairs = new Int32Array((n + 1) * width);
  const cost = new Float64Array((n + 1) * width);
  const move = new Uint8Array((n + 1) * width);
  for (let i = 0; i <= n; i++) {
    for (let j = 0; j <= m; j++) {
      if (i === 0 && j === 0) continue;
      const here = i * width + j;
      let bestPairs = -1;
      let bestCost = 0;
      let bestMove = 0;
      if (i > 0) {
        bestPairs = pairs[here - width];
        bestCost = cost[here - width];
        bestMove = 0;
      }
      if (j > 0) {
        const p = pairs[here - 1];
        const c = cost[here - 1];
        if (p > bestPairs || (p === bestPairs && c < bestCost)) {
          bestPairs = p;
          bestCost = c;
          bestMove = 1;
        }
      }
      if (i > 0 && j > 0) {
        const error = Math.abs(aMs[i - 1] - bMs[j - 1]);
        if (error <= toleranceMs) {
          const p = pairs[here - width - 1] + 1;
          const c = cost[here - width - 1] + error;
          if (p > bestPairs || (p === bestPairs && c < bestCost)) {
            bestPairs = p;
            bestCost = c;
            bestMove = 2;
          }
        }
      }
      pairs[here] = bestPairs;
      cost[here] = bestCost;
      move[here] = bestMove;
    }
  }
  const result: [number, number][] = [];
  let i = n;
  let j = m;
  while (i > 0 || j > 0) {
    const step = move[i * width + j];
    if (step === 2) {
      result.push([i - 1, j - 1]);
      i--;
      j--;
    } else if (step === 0) i--;
    else j--;
  }
  return result.reverse();
}

function inAnyBout(tMs: number, bouts: ReferenceBout[], marginMs: number): boolean {
  for (const bout of bouts) if (tMs >= bout.startMs - marginMs && tMs <= bout.endMs + marginMs) return true;
  return false;
}

/** Detections farther than `marginMs` from every bout (walking the reference did not judge). */
export function detectionsOutsideBouts<T extends DetectedContact>(
  detections: T[],
  bouts: ReferenceBout[],
  marginMs: number,
): T[] {
  return detections.filter((detection) => !inAnyBout(detection.tMs, bouts, marginMs));
}

/** The figures derived from the counts and errors (fractions null without a denominator). */
function withFigures(counts: Omit<IcMatchResult, 'foundFraction' | 'extraFraction' | 'medianAbsErrorMs' | 'medianErrorMs' | 'sideAgreement'>): IcMatchResult {
  const reference = counts.referenceCount;
  return {
    ...counts,
    foundFraction: reference > 0 ? counts.foundCount / reference : null,
    extraFraction: reference > 0 ? counts.extraCount / reference : null,
    medianAbsErrorMs: median(counts.errorsMs.map((error) => Math.abs(error))),
    medianErrorMs: median(counts.errorsMs),
    sideAgreement: counts.sideComparedCount > 0 ? counts.sideAgreedCount / counts.sideComparedCount : null,
  };
}

/** Matches detections to the reference ICs of `walk` (see the module header for the method). */
export function matchInitialContacts(
  detections: DetectedContact[],
  walk: ReferenceWalk,
  options: MatchOptions = DEFAULT_MATCH_OPTIONS,
): IcMatchResult {
  const tolerance = options.toleranceMs;
  const candidates = detections
    .filter((detection) => inAnyBout(detection.tMs, walk.bouts, options.boutMarginMs))
    .sort((a, b) => a.tMs - b.tMs);
  const pairs = matchSortedTimes(
    walk.contacts.map((contact) => contact.tMs),
    candidates.map((candidate) => candidate.tMs),
    tolerance,
  );
  const matched = new Uint8Array(candidates.length);
  const errorsMs: number[] = [];
  let sideComparedCount = 0;
  let sideAgreedCount = 0;
  for (const [r, d] of pairs) {
    matched[d] = 1;
    errorsMs.push(candidates[d].tMs - walk.contacts[r].tMs);
    const referenceSide = walk.contacts[r].side;
    if (referenceSide !== undefined) {
      sideComparedCount++;
      if (candidates[d].side === referenceSide) sideAgreedCount++;
    }
  }
  let extraCount = 0;
  let unverifiableCount = 0;
  for (let d = 0; d < candidates.length; d++) {
    if (matched[d]) continue;
    const tMs = candidates[d].tMs;
    const unknown =
      walk.unknownSpans.some((span) => tMs > span.startMs + tolerance && tMs < span.endMs - tolerance) ||
      walk.disputedMs.some((disputedMs) => Math.abs(tMs - disputedMs) <= tolerance);
    if (unknown) unverifiableCount++;
    else extraCount++;
  }
  return withFigures({
    referenceCount: walk.contacts.length,
    candidateCount: candidates.length,
    foundCount: pairs.length,
    extraCount: extraCount,
    unverifiableCount: unverifiableCount,
    errorsMs: errorsMs,
    sideComparedCount: sideComparedCount,
    sideAgreedCount: sideAgreedCount,
  });
}

/** Several trials as one: counts added, errors pooled (the medians are over all pairs). */
export function poolMatchResults(results: IcMatchResult[]): IcMatchResult {
  const pooled = {
    referenceCount: 0,
    candidateCount: 0,
    foundCount: 0,
    extraCount: 0,
    unverifiableCount: 0,
    errorsMs: [] as number[],
    sideComparedCount: 0,
    sideAgreedCount: 0,
  };
  for (const result of results) {
    pooled.referenceCount += result.referenceCount;
    pooled.candidateCount += result.candidateCount;
    pooled.foundCount += result.foundCount;
    pooled.extraCount += result.extraCount;
    pooled.unverifiableCount += result.unverifiableCount;
    pooled.sideComparedCount += result.sideComparedCount;
    pooled.sideAgreedCount += result.sideAgreedCount;
    for (const error of result.errorsMs) pooled.errorsMs.push(error);
  }
  return withFigures(pooled);
}

export interface ConsensusReference {
  walk: ReferenceWalk;
  /** ICs of each system, and how many of them the other system has within the agreement (anywhere) */
  indipCount: number;
  stereophotoCount: number;
  pairedCount: number;
}

/** The ICs INDIP and Stereophoto agree on; undefined unless both systems have bouts. */
export function consensusReference(
  file: ReferenceFileJson,
  agreementMs: number = DEFAULT_CONSENSUS_AGREEMENT_MS,
): ConsensusReference | undefined {
  const indip = referenceWalkFromSystem(file, 'INDIP');
  const stereo = referenceWalkFromSystem(file, 'Stereophoto');
  if (indip.bouts.length === 0 || stereo.bouts.length === 0) return undefined;
  const bouts: ReferenceBout[] = [];
  for (const a of indip.bouts) {
    for (const b of stereo.bouts) {
      const startMs = Math.max(a.startMs, b.startMs);
      const endMs = Math.min(a.endMs, b.endMs);
      if (startMs < endMs) bouts.push({ startMs: startMs, endMs: endMs });
    }
  }
  bouts.sort((a, b) => a.startMs - b.startMs);
  const pairs = matchSortedTimes(
    indip.contacts.map((contact) => contact.tMs),
    stereo.contacts.map((contact) => contact.tMs),
    agreementMs,
  );
  const pairedIndip = new Uint8Array(indip.contacts.length);
  const pairedStereo = new Uint8Array(stereo.contacts.length);
  const contacts: ReferenceContact[] = [];
  for (const [i, s] of pairs) {
    const a = indip.contacts[i];
    const b = stereo.contacts[s];
    const tMs = Math.round((a.tMs + b.tMs) / 2);
    // a bout starts at its first IC, so the mean of a first pair may lie just before the intersection
    if (!inAnyBout(tMs, bouts, agreementMs)) continue;
    pairedIndip[i] = 1;
    pairedStereo[s] = 1;
    contacts.push({ tMs: tMs, side: a.side === b.side ? a.side : undefined });
  }
  const disputedMs: number[] = [];
  indip.contacts.forEach((contact, i) => {
    if (!pairedIndip[i]) disputedMs.push(contact.tMs);
  });
  stereo.contacts.forEach((contact, s) => {
    if (!pairedStereo[s]) disputedMs.push(contact.tMs);
  });
  return {
    walk: {
      label: 'consensus',
      bouts: bouts,
      contacts: contacts,
      unknownSpans: indip.unknownSpans.concat(stereo.unknownSpans),
      disputedMs: disputedMs.sort((a, b) => a - b),
    },
    indipCount: indip.contacts.length,
    stereophotoCount: stereo.contacts.length,
    pairedCount: pairs.length,
  };
}
