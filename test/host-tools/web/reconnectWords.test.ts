import { expect } from 'chai';
import { reconnectWords } from '../../../host-tools/web/reconnectWords';

describe('dashboard: a reconnect in a runner\'s words', () => {
  it('says the link is lost, why it may be, when the next try is (seconds rounded up) and what to do', () => {
    expect(reconnectWords(3, 2000)).to.equal('Lost the link to the pod: it may be out of range or switched off. '
      + 'Trying again in 2\u00a0s, and on until it answers. Bring the phone closer and check that the pod is on.');
    expect(reconnectWords(3, 1200)).to.contain('Trying again in 2\u00a0s');
    expect(reconnectWords(3, 1)).to.contain('Trying again in 1\u00a0s');
  });

  it('says a try is under way once its time has come, with its number', () => {
    for (const nextInMs of [undefined, 0, -300]) {
      expect(reconnectWords(4, nextInMs)).to.equal('Lost the link to the pod: it may be out of range or switched off. '
        + 'Trying to reach it now (try 4), and on until it answers. Bring the phone closer and check that the pod is on.');
    }
  });
});
