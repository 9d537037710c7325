import { expect } from 'chai';
import { serialOpenProblem } from '../../../host-tools/link/serialOpenProblem';

describe('serialOpenProblem', () => {
  it('a port that is not there says so once, and what to do: plug the adapter in, then run again', () => {
    const text = serialOpenProblem('Error: No such file or directory, cannot open /dev/ttyUSB0');
    expect(text).to.match(/^there is no such port \(No such file or directory\): plug the pod's serial adapter in/);
    expect(text).to.match(/run the command again once it is there; lumbarpod ports lists the serial ports$/);
    // the path is in the caller's own words already ("cannot open serial port PATH: ...")
    expect(text).not.to.contain('/dev/ttyUSB0');
  });
});
