import { expect } from 'chai';
import { DEFAULT_PIPELINE_SETTINGS, pipelineFinish, pipelineGap, pipelineInit, pipelineProcess } from '../../../firmware/core/pipeline';
import { QUALITY_DRIFT, QUALITY_LEAN, QUALITY_LEAN_DRIFT, SummaryRecord } from '../../../firmware/core/summaryRecord';
import { KIND_RUNNING, STEP_LEAN_PROVISIONAL, StepRecord } from '../../../firmware/core/stepRecord';
import { generateSynthetic, SyntheticOptions, SyntheticRun } from '../../../host-tools/synthetic/generate';
import { recordingFromSynthetic } from '../../../host-tools/synthetic/syntheticRecording';
import { replayRecording } from '../../../host-tools/replay/replayRecording';
import { ReplayGap, ReplayStep, ReplaySummary } from '../../../host-tools/replay/replayRecords';

function replaySynthetic(options: SyntheticOptions): { run: SyntheticRun; steps: ReplayStep[]; summaries: ReplaySummary[]; gaps: ReplayGap[] } {
  const run = generateSynthetic(options);
  const { records } = replayRecording(recordingFromSynthetic(run));
  return {
    run,
    steps: records.filter((r): r is ReplayStep => r.type === 'step'),
    summaries: records.filter((r): r is ReplaySummary => r.type === 'summary'),
    gaps: records.filter((r): r is ReplayGap => r.type === 'gap'),
  };
}

const NOISY = { accNoiseMg: 10, gyroNoiseMdps: 200, gyroBiasMdps: [600, -400, 900] as [number, number, number] };

describe('detector pipeline', () => {
  it('finds no step at all in two minutes of standing still', () => {
    const { steps, summaries } = replaySynthetic({ ...NOISY, segments: [{ kind: 'standing', durationS: 120 }] });
    expect(steps).to.have.length(0);
    expect(summaries).to.have.length(12);
    expect(summaries.every((s) => s.steps === 0 && !s.quality.cadence)).to.equal(true);
  });

  it('counts walking as walking: no running step, walking steps matching the truth and the walking cadence', () => {
    const { run, steps, summaries } = replaySynthetic({ ...NOISY, segments: [{ kind: 'standing', durationS: 3 }, { kind: 'walking', durationS: 60, cadenceSpm: 110 }] });
    expect(steps.filter((s) => s.kind === 'running')).to.have.length(0);
    const truth = run.truth.steps.length;
    const walking = steps.filter((s) => s.kind === 'walking').length;
    expect(Math.abs(walking - truth)).to.be.at.most(2);
    const trusted = summaries.filter((s) => s.quality.walkingCadence);
    expect(trusted.length).to.be.at.least(4);
    for (const s of trusted) expect(Math.abs(s.walkingCadenceSpm - 110)).to.be.at.most(2);
  });

  it('finds the closing step of a walk that stops, at the truth\'s closing step, and no step the truth lacks', () => {
    const { run, steps } = replaySynthetic({ ...NOISY, segments: [{ kind: 'standing', durationS: 3 }, { kind: 'walking', durationS: 15, cadenceSpm: 110 }, { kind: 'standing', durationS: 4 }] });
    const truth = run.truth.steps;
    const closing = truth.filter((t) => t.closing);
    expect(closing).to.have.length(1);
    const walking = steps.filter((s) => s.kind === 'walking');
    expect(walking.filter((s) => Math.abs(s.tMs - closing[0].tMs) <= 60), 'the closing step').to.have.length(1);
    const unmatched = walking.filter((s) => !truth.some((t) => Math.abs(s.tMs - t.tMs) <= 60)).map((s) => s.tMs);
    expect(unmatched, 'walking steps no truth step is within 60 ms of').to.deep.equal([]);
  });

  it('tells a run from the walk before and after it', () => {
    const { steps } = replaySynthetic({
      ...NOISY,
      segments: [
        { kind: 'standing', durationS: 3 },
        { kind: 'walking', durationS: 20, cadenceSpm: 110 },
        { kind: 'running', durationS: 30, cadenceSpm: 170 },
        { kind: 'walking', durationS: 20, cadenceSpm: 110 },
      ],
    });
    const runningTimes = steps.filter((s) => s.kind === 'running').map((s) => s.tMs);
    expect(runningTimes.length).to.be.within(80, 86);

    expect(Math.min(...runningTimes)).to.be.at.least(23000 - 100);
    expect(Math.max(...runningTimes)).to.be.at.most(53000 + 100);
  });

  it('finds the first walking steps after a run, and no walking step inside it', () => {
    // Walking starts 0.7 s after the last running contact: waiting 1.5 s lost the first one or
    // two walking steps after every run. The step at the very end of the run (its contact comes
    // right after the last running step's) stays out of reach of both detectors.
    for (const rateHz of [52, 104, 208]) {
      for (const walkSpm of [100, 110, 125]) {
        const { run, steps } = replaySynthetic({
          ...NOISY,
          sampleRateHz: rateHz,
          seed: rateHz + walkSpm,
          segments: [
            { kind: 'standing', durationS: 3 },
            { kind: 'running', durationS: 20, cadenceSpm: 170 },
            { kind: 'walking', durationS: 10, cadenceSpm: walkSpm },
          ],
        });
        const walkStartMs = run.truth.segments[2].startMs;
        const walking = steps.filter((s) => s.kind === 'walking');
        expect(walking.filter((s) => s.tMs < walkStartMs - 100).map((s) => s.tMs), `${rateHz} Hz: walking steps inside the run`).to.deep.equal([]);
        const first = run.truth.steps.filter((t) => t.tMs > walkStartMs + 100 && t.tMs < walkStartMs + 2500);
        expect(first.length).to.be.at.least(3);
        const missed = first.filter((t) => !walking.some((s) => Math.abs(s.tMs - t.tMs) <= 150)).map((t) => Math.round(t.tMs));
        expect(missed, `${rateHz} Hz, walking at ${walkSpm} steps/min: walking steps missed in the 2.5 s after the run`).to.deep.equal([]);
      }
    }
  });

  it('gives the first running step out of standing or walking a flight of 0, never a negative time', () => {
    // With no flight before it, the contact extrapolated back to 0 g can fall before the last
    // contact's extrapolated toe-off: about 6 ms here, at 29 s (from walking) and 72 s (from standing).
    const { steps } = replaySynthetic({
      segments: [
        { kind: 'standing', durationS: 4 }, { kind: 'walking', durationS: 25 }, { kind: 'running', durationS: 40, cadenceSpm: 168 },
        { kind: 'standing', durationS: 3 }, { kind: 'running', durationS: 10, cadenceSpm: 182 },
      ],
    });
    const firstAfterPause = steps.filter((s) => s.kind === 'running' && s.stepMs === 0);
    expect(firstAfterPause.length).to.be.at.least(2);
    expect(steps.filter((s) => s.flightMs < 0).map((s) => `${s.tMs} ms: ${s.flightMs}`)).to.deep.equal([]);
    for (const s of firstAfterPause.filter((x) => x.flightMs === 0)) expect(s.vgrfBw100).to.equal(157); // pi/2 x (0 + 1)
  });

  it('takes a gyro offset far beyond any real bias (up to 1,500 dps, a faulty sensor still in range) out at the standing calibration: every step\'s pelvic drop and rotation as without it', () => {
    const segments: SyntheticOptions['segments'] = [{ kind: 'standing', durationS: 3 }, { kind: 'running', durationS: 30, cadenceSpm: 170 }];
    const clean = replaySynthetic({ ...NOISY, segments }).steps;
    expect(clean.filter((s) => s.kind === 'running').length).to.be.at.least(80);
    for (const gyroBiasMdps of [[0, 0, 1500000], [-1500000, 0, 0], [0, 1300000, -900000]] as [number, number, number][]) {
      const offset = replaySynthetic({ ...NOISY, gyroBiasMdps, segments }).steps;
      expect(offset.map((s) => s.tMs), `${gyroBiasMdps}: step times`).to.deep.equal(clean.map((s) => s.tMs));
      // the same noise, another bias: only the bias's measurement differs (a count's sixteenth)
      for (let i = 0; i < clean.length; i++) {
        for (const metric of ['dropCdeg', 'rotationCdeg'] as const) {
          expect(Math.abs(offset[i][metric] - clean[i][metric]), `${gyroBiasMdps}: step ${clean[i].index}: ${metric}`).to.be.at.most(5);
        }
      }
    }
  });

  it('flags steps with saturated samples and keeps their accelerometer metrics out of the summaries, their timing in', () => {
    // a +-2 g range clips every running impact between 20 and 30 s
    const { steps, summaries } = replaySynthetic({
      ...NOISY,
      segments: [{ kind: 'standing', durationS: 3 }, { kind: 'running', durationS: 50, cadenceSpm: 170 }],
      saturation: { accFullScaleCounts: 4096, fromS: 20, toS: 30 },
    });
    const saturated = steps.filter((s) => s.quality.includes('saturated'));
    expect(saturated.length).to.be.within(26, 32);
    for (const step of saturated) {
      expect(step.tMs).to.be.within(19500, 30500);
      expect(step.voMm).to.equal(0);
      expect(step.impactMg).to.equal(0);
      expect(step.contactMs).to.be.greaterThan(0);
    }
    const clipped = summaries.find((s) => s.startMs === 20000)!;
    expect(clipped.saturatedSteps).to.be.at.least(26);
    expect(clipped.quality.vo).to.equal(false);
    // the contacts still time every clipped step
    expect(clipped.quality.cadence).to.equal(true);
    expect(clipped.cadenceSpm).to.be.within(167, 173);
    const clean = summaries.find((s) => s.startMs === 40000)!;
    expect(clean.saturatedSteps).to.equal(0);
    expect(clean.quality.vo).to.equal(true);
  });

  it('reports dropped samples as a gap, restarts step detection after it and never bridges it with a step time', () => {
    const rate = 104;
    const { steps, gaps } = replaySynthetic({
      ...NOISY,
      sampleRateHz: rate,
      segments: [{ kind: 'standing', durationS: 3 }, { kind: 'running', durationS: 40, cadenceSpm: 170 }],
      droppedRanges: [[20 * rate, 52]],
    });
    expect(gaps).to.have.length(1);
    expect(gaps[0].missingSamples).to.equal(52);
    const after = steps.filter((s) => s.tMs > gaps[0].endMs);
    expect(after[0].quality).to.include('afterGap');
    expect(after[0].stepMs).to.equal(0);
    expect(after.slice(1).some((s) => s.quality.includes('afterGap')), 'only the first step after the gap').to.equal(false);
    const before = steps.filter((s) => s.tMs < gaps[0].startMs);
    expect(before.length + after.length).to.equal(steps.length);
    // nothing was lost before the gap: no step there says so, the first of the run included
    expect(before.filter((s) => s.quality.includes('afterGap'))).to.deep.equal([]);
    // the clock runs on through the gap: step times after it stay those of 170 spm
    const settled = after.filter((s) => !s.quality.includes('warmup'));
    expect(settled.length).to.be.greaterThan(50);
    for (const step of settled) expect(step.cadenceSpm).to.be.within(168, 172);
  });

  describe('a detector started mid-run, or after a long gap in it, at any point of the stride', () => {
    // Walking detection runs until the first running step holds it off; it must neither count a
    // contact the running detector gives (twice, out of time order) nor the contact the stream
    // begins inside (whose initial contact came before the first sample).
    const rate = 104;
    const cadenceSpm = 175;
    const strideSamples = Math.round((2 * 60 * rate) / cadenceSpm);
    const running = { kind: 'running' as const, durationS: 12, cadenceSpm, contactMs: 253 };

    /** steps before `cutoffMs` against the truth contacts from `fromMs` to it, one to one */
    function expectTruth(run: SyntheticRun, steps: ReplayStep[], fromMs: number, cutoffMs: number, label: string): void {
      const times = steps.map((s) => s.tMs);
      for (let i = 1; i < times.length; i++) expect(times[i], `${label}: step ${i} after step ${i - 1} (${times.join(' ')})`).to.be.greaterThan(times[i - 1]);
      const truth = run.truth.steps.filter((t) => t.tMs >= fromMs && t.tMs < cutoffMs).map((t) => t.tMs);
      const found = steps.filter((s) => s.tMs >= fromMs - 60 && s.tMs < cutoffMs);
      expect(found.length, `${label}: steps ${found.map((s) => s.tMs + s.kind[0]).join(' ')} for truth ${truth.map(Math.round).join(' ')}`).to.equal(truth.length);
      found.forEach((s, i) => expect(Math.abs(s.tMs - truth[i]), `${label}: step at ${s.tMs}`).to.be.at.most(60));
    }

    it('clipped on mid-stride: steps in time order, each truth contact seen from its start counted once', () => {
      for (let skipped = 1; skipped < strideSamples; skipped += 2) {
        const run = generateSynthetic({ ...NOISY, sampleRateHz: rate, segments: [running], droppedRanges: [[0, skipped]] });
        const { records } = replayRecording(recordingFromSynthetic(run));
        const steps = records.filter((r): r is ReplayStep => r.type === 'step');
        // a contact whose rise began less than a sample before the first sample still crosses both thresholds in it
        const firstMs = run.timesMs[0] - 1000 / rate;
        const last = run.truth.steps[run.truth.steps.length - 3];
        expectTruth(run, steps, firstMs, last.tMs + last.stepMs / 2, `first ${skipped} samples skipped`);
      }
    });

    it('after a gap of 2 s in the run (walking detection back on): the same', () => {
      const from = 5 * rate;
      for (let shift = 0; shift < strideSamples; shift += 3) {
        const gapSamples = 2 * rate;
        const run = generateSynthetic({ ...NOISY, sampleRateHz: rate, segments: [running], droppedRanges: [[from + shift, gapSamples]] });
        const { records } = replayRecording(recordingFromSynthetic(run));
        const steps = records.filter((r): r is ReplayStep => r.type === 'step');
        const endMs = ((from + shift + gapSamples) * 1000) / rate;
        const last = run.truth.steps[run.truth.steps.length - 3];
        expectTruth(run, steps.filter((s) => s.tMs >= endMs - 60), endMs - 1000 / rate, last.tMs + last.stepMs / 2, `gap from sample ${from + shift}`);
        expect(steps.filter((s) => s.tMs < endMs).every((s) => s.kind === 'running')).to.equal(true);
      }
    });
  });

  it('a gap of many windows: the window in progress closes at its end, the windows inside the gap are skipped on the grid, and the ones after go on', () => {
    const rate = 104;
    const windowSamples = 10 * rate;
    // 95.3 s lost from 24.5 s: the window 20-30 s is in progress, windows 30-40 .. 100-110 lie inside
    const gapFrom = Math.round(24.5 * rate);
    const gapSamples = Math.round(95.3 * rate);
    const { summaries, gaps } = replaySynthetic({
      ...NOISY, sampleRateHz: rate,
      segments: [{ kind: 'standing', durationS: 3 }, { kind: 'running', durationS: 160, cadenceSpm: 170 }],
      droppedRanges: [[gapFrom, gapSamples]],
    });
    expect(gaps.map((g) => g.missingSamples)).to.deep.equal([gapSamples]);
    const total = Math.ceil((163 * rate) / windowSamples);
    const inside = Math.floor((gapFrom + gapSamples) / windowSamples) - Math.ceil(gapFrom / windowSamples);
    expect(inside).to.equal(8);
    expect(summaries.map((s) => s.index)).to.deep.equal(
      Array.from({ length: total }, (_, i) => i + 1).filter((index) => index <= 3 || index > 3 + inside),
    );
    for (const summary of summaries) {
      expect(summary.endMs - summary.startMs, `window ${summary.index} spans one window`).to.be.at.most(10000);
      expect(summary.startMs % 10000, `window ${summary.index} on the grid`).to.equal(0);
    }
    // the window the gap ends in starts on the grid; the next is a whole window of running
    expect(summaries.find((s) => s.index === 4 + inside)!.startMs).to.equal(110000);
    const resumed = summaries.find((s) => s.index === 5 + inside)!;
    expect(resumed.startMs).to.equal(120000);
    expect(resumed.runningSteps).to.be.within(26, 30);
  });

  it('reports drift of lean and contact time against the first two minutes', () => {
    const { summaries } = replaySynthetic({
      ...NOISY,
      segments: [{ kind: 'standing', durationS: 3 }, { kind: 'running', durationS: 240, cadenceSpm: 170, leanCdeg: 500, leanDriftCdegPerMin: 200, contactDriftMsPerMin: 10 }],
    });
    const withDrift = summaries.filter((s) => s.quality.drift && s.quality.leanDrift);
    expect(withDrift.length).to.be.at.least(8);
    const last = withDrift[withDrift.length - 1];
    // baseline = median of the first 12 windows (about the first minute's middle); the last
    // window sits about 3 minutes later: +6 degrees of lean and +30 ms of contact
    expect(last.leanDriftCdeg).to.be.within(450, 750);
    expect(last.contactDriftMs).to.be.within(22, 38);
  });

  it('measures a run after a day of uptime as at the start: sample times past 2^23 (22 h at 104 Hz, 11 h at 208) change nothing but the clock', () => {
    for (const rateHz of [104, 208]) {
      const run = generateSynthetic({ ...NOISY, sampleRateHz: rateHz, segments: [{ kind: 'standing', durationS: 3 }, { kind: 'running', durationS: 60, cadenceSpm: 170 }] });
      const windowSamples = 10 * rateHz;
      /** the run after `idleWindows` whole windows the pod spent before it (a gap: no samples to process) */
      const detect = (idleWindows: number) => {
        const steps: StepRecord[] = [];
        const summaries: SummaryRecord[] = [];
        const state = pipelineInit({ ...DEFAULT_PIPELINE_SETTINGS, sampleRateHz: rateHz, scale: run.board.scale, axisMap: run.board.axisMap }, {
          step: (r) => steps.push({ ...r }),
          summary: (r) => summaries.push({ ...r }),
        });
        pipelineGap(state, idleWindows * windowSamples);
        for (let first = 0; first < run.sampleCount; first += 26) {
          const count = Math.min(26, run.sampleCount - first);
          pipelineProcess(state, run.samples.subarray(first * 6, (first + count) * 6), count);
        }
        pipelineFinish(state);
        const shiftMs = (idleWindows * windowSamples * 1000) / rateHz;
        return {
          steps: steps.map((s) => ({ ...s, tMs: s.tMs - shiftMs })),
          // the empty window the gap closed is left out
          summaries: summaries.filter((s) => s.startMs >= shiftMs).map((s) => ({ ...s, index: s.index - idleWindows, startMs: s.startMs - shiftMs, endMs: s.endMs - shiftMs })),
        };
      };
      const soon = detect(1);
      expect(soon.steps.filter((s) => s.cadenceSpm > 0).length, `${rateHz} Hz: steps with a cadence`).to.be.greaterThan(150);
      // 2^23 samples is 806.6 windows at 104 Hz; 2^24 (1,613.2 windows at 208 Hz, 22 h) and 2^25 go further
      for (const idleWindows of [Math.ceil(2 ** 23 / windowSamples), Math.ceil(2 ** 25 / windowSamples)]) {
        const later = detect(idleWindows);
        expect(later.steps, `${rateHz} Hz after ${idleWindows} windows: steps`).to.deep.equal(soon.steps);
        expect(later.summaries, `${rateHz} Hz after ${idleWindows} windows: summaries`).to.deep.equal(soon.summaries);
      }
    }
  });

  describe('lean drift compares lean only against a baseline of the same upright reference; running tells a stop bent over from a moved pod', () => {
    /** steps and summaries of runs fed one after the other into one detector (a run, a stop, a run), in blocks of 26 */
    function recordsOf(runs: SyntheticRun[]): { steps: StepRecord[]; summaries: SummaryRecord[] } {
      const steps: StepRecord[] = [];
      const summaries: SummaryRecord[] = [];
      const state = pipelineInit({ ...DEFAULT_PIPELINE_SETTINGS, scale: runs[0].board.scale, axisMap: runs[0].board.axisMap }, {
        step: (r) => steps.push({ ...r }),
        summary: (r) => summaries.push({ ...r }),
      });
      for (const run of runs) {
        for (let first = 0; first < run.sampleCount; first += 26) {
          const count = Math.min(26, run.sampleCount - first);
          pipelineProcess(state, run.samples.subarray(first * 6, (first + count) * 6), count);
        }
      }
      pipelineFinish(state);
      return { steps, summaries };
    }
    const summariesOf = (runs: SyntheticRun[]): SummaryRecord[] => recordsOf(runs).summaries;
    /** running at a steady lean (5 degrees unless given): the true drift is 0 throughout */
    const steadyRun = (durationS: number, leanCdeg = 500) => generateSynthetic({ ...NOISY, segments: [{ kind: 'running', durationS, cadenceSpm: 170, leanCdeg }] });
    /** standing still, the pelvis pitched forward by tiltDeg */
    const standing = (durationS: number, tiltDeg = 0) => generateSynthetic({ ...NOISY, mounting: { tiltDeg, tiltAxis: 'ml' }, segments: [{ kind: 'standing', durationS }] });
    const leanDrifts = (summaries: SummaryRecord[]) => summaries.filter((s) => (s.quality & QUALITY_LEAN_DRIFT) !== 0);
    const otherDrifts = (summaries: SummaryRecord[]) => summaries.filter((s) => (s.quality & QUALITY_DRIFT) !== 0);

    it('a run started without standing still: no lean drift before the first stop calibrates lean, then one against a baseline measured after it; the other drifts go on throughout', () => {
      const summaries = summariesOf([steadyRun(150), standing(5), steadyRun(150)]);
      const beforeStop = summaries.filter((s) => s.endMs <= 150000 && s.runningSteps > 20);
      expect(beforeStop.some((s) => (s.quality & (QUALITY_LEAN | QUALITY_LEAN_DRIFT)) !== 0), 'no lean, nor its drift, is trusted before the stop').to.equal(false);
      const afterStop = summaries.filter((s) => s.startMs >= 160000 && s.runningSteps > 20);
      expect(afterStop.every((s) => (s.quality & QUALITY_LEAN) !== 0 && Math.abs(s.leanCdeg - 500) < 60), 'lean calibrated after the stop').to.equal(true);
      // a lean baseline of 12 windows after the stop leaves the last few windows with a lean drift
      expect(leanDrifts(afterStop).length).to.be.at.least(2);
      for (const s of leanDrifts(summaries)) expect(Math.abs(s.leanDriftCdeg), `window ${s.index}: lean drift`).to.be.below(100);
      // contact and VO drift need no upright reference: from the run's first minutes on
      expect(otherDrifts(summaries).filter((s) => s.endMs <= 150000).length, 'contact drift before the stop').to.be.at.least(2);
      expect(otherDrifts(afterStop).length).to.equal(afterStop.length);
    });

    it('a run started without standing still: the window in which the first stand calibrates lean trusts only the lean of its steps after the stand, and none when all came before (a stop at a standstill)', () => {
      // a 3 s stand 3.5 s into a window: 10 steps before it against the estimated upright, 7 after (past the first few, which are left out)
      const mixed = summariesOf([steadyRun(143.5), standing(3), steadyRun(64)]);
      const standWindow = mixed.find((s) => s.startMs === 140000)!;
      expect(standWindow.quality & QUALITY_LEAN, 'lean of the steps after the stand').to.equal(QUALITY_LEAN);
      expect(Math.abs(standWindow.leanCdeg - 500), `lean ${standWindow.leanCdeg} cdeg`).to.be.below(60);
      // the recording stopped 3 s into a stand: the last window's steps all came before it
      const stopped = summariesOf([steadyRun(155), standing(3)]);
      const last = stopped[stopped.length - 1];
      expect(last.startMs).to.equal(150000);
      expect(last.steps, 'steps in the last window').to.be.above(10);
      expect(last.quality & QUALITY_LEAN, `window ${last.index}: lean of the estimated upright only`).to.equal(0);
      expect(stopped.some((s) => (s.quality & QUALITY_LEAN) !== 0), 'no window trusts lean').to.equal(false);
    });

    /** running windows that start at or after `fromMs` */
    const runningFrom = (summaries: SummaryRecord[], fromMs: number) => summaries.filter((s) => s.startMs >= fromMs && s.runningSteps > 20);
    const standingStart = () => generateSynthetic({ ...NOISY, segments: [{ kind: 'standing', durationS: 3 }, { kind: 'running', durationS: 150, cadenceSpm: 170, leanCdeg: 500 }] });

    it('a stop bent over (pelvis pitched 15 degrees forward or back, abrupt or creeping 1 degree a chunk): running turns the pod back, so lean after it is against the upright from before it, and lean drift goes on', () => {
      for (const sign of [1, -1]) {
        const creeping = [standing(2)];
        for (let tilt = 1; tilt <= 15; tilt++) creeping.push(standing(0.5, sign * tilt));
        for (const stop of [[standing(5, sign * 15)], [...creeping, standing(3, sign * 15)]]) {
          const summaries = summariesOf([standingStart(), ...stop, steadyRun(150)]);
          const stopEndMs = summaries.find((s) => s.startMs >= 160000)!.startMs;
          // the window holding the steps that tested the new reference counts for no drift; every later one does
          const after = runningFrom(summaries, stopEndMs + 10000);
          expect(after.length).to.be.at.least(12);
          for (const s of after) expect(Math.abs(s.leanCdeg - 500), `tilt ${sign * 15}: window ${s.index}: lean`).to.be.below(100);
          expect(leanDrifts(after).length, `tilt ${sign * 15}: lean drift after the stop against the baseline from before it`).to.equal(after.length);
          for (const s of leanDrifts(summaries)) expect(Math.abs(s.leanDriftCdeg), `window ${s.index}: lean drift`).to.be.below(100);
        }
      }
    });

    it('a pod moved on the waistband at a stop (tilted 15 degrees, worn so after it): the new upright holds, and lean drift starts again against a baseline measured after it', () => {
      for (const tiltDeg of [15, -15]) {
        const movedRun = generateSynthetic({ ...NOISY, mounting: { tiltDeg, tiltAxis: 'ml' }, segments: [{ kind: 'running', durationS: 150, cadenceSpm: 170, leanCdeg: 500 }] });
        const summaries = summariesOf([standingStart(), standing(5, tiltDeg), movedRun]);
        const stopEndMs = summaries.find((s) => s.startMs >= 160000)!.startMs;
        const after = runningFrom(summaries, stopEndMs);
        for (const s of after) expect(Math.abs(s.leanCdeg - 500), `tilt ${tiltDeg}: window ${s.index}: lean`).to.be.below(100);
        // the window holding the stop has none, nor have the new baseline's (12 windows, the first 10 s after it at least)
        expect(leanDrifts(summaries).filter((s) => s.startMs >= 150000 && s.startMs < stopEndMs + 100000), `tilt ${tiltDeg}`).to.deep.equal([]);
        expect(leanDrifts(after).length, `tilt ${tiltDeg}: lean drift once the new baseline is measured`).to.be.at.least(2);
        for (const s of leanDrifts(summaries)) expect(Math.abs(s.leanDriftCdeg), `window ${s.index}: lean drift`).to.be.below(100);
      }
    });

    it('a pod moved 12 degrees at a stop, and the runner leaning 7 degrees less after it: no clear answer from running, so the new upright holds and lean is not compared across the stop', () => {
      const movedRun = generateSynthetic({ ...NOISY, mounting: { tiltDeg: 12, tiltAxis: 'ml' }, segments: [{ kind: 'running', durationS: 60, cadenceSpm: 170, leanCdeg: -200 }] });
      const summaries = summariesOf([standingStart(), standing(5, 12), movedRun]);
      const after = runningFrom(summaries, 170000);
      expect(after.length).to.be.at.least(3);
      for (const s of after) expect(Math.abs(s.leanCdeg + 200), `window ${s.index}: lean`).to.be.below(100);
      expect(leanDrifts(after)).to.deep.equal([]);
    });

    it('the running steps measured against an upright a stop set carry leanProvisional until running or an upright stop settles it, and a window\'s lean leaves them out', () => {
      const provisional = (steps: StepRecord[]) => steps.filter((s) => (s.quality & STEP_LEAN_PROVISIONAL) !== 0);
      const firstAfter = (steps: StepRecord[], fromMs: number) => steps.findIndex((s) => s.tMs >= fromMs && s.kind === KIND_RUNNING);
      const moved = (tiltDeg: number) => generateSynthetic({ ...NOISY, mounting: { tiltDeg, tiltAxis: 'ml' }, segments: [{ kind: 'running', durationS: 40, cadenceSpm: 170, leanCdeg: 500 }] });
      // what the lean of the steps past warm-up reads against the new upright, and after the test
      for (const [what, stop, after, offCdeg, leanAfterCdeg] of [
        ['bent 15 forward', standing(5, 15), steadyRun(40), -1500, 500],
        ['bent 15 back, 7 s', standing(7, -15), steadyRun(40), 1500, 500],
        ['moved 15 forward', standing(5, 15), moved(15), 0, 500],
        ['moved 15 back', standing(5, -15), moved(-15), 0, 500],
        ['8 forward, too little to test', standing(5, 8), steadyRun(40), -800, -300],
      ] as [string, SyntheticRun, SyntheticRun, number, number][]) {
        const { steps, summaries } = recordsOf([standingStart(), stop, after]);
        const first = firstAfter(steps, 155000);
        expect(first, what).to.be.above(100);
        expect(provisional(steps), what).to.deep.equal(steps.slice(first, first + 8));
        for (const s of steps.slice(first + 3, first + 8)) expect(s.leanCdeg - 500, `${what}: step ${s.index}: lean`).to.be.within(offCdeg - 300, offCdeg + 300);
        for (const s of steps.slice(first + 10)) expect(s.leanCdeg, `${what}: step ${s.index}: lean`).to.be.within(leanAfterCdeg - 300, leanAfterCdeg + 300);
        // the window that holds the stop and the test, and every one after, from the steps that
        // count (an upright moved 8 degrees holds: the window of the stop mixes lean before and after)
        const fromMs = leanAfterCdeg === 500 ? 153000 : 160000;
        for (const w of summaries.filter((w) => w.endMs > fromMs && w.startMs >= fromMs - 10000 && w.runningSteps > 5)) {
          expect(w.leanCdeg, `${what}: window ${w.index}: lean`).to.be.within(leanAfterCdeg - 100, leanAfterCdeg + 100);
        }
      }
      // a stop from 151 to 157.5 s: the window of 150 to 160 s holds a second of running before it
      // and the test's steps after it, whose lean would be most of the window's
      const early = generateSynthetic({ ...NOISY, segments: [{ kind: 'standing', durationS: 3 }, { kind: 'running', durationS: 148, cadenceSpm: 170, leanCdeg: 500 }] });
      const held = recordsOf([early, standing(6.5, 15), steadyRun(30)]).summaries.find((w) => w.startMs === 150000);
      expect(held?.runningSteps, 'steps in the window holding the stop').to.be.within(8, 14);
      expect(held?.leanCdeg, 'its lean').to.be.within(400, 600);
      // bent over, four or five steps, then upright again: those steps only, given back by the upright stop
      const start = generateSynthetic({ ...NOISY, segments: [{ kind: 'standing', durationS: 3 }, { kind: 'running', durationS: 146, cadenceSpm: 170, leanCdeg: 500 }] });
      const { steps } = recordsOf([start, standing(2.5, 15), steadyRun(1.5), standing(2), steadyRun(30)]);
      const first = firstAfter(steps, 149000);
      const second = firstAfter(steps, 154000);
      expect(second - first, 'steps between the stops').to.be.within(3, 6);
      expect(provisional(steps)).to.deep.equal(steps.slice(first, second));
    });

    it('a pod worn turned round: the running after a stop bent over still gives the upright from before it back', () => {
      const reversed = (segments: SyntheticOptions['segments'], tiltDeg = 0) => generateSynthetic({ ...NOISY, mounting: { reversed: true, tiltDeg, tiltAxis: 'ml' }, segments });
      // upright, then bent over before the first run: the pod learns it is turned round while the
      // running tests the new upright
      const summaries = summariesOf([
        reversed([{ kind: 'standing', durationS: 3 }]),
        reversed([{ kind: 'standing', durationS: 5 }], 15),
        reversed([{ kind: 'running', durationS: 90, cadenceSpm: 170, leanCdeg: 500 }]),
      ]);
      const after = runningFrom(summaries, 10000);
      expect(after.length).to.be.at.least(4);
      for (const s of after) expect(Math.abs(s.leanCdeg - 500), `window ${s.index}: lean`).to.be.below(100);
    });

    it('bent over at a stop, a few running steps, then upright at a second stop: the old upright comes back, and the window holding the steps measured bent over counts for no lean drift', () => {
      // running from 3 to 149 s, bent over until 151.5 s, four or five steps, upright from 153 to 155 s
      const start = generateSynthetic({ ...NOISY, segments: [{ kind: 'standing', durationS: 3 }, { kind: 'running', durationS: 146, cadenceSpm: 170, leanCdeg: 500 }] });
      const summaries = summariesOf([start, standing(2.5, 15), steadyRun(1.5), standing(2), steadyRun(60)]);
      const holding = summaries.find((s) => s.startMs <= 152000 && s.endMs > 152000)!;
      expect(holding.quality & QUALITY_LEAN_DRIFT, `window ${holding.index}`).to.equal(0);
      for (const s of runningFrom(summaries, holding.endMs)) expect(Math.abs(s.leanCdeg - 500), `window ${s.index}: lean`).to.be.below(100);
      // the upright stop ends at the window's end: the next window may count for none either
      const after = runningFrom(summaries, holding.endMs + 10000);
      expect(after.length).to.be.at.least(3);
      expect(leanDrifts(after).length).to.equal(after.length);
    });

    it('a stretch bent over before the first run (15 degrees): lean against the standing upright, the runner\'s lean before it taken as a typical 5 degrees', () => {
      const summaries = summariesOf([standing(3), standing(5, 15), steadyRun(60)]);
      const running = runningFrom(summaries, 0);
      expect(running.length).to.be.at.least(4);
      for (const s of running) expect(Math.abs(s.leanCdeg - 500), `window ${s.index}: lean`).to.be.below(100);
    });

    it('bent over, then upright again before running: the upright from before the stop at once, and lean drift goes on', () => {
      const summaries = summariesOf([standingStart(), standing(5, 20), standing(3), steadyRun(150)]);
      const after = runningFrom(summaries, 170000);
      for (const s of after) expect(Math.abs(s.leanCdeg - 500), `window ${s.index}: lean`).to.be.below(100);
      expect(leanDrifts(after).length).to.equal(after.length);
    });

    it('a stop 8 degrees forward, too little for running to tell a posture from a moved pod: the new upright holds', () => {
      const summaries = summariesOf([standingStart(), standing(5, 8), steadyRun(60)]);
      const after = runningFrom(summaries, 170000);
      expect(after.length).to.be.at.least(3);
      // the run after is worn as before: its lean reads 8 degrees back
      for (const s of after) expect(s.leanCdeg, `window ${s.index}: lean`).to.be.within(500 - 800 - 100, 500 - 800 + 100);
      expect(leanDrifts(after)).to.deep.equal([]);
    });

    it('intervals with stops bent over: lean drift within and across them against one baseline, contact drift throughout', () => {
      const parts = [standing(3)];
      for (let i = 0; i < 4; i++) parts.push(steadyRun(180), standing(15, i % 2 === 0 ? 15 : 0));
      const summaries = summariesOf(parts);
      const running = summaries.filter((s) => s.runningSteps > 20);
      expect(otherDrifts(running).length, 'contact and VO drift in most running windows').to.be.at.least(running.length - 14);
      // one lean baseline (12 windows), then lean drift in every running window but those holding a stop and its test
      expect(leanDrifts(summaries).length).to.be.at.least(running.length - 12 - 8);
      for (const s of running) expect(Math.abs(s.leanCdeg - 500), `window ${s.index}: lean`).to.be.below(100);
      for (const s of leanDrifts(summaries)) expect(Math.abs(s.leanDriftCdeg), `window ${s.index}: lean drift`).to.be.below(100);
    });

    it('a stop 2.5 degrees from upright keeps the reference: lean and its drift go on as before it', () => {
      const summaries = summariesOf([standingStart(), standing(20, 2.5), steadyRun(150)]);
      const after = summaries.filter((s) => s.startMs >= 180000 && s.runningSteps > 20);
      expect(leanDrifts(after).length, 'the baseline from before the stop holds after it').to.equal(after.length);
      for (const s of after) expect(Math.abs(s.leanCdeg - 500), `window ${s.index}: lean`).to.be.below(100);
      for (const s of leanDrifts(summaries)) expect(Math.abs(s.leanDriftCdeg), `window ${s.index}: lean drift`).to.be.below(100);
    });
  });

  it('handles any block size with identical results', () => {
    const run = generateSynthetic({ ...NOISY, segments: [{ kind: 'standing', durationS: 3 }, { kind: 'running', durationS: 20 }] });
    const outputs: string[] = [];
    for (const blockSamples of [1, 7, 26, 64, 500]) {
      const steps: StepRecord[] = [];
      const state = pipelineInit({ ...DEFAULT_PIPELINE_SETTINGS, sampleRateHz: run.sampleRateHz, scale: run.board.scale, axisMap: run.board.axisMap }, {
        step: (r) => steps.push({ ...r }),
        summary: () => undefined,
      });
      for (let first = 0; first < run.sampleCount; first += blockSamples) {
        const count = Math.min(blockSamples, run.sampleCount - first);
        pipelineProcess(state, run.samples.subarray(first * 6, (first + count) * 6), count);
      }
      pipelineFinish(state);
      outputs.push(JSON.stringify(steps));
    }
    expect(JSON.parse(outputs[0]).length).to.be.greaterThan(50);
    for (const output of outputs) expect(output).to.equal(outputs[0]);
  });

  it('reads gyro-first samples (the IMU FIFO order) with gyroFirst set, with identical results', () => {
    const run = generateSynthetic({ ...NOISY, segments: [{ kind: 'standing', durationS: 3 }, { kind: 'running', durationS: 20 }] });
    const gyroFirst = new Int16Array(run.samples.length);
    for (let i = 0; i < run.sampleCount; i++) {
      gyroFirst.set(run.samples.subarray(i * 6 + 3, i * 6 + 6), i * 6);
      gyroFirst.set(run.samples.subarray(i * 6, i * 6 + 3), i * 6 + 3);
    }
    const outputs: string[] = [];
    for (const [samples, isGyroFirst] of [[run.samples, false], [gyroFirst, true]] as Array<[Int16Array, boolean]>) {
      const steps: StepRecord[] = [];
      const settings = { ...DEFAULT_PIPELINE_SETTINGS, sampleRateHz: run.sampleRateHz, scale: run.board.scale, axisMap: run.board.axisMap, gyroFirst: isGyroFirst };
      const state = pipelineInit(settings, { step: (r) => steps.push({ ...r }), summary: () => undefined });
      for (let first = 0; first < run.sampleCount; first += 26) {
        const count = Math.min(26, run.sampleCount - first);
        pipelineProcess(state, samples.subarray(first * 6, (first + count) * 6), count);
      }
      outputs.push(JSON.stringify(steps));
    }
    expect(JSON.parse(outputs[0]).length).to.be.greaterThan(50);
    expect(outputs[1]).to.equal(outputs[0]);
  });
});
