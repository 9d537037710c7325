// The simulated pod exposed as a serial device: a socat pseudo-terminal pair, the simulator's
// Serial1 on one end (opened with serialport, as a USB-serial adapter would be) and a path for
// the host on the other. The virtual clock runs `speed` times faster than the wall clock, in
// small steps, so host commands and pod bytes interleave as they would with a real pod.
import { EventEmitter } from 'events';
import { SerialPort } from 'serialport';
import { frameDecode, frameMaxLength } from '../../firmware/protocol/framing';
import { COMMAND_START_RECORDING, HEADER_LENGTH, MAX_MESSAGE_LENGTH, MSG_COMMAND } from '../../firmware/protocol/messageIds';
import { openHangupSafePort } from '../link/hangupSafePort';
import { POD_BAUD_RATE } from '../link/podSerialLink';
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
    if (this.releasedAt < 0) this.releasedAt = this.lastAsked + 1;
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
}

export interface PodOnPtyEvents {
  /** the IMU source has given its last sample (the pod keeps running on the held value) */
  sourceEnded: [];
}

export class PodOnPty extends EventEmitter<PodOnPtyEvents> {
  /** the path a host opens, like /dev/ttyUSB0 of a real pod */
  readonly hostPath: string;
  private timer: NodeJS.Timeout | undefined;
  private ended = false;

  constructor(readonly sim: PodSimulator, private readonly pair: PtyPair, private readonly podPort: SerialPort, speed: number, held?: HeldStartSource) {
    super();
    this.hostPath = pair.hostPath;
    sim.onSerialData((bytes) => {
      if (podPort.isOpen) podPort.write(bytes);
    });
    podPort.on('data', (bytes: Buffer) => {
      if (held !== undefined && !held.released) this.watchForStart(held, bytes);
      sim.serialWrite(bytes);
    });
    // a host that goes away is not an error for the pod: it keeps sampling, as a real one would
    podPort.on('error', () => undefined);
    this.timer = setInterval(() => this.step(STEP_WALL_MS * speed), STEP_WALL_MS);
  }

  private hostBytes: number[] = [];
  private releaseTimer: NodeJS.Timeout | undefined;

  /**
   * Releases the held source when the host starts a recording (a startRecording command frame
   * goes by), or a moment after the host first talks to the pod if it never does (stream).
   */
  private watchForStart(held: HeldStartSource, bytes: Buffer): void {
    if (this.releaseTimer === undefined) this.releaseTimer = setTimeout(() => held.release(), HOST_START_WAIT_MS);
    const message = new Uint8Array(frameMaxLength(MAX_MESSAGE_LENGTH));
    for (const b of bytes) {
      if (b !== 0) {
        if (this.hostBytes.length < message.length) this.hostBytes.push(b);
        continue;
      }
      const n = frameDecode(Uint8Array.from(this.hostBytes), 0, this.hostBytes.length, message, 0);
      this.hostBytes = [];
      if (n > HEADER_LENGTH && message[1] === MSG_COMMAND && message[HEADER_LENGTH] === COMMAND_START_RECORDING) held.release();
    }
  }

  private step(virtualMs: number): void {
    this.sim.runFor(virtualMs);
    const source = this.sim.source;
    if (!this.ended && source !== undefined && this.sim.imuSamplesPushed >= source.sampleCount) {
      this.ended = true;
      this.emit('sourceEnded');
    }
  }

  /** stops the clock and hangs the pty up (the host sees the pod unplugged) */
  async close(): Promise<void> {
    if (this.timer !== undefined) clearInterval(this.timer);
    if (this.releaseTimer !== undefined) clearTimeout(this.releaseTimer);
    this.timer = undefined;
    await new Promise<void>((resolve) => (this.podPort.isOpen ? this.podPort.close(() => resolve()) : resolve()));
    await this.pair.close();
  }
}

export async function startPodOnPty(sim: PodSimulator, options: PodOnPtyOptions): Promise<PodOnPty> {
  if (!(options.speed > 0)) throw new TypeError(`speed must be > 0, got ${options.speed}`);
  const pair = await openPtyPair(options.dir);
  try {
    const podPort = await openHangupSafePort(pair.podPath, POD_BAUD_RATE);
    return new PodOnPty(sim, pair, podPort, options.speed, options.heldSource);
  } catch (e) {
    await pair.close();
    throw e;
  }
}
