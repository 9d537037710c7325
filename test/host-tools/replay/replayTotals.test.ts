import { expect } from 'chai';
import { stepRecordCreate } from '../../../firmware/core/stepRecord';
import { ReplayStep, replayStepFromRecord } from '../../../host-tools/replay/replayRecords';
import { ReplayCounts, medianInt, replayTotals } from '../../../host-tools/replay/replayTotals';

const COUNTS: ReplayCounts = {
  samples: 1040,
  missingSamples: 0,
  sampleRateHz: 104,
  startMs: 0,
  endMs: 9990,
  gaps: 0,
  saturatedSamples: 0,
  windows: 1,
  inputError: null,
};

function step(fields: Partial<Omit<ReplayStep, 'type'>>): ReplayStep {
  return { ...replayStepFromRecord(stepRecordCreate(), 0), ...fields };
}

describe('replayTotals', () => {
  it('takes the middle value of an odd count and the rounded mean of the middle two of an even count', () => {
    expect(medianInt([5, 1, 3])).to.equal(3);
    expect(medianInt([4, 1, 3, 10])).to.equal(4); // (3 + 4) / 2 = 3.5 -> 4
    expect(medianInt([170, 171])).to.equal(171);
    expect(medianInt([-3, -2])).to.equal(-2); // -2.5 rounds up
    expect(medianInt([])).to.equal(null);
  });

  it('gives null medians when there are no running steps', () => {
    const totals = replayTotals([step({ kind: 'walking', stepMs: 545, cadenceSpm: 110 })], COUNTS);
    expect(totals.runningSteps).to.equal(0);
    expect(totals.walkingSteps).to.equal(1);
    expect(totals.cadenceSpm).to.equal(null);
    expect(totals.dropLeftCdeg).to.equal(null);
    expect(totals.gctBalanceLeftPct100).to.equal(null);
    expect(totals.walkingCadenceSpm).to.equal(110);
  });

  it('takes medians over running steps only, drop per stance side, and GCT balance from the side medians', () => {
    const steps = [
      step({ kind: 'running', side: 'L', stepMs: 353, cadenceSpm: 170, contactMs: 240, dropCdeg: 500, voMm: 80 }),
      step({ kind: 'running', side: 'R', stepMs: 345, cadenceSpm: 174, contactMs: 260, dropCdeg: 700, voMm: 90 }),
      step({ kind: 'running', side: 'L', stepMs: 337, cadenceSpm: 178, contactMs: 250, dropCdeg: 520, voMm: 85 }),
      step({ kind: 'running', side: 'R', stepMs: 333, cadenceSpm: 180, contactMs: 262, dropCdeg: 710, voMm: 95 }),
      step({ kind: 'walking', side: 'L', stepMs: 600, cadenceSpm: 100, contactMs: 600, dropCdeg: 100, voMm: 30 }),
    ];
    const totals = replayTotals(steps, COUNTS);
    expect(totals.steps).to.equal(5);
    expect(totals.runningSteps).to.equal(4);
    // strides 698, 682 and 670 ms: 6 steps in 2050 ms
    expect(totals.cadenceSpm).to.equal(176);
    expect(totals.voMm).to.equal(88); // (85 + 90) / 2 = 87.5 -> 88
    expect(totals.dropLeftCdeg).to.equal(510);
    expect(totals.dropRightCdeg).to.equal(705);
    // L 245 ms, R 261 ms: 245 / 506 = 48.42 %
    expect(totals.gctBalanceLeftPct100).to.equal(4842);
    expect(totals.walkingCadenceSpm).to.equal(100);
  });

  it('takes cadence from strides, as the pod\'s windows do: running steps past warm-up, saturated ones too, and walking steps with a step time', () => {
    const running = (stepMs: number, quality: string[] = []) => step({ kind: 'running', stepMs, cadenceSpm: stepMs > 0 ? Math.round(60000 / stepMs) : 0, quality });
    const walking = (stepMs: number) => step({ kind: 'walking', stepMs, cadenceSpm: stepMs > 0 ? Math.round(60000 / stepMs) : 0 });
    const steps = [
      // warm-up: the run's first steps, left out (a 300 ms step would pull the cadence up)
      running(0, ['warmup']), running(300, ['warmup']), running(300, ['warmup']),
      // 330 and 420 ms by turns (the median of their cadences, 143 and 182, says nothing of 160)
      ...Array.from({ length: 12 }, (_, i) => running(i % 2 === 0 ? 330 : 420, i === 5 ? ['saturated'] : [])),
      // a walk: its first step has no step time; 560 and 680 ms by turns, 1240 ms strides
      walking(0), ...Array.from({ length: 8 }, (_, i) => walking(i % 2 === 0 ? 560 : 680)),
    ];
    const totals = replayTotals(steps, COUNTS);
    expect(totals.cadenceSpm).to.equal(160);
    expect(totals.walkingCadenceSpm).to.equal(97);
    expect(replayTotals(steps.slice(0, 3), COUNTS).cadenceSpm, 'warm-up only').to.equal(null);
  });

  it('counts the duration over samples and missing samples at the replay rate', () => {
    const totals = replayTotals([], { ...COUNTS, samples: 1000, missingSamples: 40, gaps: 2 });
    expect(totals.durationMs).to.equal(10000);
    // where the recording clock (the stamps) runs at another rate than the detector, at the clock's
    expect(replayTotals([], { ...COUNTS, samples: 1000, missingSamples: 40, stampRateHz: 103.6 }).durationMs).to.equal(Math.round(1040000 / 103.6));
    expect(totals.gaps).to.equal(2);
    expect(totals.missingSamples).to.equal(40);
  });
});
