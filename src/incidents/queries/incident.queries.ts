import { IncidentFilter, IncidentPage, IncidentView, TimelineEntry } from '@incident-ledger/read-models';
import { Query } from '@nestjs/cqrs';

export class GetIncidentQuery extends Query<IncidentView | undefined> {
  constructor(readonly incidentId: string) {
    super();
  }
}

export class ListIncidentsQuery extends Query<IncidentPage> {
  constructor(
    readonly filter: IncidentFilter,
    readonly first: number,
    readonly after?: string,
  ) {
    super();
  }
}

export class ActiveIncidentsQuery extends Query<IncidentView[]> {}

export class IncidentTimelineQuery extends Query<TimelineEntry[]> {
  constructor(
    readonly incidentId: string,
    readonly afterVersion: number,
  ) {
    super();
  }
}
