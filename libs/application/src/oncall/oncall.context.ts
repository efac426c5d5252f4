import {
  CALENDAR_FEED_STREAM_PREFIX,
  calendarFeedDecider,
  calendarFeedEventCodec,
  ONCALL_ERRORS,
  ONCALL_PERSON_STREAM_PREFIX,
  SCHEDULE_STREAM_PREFIX,
  scheduleDecider,
  scheduleEventCodec,
  shiftReminderPreferencesCodec,
  shiftReminderPreferencesDecider,
} from '@incident-ledger/domain';
import { OncallReadModel } from '@incident-ledger/read-models';
import { ContextRegistration } from '../contexts/context-registration';

/** On-call schedules: layers, overrides and swaps, one stream per schedule (`schedule-<slug>`); the secret URLs of their calendar feeds, and people's shift-reminder choices. */
export const ONCALL_CONTEXT: ContextRegistration = {
  name: 'oncall',
  streams: [
    { prefix: SCHEDULE_STREAM_PREFIX, decider: scheduleDecider, codec: scheduleEventCodec },
    { prefix: CALENDAR_FEED_STREAM_PREFIX, decider: calendarFeedDecider, codec: calendarFeedEventCodec },
    { prefix: ONCALL_PERSON_STREAM_PREFIX, decider: shiftReminderPreferencesDecider, codec: shiftReminderPreferencesCodec },
  ],
  readModels: [{ name: 'oncall', version: 1, type: OncallReadModel }],
  processManagers: [],
  errors: ONCALL_ERRORS,
};
