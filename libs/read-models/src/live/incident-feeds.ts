import { IncidentChange, IncidentReadModel } from '../incidents/incident-read-model';
import { IncidentView, TimelineEntry } from '../incidents/incident-view';
import { PushIterator } from './push-iterator';

/** Whether the subscriber may see an incident (private incidents: members and admins only). */
export type Visibility = (incident: IncidentView) => boolean;

export class UnknownIncidentError extends Error {
  constructor(readonly incidentId: string) {
    super(`Incident ${incidentId} does not exist`);
    this.name = 'UnknownIncidentError';
  }
}

/**
 * Live feeds over the incident read model. The read model calls back
 * synchronously as it applies each event, and a feed reads its backlog in the
 * same turn as it starts listening, so a resumed feed has no gap and no
 * duplicate.
 */
export class IncidentFeeds {
  private readonly timelineListeners = new Map<string, Set<(entry: TimelineEntry, incident: IncidentView) => void>>();
  private readonly incidentListeners = new Set<(incident: IncidentView) => void>();

  constructor(private readonly readModel: IncidentReadModel) {
    readModel.onChange((change) => this.dispatch(change));
  }

  /**
   * The incident's timeline: with `afterVersion`, first every entry after
   * that version, then live entries; without it, live entries only.
   */
  timeline(
    incidentId: string,
    afterVersion?: number | null,
    visible: Visibility = () => true,
  ): AsyncIterableIterator<TimelineEntry> {
    const incident = this.readModel.get(incidentId);
    if (!incident || !visible(incident)) throw new UnknownIncidentError(incidentId);
    let lastVersion = afterVersion ?? incident.version;
    const listeners = this.timelineListeners.get(incidentId) ?? new Set();
    this.timelineListeners.set(incidentId, listeners);
    const deliver = (entry: TimelineEntry, current: IncidentView | undefined) => {
      if (entry.version <= lastVersion) return;
      // Made private, or the subscriber lost its role: from now on it does not exist for them.
      if (current && !visible(current)) {
        feed.fail(new UnknownIncidentError(incidentId));
        return;
      }
      lastVersion = entry.version;
      feed.push(entry);
    };
    const feed = new PushIterator<TimelineEntry>(() => {
      listeners.delete(deliver);
      if (listeners.size === 0) this.timelineListeners.delete(incidentId);
    });
    if (afterVersion != null) for (const entry of this.readModel.timeline(incidentId, afterVersion)) deliver(entry, undefined);
    listeners.add(deliver);
    return feed;
  }

  /** Every change to an incident the subscriber may see (or to the one given), as the incident after the change. */
  incidentUpdates(incidentId?: string | null, visible: Visibility = () => true): AsyncIterableIterator<IncidentView> {
    if (incidentId != null) {
      const incident = this.readModel.get(incidentId);
      if (!incident || !visible(incident)) throw new UnknownIncidentError(incidentId);
    }
    const deliver = (incident: IncidentView) => {
      if (incidentId != null && incident.id !== incidentId) return;
      if (visible(incident)) feed.push(incident);
      else if (incidentId != null) feed.fail(new UnknownIncidentError(incidentId));
    };
    const feed = new PushIterator<IncidentView>(() => this.incidentListeners.delete(deliver));
    this.incidentListeners.add(deliver);
    return feed;
  }

  /** Open feeds, for metrics. */
  get size(): number {
    let timelines = 0;
    for (const listeners of this.timelineListeners.values()) timelines += listeners.size;
    return timelines + this.incidentListeners.size;
  }

  private dispatch({ incident, entry }: IncidentChange): void {
    const listeners = this.timelineListeners.get(incident.id);
    if (listeners) for (const deliver of listeners) deliver(entry, incident);
    for (const deliver of this.incidentListeners) deliver(incident);
  }
}
