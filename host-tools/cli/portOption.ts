// --port: the path of the pod's serial port. An empty one (a shell variable left unset, --port "")
// is refused as the option's mistake, where serialport would say only '"path" is not defined'.
import { EXIT_USAGE, UserError } from './userError';

/** `text` as a port path, or a UserError (usage) where it is empty */
export function portPathOption(text: string): string {
  if (text.trim() === '') {
    throw new UserError('give --port the pod\'s serial port, such as /dev/ttyUSB0 or /dev/ttyACM0 (lumbarpod ports lists the serial ports), not an empty path', EXIT_USAGE);
  }
  return text;
}
