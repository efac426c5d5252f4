import { randomBytes } from 'node:crypto';
import { EscalateIncident, FixedClock, IncidentStatus, Severity } from '@incident-ledger/domain';
import { InMemoryEventStore } from '@incident-ledger/event-store';
import { IncidentReadModel } from '@incident-ledger/read-models';
import { IncidentCommandExecutor } from '../incidents/incident-command.executor';
import { PageAcknowledgements } from './page-acknowledgements';
import { PageLinks } from './page-links';

const SENT_AT = '2026-12-02T10:00:00.000Z';
const plan: NonNullable<EscalateIncident['start']> = { policyId: 'pol-1', policyName: 'Payments', levels: [{ targets: [{ kind: 'PERSON', id: 'rosa', mode: null }], delayMinutes: 5 }], repeat: 0, turn: 0 };
const context = { actor: 'ana', correlationId: 'c' };
const PAGE = { incidentId: 'inc-1', pageId: 'page-1', person: 'rosa' };

/** A ledger where rosa was paged (page-1) for a SEV2 incident, its page links as of `now`, and the link her page carried. */
async function pagedLedger(now = SENT_AT) {
  const store = new InMemoryEventStore();
  const clock = new FixedClock(new Date(SENT_AT));
  const incidents = new IncidentCommandExecutor(store, clock);
  const readModel = new IncidentReadModel();
  const key = randomBytes(32).toString('base64');
  const linksAt = (at: string) => PageLinks.fromSettings({ LEDGER_SECRET_KEY: key, publicUrl: 'https://ledger.example.com', PAGE_LINK_TTL_HOURS: 24 }, new FixedClock(new Date(at)));
  await incidents.execute({ type: 'DeclareIncident', incidentId: 'inc-1', actor: 'ana', title: 'Checkout errors', severity: Severity.SEV2, services: ['payments'] }, context);
  const pages = [{ pageId: 'page-1', person: 'rosa', via: ['EMAIL' as const] }];
  await incidents.execute({ type: 'EscalateIncident', incidentId: 'inc-1', actor: 'escalation', step: 1, start: plan, pages, skipReason: null, manual: false }, context);
  const project = async () => {
    for await (const event of store.readAll()) readModel.apply(event);
  };
  await project();
  const acknowledgements = new PageAcknowledgements(linksAt(now), incidents, readModel, clock);
  const token = linksAt(SENT_AT).linkFor({ ...PAGE, sentAt: SENT_AT })!.split('/pages/')[1];
  /** What the incident's stream holds: each event's type and actor. */
  const written = async () => {
    const events: string[] = [];
    for await (const event of store.readStream('incident-inc-1')) events.push(`${event.type} by ${event.metadata.actor}`);
    return events;
  };
  const acknowledge = async (link = token) => {
    const answer = await acknowledgements.acknowledge(link, 'req-1');
    await project();
    return answer;
  };
  return { ask: (link = token) => acknowledgements.ask(link), acknowledge, incidents, readModel, token, written };
}

describe('acknowledging a page from its link', () => {
  it('asks first, with what the page is about, and writes nothing', async () => {
    const ledger = await pagedLedger();
    const before = await ledger.written();

    expect(await ledger.ask()).toMatchObject({ outcome: 'ASK', page: PAGE, expiresAt: new Date('2026-12-03T10:00:00.000Z'), incident: { title: 'Checkout errors', severity: 'SEV2' } });
    expect(await ledger.written()).toEqual(before);
  });

  it('acknowledges the page and the incident as the paged person, once', async () => {
    const ledger = await pagedLedger();

    expect(await ledger.acknowledge()).toMatchObject({ outcome: 'ACKNOWLEDGED', page: PAGE, incident: { title: 'Checkout errors' } });
    expect((await ledger.written()).slice(-2)).toEqual(['PageAcknowledged by rosa', 'IncidentAcknowledged by rosa']);
    expect(ledger.readModel.get('inc-1')?.acknowledgedAt).toBe(SENT_AT);

    const written = await ledger.written();
    for (const again of [await ledger.acknowledge(), await ledger.ask()]) expect(again).toMatchObject({ outcome: 'REFUSED', refusal: 'ALREADY_USED', page: PAGE });
    expect(await ledger.written()).toEqual(written);
  });

  it('says the incident is over when it was resolved meanwhile', async () => {
    const ledger = await pagedLedger();
    await ledger.incidents.execute({ type: 'ResolveIncident', incidentId: 'inc-1', actor: 'ana' }, context);
    await ledger.acknowledge();

    for (const answer of [await ledger.ask(), await ledger.acknowledge()]) {
      expect(answer).toMatchObject({ outcome: 'REFUSED', refusal: 'INCIDENT_OVER', incident: { status: IncidentStatus.RESOLVED } });
    }
  });

  it('refuses an expired link, and an altered one, acknowledging nothing', async () => {
    expect(await (await pagedLedger('2026-12-03T10:00:00.000Z')).acknowledge()).toEqual({ outcome: 'REFUSED', refusal: 'EXPIRED', page: null, incident: null });

    const ledger = await pagedLedger();
    const written = await ledger.written();
    expect(await ledger.acknowledge(`${ledger.token.slice(0, -2)}xx`)).toMatchObject({ outcome: 'REFUSED', refusal: 'BAD_SIGNATURE' });
    expect(await ledger.written()).toEqual(written);
  });
});
