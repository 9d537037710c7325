import { expect } from 'chai';
import * as fs from 'fs';
import * as path from 'path';
import { readPodRecording } from '../../../host-tools/recording/podRecording';
import { podReportOf } from '../../../host-tools/report/podReport';
import { ChartSpec } from '../../../host-tools/report/reportCharts';
import { copyRecording, FATIGUE_RUN, syntheticRecording, walkingRecording } from './reportFixtures';

/** the chart specs as the page script reads them from #report-data */
function embeddedCharts(html: string): ChartSpec[] {
  const match = /<script type="application\/json" id="report-data">([\s\S]*?)<\/script>/.exec(html);
  if (match === null) throw new Error('no #report-data in the page');
  return (JSON.parse(match[1]) as { charts: ChartSpec[] }).charts;
}

const RUNNING_CHARTS = [
  'chart-cadence', 'chart-vo', 'chart-contact', 'chart-braking', 'chart-drop', 'chart-rotation', 'chart-lean',
  'hist-cadence', 'hist-vo', 'hist-contact', 'hist-braking', 'hist-drop', 'hist-rotation', 'hist-lean',
  'chart-balance', 'chart-drift-angles', 'chart-drift-load',
];

describe('report page', () => {
  it('has a container and embedded data for every plot of a running recording', async () => {
    const report = podReportOf(readPodRecording(await syntheticRecording('fatigue', FATIGUE_RUN)));
    expect(report.charts.map((c) => c.id)).to.deep.equal(RUNNING_CHARTS);
    const embedded = embeddedCharts(report.html);
    expect(embedded.map((c) => c.id)).to.deep.equal(RUNNING_CHARTS);
    for (const chart of embedded) {
      expect(report.html, chart.id).to.contain(`<figure class="chart" id="${chart.id}">`);
      const [xs, ...rows] = chart.data;
      expect(xs.length, chart.id).to.be.greaterThan(0);
      expect(rows.length, chart.id).to.equal(chart.series.length);
      for (const row of rows) expect(row.length, chart.id).to.equal(xs.length);
      const values = rows.flat().filter((v) => v !== null && v !== 0);
      expect(values.length, `${chart.id} has values`).to.be.greaterThan(0);
    }
    // the drift plot shows the pod's per-window drift, which grows with the generator's fatigue
    const drift = embedded.find((c) => c.id === 'chart-drift-angles') as ChartSpec;
    const lean = drift.data[1].filter((v): v is number => v !== null);
    expect(lean[lean.length - 1]).to.be.greaterThan(lean[0] + 1);
    // one dot per analysed running step in the cadence plot, at 160 steps/min
    const cadence = embedded[0].data[1].filter((v): v is number => v !== null);
    expect(cadence.length).to.be.greaterThan(700);
    expect(new Set(cadence)).to.deep.equal(new Set([160]));
  });

  it('is self-contained: uPlot and the page script inlined, nothing fetched', async () => {
    const { html } = podReportOf(readPodRecording(await syntheticRecording('fatigue', FATIGUE_RUN)));
    expect(html).to.contain('var uPlot=');
    expect(html).to.contain('.u-legend');
    expect(html).to.not.match(/<script[^>]+src=/i);
    expect(html).to.not.match(/<link[^>]+href=/i);
    expect(html).to.not.match(/url\(\s*['"]?https?:/i);
    for (const id of ['insight-cadence', 'insight-drift', 'insight-pelvicDrop', 'insights', 'issues', 'lr-table']) {
      expect(html).to.contain(`id="${id}"`);
    }
    expect(html).to.contain('not a diagnosis');
  });

  it('lists gaps, link errors, pod errors and a cut-short line from the recording', async () => {
    const dir = copyRecording(await syntheticRecording('fatigue', FATIGUE_RUN), 'with-gaps');
    const metaFile = path.join(dir, 'recording.json');
    const meta = JSON.parse(fs.readFileSync(metaFile, 'utf8'));
    meta.gaps = [{ fromSample: 6240, missingSamples: 208, cause: 'link' }, { fromSample: 20800, missingSamples: 52, cause: 'pod' }, { fromSample: 31200, missingSamples: 1, cause: 'link' }];
    meta.counters.frameErrors = 3;
    meta.counters.disconnects = 1;
    meta.counters.missingMessages = 5;
    // made before the summaries read back were counted apart: its missing messages count them
    delete meta.counters.recoveredMessages;
    meta.complete = false;
    meta.endedBy = 'error';
    fs.writeFileSync(metaFile, JSON.stringify(meta));
    const messages = path.join(dir, 'messages.ndjson');
    // the first window's summary and form were lost on the line and read back from the pod's log
    const lines = fs.readFileSync(messages, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as { type: string; index?: number; fromLog?: true });
    const firstIndex = lines.find((l) => l.type === 'summary')!.index;
    for (const l of lines) if ((l.type === 'summary' || l.type === 'summaryForm') && l.index === firstIndex) l.fromLog = true;
    fs.writeFileSync(messages, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
    // heard 3:20 into the session, from a pod that had been up 66 s before it began
    fs.appendFileSync(messages, '{"receivedMs":200100,"type":"error","version":1,"seq":99,"deviceTimeMs":266500,"code":2,"detail":52}\n');
    fs.appendFileSync(messages, '{"receivedMs":300000,"reason":"disk full","type":"linkEvent","event":"sessionError"}\n');
    fs.appendFileSync(messages, '{"receivedMs":300001,"type":"st');
    const report = podReportOf(readPodRecording(dir));
    const issues = report.issues.map((i) => `${i.at} ${i.what}`);
    expect(issues).to.include(' the session did not end cleanly (recording.json says complete: false): the report shows what was received');
    expect(issues).to.include('1:00 gap in the raw samples: 208 samples (2.00 s) missing, lost on the link');
    expect(issues).to.include('3:20 gap in the raw samples: 52 samples (0.50 s) missing, lost on the pod (IMU FIFO overrun)');
    expect(issues).to.include('5:00 gap in the raw samples: 1 sample (0.01 s) missing, lost on the link');
    expect(issues).to.include(' 3 frames failed their CRC or framing on the host');
    expect(issues).to.include(' 1 disconnect');
    expect(issues).to.include(' 5 messages missing (sequence gaps); 2 of them, window summaries, read back from the pod\'s log');
    expect(issues).to.include(' the session failed: disk full');
    expect(issues).to.include('3:20 the pod lost 52 IMU samples');
    expect(issues.some((i) => /messages\.ndjson line \d+: cut short/.test(i))).to.equal(true);
    // the power-up "restarted" message is not an issue
    expect(issues.some((i) => /restarted/.test(i))).to.equal(false);
    expect(report.html).to.contain('gap in the raw samples: 208 samples');
    expect(report.html).to.not.contain('id="no-issues"');
    // one that counts them apart: none of its missing messages were read back
    meta.counters.missingMessages = 3;
    meta.counters.recoveredMessages = 2;
    fs.writeFileSync(metaFile, JSON.stringify(meta));
    const counted = podReportOf(readPodRecording(dir)).issues.map((i) => `${i.at} ${i.what}`);
    expect(counted).to.include(' 3 messages missing (sequence gaps)');
    expect(counted).to.include(' 2 messages lost on the link were read back from the pod\'s log (window summaries and their forms)');
  });

  it('says a clean recording has no issues', async () => {
    const report = podReportOf(readPodRecording(await syntheticRecording('fatigue', FATIGUE_RUN)));
    expect(report.issues).to.deep.equal([]);
    expect(report.html).to.contain('id="no-issues"');
  });

  it('gives a walking-only recording walking text and only the walking cadence plot', async () => {
    const report = podReportOf(readPodRecording(await walkingRecording()));
    expect(report.charts.map((c) => c.id)).to.deep.equal(['chart-walking-cadence']);
    expect(report.html).to.contain('id="insight-walking"');
    expect(report.html).to.not.contain('id="insight-cadence"');
    expect(report.html).to.contain('Walking only: no running insights');
  });

  it('says there is nothing to plot when the pod only stood still', async () => {
    const report = podReportOf(readPodRecording(await syntheticRecording('standing', { kind: 'standing', durationS: 20 })));
    expect(report.insights.map((i) => i.id)).to.deep.equal(['activity']);
    expect(report.insights[0].measured).to.contain('0 steps');
    expect(report.charts).to.deep.equal([]);
    expect(report.html).to.contain('No steps in this recording: nothing to plot.');
  });

  it('says a run too short to plot has too few running steps, not that it has none', async () => {
    // 5 s standing, then 5 s at 170 steps/min: about 14 steps, under the 20 the running insights need
    const report = podReportOf(readPodRecording(await syntheticRecording('five-seconds', {
      segments: [{ kind: 'standing', durationS: 5 }, { kind: 'running', durationS: 5, cadenceSpm: 170 }],
    })));
    expect(report.insights.map((i) => i.id)).to.deep.equal(['activity', 'tooFewSteps']);
    expect(report.insights[0].values.runningSteps as number).to.be.within(10, 16);
    expect(report.charts).to.deep.equal([]);
    const usable = report.insights[1].values.runningSteps as number;
    expect(usable).to.be.within(5, 16);
    expect(report.html).to.not.contain('No steps in this recording');
    expect(report.html).to.contain(`Too few running steps to plot: ${usable} usable, and the plots, as the running insights, need at least 20.`);
  });

  it('gives a recording the length of its raw samples, where its last window, without a step, was never summarised', async () => {
    // 5 s standing, 30 s running, 17 s standing: the windows end at 10 s steps, the last 2 s hold no step
    const recording = readPodRecording(await syntheticRecording('standing-tail', {
      segments: [{ kind: 'standing', durationS: 5 }, { kind: 'running', durationS: 30, cadenceSpm: 170 }, { kind: 'standing', durationS: 17 }],
    }));
    const lastSample = recording.sampleIndex[recording.sampleIndex.length - 1];
    const rawEndMs = Math.round(((lastSample + 1) * 1000) / recording.meta.sampleRateHz);
    const lastWindowEndMs = Math.max(...recording.lines.filter((l) => l.type === 'summary').map((l) => l.endMs as number));
    expect(rawEndMs - lastWindowEndMs, 'raw samples past the last window').to.be.above(1000);
    const report = podReportOf(recording);
    expect(report.insights[0].values.durationMs).to.equal(rawEndMs);
  });
});
