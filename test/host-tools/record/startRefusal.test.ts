// What `record` says when the pod does not start: startRecording's reply detail in the user's terms.
import { expect } from 'chai';
import { REPLY_BUSY, REPLY_FAILED, START_FAILED_IMU, START_FAILED_MEMORY } from '../../../firmware/protocol/messageIds';
import { startRefusal } from '../../../host-tools/record/podSession';

describe('startRefusal (record, startRecording refused)', () => {
  it('names what to do when the detector would not fit in the pod\'s RAM: raw only, or a lower rate', () => {
    const words = startRefusal(REPLY_FAILED, START_FAILED_MEMORY);
    expect(words).to.match(/too little RAM/);
    expect(words).to.match(/--raw-only/);
    expect(words).to.match(/lower --rate/);
  });

  it('does not advise raw only to a record that asked for it: a lower rate, or a restart', () => {
    const rawOnly = startRefusal(REPLY_FAILED, START_FAILED_MEMORY, true);
    expect(rawOnly).to.match(/too little RAM free even with its step detector off \(raw only\)/).and.match(/lower --rate/);
    expect(rawOnly).to.not.contain('--raw-only');
  });

  it('says the IMU did not answer, and gives the reply code of anything else', () => {
    expect(startRefusal(REPLY_FAILED, START_FAILED_IMU)).to.match(/IMU did not answer/);
    expect(startRefusal(REPLY_FAILED, 0)).to.equal('the pod did not start recording (reply 8)');
    expect(startRefusal(REPLY_BUSY, START_FAILED_MEMORY)).to.equal(`the pod did not start recording (reply ${REPLY_BUSY})`);
  });
});
