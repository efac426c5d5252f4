import { IncidentPage, IncidentReadModel, IncidentView, TimelineEntry } from '@incident-ledger/read-models';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { ActiveIncidentsQuery, GetIncidentQuery, IncidentTimelineQuery, ListIncidentsQuery } from './incident.queries';

@QueryHandler(GetIncidentQuery)
export class GetIncidentHandler implements IQueryHandler<GetIncidentQuery, IncidentView | undefined> {
  constructor(private readonly readModel: IncidentReadModel) {}

  async execute({ incidentId }: GetIncidentQuery) {
    return this.readModel.get(incidentId);
  }
}

@QueryHandler(ListIncidentsQuery)
export class ListIncidentsHandler implements IQueryHandler<ListIncidentsQuery, IncidentPage> {
  constructor(private readonly readModel: IncidentReadModel) {}

  async execute({ filter, first, after }: ListIncidentsQuery) {
    return this.readModel.list(filter, first, after);
  }
}

@QueryHandler(ActiveIncidentsQuery)
export class ActiveIncidentsHandler implements IQueryHandler<ActiveIncidentsQuery, IncidentView[]> {
  constructor(private readonly readModel: IncidentReadModel) {}

  async execute() {
    return this.readModel.active();
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
