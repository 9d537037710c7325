// Reads an external LSM6DSO on I2C1 in bursts (the MDBT42Q board): the board's set-up
// (boards/lsm6dso.ts: +-16 g, +-2000 dps, gyro and accel batched at the ODR into a continuous FIFO,
// watermark on INT1), one setWatch on the INT1 pin, then per watermark a status read and burst
// reads of tagged FIFO words. Each word is FIFO_DATA_OUT_TAG (78h) + 6 data bytes (79h..7Eh) of ONE
// sensor, so, unlike the LSM6DS3TR-C driver (lsm6ds3trcFifo.ts), whole samples cannot be copied
// with one native set(): the driver looks at every word's tag, pairs a gyro word with the accel
// word of the same time slot (same TAG_CNT) and copies both into the burst block, gyro first.
//
// What rests on what (unverified items say so):
// - A burst read from 78h runs 78h..7Eh and then rolls back to 78h, so n words come out of one
//   read of 7n bytes. Unverified in the datasheet text; the Linux st_lsm6dsx driver relies on it
//   (st_lsm6dsx_read_tagged_fifo reads up to 4 words per bulk read from 78h).
// - TAG_SENSOR[7:3] 01h gyro / 02h accel, TAG_CNT[2:1] the time-slot counter, TAG_PARITY[0]
//   (ignored here): datasheet FIFO_DATA_OUT_TAG; that the gyro and accel words of one slot carry
//   the same TAG_CNT is how the slot counter is described, not measured.
// - FIFO_STATUS2 (3Bh): bit 6 FIFO_OVR_IA, bit 3 FIFO_OVR_LATCHED, bits 1:0 DIFF_FIFO[9:8]
//   (bit positions from the datasheet register map, not checked on a part). Either overrun bit
//   counts as an overrun.
// - Espruino (src/jswrap_spi_i2c.c, targets/nrf5x/jshardware.c): writeTo({address, stop: false})
//   ends without STOP, so readFrom starts with a repeated start as the datasheet's read sequence
//   shows; on nRF52832 builds the transfer length is a uint8_t, so one readFrom stays <= 255 bytes
//   (LSM6DSO_FIFO_CHUNK_WORDS words).
// - Pins come from the board description as names ('D14'): Espruino resolves a name string
//   wherever it takes a pin (jshGetPinFromVar, src/jspin.c). The wiring itself is the board's choice.
import { BoardImuBus } from '../../boards/boardTypes';
import {
  LSM6DSO_FIFO_BYTES_PER_WORD,
  LSM6DSO_FIFO_CAPACITY_SAMPLES,
  LSM6DSO_FIFO_CAPACITY_WORDS,
  LSM6DSO_FIFO_MODE_BYPASS,
  LSM6DSO_FIFO_WORDS_PER_SAMPLE,
  LSM6DSO_REG,
  LSM6DSO_TAG_GYRO_NC,
  LSM6DSO_TAG_XL_NC,
  LSM6DSO_WHO_AM_I_VALUE,
  lsm6dsoSetup,
} from '../../boards/lsm6dso';
import { EspruinoI2c, EspruinoI2cAddress, EspruinoPin, EspruinoPinName, EspruinoWatchOptions } from './espruinoTypes';
import { ImuBurst, imuBurstSentinel, ImuDriver, WORDS_PER_SAMPLE } from './imuDriver';

declare const I2C1: EspruinoI2c;
declare function setWatch(handler: () => void, pin: EspruinoPin | EspruinoPinName, options: EspruinoWatchOptions): number;
declare function digitalRead(pin: EspruinoPin | EspruinoPinName): number;
declare function setTimeout(handler: () => void, ms: number): number;

/** FIFO_STATUS2 (3Bh) FIFO_OVR_IA (bit 6) and FIFO_OVR_LATCHED (bit 3) */
export const LSM6DSO_FIFO_STATUS2_OVR_IA = 1 << 6;
export const LSM6DSO_FIFO_STATUS2_OVR_LATCHED = 1 << 3;
/** words per I2C read: 36 x 7 = 252 bytes, under the 255-byte transfer limit of nRF52832 builds */
export const LSM6DSO_FIFO_CHUNK_WORDS = 36;
/** bytes per sample in burst.block: gyro x y z, accel x y z, int16 little-endian */
const SAMPLE_BYTES = WORDS_PER_SAMPLE * 2;
/** tag bytes (TAG_PARITY masked off) of a gyro and an accel word of the same slot, XORed */
const TAG_PAIR_XOR = (LSM6DSO_TAG_GYRO_NC ^ LSM6DSO_TAG_XL_NC) << 3;
const TAG_GYRO = LSM6DSO_TAG_GYRO_NC << 3;

/**
 * The per-word loop: pairs the 7-byte words of raw[0..end) into samples written from byte d of
 * out (a byte view of burst.block), gyro first; returns the new d. A word that does not pair with
 * the next one (other sensor, same TAG_CNT) is dropped and counted in burst.wordsSkipped; a last
 * word left over (its partner still in the FIFO) is kept in pend (7 bytes; pend[0] = 0: none,
 * as no tag byte is 0).
 *
 * Cost (this function minified, run over 36-word chunks of aligned pairs in the Linux Espruino
 * build at -Os, callgrind; espruino-facts.md 3 and 7): about 26 statement-equivalents (`a=a+b;`)
 * per sample, 13 per FIFO word: ~10 for the tag test and the loop, ~16 for the two native
 * set(subarray) copies (12 byte stores in JavaScript measured ~16 more per sample, assembling six
 * int16s ~12 more). That is the price of the tags: the LSM6DS3TR-C's untagged FIFO costs one
 * set() per burst.
 */
function fifoPairs(burst: ImuBurst, raw: Uint8Array, end: number, out: Uint8Array, d: number, pend: Uint8Array): number {
  const last = end - 14;
  let o = 0;
  let t: number;
  let k: number;
  while (o <= last) {
    t = raw[o];
    // one gyro and one accel word with the same TAG_CNT (TAG_PARITY, bit 0, ignored)
    if (((t ^ raw[o + 7]) & 0xfe) === TAG_PAIR_XOR) {
      k = (t & 0xf8) === TAG_GYRO ? 0 : 6; // where the first word goes: gyro at 0, accel at 6
      out.set(raw.subarray(o + 1, o + 7), d + k);
      out.set(raw.subarray(o + 8, o + 14), d + 6 - k);
      d += SAMPLE_BYTES;
      o += 14;
    } else {
      burst.wordsSkipped++;
      o += 7;
    }
  }
  pend[0] = 0;
  if (o < end) pend.set(raw.subarray(o, o + 7));
  return d;
}

/**
 * The driver for an LSM6DSO on the board's I2C bus (imuBus: I2C1, SCL/SDA pins, address, bitrate,
 * INT1 pin). read() fills up to burst.capacitySamples whole samples into burst.block and the
 * sentinel row after them. After an overrun the FIFO may start with a word whose partner was
 * overwritten: it is dropped and counted in burst.wordsSkipped, and so is a word kept from the
 * last read (its partner may be gone too).
 */
export function lsm6dsoI2cDriver(bus: BoardImuBus | undefined): ImuDriver {
  // the pins and the address are the board description's (boards/mdbt42qLsm6dso.ts); a missing
  // pin fails in I2C1.setup or setWatch at start
  if (!bus || bus.i2c !== 'I2C1') throw new TypeError('LSM6DSO: imuBus not I2C1');
  const address = bus.address as number;
  const int1 = bus.int1Pin as string;
  const setupOptions = { scl: bus.sclPin as string, sda: bus.sdaPin as string, bitrate: bus.bitrateHz as number };
  // no STOP after the register address: the read that follows starts with a repeated start
  const noStop: EspruinoI2cAddress = { address: address, stop: false };
  /** a word already read whose partner is still in the FIFO (tag + 6 bytes; tag 0: none) */
  const pend = new Uint8Array(LSM6DSO_FIFO_BYTES_PER_WORD);
  /** byte view of burst.block, set by start; let go at stop, so the next start's check of free RAM does not count the old block */
  let out: Uint8Array | null = null;
  /** samples read since boot: a pass of the watermark handler that adds none ends the re-runs */
  let samplesDelivered = 0;

  /** count bytes from register reg on (IF_INC) */
  function regRead(reg: number, count: number): Uint8Array {
    I2C1.writeTo(noStop, reg);
    return I2C1.readFrom(address, count);
  }

  return {
    fifoCapacitySamples: LSM6DSO_FIFO_CAPACITY_SAMPLES,
    start: function (burst: ImuBurst, rateHz: number, watermarkSamples: number) {
      const writes = lsm6dsoSetup(rateHz, watermarkSamples); // throws for a rate or watermark the part lacks
      I2C1.setup(setupOptions);
      const who = regRead(LSM6DSO_REG.WHO_AM_I, 1)[0];
      if (who !== LSM6DSO_WHO_AM_I_VALUE) throw new Error('LSM6DSO WHO_AM_I ' + who);
      for (let i = 0; i < writes.length; i++) I2C1.writeTo(address, writes[i]);
      out = new Uint8Array(burst.block.buffer, burst.block.byteOffset, burst.block.length * 2);
      pend[0] = 0;
      burst.samplesLeft = 0;
      burst.rateHz = rateHz;
      burst.watermarkSamples = watermarkSamples;
    },
    stop: function (burst: ImuBurst) {
      out = null;
      I2C1.writeTo(address, [LSM6DSO_REG.FIFO_CTRL4, LSM6DSO_FIFO_MODE_BYPASS]); // empties the FIFO: INT1 low
      I2C1.writeTo(address, [LSM6DSO_REG.CTRL1_XL, 0, 0]); // CTRL1_XL, CTRL2_G (IF_INC): both power-down
      burst.rateHz = 0;
    },
    read: function (burst: ImuBurst, fullScaleCounts: number) {
      // an overrun is reported by the read after it, or, when that read got nothing, by the next one that does
      burst.overrun &= burst.busFault;
      // Espruino throws "I2C Read Error" when the part does not answer (a loose wire, a brown-out),
      // and a bus nobody drives reads all ones (fifoRead's -1): a dead bus, nothing read this
      // time; the loss shows as an overrun once it answers again
      try {
        const n = fifoRead(burst, fullScaleCounts);
        if (n >= 0) return n;
      } catch (e) {
        // as all ones
      }
      burst.busFault = 1;
      burst.samples = 0;
      return 0;
    },
    onWatermark: function (handler: () => void) {
      // INT1 is a level (high while DIFF_FIFO >= WTM): if a watermark's worth arrived while the
      // handler ran, a read stopped short on dropped words, or a stall left more than the handler
      // reads, no new rising edge would come. It runs again while INT1 stays high, from the event
      // loop, so the timers (the watchdog's kick) run in between.
      // Only while a pass read something: a pod not recording, or a bus that stopped answering,
      // would otherwise keep the CPU from ever sleeping.
      function onRise() {
        const before = samplesDelivered;
        handler();
        if (samplesDelivered !== before && digitalRead(int1)) setTimeout(onRise, 0);
      }
      setWatch(onRise, int1, { repeat: true, edge: 'rising', debounce: 0 });
    },
  };

  /** one burst from the FIFO into burst (see ImuDriver.read), -1 when the status reads all ones; I2C errors propagate */
  function fifoRead(burst: ImuBurst, fullScaleCounts: number): number {
    const status = regRead(LSM6DSO_REG.FIFO_STATUS1, 2);
    // FIFO_STATUS2 all ones: the part is not answering (unpowered, SDA held high), as one that
    // answers never says DIFF_FIFO[9:8] = 11 (768 words or more, the FIFO holds 438). Its overrun
    // flag and count are junk, and so would the words read be: nothing is read
    if (status[1] === 0xff) return -1;
    let words = status[0] | ((status[1] & 0x03) << 8);
    if (status[1] & (LSM6DSO_FIFO_STATUS2_OVR_IA | LSM6DSO_FIFO_STATUS2_OVR_LATCHED)) burst.overrun = 1;
    burst.wordsSkipped = 0;
    burst.busFault = 0;
    if (burst.overrun && pend[0]) {
      pend[0] = 0;
      burst.wordsSkipped = 1;
    }
    // no more words than make burst.capacitySamples samples, with the one kept from the last read
    const most = burst.capacitySamples * LSM6DSO_FIFO_WORDS_PER_SAMPLE - (pend[0] ? 1 : 0);
    // the words past this burst stay in the FIFO
    let beyondWords = words - most;
    if (beyondWords > 0) {
      // DIFF_FIFO[9:0] can say 1023 words, the FIFO holds LSM6DSO_FIFO_CAPACITY_WORDS: a status of
      // nonsense must not leave more than that behind, or the room a later overrun is
      // counted from (capacity - samplesLeft) goes below 0 and the loss above what was produced.
      // Only here: one burst takes fewer words (at most 128) than the FIFO holds
      if (words > LSM6DSO_FIFO_CAPACITY_WORDS) beyondWords = LSM6DSO_FIFO_CAPACITY_WORDS - most;
      words = most;
    }
    let d = 0;
    while (words > 0) {
      const c = words > LSM6DSO_FIFO_CHUNK_WORDS ? LSM6DSO_FIFO_CHUNK_WORDS : words;
      let raw: Uint8Array;
      try {
        raw = regRead(LSM6DSO_REG.FIFO_DATA_OUT_TAG, c * LSM6DSO_FIFO_BYTES_PER_WORD);
      } catch (e) {
        // the bus stopped answering between chunks: the samples taken out so far are delivered,
        // the rest stays in the FIFO (an address the part did not acknowledge read nothing)
        break;
      }
      if (pend[0]) {
        // rare (an odd word count was read): the kept word goes first
        const joined = new Uint8Array(raw.length + LSM6DSO_FIFO_BYTES_PER_WORD);
        joined.set(pend);
        joined.set(raw, LSM6DSO_FIFO_BYTES_PER_WORD);
        raw = joined;
      }
      d = fifoPairs(burst, raw, raw.length, out as Uint8Array, d, pend); // read runs only between start and stop
      words -= c;
    }
    const n = (d / SAMPLE_BYTES) | 0;
    burst.samples = n;
    // and so do those a bus error left unread
    burst.samplesLeft = (((beyondWords > 0 ? beyondWords : 0) + words) / LSM6DSO_FIFO_WORDS_PER_SAMPLE) | 0;
    if (n === 0) return 0;
    imuBurstSentinel(burst, n, fullScaleCounts);
    samplesDelivered += n;
    return n;
  }
}
