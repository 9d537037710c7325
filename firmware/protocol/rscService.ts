// Bluetooth SIG Running Speed and Cadence service (RSCS v1.0, service 0x1814): the bytes of its
// four characteristics, written into caller buffers with integer maths and no allocation, so
// watches and phone apps read the pod's cadence (steps per minute) without our own protocol.
//
// Sources, cited per field below:
// [RSCS]  Running Speed and Cadence Service v1.0 (RSCS_SPEC, adopted 2012-08-07). Introduction:
//         "The cadence represents the number of times per minute the foot with the sensor hits the
//         ground. The stride length represents the distance between two successive contacts of
//         the same foot to the ground" (as quoted by the Realtek RTL87x2G RSCS API documentation).
// [GSS]   GATT Specification Supplement, section org.bluetooth.characteristic.rsc_measurement
//         (rendered in the trouble-host crate docs, prelude::characteristic::RSC_MEASUREMENT):
//         Flags boolean8; Instantaneous Speed uint16, metres per second, M=1 d=0 b=-8 ("1/256th of
//         a m/s"); Instantaneous Cadence uint8 "Unit is 1/min"; Instantaneous Stride Length
//         uint16, metre M=1 d=-2 b=0 (centimetres), present if flag bit 0; Total Distance uint32,
//         metre M=1 d=-1 b=0 (1/10 m), present if flag bit 1.
// [XML]   The SIG's former GATT XML (mirrored in github:oesmith/gatt-xml):
//         org.bluetooth.characteristic.rsc_feature.xml (16-bit field, bits 0-4, 5-15 reserved),
//         org.bluetooth.characteristic.sensor_location.xml (uint8 enumeration, 3 = Hip),
//         org.bluetooth.characteristic.sc_control_point.xml (op codes, Response Code 0x10,
//         response values 1-4; "fields ... in the order of LSO to MSO", i.e. little-endian).
// [NCS]   nRF Connect SDK subsys/bluetooth/services/rscs.c (github:nrfconnect/sdk-nrf): a
//         qualified-style server; same bit and op code values, and it treats an op code as
//         supported only when its feature bit is set (Set Cumulative Value <- Total Distance,
//         Start Sensor Calibration <- Calibration Procedure, Update Sensor Location and Request
//         Supported Sensor Locations <- Multiple Sensor Locations).
// [ESP]   Espruino libs/bluetooth/bluetooth_utils.c bleVarToUUID (commit c5ff787): a UUID is an
//         integer 0-0xFFFF, "0xABCD" or "ABCD" (16-bit) or "ABCDABCD-ABCD-..." (128-bit).

// ---- UUIDs ------------------------------------------------------------------------------------
// Strings of the "0xABCD" form, which bleVarToUUID [ESP] always reads as 16-bit, for the keys of
// NRF.setServices / NRF.updateServices and of NRF.setAdvertising (there `{'0x1814': undefined}`
// puts the service UUID in the primary advertising packet; setServices' `advertise` option only
// reaches the scan response). Build those objects with `o[RSC_SERVICE_UUID] = ...`: computed
// keys in object literals fail on Espruino (espruino-facts.md section 1).

export const RSC_SERVICE_UUID = '0x1814';
/** notify; mandatory [RSCS] */
export const RSC_MEASUREMENT_UUID = '0x2A53';
/** read; mandatory [RSCS] */
export const RSC_FEATURE_UUID = '0x2A54';
/** read; optional for a single sensor location [RSCS] */
export const RSC_SENSOR_LOCATION_UUID = '0x2A5D';
/** write + indicate; the pod leaves it out while it supports no procedure (rscControlPointRespond) */
export const RSC_CONTROL_POINT_UUID = '0x2A55';

// ---- RSC Measurement (0x2A53) -----------------------------------------------------------------
// Field table [GSS], little-endian:
//   offset 0  Flags                        uint8   bit 0 stride length present, bit 1 total
//                                                  distance present, bit 2 walking (0) or
//                                                  running (1), bits 3-7 reserved (0)
//   offset 1  Instantaneous Speed          uint16  1/256 m/s
//   offset 3  Instantaneous Cadence        uint8   1/min
//   (offset 4 Instantaneous Stride Length  uint16  1/100 m, only if flag bit 0: never sent)
//   (offset 4/6 Total Distance             uint32  1/10 m, only if flag bit 1: never sent)
//
// Cadence: the pod sends cadenceSpm, every footfall of either foot per minute. [RSCS]'s
// introduction reads "the foot with the sensor", but the field text quoted in vendor headers is
// "the number of times per minute a foot fall occurs", and running sensors and apps (foot pods,
// Stryd, nRF Toolbox) exchange steps per minute (about 180 when running). A hip sensor has no
// "foot with the sensor", so footfalls of both feet is the only reading that fits.
//
// Why no stride length and no total distance: the pod measures neither. Both would come from the
// running speed the host sends us (pipelineSetSpeed), which the host already has, so the watch
// would get back its own number divided by ours; the spec's stride is two steps ("successive
// contacts of the same foot"), and a receiver that takes it as a step would be off by 2x; and
// total distance would need that speed integrated over time and, once supported, makes Set
// Cumulative Value mandatory on the control point [XML C3, NCS]. Flag bits 0 and 1 stay 0.

export const RSC_FLAG_STRIDE_LENGTH_PRESENT = 0x01;
export const RSC_FLAG_TOTAL_DISTANCE_PRESENT = 0x02;
export const RSC_FLAG_RUNNING = 0x04;
/** the bytes rscMeasurementEncode writes (flags, speed, cadence); the characteristic's maxLen */
export const RSC_MEASUREMENT_LENGTH = 4;
/** highest speed a uint16 of 1/256 m/s holds, in mm/s (65535 / 256 m/s = 255.996 m/s) */
export const RSC_SPEED_MAX_MMS = 255996;

/**
 * Instantaneous Speed units (1/256 m/s) from mm/s, rounded to nearest: mm/s * 256 / 1000 =
 * mm/s * 32 / 125, computed as (mm/s * 64 + 125) / 250 truncated. For integer mm/s no value lies
 * exactly half-way (that would need 64 to divide 125 * odd), so the rounding direction of ties
 * never matters. Negative, NaN or zero (speed unknown: RSC has no "unknown" value) gives 0;
 * at or above RSC_SPEED_MAX_MMS gives 65535.
 */
export function rscSpeedFromMms(speedMms: number): number {
  if (!(speedMms > 0)) return 0;
  if (speedMms >= RSC_SPEED_MAX_MMS) return 65535;
  // speedMms < 255996: speedMms * 64 + 125 < 16,383,870, far inside int32
  return ((speedMms * 64 + 125) / 250) | 0;
}

/**
 * RSC Measurement into buf at offset; returns its length (RSC_MEASUREMENT_LENGTH) or 0 when it
 * does not fit. speedMms in mm/s (0 = unknown, sent as 0); cadenceSpm in steps per minute,
 * rounded and clamped to 0-255; running truthy sets the running flag (bit 2), else walking.
 */
export function rscMeasurementEncode(buf: Uint8Array, offset: number, speedMms: number, cadenceSpm: number, running: boolean | number): number {
  if (!(offset >= 0 && offset + RSC_MEASUREMENT_LENGTH <= buf.length)) return 0;
  const speed = rscSpeedFromMms(speedMms);
  // round half up: 2c + 1 <= 511 after the clamp, so >> (through int32) truncates it exactly
  const cadence = !(cadenceSpm > 0) ? 0 : cadenceSpm >= 255 ? 255 : (cadenceSpm * 2 + 1) >> 1;
  buf[offset] = running ? RSC_FLAG_RUNNING : 0;
  buf[offset + 1] = speed;
  buf[offset + 2] = speed >> 8;
  buf[offset + 3] = cadence;
  return RSC_MEASUREMENT_LENGTH;
}

/** the pod notifies RSC Measurement at most this often: a watch shows cadence, not each step */
export const RSC_MEASUREMENT_MIN_INTERVAL_MS = 1000;

/**
 * No measurement with a cadence for this long, the runner has stopped: one measurement of cadence
 * 0, walking, speed 0 says so (a watch shows the last one it got until another comes). Steps
 * with a cadence come at least every 1.5 s while moving (40 spm), so measurements every 2.5 s at
 * most; the pod's 1 s tick sends the stop 3-4 s after the last one.
 */
export const RSC_STOPPED_MS = 3000;

// ---- RSC Feature (0x2A54) ---------------------------------------------------------------------
// 16-bit field [XML rsc_feature]: bit 0 Instantaneous Stride Length Measurement Supported, bit 1
// Total Distance Measurement Supported, bit 2 Walking or Running Status Supported, bit 3
// Calibration Procedure Supported, bit 4 Multiple Sensor Locations Supported, bits 5-15 reserved.

export const RSC_FEATURE_STRIDE_LENGTH = 0x0001;
export const RSC_FEATURE_TOTAL_DISTANCE = 0x0002;
export const RSC_FEATURE_WALKING_RUNNING_STATUS = 0x0004;
export const RSC_FEATURE_CALIBRATION = 0x0008;
export const RSC_FEATURE_MULTIPLE_SENSOR_LOCATIONS = 0x0010;
/** what the pod supports: walking or running status only (see the measurement notes above) */
export const RSC_FEATURE_VALUE = RSC_FEATURE_WALKING_RUNNING_STATUS;
export const RSC_FEATURE_LENGTH = 2;

/** RSC Feature (RSC_FEATURE_VALUE, little-endian) into buf; returns 2, or 0 when it does not fit */
export function rscFeatureEncode(buf: Uint8Array, offset: number): number {
  if (!(offset >= 0 && offset + RSC_FEATURE_LENGTH <= buf.length)) return 0;
  buf[offset] = RSC_FEATURE_VALUE & 0xff;
  buf[offset + 1] = RSC_FEATURE_VALUE >> 8;
  return RSC_FEATURE_LENGTH;
}

// ---- Sensor Location (0x2A5D) -----------------------------------------------------------------
// uint8 enumeration [XML sensor_location]: 0 Other, 1 Top of shoe, 2 In shoe, 3 Hip, 4-16 cycling
// and chest locations, 17-255 reserved. The pod clips to the waistband over the lower back: Hip.

export const RSC_SENSOR_LOCATION_HIP = 3;
export const RSC_SENSOR_LOCATION_LENGTH = 1;

/** Sensor Location (Hip) into buf; returns 1, or 0 when it does not fit */
export function rscSensorLocationEncode(buf: Uint8Array, offset: number): number {
  if (!(offset >= 0 && offset < buf.length)) return 0;
  buf[offset] = RSC_SENSOR_LOCATION_HIP;
  return RSC_SENSOR_LOCATION_LENGTH;
}

// ---- SC Control Point (0x2A55) ----------------------------------------------------------------
// Request: Op Code uint8, then its parameter [XML sc_control_point]:
//   0x01 Set Cumulative Value                uint32 (RSC: Total Distance, 1/10 m)
//   0x02 Start Sensor Calibration            none
//   0x03 Update Sensor Location              uint8 (a Sensor Location value)
//   0x04 Request Supported Sensor Locations  none
//   0x00, 0x05-0x0F, 0x11-0xFF reserved; 0x10 is Response Code, only ever sent by the server.
// Indication: 0x10, the Request Op Code, a Response Value (1 Success, 2 Op Code not supported,
// 3 Invalid Parameter, 4 Operation Failed), and for a successful 0x04 the list of locations.

export const SC_CP_OP_SET_CUMULATIVE_VALUE = 0x01;
export const SC_CP_OP_START_SENSOR_CALIBRATION = 0x02;
export const SC_CP_OP_UPDATE_SENSOR_LOCATION = 0x03;
export const SC_CP_OP_REQUEST_SUPPORTED_SENSOR_LOCATIONS = 0x04;
export const SC_CP_OP_RESPONSE_CODE = 0x10;
export const SC_CP_RESPONSE_SUCCESS = 0x01;
export const SC_CP_RESPONSE_OP_CODE_NOT_SUPPORTED = 0x02;
export const SC_CP_RESPONSE_INVALID_PARAMETER = 0x03;
export const SC_CP_RESPONSE_OPERATION_FAILED = 0x04;
/** every indication rscControlPointRespond writes is this long */
export const SC_CP_RESPONSE_LENGTH = 3;

/**
 * The indication for an SC Control Point write of `length` bytes at request[offset], written at
 * out[outOffset]; returns SC_CP_RESPONSE_LENGTH, or 0 when out has no room. Never throws.
 *
 * Each procedure hangs on a feature bit [XML requires C1/C3, NCS]: Set Cumulative Value on Total
 * Distance, Start Sensor Calibration on Calibration, Update Sensor Location and Request Supported
 * Sensor Locations on Multiple Sensor Locations. RSC_FEATURE_VALUE has none of them, so every op
 * code, known or not, is answered "Op Code not supported" (the "Invalid Parameter" case, a
 * supported op code with the wrong parameter length, cannot arise). RSCS makes the control point
 * conditional (C2: mandatory if a procedure is supported, otherwise excluded), so the device glue
 * leaves 0x2A55 out of setServices; this answer is what a pod that exposes it must give until a
 * procedure is supported.
 * An empty write echoes Request Op Code 0x00 (reserved), since there is no op code to echo;
 * a stack would answer it with an ATT error, which Espruino's onWrite cannot return.
 * Enabling one of those feature bits means handling its procedure here first (the tests check
 * that RSC_FEATURE_VALUE stays without them).
 */
export function rscControlPointRespond(request: Uint8Array, offset: number, length: number, out: Uint8Array, outOffset: number): number {
  if (!(outOffset >= 0 && outOffset + SC_CP_RESPONSE_LENGTH <= out.length)) return 0;
  // a negative typed-array index throws on Espruino: read the op code only from inside request
  const opCode = length >= 1 && offset >= 0 && offset < request.length ? request[offset] : 0;
  out[outOffset] = SC_CP_OP_RESPONSE_CODE;
  out[outOffset + 1] = opCode;
  out[outOffset + 2] = SC_CP_RESPONSE_OP_CODE_NOT_SUPPORTED;
  return SC_CP_RESPONSE_LENGTH;
}
