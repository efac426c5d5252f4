import { IncidentEvent, IncidentKind, incidentStreamId, Severity } from '@incident-ledger/domain';
import { RecordedEvent } from '@incident-ledger/event-store';
import { IncidentReadModel } from '../incident-read-model';
import { timelineFromStore } from '../incident-timeline.reader';
import { IncidentFeeds, UnknownIncidentError } from './incident-feeds';
import { PushIterator } from './push-iterator';

let position = 0;
function recorded(revision: number, event: IncidentEvent): RecordedEvent {
  position += 1;
  return {
    ...event,
    id: `e${position}`,
    streamId: incidentStreamId(event.data.incidentId),
    revision,
    position,
    recordedAt: event.data.at,
    metadata: { correlationId: 'c', causationId: null, actor: 'a', occurredAt: event.data.at, schemaVersion: 1 },
  };
}
const at = '2026-01-01T00:00:00.000Z';
const declared = (incidentId: string): IncidentEvent => ({
  type: 'IncidentDeclared',
  data: { incidentId, at, by: 'a', title: 't', description: null, severity: Severity.SEV2, services: [], impactStartedAt: null, detectedAt: at, private: false, kind: IncidentKind.NORMAL, tags: [] },
});
const note = (incidentId: string, text: string): IncidentEvent => ({ type: 'TimelineNoteAdded', data: { incidentId, at, by: 'a', text } });

async function take<T>(iterator: AsyncIterator<T>, count: number): Promise<T[]> {
  const items: T[] = [];
  while (items.length < count) items.push((await iterator.next()).value as T);
  return items;
}

describe('incident feeds', () => {
  let model: IncidentReadModel;
  let feeds: IncidentFeeds;
  /** Every event applied, as the store would hold them: the feeds read their backlog from here. */
  let log: RecordedEvent[];
  const apply = (event: RecordedEvent) => {
    log.push(event);
    model.apply(event);
  };

  beforeEach(() => {
    log = [];
    model = new IncidentReadModel();
    const store = {
      async *readStream(streamId: string, options: { fromRevision?: number } = {}) {
        yield* log.filter((event) => event.streamId === streamId && event.revision >= (options.fromRevision ?? 0));
      },
    };
    feeds = new IncidentFeeds(model, timelineFromStore(store));
    apply(recorded(0, declared('x')));
    apply(recorded(1, note('x', 'one')));
  });

  it('resumes after a version with the backlog, then live entries, without gap or duplicate', async () => {
    const feed = feeds.timeline('x', 1);
    apply(recorded(2, note('x', 'two')));
    apply(recorded(0, declared('other')));
    const entries = await take(feed, 2);
    expect(entries.map((e) => [e.version, e.text])).toEqual([
      [2, 'one'],
      [3, 'two'],
    ]);
    await feed.return?.();
    expect(feeds.size).toBe(0);
  });

  it('without a version, delivers only what happens next', async () => {
    const feed = feeds.timeline('x');
    apply(recorded(2, note('x', 'three')));
    expect((await feed.next()).value.text).toBe('three');
  });

  it('names a merge survivor only to a subscriber who may see it, in the backlog and live', async () => {
    apply(recorded(0, { ...declared('hidden'), data: { ...declared('hidden').data, private: true } } as IncidentEvent));
    const merged: IncidentEvent = { type: 'IncidentMerged', data: { incidentId: 'x', at, by: 'a', into: 'hidden' } };
    apply(recorded(2, merged));
    const notMember = (incident: { private: boolean }) => !incident.private;
    const backlog = feeds.timeline('x', 1, notMember);
    const live = feeds.timeline('x', null, notMember);
    apply(recorded(3, { type: 'IncidentMerged', data: { incidentId: 'x', at, by: 'a', into: 'hidden' } }));
    const told = [...(await take(backlog, 2)), ...(await take(live, 1))].filter((entry) => entry.type === 'IncidentMerged');
    expect(told.map((entry) => [entry.linkedIncidentId, entry.summary])).toEqual([
      [null, 'a merged this incident into an incident you cannot see as a duplicate'],
      [null, 'a merged this incident into an incident you cannot see as a duplicate'],
    ]);
    const member = feeds.timeline('x', 2);
    expect((await take(member, 1))[0]).toMatchObject({ linkedIncidentId: 'hidden', summary: 'a merged this incident into hidden as a duplicate' });
  });

  it('refuses a feed for an unknown incident', () => {
    expect(() => feeds.timeline('nope')).toThrow(UnknownIncidentError);
    expect(() => feeds.incidentUpdates('nope')).toThrow(UnknownIncidentError);
  });

  it('sends incident updates, for all incidents or one', async () => {
    const all = feeds.incidentUpdates();
    const one = feeds.incidentUpdates('x');
    apply(recorded(0, declared('y')));
    apply(recorded(2, note('x', 'n')));
    expect((await take(all, 2)).map((i) => i.id)).toEqual(['y', 'x']);
    expect((await one.next()).value).toMatchObject({ id: 'x', version: 3 });
  });

  it('keeps the read model applying and its subscribers served when a listener fails, and reports the failure', async () => {
    const failures: string[] = [];
    model.onListenerFailure((error) => failures.push(String(error)));
    model.onChange(() => {
      throw new Error('a broken subscriber');
    });
    const updates = feeds.incidentUpdates('x');
    apply(recorded(2, note('x', 'still told')));
    expect((await updates.next()).value).toMatchObject({ id: 'x', version: 3 });
    expect(model.get('x')?.version).toBe(3);
    expect(model.position).toBe(log.at(-1)?.position);
    expect(failures).toEqual(['Error: a broken subscriber']);
  });
});

describe('push iterator', () => {
  it('ends a waiting consumer at once on return', async () => {
    let ended = 0;
    const iterator = new PushIterator<number>(() => ended++);
    const pending = iterator.next();
    await iterator.return();
    await expect(pending).resolves.toEqual({ value: undefined, done: true });
    expect(ended).toBe(1);
  });

  it('fails a consumer that falls too far behind, after what was queued', async () => {
    const iterator = new PushIterator<number>(() => undefined, 3);
    for (let i = 0; i < 5; i++) iterator.push(i);
    expect(await take(iterator, 3)).toEqual([0, 1, 2]);
    await expect(iterator.next()).rejects.toThrow(/fell more than 3 items behind/);
    await expect(iterator.next()).resolves.toMatchObject({ done: true });
  });
});
