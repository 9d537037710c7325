// The pod's counters and state as the status message carries them (fields, units and bits in
// messageTypes.ts STATUS_SPEC). Device glue owns one instance, updates it and encodes it.

export interface StatusRecord {
  samples: number;
  droppedSamples: number;
  gaps: number;
  steps: number;
  windows: number;
  framesReceived: number;
  framesBad: number;
  commandsRejected: number;
  storageUsedBytes: number;
  storageFreeBytes: number;
  batteryPct: number;
  /** STATUS_* bits from messageIds.ts */
  flags: number;
  /** 0 while not sampling */
  rateHz: number;
  firmwareMajor: number;
  firmwareMinor: number;
  /** the running speed core uses for the vertical ratio, mm/s (0: unknown) */
  speedMms: number;
  /** time in the sample handler over the time since the previous status, percent */
  sampleHandlerBusyPct: number;
}

export function statusRecordCreate(): StatusRecord {
  return {
    samples: 0, droppedSamples: 0, gaps: 0, steps: 0, windows: 0, framesReceived: 0, framesBad: 0,
    commandsRejected: 0, storageUsedBytes: 0, storageFreeBytes: 0, batteryPct: 0, flags: 0,
    rateHz: 0, firmwareMajor: 0, firmwareMinor: 0, speedMms: 0, sampleHandlerBusyPct: 0,
  };
}
