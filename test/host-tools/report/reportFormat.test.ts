import { expect } from 'chai';
import { readPodRecording } from '../../../host-tools/recording/podRecording';
import { insightsOf } from '../../../host-tools/report/insights';
import { reportDataOf } from '../../../host-tools/report/reportData';
import { numberText, signedNumberText } from '../../../host-tools/report/reportFormat';
import { syntheticRecording } from './reportFixtures';

describe('report text formats', () => {
  it('signs a change as it is shown: a change that rounds to 0 is ±0, never −0 or +0', () => {
    expect(signedNumberText(-0.03, 1)).to.equal('±0.0');
    expect(signedNumberText(0.04, 1)).to.equal('±0.0');
    expect(signedNumberText(-0.4, 0)).to.equal('±0');
    expect(signedNumberText(0, 0)).to.equal('±0');
    expect(signedNumberText(-0.05, 1)).to.equal('−0.1');
    expect(signedNumberText(1.25, 1)).to.equal('+1.3');
    expect(signedNumberText(-12.6, 0)).to.equal('−13');
    expect(signedNumberText(3, 0)).to.equal('+3');
  });

  it('writes a negative value with the minus sign the signed changes use, never a hyphen, and one that rounds to 0 with no sign', () => {
    expect(numberText(-3.14, 1)).to.equal('\u22123.1');
    expect(signedNumberText(-3.14, 1)).to.equal('\u22123.1');
    expect(numberText(3.14, 1)).to.equal('3.1');
    expect(numberText(-0.04, 1)).to.equal('0.0');
    expect(numberText(0, 0)).to.equal('0');
    expect(numberText(-12.6, 0)).to.equal('\u221213');
  });

  it('says a run with no fatigue drift drifted by ±0 in every metric, with no negative zero', async () => {
    // 5 s standing, 4 min at 158 steps/min, 290 ms contact, 1.1 g braking, nothing drifting: the
    // lean drift and each stance's drop drift sit within a few hundredths of a degree of 0
    const dir = await syntheticRecording('no-drift-158', {
      segments: [{ kind: 'standing', durationS: 5 }, { kind: 'running', durationS: 240, cadenceSpm: 158, contactMs: 290, brakingPeakMg: 1100 }],
    });
    const drift = insightsOf(reportDataOf(readPodRecording(dir))).find((i) => i.id === 'drift');
    if (drift === undefined) throw new Error('no drift insight');
    expect(drift.values.assessed).to.equal(true);
    expect(Math.abs(drift.values.dropLeftDriftCdeg as number)).to.be.below(5);
    expect(Math.abs(drift.values.dropRightDriftCdeg as number)).to.be.below(5);
    expect(drift.measured).to.match(/lean ±0\.0° \(from [0-9.]+°\), pelvic drop in left stance ±0\.0° \(from [0-9.]+°\) and in right stance ±0\.0° \(from [0-9.]+°\), vertical oscillation ±0 mm, ground contact ±0 ms\./);
    expect(drift.measured).to.not.match(/[−+]0(\.0)?(°| mm| ms)/);
  });
});
