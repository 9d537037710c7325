import { expect } from 'chai';
import { liveValuesStale, STEP_STALE_MS } from '../../../host-tools/web/liveStaleness';

describe('dashboard: live values marked stale', () => {
  const t0 = 1_700_000_000_000;

  it('current while connected and the last step is recent', () => {
    expect(liveValuesStale(true, t0, t0 + 500)).to.equal('');
    expect(liveValuesStale(true, t0, t0 + STEP_STALE_MS)).to.equal('');
  });

  it('stale once no step has come for longer than a stopped runner\'s gap, saying for how long', () => {
    expect(liveValuesStale(true, t0, t0 + STEP_STALE_MS + 1)).to.equal('no step for 3 s: these are the last values received');
    expect(liveValuesStale(true, t0, t0 + 61_400)).to.equal('no step for 61 s: these are the last values received');
  });

  it('stale while the link is down, however recent the last step', () => {
    expect(liveValuesStale(false, t0, t0 + 10)).to.equal('the link to the pod is down: these are the last values received');
  });

  it('nothing to mark before the first step', () => {
    expect(liveValuesStale(false, undefined, t0)).to.equal('');
    expect(liveValuesStale(true, undefined, t0)).to.equal('');
  });

  it('says a connected pod that is not recording is so, and how to start it, with or without a step before', () => {
    expect(liveValuesStale(true, undefined, t0, false)).to.equal('the pod is not recording: press its button to start a recording');
    expect(liveValuesStale(true, t0, t0 + 500, false)).to.equal('the pod stopped recording (its button): these are the last values received; press its button to start a new recording');
    // a link that is down says that first: what the pod does now is not known
    expect(liveValuesStale(false, t0, t0 + 500, false)).to.equal('the link to the pod is down: these are the last values received');
  });
});
