import { checkpointCodec, checkpointDecider } from '../shared/process-checkpoint';

/**
 * Where the process that turns alert groups into incidents has read the log
 * to (see application/alerting/alert-incidents.ts).
 */
export const ALERT_INCIDENTS_STREAM = 'alert-incidents';

export const alertIncidentsCheckpointDecider = checkpointDecider('AlertIncidentsCheckpointed');
export const alertIncidentsCheckpointCodec = checkpointCodec('AlertIncidentsCheckpointed');
