// The run every benchmark uses: 5 s standing, then 30 min of running at 104 Hz.
import { SyntheticOptions } from '../../host-tools/synthetic/generate';

export const BENCH_RUN_OPTIONS: SyntheticOptions = {
  sampleRateHz: 104,
  segments: [{ kind: 'standing', durationS: 5 }, { kind: 'running', durationS: 1800 }],
  accNoiseMg: 10,
  gyroNoiseMdps: 200,
  seed: 7,
};
