// The mounting as running shows it: which way is forward (braking comes before propulsion
// in every stance), and, when the runner never stood still, gravity from the mean force
// over whole steps.
import { CoreState, LEAN_TYPICAL_CDEG } from './coreState';
import { isqrt } from './isqrt';
import { mountingRebuild } from './mountingCalibration';
import { ONE_Q14 } from './mountingMatrix';
import { podFrameMatricesUpdate } from './podFrame';
import { ringSum } from './ringStats';

/** running steps that must agree before the mounting's forward direction is settled; past
 * twice as many a two-thirds majority settles it */
const AP_VOTE_STEPS = 3;
/** running steps whose mean specific force refines a mounting found without standing still */
const REFINE_STEPS = 8;
/** cos(3 deg) in Q14: a smaller disagreement with V is not worth a rebuild */
const REFINE_COS_Q14 = 16362;

/** braking before propulsion: AP force weighted by time from mid-stance sums positive when AP is forward */
export function mountingApVote(st: CoreState, stanceStart: number, stanceEnd: number): void {
  let weighted = 0;
  const centreTwice = stanceStart + stanceEnd - 1;
  for (let index = stanceStart; index < stanceEnd; index++) {
    weighted += st.accApRing[index & st.cycleRingMask] * (2 * index - centreTwice); // < 2^15 x 2^9 x 2^8 samples
  }
  st.apVotes++;
  if (weighted < 0) st.apVotesReversed++;
  const votes = st.apVotes;
  const reversed = st.apVotesReversed;
  if (votes < AP_VOTE_STEPS) return;
  if (reversed === votes || (votes >= AP_VOTE_STEPS * 2 && reversed * 3 > votes * 2)) {
    mountingReverse(st);
    st.apDecided = 1;
  } else if (reversed === 0 || (votes >= AP_VOTE_STEPS * 2 && reversed * 3 < votes)) {
    st.apDecided = 1;
  } else if (votes >= AP_VOTE_STEPS * 6) {
    st.apVotes = 0;
    st.apVotesReversed = 0;
  }
}

/**
 * Worn turned 180 degrees about V: AP and ML change sign, and with them roll and pitch. The
 * history in the rings turns too, so strides that span the correction stay consistent.
 */
function mountingReverse(st: CoreState): void {
  st.apSign = -st.apSign;
  const m = st.mountingQ14;
  for (let i = 3; i < 9; i++) m[i] = -m[i];
  st.rollSumCdps = -st.rollSumCdps;
  st.pitchSumCdps = -st.pitchSumCdps;
  st.leanCdeg = -st.leanCdeg;
  // a new upright under test: its shift and the leans summed for the test turn with lean
  st.relevelShiftCdeg = -st.relevelShiftCdeg;
  st.relevelLeanSumCdeg = -st.relevelLeanSumCdeg;
  // The runner's recent lean, which a later stop's test compares with, was taken from steps of
  // the wrong sign, mixed with the typical lean it started from in unknown parts: it starts from
  // the typical lean again.
  st.leanRecentCdeg = LEAN_TYPICAL_CDEG;
  st.rollRatePreviousCdps = -st.rollRatePreviousCdps;
  st.pitchRatePreviousCdps = -st.pitchRatePreviousCdps;
  for (let i = 0; i < st.cycleRingSize; i++) {
    st.accApRing[i] = -st.accApRing[i];
    st.accMlRing[i] = -st.accMlRing[i];
    st.rollRing[i] = -st.rollRing[i];
    st.pitchRing[i] = -st.pitchRing[i];
  }
  podFrameMatricesUpdate(st);
}

/** without a standing calibration, the mean force over running steps stands in for gravity */
export function mountingRefine(st: CoreState, cycleStart: number, stanceEnd: number): void {
  const n = stanceEnd - cycleStart;
  const mask = st.cycleRingMask;
  const sums = st.refineSum;
  sums[0] += (ringSum(st.accVRing, mask, cycleStart, stanceEnd) / n) | 0;
  sums[1] += (ringSum(st.accApRing, mask, cycleStart, stanceEnd) / n) | 0;
  sums[2] += (ringSum(st.accMlRing, mask, cycleStart, stanceEnd) / n) | 0;
  if (++st.refineSteps < REFINE_STEPS) return;
  const v = (sums[0] / REFINE_STEPS) | 0;
  const ap = (sums[1] / REFINE_STEPS) | 0;
  const ml = (sums[2] / REFINE_STEPS) | 0;
  sums[0] = 0;
  sums[1] = 0;
  sums[2] = 0;
  st.refineSteps = 0;
  const m = st.mountingQ14;
  // |v, ap, ml| < 2^12 mg: the squares and Q14 products stay < 2^27
  const norm = isqrt(v * v + ap * ap + ml * ml);
  if (v <= 0 || ((v * ONE_Q14) / norm | 0) > REFINE_COS_Q14) return;
  // back to sensor axes with the transpose (rows are orthonormal): mg x Q14 < 2^27 per term
  const gravX = (m[0] * v + m[3] * ap + m[6] * ml) >> 14;
  const gravY = (m[1] * v + m[4] * ap + m[7] * ml) >> 14;
  const gravZ = (m[2] * v + m[5] * ap + m[8] * ml) >> 14;
  mountingRebuild(st, gravX, gravY, gravZ);
}

