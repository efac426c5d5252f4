import { REMINDER_PLANNER_STREAM, reminderPlannerDecider, reminderPlannerEventCodec, REMINDERS_ERRORS } from '@incident-ledger/domain';
import { ContextRegistration } from '../contexts/context-registration';

/**
 * Process reminders: a planner that keeps a timer for each reminder an
 * incident is due next, with its checkpoint in one stream. The reminders
 * themselves are incident events (ReminderSent), the timers the timers
 * context's.
 */
export const REMINDERS_CONTEXT: ContextRegistration = {
  name: 'reminders',
  streams: [{ prefix: REMINDER_PLANNER_STREAM, decider: reminderPlannerDecider, codec: reminderPlannerEventCodec }],
  readModels: [],
  processManagers: [{ name: 'reminder-planner' }],
  errors: REMINDERS_ERRORS,
};
