import {
  INCIDENT_STREAM_PREFIX,
  incidentEventCodec,
  IncidentKind,
  IncidentStatus,
  isActiveStatus,
  SEVERITIES,
  Severity,
} from '@incident-ledger/domain';
import { RecordedEvent } from '@incident-ledger/event-store';
import { CheckpointedReadModel } from '../checkpointed-read-model';
import { evolveIncidentView } from './incident-details.projection';
import { IncidentView, RecordedIncidentEvent } from './incident-view';

export interface IncidentChange {
  incident: IncidentView;
  /** The event applied: a live feed makes its timeline entry (`toTimelineEntry`) only if someone listens. */
  event: RecordedIncidentEvent;
}

export interface IncidentFilter {
  statuses?: IncidentStatus[];
  severities?: Severity[];
  /** Incidents that affect this service. */
  service?: string;
  kinds?: IncidentKind[];
  /** Declared at or after this instant. */
  declaredFrom?: Date;
  /** Declared before this instant. */
  declaredTo?: Date;
  /** Only incidents the caller may see. */
  visible?: (incident: IncidentView) => boolean;
}

export interface IncidentPage {
  incidents: IncidentView[];
  cursors: string[];
  hasNextPage: boolean;
  totalCount: number;
}

export const MAX_PAGE_SIZE = 100;

interface OrderKey {
  declaredAt: string;
  id: string;
}

/**
 * The incident read models (details, the order of declaration, the active
 * board) held in memory, with the position of the last event they applied:
 * their checkpoint lives with their state, so applying an event twice changes
 * nothing. Timelines are not held here: they are read from the incident's
 * stream when asked for (`timelineFromStore`); each applied event's entry is
 * only passed on to live feeds.
 */
interface IncidentState {
  incidents: Map<string, IncidentView>;
  order: OrderKey[];
}

export class IncidentReadModel extends CheckpointedReadModel<IncidentChange, IncidentState> {
  private incidents = new Map<string, IncidentView>();
  /** Incidents ordered by declaration time then id, ascending. */
  private order: OrderKey[] = [];
  /** The ids of unresolved incidents: an index for the status board, rebuilt from `incidents` on restore. */
  private activeIds = new Set<string>();
  private readonly listeners = new Set<(change: IncidentChange) => void>();
  private listenerFailed: (error: unknown, change: IncidentChange) => void = () => undefined;
  static readonly streamPrefix = INCIDENT_STREAM_PREFIX;

  protected applyNew(event: RecordedEvent): IncidentChange | undefined {
    if (!event.streamId.startsWith(INCIDENT_STREAM_PREFIX) || !incidentEventCodec.knows(event.type)) return undefined;

    const incidentEvent = incidentEventCodec.decodeRecorded(event);
    const id = incidentEvent.data.incidentId;
    const before = this.incidents.get(id);
    const incident = evolveIncidentView(before, incidentEvent);
    if (!incident) return undefined;
    this.incidents.set(id, incident);
    if (!before) this.insertOrdered({ declaredAt: incident.declaredAt, id });
    if (isActiveStatus(incident.status)) this.activeIds.add(id);
    else this.activeIds.delete(id);

    const change = { incident, event: incidentEvent };
    // The event is applied: a listener that fails (a live feed) is its own fault, not the projection's.
    for (const listener of this.listeners) {
      try {
        listener(change);
      } catch (error) {
        this.listenerFailed(error, change);
      }
    }
    return change;
  }

  protected snapshotState(): IncidentState {
    return { incidents: this.incidents, order: this.order };
  }

  protected restoreState(state: IncidentState): void {
    this.incidents = state.incidents;
    this.order = state.order;
    this.activeIds = new Set([...state.incidents.values()].filter((incident) => isActiveStatus(incident.status)).map((incident) => incident.id));
  }

  /** Where a listener's failure is reported (the server logs it); it stops neither the read model nor the other listeners. */
  onListenerFailure(report: (error: unknown, change: IncidentChange) => void): void {
    this.listenerFailed = report;
  }

  /** Called synchronously after each applied incident event, in position order. */
  onChange(listener: (change: IncidentChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get(id: string): IncidentView | undefined {
    return this.incidents.get(id);
  }

  /** The status board: unresolved incidents, most severe first, then oldest first. */
  active(visible: (incident: IncidentView) => boolean = () => true): IncidentView[] {
    const active: IncidentView[] = [];
    for (const id of this.activeIds) {
      const incident = this.incidents.get(id) as IncidentView;
      if (visible(incident)) active.push(incident);
    }
    return active.sort(
      (a, b) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) || compareKeys(a, b),
    );
  }

  /** Incidents matching the filter, newest declaration first, `first` after the cursor. */
  list(filter: IncidentFilter, first: number, after?: string): IncidentPage {
    const matches = (incident: IncidentView) => matchesFilter(incident, filter);
    let start = this.order.length - 1;
    if (after !== undefined) {
      const key = decodeCursor(after);
      start = lowerBound(this.order, key) - 1;
    }
    const incidents: IncidentView[] = [];
    let hasNextPage = false;
    for (let index = start; index >= 0; index--) {
      const incident = this.incidents.get(this.order[index].id) as IncidentView;
      if (!matches(incident)) continue;
      if (incidents.length === first) {
        hasNextPage = true;
        break;
      }
      incidents.push(incident);
    }
    let totalCount = 0;
    for (const incident of this.incidents.values()) if (matches(incident)) totalCount++;
    return { incidents, cursors: incidents.map(encodeCursor), hasNextPage, totalCount };
  }

  get size(): number {
    return this.incidents.size;
  }

  /** Every incident, private ones included: callers filter for the principal. */
  all(): IterableIterator<IncidentView> {
    return this.incidents.values();
  }

  /** Everything the read model holds, in a stable order: to compare a rebuild with the live state. */
  snapshot(): { position: number; incidents: IncidentView[] } {
    return { position: this.position, incidents: this.order.map((key) => this.incidents.get(key.id) as IncidentView) };
  }

  private insertOrdered(key: OrderKey): void {
    const index = lowerBound(this.order, key);
    this.order.splice(index, 0, key);
  }
}

function compareKeys(a: OrderKey, b: OrderKey): number {
  if (a.declaredAt !== b.declaredAt) return a.declaredAt < b.declaredAt ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Index of the first key not less than `key`. */
function lowerBound(order: OrderKey[], key: OrderKey): number {
  let low = 0;
  let high = order.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (compareKeys(order[mid], key) < 0) low = mid + 1;
    else high = mid;
  }
  return low;
}

function matchesFilter(incident: IncidentView, filter: IncidentFilter): boolean {
  if (filter.visible && !filter.visible(incident)) return false;
  if (filter.statuses?.length && !filter.statuses.includes(incident.status)) return false;
  if (filter.severities?.length && !filter.severities.includes(incident.severity)) return false;
  if (filter.service !== undefined && !incident.services.includes(filter.service)) return false;
  if (filter.kinds?.length && !filter.kinds.includes(incident.kind)) return false;
  const declared = Date.parse(incident.declaredAt);
  if (filter.declaredFrom && declared < filter.declaredFrom.getTime()) return false;
  if (filter.declaredTo && declared >= filter.declaredTo.getTime()) return false;
  return true;
}

export class InvalidCursorError extends Error {
  constructor() {
    super('The cursor is not one this server gave out');
    this.name = 'InvalidCursorError';
  }
}

function encodeCursor(incident: IncidentView): string {
  return Buffer.from(JSON.stringify([incident.declaredAt, incident.id])).toString('base64url');
}

function decodeCursor(cursor: string): OrderKey {
  try {
    const decoded: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(decoded) && decoded.length === 2 && decoded.every((part) => typeof part === 'string')) {
      return { declaredAt: decoded[0], id: decoded[1] };
    }
  } catch {
    // fall through
  }
  throw new InvalidCursorError();
}
