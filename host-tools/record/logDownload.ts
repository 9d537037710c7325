// `lumbarpod log`: the window summaries a pod kept in its flash log while no host listened (a run
// with the pod alone), read over serial and written as one recording directory per session of
// the pod, so `report` takes them like any recording. A session ends where the pod's
// clock goes back (it restarted) or it started recording again (logSessions).
// With clear, the log is erased on the pod once every byte of it has been read.
import * as path from 'path';
import { BoardDescription } from '../../boards/boardTypes';
import { Message } from '../../firmware/protocol/codec';
import { COMMAND_CONFIRM_KEY, REPLY_OK } from '../../firmware/protocol/messageIds';
import { UserError } from '../cli/userError';
import { openPodSerialLink, PodLinkError, PodSerialLink } from '../link/podSerialLink';
import {
  podRecordingCountersZero, podRecordingMetaFromStatus, podRecordingMetaStart, PodRecordingWriter,
} from '../recording/podRecording';
import { logFullByStatus, logRoom, logSessionHostMs, logSessionRateHz, logSessions } from '../protocol/logEntries';
import { setClockArgs } from '../protocol/wallClock';
import { fetchLoggedSummaries, LogGap } from './logReadBack';
import { notAPodHint } from './notAPodHint';
import { sessionBoard } from './sessionBoard';

export interface LogDownloadOptions {
  portPath: string;
  /** the board given (--board), checked against the pod's; undefined: the pod's (sessionBoard.ts) */
  board?: BoardDescription;
  /** the sessions go into session-01, session-02, ... here */
  outDir: string;
  /** erase the log on the pod once all of it was read */
  clear: boolean;
}

export interface LogSessionWritten {
  dir: string;
  summaries: number;
  /** the pod's clock at the first and last summary, ms since its boot */
  firstDeviceTimeMs: number;
  lastDeviceTimeMs: number;
  /** when its first window began, ms since the epoch, or undefined when no clock dates it */
  startEpochMs?: number;
}

export interface LogDownloadResult {
  sessions: LogSessionWritten[];
  /** log bytes read */
  logBytes: number;
  gaps: LogGap[];
  cleared: boolean;
  /** what the pod's log has room for after the read (and the clear), from its status */
  room: { windows: number; minutes: number };
  /**
   * the log was full when it was read (before a clear): windows made since it filled were not
   * logged, so the last session read ends where it filled
   */
  full: boolean;
}

/** reads of the log, each from where the last ended, while a recording pod logs on */
const LOG_READ_PASSES = 3;

export async function downloadPodLog(options: LogDownloadOptions): Promise<LogDownloadResult> {
  let link: PodSerialLink;
  try {
    link = await openPodSerialLink(options.portPath);
  } catch (e) {
    throw new UserError((e as Error).message);
  }
  try {
    const status = await link.requestStatus().catch((e: Error) => {
      if (e instanceof PodLinkError && link.counts.frames === 0) throw new UserError(`${e.message}; ${notAPodHint(options.portPath)}`);
      throw e;
    });
    if (status === undefined) throw new UserError(`${options.portPath}: no status from the pod; ${notAPodHint(options.portPath)}`);
    // for what it logs from now on (an older pod refuses it); its answer names its board (firmware 0.16 on)
    const clockSet = await link.sendCommand('setClock', setClockArgs(Date.now())).catch(() => undefined);
    const board = sessionBoard(options.board, clockSet?.status === REPLY_OK ? clockSet.detail : 0);
    const messages: Message[] = [];
    const gaps: LogGap[] = [];
    // a pod that is recording logs on while it is read: read on until its log ends where the read did
    let readTo = 0;
    let logBytes = status.storageUsedBytes;
    // the pod's clock and the host's side by side, after the read: the boot it runs dates its own
    // sessions by them, up to the last window read
    let podNowMs = status.deviceTimeMs;
    let hostNowMs = Date.now();
    // the log as the read left it, before a clear empties it
    let logStatus = status;
    // the pod gone mid-read: what was read is written all the same, then said
    let lost = false;
    for (let pass = 0; pass < LOG_READ_PASSES && readTo < logBytes; pass++) {
      readTo = await fetchLoggedSummaries(link, (m) => messages.push(m), readTo, (gap) => gaps.push(gap));
      const now = link.isOpen ? await link.requestStatus().catch(() => undefined) : undefined;
      if (!link.isOpen) {
        lost = true;
        break;
      }
      logBytes = now?.storageUsedBytes ?? readTo;
      if (now !== undefined) {
        logStatus = now;
        podNowMs = now.deviceTimeMs;
        hostNowMs = Date.now();
      }
    }
    const sessions = logSessions(messages);
    // as the read found it: a clear makes room, and the pod's flag goes with it
    const full = logFullByStatus(logStatus);
    const written: LogSessionWritten[] = [];
    for (let s = 0; s < sessions.length; s++) {
      const rateHz = logSessionRateHz(sessions[s], status, board.defaultRateHz);
      const session = sessions[s].messages;
      const dir = path.join(options.outDir, `session-${String(s + 1).padStart(2, '0')}`);
      const first = session[0];
      const last = session[session.length - 1];
      const startMs = logSessionHostMs(sessions, s, first.deviceTimeMs, podNowMs, hostNowMs);
      const endMs = logSessionHostMs(sessions, s, last.deviceTimeMs, podNowMs, hostNowMs);
      const startEpochMs = startMs ?? hostNowMs;
      try {
        const writer = new PodRecordingWriter(dir, {
          ...podRecordingMetaStart(board, rateHz, startEpochMs, podRecordingCountersZero()),
          speedMms: status.speedMms,
          firmwareVersion: podRecordingMetaFromStatus(status, podRecordingCountersZero()).firmwareVersion ?? '',
        });
        for (const m of session) writer.addMessage({ ...(m as unknown as { type: string }), fromLog: true }, 0);
        // the files say it, not only this run's stderr: the report of this session lists its missing end.
        // A read cut short ends before the session the log filled in
        if (full && !lost && s === sessions.length - 1) writer.addLinkEvent('logFull', 0);
        await writer.close({
          ...(endMs !== undefined ? { endTime: new Date(endMs).toISOString() } : { startTime: '', endTime: '' }),
          complete: true, endedBy: 'stopped',
        });
      } catch (e) {
        // a session's files that could not be made or written (a full disk)
        if (!(e instanceof UserError)) throw e;
        // the log is the only copy of what was not written: it stays on the pod, uncleared
        throw new UserError(`${e.message}; ${written.length} session${written.length === 1 ? '' : 's'} before it ${written.length === 1 ? 'is' : 'are'} ` +
          `written whole in ${options.outDir}; the pod's log is kept as it was (not cleared): read it again once there is room`);
      }
      written.push({
        dir, summaries: session.filter((m) => m.type === 'summary').length,
        firstDeviceTimeMs: first.deviceTimeMs, lastDeviceTimeMs: last.deviceTimeMs,
        ...(startMs !== undefined ? { startEpochMs: startMs } : {}),
      });
    }
    const saved = `${written.reduce((n, s) => n + s.summaries, 0)} window summaries read are saved in ${options.outDir}`;
    if (lost) throw new UserError(`the pod went away while its log was read (${readTo} of ${logBytes} bytes): the ${saved}; read it again for the rest`);
    let cleared = false;
    if (options.clear) {
      if (gaps.length > 0) throw new UserError(`part of the log could not be read, so it was not cleared: the ${saved}; try again`);
      if (readTo !== logBytes) throw new UserError(`the pod logged on faster than its log could be read, so it was not cleared: the ${saved}; stop its recording (button) and try again`);
      const reply = await link.sendCommand('clearLog', { confirm: COMMAND_CONFIRM_KEY });
      if (reply.status !== REPLY_OK) throw new UserError(`the pod did not clear its log (reply ${reply.status}): the ${saved}`);
      cleared = true;
    }
    const after = (await link.requestStatus()) ?? status;
    return {
      sessions: written, logBytes: readTo, gaps, cleared,
      room: logRoom(after.storageFreeBytes),
      full,
    };
  } finally {
    await link.close();
  }
}
