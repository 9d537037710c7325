// Axis map text such as "V=y,AP=-z,ML=-x": which sensor axis (x, y, z, optionally signed) points
// along each pod axis. Parsed into PodAxisMap codes (1 = x, 2 = y, 3 = z, negative = reversed).
import { PodAxisMap } from '../../boards/boardTypes';

const AXIS_CODES: { [letter: string]: number } = { x: 1, y: 2, z: 3 };
const AXIS_LETTERS = ['', 'x', 'y', 'z'];
const POD_KEYS: { [key: string]: keyof PodAxisMap } = { v: 'v', ap: 'ap', ml: 'ml' };

/** Thrown for a map a person typed wrong; the message says what to change. */
export class AxisMapError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AxisMapError';
  }
}

/**
 * Determinant of the rotation taking sensor axes to the pod frame (rows AP, ML, V):
 * +1 for a proper rotation, -1 for a mirror image, 0 when an axis is used twice.
 */
export function podAxisMapDeterminant(map: PodAxisMap): number {
  const codes = [map.ap, map.ml, map.v];
  const axes = codes.map((code) => Math.abs(code));
  if (axes.some((axis) => axis < 1 || axis > 3 || !Number.isInteger(axis))) return 0;
  if (axes[0] === axes[1] || axes[0] === axes[2] || axes[1] === axes[2]) return 0;
  // sign of the permutation (AP, ML, V) -> (axes...): count inversions
  let inversions = 0;
  for (let i = 0; i < 3; i++) for (let j = i + 1; j < 3; j++) if (axes[i] > axes[j]) inversions++;
  let sign = inversions % 2 === 0 ? 1 : -1;
  for (const code of codes) if (code < 0) sign = -sign;
  return sign;
}

/** Parses "V=y,AP=-z,ML=-x" (any order, case-insensitive) and checks it is a proper rotation. */
export function parsePodAxisMap(text: string): PodAxisMap {
  const found: Partial<PodAxisMap> = {};
  const parts = text.split(',').map((part) => part.trim()).filter((part) => part !== '');
  for (const part of parts) {
    const match = /^([A-Za-z]+)\s*=\s*([+-]?)\s*([xyzXYZ])$/.exec(part);
    if (!match) {
      throw new AxisMapError(`'${part}' is not POD_AXIS=SENSOR_AXIS (for example V=y or AP=-z)`);
    }
    const key = POD_KEYS[match[1].toLowerCase()];
    if (key === undefined) throw new AxisMapError(`unknown pod axis '${match[1]}' (use V, AP and ML)`);
    if (found[key] !== undefined) throw new AxisMapError(`pod axis ${key.toUpperCase()} is given twice`);
    const code = AXIS_CODES[match[3].toLowerCase()];
    found[key] = match[2] === '-' ? -code : code;
  }
  for (const key of ['v', 'ap', 'ml'] as (keyof PodAxisMap)[]) {
    if (found[key] === undefined) {
      throw new AxisMapError(`pod axis ${key.toUpperCase()} is missing (give V, AP and ML, e.g. V=y,AP=-z,ML=-x)`);
    }
  }
  const map = found as PodAxisMap;
  const determinant = podAxisMapDeterminant(map);
  if (determinant === 0) {
    const letters = [map.v, map.ap, map.ml].map((code) => AXIS_LETTERS[Math.abs(code)]);
    const repeated = letters.find((letter, i) => letters.indexOf(letter) !== i);
    throw new AxisMapError(`sensor axis ${repeated} is used twice: V, AP and ML need three different axes`);
  }
  if (determinant < 0) {
    throw new AxisMapError(
      'the map is a mirror image (left-handed): AP x ML must point along V; reverse the sign of one axis',
    );
  }
  return map;
}

/** The inverse of parsePodAxisMap: "V=y,AP=-z,ML=-x". */
export function formatPodAxisMap(map: PodAxisMap): string {
  const axis = (code: number) => (code < 0 ? '-' : '') + AXIS_LETTERS[Math.abs(code)];
  return `V=${axis(map.v)},AP=${axis(map.ap)},ML=${axis(map.ml)}`;
}
