// Real walking (mobgap-lowerback, lower-back IMU at 100 Hz, INDIP and Stereophoto references):
// every trial goes through the CSV import and the replay like `lumbarpod replay FILE.csv
// --axes V=x,AP=z,ML=-y`, and its steps are matched to the reference initial contacts
// (host-tools/accuracy/initialContactMatching.ts: tolerance 100 ms, optimal one-to-one).
// Thresholds sit a little below what the detector reached when they were set (the measured value
// is in each test's name); scripts/accuracy-walking.ts prints the full table.
import { expect } from 'chai';
import * as fs from 'fs';
import * as path from 'path';
import {
  DetectedContact,
  IcMatchResult,
  REFERENCE_SYSTEMS,
  ReferenceBout,
  ReferenceFileJson,
  ReferenceSystemName,
  consensusReference,
  defaultReferenceSystem,
  detectionsOutsideBouts,
  matchInitialContacts,
  poolMatchResults,
  referenceWalkFromSystem,
} from '../../host-tools/accuracy/initialContactMatching';
import { importMobgapTrial, MOBGAP_FIXTURE_DIR, mobgapTrialsIn } from '../../host-tools/accuracy/mobgapTrials';
import { ImuRecording } from '../../host-tools/recording/imuRecording';
import { replayRecording } from '../../host-tools/replay/replayRecording';
import { ReplayTotals } from '../../host-tools/replay/replayTotals';
import { stillSamples } from '../../host-tools/accuracy/stillSamples';

const REPO_ROOT = path.resolve(__dirname, '..', '..');
/** the nine trials, gzipped, with their references, LICENSE and NOTICE (test/fixtures) */
const TRIALS_DIR = MOBGAP_FIXTURE_DIR;
const EXAMPLE_DIR = path.join(REPO_ROOT, 'examples', 'mobgap');
const EXAMPLE_TRIAL = 'HA-001_Test5_Trial1';
/** walking outside the references' bouts (+- this) is not judged, still periods there are */
const OUTSIDE_MARGIN_MS = 1000;

/** the targets: found within 100 ms, extra steps per reference step, median |error|, side */
interface Limits {
  found: number;
  extra: number;
  medianMs: number;
  side: number;
}
const TARGETS: Limits = { found: 0.95, extra: 0.05, medianMs: 40, side: 0.95 };

interface Trial {
  name: string;
  reference: ReferenceFileJson;
  detections: DetectedContact[];
  totals: ReplayTotals;
  /** walking cadence of each window whose walking cadence is trusted */
  windowWalkingCadencesSpm: number[];
  importProblem: string | undefined;
  gapRecords: number;
  /** per sample: whether |a| is still over the second around it */
  still: Uint8Array;
  sampleRateHz: number;
}


const loaded = new Map<string, Promise<Trial>>();

/** imports and replays a trial once per test run */
function loadTrial(dir: string, name: string): Promise<Trial> {
  const key = path.join(dir, name);
  let trial = loaded.get(key);
  if (trial === undefined) {
    trial = (async () => {
      const imported = await importMobgapTrial(dir, name);
      const recording = imported.recording as ImuRecording;
      const replay = replayRecording(recording);
      // reference times count from the first sample; replay times are on the recording clock
      const firstMs = recording.timesMs[0];
      const detections: DetectedContact[] = [];
      let gapRecords = 0;
      const windowWalkingCadencesSpm: number[] = [];
      for (const record of replay.records) {
        if (record.type === 'step') detections.push({ tMs: record.tMs - firstMs, side: record.side });
        else if (record.type === 'gap') gapRecords++;
        else if (record.type === 'summary' && record.quality.walkingCadence) windowWalkingCadencesSpm.push(record.walkingCadenceSpm);
      }
      return {
        name: name,
        reference: JSON.parse(fs.readFileSync(key + '.reference.json', 'utf8')) as ReferenceFileJson,
        detections: detections,
        totals: replay.totals,
        windowWalkingCadencesSpm: windowWalkingCadencesSpm,
        importProblem: imported.error ? imported.error.message : imported.warnings.length > 0 ? imported.warnings.join('; ') : undefined,
        gapRecords: gapRecords,
        still: stillSamples(recording),
        sampleRateHz: recording.sampleRateHz,
      };
    })();
    loaded.set(key, trial);
  }
  return trial;
}

function against(trial: Trial, reference: ReferenceSystemName | 'consensus'): IcMatchResult | undefined {
  if (reference === 'consensus') {
    const consensus = consensusReference(trial.reference);
    return consensus && matchInitialContacts(trial.detections, consensus.walk);
  }
  const walk = referenceWalkFromSystem(trial.reference, reference);
  return walk.bouts.length > 0 ? matchInitialContacts(trial.detections, walk) : undefined;
}

function allBouts(trial: Trial): ReferenceBout[] {
  const bouts: ReferenceBout[] = [];
  for (const system of REFERENCE_SYSTEMS) bouts.push(...referenceWalkFromSystem(trial.reference, system).bouts);
  return bouts;
}

/** detections farther than OUTSIDE_MARGIN_MS from every bout of either system, in still periods */
function stillDetectionsOutsideBouts(trial: Trial): DetectedContact[] {
  return detectionsOutsideBouts(trial.detections, allBouts(trial), OUTSIDE_MARGIN_MS).filter((detection) => {
    const sample = Math.round((detection.tMs * trial.sampleRateHz) / 1000);
    return trial.still[Math.min(trial.still.length - 1, Math.max(0, sample))] === 1;
  });
}

function expectReplaysCleanly(trial: Trial): void {
  expect(trial.importProblem, 'import error or warning').to.equal(undefined);
  expect(trial.totals.inputError).to.equal(null);
  expect(trial.totals.gaps).to.equal(0);
  expect(trial.totals.missingSamples).to.equal(0);
  expect(trial.gapRecords).to.equal(0);
  expect(trial.totals.runningSteps, 'running steps in a walking trial').to.equal(0);
  expect(trial.totals.walkingSteps).to.be.above(0);
}

function expectWithin(result: IcMatchResult | undefined, limits: Limits, what: string): void {
  expect(result, `${what}: no reference`).to.not.equal(undefined);
  if (result === undefined) return;
  const shown = `${what}: found ${result.foundCount}/${result.referenceCount}, extra ${result.extraCount}, ` +
    `median |error| ${result.medianAbsErrorMs} ms, side ${result.sideAgreedCount}/${result.sideComparedCount}`;
  expect(result.foundFraction, shown).to.be.at.least(limits.found);
  expect(result.extraFraction, shown).to.be.at.most(limits.extra);
  expect(result.medianAbsErrorMs, shown).to.be.at.most(limits.medianMs);
  expect(result.sideAgreement, shown).to.be.at.least(limits.side);
}

function pct(fraction: number): string {
  return `${Math.round(fraction * 1000) / 10} %`;
}

/** "found >= 95 % (measured 100 %), ..." for a test name */
function describeLimits(limits: Limits, measured: Limits): string {
  return `found >= ${pct(limits.found)} (measured ${pct(measured.found)}), extra <= ${pct(limits.extra)} (${pct(measured.extra)}), ` +
    `median |error| <= ${limits.medianMs} ms (${measured.medianMs} ms), side >= ${pct(limits.side)} (${pct(measured.side)})`;
}

interface TrialExpectation {
  trial: string;
  reference: ReferenceSystemName | 'consensus';
  measured: Limits;
  limits: Limits;
  why?: string;
}

// Per trial against the default reference (INDIP, Stereophoto for HA-002 Test5 Trial2), plus the
// straight walks against Stereophoto. The straight walks are held to the targets except where a
// reference or the side rule says otherwise (`why`); the daily-life course to what is reached.
const PER_TRIAL: TrialExpectation[] = [
  { trial: 'HA-001_Test5_Trial1', reference: 'INDIP', measured: { found: 1, extra: 0, medianMs: 30, side: 1 }, limits: TARGETS },
  { trial: 'HA-001_Test5_Trial2', reference: 'INDIP', measured: { found: 1, extra: 0, medianMs: 10, side: 1 }, limits: TARGETS },
  {
    trial: 'MS-001_Test5_Trial1', reference: 'INDIP', measured: { found: 6 / 9, extra: 3 / 9, medianMs: 30, side: 1 },
    limits: { found: 0.66, extra: 0.34, medianMs: 40, side: 0.95 },
    why: "INDIP's right contacts lag Stereophoto's by 120-230 ms here (the systems pair 5 of 9 within 50 ms)",
  },
  {
    trial: 'MS-001_Test5_Trial2', reference: 'INDIP', measured: { found: 7 / 9, extra: 2 / 9, medianMs: 20, side: 1 },
    limits: { found: 0.77, extra: 0.23, medianMs: 30, side: 0.95 },
    why: "INDIP's right contacts lag Stereophoto's by 100-170 ms here (the systems pair 4 of 9 within 50 ms)",
  },
  {
    trial: 'HA-002_Test5_Trial2', reference: 'Stereophoto', measured: { found: 1, extra: 0, medianMs: 20, side: 5 / 6 },
    limits: { found: 0.95, extra: 0.05, medianMs: 30, side: 0.8 },
    why: 'the side rule calls three steps in a row left (the 4th of 6 is wrong)',
  },
  { trial: 'HA-001_Test5_Trial1', reference: 'Stereophoto', measured: { found: 1, extra: 0, medianMs: 20, side: 1 }, limits: TARGETS },
  { trial: 'HA-001_Test5_Trial2', reference: 'Stereophoto', measured: { found: 1, extra: 0, medianMs: 20, side: 1 }, limits: TARGETS },
  { trial: 'MS-001_Test5_Trial1', reference: 'Stereophoto', measured: { found: 1, extra: 0, medianMs: 20, side: 1 }, limits: TARGETS },
  { trial: 'MS-001_Test5_Trial2', reference: 'Stereophoto', measured: { found: 1, extra: 0, medianMs: 10, side: 1 }, limits: TARGETS },
  {
    trial: 'HA-001_Test11_Trial1', reference: 'INDIP', measured: { found: 52 / 63, extra: 5 / 63, medianMs: 30, side: 51 / 52 },
    limits: { found: 0.79, extra: 0.1, medianMs: 40, side: 0.95 },
  },
  {
    trial: 'HA-002_Test11_Trial1', reference: 'INDIP', measured: { found: 29 / 46, extra: 5 / 46, medianMs: 40, side: 1 },
    limits: { found: 0.6, extra: 0.14, medianMs: 50, side: 0.95 },
  },
  {
    trial: 'MS-001_Test11_Trial1', reference: 'INDIP', measured: { found: 73 / 91, extra: 11 / 91, medianMs: 40, side: 1 },
    limits: { found: 0.77, extra: 0.15, medianMs: 50, side: 0.95 },
  },
];

interface PooledExpectation {
  title: string;
  trials: (name: string) => boolean;
  reference: ReferenceSystemName | 'consensus' | 'default';
  measured: Limits;
  limits: Limits;
}

const isStraight = (name: string) => name.indexOf('_Test5_') >= 0;
const isDailyLife = (name: string) => name.indexOf('_Test11_') >= 0;
const everyTrial = () => true;

const POOLED: PooledExpectation[] = [
  {
    title: 'straight walks (Test5) against Stereophoto meet the targets',
    trials: isStraight, reference: 'Stereophoto',
    measured: { found: 1, extra: 0, medianMs: 20, side: 42 / 43 }, limits: TARGETS,
  },
  {
    title: 'straight walks (Test5) against the consensus contacts meet the targets',
    trials: isStraight, reference: 'consensus',
    measured: { found: 1, extra: 0, medianMs: 15, side: 1 }, limits: TARGETS,
  },
  {
    // short of the targets only through MS-001, where INDIP disagrees with Stereophoto (above)
    title: 'straight walks (Test5) against the default reference (INDIP, else Stereophoto)',
    trials: isStraight, reference: 'default',
    measured: { found: 37 / 42, extra: 5 / 42, medianMs: 20, side: 36 / 37 },
    limits: { found: 0.85, extra: 0.14, medianMs: 30, side: 0.95 },
  },
  {
    title: 'daily-life course (Test11) against INDIP holds what it reached',
    trials: isDailyLife, reference: 'INDIP',
    measured: { found: 154 / 200, extra: 21 / 200, medianMs: 40, side: 153 / 154 },
    limits: { found: 0.75, extra: 0.12, medianMs: 45, side: 0.95 },
  },
  {
    title: 'daily-life course (Test11) against Stereophoto holds what it reached',
    trials: isDailyLife, reference: 'Stereophoto',
    measured: { found: 133 / 166, extra: 19 / 166, medianMs: 30, side: 131 / 133 },
    limits: { found: 0.78, extra: 0.13, medianMs: 40, side: 0.95 },
  },
  {
    title: 'daily-life course (Test11) against the consensus contacts holds what it reached',
    trials: isDailyLife, reference: 'consensus',
    measured: { found: 89 / 98, extra: 7 / 98, medianMs: 25, side: 88 / 89 },
    limits: { found: 0.88, extra: 0.09, medianMs: 35, side: 0.95 },
  },
  {
    title: 'all trials against the default reference hold what they reached',
    trials: everyTrial, reference: 'default',
    measured: { found: 191 / 242, extra: 26 / 242, medianMs: 30, side: 189 / 191 },
    limits: { found: 0.76, extra: 0.12, medianMs: 40, side: 0.95 },
  },
  {
    title: 'all trials against the consensus contacts hold what they reached',
    trials: everyTrial, reference: 'consensus',
    measured: { found: 116 / 125, extra: 7 / 125, medianMs: 25, side: 115 / 116 },
    limits: { found: 0.9, extra: 0.07, medianMs: 35, side: 0.95 },
  },
];

/** the trials the thresholds were measured on */
const MEASURED_TRIALS = [
  'HA-001_Test11_Trial1', 'HA-001_Test5_Trial1', 'HA-001_Test5_Trial2',
  'HA-002_Test11_Trial1', 'HA-002_Test5_Trial1', 'HA-002_Test5_Trial2',
  'MS-001_Test11_Trial1', 'MS-001_Test5_Trial1', 'MS-001_Test5_Trial2',
];

describe('mobgap walking accuracy (real lower-back recordings, initial contacts within 100 ms)', () => {
  const examplePresent = fs.existsSync(path.join(EXAMPLE_DIR, EXAMPLE_TRIAL + '.csv'));
  describe(
    examplePresent
      ? `bundled example examples/mobgap/${EXAMPLE_TRIAL}`
      : `bundled example: PENDING, examples/mobgap/${EXAMPLE_TRIAL}.csv is not there yet`,
    () => {
      let trial: Trial;
      before(async function () {
        if (!examplePresent) this.skip();
        trial = await loadTrial(EXAMPLE_DIR, EXAMPLE_TRIAL);
      });

      it('replays without an import problem or gaps and gives no running steps', () => {
        expectReplaysCleanly(trial);
      });

      // measured: INDIP 9/9 found, 0 extra, median |error| 30 ms, side 9/9; Stereophoto 10/10, 0, 20 ms,
      // 10/10; consensus 9/9, 0, 20 ms, 9/9
      it('finds every reference contact within the targets against INDIP, Stereophoto and their consensus', () => {
        expect(defaultReferenceSystem(trial.reference)).to.equal('INDIP');
        expectWithin(against(trial, 'INDIP'), TARGETS, 'INDIP');
        expectWithin(against(trial, 'Stereophoto'), TARGETS, 'Stereophoto');
        expectWithin(against(trial, 'consensus'), TARGETS, 'consensus');
      });

      it('gives no step in the still standing before and after the walk (measured 0)', () => {
        expect(stillDetectionsOutsideBouts(trial)).to.deep.equal([]);
      });
    },
  );

  describe(`the nine Mobilise-D trials (${path.relative(REPO_ROOT, TRIALS_DIR)})`, () => {
    const trials = new Map<string, Trial>();
    before(async function () {
      for (const name of mobgapTrialsIn(TRIALS_DIR)) trials.set(name, await loadTrial(TRIALS_DIR, name));
    });
    const trial = (name: string): Trial => {
      const found = trials.get(name);
      if (found === undefined) throw new Error(`${name} is missing from ${TRIALS_DIR}`);
      return found;
    };

    it('holds the nine trials the thresholds were measured on, each with its reference file', () => {
      for (const name of MEASURED_TRIALS) {
        expect(trials.has(name), name).to.equal(true);
        expect(fs.existsSync(path.join(TRIALS_DIR, name + '.reference.json')), name).to.equal(true);
      }
    });

    it('replays every recording without an import problem or gaps and with no running step', () => {
      for (const replayed of trials.values()) {
        try {
          expectReplaysCleanly(replayed);
        } catch (err) {
          (err as Error).message = `${replayed.name}: ${(err as Error).message}`;
          throw err;
        }
      }
    });

    for (const expectation of PER_TRIAL) {
      const why = expectation.why ? `; ${expectation.why}` : '';
      it(`${expectation.trial} against ${expectation.reference}: ${describeLimits(expectation.limits, expectation.measured)}${why}`, () => {
        const replayed = trial(expectation.trial);
        expectWithin(against(replayed, expectation.reference), expectation.limits, expectation.trial);
      });
    }

    for (const expectation of POOLED) {
      it(`pooled: ${expectation.title}: ${describeLimits(expectation.limits, expectation.measured)}`, () => {
        const results: IcMatchResult[] = [];
        for (const name of MEASURED_TRIALS.filter(expectation.trials)) {
          const replayed = trial(name);
          const system = expectation.reference === 'default' ? defaultReferenceSystem(replayed.reference) : expectation.reference;
          const result = system === undefined ? undefined : against(replayed, system);
          if (result !== undefined) results.push(result);
        }
        expectWithin(poolMatchResults(results), expectation.limits, expectation.title);
      });
    }

    // Measured, walk and window (the references' bout cadence): HA-001 Trial1 98 and 100 (99.7
    // Stereophoto, 100.5 INDIP), Trial2 101 and 101 (103.2, 103.5); HA-002 Trial2 99 and 99 (98.7);
    // MS-001 Trial1 107 and 109 (107.2, 108.5), Trial2 108 and 108 (109.6, 110.2). From the median
    // step time (firmware 0.14) the walks read 92, 98, 97, 105 and 108: unequal left and right
    // steps gave one side's.
    it('gives each straight walk (Test5) a walking cadence, over the walk and in its window, within 3 spm of every reference bout cadence (measured at most 2.5)', () => {
      let checked = 0;
      for (const name of MEASURED_TRIALS.filter((n) => n.indexOf('_Test5_') >= 0)) {
        const replayed = trial(name);
        for (const system of REFERENCE_SYSTEMS) {
          const entry = replayed.reference.systems[system];
          const bouts = ((entry && entry.walking_bouts) || []) as Array<{ cadence_spm?: number | null }>;
          if (bouts.length !== 1 || !(bouts[0].cadence_spm! > 0)) continue;
          const referenceSpm = bouts[0].cadence_spm as number;
          expect(Math.abs((replayed.totals.walkingCadenceSpm as number) - referenceSpm), `${name} walk against ${system} ${referenceSpm.toFixed(1)}`).to.be.at.most(3);
          expect(replayed.windowWalkingCadencesSpm, name).to.have.length(1);
          expect(Math.abs(replayed.windowWalkingCadencesSpm[0] - referenceSpm), `${name} window against ${system} ${referenceSpm.toFixed(1)}`).to.be.at.most(3);
          checked++;
        }
      }
      expect(checked, 'walks with a reference bout cadence').to.equal(9);
    });

    it('HA-002 Test5 (no INDIP events): Trial1 gives one regular walk of 5-12 steps (measured 7), Trial2 no step outside its Stereophoto bout +-1 s (measured 0)', () => {
      const first = trial('HA-002_Test5_Trial1');
      expect(allBouts(first)).to.deep.equal([]);
      expect(first.detections.length).to.be.within(5, 12);
      for (let k = 1; k < first.detections.length; k++) {
        expect(first.detections[k].tMs - first.detections[k - 1].tMs, `step ${k}`).to.be.within(300, 1100);
      }
      expect(stillDetectionsOutsideBouts(first)).to.deep.equal([]);
      const second = trial('HA-002_Test5_Trial2');
      expect(referenceWalkFromSystem(second.reference, 'INDIP').bouts).to.deep.equal([]);
      expect(detectionsOutsideBouts(second.detections, allBouts(second), OUTSIDE_MARGIN_MS)).to.deep.equal([]);
    });

    // Measured: 1 step in ~250 s of still time outside the bouts, at 1270 ms in MS-001 Test5
    // Trial1, while standing: the mounting calibration ends there and re-aims the pod frame.
    it('fires at most 2 steps in all still periods outside the bouts and at most 1 per trial (measured 1 in ~250 s)', () => {
      let total = 0;
      let stillOutsideS = 0;
      for (const name of MEASURED_TRIALS) {
        const replayed = trial(name);
        const still = stillDetectionsOutsideBouts(replayed);
        expect(still.length, `${name}: steps at ${still.map((detection) => detection.tMs).join(', ')} ms`).to.be.at.most(1);
        total += still.length;
        const bouts = allBouts(replayed);
        for (let i = 0; i < replayed.still.length; i++) {
          const tMs = (i * 1000) / replayed.sampleRateHz;
          if (replayed.still[i] && detectionsOutsideBouts([{ tMs: tMs, side: '?' }], bouts, OUTSIDE_MARGIN_MS).length === 1) {
            stillOutsideS += 1 / replayed.sampleRateHz;
          }
        }
      }
      expect(stillOutsideS, 'still time outside the bouts, s').to.be.above(200);
      expect(total).to.be.at.most(2);
    });
  });
});
