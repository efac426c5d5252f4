import { randomBytes } from 'node:crypto';
import {
  deliveryEventCodec,
  EscalateIncident,
  FixedClock,
  IncidentEvent,
  NotificationMessage,
  OUTBOX_STREAM,
  ReminderKind,
  ResponderRole,
  Severity,
  SubscribeChannel,
} from '@incident-ledger/domain';
import { InMemoryEventStore, RecordedEvent } from '@incident-ledger/event-store';
import { NotificationsReadModel } from '@incident-ledger/read-models';
import { PageLinks } from '../escalation/page-links';
import { IncidentCommandExecutor } from '../incidents/incident-command.executor';
import { NotificationOutbox, personalRecipients, personChannelId, personOfChannel } from './notification-outbox';
import { NotificationsCommandExecutor } from './notifications-command.executor';

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
      pageLinks: { linkFor: () => null },
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

describe('pages', () => {
  const SENT_AT = '2026-12-02T10:00:00.000Z';
  const clock = new FixedClock(new Date(SENT_AT));
  const context = { actor: 'escalation', correlationId: 'c' };
  const plan: NonNullable<EscalateIncident['start']> = { policyId: 'pol-1', policyName: 'Payments', levels: [{ targets: [{ kind: 'PERSON', id: 'rosa', mode: null }], delayMinutes: 5 }], repeat: 1, turn: 0 };
  const consoleLink = (incidentId: string) => `https://console.example.com/incidents/${incidentId}`;

  /** A ledger with these channels subscribed, an incident of the payments service (team payments) paging rosa by email, and its outbox. */
  async function ledgerWith(
    subscriptions: Array<Omit<SubscribeChannel, 'type' | 'subscriptionId' | 'channelId'>>,
    options: { secretKey?: string; asStored?: (event: RecordedEvent) => RecordedEvent } = {},
  ) {
    const store = new InMemoryEventStore();
    const notifications = new NotificationsReadModel();
    const channels = new NotificationsCommandExecutor(store, clock);
    for (const [index, subscription] of subscriptions.entries()) {
      const channelId = `ch-${index + 1}`;
      await channels.execute({ type: 'CreateNotificationChannel', channelId, name: `Channel ${index + 1}`, kind: 'EMAIL', recipients: [`team${index + 1}@example.com`], actor: 'admin' }, context);
      await channels.execute({ type: 'SubscribeChannel', subscriptionId: `sub-${index + 1}`, channelId, actor: 'admin', ...subscription } as SubscribeChannel & { actor: string }, context);
    }
    for await (const event of store.readAll()) notifications.apply(options.asStored?.(event) ?? event);
    const pageLinks = PageLinks.fromSettings({ LEDGER_SECRET_KEY: options.secretKey, publicUrl: 'https://ledger.example.com', PAGE_LINK_TTL_HOURS: 24 }, clock);
    const outbox = new NotificationOutbox({
      store,
      clock,
      notifications,
      scheduleOf: () => undefined,
      membersOf: () => [],
      ownerTeamsOf: (services) => (services.includes('payments') ? ['payments'] : []),
      linkTo: consoleLink,
      pageLinks,
      mailsPeople: true,
      emailOf: (person) => `${person}@example.com`,
    });
    const incidents = new IncidentCommandExecutor(store, clock);
    await incidents.execute({ type: 'DeclareIncident', incidentId: 'inc-1', actor: 'ana', title: 'Checkout errors', severity: Severity.SEV2, services: ['payments'] }, context);
    const escalate = (step: number, pages: Array<{ pageId: string; person: string }>) =>
      incidents.execute(
        { type: 'EscalateIncident', incidentId: 'inc-1', actor: 'escalation', step, start: plan, pages: pages.map((page) => ({ ...page, via: ['EMAIL'] })), skipReason: null, manual: false },
        context,
      );
    /** Every delivery scheduled, by where it goes: what its message says. */
    const deliveries = async () => {
      await outbox.catchUp();
      const sent = new Map<string, NotificationMessage[]>();
      for await (const event of store.readAll()) {
        const delivery = event.type === 'DeliveryScheduled' ? deliveryEventCodec.decodeRecorded(event) : undefined;
        if (delivery?.type === 'DeliveryScheduled') sent.set(delivery.data.channelId, [...(sent.get(delivery.data.channelId) ?? []), delivery.data.message]);
      }
      return sent;
    };
    return { escalate, deliveries, pageLinks };
  }

  it('reach the paged person on their email, with the link that acknowledges the page, the incident, its severity and the level', async () => {
    const ledger = await ledgerWith([], { secretKey: randomBytes(32).toString('base64') });
    await ledger.escalate(1, [{ pageId: 'page-1', person: 'rosa' }]);

    const [message] = (await ledger.deliveries()).get(personChannelId('rosa')) ?? [];
    expect(message).toMatchObject({ type: 'incident.responder_paged', kind: 'PAGE', incident: { title: 'Checkout errors', severity: 'SEV2' }, summary: 'Paged rosa (level 1; by email)' });
    expect(message.detail).toBe('rosa, you are paged for Checkout errors (SEV2): escalation level 1. Open the link below to acknowledge this page: it works once, and for a limited time.');
    expect(message.link).toMatch(/^https:\/\/ledger\.example\.com\/pages\/ilp_/);
    const token = message.link!.slice('https://ledger.example.com/pages/'.length);
    expect(ledger.pageLinks.open(token)).toMatchObject({ opened: true, page: { incidentId: 'inc-1', pageId: 'page-1', person: 'rosa' } });
  });

  it('say to acknowledge in the console when the server cannot sign a link', async () => {
    const ledger = await ledgerWith([]);
    await ledger.escalate(1, [{ pageId: 'page-1', person: 'rosa' }]);

    const [message] = (await ledger.deliveries()).get(personChannelId('rosa')) ?? [];
    expect(message.link).toBe(consoleLink('inc-1'));
    expect(message.detail).toMatch(/Acknowledge in your console\.$/);
  });

  it('reach a channel subscribed to PAGE with the console link only: whoever reads a shared channel must not acknowledge as rosa', async () => {
    const ledger = await ledgerWith([{ preset: 'CUSTOM', kinds: ['PAGE'] }], { secretKey: randomBytes(32).toString('base64') });
    await ledger.escalate(1, [{ pageId: 'page-1', person: 'rosa' }]);

    const sent = await ledger.deliveries();
    expect(sent.get('ch-1')).toEqual([expect.objectContaining({ type: 'incident.responder_paged', kind: 'PAGE', summary: 'Paged rosa (level 1; by email)', link: consoleLink('inc-1'), detail: null })]);
    expect(JSON.stringify(sent.get('ch-1'))).not.toContain('/pages/');
  });

  it('that nobody acknowledged alarm the owning team’s announcements channel, and nobody else’s', async () => {
    const ledger = await ledgerWith([{ preset: 'ANNOUNCEMENTS', ownerTeams: ['payments'] }, { preset: 'ANNOUNCEMENTS', ownerTeams: ['search'] }, { preset: 'CUSTOM', kinds: ['PAGE'] }]);
    await ledger.escalate(1, [{ pageId: 'page-1', person: 'rosa' }]);
    await ledger.escalate(2, [{ pageId: 'page-2', person: 'rosa' }]);
    await ledger.escalate(3, []);

    const sent = await ledger.deliveries();
    const alarms = [...sent.entries()].flatMap(([channelId, messages]) => messages.filter((message) => message.kind === 'UNACKNOWLEDGED').map((message) => ({ channelId, message })));
    expect(alarms).toEqual([
      {
        channelId: 'ch-1',
        message: expect.objectContaining({ type: 'incident.escalation_exhausted', summary: 'Nobody acknowledged Checkout errors (SEV2): every level was paged 2 times', link: consoleLink('inc-1') }),
      },
    ]);
  });

  it('that nobody acknowledged are heard by an announcements subscription made before the alarm existed', async () => {
    // As an earlier version stored it: with the kinds ANNOUNCEMENTS heard then.
    const earlier = (event: RecordedEvent) =>
      event.type === 'ChannelSubscribed' ? { ...event, data: { ...(event.data as object), kinds: ['DECLARED', 'SEVERITY_CHANGED', 'RESOLVED'] } } : event;
    const ledger = await ledgerWith([{ preset: 'ANNOUNCEMENTS' }], { asStored: earlier });
    await ledger.escalate(1, [{ pageId: 'page-1', person: 'rosa' }]);
    await ledger.escalate(2, [{ pageId: 'page-2', person: 'rosa' }]);
    await ledger.escalate(3, []);
    const announcements = [...(await ledger.deliveries()).values()].flat();
    expect(announcements.map((message) => message.kind).filter((kind) => kind !== 'PAGE')).toEqual(['DECLARED', 'UNACKNOWLEDGED']);
  });
});
