import { expect } from 'chai';
import { DEFAULT_PIPELINE_SETTINGS, pipelineInit } from '../../../firmware/core/pipeline';
import {
  KIND_RUNNING, KIND_WALKING, SIDE_LEFT, SIDE_RIGHT, SIDE_UNKNOWN, STEP_SATURATED, StepRecord, stepRecordClearLoadMetrics, stepRecordCreate,
} from '../../../firmware/core/stepRecord';
import { QUALITY_BALANCE, QUALITY_CADENCE, QUALITY_VERTICAL_RATIO, QUALITY_WALKING_CADENCE, SummaryRecord } from '../../../firmware/core/summaryRecord';
import { windowAddStep, windowEmit } from '../../../firmware/core/windowSummary';

/** one window built from the given running steps, as the step detector would hand them over */
function summaryOf(steps: Array<Partial<StepRecord>>, runningSpeedMms = 0): SummaryRecord {
  const summaries: SummaryRecord[] = [];
  const st = pipelineInit({ ...DEFAULT_PIPELINE_SETTINGS, runningSpeedMms }, { step: () => undefined, summary: (s) => summaries.push({ ...s }) });
  for (const fields of steps) {
    const rec = stepRecordCreate();
    Object.assign(rec, { kind: KIND_RUNNING, contactMs: 240, voMm: 80, impactMg: 2500, dropCdeg: 500 }, fields);
    if (rec.quality & STEP_SATURATED) stepRecordClearLoadMetrics(rec);
    windowAddStep(st, rec);
  }
  windowEmit(st, st.windowStartIndex + st.windowSamples);
  return summaries[0];
}

const repeat = (count: number, fields: Partial<StepRecord>): Array<Partial<StepRecord>> => Array.from({ length: count }, () => fields);

describe('window summary', () => {
  it('leaves steps of unknown side out of both sides of the balance, and counts them for cadence', () => {
    // left and right alike at 350 ms; six unsided steps of 400 ms would pull one side's median to 375
    const summary = summaryOf([
      ...repeat(6, { side: SIDE_LEFT, stepMs: 350, contactMs: 240, dropCdeg: 500 }),
      ...repeat(6, { side: SIDE_RIGHT, stepMs: 350, contactMs: 240, dropCdeg: 500 }),
      ...repeat(6, { side: SIDE_UNKNOWN, stepMs: 400, contactMs: 300, dropCdeg: 900 }),
    ]);
    expect(summary.stepBalanceLeftPct100).to.equal(5000);
    expect(summary.gctBalanceLeftPct100).to.equal(5000);
    expect(summary.dropBalanceLeftPct100).to.equal(5000);
    expect(summary.dropLeftCdeg).to.equal(500);
    expect(summary.dropRightCdeg).to.equal(500);
    // all 18 steps time the cadence: strides of 11 x 700, 750 and 5 x 800 ms; the 800s are more than
    // 12.5 % from the median stride (700), and as many 700s go from the other end: 7 strides in
    // 4950 ms, 169.7 (171 without the unsided steps)
    expect(summary.cadenceSpm).to.equal(170);
    expect(summary.runningSteps).to.equal(18);
  });

  it('gives no balance when only one side is known: the unsided steps do not stand in for the other', () => {
    const summary = summaryOf([...repeat(6, { side: SIDE_LEFT, stepMs: 350 }), ...repeat(6, { side: SIDE_UNKNOWN, stepMs: 400 })]);
    expect(summary.stepBalanceLeftPct100).to.equal(0);
    expect(summary.gctBalanceLeftPct100).to.equal(0);
    expect(summary.dropBalanceLeftPct100).to.equal(0);
    expect(summary.quality & QUALITY_BALANCE).to.equal(0);
  });

  it('times the cadence with saturated steps too, and keeps their load metrics out', () => {
    // every impact clipped: the contacts still time each step
    const clipped = summaryOf(repeat(16, { side: SIDE_LEFT, stepMs: 375, quality: STEP_SATURATED }).map((s, i) => ({ ...s, side: i % 2 })));
    expect(clipped.saturatedSteps).to.equal(16);
    expect(clipped.cadenceSpm).to.equal(160);
    expect(clipped.stepBalanceLeftPct100).to.equal(5000);
    expect(clipped.voMm).to.equal(0);
    expect(clipped.impactMg).to.equal(0);
    expect(clipped.contactMs).to.equal(0);
  });

  it('gives an asymmetric gait the cadence of its strides: 330 ms left and 420 ms right steps run at 160 steps/min', () => {
    const steps = Array.from({ length: 26 }, (_, i) => ({ side: i % 2, stepMs: i % 2 === 0 ? 330 : 420 }));
    const summary = summaryOf(steps);
    // the median step time would be 330 or 420 ms (182 or 143 steps/min) by which side came last
    expect(summary.cadenceSpm).to.equal(160);
    expect(summary.quality & QUALITY_CADENCE).to.equal(QUALITY_CADENCE);
    expect(summary.stepBalanceLeftPct100).to.equal(4400); // 330 / 750
  });

  it('times walking the same way: 560 and 680 ms walking steps give 97 steps/min (1240 ms strides)', () => {
    const steps = Array.from({ length: 16 }, (_, i) => ({ kind: KIND_WALKING, side: i % 2, stepMs: i % 2 === 0 ? 560 : 680 }));
    const summary = summaryOf(steps);
    expect(summary.walkingCadenceSpm).to.equal(97);
    expect(summary.quality & QUALITY_WALKING_CADENCE).to.equal(QUALITY_WALKING_CADENCE);
    expect(summary.cadenceSpm).to.equal(0);
  });

  it('moves the cadence by at most 1 spm for one missed step anywhere in a window of alternating 365 and 385 ms steps', () => {
    const steady = Array.from({ length: 26 }, (_, i) => ({ side: i % 2, stepMs: i % 2 === 0 ? 365 : 385 }));
    expect(summaryOf(steady).cadenceSpm).to.equal(160);
    for (let i = 0; i + 1 < steady.length; i++) {
      // the detector missed contact i + 1: step i + 2 is timed from contact i
      const missed = [...steady.slice(0, i), { side: steady[i].side, stepMs: 750 }, ...steady.slice(i + 2)];
      expect(Math.abs(summaryOf(missed).cadenceSpm - 160), `missed after step ${i}`).to.be.at.most(1);
    }
  });

  it('takes the step length for the vertical ratio as the speed over the step rate', () => {
    // 3 m/s at 160 steps/min: 1125 mm a step; VO 80 mm is 7.11 %
    const summary = summaryOf(Array.from({ length: 26 }, (_, i) => ({ side: i % 2, stepMs: i % 2 === 0 ? 365 : 385 })), 3000);
    expect(summary.verticalRatioPct100).to.equal(711);
    expect(summary.quality & QUALITY_VERTICAL_RATIO).to.equal(QUALITY_VERTICAL_RATIO);
  });
});
