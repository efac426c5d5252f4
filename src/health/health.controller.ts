import { EVENT_STORE, EventStore } from '@incident-ledger/event-store';
import { IncidentFeeds, Projector } from '@incident-ledger/read-models';
import { Controller, Get, Inject, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/requires.decorator';
import { LeaseKeeper } from '../infrastructure/lease-keeper';

export interface HealthReport {
  status: 'ok' | 'failing';
  store: { reachable: boolean; headPosition: number | null; error?: string };
  projections: { position: number; lag: number | null; running: boolean; error?: string };
  subscriptions: number;
  /** Whether this process holds the lease for once-only work (timers, process managers). */
  onceOnlyWork: { lease: string; held: boolean; holder: string };
  uptimeSeconds: number;
}

/**
 * Liveness and readiness in one: 200 when the store answers and the read
 * models are running; 503 otherwise. `lag` is how far the read models are
 * behind the store's head, in store positions (events on SQLite, bytes of
 * log on EventStoreDB).
 */
@Controller('health')
@Public()
export class HealthController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly projector: Projector,
    private readonly feeds: IncidentFeeds,
    private readonly lease: LeaseKeeper,
  ) {}

  @Get()
  async health(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthReport> {
    let store: HealthReport['store'];
    try {
      // Reading the head is the reachability check too.
      store = { reachable: true, headPosition: await this.store.headPosition() };
    } catch (error) {
      store = { reachable: false, headPosition: null, error: error instanceof Error ? error.message : String(error) };
    }
    const failure = this.projector.error;
    const projections: HealthReport['projections'] = {
      position: this.projector.position,
      lag: store.headPosition === null ? null : Math.max(0, store.headPosition - this.projector.position),
      running: !failure,
      ...(failure ? { error: failure instanceof Error ? failure.message : String(failure) } : {}),
    };
    const ok = store.reachable && projections.running;
    reply.status(ok ? 200 : 503);
    return {
      status: ok ? 'ok' : 'failing',
      store,
      projections,
      subscriptions: this.feeds.size,
      onceOnlyWork: { lease: this.lease.name, held: this.lease.isHolder, holder: this.lease.holder },
      uptimeSeconds: Math.round(process.uptime()),
    };
  }
}
