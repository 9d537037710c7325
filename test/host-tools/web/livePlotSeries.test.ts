import { expect } from 'chai';
import { KIND_RUNNING, KIND_WALKING, SIDE_LEFT, SIDE_RIGHT } from '../../../firmware/core/stepRecord';
import { CHART_COLORS } from '../../../host-tools/report/reportCharts';
import { StepMessage } from '../../../host-tools/web/liveSession';
import { LIVE_CHARTS } from '../../../host-tools/web/livePlotSeries';

/** a step as the pod sends it: a running one with every metric, a walking one with 0 for those it does not measure */
function step(kind: number, side: number): StepMessage {
  const running = kind === KIND_RUNNING;
  return {
    type: 'step', version: 2, seq: 1, deviceTimeMs: 1000, index: 1, tMs: 1000, side, kind, stepMs: running ? 350 : 545, cadenceSpm: running ? 171 : 110,
    contactMs: running ? 250 : 0, flightMs: running ? 100 : 0, voMm: running ? 70 : 0, impactMg: 0, impactAxialMg: 0, impactShearMg: 0, vgrfBw100: 0, brakingMms: 0,
    brakingPeakMg: 0, dropCdeg: running ? 560 : 0, rotationCdeg: running ? 1220 : 0, tiltRangeCdeg: 0, leanCdeg: running ? 490 : 0, quality: 0,
  };
}

/** each chart's values of one step, by chart id then series label */
function plotted(s: StepMessage): { [chart: string]: { [series: string]: number | undefined } } {
  const out: { [chart: string]: { [series: string]: number | undefined } } = {};
  for (const chart of LIVE_CHARTS) {
    out[chart.id] = {};
    for (const series of chart.series) out[chart.id][series.label] = series.value(s);
  }
  return out;
}

describe('dashboard: what each live plot draws of a step', () => {
  it('draws a running step\'s drop on its stance side only, in deg', () => {
    expect(plotted(step(KIND_RUNNING, SIDE_LEFT)).drop).to.deep.equal({ left: 5.6, right: undefined });
    expect(plotted(step(KIND_RUNNING, SIDE_RIGHT)).drop).to.deep.equal({ left: undefined, right: 5.6 });
  });

  it('draws the left and right drop in the colours the report gives each side', () => {
    const drop = LIVE_CHARTS.find((chart) => chart.id === 'drop');
    expect(drop && drop.series.map((s) => [s.label, s.stroke])).to.deep.equal([['left', CHART_COLORS.left], ['right', CHART_COLORS.right]]);
  });

  it('draws a walking step\'s cadence and nothing of what the pod does not measure while walking (its 0 drop, contact, bounce)', () => {
    // the drop plot fell to a line at 0 deg as soon as the runner walked
    for (const side of [SIDE_LEFT, SIDE_RIGHT]) {
      expect(plotted(step(KIND_WALKING, side))).to.deep.equal({
        cadence: { cadence: 110 },
        timing: { contact: undefined, flight: undefined },
        vo: { VO: undefined },
        drop: { left: undefined, right: undefined },
      });
    }
  });
});
