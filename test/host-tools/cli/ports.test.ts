import { expect } from 'chai';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CliIo } from '../../../host-tools/cli/cliCommand';
import { formatPortLine, judgePorts, runPorts } from '../../../host-tools/cli/commands/ports';
import { guessPod, SerialPortRecord } from '../../../host-tools/flash/likelyPod';
import { sysfsSerialPorts } from '../../../host-tools/flash/serialPorts';
import { expectOneErrorLine, lumbarpodInProcess as lumbarpod } from './cliInProcess';

/** port records as serialport reports them on Linux, macOS and Windows */
const SAMPLE_PORTS: SerialPortRecord[] = [
  { path: '/dev/ttyS0' },
  { path: '/dev/ttyUSB0', manufacturer: 'FTDI', vendorId: '0403', productId: '6001', serialNumber: 'A50285BI' },
  { path: '/dev/ttyUSB1', manufacturer: '1a86', vendorId: '1a86', productId: '7523' },
  { path: '/dev/tty.usbserial-0001', manufacturer: 'Silicon Labs', vendorId: '10C4', productId: 'EA60' },
  { path: 'COM7', manufacturer: 'Espruino', pnpId: 'USB\\VID_0483&PID_5740\\123', vendorId: '0483', productId: '5740' },
  { path: '/dev/ttyACM0', manufacturer: 'Arduino (www.arduino.cc)', vendorId: '2341', productId: '0043' },
  { path: '/dev/ttyACM1', manufacturer: 'SEGGER', vendorId: '1366', productId: '1015' },
];


describe('lumbarpod ports', () => {
  it('marks USB-serial bridges used with a Puck.js and Espruino boards as likely pods', () => {
    const likely = SAMPLE_PORTS.filter((p) => guessPod(p).likely).map((p) => p.path);
    expect(likely).to.deep.equal(['/dev/ttyUSB0', '/dev/ttyUSB1', '/dev/tty.usbserial-0001', 'COM7', '/dev/ttyACM1']);
    expect(guessPod(SAMPLE_PORTS[0]).reason).to.match(/not a USB device/);
    expect(guessPod(SAMPLE_PORTS[5]).reason).to.match(/vendor not a serial bridge/);
    expect(guessPod(SAMPLE_PORTS[2]).reason).to.match(/CH340/);
    expect(guessPod({ path: '/dev/ttyACM3', manufacturer: 'Espruino.com' }).likely).to.equal(true);
  });

  it('prints likely pods first, one line per port, with a star, the USB id and the reason', async () => {
    const lines: string[] = [];
    const io: CliIo = { out: (t) => lines.push(...t.trimEnd().split('\n')), err: () => undefined };
    await runPorts({}, io, async () => SAMPLE_PORTS);
    expect(lines).to.have.length(SAMPLE_PORTS.length);
    expect(lines[0]).to.equal('*  /dev/tty.usbserial-0001  10c4:ea60  Silicon Labs  likely pod: Silicon Labs CP210x USB-serial adapter');
    expect(lines.slice(0, 5).every((l) => l.startsWith('*  '))).to.equal(true);
    expect(lines.slice(5).every((l) => l.startsWith('   '))).to.equal(true);
    expect(lines).to.include('*  /dev/ttyUSB0  0403:6001  FTDI  serial A50285BI  likely pod: FTDI USB-serial adapter');
    expect(lines).to.include('   /dev/ttyS0  (not a USB device (built-in or virtual serial port))');
  });

  it('says what to check where no port looks like a pod, and nothing where one does', async () => {
    let err = '';
    const io: CliIo = { out: () => undefined, err: (t) => { err += t; } };
    await runPorts({}, io, async () => [SAMPLE_PORTS[0], SAMPLE_PORTS[5]]);
    expect(expectOneErrorLine(err)).to.equal('lumbarpod: none of them looks like a pod\'s USB-serial adapter: plug it in (its TX to the pod\'s RX, ' +
      'its RX to the pod\'s TX, GND to GND); a pod without one is reached over Bluetooth, with the dashboard');
    err = '';
    await runPorts({}, io, async () => SAMPLE_PORTS);
    expect(err).to.equal('');
  });

  it('prints a JSON array with --json', async () => {
    let out = '';
    await runPorts({ json: true }, { out: (t) => { out += t; }, err: () => undefined }, async () => SAMPLE_PORTS);
    const parsed = JSON.parse(out);
    expect(parsed).to.have.length(SAMPLE_PORTS.length);
    expect(parsed[0]).to.include({ path: '/dev/tty.usbserial-0001', likelyPod: true });
    expect(Object.keys(judgePorts(SAMPLE_PORTS)[0])).to.include.members(['path', 'vendorId', 'productId', 'likelyPod', 'reason']);
  });

  it('lists the ports of this machine in-process, in the same format', async () => {
    const text = await lumbarpod('ports');
    expect(text.code).to.equal(0);
    for (const line of text.out.split('\n').filter((l) => l !== '')) expect(line).to.match(/^[* ] {2}\S+ {2}.*\S$/);
    if (text.out === '') expect(text.err).to.equal('lumbarpod: no serial ports found\n');
    const json = await lumbarpod('ports', '--json');
    expect(json.code).to.equal(0);
    const parsed = JSON.parse(json.out) as { path: string; likelyPod: boolean }[];
    expect(parsed.map((p) => formatPortLine({ ...p, reason: '' }).split('  ')[1])).to.deep.equal(text.out.split('\n').filter((l) => l !== '').map((l) => l.split('  ')[1]));
  });

  it('reads vendor and product ids from sysfs where udevadm is missing', () => {
    const sys = fs.mkdtempSync(path.join(os.tmpdir(), 'lumbarpod-sysfs-'));
    try {
      // /sys/class/tty/ttyUSB0/device -> .../usb1/1-1/1-1:1.0/ttyUSB0 ; idVendor on 1-1
      const usbDevice = path.join(sys, 'devices', 'usb1', '1-1');
      const iface = path.join(usbDevice, '1-1:1.0', 'ttyUSB0');
      fs.mkdirSync(iface, { recursive: true });
      fs.writeFileSync(path.join(usbDevice, 'idVendor'), '0403\n');
      fs.writeFileSync(path.join(usbDevice, 'idProduct'), '6015\n');
      fs.writeFileSync(path.join(usbDevice, 'manufacturer'), 'FTDI\n');
      const classTty = path.join(sys, 'class', 'tty');
      fs.mkdirSync(path.join(classTty, 'ttyUSB0'), { recursive: true });
      fs.symlinkSync(iface, path.join(classTty, 'ttyUSB0', 'device'));
      fs.mkdirSync(path.join(classTty, 'tty1'), { recursive: true });
      expect(sysfsSerialPorts(classTty)).to.deep.equal([
        { path: '/dev/ttyUSB0', vendorId: '0403', productId: '6015', manufacturer: 'FTDI', serialNumber: undefined },
      ]);
    } finally {
      fs.rmSync(sys, { recursive: true, force: true });
    }
  });
});
