// Message bytes -> typed messages ({type, version, seq, deviceTimeMs, ...fields}) through the
// table-driven decoder. Takes one message per chunk: a FrameDecoder's output on serial, or each
// BLE notification as it is. Frame errors pass through in place; a message that does not
// decode becomes a DecodeFailure in its place. Never drops a chunk silently.
import { Transform, TransformCallback } from 'stream';
import { DecodeFailure, DecodeFailureReason, Message, decodeMessage } from '../../firmware/protocol/codec';
import { FrameError, isFrameError } from './frameDecoder';

export type DecodedItem = Message | DecodeFailure | FrameError;

export interface MessageDecoderCounts {
  messages: number;
  failures: number;
  frameErrors: number;
  byReason: { [reason in DecodeFailureReason]?: number };
}

export class MessageDecoder extends Transform {
  readonly counts: MessageDecoderCounts = { messages: 0, failures: 0, frameErrors: 0, byReason: {} };

  constructor() {
    super({ objectMode: true });
  }

  _transform(chunk: unknown, _encoding: BufferEncoding, callback: TransformCallback): void {
    if (isFrameError(chunk)) {
      this.counts.frameErrors++;
      this.push(chunk);
      callback();
      return;
    }
    if (!(chunk instanceof Uint8Array)) {
      callback(new TypeError('MessageDecoder takes one message per chunk as a Buffer or Uint8Array (or a FrameError)'));
      return;
    }
    const result = decodeMessage(chunk, 0, chunk.length);
    if (result.type === 'decodeError') {
      this.counts.failures++;
      this.counts.byReason[result.reason] = (this.counts.byReason[result.reason] || 0) + 1;
    } else {
      this.counts.messages++;
    }
    this.push(result);
    callback();
  }
}
