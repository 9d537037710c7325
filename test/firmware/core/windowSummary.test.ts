import { expect } from 'chai';
import { DEFAULT_PIPELINE_SETTINGS, pipelineInit } from '../../../firmware/core/pipeline';
import {
  KIND_RUNNING, SIDE_LEFT, SIDE_RIGHT, SIDE_UNKNOWN, STEP_SATURATED, StepRecord, stepRecordClearLoadMetrics, stepRecordCreate,
} from '../../../firmware/core/stepRecord';
import { QUALITY_BALANCE, SummaryRecord } from '../../../firmware/core/summaryRecord';
import { windowAddStep, windowEmit } from '../../../firmware/core/windowSummary';

/** one window built from the given running steps, as the step detector would hand them over */
function summaryOf(steps: Array<Partial<StepRecord>>): SummaryRecord {
  const summaries: SummaryRecord[] = [];
  const st = pipelineInit({ ...DEFAULT_PIPELINE_SETTINGS }, { step: () => undefined, summary: (s) => summaries.push({ ...s }) });
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
    // all 18 steps time the cadence: median of 12 x 350 and 6 x 400 is 350 ms
    expect(summary.cadenceSpm).to.equal(171);
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
});
