// The synthetic run bundled in examples/synthetic: a runner stands still for 5 s (the pod
// calibrates), then runs 3 minutes at 172 spm, leaning further forward and staying longer on
// the ground as they tire, with a slightly weaker right-stance gluteal control (more left drop).
import { SyntheticOptions } from './generate';

export const EXAMPLE_RUN_FILE = 'examples/synthetic/run-172spm-fatigue.csv';

export const EXAMPLE_RUN_OPTIONS: SyntheticOptions = {
  sampleRateHz: 104,
  seed: 2026,
  accNoiseMg: 8,
  gyroNoiseMdps: 150,
  gyroBiasMdps: [400, -250, 600],
  segments: [
    { kind: 'standing', durationS: 5 },
    {
      kind: 'running',
      durationS: 180,
      cadenceSpm: 172,
      contactMs: 245,
      dropLeftCdeg: 550,
      dropRightCdeg: 720,
      rotationRangeCdeg: 1100,
      tiltRangeCdeg: 450,
      leanCdeg: 600,
      brakingPeakMg: 550,
      impactTransientMg: 400,
      leanDriftCdegPerMin: 120,
      contactDriftMsPerMin: 6,
    },
  ],
};
