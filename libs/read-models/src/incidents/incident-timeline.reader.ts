import { incidentEventCodec, incidentStreamId } from '@incident-ledger/domain';
import { EventStore } from '@incident-ledger/event-store';
import { toTimelineEntry } from './incident-timeline.projection';
import { TimelineEntry } from './incident-view';

/** Reads part of an incident's timeline: the entries with a version in (afterVersion, throughVersion], oldest first. */
export type TimelineSource = (incidentId: string, afterVersion: number, throughVersion: number) => Promise<TimelineEntry[]>;

/**
 * The timeline is a pure function of the incident's stream (`toTimelineEntry`
 * of each event), so the store is its only copy: it is read from the stream
 * when asked for, not held in memory for every incident. `throughVersion` is
 * the version of the incident view being answered, so that the timeline never
 * runs ahead of the view (events the read model has not applied yet) and a
 * view as of a past instant gets the timeline as of then.
 */
export function timelineFromStore(store: Pick<EventStore, 'readStream'>): TimelineSource {
  return async (incidentId, afterVersion, throughVersion) => {
    const entries: TimelineEntry[] = [];
    const from = Math.max(0, afterVersion);
    if (throughVersion <= from) return entries;
    // Version n is the event at revision n - 1.
    for await (const event of store.readStream(incidentStreamId(incidentId), { fromRevision: from, pageSize: Math.min(500, throughVersion - from) })) {
      if (event.revision >= throughVersion) break;
      if (incidentEventCodec.knows(event.type)) entries.push(toTimelineEntry(incidentEventCodec.decodeRecorded(event)));
    }
    return entries;
  };
}
