import { MAINTENANCE_STREAM_PREFIX, maintenanceDecider, maintenanceEventCodec, PUBLIC_INCIDENT_STREAM_PREFIX, publicIncidentDecider, publicIncidentEventCodec, STATUS_COMPONENT_STREAM_PREFIX, statusComponentDecider, statusComponentEventCodec, STATUSPAGE_ERRORS } from '@incident-ledger/domain';
import { StatusPageReadModel } from '@incident-ledger/read-models';
import { ContextRegistration } from '../contexts/context-registration';

/** The public status page: components and groups, incidents published on it, scheduled maintenance, and the process that starts and completes maintenance on time. */
export const STATUSPAGE_CONTEXT: ContextRegistration = {
  name: 'statuspage',
  streams: [
    { prefix: STATUS_COMPONENT_STREAM_PREFIX, decider: statusComponentDecider, codec: statusComponentEventCodec },
    { prefix: PUBLIC_INCIDENT_STREAM_PREFIX, decider: publicIncidentDecider, codec: publicIncidentEventCodec },
    { prefix: MAINTENANCE_STREAM_PREFIX, decider: maintenanceDecider, codec: maintenanceEventCodec },
  ],
  readModels: [{ name: 'statuspage', version: 1, type: StatusPageReadModel }],
  processManagers: [{ name: 'maintenance-windows' }],
  errors: STATUSPAGE_ERRORS,
};
