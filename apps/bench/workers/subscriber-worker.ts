/**
 * The fan-out benchmark's subscribers, in a worker thread of their own so
 * that reading their deliveries does not delay the runner's reading of the
 * mutation's answer (on one event loop the 1,000 deliveries would be read
 * first, and the answer only after them).
 *
 * workerData: { url, connectionParams, query, variables, keyPath, subscribers, connectBatch }.
 * Posts { type: 'connected' } once every subscriber's connection is acknowledged,
 * then, for each key (the value at `keyPath` in a delivery) once every
 * subscriber has it, { type: 'delivered', key, at: number[] } with the
 * delivery times as absolute milliseconds (performance.timeOrigin + now()),
 * comparable with the main thread's. Errors are posted as { type: 'error' }.
 * Message { type: 'stop' } disposes the clients and ends the thread.
 */
import { Client, createClient } from 'graphql-ws';
import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import WebSocket from 'ws';

export interface SubscriberWorkerData {
  url: string;
  connectionParams: Record<string, unknown>;
  query: string;
  variables: Record<string, unknown>;
  keyPath: string[];
  subscribers: number;
  connectBatch: number;
}

export type SubscriberMessage =
  | { type: 'connected' }
  | { type: 'delivered'; key: string; at: number[] }
  | { type: 'error'; message: string };

const data = workerData as SubscriberWorkerData;
const port = parentPort;
if (!port) throw new Error('subscriber-worker runs as a worker thread');
const post = (message: SubscriberMessage) => port.postMessage(message);
const now = () => performance.timeOrigin + performance.now();
const deliveries = new Map<string, number[]>();
const clients: Client[] = [];

function onData(payload: Record<string, unknown>): void {
  const at = now();
  let value: unknown = payload;
  for (const step of data.keyPath) value = (value as Record<string, unknown> | undefined)?.[step];
  const key = String(value);
  const times = deliveries.get(key) ?? [];
  times.push(at);
  deliveries.set(key, times);
  if (times.length === data.subscribers) post({ type: 'delivered', key, at: times });
}

async function connectAll(): Promise<void> {
  for (let first = 0; first < data.subscribers; first += data.connectBatch) {
    const batch = Array.from({ length: Math.min(data.connectBatch, data.subscribers - first) }, () => {
      const client = createClient({ url: data.url, webSocketImpl: WebSocket, connectionParams: data.connectionParams, retryAttempts: 0, lazy: true });
      clients.push(client);
      const connected = new Promise<void>((resolve, reject) => {
        const offConnected = client.on('connected', () => (offConnected(), offError(), resolve()));
        const offError = client.on('error', (error) => (offConnected(), offError(), reject(error instanceof Error ? error : new Error('connection failed'))));
      });
      client.subscribe(
        { query: data.query, variables: data.variables },
        {
          next: (message) => {
            if (message.errors?.length) post({ type: 'error', message: JSON.stringify(message.errors) });
            else if (message.data) onData(message.data as Record<string, unknown>);
          },
          error: (error) => post({ type: 'error', message: error instanceof Error ? error.message : JSON.stringify(error) }),
          complete: () => undefined,
        },
      );
      return connected;
    });
    await Promise.all(batch);
  }
}

port.on('message', (message: { type: string }) => {
  if (message.type === 'stop') void Promise.all(clients.map((client) => client.dispose())).then(() => port.close());
});
connectAll().then(
  () => post({ type: 'connected' }),
  (error: unknown) => post({ type: 'error', message: error instanceof Error ? error.message : String(error) }),
);
