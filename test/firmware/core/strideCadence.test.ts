import { expect } from 'chai';
import { KIND_RUNNING, KIND_WALKING, stepRecordCreate } from '../../../firmware/core/stepRecord';
import { stepRecordTimed, strideCadenceSpm } from '../../../firmware/core/strideCadence';

/** the reference in floats: strides, the band around the upper middle one, as many cut at each end, steps over their time */
function referenceCadence(stepsMs: number[]): number {
  if (stepsMs.length === 0) return 0;
  if (stepsMs.length === 1) return Math.round(60000 / stepsMs[0]);
  const strides = stepsMs.slice(1).map((ms, i) => stepsMs[i] + ms).sort((a, b) => a - b);
  const median = strides[strides.length >> 1];
  const band = Math.floor(median / 8);
  const below = strides.filter((ms) => ms < median - band).length;
  const above = strides.filter((ms) => ms > median + band).length;
  const cut = Math.min(Math.max(below, above), (strides.length - 1) >> 1);
  const kept = strides.slice(cut, strides.length - cut);
  return Math.round((120000 * kept.length) / kept.reduce((sum, ms) => sum + ms, 0));
}

function cadenceOf(stepsMs: number[]): number {
  return strideCadenceSpm(Int16Array.from(stepsMs), stepsMs.length);
}

function alternating(count: number, firstMs: number, secondMs: number): number[] {
  return Array.from({ length: count }, (_, i) => (i % 2 === 0 ? firstMs : secondMs));
}

describe('strideCadenceSpm', () => {
  it('gives the true cadence when step times alternate around it (365 and 385 ms: 160, where their median gives 160 or 164)', () => {
    expect(cadenceOf(alternating(26, 365, 385))).to.equal(160);
    expect(cadenceOf(alternating(27, 365, 385))).to.equal(160);
    expect(cadenceOf(alternating(27, 385, 365))).to.equal(160);
  });

  it('gives an asymmetric gait its stride cadence: 330 and 420 ms steps make 750 ms strides, 160 steps/min', () => {
    expect(cadenceOf(alternating(25, 330, 420))).to.equal(160);
    // walking with a limp: 560 and 680 ms, 1240 ms strides
    expect(cadenceOf(alternating(16, 560, 680))).to.equal(Math.round(120000 / 1240));
  });

  it('moves by at most 1 spm for one missed step (two step times joined) or one extra step (one split) anywhere in a window', () => {
    const steady = alternating(26, 365, 385);
    for (let i = 0; i + 1 < steady.length; i++) {
      const missed = [...steady.slice(0, i), steady[i] + steady[i + 1], ...steady.slice(i + 2)];
      expect(Math.abs(cadenceOf(missed) - 160), `missed at ${i}`).to.be.at.most(1);
    }
    for (let i = 0; i < steady.length; i++) {
      const first = Math.round(steady[i] * 0.45);
      const extra = [...steady.slice(0, i), first, steady[i] - first, ...steady.slice(i + 1)];
      expect(Math.abs(cadenceOf(extra) - 160), `extra at ${i}`).to.be.at.most(1);
    }
  });

  it('keeps or drops together the short and the long stride that one contact timed early makes', () => {
    // steady 580 ms steps, one contact 100 ms early: strides 1160 x n, then 1060, 1160, 1260
    const steps = [580, 580, 580, 480, 680, 580, 580];
    // strides 1160 1160 1060 1160 1260 1160: median 1160, band 145: all kept, 6960 ms for 12 steps
    expect(cadenceOf(steps)).to.equal(Math.round((120000 * 6) / 6960));
    const wider = [580, 580, 580, 420, 740, 580, 580];
    // strides 1160 1160 1000 1160 1320 1160: 1000 and 1320 both left out, not only the one past the edge
    expect(cadenceOf(wider)).to.equal(Math.round(120000 / 1160));
  });

  it('gives one step its own cadence and no step 0, and reads no further than count', () => {
    expect(cadenceOf([375])).to.equal(160);
    expect(cadenceOf([])).to.equal(0);
    const values = Int16Array.from([375, 375, 375, 999]);
    expect(strideCadenceSpm(values, 3)).to.equal(160);
    expect(values[3]).to.equal(999);
  });

  it('keeps the middle strides when the band holds only the median: an even count of two clusters', () => {
    // strides 700, 700, 1400, 1400: median (upper middle) 1400, band 175: both 700s below it, cut at
    // most one from each end; the two middle strides, 700 and 1400, count
    expect(cadenceOf([350, 350, 350, 1050, 350])).to.equal(Math.round((120000 * 2) / 2100));
  });

  it('matches the float reference exactly for random windows of 1..64 step times, with outliers', () => {
    let seed = 11;
    const random = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed / 0x80000000;
    };
    for (let trial = 0; trial < 2000; trial++) {
      const count = 1 + Math.floor(random() * 64);
      const baseMs = 250 + Math.floor(random() * 900);
      const steps: number[] = [];
      for (let i = 0; i < count; i++) {
        const odd = random();
        steps.push(Math.max(1, Math.round(baseMs * (odd < 0.05 ? 2 : odd < 0.1 ? 0.5 : 0.9 + 0.2 * random()) + (i % 2 ? 15 : -15))));
      }
      expect(cadenceOf(steps), steps.join(' ')).to.equal(referenceCadence(steps));
    }
  });
});

describe('stepRecordTimed', () => {
  /** the cadence a step of stepMs gets after a step of previousMs of kind previousKind (the record core keeps) */
  const cadenceAfter = (stepMs: number, previousMs: number, previousKind = KIND_RUNNING, kind = KIND_RUNNING) => {
    const rec = stepRecordCreate();
    stepRecordTimed(rec, previousKind, previousMs);
    stepRecordTimed(rec, kind, stepMs);
    expect([rec.kind, rec.stepMs]).to.deep.equal([kind, stepMs]);
    return rec.cadenceSpm;
  };

  it('gives each step of 389 and 361 ms by turns the stride cadence, 160, where its own time gives 154 or 166', () => {
    expect(cadenceAfter(389, 361)).to.equal(160);
    expect(cadenceAfter(361, 389)).to.equal(160);
    expect(Math.round(60000 / 389)).to.equal(154);
  });

  it('gives the first step timed after a stop, or after a step of the other kind, its own cadence, and an untimed step 0', () => {
    expect(cadenceAfter(375, 0)).to.equal(160);
    expect(cadenceAfter(353, 0)).to.equal(Math.round(60000 / 353));
    expect(cadenceAfter(353, 550, KIND_WALKING)).to.equal(Math.round(60000 / 353));
    expect(cadenceAfter(560, 340, KIND_RUNNING, KIND_WALKING)).to.equal(Math.round(60000 / 560));
    expect(cadenceAfter(0, 375)).to.equal(0);
    expect(cadenceAfter(0, 0)).to.equal(0);
  });

  it('rounds to the nearest step per minute over the stride, walking as running', () => {
    for (const [stepMs, previousMs] of [[300, 301], [545, 560], [1100, 1099], [250, 251]]) {
      expect(cadenceAfter(stepMs, previousMs), `${stepMs} after ${previousMs}`).to.equal(Math.round(120000 / (stepMs + previousMs)));
      expect(cadenceAfter(stepMs, previousMs, KIND_WALKING, KIND_WALKING)).to.equal(Math.round(120000 / (stepMs + previousMs)));
    }
  });
});
