// The MDBT42Q's LSM6DSO driver (TypeScript source, run directly) against the register-level model
// (host-tools/sim/lsm6dsoModel.ts) behind an I2C1 stand-in; setWatch and digitalRead are stand-ins
// on globalThis too (the driver declares them module-locally, as Espruino provides them).
import { expect } from 'chai';
import { MDBT42Q_LSM6DSO_BOARD } from '../../../boards/mdbt42qLsm6dso';
import { LSM6DSO_REG as R, lsm6dsoSetup } from '../../../boards/lsm6dso';
import { IMU_BURST_MAX_SAMPLES, ImuBurst, imuBurstCapacitySamples, imuBurstCreate, ImuDriver, imuSamplesLost } from '../../../firmware/device/imuDriver';
import { LSM6DSO_FIFO_CHUNK_WORDS, lsm6dsoI2cDriver } from '../../../firmware/device/lsm6dsoI2cFifo';
import { Lsm6dsoModel, Lsm6dsoModelOptions, Vec3 } from '../../../host-tools/sim/lsm6dsoModel';

const FULL = 32767;
const BUS = MDBT42Q_LSM6DSO_BOARD.imuBus;

interface Watch { handler: () => void; pin: unknown; options: { repeat: boolean; edge: string; debounce: number } }

interface Rig {
  model: Lsm6dsoModel;
  driver: ImuDriver;
  burst: ImuBurst;
  setups: unknown[];
  watches: Watch[];
  /** byte count of every readFrom */
  readLengths: number[];
  /** samples the reads returned, gyro x y z, accel x y z each */
  got: number[][];
  overruns: number;
  wordsSkipped: number;
  reads: number;
  /** handler runs (one per edge, plus the reruns while INT1 stays high) */
  handlerRuns: number;
}

type Globals = { I2C1?: unknown; setWatch?: unknown; digitalRead?: unknown };
const g = globalThis as Globals;

function addressOf(a: number | { address: number; stop: boolean }): number {
  return typeof a === 'number' ? a : a.address;
}

/** one read as the pod's loop does it (onFifoWatermark): read while whole bursts come back */
function drain(r: Rig): void {
  r.handlerRuns++;
  for (;;) {
    const n = readOnce(r);
    if (n < r.burst.capacitySamples) break;
  }
}

function readOnce(r: Rig): number {
  const n = r.driver.read(r.burst, FULL);
  r.reads++;
  r.overruns += r.burst.overrun;
  r.wordsSkipped += r.burst.wordsSkipped;
  expect(r.burst.samples).to.equal(n);
  if (n > 0) {
    const b = r.burst.block;
    // sentinel row right after the burst
    expect([b[n * 6], b[n * 6 + 1], b[n * 6 + 2]]).to.deep.equal([FULL, -FULL, -FULL - 1]);
    for (let i = 0; i < n; i++) r.got.push(Array.from(b.subarray(i * 6, i * 6 + 6)));
  }
  return n;
}

function rig(options: Lsm6dsoModelOptions = {}, onWatermark: (r: Rig) => void = drain): Rig {
  const model = new Lsm6dsoModel(options);
  const r: Rig = {
    model, driver: lsm6dsoI2cDriver(BUS), burst: imuBurstCreate(IMU_BURST_MAX_SAMPLES), setups: [], watches: [], readLengths: [], got: [],
    overruns: 0, wordsSkipped: 0, reads: 0, handlerRuns: 0,
  };
  g.I2C1 = {
    setup: (o: unknown) => { r.setups.push(o); },
    writeTo: (a: number | { address: number; stop: boolean }, data: number | number[]) => { model.i2cWrite(addressOf(a), data); },
    readFrom: (a: number | { address: number; stop: boolean }, count: number) => {
      r.readLengths.push(count);
      return model.i2cRead(addressOf(a), count);
    },
  };
  g.setWatch = (handler: () => void, pin: unknown, opts: Watch['options']) => { r.watches.push({ handler, pin, options: opts }); return 1; };
  g.digitalRead = (pin: unknown) => (pin === BUS?.int1Pin && model.int1() ? 1 : 0);
  r.driver.onWatermark(() => onWatermark(r));
  return r;
}

/** sample i in counts, every axis different and spread over the whole int16 range */
function counts(i: number, axis: number): number {
  return ((i * 977 + axis * 11213) % 65536) - 32768;
}
function accOf(i: number): Vec3 { return [counts(i, 3), counts(i, 4), counts(i, 5)]; }
function gyroOf(i: number): Vec3 { return [counts(i, 0), counts(i, 1), counts(i, 2)]; }
/** what the driver must deliver for sample i: gyro first */
function expected(i: number): number[] { return gyroOf(i).concat(accOf(i)); }

/** pushes samples from..to-1; the INT1 watch fires on each rising edge unless `edges` is false */
function feed(r: Rig, from: number, to: number, edges = true): void {
  for (let i = from; i < to; i++) {
    const before = r.model.int1();
    r.model.pushCounts(accOf(i), gyroOf(i));
    if (edges && !before && r.model.int1()) r.watches[0].handler();
  }
}

function firstIndexOf(sample: number[]): number {
  for (let i = 0; i < 5000; i++) if (expected(i).every((v, k) => v === sample[k])) return i;
  return -1;
}

/** the passes the driver put on the event loop (setTimeout 0) run */
const eventLoopRuns = () => new Promise((resolve) => setTimeout(resolve, 30));

describe('LSM6DSO I2C FIFO driver (MDBT42Q) against the register model', () => {
  after(() => {
    delete g.I2C1;
    delete g.setWatch;
    delete g.digitalRead;
  });

  it('sets up I2C1 from the board description, writes the board set-up and watches INT1 rising', () => {
    const r = rig();
    r.driver.start(r.burst, 104, 26);
    expect(r.setups).to.deep.equal([{ scl: 'D14', sda: 'D15', bitrate: 400000 }]);
    const last = new Map<number, number>(); // the value each register was left with (FIFO_CTRL4 is written twice)
    for (const [reg, val] of lsm6dsoSetup(104, 26)) last.set(reg, val);
    for (const [reg, val] of last) expect(r.model.read(reg, 1)[0], 'register 0x' + reg.toString(16)).to.equal(val);
    expect(r.watches.length).to.equal(1);
    expect(r.watches[0].pin).to.equal('D16');
    expect(r.watches[0].options).to.deep.equal({ repeat: true, edge: 'rising', debounce: 0 });
    expect(r.burst.rateHz).to.equal(104);
    expect(r.burst.watermarkSamples).to.equal(26);
  });

  for (const slotOrder of ['gyroFirst', 'accelFirst'] as const) {
    it(`delivers every sample in order, gyro first, exact counts, none lost (${slotOrder} in the FIFO)`, () => {
      const r = rig({ slotOrder });
      r.driver.start(r.burst, 104, 26);
      feed(r, 0, 2000);
      drain(r); // what is left under the watermark
      expect(r.got.length).to.equal(2000);
      for (let i = 0; i < 2000; i++) expect(r.got[i], 'sample ' + i).to.deep.equal(expected(i));
      expect(r.overruns).to.equal(0);
      expect(r.wordsSkipped).to.equal(0);
      expect(Math.max(...r.readLengths)).to.be.at.most(255); // nRF52832 transfer limit
    });
  }

  it('reads bursts of 26 samples at the watermark in 36-word transfers (two per burst)', () => {
    const r = rig();
    r.driver.start(r.burst, 104, 26);
    r.readLengths.length = 0;
    feed(r, 0, 26);
    expect(r.got.length).to.equal(26);
    // 2 status bytes, then 36 + 16 words; 26 < 64 ends the loop
    expect(r.readLengths).to.deep.equal([2, LSM6DSO_FIFO_CHUNK_WORDS * 7, 16 * 7]);
  });

  it('takes at most IMU_BURST_MAX_SAMPLES per read and the loop gets the rest', () => {
    const r = rig();
    r.driver.start(r.burst, 104, 26);
    feed(r, 0, 150, false); // the edge was missed: 150 samples wait
    // each read says what it left in the FIFO: the room a later overrun is counted from
    expect(readOnce(r)).to.equal(IMU_BURST_MAX_SAMPLES);
    expect(r.burst.samplesLeft).to.equal(150 - IMU_BURST_MAX_SAMPLES);
    expect(readOnce(r)).to.equal(IMU_BURST_MAX_SAMPLES);
    expect(r.burst.samplesLeft).to.equal(22);
    expect(readOnce(r)).to.equal(22);
    expect(r.burst.samplesLeft).to.equal(0);
    expect(readOnce(r)).to.equal(0);
    expect(r.got.map(firstIndexOf)).to.deep.equal(Array.from({ length: 150 }, (_, i) => i));
  });

  it('takes at most the burst\'s capacity when it is sized for a rate (32 samples at 104 Hz), the sentinel row right after them', () => {
    const r = rig();
    r.burst = imuBurstCreate(imuBurstCapacitySamples(26));
    expect(r.burst.capacitySamples).to.equal(32);
    expect(r.burst.block.length).to.equal(33 * 6);
    r.driver.start(r.burst, 104, 26);
    feed(r, 0, 70, false);
    expect(readOnce(r)).to.equal(32);
    expect(Array.from(r.burst.block.subarray(32 * 6, 32 * 6 + 3))).to.deep.equal([FULL, -FULL, -FULL - 1]);
    expect(readOnce(r)).to.equal(32);
    expect(readOnce(r)).to.equal(6);
    expect(r.got.map(firstIndexOf)).to.deep.equal(Array.from({ length: 70 }, (_, i) => i));
  });

  it('reads into a block that lies inside a larger buffer (raw only\'s serial frame), touching nothing around it', () => {
    const r = rig();
    const frame = new Uint8Array(18 + 33 * 12 + 8).fill(0xa5);
    r.burst = imuBurstCreate(32, new Int16Array(frame.buffer, 18, 33 * 6));
    r.driver.start(r.burst, 104, 26);
    feed(r, 0, 40, false);
    expect(readOnce(r)).to.equal(32);
    expect(readOnce(r)).to.equal(8);
    expect(r.got.map(firstIndexOf)).to.deep.equal(Array.from({ length: 40 }, (_, i) => i));
    expect(Array.from(frame.subarray(0, 18)).every((b) => b === 0xa5), 'before the block').to.equal(true);
    expect(Array.from(frame.subarray(18 + 33 * 12)).every((b) => b === 0xa5), 'after the block').to.equal(true);
  });

  it('carries a word read before its slot partner arrived over to the next read', () => {
    // reads race the sensor: after every 7th word the driver reads, often between gyro and accel
    let words = 0;
    let inRead = false;
    let halfSlotReads = 0;
    const r: Rig = rig({
      afterWord: (m) => {
        words++;
        if (words % 7 !== 0 || inRead) return;
        inRead = true;
        if (m.unreadWords() % 2 === 1) halfSlotReads++;
        readOnce(r);
        inRead = false;
      },
    }, () => { /* only the racing reads */ });
    r.driver.start(r.burst, 104, 26);
    feed(r, 0, 500);
    readOnce(r);
    expect(halfSlotReads).to.be.greaterThan(30); // the case under test did happen
    expect(r.got.length).to.equal(500);
    for (let i = 0; i < 500; i++) expect(r.got[i], 'sample ' + i).to.deep.equal(expected(i));
    expect(r.wordsSkipped).to.equal(0);
    expect(r.overruns).to.equal(0);
  });

  it('reports an overrun and realigns after it when the FIFO head is a lone accel word', async () => {
    // capacity 437 (odd): once full, the head alternates between a gyro and an orphaned accel word
    const r = rig({ fifoCapacityWords: 437 });
    r.driver.start(r.burst, 104, 26);
    feed(r, 0, 100);
    const before = r.got.length;
    expect(before).to.equal(78); // three bursts of 26
    feed(r, 100, 400, false); // the handler is held off: 300 samples = 600 words into the rest
    r.watches[0].handler(); // the watch: 63 samples (one word dropped) end the loop, INT1 still high runs it again
    await eventLoopRuns();
    expect(r.overruns).to.be.greaterThan(0);
    expect(r.wordsSkipped).to.equal(1); // the orphaned accel word at the head
    const after = r.got.slice(before).map(firstIndexOf);
    expect(after.indexOf(-1)).to.equal(-1); // every sample delivered is a real one, whole
    // what survived is the newest 218 whole samples, in order, ending at the last one pushed
    expect(after.length).to.equal(218);
    expect(after[after.length - 1]).to.equal(399);
    for (let k = 1; k < after.length; k++) expect(after[k]).to.equal(after[k - 1] + 1);
    // and reading goes on normally
    feed(r, 400, 500);
    drain(r);
    const tail = r.got.slice(before + 218).map(firstIndexOf);
    expect(tail).to.deep.equal(Array.from({ length: 100 }, (_, i) => 400 + i));
  });

  it('after an overrun, the loss the pod estimates from its own FIFO capacity plus what it read is every sample produced', () => {
    const r = rig(); // the model's default capacity, as the driver declares it
    r.driver.start(r.burst, 104, 26);
    feed(r, 0, 52);
    const before = r.got.length;
    // held off for 4 s at 104 Hz: 416 samples arrive while nobody reads
    feed(r, 52, 52 + 416, false);
    r.watches[0].handler();
    expect(r.overruns).to.be.greaterThan(0);
    const delivered = r.got.length - before;
    const lost = imuSamplesLost(4, 104, r.driver.fifoCapacitySamples);
    expect(lost).to.equal(416 - 219);
    expect(delivered + lost).to.equal(416);
    expect(r.got[r.got.length - 1]).to.deep.equal(expected(52 + 416 - 1));
  });

  it('a status of nonsense (1023 words, a FIFO that holds 438) leaves no more samples behind than the FIFO holds, so the loss the next overrun is counted with stays within what was produced', () => {
    const r = rig({}, () => { /* reads only where the test says */ });
    r.driver.start(r.burst, 104, 26);
    feed(r, 0, 30, false);
    const bus = g.I2C1 as { readFrom: (a: unknown, n: number) => Uint8Array };
    const answering = bus.readFrom;
    // DIFF_FIFO all ones, no flag; the words read are all ones too
    bus.readFrom = (a, n) => { answering(a, n); return n === 2 ? Uint8Array.of(0xff, 0x03) : new Uint8Array(n).fill(0xff); };
    readOnce(r);
    bus.readFrom = answering;
    expect(r.burst.samples).to.equal(0);
    expect(r.burst.samplesLeft, 'within the FIFO').to.be.at.most(r.driver.fifoCapacitySamples);
    // the pod's estimate for an overrun 2 s later (onFifoWatermark): room = capacity - samplesLeft
    const produced = 2 * 104;
    expect(imuSamplesLost(2, 104, r.driver.fifoCapacitySamples - r.burst.samplesLeft)).to.be.at.most(produced);
  });

  it('a status read as all ones (a bus nobody drives: the part unpowered, SDA held high) is a bus fault, as a read Espruino throws for: no overrun, no junk words read, the samples read once it answers', () => {
    const r = rig({}, () => { /* reads only where the test says */ });
    r.driver.start(r.burst, 104, 26);
    feed(r, 0, 30, false);
    const bus = g.I2C1 as { readFrom: (a: unknown, n: number) => Uint8Array };
    const answering = bus.readFrom;
    const deadReads: number[] = [];
    // the part sees none of it: its FIFO keeps every sample
    bus.readFrom = (_a, n) => { deadReads.push(n); return new Uint8Array(n).fill(0xff); };
    expect(readOnce(r)).to.equal(0);
    expect(r.burst.busFault).to.equal(1);
    expect(r.burst.overrun, 'no overrun').to.equal(0);
    expect(r.burst.wordsSkipped, 'no junk words').to.equal(0);
    expect(deadReads, 'the status alone').to.deep.equal([2]);
    bus.readFrom = answering;
    feed(r, 30, 60, false);
    readOnce(r);
    expect(r.burst.busFault).to.equal(0);
    expect(r.overruns + r.wordsSkipped).to.equal(0);
    expect(r.got.map(firstIndexOf)).to.deep.equal(Array.from({ length: 60 }, (_, i) => i));
  });

  it('drops a word kept from the last read when an overrun follows (its partner may be gone)', () => {
    let armed = false;
    const r: Rig = rig({
      afterWord: (m) => {
        // read right after a gyro word: the driver keeps it and waits for its accel word
        if (armed && m.unreadWords() % 2 === 1) { armed = false; readOnce(r); }
      },
    }, () => { /* reads only where the test says */ });
    r.driver.start(r.burst, 104, 26);
    feed(r, 0, 10);
    armed = true;
    feed(r, 10, 11); // read between gyro 10 and accel 10: 10 samples out, gyro 10 kept
    expect(r.got.length).to.equal(10);
    feed(r, 11, 300); // overrun while the kept word waits
    readOnce(r);
    expect(r.burst.overrun).to.equal(1);
    expect(r.burst.wordsSkipped).to.equal(1);
    const out = r.got.slice(10).map(firstIndexOf);
    expect(out.indexOf(-1)).to.equal(-1);
    for (let k = 1; k < out.length; k++) expect(out[k]).to.equal(out[k - 1] + 1);
  });

  it('runs the handler again, from the event loop, while INT1 stays high after it (a level, not an edge)', async () => {
    const r = rig({}, (x) => { x.handlerRuns++; readOnce(x); }); // one read per run, no loop
    r.driver.start(r.burst, 104, 26);
    feed(r, 0, 100, false); // 200 words wait, INT1 high, the edge long gone
    r.watches[0].handler();
    expect(r.handlerRuns, 'the first pass only, until the event loop runs').to.equal(1);
    await eventLoopRuns();
    expect(r.handlerRuns).to.equal(2); // 64 samples, then 36 (72 words >= 52) made INT1 stay high
    expect(r.got.length).to.equal(100);
    expect(r.model.int1()).to.equal(false);
  });

  it('stops running the handler again once a pass reads nothing (a pod not recording, a bus that stopped answering), though INT1 stays high', async () => {
    const r = rig({}, (x) => { x.handlerRuns++; }); // reads nothing, as the pod's handler while not recording
    r.driver.start(r.burst, 104, 26);
    feed(r, 0, 100, false);
    r.watches[0].handler();
    await eventLoopRuns();
    expect(r.model.int1(), 'INT1 still high').to.equal(true);
    expect(r.handlerRuns, 'one pass, no spin').to.equal(1);
  });

  it('starts with the FIFO\'s room whole: what a read of the recording before left is forgotten', () => {
    const r = rig({}, () => { /* reads only where the test says */ });
    r.driver.start(r.burst, 104, 26);
    feed(r, 0, 150, false);
    readOnce(r);
    expect(r.burst.samplesLeft).to.equal(150 - IMU_BURST_MAX_SAMPLES);
    r.driver.stop(r.burst);
    r.driver.start(r.burst, 104, 26);
    expect(r.burst.samplesLeft).to.equal(0);
  });

  it('after a stall that left the FIFO nearly full, passes of two bursts each (as the pod reads) go on until INT1 falls: every sample read, none lost, edges again after', async () => {
    const twoBursts = (x: Rig) => {
      x.handlerRuns++;
      for (let b = 0; b < 2 && readOnce(x) === x.burst.capacitySamples; b++);
    };
    const r = rig({ sourceRateHz: 52 }, twoBursts); // each sample fed is one the part takes at 52 Hz
    r.burst = imuBurstCreate(imuBurstCapacitySamples(13)); // 16 samples a burst
    r.driver.start(r.burst, 52, 13);
    feed(r, 0, 200, false); // 3.8 s unread (the FIFO holds 219 samples), its rising edge long gone
    r.watches[0].handler();
    await eventLoopRuns();
    expect(r.model.int1(), 'INT1 low: a new watermark gives an edge again').to.equal(false);
    expect(r.handlerRuns, 'passes of 32 samples').to.be.at.least(6);
    expect(r.got.length).to.be.above(200 - 13);
    feed(r, 200, 400); // edges come again, each handled
    await eventLoopRuns();
    expect(r.overruns + r.wordsSkipped).to.equal(0);
    expect(r.got.map(firstIndexOf)).to.deep.equal(Array.from({ length: r.got.length }, (_, i) => i));
    expect(r.got.length, 'all but what waits under the watermark').to.be.above(400 - 13);
  });

  it('a bus that stops answering (Espruino throws I2C Read Error) is a bus fault, not an exception; the samples are read once it answers', () => {
    const r = rig();
    r.driver.start(r.burst, 104, 26);
    feed(r, 0, 30);
    const answering = g.I2C1 as { readFrom: (a: unknown, n: number) => Uint8Array };
    const working = answering.readFrom;
    let refused = 0;
    answering.readFrom = () => { refused++; throw new Error('I2C Read Error 3'); };
    feed(r, 30, 90);
    expect(refused, 'reads tried while the bus was dead').to.be.at.least(1);
    expect(r.burst.busFault).to.equal(1);
    expect(r.burst.samples).to.equal(0);
    answering.readFrom = working;
    feed(r, 90, 150);
    drain(r);
    expect(r.burst.busFault).to.equal(0);
    expect(r.overruns).to.equal(0);
    expect(r.got.map(firstIndexOf)).to.deep.equal(Array.from({ length: 150 }, (_, i) => i));
  });

  it('a bus that stops answering between the two transfers of a burst: the samples of the first are delivered, the rest once it answers; none lost, none out of order', () => {
    const r = rig({}, () => { /* reads only where the test says */ });
    r.driver.start(r.burst, 104, 26);
    const bus = g.I2C1 as { readFrom: (a: unknown, n: number) => Uint8Array };
    const working = bus.readFrom;
    let dataReads = 0;
    // the second FIFO_DATA_OUT transfer is not acknowledged (nothing of it leaves the part)
    bus.readFrom = (a, n) => {
      if (n > 2 && ++dataReads === 2) throw new Error('I2C Read Error 3');
      return working(a, n);
    };
    feed(r, 0, 26);
    const n = readOnce(r);
    expect(n, 'the first transfer\'s samples').to.equal(LSM6DSO_FIFO_CHUNK_WORDS / 2);
    expect(r.burst.busFault).to.equal(0);
    expect(r.burst.samplesLeft, 'what the second transfer would have taken stays in the FIFO').to.equal(26 - LSM6DSO_FIFO_CHUNK_WORDS / 2);
    bus.readFrom = working;
    feed(r, 26, 60);
    drain(r);
    expect(r.overruns + r.wordsSkipped).to.equal(0);
    expect(r.got.map(firstIndexOf)).to.deep.equal(Array.from({ length: 60 }, (_, i) => i));
  });

  it('stop empties the FIFO, powers the sensors down and INT1 stays low', () => {
    const r = rig();
    r.driver.start(r.burst, 104, 26);
    feed(r, 0, 20);
    r.driver.stop(r.burst);
    expect(r.model.unreadWords()).to.equal(0);
    expect(r.model.read(R.CTRL1_XL, 2)).to.deep.equal(new Uint8Array([0, 0]));
    expect(r.burst.rateHz).to.equal(0);
    feed(r, 20, 100);
    expect(r.model.int1()).to.equal(false);
    expect(r.got.length).to.equal(0);
  });

  it('restarts cleanly at another rate after stop', () => {
    const r = rig({ sourceRateHz: 208 });
    r.driver.start(r.burst, 104, 26);
    feed(r, 0, 60);
    r.driver.stop(r.burst);
    r.got.length = 0;
    r.driver.start(r.burst, 208, 52);
    feed(r, 0, 200);
    drain(r);
    expect(r.got.map(firstIndexOf)).to.deep.equal(Array.from({ length: 200 }, (_, i) => i));
  });

  it('throws for a rate the part lacks before touching the bus, and when WHO_AM_I is wrong', () => {
    const r = rig();
    expect(() => r.driver.start(r.burst, 100, 25)).to.throw(TypeError, /rate 100 Hz/);
    expect(r.setups.length).to.equal(0);
    const nobody = { setup: () => undefined, writeTo: () => undefined, readFrom: (_a: unknown, n: number) => new Uint8Array(n) };
    g.I2C1 = nobody;
    expect(() => r.driver.start(r.burst, 104, 26)).to.throw(/WHO_AM_I 0/);
  });

  it('refuses a board description without an I2C1 bus', () => {
    expect(() => lsm6dsoI2cDriver(undefined)).to.throw(TypeError);
    expect(() => lsm6dsoI2cDriver({ kind: 'puck' })).to.throw(TypeError);
  });
});
