import { expect } from 'chai';
import { MDBT42Q_LSM6DSO_BOARD } from '../../../boards/mdbt42qLsm6dso';
import { PUCKJS2_BOARD } from '../../../boards/puckjs2';
import { SIM_BOARD } from '../../../boards/sim';
import { sessionBoard } from '../../../host-tools/record/sessionBoard';

describe('sessionBoard', () => {
  it('takes the board the pod names when none was given', () => {
    expect(sessionBoard(undefined, 2).name).to.equal('mdbt42q-lsm6dso');
    expect(sessionBoard(undefined, 3).name).to.equal('sim');
  });

  it('takes the given board, or the Puck.js v2, from a pod that names none (before firmware 0.16) or one this tool does not know', () => {
    expect(sessionBoard(undefined, undefined).name).to.equal('puckjs2');
    expect(sessionBoard(MDBT42Q_LSM6DSO_BOARD, undefined).name).to.equal('mdbt42q-lsm6dso');
    expect(sessionBoard(MDBT42Q_LSM6DSO_BOARD, 99).name).to.equal('mdbt42q-lsm6dso');
  });

  it('refuses a given board whose axes are not the pod\'s, and keeps one that reads alike', () => {
    expect(() => sessionBoard(PUCKJS2_BOARD, 2)).to.throw('the pod runs the mdbt42q-lsm6dso firmware');
    expect(() => sessionBoard(MDBT42Q_LSM6DSO_BOARD, 1)).to.throw('give --board puckjs2');
    expect(sessionBoard(PUCKJS2_BOARD, 3).name).to.equal('puckjs2');
    expect(sessionBoard(SIM_BOARD, 1).name).to.equal('sim');
  });

  it('takes a code of 0 (a pod before firmware 0.16, or one that refused setClock) as naming none', () => {
    expect(sessionBoard(undefined, 0).name).to.equal('puckjs2');
    expect(sessionBoard(MDBT42Q_LSM6DSO_BOARD, 0).name).to.equal('mdbt42q-lsm6dso');
  });

  it('gives every board its own code', () => {
    const codes = [PUCKJS2_BOARD, MDBT42Q_LSM6DSO_BOARD, SIM_BOARD].map((b) => b.podBoardCode);
    expect(new Set(codes).size).to.equal(codes.length);
  });
});
