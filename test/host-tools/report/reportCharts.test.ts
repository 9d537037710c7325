import { expect } from 'chai';
import { readPodRecording } from '../../../host-tools/recording/podRecording';
import { insightsOf } from '../../../host-tools/report/insights';
import { ChartSpec, HISTOGRAM_RESOLUTION, reportChartsOf } from '../../../host-tools/report/reportCharts';
import { reportDataOf } from '../../../host-tools/report/reportData';
import { reportStepSets } from '../../../host-tools/report/reportSteps';
import { STEADY_RUN, syntheticRecording } from './reportFixtures';

describe('report charts', () => {
  it('bins each per-step histogram on the resolution its values come in: whole ms, mm, steps/min, 0.001 m/s, 0.01°', async () => {
    const data = reportDataOf(readPodRecording(await syntheticRecording('steady', STEADY_RUN)));
    const charts = reportChartsOf(data, insightsOf(data));
    const chart = (id: string): ChartSpec => {
      const found = charts.find((c) => c.id === id);
      if (found === undefined) throw new Error(`no ${id}`);
      return found;
    };
    const resolutions: { [id: string]: number } = {
      'hist-cadence': HISTOGRAM_RESOLUTION.cadenceSpm, 'hist-vo': HISTOGRAM_RESOLUTION.voMm, 'hist-contact': HISTOGRAM_RESOLUTION.contactMs,
      'hist-braking': HISTOGRAM_RESOLUTION.brakingMps, 'hist-drop': HISTOGRAM_RESOLUTION.angleDeg, 'hist-rotation': HISTOGRAM_RESOLUTION.angleDeg,
      'hist-lean': HISTOGRAM_RESOLUTION.angleDeg,
    };
    expect(charts.filter((c) => c.section === 'distribution').map((c) => c.id)).to.have.members(Object.keys(resolutions));
    for (const [id, resolution] of Object.entries(resolutions)) {
      const { binWidth, data: rows } = chart(id);
      const steps = (binWidth as number) / resolution;
      expect(Math.abs(steps - Math.round(steps)), `${id}: ${binWidth} wide on a ${resolution} resolution`).to.be.below(1e-9);
      expect(Math.round(steps), id).to.be.at.least(1);
      expect(rows[0].length, `${id} bins`).to.be.within(1, 25);
    }
    // the steady run's contact is 250 ms, measured 250 or 251 ms in whole samples and rounding:
    // two 1 ms bins holding every step, where 0.05 ms bins left 19 empty between them
    const contact = chart('hist-contact');
    expect(contact.binWidth).to.equal(1);
    expect(contact.data[0]).to.deep.equal([250, 251]);
    const contactSteps = reportStepSets(data.steps).running.filter((s) => s.contactMs > 0).length;
    expect(contactSteps).to.be.above(600);
    expect((contact.data[1] as number[]).reduce((a, b) => a + b, 0)).to.equal(contactSteps);
    expect((contact.data[1] as number[]).every((n) => n > 0)).to.equal(true);
  });
});
