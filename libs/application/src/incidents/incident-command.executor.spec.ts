import { AccessRole, DomainError, FixedClock, IncidentCommand, Severity } from '@incident-ledger/domain';
import { InMemoryEventStore, RecordedEvent, WrongExpectedRevisionError } from '@incident-ledger/event-store';
import { CommandIdReusedError } from '../commands/command-executor';
import { IncidentCommandExecutor } from './incident-command.executor';

async function all(store: InMemoryEventStore): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for await (const event of store.readAll()) events.push(event);
  return events;
}

describe('command executor, on incidents', () => {
  let store: InMemoryEventStore;
  let executor: IncidentCommandExecutor;
  const context = { actor: 'alice', correlationId: 'req-1' };
  const declare: IncidentCommand = { type: 'DeclareIncident', incidentId: 'i1', actor: 'alice', title: 'Down', severity: Severity.SEV2 };
  const note = (text: string): IncidentCommand => ({ type: 'AddTimelineNote', incidentId: 'i1', actor: 'alice', text });

  beforeEach(() => {
    store = new InMemoryEventStore();
    executor = new IncidentCommandExecutor(store, new FixedClock(new Date('2026-02-02T02:02:02Z')));
  });

  afterEach(() => store.close());

  it('appends the decided events with metadata', async () => {
    const outcome = await executor.execute(declare, context);
    expect(outcome).toEqual({ streamId: 'incident-i1', position: 1, version: 1, replayed: false });
    const [event] = await all(store);
    expect(event).toMatchObject({
      streamId: 'incident-i1',
      type: 'IncidentDeclared',
      metadata: { actor: 'alice', correlationId: 'req-1', occurredAt: '2026-02-02T02:02:02.000Z', schemaVersion: 2 },
    });
  });

  it('writes a retried command only once and answers the retry like the first time', async () => {
    await executor.execute(declare, context);
    const first = await executor.execute(note('restarted'), { ...context, commandId: 'cmd-1' });
    const retry = await executor.execute(note('restarted'), { ...context, commandId: 'cmd-1' });
    expect(retry).toEqual({ ...first, replayed: true });
    expect((await all(store)).filter((e) => e.type === 'TimelineNoteAdded')).toHaveLength(1);
  });

  it('answers a retry with the version of its first write, also after later writes', async () => {
    await executor.execute(declare, context);
    const first = await executor.execute(note('restarted'), { ...context, commandId: 'cmd-1' });
    await executor.execute(note('later'), context);
    const retry = await executor.execute(note('restarted'), { ...context, commandId: 'cmd-1' });
    expect(first).toEqual({ streamId: 'incident-i1', position: 2, version: 2, replayed: false });
    expect(retry).toEqual({ ...first, replayed: true });
  });

  it('answers a retry of a command that wrote two events with the version after both', async () => {
    await executor.execute(declare, context);
    const close: IncidentCommand = { type: 'CloseIncident', incidentId: 'i1', actor: 'alice' };
    await executor.execute(close, { ...context, commandId: 'close-1' });
    await executor.execute({ type: 'ChangeIncidentTags', incidentId: 'i1', actor: 'alice', add: ['db'] } as IncidentCommand, context);
    await expect(executor.execute(close, { ...context, commandId: 'close-1' })).resolves.toEqual({
      streamId: 'incident-i1',
      position: 3,
      version: 3,
      replayed: true,
    });
  });

  it('answers a retry of a command that is no longer allowed as the success it was', async () => {
    await executor.execute(declare, context);
    const ack: IncidentCommand = { type: 'AcknowledgeIncident', incidentId: 'i1', actor: 'alice' };
    await executor.execute(ack, { ...context, commandId: 'ack-1' });
    await expect(executor.execute(ack, { ...context, commandId: 'ack-1' })).resolves.toMatchObject({ replayed: true });
    await expect(executor.execute(ack, { ...context, commandId: 'ack-2' })).rejects.toMatchObject({ reason: 'ALREADY_ACKNOWLEDGED' });
  });

  it('refuses a command id reused for a command that differs only in a nested field (a report section)', async () => {
    await executor.execute(declare, context);
    const report = (lessons: string): IncidentCommand => ({ type: 'SaveIncidentReport', incidentId: 'i1', actor: 'alice', internal: { lessons } });
    await executor.execute(report('Canary first'), { ...context, commandId: 'report-1' });
    await expect(executor.execute(report('Canary first'), { ...context, commandId: 'report-1' })).resolves.toMatchObject({ replayed: true });
    await expect(executor.execute(report('Roll back faster'), { ...context, commandId: 'report-1' })).rejects.toBeInstanceOf(CommandIdReusedError);
  });

  it('refuses a command id reused for a different command', async () => {
    await executor.execute(declare, context);
    await executor.execute(note('one'), { ...context, commandId: 'cmd-1' });
    await expect(executor.execute(note('two'), { ...context, commandId: 'cmd-1' })).rejects.toBeInstanceOf(CommandIdReusedError);
  });

  it('recognises a retried close even when the server changed its close policy in between', async () => {
    await executor.execute(declare, context);
    await executor.execute({ type: 'ResolveIncident', incidentId: 'i1', actor: 'alice' } as IncidentCommand, context);
    const close = (reportRequiredFor: Severity[]) => ({ type: 'CloseIncident', incidentId: 'i1', actor: 'alice', reportRequiredFor }) as IncidentCommand;
    const first = await executor.execute(close([]), { ...context, commandId: 'close-1' });
    const retry = await executor.execute(close([Severity.SEV1, Severity.SEV2, Severity.SEV3]), { ...context, commandId: 'close-1' });
    expect(retry).toEqual({ ...first, replayed: true });
  });

  it('refuses a stale expected version without writing', async () => {
    await executor.execute(declare, context);
    await executor.execute(note('a'), { ...context, expectedVersion: 1 });
    await expect(executor.execute(note('b'), { ...context, expectedVersion: 1 })).rejects.toBeInstanceOf(WrongExpectedRevisionError);
    expect(await all(store)).toHaveLength(2);
  });

  describe('expectedVersion is the version of the part of the incident the command changes', () => {
    const status = (to: string, actor = 'alice') => ({ type: 'ChangeIncidentStatus', incidentId: 'i1', actor, status: to }) as IncidentCommand;
    const addItem = { type: 'AddActionItem', incidentId: 'i1', actor: 'rita', actionItemId: 'ai-1', title: 'Alert on pool use', owner: 'rita', actionType: 'DETECT' } as IncidentCommand;
    const completeItem = { type: 'CompleteActionItem', incidentId: 'i1', actor: 'rita', actionItemId: 'ai-1' } as IncidentCommand;
    const saveReport = { type: 'SaveIncidentReport', incidentId: 'i1', actor: 'rita', internal: { summary: 'Pool exhausted' } } as IncidentCommand;

    it("takes a responder's status change over someone else's review work since the version they read", async () => {
      await executor.execute(declare, context);
      await executor.execute(addItem, context);
      const { version: read } = await executor.execute(note('looking at the pool'), context);
      await executor.execute(completeItem, { ...context, expectedVersion: read });

      const outcome = await executor.execute(status('IDENTIFIED'), { ...context, expectedVersion: read });
      expect(outcome.version).toBe(read + 2);
      expect((await all(store)).map((e) => e.type).slice(-2)).toEqual(['ActionItemCompleted', 'IncidentStatusChanged']);
    });

    it("refuses a responder's status change once another responder changed the status, naming the change", async () => {
      await executor.execute(declare, context);
      const { version: read } = await executor.execute(addItem, context);
      await executor.execute(status('IDENTIFIED', 'bob'), { ...context, expectedVersion: read });
      await executor.execute(completeItem, context);

      const refused = executor.execute(status('MONITORING'), { ...context, expectedVersion: read });
      await expect(refused).rejects.toBeInstanceOf(WrongExpectedRevisionError);
      await expect(refused).rejects.toMatchObject({ actual: read + 1, expected: read - 1, changes: ['IncidentStatusChanged'] });
      expect(await all(store)).toHaveLength(read + 2);
    });

    it("takes a reviewer's draft over a responder's work, and refuses it over another reviewer's", async () => {
      await executor.execute(declare, context);
      const { version: read } = await executor.execute(note('first'), context);
      await executor.execute(status('RESOLVED', 'bob'), context);
      const saved = await executor.execute(saveReport, { ...context, expectedVersion: read });
      await expect(executor.execute(addItem, { ...context, expectedVersion: read })).rejects.toMatchObject({ changes: ['IncidentReportDrafted'] });
      expect(saved.version).toBe(read + 2);
    });

    it('refuses a version the incident never had', async () => {
      await executor.execute(declare, context);
      await expect(executor.execute(addItem, { ...context, expectedVersion: 5 })).rejects.toMatchObject({ actual: 0, expected: 4, changes: [] });
    });

    it('decides again on the fresh state when review work from another process wins the race', async () => {
      await executor.execute(declare, context);
      await executor.execute(addItem, context);
      const read = 2;
      const other = new IncidentCommandExecutor(store, new FixedClock(new Date('2026-02-02T02:02:03Z')));
      const append = store.append.bind(store);
      let raced = false;
      store.append = async (streamId, events, expected) => {
        if (!raced) {
          raced = true;
          await other.execute(completeItem, context);
        }
        return append(streamId, events, expected);
      };
      const outcome = await executor.execute(status('IDENTIFIED'), { ...context, expectedVersion: read });
      expect(outcome.version).toBe(read + 2);
      expect((await all(store)).map((e) => e.revision)).toEqual([0, 1, 2, 3]);
    });
  });

  it('accepts concurrent commands on one incident into one contiguous stream', async () => {
    await executor.execute(declare, context);
    await Promise.all(Array.from({ length: 20 }, (_, i) => executor.execute(note(`n${i}`), context)));
    const notes = (await all(store)).filter((e) => e.type === 'TimelineNoteAdded');
    expect(notes.map((e) => e.revision)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });

  it('re-decides commands that lost a race to another process when no version was given', async () => {
    const other = new IncidentCommandExecutor(store, new FixedClock(new Date('2026-02-02T02:02:03Z')));
    await executor.execute(declare, context);
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? executor : other).execute(note(`n${i}`), context)),
    );
    const notes = (await all(store)).filter((e) => e.type === 'TimelineNoteAdded');
    expect(notes).toHaveLength(20);
    expect(notes.map((e) => e.revision).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });

  it('answers a retry that raced its first attempt in another process as the one write it is', async () => {
    const other = new IncidentCommandExecutor(store, new FixedClock(new Date('2026-02-02T02:02:03Z')));
    await executor.execute(declare, context);
    const outcomes = await Promise.all(
      Array.from({ length: 6 }, (_, i) => (i % 2 === 0 ? executor : other).execute(note('once'), { ...context, commandId: 'cmd-race', expectedVersion: 1 })),
    );
    expect(outcomes.filter((o) => !o.replayed)).toHaveLength(1);
    expect(new Set(outcomes.map((o) => o.position)).size).toBe(1);
    expect((await all(store)).filter((e) => e.type === 'TimelineNoteAdded')).toHaveLength(1);
  });

  it('scopes a command id to its incident: the same id on another incident is another command', async () => {
    await executor.execute(declare, context);
    await executor.execute({ ...declare, incidentId: 'i2' }, context);
    await executor.execute(note('one'), { ...context, commandId: 'cmd-1' });
    const elsewhere = await executor.execute({ ...note('one'), incidentId: 'i2' }, { ...context, commandId: 'cmd-1' });
    expect(elsewhere).toMatchObject({ streamId: 'incident-i2', replayed: false });
  });

  it('lets only one of concurrent acknowledgements win; the others learn why', async () => {
    await executor.execute(declare, context);
    const ack: IncidentCommand = { type: 'AcknowledgeIncident', incidentId: 'i1', actor: 'alice' };
    const outcomes = await Promise.allSettled(Array.from({ length: 5 }, () => executor.execute(ack, context)));
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    for (const outcome of outcomes.filter((o) => o.status === 'rejected')) {
      expect((outcome as PromiseRejectedResult).reason).toBeInstanceOf(DomainError);
    }
  });

  it('answers a retried command on a private incident only to whoever may still see it', async () => {
    const alice = { id: 'k-alice', name: 'alice', role: AccessRole.RESPONDER, kind: 'api-key' as const };
    const mallory = { ...alice, id: 'k-mallory', name: 'mallory' };
    await executor.execute({ ...declare, private: true } as IncidentCommand, { ...context, principal: alice });
    await executor.execute(note('secret'), { ...context, principal: alice, commandId: 'n-1' });
    await expect(executor.execute(note('secret'), { ...context, principal: alice, commandId: 'n-1' })).resolves.toMatchObject({ replayed: true });
    await expect(executor.execute(note('secret'), { ...context, principal: mallory, commandId: 'n-1' })).rejects.toMatchObject({
      reason: 'INCIDENT_NOT_FOUND',
    });
  });

  it('refuses a command on an unknown incident as unknown before comparing versions', async () => {
    await expect(executor.execute(note('x'), { ...context, expectedVersion: 1 })).rejects.toMatchObject({ reason: 'INCIDENT_NOT_FOUND' });
  });

  it('refuses commands on an unknown incident', async () => {
    await expect(executor.execute(note('x'), context)).rejects.toMatchObject({ reason: 'INCIDENT_NOT_FOUND' });
    expect(await all(store)).toHaveLength(0);
  });

  describe('between commands, a stream is read only from where the last one left it', () => {
    /** The events each readStream call handed out. */
    function countReads(target: InMemoryEventStore): number[] {
      const reads: number[] = [];
      const readStream = target.readStream.bind(target);
      target.readStream = (streamId, options) => {
        const index = reads.push(0) - 1;
        const source = readStream(streamId, options);
        return (async function* () {
          for await (const event of source) {
            reads[index]++;
            yield event;
          }
        })();
      };
      return reads;
    }

    it('reads no old events for the next command on the same incident', async () => {
      const reads = countReads(store);
      await executor.execute(declare, context);
      for (let i = 0; i < 5; i++) await executor.execute(note(`n${i}`), context);
      expect(reads).toEqual([0, 0, 0, 0, 0, 0]);
      expect((await all(store)).map((e) => e.revision)).toEqual([0, 1, 2, 3, 4, 5]);
    });

    it('recognises a first attempt and a retry by command id without reading old events', async () => {
      await executor.execute(declare, context);
      for (let i = 0; i < 5; i++) await executor.execute(note(`n${i}`), { ...context, commandId: `cmd-${i}` });
      const reads = countReads(store);
      await executor.execute(note('new'), { ...context, commandId: 'cmd-new' });
      await executor.execute(note('n2'), { ...context, commandId: 'cmd-2' });
      expect(reads).toEqual([0, 0]);
    });

    it("decides on another process's writes, reading only those", async () => {
      const other = new IncidentCommandExecutor(store, new FixedClock(new Date('2026-02-02T02:02:03Z')));
      await executor.execute(declare, context);
      await executor.execute(note('mine'), context);
      await other.execute({ type: 'ResolveIncident', incidentId: 'i1', actor: 'bob', summary: 'fixed' } as IncidentCommand, context);
      const reads = countReads(store);
      // Resolved elsewhere: this process must see it, so a second resolution is refused.
      await expect(
        executor.execute({ type: 'ResolveIncident', incidentId: 'i1', actor: 'alice', summary: 'again' } as IncidentCommand, context),
      ).rejects.toBeInstanceOf(DomainError);
      expect(reads).toEqual([1]);
    });

    it("after losing a race, reads only the winner's events, and still writes once per command", async () => {
      await executor.execute(declare, context);
      const reads = countReads(store);
      const append = store.append.bind(store);
      let raced = false;
      store.append = async (streamId, events, expected) => {
        if (!raced) {
          raced = true;
          // Another process writes first: this append must fail on the revision, then be re-decided.
          await append(streamId, [{ ...events[0], id: '00000000-0000-4000-8000-000000000001' }], expected);
        }
        return append(streamId, events, expected);
      };
      await executor.execute(note('after the race'), context);
      const notes = (await all(store)).filter((e) => e.type === 'TimelineNoteAdded');
      expect(notes.map((e) => e.revision)).toEqual([1, 2]);
      await executor.execute(note('next'), context);
      expect((await all(store)).map((e) => e.revision)).toEqual([0, 1, 2, 3]);
      // Nothing new before the first attempt, the winner's note before the second, nothing before the next command.
      expect(reads).toEqual([0, 1, 0]);
    });
  });
});
