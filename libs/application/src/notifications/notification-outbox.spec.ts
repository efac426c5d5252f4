import { FixedClock, IncidentEvent, OUTBOX_STREAM, ReminderKind, ResponderRole, Severity } from '@incident-ledger/domain';
import { InMemoryEventStore } from '@incident-ledger/event-store';
import { NotificationsReadModel } from '@incident-ledger/read-models';
import { IncidentCommandExecutor } from '../incidents/incident-command.executor';
import { NotificationOutbox, personalRecipients, personChannelId, personOfChannel } from './notification-outbox';

const fact = { incidentId: 'inc-1', at: '2026-12-02T10:00:00.000Z', by: 'ana' };

describe('what concerns a person', () => {
  it('is a role given to them by someone else', () => {
    const assigned: IncidentEvent = { type: 'ResponderAssigned', data: { ...fact, role: ResponderRole.SCRIBE, responder: 'rosa', previousResponder: null } };
    expect(personalRecipients(assigned)).toEqual(['rosa']);
  });

  it('is not a role they took themselves, nor anything else', () => {
    const taken: IncidentEvent = { type: 'ResponderAssigned', data: { ...fact, role: ResponderRole.SCRIBE, responder: 'ana', previousResponder: null } };
    const removed: IncidentEvent = { type: 'ResponderUnassigned', data: { ...fact, role: ResponderRole.SCRIBE, responder: 'rosa' } };
    expect(personalRecipients(taken)).toEqual([]);
    expect(personalRecipients(removed)).toEqual([]);
  });

  it('goes to `person:<name>`, which names no channel', () => {
    expect(personChannelId('rosa')).toBe('person:rosa');
    expect(personOfChannel('person:rosa')).toBe('rosa');
    expect(personOfChannel('0b6f5a36-3c1e-4f1e-9a59-4b1f2f1d5b1a')).toBeNull();
  });
});

describe('the outbox checkpoint', () => {
  afterEach(() => jest.restoreAllMocks());

  it('is saved after incident events were heard, not after its own checkpoint or other streams: an idle ledger gets no writes', async () => {
    const store = new InMemoryEventStore();
    const clock = new FixedClock(new Date('2026-12-02T10:00:00.000Z'));
    const incidents = new IncidentCommandExecutor(store, clock);
    // Mailing people makes the outbox listen without any subscription; nobody here has an address.
    const outbox = new NotificationOutbox({
      store,
      clock,
      notifications: new NotificationsReadModel(),
      scheduleOf: () => undefined,
      membersOf: () => [],
      ownerTeamsOf: () => [],
      linkTo: () => null,
      mailsPeople: true,
      emailOf: () => null,
    });
    const checkpoints = async () => {
      let count = 0;
      for await (const event of store.readStream(OUTBOX_STREAM)) count += event.type === 'OutboxCheckpointed' ? 1 : 0;
      return count;
    };
    let now = Date.now();
    jest.spyOn(Date, 'now').mockImplementation(() => now);
    const rounds = async (count: number) => {
      for (let round = 0; round < count; round++) {
        now += 6_000;
        await outbox.catchUp();
      }
    };

    await incidents.execute({ type: 'DeclareIncident', incidentId: 'inc-1', actor: 'ana', title: 'Checkout errors', severity: Severity.SEV2 }, { actor: 'ana', correlationId: 'c1' });
    await rounds(3);
    const afterDeclaration = await checkpoints();
    await rounds(5);
    expect(await checkpoints()).toBe(afterDeclaration);

    await incidents.execute({ type: 'AddTimelineNote', incidentId: 'inc-1', actor: 'ana', text: 'Rolled back' }, { actor: 'ana', correlationId: 'c2' });
    await rounds(5);
    expect(await checkpoints()).toBe(afterDeclaration + 1);
  });
});

describe('reminders', () => {
  it('go to the people they are addressed to', () => {
    const reminder: IncidentEvent = {
      type: 'ReminderSent',
      data: { ...fact, by: 'reminders', reminderKind: ReminderKind.STATUS_UPDATE_EXTERNAL, actionItemId: null, since: fact.at, dueAt: fact.at, addressedTo: ResponderRole.COMMUNICATIONS_LEAD, recipients: ['dave'] },
    };
    expect(personalRecipients(reminder)).toEqual(['dave']);
  });
});
