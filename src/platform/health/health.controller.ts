import { EVENT_STORE, EventStore } from '@incident-ledger/event-store';
import { describeStop, IncidentFeeds, Projector } from '@incident-ledger/read-models';
import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../auth/requires.decorator';
import { LeaseKeeper } from '../core/lease-keeper';

/** What anyone may see: enough for an orchestrator's liveness and readiness probes. */
export interface HealthStatus {
  status: 'ok' | 'failing';
}

export interface HealthReport extends HealthStatus {
  store: { reachable: boolean; headPosition: number | null; error?: string };
  /** `position` and `lag`: of the read models still running; `stopped`: the others, each at the event it could not apply. */
  projections: { position: number; lag: number | null; running: boolean; stopped: StoppedReadModel[] };
  subscriptions: number;
  /** Whether this process holds the lease for once-only work (timers, process managers). */
  onceOnlyWork: { lease: string; held: boolean; holder: string };
  uptimeSeconds: number;
}

/** A read model that stopped. The event's stream is left out: it would name an incident to callers who may not see it (it is in the log). */
export interface StoppedReadModel {
  readModel: string;
  eventType: string | null;
  position: number | null;
  error: string;
}

export const HEALTH_PATH = '/health';

/**
 * Liveness and readiness in one: 200 when the store answers and every read
 * model is running; 503 otherwise, naming (to an authenticated caller) the
 * read models that stopped, while the others go on serving. `lag` is how far
 * the running read models are behind the store's head, in store positions
 * (events on SQLite, bytes of log on EventStoreDB).
 *
 * Anyone gets the status; the details (the host name and process id in the
 * lease holder, positions, store errors, uptime) tell an outsider what runs
 * where, so only an authenticated caller, of any role, gets them. A credential
 * sent here is checked before this runs (see @Public).
 */
@Controller(HEALTH_PATH)
export class HealthController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly projector: Projector,
    private readonly feeds: IncidentFeeds,
    private readonly lease: LeaseKeeper,
  ) {}

  @Get()
  @Public({ readsCaller: true })
  async health(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<HealthStatus | HealthReport> {
    const report = await this.report();
    reply.status(report.status === 'ok' ? 200 : 503);
    return request.principal ? report : { status: report.status };
  }

  private async report(): Promise<HealthReport> {
    let store: HealthReport['store'];
    try {
      // Reading the head is the reachability check too.
      store = { reachable: true, headPosition: await this.store.headPosition() };
    } catch (error) {
      store = { reachable: false, headPosition: null, error: error instanceof Error ? error.message : String(error) };
    }
    const stopped = this.projector.stopped.map((stop) => ({
      readModel: stop.readModel,
      eventType: stop.event?.type ?? null,
      position: stop.event?.position ?? null,
      error: describeStop(stop, 'callers'),
    }));
    const projections: HealthReport['projections'] = {
      position: this.projector.position,
      lag: store.headPosition === null ? null : Math.max(0, store.headPosition - this.projector.position),
      running: stopped.length === 0,
      stopped,
    };
    return {
      status: store.reachable && projections.running ? 'ok' : 'failing',
      store,
      projections,
      subscriptions: this.feeds.size,
      onceOnlyWork: { lease: this.lease.name, held: this.lease.isHolder, holder: this.lease.holder },
      uptimeSeconds: Math.round(process.uptime()),
    };
  }
}
