// Synthetic IMU recording of a run: samples the running model at the board's rate, carries the
// pod-frame signals through the mounting and the board's axis map into sensor axes, adds the
// gyro bias and white Gaussian noise, converts to board counts (rounded to nearest, clamped at
// full scale) and removes dropped samples. Returns the counts with the per-step ground truth.
//
// Sample i of the full timeline is taken at t = i / sampleRateHz s; the run lasts the plan's
// duration (moving segments are whole steps) and has ceil(duration * rate) samples. Noise is
// drawn for every sample of the full timeline, 6 deviates per sample in the order
// acc x, y, z, gyro x, y, z (sensor axes), before any sample is dropped: the same seed gives the
// same Int16Array, and dropping samples leaves the others unchanged.
import { BoardDescription } from '../../boards/boardTypes';
import { PUCKJS2_BOARD } from '../../boards/puckjs2';
import { mat3Apply } from './orientation';
import { Mounting, NOMINAL_MOUNTING, sensorFromNominalPodMatrix, sensorFromPodMatrix } from './mounting';
import { createPrng } from './prng';
import {
  DEFAULT_RUNNING_SETTINGS,
  MotionKind,
  MotionSettings,
  SegmentSpec,
  TruthStep,
  createPelvisState,
  createPodSignals,
  defaultMotionSettings,
  planRun,
  podSignalsAt,
  truthStepsOf,
} from './runningModel';

/** interleaved layout of one sample: ax, ay, az, gx, gy, gz (sensor axes, counts), as SAMPLE_STRIDE in firmware/core/pipeline */
export const SYNTHETIC_SAMPLE_STRIDE = 6;

/** a vector in pod axes: forward, left, up (x, y, z of the right-handed pod frame) */
export type PodVector = [ap: number, ml: number, v: number];

/**
 * Clipping. Without a window, the given limits replace the board's full scale for the whole run
 * (a board set to a smaller range) and the result's board carries them. With a window
 * [fromS, toS), the limits apply only inside it, and an axis at or past its limit there reads the
 * board's own full scale with its sign (a pegged sensor), so a reader of result.board sees it as
 * saturated; outside the window the board's full scale applies.
 */
export interface SaturationSettings {
  /** accelerometer clip level, counts (default: the board's full scale) */
  accFullScaleCounts?: number;
  /** gyroscope clip level, counts (default: the board's full scale) */
  gyroFullScaleCounts?: number;
  fromS?: number;
  toS?: number;
}

/**
 * Everything optional. The motion is either the MotionSettings fields given here (one segment,
 * kind 'running' and durationS 60 by default) or `segments`, not both.
 */
export interface SyntheticOptions extends Partial<MotionSettings> {
  /** default: Puck.js v2 */
  board?: BoardDescription;
  /** default: the board's default rate; any positive rate works */
  sampleRateHz?: number;
  segments?: SegmentSpec[];
  /** integer seed of the noise (default 1) */
  seed?: number;
  /** white Gaussian noise, standard deviation per sensor axis */
  accNoiseMg?: number;
  gyroNoiseMdps?: number;
  /** constant gyro offset along the board's nominal pod axes (the runner's pod axes when the
   * mounting is nominal); it turns with the board */
  gyroBiasMdps?: PodVector;
  /** change from the board's nominal mounting (fields not given: nominal) */
  mounting?: Partial<Mounting>;
  saturation?: SaturationSettings;
  /** [first sample index, count] on the full timeline, removed from the output */
  droppedRanges?: ReadonlyArray<readonly [number, number]>;
}

export const DEFAULT_SYNTHETIC_SENSOR = {
  seed: 1,
  // LSM6DS3TR-C noise density ~90 ug/rtHz and ~4 mdps/rtHz give ~1 mg and ~40 mdps at 104 Hz;
  // a clip-on pod wobbles a little more
  accNoiseMg: 2,
  gyroNoiseMdps: 100,
  gyroBiasMdps: [0, 0, 0] as PodVector,
};

export interface TruthSegment {
  kind: MotionKind;
  startMs: number;
  endMs: number;
}

export interface SyntheticTruth {
  /** every step in time order; standing segments have none */
  steps: TruthStep[];
  /** output samples (dropped ones excluded) with an axis at or past the result board's full scale */
  saturatedSampleCount: number;
  /** sorted, merged, clipped to the timeline: [first sample index, count] on the full timeline */
  droppedRanges: Array<[number, number]>;
  segments: TruthSegment[];
}

export interface SyntheticRun {
  sampleRateHz: number;
  /** the board the counts belong to (full scale replaced by a whole-run saturation limit) */
  board: BoardDescription;
  /** interleaved [ax, ay, az, gx, gy, gz] per output sample, sensor axes, counts */
  samples: Int16Array;
  sampleCount: number;
  /** time of each output sample, ms from sample 0 of the full timeline (gaps where dropped) */
  timesMs: Float64Array;
  /** samples on the full timeline, before dropping */
  generatedSampleCount: number;
  durationS: number;
  mounting: Mounting;
  truth: SyntheticTruth;
}

const MOTION_KEYS = [...Object.keys(DEFAULT_RUNNING_SETTINGS), 'firstSide'];

function segmentsOf(options: SyntheticOptions): SegmentSpec[] {
  const given = options as { [key: string]: unknown };
  const motionKeys = MOTION_KEYS.filter((key) => given[key] !== undefined);
  if (options.segments !== undefined) {
    if (motionKeys.length > 0) {
      throw new TypeError(`give motion settings either per segment or at the top level, not both (top level: ${motionKeys.join(', ')})`);
    }
    return options.segments;
  }
  const spec: { [key: string]: unknown } = {};
  for (const key of motionKeys) spec[key] = given[key];
  const kind = options.kind || 'running';
  spec.kind = kind;
  if (spec.durationS === undefined) spec.durationS = defaultMotionSettings(kind).durationS;
  return [spec as SegmentSpec];
}

function checkFullScale(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1 || value > 32767) {
    throw new TypeError(`${name} must be an integer count in [1, 32767], got ${value}`);
  }
  return value;
}

function normaliseDropped(ranges: ReadonlyArray<readonly [number, number]>, total: number): Array<[number, number]> {
  const clipped: Array<[number, number]> = [];
  for (const range of ranges) {
    const [start, count] = range;
    if (!Number.isInteger(start) || !Number.isInteger(count) || start < 0 || count < 0) {
      throw new TypeError(`dropped range [${start}, ${count}] must be two non-negative integers [first sample, count]`);
    }
    const end = Math.min(start + count, total);
    if (end > start) clipped.push([start, end]);
  }
  clipped.sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number]> = [];
  for (const [start, end] of clipped) {
    const last = merged[merged.length - 1];
    if (last !== undefined && start <= last[1]) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  return merged.map(([start, end]) => [start, end - start]);
}

/** Generates a synthetic recording. Throws TypeError for options that cannot be simulated. */
export function generateSynthetic(options: SyntheticOptions = {}): SyntheticRun {
  const board = options.board || PUCKJS2_BOARD;
  const rateHz = options.sampleRateHz === undefined ? board.defaultRateHz : options.sampleRateHz;
  if (!Number.isFinite(rateHz) || rateHz <= 0) throw new TypeError(`sampleRateHz must be positive, got ${rateHz}`);
  const seed = options.seed === undefined ? DEFAULT_SYNTHETIC_SENSOR.seed : options.seed;
  const accNoiseMg = options.accNoiseMg === undefined ? DEFAULT_SYNTHETIC_SENSOR.accNoiseMg : options.accNoiseMg;
  const gyroNoiseMdps = options.gyroNoiseMdps === undefined ? DEFAULT_SYNTHETIC_SENSOR.gyroNoiseMdps : options.gyroNoiseMdps;
  const biasPod = options.gyroBiasMdps || DEFAULT_SYNTHETIC_SENSOR.gyroBiasMdps;
  for (const [name, value] of [['accNoiseMg', accNoiseMg], ['gyroNoiseMdps', gyroNoiseMdps]] as const) {
    if (!Number.isFinite(value) || value < 0) throw new TypeError(`${name} must be >= 0, got ${value}`);
  }
  if (biasPod.length !== 3 || !biasPod.every(Number.isFinite)) {
    throw new TypeError(`gyroBiasMdps must be three numbers [ap, ml, v], got ${JSON.stringify(biasPod)}`);
  }
  const mounting: Mounting = { ...NOMINAL_MOUNTING, ...(options.mounting || {}) };
  const prng = createPrng(seed);
  const plan = planRun(segmentsOf(options));

  const scale = board.scale;
  const boardAccFull = checkFullScale(scale.accFullScaleCounts, 'board accFullScaleCounts');
  const boardGyroFull = checkFullScale(scale.gyroFullScaleCounts, 'board gyroFullScaleCounts');
  const saturation = options.saturation || {};
  const accLimit = checkFullScale(saturation.accFullScaleCounts === undefined ? boardAccFull : saturation.accFullScaleCounts, 'saturation accFullScaleCounts');
  const gyroLimit = checkFullScale(saturation.gyroFullScaleCounts === undefined ? boardGyroFull : saturation.gyroFullScaleCounts, 'saturation gyroFullScaleCounts');
  const windowed = saturation.fromS !== undefined || saturation.toS !== undefined;
  const windowFromS = saturation.fromS === undefined ? -Infinity : saturation.fromS;
  const windowToS = saturation.toS === undefined ? Infinity : saturation.toS;
  const resultBoard: BoardDescription = windowed
    ? board
    : { ...board, scale: { ...scale, accFullScaleCounts: accLimit, gyroFullScaleCounts: gyroLimit } };
  const outAccFull = resultBoard.scale.accFullScaleCounts;
  const outGyroFull = resultBoard.scale.gyroFullScaleCounts;

  const sensorFromPod = sensorFromPodMatrix(board.axisMap, mounting);
  const biasSensorMdps = mat3Apply(sensorFromNominalPodMatrix(board.axisMap), biasPod, new Float64Array(3));
  const countsPerMg = 1000 / scale.accUgPerCount;
  const countsPerMdps = 1 / scale.gyroMdpsPerCount;

  const total = Math.max(0, Math.ceil(plan.durationS * rateHz - 1e-9));
  const dropped = normaliseDropped(options.droppedRanges || [], total);
  const keep = new Uint8Array(total).fill(1);
  for (const [start, count] of dropped) keep.fill(0, start, start + count);
  let kept = 0;
  for (let i = 0; i < total; i++) kept += keep[i];

  const samples = new Int16Array(kept * SYNTHETIC_SAMPLE_STRIDE);
  const timesMs = new Float64Array(kept);
  const saturatedAt = new Uint8Array(total);
  const pod = createPodSignals();
  const state = createPelvisState();
  const accSensor = new Float64Array(3);
  const gyroSensor = new Float64Array(3);
  const noise = new Float64Array(SYNTHETIC_SAMPLE_STRIDE);
  const values = new Float64Array(SYNTHETIC_SAMPLE_STRIDE);
  let out = 0;
  let saturatedSampleCount = 0;
  for (let i = 0; i < total; i++) {
    const tS = i / rateHz;
    for (let k = 0; k < SYNTHETIC_SAMPLE_STRIDE; k++) noise[k] = prng.nextGaussian();
    if (keep[i] === 0) continue;
    podSignalsAt(plan, tS, pod, state);
    mat3Apply(sensorFromPod, pod.accMg, accSensor);
    mat3Apply(sensorFromPod, pod.gyroMdps, gyroSensor);
    for (let k = 0; k < 3; k++) {
      values[k] = (accSensor[k] + accNoiseMg * noise[k]) * countsPerMg;
      values[k + 3] = (gyroSensor[k] + biasSensorMdps[k] + gyroNoiseMdps * noise[k + 3]) * countsPerMdps;
    }
    const inWindow = windowed && tS >= windowFromS && tS < windowToS;
    let saturated = false;
    for (let k = 0; k < SYNTHETIC_SAMPLE_STRIDE; k++) {
      const limit = k < 3 ? accLimit : gyroLimit;
      const boardFull = k < 3 ? boardAccFull : boardGyroFull;
      const outFull = k < 3 ? outAccFull : outGyroFull;
      let count = Math.round(values[k]);
      if (windowed) {
        if (inWindow && (count >= limit || count <= -limit)) count = count > 0 ? boardFull : -boardFull;
        else if (count > boardFull) count = boardFull;
        else if (count < -boardFull) count = -boardFull;
      } else if (count > limit) count = limit;
      else if (count < -limit) count = -limit;
      if (count >= outFull || count <= -outFull) saturated = true;
      samples[out * SYNTHETIC_SAMPLE_STRIDE + k] = count;
    }
    if (saturated) {
      saturatedAt[i] = 1;
      saturatedSampleCount++;
    }
    timesMs[out] = (i * 1000) / rateHz;
    out++;
  }

  const steps = truthStepsOf(plan);
  for (const step of steps) {
    const first = Math.max(0, Math.ceil((step.tMs * rateHz) / 1000 - 1e-9));
    const end = Math.min(total, Math.ceil(((step.tMs + step.stepMs) * rateHz) / 1000 - 1e-9));
    for (let i = first; i < end && !step.saturated; i++) if (saturatedAt[i] === 1) step.saturated = true;
  }
  return {
    sampleRateHz: rateHz,
    board: resultBoard,
    samples: samples,
    sampleCount: kept,
    timesMs: timesMs,
    generatedSampleCount: total,
    durationS: plan.durationS,
    mounting: mounting,
    truth: {
      steps: steps,
      saturatedSampleCount: saturatedSampleCount,
      droppedRanges: dropped,
      segments: plan.segments.map((segment) => ({
        kind: segment.settings.kind,
        startMs: segment.startS * 1000,
        endMs: segment.endS * 1000,
      })),
    },
  };
}

