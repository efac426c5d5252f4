import { eventCodec, field } from '../shared/event-codec';
import { TimerEvent } from './timer.events';

/** Timers (streams `timer-<id>`), as stored. */
export const timerEventCodec = eventCodec<TimerEvent>({
  TimerScheduled: {
    shape: {
      timerId: field.string,
      dueAt: field.string,
      owner: field.string,
      action: field.object({ type: field.string, data: field.scalars }),
      at: field.string,
    },
  },
  TimerFired: { shape: { timerId: field.string, at: field.string, outcome: field.nullableString } },
  TimerCancelled: { shape: { timerId: field.string, at: field.string, reason: field.string } },
});
