import { Principal } from '@incident-ledger/domain';
import { IncidentFilter, IncidentPage, IncidentView, TimelineEntry } from '@incident-ledger/read-models';
import { Query } from '@nestjs/cqrs';

/**
 * An incident as the past saw it: its view at `asOf`, with its timeline up to
 * then (the live read model's timeline would tell later events).
 */
export interface IncidentViewAsOf extends IncidentView {
  readonly [TIMELINE_AS_OF]: TimelineEntry[];
}
export const TIMELINE_AS_OF = Symbol('timelineAsOf');

/** Every query is asked by someone: private incidents exist only for their members and admins. */
export class GetIncidentQuery extends Query<IncidentView | undefined> {
  constructor(
    readonly incidentId: string,
    readonly principal: Principal,
    /** The state at this past instant instead of now. */
    readonly asOf?: Date,
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
  constructor(
    readonly principal: Principal,
    /** The board at this past instant instead of now. */
    readonly asOf?: Date,
  ) {
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
