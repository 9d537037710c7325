// Saturation: samples where an IMU axis reads full scale, found with the native typed-array
// searches, so nothing loops over the samples in JavaScript unless the IMU actually clips.
import { CoreState } from './coreState';
import { kernelIndexOf } from './kernel';

/** full-scale readings: +full, -full and -full - 1 (two's complement) count as clipped */
function saturationValue(st: CoreState, which: number): number {
  const scale = st.settings.scale;
  const full = which < 3 ? scale.accFullScaleCounts : scale.gyroFullScaleCounts;
  const k = which % 3;
  return k === 0 ? full : k === 1 ? -full : -full - 1;
}

/** how many saturation values to search: 3, or 6 when the gyro's full scale differs */
function saturationValues(st: CoreState): number {
  return st.settings.scale.gyroFullScaleCounts === st.settings.scale.accFullScaleCounts ? 3 : 6;
}

/**
 * Sample of the first element at full scale from element `fromElement` on, or -1. Native
 * searches: nothing loops over the samples in JavaScript unless the IMU actually clips.
 */
export function firstSaturatedSample(st: CoreState, samples: Int16Array, fromElement: number, endElement: number): number {
  let found = endElement;
  const values = saturationValues(st);
  for (let which = 0; which < values; which++) {
    const at = kernelIndexOf(samples, saturationValue(st, which), fromElement);
    if (at >= 0 && at < found) found = at;
  }
  return found < endElement ? (found / 6) | 0 : -1;
}

/**
 * The frame's last sample (counted from the frame's first) with an element at full scale.
 * Espruino has no typed-array lastIndexOf, so this walks forward from hit to hit: one native
 * search per clipped element, run only for frames known to hold one.
 */
export function lastSaturatedSample(st: CoreState, samples: Int16Array, base: number, count: number): number {
  const end = base + count * 6;
  let last = -1;
  const values = saturationValues(st);
  for (let which = 0; which < values; which++) {
    const value = saturationValue(st, which);
    let at = kernelIndexOf(samples, value, base);
    while (at >= 0 && at < end) {
      if (at > last) last = at;
      at = kernelIndexOf(samples, value, at + 1);
    }
  }
  return last >= base ? ((last - base) / 6) | 0 : 0;
}

