// The detector pipeline: raw IMU counts in blocks (as the IMU FIFO delivers them), step
// records and window summaries out. Per sample it only projects the accelerometer onto the
// pod's vertical and tests the contact thresholds; everything else runs per block or per step.
import {
  CoreState, coreStateCreate, coreTimeMs, PipelineSettings, PipelineSink,
} from './coreState';
import { mountingCalibrationChunk } from './mountingCalibration';
import { mountingFromAxisMap } from './mountingMatrix';
import { podFrameAdvance, podFrameMatricesUpdate } from './podFrame';
import { runningToeOff } from './runningSteps';
import { firstSaturatedSample, lastSaturatedSample } from './saturation';
import { walkingBlock, walkingInit } from './walkingSteps';
import { windowCloseUpTo, windowEmit } from './windowSummary';

export { PipelineSettings, PipelineSink } from './coreState';
export type PipelineState = CoreState;

/** counts per sample in a block: ax, ay, az, gx, gy, gz in sensor axes (gyro first with settings.gyroFirst) */
export const SAMPLE_STRIDE = 6;

export const DEFAULT_PIPELINE_SETTINGS: PipelineSettings = {
  sampleRateHz: 104,
  scale: { accUgPerCount: 488, gyroMdpsPerCount: 70, accFullScaleCounts: 32767, gyroFullScaleCounts: 32767 },
  axisMap: { v: 2, ap: -3, ml: -1 },
  windowMs: 10000,
  baselineMs: 120000,
  contactHighMg: 600,
  contactLowMg: 300,
  minContactMs: 80,
  maxContactMs: 450,
  minFlightMs: 10,
  maxFlightMs: 300,
  maxRunningStepMs: 800,
  minSummarySteps: 6,
  runningSpeedMms: 0,
  gyroFirst: false,
};

/** rates the detector is built for: contact timing needs at least 40 Hz; above 256 Hz the leaky
 * angle sums (2^20 cdps x 2^leakShift) could pass 2^31 */
export const MIN_RATE_HZ = 40;
export const MAX_RATE_HZ = 256;

/** what is wrong with the settings, in words, or '' when they can run */
export function pipelineSettingsProblem(settings: PipelineSettings): string {
  const rate = settings.sampleRateHz;
  if (!(rate >= MIN_RATE_HZ && rate <= MAX_RATE_HZ) || (rate | 0) !== rate) {
    return 'sample rate ' + rate + ' Hz is not supported: the detector needs a whole number of Hz from ' + MIN_RATE_HZ + ' to ' + MAX_RATE_HZ + ' (the pod runs 52, 104 or 208 Hz)';
  }
  if (!(settings.scale.accUgPerCount > 0 && settings.scale.accUgPerCount <= 2000)) return 'accelerometer scale must be 1-2000 micro-g per count';
  if (!(settings.scale.gyroMdpsPerCount > 0 && settings.scale.gyroMdpsPerCount <= 140)) return 'gyroscope scale must be 1-140 mdps per count';
  // the window lists hold every step of a window: a minute at most keeps them small on the pod
  if (!(settings.windowMs >= 1000 && settings.windowMs <= 60000)) return 'summary window must be 1-60 s';
  if (!(settings.runningSpeedMms >= 0 && settings.runningSpeedMms <= 15000)) return 'running speed must be 0 (unknown) to 15 m/s';
  return '';
}

/** a new running speed (from the RSC control point or the host) for the vertical ratio; 0 = unknown */
export function pipelineSetSpeed(st: CoreState, speedMms: number): void {
  st.runningSpeedMms = speedMms >= 0 && speedMms <= 15000 ? speedMms | 0 : 0;
}

export function pipelineInit(settings: PipelineSettings, sink: PipelineSink): CoreState {
  const st = coreStateCreate(settings, sink);
  mountingFromAxisMap(st.mountingQ14, settings.axisMap, 1);
  podFrameMatricesUpdate(st);
  walkingInit(st);
  return st;
}

export function pipelineTimeMs(st: CoreState, sampleIndex: number): number {
  return coreTimeMs(st, sampleIndex);
}

function processBlock(st: CoreState, samples: Int16Array, first: number, count: number, firstSaturated: number): void {
  const start = st.sampleIndex;
  const mask = st.cycleRingMask;
  const base = first * 6;
  const slot = start & st.rawMask;
  const beforeWrap = count < st.rawRingSize - slot ? count : st.rawRingSize - slot;
  // two views at most per frame (none per sample): set() is the native copy
  st.rawRing.set(samples.subarray(base, base + beforeWrap * 6), slot * 6);
  if (beforeWrap < count) st.rawRing.set(samples.subarray(base + beforeWrap * 6, base + count * 6), 0);
  // a step ending in this frame sees the frame's first saturated sample; later frames its last
  st.frameFirstSaturatedIndex = firstSaturated >= 0 ? start + firstSaturated : -1;

  const ring = st.accVRing;
  const m = st.accMatrixQ14;
  const high = st.settings.contactHighMg;
  const low = st.settings.contactLowMg;
  let m0 = m[0];
  let m1 = m[1];
  let m2 = m[2];
  let inContact = st.inContact;
  for (let i = 0, k = base + st.accOffset; i < count; i++, k += 6) {
    // rows < 2^13 x counts < 2^15, three terms: < 2^30
    const v = (m0 * samples[k] + m1 * samples[k + 1] + m2 * samples[k + 2]) >> 14;
    ring[(start + i) & mask] = v;
    if (inContact) {
      if (v < low) {
        inContact = 0;
        runningToeOff(st, start + i);
        m0 = m[0];
        m1 = m[1];
        m2 = m[2];
      }
    } else if (v >= high) {
      inContact = 1;
      st.contactStartIndex = start + i;
    }
  }
  st.inContact = inContact;
  const end = start + count;
  st.sampleIndex = end;
  if (firstSaturated >= 0) {
    st.lastSaturatedIndex = start + lastSaturatedSample(st, samples, base, count);
    st.frameFirstSaturatedIndex = -1;
  }
  // Standing still nothing reads the pod-frame series: they wait until a frame moves (frameEnd
  // catches up over the raw ring) or a step needs them (runningToeOff advances them itself).
  // The decision rests on frame-level state only, so results do not depend on block sizes.
  if (st.stillChunks === 0) podFrameAdvance(st, end);
  if (end % st.chunkSamples === 0) /* @__NOINLINE__ */ frameEnd(st, end);
  windowCloseUpTo(st, end);
}

/**
 * Work for the frame of chunkSamples ending at sample `end`, done only while not running:
 * walking steps and mounting calibration. Frames sit on fixed sample indices, so results do
 * not depend on how the input was cut into blocks. Walking starts idleSamples after the last
 * running step's contact, within the frame that reaches it: a frame later, the first walking
 * steps after a run would be gone.
 */
function frameEnd(st: CoreState, end: number): void {
  const idleFrom = st.lastRunningStepIndex + st.idleSamples;
  if (end <= idleFrom) return;
  /* @__NOINLINE__ */ mountingCalibrationChunk(st, end);
  // a frame found still holds no step: the walking filters need not run over it
  if (st.stillChunks > 0) return;
  podFrameAdvance(st, end);
  let from = end - st.chunkSamples;
  if (from < idleFrom) from = idleFrom;
  /* @__NOINLINE__ */ walkingBlock(st, from < st.validFromIndex ? st.validFromIndex : from, end);
}

/** Runs the detector over `sampleCount` samples laid out as SAMPLE_STRIDE counts each. */
export function pipelineProcess(st: CoreState, samplesCounts: Int16Array, sampleCount: number): void {
  const endElement = sampleCount * 6;
  let nextSaturated = firstSaturatedSample(st, samplesCounts, 0, endElement);
  // cut at frame boundaries (fixed sample indices), which also keeps a pass well inside the ring
  let first = 0;
  while (first < sampleCount) {
    const toFrameEnd = st.chunkSamples - (st.sampleIndex % st.chunkSamples);
    const count = sampleCount - first < toFrameEnd ? sampleCount - first : toFrameEnd;
    const inFrame = nextSaturated >= 0 && nextSaturated < first + count;
    processBlock(st, samplesCounts, first, count, inFrame ? nextSaturated - first : -1);
    if (inFrame) nextSaturated = firstSaturatedSample(st, samplesCounts, (first + count) * 6, endElement);
    first += count;
  }
}

/** Records that `missingSamples` samples were lost: the clock moves on, step detection restarts. */
export function pipelineGap(st: CoreState, missingSamples: number): void {
  if (missingSamples <= 0) return;
  const end = st.sampleIndex + missingSamples;
  st.lastGapIndex = end;
  st.validFromIndex = end;
  st.sampleIndex = end;
  st.podFrameIndex = end;
  st.stillChunks = 0;
  st.inContact = 1;
  st.lastToeOffIndex = -1;
  st.lastIcQ8 = -1;
  st.walkInStep = 0;
  // The window in progress closes at its end as usual. Whole windows inside the gap hold nothing,
  // and are counted rather than emitted: an hour's gap would otherwise be 360 empty summaries in
  // one call (on the pod, inside one FIFO event, each logged to flash). Indices stay on the grid.
  if (end - st.windowStartIndex >= st.windowSamples) {
    windowEmit(st, st.windowStartIndex + st.windowSamples);
    const inside = ((end - st.windowStartIndex) / st.windowSamples) | 0;
    st.windows += inside;
    st.windowStartIndex += inside * st.windowSamples;
  }
}

/** End of input: emits the last, partial window if it holds any step. */
export function pipelineFinish(st: CoreState): void {
  if (st.windowSteps > 0 || st.windows === 0) {
    windowEmit(st, st.sampleIndex);
  }
}
