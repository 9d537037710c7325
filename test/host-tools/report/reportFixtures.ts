// Recordings for the report tests, made by the simulated pod from synthetic runs with known
// truth (and from the bundled real walking trial), each written once per test run to a temp dir.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { reportCommand } from '../../../host-tools/cli/commands/report';
import { boardByName } from '../../../host-tools/cli/boardRegistry';
import { COMMANDS, main } from '../../../host-tools/cli/main';
import { podRecordingCountersZero, podRecordingMetaStart, PodRecordingWriter, readPodRecording } from '../../../host-tools/recording/podRecording';
import { PodRecording } from '../../../host-tools/recording/podRecordingModel';
import { recordSimulatedRun } from '../../../host-tools/sim/simulatedRecording';
import { imuSourceFromRecording, imuSourceFromSynthetic } from '../../../host-tools/sim/imuSource';
import { generateSynthetic, SyntheticOptions } from '../../../host-tools/synthetic/generate';
import { mobgapWalkingTrial, simBundleSource } from '../../e2e/simPodHelpers';

/** 5 s standing (the pod calibrates), then 4 min at 160 steps/min, no fatigue */
export const STEADY_RUN: SyntheticOptions = {
  segments: [{ kind: 'standing', durationS: 5 }, { kind: 'running', durationS: 240, cadenceSpm: 160 }],
};

/** as STEADY_RUN but 5 min with fatigue drift: lean +0.6°/min, drop +0.4°/min, contact +4 ms/min */
export const FATIGUE_RUN: SyntheticOptions = {
  segments: [
    { kind: 'standing', durationS: 5 },
    { kind: 'running', durationS: 300, cadenceSpm: 160, leanDriftCdegPerMin: 60, dropDriftCdegPerMin: 40, contactDriftMsPerMin: 4 },
  ],
};

/** 5 s standing, then 10 min at 160 steps/min leaning further forward as the runner tires: 5° growing by 1°/min */
export const LEAN_GROWING_RUN: SyntheticOptions = {
  segments: [{ kind: 'standing', durationS: 5 }, { kind: 'running', durationS: 600, cadenceSpm: 160, leanCdeg: 500, leanDriftCdegPerMin: 100 }],
};

/** 5 s standing, then 8 min at 160 steps/min, contact 260 ms shortening by 8 ms/min: more flight, so the bounce grows */
export const CONTACT_SHORTENING_RUN: SyntheticOptions = {
  segments: [{ kind: 'standing', durationS: 5 }, { kind: 'running', durationS: 480, cadenceSpm: 160, contactMs: 260, contactDriftMsPerMin: -8 }],
};

/** no standing (uncalibrated), 90 s at 176 steps/min, left stance drops 9.5°, right 5° */
export const ASYMMETRIC_RUN: SyntheticOptions = { kind: 'running', durationS: 90, cadenceSpm: 176, dropLeftCdeg: 950, dropRightCdeg: 500, seed: 3 };

/** 5 s standing, then 5 min at 165 steps/min, left stance drops 8°, right 5°, nothing drifting */
export const ASYMMETRIC_STEADY_RUN: SyntheticOptions = {
  segments: [{ kind: 'standing', durationS: 5 }, { kind: 'running', durationS: 300, cadenceSpm: 165, dropLeftCdeg: 800, dropRightCdeg: 500 }],
};

/**
 * 5 s standing, then 5 min at 165 steps/min, both stances dropping 5.5° until the right side's
 * hip tires after 2.5 min: right stance drops 8° from then on, left stance stays at 5.5°
 */
export const RIGHT_STANCE_TIRING_RUN: SyntheticOptions = {
  segments: [
    { kind: 'standing', durationS: 5 },
    { kind: 'running', durationS: 150, cadenceSpm: 165, dropLeftCdeg: 550, dropRightCdeg: 550 },
    { kind: 'running', durationS: 150, cadenceSpm: 165, dropLeftCdeg: 550, dropRightCdeg: 800 },
  ],
};

/** 60 s walking at 110 steps/min (about 109 steps), then 8 s at 170 steps/min: about 22 running steps, too few for the running insights */
export const WALK_WITH_A_FEW_RUNNING_STEPS: SyntheticOptions = {
  segments: [{ kind: 'walking', durationS: 60, cadenceSpm: 110 }, { kind: 'running', durationS: 8, cadenceSpm: 170 }],
};

/** 5 s standing (the pod calibrates), then 60 s walking at 110 steps/min: no running at all */
export const STANDING_THEN_WALK: SyntheticOptions = {
  segments: [{ kind: 'standing', durationS: 5 }, { kind: 'walking', durationS: 60, cadenceSpm: 110 }],
};

/** 5 s standing, then 12 s at 170 steps/min: about 30 running steps in two windows, just over the running insights' minimum */
export const TWELVE_SECOND_RUN: SyntheticOptions = {
  segments: [{ kind: 'standing', durationS: 5 }, { kind: 'running', durationS: 12, cadenceSpm: 170 }],
};

/** 5 s standing, then 30 s at 170 steps/min: about 85 running steps in four windows */
export const THIRTY_SECOND_RUN: SyntheticOptions = {
  segments: [{ kind: 'standing', durationS: 5 }, { kind: 'running', durationS: 30, cadenceSpm: 170 }],
};

/** 5 s standing, then 2 min at 170 steps/min: about 340 running steps in 13 windows */
export const TWO_MINUTE_RUN: SyntheticOptions = {
  segments: [{ kind: 'standing', durationS: 5 }, { kind: 'running', durationS: 120, cadenceSpm: 170 }],
};

/** 5 s standing, then 200 s at 170 steps/min, contact 245 ms lengthening by 6 ms/min */
export const TIRING_BEFORE_NEW_START: SyntheticOptions = {
  segments: [{ kind: 'standing', durationS: 5 }, { kind: 'running', durationS: 200, cadenceSpm: 170, contactMs: 245, contactDriftMsPerMin: 6 }],
};

/** the same runner running on for 240 s without standing still, contact 265 ms lengthening as before */
export const TIRING_AFTER_NEW_START: SyntheticOptions = { kind: 'running', durationS: 240, cadenceSpm: 170, contactMs: 265, contactDriftMsPerMin: 6, seed: 2 };

/**
 * TIRING_BEFORE_NEW_START, then the pod starting anew (a second boot of the same recording, as a
 * restart or its button makes) on TIRING_AFTER_NEW_START: every step after the new start is
 * without a standing calibration, and the pod's drift after it is against the new start's first
 * two minutes. newStartMs: where the second boot starts, the first one's last window's end.
 */
export async function startedAnewRecording(): Promise<{ recording: PodRecording; newStartMs: number }> {
  const first = readPodRecording(await syntheticRecording('tiring-before-new-start', TIRING_BEFORE_NEW_START));
  const second = readPodRecording(await syntheticRecording('tiring-after-new-start', TIRING_AFTER_NEW_START));
  const newStartMs = Math.max(...first.lines.filter((l) => l.type === 'summary').map((l) => l.endMs as number));
  return { recording: { ...first, lines: [...first.lines, ...second.lines.map((l) => ({ ...l, boot: 1 }))] }, newStartMs };
}

let tmpRoot: string | undefined;
const made = new Map<string, Promise<string>>();

export function reportTmpDir(): string {
  if (tmpRoot === undefined) {
    tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'lumbarpod-report-'));
    const root = tmpRoot;
    process.once('exit', () => fs.rmSync(root, { recursive: true, force: true }));
  }
  return tmpRoot;
}

/**
 * a recording directory of the simulated pod running `options` (made once per name), with the
 * running speed `speedMms` set on the pod if given
 */
export function syntheticRecording(name: string, options: SyntheticOptions, speedMms?: number): Promise<string> {
  let dir = made.get(name);
  if (dir === undefined) {
    dir = (async () => {
      const out = path.join(reportTmpDir(), name);
      await recordSimulatedRun(out, { bundleSource: await simBundleSource(), source: imuSourceFromSynthetic(generateSynthetic(options)), speedMms });
      return out;
    })();
    made.set(name, dir);
  }
  return dir;
}

/**
 * What the pod's flash log holds of the run `options`, as `lumbarpod log` writes a session of it:
 * the window summaries and summaryForms only (no steps, no raw samples, no status), marked
 * fromLog (made once per name)
 */
export function logSessionRecording(name: string, options: SyntheticOptions): Promise<string> {
  const key = `${name} log session`;
  let dir = made.get(key);
  if (dir === undefined) {
    dir = (async () => {
      const live = readPodRecording(await syntheticRecording(name, options));
      const out = path.join(reportTmpDir(), `${name}-log-session`);
      const board = boardByName(live.meta.board);
      if (board === undefined) throw new Error(`no board ${live.meta.board}`);
      const writer = new PodRecordingWriter(out, podRecordingMetaStart(board, live.meta.sampleRateHz, Date.parse(live.meta.startTime), podRecordingCountersZero()));
      for (const { receivedMs, ...message } of live.lines) {
        if (message.type === 'summary' || message.type === 'summaryForm') writer.addMessage({ ...message, fromLog: true }, 0);
      }
      await writer.close({ complete: true, endedBy: 'stopped' });
      return out;
    })();
    made.set(key, dir);
  }
  return dir;
}

/** the real Mobilise-D walking trial through the simulated pod */
export function walkingRecording(): Promise<string> {
  let dir = made.get('walking');
  if (dir === undefined) {
    dir = (async () => {
      const out = path.join(reportTmpDir(), 'walking');
      await recordSimulatedRun(out, { bundleSource: await simBundleSource(), source: imuSourceFromRecording(await mobgapWalkingTrial()) });
      return out;
    })();
    made.set('walking', dir);
  }
  return dir;
}

/** a copy of a recording directory, to damage or edit */
export function copyRecording(from: string, name: string): string {
  const to = path.join(reportTmpDir(), name);
  fs.rmSync(to, { recursive: true, force: true });
  fs.cpSync(from, to, { recursive: true });
  return to;
}

/** runs `lumbarpod ...args` in-process with the report command registered; exit status and output */
export async function runLumbarpod(...args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  const added = !COMMANDS.includes(reportCommand);
  if (added) COMMANDS.push(reportCommand);
  let stdout = '';
  let stderr = '';
  try {
    const status = await main(['node', 'lumbarpod', ...args], { out: (t) => (stdout += t), err: (t) => (stderr += t) });
    return { status, stdout, stderr };
  } finally {
    if (added) COMMANDS.splice(COMMANDS.indexOf(reportCommand), 1);
  }
}
