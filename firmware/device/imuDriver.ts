// What the sample loop needs from an IMU: start and stop it at a rate with a FIFO watermark, be
// told once per watermark, and read whole samples in bursts into a fixed block (gyro x y z, accel
// x y z counts per sample, as core reads with settings.gyroFirst) followed by a sentinel row at
// full scale. One implementation per IMU and bus; the board's bundle entry picks it.

/** most samples taken per burst: 64 x 12 bytes is what the Puck's stack comfortably returns */
export const IMU_BURST_MAX_SAMPLES = 64;
export const WORDS_PER_SAMPLE = 6;

/**
 * Samples a burst's block holds at a watermark: the watermark and a quarter more, so a handler
 * that runs a little late still reads everything in one burst, and at most IMU_BURST_MAX_SAMPLES.
 * Later still, a second burst in the same event reads the rest. Sized per rate rather than for
 * the largest burst: at 104 Hz that is 32 samples, not 64, and about 30 blocks of the Puck's RAM.
 */
export function imuBurstCapacitySamples(watermarkSamples: number): number {
  const samples = watermarkSamples + (watermarkSamples >> 2);
  return samples < IMU_BURST_MAX_SAMPLES ? samples : IMU_BURST_MAX_SAMPLES;
}

export interface ImuBurst {
  rateHz: number;
  watermarkSamples: number;
  /** samples a read takes at most: the block holds these and the sentinel row */
  capacitySamples: number;
  /**
   * capacitySamples + 1 samples: the burst, then one sentinel row at full scale that
   * ends every saturation search on a hit (Espruino's indexOf is fast only when it finds).
   * The raw stream sends its bytes (little-endian) as they are. Its own buffer, or in raw only
   * a view of the serial frame at the rawBatch's samples (podBurstBuffers).
   */
  block: Int16Array;
  /** samples in `block` from the last read */
  samples: number;
  /**
   * the FIFO overflowed before this read, or before an earlier one that delivered nothing
   * (busFault): samples were lost
   */
  overrun: number;
  /** words dropped to get back to the first word of a sample (after an overrun) */
  wordsSkipped: number;
  /**
   * the last read's FIFO status made no sense (a bus that does not answer reads all ones):
   * nothing was read, and neither its overrun flag nor its time says anything
   */
  busFault: number;
  /** whole samples the last read that answered left in the FIFO: the room it had then is what a later overrun is measured against */
  samplesLeft: number;
}

export interface ImuDriver {
  /** whole samples the IMU's FIFO holds: after an overrun it still has this many of the newest */
  fifoCapacitySamples: number;
  /** starts sampling (ranges, FIFO, watermark on the interrupt); throws for a rate the part lacks */
  start(burst: ImuBurst, rateHz: number, watermarkSamples: number): void;
  stop(burst: ImuBurst): void;
  /** reads up to burst.capacitySamples whole samples (see ImuBurst); 0 when fewer than one waits */
  read(burst: ImuBurst, fullScaleCounts: number): number;
  /** `handler` runs once per watermark interrupt */
  onWatermark(handler: () => void): void;
}

/**
 * Samples an overrun FIFO dropped: those produced since the last read, less the room the FIFO
 * had after it (its capacity less what that read left in it). At least 1, because an overrun
 * lost something even when the clock says otherwise.
 */
export function imuSamplesLost(elapsedS: number, rateHz: number, fifoRoomSamples: number): number {
  const lost = Math.floor(elapsedS * rateHz + 0.5) - fifoRoomSamples;
  return lost > 1 ? lost : 1;
}

/** a burst of capacitySamples, in `block` when given (its length capacitySamples + 1 samples) */
export function imuBurstCreate(capacitySamples: number, block?: Int16Array): ImuBurst {
  return {
    rateHz: 0, watermarkSamples: 0, capacitySamples: capacitySamples, block: block || new Int16Array((capacitySamples + 1) * WORDS_PER_SAMPLE),
    samples: 0, overrun: 0, wordsSkipped: 0, busFault: 0, samplesLeft: 0,
  };
}

/** the three full-scale values core searches for (+full, -full, -full - 1), right after the burst */
export function imuBurstSentinel(burst: ImuBurst, samples: number, fullScaleCounts: number): void {
  const e = samples * WORDS_PER_SAMPLE;
  burst.block[e] = fullScaleCounts;
  burst.block[e + 1] = -fullScaleCounts;
  burst.block[e + 2] = -fullScaleCounts - 1;
}
