// Serial byte stream -> messages: splits on 0x00, COBS-decodes, checks the CRC of a frame
// whitened or not (frameDecodeEither, the pod's framing code). Good frames come out as one
// Buffer each; bad ones as a FrameError in their place, so a recording says where data was lost.
// A frame longer than maxFrameLength is dropped as it grows (a corrupt stream cannot grow
// memory) and decoding resumes at the next 0x00.
import { Transform, TransformCallback } from 'stream';
import { cobsMaxEncodedLength } from '../../firmware/protocol/cobs';
import { FRAME_CRC_LENGTH, FRAME_ERROR_CRC, FRAME_ERROR_SHORT, frameDecodeEither } from '../../firmware/protocol/framing';
import { MAX_MESSAGE_LENGTH } from '../../firmware/protocol/messageIds';

/** encoded bytes between delimiters of the longest message */
export const DEFAULT_MAX_FRAME_LENGTH = cobsMaxEncodedLength(MAX_MESSAGE_LENGTH + FRAME_CRC_LENGTH);

export type FrameErrorReason = 'cobs' | 'crc' | 'short' | 'oversized' | 'truncated';

export interface FrameError {
  type: 'frameError';
  /** cobs: bad stuffing; crc: CRC mismatch; short: no message before the CRC; oversized: longer
   * than maxFrameLength; truncated: the stream ended inside a frame */
  reason: FrameErrorReason;
  /** encoded bytes of the bad frame (for oversized: up to the moment it was dropped) */
  bytes: number;
}

export interface FrameDecoderOptions {
  /** most encoded bytes between two delimiters (default: what the longest message needs) */
  maxFrameLength?: number;
}

export interface FrameDecoderCounts {
  bytes: number;
  frames: number;
  badCobs: number;
  badCrc: number;
  short: number;
  oversized: number;
  truncated: number;
}

export function isFrameError(value: unknown): value is FrameError {
  return typeof value === 'object' && value !== null && (value as { type?: unknown }).type === 'frameError';
}

export class FrameDecoder extends Transform {
  readonly counts: FrameDecoderCounts = { bytes: 0, frames: 0, badCobs: 0, badCrc: 0, short: 0, oversized: 0, truncated: 0 };
  readonly maxFrameLength: number;
  private readonly frame: Buffer;
  private readonly message: Buffer;
  private length = 0;
  /** inside an oversized frame: bytes are skipped up to the next delimiter */
  private discarding = false;

  constructor(options: FrameDecoderOptions = {}) {
    super({ readableObjectMode: true });
    const max = options.maxFrameLength === undefined ? DEFAULT_MAX_FRAME_LENGTH : options.maxFrameLength;
    if (!Number.isInteger(max) || max < 4) {
      throw new TypeError(`maxFrameLength must be an integer of at least 4 bytes, got ${options.maxFrameLength}`);
    }
    this.maxFrameLength = max;
    this.frame = Buffer.alloc(max);
    this.message = Buffer.alloc(max);
  }

  _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
    this.counts.bytes += bytes.length;
    let position = 0;
    while (position < bytes.length) {
      const zero = bytes.indexOf(0, position);
      this.append(bytes, position, zero < 0 ? bytes.length : zero);
      if (zero < 0) break;
      this.endFrame();
      position = zero + 1;
    }
    callback();
  }

  /**
   * Without streams: the messages (Buffers) and frame errors that `bytes` completes, at once. A
   * frame cut at the end waits for the next call. Use either this or the stream side, not both.
   */
  decodeNow(bytes: Uint8Array): (Buffer | FrameError)[] {
    this.write(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    const out: (Buffer | FrameError)[] = [];
    for (let item = this.read(); item !== null; item = this.read()) out.push(item as Buffer | FrameError);
    return out;
  }

  _flush(callback: TransformCallback): void {
    if (this.length > 0) {
      this.counts.truncated++;
      this.push({ type: 'frameError', reason: 'truncated', bytes: this.length } satisfies FrameError);
    }
    this.length = 0;
    this.discarding = false;
    callback();
  }

  private append(bytes: Buffer, from: number, to: number): void {
    if (this.discarding || to === from) return;
    if (this.length + (to - from) > this.maxFrameLength) {
      this.counts.oversized++;
      this.push({ type: 'frameError', reason: 'oversized', bytes: this.length + (to - from) } satisfies FrameError);
      this.discarding = true;
      this.length = 0;
      return;
    }
    bytes.copy(this.frame, this.length, from, to);
    this.length += to - from;
  }

  private endFrame(): void {
    const length = this.length;
    this.length = 0;
    if (this.discarding) {
      this.discarding = false;
      return;
    }
    // an empty frame (0x00 0x00) is idle fill or a resync: nothing lost
    if (length === 0) return;
    const result = frameDecodeEither(this.frame, 0, length, this.message, 0);
    if (result >= 0) {
      this.counts.frames++;
      this.push(Buffer.from(this.message.subarray(0, result)));
      return;
    }
    // FRAME_ERROR_NO_ROOM cannot happen: the message buffer is as long as the longest frame
    let reason: FrameErrorReason = 'cobs';
    if (result === FRAME_ERROR_CRC) {
      reason = 'crc';
      this.counts.badCrc++;
    } else if (result === FRAME_ERROR_SHORT) {
      reason = 'short';
      this.counts.short++;
    } else {
      this.counts.badCobs++;
    }
    this.push({ type: 'frameError', reason: reason, bytes: length } satisfies FrameError);
  }
}
