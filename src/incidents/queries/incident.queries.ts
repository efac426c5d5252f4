import { Principal } from '@incident-ledger/domain';
import { IncidentFilter, IncidentPage, IncidentView, TimelineEntry } from '@incident-ledger/read-models';
import { Query } from '@nestjs/cqrs';

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

/**
 * Timeline entries after `afterVersion` up to `throughVersion`: the version
 * of the view being answered, so that the timeline of an incident as of a
 * past instant ends then, and a live one never runs ahead of its view.
 */
export class IncidentTimelineQuery extends Query<TimelineEntry[]> {
  constructor(
    readonly incidentId: string,
    readonly afterVersion: number,
    readonly throughVersion: number,
    /** Who reads it: a merge with an incident they may not see does not name it. */
    readonly principal: Principal,
  ) {
    super();
  }
}
