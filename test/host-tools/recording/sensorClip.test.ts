import { expect } from 'chai';
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';
import { PUCKJS2_BOARD } from '../../../boards/puckjs2';
import { importCsvText } from '../../../host-tools/recording/csvImport';
import { findSensorClip, samplesAtFullScale } from '../../../host-tools/recording/sensorClip';
import { replayRecording } from '../../../host-tools/replay/replayRecording';
import { EXAMPLE_RUN_FILE } from '../../../host-tools/synthetic/exampleRun';

const OPTIONS = { scale: PUCKJS2_BOARD.scale, axisMap: PUCKJS2_BOARD.axisMap };
const ROOT = path.resolve(__dirname, '..', '..', '..');
// the bundled synthetic run (5 s standing, 3 min at 172 spm): impacts up to 2.19 g
const RUN_TEXT = fs.readFileSync(path.join(ROOT, EXAMPLE_RUN_FILE), 'utf8');
// the real 2-minute walking trial with turns and stairs (Mobilise-D, Apache-2.0): up to 3.4 g and 245 dps
const WALK_TEXT = zlib.gunzipSync(fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'mobgap-lowerback', 'HA-001_Test11_Trial1.csv.gz'))).toString('utf8');

/** board counts of a value in g or dps, rounded as the import rounds them */
function countsOf(value: number, k: number): number {
  const scale = PUCKJS2_BOARD.scale;
  return Math.round(Math.abs(value) * (k <= 3 ? 1e6 / scale.accUgPerCount : 1e3 / scale.gyroMdpsPerCount));
}

/**
 * The CSV with its accelerometer values held within +-accLimit g and its gyroscope within
 * +-gyroLimit dps, as a sensor of that range writes them; the readings at the accelerometer's
 * limit in board counts (values within half a count of it read as it) and the samples with one.
 */
function clipped(text: string, accLimit: number, gyroLimit: number): { text: string; clippedSamples: number; accAtLimit: number } {
  const lines = text.trimEnd().split('\n');
  let clippedSamples = 0;
  let accAtLimit = 0;
  const out = [lines[0]];
  for (const line of lines.slice(1)) {
    const cells = line.split(',');
    let any = false;
    for (let k = 1; k <= 6; k++) {
      const limit = k <= 3 ? accLimit : gyroLimit;
      const value = Math.sign(Number(cells[k])) * Math.min(Math.abs(Number(cells[k])), limit);
      cells[k] = String(value);
      if (countsOf(value, k) === countsOf(limit, k)) {
        any = true;
        if (k <= 3) accAtLimit++;
      }
    }
    if (any) clippedSamples++;
    out.push(cells.join(','));
  }
  return { text: out.join('\n') + '\n', clippedSamples, accAtLimit };
}

/** the CSV with its values written in steps of accStepG g and gyroStepDps dps, as a coarse logger writes them */
function coarse(text: string, accStepG: number, gyroStepDps: number): string {
  const lines = text.trimEnd().split('\n');
  return [lines[0], ...lines.slice(1).map((line) => line.split(',').map((cell, k) => {
    if (k === 0) return cell;
    const step = k <= 3 ? accStepG : gyroStepDps;
    return String(Math.round(Number(cell) / step) * step);
  }).join(','))].join('\n') + '\n';
}

describe('sensorClip', () => {
  it('finds a +-2 g accelerometer clip in the synthetic run: the full scale at 2 g in board counts, every reading at it counted, and the gyroscope left alone', () => {
    const run = clipped(RUN_TEXT, 2, 1e9);
    expect(run.accAtLimit).to.be.above(1000);
    const recording = importCsvText(run.text, OPTIONS).recording!;
    const acc = findSensorClip(recording.samplesCounts, recording.sampleCount, 0, PUCKJS2_BOARD.scale, 32767);
    expect(acc).to.deep.equal({ fullScaleCounts: Math.round(2e6 / PUCKJS2_BOARD.scale.accUgPerCount), readingsAtClip: run.accAtLimit });
    expect(findSensorClip(recording.samplesCounts, recording.sampleCount, 3, PUCKJS2_BOARD.scale, 32767)).to.equal(undefined);
    expect(samplesAtFullScale(recording.samplesCounts, recording.sampleCount, acc!.fullScaleCounts, 32767)).to.equal(run.clippedSamples);
  });

  it('finds a +-125 dps gyroscope clip in the real walking trial, and none where a signal peaks freely: the trial and the run as they are, a clip the signal never reaches, a sensor held still at 1 g', () => {
    const walk = clipped(WALK_TEXT, 1e9, 125);
    const walkRecording = importCsvText(walk.text, OPTIONS).recording!;
    const gyro = findSensorClip(walkRecording.samplesCounts, walkRecording.sampleCount, 3, PUCKJS2_BOARD.scale, 32767);
    expect(gyro && gyro.fullScaleCounts).to.equal(Math.round(125e3 / PUCKJS2_BOARD.scale.gyroMdpsPerCount));
    expect(gyro!.readingsAtClip).to.be.above(20);
    const cases = [['walk', WALK_TEXT], ['run', RUN_TEXT], ['run clipped at 4 g and 500 dps', clipped(RUN_TEXT, 4, 500).text]];
    for (const [accStepG, gyroStepDps] of [[0.25, 10], [0.1, 5]]) cases.push([`walk written in steps of ${accStepG} g and ${gyroStepDps} dps`, coarse(WALK_TEXT, accStepG, gyroStepDps)]);
    for (const [what, text] of cases) {
      const recording = importCsvText(text, OPTIONS).recording!;
      for (const axis of [0, 3] as Array<0 | 3>) {
        expect(findSensorClip(recording.samplesCounts, recording.sampleCount, axis, PUCKJS2_BOARD.scale, 32767), `${what}, axis ${axis}`).to.equal(undefined);
      }
    }
    const still = importCsvText(['t_ms,ax,ay,az,gx,gy,gz', ...Array.from({ length: 500 }, (_, i) => `${i * 10},1,0,0,0,0,0`)].join('\n') + '\n', OPTIONS).recording!;
    expect(findSensorClip(still.samplesCounts, still.sampleCount, 0, PUCKJS2_BOARD.scale, 32767)).to.equal(undefined);
  });

  it('a CSV of a +-2 g sensor imports with its clip as the full scale and a warning, so replay flags the steps it clipped as saturated and counts the clipped samples; one of a +-4 g sensor the run never reaches replays as the unclipped file', () => {
    const original = replayRecording(importCsvText(RUN_TEXT, OPTIONS).recording!).totals;
    expect(original.saturatedSteps).to.equal(0);
    const run = clipped(RUN_TEXT, 2, 1e9);
    const imported = importCsvText(run.text, OPTIONS);
    expect(imported.warnings).to.deep.equal([
      `the accelerometer values stop at 2 g (${run.accAtLimit} readings at it, none beyond): the range of the sensor that wrote them, which clipped there. ` +
        'It is read as the full scale: steps with a clipped sample are flagged saturated, their load (impact, vertical oscillation, vGRF, braking) left out ' +
        'and the medians taken over the steps free of it, as the pod does with its own IMU',
    ]);
    const totals = replayRecording(imported.recording!).totals;
    expect(totals.saturatedSamples).to.equal(run.clippedSamples);
    expect(totals.steps).to.equal(original.steps);
    expect(totals.saturatedSteps).to.be.above(0.9 * totals.runningSteps);
    const wide = importCsvText(clipped(RUN_TEXT, 4, 1e9).text, OPTIONS);
    expect(wide.warnings).to.deep.equal([]);
    expect(replayRecording(wide.recording!).totals).to.deep.equal(original);
  });
});
