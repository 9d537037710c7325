import { expect } from 'chai';
import { QUALITY_CADENCE } from '../../../firmware/core/summaryRecord';
import { readPodRecording } from '../../../host-tools/recording/podRecording';
import { insightsOf } from '../../../host-tools/report/insights';
import { ChartMarker, ChartSpec, HISTOGRAM_RESOLUTION, PLOT_TIME_SLICES, reportChartsOf } from '../../../host-tools/report/reportCharts';
import { ReportData } from '../../../host-tools/report/reportData';
import { reportDataOf } from '../../../host-tools/report/reportData';
import { reportStepSets } from '../../../host-tools/report/reportSteps';
import { ASYMMETRIC_STEADY_RUN, STEADY_RUN, startedAnewRecording, syntheticRecording } from './reportFixtures';
import { clockOf } from '../../../host-tools/report/reportFormat';

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

  it('captions every plot in words a runner reads, without the motion-analysis terms obliquity, yaw, pitch or toe-off', async () => {
    const data = reportDataOf(readPodRecording(await syntheticRecording('steady', STEADY_RUN)));
    const charts = reportChartsOf(data, insightsOf(data));
    expect(charts.length).to.be.above(10);
    for (const chart of charts) expect(chart.caption, chart.id).to.not.match(/obliquity|yaw|pitch|toe-off|initial contact/i);
  });

  /** `data`'s run `times` over, one after the other: a steady run of hours */
  function repeated(data: ReportData, times: number): ReportData {
    const spanMs = Math.max(data.steps[data.steps.length - 1].tMs, data.windows[data.windows.length - 1].endMs) + 1000;
    const steps = [];
    const windows = [];
    for (let k = 0; k < times; k++) {
      for (const step of data.steps) steps.push({ ...step, index: step.index + k * data.steps.length, tMs: step.tMs + k * spanMs });
      for (const w of data.windows) windows.push({ ...w, index: w.index + k * data.windows.length, startMs: w.startMs + k * spanMs, endMs: w.endMs + k * spanMs });
    }
    return { ...data, steps, windows };
  }

  function points(chart: ChartSpec, series: number): Array<{ xS: number; value: number }> {
    const out: Array<{ xS: number; value: number }> = [];
    chart.data[series + 1].forEach((value, i) => { if (value !== null) out.push({ xS: chart.data[0][i] as number, value }); });
    return out;
  }

  it('plots a long run\'s steps as the lowest and highest of each slice of its time, at most 2 per slice, its outlying steps where they are', async () => {
    const steady = reportDataOf(readPodRecording(await syntheticRecording('steady', STEADY_RUN)));
    // 4 min 40 times over: about 26,000 steps in 3 h
    const long = repeated(steady, 40);
    const sets = reportStepSets(long.steps);
    const middle = sets.timed[sets.timed.length >> 1];
    const late = sets.timed[sets.timed.length - 100];
    middle.cadenceSpm = 251;
    late.cadenceSpm = 97;
    const charts = reportChartsOf(long, insightsOf(long));
    const cadence = charts.find((c) => c.id === 'chart-cadence') as ChartSpec;
    const dots = points(cadence, 0);
    expect(sets.timed.length).to.be.above(20000);
    expect(dots.length).to.be.within(PLOT_TIME_SLICES, 2 * PLOT_TIME_SLICES);
    expect(dots).to.deep.include({ xS: Math.round(middle.tMs) / 1000, value: 251 });
    expect(dots).to.deep.include({ xS: Math.round(late.tMs) / 1000, value: 97 });
    expect(cadence.caption).to.include(`${PLOT_TIME_SLICES} equal slices`);
    // every dot is a step's own value at its own time
    const stepAt = new Map(sets.timed.map((s) => [Math.round(s.tMs) / 1000, s.cadenceSpm]));
    for (const dot of dots) expect(stepAt.get(dot.xS), `a step at ${dot.xS} s`).to.equal(dot.value);
    // the windows' line keeps its every window
    const cadenceWindows = long.windows.filter((w) => !w.formMissing && w.runningSteps > 0 && (w.quality & QUALITY_CADENCE) !== 0);
    expect(cadenceWindows.length).to.be.above(900);
    expect(points(cadence, 1).length).to.equal(cadenceWindows.length);
    // both stances on the same slices, each keeping its extremes
    const drop = charts.find((c) => c.id === 'chart-drop') as ChartSpec;
    for (const [series, side] of [[0, sets.left], [1, sets.right]] as const) {
      const values = points(drop, series).map((p) => p.value);
      expect(values.length, `series ${series}`).to.be.at.most(2 * PLOT_TIME_SLICES);
      expect(Math.max(...values)).to.equal(Math.max(...side.map((s) => s.dropCdeg)) / 100);
      expect(Math.min(...values)).to.equal(Math.min(...side.map((s) => s.dropCdeg)) / 100);
    }
    for (const chart of charts.filter((c) => c.section === 'time')) {
      chart.series.forEach((series, i) => {
        if (series.style === 'points') expect(points(chart, i).length, `${chart.id} ${series.label}`).to.be.at.most(2 * PLOT_TIME_SLICES);
      });
    }
  });

  it('plots the pelvic drop drift of a steady run with more drop in left stance as flat on each side, not as a swing between the sides', async () => {
    // 8° left, 5° right, nothing drifting
    const data = reportDataOf(readPodRecording(await syntheticRecording('asymmetric-steady', ASYMMETRIC_STEADY_RUN)));
    const drift = reportChartsOf(data, insightsOf(data)).find((c) => c.id === 'chart-drift-angles') as ChartSpec;
    const labels = drift.series.map((s) => s.label);
    for (const label of ['pelvic drop, left stance', 'pelvic drop, right stance']) {
      const values = drift.data[labels.indexOf(label) + 1].filter((v): v is number => v !== null);
      expect(values.length, label).to.be.greaterThan(10);
      for (const value of values) expect(Math.abs(value), label).to.be.below(0.5);
    }
  });

  it('marks where the pod started anew on the drift plots and says their lines start again from 0 there; a run without a new start has neither', async () => {
    // truth: the second boot starts at newStartMs, and its drift is against its own first two minutes
    const { recording, newStartMs } = await startedAnewRecording();
    const data = reportDataOf(recording);
    const charts = reportChartsOf(data, insightsOf(data));
    for (const id of ['chart-drift-angles', 'chart-drift-load']) {
      const chart = charts.find((c) => c.id === id) as ChartSpec;
      expect(chart.markers?.length, id).to.equal(1);
      const marker = (chart.markers as ChartMarker[])[0];
      // the new baseline's first window starts with the second boot's first running window
      expect(marker.xS, id).to.be.within(newStartMs / 1000, newStartMs / 1000 + 10);
      expect(chart.caption, id).to.contain(`At ${clockOf(marker.xS * 1000)} (the vertical dashed line) the pod started anew`)
        .and.contain('the lines break there and start again after those minutes, measured against them');
    }
    // the contact line's values just after the new baseline are near 0, where the run's first minutes would give about +25 ms
    const load = charts.find((c) => c.id === 'chart-drift-load') as ChartSpec;
    const contact = points(load, load.series.findIndex((s) => s.label === 'contact time (ms)'));
    const marker = (load.markers as ChartMarker[])[0];
    const firstAfter = contact.find((p) => p.xS > marker.xS) as { xS: number; value: number };
    // the line breaks between the last window before the new start and the first after its baseline
    const contactSeries = load.series.find((s) => s.label === 'contact time (ms)') as ChartSpec['series'][number];
    const lastBefore = contact.filter((p) => p.xS < marker.xS).pop() as { xS: number; value: number };
    expect(contactSeries.breaksS?.filter((xS) => xS > lastBefore.xS && xS < firstAfter.xS).length, 'a break in the contact line across the new start').to.equal(1);
    const breakAt = load.data[0].indexOf((contactSeries.breaksS as number[])[0]);
    expect(load.data[load.series.indexOf(contactSeries) + 1][breakAt], 'no value at the break').to.equal(null);
    expect(Math.abs(firstAfter.value)).to.be.below(10);
    const steady = reportDataOf(readPodRecording(await syntheticRecording('steady', STEADY_RUN)));
    for (const chart of reportChartsOf(steady, insightsOf(steady)).filter((c) => c.section === 'drift')) {
      expect(chart.markers, chart.id).to.equal(undefined);
      expect(chart.caption, chart.id).to.not.contain('anew');
    }
  });

  it('plots the lean of a run whose pod started anew without standing still as two series, and says from when to when each is against what', async () => {
    // truth: the first boot stood still at its start, so its steps are relative to standing; the
    // second, from newStartMs, did not, so its steps are against the upright the pod estimated
    const { recording, newStartMs } = await startedAnewRecording();
    const data = reportDataOf(recording);
    const lean = reportChartsOf(data, insightsOf(data)).find((c) => c.id === 'chart-lean') as ChartSpec;
    const leanSteps = reportStepSets(data.steps).lean;
    const before = leanSteps.filter((s) => s.tMs < newStartMs);
    const after = leanSteps.filter((s) => s.tMs > newStartMs);
    expect(before.length).to.be.above(400);
    expect(after.length).to.be.above(400);
    const labels = lean.series.map((s) => s.label);
    const standing = points(lean, labels.indexOf('step, relative to standing'));
    const estimated = points(lean, labels.indexOf('step, against the pod\'s estimated upright'));
    expect(standing).to.deep.equal(before.map((s) => ({ xS: Math.round(s.tMs) / 1000, value: s.leanCdeg / 100 })));
    expect(estimated).to.deep.equal(after.map((s) => ({ xS: Math.round(s.tMs) / 1000, value: s.leanCdeg / 100 })));
    expect(lean.caption)
      .to.contain(`Blue dots, from ${clockOf(before[0].tMs)} to ${clockOf(before[before.length - 1].tMs)}, are relative to standing`)
      .and.contain(`orange dots, from ${clockOf(after[0].tMs)} to ${clockOf(after[after.length - 1].tMs)}, have no standing calibration`)
      .and.contain('the jump where one kind turns into the other is the pod\'s upright changing, not your lean');
    // a run calibrated throughout keeps its one series and its caption
    const steady = reportDataOf(readPodRecording(await syntheticRecording('steady', STEADY_RUN)));
    const steadyLean = reportChartsOf(steady, insightsOf(steady)).find((c) => c.id === 'chart-lean') as ChartSpec;
    expect(steadyLean.series.map((s) => s.label)).to.deep.equal(['step', 'window median']);
    expect(steadyLean.caption).to.equal('Mean forward tilt of the pelvis over each step (positive forward), relative to standing. ' +
      'Steps just after a stop whose new upright was still under test are left out.');
  });

  it('plots every step of a run short enough for the plot', async () => {
    const data = reportDataOf(readPodRecording(await syntheticRecording('steady', STEADY_RUN)));
    const cadence = reportChartsOf(data, insightsOf(data)).find((c) => c.id === 'chart-cadence') as ChartSpec;
    expect(points(cadence, 0).length).to.equal(reportStepSets(data.steps).timed.length);
    expect(cadence.caption).not.to.include('slices');
  });
});
