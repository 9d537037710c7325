// The forward direction running shows: braking comes before propulsion in every stance, so a pod
// worn turned round is found by the vote of its first steps, and what was measured before turns.
import { expect } from 'chai';
import { PUCKJS2_BOARD } from '../../../boards/puckjs2';
import { LEAN_TYPICAL_CDEG } from '../../../firmware/core/coreState';
import { mountingApVote } from '../../../firmware/core/mountingFromRunning';
import { DEFAULT_PIPELINE_SETTINGS, pipelineInit } from '../../../firmware/core/pipeline';

describe('mounting from running: the forward direction', () => {
  const stanceSamples = 30;
  /** a detector state whose AP ring holds one stance at [0, 30): propulsion first (forward reads backward), as a pod worn turned round gives */
  function stateWithTurnedStance() {
    const st = pipelineInit({ ...DEFAULT_PIPELINE_SETTINGS, scale: PUCKJS2_BOARD.scale, axisMap: PUCKJS2_BOARD.axisMap }, { step: () => undefined, summary: () => undefined });
    for (let i = 0; i < stanceSamples; i++) st.accApRing[i] = i < stanceSamples / 2 ? 150 : -150;
    return st;
  }

  it('turns the pod round when 2 of 3 votes or more say so, and the recent lean, measured with the wrong sign, starts from the typical lean again', () => {
    const st = stateWithTurnedStance();
    // five steps voted, four of them turned: the runner's recent lean was taken from steps 4 and 5
    st.apVotes = 5;
    st.apVotesReversed = 4;
    st.leanRecentCdeg = -180;
    st.leanCdeg = -520;
    const ringBefore = Array.from(st.accApRing.subarray(0, stanceSamples));
    mountingApVote(st, 0, stanceSamples);
    expect(st.apDecided).to.equal(1);
    expect(st.apSign).to.equal(-1);
    expect(st.leanCdeg).to.equal(520);
    expect(Array.from(st.accApRing.subarray(0, stanceSamples))).to.deep.equal(ringBefore.map((v) => -v));
    expect(st.leanRecentCdeg).to.equal(LEAN_TYPICAL_CDEG);
  });

  it('keeps the mounting and the recent lean while the votes are not yet clear', () => {
    const st = stateWithTurnedStance();
    st.apVotes = 4;
    st.apVotesReversed = 2;
    st.leanRecentCdeg = 430;
    mountingApVote(st, 0, stanceSamples);
    expect([st.apDecided, st.apSign, st.apVotes, st.apVotesReversed]).to.deep.equal([0, 1, 5, 3]);
    expect(st.leanRecentCdeg).to.equal(430);
  });
});
