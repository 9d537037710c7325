import { expect } from 'chai';
import { PUCKJS2_BOARD } from '../../../boards/puckjs2';
import { formatPodAxisMap, parsePodAxisMap, podAxisMapDeterminant } from '../../../host-tools/recording/axisMap';

describe('axisMap', () => {
  it('parses signed sensor axes into PodAxisMap codes (1 = x, 2 = y, 3 = z)', () => {
    expect(parsePodAxisMap('V=y,AP=-z,ML=-x')).to.deep.equal({ v: 2, ap: -3, ml: -1 });
    expect(parsePodAxisMap('V=x,AP=z,ML=-y')).to.deep.equal({ v: 1, ap: 3, ml: -2 });
  });

  it('accepts any order, lower case, spaces and explicit plus signs', () => {
    expect(parsePodAxisMap(' ml = -x , v=+Y, ap=-z ')).to.deep.equal({ v: 2, ap: -3, ml: -1 });
  });

  it("formats a map back to the text it was parsed from, including the board's nominal mounting", () => {
    expect(formatPodAxisMap(PUCKJS2_BOARD.axisMap)).to.equal('V=y,AP=-z,ML=-x');
    expect(parsePodAxisMap(formatPodAxisMap(PUCKJS2_BOARD.axisMap))).to.deep.equal(PUCKJS2_BOARD.axisMap);
  });

  it('finds every one of the 24 proper rotations right-handed and their 24 mirror images left-handed', () => {
    let proper = 0;
    let mirrored = 0;
    const letters = ['x', 'y', 'z'];
    for (const v of letters) for (const ap of letters) for (const ml of letters) {
      if (v === ap || v === ml || ap === ml) continue;
      for (let signs = 0; signs < 8; signs++) {
        const text = `V=${signs & 1 ? '-' : ''}${v},AP=${signs & 2 ? '-' : ''}${ap},ML=${signs & 4 ? '-' : ''}${ml}`;
        let ok = true;
        try {
          parsePodAxisMap(text);
        } catch (err) {
          ok = false;
          expect((err as Error).message).to.match(/left-handed/);
        }
        if (ok) proper++;
        else mirrored++;
      }
    }
    expect([proper, mirrored]).to.deep.equal([24, 24]);
  });

  it('rejects a left-handed map (one axis reversed from a proper one)', () => {
    expect(() => parsePodAxisMap('V=y,AP=-z,ML=x')).to.throw(/mirror image \(left-handed\)/);
    expect(podAxisMapDeterminant({ v: 2, ap: -3, ml: 1 })).to.equal(-1);
    expect(podAxisMapDeterminant(PUCKJS2_BOARD.axisMap)).to.equal(1);
  });

  it('rejects a sensor axis used twice, naming it', () => {
    expect(() => parsePodAxisMap('V=y,AP=-y,ML=x')).to.throw(/sensor axis y is used twice/);
  });

  it('rejects a missing, repeated or unknown pod axis and a malformed part', () => {
    expect(() => parsePodAxisMap('V=y,AP=-z')).to.throw(/ML is missing/);
    expect(() => parsePodAxisMap('V=y,V=x,AP=-z,ML=-x')).to.throw(/V is given twice/);
    expect(() => parsePodAxisMap('UP=y,AP=-z,ML=-x')).to.throw(/unknown pod axis 'UP'/);
    expect(() => parsePodAxisMap('V=w,AP=-z,ML=-x')).to.throw(/'V=w' is not POD_AXIS=SENSOR_AXIS/);
  });
});
