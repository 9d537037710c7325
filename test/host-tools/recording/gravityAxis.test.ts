import { expect } from 'chai';
import { PUCKJS2_BOARD } from '../../../boards/puckjs2';
import { gravityAxisDoubt } from '../../../host-tools/recording/gravityAxis';

/** sums of `count` samples of 1 g pointing `tiltDeg` from sensor axis `axis` (0 x, 1 y, 2 z) towards the next axis, `sign` up */
function sums(axis: number, count: number, tiltDeg = 0, sign = 1): number[] {
  const out = [0, 0, 0];
  out[axis] = sign * count * Math.cos((tiltDeg * Math.PI) / 180);
  out[(axis + 1) % 3] = count * Math.sin((tiltDeg * Math.PI) / 180);
  return out;
}

describe('gravityAxisDoubt', () => {
  // the Puck's map: V is the sensor's y
  const map = PUCKJS2_BOARD.axisMap;

  it('none where gravity lies along the map\'s vertical: upright, tilted 30° (a runner leaning far), or upside down', () => {
    expect(gravityAxisDoubt(sums(1, 1000), 1000, map)).to.equal(undefined);
    expect(gravityAxisDoubt(sums(1, 1000, 30), 1000, map)).to.equal(undefined);
    expect(gravityAxisDoubt(sums(1, 1000, 0, -1), 1000, map)).to.equal(undefined);
  });

  it('names the axis gravity lies along, signed, where it is another', () => {
    expect(gravityAxisDoubt(sums(0, 1000), 1000, map)).to.deep.include({ expectedAxis: 'y', foundAxis: 'x' });
    expect(gravityAxisDoubt(sums(2, 1000, 10, -1), 1000, map)).to.deep.include({ expectedAxis: 'y', foundAxis: '-z' });
  });

  it('none where no one axis holds gravity (a mean at 45° between two), or the samples are too few', () => {
    expect(gravityAxisDoubt(sums(0, 1000, 45), 1000, map)).to.equal(undefined);
    expect(gravityAxisDoubt(sums(0, 50), 50, map)).to.equal(undefined);
  });
});
