// The pod's settings kept in Storage across power cycles: sample rate, raw stream, running speed,
// start at boot. Whatever is stored is checked field by field; a missing, corrupted or
// out-of-range field falls back to its default, so a bad file can never stop the pod booting.

export const POD_CONFIG_FILE = 'lpconfig.json';
/**
 * new settings on their way to POD_CONFIG_FILE: Espruino erases a file before it writes it again,
 * so a write that fails there (Storage full, or no RAM to compact it) would take the old settings
 * with it. They are written here first, and read from here when POD_CONFIG_FILE is gone.
 */
export const POD_CONFIG_NEW_FILE = 'lpconfig.new';

export interface PodConfig {
  /** IMU output data rate, Hz: one of the board's rates */
  rateHz: number;
  /** 1: rawBatch messages on serial from boot (researchers); 0: off */
  rawStream: number;
  /** running speed for the vertical ratio and RSC speed, mm/s; 0 = unknown */
  speedMms: number;
  /** 1: sample from boot; 0: wait for the button or START_RECORDING */
  autoStart: number;
}

function fieldOr(stored: { [field: string]: unknown }, field: string, fallback: number, ok: (value: number) => boolean): number {
  const value = stored[field];
  return typeof value === 'number' && (value | 0) === value && ok(value) ? value : fallback;
}

/** the settings from a stored object (anything readJSON returned), each field checked */
export function podConfigFrom(stored: unknown, ratesHz: number[], defaultRateHz: number): PodConfig {
  const s = (stored !== null && typeof stored === 'object' ? stored : {}) as { [field: string]: unknown };
  return {
    rateHz: fieldOr(s, 'rateHz', defaultRateHz, (v) => ratesHz.indexOf(v) >= 0),
    rawStream: fieldOr(s, 'rawStream', 0, (v) => v === 0 || v === 1),
    speedMms: fieldOr(s, 'speedMms', 0, (v) => v >= 0 && v <= 15000),
    autoStart: fieldOr(s, 'autoStart', 1, (v) => v === 0 || v === 1),
  };
}
