import { TIMER_STREAM_PREFIX, timerDecider, timerEventCodec, TIMERS_ERRORS } from '@incident-ledger/domain';
import { TimersReadModel } from '@incident-ledger/read-models';
import { ContextRegistration } from '../contexts/context-registration';

/** Durable timers: a stream per timer (see TIMER_STREAM_PREFIX), and the timers still pending. */
export const TIMERS_CONTEXT: ContextRegistration = {
  name: 'timers',
  streams: [{ prefix: TIMER_STREAM_PREFIX, decider: timerDecider, codec: timerEventCodec }],
  readModels: [{ name: 'timers', version: 1, type: TimersReadModel }],
  processManagers: [],
  errors: TIMERS_ERRORS,
};
