import { expect } from 'chai';
import { KIND_RUNNING, SIDE_LEFT } from '../../../firmware/core/stepRecord';
import { StepMessage } from '../../../host-tools/web/liveSession';
import { StepPlotColumns } from '../../../host-tools/web/livePlotColumns';

function step(index: number, tMs: number, cadenceSpm: number): StepMessage {
  return {
    type: 'step', version: 2, seq: index, deviceTimeMs: tMs, index, tMs, side: SIDE_LEFT, kind: KIND_RUNNING, stepMs: 350, cadenceSpm,
    contactMs: 250, flightMs: 100, voMm: 70, impactMg: 2000, impactAxialMg: 2000, impactShearMg: 600, vgrfBw100: 210, brakingMms: 300,
    brakingPeakMg: 500, dropCdeg: 560, rotationCdeg: 1220, tiltRangeCdeg: 470, leanCdeg: 490, quality: 0,
  };
}

describe('dashboard: the columns of a live plot', () => {
  it('keeps steps in time order, oldest dropped past the steps kept', () => {
    const c = new StepPlotColumns(1, 3);
    for (let i = 1; i <= 4; i++) c.add(step(i, i * 350, 171), [171]);
    expect(c.data).to.deep.equal([[0.7, 1.05, 1.4], [171, 171, 171]]);
  });

  it('breaks the lines where steps were missed, halfway into the hole', () => {
    const c = new StepPlotColumns(1, 10);
    c.add(step(1, 1000, 170), [170]);
    c.add(step(5, 3000, 172), [172]);
    expect(c.data).to.deep.equal([[1, 2, 3], [170, null, 172]]);
  });

  it('starts afresh when the pod starts a new recording (restart, or its button), its step count and clock from 0 again', () => {
    // uPlot looks for what is in view by searching x as sorted: the new recording's steps after
    // the old one's were never drawn, the plot stayed on the old run at 178 spm while the runner ran at 150
    const c = new StepPlotColumns(1, 10);
    c.add(step(100, 40000, 178), [178]);
    c.add(step(101, 40340, 178), [178]);
    c.add(step(1, 1200, 150), [150]);
    c.add(step(2, 1600, 150), [150]);
    expect(c.data).to.deep.equal([[1.2, 1.6], [150, 150]]);
  });
});
