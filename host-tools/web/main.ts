// The dashboard page: wires the Connect button to PodLink, every notification into the
// LiveSession, and the session's latest values into the cards, quality lines, plots and event
// list. Units as the page shows them: spm, ms, mm, deg (from cdeg / 100), % (from pct100 / 100).
import { KIND_RUNNING, SIDE_LEFT, SIDE_RIGHT } from '../../firmware/core/stepRecord';
import { DEFAULT_PIPELINE_SETTINGS } from '../../firmware/core/pipeline';
import { COMMAND_CLEAR_LOG, COMMAND_CONFIRM_KEY, REPLY_OK, STATUS_RECORDING } from '../../firmware/protocol/messageIds';
import { NamedValue, STATUS_SPEC } from '../../firmware/protocol/messageTypes';
import { logRoom } from '../protocol/logEntries';
import { LivePlots } from './livePlots';
import { LiveSession, NotificationSource, Received, sessionNdjson, stepsCsv } from './liveSession';
import { LinkState, PodLink, Reconnect } from './podLink';
import { reconnectWords } from './reconnectWords';
import { PUCKJS2_BOARD } from '../../boards/puckjs2';
import { ReportAssets } from '../report/reportHtml';
import { PodClockAnchor, podLogNdjson, PodLogRead, podLogText } from './podLogRead';
import { podLogSessionRecording, podLogSessionReportHtml } from './podLogReport';
import { qualityWord, stepLeanDoubtWords, stepQualityWords, summaryTrusts, windowQualityText } from './qualityWords';
import { pageElement } from './pageElement';
import { podErrorWords, refusedCommandWords } from './podEventWords';
import { liveValuesStale } from './liveStaleness';

const EVENTS_SHOWN = 50;

/** the cards a step message fills, and those of a window summary */
const STEP_METRICS = ['cadenceStep', 'contactMs', 'flightMs', 'voMm', 'dropLeftDeg', 'dropRightDeg', 'rotationDeg', 'leanDeg', 'steps', 'side', 'kind'];
const WINDOW_CELLS = ['index', 'steps', 'cadenceSpm', 'contactMs', 'voMm', 'dropLeftDeg', 'dropRightDeg', 'rotationDeg', 'leanDeg', 'leanDriftDeg', 'gctBalanceLeftPct', 'gctBalanceRightPct'];

const STATE_WORDS: { [state in LinkState]: string } = {
  unavailable: 'no Web Bluetooth',
  idle: 'not connected',
  choosing: 'choosing a pod',
  connecting: 'connecting',
  connected: 'connected',
  reconnecting: 'reconnecting',
  disconnected: 'disconnected',
};

function byId<T extends HTMLElement>(id: string): T {
  return pageElement<T>('dashboard', id);
}

function bitNames(bits: readonly NamedValue[], value: number): string[] {
  return bits.filter((b) => (value & b.value) !== 0).map((b) => b.name);
}

/** '1.23' from 123 cdeg; '–' for undefined */
function deg(cdeg: number | undefined): string {
  return cdeg === undefined ? '–' : (cdeg / 100).toFixed(1);
}

function pct(pct100: number): string {
  return (pct100 / 100).toFixed(1);
}

function fileStamp(d: Date): string {
  const two = (n: number) => (n < 10 ? '0' : '') + n;
  return `${d.getFullYear()}${two(d.getMonth() + 1)}${two(d.getDate())}-${two(d.getHours())}${two(d.getMinutes())}${two(d.getSeconds())}`;
}

/** uPlot and the report's page script, put in by esbuild's define (scripts/build-web.ts) */
declare const LP_REPORT_ASSETS: ReportAssets;

/** how often a log read back is checked for going quiet */
const LOG_TICK_MS = 500;

class Dashboard {
  // a readLog goes out on the control characteristic; the link is made just below
  private readonly session = new LiveSession((fromOffset) => void this.link.send('readLog', { fromOffset }));
  private readonly plots: LivePlots;
  private readonly link: PodLink;
  private readonly startedAt = new Date();
  private readonly statusFlagBits: readonly NamedValue[];
  /** a link has been up before: the next 'connected' is a reconnect, after which the log is read back */
  private wasConnected = false;
  /** the pod of the last link that was up, or is being made (PodLink.deviceId) */
  private podId: string | undefined;
  private connected = false;
  /** when the last step arrived, on performance.now()'s clock */
  private lastStepAtMs: number | undefined;
  /** false: the pod's last status said it was not recording, and it has sent no step or window since */
  private podRecording = true;
  /** Clear was pressed and confirmed: the next status says whether the log grew since it was read */
  private clearAsked = false;
  /** the pod's restarts the event list has told of */
  private restartsTold = 0;
  /** the new recordings of the pod (its button) the event list has told of */
  private newRecordingsTold = 0;
  /** the log read whose session report buttons are shown */
  private reportsOf: PodLogRead | undefined;
  /** the link's detail in the browser's words, and while reconnecting when the next attempt starts (performance.now()) */
  private linkDetail = '';
  private reconnect: { attempt: number; nextAtMs: number | undefined; reason: string } | undefined;

  constructor() {
    this.plots = new LivePlots(byId('plots'));
    const flags = STATUS_SPEC.fields.find((f) => f.name === 'flags');
    this.statusFlagBits = (flags && flags.bits) || [];
    this.link = new PodLink(navigator.bluetooth, {
      state: (state, detail, reconnect) => this.onState(state, detail, reconnect),
      data: (source, bytes) => this.onData(source, bytes),
    });
    byId<HTMLButtonElement>('connect').addEventListener('click', () => void this.link.choose());
    byId<HTMLButtonElement>('disconnect').addEventListener('click', () => this.link.disconnect());
    byId<HTMLButtonElement>('download-ndjson').addEventListener('click', () => {
      this.download(`lumbarpod-${fileStamp(this.startedAt)}.ndjson`, sessionNdjson(this.session), 'application/x-ndjson');
    });
    byId<HTMLButtonElement>('download-csv').addEventListener('click', () => {
      this.download(`lumbarpod-${fileStamp(this.startedAt)}-steps.csv`, stepsCsv(this.session), 'text/csv');
    });
    byId<HTMLButtonElement>('log-read').addEventListener('click', () => {
      this.session.readPodLog(Date.now());
      // whether the log is full now, not when the pod last said: its status comes while the log is read
      void this.link.send('getStatus');
      this.event('reading the pod\'s log');
      this.render();
    });
    byId<HTMLButtonElement>('log-download').addEventListener('click', () => {
      const read = this.session.podLog;
      if (read) this.download(`lumbarpod-${fileStamp(new Date())}-pod-log.ndjson`, podLogNdjson(read, this.clockAnchor()), 'application/x-ndjson');
    });
    byId('log-reports').addEventListener('click', (event) => {
      const index = Number((event.target as HTMLElement).dataset.session);
      const read = this.session.podLog;
      if (read === undefined || !(index >= 0 && index < read.sessions.length)) return;
      // the board is not in the protocol: a Puck.js v2, the pod this dashboard is first for
      const recording = podLogSessionRecording(read, index, PUCKJS2_BOARD, this.clockAnchor());
      this.download(`lumbarpod-${fileStamp(new Date())}-pod-log-session-${index + 1}-report.html`, podLogSessionReportHtml(recording, LP_REPORT_ASSETS), 'text/html');
    });
    byId<HTMLButtonElement>('log-clear').addEventListener('click', () => {
      if (!window.confirm('Erase the log on the pod? Download it first: what is erased cannot be read again.')) return;
      // the pod may have logged a window since the read: a fresh status says how long its log is
      this.clearAsked = true;
      void this.link.send('getStatus');
    });
    if (!this.link.available) {
      byId('no-bluetooth').hidden = false;
      this.onState('unavailable', '');
    }
    setInterval(() => {
      this.session.tick(Date.now());
      this.renderDownloads();
      this.renderStaleness();
      this.renderLinkDetail();
    }, LOG_TICK_MS);
  }

  private onState(state: LinkState, detail: string, reconnect?: Reconnect): void {
    const pill = byId('link-state');
    pill.dataset.state = state;
    pill.textContent = STATE_WORDS[state];
    this.linkDetail = detail;
    this.reconnect = state === 'reconnecting' && reconnect !== undefined ? {
      attempt: reconnect.attempt,
      nextAtMs: reconnect.nextInMs === undefined ? undefined : performance.now() + reconnect.nextInMs,
      reason: reconnect.reason,
    } : undefined;
    this.renderLinkDetail();
    const linked = state === 'connected' || state === 'connecting' || state === 'reconnecting' || state === 'choosing';
    byId<HTMLButtonElement>('connect').disabled = state === 'unavailable' || linked;
    byId<HTMLButtonElement>('disconnect').disabled = !linked || state === 'choosing';
    if (state !== 'choosing') {
      // another pod chosen in this page: nothing of the old one's is checked against it, nor shown
      // as its. Told on connecting, as what the new pod sends (its battery, read first) comes before it is connected
      if ((state === 'connecting' || state === 'connected') && this.link.deviceId !== this.podId) {
        if (this.podId !== undefined) {
          this.session.otherPod(this.link.deviceName, Date.now());
          this.plots.clear();
          this.lastStepAtMs = undefined;
          this.podRecording = true;
          this.event(`another pod: ${this.link.deviceName || this.link.deviceId}`);
          this.render();
        }
        this.podId = this.link.deviceId;
      }
      this.session.link(state, detail, Date.now());
      this.event(`${STATE_WORDS[state]}${detail ? ': ' + detail : ''}`);
    }
    if (state === 'connected') {
      // the windows summarised while the link was down are in the pod's log
      if (this.wasConnected) this.session.catchUpFromLog(Date.now());
      this.wasConnected = true;
    }
    this.connected = state === 'connected';
    this.renderDownloads();
    this.renderStaleness();
  }

  private onData(source: NotificationSource, bytes: Uint8Array): void {
    const r = this.session.receive(source, bytes, Date.now());
    if (r.type === 'step') {
      this.plots.addStep(r);
      this.lastStepAtMs = performance.now();
    }
    // a step or a window closing live: the pod records, whatever its last status said. A pod its
    // button stopped closes its window, so the status asked after it says the recording stopped
    if ((r.type === 'step' && source === 'step') || (r.type === 'summary' && source === 'summary')) this.podRecording = true;
    if (r.type === 'status') this.podRecording = (r.flags & STATUS_RECORDING) !== 0;
    // each window closed live: the pod's counters, sampling load and log room again (the pod
    // sends its status only when asked over BLE)
    if (r.type === 'summaryForm' && source === 'summary') void this.link.send('getStatus');
    if (r.type === 'status' && this.clearAsked) {
      this.clearAsked = false;
      const read = this.session.podLog;
      if (read !== undefined && read.coversLogOf(r.storageUsedBytes)) void this.link.send('clearLog', { confirm: COMMAND_CONFIRM_KEY });
      else this.event('the pod logged more since its log was read: read it again before clearing');
    }
    if (r.type === 'reply' && r.commandId === COMMAND_CLEAR_LOG && r.status === REPLY_OK) {
      this.session.podLogCleared();
      this.event('the pod\'s log is cleared');
      void this.link.send('getStatus');
    }
    this.noteEvent(r);
    // a pod that restarted says so only before a host is linked again: its step count falling back is all the cards show
    if (this.session.restarts > this.restartsTold) {
      this.restartsTold = this.session.restarts;
      this.event('the pod restarted: its steps and windows count from 1 again');
    }
    if (this.session.newRecordings > this.newRecordingsTold) {
      this.newRecordingsTold = this.session.newRecordings;
      this.event('the pod started a new recording (its button, or a host): its steps and windows count from 1 again');
    }
    this.render();
  }

  /** the event list said the pod's protocol version is not the page's */
  private badVersionTold = false;

  /** what deserves a line in the event list */
  private noteEvent(r: Received): void {
    if (r.type === 'error') this.event(podErrorWords(r.code, r.detail));
    else if (r.type === 'reply' && r.status !== 0) this.event(refusedCommandWords(r.commandId, r.status));
    else if (r.type === 'undecoded' && r.reason === 'badVersion') {
      // every message of such a pod fails alike: one line that says what to do, not one per notification
      if (!this.badVersionTold) this.event('the pod speaks another protocol version than this page: update its firmware on the setup page (or use the page that came with it)');
      this.badVersionTold = true;
    } else if (r.type === 'undecoded') this.event(`undecodable ${r.source} notification (${r.reason}): ${r.bytesHex}`);
    else if (r.type === 'summaryForm') this.event(`window ${r.index} summarised`);
  }

  private render(): void {
    const s = this.session;
    const set = (attr: string, name: string, text: string, trusted = true, why = 'not trustworthy in this window (see Quality)') => {
      const el = document.querySelector<HTMLElement>(`[data-${attr}="${name}"]`);
      if (!el) return;
      el.textContent = text;
      // a dash is no value: marked doubtful it read as a doubt about a number that is not there
      const doubted = !trusted && text !== '–';
      el.classList.toggle('untrusted', doubted);
      el.title = doubted ? why : '';
    };
    const rsc = s.lastRsc;
    set('metric', 'cadenceRsc', rsc ? String(rsc.cadenceSpm) : '–');
    // cadence 0: the pod's word that the runner stopped, which RSC can only flag as walking
    set('metric', 'runningRsc', rsc ? (rsc.cadenceSpm === 0 ? 'stopped' : rsc.running ? 'running' : 'walking') : '–');
    set('metric', 'batteryPct', s.batteryPct === undefined ? '–' : String(s.batteryPct));
    const step = s.lastStep;
    byId('drop-held').hidden = !(step && step.kind !== KIND_RUNNING && (s.lastLeftDropCdeg !== undefined || s.lastRightDropCdeg !== undefined));
    if (!step) {
      // another pod: nothing of the last one's stays on the cards
      for (const name of STEP_METRICS) set('metric', name, '–');
      set('quality', 'step', '–');
    } else {
      const running = step.kind === KIND_RUNNING;
      set('metric', 'cadenceStep', step.cadenceSpm > 0 ? String(step.cadenceSpm) : '–');
      set('metric', 'contactMs', running ? String(step.contactMs) : '–');
      set('metric', 'flightMs', running ? String(step.flightMs) : '–');
      set('metric', 'voMm', running && step.voMm > 0 ? String(step.voMm) : '–');
      // a walking step has no drop: each side keeps its last running stance's, labelled as such
      set('metric', 'dropLeftDeg', deg(s.lastLeftDropCdeg));
      set('metric', 'dropRightDeg', deg(s.lastRightDropCdeg));
      set('metric', 'rotationDeg', step.rotationCdeg > 0 ? deg(step.rotationCdeg) : '–');
      const leanDoubts = stepLeanDoubtWords(step.quality);
      // a walking step's lean is 0 for not measured
      set('metric', 'leanDeg', running ? deg(step.leanCdeg) : '–', leanDoubts.length === 0, leanDoubts.join(', '));
      set('metric', 'steps', String(step.index));
      set('metric', 'side', step.side === SIDE_LEFT ? 'left' : step.side === SIDE_RIGHT ? 'right' : 'unknown');
      set('metric', 'kind', running ? 'running' : 'walking');
      const words = stepQualityWords(step.quality);
      set('quality', 'step', words.length ? words.join(', ') : 'fine', words.length === 0);
    }
    const w = s.summary;
    if (!w) {
      for (const name of WINDOW_CELLS) set('window', name, '–');
      set('quality', 'window', '–');
    } else {
      const q = w.quality;
      set('window', 'index', String(w.index));
      set('window', 'steps', String(w.steps));
      // a window of walking only has its walking cadence (the pod's, from its walking strides)
      if (w.cadenceSpm === 0 && w.walkingCadenceSpm > 0) set('window', 'cadenceSpm', `${w.walkingCadenceSpm} walking`, summaryTrusts(q, 'walkingCadence'));
      else set('window', 'cadenceSpm', w.cadenceSpm > 0 ? String(w.cadenceSpm) : '–', summaryTrusts(q, 'cadence'));
      set('window', 'contactMs', w.contactMs > 0 ? String(w.contactMs) : '–', summaryTrusts(q, 'contact'));
      set('window', 'voMm', w.voMm > 0 ? String(w.voMm) : '–', summaryTrusts(q, 'vo'));
      const windowQuality = windowQualityText(w);
      const span = `${(w.startMs / 1000).toFixed(0)}–${(w.endMs / 1000).toFixed(0)} s`;
      set('quality', 'window', `${w.index} (${span}): ${windowQuality.words}`, windowQuality.trusted);
      // The second half of this window: until it comes (or when the link lost it) the cells
      // say nothing rather than hold the window before's values under this window's number. A
      // window without running steps has 0 there for not measured.
      const f = s.summaryForm !== undefined && w.runningSteps > 0 ? s.summaryForm : undefined;
      set('window', 'dropLeftDeg', deg(f?.dropLeftCdeg), summaryTrusts(q, 'drop'));
      set('window', 'dropRightDeg', deg(f?.dropRightCdeg), summaryTrusts(q, 'drop'));
      set('window', 'rotationDeg', deg(f?.rotationCdeg), summaryTrusts(q, 'rotation'));
      set('window', 'leanDeg', deg(f?.leanCdeg), summaryTrusts(q, 'lean'));
      // until the pod has the lean of the run's first minutes (after a standing start) its drift is
      // 0 for not measured: a dash, not a steady lean
      const leanDriftCdeg = summaryTrusts(q, 'leanDrift') ? f?.leanDriftCdeg : undefined;
      set('window', 'leanDriftDeg', leanDriftCdeg === undefined ? '–' : (leanDriftCdeg > 0 ? '+' : '') + deg(leanDriftCdeg));
      const hasBalance = f !== undefined && f.gctBalanceLeftPct100 > 0;
      set('window', 'gctBalanceLeftPct', hasBalance ? pct(f.gctBalanceLeftPct100) : '–', summaryTrusts(q, 'balance'));
      set('window', 'gctBalanceRightPct', hasBalance ? pct(10000 - f.gctBalanceLeftPct100) : '–', summaryTrusts(q, 'balance'));
    }
    const pod: string[] = [];
    if (s.status) {
      pod.push(`firmware ${s.status.firmwareMajor}.${s.status.firmwareMinor}`, `${s.status.rateHz} Hz`);
      pod.push(...bitNames(this.statusFlagBits, s.status.flags).map(qualityWord));
      if (s.status.droppedSamples > 0) pod.push(`${s.status.droppedSamples} samples lost`);
      if (s.status.sampleHandlerBusyPct > 0) pod.push(`${s.status.sampleHandlerBusyPct} % busy sampling`);
      pod.push(`log room about ${logRoom(s.status.storageFreeBytes).minutes} min of activity`);
    }
    // the steps and live messages the BLE link lost (window summaries read back are not among them)
    if (s.missingTotal > 0) {
      pod.push(`${s.missingTotal} live update${s.missingTotal === 1 ? '' : 's'} did not arrive (the pod keeps its window summaries in its log, to read later)`);
    }
    if (s.recoveredFromLog > 0) pod.push(`${s.recoveredFromLog} window${s.recoveredFromLog === 1 ? '' : 's'} read back from the pod's log`);
    if (s.undecoded > 0) pod.push(`${s.undecoded} undecodable`);
    set('quality', 'pod', pod.length ? pod.join(', ') : '–', s.missingTotal === 0 && s.undecoded === 0, 'data was missed or did not decode: the NDJSON download says where');
    this.renderDownloads();
    this.renderStaleness();
  }

  /**
   * The header's detail. While reconnecting, in a runner's words with the time to the next attempt
   * counting down; the browser's error stays in its tooltip (and the event list has every attempt's).
   */
  private renderLinkDetail(): void {
    const el = byId('link-detail');
    const r = this.reconnect;
    if (r === undefined) {
      el.textContent = this.linkDetail;
      el.title = '';
      return;
    }
    el.textContent = reconnectWords(r.attempt, r.nextAtMs === undefined ? undefined : r.nextAtMs - performance.now());
    el.title = `${r.reason} (attempt ${r.attempt})`;
  }

  /** the cards dimmed, and why, while their values are not the runner's now */
  private renderStaleness(): void {
    const why = liveValuesStale(this.connected, this.lastStepAtMs, performance.now(), this.podRecording);
    const note = byId('stale-note');
    note.hidden = why === '';
    note.textContent = why;
    byId('cards').classList.toggle('stale', why !== '');
  }

  private renderDownloads(): void {
    byId<HTMLButtonElement>('download-ndjson').disabled = this.session.lines.length === 0;
    byId<HTMLButtonElement>('download-csv').disabled = this.session.steps.length === 0;
    const read = this.session.podLog;
    byId<HTMLButtonElement>('log-read').disabled = !this.connected || this.session.podLogReading;
    byId<HTMLButtonElement>('log-download').disabled = read === undefined || this.session.podLogReading;
    byId<HTMLButtonElement>('log-clear').disabled = !this.connected || read === undefined || !read.complete || read.cleared;
    byId('log-state').textContent = read === undefined ? '–' : podLogText(read, DEFAULT_PIPELINE_SETTINGS.windowMs);
    this.renderLogReports(read !== undefined && !this.session.podLogReading ? read : undefined);
  }

  /** a Report button per session of a finished log read */
  private renderLogReports(read: PodLogRead | undefined): void {
    if (read === this.reportsOf) return;
    this.reportsOf = read;
    const box = byId('log-reports');
    while (box.firstChild) box.removeChild(box.firstChild);
    if (read === undefined) return;
    read.sessions.forEach((_, i) => {
      const button = document.createElement('button');
      button.type = 'button';
      button.dataset.session = String(i);
      button.textContent = `Report of session ${i + 1}`;
      box.appendChild(button);
    });
  }

  private event(text: string): void {
    const list = byId('events');
    const li = document.createElement('li');
    li.textContent = `${new Date().toLocaleTimeString()} ${text}`;
    list.insertBefore(li, list.firstChild);
    while (list.childElementCount > EVENTS_SHOWN && list.lastChild) list.removeChild(list.lastChild);
  }

  /** the pod's clock on the page's, from its last status: dates the sessions of the boot it runs */
  private clockAnchor(): PodClockAnchor | undefined {
    const status = this.session.status;
    const hostTimeMs = this.session.statusHostTimeMs;
    return status !== undefined && hostTimeMs !== undefined ? { status, hostTimeMs } : undefined;
  }

  private download(name: string, text: string, mime: string): void {
    const url = URL.createObjectURL(new Blob([text], { type: mime }));
    const a = document.createElement('a');
    a.href = url;
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
    // the browser has taken the file by then; revoking at once can cancel it in some browsers
    setTimeout(() => URL.revokeObjectURL(url), 60000);
  }
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', () => new Dashboard());
else new Dashboard();
