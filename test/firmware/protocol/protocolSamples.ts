// Test helpers: messages built from the field tables with boundary or random values, so every
// round-trip test covers every field of every message without listing them by hand.
import { MessageInput } from '../../../firmware/protocol/codec';
import { PROTOCOL_VERSION } from '../../../firmware/protocol/messageIds';
import { COMMAND_SPECS, CommandSpec, FieldSpec, MessageSpec } from '../../../firmware/protocol/messageTypes';
import { Prng } from '../../../host-tools/synthetic/prng';

export type Pick = 'min' | 'max' | 'random';

/** an integer in [min, max], uniform */
export function randomInt(prng: Prng, min: number, max: number): number {
  return min + Math.floor(prng.nextFloat() * (max - min + 1));
}

export function randomBytes(prng: Prng, length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i++) bytes[i] = prng.nextUint32() & 0xff;
  return bytes;
}

/** a value of the field: its lowest, its highest, or random; enumerations pick among their values */
export function fieldValue(field: FieldSpec, pick: Pick, prng: Prng): number {
  if (field.values) {
    const values = field.values.map((v) => v.value);
    if (pick === 'min') return Math.min(...values);
    if (pick === 'max') return Math.max(...values);
    return values[randomInt(prng, 0, values.length - 1)];
  }
  if (pick === 'min') return field.min;
  if (pick === 'max') return field.max;
  return randomInt(prng, field.min, field.max);
}

function fieldValues(fields: readonly FieldSpec[], pick: Pick, prng: Prng): { [name: string]: number } {
  const values: { [name: string]: number } = {};
  for (const field of fields) values[field.name] = fieldValue(field, pick, prng);
  return values;
}

/** a message of `spec` (for commands: of `command`), tail of `tailCount` elements */
export function sampleMessage(spec: MessageSpec, pick: Pick, prng: Prng, tailCount = 0, command?: CommandSpec): MessageInput {
  const seq = pick === 'min' ? 0 : pick === 'max' ? 65535 : randomInt(prng, 0, 65535);
  const deviceTimeMs = pick === 'min' ? 0 : pick === 'max' ? 4294967295 : randomInt(prng, 0, 4294967295);
  const msg: MessageInput = { type: spec.name, version: PROTOCOL_VERSION, seq, deviceTimeMs, ...fieldValues(spec.fields, pick, prng) };
  if (spec.tail) {
    const elements = tailCount * spec.tail.stride;
    const tail = spec.tail.type === 'i16' ? new Int16Array(elements) : new Uint8Array(elements);
    const low = spec.tail.type === 'i16' ? -32768 : 0;
    const high = spec.tail.type === 'i16' ? 32767 : 255;
    for (let i = 0; i < elements; i++) tail[i] = pick === 'min' ? low : pick === 'max' ? high : randomInt(prng, low, high);
    msg[spec.tail.name] = tail;
    msg[spec.tail.countField] = tailCount;
  }
  if (spec.name === 'command') {
    const chosen = command || COMMAND_SPECS[0];
    msg.commandId = chosen.id;
    msg.command = chosen.name;
    msg.args = fieldValues(chosen.args, pick, prng);
  }
  return msg;
}
