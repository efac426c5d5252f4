import { checkEmailAddress, Clock, DomainError, RecordSubscriberContact, SubscriberContactRecorded, SubscriberEvent, SubscriberState, subscriberContactDecider, subscriberContactEventCodec, subscriberContactStreamId, SubscriberCommand, subscriberDecider, subscriberEventCodec, SubscriberMode, subscriberStreamId } from '@incident-ledger/domain';
import { EventStore } from '@incident-ledger/event-store';
import { Projector, StatusPageReadModel, StatusPageSubscribersReadModel, SubscriberView } from '@incident-ledger/read-models';
import { randomBytes } from 'node:crypto';
import { CommandContext, CommandExecutor } from '../commands/command-executor';
import { SecretBox } from '../notifications/secret-box';
import { SignedTokenRefusal, SignedTokens } from '../notifications/signed-tokens';
import { isHttpUrl } from './status-page-settings';

/** Where the links in subscribers' mail are served, under PUBLIC_URL. */
export const SUBSCRIPTION_LINK_PATH = '/status/subscriptions';
const CONFIRM_PREFIX = 'isc_';
const UNSUBSCRIBE_PREFIX = 'isu_';
/** A confirmation link works this long after the sign-up. */
const CONFIRM_TTL_SECONDS = 7 * 24 * 3600;

/** What a subscriber's link did, or why it did nothing. */
export type SubscriptionLinkAnswer = { outcome: 'ASK' | 'DONE'; subscriberId: string } | { outcome: 'REFUSED'; refusal: SignedTokenRefusal | 'NOT_FOUND' };

export type SubscriptionAction = 'confirm' | 'unsubscribe';

/** A subscriber with its address opened: for an admin's export only. */
export interface SubscriberExport extends SubscriberView {
  address: string | null;
}

const sealedFor = (subscriberId: string) => `statuspage-subscriber/${subscriberId}/address`;

/**
 * The status page's subscribers. An email address signs up on the public
 * page and is told nothing but its confirmation link until it follows it
 * (double opt-in); a webhook is added by an admin. The address is sealed
 * with the server's key in a stream of its own, which erasure removes from
 * the log: nothing else of the log holds it. Every message carries a link
 * that unsubscribes (it never expires).
 */
export class StatusPageSubscribers {
  private readonly executor: CommandExecutor<SubscriberCommand, SubscriberEvent, SubscriberState>;
  private readonly contacts: CommandExecutor<RecordSubscriberContact, SubscriberContactRecorded, { recorded: boolean }>;
  private readonly confirmTokens: SignedTokens;
  private readonly unsubscribeTokens: SignedTokens;

  constructor(
    private readonly store: EventStore,
    clock: Clock,
    readonly subscribers: StatusPageSubscribersReadModel,
    private readonly page: StatusPageReadModel,
    private readonly box: SecretBox | undefined,
    secretKeys: ConstructorParameters<typeof SignedTokens>[2],
    private readonly publicUrl: string,
    private readonly projector: Projector,
    private readonly waitMs: number,
  ) {
    this.executor = new CommandExecutor(store, clock, subscriberDecider, subscriberEventCodec, (command) => subscriberStreamId(command.subscriberId));
    this.contacts = new CommandExecutor(store, clock, subscriberContactDecider, subscriberContactEventCodec, (command) => subscriberContactStreamId(command.subscriberId));
    this.confirmTokens = new SignedTokens(CONFIRM_PREFIX, 'statuspage-confirm-links', secretKeys, clock, 1);
    this.unsubscribeTokens = new SignedTokens(UNSUBSCRIBE_PREFIX, 'statuspage-unsubscribe-links', secretKeys, clock, 1);
  }

  /** Subscribers need the server's key: it seals their addresses and signs their links. */
  get accepting(): boolean {
    return this.box !== undefined && this.confirmTokens.signs;
  }

  /** A sign-up on the public page: the address waits for its confirmation. Answers the new subscriber's id. */
  signUpByEmail(email: string, components: readonly string[], context: CommandContext): Promise<string> {
    return this.signUp('EMAIL', checkEmailAddress(email.trim(), 'email'), components, context);
  }

  /** An admin adds a webhook: it is told from now on. */
  addWebhook(url: string, components: readonly string[], context: CommandContext): Promise<string> {
    if (!isHttpUrl(url.trim())) throw new DomainError('INVALID_INPUT', 'url must be an http:// or https:// URL', { field: 'url' });
    return this.signUp('WEBHOOK', url.trim(), components, context);
  }

  /** GET asks (a link preview or a mail scanner changes nothing), POST acts; doing it again answers DONE again. */
  async follow(action: SubscriptionAction, token: string, act: boolean, requestId: string): Promise<SubscriptionLinkAnswer> {
    const opening = (action === 'confirm' ? this.confirmTokens : this.unsubscribeTokens).open(token);
    if (!opening.opened) return { outcome: 'REFUSED', refusal: opening.refusal };
    const [subscriberId] = opening.fields;
    const subscriber = this.subscribers.subscriber(subscriberId);
    if (!subscriber || subscriber.erasedAt !== null) return { outcome: 'REFUSED', refusal: 'NOT_FOUND' };
    if (!act) return { outcome: 'ASK', subscriberId };
    const type = action === 'confirm' ? 'ConfirmSubscriber' : 'UnsubscribeSubscriber';
    await this.settle(await this.executor.execute({ type, subscriberId, actor: 'subscriber' }, { actor: 'subscriber', correlationId: requestId }));
    return { outcome: 'DONE', subscriberId };
  }

  /** The link that confirms a sign-up: it expires a week after the sign-up (from its own time, so a mail sent again carries the same link). */
  confirmLink(subscriberId: string, signedUpAt: string): string | null {
    const token = this.confirmTokens.make([subscriberId], Math.floor(Date.parse(signedUpAt) / 1000) + CONFIRM_TTL_SECONDS);
    return token && `${this.publicUrl}${SUBSCRIPTION_LINK_PATH}/${token}/confirm`;
  }

  /** The link that unsubscribes, in every message: it never expires. */
  unsubscribeLink(subscriberId: string): string | null {
    const token = this.unsubscribeTokens.make([subscriberId], null);
    return token && `${this.publicUrl}${SUBSCRIPTION_LINK_PATH}/${token}/unsubscribe`;
  }

  /** Where a subscriber is told, opened from its sealed copy; null once erased. */
  addressOf(subscriberId: string): string | null {
    const sealed = this.subscribers.subscriber(subscriberId)?.sealedAddress;
    return sealed && this.box ? this.box.open(sealed, sealedFor(subscriberId)) : null;
  }

  /** Every subscriber with its address: personal data, for an admin (GraphQL checks the role). */
  export(): SubscriberExport[] {
    return this.subscribers.all().map((subscriber) => ({ ...subscriber, address: this.addressOf(subscriber.subscriberId) }));
  }

  /** Erases the address from the log (its contact stream), then records the erasure; each step may be repeated after a crash. */
  async erase(subscriberId: string, context: CommandContext): Promise<SubscriberView> {
    if (!this.subscribers.subscriber(subscriberId)) throw new DomainError('SUBSCRIBER_NOT_FOUND', `No subscriber ${subscriberId}`, { field: 'id' });
    await this.store.eraseStream(subscriberContactStreamId(subscriberId));
    if (this.subscribers.subscriber(subscriberId)?.erasedAt === null) {
      await this.settle(await this.executor.execute({ type: 'RecordSubscriberErased', subscriberId, actor: context.actor }, context));
    }
    return this.subscribers.subscriber(subscriberId)!;
  }

  private async signUp(mode: SubscriberMode, address: string, components: readonly string[], context: CommandContext): Promise<string> {
    if (!this.box || !this.accepting) throw new DomainError('INVALID_INPUT', 'This server takes no subscribers: it needs LEDGER_SECRET_KEY to seal their addresses and sign their links', { field: 'email' });
    components.forEach((componentId, i) => {
      const component = this.page.component(componentId.trim());
      if (!component || component.isGroup) throw new DomainError('INVALID_INPUT', `No component ${componentId} on the status page`, { field: `components[${i}]` });
    });
    const subscriberId = randomBytes(10).toString('hex');
    // The address first: a crash before the sign-up leaves an address nobody is told at, never a subscriber without one.
    await this.contacts.execute({ type: 'RecordSubscriberContact', subscriberId, sealedAddress: this.box.seal(address, sealedFor(subscriberId)) }, context);
    await this.settle(await this.executor.execute({ type: 'SignUpSubscriber', subscriberId, actor: context.actor, mode, components: components.map((id) => id.trim()) }, context));
    return subscriberId;
  }

  private settle(outcome: { position: number }): Promise<void> {
    return this.projector.waitFor(outcome.position, this.waitMs, this.subscribers);
  }
}
