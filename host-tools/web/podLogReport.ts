// The report of one session from the pod's log, made in the browser: the session's summaries as a
// recording (as `lumbarpod log` writes one), through the same report code as `lumbarpod report`.
// No DOM here: the page downloads the HTML.
import { BoardDescription } from '../../boards/boardTypes';
import {
  linkEventLine, messageLine, PodRecording, podRecordingCountersZero, podRecordingMetaFromStatus, podRecordingMetaStart,
} from '../recording/podRecordingModel';
import { logSessionHostMs, logSessionRateHz } from '../protocol/logEntries';
import { ReportAssets } from '../report/reportHtml';
import { reportOfRecording } from '../report/reportOfRecording';
import { PodClockAnchor, PodLogRead } from './podLogRead';

/**
 * Session `index` (from 0) of the log read as a recording: its summaries and summaryForms marked
 * fromLog, the rate, firmware and speed from the pod's status, and a start time on the host's
 * clock when the session is from the boot the pod still runs (its clock gives wall time for that
 * boot only, as `lumbarpod log` has it); else none. The last session of a log that was full ends
 * with a logFull event.
 */
export function podLogSessionRecording(read: PodLogRead, index: number, board: BoardDescription, anchor: PodClockAnchor | undefined): PodRecording {
  const sessions = read.sessions;
  const session = sessions[index];
  const status = anchor?.status;
  const startMs = anchor !== undefined
    ? logSessionHostMs(sessions, index, session.messages[0].deviceTimeMs, anchor.status.deviceTimeMs, anchor.hostTimeMs)
    : undefined;
  const rateHz = logSessionRateHz(session, status, board.defaultRateHz);
  const counters = podRecordingCountersZero();
  const meta = {
    ...podRecordingMetaStart(board, rateHz, startMs ?? 0, counters),
    ...podRecordingMetaFromStatus(status, counters),
    speedMms: status?.speedMms ?? 0,
    complete: true,
    endedBy: 'stopped' as const,
  };
  if (startMs === undefined) meta.startTime = '';
  return {
    dir: `pod log session ${index + 1}`,
    meta,
    lines: [
      ...session.messages.map((m) => messageLine({ ...(m as unknown as { type: string }), fromLog: true }, 0)),
      // as `lumbarpod log` writes it, so the report lists the missing end among its recording issues
      ...(read.logFull && index === sessions.length - 1 ? [linkEventLine('logFull', 0)] : []),
    ],
    sampleIndex: new Int32Array(0),
    samplesFifoOrder: new Int16Array(0),
    problems: [],
  };
}

/** the report page of one logged session */
export function podLogSessionReportHtml(recording: PodRecording, assets: ReportAssets): string {
  return reportOfRecording(recording, recording.dir, 'LumbarPod dashboard', assets).html;
}
