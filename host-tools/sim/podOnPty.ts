// The simulated pod exposed as a serial device: a socat pseudo-terminal pair, the simulator's
// Serial1 on one end (opened with serialport, as a USB-serial adapter would be) and a path for
// the host on the other. The virtual clock runs `speed` times faster than the wall clock, in
// small steps, so host commands and pod bytes interleave as they would with a real pod.
import { EventEmitter } from 'events';
import { SerialPort } from 'serialport';
import { openHangupSafePort } from '../link/hangupSafePort';
import { POD_BAUD_RATE } from '../link/podSerialLink';
import { PodSimulator } from './podSimulator';
import { openPtyPair, PtyPair } from './ptyPair';

/** wall-clock ms between simulator steps */
const STEP_WALL_MS = 10;

export interface PodOnPtyOptions {
  /** virtual ms per wall-clock ms (1 = real time) */
  speed: number;
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

  constructor(readonly sim: PodSimulator, private readonly pair: PtyPair, private readonly podPort: SerialPort, speed: number) {
    super();
    this.hostPath = pair.hostPath;
    sim.onSerialData((bytes) => {
      if (podPort.isOpen) podPort.write(bytes);
    });
    podPort.on('data', (bytes: Buffer) => sim.serialWrite(bytes));
    // a host that goes away is not an error for the pod: it keeps sampling, as a real one would
    podPort.on('error', () => undefined);
    this.timer = setInterval(() => this.step(STEP_WALL_MS * speed), STEP_WALL_MS);
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
    return new PodOnPty(sim, pair, podPort, options.speed);
  } catch (e) {
    await pair.close();
    throw e;
  }
}
