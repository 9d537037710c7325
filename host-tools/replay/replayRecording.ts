// Runs the core pipeline over a recording the way the pod does (FIFO blocks of at most 64
// samples, pipelineGap where samples are missing, a detector started afresh where the pod
// restarted) and collects its output on the recording clock.
import {
  DEFAULT_PIPELINE_SETTINGS,
  PipelineSettings,
  PipelineSink,
  pipelineFinish,
  pipelineGap,
  pipelineInit,
  pipelineSettingsProblem,
} from '../../firmware/core/pipeline';
import { StepRecord } from '../../firmware/core/stepRecord';
import { SummaryRecord } from '../../firmware/core/summaryRecord';
import { ImuRecording, recordingBlocks } from '../recording/imuRecording';
import { ReplayRecord, ReplayStep, replayStepFromRecord, replaySummaryFromRecord } from './replayRecords';
import { ReplayTotals, replayTotals } from './replayTotals';
import { ReplaySpeedChange, SpeedChangeFeed } from './speedChanges';

/** the LSM6DS3TR-C FIFO is read in bursts; 64 samples is what the device loop takes at most */
export const REPLAY_BLOCK_SAMPLES = 64;

export interface ReplayOptions {
  /** pipeline settings to change; rate, scale and axis map always come from the recording */
  settings?: Partial<Pick<PipelineSettings, 'windowMs' | 'baselineMs' | 'runningSpeedMms'>>;
  maxBlockSamples?: number;
  /** the import problem that cut the recording short, carried into the totals */
  inputError?: string;
  /**
   * running speeds set during the recording and the sample index each held from (core's index:
   * gaps count), applied between the same samples as on the pod
   */
  speedChanges?: ReplaySpeedChange[];
}


/**
 * One detector of the replay: the first from the recording's start, a new one from each restart.
 * Its steps and summaries are coreSteps from firstStep and coreSummaries from firstSummary, up
 * to the next run's.
 */
export interface ReplayDetectorRun {
  /** the recording's index of the first sample it was given */
  firstSample: number;
  firstStep: number;
  firstSummary: number;
}

export interface ReplayResult {
  /** steps, summaries and gaps in the order core and the input produced them */
  records: ReplayRecord[];
  /**
   * core's step and summary records themselves (copies), times on the recording clock, not
   * rounded to whole ms as in `records` (a restart's clock can start between two whole ms)
   */
  coreSteps: StepRecord[];
  coreSummaries: SummaryRecord[];
  /** the detectors coreSteps and coreSummaries came from, in order */
  runs: ReplayDetectorRun[];
  totals: ReplayTotals;
  settings: PipelineSettings;
}

/** the recording or the options ask for something the detector cannot run with */
export class ReplaySettingsError extends Error {}

export function replayRecording(recording: ImuRecording, options: ReplayOptions = {}): ReplayResult {
  const settings: PipelineSettings = {
    ...DEFAULT_PIPELINE_SETTINGS,
    ...options.settings,
    sampleRateHz: recording.sampleRateHz,
    scale: recording.scale,
    axisMap: recording.axisMap,
  };
  const problem = pipelineSettingsProblem(settings);
  if (problem !== '') throw new ReplaySettingsError(problem);
  // core's clock starts at 0 on the first sample, or at the start of a gap before it; gaps
  // advance it, so one offset maps it all up to a restart, whose new detector has a clock of its own
  const leadingGap = recording.gaps.length > 0 && recording.gaps[0].beforeSample === 0 ? recording.gaps[0] : undefined;
  let clockOffsetMs = leadingGap !== undefined ? leadingGap.startMs : recording.sampleCount > 0 ? recording.timesMs[0] : 0;
  const records: ReplayRecord[] = [];
  const steps: ReplayStep[] = [];
  const coreSteps: StepRecord[] = [];
  const coreSummaries: SummaryRecord[] = [];
  let windows = 0;
  // core's ms at its whole-Hz rate, on the time stamps' clock when they run at another
  const stampMsPerCoreMs = recording.stampRateHz !== undefined ? recording.sampleRateHz / recording.stampRateHz : 1;
  const sink: PipelineSink = {
    step(coreRecord: StepRecord) {
      const record = stampMsPerCoreMs === 1 ? coreRecord : { ...coreRecord, tMs: coreRecord.tMs * stampMsPerCoreMs };
      const step = replayStepFromRecord(record, clockOffsetMs);
      steps.push(step);
      records.push(step);
      coreSteps.push({ ...record, tMs: record.tMs + clockOffsetMs });
    },
    summary(coreRecord: SummaryRecord) {
      windows++;
      const record = stampMsPerCoreMs === 1 ? coreRecord
        : { ...coreRecord, startMs: coreRecord.startMs * stampMsPerCoreMs, endMs: coreRecord.endMs * stampMsPerCoreMs };
      const summary = replaySummaryFromRecord(record, clockOffsetMs);
      records.push(summary);
      coreSummaries.push({ ...record, startMs: record.startMs + clockOffsetMs, endMs: record.endMs + clockOffsetMs });
    },
  };
  let state = pipelineInit(settings, sink);
  const runs: ReplayDetectorRun[] = [{ firstSample: 0, firstStep: 0, firstSummary: 0 }];
  const feed = new SpeedChangeFeed(options.speedChanges);
  const msPerSample = 1000 / recording.sampleRateHz;
  let missingSamples = 0;
  for (const block of recordingBlocks(recording, options.maxBlockSamples || REPLAY_BLOCK_SAMPLES)) {
    if (block.kind === 'samples') {
      feed.process(state, block.samplesCounts, block.sampleCount);
    } else {
      const gap = block.gap;
      missingSamples += gap.missingSamples;
      records.push({
        type: 'gap',
        startMs: Math.round(gap.startMs),
        endMs: Math.round(gap.endMs),
        missingSamples: gap.missingSamples,
        ...(gap.cause !== undefined ? { cause: gap.cause } : {}),
      });
      if (gap.restart === undefined) {
        pipelineGap(state, gap.missingSamples);
        continue;
      }
      // as the pod: a stopped recording summarises its last window; a new detector, at the speed
      // the pod kept, counts from its own sample 0, which may lie before the first sample received
      if (gap.restart.finished) pipelineFinish(state);
      runs.push({ firstSample: gap.beforeSample, firstStep: coreSteps.length, firstSummary: coreSummaries.length });
      clockOffsetMs = gap.restart.clockZeroMs;
      state = pipelineInit({ ...settings, runningSpeedMms: feed.speedMms(settings.runningSpeedMms) }, sink);
      const firstIndex = Math.round(gap.endMs / msPerSample);
      const zeroIndex = Math.round(gap.restart.clockZeroMs / msPerSample);
      feed.restartAt(zeroIndex);
      pipelineGap(state, firstIndex - zeroIndex);
    }
  }
  feed.finish(state);
  pipelineFinish(state);
  const last = recording.sampleCount - 1;
  const totals = replayTotals(steps, {
    samples: recording.sampleCount,
    missingSamples: missingSamples,
    sampleRateHz: recording.sampleRateHz,
    ...(recording.stampRateHz !== undefined ? { stampRateHz: recording.stampRateHz } : {}),
    startMs: last >= 0 ? Math.round(recording.timesMs[0]) : null,
    endMs: last >= 0 ? Math.round(recording.timesMs[last]) : null,
    gaps: recording.gaps.length,
    saturatedSamples: recording.saturatedSamples,
    windows: windows,
    inputError: options.inputError === undefined ? null : options.inputError,
    ...(recording.startTime !== undefined ? { startTime: recording.startTime } : {}),
  });
  return { records: records, coreSteps: coreSteps, coreSummaries: coreSummaries, runs: runs, totals: totals, settings: settings };
}
