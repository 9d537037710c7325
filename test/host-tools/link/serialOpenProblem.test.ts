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

  it('a directory given as the port is said to be one, not a serial port, with how to find the pod\'s port', () => {
    const text = serialOpenProblem('Error: Is a directory, cannot open /dev/serial');
    expect(text).to.equal('it is a directory, not a serial port: give the pod\'s port, such as /dev/ttyUSB0 or /dev/ttyACM0 ' +
      '(lumbarpod ports lists the serial ports, the likely pods marked)');
  });

  it('a file given as the port is said to be no serial port, with how to find the pod\'s port', () => {
    const text = serialOpenProblem('Error: Inappropriate ioctl for device setting custom baud rate of 115200');
    expect(text).to.match(/^it is not a serial port \(Inappropriate ioctl for device setting custom baud rate of 115200\): give the pod's port, .*lumbarpod ports lists the serial ports/);
  });

  it('a device with nothing behind it is said to be one, with how to find the pod\'s port', () => {
    const text = serialOpenProblem('Error: No such device or address, cannot open /dev/ttyS3');
    expect(text).to.match(/^no device is behind it \(No such device or address\), as behind a built-in port this computer has no hardware for: give the pod's port, .*lumbarpod ports lists the serial ports/);
    expect(text).not.to.contain('/dev/ttyS3');
  });
});
