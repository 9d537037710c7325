// Reads the LSM6DS3TR-C FIFO on the Puck's internal bus in bursts: one 'accel' event per
// watermark (INT1 routed to FIFO threshold), a status read, then whole samples from
// FIFO_DATA_OUT in gyro-first order straight into a fixed block that core reads with
// settings.gyroFirst. Nothing here runs per sample in JavaScript: the copy is a native set().
import {
  FIFO_STATUS2_FIFO_EMPTY, FIFO_STATUS2_OVER_RUN, lsm6ds3trcSetup, LSM6DS3TRC_FIFO_CAPACITY_SAMPLES, LSM6DS3TRC_FIFO_CAPACITY_WORDS,
  LSM6DS3TRC_REG,
} from '../../boards/lsm6ds3trc';
import { EspruinoPuck } from './espruinoTypes';
import { ImuBurst, imuBurstSentinel, ImuDriver, WORDS_PER_SAMPLE } from './imuDriver';

declare const Puck: EspruinoPuck;

/** starts sampling: Puck.accelOn first (it rewrites ranges and INT1), then the board's FIFO set-up */
function imuFifoStart(fifo: ImuBurst, rateHz: number, watermarkSamples: number): void {
  const writes = lsm6ds3trcSetup(rateHz, watermarkSamples);
  Puck.accelOn(rateHz);
  for (let i = 0; i < writes.length; i++) Puck.accelWr(writes[i][0], writes[i][1]);
  fifo.rateHz = rateHz;
  fifo.watermarkSamples = watermarkSamples;
  // set up afresh, the FIFO is empty: a later overrun has all of it for room
  fifo.samplesLeft = 0;
}

function imuFifoStop(fifo: ImuBurst): void {
  Puck.accelOff();
  fifo.rateHz = 0;
}

/**
 * Nothing read this time (a bus that does not answer, or accelRd refusing for want of stack):
 * the FIFO keeps what it holds, and its own overrun says later what was lost meanwhile. An
 * overrun this read saw stays set for the next read that delivers: reading the skipped words
 * cleared it in the FIFO.
 */
function imuFifoReadNothing(fifo: ImuBurst): number {
  fifo.busFault = 1;
  fifo.samples = 0;
  return 0;
}

/**
 * Reads up to fifo.capacitySamples whole samples into fifo.block, followed by
 * the sentinel row. After an overrun the FIFO may start mid-sample: the words up to
 * the next gyro x are read and dropped (FIFO_PATTERN says how many).
 */
function imuFifoRead(fifo: ImuBurst, fullScaleCounts: number): number {
  // an overrun is reported by the read after it, or, when that read got nothing, by the next one that does
  fifo.overrun &= fifo.busFault;
  const status = Puck.accelRd(LSM6DS3TRC_REG.FIFO_STATUS1, 4);
  if (!status) return imuFifoReadNothing(fifo);
  let words = status[0] | ((status[1] & 0x07) << 8);
  // DIFF_FIFO has 11 bits for up to 2048 words: whether a full FIFO reads 2047 or 0 the datasheet
  // leaves open, and read as 0 it would never be drained (INT1 stays high, every event reads 0)
  if (words === 0 && !(status[1] & FIFO_STATUS2_FIFO_EMPTY)) words = LSM6DS3TRC_FIFO_CAPACITY_WORDS;
  const pattern = status[2] | ((status[3] & 0x03) << 8);
  fifo.wordsSkipped = 0;
  // FIFO_PATTERN counts 0..5 within a sample; more is a bus that is not answering (all ones):
  // read nothing; once it answers again, the FIFO's own overrun says what was lost meanwhile
  if (pattern >= WORDS_PER_SAMPLE) return imuFifoReadNothing(fifo);
  if (status[1] & FIFO_STATUS2_OVER_RUN) fifo.overrun = 1;
  fifo.busFault = 0;
  if (pattern !== 0 && words > 0) {
    let skip = WORDS_PER_SAMPLE - pattern;
    if (skip > words) skip = words;
    // a skip that was not read would leave every sample after it misaligned
    if (!Puck.accelRd(LSM6DS3TRC_REG.FIFO_DATA_OUT_L, skip * 2)) return imuFifoReadNothing(fifo);
    words -= skip;
    fifo.wordsSkipped = skip;
  }
  let n = (words / WORDS_PER_SAMPLE) | 0;
  // at most 2048 words: inFifo, and so samplesLeft, never passes the FIFO's 341 samples whatever
  // the status says (a later overrun's room, capacity - samplesLeft, stays at 0 or more)
  const inFifo = n;
  if (n > fifo.capacitySamples) n = fifo.capacitySamples;
  fifo.samples = n;
  // what a read that answered leaves is the room a later overrun is counted from
  if (n === 0) return (fifo.samplesLeft = 0);
  const bytes = Puck.accelRd(LSM6DS3TRC_REG.FIFO_DATA_OUT_L, n * 12);
  if (!bytes) return imuFifoReadNothing(fifo);
  fifo.samplesLeft = inFifo - n;
  // accelRd's array is not kept: holding it until the next burst kept two bursts' bytes alive
  fifo.block.set(new Int16Array(bytes.buffer, bytes.byteOffset, n * WORDS_PER_SAMPLE));
  imuBurstSentinel(fifo, n, fullScaleCounts);
  return n;
}

/** the Puck.js v2's LSM6DS3TR-C: Puck.accelWr/accelRd on its internal bus, INT1 as the 'accel' event */
export const LSM6DS3TRC_PUCK_DRIVER: ImuDriver = {
  fifoCapacitySamples: LSM6DS3TRC_FIFO_CAPACITY_SAMPLES,
  start: imuFifoStart,
  stop: imuFifoStop,
  read: imuFifoRead,
  onWatermark: function (handler: () => void) { Puck.on('accel', handler); },
};
