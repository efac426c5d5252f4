import {
  Decider,
  DomainEvent,
  EventCodec,
  incidentEventCodec,
  maintenanceEventCodec,
  publicIncidentEventCodec,
  statusComponentEventCodec,
  incidentDecider,
  IncidentCommand,
  IncidentStatus,
  incidentStreamId,
  MaintenanceCommand,
  maintenanceDecider,
  maintenanceStreamId,
  PublicIncidentCommand,
  publicIncidentDecider,
  publicIncidentStreamId,
  Severity,
  StatusComponentCommand,
  statusComponentDecider,
  statusComponentStreamId,
} from '@incident-ledger/domain';
import { RecordedEvent } from '@incident-ledger/event-store';
import { StatusPageReadModel } from './status-page.read-model';

/** Omit, over each member of a union of commands. */
type Without<T, K extends string> = T extends unknown ? Omit<T, K> : never;

/** Runs commands through the real deciders at a given time and feeds what they record to the read model, as the log would. */
class Ledger {
  readonly model = new StatusPageReadModel();
  private position = 0;
  private readonly streams = new Map<string, unknown[]>();
  now = new Date('2027-03-01T12:00:00Z');

  at(iso: string): this {
    this.now = new Date(iso);
    return this;
  }

  run<C, E extends DomainEvent, S>(decider: Decider<C, E, S>, codec: EventCodec<E>, streamId: string, command: C): void {
    const past = (this.streams.get(streamId) ?? []) as E[];
    const state = past.reduce(decider.evolve, decider.initialState);
    const events = decider.decide(command, state, this.now);
    this.streams.set(streamId, [...past, ...events]);
    for (const event of events) {
      this.position += 1;
      const { type, data, schemaVersion } = codec.encode(event);
      const recorded: RecordedEvent = { id: `e${this.position}`, type, data, metadata: { schemaVersion, correlationId: 'c', causationId: null, actor: 'alice', occurredAt: this.now.toISOString() }, streamId, revision: 0, position: this.position, recordedAt: this.now.toISOString() };
      this.model.apply(recorded);
    }
  }

  incident(command: Without<IncidentCommand, 'actor' | 'incidentId'>, incidentId = 'inc-1'): this {
    this.run(incidentDecider, incidentEventCodec, incidentStreamId(incidentId), { actor: 'alice', incidentId, ...command } as IncidentCommand);
    return this;
  }

  component(command: Without<StatusComponentCommand, 'actor'>): this {
    this.run(statusComponentDecider, statusComponentEventCodec, statusComponentStreamId(command.componentId), { actor: 'alice', ...command } as StatusComponentCommand);
    return this;
  }

  addComponent(componentId: string, name: string, extra: Partial<{ groupId: string; isGroup: boolean; position: number; onlyShowIfDegraded: boolean }> = {}): this {
    return this.component({ type: 'CreateStatusComponent', componentId, name, description: null, groupId: null, service: null, position: 1, onlyShowIfDegraded: false, isGroup: false, ...extra } as StatusComponentCommand);
  }

  publication(command: Without<PublicIncidentCommand, 'actor' | 'incidentId'>, incidentId = 'inc-1'): this {
    this.run(publicIncidentDecider, publicIncidentEventCodec, publicIncidentStreamId(incidentId), { actor: 'carol', incidentId, ...command } as PublicIncidentCommand);
    return this;
  }

  maintenance(command: Without<MaintenanceCommand, 'actor' | 'maintenanceId'>, maintenanceId = 'db-upgrade'): this {
    this.run(maintenanceDecider, maintenanceEventCodec, maintenanceStreamId(maintenanceId), { actor: 'dave', maintenanceId, ...command } as MaintenanceCommand);
    return this;
  }

  page() {
    return this.model.page(this.now);
  }
}

const declare = { type: 'DeclareIncident', title: 'Primary DB failover loop on db-7 (Bob paged)', severity: Severity.SEV2 } as const;
const publish = { type: 'PublishIncident', publicId: 'pub1', name: 'Elevated API errors', impact: 'major', components: [{ componentId: 'api' }], message: 'We are investigating elevated error rates.' } as const;

function pageWithApi(): Ledger {
  return new Ledger().addComponent('api', 'API', { position: 1 }).addComponent('web', 'Website', { position: 2 });
}

describe('status page read model', () => {
  it('shows an unpublished incident nowhere: the page stays operational', () => {
    const page = pageWithApi().incident(declare).page();
    expect(page.incidents).toEqual([]);
    expect(page.status).toEqual({ indicator: 'none', description: 'All Systems Operational' });
  });

  it('shows a published incident with its public title, first update and the state it puts its components in', () => {
    const ledger = pageWithApi().incident(declare).at('2027-03-01T12:05:00Z').publication(publish);
    const page = ledger.page();
    expect(page.incidents).toHaveLength(1);
    const [incident] = page.incidents;
    expect(incident).toMatchObject({ id: 'pub1', name: 'Elevated API errors', status: 'investigating', impact: 'major', createdAt: '2027-03-01T12:05:00.000Z', componentIds: ['api'] });
    expect(incident.updates).toEqual([
      { id: expect.any(String), status: 'investigating', body: 'We are investigating elevated error rates.', at: '2027-03-01T12:05:00.000Z', affectedComponents: [{ id: 'api', name: 'API', oldStatus: 'operational', newStatus: 'partial_outage' }] },
    ]);
    expect(page.components.map((c) => [c.id, c.status])).toEqual([
      ['api', 'partial_outage'],
      ['web', 'operational'],
    ]);
    expect(page.status).toEqual({ indicator: 'major', description: 'Partial System Outage' });
    expect(JSON.stringify(page)).not.toContain('db-7');
  });

  it('turns EXTERNAL status updates into public updates, never INTERNAL ones, and follows the incident to resolved', () => {
    const ledger = pageWithApi()
      .incident(declare)
      .incident({ type: 'PostStatusUpdate', audience: 'EXTERNAL', message: 'Written before publication' })
      .at('2027-03-01T12:05:00Z')
      .publication(publish)
      .at('2027-03-01T12:10:00Z')
      .incident({ type: 'PostStatusUpdate', audience: 'INTERNAL', message: 'Bob restarted db-7' })
      .incident({ type: 'ChangeIncidentStatus', status: IncidentStatus.MONITORING })
      .incident({ type: 'PostStatusUpdate', audience: 'EXTERNAL', message: 'A fix is in place; we are monitoring.' })
      .at('2027-03-01T12:30:00Z')
      .incident({ type: 'ResolveIncident' })
      .incident({ type: 'PostStatusUpdate', audience: 'EXTERNAL', message: 'Resolved.' });
    const [incident] = ledger.page().incidents;
    expect(incident.updates.map((u) => [u.status, u.body])).toEqual([
      ['resolved', 'Resolved.'],
      ['monitoring', 'A fix is in place; we are monitoring.'],
      ['investigating', 'We are investigating elevated error rates.'],
    ]);
    expect(incident).toMatchObject({ status: 'resolved', monitoringAt: '2027-03-01T12:10:00.000Z', resolvedAt: '2027-03-01T12:30:00.000Z' });
    // The resolution gave the component back: the update after it says so.
    expect(incident.updates[0].affectedComponents).toEqual([{ id: 'api', name: 'API', oldStatus: 'partial_outage', newStatus: 'operational' }]);
    expect(ledger.page().status.indicator).toBe('none');
  });

  it('becomes postmortem with the external report once the report is published', () => {
    const ledger = pageWithApi()
      .incident(declare)
      .publication(publish)
      .incident({ type: 'ResolveIncident' })
      .incident({ type: 'SaveIncidentReport', internal: { summary: 'db-7 disk full; Bob on call', impact: 'Checkout down', rootCause: 'disk', resolution: 'grew it' }, external: { summary: 'A database ran out of space.', resolution: 'We added capacity.' } } as never)
      .incident({ type: 'PublishIncidentReport' } as never);
    const [incident] = ledger.page().incidents;
    expect(incident.status).toBe('postmortem');
    expect(incident.updates[0]).toMatchObject({ status: 'postmortem', body: 'Summary\nA database ran out of space.\n\nResolution\nWe added capacity.' });
    expect(JSON.stringify(ledger.page())).not.toContain('Bob');
  });

  it('hides an incident made private, a withdrawn one, and a drill, and gives their components back', () => {
    const privateLater = pageWithApi().incident(declare).publication(publish).incident({ type: 'ChangeIncidentVisibility', private: true });
    expect(privateLater.page().incidents).toEqual([]);
    expect(privateLater.page().components[0].status).toBe('operational');

    const withdrawn = pageWithApi().incident(declare).publication(publish).publication({ type: 'WithdrawPublicIncident' });
    expect(withdrawn.page().incidents).toEqual([]);
    expect(withdrawn.page().components[0].status).toBe('operational');

    const drill = pageWithApi().incident({ ...declare, kind: 'DRILL' } as never).publication(publish);
    expect(drill.page().incidents).toEqual([]);
  });

  it('keeps a state set by hand until an incident or maintenance moves the component again', () => {
    const ledger = pageWithApi().incident(declare).publication(publish).component({ type: 'SetComponentStatus', componentId: 'api', status: 'degraded_performance' });
    expect(ledger.page().components[0].status).toBe('degraded_performance');
    ledger.incident({ type: 'ResolveIncident' });
    expect(ledger.page().components[0].status).toBe('operational');
  });

  it('puts groups first with their components, shows a group as its worst component, and leaves removed ones out', () => {
    const ledger = new Ledger()
      .addComponent('web', 'Website', { position: 1 })
      .addComponent('core', 'Core', { isGroup: true, position: 2 })
      .addComponent('db', 'Database', { groupId: 'core', position: 2 })
      .addComponent('api', 'API', { groupId: 'core', position: 1 })
      .addComponent('old', 'Old thing', { position: 3 })
      .component({ type: 'RemoveStatusComponent', componentId: 'old' })
      .component({ type: 'SetComponentStatus', componentId: 'db', status: 'major_outage' });
    const page = ledger.page();
    expect(page.components.map((c) => [c.id, c.groupId, c.status, c.componentIds])).toEqual([
      ['web', null, 'operational', []],
      ['core', null, 'major_outage', ['api', 'db']],
      ['api', 'core', 'operational', []],
      ['db', 'core', 'major_outage', []],
    ]);
    expect(page.status).toEqual({ indicator: 'critical', description: 'Major System Outage' });
  });

  it('lists maintenance as upcoming, puts its components under maintenance while it runs, and completes it', () => {
    const ledger = pageWithApi().maintenance({ type: 'ScheduleMaintenance', name: 'Database upgrade', message: 'We will upgrade the database.', impact: 'minor', components: ['api'], autoStart: true, autoComplete: true, scheduledFor: '2027-03-02T02:00:00Z', scheduledUntil: '2027-03-02T04:00:00Z' });
    expect(ledger.page().maintenances[0]).toMatchObject({ id: 'db-upgrade', status: 'scheduled', scheduledFor: '2027-03-02T02:00:00.000Z', componentIds: ['api'] });
    ledger.at('2027-03-02T02:00:00Z').maintenance({ type: 'UpdateMaintenance', status: 'in_progress', message: null, automatic: { expected: 'scheduled' } });
    expect(ledger.page().components[0].status).toBe('under_maintenance');
    expect(ledger.page().status).toEqual({ indicator: 'none', description: 'Service Under Maintenance' });
    ledger.at('2027-03-02T03:00:00Z').maintenance({ type: 'UpdateMaintenance', status: 'completed', message: 'Done early.' });
    const maintenance = ledger.page().maintenances[0];
    expect(maintenance).toMatchObject({ status: 'completed', startedAt: '2027-03-02T02:00:00.000Z', completedAt: '2027-03-02T03:00:00.000Z' });
    expect(maintenance.updates.map((u) => u.status)).toEqual(['completed', 'in_progress', 'scheduled']);
    expect(maintenance.updates[0].affectedComponents).toEqual([{ id: 'api', name: 'API', oldStatus: 'under_maintenance', newStatus: 'operational' }]);
    expect(ledger.page().components[0].status).toBe('operational');
  });

  it("draws each of the last 90 days' uptime from the component's history (planned maintenance is not downtime)", () => {
    const ledger = new Ledger().at('2027-02-27T00:00:00Z').addComponent('api', 'API').incident(declare).at('2027-02-28T06:00:00Z').publication({ ...publish, impact: 'critical' }).at('2027-02-28T12:00:00Z').incident({ type: 'ResolveIncident' });
    ledger.at('2027-03-01T12:00:00Z');
    const days = ledger.page().components[0].uptimeDays;
    expect(days).toHaveLength(90);
    expect(days[days.length - 1]).toEqual({ date: '2027-03-01', uptime: 1, worstStatus: 'operational' });
    expect(days[days.length - 2]).toEqual({ date: '2027-02-28', uptime: 0.75, worstStatus: 'major_outage' });
    expect(days[days.length - 3]).toEqual({ date: '2027-02-27', uptime: 1, worstStatus: 'operational' });
    expect(days[days.length - 4]).toEqual({ date: '2027-02-26', uptime: null, worstStatus: null });
  });

  it('draws the bar from the state the window opens in: an old outage is left out, one still running when the window opens is not', () => {
    const ledger = new Ledger().at('2026-06-01T00:00:00Z').addComponent('api', 'API').incident(declare).at('2026-08-01T00:00:00Z').publication({ ...publish, impact: 'critical' });
    ledger.at('2026-08-02T00:00:00Z').incident({ type: 'ResolveIncident' });
    ledger.incident(declare, 'inc-2').at('2026-11-30T12:00:00Z').publication({ ...publish, publicId: 'pub2', impact: 'critical' }, 'inc-2');
    const days = ledger.at('2027-03-01T12:00:00Z').page().components[0].uptimeDays;
    expect(days.every((day) => day.uptime !== null)).toBe(true);
    // The first outage ended months before the window; the second began before it and still runs.
    expect(days[0]).toEqual({ date: '2026-12-02', uptime: 0, worstStatus: 'major_outage' });
    expect(days[days.length - 1]).toEqual({ date: '2027-03-01', uptime: 0, worstStatus: 'major_outage' });
  });

  it('keeps 90 days of history: an older resolved incident drops off, an unresolved one stays', () => {
    const ledger = pageWithApi().incident(declare).publication(publish).incident(declare, 'inc-2').publication({ ...publish, publicId: 'pub2' }, 'inc-2').incident({ type: 'ResolveIncident' }, 'inc-2');
    ledger.at('2027-06-15T00:00:00Z');
    expect(ledger.page().incidents.map((incident) => incident.id)).toEqual(['pub1']);
  });

  it('keeps serving what it knows when an incident event cannot be read (the incidents read model stops and says so)', () => {
    const ledger = pageWithApi().incident(declare).publication(publish);
    const poisoned: RecordedEvent = { id: 'bad', type: 'IncidentDeclared', data: { incidentId: 'inc-9', at: '2027-03-01T12:00:00Z' }, metadata: { schemaVersion: 2, correlationId: 'c', causationId: null, actor: 'x', occurredAt: '2027-03-01T12:00:00Z' }, streamId: incidentStreamId('inc-9'), revision: 0, position: 1_000, recordedAt: '2027-03-01T12:00:00Z' };
    expect(() => ledger.model.apply(poisoned)).not.toThrow();
    expect(ledger.page().incidents.map((incident) => incident.id)).toEqual(['pub1']);
  });

  it('serves the same page object until something changes or the minute turns', () => {
    const ledger = pageWithApi();
    const first = ledger.page();
    expect(ledger.page()).toBe(first);
    ledger.component({ type: 'SetComponentStatus', componentId: 'web', status: 'major_outage' });
    expect(ledger.page()).not.toBe(first);
  });
});
