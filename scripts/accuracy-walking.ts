// Walking accuracy on real recordings: every mobgap-lowerback trial (or the bundled example) is
// imported from CSV, replayed through the detector, and its initial contacts are matched to the
// INDIP / Stereophoto references (host-tools/accuracy/initialContactMatching.ts says how).
// Usage: npx ts-node scripts/accuracy-walking.ts [DIR]   (DIR holds NAME.csv + NAME.reference.json)
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
} from '../host-tools/accuracy/initialContactMatching';
import { importMobgapTrial, MOBGAP_FIXTURE_DIR, mobgapTrialsIn } from '../host-tools/accuracy/mobgapTrials';
import { replayRecording } from '../host-tools/replay/replayRecording';
import { stillSamples } from '../host-tools/accuracy/stillSamples';

/** walking outside the references' bouts (+- this) is not judged; still periods there are */
const OUTSIDE_MARGIN_MS = 1000;
/** still: standard deviation of |a| over 1 s below this, mg */

interface TrialResult {
  name: string;
  system: ReferenceSystemName | undefined;
  chosen: IcMatchResult | undefined;
  bySystem: { [system in ReferenceSystemName]?: IcMatchResult };
  consensus: IcMatchResult | undefined;
  systemAgreement: string;
  detections: number;
  runningSteps: number;
  outside: number;
  outsideStill: number;
  stillOutsideS: number;
  /** walking cadence over the trial (replay totals) and of each window that trusts it */
  walkingCadenceSpm: number | null;
  windowWalkingCadencesSpm: number[];
  /** the reference systems' bout cadences, steps/min */
  boutCadencesSpm: { [system in ReferenceSystemName]?: number[] };
}


async function evaluateTrial(dir: string, name: string): Promise<TrialResult> {
  const imported = await importMobgapTrial(dir, name);
  if (imported.recording === undefined || imported.error !== undefined) {
    throw new Error(`${name}: ${imported.error ? imported.error.message : 'nothing to replay'}`);
  }
  const recording = imported.recording;
  const reference = JSON.parse(fs.readFileSync(path.join(dir, name + '.reference.json'), 'utf8')) as ReferenceFileJson;
  const replay = replayRecording(recording);
  // reference times count from the first sample; replay times are on the recording clock
  const firstMs = recording.timesMs[0];
  const detections: DetectedContact[] = [];
  for (const record of replay.records) {
    if (record.type === 'step') detections.push({ tMs: record.tMs - firstMs, side: record.side });
  }
  const bySystem: { [system in ReferenceSystemName]?: IcMatchResult } = {};
  const allBouts: ReferenceBout[] = [];
  for (const system of REFERENCE_SYSTEMS) {
    const walk = referenceWalkFromSystem(reference, system);
    allBouts.push(...walk.bouts);
    if (walk.bouts.length > 0) bySystem[system] = matchInitialContacts(detections, walk);
  }
  const system = defaultReferenceSystem(reference);
  const consensus = consensusReference(reference);
  const still = stillSamples(recording);
  const outside = detectionsOutsideBouts(detections, allBouts, OUTSIDE_MARGIN_MS);
  const sampleAt = (tMs: number) => Math.min(recording.sampleCount - 1, Math.max(0, Math.round((tMs * recording.sampleRateHz) / 1000)));
  let stillOutsideSamples = 0;
  for (let i = 0; i < recording.sampleCount; i++) {
    const tMs = (i * 1000) / recording.sampleRateHz;
    if (still[i] && detectionsOutsideBouts([{ tMs: tMs, side: '?' }], allBouts, OUTSIDE_MARGIN_MS).length === 1) stillOutsideSamples++;
  }
  return {
    name: name,
    system: system,
    chosen: system === undefined ? undefined : bySystem[system],
    bySystem: bySystem,
    consensus: consensus && matchInitialContacts(detections, consensus.walk),
    systemAgreement: consensus
      ? `${consensus.pairedCount}/${consensus.indipCount} INDIP, ${consensus.pairedCount}/${consensus.stereophotoCount} Stereophoto`
      : '-',
    detections: detections.length,
    runningSteps: replay.totals.runningSteps,
    outside: outside.length,
    outsideStill: outside.filter((detection) => still[sampleAt(detection.tMs)]).length,
    stillOutsideS: stillOutsideSamples / recording.sampleRateHz,
    walkingCadenceSpm: replay.totals.walkingCadenceSpm,
    windowWalkingCadencesSpm: replay.records.flatMap((record) => (record.type === 'summary' && record.quality.walkingCadence ? [record.walkingCadenceSpm] : [])),
    boutCadencesSpm: boutCadences(reference),
  };
}

/** each system's bout cadences as its reference file gives them (cadence_spm) */
function boutCadences(reference: ReferenceFileJson): { [system in ReferenceSystemName]?: number[] } {
  const found: { [system in ReferenceSystemName]?: number[] } = {};
  for (const system of REFERENCE_SYSTEMS) {
    const entry = reference.systems[system];
    const bouts = ((entry && entry.walking_bouts) || []) as Array<{ cadence_spm?: number | null }>;
    const cadences = bouts.map((bout) => bout.cadence_spm).filter((spm): spm is number => typeof spm === 'number' && spm > 0);
    if (cadences.length > 0) found[system] = cadences;
  }
  return found;
}

function percent(value: number | null): string {
  return value === null ? '-' : (100 * value).toFixed(1) + '%';
}

function ms(value: number | null): string {
  return value === null ? '-' : value.toFixed(0) + ' ms';
}

const COLUMNS = ['ICs', 'found', 'extra', 'unverif.', '|err| med', 'bias', 'side'];

function figures(result: IcMatchResult | undefined): string[] {
  if (result === undefined) return ['-', '-', '-', '-', '-', '-', '-'];
  return [
    String(result.referenceCount),
    percent(result.foundFraction),
    percent(result.extraFraction),
    String(result.unverifiableCount),
    ms(result.medianAbsErrorMs),
    ms(result.medianErrorMs),
    percent(result.sideAgreement),
  ];
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((title, c) => Math.max(title.length, ...rows.map((row) => row[c].length)));
  const line = (row: string[]) => row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ');
  return [line(header), ...rows.map(line)].join('\n');
}

function present(results: (IcMatchResult | undefined)[]): IcMatchResult[] {
  return results.filter((result): result is IcMatchResult => result !== undefined);
}

async function main(): Promise<void> {
  const dir = process.argv[2] || MOBGAP_FIXTURE_DIR;
  if (!fs.existsSync(dir)) throw new Error(`no recordings: ${dir} does not exist`);
  const names = mobgapTrialsIn(dir);
  const trials: TrialResult[] = [];
  for (const name of names) trials.push(await evaluateTrial(dir, name));
  console.log(`Walking initial contacts, ${dir}`);
  console.log('tolerance 100 ms; candidates within 300 ms of a bout; optimal one-to-one matching; extra = per reference IC\n');

  const rows: string[][] = [];
  for (const trial of trials) {
    rows.push([trial.name, trial.system || 'none', ...figures(trial.chosen)]);
  }
  console.log('Per trial, against INDIP (Stereophoto when INDIP has no bouts):');
  console.log(table(['trial', 'system', ...COLUMNS], rows));

  for (const label of ['INDIP', 'Stereophoto', 'consensus'] as const) {
    const pick = (trial: TrialResult) => (label === 'consensus' ? trial.consensus : trial.bySystem[label]);
    console.log(`\nPer trial, against ${label}${label === 'consensus' ? ' (ICs where INDIP and Stereophoto agree within 50 ms)' : ''}:`);
    console.log(table(['trial', ...COLUMNS], trials.filter((trial) => pick(trial) !== undefined).map((trial) => [trial.name, ...figures(pick(trial))])));
  }

  const groups: [string, (trial: TrialResult) => boolean][] = [
    ['all', () => true],
    ['Test5 (straight)', (trial) => trial.name.indexOf('_Test5_') >= 0],
    ['Test11 (daily life)', (trial) => trial.name.indexOf('_Test11_') >= 0],
  ];
  const pooledRows: string[][] = [];
  for (const [group, inGroup] of groups) {
    const members = trials.filter(inGroup);
    if (members.length === 0) continue;
    pooledRows.push([`${group}, chosen system`, ...figures(poolMatchResults(present(members.map((t) => t.chosen))))]);
    for (const system of REFERENCE_SYSTEMS) {
      pooledRows.push([`${group}, ${system}`, ...figures(poolMatchResults(present(members.map((t) => t.bySystem[system]))))]);
    }
    pooledRows.push([`${group}, consensus`, ...figures(poolMatchResults(present(members.map((t) => t.consensus))))]);
  }
  console.log('\nPooled (counts added, medians over all matched pairs):');
  console.log(table(['group, reference', ...COLUMNS], pooledRows));

  console.log('\nWalking cadence, steps/min: over the trial (replay totals) and per window with the walkingCadence bit, both from strides;');
  console.log("the references' bout cadences (the daily-life course has several bouts, with turns and stairs in them):");
  console.log(
    table(
      ['trial', 'walk', 'windows', 'INDIP bouts', 'Stereophoto bouts'],
      trials.map((trial) => [
        trial.name,
        trial.walkingCadenceSpm === null ? '-' : String(trial.walkingCadenceSpm),
        trial.windowWalkingCadencesSpm.join(' ') || '-',
        (trial.boutCadencesSpm.INDIP || []).map((spm) => spm.toFixed(1)).join(' ') || '-',
        (trial.boutCadencesSpm.Stereophoto || []).map((spm) => spm.toFixed(1)).join(' ') || '-',
      ]),
    ),
  );

  console.log(`\nReference systems' agreement (ICs paired within 50 ms), and detections outside all bouts (+-${OUTSIDE_MARGIN_MS} ms):`);
  console.log(
    table(
      ['trial', 'INDIP vs Stereophoto', 'steps', 'running', 'outside', 'still s outside', 'outside in still'],
      trials.map((trial) => [
        trial.name,
        trial.systemAgreement,
        String(trial.detections),
        String(trial.runningSteps),
        String(trial.outside),
        trial.stillOutsideS.toFixed(0),
        String(trial.outsideStill),
      ]),
    ),
  );
}

if (require.main === module) {
  main().catch((err) => {
    console.error(`accuracy-walking: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  });
}
