// The range of the sensor that wrote a CSV, where it clipped: a +-2 g logger holds 2 g through
// every foot strike past it, so its readings pile up at one magnitude with none beyond. Read
// into the board's counts, that magnitude is far below the board's full scale, where the
// detector looks for saturation; as the recording's full scale, the detector flags the steps it
// clipped as it does the pod's own (their load metrics left out), instead of taking 2 g for the
// impact.
import { BoardImuScale } from '../../boards/boardTypes';
import { SAMPLE_STRIDE } from '../../firmware/core/pipeline';

/**
 * Below these no body-worn sensor has its range (the smallest are +-2 g and +-125 dps): a
 * magnitude many readings share under them is a signal held still (1 g standing), not a clip.
 */
const ACC_CLIP_MIN_UG = 1.5e6;
const GYRO_CLIP_MIN_MDPS = 100e3;
/**
 * readings at the top magnitude below which it is a peak the signal reached by chance: values
 * written coarsely (0.25 g steps) put a walk's few highest peaks, 5 of them, on one value
 */
const MIN_READINGS_AT_CLIP = 20;
/**
 * Readings just below the top magnitude, within this fraction of it, are the signal's flanks.
 * A clip holds more readings at the top than half of those (a +-2 g clip of a run: 2449 at it,
 * 1203 below); a signal that peaks freely has one or two there, and its flanks below.
 */
const FLANK_FRACTION = 0.05;

export interface SensorClip {
  /** the magnitude the sensor stopped at, in board counts: the recording's full scale */
  fullScaleCounts: number;
  /** readings (one axis of one sample) at it */
  readingsAtClip: number;
}

/**
 * Where the three axes from `firstAxis` (0: accelerometer, 3: gyroscope) of the first
 * `sampleCount` samples pile up at one magnitude, under `boardFullScaleCounts` (at it, the
 * board's clamp counts them already); undefined where they do not.
 */
export function findSensorClip(samplesCounts: Int16Array, sampleCount: number, firstAxis: 0 | 3, scale: BoardImuScale, boardFullScaleCounts: number): SensorClip | undefined {
  const end = sampleCount * SAMPLE_STRIDE;
  let top = 0;
  for (let i = firstAxis; i < end; i += SAMPLE_STRIDE) {
    for (let k = 0; k < 3; k++) top = Math.max(top, Math.abs(samplesCounts[i + k]));
  }
  const minCounts = firstAxis === 0 ? ACC_CLIP_MIN_UG / scale.accUgPerCount : GYRO_CLIP_MIN_MDPS / scale.gyroMdpsPerCount;
  if (top >= boardFullScaleCounts || top < minCounts) return undefined;
  const flankFrom = top * (1 - FLANK_FRACTION);
  let atTop = 0;
  let onFlank = 0;
  for (let i = firstAxis; i < end; i += SAMPLE_STRIDE) {
    for (let k = 0; k < 3; k++) {
      const magnitude = Math.abs(samplesCounts[i + k]);
      if (magnitude === top) atTop++;
      else if (magnitude >= flankFrom) onFlank++;
    }
  }
  if (atTop < MIN_READINGS_AT_CLIP || 2 * atTop <= onFlank) return undefined;
  return { fullScaleCounts: top, readingsAtClip: atTop };
}

/** samples with an accelerometer reading at `accFullScaleCounts` or a gyroscope one at `gyroFullScaleCounts` */
export function samplesAtFullScale(samplesCounts: Int16Array, sampleCount: number, accFullScaleCounts: number, gyroFullScaleCounts: number): number {
  let count = 0;
  for (let i = 0; i < sampleCount * SAMPLE_STRIDE; i += SAMPLE_STRIDE) {
    let clipped = false;
    for (let k = 0; k < 6 && !clipped; k++) clipped = Math.abs(samplesCounts[i + k]) >= (k < 3 ? accFullScaleCounts : gyroFullScaleCounts);
    if (clipped) count++;
  }
  return count;
}
