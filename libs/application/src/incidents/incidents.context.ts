import { INCIDENT_ERRORS, INCIDENT_STREAM_PREFIX, incidentDecider, incidentEventCodec } from '@incident-ledger/domain';
import { IncidentReadModel } from '@incident-ledger/read-models';
import { ContextRegistration } from '../contexts/context-registration';

/** Incidents: one stream per incident; the incident views, the order of declaration and the status board. */
export const INCIDENTS_CONTEXT: ContextRegistration = {
  name: 'incidents',
  streams: [{ prefix: INCIDENT_STREAM_PREFIX, decider: incidentDecider, codec: incidentEventCodec }],
  readModels: [{ name: 'incidents', version: 2, type: IncidentReadModel }],
  processManagers: [],
  errors: INCIDENT_ERRORS,
};
