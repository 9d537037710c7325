// recording.json checked field by field when a recording is read: one edited by hand, or cut and
// mended, that lacks a field the readers compute with (the gaps, the IMU scale, the mounting)
// would fail deep inside replay, report or export with no word of which field. Every field of
// PodRecordingMeta has been written since the format's first version, so each is required, but
// speedChanges (added later) and a gap's bootStartSample and newRecording (written where they apply).
import { PodAxisMap } from '../../boards/boardTypes';
import { podAxisMapDeterminant } from './axisMap';

/** what is wrong with the value at `at` (a field's path, e.g. gaps[2].cause), in words; undefined when nothing */
type FieldCheck = (value: unknown, at: string) => string | undefined;

/** a JSON value as an error quotes it: the start of a long one */
function shown(value: unknown): string {
  const text = JSON.stringify(value);
  return text.length > 40 ? text.slice(0, 40) + '...' : text;
}

function isObject(value: unknown): value is { [field: string]: unknown } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** a value `ok` accepts, `what` in words */
function valueCheck(what: string, ok: (value: unknown) => boolean): FieldCheck {
  return (value, at) => (value === undefined ? `${at} is missing (${what})` : ok(value) ? undefined : `${at} is ${shown(value)}, not ${what}`);
}

const text = valueCheck('text', (value) => typeof value === 'string');
const flag = valueCheck('true or false', (value) => typeof value === 'boolean');
const aboveZero = valueCheck('a number above 0', (value) => typeof value === 'number' && value > 0 && Number.isFinite(value));
const fromZero = valueCheck('a number from 0', (value) => typeof value === 'number' && value >= 0 && Number.isFinite(value));
const wholeFromZero = valueCheck('a whole number from 0', (value) => Number.isInteger(value) && (value as number) >= 0);
const timeOrNone = valueCheck("an ISO 8601 time, or '' when unknown", (value) => typeof value === 'string' && (value === '' || Number.isFinite(Date.parse(value))));

function optional(check: FieldCheck): FieldCheck {
  return (value, at) => (value === undefined ? undefined : check(value, at));
}

function oneOf(values: readonly unknown[]): FieldCheck {
  return valueCheck(`one of ${values.join(', ')}`, (value) => values.indexOf(value) >= 0);
}

/** an object with these fields (others are let be) */
function objectOf(what: string, fields: { [field: string]: FieldCheck }): FieldCheck {
  return (value, at) => {
    if (value === undefined) return `${at} is missing (${what})`;
    if (!isObject(value)) return `${at} is ${shown(value)}, not ${what}`;
    for (const [field, check] of Object.entries(fields)) {
      const fault = check(value[field], at === '' ? field : `${at}.${field}`);
      if (fault !== undefined) return fault;
    }
    return undefined;
  };
}

function listOf(what: string, item: FieldCheck): FieldCheck {
  return (value, at) => {
    if (value === undefined) return `${at} is missing (${what})`;
    if (!Array.isArray(value)) return `${at} is ${shown(value)}, not ${what}`;
    for (let i = 0; i < value.length; i++) {
      const fault = item(value[i], `${at}[${i}]`);
      if (fault !== undefined) return fault;
    }
    return undefined;
  };
}

const MOUNTING = 'the mounting: v, ap and ml on three different sensor axes, right-handed (1 = x, 2 = y, 3 = z, negative = reversed)';

const META_CHECK = objectOf('an object of fields', {
  board: text,
  imuPart: text,
  firmwareVersion: text,
  protocolVersion: wholeFromZero,
  sampleRateHz: aboveZero,
  accRangeG: aboveZero,
  gyroRangeDps: aboveZero,
  scale: objectOf('the IMU scale: accUgPerCount, gyroMdpsPerCount, accFullScaleCounts and gyroFullScaleCounts', {
    accUgPerCount: aboveZero,
    gyroMdpsPerCount: aboveZero,
    accFullScaleCounts: aboveZero,
    gyroFullScaleCounts: aboveZero,
  }),
  axisMap: valueCheck(MOUNTING, (value) => isObject(value) && ['v', 'ap', 'ml'].every((axis) => typeof value[axis] === 'number') &&
    podAxisMapDeterminant(value as unknown as PodAxisMap) === 1),
  speedMms: fromZero,
  speedChanges: optional(listOf('a list of speed changes', objectOf('a speed change: fromSample and speedMms', { fromSample: wholeFromZero, speedMms: fromZero }))),
  calibration: objectOf('the calibration: stationary and forwardKnown', { stationary: flag, forwardKnown: flag }),
  startTime: timeOrNone,
  endTime: text,
  rawSamples: wholeFromZero,
  gaps: listOf('a list of the gaps in raw.csv', objectOf('a gap: fromSample, missingSamples and cause', {
    fromSample: wholeFromZero,
    missingSamples: wholeFromZero,
    cause: oneOf(['pod', 'link', 'disconnect', 'restart', 'rate', 'disk']),
    bootStartSample: optional(wholeFromZero),
    newRecording: optional(oneOf([true])),
  })),
  counters: objectOf('the link and pod counters', {
    framesReceived: wholeFromZero,
    frameErrors: wholeFromZero,
    decodeErrors: wholeFromZero,
    missingMessages: wholeFromZero,
    recoveredMessages: optional(wholeFromZero),
    duplicates: wholeFromZero,
    disconnects: wholeFromZero,
    podDroppedSamples: wholeFromZero,
    podFramesBad: wholeFromZero,
    podCommandsRejected: wholeFromZero,
  }),
  complete: flag,
  endedBy: text,
  failure: optional(text),
});

/**
 * What is wrong with a parsed recording.json whose format and version are known to be this
 * one's, in words naming the first field at fault ("gaps is missing (...)"); undefined when nothing
 */
export function podRecordingMetaFault(meta: { [field: string]: unknown }): string | undefined {
  return META_CHECK(meta, '');
}
