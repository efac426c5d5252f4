import { Principal } from '@incident-ledger/domain';
import { EVENT_STORE, EventStore } from '@incident-ledger/event-store';
import {
  IncidentPage,
  IncidentReadModel,
  incidentAsOf,
  incidentsAsOf,
  hidingUnseenLinks,
  IncidentView,
  seesIncidentId,
  TimelineEntry,
  timelineFromStore,
  TimelineSource,
  visibleTo,
} from '@incident-ledger/read-models';
import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import {
  ActiveIncidentsQuery,
  GetIncidentQuery,
  IncidentTimelineQuery,
  ListIncidentsQuery,
} from './incident.queries';

/**
 * Who may see an incident's past: whoever may see it both then and now (a
 * private incident's past stays closed to someone since removed from it, and
 * to someone added later).
 */
function visibleThenAndNow(readModel: IncidentReadModel, principal: Principal): (then: IncidentView) => boolean {
  const visible = visibleTo(principal);
  return (then) => {
    const now = readModel.get(then.id);
    return visible(then) && now !== undefined && visible(now);
  };
}

@QueryHandler(GetIncidentQuery)
export class GetIncidentHandler implements IQueryHandler<GetIncidentQuery, IncidentView | undefined> {
  constructor(
    private readonly readModel: IncidentReadModel,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async execute({ incidentId, principal, asOf }: GetIncidentQuery) {
    const incident = this.readModel.get(incidentId);
    // Who may not see the incident now may not see its past either: refused before any read of the store.
    if (!incident || !visibleTo(principal)(incident)) return undefined;
    if (!asOf) return incident;
    const model = await incidentAsOf(this.store, incidentId, asOf);
    const then = model.get(incidentId);
    return then && visibleThenAndNow(this.readModel, principal)(then) ? then : undefined;
  }
}

@QueryHandler(ListIncidentsQuery)
export class ListIncidentsHandler implements IQueryHandler<ListIncidentsQuery, IncidentPage> {
  constructor(private readonly readModel: IncidentReadModel) {}

  async execute({ filter, first, after, principal }: ListIncidentsQuery) {
    return this.readModel.list({ ...filter, visible: visibleTo(principal) }, first, after);
  }
}

@QueryHandler(ActiveIncidentsQuery)
export class ActiveIncidentsHandler implements IQueryHandler<ActiveIncidentsQuery, IncidentView[]> {
  constructor(
    private readonly readModel: IncidentReadModel,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async execute({ principal, asOf }: ActiveIncidentsQuery) {
    if (!asOf) return this.readModel.active(visibleTo(principal));
    const model = await incidentsAsOf(this.store, asOf);
    return model.active(visibleThenAndNow(this.readModel, principal));
  }
}

@QueryHandler(IncidentTimelineQuery)
export class IncidentTimelineHandler implements IQueryHandler<IncidentTimelineQuery, TimelineEntry[]> {
  private readonly timelineOf: TimelineSource;

  constructor(
    private readonly readModel: IncidentReadModel,
    @Inject(EVENT_STORE) store: EventStore,
  ) {
    this.timelineOf = timelineFromStore(store);
  }

  async execute({ incidentId, afterVersion, throughVersion, principal }: IncidentTimelineQuery) {
    const entries = await this.timelineOf(incidentId, afterVersion, throughVersion);
    return entries.map(hidingUnseenLinks(seesIncidentId(this.readModel, visibleTo(principal))));
  }
}

export const INCIDENT_QUERY_HANDLERS = [GetIncidentHandler, ListIncidentsHandler, ActiveIncidentsHandler, IncidentTimelineHandler];
