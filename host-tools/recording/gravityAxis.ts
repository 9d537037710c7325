// Which sensor axis gravity lies along over a whole recording. A pod on the lower back stays
// upright (its vertical, V, along gravity) standing, walking and running alike, so the mean of
// its accelerometer points along the sensor axis the axis map names for V. A file in another
// axis convention (its own logger's, read without --axes) shows gravity along another axis, and
// every step, side and angle read from it would be wrong while it replays without complaint.
import { PodAxisMap } from '../../boards/boardTypes';

const AXIS_LETTERS = ['x', 'y', 'z'];
/** the mean's share along one axis that makes it that axis's (cos 37°): a pelvis tilts far less */
const ONE_AXIS_SHARE = 0.8;
/** samples below which the mean says too little */
const MIN_SAMPLES = 100;

export interface GravityAxisDoubt {
  /** the sensor axis the axis map gives V, e.g. 'y' */
  expectedAxis: string;
  /** the sensor axis gravity lies along, signed as it points up, e.g. '-x' */
  foundAxis: string;
  /** the mean acceleration's share along foundAxis, 0-1 */
  share: number;
}

/** `sums` of the accelerometer's x, y and z over `sampleCount` samples; undefined when gravity lies along V, or says too little */
export function gravityAxisDoubt(sums: ArrayLike<number>, sampleCount: number, map: PodAxisMap): GravityAxisDoubt | undefined {
  if (sampleCount < MIN_SAMPLES) return undefined;
  const length = Math.hypot(sums[0], sums[1], sums[2]);
  if (!(length > 0)) return undefined;
  let axis = 0;
  for (let k = 1; k < 3; k++) if (Math.abs(sums[k]) > Math.abs(sums[axis])) axis = k;
  const share = Math.abs(sums[axis]) / length;
  const expected = Math.abs(map.v) - 1;
  if (share < ONE_AXIS_SHARE || axis === expected) return undefined;
  return { expectedAxis: AXIS_LETTERS[expected], foundAxis: (sums[axis] < 0 ? '-' : '') + AXIS_LETTERS[axis], share };
}

/** the doubt in a person's words, with what to do */
export function gravityAxisWarning(doubt: GravityAxisDoubt): string {
  return `gravity lies along the sensor's ${doubt.foundAxis} axis (${Math.round(doubt.share * 100)} % of the mean acceleration), not along ${doubt.expectedAxis}, ` +
    `the pod's vertical in the axis map it was read with: the file is likely in another axis convention, and its steps, sides and angles ` +
    `would be wrong. Give the pod's axes with --axes (V=${doubt.foundAxis} and the forward and left axes, e.g. --axes V=${doubt.foundAxis},AP=...,ML=...)`;
}
