// Which serial ports are likely a LumbarPod: a Puck.js has no USB of its own, so on a computer it
// shows up through a USB-serial adapter on its serial pins (D28 TX, D29 RX), or as an Espruino
// board's own USB port for the other boards Espruino runs on. The USB vendor id says which.

export interface SerialPortRecord {
  path: string;
  manufacturer?: string;
  serialNumber?: string;
  /** hex, as serialport reports them ("0403") */
  vendorId?: string;
  productId?: string;
  pnpId?: string;
}

export interface PodGuess {
  likely: boolean;
  /** why, in a few words: the chip or vendor recognised, or why not */
  reason: string;
}

/**
 * USB vendor ids of the serial bridges people wire to a Puck.js (and that Espruino's own boards
 * and nRF52 development kits present), lower-case hex. Sources: the USB ID repository
 * (linux-usb.org usb.ids) and espruino.com/Puck.js "Serial Console".
 */
export const POD_USB_VENDORS: { [vendorId: string]: string } = {
  '0483': 'Espruino board USB (STMicroelectronics VID used by Espruino, 0483:5740)',
  '0403': 'FTDI USB-serial adapter',
  '10c4': 'Silicon Labs CP210x USB-serial adapter',
  '1a86': 'WCH CH340/CH341/CH9102 USB-serial adapter',
  '067b': 'Prolific PL2303 USB-serial adapter',
  '1915': 'Nordic Semiconductor nRF52 USB (dongle or devkit running Espruino)',
  '1366': 'SEGGER J-Link virtual COM port (nRF52 devkit)',
};

function hex4(id: string | undefined): string | undefined {
  if (id === undefined || id === '') return undefined;
  return id.replace(/^0x/i, '').toLowerCase().padStart(4, '0');
}

/** the guess for one port: known adapter vendor, or "Espruino"/"Puck" in its names */
export function guessPod(port: SerialPortRecord): PodGuess {
  const names = `${port.manufacturer ?? ''} ${port.pnpId ?? ''}`;
  if (/espruino|puck\.?js/i.test(names)) return { likely: true, reason: 'names itself Espruino' };
  const vendor = hex4(port.vendorId);
  if (vendor !== undefined && POD_USB_VENDORS[vendor] !== undefined) return { likely: true, reason: POD_USB_VENDORS[vendor] };
  if (vendor === undefined) return { likely: false, reason: 'not a USB device (built-in or virtual serial port)' };
  return { likely: false, reason: 'USB vendor not a serial bridge used with Espruino' };
}

/** "0403:6001" or "" */
export function usbId(port: SerialPortRecord): string {
  const v = hex4(port.vendorId);
  const p = hex4(port.productId);
  return v === undefined ? '' : `${v}:${p ?? '????'}`;
}
