import {
  BACKWARDS,
  END,
  EventStoreDBClient,
  NO_STREAM,
  StreamNotFoundError,
  WrongExpectedVersionError,
  jsonEvent,
} from '@eventstore/db-client';
import { randomUUID } from 'node:crypto';
import { Leases } from '../event-store.port';

/** Streams holding leases (after the ledger's stream name prefix); the application never reads them. */
export const LEASE_STREAM_PREFIX = 'ledger-lease-';
/** A lease stream keeps only its last few events: the database may scavenge older renewals. */
const KEPT_EVENTS = 10;
/** How many renewals apart the cap is written again. */
const METADATA_EVERY = 100n;

type LeaseEvent = { type: 'LeaseTaken'; holder: string; expiresAt: number } | { type: 'LeaseReleased'; holder: string };

/**
 * Leases on EventStoreDB: one stream per lease, whose last event says who
 * holds it until when. Taking or renewing appends with the exact revision
 * just read, so of two processes racing for a free lease exactly one wins.
 * Expiry compares the holder's clock with the reader's: keep the TTL well
 * above the clock skew between the server processes.
 */
export class EventStoreDbLeases implements Leases {
  constructor(
    private readonly client: EventStoreDBClient,
    /** Where lease streams start: the ledger's stream name prefix, then LEASE_STREAM_PREFIX. */
    private readonly streamPrefix: string,
    private readonly assertOpen: () => void,
  ) {}

  async tryAcquire(name: string, holder: string, ttlMs: number): Promise<boolean> {
    this.assertOpen();
    const { last, revision } = await this.lastEvent(name);
    const now = Date.now();
    const free = !last || last.type === 'LeaseReleased' || last.expiresAt <= now || last.holder === holder;
    if (!free) return false;
    return this.write(name, revision, { type: 'LeaseTaken', holder, expiresAt: now + ttlMs });
  }

  async release(name: string, holder: string): Promise<void> {
    this.assertOpen();
    const { last, revision } = await this.lastEvent(name);
    if (last?.type !== 'LeaseTaken' || last.holder !== holder) return;
    await this.write(name, revision, { type: 'LeaseReleased', holder });
  }

  private async lastEvent(name: string): Promise<{ last: LeaseEvent | undefined; revision: bigint | undefined }> {
    let found: { last: LeaseEvent | undefined; revision: bigint | undefined } = { last: undefined, revision: undefined };
    try {
      // maxCount ends the read by itself: no stream reset (see EventStoreDbEventStore.readStreamEvents).
      for await (const resolved of this.client.readStream(this.streamPrefix + name, { direction: BACKWARDS, fromRevision: END, maxCount: 1 })) {
        if (resolved.event) found = { last: { type: resolved.event.type, ...(resolved.event.data as object) } as LeaseEvent, revision: resolved.event.revision };
      }
    } catch (error) {
      if (!(error instanceof StreamNotFoundError)) throw error;
    }
    return found;
  }

  /** Appends after exactly `revision`; false when another process wrote first. */
  private async write(name: string, revision: bigint | undefined, { type, ...data }: LeaseEvent): Promise<boolean> {
    const stream = this.streamPrefix + name;
    try {
      await this.client.appendToStream(stream, jsonEvent({ id: randomUUID(), type, data }), { expectedRevision: revision ?? NO_STREAM });
    } catch (error) {
      if (error instanceof WrongExpectedVersionError) return false;
      throw error;
    }
    // Set again now and then, in case the first time failed: old renewals may then be scavenged.
    if (revision === undefined || revision % METADATA_EVERY === 0n) await this.client.setStreamMetadata(stream, { maxCount: KEPT_EVENTS });
    return true;
  }
}
