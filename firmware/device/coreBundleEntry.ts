// Entry of the core bundle (dist/lumbarpod-core.js): the detector and the pod's protocol encoders
// and framing, exported as the global `LumbarPod` (the bundle's IIFE name) for the device glue
// and for tests that run the bundle in Espruino. Nothing here runs at load time.
export {
  DEFAULT_PIPELINE_SETTINGS, SAMPLE_STRIDE, pipelineFinish, pipelineGap, pipelineInit, pipelineProcess,
  pipelineSetSpeed, pipelineSettingsProblem, pipelineTimeMs,
} from '../core/pipeline';
export * from '../protocol/podEncoders';
export * from '../protocol/statusRecord';
export * from '../protocol/framing';
export * from '../protocol/crc32';
export * from '../protocol/cobs';
export * from '../protocol/commandParser';
