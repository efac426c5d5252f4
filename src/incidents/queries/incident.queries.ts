import { Principal } from '@incident-ledger/domain';
import { IncidentFilter, IncidentPage, IncidentView, TimelineEntry } from '@incident-ledger/read-models';
import { Query } from '@nestjs/cqrs';

/** Every query is asked by someone: private incidents exist only for their members and admins. */
export class GetIncidentQuery extends Query<IncidentView | undefined> {
  constructor(
    readonly incidentId: string,
    readonly principal: Principal,
  ) {
    super();
  }
}

export class ListIncidentsQuery extends Query<IncidentPage> {
  constructor(
    readonly filter: IncidentFilter,
    readonly first: number,
    readonly after: string | undefined,
    readonly principal: Principal,
  ) {
    super();
  }
}

export class ActiveIncidentsQuery extends Query<IncidentView[]> {
  constructor(readonly principal: Principal) {
    super();
  }
}

export class IncidentTimelineQuery extends Query<TimelineEntry[]> {
  constructor(
    readonly incidentId: string,
    readonly afterVersion: number,
  ) {
    super();
  }
}
