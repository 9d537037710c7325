// A synthetic run as raw IMU CSV for the replay CLI: header t_ms,ax,ay,az,gx,gy,gz, one row per
// output sample (dropped samples absent, so they show as time-stamp gaps). t_ms is rounded to a
// whole ms; acceleration in g and angular rate in deg/s, sensor axes, 5 decimals: finer than a
// count (Puck.js v2: 0.000488 g, 0.07 dps), so counts come back exactly on import.
import { SYNTHETIC_SAMPLE_STRIDE, SyntheticRun } from './generate';

export const SYNTHETIC_CSV_HEADER = 't_ms,ax,ay,az,gx,gy,gz';

const DECIMALS = 5;

/** The CSV text (LF line ends, a final newline). Rows past 1000 Hz could share a rounded t_ms. */
export function syntheticToCsv(run: Pick<SyntheticRun, 'board' | 'samples' | 'sampleCount' | 'timesMs'>): string {
  const gPerCount = run.board.scale.accUgPerCount / 1e6;
  const dpsPerCount = run.board.scale.gyroMdpsPerCount / 1000;
  const lines: string[] = [SYNTHETIC_CSV_HEADER];
  const fields: string[] = new Array(SYNTHETIC_SAMPLE_STRIDE + 1);
  for (let i = 0; i < run.sampleCount; i++) {
    const base = i * SYNTHETIC_SAMPLE_STRIDE;
    fields[0] = String(Math.round(run.timesMs[i]));
    for (let k = 0; k < SYNTHETIC_SAMPLE_STRIDE; k++) {
      const value = run.samples[base + k] * (k < 3 ? gPerCount : dpsPerCount);
      // + 0 turns -0 into 0
      fields[k + 1] = (value + 0).toFixed(DECIMALS);
    }
    lines.push(fields.join(','));
  }
  return lines.join('\n') + '\n';
}
