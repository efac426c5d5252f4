import { ContextErrors } from '../shared/domain-error';
import { checkpointCodec, checkpointDecider } from '../shared/process-checkpoint';

/**
 * The reminder planner's checkpoint: where it has read the log to. The
 * planner keeps a timer for each reminder an incident is due next (see
 * incidents/incident-reminders.ts); the timers context fires them.
 */
export const REMINDER_PLANNER_STREAM = 'reminder-planner';

export const reminderPlannerDecider = checkpointDecider('ReminderPlannerCheckpointed');
export const reminderPlannerEventCodec = checkpointCodec('ReminderPlannerCheckpointed');

export const REMINDERS_ERRORS = {
  streams: { [REMINDER_PLANNER_STREAM]: 'reminder planner' },
  reasons: {},
} as const satisfies ContextErrors;
