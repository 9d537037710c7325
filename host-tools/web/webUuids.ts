// UUIDs as Web Bluetooth takes them. bleUuids.ts and rscService.ts spell 16-bit UUIDs '0xABCD'
// (Espruino's NRF reads that form); Web Bluetooth reads a 16-bit alias only as a number and a
// 128-bit UUID only as a lower-case dashed string.

export type WebBluetoothUuid = number | string;

/** '0x1814' -> 0x1814; a 128-bit UUID -> its lower-case form */
export function webBluetoothUuid(uuid: string): WebBluetoothUuid {
  const short = /^0x([0-9a-fA-F]{4})$/.exec(uuid);
  return short ? parseInt(short[1], 16) : uuid.toLowerCase();
}
