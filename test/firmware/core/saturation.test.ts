import { expect } from 'chai';
import { DEFAULT_PIPELINE_SETTINGS, pipelineInit } from '../../../firmware/core/pipeline';
import { firstSaturatedSample, lastSaturatedSample } from '../../../firmware/core/saturation';

function stateWith(accFull: number, gyroFull: number) {
  const scale = { ...DEFAULT_PIPELINE_SETTINGS.scale, accFullScaleCounts: accFull, gyroFullScaleCounts: gyroFull };
  return pipelineInit({ ...DEFAULT_PIPELINE_SETTINGS, scale }, { step: () => undefined, summary: () => undefined });
}

describe('saturation search', () => {
  const samples = new Int16Array(10 * 6);

  beforeEach(() => samples.fill(100));

  it('finds no saturated sample in an unclipped block', () => {
    const st = stateWith(32767, 32767);
    expect(firstSaturatedSample(st, samples, 0, samples.length)).to.equal(-1);
  });

  it('finds the first and the last sample with an axis at +full, -full or -full - 1', () => {
    const st = stateWith(32767, 32767);
    samples[2 * 6 + 1] = -32768;
    samples[5 * 6 + 4] = 32767;
    samples[7 * 6] = -32767;
    expect(firstSaturatedSample(st, samples, 0, samples.length)).to.equal(2);
    expect(firstSaturatedSample(st, samples, 3 * 6, samples.length)).to.equal(5);
    expect(lastSaturatedSample(st, samples, 0, 10)).to.equal(7);
    expect(lastSaturatedSample(st, samples, 0, 6)).to.equal(5);
  });

  it('searches only before the end it is given', () => {
    const st = stateWith(32767, 32767);
    samples[8 * 6 + 2] = 32767;
    expect(firstSaturatedSample(st, samples, 0, 8 * 6)).to.equal(-1);
  });

  it('uses the gyro full scale when it differs from the accelerometer one', () => {
    const st = stateWith(4096, 20000);
    samples[4 * 6 + 3] = -20001;
    expect(firstSaturatedSample(st, samples, 0, samples.length)).to.equal(4);
    samples[4 * 6 + 3] = 4096; // an accelerometer limit on a gyro axis still reads as full scale
    expect(firstSaturatedSample(st, samples, 0, samples.length)).to.equal(4);
  });
});
