// `lumbarpod ports`: the computer's serial ports, one line each, likely pods marked and first
// (see flash/likelyPod.ts for how a port is judged), or a JSON array with --json.
import { Command } from 'commander';
import { guessPod, SerialPortRecord, usbId } from '../../flash/likelyPod';
import { listSerialPorts } from '../../flash/serialPorts';
import { CliCommand, CliIo } from '../cliCommand';
import { UserError } from '../userError';

export interface PortsCliOptions {
  json?: boolean;
}

export interface PortLine extends SerialPortRecord {
  likelyPod: boolean;
  reason: string;
}

/** the ports with their guess, likely pods first, each group in path order */
export function judgePorts(ports: SerialPortRecord[]): PortLine[] {
  const lines = ports.map((p): PortLine => {
    const guess = guessPod(p);
    return { ...p, likelyPod: guess.likely, reason: guess.reason };
  });
  return lines.sort((a, b) => (a.likelyPod === b.likelyPod ? (a.path < b.path ? -1 : a.path > b.path ? 1 : 0) : a.likelyPod ? -1 : 1));
}

/** "* /dev/ttyUSB0  0403:6001  FTDI  likely pod: FTDI USB-serial adapter" */
export function formatPortLine(line: PortLine): string {
  const id = usbId(line);
  const fields = [line.likelyPod ? '*' : ' ', line.path];
  if (id !== '') fields.push(id);
  if (line.manufacturer) fields.push(line.manufacturer);
  if (line.serialNumber) fields.push(`serial ${line.serialNumber}`);
  fields.push(line.likelyPod ? `likely pod: ${line.reason}` : `(${line.reason})`);
  return fields.join('  ');
}

export async function runPorts(options: PortsCliOptions, io: CliIo, list: () => Promise<SerialPortRecord[]> = listSerialPorts): Promise<void> {
  let ports: SerialPortRecord[];
  try {
    ports = await list();
  } catch (err) {
    throw new UserError(`cannot list serial ports: ${(err as Error).message}`);
  }
  const lines = judgePorts(ports);
  if (options.json) {
    io.out(JSON.stringify(lines) + '\n');
    return;
  }
  if (lines.length === 0) io.err('lumbarpod: no serial ports found\n');
  for (const line of lines) io.out(formatPortLine(line) + '\n');
  if (lines.length > 0 && !lines.some((line) => line.likelyPod)) {
    io.err('lumbarpod: none of them looks like a pod\'s USB-serial adapter: plug it in (its TX to the pod\'s RX, its RX to the pod\'s TX, GND to GND); ' +
      'a pod without one is reached over Bluetooth, with the dashboard\n');
  }
}

export const portsCommand: CliCommand = {
  register(program: Command, io: CliIo): void {
    program
      .command('ports')
      .summary('list serial ports, marking the likely pods')
      .description(
        'Lists the serial ports, one line each; a "*" marks a likely pod: a USB-serial bridge people wire to a ' +
          "Puck.js's serial pins (FTDI, Silicon Labs CP210x, WCH CH340, Prolific), an Espruino board's own USB, " +
          'or an nRF52 dongle or devkit. Likely pods come first.',
      )
      .option('--json', 'print a JSON array: path, manufacturer, serialNumber, vendorId, productId, likelyPod, reason')
      .action((options: PortsCliOptions) => runPorts(options, io));
  },
};
