import { expect } from 'chai';
import { PUCKJS2_BOARD } from '../../../boards/puckjs2';
import {
  NOMINAL_MOUNTING,
  mountingRotation,
  nominalPodFromSensor,
  sensorFromPodMatrix,
} from '../../../host-tools/synthetic/mounting';
import { mat3Apply } from '../../../host-tools/synthetic/orientation';

const AXIS_MAP = PUCKJS2_BOARD.axisMap;

function throughMounting(pod: number[], mounting = NOMINAL_MOUNTING): Float64Array {
  const sensor = mat3Apply(sensorFromPodMatrix(AXIS_MAP, mounting), pod, new Float64Array(3));
  return nominalPodFromSensor(AXIS_MAP, sensor, new Float64Array(3));
}

describe('synthetic mounting', () => {
  it('puts each pod axis on the sensor axis the board names, with its sign', () => {
    // Puck.js v2: V = +y, AP = -z, ML = -x
    const m = sensorFromPodMatrix(AXIS_MAP, NOMINAL_MOUNTING);
    expect(Array.from(mat3Apply(m, [0, 0, 1], new Float64Array(3)))).to.deep.equal([0, 1, 0]);
    expect(Array.from(mat3Apply(m, [1, 0, 0], new Float64Array(3)))).to.deep.equal([0, 0, -1]);
    expect(Array.from(mat3Apply(m, [0, 1, 0], new Float64Array(3)))).to.deep.equal([-1, 0, 0]);
  });

  it('reads the pod frame back through the axis map alone with the nominal mounting', () => {
    expect(Array.from(throughMounting([0.1, -0.2, 0.3]))).to.deep.equal([0.1, -0.2, 0.3]);
  });

  it('upside down reverses V and ML, keeps AP', () => {
    expect(Array.from(throughMounting([1, 2, 3], { ...NOMINAL_MOUNTING, upsideDown: true }))).to.deep.equal([1, -2, -3]);
  });

  it('reversed reverses AP and ML, keeps V', () => {
    expect(Array.from(throughMounting([1, 2, 3], { ...NOMINAL_MOUNTING, reversed: true }))).to.deep.equal([-1, -2, 3]);
  });

  it('a positive tilt about ML moves the board top forward, so standing gravity shows as negative AP', () => {
    const read = throughMounting([0, 0, 1000], { ...NOMINAL_MOUNTING, tiltDeg: 20, tiltAxis: 'ml' });
    expect(read[0]).to.be.closeTo(-1000 * Math.sin((20 * Math.PI) / 180), 1e-9);
    expect(read[2]).to.be.closeTo(1000 * Math.cos((20 * Math.PI) / 180), 1e-9);
  });

  it('a positive tilt about AP lifts the board left side, so standing gravity shows as positive ML', () => {
    const read = throughMounting([0, 0, 1000], { ...NOMINAL_MOUNTING, tiltDeg: 20, tiltAxis: 'ap' });
    expect(read[1]).to.be.closeTo(1000 * Math.sin((20 * Math.PI) / 180), 1e-9);
  });

  it('tilts about the runner axes after flipping: upside down then tilted forward', () => {
    // Q = R_tilt * R_upsideDown: the board's V' axis is -V tilted forward about ML
    const q = mountingRotation({ ...NOMINAL_MOUNTING, upsideDown: true, tiltDeg: 30, tiltAxis: 'ml' });
    const boardV = [q[2], q[5], q[8]];
    expect(boardV[0]).to.be.closeTo(-Math.sin(Math.PI / 6), 1e-12);
    expect(boardV[2]).to.be.closeTo(-Math.cos(Math.PI / 6), 1e-12);
  });

  it('rejects an axis map that repeats an axis or is a mirror image', () => {
    expect(() => sensorFromPodMatrix({ v: 2, ap: 2, ml: 1 }, NOMINAL_MOUNTING)).to.throw(TypeError);
    expect(() => sensorFromPodMatrix({ v: 2, ap: -3, ml: 1 }, NOMINAL_MOUNTING)).to.throw(TypeError);
  });
});
