// Generic encode and decode of every message, driven by the field tables in messageTypes.ts:
// header, fixed fields in table order, then the tail (raw samples, log bytes) or a command's
// arguments. Little-endian, saturating on encode. Used by the host and the tests; the pod
// sends through the table-checked fast encoders in podEncoders.ts.
import {
  HEADER_LENGTH, HEADER_SEQ_OFFSET, HEADER_TIME_OFFSET, HEADER_TYPE_OFFSET, HEADER_VERSION_OFFSET, MSG_COMMAND,
  PROTOCOL_VERSION,
} from './messageIds';
import {
  AnyMessageSpec, CommandSpec, FIELD_NOT_SENT, FieldSpec, MessageName, MessageSpec, commandSpecById, commandSpecByName, fixedLength,
  leastFixedLength, messageSpecById, messageSpecByName,
} from './messageTypes';
import { WIRE_TYPE_BYTES, readI16, readU16, readU32, readWire, writeI16, writeU16Wrapped, writeU32Wrapped, writeU8, writeWire } from './littleEndian';

export interface MessageHeader {
  /** protocol version the message was encoded with (PROTOCOL_VERSION when this decoder read it) */
  version: number;
  /** per link and message type, +1 per message, wraps 65535 -> 0 */
  seq: number;
  /** the sender's clock in ms (the pod's: since boot, wraps after 49.7 days) */
  deviceTimeMs: number;
}

type FieldNamesOf<S> = S extends { readonly fields: readonly (infer F)[] } ? (F extends { readonly name: infer N } ? N & string : never) : never;
type TailOf<S> = S extends { readonly tail: { readonly name: infer N; readonly type: infer T } }
  ? { [K in N & string]: T extends 'u8' ? Uint8Array : Int16Array }
  : unknown;
type CommandPartOf<S> = S extends { readonly name: 'command' }
  ? { /** command name from COMMAND_SPECS */ command: string; /** arguments by name */ args: { [name: string]: number } }
  : unknown;

/** one decoded message of the spec S: its type name, the header, every field by name, its tail */
export type MessageOf<S> = { type: S extends { readonly name: infer N } ? N : never } & MessageHeader & { [K in FieldNamesOf<S>]: number } & TailOf<S> & CommandPartOf<S>;

/** any decoded message; narrow on `type` */
export type Message = { [N in MessageName]: MessageOf<Extract<AnyMessageSpec, { readonly name: N }>> }[MessageName];
export type MessageByName<N extends MessageName> = Extract<Message, { type: N }>;

/** what encodeMessage takes: a Message, version optional (always PROTOCOL_VERSION on the wire) */
export interface MessageInput {
  type: string;
  seq: number;
  deviceTimeMs: number;
  [field: string]: unknown;
}

export type DecodeFailureReason = 'short' | 'badVersion' | 'unknownType' | 'badCount' | 'unknownCommand';

export interface DecodeFailure {
  type: 'decodeError';
  reason: DecodeFailureReason;
  /** header values when the message was long enough to hold them, else -1 */
  version: number;
  typeId: number;
  seq: number;
  length: number;
}

export const ENCODE_UNKNOWN_TYPE = -1;
export const ENCODE_NO_ROOM = -2;
export const ENCODE_BAD_TAIL = -3;
export const ENCODE_UNKNOWN_COMMAND = -4;

function argsLength(command: CommandSpec): number {
  return fixedLength(command.args) - HEADER_LENGTH;
}

/** length of a message of this spec with `tailCount` tail elements (0 for no tail) */
export function messageLength(spec: MessageSpec, tailCount: number): number {
  const tail = spec.tail;
  return fixedLength(spec.fields) + (tail ? tailCount * tail.stride * WIRE_TYPE_BYTES[tail.type] : 0);
}

function writeFields(buf: Uint8Array, offset: number, fields: readonly FieldSpec[], values: { [name: string]: unknown }): number {
  let at = offset;
  for (let i = 0; i < fields.length; i++) {
    const value = values[fields[i].name];
    at += writeWire(buf, at, fields[i].type, typeof value === 'number' ? value : 0);
  }
  return at;
}

/**
 * Writes `msg` into buf at offset; returns its length, or a negative ENCODE_* code (unknown type
 * or command, no room, a tail that is not a whole number of elements or too long). Missing
 * numeric fields are written as 0; values outside a field's wire type saturate.
 */
export function encodeMessage(msg: MessageInput, buf: Uint8Array, offset: number): number {
  const spec = messageSpecByName(msg.type);
  if (spec === undefined) return ENCODE_UNKNOWN_TYPE;
  const tail = spec.tail;
  let tailValues: Int16Array | Uint8Array | undefined;
  let tailCount = 0;
  if (tail) {
    const given = msg[tail.name];
    tailValues = given instanceof Int16Array || given instanceof Uint8Array ? given : undefined;
    const elements = tailValues ? tailValues.length : 0;
    if (elements % tail.stride !== 0) return ENCODE_BAD_TAIL;
    tailCount = elements / tail.stride;
    if (tailCount > tail.maxCount) return ENCODE_BAD_TAIL;
    const count = msg[tail.countField];
    if (count !== undefined && count !== tailCount) return ENCODE_BAD_TAIL;
  }
  let command: CommandSpec | undefined;
  if (spec.id === MSG_COMMAND) {
    command = typeof msg.command === 'string' ? commandSpecByName(msg.command) : commandSpecById(typeof msg.commandId === 'number' ? msg.commandId : -1);
    if (command === undefined) return ENCODE_UNKNOWN_COMMAND;
  }
  const length = messageLength(spec, tailCount) + (command ? argsLength(command) : 0);
  if (offset < 0 || offset + length > buf.length) return ENCODE_NO_ROOM;

  writeU8(buf, offset + HEADER_VERSION_OFFSET, PROTOCOL_VERSION);
  writeU8(buf, offset + HEADER_TYPE_OFFSET, spec.id);
  writeU16Wrapped(buf, offset + HEADER_SEQ_OFFSET, msg.seq);
  writeU32Wrapped(buf, offset + HEADER_TIME_OFFSET, msg.deviceTimeMs);
  // the count field comes from the tail itself, the command id from the command found
  const values = tail ? copyWith(msg, tail.countField, tailCount) : command ? copyWith(msg, 'commandId', command.id) : msg;
  let at = writeFields(buf, offset + HEADER_LENGTH, spec.fields, values);
  if (command) {
    const args = msg.args as { [name: string]: unknown } | undefined;
    at = writeFields(buf, at, command.args, args || {});
  }
  if (tail && tailValues) {
    if (tail.type === 'i16') {
      for (let i = 0; i < tailValues.length; i++, at += 2) writeI16(buf, at, tailValues[i]);
    } else {
      for (let i = 0; i < tailValues.length; i++, at += 1) writeU8(buf, at, tailValues[i]);
    }
  }
  return at - offset;
}

function copyWith(msg: MessageInput, name: string, value: number): { [name: string]: unknown } {
  const copy: { [name: string]: unknown } = {};
  for (const key in msg) if (Object.prototype.hasOwnProperty.call(msg, key)) copy[key] = msg[key];
  copy[name] = value;
  return copy;
}

function failure(reason: DecodeFailureReason, bytes: Uint8Array, offset: number, length: number): DecodeFailure {
  return {
    type: 'decodeError',
    reason: reason,
    version: length >= 1 ? bytes[offset + HEADER_VERSION_OFFSET] : -1,
    typeId: length >= 2 ? bytes[offset + HEADER_TYPE_OFFSET] : -1,
    seq: length >= 4 ? readU16(bytes, offset + HEADER_SEQ_OFFSET) : -1,
    length: length,
  };
}

/** reads the fields from `at`; one that would pass `end` (appended after the sender was made) is FIELD_NOT_SENT */
function readFields(bytes: Uint8Array, at: number, fields: readonly FieldSpec[], into: { [name: string]: unknown }, end = Infinity): number {
  for (let i = 0; i < fields.length; i++) {
    const next = at + WIRE_TYPE_BYTES[fields[i].type];
    into[fields[i].name] = next <= end ? readWire(bytes, at, fields[i].type) : FIELD_NOT_SENT;
    at = next;
  }
  return at;
}

/**
 * Reads the message in bytes[offset, offset + length): a Message, or a DecodeFailure saying why
 * not. Bytes past the known fields are ignored (fields appended in a later revision of the same
 * version). Never throws.
 */
export function decodeMessage(bytes: Uint8Array, offset?: number, length?: number): Message | DecodeFailure {
  const start = offset === undefined || offset < 0 ? 0 : offset;
  const available = bytes.length - start;
  const n = length === undefined || length > available ? (available > 0 ? available : 0) : length < 0 ? 0 : length;
  if (n < HEADER_LENGTH) return failure('short', bytes, start, n);
  if (bytes[start + HEADER_VERSION_OFFSET] !== PROTOCOL_VERSION) return failure('badVersion', bytes, start, n);
  const spec = messageSpecById(bytes[start + HEADER_TYPE_OFFSET]);
  if (spec === undefined) return failure('unknownType', bytes, start, n);
  if (n < leastFixedLength(spec)) return failure('short', bytes, start, n);
  const out: { [name: string]: unknown } = {
    type: spec.name,
    version: bytes[start + HEADER_VERSION_OFFSET],
    seq: readU16(bytes, start + HEADER_SEQ_OFFSET),
    deviceTimeMs: readU32(bytes, start + HEADER_TIME_OFFSET),
  };
  let at = readFields(bytes, start + HEADER_LENGTH, spec.fields, out, start + n);
  const tail = spec.tail;
  if (tail) {
    const count = out[tail.countField] as number;
    if (count > tail.maxCount) return failure('badCount', bytes, start, n);
    const elements = count * tail.stride;
    if (n < messageLength(spec, count)) return failure('short', bytes, start, n);
    if (tail.type === 'i16') {
      const values = new Int16Array(elements);
      for (let i = 0; i < elements; i++, at += 2) values[i] = readI16(bytes, at);
      out[tail.name] = values;
    } else {
      // a copy, never a view: a Buffer's slice would share the caller's memory
      const values = new Uint8Array(elements);
      for (let i = 0; i < elements; i++) values[i] = bytes[at + i];
      out[tail.name] = values;
    }
  }
  if (spec.id === MSG_COMMAND) {
    const command = commandSpecById(out.commandId as number);
    if (command === undefined) return failure('unknownCommand', bytes, start, n);
    if (n < fixedLength(spec.fields) + argsLength(command)) return failure('short', bytes, start, n);
    const args: { [name: string]: unknown } = {};
    readFields(bytes, at, command.args, args);
    out.command = command.name;
    out.args = args;
  }
  return out as unknown as Message;
}

/**
 * Length of the message that starts at bytes[offset] (for splitting messages stored back to
 * back, as in the log), or -1 when the bytes there cannot start a known message.
 */
export function messageLengthAt(bytes: Uint8Array, offset: number, length: number): number {
  if (offset < 0 || length < HEADER_LENGTH || offset + length > bytes.length) return -1;
  if (bytes[offset + HEADER_VERSION_OFFSET] !== PROTOCOL_VERSION) return -1;
  const spec = messageSpecById(bytes[offset + HEADER_TYPE_OFFSET]);
  if (spec === undefined) return -1;
  const fixed = fixedLength(spec.fields);
  if (length < fixed) return -1;
  const tail = spec.tail;
  if (tail) {
    let at = offset + HEADER_LENGTH;
    let i = 0;
    while (spec.fields[i].name !== tail.countField) at += WIRE_TYPE_BYTES[spec.fields[i++].type];
    const count = readWire(bytes, at, spec.fields[i].type);
    return count > tail.maxCount ? -1 : messageLength(spec, count);
  }
  if (spec.id === MSG_COMMAND) {
    const command = commandSpecById(bytes[offset + HEADER_LENGTH]);
    return command === undefined ? -1 : fixed + argsLength(command);
  }
  return fixed;
}
