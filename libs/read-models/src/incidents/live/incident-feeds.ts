import { IncidentChange, IncidentReadModel } from '../incident-read-model';
import { hidingUnseenLinks, toTimelineEntry } from '../incident-timeline.projection';
import { seesIncidentId } from '../incident-visibility';
import { TimelineSource } from '../incident-timeline.reader';
import { IncidentView, TimelineEntry } from '../incident-view';
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
 * synchronously as it applies each event. A resumed timeline feed starts
 * listening, then reads its backlog from the store up to the version the read
 * model had at that moment, holding live entries back until the backlog is
 * delivered: no gap, no duplicate, in version order.
 */
export class IncidentFeeds {
  private readonly timelineListeners = new Map<string, Set<(entry: TimelineEntry, incident: IncidentView) => void>>();
  private readonly incidentListeners = new Set<(incident: IncidentView) => void>();

  constructor(
    private readonly readModel: IncidentReadModel,
    private readonly timelineOf: TimelineSource,
  ) {
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
    const toldToSubscriber = hidingUnseenLinks(seesIncidentId(this.readModel, visible));
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
      feed.push(toldToSubscriber(entry));
    };
    // Live entries that arrive while the backlog is read wait here.
    let held: Array<[TimelineEntry, IncidentView]> | undefined;
    const listener = (entry: TimelineEntry, current: IncidentView) => (held ? held.push([entry, current]) : deliver(entry, current));
    const feed = new PushIterator<TimelineEntry>(() => {
      listeners.delete(listener);
      if (listeners.size === 0) this.timelineListeners.delete(incidentId);
    });
    listeners.add(listener);
    if (afterVersion != null && afterVersion < incident.version) {
      held = [];
      this.timelineOf(incidentId, afterVersion, incident.version).then(
        (backlog) => {
          for (const entry of backlog) deliver(entry, undefined);
          const live = held ?? [];
          held = undefined;
          for (const [entry, current] of live) deliver(entry, current);
        },
        (error: unknown) => feed.fail(error instanceof Error ? error : new Error(String(error))),
      );
    }
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

  /**
   * Every subscriber is told, even after one fails; the first failure is
   * thrown after (the read model reports it). Runs for every event applied,
   * replays included, so it allocates nothing unless someone listens.
   */
  private dispatch({ incident, event }: IncidentChange): void {
    let failure: { error: unknown } | undefined;
    const listeners = this.timelineListeners.get(incident.id);
    if (listeners) {
      const entry = toTimelineEntry(event);
      for (const deliver of listeners) {
        try {
          deliver(entry, incident);
        } catch (error) {
          failure ??= { error };
        }
      }
    }
    for (const deliver of this.incidentListeners) {
      try {
        deliver(incident);
      } catch (error) {
        failure ??= { error };
      }
    }
    if (failure) throw failure.error;
  }
}
