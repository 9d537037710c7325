import { expect } from 'chai';
import { stepRecordCreate } from '../../../firmware/core/stepRecord';
import { summaryRecordCreate } from '../../../firmware/core/summaryRecord';
import { WIRE_TYPE_MAX, WIRE_TYPE_MIN } from '../../../firmware/protocol/littleEndian';
import {
  BLE_MAX_MESSAGE_LENGTH, LOG_CHUNK_BYTES_OFFSET, LOG_CHUNK_MAX_BYTES, LOG_CHUNK_MAX_BYTES_BLE, MAX_MESSAGE_LENGTH, MAX_MESSAGE_LENGTH_WITHOUT_RAW,
  RAW_BATCH_MAX_SAMPLES,
  RAW_BATCH_MAX_SAMPLES_BLE, RAW_BATCH_SAMPLES_OFFSET, RAW_SAMPLE_BYTES,
} from '../../../firmware/protocol/messageIds';
import {
  COMMAND_SPECS, FieldSpec, MESSAGE_SPECS, MessageSpec, STATUS_SPEC, STEP_SPEC, SUMMARY_FORM_SPEC, SUMMARY_SPEC, fixedLength,
} from '../../../firmware/protocol/messageTypes';
import { messageLength } from '../../../firmware/protocol/codec';
import { SAMPLE_STRIDE } from '../../../firmware/core/pipeline';
import { statusRecordCreate } from '../../../firmware/protocol/statusRecord';

function allFields(): Array<{ owner: string; field: FieldSpec }> {
  const list: Array<{ owner: string; field: FieldSpec }> = [];
  for (const spec of MESSAGE_SPECS) for (const field of spec.fields) list.push({ owner: spec.name, field });
  for (const command of COMMAND_SPECS) for (const field of command.args) list.push({ owner: `command ${command.name}`, field });
  return list;
}

function names(fields: readonly FieldSpec[]): string[] {
  return fields.map((f) => f.name);
}

describe('message field tables', () => {
  it('give every message and every command a unique id and name', () => {
    const ids = MESSAGE_SPECS.map((s) => s.id);
    expect(new Set(ids).size).to.equal(ids.length);
    expect(ids).to.not.include(0);
    expect(new Set(MESSAGE_SPECS.map((s) => s.name)).size).to.equal(MESSAGE_SPECS.length);
    const commandIds = COMMAND_SPECS.map((c) => c.id);
    expect(new Set(commandIds).size).to.equal(commandIds.length);
    expect(commandIds).to.not.include(0);
    expect(new Set(COMMAND_SPECS.map((c) => c.name)).size).to.equal(COMMAND_SPECS.length);
  });

  it('keep every field\'s range inside its wire type, with an integer scale and a doc', () => {
    for (const { owner, field } of allFields()) {
      const label = `${owner}.${field.name}`;
      expect(field.min, label).to.be.at.least(WIRE_TYPE_MIN[field.type]);
      expect(field.max, label).to.be.at.most(WIRE_TYPE_MAX[field.type]);
      expect(field.min, label).to.be.at.most(field.max);
      expect(Number.isInteger(field.scale) && field.scale >= 1, label).to.equal(true);
      expect(field.doc.length, label).to.be.greaterThan(5);
      for (const v of field.values || []) expect(v.value, label).to.be.within(WIRE_TYPE_MIN[field.type], WIRE_TYPE_MAX[field.type]);
      for (const b of field.bits || []) {
        expect(b.value & (b.value - 1), `${label} bit ${b.name} is one bit`).to.equal(0);
        expect(b.value, label).to.be.at.most(WIRE_TYPE_MAX[field.type]);
      }
    }
  });

  it('carry every StepRecord field in the step message, with its name and nothing else', () => {
    expect(names(STEP_SPEC.fields)).to.have.members(Object.keys(stepRecordCreate()));
    expect(STEP_SPEC.fields).to.have.length(Object.keys(stepRecordCreate()).length);
  });

  it('carry every SummaryRecord field exactly once across summary and summaryForm (index in both, to join them)', () => {
    const summary = names(SUMMARY_SPEC.fields);
    const form = names(SUMMARY_FORM_SPEC.fields);
    const both = summary.filter((n) => form.includes(n));
    expect(both).to.deep.equal(['index']);
    expect([...summary, ...form.filter((n) => n !== 'index')]).to.have.members(Object.keys(summaryRecordCreate()));
    expect(summary.length + form.length - 1).to.equal(Object.keys(summaryRecordCreate()).length);
  });

  it('carry every StatusRecord field in the status message', () => {
    expect(names(STATUS_SPEC.fields)).to.deep.equal(Object.keys(statusRecordCreate()));
  });

  it('fit every fixed-length message, a 3-sample raw batch and a 37-byte log chunk into one 50-byte BLE notification', () => {
    for (const spec of MESSAGE_SPECS as readonly MessageSpec[]) {
      const length = spec.tail ? messageLength(spec, spec.tail.maxCountBle) : fixedLength(spec.fields);
      expect(length, spec.name).to.be.at.most(BLE_MAX_MESSAGE_LENGTH);
    }
    for (const command of COMMAND_SPECS) expect(fixedLength(command.args) + 1, command.name).to.be.at.most(BLE_MAX_MESSAGE_LENGTH);
    expect(RAW_BATCH_SAMPLES_OFFSET + RAW_BATCH_MAX_SAMPLES_BLE * RAW_SAMPLE_BYTES).to.equal(BLE_MAX_MESSAGE_LENGTH);
    expect(LOG_CHUNK_BYTES_OFFSET + LOG_CHUNK_MAX_BYTES_BLE).to.equal(BLE_MAX_MESSAGE_LENGTH);
  });

  it('lay raw samples out as core takes them: 6 int16 counts each, from an even offset, as many as MAX_MESSAGE_LENGTH allows', () => {
    const raw = MESSAGE_SPECS[0];
    expect(raw.name).to.equal('rawBatch');
    expect(raw.tail.stride).to.equal(SAMPLE_STRIDE);
    expect(raw.tail.stride * 2).to.equal(RAW_SAMPLE_BYTES);
    expect(fixedLength(raw.fields)).to.equal(RAW_BATCH_SAMPLES_OFFSET);
    expect(RAW_BATCH_SAMPLES_OFFSET % 2).to.equal(0);
    expect(messageLength(raw, RAW_BATCH_MAX_SAMPLES)).to.equal(MAX_MESSAGE_LENGTH);
    expect(fixedLength(MESSAGE_SPECS[5].fields)).to.equal(LOG_CHUNK_BYTES_OFFSET);
  });

  it('fit every message but a rawBatch into MAX_MESSAGE_LENGTH_WITHOUT_RAW, which a logChunk of LOG_CHUNK_MAX_BYTES fills', () => {
    for (const spec of MESSAGE_SPECS as readonly MessageSpec[]) {
      if (spec.name === 'rawBatch') continue;
      expect(spec.tail ? messageLength(spec, spec.tail.maxCount) : fixedLength(spec.fields), spec.name).to.be.at.most(MAX_MESSAGE_LENGTH_WITHOUT_RAW);
    }
    expect(messageLength(MESSAGE_SPECS[5], LOG_CHUNK_MAX_BYTES)).to.equal(MAX_MESSAGE_LENGTH_WITHOUT_RAW);
    expect(MAX_MESSAGE_LENGTH_WITHOUT_RAW).to.be.below(MAX_MESSAGE_LENGTH);
  });

  it('give commands at most two arguments', () => {
    for (const command of COMMAND_SPECS) expect(command.args.length, command.name).to.be.at.most(2);
  });
});
