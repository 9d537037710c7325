// A pod's summary log as readLog sends it back: entries of a summary then its summaryForm, made
// with the pod's own encoders, and the logChunk messages it would send for a read.
import { expect } from 'chai';
import { summaryRecordCreate } from '../../../firmware/core/summaryRecord';
import { MessageByName } from '../../../firmware/protocol/codec';
import { PROTOCOL_VERSION } from '../../../firmware/protocol/messageIds';
import { summaryEncode, summaryFormEncode } from '../../../firmware/protocol/podEncoders';
import { LOG_ENTRY_BYTES } from '../../../host-tools/protocol/logEntries';

/** `entries` log entries (window index = seq = entry number, pod time 10 s apart), as the pod stores them */
export function podLog(entries: number): Uint8Array {
  const log = new Uint8Array(entries * LOG_ENTRY_BYTES);
  const rec = summaryRecordCreate();
  let at = 0;
  for (let i = 0; i < entries; i++) {
    rec.index = i;
    rec.steps = 20 + i;
    at += summaryEncode(log, at, i, 10000 * i, rec);
    at += summaryFormEncode(log, at, i, 10000 * i, rec);
  }
  expect(at).to.equal(log.length);
  return log;
}

/** the logChunk messages of a read from `from`, `most` bytes each, the empty end marker last */
export function logChunks(log: Uint8Array, from: number, most: number): MessageByName<'logChunk'>[] {
  const chunks: MessageByName<'logChunk'>[] = [];
  for (let at = Math.min(from, log.length); ; at = Math.min(at + most, log.length)) {
    const length = Math.min(most, log.length - at);
    chunks.push({ type: 'logChunk', version: PROTOCOL_VERSION, seq: chunks.length, deviceTimeMs: 0, logOffset: at, length, bytes: log.slice(at, at + length) });
    if (length === 0) return chunks;
  }
}
