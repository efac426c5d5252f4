import { checkpointCodec, checkpointDecider } from '../shared/process-checkpoint';

/** Where the process that starts escalations and keeps their timers has read the log to (application/escalation/escalations.ts). */
export const ESCALATIONS_STREAM = 'escalations';

export const escalationsCheckpointDecider = checkpointDecider('EscalationsCheckpointed');
export const escalationsCheckpointCodec = checkpointCodec('EscalationsCheckpointed');
