// The live terminal view of `lumbarpod record` and `stream`: the latest form numbers (cadence,
// vertical oscillation, ground contact, pelvic drop per side, rotation, lean; once no step has
// come for 3 s on the pod's clock, how long, so they are not taken for current), the counters that
// say whether anything is being lost, elapsed time with progress and the time the pod's own clock
// has run over the session (they differ when a simulated pod runs faster than real time). On a
// terminal it redraws in place; elsewhere (CI, a pipe) it prints one plain line every few seconds.
import { KIND_RUNNING, SIDE_LEFT, SIDE_RIGHT } from '../../firmware/core/stepRecord';
import { Message } from '../../firmware/protocol/codec';
import { STATUS_RAW_ONLY, STATUS_RECORDING } from '../../firmware/protocol/messageIds';
import { logRoom, summaryMessageKey } from '../protocol/logEntries';
import { formOfCard, NewestWindow } from '../protocol/newestWindow';
import { STEP_STALE_MS } from '../web/liveStaleness';

type StepMessage = Extract<Message, { type: 'step' }>;
type SummaryMessage = Extract<Message, { type: 'summary' }>;
type SummaryFormMessage = Extract<Message, { type: 'summaryForm' }>;
type StatusMessage = Extract<Message, { type: 'status' }>;

export interface LiveCounters {
  frameErrors: number;
  missingMessages: number;
  sampleGaps: number;
  missingSamples: number;
  disconnects: number;
}

export class LiveView {
  private step: StepMessage | undefined;
  /** the window shown: the newest, live or read back from the pod's log */
  private summary: SummaryMessage | undefined;
  private form: SummaryFormMessage | undefined;
  private readonly newest = new NewestWindow();
  /** restarts of the pod seen (a new recording within its boot is none: its clock runs on) */
  private podRestarts = 0;
  private status: StatusMessage | undefined;
  /**
   * the pod's last status said it was not recording, and nothing it sent since says otherwise: a
   * stream of an idle pod shows nothing, and says why rather than leave the view empty
   */
  private podIdle = false;
  /** record started its recording: a status after it that says the pod is not recording means it was stopped (its button) */
  private recordingStarted = false;
  private steps = 0;
  private windows = 0;
  /** steps and windows come from the host's own detector (the pod records raw only) */
  private detectedHere = false;
  /** pelvic drop of the last left and right running stance, cdeg (a walking step's 0 is not measured) */
  private leftDropCdeg: number | undefined;
  private rightDropCdeg: number | undefined;
  /**
   * the pod's clock (podClockMs) at the last step, undefined before one: a simulated pod's runs
   * faster than the host's, so "no step for N s" is the runner's time, not the terminal's
   */
  private podClockAtStepMs: number | undefined;
  /** when the pod's clock was last read from a message (the `receivedMs` clock): it runs on from there */
  private podClockReadAtMs = 0;
  private rawSamples = 0;
  /** how long the pod's clock has run over the session, ms, and its latest reading (-1: none yet) */
  private podClockMs = 0;
  private latestDeviceMs = -1;
  private drawnLines = 0;
  private lastPlainMs = -Infinity;
  state = 'connecting';

  constructor(
    private readonly write: (text: string) => void,
    private readonly tty: boolean,
    private readonly startMs: number,
    /** planned length, s (0: until stopped) */
    private readonly durationS: number,
    private readonly plainEveryMs = 5000,
  ) {}

  /**
   * the recording starts: the steps, windows and raw samples counted so far were the pod's own
   * earlier recording's, which the recording does not keep (nor the final line count)
   */
  recordingStarts(): void {
    this.steps = 0;
    this.windows = 0;
    this.rawSamples = 0;
    this.recordingStarted = true;
    this.podIdle = false;
  }

  /** the pod restarted: its clock begins again, so a window's time no longer orders it against the shown one's */
  podRestarted(): void {
    this.podRestarts++;
  }

  /** a read of the pod's log from the session's first entry begins */
  readBegins(): void {
    this.newest.readBegins();
  }

  /**
   * A summary or summaryForm read back from the pod's log, in log order, those received live
   * before included: the read passing the last live window is what says the windows after it
   * are newer. One newer than the window shown takes its place, with its own second half.
   */
  readBack(message: Message): void {
    if (message.type === 'summary' && this.newest.readSummary(message, summaryMessageKey(message), this.summary, this.podRestarts)) {
      this.summary = message;
      this.form = undefined;
    } else if (formOfCard(message, this.summary)) this.form = message as SummaryFormMessage;
  }

  /**
   * one message from the pod; or, with `detectedHere`, a step, summary or summaryForm the host's
   * detector found in the pod's raw stream (record --raw-only), which says nothing of the pod's clock.
   * `receivedMs` is when it reached the host, on the clock `lines` is given. A summary or
   * summaryForm read back from the log (`fromLog`) is counted here, once, and shown by `readBack`.
   */
  update(message: Message, detectedHere = false, receivedMs = Date.now()): void {
    const fromLog = (message as { fromLog?: boolean }).fromLog === true;
    if (detectedHere) this.detectedHere = true;
    // summaries fetched from the pod's log after a disconnect carry their old times
    else if (!fromLog) {
      // the header clock is 32 bits of ms: a step modulo 2^32 survives its wrap; one back (the
      // pod restarted) adds nothing, and the clock goes on from there
      const stepMs = this.latestDeviceMs < 0 ? 0 : (message.deviceTimeMs - this.latestDeviceMs) >>> 0;
      if (stepMs < 0x80000000) this.podClockMs += stepMs;
      this.latestDeviceMs = message.deviceTimeMs;
      this.podClockReadAtMs = receivedMs;
    }
    // what only a recording pod sends (a summary read back from the log is an old one)
    if (!fromLog && !detectedHere && (message.type === 'step' || message.type === 'summary' || message.type === 'rawBatch')) this.podIdle = false;
    if (message.type === 'step') {
      this.step = message;
      this.steps++;
      // a step the host detected in the raw stream has no clock of its own: the batches before it set the pod's
      this.podClockAtStepMs = this.podClockMs;
      if (message.kind === KIND_RUNNING && message.side === SIDE_LEFT) this.leftDropCdeg = message.dropCdeg;
      else if (message.kind === KIND_RUNNING && message.side === SIDE_RIGHT) this.rightDropCdeg = message.dropCdeg;
    } else if (message.type === 'summary') {
      this.windows++;
      if (fromLog) return;
      this.summary = message;
      // the host's own detection (raw only) makes windows the pod never logged
      if (!detectedHere) this.newest.live(message, this.podRestarts);
    } else if (message.type === 'summaryForm') {
      if (!fromLog) this.form = message;
    } else if (message.type === 'status') {
      this.status = message;
      this.podIdle = (message.flags & STATUS_RECORDING) === 0;
    } else if (message.type === 'rawBatch') {
      this.rawSamples += message.sampleCount;
    }
  }

  /** the view's text lines for `nowMs` */
  lines(nowMs: number, counters: LiveCounters): string[] {
    const elapsedRaw = Math.max(0, (nowMs - this.startMs) / 1000);
    // the last messages drain after the planned end: the view stops at it
    const elapsedS = this.durationS > 0 ? Math.min(elapsedRaw, this.durationS) : elapsedRaw;
    const progress = this.durationS > 0 ? ` of ${this.durationS} s (${Math.min(100, Math.round((100 * elapsedS) / this.durationS))} %)` : '';
    // the form numbers are running metrics: a walking window or step shows dashes, not zeros
    const w = this.summary;
    // a window whose running steps were all left out of its medians (the first few after a start,
    // saturated ones) has 0 in them for not measured: the steps' own numbers stand then. Every
    // step a median takes has a contact time, so contact says whether there is one.
    const runningWindow = w !== undefined && w.runningSteps > 0 && w.contactMs > 0;
    const s = this.step !== undefined && this.step.kind === KIND_RUNNING ? this.step : undefined;
    const rw = runningWindow ? w : undefined;
    const f = runningWindow ? this.form : undefined;
    const dash = '-';
    const deg = (cdeg: number | undefined): string => (cdeg === undefined ? dash : (cdeg / 100).toFixed(1));
    // a window of walking has only its walking cadence; a step has its own
    const windowCadence = w === undefined ? 0 : w.cadenceSpm > 0 ? w.cadenceSpm : w.walkingCadenceSpm;
    // a step's 0 is not measured yet: the first after a stand or a gap has no stride to time, nor its rotation
    const cadence = windowCadence > 0 ? windowCadence : this.step !== undefined && this.step.cadenceSpm > 0 ? this.step.cadenceSpm : undefined;
    const stepRotationCdeg = s !== undefined && s.rotationCdeg > 0 ? s.rotationCdeg : undefined;
    // as precise as the planned duration, so the end never reads "10 s of 9.8 s"
    const elapsedText = elapsedS.toFixed(Number.isInteger(this.durationS) ? 0 : 1);
    const podClock = this.latestDeviceMs < 0 ? '' : ` | pod clock ${(this.podClockMs / 1000).toFixed(1)} s`;
    const rawOnly = this.status !== undefined && (this.status.flags & STATUS_RAW_ONLY) !== 0;
    const here = this.detectedHere ? ' (detected here)' : '';
    // a runner who stopped sends no step, so the last ones' numbers would stay on screen as if current
    const sinceStepMs = this.podClockAtStepMs === undefined ? 0 : this.podClockMs + Math.max(0, nowMs - this.podClockReadAtMs) - this.podClockAtStepMs;
    const stale = sinceStepMs > STEP_STALE_MS ? `no step for ${Math.round(sinceStepMs / 1000)} s, last values received: ` : '';
    return [
      `${this.state} | ${elapsedText} s${progress}${podClock} | steps ${this.steps}${here} | windows ${this.windows}${here} | raw samples ${this.rawSamples}`,
      this.podIdle && this.state === 'streaming'
        ? 'the pod is not recording, so there is nothing to show: its button starts a recording (lumbarpod record starts one of its own)'
        : this.podIdle && this.recordingStarted && this.state === 'recording'
        ? 'the pod stopped recording (its button, or another host): nothing is recorded until its button starts a new recording, which this one goes on with'
        : rawOnly && !this.detectedHere
        ? 'the pod\'s detector is off (raw only): report and replay detect the steps from the raw samples'
        : `${stale}cadence ${cadence ?? dash} spm | VO ${rw?.voMm ?? s?.voMm ?? dash} mm | contact ${rw?.contactMs ?? s?.contactMs ?? dash} ms | ` +
          `drop L ${deg(f?.dropLeftCdeg ?? (s && this.leftDropCdeg))} R ${deg(f?.dropRightCdeg ?? (s && this.rightDropCdeg))} deg | rotation ${deg(f?.rotationCdeg ?? stepRotationCdeg)} deg | ` +
          `lean ${deg(f?.leanCdeg ?? s?.leanCdeg)} deg`,
      `lost: frames ${counters.frameErrors}, messages ${counters.missingMessages}, samples ${counters.missingSamples} ` +
        `(${counters.sampleGaps} gaps) | disconnects ${counters.disconnects} | restarts ${this.podRestarts} | pod dropped ${this.status?.droppedSamples ?? 0}, ` +
        `bad frames ${this.status?.framesBad ?? 0}, busy ${this.busyText(dash)} % sampling | ` +
        `log room ${this.status === undefined ? dash : logRoom(this.status.storageFreeBytes).minutes} min`,
    ];
  }

  /**
   * the pod's sampling load from its last status: a dash before one, from a firmware without the
   * field (-1) and for 0, which a pod that samples never reports (a simulated pod's clock stands
   * still while its code runs)
   */
  private busyText(dash: string): string {
    const pct = this.status?.sampleHandlerBusyPct ?? -1;
    return pct > 0 ? String(pct) : dash;
  }

  /** redraws (terminal) or prints a line when due (elsewhere); `force` prints now */
  render(nowMs: number, counters: LiveCounters, force = false): void {
    const lines = this.lines(nowMs, counters);
    if (this.tty) {
      // cursor up over the last drawing, clear each line, draw again
      const up = this.drawnLines > 0 ? `\x1b[${this.drawnLines}A` : '';
      this.write(up + lines.map((line) => `\x1b[2K${line}\n`).join(''));
      this.drawnLines = lines.length;
      return;
    }
    if (!force && nowMs - this.lastPlainMs < this.plainEveryMs) return;
    this.lastPlainMs = nowMs;
    this.write(lines.join(' || ') + '\n');
  }
}
