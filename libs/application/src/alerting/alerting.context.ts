import {
  ALERT_GROUP_STREAM_PREFIX,
  ALERT_INCIDENTS_STREAM,
  alertGroupDecider,
  alertGroupEventCodec,
  ALERTING_ERRORS,
  alertIncidentsCheckpointCodec,
  alertIncidentsCheckpointDecider,
  INTEGRATION_STREAM_PREFIX,
  integrationDecider,
  integrationEventCodec,
} from '@incident-ledger/domain';
import { AlertingReadModel } from '@incident-ledger/read-models';
import { ContextRegistration } from '../contexts/context-registration';

/** Alerts in: integrations (`integration-<slug>`), the alert groups their alerts form (`alertgroup-<id>`), and the process that declares incidents for them. */
export const ALERTING_CONTEXT: ContextRegistration = {
  name: 'alerting',
  streams: [
    { prefix: INTEGRATION_STREAM_PREFIX, decider: integrationDecider, codec: integrationEventCodec },
    { prefix: ALERT_GROUP_STREAM_PREFIX, decider: alertGroupDecider, codec: alertGroupEventCodec },
    { prefix: ALERT_INCIDENTS_STREAM, decider: alertIncidentsCheckpointDecider, codec: alertIncidentsCheckpointCodec },
  ],
  readModels: [{ name: 'alerting', version: 1, type: AlertingReadModel }],
  processManagers: [{ name: 'alert-incidents' }],
  errors: ALERTING_ERRORS,
};
