import { MaintenanceStatus } from './statuspage.types';
import { deciderSpecification } from '../testing/decider-specification';
import { AUTOMATIC_MAINTENANCE_MESSAGES, MaintenanceCommand, maintenanceDecider } from './maintenance.decider';
import { MaintenanceEvent } from './maintenance.events';
import { PublicIncidentCommand, publicIncidentDecider } from './public-incident.decider';
import { PublicIncidentEvent } from './public-incident.events';
import { StatusComponentCommand, statusComponentDecider } from './status-component.decider';
import { StatusComponentEvent } from './status-component.events';

const now = new Date('2027-03-01T12:00:00Z');
const at = now.toISOString();

describe('status page component', () => {
  const spec = deciderSpecification(statusComponentDecider, now);
  const settings = { name: 'API', description: null, groupId: 'core', service: 'checkout', position: 1, onlyShowIfDegraded: false };
  const create: StatusComponentCommand = { type: 'CreateStatusComponent', componentId: 'api', actor: 'alice', isGroup: false, ...settings };
  const created: StatusComponentEvent = { type: 'StatusComponentCreated', data: { componentId: 'api', at, by: 'alice', isGroup: false, ...settings } };

  it('is created once, with its settings trimmed and checked', () => {
    spec.given([]).when({ ...create, name: '  API  ' }).then([created]);
    spec.given([created]).when(create).thenFails('STATUS_COMPONENT_EXISTS');
    spec.given([]).when({ ...create, position: 0 }).thenFails('INVALID_INPUT', { field: 'position' });
    spec.given([]).when({ ...create, name: ' ' }).thenFails('INVALID_INPUT', { field: 'name' });
  });

  it('refuses a group inside a group', () => {
    spec.given([]).when({ ...create, isGroup: true }).thenFails('INVALID_INPUT', { field: 'groupId' });
  });

  it('records only what changed', () => {
    spec.given([created]).when({ type: 'ChangeStatusComponent', componentId: 'api', actor: 'alice', name: 'API', position: 2 }).then([{ type: 'StatusComponentChanged', data: { componentId: 'api', at, by: 'alice', changes: { position: 2 } } }]);
    spec.given([created]).when({ type: 'ChangeStatusComponent', componentId: 'api', actor: 'alice', name: 'API' }).then([]);
  });

  it('takes a state by hand, but a group has no state of its own', () => {
    spec.given([created]).when({ type: 'SetComponentStatus', componentId: 'api', actor: 'alice', status: 'degraded_performance' }).then([{ type: 'ComponentStatusSet', data: { componentId: 'api', at, by: 'alice', status: 'degraded_performance' } }]);
    const group: StatusComponentEvent = { type: 'StatusComponentCreated', data: { ...created.data, isGroup: true, groupId: null } } as StatusComponentEvent;
    spec.given([group]).when({ type: 'SetComponentStatus', componentId: 'api', actor: 'alice', status: 'major_outage' }).thenFails('COMPONENT_IS_GROUP');
  });

  it('is gone once removed, and its id is not given again', () => {
    const removed: StatusComponentEvent = { type: 'StatusComponentRemoved', data: { componentId: 'api', at, by: 'alice' } };
    spec.given([created, removed]).when({ type: 'SetComponentStatus', componentId: 'api', actor: 'alice', status: 'operational' }).thenFails('STATUS_COMPONENT_NOT_FOUND');
    spec.given([created, removed]).when(create).thenFails('STATUS_COMPONENT_EXISTS');
  });
});

describe('public incident', () => {
  const spec = deciderSpecification(publicIncidentDecider, now);
  const publish: PublicIncidentCommand = {
    type: 'PublishIncident',
    incidentId: 'inc-1',
    actor: 'carol',
    publicId: 'p1',
    name: 'Elevated API errors',
    impact: 'major',
    components: [{ componentId: 'web', status: 'degraded_performance' }, { componentId: 'api' }],
    message: 'We are investigating.',
  };
  const published: PublicIncidentEvent = {
    type: 'IncidentPublished',
    data: {
      incidentId: 'inc-1',
      at,
      by: 'carol',
      publicId: 'p1',
      name: 'Elevated API errors',
      impact: 'major',
      // A component named without a state takes the impact's; the list is kept in one order.
      components: [
        { componentId: 'api', status: 'partial_outage' },
        { componentId: 'web', status: 'degraded_performance' },
      ],
      message: 'We are investigating.',
    },
  };
  const withdrawn: PublicIncidentEvent = { type: 'PublicIncidentWithdrawn', data: { incidentId: 'inc-1', at, by: 'carol', reason: null } };

  it('is published once, with a public title, an impact, components and a first message', () => {
    spec.given([]).when(publish).then([published]);
    spec.given([published]).when(publish).thenFails('INCIDENT_ALREADY_PUBLISHED');
    spec.given([]).when({ ...publish, message: '' }).thenFails('INVALID_INPUT', { field: 'message' });
    spec.given([]).when({ ...publish, impact: 'catastrophic' as never }).thenFails('INVALID_INPUT', { field: 'impact' });
  });

  it('refuses maintenance as an incident state and a component named twice', () => {
    spec.given([]).when({ ...publish, components: [{ componentId: 'api', status: 'under_maintenance' }] }).thenFails('INVALID_INPUT', { field: 'components[0].status' });
    spec.given([]).when({ ...publish, components: [{ componentId: 'api' }, { componentId: 'api' }] }).thenFails('INVALID_INPUT', { field: 'components' });
  });

  it('changes only what differs, and only while published', () => {
    spec.given([published]).when({ type: 'ChangePublicIncident', incidentId: 'inc-1', actor: 'carol', impact: 'major', name: 'API errors' }).then([{ type: 'PublicIncidentChanged', data: { incidentId: 'inc-1', at, by: 'carol', changes: { name: 'API errors' } } }]);
    spec.given([published, withdrawn]).when({ type: 'ChangePublicIncident', incidentId: 'inc-1', actor: 'carol', name: 'x' }).thenFails('INCIDENT_NOT_PUBLISHED');
  });

  it('keeps its public id when published again after a withdrawal', () => {
    spec.given([published, withdrawn]).when({ ...publish, publicId: 'p2' }).then([published]);
  });
});

describe('maintenance', () => {
  const spec = deciderSpecification(maintenanceDecider, now);
  const window = { scheduledFor: '2027-03-02T02:00:00Z', scheduledUntil: '2027-03-02T04:00:00Z' };
  const schedule: MaintenanceCommand = { type: 'ScheduleMaintenance', maintenanceId: 'db-upgrade', actor: 'dave', name: 'Database upgrade', message: 'We are upgrading.', impact: 'minor', components: ['db', 'api'], autoStart: true, autoComplete: true, ...window };
  const scheduled: MaintenanceEvent = {
    type: 'MaintenanceScheduled',
    data: { maintenanceId: 'db-upgrade', at, by: 'dave', name: 'Database upgrade', message: 'We are upgrading.', impact: 'minor', components: ['api', 'db'], autoStart: true, autoComplete: true, scheduledFor: '2027-03-02T02:00:00.000Z', scheduledUntil: '2027-03-02T04:00:00.000Z' },
  };
  const update = (status: MaintenanceStatus, message: string, automatic = false, by = 'dave'): MaintenanceEvent => ({
    type: 'MaintenanceUpdated',
    data: { maintenanceId: 'db-upgrade', at, by, status, message, automatic },
  });

  it('is scheduled with a window that is ahead, at most 14 days long', () => {
    spec.given([]).when(schedule).then([scheduled]);
    spec.given([]).when({ ...schedule, scheduledUntil: '2027-03-02T01:00:00Z' }).thenFails('INVALID_INPUT', { field: 'scheduledUntil' });
    spec.given([]).when({ ...schedule, scheduledFor: '2027-02-28T00:00:00Z', scheduledUntil: '2027-03-01T11:00:00Z' }).thenFails('INVALID_INPUT', { field: 'scheduledUntil' });
    spec.given([]).when({ ...schedule, scheduledUntil: '2027-03-20T00:00:00Z' }).thenFails('INVALID_INPUT', { field: 'scheduledUntil' });
    spec.given([]).when({ ...schedule, scheduledFor: 'tomorrow' }).thenFails('INVALID_INPUT', { field: 'scheduledFor' });
  });

  it('moves forward by hand, with a message, and never back', () => {
    spec.given([scheduled]).when({ type: 'UpdateMaintenance', maintenanceId: 'db-upgrade', actor: 'dave', status: 'in_progress', message: 'Started early.' }).then([update('in_progress', 'Started early.')]);
    spec.given([scheduled, update('verifying', 'Checking.')]).when({ type: 'UpdateMaintenance', maintenanceId: 'db-upgrade', actor: 'dave', status: 'in_progress', message: 'Again?' }).thenFails('MAINTENANCE_STATUS_BACKWARDS');
    spec.given([scheduled, update('completed', 'Done.')]).when({ type: 'UpdateMaintenance', maintenanceId: 'db-upgrade', actor: 'dave', status: 'completed', message: 'Done!' }).thenFails('MAINTENANCE_OVER');
  });

  it("is started and completed on time by the ledger, in Statuspage's words, unless a person moved it already", () => {
    const start: MaintenanceCommand = { type: 'UpdateMaintenance', maintenanceId: 'db-upgrade', actor: 'statuspage', status: 'in_progress', message: null, automatic: { expected: 'scheduled' } };
    spec.given([scheduled]).when(start).then([update('in_progress', AUTOMATIC_MAINTENANCE_MESSAGES.in_progress, true, 'statuspage')]);
    spec.given([scheduled, update('in_progress', 'Started early.')]).when(start).then([]);
    const cancelled: MaintenanceEvent = { type: 'MaintenanceCancelled', data: { maintenanceId: 'db-upgrade', at, by: 'dave', reason: null } };
    spec.given([scheduled, cancelled]).when(start).then([]);
  });

  it('moves only its end once it has started, and is cancelled only before', () => {
    const started = update('in_progress', 'Started.');
    spec.given([scheduled, started]).when({ type: 'RescheduleMaintenance', maintenanceId: 'db-upgrade', actor: 'dave', scheduledFor: '2027-03-02T03:00:00Z', scheduledUntil: '2027-03-02T05:00:00Z' }).thenFails('MAINTENANCE_STARTED');
    spec
      .given([scheduled, started])
      .when({ type: 'RescheduleMaintenance', maintenanceId: 'db-upgrade', actor: 'dave', scheduledFor: window.scheduledFor, scheduledUntil: '2027-03-02T05:00:00Z' })
      .then([{ type: 'MaintenanceRescheduled', data: { maintenanceId: 'db-upgrade', at, by: 'dave', scheduledFor: '2027-03-02T02:00:00.000Z', scheduledUntil: '2027-03-02T05:00:00.000Z' } }]);
    spec.given([scheduled, started]).when({ type: 'CancelMaintenance', maintenanceId: 'db-upgrade', actor: 'dave' }).thenFails('MAINTENANCE_STARTED');
    spec.given([scheduled]).when({ type: 'CancelMaintenance', maintenanceId: 'db-upgrade', actor: 'dave', reason: ' ' }).then([{ type: 'MaintenanceCancelled', data: { maintenanceId: 'db-upgrade', at, by: 'dave', reason: null } }]);
  });
});
