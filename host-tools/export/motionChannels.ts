// The Motion-BIDS channels of a pod recording: the IMU's three accelerometer and three gyroscope
// axes on the sensor's own axes, in SI units (m/s^2, rad/s), and the counts -> unit factors.
// Sensor axes are kept (no rotation into the pod frame) so every value maps back to one raw count;
// the reference frame says where the axes point when the pod sits in its board's nominal mounting.
import { BoardImuScale, PodAxisMap } from '../../boards/boardTypes';

/** standard gravity, m/s^2 per g (CGPM 1901) */
export const STANDARD_GRAVITY_MS2 = 9.80665;
/** tracked_point of every channel: one IMU on the lower back */
export const TRACKED_POINT = 'LowerBack';
/** reference_frame level of every channel (described in channels.json) */
export const REFERENCE_FRAME = 'sensor';
/** decimals written: a count is 0.0048 m/s^2 or 0.0012 rad/s at the coarsest scale we know,
 * so 1e-6 keeps every count apart (the round trip back to counts is exact) */
export const MOTION_DECIMALS = 6;

export interface MotionChannel {
  name: string;
  component: 'x' | 'y' | 'z';
  type: 'ACCEL' | 'GYRO';
  units: 'm/s^2' | 'rad/s';
  /** column of the sample in FIFO order (gx gy gz ax ay az), as raw.csv stores it */
  fifoColumn: number;
  /** physical value of one count, in `units` */
  unitsPerCount: number;
}

/** acc x, y, z then gyro x, y, z: the order of the motion.tsv columns and channels.tsv rows */
export function motionChannels(scale: BoardImuScale): MotionChannel[] {
  const accMs2PerCount = scale.accUgPerCount * 1e-6 * STANDARD_GRAVITY_MS2;
  const gyroRadsPerCount = ((scale.gyroMdpsPerCount * 1e-3) * Math.PI) / 180;
  const axes: ('x' | 'y' | 'z')[] = ['x', 'y', 'z'];
  const channels: MotionChannel[] = [];
  axes.forEach((axis, k) => channels.push({ name: `acc_${axis}`, component: axis, type: 'ACCEL', units: 'm/s^2', fifoColumn: 3 + k, unitsPerCount: accMs2PerCount }));
  axes.forEach((axis, k) => channels.push({ name: `gyro_${axis}`, component: axis, type: 'GYRO', units: 'rad/s', fifoColumn: k, unitsPerCount: gyroRadsPerCount }));
  return channels;
}

/** a value of counts for motion.tsv: MOTION_DECIMALS decimals, trailing zeros dropped, never "-0" */
export function formatMotionValue(counts: number, unitsPerCount: number): string {
  return formatMotionNumber(counts * unitsPerCount, MOTION_DECIMALS);
}

/** a value for motion.tsv with `decimals` decimals, trailing zeros dropped, never "-0" nor "1e-7" */
export function formatMotionNumber(value: number, decimals: number): string {
  let text = value.toFixed(decimals);
  if (text.indexOf('.') >= 0) text = text.replace(/0+$/, '').replace(/\.$/, '');
  return text === '-0' ? '0' : text;
}

/**
 * BIDS SpatialAxes of the sensor axes x, y, z in the nominal mounting: for each sensor axis the
 * body direction it points to (A/P anterior/posterior, L/R left/right, S/I superior/inferior).
 * Puck.js v2 {v: 2, ap: -3, ml: -1}: x points right, y up, z back: "RSP".
 */
export function sensorSpatialAxes(map: PodAxisMap): string {
  const letters = ['_', '_', '_'];
  const put = (code: number, positive: string, negative: string): void => {
    letters[Math.abs(code) - 1] = code > 0 ? positive : negative;
  };
  put(map.v, 'S', 'I');
  put(map.ap, 'A', 'P');
  put(map.ml, 'L', 'R');
  return letters.join('');
}

/**
 * channels.tsv text of `channels` sampled at `rateHz`; `placement` and `status` (good, bad) are
 * columns only where the source knows them
 */
export function channelsTsvText(channels: MotionChannel[], rateHz: number, known: { placement?: string; status?: 'good' | 'bad' } = {}): string {
  const columns: Array<[string, (c: MotionChannel) => string]> = [
    ['name', (c) => c.name], ['component', (c) => c.component], ['type', (c) => c.type], ['tracked_point', () => TRACKED_POINT],
    ['units', (c) => c.units], ['sampling_frequency', () => String(rateHz)],
  ];
  const placement = known.placement;
  if (placement !== undefined) columns.push(['placement', () => placement]);
  columns.push(['reference_frame', () => REFERENCE_FRAME]);
  const status = known.status;
  if (status !== undefined) columns.push(['status', () => status]);
  const lines = [columns.map(([name]) => name).join('\t')];
  for (const c of channels) lines.push(columns.map(([, cell]) => cell(c)).join('\t'));
  return lines.join('\n') + '\n';
}

/**
 * The motion.json fields every source of a motion file fills alike: its rates, its length in
 * rows, its channels, and n/a for what a recording cannot say (missing values, artefacts, filters)
 */
export function motionJsonRecordingFields(rateHz: number, effectiveRateHz: number, rows: number, channels: readonly MotionChannel[]): object {
  return {
    SamplingFrequency: rateHz,
    SamplingFrequencyEffective: effectiveRateHz,
    RecordingType: 'continuous',
    RecordingDuration: Number((rows / rateHz).toFixed(6)),
    MotionChannelCount: channels.length,
    ACCELChannelCount: channels.filter((c) => c.type === 'ACCEL').length,
    GYROChannelCount: channels.filter((c) => c.type === 'GYRO').length,
    TrackedPointsCount: 1,
    MissingValues: 'n/a',
    // n/a: not available; what the device filtered, or what went wrong while it recorded, is not known
    SubjectArtefactDescription: 'n/a',
    SoftwareFilters: 'n/a',
  };
}
