import type { ClientReadableStream } from '@grpc/grpc-js';

/** Every message of a server stream, once it has ended (rejects on the stream's error). */
export function collect<T>(stream: ClientReadableStream<T>): Promise<T[]> {
  return new Promise((done, fail) => {
    const items: T[] = [];
    stream.on('data', (item: T) => items.push(item));
    stream.on('error', fail);
    stream.on('end', () => done(items));
  });
}
