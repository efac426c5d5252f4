import { Decider } from '../shared/decider';
import { DomainError, invalidInput } from '../shared/domain-error';
import { TimerCommand } from './timer.commands';
import { TimerAction, TimerEvent, TimerFields } from './timer.events';

export type TimerStatus = 'PENDING' | 'FIRED' | 'CANCELLED';

export interface TimerState {
  /** Null until scheduled. */
  timer: TimerFields | null;
  status: TimerStatus;
}

export const initialTimerState: TimerState = { timer: null, status: 'PENDING' };

function decide(command: TimerCommand, state: TimerState, now: Date): TimerEvent[] {
  const at = now.toISOString();
  if (command.type === 'ScheduleTimer') {
    const timer = checkedTimer(command.timer);
    if (!state.timer) return [{ type: 'TimerScheduled', data: { ...timer, at } }];
    // Callers derive timer ids from what the timer is for and may schedule one twice (a process manager hearing an event again).
    if (sameTimer(state.timer, timer)) return [];
    throw new DomainError('TIMER_ID_REUSED', `Timer ${timer.timerId} is already scheduled with other fields`, { timerId: timer.timerId });
  }
  if (!state.timer) {
    if (command.type === 'CancelTimer') return [];
    throw new DomainError('TIMER_NOT_FOUND', `Timer ${command.timerId} was never scheduled`, { timerId: command.timerId });
  }
  if (state.status !== 'PENDING') {
    // Cancelling what already ended changes nothing; firing it again would run it twice.
    if (command.type === 'CancelTimer') return [];
    throw new DomainError('TIMER_NOT_PENDING', `Timer ${command.timerId} is ${state.status.toLowerCase()} already`, { timerId: command.timerId, status: state.status });
  }
  return command.type === 'FireTimer'
    ? [{ type: 'TimerFired', data: { timerId: command.timerId, at, outcome: command.outcome } }]
    : [{ type: 'TimerCancelled', data: { timerId: command.timerId, at, reason: command.reason } }];
}

/** The timer as it is stored: every part present, the due time in the one form that compares as text. */
function checkedTimer(timer: TimerFields): TimerFields {
  if (!timer.timerId) throw invalidInput('timerId', 'A timer needs an id');
  if (!timer.owner) throw invalidInput('owner', 'A timer needs an owner');
  if (!timer.action?.type) throw invalidInput('action.type', 'A timer needs an action type');
  const dueAt = new Date(timer.dueAt);
  if (Number.isNaN(dueAt.getTime())) throw invalidInput('dueAt', `A timer's due time must be an ISO-8601 instant, not ${JSON.stringify(timer.dueAt)}`);
  return { timerId: timer.timerId, dueAt: dueAt.toISOString(), owner: timer.owner, action: { type: timer.action.type, data: { ...timer.action.data } } };
}

function sameTimer(one: TimerFields, other: TimerFields): boolean {
  return one.dueAt === other.dueAt && one.owner === other.owner && sameAction(one.action, other.action);
}

function sameAction(one: TimerAction, other: TimerAction): boolean {
  const keys = Object.keys(one.data);
  return one.type === other.type && keys.length === Object.keys(other.data).length && keys.every((key) => Object.is(one.data[key], other.data[key]));
}

function evolve(state: TimerState, event: TimerEvent): TimerState {
  switch (event.type) {
    case 'TimerScheduled': {
      const { at: _at, ...timer } = event.data;
      return { timer, status: 'PENDING' };
    }
    case 'TimerFired':
      return { ...state, status: 'FIRED' };
    case 'TimerCancelled':
      return { ...state, status: 'CANCELLED' };
  }
}

/** One timer's life: scheduled once, then fired once or cancelled. */
export const timerDecider: Decider<TimerCommand, TimerEvent, TimerState> = { decide, evolve, initialState: initialTimerState };
