import { Decider } from '../shared/decider';
import { DomainError, invalidInput } from '../shared/domain-error';
import { AttemptOutcome, DeliveryEvent, DeliveryScheduled } from './delivery.events';
import { checkpointDecider } from '../shared/process-checkpoint';

export type DeliveryStatus = 'PENDING' | 'DELIVERED' | 'FAILED';

export interface DeliveryState {
  scheduled: DeliveryScheduled['data'] | null;
  status: DeliveryStatus;
  /** Attempts made so far (a redrive does not reset the count: attempt numbers stay unique). */
  attempts: number;
  /** Attempts since the last schedule or redrive: what the retry schedule counts. */
  attemptsInRound: number;
  dueAt: string | null;
}

export const initialDeliveryState: DeliveryState = { scheduled: null, status: 'PENDING', attempts: 0, attemptsInRound: 0, dueAt: null };

export interface ScheduleDelivery {
  type: 'ScheduleDelivery';
  delivery: Omit<DeliveryScheduled['data'], 'at'>;
}

/** The outcome of attempt number `attempt`; `retryAt` null makes the delivery a dead letter. */
export interface RecordDeliveryAttempt {
  type: 'RecordDeliveryAttempt';
  deliveryId: string;
  attempt: number;
  outcome: AttemptOutcome;
  status: number | null;
  error: string | null;
  durationMs: number;
  delivered: boolean;
  retryAt: string | null;
}

export interface Redeliver {
  type: 'Redeliver';
  deliveryId: string;
  actor: string;
}

export type DeliveryCommand = ScheduleDelivery | RecordDeliveryAttempt | Redeliver;

function decide(command: DeliveryCommand, state: DeliveryState, now: Date): DeliveryEvent[] {
  const at = now.toISOString();
  if (command.type === 'ScheduleDelivery') {
    // Scheduled once: the delivery process may hear an event again after a restart.
    return state.scheduled ? [] : [{ type: 'DeliveryScheduled', data: { ...command.delivery, at } }];
  }
  if (!state.scheduled) throw new DomainError('DELIVERY_NOT_FOUND', `Delivery ${command.deliveryId} does not exist`, { deliveryId: command.deliveryId });
  if (command.type === 'Redeliver') {
    if (state.status === 'PENDING') return [];
    return [{ type: 'DeliveryRedriven', data: { deliveryId: command.deliveryId, at, by: command.actor } }];
  }
  if (state.status !== 'PENDING' || command.attempt !== state.attempts + 1) {
    throw new DomainError('DELIVERY_ATTEMPT_STALE', `Delivery ${command.deliveryId} is ${state.status.toLowerCase()} after ${state.attempts} attempts: attempt ${command.attempt} is not next`, {
      deliveryId: command.deliveryId,
    });
  }
  const attempt = { deliveryId: command.deliveryId, attempt: command.attempt, durationMs: Math.round(command.durationMs), at };
  if (command.delivered) {
    if (command.status === null) throw invalidInput('status', 'A delivered attempt has the status it was answered');
    return [{ type: 'DeliverySucceeded', data: { ...attempt, status: command.status } }];
  }
  return [
    {
      type: 'DeliveryAttemptFailed',
      data: { ...attempt, outcome: command.outcome, status: command.status, error: command.error ?? command.outcome.toLowerCase(), retryAt: command.retryAt },
    },
  ];
}

export function evolveDelivery(state: DeliveryState, event: DeliveryEvent): DeliveryState {
  switch (event.type) {
    case 'DeliveryScheduled':
      return { scheduled: event.data, status: 'PENDING', attempts: 0, attemptsInRound: 0, dueAt: event.data.dueAt };
    case 'DeliverySucceeded':
      return { ...state, status: 'DELIVERED', attempts: event.data.attempt, attemptsInRound: state.attemptsInRound + 1, dueAt: null };
    case 'DeliveryAttemptFailed':
      return {
        ...state,
        status: event.data.retryAt === null ? 'FAILED' : 'PENDING',
        attempts: event.data.attempt,
        attemptsInRound: state.attemptsInRound + 1,
        dueAt: event.data.retryAt,
      };
    case 'DeliveryRedriven':
      return { ...state, status: 'PENDING', attemptsInRound: 0, dueAt: event.data.at };
  }
}

/** One delivery's life: scheduled once, each attempt recorded once and in order, redriven from a dead letter. */
export const deliveryDecider: Decider<DeliveryCommand, DeliveryEvent, DeliveryState> = {
  decide,
  evolve: evolveDelivery,
  initialState: initialDeliveryState,
};

/** The delivery process's checkpoint (stream `notification-outbox`). */
export const outboxDecider = checkpointDecider('OutboxCheckpointed');
