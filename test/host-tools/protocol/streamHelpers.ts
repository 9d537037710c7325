// Test helpers: push chunks through a Transform and collect what comes out.
import { once } from 'events';
import { Transform } from 'stream';
import { MessageInput, encodeMessage } from '../../../firmware/protocol/codec';
import { MAX_MESSAGE_LENGTH } from '../../../firmware/protocol/messageIds';
import { frameOf } from '../../../host-tools/protocol/frameEncoder';

export async function through(transform: Transform, chunks: Iterable<unknown>): Promise<unknown[]> {
  const out: unknown[] = [];
  transform.on('data', (item: unknown) => out.push(item));
  for (const chunk of chunks) transform.write(chunk);
  transform.end();
  await once(transform, 'end');
  return out;
}

export function messageBytes(msg: MessageInput): Buffer {
  const buf = Buffer.alloc(MAX_MESSAGE_LENGTH);
  const length = encodeMessage(msg, buf, 0);
  if (length <= 0) throw new Error(`cannot encode ${msg.type}: ${length}`);
  return Buffer.from(buf.subarray(0, length));
}

export function framed(msg: MessageInput): Buffer {
  return frameOf(messageBytes(msg));
}

/** cuts bytes into chunks at the given sizes, repeating the pattern */
export function chunked(bytes: Buffer, sizes: number[]): Buffer[] {
  const chunks: Buffer[] = [];
  for (let at = 0, k = 0; at < bytes.length; k++) {
    const size = sizes[k % sizes.length];
    chunks.push(bytes.subarray(at, at + size));
    at += size;
  }
  return chunks;
}
