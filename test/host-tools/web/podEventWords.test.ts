import { expect } from 'chai';
import {
  COMMAND_SET_CLOCK, ERROR_NO_MEMORY, ERROR_SAMPLES_LOST, ERROR_STORAGE, REPLY_BAD_VERSION, REPLY_BUSY, REPLY_UNKNOWN_COMMAND,
} from '../../../firmware/protocol/messageIds';
import { podErrorWords, refusedCommandWords } from '../../../host-tools/web/podEventWords';

describe('podEventWords', () => {
  it('says what a pod error means, with its detail in words', () => {
    expect(podErrorWords(ERROR_STORAGE, 7)).to.equal('the pod\'s log is full (or its write failed): window 7 and those after it are not kept for later download');
    expect(podErrorWords(ERROR_SAMPLES_LOST, 1)).to.equal('the pod lost 1 IMU sample');
    expect(podErrorWords(ERROR_SAMPLES_LOST, 26)).to.equal('the pod lost 26 IMU samples');
    expect(podErrorWords(ERROR_NO_MEMORY, 120)).to.contain('too little memory for its detector');
    expect(podErrorWords(99, 3)).to.equal('pod error: 99 (detail 3)');
  });

  it('names a refused command, and sends the runner to the setup page where the pod\'s firmware is older than the page', () => {
    expect(refusedCommandWords(COMMAND_SET_CLOCK, REPLY_UNKNOWN_COMMAND)).to.equal('the pod refused setClock (unknownCommand): its firmware is older than this page: update it on the setup page');
    expect(refusedCommandWords(COMMAND_SET_CLOCK, REPLY_BAD_VERSION)).to.contain('update it on the setup page');
    expect(refusedCommandWords(0x04, REPLY_BUSY)).to.equal('the pod refused setRate (busy)');
    expect(refusedCommandWords(200, REPLY_UNKNOWN_COMMAND)).to.contain('the pod refused command 200 (unknownCommand)');
  });
});
