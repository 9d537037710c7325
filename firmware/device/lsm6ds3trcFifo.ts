// Reads the LSM6DS3TR-C FIFO on the Puck's internal bus in bursts: one 'accel' event per
// watermark (INT1 routed to FIFO threshold), a status read, then whole samples from
// FIFO_DATA_OUT in gyro-first order straight into a fixed block that core reads with
// settings.gyroFirst. Nothing here runs per sample in JavaScript: the copy is a native set().
import { lsm6ds3trcSetup, LSM6DS3TRC_REG } from '../../boards/lsm6ds3trc';
import { EspruinoPuck } from './espruinoTypes';

declare const Puck: EspruinoPuck;

/** most samples taken per burst: 64 x 12 bytes is what the Puck's stack comfortably returns */
export const FIFO_BURST_MAX_SAMPLES = 64;
const WORDS_PER_SAMPLE = 6;
const FIFO_STATUS2_OVER_RUN = 0x40;

export interface ImuFifo {
  rateHz: number;
  watermarkSamples: number;
  /**
   * FIFO_BURST_MAX_SAMPLES + 1 samples: the burst, then one sentinel row at full scale that
   * ends every saturation search on a hit (Espruino's indexOf is fast only when it finds)
   */
  block: Int16Array;
  /** the last burst's bytes (a fresh Uint8Array from accelRd), for the raw stream */
  bytes: Uint8Array;
  /** samples in `block` from the last read */
  samples: number;
  /** the FIFO overflowed before this read: samples were lost */
  overrun: number;
  /** words skipped to get back to the first word of a sample (after an overrun) */
  wordsSkipped: number;
}

export function imuFifoCreate(): ImuFifo {
  const block = new Int16Array((FIFO_BURST_MAX_SAMPLES + 1) * WORDS_PER_SAMPLE);
  return { rateHz: 0, watermarkSamples: 0, block: block, bytes: new Uint8Array(0), samples: 0, overrun: 0, wordsSkipped: 0 };
}

/** starts sampling: Puck.accelOn first (it rewrites ranges and INT1), then the board's FIFO set-up */
export function imuFifoStart(fifo: ImuFifo, rateHz: number, watermarkSamples: number): void {
  const writes = lsm6ds3trcSetup(rateHz, watermarkSamples);
  Puck.accelOn(rateHz);
  for (let i = 0; i < writes.length; i++) Puck.accelWr(writes[i][0], writes[i][1]);
  fifo.rateHz = rateHz;
  fifo.watermarkSamples = watermarkSamples;
}

export function imuFifoStop(fifo: ImuFifo): void {
  Puck.accelOff();
  fifo.rateHz = 0;
}

/**
 * Reads up to FIFO_BURST_MAX_SAMPLES whole samples into fifo.block (and fifo.bytes), followed by
 * the sentinel row; returns the count (0: fewer than one sample waits). Call again while it
 * returns FIFO_BURST_MAX_SAMPLES. After an overrun the FIFO may start mid-sample: the words up to
 * the next gyro x are read and dropped (FIFO_PATTERN says how many).
 */
export function imuFifoRead(fifo: ImuFifo, fullScaleCounts: number): number {
  const R = LSM6DS3TRC_REG;
  const status = Puck.accelRd(R.FIFO_STATUS1, 4);
  let words = status[0] | ((status[1] & 0x07) << 8);
  fifo.overrun = status[1] & FIFO_STATUS2_OVER_RUN ? 1 : 0;
  const pattern = status[2] | ((status[3] & 0x03) << 8);
  fifo.wordsSkipped = 0;
  if (pattern !== 0 && words > 0) {
    let skip = WORDS_PER_SAMPLE - pattern;
    if (skip > words) skip = words;
    Puck.accelRd(R.FIFO_DATA_OUT_L, skip * 2);
    words -= skip;
    fifo.wordsSkipped = skip;
  }
  let n = (words / WORDS_PER_SAMPLE) | 0;
  if (n > FIFO_BURST_MAX_SAMPLES) n = FIFO_BURST_MAX_SAMPLES;
  fifo.samples = n;
  if (n === 0) return 0;
  const bytes = Puck.accelRd(R.FIFO_DATA_OUT_L, n * 12);
  fifo.bytes = bytes;
  const block = fifo.block;
  block.set(new Int16Array(bytes.buffer, bytes.byteOffset, n * WORDS_PER_SAMPLE));
  // the three full-scale values core searches for (+full, -full, -full - 1), right after the burst
  const e = n * WORDS_PER_SAMPLE;
  block[e] = fullScaleCounts;
  block[e + 1] = -fullScaleCounts;
  block[e + 2] = -fullScaleCounts - 1;
  return n;
}
