import { expect } from 'chai';
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';
import { PUCKJS2_BOARD } from '../../../boards/puckjs2';
import { importCsvFile, importCsvText } from '../../../host-tools/recording/csvImport';
import { ImuRecording } from '../../../host-tools/recording/imuRecording';
import { writeReplayNdjson } from '../../../host-tools/replay/replayNdjson';
import { replayRecording } from '../../../host-tools/replay/replayRecording';
import { SyntheticRun, generateSynthetic } from '../../../host-tools/synthetic/generate';
import { syntheticToCsv } from '../../../host-tools/synthetic/csv';
import { MOBGAP_AXES, MOBGAP_FIXTURE_DIR } from '../../../host-tools/accuracy/mobgapTrials';
import { parsePodAxisMap } from '../../../host-tools/recording/axisMap';
import { recordingFromSynthetic } from '../../../host-tools/synthetic/syntheticRecording';
import { formatReplayTables } from '../../../host-tools/replay/replayTable';

// the real walking trial bundled with the project (examples/mobgap, Apache-2.0)
const MOBGAP = path.resolve(__dirname, '..', '..', '..', 'examples', 'mobgap', 'HA-001_Test5_Trial1.csv');

const TOTALS_KEYS = [
  'type', 'steps', 'runningSteps', 'walkingSteps', 'durationMs', 'gaps', 'saturatedSamples',
  'cadenceSpm', 'contactMs', 'flightMs', 'voMm', 'impactMg', 'impactAxialMg', 'impactShearMg',
  'vgrfBw100', 'brakingMms', 'brakingPeakMg', 'dropLeftCdeg', 'dropRightCdeg', 'rotationCdeg',
  'tiltRangeCdeg', 'leanCdeg', 'gctBalanceLeftPct100', 'walkingCadenceSpm',
];

/** still pod at 104 Hz from t = 5000 ms, whole-ms stamps, samples 300..311 missing */
function recordingWithGap(): ImuRecording {
  const lines = ['t_ms,ax,ay,az,gx,gy,gz'];
  for (let i = 0; i < 1040; i++) {
    if (i >= 300 && i < 312) continue;
    lines.push(`${5000 + Math.round((i * 1000) / 104)},0,1,0,0,0,0`);
  }
  const result = importCsvText(lines.join('\n'), { scale: PUCKJS2_BOARD.scale, axisMap: PUCKJS2_BOARD.axisMap });
  return result.recording as ImuRecording;
}

/** where the restamped rows start: not on a round time, so the rounding falls differently on every stamp */
const RESTAMPED_START_S = 3.217;

/** rows of six values stamped t_s = RESTAMPED_START_S + timeMs, written with `decimals` digits (6: to the microsecond) */
function stampedCsv(values: string[], timesMs: ArrayLike<number>, decimals: number): string {
  const lines = ['t_s,ax,ay,az,gx,gy,gz'];
  for (let i = 0; i < values.length; i++) lines.push(`${(RESTAMPED_START_S + timesMs[i] / 1000).toFixed(decimals)},${values[i]}`);
  return lines.join('\n') + '\n';
}

/** a synthetic run's values as its CSV writes them */
function syntheticValues(run: SyntheticRun): string[] {
  return syntheticToCsv(run).trimEnd().split('\n').slice(1).map((line) => line.slice(line.indexOf(',') + 1));
}

/**
 * Replays of two imports of one recording give the same records, field for field, but for the
 * times, which are within toleranceMs.
 */
function expectSameReplay(replay: ReturnType<typeof replayRecording>, exact: ReturnType<typeof replayRecording>, toleranceMs: number, what: string): void {
  const timeFields = ['tMs', 'startMs', 'endMs'];
  const withoutTimes = (record: object) => Object.fromEntries(Object.entries(record).filter(([key]) => timeFields.indexOf(key) < 0));
  expect(replay.records.map(withoutTimes), what).to.deep.equal(exact.records.map(withoutTimes));
  expect(withoutTimes(replay.totals), what).to.deep.equal(withoutTimes(exact.totals));
  const pairs: Array<[object, object]> = [...replay.records.map((record, i): [object, object] => [record, exact.records[i]]), [replay.totals, exact.totals]];
  for (const [record, exactRecord] of pairs) {
    for (const field of timeFields) {
      const value = (record as { [field: string]: unknown })[field];
      if (typeof value === 'number') expect(value, `${what}: ${JSON.stringify(exactRecord)}`).to.be.closeTo((exactRecord as { [field: string]: number })[field], toleranceMs);
    }
  }
}

describe('replayRecording', () => {
  it('replays the mobgap recording to completion with every totals key', async () => {
    const imported = await importCsvFile(MOBGAP, {
      scale: PUCKJS2_BOARD.scale,
      axisMap: { v: 1, ap: 3, ml: -2 },
    });
    const result = replayRecording(imported.recording as ImuRecording);
    expect(Object.keys(result.totals)).to.include.members(TOTALS_KEYS);
    expect(result.totals.type).to.equal('totals');
    expect(result.totals.samples).to.equal(1246);
    expect(result.totals.sampleRateHz).to.equal(100);
    expect(result.totals.gaps).to.equal(0);
    expect(result.totals.durationMs).to.equal(12460);
    expect(result.totals.inputError).to.equal(null);
    expect(result.settings.axisMap).to.deep.equal({ v: 1, ap: 3, ml: -2 });
    expect(result.settings.sampleRateHz).to.equal(100);
    for (const record of result.records) {
      if (record.type === 'step') {
        expect(record.tMs).to.be.within(0, 12460);
        expect(['L', 'R', '?']).to.include(record.side);
      }
    }
  });

  it('time stamps at 103.6 Hz, off the whole 104 Hz the detector runs at: steps are placed on the stamps\' clock, not drifting 0.4 % from it', () => {
    const run = generateSynthetic({ sampleRateHz: 104, seed: 5, segments: [{ kind: 'standing', durationS: 3 }, { kind: 'running', durationS: 200, cadenceSpm: 170 }] });
    const recording = recordingFromSynthetic(run);
    const stampMsPerSample = 1000 / 103.6;
    for (let i = 0; i < recording.sampleCount; i++) recording.timesMs[i] = 2000 + i * stampMsPerSample;
    const restamped = { ...recording, stampRateHz: 103.6 };
    const steps = replayRecording(restamped).records.filter((r) => r.type === 'step' && r.kind === 'running');
    const truth = run.truth.steps.filter((s) => s.kind === 'running');
    expect(steps.length).to.be.within(truth.length - 2, truth.length);
    // the last steps, 200 s in: the truth's contact times on the stamps' clock, to within 2 samples
    for (const step of steps.slice(-5)) {
      const nearest = Math.min(...truth.map((s) => Math.abs(2000 + (s.tMs * 104) / 103.6 - (step as { tMs: number }).tMs)));
      expect(nearest, `step at ${(step as { tMs: number }).tMs} ms`).to.be.below(20);
    }
  });

  it('time stamps at 103.6 Hz, the detector at 104 Hz: the duration is on the stamps\' clock, as the end is, not 0.4 % short of it', () => {
    const recording = recordingFromSynthetic(generateSynthetic({ sampleRateHz: 104, seed: 5, segments: [{ kind: 'standing', durationS: 100 }] }));
    const stampMsPerSample = 1000 / 103.6;
    for (let i = 0; i < recording.sampleCount; i++) recording.timesMs[i] = 2000 + i * stampMsPerSample;
    const totals = replayRecording({ ...recording, stampRateHz: 103.6 }).totals;
    expect(totals.sampleRateHz).to.equal(104);
    expect(totals.durationMs).to.equal(Math.round(recording.sampleCount * stampMsPerSample));
    expect(totals.startMs).to.equal(2000);
    // the last sample one stamp period before the duration ends (both rounded to whole ms)
    expect((totals.endMs as number) - 2000 + stampMsPerSample).to.be.closeTo(totals.durationMs, 1);
  });

  it('a CSV whose t_s is rounded to 2 decimals (a 10 ms grid) replays at 104 and 208 Hz to the steps, summaries and gaps of the exact stamps, times within 1 ms', () => {
    const options = { scale: PUCKJS2_BOARD.scale, axisMap: PUCKJS2_BOARD.axisMap };
    for (const rateHz of [104, 208]) {
      const run = generateSynthetic({
        sampleRateHz: rateHz,
        seed: 3,
        segments: [{ kind: 'standing', durationS: 3 }, { kind: 'running', durationS: 60, cadenceSpm: 172 }],
        droppedRanges: [[rateHz * 30, 40]],
      });
      const values = syntheticValues(run);
      const exact = importCsvText(stampedCsv(values, run.timesMs, 6), options);
      const rounded = importCsvText(stampedCsv(values, run.timesMs, 2), options);
      expect(rounded.error, `${rateHz} Hz`).to.equal(undefined);
      expect(rounded.warnings, `${rateHz} Hz`).to.have.length(1);
      const exactReplay = replayRecording(exact.recording as ImuRecording);
      const roundedReplay = replayRecording(rounded.recording as ImuRecording);
      expect(exactReplay.totals.runningSteps, `${rateHz} Hz`).to.be.within(165, 175);
      expect(exactReplay.records.filter((r) => r.type === 'gap').map((r) => (r as { missingSamples: number }).missingSamples)).to.deep.equal([40]);
      // step and window times are whole ms: the stamps' offset, found to within 0.5 ms, can move one by 1
      expectSameReplay(roundedReplay, exactReplay, 1, `${rateHz} Hz`);
    }
  });

  it('the real 2-minute walking trial stamped at 104 Hz with t_s rounded to 2 decimals replays to the steps of the exact stamps, times within 1 ms', () => {
    const rows = zlib.gunzipSync(fs.readFileSync(path.join(MOBGAP_FIXTURE_DIR, 'HA-001_Test11_Trial1.csv.gz'))).toString('utf8').trimEnd().split('\n').slice(1);
    const values = rows.map((line) => line.slice(line.indexOf(',') + 1));
    // its 100 Hz samples stamped at 104 Hz: both imports run the detector at 104 Hz over them
    const timesMs = values.map((_, i) => (i * 1000) / 104);
    const options = { scale: PUCKJS2_BOARD.scale, axisMap: parsePodAxisMap(MOBGAP_AXES) };
    const exact = importCsvText(stampedCsv(values, timesMs, 6), options);
    const rounded = importCsvText(stampedCsv(values, timesMs, 2), options);
    expect(rounded.error).to.equal(undefined);
    const exactReplay = replayRecording(exact.recording as ImuRecording);
    expect(exactReplay.totals.walkingSteps, 'steps to compare').to.be.above(50);
    expectSameReplay(replayRecording(rounded.recording as ImuRecording), exactReplay, 1, 'HA-001_Test11_Trial1');
  });

  it('a speed changed mid-recording: the windows emitted before it are those of a replay at the first speed, those after of one at the second', () => {
    const recording = recordingFromSynthetic(generateSynthetic({
      sampleRateHz: 104, seed: 11, segments: [{ kind: 'standing', durationS: 3 }, { kind: 'running', durationS: 60, cadenceSpm: 172 }],
    }));
    const summaries = (result: ReturnType<typeof replayRecording>) => result.records.filter((r) => r.type === 'summary') as Array<{ [field: string]: unknown }>;
    const atA = summaries(replayRecording(recording, { settings: { runningSpeedMms: 2800 } }));
    const atB = summaries(replayRecording(recording, { settings: { runningSpeedMms: 3600 } }));
    // mid-block (64-sample blocks), so the block is cut where the speed changes
    const changeAt = 33 * 104 + 17;
    const changed = summaries(replayRecording(recording, { settings: { runningSpeedMms: 2800 }, speedChanges: [{ fromSample: changeAt, speedMms: 3600 }] }));
    expect(changed.length).to.equal(atA.length);
    let before = 0;
    for (let i = 0; i < changed.length; i++) {
      // a window is emitted at the first sample after its end
      const emittedAtSample = Math.ceil(((changed[i].endMs as number) * 104) / 1000);
      const expected = emittedAtSample <= changeAt ? atA[i] : atB[i];
      if (emittedAtSample <= changeAt) before++;
      expect(changed[i], `window ${i}`).to.deep.equal(expected);
    }
    expect(before, 'windows before the change').to.be.within(2, changed.length - 3);
    expect(atA.some((w, i) => w.verticalRatioPct100 !== atB[i].verticalRatioPct100), 'the speed matters').to.equal(true);
  });

  it('reports each gap on the recording clock and counts its missing samples in the duration', () => {
    const result = replayRecording(recordingWithGap());
    const gaps = result.records.filter((r) => r.type === 'gap');
    expect(gaps).to.deep.equal([{ type: 'gap', startMs: 5000 + 2875, endMs: 5000 + 3000, missingSamples: 12 }]);
    expect(result.totals.gaps).to.equal(1);
    expect(result.totals.missingSamples).to.equal(12);
    expect(result.totals.durationMs).to.equal(10000);
    expect(result.totals.startMs).to.equal(5000);
    for (const record of result.records) {
      if (record.type === 'summary') expect(record.startMs).to.be.at.least(5000);
      if (record.type === 'step') expect(record.tMs).to.be.at.least(5000);
    }
  });

  it('read at a set rate far from the stamps\' (100 Hz stamps at 50 and 200 Hz), ends its duration where the set rate puts the last sample, as it does the steps and the gap', () => {
    const run = generateSynthetic({ sampleRateHz: 100, seed: 2, segments: [{ kind: 'standing', durationS: 3 }, { kind: 'running', durationS: 27, cadenceSpm: 170 }] });
    const values = syntheticValues(run);
    // from t = 5000 ms, samples 1500 to 1508 lost: 100 ms between the stamps either side
    const lines = ['t_ms,ax,ay,az,gx,gy,gz'];
    for (let i = 0; i < values.length; i++) if (i < 1500 || i >= 1509) lines.push(`${5000 + i * 10},${values[i]}`);
    // 100 ms is 5 periods at 50 Hz (4 samples missing), 20 at 200 Hz (19 missing)
    for (const { rateHz, missing } of [{ rateHz: 50, missing: 4 }, { rateHz: 200, missing: 19 }]) {
      const periodMs = 1000 / rateHz;
      const imported = importCsvText(lines.join('\n') + '\n', { scale: PUCKJS2_BOARD.scale, axisMap: PUCKJS2_BOARD.axisMap, rateHz });
      expect(imported.error, `${rateHz} Hz`).to.equal(undefined);
      const result = replayRecording(imported.recording as ImuRecording);
      const totals = result.totals;
      expect(totals.samples, `${rateHz} Hz`).to.equal(values.length - 9);
      expect(totals.missingSamples, `${rateHz} Hz`).to.equal(missing);
      expect(totals.durationMs, `${rateHz} Hz`).to.equal((values.length - 9 + missing) * periodMs);
      expect(totals.startMs, `${rateHz} Hz`).to.equal(5000);
      // the last sample is one period before the duration ends
      expect(totals.endMs, `${rateHz} Hz`).to.equal(5000 + totals.durationMs - periodMs);
      const gaps = result.records.filter((r) => r.type === 'gap');
      expect(gaps, `${rateHz} Hz`).to.deep.equal([{ type: 'gap', startMs: 5000 + 1499 * periodMs, endMs: 5000 + (1500 + missing) * periodMs, missingSamples: missing }]);
      const stepTimesMs = result.records.filter((r) => r.type === 'step').map((r) => (r as { tMs: number }).tMs);
      expect(stepTimesMs.length, `${rateHz} Hz`).to.be.above(50);
      // steps run to the end of the run on the set rate's clock, none past its last sample
      expect(Math.max(...stepTimesMs), `${rateHz} Hz`).to.be.within(5000 + 0.95 * totals.durationMs, totals.endMs as number);
    }
  });

  it('writes one JSON object per line, totals last', () => {
    const result = replayRecording(recordingWithGap());
    let text = '';
    writeReplayNdjson(result, (chunk) => {
      text += chunk;
    });
    const lines = text.trimEnd().split('\n').map((line) => JSON.parse(line));
    expect(lines).to.have.length(result.records.length + 1);
    expect(lines[lines.length - 1].type).to.equal('totals');
    expect(lines.filter((line) => line.type === 'gap')).to.have.length(1);
  });

  it('formats tables with units in the heads, scaled values divided, and steps only on request', () => {
    const result = replayRecording(recordingWithGap());
    const text = formatReplayTables(result);
    expect(text).to.match(/^Totals$/m);
    expect(text).to.match(/Medians over running steps free of saturation/);
    // the steps the medians leave out are counted beside the running ones
    expect(text).to.match(/│ running │ saturated │ walking │/);
    expect(text).to.match(/spm/);
    expect(text).to.match(/^Gaps$/m);
    expect(text).to.not.match(/^Steps/m);
    expect(text).to.not.match(/\u001b\[/); // no colour codes in piped output
    expect(formatReplayTables(result, { steps: true })).to.match(/^Steps/m);
  });
});
