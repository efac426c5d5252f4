import { ONCALL_ERRORS, SCHEDULE_STREAM_PREFIX, scheduleDecider, scheduleEventCodec } from '@incident-ledger/domain';
import { OncallReadModel } from '@incident-ledger/read-models';
import { ContextRegistration } from '../contexts/context-registration';

/** On-call schedules: layers, overrides and swaps, one stream per schedule (`schedule-<slug>`). */
export const ONCALL_CONTEXT: ContextRegistration = {
  name: 'oncall',
  streams: [{ prefix: SCHEDULE_STREAM_PREFIX, decider: scheduleDecider, codec: scheduleEventCodec }],
  readModels: [{ name: 'oncall', version: 1, type: OncallReadModel }],
  processManagers: [],
  errors: ONCALL_ERRORS,
};
