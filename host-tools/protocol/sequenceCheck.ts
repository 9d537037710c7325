// An object stream that passes everything on, with each report of SequenceTracker (lost, repeated
// messages, restarts, lost raw samples) just before the message that revealed it.
import { Transform, TransformCallback } from 'stream';
import { Message } from '../../firmware/protocol/codec';
import { SequenceTracker } from './sequenceTracker';

function isMessage(value: unknown): value is Message {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as { type?: unknown; seq?: unknown; deviceTimeMs?: unknown };
  return typeof v.type === 'string' && typeof v.seq === 'number' && typeof v.deviceTimeMs === 'number' && v.type !== 'decodeError';
}

/** object stream: passes everything on, with each SequenceReport just before its message */
export class SequenceCheck extends Transform {
  readonly tracker = new SequenceTracker();

  constructor() {
    super({ objectMode: true });
  }

  _transform(chunk: unknown, _encoding: BufferEncoding, callback: TransformCallback): void {
    if (isMessage(chunk)) for (const report of this.tracker.check(chunk)) this.push(report);
    this.push(chunk);
    callback();
  }
}
