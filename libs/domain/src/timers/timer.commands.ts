import { TimerFields } from './timer.events';

export interface ScheduleTimer {
  type: 'ScheduleTimer';
  timer: TimerFields;
}

export interface FireTimer {
  type: 'FireTimer';
  timerId: string;
  outcome: string | null;
}

export interface CancelTimer {
  type: 'CancelTimer';
  timerId: string;
  reason: string;
}

export type TimerCommand = ScheduleTimer | FireTimer | CancelTimer;

/** The stream a timer command writes to. */
export const timerIdOf = (command: TimerCommand): string => (command.type === 'ScheduleTimer' ? command.timer.timerId : command.timerId);
