import { ChannelRecord, Clock, DomainError, NotificationMessage } from '@incident-ledger/domain';
import { EventStore } from '@incident-ledger/event-store';
import { DeliveriesReadModel, DeliveryView, NotificationsReadModel, Projector } from '@incident-ledger/read-models';
import { CommandContext } from '../commands/command-executor';
import { sealedFor } from './notification-channels.service';
import { DeliveryCommandExecutor } from './notifications-command.executor';
import { judgeAttempt, nextAttemptAt } from './delivery-policy';
import { personOfChannel } from './notification-outbox';
import { DeliveryTarget, DeliveryTargets } from './delivery-targets';
import { OutboundAnswer, OutboundHttp } from './outbound-http';
import { SecretBox } from './secret-box';
import { judgeMailAttempt, Mailer } from './smtp-mailer';
import { signWebhook } from './standard-webhooks';

/** How a message is written for each kind of channel (libs/presentation renders them). */
export interface MessageFormats {
  webhook(message: NotificationMessage): string;
  slack(message: NotificationMessage): unknown;
  teams(message: NotificationMessage): unknown;
  email(message: NotificationMessage): { subject: string; text: string; html: string };
  /** A message to someone another context keeps (a status page subscriber), with the link that unsubscribes them. */
  externalEmail(message: NotificationMessage, unsubscribeUrl: string | null): { subject: string; text: string; html: string };
  externalWebhook(message: NotificationMessage, unsubscribeUrl: string | null): string;
}

export interface DeliveryWorkerOptions {
  store: EventStore;
  clock: Clock;
  projector: Projector;
  notifications: NotificationsReadModel;
  deliveries: DeliveriesReadModel;
  http: OutboundHttp;
  /** Undefined when the server has no SMTP_URL: email deliveries then fail saying so. */
  mailer: Mailer | undefined;
  /** A person's email address in the catalogue now, or null: read at each attempt, so a changed address is used. */
  emailOf: (person: string) => string | null;
  box: SecretBox | undefined;
  /** Targets other contexts keep (status page subscribers). */
  targets: DeliveryTargets;
  formats: MessageFormats;
  /** Delays in seconds: before the first attempt, then after each failure (see parseRetrySchedule). */
  schedule: readonly number[];
  /** Disables a channel whose receiver answered 410 Gone. */
  disableChannel: (channelId: string, reason: string) => Promise<void>;
  random?: () => number;
  /** How long to wait for the deliveries read model to show an attempt just recorded. */
  waitMs: number;
}

/** Deliveries attempted at once, at most: a slow receiver holds up a few, not all. */
const CONCURRENCY = 4;

/**
 * The delivery process's second half: it attempts each delivery that is
 * due, signs it (webhooks), records the outcome with the attempt's number
 * (an exact expected revision: two processes cannot record one attempt
 * twice) and schedules the next try by the retry schedule. A delivery is at
 * least once: a crash between the request and its record sends it again,
 * with the same `webhook-id`.
 */
export class DeliveryWorker {
  private readonly executor: DeliveryCommandExecutor;

  constructor(private readonly options: DeliveryWorkerOptions) {
    this.executor = new DeliveryCommandExecutor(options.store, options.clock);
  }

  /** Attempts what is due now; answers how many attempts it made. */
  async deliverDue(limit = 50): Promise<number> {
    const due = this.options.deliveries.due(this.options.clock.now(), limit);
    for (let start = 0; start < due.length; start += CONCURRENCY) {
      await Promise.all(due.slice(start, start + CONCURRENCY).map((delivery) => this.attempt(delivery)));
    }
    return due.length;
  }

  /** Someone asks for another try: due at once, the retry schedule started over. */
  async redeliver(deliveryId: string, context: CommandContext): Promise<void> {
    const outcome = await this.executor.execute({ type: 'Redeliver', deliveryId, actor: context.actor }, context);
    await this.options.projector.waitFor(outcome.position, this.options.waitMs, this.options.deliveries);
  }

  /**
   * Sends a test message to a channel now, outside the outbox (nothing is
   * recorded), and answers what the receiver said: for checking a channel.
   */
  async sendTest(channel: ChannelRecord, id: string, actor: string): Promise<OutboundAnswer> {
    const message: NotificationMessage = {
      type: 'notification.test',
      kind: 'TEST',
      occurredAt: this.options.clock.now().toISOString(),
      incident: null,
      summary: `Test message to ${channel.name}, sent by ${actor}`,
      detail: null,
      actor,
      link: null,
    };
    return this.send(channel, { id, message });
  }

  private async attempt(delivery: DeliveryView): Promise<void> {
    const person = personOfChannel(delivery.channelId);
    const channel = person === null ? this.options.notifications.channel(delivery.channelId) : undefined;
    const attempt = delivery.attempts.length + 1;
    const answer: OutboundAnswer = await this.sendTo(person, channel, delivery).catch((error: unknown): OutboundAnswer =>
      // A secret that no longer opens (another LEDGER_SECRET_KEY) or a message that cannot be signed: trying again would not help,
      // and a delivery that throws on every round must not hold up the others.
      notSent(`not sent: ${error instanceof Error ? error.message : String(error)}`),
    );
    const now = this.options.clock.now();
    // An SMTP reply means something else than the same HTTP status; a Retry-After date is the receiver's wall-clock time.
    const verdict = (person !== null || channel?.kind === 'EMAIL' ? judgeMailAttempt : judgeAttempt)(answer, new Date());
    const retryAt = verdict.retry ? nextAttemptAt(now, delivery.attemptsInRound + 1, this.options.schedule, verdict.retryAfterSeconds, (this.options.random ?? Math.random)()) : null;
    try {
      const outcome = await this.executor.execute(
        {
          type: 'RecordDeliveryAttempt',
          deliveryId: delivery.id,
          attempt,
          outcome: verdict.outcome,
          status: verdict.status,
          error: verdict.error,
          durationMs: answer.durationMs,
          delivered: verdict.delivered,
          retryAt: retryAt?.toISOString() ?? null,
        },
        workerContext(delivery.id, attempt),
      );
      // The next round reads the read model: it must show this attempt, or the delivery would look due again.
      await this.options.projector.waitFor(outcome.position, this.options.waitMs, this.options.deliveries);
    } catch (error) {
      // Another process recorded this attempt first (it held the lease a moment ago): its record stands.
      if (!(error instanceof DomainError && error.reason === 'DELIVERY_ATTEMPT_STALE')) throw error;
    }
    if (verdict.disableChannel && channel && !channel.disabled) await this.options.disableChannel(channel.id, `The receiver answered 410 Gone (delivery ${delivery.id})`);
  }

  /** A person's own address (no channel record: `person:<name>`), a target another context keeps, or a channel. */
  private sendTo(person: string | null, channel: ChannelRecord | undefined, delivery: DeliveryView): Promise<OutboundAnswer> {
    if (person !== null) {
      const address = this.options.emailOf(person);
      return address === null ? Promise.resolve(notSent(`${person} has no email address in the catalogue`)) : this.mail([address], delivery);
    }
    const target = this.options.targets.resolve(delivery.channelId);
    if (target) return this.sendToTarget(target, delivery);
    return channel ? this.send(channel, delivery) : Promise.resolve(notSent('the channel was deleted'));
  }

  private async send(channel: ChannelRecord, delivery: Pick<DeliveryView, 'id' | 'message'>): Promise<OutboundAnswer> {
    if (channel.kind === 'EMAIL') return this.mail(channel.recipients, delivery);
    const box = this.options.box;
    if (!box || !channel.url) return notSent(box ? `the ${channel.kind} channel has no URL` : 'the server has no LEDGER_SECRET_KEY');
    const url = box.open(channel.url.sealed, sealedFor(channel.id, 'url'));
    const { formats } = this.options;
    switch (channel.kind) {
      case 'WEBHOOK': {
        const body = formats.webhook(delivery.message);
        const stillSigning = channel.previousSigningSecret && channel.previousSigningSecret.validUntil > this.options.clock.now().toISOString();
        const secrets = [channel.signingSecret, stillSigning ? channel.previousSigningSecret?.secret ?? null : null]
          .filter((secret) => secret !== null)
          .map((secret) => box.open(secret.sealed, sealedFor(channel.id, 'signing-secret')));
        // The receiver checks the timestamp against its own clock (replay protection): the wall clock's time, not the ledger's.
        const headers = signWebhook({ id: delivery.id, timestamp: new Date(), body }, secrets as [string, ...string[]]);
        return this.options.http.postJson(url, body, { ...headers });
      }
      case 'SLACK':
        return this.options.http.postJson(url, JSON.stringify(formats.slack(delivery.message)), {});
      case 'TEAMS':
        return this.options.http.postJson(url, JSON.stringify(formats.teams(delivery.message)), {});
    }
  }

  /**
   * A subscriber's mail carries its unsubscribe link, in the text and as
   * List-Unsubscribe with one-click (RFC 8058: the link's POST unsubscribes);
   * a subscriber's webhook gets it in the body.
   */
  private sendToTarget(target: DeliveryTarget | { gone: string }, delivery: DeliveryView): Promise<OutboundAnswer> {
    if ('gone' in target) return Promise.resolve(notSent(target.gone));
    const { formats } = this.options;
    if (target.kind === 'EMAIL') {
      const headers: Record<string, string> = target.unsubscribeUrl ? { 'List-Unsubscribe': `<${target.unsubscribeUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' } : {};
      return this.mail([target.to], delivery, formats.externalEmail(delivery.message, target.unsubscribeUrl), headers);
    }
    return this.options.http.postJson(target.url, formats.externalWebhook(delivery.message, target.unsubscribeUrl), { 'webhook-id': delivery.id });
  }

  /** The delivery's id goes with the message (Message-ID and a header), so a receiver can tell a repeat. */
  private async mail(to: readonly string[], delivery: Pick<DeliveryView, 'id' | 'message'>, content = this.options.formats.email(delivery.message), headers: Record<string, string> = {}): Promise<OutboundAnswer> {
    const { mailer } = this.options;
    if (!mailer) return notSent('the server has no SMTP_URL: set SMTP_URL and SMTP_FROM to send email');
    return mailer.send({ id: delivery.id, to, ...content, headers });
  }
}

/** An attempt that could not be made at all: final, since trying again would meet the same obstacle. */
function notSent(detail: string): OutboundAnswer {
  return { outcome: 'refused', reason: 'invalid-url', detail, durationMs: 0 };
}

function workerContext(deliveryId: string, attempt: number): CommandContext {
  return { actor: 'notification-delivery', correlationId: `delivery-${deliveryId}-${attempt}` };
}
