import { AlertBatch, FixedClock, incidentEventCodec, IncidentEvent, incidentStreamId, parseAlertmanagerPayload, ServiceTier, Severity } from '@incident-ledger/domain';
import { InMemoryEventStore } from '@incident-ledger/event-store';
import { AlertingReadModel, CatalogueReadModel, IntegrationView, Projector } from '@incident-ledger/read-models';
import { CatalogueCommandExecutor } from '../catalogue/catalogue-command.executor';
import { IncidentCommandExecutor } from '../incidents/incident-command.executor';
import { AlertIncidents } from './alert-incidents';
import { AlertGroupCommandExecutor, IntegrationCommandExecutor } from './alerting-executors';
import { AlertingService } from './alerting.service';

/**
 * The middle tier of alerts in: what Alertmanager sends goes through the
 * AlertingService onto alert-group streams, and AlertIncidents turns those into
 * incidents, all over the in-memory store, with read models fed as the server
 * feeds them.
 */

const GROUP_KEY = '{}:{alertname="CheckoutDown"}';
const RUNBOOK = 'https://runbooks.example.com/checkout';
const GENERATOR = 'http://prometheus.example.com:9090/graph?g0.expr=up%7Bjob%3D%22checkout%22%7D+%3D%3D+0';
const STARTED = '2026-12-02T09:58:00.000Z';

/** An Alertmanager notification of the CheckoutDown group with one alert, as its webhook posts it. */
function notification(status: 'firing' | 'resolved', severity = 'critical'): AlertBatch {
  return parseAlertmanagerPayload({
    version: '4',
    status,
    groupKey: GROUP_KEY,
    truncatedAlerts: 0,
    alerts: [
      {
        status,
        labels: { alertname: 'CheckoutDown', service: 'checkout', severity },
        annotations: { summary: 'Checkout is not answering', runbook_url: RUNBOOK },
        startsAt: STARTED,
        endsAt: status === 'firing' ? '0001-01-01T00:00:00Z' : '2026-12-02T10:20:00.000Z',
        generatorURL: GENERATOR,
        fingerprint: '1e13768c7ec52373',
      },
    ],
  });
}

const person = { actor: 'ana', correlationId: 'by-hand' };

async function ledger(options: { autoResolve?: boolean } = {}) {
  const store = new InMemoryEventStore();
  const clock = new FixedClock(new Date('2026-12-02T10:00:00.000Z'));
  const catalogue = new CatalogueReadModel();
  const alerting = new AlertingReadModel();
  const projector = new Projector(store, [
    { name: 'catalogue', model: catalogue },
    { name: 'alerting', model: alerting },
  ]);
  await projector.start();
  await new CatalogueCommandExecutor(store, clock).execute(
    {
      type: 'ApplyCatalogueChanges',
      actor: 'admin',
      changes: [
        { type: 'RegisterTeam', slug: 'shop', name: 'Shop' },
        { type: 'RegisterService', slug: 'checkout', name: 'Checkout', tier: ServiceTier.TIER_2, ownerTeam: 'shop' },
      ],
    },
    { actor: 'admin', correlationId: 'catalogue' },
  );
  await projector.catchUp(1_000);
  const incidents = new IncidentCommandExecutor(store, clock);
  const groups = new AlertGroupCommandExecutor(store, clock);
  const service = new AlertingService(new IntegrationCommandExecutor(store, clock, () => 'shop', () => []), groups, alerting, catalogue, projector, 1_000);
  const { integration } = await service.createIntegration(
    { integrationId: 'prometheus', name: 'Prometheus', service: 'checkout', autoResolve: options.autoResolve ?? false },
    { actor: 'admin', correlationId: 'setup' },
  );
  const newProcess = () => new AlertIncidents({ store, clock, incidents, groups, alerting });
  const process = newProcess();

  /** Alertmanager posts; the process runs a round, as the server's loop does. */
  const send = async (batch: AlertBatch, to: IntegrationView = integration) => {
    clock.advance(60_000);
    const [routed] = await service.receive(to, batch);
    await process.catchUp();
    return routed.alertGroupId;
  };
  const incidentEvents = async (incidentId: string): Promise<IncidentEvent[]> => {
    const events: IncidentEvent[] = [];
    for await (const recorded of store.readStream(incidentStreamId(incidentId))) events.push(incidentEventCodec.decodeRecorded(recorded));
    return events;
  };
  const declaredIncidents = async (): Promise<string[]> => {
    const ids: string[] = [];
    for await (const recorded of store.readAll({ after: 0 })) if (recorded.type === 'IncidentDeclared') ids.push((recorded.data as { incidentId: string }).incidentId);
    return ids;
  };
  const groupIncident = async (alertGroupId: string) => {
    await projector.catchUp(1_000);
    return alerting.alertGroup(alertGroupId)?.incidentId ?? null;
  };
  return { store, clock, incidents, groups, projector, process, newProcess, send, incidentEvents, declaredIncidents, groupIncident, stop: () => projector.stop() };
}

type Ledger = Awaited<ReturnType<typeof ledger>>;

const types = (events: IncidentEvent[]) => events.map((event) => event.type);

describe('alert groups become incidents', () => {
  let current: Ledger | undefined;
  const start = async (options?: { autoResolve?: boolean }) => (current = await ledger(options));
  afterEach(async () => {
    await current?.stop();
    current = undefined;
    jest.restoreAllMocks();
  });

  it('a SEV2 group declares one incident with its title, severity, service, detection time and the alert’s links', async () => {
    const { send, declaredIncidents, incidentEvents, groupIncident, clock } = await start();
    const alertGroupId = await send(notification('firing'));
    const received = clock.now().toISOString();

    const [incidentId] = await declaredIncidents();
    expect(await declaredIncidents()).toHaveLength(1);
    expect(await groupIncident(alertGroupId)).toBe(incidentId);
    const [declared, attached, ...rest] = await incidentEvents(incidentId);
    expect(declared).toMatchObject({
      type: 'IncidentDeclared',
      data: { title: 'Checkout is not answering', severity: Severity.SEV2, services: ['checkout'], detectedAt: received, impactStartedAt: STARTED },
    });
    expect(attached).toMatchObject({ type: 'AlertGroupAttached', data: { alertGroupId, integrationId: 'prometheus', alertCount: 1, firstTime: true } });
    expect(attached.type === 'AlertGroupAttached' && attached.data.links).toEqual(
      expect.arrayContaining([
        { kind: 'RUNBOOK', url: RUNBOOK, text: null },
        { kind: 'GENERATOR', url: GENERATOR, text: null },
      ]),
    );
    expect(rest).toEqual([]);
  });

  it('handled twice (a fresh process with no checkpoint, as after a crash) writes no second incident and no second attachment', async () => {
    const { send, newProcess, declaredIncidents, incidentEvents } = await start();
    // The first process never gets to save its checkpoint: it "crashes" right after acting.
    jest.spyOn(Date, 'now').mockReturnValue(0);
    await send(notification('firing'));
    const [incidentId] = await declaredIncidents();
    const before = await incidentEvents(incidentId);

    jest.restoreAllMocks();
    await newProcess().catchUp();
    expect(await declaredIncidents()).toEqual([incidentId]);
    expect(await incidentEvents(incidentId)).toEqual(before);
  });

  it('a crash between declaring the incident and linking the group: the next process links it, and declares and attaches nothing again', async () => {
    const { send, newProcess, declaredIncidents, incidentEvents, groups, groupIncident } = await start();
    const execute = groups.execute.bind(groups);
    jest.spyOn(groups, 'execute').mockImplementation((command, context) => {
      if (command.type === 'LinkAlertGroupToIncident') return Promise.reject(new Error('killed'));
      return execute(command, context);
    });
    await expect(send(notification('firing'))).rejects.toThrow('killed');
    const [incidentId] = await declaredIncidents();
    const before = await incidentEvents(incidentId);

    jest.restoreAllMocks();
    await newProcess().catchUp();
    expect(await declaredIncidents()).toEqual([incidentId]);
    expect(await incidentEvents(incidentId)).toEqual(before);
    expect(await groupIncident(before[1].type === 'AlertGroupAttached' ? before[1].data.alertGroupId : '')).toBe(incidentId);
  });

  it('a SEV4 group declares nothing', async () => {
    const { send, declaredIncidents, groupIncident } = await start();
    const alertGroupId = await send(notification('firing', 'warning'));
    expect(await declaredIncidents()).toEqual([]);
    expect(await groupIncident(alertGroupId)).toBeNull();
  });

  it('a group resolved is AttachedAlertGroupResolved on its incident, which stays open', async () => {
    const { send, declaredIncidents, incidentEvents, store } = await start();
    await send(notification('firing'));
    await send(notification('resolved'));
    const [incidentId] = await declaredIncidents();
    expect(types(await incidentEvents(incidentId))).toEqual(['IncidentDeclared', 'AlertGroupAttached', 'AttachedAlertGroupResolved']);
    const state = await new IncidentCommandExecutor(store, new FixedClock(new Date())).stateOf(incidentStreamId(incidentId));
    expect(state.declared && state.status).toBe('INVESTIGATING');
  });

  describe('with autoResolve on', () => {
    it('resolves an incident nobody touched when its group resolves', async () => {
      const { send, declaredIncidents, incidentEvents } = await start({ autoResolve: true });
      await send(notification('firing'));
      await send(notification('resolved'));
      const [incidentId] = await declaredIncidents();
      expect(types(await incidentEvents(incidentId))).toEqual(['IncidentDeclared', 'AlertGroupAttached', 'AttachedAlertGroupResolved', 'IncidentResolved']);
    });

    it.each([
      ['acknowledged', { type: 'AcknowledgeIncident' as const }],
      ['noted', { type: 'AddTimelineNote' as const, text: 'Looking at the load balancer' }],
    ])('leaves an incident a person %s open', async (_, command) => {
      const { send, declaredIncidents, incidentEvents, incidents } = await start({ autoResolve: true });
      await send(notification('firing'));
      const [incidentId] = await declaredIncidents();
      await incidents.execute({ ...command, incidentId, actor: 'ana' }, person);
      await send(notification('resolved'));
      const events = types(await incidentEvents(incidentId));
      expect(events).toContain('AttachedAlertGroupResolved');
      expect(events).not.toContain('IncidentResolved');
    });
  });

  it('a group firing again while its incident is open is attached again; once the incident is resolved it declares a new one', async () => {
    const { send, declaredIncidents, incidentEvents, incidents, groupIncident } = await start();
    const alertGroupId = await send(notification('firing'));
    await send(notification('resolved'));
    await send(notification('firing'));
    const [first] = await declaredIncidents();
    expect(await declaredIncidents()).toHaveLength(1);
    const attachments = (await incidentEvents(first)).filter((event) => event.type === 'AlertGroupAttached');
    expect(attachments.map((event) => event.type === 'AlertGroupAttached' && event.data.firstTime)).toEqual([true, false]);
    expect(await groupIncident(alertGroupId)).toBe(first);

    await send(notification('resolved'));
    await incidents.execute({ type: 'ResolveIncident', incidentId: first, actor: 'ana', summary: 'Fixed the pool size' }, person);
    await send(notification('firing'));
    const declared = await declaredIncidents();
    expect(declared).toHaveLength(2);
    const second = declared.find((id) => id !== first) as string;
    expect(types(await incidentEvents(second))).toEqual(['IncidentDeclared', 'AlertGroupAttached']);
    expect(await groupIncident(alertGroupId)).toBe(second);
    expect(types(await incidentEvents(first)).filter((type) => type === 'AlertGroupAttached')).toHaveLength(2);
  });
});
