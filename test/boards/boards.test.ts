import { expect } from 'chai';
import { ALL_BOARDS, boardDescriptionByName } from '../../boards/index';
import { PUCKJS2_BOARD } from '../../boards/puckjs2';
import { SIM_BOARD } from '../../boards/sim';
import { DEFAULT_PIPELINE_SETTINGS } from '../../firmware/core/pipeline';
import { podAxisMapDeterminant } from '../../host-tools/recording/axisMap';

describe('boards', () => {
  it('lists every board once by a unique name', () => {
    const names = ALL_BOARDS.map((b) => b.name);
    expect(names).to.deep.equal(['puckjs2', 'mdbt42q-lsm6dso', 'sim']);
    for (const name of names) expect(boardDescriptionByName(name)!.name).to.equal(name);
    expect(boardDescriptionByName('nope')).to.equal(undefined);
  });

  for (const board of ALL_BOARDS) {
    it(`maps ${board.name} sensor axes to the pod frame by a proper right-handed rotation`, () => {
      expect(podAxisMapDeterminant(board.axisMap)).to.equal(1);
    });

    it(`gives ${board.name} the sensitivities of the core's default scale`, () => {
      expect(board.scale).to.deep.equal(DEFAULT_PIPELINE_SETTINGS.scale);
    });

    it(`configures ${board.name} at every supported rate and refuses the rest`, () => {
      expect(board.supportedRatesHz).to.include(board.defaultRateHz);
      for (const rate of board.supportedRatesHz) expect(board.imuSetup!(rate, 26)).to.have.length.above(0);
      expect(() => board.imuSetup!(100, 26)).to.throw(TypeError, /not supported/);
    });
  }

  it("keeps the puckjs2 nominal mounting the core's default axis map", () => {
    expect(PUCKJS2_BOARD.axisMap).to.deep.equal(DEFAULT_PIPELINE_SETTINGS.axisMap);
  });

  it('describes the Puck LEDs, button and budgets', () => {
    expect(PUCKJS2_BOARD.leds!.map((l) => l.pin)).to.deep.equal(['D5', 'D4', 'D3']);
    expect(PUCKJS2_BOARD.button).to.deep.include({ pin: 'D0', pull: 'down', edge: 'rising' });
    expect(PUCKJS2_BOARD.ramJsVars).to.equal(2630);
    expect(PUCKJS2_BOARD.storagePages! * PUCKJS2_BOARD.storagePageBytes!).to.equal(40960);
  });

  it('makes the sim board replay like the Puck: same IMU, scale, mounting and register writes', () => {
    expect(SIM_BOARD.simulated).to.equal(true);
    expect(SIM_BOARD.imuPart).to.equal(PUCKJS2_BOARD.imuPart);
    expect(SIM_BOARD.scale).to.deep.equal(PUCKJS2_BOARD.scale);
    expect(SIM_BOARD.axisMap).to.deep.equal(PUCKJS2_BOARD.axisMap);
    expect(SIM_BOARD.imuSetup!(104, 26)).to.deep.equal(PUCKJS2_BOARD.imuSetup!(104, 26));
  });
});
