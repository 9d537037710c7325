import { expect } from 'chai';
import { PUCKJS2_BOARD } from '../../../boards/puckjs2';
import { lsm6ds3trcSetup } from '../../../boards/lsm6ds3trc';
import { ImuRecording } from '../../../host-tools/recording/imuRecording';
import { PodSimulator } from '../../../host-tools/sim/podSimulator';

/** n samples at 104 Hz in Puck counts (ax ay az gx gy gz), every value distinct and known */
function countsRecording(n: number): ImuRecording {
  const samplesCounts = new Int16Array(n * 6);
  const timesMs = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    timesMs[i] = (i * 1000) / 104;
    samplesCounts.set([i, -i, 2049 + i, 3 * i, -7 * i, 100 + i], i * 6);
  }
  return {
    samplesCounts, timesMs, sampleCount: n, sampleRateHz: 104,
    scale: PUCKJS2_BOARD.scale, axisMap: PUCKJS2_BOARD.axisMap, gaps: [], saturatedSamples: 0,
  };
}

/** FIFO order: gyro then accel per sample */
function expectedFifoWords(recording: ImuRecording): number[] {
  const out: number[] = [];
  for (let i = 0; i < recording.sampleCount; i++) {
    const s = recording.samplesCounts.subarray(i * 6, i * 6 + 6);
    out.push(s[3], s[4], s[5], s[0], s[1], s[2]);
  }
  return out;
}

/** ES5 firmware: accelOn, the board's FIFO set-up, bursts read from 0x3E on every 'accel' event */
function fifoFirmware(rateHz: number, watermark: number): string {
  return `
var W = ${JSON.stringify(lsm6ds3trcSetup(rateHz, watermark))};
var got = [];
var overruns = 0;
var events = 0;
Puck.accelOn(${rateHz});
for (var i = 0; i < W.length; i++) Puck.accelWr(W[i][0], W[i][1]);
Puck.on('accel', function (e) {
  events++;
  var s = Puck.accelRd(0x3A, 2);
  if (s[1] & 0x40) overruns++;
  var words = ((s[1] & 7) << 8) | s[0];
  words -= words % 6;
  if (words === 0) return;
  var b = Puck.accelRd(0x3E, words * 2);
  var v = new Int16Array(b.buffer, 0, words);
  for (var k = 0; k < words; k++) got.push(v[k]);
});
`;
}

describe('PodSimulator IMU path', () => {
  it('delivers exactly the recording\'s samples in counts, in order, none lost, one event per watermark', () => {
    const recording = countsRecording(26 * 12);
    const sim = new PodSimulator({ bundleSource: fifoFirmware(104, 26), recording });
    sim.runUntilSourceEnds();
    expect(sim.crashes).to.deep.equal([]);
    expect(sim.podGlobal('got')).to.deep.equal(expectedFifoWords(recording));
    expect(sim.podGlobal('events')).to.equal(12);
    expect(sim.podGlobal('overruns')).to.equal(0);
  });

  it('loses no sample through a 3 s stall, which the 2048-word FIFO still holds', () => {
    const recording = countsRecording(26 * 20);
    const sim = new PodSimulator({ bundleSource: fifoFirmware(104, 26), recording });
    sim.runFor(500);
    sim.stall(3000); // 312 samples = 1872 words
    sim.runUntilSourceEnds();
    // after the catch-up burst the phase moved: the last samples wait below the watermark
    const expected = expectedFifoWords(recording);
    const got = sim.podGlobal('got') as number[];
    expect(got).to.deep.equal(expected.slice(0, got.length));
    expect(got.length + sim.imu.unreadWords()).to.equal(expected.length);
    expect(sim.imu.unreadWords()).to.be.below(26 * 6);
    expect(sim.podGlobal('overruns')).to.equal(0);
  });

  it('shows the overrun bit and loses samples when a stall outlasts the FIFO', () => {
    const recording = countsRecording(26 * 40);
    const sim = new PodSimulator({ bundleSource: fifoFirmware(104, 26), recording });
    sim.runFor(500);
    sim.stall(4000); // 416 samples = 2496 words > 2048
    sim.runUntilSourceEnds();
    expect(sim.podGlobal('overruns')).to.equal(1);
    const got = sim.podGlobal('got') as number[];
    expect(got.length).to.be.lessThan(expectedFifoWords(recording).length);
  });

  it('keeps every sample with seeded dispatch jitter below the watermark period', () => {
    const recording = countsRecording(26 * 12);
    const sim = new PodSimulator({ bundleSource: fifoFirmware(104, 26), recording, jitterMaxMs: 40, seed: 7 });
    sim.runUntilSourceEnds();
    sim.runFor(300); // the last burst may be dispatched late
    const got = (sim.podGlobal('got') as number[]).slice(0, recording.sampleCount * 6);
    expect(got).to.deep.equal(expectedFifoWords(recording));
  });

  it('fires one accel event per sample with the Puck\'s own data-ready set-up, at +-4 g', () => {
    // 1000 mg along pod V = sensor y on the Puck; +-4 g is 8192 counts per g (0.122 mg)
    const recording = countsRecording(10);
    for (let i = 0; i < 10; i++) recording.samplesCounts.set([0, 2049, 0, 0, 0, 0], i * 6); // 2049 * 0.488 = 999.9 mg
    const sim = new PodSimulator({
      bundleSource: 'var ys = []; Puck.accelOn(104); Puck.on("accel", function (e) { ys.push(e.acc.y); });',
      recording,
    });
    sim.runUntilSourceEnds();
    const ys = sim.podGlobal('ys') as number[];
    expect(ys.length).to.equal(10);
    expect(ys[0]).to.equal(Math.round(999.912 / 0.122));
  });

  it('leaves no reserved bit set once the board\'s FIFO set-up has run after accelOn', () => {
    const sim = new PodSimulator({ bundleSource: fifoFirmware(104, 26), recording: countsRecording(26) });
    sim.runFor(1);
    expect(sim.imu.mustBeZeroBitsSet()).to.deep.equal([]);
  });

  it('writes what the Puck firmware writes on accelOn and throws for a rate it does not have', () => {
    const sim = new PodSimulator({ bundleSource: 'Puck.accelOn(104); var r = [Puck.accelRd(0x10), Puck.accelRd(0x11), Puck.accelRd(0x12), Puck.accelRd(0x0D), Puck.accelRd(0x15), Puck.accelRd(0x16)]; Puck.accelOn(100);' });
    sim.runFor(1);
    expect(sim.podGlobal('r')).to.deep.equal([0x4b, 0x40, 0x44, 3, 0x10, 0x80]);
    // CTRL9_XL = 0x38, the LSM6DS3's value, sets a bit the TR-C reserves
    expect(sim.imu.mustBeZeroBitsSet()).to.deep.equal(['CTRL9_XL = 0x38']);
    expect(sim.crashes.length).to.equal(1);
    expect(sim.crashes[0].message).to.equal('Error: Invalid sample rate 100 - must be 1660, 833, 416, 208, 104, 52, 26, 12.5, 1.6 Hz');
  });
});
