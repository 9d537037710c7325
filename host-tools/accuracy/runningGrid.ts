// The grid of synthetic runs the running detector is held to: cadences across 150-200 spm,
// the three IMU rates, every mounting the pod must cope with, with noise and gyro bias.
import { generateSynthetic, SyntheticOptions } from '../synthetic/generate';
import { Mounting } from '../synthetic/mounting';
import { recordingFromSynthetic } from '../synthetic/syntheticRecording';
import { replayRecording } from '../replay/replayRecording';
import { ReplayStep, ReplaySummary } from '../replay/replayRecords';
import { RunningScore, scoreRunning } from './runningTruthScore';

export interface GridCase {
  name: string;
  options: SyntheticOptions;
  /** steps before this time are not scored: the pod is still finding its mounting */
  settleMs: number;
  /** a standing start gives the upright reference for lean */
  standingStart: boolean;
}

export const GRID_CADENCES_SPM = [150, 175, 200];
export const GRID_RATES_HZ = [52, 104, 208];
export const GRID_MOUNTINGS: { name: string; mounting: Partial<Mounting> }[] = [
  { name: 'nominal', mounting: {} },
  { name: 'upside-down', mounting: { upsideDown: true } },
  { name: 'reversed', mounting: { reversed: true } },
  { name: 'tilted 30 deg about ML', mounting: { tiltDeg: 30, tiltAxis: 'ml' } },
  { name: 'tilted 30 deg about AP, upside-down, reversed', mounting: { tiltDeg: 30, tiltAxis: 'ap', upsideDown: true, reversed: true } },
];

/** contact time that suits the cadence: shorter contacts at higher cadence */
export function gridContactMs(cadenceSpm: number): number {
  return Math.round(290 - (cadenceSpm - 150) * 1.5);
}

export function gridCase(cadenceSpm: number, rateHz: number, mountingIndex: number, seed: number, standingS = 3): GridCase {
  const mounting = GRID_MOUNTINGS[mountingIndex];
  return {
    name: `${cadenceSpm} spm, ${rateHz} Hz, ${mounting.name}`,
    settleMs: 0,
    standingStart: standingS > 0,
    options: {
      sampleRateHz: rateHz,
      seed: seed,
      accNoiseMg: 10,
      gyroNoiseMdps: 200,
      gyroBiasMdps: [600, -400, 900],
      mounting: mounting.mounting,
      segments: [
        ...(standingS > 0 ? [{ kind: 'standing' as const, durationS: standingS }] : []),
        {
          kind: 'running',
          durationS: 40,
          cadenceSpm: cadenceSpm,
          contactMs: gridContactMs(cadenceSpm),
          dropLeftCdeg: 500 + (seed % 3) * 100,
          dropRightCdeg: 700,
          rotationRangeCdeg: 1000 + (seed % 4) * 150,
          tiltRangeCdeg: 450,
          leanCdeg: 400 + (seed % 5) * 100,
        },
      ],
    },
  };
}

/** every cadence x rate x mounting with a standing start, then runs clipped on while running */
export function allGridCases(): GridCase[] {
  const cases: GridCase[] = [];
  let seed = 1;
  for (const cadence of GRID_CADENCES_SPM) {
    for (const rate of GRID_RATES_HZ) {
      for (let m = 0; m < GRID_MOUNTINGS.length; m++) cases.push(gridCase(cadence, rate, m, seed++));
    }
  }
  return cases.concat(noStandingCases(seed));
}

/** no standing start: the mounting must come from the running itself (lean is then unknown) */
export function noStandingCases(firstSeed: number): GridCase[] {
  const cases: GridCase[] = [];
  let seed = firstSeed;
  for (let m = 0; m < GRID_MOUNTINGS.length; m++) {
    const c = gridCase(175, 104, m, seed++, 0);
    // gravity from the first seconds without steps, then refined over 8 running steps
    cases.push({ ...c, name: `${c.name}, no standing start`, settleMs: 8000 });
  }
  return cases;
}

export const UNEVEN_CADENCES_SPM = [150, 160, 170, 180, 190];

/**
 * An impact transient at each contact (400 mg over 30 ms, as the bundled example run has): the
 * contact's rise is then steeper than the sample period resolves, so a step of a non-whole number
 * of samples is timed long and short by turns (at 52 Hz and 160 spm, 389 and 361 ms for 375).
 * Nominal mounting, every rate, cadences across 150-190 spm.
 */
export function unevenContactCases(firstSeed = 100): GridCase[] {
  const cases: GridCase[] = [];
  let seed = firstSeed;
  for (const cadence of UNEVEN_CADENCES_SPM) {
    for (const rate of GRID_RATES_HZ) {
      const c = gridCase(cadence, rate, 0, seed++);
      const running = { ...c.options.segments![1], impactTransientMg: 400 };
      cases.push({ ...c, name: `${c.name}, impact transient`, options: { ...c.options, segments: [c.options.segments![0], running] } });
    }
  }
  return cases;
}

export interface GridResult {
  score: RunningScore;
  steps: ReplayStep[];
  summaries: ReplaySummary[];
  truthCadenceSpm: number;
  truthVoMm: number;
}

export function runGridCase(gridCase: GridCase): GridResult {
  const run = generateSynthetic(gridCase.options);
  const result = replayRecording(recordingFromSynthetic(run));
  const steps = result.records.filter((r): r is ReplayStep => r.type === 'step');
  const summaries = result.records.filter((r): r is ReplaySummary => r.type === 'summary');
  const running = run.truth.steps.filter((s) => s.kind === 'running');
  return {
    score: scoreRunning(run.truth.steps, steps, gridCase.settleMs),
    steps,
    summaries,
    truthCadenceSpm: running.length > 0 ? running[0].cadenceSpm : 0,
    truthVoMm: running.length > 0 ? running[running.length >> 1].voMm : 0,
  };
}
