// The pod's command parser: a whitelist of command ids, each with its exact length and argument
// ranges; anything else is refused with a REPLY_* status, never an exception. The limits are
// the pod's compact copy of messageTypes.ts COMMAND_SPECS (a test keeps the two equal).
import {
  COMMAND_CONFIRM_KEY, HEADER_LENGTH, MSG_COMMAND, PROTOCOL_VERSION, REPLY_BAD_LENGTH, REPLY_BAD_VERSION, REPLY_NOT_COMMAND, REPLY_OK, REPLY_OUT_OF_RANGE,
  REPLY_UNKNOWN_COMMAND,
} from './messageIds';

/** most arguments of any command */
export const COMMAND_MAX_ARGS = 2;

/** a parsed command, owned by the caller and overwritten by every parse */
export interface CommandParsed {
  /** seq of the command, for the reply; -1 when the message was too short to carry one */
  seq: number;
  /** the command id as received (also when unknown), -1 when there was none */
  commandId: number;
  argCount: number;
  /** argument values in order; entries from argCount on are stale */
  args: number[];
  /** with REPLY_OUT_OF_RANGE: the argument number from 1 (the reply's detail), else 0 */
  badArgument: number;
}

export function commandParsedCreate(): CommandParsed {
  return { seq: -1, commandId: -1, argCount: 0, args: [0, 0], badArgument: 0 };
}

// Per command id, its arguments in order, each [bytes, min, max, allowed values...] (unsigned
// little-endian; no allowed values = any value in [min, max]). One literal indexed by id (an
// assignment per id cost the bundle about 50 bytes more); a test checks it against the table.
const CONFIRM_ARGS = [[2, COMMAND_CONFIRM_KEY, COMMAND_CONFIRM_KEY]];
const COMMAND_ARGS: (number[][] | undefined)[] = [
  undefined,
  [], // COMMAND_GET_STATUS
  [], // COMMAND_START_RECORDING
  [], // COMMAND_STOP_RECORDING
  [[2, 52, 208, 52, 104, 208]], // COMMAND_SET_RATE
  [[1, 0, 2]], // COMMAND_SET_RAW_STREAM
  [[4, 0, 4294967295]], // COMMAND_READ_LOG
  CONFIRM_ARGS, // COMMAND_CLEAR_LOG
  [[2, 0, 15000]], // COMMAND_SET_SPEED
  CONFIRM_ARGS, // COMMAND_REBOOT_TO_SETUP
  [[4, 0, 4294967295], [2, 0, 999]], // COMMAND_SET_CLOCK
];

/** the argument limits of a command id as the parser holds them, or undefined off the whitelist */
export function commandArgLimits(commandId: number): number[][] | undefined {
  return commandId >= 0 && commandId < 256 ? COMMAND_ARGS[commandId] : undefined;
}

/**
 * Parses the command message in bytes[offset, offset + length) into `out` and returns
 * REPLY_OK or the REPLY_* status to answer with: badLength (too short for a header or not
 * exactly the command's length), badVersion, notCommand, unknownCommand, outOfRange
 * (out.badArgument says which). Reads nothing outside the given range; never throws.
 */
export function commandParse(bytes: Uint8Array, offset: number, length: number, out: CommandParsed): number {
  out.seq = -1;
  out.commandId = -1;
  out.argCount = 0;
  out.badArgument = 0;
  if (offset < 0 || length < 0 || offset + length > bytes.length) return REPLY_BAD_LENGTH;
  if (length >= 4) out.seq = bytes[offset + 2] | (bytes[offset + 3] << 8);
  if (length < HEADER_LENGTH) return REPLY_BAD_LENGTH;
  if (bytes[offset] !== PROTOCOL_VERSION) return REPLY_BAD_VERSION;
  if (bytes[offset + 1] !== MSG_COMMAND) return REPLY_NOT_COMMAND;
  if (length < HEADER_LENGTH + 1) return REPLY_BAD_LENGTH;
  const id = bytes[offset + HEADER_LENGTH];
  out.commandId = id;
  const args = COMMAND_ARGS[id];
  if (args === undefined) return REPLY_UNKNOWN_COMMAND;
  let expected = HEADER_LENGTH + 1;
  for (let k = 0; k < args.length; k++) expected += args[k][0];
  if (length !== expected) return REPLY_BAD_LENGTH;

  let at = offset + HEADER_LENGTH + 1;
  for (let k = 0; k < args.length; k++) {
    const limits = args[k];
    const size = limits[0];
    let value = bytes[at];
    if (size >= 2) value |= bytes[at + 1] << 8;
    if (size === 4) value = (value | (bytes[at + 2] << 16) | (bytes[at + 3] << 24)) >>> 0;
    at += size;
    out.args[k] = value;
    let ok = value >= limits[1] && value <= limits[2];
    if (ok && limits.length > 3) {
      ok = false;
      for (let j = 3; j < limits.length; j++) if (limits[j] === value) ok = true;
    }
    if (!ok) {
      out.badArgument = k + 1;
      return REPLY_OUT_OF_RANGE;
    }
  }
  out.argCount = args.length;
  return REPLY_OK;
}
