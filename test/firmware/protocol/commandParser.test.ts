import { expect } from 'chai';
import { encodeMessage } from '../../../firmware/protocol/codec';
import {
  COMMAND_MAX_ARGS, CommandParsed, commandArgLimits, commandParse, commandParsedCreate,
} from '../../../firmware/protocol/commandParser';
import {
  COMMAND_CONFIRM_KEY, REPLY_BAD_LENGTH, REPLY_BAD_VERSION, REPLY_NOT_COMMAND, REPLY_OK, REPLY_OUT_OF_RANGE,
  REPLY_UNKNOWN_COMMAND,
  PROTOCOL_VERSION,
} from '../../../firmware/protocol/messageIds';
import { COMMAND_SPECS, WireType } from '../../../firmware/protocol/messageTypes';
import { createPrng } from '../../../host-tools/synthetic/prng';
import { randomBytes, randomInt } from './protocolSamples';

const BYTES: { [type in WireType]: number } = { u8: 1, i8: 1, u16: 2, i16: 2, u32: 4, i32: 4 };

function command(name: string, args: { [name: string]: number } = {}, seq = 9): Uint8Array {
  const buf = new Uint8Array(32);
  const length = encodeMessage({ type: 'command', seq, deviceTimeMs: 0, command: name, args }, buf, 0);
  expect(length).to.be.greaterThan(0);
  return buf.slice(0, length);
}

function parse(bytes: Uint8Array, out: CommandParsed = commandParsedCreate()): number {
  return commandParse(bytes, 0, bytes.length, out);
}

describe('command parser', () => {
  it('holds the same whitelist, lengths and ranges as the command table', () => {
    for (let id = 0; id < 256; id++) {
      const spec = COMMAND_SPECS.find((c) => c.id === id);
      const limits = commandArgLimits(id);
      if (spec === undefined) {
        expect(limits, `id ${id}`).to.equal(undefined);
        continue;
      }
      expect(limits, spec.name).to.not.equal(undefined);
      expect(limits!.map((l) => l[0]), spec.name).to.deep.equal(spec.args.map((a) => BYTES[a.type]));
      spec.args.forEach((a, k) => {
        const label = `${spec.name}.${a.name}`;
        expect(a.type.startsWith('u'), `${label} unsigned`).to.equal(true);
        const table = (v: number) => (a.values ? a.values.some((x) => x.value === v) : v >= a.min && v <= a.max);
        const l = limits![k];
        const parser = (v: number) => v >= l[1] && v <= l[2] && (l.length === 3 || l.slice(3).includes(v));
        // every value of a u8 or u16, and the edges plus random values of a u32
        const probes: number[] = [];
        if (a.type !== 'u32') for (let v = 0; v <= (a.type === 'u8' ? 255 : 65535); v++) probes.push(v);
        else probes.push(0, 1, a.min, a.max, 2 ** 31, 2 ** 32 - 1, ...Array.from({ length: 1000 }, (_, i) => (i * 4294967) >>> 0));
        for (const v of probes) if (table(v) !== parser(v)) expect.fail(`${label}: table and parser disagree on ${v}`);
      });
      expect(spec.args.length).to.be.at.most(COMMAND_MAX_ARGS);
    }
  });

  it('accepts every whitelisted command at the ends of its ranges and returns its seq, id and arguments', () => {
    for (const spec of COMMAND_SPECS) {
      for (const pick of ['min', 'max'] as const) {
        const args: { [name: string]: number } = {};
        for (const a of spec.args) args[a.name] = a.values ? a.values[pick === 'min' ? 0 : a.values.length - 1].value : a[pick];
        const out = commandParsedCreate();
        expect(parse(command(spec.name, args, 0xbeef), out), spec.name).to.equal(REPLY_OK);
        expect(out.seq).to.equal(0xbeef);
        expect(out.commandId).to.equal(spec.id);
        expect(out.argCount).to.equal(spec.args.length);
        expect(out.args.slice(0, out.argCount)).to.deep.equal(spec.args.map((a) => args[a.name]));
      }
    }
  });

  it('takes a wall clock of whole seconds and up to 999 ms, refusing 1000 ms as the second argument', () => {
    const out = commandParsedCreate();
    expect(parse(command('setClock', { epochS: 1764158400, epochMs: 999 }), out)).to.equal(REPLY_OK);
    expect(out.args.slice(0, 2)).to.deep.equal([1764158400, 999]);
    const bad = command('setClock', { epochS: 1764158400, epochMs: 999 });
    bad[13] = 1000 & 0xff;
    bad[14] = 1000 >> 8;
    expect(parse(bad, out)).to.equal(REPLY_OUT_OF_RANGE);
    expect(out.badArgument).to.equal(2);
  });

  it('refuses rates other than 52, 104 and 208 Hz, naming the argument', () => {
    for (const rate of [0, 51, 53, 100, 103, 105, 207, 209, 416, 65535]) {
      const out = commandParsedCreate();
      expect(parse(command('setRate', { rateHz: rate }), out), `${rate} Hz`).to.equal(REPLY_OUT_OF_RANGE);
      expect(out.badArgument).to.equal(1);
    }
    for (const rate of [52, 104, 208]) expect(parse(command('setRate', { rateHz: rate }))).to.equal(REPLY_OK);
  });

  it('refuses a raw stream switch other than 0, 1 or 2 (raw only) and a speed above 15 m/s', () => {
    expect(parse(command('setRawStream', { enabled: 2 }))).to.equal(REPLY_OK);
    expect(parse(command('setRawStream', { enabled: 3 }))).to.equal(REPLY_OUT_OF_RANGE);
    expect(parse(command('setRawStream', { enabled: 255 }))).to.equal(REPLY_OUT_OF_RANGE);
    expect(parse(command('setSpeed', { speedMms: 15000 }))).to.equal(REPLY_OK);
    expect(parse(command('setSpeed', { speedMms: 15001 }))).to.equal(REPLY_OUT_OF_RANGE);
    expect(parse(command('readLog', { fromOffset: 4294967295 }))).to.equal(REPLY_OK);
  });

  it('clears the log or reboots only with the confirm key', () => {
    for (const name of ['clearLog', 'rebootToSetup']) {
      expect(parse(command(name, { confirm: COMMAND_CONFIRM_KEY }))).to.equal(REPLY_OK);
      expect(parse(command(name, { confirm: COMMAND_CONFIRM_KEY ^ 1 }))).to.equal(REPLY_OUT_OF_RANGE);
      expect(parse(command(name, { confirm: 0 }))).to.equal(REPLY_OUT_OF_RANGE);
    }
  });

  it('refuses a command one byte short or one byte long, and one with no command id', () => {
    const good = command('setSpeed', { speedMms: 3000 });
    expect(commandParse(good, 0, good.length - 1, commandParsedCreate())).to.equal(REPLY_BAD_LENGTH);
    expect(parse(new Uint8Array([...good, 0]))).to.equal(REPLY_BAD_LENGTH);
    expect(parse(new Uint8Array([...command('getStatus'), 0]))).to.equal(REPLY_BAD_LENGTH);
    const out = commandParsedCreate();
    expect(commandParse(good, 0, 8, out)).to.equal(REPLY_BAD_LENGTH);
    expect(out.seq).to.equal(9);
    expect(out.commandId).to.equal(-1);
  });

  it('refuses a message too short for a header, reporting seq -1 when it cannot read one', () => {
    const out = commandParsedCreate();
    expect(commandParse(new Uint8Array([1, 0x10, 5]), 0, 3, out)).to.equal(REPLY_BAD_LENGTH);
    expect(out.seq).to.equal(-1);
    expect(commandParse(new Uint8Array(0), 0, 0, out)).to.equal(REPLY_BAD_LENGTH);
  });

  it('refuses an unknown command id, another protocol version, and a message that is not a command', () => {
    const unknown = command('getStatus');
    for (const id of [0, 11, 0x7f, 0xff]) {
      unknown[8] = id;
      const out = commandParsedCreate();
      expect(parse(unknown, out), `id ${id}`).to.equal(REPLY_UNKNOWN_COMMAND);
      expect(out.commandId).to.equal(id);
    }
    const otherVersion = command('getStatus');
    otherVersion[0] = PROTOCOL_VERSION + 1;
    expect(parse(otherVersion)).to.equal(REPLY_BAD_VERSION);
    const step = command('getStatus');
    step[1] = 0x02;
    expect(parse(step)).to.equal(REPLY_NOT_COMMAND);
  });

  it('reads only inside the range it is given, and refuses a range outside the buffer', () => {
    const good = command('setRate', { rateHz: 104 });
    const padded = new Uint8Array([0xff, 0xff, ...good, 0xff]);
    expect(commandParse(padded, 2, good.length, commandParsedCreate())).to.equal(REPLY_OK);
    expect(commandParse(good, 1, good.length, commandParsedCreate())).to.equal(REPLY_BAD_LENGTH);
    expect(commandParse(good, -1, 4, commandParsedCreate())).to.equal(REPLY_BAD_LENGTH);
    expect(commandParse(good, 0, -1, commandParsedCreate())).to.equal(REPLY_BAD_LENGTH);
  });

  it('never throws on 10000 random byte strings, and accepts only whitelisted commands of exactly their length with every argument in range', () => {
    const prng = createPrng(31);
    const out = commandParsedCreate();
    const seen = new Set<number>();
    for (let n = 0; n < 10000; n++) {
      const bytes = randomBytes(prng, randomInt(prng, 0, 20));
      // most strings get a valid header and a whitelisted id, so the length and range checks run
      if (n % 4 !== 0 && bytes.length >= 9) {
        bytes[0] = PROTOCOL_VERSION;
        bytes[1] = 0x10;
        if (n % 2 === 0) bytes[8] = COMMAND_SPECS[n % COMMAND_SPECS.length].id;
      }
      const status = commandParse(bytes, 0, bytes.length, out);
      seen.add(status);
      if (status === REPLY_OK) {
        const spec = COMMAND_SPECS.find((c) => c.id === out.commandId)!;
        expect(bytes.length).to.equal(9 + spec.args.reduce((sum, a) => sum + BYTES[a.type], 0));
        spec.args.forEach((a, k) => {
          const value = out.args[k];
          expect(a.values ? a.values.some((v) => v.value === value) : value >= a.min && value <= a.max).to.equal(true);
        });
      }
    }
    expect([...seen].sort()).to.include.members([REPLY_OK, REPLY_BAD_LENGTH, REPLY_UNKNOWN_COMMAND, REPLY_OUT_OF_RANGE, REPLY_BAD_VERSION, REPLY_NOT_COMMAND]);
  });
});
