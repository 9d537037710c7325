import { expect } from 'chai';
import { atan2Cdeg } from '../../../firmware/core/atan2Cdeg';

const MAX_INT32 = 0x7fffffff;
const CDEG_PER_RAD = 18000 / Math.PI;
const MAX_ERROR_CDEG = 1;

/** |atan2Cdeg - Math.atan2| in cdeg, taken around the circle so -18000 and 18000 are 0 apart */
function errorCdeg(y: number, x: number): number {
  let error = atan2Cdeg(y, x) - Math.atan2(y, x) * CDEG_PER_RAD;
  if (error > 18000) error -= 36000;
  if (error < -18000) error += 36000;
  return Math.abs(error);
}

interface Worst {
  errorCdeg: number;
  y: number;
  x: number;
}

function worstOver(pairs: (visit: (y: number, x: number) => void) => void): Worst {
  const worst: Worst = { errorCdeg: 0, y: 0, x: 0 };
  pairs((y, x) => {
    const error = errorCdeg(y, x);
    if (error > worst.errorCdeg) {
      worst.errorCdeg = error;
      worst.y = y;
      worst.x = x;
    }
  });
  return worst;
}

/** low..high in steps of `step`, plus both edges, their neighbours and the values around 0 */
function axisGrid(low: number, high: number, step: number): number[] {
  const values = new Set<number>([low, low + 1, -2, -1, 0, 1, 2, high - 1, high]);
  for (let v = low; v <= high; v += step) values.add(v);
  return [...values].filter((v) => v >= low && v <= high).sort((a, b) => a - b);
}

describe('atan2Cdeg', () => {
  it('is within 1 cdeg of Math.atan2 for every pair with |x|, |y| <= 300', () => {
    const worst = worstOver((visit) => {
      for (let y = -300; y <= 300; y++) for (let x = -300; x <= 300; x++) if (x !== 0 || y !== 0) visit(y, x);
    });
    expect(worst.errorCdeg, JSON.stringify(worst)).to.be.at.most(MAX_ERROR_CDEG);
  });

  it('is within 1 cdeg of Math.atan2 over the whole int16 plane (grid of step 61 plus edges)', () => {
    // Every pair of the first quadrant (0..32768)^2 was also checked once offline (worst 0.62 cdeg);
    // the other quadrants follow by exact sign and mirror operations.
    const values = axisGrid(-32768, 32767, 61);
    const worst = worstOver((visit) => {
      for (const y of values) for (const x of values) if (x !== 0 || y !== 0) visit(y, x);
    });
    expect(worst.errorCdeg, JSON.stringify(worst)).to.be.at.most(MAX_ERROR_CDEG);
  });

  it('is within 1 cdeg of Math.atan2 at every 0.01 deg around circles of radius 2^15 to 2^31 - 1', () => {
    const radii = [32768, 65535, 65536, 65537, (1 << 20) + 3, 1 << 24, 1 << 30, MAX_INT32];
    const worst = worstOver((visit) => {
      for (const radius of radii) {
        for (let angleCdeg = -18000; angleCdeg < 18000; angleCdeg++) {
          const angleRad = angleCdeg / CDEG_PER_RAD;
          visit(Math.trunc(radius * Math.sin(angleRad)), Math.trunc(radius * Math.cos(angleRad)));
        }
      }
    });
    expect(worst.errorCdeg, JSON.stringify(worst)).to.be.at.most(MAX_ERROR_CDEG);
  });

  it('is within 1 cdeg of Math.atan2 for random pairs of every magnitude up to 2^31 - 1', () => {
    let seed = 20240611;
    const nextRandom = (): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed;
    };
    // uniform in bit length, so tiny and huge components are equally common, and mixed
    const randomComponent = (): number => {
      const bits = nextRandom() % 32;
      const magnitude = bits === 0 ? 0 : nextRandom() % Math.min(2 ** bits, MAX_INT32);
      return nextRandom() & 1 ? -magnitude : magnitude;
    };
    const worst = worstOver((visit) => {
      for (let i = 0; i < 300000; i++) visit(randomComponent(), randomComponent());
    });
    expect(worst.errorCdeg, JSON.stringify(worst)).to.be.at.most(MAX_ERROR_CDEG);
  });

  it('is within 1 cdeg of Math.atan2 at the extremes of the int32 range', () => {
    const extremes = [-MAX_INT32, -MAX_INT32 + 1, -(1 << 30), -65536, -1, 0, 1, 65536, 1 << 30, MAX_INT32 - 1, MAX_INT32];
    const worst = worstOver((visit) => {
      for (const y of extremes) for (const x of extremes) if (x !== 0 || y !== 0) visit(y, x);
    });
    expect(worst.errorCdeg, JSON.stringify(worst)).to.be.at.most(MAX_ERROR_CDEG);
  });

  it('returns 0 for atan2(0, 0) and exact right angles on the axes', () => {
    expect(atan2Cdeg(0, 0)).to.equal(0);
    for (const r of [1, 7, 32767, 1 << 30, MAX_INT32]) {
      expect(atan2Cdeg(0, r)).to.equal(0);
      expect(atan2Cdeg(r, 0)).to.equal(9000);
      expect(atan2Cdeg(0, -r)).to.equal(18000);
      expect(atan2Cdeg(-r, 0)).to.equal(-9000);
      expect(atan2Cdeg(r, r)).to.equal(4500);
      expect(atan2Cdeg(-r, -r)).to.equal(-13500);
    }
  });

  it('stays inside (-18000, 18000] as integers: just below the negative x axis gives 18000, never -18000, and never -0', () => {
    expect(atan2Cdeg(-1, -MAX_INT32)).to.equal(18000);
    expect(atan2Cdeg(-1, -32768)).to.equal(18000);
    expect(Object.is(atan2Cdeg(-1, MAX_INT32), 0)).to.equal(true);
    const outside: number[][] = [];
    for (const y of axisGrid(-32768, 32767, 7)) {
      for (const x of [-32768, -20000, -1, 0, 1, 32767, 1 << 30]) {
        const angleCdeg = atan2Cdeg(y, x);
        const valid = angleCdeg > -18000 && angleCdeg <= 18000 && Number.isInteger(angleCdeg) && !Object.is(angleCdeg, -0);
        if (!valid) outside.push([y, x, angleCdeg]);
      }
    }
    expect(outside).to.deep.equal([]);
  });

  it('is odd in y: atan2Cdeg(-y, x) = -atan2Cdeg(y, x) away from the 180 deg cut', () => {
    const asymmetric: number[][] = [];
    for (const y of axisGrid(1, 32767, 13)) {
      for (const x of [-32768, -9999, -1, 0, 1, 1234, 32767]) {
        const angleCdeg = atan2Cdeg(y, x);
        if (angleCdeg !== 18000 && atan2Cdeg(-y, x) !== -angleCdeg) asymmetric.push([y, x]);
      }
    }
    expect(asymmetric).to.deep.equal([]);
  });
});
