import { expect } from 'chai';
import { cosQ14, sinQ14 } from '../../../firmware/core/sinCosQ14';

const ONE_Q14 = 16384;
const MAX_INT32 = 0x7fffffff;
const MAX_ERROR_Q14 = 1;

/** the reference angle reduced exactly in integers first, so Math.sin sees at most 2 pi */
function radiansOf(angleCdeg: number): number {
  return ((((angleCdeg % 36000) + 36000) % 36000) * Math.PI) / 18000;
}

function worstErrorQ14(angles: Iterable<number>): { sin: number; cos: number; sinAt: number; cosAt: number } {
  const worst = { sin: 0, cos: 0, sinAt: 0, cosAt: 0 };
  for (const angleCdeg of angles) {
    const sinError = Math.abs(sinQ14(angleCdeg) - ONE_Q14 * Math.sin(radiansOf(angleCdeg)));
    const cosError = Math.abs(cosQ14(angleCdeg) - ONE_Q14 * Math.cos(radiansOf(angleCdeg)));
    if (sinError > worst.sin) {
      worst.sin = sinError;
      worst.sinAt = angleCdeg;
    }
    if (cosError > worst.cos) {
      worst.cos = cosError;
      worst.cosAt = angleCdeg;
    }
  }
  return worst;
}

function* range(from: number, to: number, step: number): Iterable<number> {
  for (let angleCdeg = from; angleCdeg <= to; angleCdeg += step) yield angleCdeg;
}

describe('sinQ14 and cosQ14', () => {
  it('are within 1 Q14 unit of Math.sin and Math.cos for every centidegree of the circle', () => {
    const worst = worstErrorQ14(range(0, 35999, 1));
    expect(worst.sin, JSON.stringify(worst)).to.be.at.most(MAX_ERROR_Q14);
    expect(worst.cos, JSON.stringify(worst)).to.be.at.most(MAX_ERROR_Q14);
  });

  it('are within 1 Q14 unit for negative angles and whole turns away, down to -2^31 + 1', () => {
    const worst = worstErrorQ14(range(-36000 * 3, 36000 * 3, 1));
    expect(worst.sin, JSON.stringify(worst)).to.be.at.most(MAX_ERROR_Q14);
    expect(worst.cos, JSON.stringify(worst)).to.be.at.most(MAX_ERROR_Q14);
    // a dense grid over the whole int32 range (prime step: every residue mod 36000 is hit) and its ends
    const worstWide = worstErrorQ14([...range(-MAX_INT32, MAX_INT32, 7919), -MAX_INT32, MAX_INT32, MAX_INT32 - 9000]);
    expect(worstWide.sin, JSON.stringify(worstWide)).to.be.at.most(MAX_ERROR_Q14);
    expect(worstWide.cos, JSON.stringify(worstWide)).to.be.at.most(MAX_ERROR_Q14);
  });

  it('give the same value for an angle and the angle plus any number of whole turns', () => {
    const differing: number[] = [];
    for (let angleCdeg = 0; angleCdeg < 36000; angleCdeg += 7) {
      for (const turns of [-59652, -3, -1, 1, 2, 59651]) {
        const turnedCdeg = angleCdeg + turns * 36000; // stays inside int32
        if (sinQ14(turnedCdeg) !== sinQ14(angleCdeg) || cosQ14(turnedCdeg) !== cosQ14(angleCdeg)) differing.push(angleCdeg);
      }
    }
    expect(differing).to.deep.equal([]);
  });

  it('are exact at multiples of 90 deg and exactly odd (sin) and even (cos)', () => {
    expect([0, 9000, 18000, 27000, -9000].map(sinQ14)).to.deep.equal([0, ONE_Q14, 0, -ONE_Q14, -ONE_Q14]);
    expect([0, 9000, 18000, 27000, -9000].map(cosQ14)).to.deep.equal([ONE_Q14, 0, -ONE_Q14, 0, 0]);
    const asymmetric: number[] = [];
    for (let angleCdeg = 0; angleCdeg <= 36000; angleCdeg++) {
      if (sinQ14(-angleCdeg) !== -sinQ14(angleCdeg) || cosQ14(-angleCdeg) !== cosQ14(angleCdeg)) asymmetric.push(angleCdeg);
      if (cosQ14(angleCdeg) !== sinQ14(angleCdeg + 9000)) asymmetric.push(angleCdeg);
    }
    expect(asymmetric).to.deep.equal([]);
  });

  it('return integers in -16384..16384 and never -0', () => {
    const outside: number[] = [];
    for (let angleCdeg = -36000; angleCdeg <= 36000; angleCdeg++) {
      for (const valueQ14 of [sinQ14(angleCdeg), cosQ14(angleCdeg)]) {
        if (!(valueQ14 >= -ONE_Q14 && valueQ14 <= ONE_Q14 && Number.isInteger(valueQ14) && !Object.is(valueQ14, -0))) outside.push(angleCdeg);
      }
    }
    expect(outside).to.deep.equal([]);
  });
});
