import { Decider } from '../shared/decider';
import { DomainError, invalidInput } from '../shared/domain-error';
import { checkSlug } from '../catalogue/catalogue.rules';
import { SubscriberContactRecorded, SubscriberEvent, SubscriberMode, SUBSCRIBER_MODES } from './subscriber.events';
import { STATUSPAGE_LIMITS } from './statuspage.limits';

export type SubscriberCommand = { subscriberId: string; actor: string } & (
  | { type: 'SignUpSubscriber'; mode: SubscriberMode; components: readonly string[] }
  | { type: 'ConfirmSubscriber' }
  | { type: 'UnsubscribeSubscriber' }
  | { type: 'RecordSubscriberErased' }
);

export type SubscriberState =
  | { readonly exists: false }
  | { readonly exists: true; readonly mode: SubscriberMode; readonly confirmed: boolean; readonly unsubscribed: boolean; readonly erased: boolean };

export function evolveSubscriber(state: SubscriberState, event: SubscriberEvent): SubscriberState {
  if (event.type === 'SubscriberSignedUp') return { exists: true, mode: event.data.mode, confirmed: event.data.confirmed, unsubscribed: false, erased: false };
  if (!state.exists) return state;
  switch (event.type) {
    case 'SubscriberConfirmed':
      return { ...state, confirmed: true };
    case 'SubscriberUnsubscribed':
      return { ...state, unsubscribed: true };
    case 'SubscriberErased':
      return { ...state, unsubscribed: true, erased: true };
  }
}

/**
 * Confirming and unsubscribing are what a link in a mail does, maybe twice
 * (a mail client's preview, a second click): done once, then nothing more is
 * written and nothing is refused, so the page can say "done" again.
 */
export function decideSubscriber(command: SubscriberCommand, state: SubscriberState, now: Date): SubscriberEvent[] {
  const stamp = { subscriberId: command.subscriberId, at: now.toISOString(), by: command.actor };
  if (command.type === 'SignUpSubscriber') {
    if (state.exists) throw new DomainError('SUBSCRIBER_EXISTS', `Subscriber ${command.subscriberId} already exists`);
    if (!SUBSCRIBER_MODES.includes(command.mode)) throw invalidInput('mode', `mode must be one of ${SUBSCRIBER_MODES.join(', ')}`);
    if (command.components.length > STATUSPAGE_LIMITS.components) throw invalidInput('components', `At most ${STATUSPAGE_LIMITS.components} components`);
    const components = [...new Set(command.components.map((id, i) => checkSlug(id, `components[${i}]`)))].sort();
    // Nobody can confirm a webhook by clicking a link: an admin adds it, and that is its confirmation.
    return [{ type: 'SubscriberSignedUp', data: { ...stamp, mode: command.mode, components, confirmed: command.mode === 'WEBHOOK' } }];
  }
  if (!state.exists || state.erased) throw new DomainError('SUBSCRIBER_NOT_FOUND', `No subscriber ${command.subscriberId}`);
  switch (command.type) {
    case 'ConfirmSubscriber':
      return state.confirmed || state.unsubscribed ? [] : [{ type: 'SubscriberConfirmed', data: stamp }];
    case 'UnsubscribeSubscriber':
      return state.unsubscribed ? [] : [{ type: 'SubscriberUnsubscribed', data: stamp }];
    case 'RecordSubscriberErased':
      return [{ type: 'SubscriberErased', data: stamp }];
  }
}

export const subscriberDecider: Decider<SubscriberCommand, SubscriberEvent, SubscriberState> = {
  decide: decideSubscriber,
  evolve: evolveSubscriber,
  initialState: { exists: false },
};

export interface RecordSubscriberContact {
  type: 'RecordSubscriberContact';
  subscriberId: string;
  sealedAddress: string;
}

/** A contact stream is written once: its one event. */
export const subscriberContactDecider: Decider<RecordSubscriberContact, SubscriberContactRecorded, { recorded: boolean }> = {
  decide: (command, state, now) => {
    if (state.recorded) throw new DomainError('SUBSCRIBER_EXISTS', `Subscriber ${command.subscriberId} already has an address`);
    return [{ type: 'SubscriberContactRecorded', data: { subscriberId: command.subscriberId, sealedAddress: command.sealedAddress, at: now.toISOString() } }];
  },
  evolve: () => ({ recorded: true }),
  initialState: { recorded: false },
};
