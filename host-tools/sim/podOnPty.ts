// The simulated pod exposed as a serial device: a socat pseudo-terminal pair, the simulator's
// Serial1 on one end (opened with serialport, as a USB-serial adapter would be) and a path for
// the host on the other. The virtual clock runs `speed` times faster than the wall clock, in
// small steps, so host commands and pod bytes interleave as they would with a real pod.
import { EventEmitter } from 'events';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { SerialPort } from 'serialport';
import { COMMAND_START_RECORDING, COMMAND_STOP_RECORDING, HEADER_LENGTH, MSG_COMMAND, MSG_SUMMARY } from '../../firmware/protocol/messageIds';
import { FRAME_WHITEN_BYTE } from '../../firmware/protocol/whitening';
import { FrameDecoder, isFrameError } from '../protocol/frameDecoder';
import { openHangupSafePort } from '../link/hangupSafePort';
import { POD_BAUD_RATE } from '../link/podSerialLink';
import { WORDS_PER_SAMPLE } from '../../firmware/device/imuDriver';
import { ImuSource } from './imuSource';
import { Vec3 } from './lsm6ds3trcModel';
import { PodSimulator } from './podSimulator';
import { openPtyPair, PtyPair } from './ptyPair';

/** wall-clock ms between simulator steps */
const STEP_WALL_MS = 10;
/** a host that talks to the pod but never starts a recording gets the source after this, wall ms */
const HOST_START_WAIT_MS = 2000;

/**
 * A source that holds its first sample (the runner standing still before the start) until
 * released, then plays from its beginning: a recording starts when the host is there, not when
 * the simulator happened to start.
 */
export class HeldStartSource implements ImuSource {
  private releasedAt = -1;
  private lastAsked = 0;
  private readonly releaseListeners: Array<() => void> = [];

  constructor(private readonly inner: ImuSource) {}

  get rateHz(): number {
    return this.inner.rateHz;
  }

  /** the inner source's samples after the held ones (unknown until released: very large) */
  get sampleCount(): number {
    return this.releasedAt < 0 ? Number.MAX_SAFE_INTEGER : this.releasedAt + this.inner.sampleCount;
  }

  sampleAt(n: number, accMg: Vec3, gyroMdps: Vec3): void {
    this.lastAsked = n;
    this.inner.sampleAt(this.releasedAt < 0 || n < this.releasedAt ? 0 : n - this.releasedAt, accMg, gyroMdps);
  }

  /** plays the inner source from the next sample on */
  release(): void {
    if (this.releasedAt >= 0) return;
    this.releasedAt = this.lastAsked + 1;
    for (const listener of this.releaseListeners.splice(0)) listener();
  }

  /** `listener` runs as it is released (at once if it was), while the pod's clock stands where the recording starts */
  onRelease(listener: () => void): void {
    if (this.released) listener();
    else this.releaseListeners.push(listener);
  }

  get released(): boolean {
    return this.releasedAt >= 0;
  }
}

export interface PodOnPtyOptions {
  /** virtual ms per wall-clock ms (1 = real time) */
  speed: number;
  /** the PodSimulator's source is a HeldStartSource: release it when the host starts recording */
  heldSource?: HeldStartSource;
  /** directory for the pty links (default: a temporary one) */
  dir?: string;
  /** line noise: these window summaries the pod sends (1 = its first, after the host started
   * recording; 'last' = the one it sends when the host stops recording) reach the host corrupted */
  corruptSummaries?: Array<number | 'last'>;
  /**
   * line noise, for any message: true corrupts the pod's frame. `nthOfType` counts the frames of
   * that message type from 1, from the pod's boot until heldSource is released (`hostStarted`
   * false), and again from then on: the host's startRecording, or a moment after its first bytes
   * when it sends none
   */
  corruptFrame?: (messageType: number, nthOfType: number, hostStarted: boolean) => boolean;
  /**
   * From the host's startRecording on (with heldSource), as long as this returns true, the pod's
   * clock runs only as far as the host's bytes need to reach the pod: it takes and answers every
   * command, but nothing of its own falls due meanwhile (its first raw batch waits). A test puts
   * what the host does after its start before the pod's first message of the new recording, as
   * a fast host would on a real pod.
   */
  holdClockFromStartWhile?: () => boolean;
  /**
   * The host's bytes after its startRecording (with heldSource) reach the pod only once the
   * pod's clock is this many ms past the start, as over a slow link: what the pod does meanwhile
   * (its first raw batches, a button press) comes before the host's next command.
   */
  delayHostBytesFromStartMs?: number;
  /**
   * line noise on the way in: the first this many stopRecording commands the host sends (after
   * its start, with heldSource) never reach the pod, nor do the bytes that came with them
   */
  loseHostStops?: number;
  /** each frame of the host's that reaches the pod (decoded, not whitened), as it is handed over */
  onHostFrame?: (frame: Uint8Array) => void;
  /**
   * the pod's frames written together, as a host that was busy reads them in one chunk: 'hold'
   * keeps a frame of this message type back, 'flush' writes it after those held, in one write
   */
  joinPodFrames?: (messageType: number) => 'hold' | 'flush' | undefined;
}

/** what PodOnPty does to the host's start and stop (PodOnPtyOptions) */
type HostStartOptions = Pick<PodOnPtyOptions, 'holdClockFromStartWhile' | 'delayHostBytesFromStartMs' | 'loseHostStops' | 'corruptFrame' | 'onHostFrame' | 'joinPodFrames'>;

export interface PodOnPtyEvents {
  /** the IMU source has given its last sample and the pod has read it (the pod keeps running on the held value) */
  sourceEnded: [];
}

export class PodOnPty extends EventEmitter<PodOnPtyEvents> {
  /** the path a host opens, like /dev/ttyUSB0 of a real pod (the same after a replug) */
  readonly hostPath: string;
  private timer: NodeJS.Timeout | undefined;
  private ended = false;
  /** the host's bytes as frames, only to see when it starts a recording */
  private hostFrames = new FrameDecoder();
  private releaseTimer: NodeJS.Timeout | undefined;
  private plugged = true;
  /** the host stopped the recording it started (a stopRecording frame went by after the start) */
  private hostStopped = false;
  private readonly hostCommands = new FrameDecoder();
  /** the host has started its recording and holdClockFromStartWhile still holds the clock */
  private clockHeld = false;
  /** the host's bytes wait here until the pod's clock reaches hostBytesDelayedUntilMs */
  private hostBytesDelayed: Buffer[] = [];
  private hostBytesDelayedUntilMs = -1;
  /** the host's frames that reach the pod, for onHostFrame */
  private readonly framesToPod = new FrameDecoder();
  /** stopRecording commands lost so far (PodOnPtyOptions.loseHostStops) */
  private hostStopsLost = 0;
  /** setMuted: the pod's bytes do not reach the host, whose port stays open */
  private muted = false;
  /** close() has been called: the cable stays out for good */
  private closed = false;
  /** the unplug or replug under way (or the last, done): the next waits for it, and close() too */
  private cableChange: Promise<void> = Promise.resolve();
  /** the waits of unplugFor and replug, each with what ends it early when close() comes */
  private readonly waits = new Map<NodeJS.Timeout, () => void>();

  constructor(
    readonly sim: PodSimulator, private pair: PtyPair, private podPort: SerialPort, speed: number,
    private readonly held: HeldStartSource | undefined, private readonly dir: string, private readonly ownsDir: boolean,
    corruptSummaries: Array<number | 'last'> = [],
    private readonly hostStart: HostStartOptions = {},
  ) {
    super();
    this.hostPath = pair.hostPath;
    // while unplugged the pod's bytes go nowhere, as on a real serial line with no one attached
    let summaries = 0;
    /** frames of each type, counted for corruptFrame (before and from the host's start) */
    const framesOfType = new Map<string, number>();
    const heldFrames: Buffer[] = [];
    sim.onSerialData((bytes) => {
      // one write is one frame: COBS code, version, type, whitened (no zero before the type);
      // counted from the recording the host started, when the pod waits for one
      const counting = held === undefined || held.released;
      const type = bytes.length > 3 ? bytes[2] ^ FRAME_WHITEN_BYTE : -1;
      const summary = counting && type === MSG_SUMMARY;
      const key = `${type} ${counting}`;
      const nth = (framesOfType.get(key) ?? 0) + 1;
      framesOfType.set(key, nth);
      if ((summary && (corruptSummaries.includes(++summaries) || (this.hostStopped && corruptSummaries.includes('last')))) ||
        hostStart.corruptFrame?.(type, nth, counting) === true) {
        bytes = Buffer.from(bytes);
        bytes[bytes.length >> 1] ^= 0x5a;
      }
      const join = hostStart.joinPodFrames?.(type);
      if (join === 'hold') {
        heldFrames.push(Buffer.from(bytes));
        return;
      }
      if (heldFrames.length > 0) bytes = Buffer.concat([...heldFrames.splice(0), Buffer.from(bytes)]);
      if (this.plugged && !this.muted && this.podPort.isOpen) this.podPort.write(bytes);
    });
    this.listen();
    this.timer = setInterval(() => this.step(STEP_WALL_MS * speed), STEP_WALL_MS);
  }

  private listen(): void {
    this.podPort.on('data', (bytes: Buffer) => {
      // behind bytes still waiting, in their order
      const delayed = this.hostBytesDelayed.length > 0 || this.sim.nowMs < this.hostBytesDelayedUntilMs;
      if (this.held !== undefined && !this.held.released) this.watchForStart(this.held, bytes);
      else if (this.watchForStop(bytes) && this.hostStopsLost < (this.hostStart.loseHostStops ?? 0)) {
        this.hostStopsLost++;
        return;
      }
      if (delayed) this.hostBytesDelayed.push(bytes);
      else this.toPod(bytes);
    });
    // a host that goes away is not an error for the pod: it keeps sampling, as a real one would
    this.podPort.on('error', () => undefined);
  }

  /**
   * Releases the held source when the host starts a recording (a startRecording command frame
   * goes by), or a moment after the host first talks to the pod if it never does (stream).
   */
  private watchForStart(held: HeldStartSource, bytes: Buffer): void {
    // a flasher is no recording host: what it types at the console of the pod in setup mode (and
    // the rebootToSetup that took it there) leaves the run waiting for the host that records
    if (this.releaseTimer === undefined && !this.atConsole()) {
      this.releaseTimer = setTimeout(() => {
        this.releaseTimer = undefined;
        if (!this.atConsole()) held.release();
      }, HOST_START_WAIT_MS);
    }
    for (const item of this.hostFrames.decodeNow(bytes)) {
      if (isFrameError(item)) continue;
      if (item.length > HEADER_LENGTH && item[1] === MSG_COMMAND && item[HEADER_LENGTH] === COMMAND_START_RECORDING) {
        held.release();
        this.clockHeld = this.hostStart.holdClockFromStartWhile !== undefined;
        if (this.hostStart.delayHostBytesFromStartMs !== undefined) this.hostBytesDelayedUntilMs = this.sim.nowMs + this.hostStart.delayHostBytesFromStartMs;
      }
    }
  }

  /** the pod is in setup mode: its JavaScript console, not its firmware, on the serial port */
  private atConsole(): boolean {
    return this.sim.consoleDevice === 'Serial1';
  }

  /** the host's bytes reach the pod */
  private toPod(bytes: Buffer): void {
    const seen = this.hostStart.onHostFrame;
    if (seen !== undefined) for (const item of this.framesToPod.decodeNow(bytes)) if (!isFrameError(item)) seen(item);
    this.sim.serialWrite(bytes);
  }

  /**
   * whether these bytes carry a stopRecording. The host has stopped the pod until it starts it
   * again: a recording's set-up stops the pod before it starts it, and that stop is no last one.
   */
  private watchForStop(bytes: Buffer): boolean {
    let stop = false;
    for (const item of this.hostCommands.decodeNow(bytes)) {
      if (isFrameError(item) || item.length <= HEADER_LENGTH || item[1] !== MSG_COMMAND) continue;
      if (item[HEADER_LENGTH] === COMMAND_STOP_RECORDING) {
        stop = true;
        this.hostStopped = true;
      } else if (item[HEADER_LENGTH] === COMMAND_START_RECORDING) {
        this.hostStopped = false;
      }
    }
    return stop;
  }

  private step(virtualMs: number): void {
    if (this.hostBytesDelayed.length > 0 && this.sim.nowMs >= this.hostBytesDelayedUntilMs) {
      for (const bytes of this.hostBytesDelayed) this.toPod(bytes);
      this.hostBytesDelayed = [];
    }
    const hold = this.hostStart.holdClockFromStartWhile;
    if (this.clockHeld && hold !== undefined && hold()) {
      // the host's commands still need their time on the line to reach the pod
      this.sim.runFor(Math.min(virtualMs, Math.max(0, this.sim.hostBytesArriveByMs - this.sim.nowMs)));
      return;
    }
    this.clockHeld = false;
    this.sim.runFor(virtualMs);
    const source = this.sim.source;
    const pushed = this.sim.imuSamplesPushed;
    if (!this.ended && source !== undefined && pushed >= source.sampleCount) {
      // what the pod has not yet read sits in the IMU's FIFO until its next watermark: the end
      // is told once the pod has taken the last sample out, or after a second of the held value
      // (a pod that does not record reads nothing)
      const unreadSamples = Math.ceil(this.sim.imu.unreadWords() / WORDS_PER_SAMPLE);
      if (pushed - unreadSamples >= source.sampleCount || pushed >= source.sampleCount + source.rateHz) {
        this.ended = true;
        this.emit('sourceEnded');
      }
    }
  }

  /**
   * The pod's wire to the host goes dead (`true`) or comes back: its bytes go nowhere meanwhile,
   * while the host's port stays open and the pod runs on, as with a pod whose battery ran flat
   * on its serial adapter or a loose TX wire. The host's bytes still reach the pod.
   */
  setMuted(muted: boolean): void {
    this.muted = muted;
  }

  /** the cable is in (no unplug, or replugged since) */
  get isPlugged(): boolean {
    return this.plugged;
  }

  /** the cable is pulled: the host's port hangs up; the pod keeps running */
  unplug(): Promise<void> {
    if (!this.plugged) return this.cableChange;
    // the pod's bytes go nowhere from now on, the rest of this step's too
    this.plugged = false;
    const { podPort, pair } = this;
    return this.changeCable(async () => {
      await closePort(podPort);
      await pair.close();
    });
  }

  /**
   * The cable is back: a new pty pair at the same path. With `notReadyMs`, the path is first there
   * for that long but is no terminal (opening it fails), as a real pod's port can be before udev
   * has set it up or while a modem manager probes it. Once close() has been called it does nothing:
   * a pod stopped while unplugged stays unplugged.
   */
  replug(notReadyMs = 0): Promise<void> {
    return this.changeCable(async () => {
      if (this.plugged || this.closed) return;
      if (notReadyMs > 0) {
        fs.symlinkSync('/dev/null', this.hostPath);
        if (!(await this.wait(notReadyMs))) {
          fs.rmSync(this.hostPath, { force: true });
          return;
        }
      }
      const pair = await openPtyPair(this.dir);
      let podPort: SerialPort;
      try {
        podPort = await openHangupSafePort(pair.podPath, POD_BAUD_RATE);
      } catch (e) {
        await pair.close();
        throw e;
      }
      if (this.closed) {
        await closePort(podPort);
        await pair.close();
        return;
      }
      this.pair = pair;
      this.podPort = podPort;
      this.hostFrames = new FrameDecoder();
      this.listen();
      this.plugged = true;
    });
  }

  /**
   * Pulls the cable, and puts it back after `forMs` wall ms (`notReadyMs` as for replug): true once
   * it is back, false when close() came first, which cancels the wait and leaves nothing open
   */
  async unplugFor(forMs: number, notReadyMs = 0): Promise<boolean> {
    await this.unplug();
    if (!(await this.wait(forMs))) return false;
    await this.replug(notReadyMs);
    return this.plugged;
  }

  /** stops the clock and hangs the pty up (the host sees the pod unplugged); a pending replug is called off */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer !== undefined) clearInterval(this.timer);
    if (this.releaseTimer !== undefined) clearTimeout(this.releaseTimer);
    this.timer = undefined;
    for (const [timer, cancel] of this.waits) {
      clearTimeout(timer);
      cancel();
    }
    this.waits.clear();
    // an unplug or replug under way ends first: a replug then opens nothing, or closes what it opened
    await this.cableChange;
    if (this.plugged) {
      await closePort(this.podPort);
      await this.pair.close();
    }
    this.plugged = false;
    if (this.ownsDir) fs.rmSync(this.dir, { recursive: true, force: true });
  }

  /** runs `change` after the unplug or replug before it; its error goes to the caller only */
  private changeCable(change: () => Promise<void>): Promise<void> {
    const changed = this.cableChange.then(change);
    this.cableChange = changed.catch(() => undefined);
    return changed;
  }

  /** resolves true after `ms` wall ms, false at once when close() has been or comes first */
  private wait(ms: number): Promise<boolean> {
    if (this.closed) return Promise.resolve(false);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waits.delete(timer);
        resolve(true);
      }, ms);
      this.waits.set(timer, () => resolve(false));
    });
  }
}

function closePort(port: SerialPort): Promise<void> {
  return new Promise<void>((resolve) => (port.isOpen ? port.close(() => resolve()) : resolve()));
}

export async function startPodOnPty(sim: PodSimulator, options: PodOnPtyOptions): Promise<PodOnPty> {
  if (!(options.speed > 0)) throw new TypeError(`speed must be > 0, got ${options.speed}`);
  // a fixed directory, so a replug brings the pod back at the same path
  const dir = options.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'lumbarpod-pod-'));
  const pair = await openPtyPair(dir);
  try {
    const podPort = await openHangupSafePort(pair.podPath, POD_BAUD_RATE);
    return new PodOnPty(sim, pair, podPort, options.speed, options.heldSource, dir, options.dir === undefined, options.corruptSummaries, {
      holdClockFromStartWhile: options.holdClockFromStartWhile, delayHostBytesFromStartMs: options.delayHostBytesFromStartMs, joinPodFrames: options.joinPodFrames,
      loseHostStops: options.loseHostStops, corruptFrame: options.corruptFrame, onHostFrame: options.onHostFrame,
    });
  } catch (e) {
    await pair.close();
    throw e;
  }
}
