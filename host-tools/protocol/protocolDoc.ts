// docs/protocol.md, rendered from the field tables: header, framing, CRC, versioning, BLE notes,
// every message with its field table and every command. scripts/protocol-doc.ts writes it; a
// test fails when the file differs from this rendering, so the document cannot drift.
import { encodeMessage } from '../../firmware/protocol/codec';
import { FRAME_CRC_LENGTH, frameEncode, frameMaxLength } from '../../firmware/protocol/framing';
import { FRAME_WHITEN_BYTE } from '../../firmware/protocol/whitening';
import {
  LOG_BLOCK_BYTES, LOG_END, LOG_ENTRY_MAX_BYTES, LOG_ENTRY_WORDS, LOG_KIND_CLOCK, LOG_KIND_DELTA, LOG_KIND_KEY, LOG_LEGACY_FIRST_BYTE, LOG_PAD,
  LOG_RELATIVE_WORDS, LOG_WINDOW_MESSAGE_BYTES,
} from '../../firmware/protocol/logFormat';
import {
  BLE_MAX_MESSAGE_LENGTH, COMMAND_CONFIRM_KEY, COMMAND_SET_RATE, HEADER_LENGTH, LOG_CHUNK_MAX_BYTES_BLE, MAX_MESSAGE_LENGTH, MSG_COMMAND,
  PROTOCOL_VERSION, RAW_BATCH_MAX_SAMPLES, RAW_BATCH_MAX_SAMPLES_BLE, RAW_BATCH_SAMPLES_OFFSET, REPLY_OK,
} from '../../firmware/protocol/messageIds';
import {
  COMMAND_SPECS, ERROR_CODE_VALUES, FIELD_NOT_SENT, FieldSpec, MESSAGE_SPECS, MessageSpec, NamedValue, REPLY_STATUS_VALUES, fixedLength,
  leastFixedLength,
} from '../../firmware/protocol/messageTypes';
import {
  BATTERY_LEVEL_UUID, BATTERY_SERVICE_UUID, LUMBARPOD_CONTROL_PART, LUMBARPOD_RAW_PART, LUMBARPOD_REPLY_PART, LUMBARPOD_SERVICE_UUID,
  LUMBARPOD_STEP_PART, LUMBARPOD_SUMMARY_PART, lumbarpodUuid, POD_ADVERTISED_NAME,
} from '../../firmware/protocol/bleUuids';
import {
  RSC_CONTROL_POINT_UUID, RSC_FEATURE_UUID, RSC_FEATURE_VALUE, RSC_MEASUREMENT_MIN_INTERVAL_MS, RSC_MEASUREMENT_UUID, RSC_SENSOR_LOCATION_HIP, RSC_STOPPED_MS,
  RSC_SENSOR_LOCATION_UUID, RSC_SERVICE_UUID,
} from '../../firmware/protocol/rscService';
import { ALL_BOARDS } from '../../boards';
import { POD_BAUD_RATE } from '../link/podSerialLink';
import { DEFAULT_MAX_FRAME_LENGTH } from './frameDecoder';
import { BLE_LOG_CHUNK_MS, RX_FRAME_MAX_BYTES } from '../../firmware/device/podFirmware';

export const PROTOCOL_DOC_PATH = 'docs/protocol.md';

const BYTES: { [type: string]: number } = { u8: 1, i8: 1, u16: 2, i16: 2, u32: 4, i32: 4 };

function hex(value: number, digits: number): string {
  return '0x' + value.toString(16).toUpperCase().padStart(digits, '0');
}

function hexBytes(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ');
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

function rangeOf(field: FieldSpec): string {
  if (field.bits) return 'bits';
  if (field.values) return field.values.map((v) => String(v.value)).join(', ');
  return `${field.min} .. ${field.max}`;
}

function scaleOf(field: FieldSpec): string {
  return field.scale === 1 ? '1' : `1/${field.scale}`;
}

function fieldRows(fields: readonly FieldSpec[], firstOffset: number): { rows: string[]; end: number } {
  const rows: string[] = [];
  let offset = firstOffset;
  for (const field of fields) {
    rows.push(`| ${offset} | \`${field.name}\` | ${field.type} | ${cell(field.unit)} | ${scaleOf(field)} | ${rangeOf(field)} | ${cell(field.doc)} |`);
    offset += BYTES[field.type];
  }
  return { rows, end: offset };
}

function namedList(title: string, values: readonly NamedValue[], asBits: boolean): string[] {
  const lines = [`${title}:`, ''];
  for (const v of values) lines.push(`- ${asBits ? hex(v.value, 4) : v.value} \`${v.name}\`: ${v.doc}`);
  lines.push('');
  return lines;
}

function enumerationsOf(fields: readonly FieldSpec[]): string[] {
  const lines: string[] = [];
  for (const field of fields) {
    // command ids are listed with their arguments under Commands
    if (field.values && field.values.length > 1 && field.name !== 'commandId') lines.push(...namedList(`\`${field.name}\` values`, field.values, false));
    if (field.bits) lines.push(...namedList(`\`${field.name}\` bits (set = the named condition)`, field.bits, true));
  }
  return lines;
}

const TABLE_HEAD = ['| offset | field | type | unit | scale | range | meaning |', '|---:|---|---|---|---|---|---|'];

function lengthText(spec: MessageSpec): string {
  const fixed = fixedLength(spec.fields);
  if (spec.tail) {
    const each = spec.tail.stride * BYTES[spec.tail.type];
    return `${fixed} + ${each} x ${spec.tail.countField} bytes`;
  }
  if (spec.name === 'command') return `${fixed} + arguments bytes`;
  const least = leastFixedLength(spec);
  return least < fixed ? `${fixed} bytes (${least} from a firmware older than its appended fields)` : `${fixed} bytes`;
}

function bleText(spec: MessageSpec): string {
  if (spec.tail) return `${spec.tail.countField} <= ${spec.tail.maxCountBle}`;
  if (spec.name === 'command') return 'yes';
  return fixedLength(spec.fields) <= BLE_MAX_MESSAGE_LENGTH ? 'yes' : 'NO';
}

function messageSection(spec: MessageSpec): string[] {
  const direction = spec.from === 'pod' ? 'pod to host' : 'host to pod';
  const lines = [`### ${hex(spec.id, 2)} ${spec.name}`, '', `${direction}, ${lengthText(spec)}. ${spec.doc}`, '', ...TABLE_HEAD];
  lines.push(`| 0 | header | | | | | version, type ${hex(spec.id, 2)}, seq, deviceTimeMs |`);
  const { rows, end } = fieldRows(spec.fields, HEADER_LENGTH);
  lines.push(...rows);
  if (spec.tail) {
    const tail = spec.tail;
    const each = tail.stride * BYTES[tail.type];
    const offsets = tail.elementNames.map((name, k) => `${name} @${end + k * BYTES[tail.type]}`).join(', ');
    lines.push(`| ${end} + ${each} x i | \`${tail.name}\`[i] | ${tail.stride} x ${tail.type} | ${cell(tail.unit)} | 1 | ${tail.type === 'i16' ? '-32768 .. 32767' : '0 .. 255'} | element i of ${tail.countField}: ${offsets}; ${cell(tail.doc)} |`);
  }
  if (spec.name === 'command') lines.push(`| ${end} | arguments | | | | | the command's arguments in order (Commands) |`);
  lines.push('');
  lines.push(...enumerationsOf(spec.fields));
  return lines;
}

function commandSection(): string[] {
  const lines = [
    '## Commands',
    '',
    `A command message is the header (type ${hex(MSG_COMMAND, 2)}), \`commandId\` (u8) at offset ${HEADER_LENGTH}, then the command's arguments from offset ${HEADER_LENGTH + 1}, and nothing else: the pod accepts a command only with exactly its length. It checks, in this order: length of the header, version, type, a known \`commandId\` (the whitelist below), the exact length, then each argument's range. The first failure is the reply status; no command is ever partly applied.`,
    '',
    '| id | command | length | arguments | does |',
    '|---:|---|---:|---|---|',
  ];
  for (const command of COMMAND_SPECS) {
    const args = command.args.length === 0
      ? 'none'
      : command.args.map((a) => {
        const allowed = a.values ? `one of ${a.values.map((v) => (a.name === 'confirm' ? hex(v.value, 4) : String(v.value))).join(', ')}` : `${a.min} .. ${a.max}`;
        const unit = a.unit ? ` (${a.scale !== 1 ? '1/' + a.scale + ' ' : ''}${a.unit})` : '';
        return `\`${a.name}\` ${a.type} ${allowed}${unit}: ${a.doc}`;
      }).join('; ');
    lines.push(`| ${hex(command.id, 2)} | \`${command.name}\` | ${fixedLength(command.args) + 1} | ${cell(args)} | ${cell(command.doc)} |`);
  }
  lines.push('', `\`confirm\` is the key ${hex(COMMAND_CONFIRM_KEY, 4)}: a stray or corrupted write cannot clear the log or reboot the pod.`, '');
  lines.push('Reply status codes (reply `status`):', '', '| code | name | meaning |', '|---:|---|---|');
  for (const v of REPLY_STATUS_VALUES) lines.push(`| ${v.value} | \`${v.name}\` | ${cell(v.doc)} |`);
  lines.push('', 'Error codes (error `code`):', '', '| code | name | meaning |', '|---:|---|---|');
  for (const v of ERROR_CODE_VALUES) lines.push(`| ${v.value} | \`${v.name}\` | ${cell(v.doc)} |`);
  lines.push('');
  return lines;
}

function axisName(code: number): string {
  return (code < 0 ? '-' : '+') + ['x', 'y', 'z'][Math.abs(code) - 1];
}

/** per board the pod names (setClock reply): how to read the rawBatch counts */
function boardsSection(): string[] {
  const lines = [
    '## Boards: reading the raw samples',
    '',
    'rawBatch carries the IMU counts as the sensor gives them, on its own axes. The pod names its board as the `detail` of its reply to setClock (firmware 0.16 on; 0 before, a Puck.js v2). The pod sets its IMU to +-16 g and +-2000 dps; the board gives the scale (value = counts x scale: micro-g or millidegrees per second per count; a count at or past full scale, either sign, clipped) and the nominal mounting: the sensor axis along each pod axis, V up, AP forward, ML to the runner\'s left (+x is the sensor\'s x axis, -x the opposite way). The pod starts from this mounting and refines it: it finds up from standing still and forward from running (status flags `calibrated`, `forwardKnown`), so a pod clipped upside down or turned round still measures right; a host reading the raw samples starts from the table.',
    '',
    '| code | board | IMU | accelerometer | gyroscope | full scale (counts: acc, gyro) | V, AP, ML | rates (Hz) |',
    '|---:|---|---|---|---|---|---|---|',
  ];
  for (const b of ALL_BOARDS) {
    const sc = b.scale;
    const m = b.axisMap;
    lines.push(`| ${b.podBoardCode} | \`${b.name}\` | ${b.imuPart} | ${sc.accUgPerCount} ug/count | ${sc.gyroMdpsPerCount} mdps/count | ${sc.accFullScaleCounts}, ${sc.gyroFullScaleCounts} | ${axisName(m.v)}, ${axisName(m.ap)}, ${axisName(m.ml)} | ${b.supportedRatesHz.join(', ')} (default ${b.defaultRateHz}) |`);
  }
  lines.push('', 'The accelerometer gives specific force: about +1 g along V when the pod is still and upright.', '');
  return lines;
}

/** a worked example from the real encoders: setRate 104 and the pod's ok reply, with their frames */
function exampleSection(): string[] {
  const command = new Uint8Array(32);
  const commandLength = encodeMessage({ type: 'command', seq: 7, deviceTimeMs: 1000, command: 'setRate', args: { rateHz: 104 } }, command, 0);
  const reply = new Uint8Array(32);
  const replyLength = encodeMessage({ type: 'reply', seq: 0, deviceTimeMs: 5000, commandSeq: 7, commandId: COMMAND_SET_RATE, status: REPLY_OK, detail: 0 }, reply, 0);
  const frame = new Uint8Array(64);
  const commandFrame = frame.slice(0, frameEncode(frame, 0, command, 0, commandLength, 0));
  const replyFrame = frame.slice(0, frameEncode(frame, 0, reply, 0, replyLength, 1));
  return [
    '## Example',
    '',
    'setRate 104 Hz sent by the host as seq 7 at its time 1000 ms, and the pod\'s reply (its first, seq 0, at 5000 ms), as message bytes and as serial frames (hex; the pod\'s frame whitened):',
    '',
    '```',
    `command  ${hexBytes(command.subarray(0, commandLength))}`,
    `frame    ${hexBytes(commandFrame)}`,
    `reply    ${hexBytes(reply.subarray(0, replyLength))}`,
    `frame    ${hexBytes(replyFrame)}`,
    '```',
    '',
  ];
}

/** one characteristic of the pod's GATT table as the protocol document gives it */
export interface GattDocCharacteristic {
  serviceName: string;
  serviceUuid: string;
  name: string;
  uuid: string;
  /** in Espruino's terms: readable, writable (write with and without response), notify */
  properties: Array<'read' | 'write' | 'notify'>;
  carries: string;
}

const LP_SERVICE = 'LumbarPod';
const lumbarpodChar = (name: string, part: number, properties: GattDocCharacteristic['properties'], carries: string): GattDocCharacteristic =>
  ({ serviceName: LP_SERVICE, serviceUuid: LUMBARPOD_SERVICE_UUID, name, uuid: lumbarpodUuid(part), properties, carries });
const RSC = 'Running Speed and Cadence';

/** the pod's GATT services in run mode, from the UUIDs its firmware builds (bleUuids.ts, rscService.ts) */
export const GATT_DOC_CHARACTERISTICS: readonly GattDocCharacteristic[] = [
  lumbarpodChar('step', LUMBARPOD_STEP_PART, ['notify'], 'step messages'),
  lumbarpodChar('summary', LUMBARPOD_SUMMARY_PART, ['notify'], 'summary then summaryForm of each window'),
  lumbarpodChar('raw', LUMBARPOD_RAW_PART, ['notify'], 'rawBatch messages while the raw stream is on for BLE (`setRawStream`)'),
  lumbarpodChar('control', LUMBARPOD_CONTROL_PART, ['write'], 'command messages'),
  lumbarpodChar('reply', LUMBARPOD_REPLY_PART, ['notify'], 'reply, error, status and logChunk messages'),
  {
    serviceName: RSC, serviceUuid: RSC_SERVICE_UUID, name: 'RSC Measurement', uuid: RSC_MEASUREMENT_UUID, properties: ['notify'],
    carries: `speed (the runner's speed as set, \`setSpeed\`, in 1/256 m/s: the pod measures none, so walking steps carry it too, and 0 while none is set) and cadence in steps per minute, running or walking flag; on steps with a cadence, at most one per ${RSC_MEASUREMENT_MIN_INTERVAL_MS} ms; once none has come for ${RSC_STOPPED_MS} ms (the runner stopped), one of cadence 0, walking, speed 0`,
  },
  {
    serviceName: RSC, serviceUuid: RSC_SERVICE_UUID, name: 'RSC Feature', uuid: RSC_FEATURE_UUID, properties: ['read'],
    carries: `0x${RSC_FEATURE_VALUE.toString(16).padStart(4, '0')}: walking or running status only (no stride length, distance, calibration or multiple locations)`,
  },
  { serviceName: RSC, serviceUuid: RSC_SERVICE_UUID, name: 'Sensor Location', uuid: RSC_SENSOR_LOCATION_UUID, properties: ['read'], carries: `${RSC_SENSOR_LOCATION_HIP} (hip)` },
  {
    serviceName: 'Battery', serviceUuid: BATTERY_SERVICE_UUID, name: 'Battery Level', uuid: BATTERY_LEVEL_UUID, properties: ['read', 'notify'],
    carries: 'percent, set each minute whether or not a central is connected',
  },
];

const SERVICE_NOTES: { [uuid: string]: string } = {
  [RSC_SERVICE_UUID]: 'listed in the primary advertising packet, where watches look for a foot pod',
};

function gattTable(): string[] {
  const rows: string[] = [];
  let service = '';
  for (const c of GATT_DOC_CHARACTERISTICS) {
    if (c.serviceUuid !== service) {
      service = c.serviceUuid;
      rows.push(`| **${c.serviceName}** service | \`${c.serviceUuid}\` | | ${SERVICE_NOTES[service] ?? ''} |`);
    }
    const properties = c.properties.map((p) => (p === 'write' ? 'write, write without response' : p)).join(', ');
    rows.push(`| ${c.name} | \`${c.uuid}\` | ${properties} | ${c.carries} |`);
  }
  return [
    '### GATT services (run mode)',
    '',
    '| service or characteristic | UUID | properties | carries |',
    '|---|---|---|---|',
    ...rows,
    '',
    `The RSC service has no SC Control Point (\`${RSC_CONTROL_POINT_UUID}\`): the specification leaves it out while no procedure is supported. The JavaScript console (Nordic UART service) is closed in run mode and open only in setup mode.`,
  ];
}

export function renderProtocolDoc(): string {
  const lines: string[] = [
    `# LumbarPod binary protocol, version ${PROTOCOL_VERSION}`,
    '',
    '<!-- Generated by `npx ts-node scripts/protocol-doc.ts` from firmware/protocol/messageTypes.ts and messageIds.ts. Do not edit: a test fails when this file differs from the tables. -->',
    '',
    'How the pod and its hosts talk over serial (USB/UART) and BLE: one definition of every message in `firmware/protocol/messageTypes.ts`, encoded by the pod (`podEncoders.ts`, checked byte for byte against the tables) and decoded on the host (`codec.ts`, `host-tools/protocol/`).',
    '',
    '## Conventions',
    '',
    '- Integers only, little-endian: u8, i8, u16, i16, u32, i32. A value in its unit is the wire integer divided by the field\'s scale (`leanCdeg` 1234 with scale 1/100 deg is 12.34 deg).',
    '- Field names carry unit and scale as in firmware/core: `tMs`, `voMm`, `impactMg`, `dropCdeg`, `cadenceSpm` (steps, not strides), `vgrfBw100`, `...Pct100`.',
    '- Range is what the pod sends. Encoders saturate at the wire type\'s limits, so a value beyond them arrives as the nearest limit, never wrapped into a plausible wrong number.',
    '- A message is the 8-byte header, then its fields in table order, then its tail (raw samples, log bytes) or a command\'s arguments.',
    '',
    '## Header',
    '',
    '| offset | field | type | meaning |',
    '|---:|---|---|---|',
    `| 0 | \`version\` | u8 | protocol version, ${PROTOCOL_VERSION} |`,
    '| 1 | `type` | u8 | message type id (Messages); 0 is never a type |',
    '| 2 | `seq` | u16 | sequence number per link and message type: 0 for the first message of that type after boot, +1 per message, wraps 65535 -> 0 |',
    '| 4 | `deviceTimeMs` | u32 | the sender\'s clock when the message was built: the pod\'s ms since boot (wraps after 49.7 days); in commands the host\'s own clock, which the pod ignores |',
    '',
    'Core\'s own clock (`tMs`, `startMs`, `firstSampleIndex`) counts samples from the start of the recording, gaps included, so replaying the raw samples gives the same times; `deviceTimeMs` ties messages to the pod\'s clock across recordings.',
    '',
    '## Loss, duplicates and corruption',
    '',
    '- Every type has its own `seq` on each link, so the host knows which type lost how many messages (`host-tools/protocol/sequenceTracker.ts`): a jump is a gap, the same or an older `seq` is a duplicate, a clock running backwards is a restart. The pod uses up a `seq` for every message it makes while no host listens, so after hours away the `seq` may be half its space or more ahead: that is a gap when the pod\'s clock went on by at least a millisecond per message skipped (`host-tools/protocol/sequenceSkip.ts`), else a duplicate.',
    '- A host that comes back after the link was down asks getStatus before it takes in what arrives: the reply\'s `detail` is the pod\'s boot id, drawn at random at each boot. A new id is a restart, also one whose clock, seqs and sample count went on past the old boot\'s while the host was away.',
    '- A pod that records from its boot (autoStart), or that a button or another host started, sends its steps, summaries and statuses as soon as a host opens the link, before the host has sent anything: they belong to that recording. A host that wants a recording of its own sends stopRecording, then startRecording, and takes as its recording what arrives after the reply to startRecording (`lumbarpod record` does so); a host that only watches (`stream`, the dashboard) takes the recording as it finds it.',
    '- After getStatus the pod sends the reply first, then the status message: a host that waits for the reply reads on for the status.',
    '- rawBatch carries `firstSampleIndex`: a batch that does not continue where the last one ended shows exactly how many samples were lost, including samples the pod itself lost (status `droppedSamples`).',
    '- step and summary carry their own running `index`, and logChunk its `logOffset`, so data read twice (live and again from the log) is de-duplicated by the host.',
    '- On serial every frame has a CRC; a bad frame is counted and dropped, and decoding resumes at the next 0x00. The recording says where (frameError entries), and the following `seq` shows what was lost.',
    '',
    '## Versioning',
    '',
    `- The \`version\` byte is ${PROTOCOL_VERSION}. It is bumped when any field is removed, moved, retyped or rescaled, or changes meaning.`,
    '- Without a bump, only additions: new message types and commands (new ids), fields appended at the end of a message, new bits, new enumeration values. Decoders ignore bytes past the fields they know and report unknown types without stopping.',
    `- A message from a firmware made before a field was appended ends before it; the decoder reads such a field as ${FIELD_NOT_SENT}. Appended so far: status \`sampleHandlerBusyPct\` (firmware 0.2). The reply to getStatus carries the boot id in \`detail\` from firmware 0.5; an older pod's is 0.`,
    '- The pod answers a command of another version with reply `badVersion`; the host decoder reports a message of another version as a decodeError `badVersion`.',
    '- Version 2 (from version 1): status lost `logEntries` (its `storageUsedBytes` is the log\'s length, the offset readLog goes on from) and gained `speedMms` at its end, status counters now run from recording start as documented, and the windows wholly inside a gap of lost samples are no longer sent as empty summaries (summary `index` jumps past them). A recording made with version 1 keeps its decoded messages and stays readable.',
    `- The version covers the message bytes, which are the same on both links; the serial framing around them is not part of it. The framing changed once, from a 2-byte CRC-16/CCITT-FALSE to the ${FRAME_CRC_LENGTH}-byte CRC-32 below (so the pod computes it natively, with E.CRC32), and the version stayed 1: no message byte changed, BLE (no framing) is unaffected, and on serial a version byte could not have told the two framings apart anyway, since a receiver reads it only after the frame's CRC has passed. A pod and a host on different framings see every frame of the other fail its CRC (frameError \`crc\`, the pod answers error \`badFrame\`); update the side that is behind.`,
    `- From firmware 0.3 the pod whitens its frames (below). A host reads frames whitened or not, and sends its commands not whitened, which every pod reads: hosts and pods of either kind still talk, except a host from before whitening, which cannot read a pod from 0.3 on.`,
    '',
    '## Framing on serial',
    '',
    '```',
    'frame = COBS(message, CRC bits 0-7, 8-15, 16-23, 24-31) 0x00',
    '```',
    '',
    `- The pod whitens the frames it sends: every byte of message and CRC is XORed with ${hex(FRAME_WHITEN_BYTE, 2)} before COBS, and the receiver XORs them back before checking the CRC. Raw samples near rest have many 0x00 bytes (high bytes of counts near 0), and COBS costs the pod a pass of JavaScript for each; whitened, a 0x00 stands for a byte that was ${hex(FRAME_WHITEN_BYTE, 2)}, about 1 in 256 (docs/performance.md, "Raw only"). A host's commands are not whitened, and the pod reads only those: a whitened command fails its CRC there, is answered with error \`badFrame\` and is not obeyed. A host takes a frame whose CRC holds either way: it checks the CRC on the bytes as they came, then on them XORed back (a wrong frame passes by chance about once in 2^31).`,
    `- The line runs at ${POD_BAUD_RATE} baud, 8 data bits, no parity, 1 stop bit, no flow control (no RTS/CTS, no XON/XOFF: every byte value is data). A host that opens the port while the pod is sending may see the first frame cut (a CRC or COBS error): it drops that frame and goes on from the next 0x00.`,
    '- COBS (Cheshire and Baker) removes every 0x00, so 0x00 delimits frames: at most one extra byte per 254 plus one. A block of 254 data bytes (code 0xFF) has no implied 0x00 after it.',
    '- One message per frame. An empty frame (0x00 0x00) is ignored: a sender may start with 0x00 to end any partial frame at the receiver.',
    `- The pod reads a frame of up to ${RX_FRAME_MAX_BYTES} encoded bytes between delimiters, enough for every command (the longest command message is ${Math.max(...COMMAND_SPECS.map((c) => fixedLength(c.args) + 1))} bytes, ${frameMaxLength(Math.max(...COMMAND_SPECS.map((c) => fixedLength(c.args) + 1))) - 1} framed): the bytes of a longer frame past that are dropped, so it fails its CRC and is answered with error \`badFrame\`.`,
    `- The longest message is ${MAX_MESSAGE_LENGTH} bytes (a rawBatch of ${RAW_BATCH_MAX_SAMPLES} samples), so the longest frame is ${frameMaxLength(MAX_MESSAGE_LENGTH)} bytes with its delimiter. The host drops a frame longer than its maxFrameLength (default ${DEFAULT_MAX_FRAME_LENGTH} encoded bytes, the COBS length of the longest message and its CRC) as soon as it grows past it, counts it, and resumes at the next 0x00.`,
    '- A receiver drops a frame that fails COBS or its CRC, or ends before the CRC, and counts it; the pod also answers with error `badFrame`. A stream that ends inside a frame reports it as truncated.',
    '- The pod runs its serial port only while a serial adapter is on its pins, as Espruino itself decides at boot: the adapter\'s TX idles high on the pod\'s RX (Puck.js: the adapter\'s RX on the pod\'s TX, D28, its TX on the pod\'s RX, D29; MDBT42Q: the pod\'s TX D6, RX D8). It looks at boot and watches the pin for an adapter plugged in later, whose stream starts at that moment. With no adapter the UART stays off, which saves its current, and nothing is framed. Steps are then encoded only for a BLE central; a step nobody receives still uses up its `seq`, so a host that comes back sees how many it missed. Window summaries with a step in them are always logged (`readLog`).',
    '',
    '## CRC',
    '',
    `CRC-32/ISO-HDLC (the CRC-32 of zlib, PNG and Ethernet; Espruino's E.CRC32): width 32, polynomial 0x04C11DB7, initial value 0xFFFFFFFF, input and output reflected, final XOR 0xFFFFFFFF; check value 0xCBF43926 for the ASCII bytes "123456789", 0 for no bytes. It covers the whole message, header included, and is appended as ${FRAME_CRC_LENGTH} bytes, low byte first, before COBS.`,
    '',
    '## BLE',
    '',
    `- One message per notification (pod to host) or write (host to pod): no framing, no CRC (the link layer checks its packets). A message must fit ${BLE_MAX_MESSAGE_LENGTH} bytes, the notification payload of the Puck\'s ATT MTU of 53; every fixed-length message does.`,
    `- A BLE rawBatch carries at most ${RAW_BATCH_MAX_SAMPLES_BLE} samples (${RAW_BATCH_SAMPLES_OFFSET} + ${RAW_BATCH_MAX_SAMPLES_BLE} x 12 = ${RAW_BATCH_SAMPLES_OFFSET + RAW_BATCH_MAX_SAMPLES_BLE * 12} bytes), a logChunk at most ${LOG_CHUNK_MAX_BYTES_BLE} log bytes; a window summary goes as two messages, summary and summaryForm.`,
    '- The central must negotiate the larger MTU (Chrome, Android and iOS do); with the default MTU of 23 only 20 bytes fit and the host sees messages cut short (decodeError `short`).',
    '- Cadence for watches and apps goes through the standard Running Speed and Cadence service, not through these messages.',
    `- The primary advertising packet holds the flags, \`${RSC_SERVICE_UUID}\` and \`${BATTERY_SERVICE_UUID}\` (its complete list of 16-bit services; 0x1814 alone before firmware 0.20) and the Complete Local Name \`${POD_ADVERTISED_NAME}\`; in setup mode Espruino's own packet, named \`Puck.js xxxx\`, without 0x1814. The LumbarPod service is not advertised (a 128-bit UUID takes 18 of the packet's 31 bytes): a central finds the pod by 0x1814 or its name and discovers it once connected. Web Bluetooth reaches only services it was asked for, so a page names the LumbarPod and Battery services in \`optionalServices\` (as \`host-tools/web/podLink.ts\` does); without that, getPrimaryService fails.`,
    '- Each write to the control characteristic is one command, at most 50 bytes (a longer write is refused by the BLE stack, with no reply); the reply comes as a notification on the reply characteristic, which the central subscribes to first. A write the pod cannot parse is answered there too (reply status), never with an ATT error.',
    `- What a central turns on lasts as long as its link: its raw stream (\`setRawStream\` from BLE, never kept in flash) and a readLog in progress on BLE end when it disconnects, so a central that comes back sends \`setRawStream\` again and reads the log on from the first byte it is missing. setRate and setSpeed are the pod's own settings, kept in flash, whichever link sent them. Serial's raw stream is kept in flash too. The status flag \`rawStream\` is each link's own: over BLE it says whether the central's stream is on, on serial whether serial's is (firmware 0.20 on; before, it was on when either was).`,
    `- The BLE stack may drop a notification when its queue is full, and the pod cannot know (Espruino passes the error on to no one). A dropped step or summary shows as a gap in its \`seq\` (the summaries come back with readLog), a dropped logChunk as a gap in \`logOffset\` (read again from there), a dropped rawBatch as a jump in \`firstSampleIndex\` (those samples are lost: a research recording takes the raw stream on serial). The raw stream is what fills the queue: each quarter-second burst of the IMU goes out as rate / 4 / ${RAW_BATCH_MAX_SAMPLES_BLE} notifications at once, rounded up (9 at 104 Hz, 18 at 208 Hz). They go after the steps, summary and RSC Measurement the pod found in that burst (on serial too; firmware 0.20 on, before them in older firmware, so a central that turned the raw stream on could miss those too), so when the queue is full it is raw batches that are dropped. Log chunks are paced, one per ${BLE_LOG_CHUNK_MS} ms (${LOG_CHUNK_MAX_BYTES_BLE} bytes each, about ${(LOG_CHUNK_MAX_BYTES_BLE * 1000 / BLE_LOG_CHUNK_MS / 1024).toFixed(1)} KB/s); a readLog sent while one is in progress on the same link replaces it.`,
    '- Error messages go to every link that listens: a central also hears `badFrame` errors that frames on serial caused.',
    '',
    ...gattTable(),
    '',
    '## Messages',
    '',
    '| id | name | direction | length | fits BLE |',
    '|---:|---|---|---|---|',
  ];
  for (const spec of MESSAGE_SPECS) {
    lines.push(`| ${hex(spec.id, 2)} | [${spec.name}](#${hex(spec.id, 2).toLowerCase()}-${spec.name.toLowerCase()}) | ${spec.from === 'pod' ? 'pod to host' : 'host to pod'} | ${lengthText(spec)} | ${bleText(spec)} |`);
  }
  lines.push('');
  for (const spec of MESSAGE_SPECS) lines.push(...messageSection(spec));
  lines.push(...commandSection());
  lines.push(...boardsSection());
  lines.push(
    '## On-device log',
    '',
    'The pod logs the summary and summaryForm messages of each window with at least one step, exactly as sent live (headers included). A window with no step (the pod still, or on a desk) is sent live but not logged: its fields are all 0 but its `index`, `startMs` and `endMs`, so the log\'s `index` jumps past it, and a pod that samples from boot does not fill its log lying idle. readLog streams the log as logChunk messages from a byte offset; joined in `logOffset` order they are the log\'s bytes, in this format (firmware 0.3 on; `firmware/protocol/logFormat.ts` writes it, `LogDecoder` in `host-tools/protocol/logEntries.ts` reads it):',
    '',
    `- A window\'s two messages (${LOG_WINDOW_MESSAGE_BYTES} bytes) are taken as ${LOG_ENTRY_WORDS} little-endian 16-bit words, and stored as one entry: \`[length u8][kind u8][bitmap ${LOG_ENTRY_WORDS / 8} bytes][varints]\`. \`length\` counts the whole entry (at most ${LOG_ENTRY_MAX_BYTES} bytes).`,
    `- Before that, some words are taken less another word of the same window, modulo 2^16, so they stay the same from window to window: as pairs [word, reference], in the order they are restored, ${JSON.stringify(LOG_RELATIVE_WORDS)} (of the summary: 1 seq, 2-3 pod time, 4-5 index, 6-7 startMs, 8-9 endMs; of the summaryForm, from word 25: 26 seq, 27-28 pod time, 29-30 index). The window\'s end is stored less its start, the pod time less the window\'s end, and the summaryForm\'s seq, time and index less the summary\'s.`,
    `- \`kind\` ${hex(LOG_KIND_KEY, 2)} (key): the varints are the words. \`kind\` ${hex(LOG_KIND_DELTA, 2)} (delta): they are the changes from the previous window entry\'s words as stored (after the subtractions above, not as restored), each taken modulo 2^16 as a signed number and zigzagged (0, -1, 1, -2 ... as 0, 1, 2, 3 ...). Bit i of the bitmap (byte i >> 3, bit i & 7) is set when word i has a varint; a word without one is 0 in a key entry and unchanged in a delta entry.`,
    '- A varint holds 7 bits per byte, low bits first; every byte but its last has its top bit set.',
    `- The log is cut into blocks of ${LOG_BLOCK_BYTES} bytes. No entry crosses a block\'s end: a pad byte ${hex(LOG_PAD, 2)} where an entry starts skips the rest of its block. The first window entry of a block, and the first after the pod restarts or its log is cleared, is a key entry. So decoding can start at the start of any block: a host reading from an offset asks from the start of its block (\`logReadStart\`), and a stretch of the log that never arrives costs the entries up to the next block. A key entry in the same block as the window entry before it marks a restart of the pod between the two (with any message entries just before it), also where the pod time of the new boot has passed the old one\'s.`,
    `- ${hex(LOG_END, 2)} where an entry starts is erased flash: the log ends there. A firmware 0.2 log held the two messages as they are, ${LOG_WINDOW_MESSAGE_BYTES} bytes beginning with the header\'s protocol version ${LOG_LEGACY_FIRST_BYTE} (an entry\'s length is never ${LOG_LEGACY_FIRST_BYTE}); a pod updated since keeps such entries and starts its own at the next block.`,
    `- A clock entry (firmware 0.4 on) is \`[length u8][kind ${hex(LOG_KIND_CLOCK, 2)}][a clock message]\`: the wall clock a host gave with setClock, at the pod time in its header. The pod writes one before the first window it logs after a setClock, and again after clearLog. A delta entry after it is written against the window before it. With it a host gives the windows logged later in the same boot their wall time, even after the pod has restarted (its clock starts at 0 on every boot): a restart shows as pod time going back.`,
    `- A recordingInfo entry (firmware 0.19 on) is a message entry of the same form, \`[length u8][kind ${hex(LOG_KIND_CLOCK, 2)}][a recordingInfo message]\`: the rate a recording samples at. The pod writes one right before the first window each recording logs (after that window's clock entry, if any), and again after clearLog. So each recording in the log starts with one, and its windows keep their rate when the pod is set to another later. A host tells the two message entries apart by the message's type.`,
    '- Nothing is rounded: the host gets every message back byte for byte. On the simulated pod a window of a synthetic run takes 24 to 34 bytes instead of 96, so a pod\'s log holds about three to four times the minutes of activity.',
    '',
  );
  lines.push(...exampleSection());
  return lines.join('\n');
}
