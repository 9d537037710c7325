// Why a serial port did not open, in words that say what to do: serialport's own messages name
// the system call's error only ("Resource temporarily unavailable Cannot lock port").

/** what to give instead of a path that is no serial port */
const GIVE_THE_PORT = 'give the pod\'s port, such as /dev/ttyUSB0 or /dev/ttyACM0 (lumbarpod ports lists the serial ports, the likely pods marked)';

/** serialport's reason (its "Error: " prefix dropped), with what to do where that is known */
export function serialOpenProblem(message: string): string {
  const reason = message.replace(/^Error:? /, '');
  // serialport locks a port it opens (flock): another program holding that lock, or one that
  // opened it for itself alone (TIOCEXCL), keeps it from opening
  if (/Cannot lock port|Resource busy/i.test(reason)) {
    return `another program has it open (${reason}): close that program (a serial terminal, the Espruino IDE, another lumbarpod), then try again`;
  }
  // a port that is not there yet is not waited for: only one that went away mid-session is
  if (/No such file or directory/i.test(reason)) {
    return 'there is no such port (No such file or directory): plug the pod\'s serial adapter in (or start lumbarpod simulate) ' +
      'and run the command again once it is there; lumbarpod ports lists the serial ports';
  }
  if (/Permission denied/i.test(reason)) {
    return `${reason}: on Linux add yourself to the port's group (sudo usermod -aG dialout $USER), then log in again`;
  }
  // a device file with no device behind it: a built-in port (/dev/ttyS*) the computer has no
  // hardware for, or /dev/tty in a process that has no terminal
  if (/No such device or address/i.test(reason)) {
    return `no device is behind it (No such device or address), as behind a built-in port this computer has no hardware for: ${GIVE_THE_PORT}`;
  }
  // a path to something else than a port: a directory (the adapter's folder, /dev itself), or a
  // file, which takes no serial settings
  if (/Is a directory/i.test(reason)) return `it is a directory, not a serial port: ${GIVE_THE_PORT}`;
  if (/Inappropriate ioctl/i.test(reason)) return `it is not a serial port (${reason}): ${GIVE_THE_PORT}`;
  return reason;
}
