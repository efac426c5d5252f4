import { checkpointCodec, checkpointDecider } from '../shared/process-checkpoint';

/** Where the process that tells the status page's subscribers has read the log to (application/statuspage/statuspage-notices.ts). */
export const STATUSPAGE_NOTICES_STREAM = 'statuspage-notices';

export const statuspageNoticesCheckpointDecider = checkpointDecider('StatuspageNoticesCheckpointed');
export const statuspageNoticesCheckpointCodec = checkpointCodec('StatuspageNoticesCheckpointed');
