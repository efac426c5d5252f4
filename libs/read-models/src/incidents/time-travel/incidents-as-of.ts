import { incidentEventCodec, INCIDENT_STREAM_PREFIX, incidentStreamId } from '@incident-ledger/domain';
import { EventStore, RecordedEvent } from '@incident-ledger/event-store';
import { IncidentReadModel } from '../incident-read-model';
import { IncidentView } from '../incident-view';

/** When an event happened: its `at`, which every incident event carries (the recording time for any other). */
function happenedAt(event: RecordedEvent): number {
  return Date.parse(incidentEventCodec.knows(event.type) ? incidentEventCodec.decodeRecorded(event).data.at : event.recordedAt);
}

/**
 * The incidents as they were at `asOf`: the events that had happened by then,
 * replayed into a fresh read model. What was known then, so a correction made
 * later does not show. Reads the whole incident log: for reviews, not for hot
 * paths.
 */
export async function incidentsAsOf(store: EventStore, asOf: Date): Promise<IncidentReadModel> {
  const model = new IncidentReadModel();
  const until = asOf.getTime();
  for await (const event of store.readAll({ streamPrefix: INCIDENT_STREAM_PREFIX })) {
    if (happenedAt(event) <= until) model.apply(event);
  }
  return model;
}

/** One incident as it was at `asOf` (its stream only); its model is empty if it had not been declared yet. */
export async function incidentAsOf(store: EventStore, incidentId: string, asOf: Date): Promise<IncidentReadModel> {
  const model = new IncidentReadModel();
  const until = asOf.getTime();
  for await (const event of store.readStream(incidentStreamId(incidentId))) {
    if (happenedAt(event) <= until) model.apply(event);
  }
  return model;
}

/**
 * One incident as it was once it reached `version`: the first `version`
 * events of its stream, replayed (only those are read). How a retried command
 * answers what its first attempt answered, after later writes.
 */
export async function incidentAtVersion(store: Pick<EventStore, 'readStream'>, incidentId: string, version: number): Promise<IncidentView | undefined> {
  if (version <= 0) return undefined;
  const model = new IncidentReadModel();
  for await (const event of store.readStream(incidentStreamId(incidentId), { pageSize: Math.min(500, version) })) {
    // Version n is the event at revision n - 1.
    if (event.revision >= version) break;
    model.apply(event);
  }
  return model.get(incidentId);
}
