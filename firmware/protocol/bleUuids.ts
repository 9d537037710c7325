// UUIDs of the LumbarPod GATT service and its characteristics (128-bit, one base with the
// 16-bit part counting up), and the standard Battery service. One message per notification;
// the control characteristic takes bare command messages (no framing: BLE has its own CRC).

export const LUMBARPOD_SERVICE_UUID = '6c700001-3f2a-4c8e-9b1d-5e0a7c4f2b10';
/** notify: step messages */
export const LUMBARPOD_STEP_UUID = '6c700002-3f2a-4c8e-9b1d-5e0a7c4f2b10';
/** notify: summary then summaryForm message of each window */
export const LUMBARPOD_SUMMARY_UUID = '6c700003-3f2a-4c8e-9b1d-5e0a7c4f2b10';
/** notify: rawBatch messages while the raw stream is on for BLE */
export const LUMBARPOD_RAW_UUID = '6c700004-3f2a-4c8e-9b1d-5e0a7c4f2b10';
/** write: command messages */
export const LUMBARPOD_CONTROL_UUID = '6c700005-3f2a-4c8e-9b1d-5e0a7c4f2b10';
/** notify: reply, error, status and logChunk messages */
export const LUMBARPOD_REPLY_UUID = '6c700006-3f2a-4c8e-9b1d-5e0a7c4f2b10';

export const BATTERY_SERVICE_UUID = '0x180F';
export const BATTERY_LEVEL_UUID = '0x2A19';
