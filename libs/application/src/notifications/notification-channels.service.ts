import { randomUUID } from 'node:crypto';
import { isIP } from 'node:net';
import { ChannelKind, ChannelRecord, Clock, DomainError, invalidInput, NotificationsCommand, SealedSecret, URL_CHANNEL_KINDS } from '@incident-ledger/domain';
import { NotificationsReadModel, Projector } from '@incident-ledger/read-models';
import { CommandContext, CommandIdReusedError } from '../commands/command-executor';
import { uuidFromName } from '../commands/deterministic-id';
import { NetworkPolicy } from './network-policy';
import { NotificationsCommandExecutor } from './notifications-command.executor';
import { mask, SecretBox } from './secret-box';
import { generateWebhookSecret } from './standard-webhooks';

/** How long a rotated-out signing secret keeps signing beside the new one when the caller does not say: receivers get a day to switch. */
export const DEFAULT_PREVIOUS_SECRET_HOURS = 24;
const MAX_PREVIOUS_SECRET_HOURS = 24 * 7;
const URL_MAX_LENGTH = 2_000;

export interface NewChannel {
  name: string;
  kind: ChannelKind;
  url?: string | null;
  recipients?: string[] | null;
}

/** A channel as just created or rotated: the signing secret in clear, this once. */
export interface ChannelWithSecret {
  channel: ChannelRecord;
  signingSecret: string | null;
}

/** What the secret box binds a sealed value to: its channel and field, so it opens nowhere else. */
export const sealedFor = (channelId: string, field: 'url' | 'signing-secret') => `notification-channel/${channelId}/${field}`;

/**
 * Channels and subscriptions as the API changes them. Secrets are sealed
 * here, before any command is decided or written: the log and the read model
 * hold them sealed, and only this service (with the server's key) opens them.
 * Each write resolves once the read model holds it (read-your-writes).
 */
export class NotificationChannels {
  constructor(
    private readonly executor: NotificationsCommandExecutor,
    readonly notifications: NotificationsReadModel,
    private readonly projector: Projector,
    private readonly clock: Clock,
    private readonly box: SecretBox | undefined,
    private readonly policy: NetworkPolicy,
    private readonly waitMs: number,
    /** The server has SMTP_URL: without it an EMAIL channel could only collect dead letters. */
    private readonly sendsEmail: boolean,
  ) {}

  /**
   * Creates a channel; a WEBHOOK channel gets a new signing secret, answered
   * in clear this once. A retry with the same command id answers the channel
   * it created, with the same secret.
   */
  async create(input: NewChannel, context: CommandContext): Promise<ChannelWithSecret> {
    const box = this.secretBox();
    const channelId = context.commandId ? uuidFromName(`notification-channel:${JSON.stringify([context.actor, context.commandId])}`) : randomUUID();
    const existing = this.notifications.channel(channelId);
    if (existing) {
      // A retry: the same channel, unless the id is reused for another one (its sealed URL cannot be compared; its name and kind can).
      if (existing.name !== input.name.trim() || existing.kind !== input.kind) throw new CommandIdReusedError(context.commandId as string);
      return { channel: existing, signingSecret: existing.signingSecret && box.open(existing.signingSecret.sealed, sealedFor(channelId, 'signing-secret')) };
    }
    if (input.kind === 'EMAIL' && !this.sendsEmail) {
      throw new DomainError('SMTP_NOT_CONFIGURED', 'This server has no SMTP_URL, so it cannot send email: set SMTP_URL and SMTP_FROM and restart', {});
    }
    const url = this.checkedUrl(input);
    const signingSecret = input.kind === 'WEBHOOK' ? generateWebhookSecret() : null;
    await this.execute(
      {
        type: 'CreateNotificationChannel',
        channelId,
        name: input.name,
        kind: input.kind,
        url: url === null ? null : this.sealed(box, url, channelId, 'url'),
        recipients: input.recipients ?? [],
        signingSecret: signingSecret === null ? null : this.sealed(box, signingSecret, channelId, 'signing-secret'),
        actor: context.actor,
      },
      context,
    );
    return { channel: this.channelOf(channelId), signingSecret };
  }

  /** A new signing secret, answered in clear this once; the old one keeps signing beside it for `previousValidHours`. */
  async rotateSecret(channelId: string, previousValidHours: number | null | undefined, context: CommandContext): Promise<ChannelWithSecret> {
    const box = this.secretBox();
    const hours = previousValidHours ?? DEFAULT_PREVIOUS_SECRET_HOURS;
    if (!Number.isInteger(hours) || hours < 0 || hours > MAX_PREVIOUS_SECRET_HOURS) {
      throw invalidInput('previousValidHours', `previousValidHours must be a whole number from 0 to ${MAX_PREVIOUS_SECRET_HOURS}`);
    }
    const signingSecret = generateWebhookSecret();
    const previousValidUntil = new Date(this.clock.now().getTime() + hours * 3_600_000).toISOString();
    await this.execute(
      { type: 'RotateChannelSecret', channelId, signingSecret: this.sealed(box, signingSecret, channelId, 'signing-secret'), previousValidUntil, actor: context.actor },
      context,
    );
    return { channel: this.channelOf(channelId), signingSecret };
  }

  /** Any other change to channels and subscriptions: nothing in it is secret. */
  async execute(command: NotificationsCommand, context: CommandContext): Promise<void> {
    const outcome = await this.executor.execute(command, context);
    await this.projector.waitFor(outcome.position, this.waitMs, this.notifications);
  }

  channelOf(channelId: string): ChannelRecord {
    const channel = this.notifications.channel(channelId);
    if (!channel) throw new DomainError('CHANNEL_NOT_FOUND', `Channel ${channelId} does not exist`, { channelId });
    return channel;
  }

  private secretBox(): SecretBox {
    if (!this.box) {
      throw new DomainError(
        'SECRETS_NOT_CONFIGURED',
        'This server has no LEDGER_SECRET_KEY, so it cannot keep channel URLs and signing secrets: set it (openssl rand -base64 32) and restart',
        {},
      );
    }
    return this.box;
  }

  /** The URL a kind posts to, checked now against the network policy as far as it can be without DNS (scheme, credentials, a literal address); deliveries check again. */
  private checkedUrl(input: NewChannel): string | null {
    if (!URL_CHANNEL_KINDS.includes(input.kind) || input.url === undefined || input.url === null) return input.url ?? null;
    const text = input.url.trim();
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      throw invalidInput('url', 'url is not a URL');
    }
    if (text.length > URL_MAX_LENGTH) throw invalidInput('url', `url must be at most ${URL_MAX_LENGTH} characters`);
    const address = literalAddress(url.hostname);
    const refusal = this.policy.checkUrl(url) ?? (address === undefined ? undefined : this.policy.checkAddress(address));
    if (refusal) throw invalidInput('url', `url refused: ${refusal.detail}`);
    return url.href;
  }

  private sealed(box: SecretBox, secret: string, channelId: string, field: 'url' | 'signing-secret'): SealedSecret {
    return { sealed: box.seal(secret, sealedFor(channelId, field)), masked: mask(secret) };
  }
}

/** The address a URL's host names literally (`127.0.0.1`, `[::1]` as `::1`), or undefined for a name. */
function literalAddress(hostname: string): string | undefined {
  const bare = hostname.startsWith('[') ? hostname.slice(1, -1) : hostname;
  return isIP(bare) ? bare : undefined;
}
