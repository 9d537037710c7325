// What the simulated IMU senses: a recording (or a synthetic run) turned into physical values on
// the Puck's own sensor axes, one sample per source period. Counts of the recording's scale go
// to mg and mdps, through the recording's axis map to the pod frame (V, AP, ML), then through the
// target board's axis map (Puck.js v2: {v: 2, ap: -3, ml: -1}) to sensor x, y, z.
//
// Gaps: a real IMU never stops sampling, so where the recording has a gap the source holds the
// last sample for the missing sample periods (the pod sees a flat stretch, not lost samples, and
// its sample counter stays aligned with time). A gap that counts no samples lost because how
// many is not known (a CSV whose clock restarted: cause 'clockRestart') is held for the time the
// recording places between the samples either side (RESTART_PLACEMENT_MS, 1 s), not for none:
// replay starts a fresh detector there, and the pod's detector, which runs on, sees that pause
// instead of the two stretches back to back as one motion. That ends any run of running steps
// (at most 800 ms each); a walking step (up to 1100 ms) whose contacts fall within 100 ms of it
// either side could still be timed across it, where replay's fresh detector times none.
// After the last sample the source holds it too; `sampleCount` tells the simulator where the
// recording proper ends.
import { PodAxisMap } from '../../boards/boardTypes';
import { PUCKJS2_BOARD } from '../../boards/puckjs2';
import { SAMPLE_STRIDE } from '../../firmware/core/pipeline';
import { ImuRecording } from '../recording/imuRecording';
import { RecordingGap } from '../recording/sampleRate';
import { SyntheticRun } from '../synthetic/generate';
import { recordingFromSynthetic } from '../synthetic/syntheticRecording';
import { Vec3 } from './lsm6ds3trcModel';

export interface ImuSource {
  readonly rateHz: number;
  /** samples of the source proper, gap fill included; past it the last one is held */
  readonly sampleCount: number;
  /** sample n (0-based, any n >= 0) on the target's sensor axes: accel mg, gyro mdps */
  sampleAt(n: number, accMg: Vec3, gyroMdps: Vec3): void;
}

export interface RecordingSourceOptions {
  /** the board whose sensor axes the values are given on (default Puck.js v2) */
  targetAxisMap?: PodAxisMap;
}

/** [AP, ML, V] from sensor [x, y, z]: pod component = sign(code) * sensor[|code| - 1] */
function podFromSensor(map: PodAxisMap, sensor: Vec3, out: Vec3): void {
  const read = (code: number) => (code < 0 ? 0 - sensor[-code - 1] : sensor[code - 1]);
  out[0] = read(map.ap);
  out[1] = read(map.ml);
  out[2] = read(map.v);
}

/** sensor [x, y, z] from pod [AP, ML, V] (the inverse of podFromSensor for a valid map) */
function sensorFromPod(map: PodAxisMap, pod: Vec3, out: Vec3): void {
  const codes = [map.ap, map.ml, map.v];
  for (let i = 0; i < 3; i++) {
    const code = codes[i];
    out[Math.abs(code) - 1] = code < 0 ? 0 - pod[i] : pod[i]; // 0 - x keeps +0
  }
}

function checkAxisMap(map: PodAxisMap, what: string): void {
  const axes = [map.v, map.ap, map.ml].map((c) => Math.abs(c)).sort();
  if (axes[0] !== 1 || axes[1] !== 2 || axes[2] !== 3) throw new TypeError(`${what} axis map ${JSON.stringify(map)} must name sensor axes 1, 2, 3 once each`);
}

/**
 * Sample periods the source holds the sample before `gap` for: its missing samples, or, for a
 * clock restart (none counted), the periods of the time the recording places it over, less the
 * one that ends at the sample after it (1000 ms at 104 Hz: 103)
 */
function heldSamplesOf(gap: RecordingGap, rateHz: number): number {
  if (gap.cause !== 'clockRestart') return gap.missingSamples;
  return Math.max(gap.missingSamples, Math.round(((gap.endMs - gap.startMs) * rateHz) / 1000) - 1);
}

/** An ImuRecording as what the target board's IMU senses, gaps held (see the header). */
export function imuSourceFromRecording(recording: ImuRecording, options: RecordingSourceOptions = {}): ImuSource {
  const target = options.targetAxisMap ?? PUCKJS2_BOARD.axisMap;
  checkAxisMap(recording.axisMap, 'recording');
  checkAxisMap(target, 'target');
  if (!(recording.sampleRateHz > 0)) throw new TypeError('recording sampleRateHz must be > 0');
  // played at the rate its stamps keep (a CSV at 102.4 Hz), not the whole Hz the detector takes:
  // the pod samples the samples on its own clock, and its steps fall at the stamps' times
  const rateHz = recording.stampRateHz ?? recording.sampleRateHz;
  // source sample index -> recording sample index, gaps filled with the sample before them
  const heldSamples = recording.gaps.map((gap) => heldSamplesOf(gap, rateHz));
  let total = recording.sampleCount;
  for (const held of heldSamples) total += held;
  const recordingIndex = new Int32Array(total);
  let out = 0;
  let next = 0;
  recording.gaps.forEach((gap, g) => {
    while (next < gap.beforeSample && next < recording.sampleCount) recordingIndex[out++] = next++;
    for (let k = 0; k < heldSamples[g]; k++) recordingIndex[out++] = Math.max(0, next - 1);
  });
  while (next < recording.sampleCount) recordingIndex[out++] = next++;
  const accMgPerCount = recording.scale.accUgPerCount / 1000;
  const gyroMdpsPerCount = recording.scale.gyroMdpsPerCount;
  const sensor: Vec3 = [0, 0, 0];
  const pod: Vec3 = [0, 0, 0];
  return {
    rateHz,
    sampleCount: out,
    sampleAt(n: number, accMg: Vec3, gyroMdps: Vec3): void {
      if (out === 0) {
        accMg.fill(0);
        gyroMdps.fill(0);
        return;
      }
      const i = recordingIndex[Math.min(Math.max(0, n), out - 1)] * SAMPLE_STRIDE;
      const s = recording.samplesCounts;
      for (let k = 0; k < 3; k++) sensor[k] = s[i + k] * accMgPerCount;
      podFromSensor(recording.axisMap, sensor, pod);
      sensorFromPod(target, pod, accMg);
      for (let k = 0; k < 3; k++) sensor[k] = s[i + 3 + k] * gyroMdpsPerCount;
      podFromSensor(recording.axisMap, sensor, pod);
      sensorFromPod(target, pod, gyroMdps);
    },
  };
}

/** A synthetic run through the same path (its dropped samples become held gaps). */
export function imuSourceFromSynthetic(run: SyntheticRun, options: RecordingSourceOptions = {}): ImuSource {
  return imuSourceFromRecording(recordingFromSynthetic(run), options);
}

/** A pod lying still: the same physical sample forever (accel mg and gyro mdps on pod axes [AP, ML, V]). */
export function constantImuSource(rateHz: number, accPodMg: Vec3, gyroPodMdps: Vec3 = [0, 0, 0], sampleCount = 0, targetAxisMap: PodAxisMap = PUCKJS2_BOARD.axisMap): ImuSource {
  checkAxisMap(targetAxisMap, 'target');
  const acc: Vec3 = [0, 0, 0];
  const gyro: Vec3 = [0, 0, 0];
  sensorFromPod(targetAxisMap, accPodMg, acc);
  sensorFromPod(targetAxisMap, gyroPodMdps, gyro);
  return {
    rateHz,
    sampleCount,
    sampleAt(_n: number, accMg: Vec3, gyroMdps: Vec3): void {
      for (let k = 0; k < 3; k++) {
        accMg[k] = acc[k];
        gyroMdps[k] = gyro[k];
      }
    },
  };
}
