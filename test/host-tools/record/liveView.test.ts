// The live view's text: running form numbers from running windows and steps only, dashes for
// walking (no fake zeros), walking cadence from a walking window, elapsed time capped at the plan.
import { expect } from 'chai';
import { Message } from '../../../firmware/protocol/codec';
import { LiveCounters, LiveView } from '../../../host-tools/record/liveView';

const NONE: LiveCounters = { frameErrors: 0, missingMessages: 0, sampleGaps: 0, missingSamples: 0, disconnects: 0 };

function message(fields: { [name: string]: unknown }): Message {
  return fields as unknown as Message;
}

describe('live view', () => {
  it('shows a walking window\'s cadence and dashes for the running metrics it does not have', () => {
    const view = new LiveView(() => undefined, false, 0, 9.8);
    view.update(message({ type: 'step', kind: 0, cadenceSpm: 104, voMm: 0, contactMs: 0, rotationCdeg: 0, leanCdeg: 0 }));
    view.update(message({ type: 'summary', runningSteps: 0, cadenceSpm: 0, walkingCadenceSpm: 98, voMm: 0, contactMs: 0 }));
    view.update(message({ type: 'summaryForm', dropLeftCdeg: 0, dropRightCdeg: 0, rotationCdeg: 0, leanCdeg: 0 }));
    const lines = view.lines(12000, NONE);
    expect(lines[0]).to.match(/^connecting \| 9\.8 s of 9\.8 s \(100 %\) \| steps 1 \| windows 1/);
    expect(lines[1]).to.equal('cadence 98 spm | VO - mm | contact - ms | drop L - R - deg | rotation - deg | lean - deg');
  });

  it('shows a running window\'s medians and the form of its summary', () => {
    const view = new LiveView(() => undefined, false, 0, 30);
    view.update(message({ type: 'step', kind: 1, cadenceSpm: 170, voMm: 71, contactMs: 251, rotationCdeg: 1100, leanCdeg: 600 }));
    view.update(message({ type: 'summary', runningSteps: 28, cadenceSpm: 172, walkingCadenceSpm: 0, voMm: 70, contactMs: 250 }));
    view.update(message({ type: 'summaryForm', dropLeftCdeg: 520, dropRightCdeg: 680, rotationCdeg: 1120, leanCdeg: 610 }));
    const lines = view.lines(12400, NONE);
    expect(lines[0]).to.match(/^connecting \| 12 s of 30 s \(41 %\)/);
    expect(lines[1]).to.equal('cadence 172 spm | VO 70 mm | contact 250 ms | drop L 5.2 R 6.8 deg | rotation 11.2 deg | lean 6.1 deg');
  });
});
