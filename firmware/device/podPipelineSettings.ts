// The detector settings the pod runs with, in one place, so host replay of a pod's raw stream
// uses exactly the pod's: the defaults, the board's scale and mounting, the rate and speed in
// force, and FIFO (gyro-first) sample order.
import { BoardImuScale, PodAxisMap } from '../../boards/boardTypes';
import { DEFAULT_PIPELINE_SETTINGS, PipelineSettings } from '../core/pipeline';

export function podPipelineSettings(scale: BoardImuScale, axisMap: PodAxisMap, rateHz: number, speedMms: number): PipelineSettings {
  const d = DEFAULT_PIPELINE_SETTINGS;
  return {
    sampleRateHz: rateHz,
    scale: scale,
    axisMap: axisMap,
    windowMs: d.windowMs,
    baselineMs: d.baselineMs,
    contactHighMg: d.contactHighMg,
    contactLowMg: d.contactLowMg,
    minContactMs: d.minContactMs,
    maxContactMs: d.maxContactMs,
    minFlightMs: d.minFlightMs,
    maxFlightMs: d.maxFlightMs,
    maxRunningStepMs: d.maxRunningStepMs,
    minSummarySteps: d.minSummarySteps,
    runningSpeedMms: speedMms,
    gyroFirst: true,
  };
}
