import type { StreamingRead } from '@eventstore/db-client';

/**
 * Iterates a client read and cancels its gRPC call however the loop ends:
 * leaving a loop early otherwise leaves the call open, and the client's
 * `dispose()` then waits for it forever.
 */
export async function* closing<E>(read: StreamingRead<E>): AsyncGenerator<E> {
  let ended = false;
  try {
    for await (const item of read.iterator({ destroyOnReturn: false })) yield item as E;
    ended = true;
  } finally {
    if (!ended) {
      // cancel() rejects when the call never opened: nothing to end then.
      await read.cancel().catch(() => undefined);
      read.resume();
    }
  }
}
