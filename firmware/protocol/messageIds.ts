// Numbers of the LumbarPod protocol: version, header layout, message type ids, command ids,
// reply status and error codes, status flags. Small on purpose: the pod imports this, not the
// documented field tables in messageTypes.ts (their doc strings would cost JsVars on the pod).

/** bumped when a field is removed, moved, retyped or rescaled (see docs/protocol.md, Versioning) */
export const PROTOCOL_VERSION = 2;

/** header: version u8 @0, type u8 @1, seq u16 @2, deviceTimeMs u32 @4 */
export const HEADER_LENGTH = 8;
export const HEADER_VERSION_OFFSET = 0;
export const HEADER_TYPE_OFFSET = 1;
export const HEADER_SEQ_OFFSET = 2;
export const HEADER_TIME_OFFSET = 4;

/** payload of one BLE notification with the Puck's ATT MTU of 53: every BLE message fits it */
export const BLE_MAX_MESSAGE_LENGTH = 50;

// Message type ids; 0 is never a type, so a zero-filled buffer does not decode.
export const MSG_RAW_BATCH = 0x01;
export const MSG_STEP = 0x02;
export const MSG_SUMMARY = 0x03;
export const MSG_SUMMARY_FORM = 0x04;
export const MSG_STATUS = 0x05;
export const MSG_LOG_CHUNK = 0x06;
export const MSG_REPLY = 0x07;
export const MSG_ERROR = 0x08;
/** in the log only: the host's wall clock at a pod time (setClock) */
export const MSG_CLOCK = 0x09;
/** in the log only: the rate a recording samples at, before the first window it logs (firmware 0.19 on) */
export const MSG_RECORDING_INFO = 0x0a;
/** the only type the pod accepts (host to pod) */
export const MSG_COMMAND = 0x10;

/** raw samples start here in a rawBatch: even, so an Int16Array view of the message buffer works */
export const RAW_BATCH_SAMPLES_OFFSET = 14;
/** bytes per raw sample: ax ay az gx gy gz, i16 each (SAMPLE_STRIDE in firmware/core/pipeline) */
export const RAW_SAMPLE_BYTES = 12;
/** most samples in one rawBatch on serial (about 0.6 s at 104 Hz) */
export const RAW_BATCH_MAX_SAMPLES = 64;
/** most samples in one rawBatch on BLE: 14 + 3 x 12 = 50 bytes */
export const RAW_BATCH_MAX_SAMPLES_BLE = 3;

/** log bytes start here in a logChunk */
export const LOG_CHUNK_BYTES_OFFSET = 13;
/** most log bytes in one logChunk (the length field is a u8) */
export const LOG_CHUNK_MAX_BYTES = 255;
/** most log bytes in one logChunk on BLE: 13 + 37 = 50 bytes */
export const LOG_CHUNK_MAX_BYTES_BLE = 37;

/** longest message of any type: a rawBatch of RAW_BATCH_MAX_SAMPLES */
export const MAX_MESSAGE_LENGTH = RAW_BATCH_SAMPLES_OFFSET + RAW_BATCH_MAX_SAMPLES * RAW_SAMPLE_BYTES;
/** longest message of any other type: a logChunk of LOG_CHUNK_MAX_BYTES */
export const MAX_MESSAGE_LENGTH_WITHOUT_RAW = LOG_CHUNK_BYTES_OFFSET + LOG_CHUNK_MAX_BYTES;

// Command ids (the pod's whitelist); arguments and ranges in messageTypes.ts COMMAND_SPECS.
export const COMMAND_GET_STATUS = 0x01;
export const COMMAND_START_RECORDING = 0x02;
export const COMMAND_STOP_RECORDING = 0x03;
export const COMMAND_SET_RATE = 0x04;
export const COMMAND_SET_RAW_STREAM = 0x05;
export const COMMAND_READ_LOG = 0x06;
export const COMMAND_CLEAR_LOG = 0x07;
export const COMMAND_SET_SPEED = 0x08;
export const COMMAND_REBOOT_TO_SETUP = 0x09;
export const COMMAND_SET_CLOCK = 0x0a;
/** destructive commands carry this key, so a stray or corrupted write cannot clear or reboot */
export const COMMAND_CONFIRM_KEY = 0xc0de;

// Reply status codes: the outcome of one command.
export const REPLY_OK = 0;
export const REPLY_UNKNOWN_COMMAND = 1;
export const REPLY_BAD_LENGTH = 2;
export const REPLY_OUT_OF_RANGE = 3;
export const REPLY_BUSY = 4;
export const REPLY_STORAGE_FULL = 5;
export const REPLY_BAD_VERSION = 6;
export const REPLY_NOT_COMMAND = 7;
export const REPLY_FAILED = 8;

// Error codes: problems the pod reports without being asked.
export const ERROR_BAD_FRAME = 1;
export const ERROR_SAMPLES_LOST = 2;
export const ERROR_STORAGE = 3;
export const ERROR_BATTERY_LOW = 4;
export const ERROR_RESTARTED = 5;
export const ERROR_NO_MEMORY = 6;

// The detail of startRecording's REPLY_FAILED: why the pod is not recording
export const START_FAILED_IMU = 1;
export const START_FAILED_MEMORY = 2;

// Status flags: set = the named state holds.
export const STATUS_RECORDING = 1;
export const STATUS_RAW_STREAM = 2;
export const STATUS_CALIBRATED = 4; // stationary calibration done: lean is absolute
export const STATUS_FORWARD_KNOWN = 8; // forward direction found from running strides
export const STATUS_STORAGE_FULL = 16;
export const STATUS_BATTERY_LOW = 32;
export const STATUS_SATURATION_SEEN = 64; // an IMU axis hit full scale since the last status on this link
export const STATUS_BLE_CONNECTED = 128;
export const STATUS_SETUP_MODE = 256;
export const STATUS_CONFIG_UNSAVED = 512; // the last settings change is live but not in flash
export const STATUS_RAW_ONLY = 1024; // recording with the detector off: raw samples only
