// Messages -> serial frames: each chunk written is one message, each chunk out its frame
// (COBS of message + CRC, then 0x00), through the pod's own frameEncode; not whitened, as a host
// sends its commands, so pods from before whitening read them too.
import { Transform, TransformCallback } from 'stream';
import { frameEncode, frameMaxLength } from '../../firmware/protocol/framing';

/** the frame of one message as a Buffer */
export function frameOf(message: Uint8Array): Buffer {
  const frame = Buffer.alloc(frameMaxLength(message.length));
  const length = frameEncode(frame, 0, message, 0, message.length, 0);
  return frame.subarray(0, length);
}

export class FrameEncoder extends Transform {
  constructor() {
    super({ writableObjectMode: true });
  }

  _transform(chunk: unknown, _encoding: BufferEncoding, callback: TransformCallback): void {
    if (!(chunk instanceof Uint8Array)) {
      callback(new TypeError('FrameEncoder takes one message per chunk as a Buffer or Uint8Array'));
      return;
    }
    this.push(frameOf(chunk));
    callback();
  }
}
