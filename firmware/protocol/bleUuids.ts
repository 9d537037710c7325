// UUIDs of the LumbarPod GATT service and its characteristics (128-bit, one base with the
// 16-bit part counting up), and the standard Battery service. One message per notification;
// the control characteristic takes bare command messages (no framing: BLE has its own CRC).

// The firmware builds each UUID from its part number when it needs it, so the 36-character text
// is in the bundle once rather than at every use.
const UUID_HEAD = '6c70000';
const UUID_TAIL = '-3f2a-4c8e-9b1d-5e0a7c4f2b10';

/** a LumbarPod UUID from its part number, 1 to 9 (the last digit of its 16-bit part) */
export function lumbarpodUuid(part: number): string {
  return UUID_HEAD + part + UUID_TAIL;
}

export const LUMBARPOD_SERVICE_PART = 1;
/** notify: step messages */
export const LUMBARPOD_STEP_PART = 2;
/** notify: summary then summaryForm message of each window */
export const LUMBARPOD_SUMMARY_PART = 3;
/** notify: rawBatch messages while the raw stream is on for BLE */
export const LUMBARPOD_RAW_PART = 4;
/** write: command messages */
export const LUMBARPOD_CONTROL_PART = 5;
/** notify: reply, error, status and logChunk messages */
export const LUMBARPOD_REPLY_PART = 6;

export const LUMBARPOD_SERVICE_UUID = UUID_HEAD + LUMBARPOD_SERVICE_PART + UUID_TAIL;
export const LUMBARPOD_STEP_UUID = UUID_HEAD + LUMBARPOD_STEP_PART + UUID_TAIL;
export const LUMBARPOD_SUMMARY_UUID = UUID_HEAD + LUMBARPOD_SUMMARY_PART + UUID_TAIL;
export const LUMBARPOD_RAW_UUID = UUID_HEAD + LUMBARPOD_RAW_PART + UUID_TAIL;
export const LUMBARPOD_CONTROL_UUID = UUID_HEAD + LUMBARPOD_CONTROL_PART + UUID_TAIL;
export const LUMBARPOD_REPLY_UUID = UUID_HEAD + LUMBARPOD_REPLY_PART + UUID_TAIL;

/**
 * the Complete Local Name the pod advertises in run mode, after 0x1814 in the primary packet
 * (setup mode leaves Espruino's own, "Puck.js xxxx")
 */
export const POD_ADVERTISED_NAME = 'LumbarPod';

export const BATTERY_SERVICE_UUID = '0x180F';
export const BATTERY_LEVEL_UUID = '0x2A19';
