import { expect } from 'chai';
import { readPodRecording } from '../../../host-tools/recording/podRecording';
import { ESTIMATED_UPRIGHT_WORDS, Insight, insightsOf, MIN_STEPS_FOR_VERDICT, MIN_STEPS_PER_SIDE_FOR_VERDICT, MIN_VARIABILITY_STEPS_PER_SIDE, MIN_VARIABILITY_WINDOWS, verticalRatioBandWords } from '../../../host-tools/report/insights';
import { KIND_RUNNING, STEP_LEAN_PROVISIONAL, STEP_SATURATED, STEP_UNCALIBRATED, STEP_WARMUP } from '../../../firmware/core/stepRecord';
import { QUALITY_LEAN, QUALITY_LEAN_DRIFT } from '../../../firmware/core/summaryRecord';
import { clockOf } from '../../../host-tools/report/reportFormat';
import { reportChartsOf } from '../../../host-tools/report/reportCharts';
import { reportDataOf } from '../../../host-tools/report/reportData';
import { ASYMMETRIC_RUN, ASYMMETRIC_STEADY_RUN, CONTACT_SHORTENING_RUN, FATIGUE_RUN, LEAN_GROWING_RUN, RIGHT_STANCE_TIRING_RUN, STANDING_THEN_WALK, STEADY_RUN, startedAnewRecording, syntheticRecording, THIRTY_SECOND_RUN, TWELVE_SECOND_RUN, TWO_MINUTE_RUN, WALK_WITH_A_FEW_RUNNING_STEPS, walkingRecording } from './reportFixtures';

async function insightsFor(dir: Promise<string>): Promise<Insight[]> {
  return insightsOf(reportDataOf(readPodRecording(await dir)));
}

function byId(insights: Insight[], id: string): Insight {
  const found = insights.find((i) => i.id === id);
  if (found === undefined) throw new Error(`no ${id} insight among ${insights.map((i) => i.id).join(', ')}`);
  return found;
}

describe('report insights', () => {
  it('gives a run at 160 steps/min its cadence and the +5-10 % band 168-176', async () => {
    const cadence = byId(await insightsFor(syntheticRecording('steady', STEADY_RUN)), 'cadence');
    expect(cadence.values.cadenceSpm).to.equal(160);
    expect(cadence.values.bandLowSpm).to.equal(168);
    expect(cadence.values.bandHighSpm).to.equal(176);
    expect(cadence.values.bandSuggested).to.equal(true);
    expect(cadence.level).to.equal('watch');
    expect(cadence.measured).to.contain('160 steps/min').and.contain('168-176 steps/min');
    expect(cadence.meaning).to.match(/~180/);
    // ~4 min at 160 spm: the steps the medians rest on are counted in the evidence
    expect(cadence.values.steps as number).to.be.within(600, 645);
    expect(cadence.evidence).to.contain(`based on ${cadence.values.steps} running steps`);
  });

  it('says a cadence of 180 steps/min is right at the ~180 rule of thumb, not "0 above" it', async () => {
    const cadence = byId(await insightsFor(syntheticRecording('cadence-180', {
      segments: [{ kind: 'standing', durationS: 5 }, { kind: 'running', durationS: 60, cadenceSpm: 180 }],
    })), 'cadence');
    expect(cadence.values.cadenceSpm).to.equal(180);
    expect(cadence.measured).to.contain('right at the ~180 rule of thumb').and.not.contain('0 above');
    expect(cadence.level).to.equal('good');
  });

  it('tells a runner with a pronounced forward lean or leaning back what to try, and a runner with a moderate lean nothing to change', async () => {
    const pronounced = byId(await insightsFor(syntheticRecording('lean-13', {
      segments: [{ kind: 'standing', durationS: 5 }, { kind: 'running', durationS: 60, cadenceSpm: 176, leanCdeg: 1300 }],
    })), 'lean');
    expect(pronounced.values.leanCdeg as number).to.be.within(1150, 1450);
    expect(pronounced.level).to.equal('watch');
    expect(pronounced.measured).to.contain('pronounced forward lean');
    expect(pronounced.meaning).to.contain('Common responses').and.contain('run tall');
    const back = byId(await insightsFor(syntheticRecording('lean-back', {
      segments: [{ kind: 'standing', durationS: 5 }, { kind: 'running', durationS: 60, cadenceSpm: 176, leanCdeg: -300 }],
    })), 'lean');
    expect(back.level).to.equal('watch');
    expect(back.measured).to.contain('leaning back');
    expect(back.meaning).to.contain('Common responses').and.contain('from the ankles');
    const moderate = byId(await insightsFor(syntheticRecording('steady', STEADY_RUN)), 'lean');
    expect(moderate.level).to.equal('good');
    expect(moderate.meaning).to.not.contain('Common responses');
  });

  it('calls a bounce worth a look on the high side, not typical, and says where the report\'s small and large begin', async () => {
    // 160 steps/min with 250 ms contact: about 89 mm of bounce (the generator's truth)
    const vo = byId(await insightsFor(syntheticRecording('steady', STEADY_RUN)), 'verticalOscillation');
    expect(vo.values.voMm as number).to.be.within(81, 100);
    expect(vo.level).to.equal('note');
    expect(vo.measured).to.contain('on the high side').and.not.contain('typical');
    expect(vo.measured).to.contain('up to 80 mm counts as small, above 100 mm as large');
    expect(vo.evidence).to.contain('bounce trustworthy').and.not.match(/\bVO\b/);
  });

  it('places the vertical ratio in the bands running watches show it in (it had no reference at all), from the bounce and the step length at the set speed', async () => {
    // 160 steps/min at 3.0 m/s: steps of 1.125 m; about 89 mm of bounce, so about 7.9 %
    const vo = byId(await insightsFor(syntheticRecording('steady at 3 m/s', STEADY_RUN, 3000)), 'verticalOscillation');
    const ratioPct = vo.values.verticalRatioPct as number;
    expect(ratioPct).to.be.closeTo((vo.values.voMm as number) / 1125 * 100, 0.3);
    // the band is the one of the figure shown, to a tenth (7.46 is shown as 7.5 %: the middle band)
    const shown = (Math.round(ratioPct * 10) / 10).toFixed(1);
    expect(vo.measured).to.contain(`Vertical ratio (bounce per step length at 3.0 m/s) ${shown} %: in the band `);
    const [, from, to] = /in the band (\d+\.\d)-(\d+\.\d) %/.exec(vo.measured) ?? [];
    expect(Number(shown)).to.be.within(Number(from), Number(to));
    expect(verticalRatioBandWords(5.9)).to.contain('under 6.1 %, where the best 5 % of runners are');
    expect(verticalRatioBandWords(6.1)).to.contain('6.1-7.4 %, better than about 70 % of runners');
    expect(verticalRatioBandWords(7.45)).to.contain('6.1-7.4 %');
    expect(verticalRatioBandWords(7.5)).to.contain('7.5-8.6 %, the middle 40 %');
    expect(verticalRatioBandWords(8.6)).to.contain('7.5-8.6 %');
    expect(verticalRatioBandWords(8.7)).to.contain('8.7-10.1 %, higher than about 70 % of runners');
    expect(verticalRatioBandWords(10.1)).to.contain('8.7-10.1 %');
    expect(verticalRatioBandWords(10.2)).to.contain('above 10.1 %, where the last 5 % of runners are');
  });

  it('says why the running insights rest on fewer steps than the recording\'s running steps: the warm-up steps', async () => {
    const insights = await insightsFor(syntheticRecording('steady', STEADY_RUN));
    const activity = byId(insights, 'activity');
    const warmup = (activity.values.runningSteps as number) - (activity.values.analysedRunningSteps as number);
    expect(warmup).to.be.within(1, 3);
    expect(activity.measured).to.contain(`${warmup} running step${warmup === 1 ? '' : 's'} left out of the medians below: the first (up to 3) each time running starts`);
    expect(byId(insights, 'verticalOscillation').evidence).to.contain(`based on ${activity.values.analysedRunningSteps} running steps`);
  });

  it('says lean drift is not compared because the pod never stood still, and how to get it, in a run without a standing calibration', async () => {
    const drift = byId(await insightsFor(syntheticRecording('uncalibrated-3min', { kind: 'running', durationS: 200, cadenceSpm: 176, seed: 4 })), 'drift');
    expect(drift.values.assessed).to.equal(true);
    expect(drift.values.leanDriftCdeg).to.equal(undefined);
    expect(drift.measured).to.contain('lean not compared (no standing calibration: stand still for a few seconds after starting the pod');
    expect(drift.measured).to.not.contain('upright reference');
  });

  it('times the cadence with saturated steps too, as the pod does, and leaves them out of the load metrics', async () => {
    // a +-2 g range clips the impacts for 20 s of a 60 s run at 160 steps/min
    const dir = syntheticRecording('clipped', {
      segments: [{ kind: 'standing', durationS: 5 }, { kind: 'running', durationS: 60, cadenceSpm: 160 }],
      saturation: { accFullScaleCounts: 4096, fromS: 25, toS: 45 },
    });
    const insights = await insightsFor(dir);
    const activity = byId(insights, 'activity');
    expect(activity.values.saturatedSteps as number).to.be.within(50, 56);
    const cadence = byId(insights, 'cadence');
    expect(cadence.values.cadenceSpm).to.equal(160);
    // every running step after the warm-up has a step time, the clipped ones included
    const analysed = activity.values.analysedRunningSteps as number;
    expect(cadence.values.steps).to.equal(analysed + (activity.values.saturatedSteps as number));
    expect(analysed).to.be.within(100, 115);
  });

  it('a run whose every impact clips: cadence from the steps\' times, and the load and pelvis insights withheld, from the steps and from the pod\'s windows alike', async () => {
    const recording = readPodRecording(await syntheticRecording('all-clipped', {
      segments: [{ kind: 'standing', durationS: 5 }, { kind: 'running', durationS: 60, cadenceSpm: 160 }],
      saturation: { accFullScaleCounts: 4096, fromS: 0, toS: 70 },
    }));
    const logOnly = { ...recording, lines: recording.lines.filter((l) => l.type === 'summary' || l.type === 'summaryForm') };
    for (const [source, insights] of [['steps', insightsOf(reportDataOf(recording))], ['windows', insightsOf(reportDataOf(logOnly))]] as const) {
      expect(insights.map((i) => i.id), source).to.deep.equal(['activity', 'cadence', 'tooFewUnsaturated']);
      expect(byId(insights, 'cadence').values.cadenceSpm, source).to.equal(160);
      for (const insight of insights) {
        expect(insight.measured + insight.evidence + insight.meaning, `${source} ${insight.id}`).to.not.match(/NaN|undefined|Infinity/);
      }
    }
    const charts = reportChartsOf(reportDataOf(recording), insightsOf(reportDataOf(recording)));
    expect(charts.map((c) => c.id)).to.deep.equal(['chart-cadence', 'hist-cadence']);
  });

  it('ties every running insight to its evidence and calls the recording calibrated after standing', async () => {
    const insights = await insightsFor(syntheticRecording('steady', STEADY_RUN));
    expect(insights.map((i) => i.id)).to.deep.equal([
      'activity', 'cadence', 'verticalOscillation', 'contact', 'braking', 'pelvicDrop', 'rotation', 'lean', 'consistency', 'drift',
    ]);
    for (const insight of insights) {
      expect(insight.measured, insight.id).to.not.equal('');
      expect(insight.evidence, insight.id).to.not.equal('');
      expect(insight.meaning, insight.id).to.not.equal('');
      expect(insight.measured + insight.evidence + insight.meaning, insight.id).to.not.match(/NaN|undefined|Infinity/);
    }
    expect(byId(insights, 'activity').values.calibrated).to.equal(true);
    const lean = byId(insights, 'lean');
    expect(lean.evidence).to.contain('calibrated: lean is absolute');
    // the generator's default lean is 5°
    expect(lean.values.leanCdeg as number).to.be.within(350, 650);
    expect(byId(insights, 'verticalOscillation').measured).to.match(/\d+ mm/);
    expect(byId(insights, 'pelvicDrop').meaning).to.contain('gluteus medius');
  });

  it('does not judge step-to-step consistency from a run of 12 or 30 s, and says why; a 2-minute run gets it', async () => {
    for (const [name, options] of [['run-12s', TWELVE_SECOND_RUN], ['run-30s', THIRTY_SECOND_RUN]] as const) {
      const consistency = byId(await insightsFor(syntheticRecording(name, options)), 'consistency');
      expect(consistency.values.assessed, name).to.equal(false);
      expect(consistency.level, name).to.equal('info');
      expect(consistency.measured, name).to.contain('Not assessed').and.contain('too short').and.not.contain('varies by');
      expect(consistency.values.windows as number, name).to.be.below(MIN_VARIABILITY_WINDOWS);
      expect(consistency.evidence, name).to.contain(`at least ${MIN_VARIABILITY_WINDOWS} needed (about a minute of running)`);
    }
    const twelve = byId(await insightsFor(syntheticRecording('run-12s', TWELVE_SECOND_RUN)), 'consistency');
    expect(twelve.values.stepsPerSide as number).to.be.below(MIN_VARIABILITY_STEPS_PER_SIDE);
    expect(twelve.evidence).to.contain(`of at least ${MIN_VARIABILITY_STEPS_PER_SIDE} a side needed`);
    const twoMinutes = byId(await insightsFor(syntheticRecording('run-2min', TWO_MINUTE_RUN)), 'consistency');
    expect(twoMinutes.values.assessed).to.equal(true);
    expect(twoMinutes.level).to.equal('good');
    expect(twoMinutes.measured).to.contain('Step time varies by');
  });

  it('gives a run of 12 or 30 s its medians as a first reading with no verdict, and a 2-minute run its verdicts', async () => {
    const medians = ['cadence', 'verticalOscillation', 'contact', 'braking', 'pelvicDrop', 'rotation', 'lean'];
    for (const [name, options] of [['run-12s', TWELVE_SECOND_RUN], ['run-30s', THIRTY_SECOND_RUN]] as const) {
      const insights = await insightsFor(syntheticRecording(name, options));
      for (const id of medians) {
        const insight = byId(insights, id);
        expect(insight.values.verdict, `${name} ${id}`).to.equal(false);
        expect(insight.level, `${name} ${id}`).to.equal('info');
        expect(insight.measured, `${name} ${id}`).to.match(/^A first reading only, from \d+ (running steps|left and \d+ right running steps), too few to judge: /);
        expect(insight.evidence, `${name} ${id}`).to.contain('Not judged: a verdict needs at least').and.contain('about a minute of running');
      }
      // the value is still given
      expect(byId(insights, 'cadence').values.cadenceSpm).to.equal(170);
      expect(byId(insights, 'cadence').evidence).to.contain(`at least ${MIN_STEPS_FOR_VERDICT} running steps`);
      expect(byId(insights, 'pelvicDrop').evidence).to.contain(`at least ${MIN_STEPS_PER_SIDE_FOR_VERDICT} a side`);
      // nothing in a short run is called good, worth a look or worth acting on
      expect(insights.filter((i) => i.level !== 'info').map((i) => i.id), name).to.deep.equal([]);
    }
    const twoMinutes = await insightsFor(syntheticRecording('run-2min', TWO_MINUTE_RUN));
    for (const id of medians) {
      expect(byId(twoMinutes, id).values.verdict, id).to.equal(true);
      expect(byId(twoMinutes, id).measured, id).to.not.contain('first reading');
    }
    expect(byId(twoMinutes, 'verticalOscillation').level).to.equal('good');
    expect(byId(twoMinutes, 'cadence').level).to.equal('note');
  });

  it('finds no fatigue drift in a steady run', async () => {
    const drift = byId(await insightsFor(syntheticRecording('steady', STEADY_RUN)), 'drift');
    expect(drift.values.assessed).to.equal(true);
    expect(drift.values.present).to.equal(false);
    expect(drift.level).to.equal('good');
    expect(drift.measured).to.contain('No meaningful drift');
  });

  it('finds fatigue drift of lean, drop and contact time when the generator drifts them', async () => {
    const drift = byId(await insightsFor(syntheticRecording('fatigue', FATIGUE_RUN)), 'drift');
    expect(drift.values.assessed).to.equal(true);
    expect(drift.values.present).to.equal(true);
    expect(drift.level).to.equal('watch');
    // truth over the last third against the first two minutes: lean +0.6°/min, drop +0.4°/min, contact +4 ms/min
    expect(drift.values.leanDriftCdeg as number).to.be.within(150, 300);
    expect(drift.values.dropLeftDriftCdeg as number).to.be.within(100, 250);
    expect(drift.values.dropRightDriftCdeg as number).to.be.within(100, 250);
    expect(drift.values.contactDriftMs as number).to.be.within(10, 25);
    expect(drift.measured).to.contain('more forward lean').and.contain('more pelvic drop in both stances').and.contain('longer ground contact');
  });

  it('says a forward lean that grew as the runner tired moved over the run, and judges it by its late value', async () => {
    // 10 min at 160 steps/min, lean 5° growing by 1°/min: the median (~10°) was the lean only in passing
    const lean = byId(await insightsFor(syntheticRecording('lean-growing', LEAN_GROWING_RUN)), 'lean');
    // truth: the pod's baseline of the first two minutes ~6°, the drift insight's last third ~13-15°
    expect(lean.values.leanEarlyCdeg as number).to.be.within(450, 800);
    expect(lean.values.leanLateCdeg as number).to.be.within(1200, 1600);
    expect(lean.level).to.equal('watch');
    expect(lean.measured).to.match(/^Median forward lean of the pelvis \+\d+\.\d° relative to standing, but it grew over the run, from about \+\d+\.\d° early on to \+\d+\.\d° from \d+:\d\d on: a pronounced forward lean by the end\.$/);
    expect(lean.measured).to.not.contain('moderate');
    expect(lean.meaning).to.contain('run tall').and.contain('see Fatigue drift');
    // the steady run's lean did not move: no such words
    const steady = byId(await insightsFor(syntheticRecording('steady', STEADY_RUN)), 'lean');
    expect(steady.measured).to.not.contain('over the run');
    expect(steady.values.leanLateCdeg).to.equal(undefined);
  });

  it('says a bounce that grew over the run moved, and judges it by its late value when that is large', async () => {
    // 8 min at 160 steps/min, contact 260 ms shortening by 8 ms/min: less time on the ground, more
    // flight, and the bounce grows from ~88 mm to over 100 mm
    const vo = byId(await insightsFor(syntheticRecording('contact-shortening', CONTACT_SHORTENING_RUN)), 'verticalOscillation');
    expect(vo.values.voMm as number).to.be.within(81, 100);
    expect(vo.values.voEarlyMm as number).to.be.within(81, 95);
    expect(vo.values.voLateMm as number).to.be.above(100);
    expect(vo.level).to.equal('watch');
    expect(vo.measured).to.match(/^Median vertical oscillation of the pelvis \d+ mm per step, but it grew over the run, from about \d+ mm early on to \d+ mm from \d+:\d\d on: large for running by the end /);
    expect(vo.measured).to.not.contain('on the high side');
    const steady = byId(await insightsFor(syntheticRecording('steady', STEADY_RUN)), 'verticalOscillation');
    expect(steady.measured).to.not.contain('over the run');
    expect(steady.values.voLateMm).to.equal(undefined);
  });

  it('says a contact time that moved over the run did, from about its early value to its late one', async () => {
    // contact 260 ms shortening by 8 ms/min over 8 min: the drift insight's late windows (from 6 min) ~210 ms
    const contact = byId(await insightsFor(syntheticRecording('contact-shortening', CONTACT_SHORTENING_RUN)), 'contact');
    expect(contact.values.contactEarlyMs as number).to.be.within(245, 265);
    expect(contact.values.contactLateMs as number).to.be.within(195, 225);
    expect(contact.measured).to.match(/^Median ground contact \d+ ms; it fell over the run, from about \d+ ms early on to \d+ ms from \d+:\d\d on\. L\/R balance/);
    const steady = byId(await insightsFor(syntheticRecording('steady', STEADY_RUN)), 'contact');
    expect(steady.measured).to.match(/^Median ground contact \d+ ms\. L\/R balance/);
  });

  it('says a pelvic drop that grew over the run moved, and judges it by its late value when that is at the high end', async () => {
    // 8 min at 160 steps/min, drop 4.5° on both sides growing by 0.6°/min: median ~7° (worth a look), late ~8.5°
    const drop = byId(await insightsFor(syntheticRecording('drop-growing', {
      segments: [
        { kind: 'standing', durationS: 5 },
        { kind: 'running', durationS: 480, cadenceSpm: 160, dropLeftCdeg: 450, dropRightCdeg: 450, dropDriftCdegPerMin: 60 },
      ],
    })), 'pelvicDrop');
    expect(Math.max(drop.values.dropLeftCdeg as number, drop.values.dropRightCdeg as number)).to.be.within(601, 800);
    expect(drop.values.dropLateLeftCdeg as number).to.be.above(800);
    expect(drop.values.dropLateRightCdeg as number).to.be.above(800);
    expect(drop.level).to.equal('watch');
    expect(drop.measured).to.match(/ Against the run's first minutes, from \d+:\d\d on: left stance grew from about \d+\.\d° to \d+\.\d°, right stance grew from about \d+\.\d° to \d+\.\d°, at the high end \(above 8°\) by the end\.$/);
    const steady = byId(await insightsFor(syntheticRecording('steady', STEADY_RUN)), 'pelvicDrop');
    expect(steady.measured).to.not.contain('over the run');
    expect(steady.values.dropLateLeftCdeg).to.equal(undefined);
  });

  it('does not call pelvic drop that eases over the run fatigue: it changed, but not the way tiring goes', async () => {
    // 5 min at 160 steps/min, drop 8° falling by 0.6°/min on both sides, nothing else drifting
    const easing = syntheticRecording('drop-easing', {
      segments: [
        { kind: 'standing', durationS: 5 },
        { kind: 'running', durationS: 300, cadenceSpm: 160, dropLeftCdeg: 800, dropRightCdeg: 800, dropDriftCdegPerMin: -60 },
      ],
    });
    const drift = byId(await insightsFor(easing), 'drift');
    // truth: the last third (~3.3-5 min of running) against the first two minutes, about -2°
    expect(drift.values.dropLeftDriftCdeg as number).to.be.within(-300, -120);
    expect(drift.values.dropRightDriftCdeg as number).to.be.within(-300, -120);
    expect(Math.abs(drift.values.leanDriftCdeg as number)).to.be.below(100);
    expect(drift.values.present).to.equal(false);
    expect(drift.values.changed).to.equal(true);
    expect(drift.level).to.equal('note');
    expect(drift.measured).to.contain('less pelvic drop in both stances').and.contain('not the way tiring goes');
    expect(drift.meaning).to.not.contain('muscles that protect the back were tiring');
  });

  it('says pelvic drop grew in right stance alone when only the right hip tires, by its own change, not one figure for both sides', async () => {
    // both stances drop 5.5° until 2.5 min into the run, then right stance 8°: the drift insight's
    // late windows (from about 3:25) against the first two minutes, right stance +2.5°, left ±0
    const insights = await insightsFor(syntheticRecording('right-stance-tiring', RIGHT_STANCE_TIRING_RUN));
    const drift = byId(insights, 'drift');
    expect(drift.values.dropRightDriftCdeg as number).to.be.within(200, 300);
    expect(Math.abs(drift.values.dropLeftDriftCdeg as number)).to.be.below(50);
    expect(drift.values.present).to.equal(true);
    expect(drift.measured).to.contain('more pelvic drop in right stance').and.not.contain('more pelvic drop in left stance');
    const drop = byId(insights, 'pelvicDrop');
    expect(drop.values.dropEarlyRightCdeg as number).to.be.within(500, 600);
    expect(drop.values.dropLateRightCdeg as number).to.be.within(750, 850);
    expect(drop.values.dropLateLeftCdeg as number).to.be.within(500, 600);
    expect(drop.measured).to.match(/left stance held at about 5\.\d°, right stance grew from about 5\.\d° to 8\.\d°/);
  });

  it('finds no pelvic drop drift in a steady run whose left stance drops more than its right', async () => {
    // 8° left, 5° right throughout: the pod's drift of both sides' steps together swings by the 3°
    // between them as a window holds more left or right steps; each side on its own does not move
    const drift = byId(await insightsFor(syntheticRecording('asymmetric-steady', ASYMMETRIC_STEADY_RUN)), 'drift');
    expect(Math.abs(drift.values.dropLeftDriftCdeg as number)).to.be.below(50);
    expect(Math.abs(drift.values.dropRightDriftCdeg as number)).to.be.below(50);
    expect(drift.values.changed).to.equal(false);
    expect(drift.measured).to.match(/pelvic drop in left stance ±0\.\d° \(from 8\.\d°\) and in right stance ±0\.\d° \(from 5\.\d°\)/);
  });

  it('names the side with more pelvic drop and says lean is not measured without a standing calibration', async () => {
    const insights = await insightsFor(syntheticRecording('asymmetric', ASYMMETRIC_RUN));
    const drop = byId(insights, 'pelvicDrop');
    expect(drop.values.asymmetric).to.equal(true);
    expect(drop.values.dropLeftCdeg as number).to.be.greaterThan(drop.values.dropRightCdeg as number);
    expect(drop.measured).to.contain('The left stance shows');
    // how much more is against the smaller side; the symmetry index against their mean
    const left = drop.values.dropLeftCdeg as number;
    const right = drop.values.dropRightCdeg as number;
    expect(drop.measured).to.contain(`${((100 * (left - right)) / right).toFixed(0)} % more drop than the right (symmetry index ${((100 * (left - right)) / ((left + right) / 2)).toFixed(0)} %)`);
    expect(drop.meaning).to.contain('left hip abductors');
    const lean = byId(insights, 'lean');
    expect(lean.level).to.equal('info');
    expect(lean.measured).to.match(/^Not measured/);
    expect(lean.evidence).to.contain(`uncalibrated: the steps' pitch is against ${ESTIMATED_UPRIGHT_WORDS}`);
    // 176 spm is near 180: no band pushed
    const cadence = byId(insights, 'cadence');
    expect(cadence.values.cadenceSpm).to.equal(176);
    expect(cadence.values.bandSuggested).to.equal(false);
    // 90 s is too short for the pod's drift baseline
    expect(byId(insights, 'drift').values.assessed).to.equal(false);
  });

  it('gives no lean for a run without a standing calibration: its pitch is against the pod\'s upright from running, which is not the run\'s own mean lean', async () => {
    // Two uncalibrated runs, leaning 5° and 2° relative to standing (the generator's truth), the
    // pelvis pitching 5° in each step. Without standing still, the pod takes upright from the mean
    // force of 8 running steps where that is more than 3° from its own axes, and the mean force
    // keeps the pitch that swings with each landing's force, which each step's lean takes out: the
    // 5° runner reads about -1°, and the 2° runner, never re-taken, reads about +2° (against the
    // pod's axes). Neither reads 0, so the pitch is relative to no mean of the run, and neither
    // tells the runner's lean.
    const leaning5 = byId(await insightsFor(syntheticRecording('asymmetric', ASYMMETRIC_RUN)), 'lean');
    const leaning2 = byId(await insightsFor(syntheticRecording('uncalibrated-lean-2', { kind: 'running', durationS: 90, cadenceSpm: 176, leanCdeg: 200, seed: 3 })), 'lean');
    expect(leaning5.values.leanCdeg as number).to.be.within(-130, -70);
    expect(leaning2.values.leanCdeg as number).to.be.within(150, 200);
    for (const [name, lean] of [['5°', leaning5], ['2°', leaning2]] as const) {
      expect(lean.values.calibrated, name).to.equal(false);
      expect(lean.level, name).to.equal('info');
      expect(lean.measured, name).to.equal('Not measured: without standing still first, the pod has no upright of yours to measure lean against.');
      expect(lean.measured + lean.evidence, name).to.not.match(/run's own mean,|relative to the run/);
      expect(lean.evidence, name).to.contain(`against it the median reads ${lean === leaning5 ? '\u2212' : '+'}${(Math.abs(lean.values.leanCdeg as number) / 100).toFixed(1)}°, which says nothing about your lean`);
      expect(lean.meaning, name).to.contain('stand still for a few seconds');
    }
    // and the lean plot says what its values are against
    const data = reportDataOf(readPodRecording(await syntheticRecording('asymmetric', ASYMMETRIC_RUN)));
    const chart = reportChartsOf(data, insightsOf(data)).find((c) => c.id === 'chart-lean');
    expect(chart?.caption).to.contain(`against ${ESTIMATED_UPRIGHT_WORDS}: no standing calibration, so its level is not your lean`);
  });

  it('says from when the angles were calibrated where the pod stood still only after some running steps (a restart mid-run), not that it stood still at the start', async () => {
    const recording = readPodRecording(await syntheticRecording('steady', STEADY_RUN));
    // the same run as if the pod had calibrated only 40 s in: the running steps before are uncalibrated
    const laterLines = recording.lines.map((l) => (l.type === 'step' && (l.tMs as number) < 40000 ? { ...l, quality: (l.quality as number) | STEP_UNCALIBRATED } : l));
    const later = insightsOf(reportDataOf({ ...recording, lines: laterLines }));
    const running = laterLines.filter((l) => l.type === 'step' && l.kind === KIND_RUNNING && ((l.quality as number) & (STEP_SATURATED | STEP_WARMUP)) === 0);
    const before = running.filter((l) => (l.tMs as number) < 40000).length;
    const first = running.find((l) => (l.tMs as number) >= 40000)!;
    const words = `calibrated from ${clockOf(first.tMs as number)} on (stood still then; ${before} of ${running.length} running steps before it, their angles against ${ESTIMATED_UPRIGHT_WORDS})`;
    expect(before).to.be.above(10);
    for (const id of ['activity', 'verticalOscillation', 'pelvicDrop']) expect(byId(later, id).evidence, id).to.contain(words);
    expect(byId(insightsOf(reportDataOf(recording)), 'activity').evidence).to.contain('calibrated (stood still before running)');
  });

  it('says the angles were calibrated until the pod started anew without standing still (its button mid-run), not that the steps after were before a calibration', async () => {
    const recording = readPodRecording(await syntheticRecording('steady', STEADY_RUN));
    // the same run as if the pod's recording had started anew 150 s in, the runner running on: the pod
    // keeps no calibration over a new start, so the running steps after it are uncalibrated
    const anewMs = 150000;
    const anewLines = recording.lines.map((l) => (l.type === 'step' && (l.tMs as number) >= anewMs ? { ...l, quality: (l.quality as number) | STEP_UNCALIBRATED } : l));
    const anew = insightsOf(reportDataOf({ ...recording, lines: anewLines }));
    const running = anewLines.filter((l) => l.type === 'step' && l.kind === KIND_RUNNING && ((l.quality as number) & (STEP_SATURATED | STEP_WARMUP)) === 0);
    const after = running.filter((l) => (l.tMs as number) >= anewMs);
    const words = `calibrated (stood still before running), until the pod started anew at ${clockOf(after[0].tMs as number)} without standing still: ` +
      `${after.length} of ${running.length} running steps after it, their angles against ${ESTIMATED_UPRIGHT_WORDS}`;
    expect(after.length).to.be.above(100);
    for (const id of ['activity', 'verticalOscillation', 'pelvicDrop']) expect(byId(anew, id).evidence, id).to.contain(words);
    expect(byId(anew, 'activity').evidence).to.not.contain('before it');
  });

  it('gives the lean of the steps measured against standing, leaving out those after the pod started anew without standing still', async () => {
    const recording = readPodRecording(await syntheticRecording('lean-growing', LEAN_GROWING_RUN));
    // the same run as if the pod's recording had started anew 6 min in, the runner running on:
    // its steps after that read about -1° against the upright the pod estimates from running, and
    // its windows trust neither their lean nor its drift
    const anewMs = 360000;
    const lines = recording.lines.map((l) => {
      if (l.type === 'step' && (l.tMs as number) >= anewMs) return { ...l, quality: (l.quality as number) | STEP_UNCALIBRATED, leanCdeg: -100 };
      if (l.type === 'summary' && (l.startMs as number) >= anewMs) return { ...l, quality: (l.quality as number) & ~(QUALITY_LEAN | QUALITY_LEAN_DRIFT) };
      return l;
    });
    const lean = byId(insightsOf(reportDataOf({ ...recording, lines })), 'lean');
    // truth: 5° growing by 1°/min, its median over the 355 s of running before the new start ~8°
    expect(lean.values.calibrated).to.equal(true);
    expect(lean.values.leanCdeg as number).to.be.within(750, 850);
    expect(lean.evidence).to.match(/calibrated: lean is absolute \(\d+ running steps without a standing calibration left out\)\./);
  });

  it('says what drift is compared with where the pod started anew mid-run (its button), not the run\'s first minutes', async () => {
    // contact 245 ms lengthening by 6 ms/min, then after the new start 265 ms lengthening as before:
    // the pod's drift after that is against its new start's first two minutes
    const { recording, newStartMs } = await startedAnewRecording();
    const insights = insightsOf(reportDataOf(recording));
    const contact = byId(insights, 'contact');
    // truth: the new start's first two minutes ~271 ms (not the run's first minutes, ~250 ms)
    expect(contact.values.contactEarlyMs as number).to.be.within(265, 282);
    const span = `${clockOf(newStartMs)}-${clockOf(newStartMs + 120000)}`;
    expect(contact.measured).to.contain(`from about ${Math.round(contact.values.contactEarlyMs as number)} ms at ${span} (after the pod started anew) to`);
    expect(byId(insights, 'drift').measured).to.match(new RegExp(`^From \\d+:\\d\\d to \\d+:\\d\\d, against ${span}, the first minutes of running after the pod started anew`));
  });

  it('says lean drift is not compared after the pod started anew without standing still because the late steps have no standing calibration, not because of a stop', async () => {
    // truth: the runner stood still before the first start only, so every step after the new start is uncalibrated
    const { recording, newStartMs } = await startedAnewRecording();
    const data = reportDataOf(recording);
    const drift = byId(insightsOf(data), 'drift');
    const firstAfter = data.steps.find((s) => s.tMs >= newStartMs && s.kind === KIND_RUNNING && (s.quality & (STEP_SATURATED | STEP_WARMUP)) === 0)!;
    expect((firstAfter.quality & STEP_UNCALIBRATED) !== 0).to.equal(true);
    expect(drift.values.leanDriftCdeg).to.equal(undefined);
    expect(drift.measured).to.contain(`lean not compared (the pod started anew at ${clockOf(firstAfter.tMs)} without standing still, so the steps compared have no standing calibration: `);
    expect(drift.measured).to.not.contain('a stop');
  });

  it('gives a recording of window summaries only (a session from the pod\'s log) the running insights from the pod\'s own window medians, close to the steps\' own', async () => {
    for (const [name, run] of [['steady', STEADY_RUN], ['asymmetric', ASYMMETRIC_RUN]] as const) {
      const recording = readPodRecording(await syntheticRecording(name, run));
      const fromSteps = insightsOf(reportDataOf(recording));
      // what the pod's log holds of it: the summaries and summaryForms, no steps, no status, and
      // metadata that cannot say how the pod was calibrated (as `lumbarpod log` writes it)
      const logOnly = {
        ...recording, meta: { ...recording.meta, calibration: { stationary: false, forwardKnown: false } },
        lines: recording.lines.filter((l) => l.type === 'summary' || l.type === 'summaryForm'),
      };
      const fromWindows = insightsOf(reportDataOf(logOnly));
      expect(fromWindows.map((i) => i.id), name).to.deep.equal(fromSteps.map((i) => i.id));
      expect(byId(fromWindows, 'activity').measured, name).to.contain('no step messages');
      // a run that stood still first: its windows' lean, trusted by the pod, says it was calibrated
      const calibrationOf = (insights: Insight[]) => /(un)?calibrated \([^)]*\)/.exec(byId(insights, 'activity').evidence)?.[0];
      expect(calibrationOf(fromSteps), name).to.equal(name === 'steady' ? 'calibrated (stood still before running)' : `uncalibrated (no standing calibration: angles are against ${ESTIMATED_UPRIGHT_WORDS})`);
      expect(calibrationOf(fromWindows), name).to.equal(calibrationOf(fromSteps));
      expect(byId(fromWindows, 'activity').evidence, name).to.contain('forward direction not recorded');
      expect(byId(fromWindows, 'lean').level, name).to.equal(byId(fromSteps, 'lean').level);
      for (const insight of fromWindows) {
        expect(insight.measured + insight.evidence + insight.meaning, `${name} ${insight.id}`).to.not.match(/NaN|undefined|Infinity/);
        if (['cadence', 'verticalOscillation', 'contact', 'braking', 'pelvicDrop', 'rotation', 'lean'].includes(insight.id)) {
          expect(insight.evidence, `${name} ${insight.id}`).to.contain('the pod\'s own medians of');
        }
      }
      // a median of window medians against the median of all steps: within a few units, same verdicts
      const close = (id: string, field: string, within: number): void => {
        const a = byId(fromSteps, id).values[field] as number;
        const b = byId(fromWindows, id).values[field] as number;
        expect(Math.abs(a - b), `${name} ${id}.${field}: steps ${a}, windows ${b}`).to.be.at.most(within);
      };
      close('cadence', 'cadenceSpm', 1);
      close('verticalOscillation', 'voMm', 3);
      close('contact', 'contactMs', 5);
      close('contact', 'balanceLeftPct', 1);
      close('braking', 'brakingMms', 40);
      close('pelvicDrop', 'dropLeftCdeg', 40);
      close('pelvicDrop', 'dropRightCdeg', 40);
      close('rotation', 'rotationCdeg', 60);
      close('lean', 'leanCdeg', 40);
      for (const id of ['cadence', 'pelvicDrop']) expect(byId(fromWindows, id).level, `${name} ${id}`).to.equal(byId(fromSteps, id).level);
      expect(byId(fromWindows, 'pelvicDrop').values.asymmetric, name).to.equal(byId(fromSteps, 'pelvicDrop').values.asymmetric);
    }
  });

  it('gives a walking-only recording walking cadence and no running insights', async () => {
    const insights = await insightsFor(walkingRecording());
    expect(insights.map((i) => i.id)).to.deep.equal(['activity', 'walking']);
    const walking = byId(insights, 'walking');
    expect(walking.meaning).to.contain('running insights').and.contain('not given');
    expect(walking.values.walkingSteps as number).to.be.greaterThan(0);
    // the trial starts walking: no standing calibration, and no running to estimate an upright from
    expect(byId(insights, 'activity').evidence).to.contain('uncalibrated (no standing calibration, and no running steps to estimate an upright from: no angle is given)');
  });

  it('says a walk that began standing still was calibrated before walking, not before running it never had', async () => {
    const insights = await insightsFor(syntheticRecording('standing-then-walk', STANDING_THEN_WALK));
    expect(insights.map((i) => i.id)).to.deep.equal(['activity', 'walking']);
    const evidence = byId(insights, 'activity').evidence;
    expect(evidence).to.contain('calibrated (stood still before walking)');
    expect(evidence).to.not.contain('running');
  });

  it('gives a walk with a few running strides in it its walking cadence, and says its running steps are too few for the running insights', async () => {
    const insights = await insightsFor(syntheticRecording('walk-few-running', WALK_WITH_A_FEW_RUNNING_STEPS));
    expect(insights.map((i) => i.id)).to.deep.equal(['activity', 'walking', 'tooFewSteps']);
    const walking = byId(insights, 'walking');
    // truth: 60 s at 110 steps/min is 110 steps, the first with no step before it
    expect(walking.values.walkingCadenceSpm).to.equal(110);
    expect(walking.values.walkingSteps as number).to.be.within(105, 111);
    expect(walking.title).to.equal('Walking');
    expect(walking.measured).to.contain('walking cadence 110 steps/min').and.contain('too few for the running insights');
    expect(walking.measured).to.not.contain('no running steps');
    expect(byId(insights, 'tooFewSteps').values.runningSteps as number).to.be.below(20);
    for (const insight of insights) expect(insight.measured + insight.evidence + insight.meaning, insight.id).to.not.match(/NaN|undefined|Infinity/);
  });

  it('gives a run that ends in a walk its running insights and then its walking cadence', async () => {
    // 5 s standing, 60 s at 170 steps/min, 30 s walking at 110 steps/min
    const insights = await insightsFor(syntheticRecording('run-then-walk', {
      segments: [{ kind: 'standing', durationS: 5 }, { kind: 'running', durationS: 60, cadenceSpm: 170 }, { kind: 'walking', durationS: 30, cadenceSpm: 110 }],
    }));
    const ids = insights.map((i) => i.id);
    expect(ids.slice(0, 2)).to.deep.equal(['activity', 'cadence']);
    expect(ids[ids.length - 1]).to.equal('walking');
    expect(byId(insights, 'cadence').values.cadenceSpm).to.equal(170);
    const walking = byId(insights, 'walking');
    expect(walking.values.walkingCadenceSpm).to.equal(110);
    expect(walking.measured).to.contain('walking cadence 110 steps/min').and.contain('for the running insights above');
  });

  it('leaves the steps whose upright was still under test after a stop out of the lean chart, histogram and insight, and no others', async () => {
    const data = reportDataOf(readPodRecording(await syntheticRecording('steady', STEADY_RUN)));
    /** the times of the lean chart's step points, s */
    const plotted = (): number[] => {
      const lean = reportChartsOf(data, insightsOf(data)).find((c) => c.id === 'chart-lean');
      if (lean === undefined) throw new Error('no lean chart');
      const stepRow = lean.data[1 + lean.series.findIndex((s) => s.label === 'step')];
      return lean.data[0].filter((_, i) => stepRow[i] !== null) as number[];
    };
    /** steps counted in the lean histogram */
    const histogramSteps = (): number => {
      const hist = reportChartsOf(data, insightsOf(data)).find((c) => c.id === 'hist-lean');
      if (hist === undefined) throw new Error('no lean histogram');
      return (hist.data[1] as number[]).reduce((a, b) => a + (b ?? 0), 0);
    };
    const before = plotted();
    const countedBefore = histogramSteps();
    const marked = data.steps.slice(200, 208);
    for (const step of marked) step.quality |= STEP_LEAN_PROVISIONAL;
    const markedS = marked.map((s) => s.tMs / 1000);
    expect(before).to.include.members(markedS);
    expect(plotted()).to.deep.equal(before.filter((x) => markedS.indexOf(x) < 0));
    expect(histogramSteps()).to.equal(countedBefore - 8);
    expect(byId(insightsOf(data), 'lean').evidence).to.contain(`${countedBefore - 8} running steps`);
  });
});
