import { STATUSPAGE_NOTICES_STREAM, statuspageNoticesCheckpointCodec, statuspageNoticesCheckpointDecider, SUBSCRIBER_CONTACT_STREAM_PREFIX, SUBSCRIBER_STREAM_PREFIX, subscriberContactDecider, subscriberContactEventCodec, subscriberDecider, subscriberEventCodec, MAINTENANCE_STREAM_PREFIX, maintenanceDecider, maintenanceEventCodec, PUBLIC_INCIDENT_STREAM_PREFIX, publicIncidentDecider, publicIncidentEventCodec, STATUS_COMPONENT_STREAM_PREFIX, statusComponentDecider, statusComponentEventCodec, STATUSPAGE_ERRORS } from '@incident-ledger/domain';
import { StatusPageReadModel, StatusPageSubscribersReadModel } from '@incident-ledger/read-models';
import { ContextRegistration } from '../contexts/context-registration';

/** The public status page: components and groups, incidents published on it, scheduled maintenance, subscribers, and the processes that start and complete maintenance on time and tell subscribers. */
export const STATUSPAGE_CONTEXT: ContextRegistration = {
  name: 'statuspage',
  streams: [
    { prefix: STATUS_COMPONENT_STREAM_PREFIX, decider: statusComponentDecider, codec: statusComponentEventCodec },
    { prefix: PUBLIC_INCIDENT_STREAM_PREFIX, decider: publicIncidentDecider, codec: publicIncidentEventCodec },
    { prefix: MAINTENANCE_STREAM_PREFIX, decider: maintenanceDecider, codec: maintenanceEventCodec },
    { prefix: SUBSCRIBER_STREAM_PREFIX, decider: subscriberDecider, codec: subscriberEventCodec },
    { prefix: SUBSCRIBER_CONTACT_STREAM_PREFIX, decider: subscriberContactDecider, codec: subscriberContactEventCodec },
    { prefix: STATUSPAGE_NOTICES_STREAM, decider: statuspageNoticesCheckpointDecider, codec: statuspageNoticesCheckpointCodec },
  ],
  readModels: [
    { name: 'statuspage', version: 1, type: StatusPageReadModel },
    { name: 'statuspageSubscribers', version: 1, type: StatusPageSubscribersReadModel },
  ],
  processManagers: [{ name: 'maintenance-windows' }, { name: 'statuspage-notices' }],
  errors: STATUSPAGE_ERRORS,
};
