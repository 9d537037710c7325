import { expect } from 'chai';
import {
  DetectedContact,
  ReferenceFileJson,
  ReferenceWalk,
  consensusReference,
  defaultReferenceSystem,
  detectionsOutsideBouts,
  matchInitialContacts,
  matchSortedTimes,
  median,
  poolMatchResults,
  referenceWalkFromSystem,
} from '../../../host-tools/accuracy/initialContactMatching';

/** one bout [startMs, endMs] with the given ICs (ms) alternating Left, Right, ... */
function walk(startMs: number, endMs: number, contactsMs: number[]): ReferenceWalk {
  return {
    label: 'test',
    bouts: [{ startMs: startMs, endMs: endMs }],
    contacts: contactsMs.map((tMs, k) => ({ tMs: tMs, side: k % 2 === 0 ? 'L' : 'R' })),
    unknownSpans: [],
    disputedMs: [],
  };
}

function detected(timesMs: number[], sides?: string): DetectedContact[] {
  return timesMs.map((tMs, k) => ({ tMs: tMs, side: sides ? (sides[k] as 'L' | 'R' | '?') : k % 2 === 0 ? 'L' : 'R' }));
}

function bout(startS: number, endS: number, contactsS: (number | null)[], sides?: (string | null)[]) {
  return {
    start_s: startS,
    end_s: endS,
    initial_contacts_s: contactsS,
    initial_contact_side: sides || contactsS.map((_, k) => (k % 2 === 0 ? 'Left' : 'Right')),
  };
}

describe('initialContactMatching', () => {
  it('matches each reference contact to one detection and reports the timing errors', () => {
    const result = matchInitialContacts(detected([1010, 1480, 2060, 2500]), walk(1000, 2500, [1000, 1500, 2000, 2500]));
    expect(result.referenceCount).to.equal(4);
    expect(result.foundCount).to.equal(4);
    expect(result.foundFraction).to.equal(1);
    expect(result.extraCount).to.equal(0);
    expect(result.errorsMs).to.deep.equal([10, -20, 60, 0]);
    expect(result.medianAbsErrorMs).to.equal(15);
    expect(result.medianErrorMs).to.equal(5);
    expect(result.sideAgreement).to.equal(1);
  });

  it('gives a detection to one reference contact only: the second near one is extra', () => {
    const result = matchInitialContacts(detected([1000, 1030, 1500]), walk(1000, 1500, [1000, 1500]));
    expect(result.foundCount).to.equal(2);
    expect(result.extraCount).to.equal(1);
    expect(result.extraFraction).to.equal(0.5);
    expect(result.errorsMs).to.deep.equal([0, 0]);
  });

  it('gives a reference contact one detection only: two contacts near one detection find one', () => {
    const result = matchInitialContacts(detected([1040]), walk(1000, 1100, [1000, 1100]));
    expect(result.foundCount).to.equal(1);
    expect(result.errorsMs).to.deep.equal([40]);
  });

  it('matches at exactly 100 ms either way and not at 101 ms', () => {
    const inside = matchInitialContacts(detected([900, 2100]), walk(1000, 2000, [1000, 2000]));
    expect(inside.foundCount).to.equal(2);
    expect(inside.errorsMs).to.deep.equal([-100, 100]);
    const outside = matchInitialContacts(detected([899, 2101]), walk(1000, 2000, [1000, 2000]));
    expect(outside.foundCount).to.equal(0);
    expect(outside.extraCount).to.equal(2);
  });

  it('takes detections up to 300 ms outside a bout as candidates and ignores those farther out', () => {
    const reference = walk(1000, 2000, [1000, 2000]);
    const edges = matchInitialContacts(detected([700, 1000, 2000, 2300]), reference);
    expect(edges.candidateCount).to.equal(4);
    expect(edges.extraCount).to.equal(2);
    const beyond = matchInitialContacts(detected([200, 699, 1000, 2000, 2301, 5000]), reference);
    expect(beyond.candidateCount).to.equal(2);
    expect(beyond.extraCount).to.equal(0);
    expect(beyond.foundFraction).to.equal(1);
  });

  it('finds the most pairs where matching the smallest error first would lose one', () => {
    // greedy by error pairs 150-80 (70 ms) first and leaves 0 and 230 without partners
    const result = matchInitialContacts(detected([80, 230]), walk(0, 150, [0, 150]));
    expect(result.foundCount).to.equal(2);
    expect(result.errorsMs).to.deep.equal([80, 80]);
    expect(matchSortedTimes([0, 150], [80, 230], 100)).to.deep.equal([[0, 0], [1, 1]]);
  });

  it('prefers the smaller total error among matchings with as many pairs', () => {
    expect(matchSortedTimes([1000], [950, 1020], 100)).to.deep.equal([[0, 1]]);
    expect(matchSortedTimes([1000, 1600], [1050, 1590, 1700], 100)).to.deep.equal([[0, 0], [1, 1]]);
  });

  it('counts side agreement on matched contacts only, a "?" side as a disagreement', () => {
    const reference = walk(1000, 2500, [1000, 1500, 2000, 2500]);
    const result = matchInitialContacts(detected([1000, 1500, 2000, 2500, 2700], 'LRR?L'), reference);
    expect(result.sideComparedCount).to.equal(4);
    expect(result.sideAgreedCount).to.equal(2);
    expect(result.sideAgreement).to.equal(0.5);
    const none = matchInitialContacts([], reference);
    expect(none.sideAgreement).to.equal(null);
    expect(none.medianAbsErrorMs).to.equal(null);
    expect(none.foundFraction).to.equal(0);
  });

  it('returns null fractions for a reference without contacts', () => {
    const result = matchInitialContacts(detected([1000]), walk(1000, 2000, []));
    expect(result.foundFraction).to.equal(null);
    expect(result.extraFraction).to.equal(null);
    expect(result.extraCount).to.equal(1);
  });

  it('reads a reference file: seconds to ms, sides to L/R, repeated contacts once, bouts in time order', () => {
    const file: ReferenceFileJson = {
      systems: {
        INDIP: { walking_bouts: [bout(10, 11, [10, 10.5, 11]), bout(2, 3.5, [2, 2.5, 2.5, 3], ['Right', 'Left', 'Left', 'Right'])] },
      },
    };
    const reference = referenceWalkFromSystem(file, 'INDIP');
    expect(reference.bouts).to.deep.equal([{ startMs: 2000, endMs: 3500 }, { startMs: 10000, endMs: 11000 }]);
    expect(reference.contacts).to.deep.equal([
      { tMs: 2000, side: 'R' }, { tMs: 2500, side: 'L' }, { tMs: 3000, side: 'R' },
      { tMs: 10000, side: 'L' }, { tMs: 10500, side: 'R' }, { tMs: 11000, side: 'L' },
    ]);
    expect(referenceWalkFromSystem(file, 'Stereophoto').bouts).to.deep.equal([]);
  });

  it('neither counts nor blames detections where the reference lost a contact (null time)', () => {
    const file: ReferenceFileJson = { systems: { INDIP: { walking_bouts: [bout(1, 3, [1, 1.5, null, null, 3])] } } };
    const reference = referenceWalkFromSystem(file, 'INDIP');
    expect(reference.contacts.map((contact) => contact.tMs)).to.deep.equal([1000, 1500, 3000]);
    expect(reference.unknownSpans).to.deep.equal([{ startMs: 1500, endMs: 3000 }, { startMs: 1500, endMs: 3000 }]);
    const result = matchInitialContacts(detected([1000, 1500, 2000, 2500, 3000]), reference);
    expect(result.referenceCount).to.equal(3);
    expect(result.foundCount).to.equal(3);
    expect(result.unverifiableCount).to.equal(2);
    expect(result.extraCount).to.equal(0);
  });

  it('chooses INDIP when it has bouts, else Stereophoto, else nothing', () => {
    const both: ReferenceFileJson = {
      systems: { INDIP: { walking_bouts: [bout(1, 2, [1, 2])] }, Stereophoto: { walking_bouts: [bout(1, 2, [1, 2])] } },
    };
    const stereoOnly: ReferenceFileJson = {
      systems: { INDIP: { walking_bouts: [] }, Stereophoto: { walking_bouts: [bout(1, 2, [1, 2])] } },
    };
    expect(defaultReferenceSystem(both)).to.equal('INDIP');
    expect(defaultReferenceSystem(stereoOnly)).to.equal('Stereophoto');
    expect(defaultReferenceSystem({ systems: { INDIP: { walking_bouts: [] } } })).to.equal(undefined);
  });

  it('keeps as consensus the contacts both systems place within 50 ms, at their mean time', () => {
    const file: ReferenceFileJson = {
      systems: {
        INDIP: { walking_bouts: [bout(1.0, 3.0, [1.0, 1.5, 2.2, 2.5, 3.0], ['Left', 'Right', 'Left', 'Right', 'Left'])] },
        Stereophoto: { walking_bouts: [bout(0.96, 2.9, [0.96, 1.52, 2.0, 2.52, 2.9], ['Left', 'Right', 'Left', 'Left', 'Right'])] },
      },
    };
    const consensus = consensusReference(file);
    expect(consensus).to.not.equal(undefined);
    if (consensus === undefined) return;
    expect(consensus.pairedCount).to.equal(3);
    expect(consensus.indipCount).to.equal(5);
    expect(consensus.stereophotoCount).to.equal(5);
    expect(consensus.walk.bouts).to.deep.equal([{ startMs: 1000, endMs: 2900 }]);
    // the first pair's mean (980 ms) lies just before the intersection of the bouts and is kept
    expect(consensus.walk.contacts).to.deep.equal([
      { tMs: 980, side: 'L' }, { tMs: 1510, side: 'R' }, { tMs: 2510, side: undefined },
    ]);
    expect(consensus.walk.disputedMs).to.deep.equal([2000, 2200, 2900, 3000]);
    // a detection at a contact only one system has is unverifiable, one far from all is extra
    const result = matchInitialContacts(detected([980, 1510, 2190, 2510, 2750], 'LRLLL'), consensus.walk);
    expect(result.foundCount).to.equal(3);
    expect(result.unverifiableCount).to.equal(1);
    expect(result.extraCount).to.equal(1);
    expect(result.sideComparedCount).to.equal(2);
    expect(consensusReference({ systems: { INDIP: { walking_bouts: [bout(1, 2, [1, 2])] } } })).to.equal(undefined);
  });

  it('pools trials by adding counts and taking medians over all pairs', () => {
    const a = matchInitialContacts(detected([1010, 1520]), walk(1000, 1500, [1000, 1500]));
    const b = matchInitialContacts(detected([1090, 1300]), walk(1000, 1000, [1000]));
    const pooled = poolMatchResults([a, b]);
    expect(pooled.referenceCount).to.equal(3);
    expect(pooled.foundCount).to.equal(3);
    expect(pooled.extraCount).to.equal(1);
    expect(pooled.errorsMs).to.deep.equal([10, 20, 90]);
    expect(pooled.medianAbsErrorMs).to.equal(20);
    expect(pooled.extraFraction).to.equal(1 / 3);
  });

  it('lists the detections farther than the margin from every bout', () => {
    const outside = detectionsOutsideBouts(detected([0, 500, 1000, 3000, 3999, 4001]), [{ startMs: 1000, endMs: 3000 }], 1000);
    expect(outside.map((detection) => detection.tMs)).to.deep.equal([4001]);
  });

  it('takes the median of an even count as the mean of the middle two', () => {
    expect(median([40, 10, 30, 20])).to.equal(25);
    expect(median([3])).to.equal(3);
    expect(median([])).to.equal(null);
  });
});
