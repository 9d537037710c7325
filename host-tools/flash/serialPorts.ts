// The computer's serial ports: serialport's SerialPort.list(), which on Linux asks udevadm. Where
// udevadm is missing (containers, minimal systems) serialport's spawn fails with an error event
// nothing listens to, which kills the process; there the same facts come from sysfs instead.
import * as fs from 'fs';
import * as path from 'path';
import { SerialPort } from 'serialport';
import { SerialPortRecord } from './likelyPod';

/** the device names serialport's Linux lister keeps */
const SERIAL_NAME = /^(tty(S|WCH|ACM|USB|AMA|MFD|O|XRUSB)\d*|rfcomm\d+)/;

function onPath(command: string): boolean {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (dir !== '' && fs.existsSync(path.join(dir, command))) return true;
  }
  return false;
}

function readTrimmed(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch (e) {
    return undefined;
  }
}

/** Linux without udevadm: /sys/class/tty/<name>/device, walking up to the USB device for its ids */
export function sysfsSerialPorts(sysClassTty = '/sys/class/tty'): SerialPortRecord[] {
  let names: string[];
  try {
    names = fs.readdirSync(sysClassTty);
  } catch (e) {
    return [];
  }
  const ports: SerialPortRecord[] = [];
  for (const name of names.sort()) {
    if (!SERIAL_NAME.test(name)) continue;
    let device: string;
    try {
      device = fs.realpathSync(path.join(sysClassTty, name, 'device'));
    } catch (e) {
      continue; // no device: a virtual terminal, not a port
    }
    const port: SerialPortRecord = { path: `/dev/${name}` };
    // a USB serial port's device is the interface; idVendor sits on the USB device above it
    for (let dir = device, up = 0; up < 4 && dir !== path.dirname(dir); dir = path.dirname(dir), up++) {
      const vendorId = readTrimmed(path.join(dir, 'idVendor'));
      if (vendorId === undefined) continue;
      port.vendorId = vendorId;
      port.productId = readTrimmed(path.join(dir, 'idProduct'));
      port.manufacturer = readTrimmed(path.join(dir, 'manufacturer'));
      port.serialNumber = readTrimmed(path.join(dir, 'serial'));
      break;
    }
    // serialport leaves out the 32 legacy ttyS ports a PC kernel always makes unless they are real
    if (name.startsWith('ttyS') && port.vendorId === undefined && readTrimmed(path.join(sysClassTty, name, 'type')) === '0') continue;
    ports.push(port);
  }
  return ports;
}

export async function listSerialPorts(): Promise<SerialPortRecord[]> {
  if (process.platform === 'linux' && !onPath('udevadm')) return sysfsSerialPorts();
  const ports = await SerialPort.list();
  return ports.map((p) => ({
    path: p.path, manufacturer: p.manufacturer, serialNumber: p.serialNumber, vendorId: p.vendorId, productId: p.productId, pnpId: p.pnpId,
  }));
}
