import { IncidentPage, IncidentReadModel, IncidentView, TimelineEntry, visibleTo } from '@incident-ledger/read-models';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { ActiveIncidentsQuery, GetIncidentQuery, IncidentTimelineQuery, ListIncidentsQuery } from './incident.queries';

@QueryHandler(GetIncidentQuery)
export class GetIncidentHandler implements IQueryHandler<GetIncidentQuery, IncidentView | undefined> {
  constructor(private readonly readModel: IncidentReadModel) {}

  async execute({ incidentId, principal }: GetIncidentQuery) {
    const incident = this.readModel.get(incidentId);
    return incident && visibleTo(principal)(incident) ? incident : undefined;
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
  constructor(private readonly readModel: IncidentReadModel) {}

  async execute({ principal }: ActiveIncidentsQuery) {
    return this.readModel.active(visibleTo(principal));
  }
}

@QueryHandler(IncidentTimelineQuery)
export class IncidentTimelineHandler implements IQueryHandler<IncidentTimelineQuery, TimelineEntry[]> {
  constructor(private readonly readModel: IncidentReadModel) {}

  async execute({ incidentId, afterVersion }: IncidentTimelineQuery) {
    return this.readModel.timeline(incidentId, afterVersion);
  }
}

export const INCIDENT_QUERY_HANDLERS = [GetIncidentHandler, ListIncidentsHandler, ActiveIncidentsHandler, IncidentTimelineHandler];
