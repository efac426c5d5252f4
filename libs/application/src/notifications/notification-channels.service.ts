import { randomUUID } from 'node:crypto';
import { isIP } from 'node:net';
import {
  ChannelKind,
  ChannelRecord,
  Clock,
  DomainError,
  invalidInput,
  NotificationsCommand,
  SealedSecret,
  sealedUnder,
  SealedValues,
  sealedValuesOf,
  URL_CHANNEL_KINDS,
} from '@incident-ledger/domain';
import { NotificationsReadModel, Projector } from '@incident-ledger/read-models';
import { CommandContext, CommandIdReusedError } from '../commands/command-executor';
import { uuidFromName } from '../commands/deterministic-id';
import { NetworkPolicy } from './network-policy';
import { NotificationsCommandExecutor } from './notifications-command.executor';
import { mask, SecretBox, SecretOpenError } from './secret-box';
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

/** The place each sealed value of a channel is bound to: a rotated-out signing secret was sealed as the signing secret it then was. */
const PLACE_OF: Readonly<Record<keyof SealedValues, 'url' | 'signing-secret'>> = { url: 'url', signingSecret: 'signing-secret', previousSigningSecret: 'signing-secret' };

/** What a re-seal under the current key did. */
export interface ResealOutcome {
  /** Channels whose secrets it sealed again under the current key. */
  resealed: number;
  /** Channels with a secret that opens under no key this server has: left as they were (and still undeliverable). */
  notResealable: string[];
}

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

  /**
   * Finishes a rotation of LEDGER_SECRET_KEY: every channel with a secret
   * sealed under another key than the current one has all its secrets opened
   * (the box holds the previous keys) and sealed again under the current key,
   * so the previous keys can be removed. A channel with a secret no key of this
   * server opens is left as it was and named in the answer; the others are
   * re-sealed all the same. Running it again, here or on another server,
   * writes nothing more.
   */
  async resealUnderCurrentKey(context: CommandContext): Promise<ResealOutcome> {
    const outcome: ResealOutcome = { resealed: 0, notResealable: [] };
    if (!this.box) return outcome;
    await this.projector.catchUp(this.waitMs, this.notifications);
    for (const channel of this.notifications.channels()) {
      if (sealedUnder(channel, this.box.keyId)) continue;
      const replacing = sealedValuesOf(channel);
      const resealed = sealedAgain(this.box, channel.id, replacing);
      if (!resealed) {
        outcome.notResealable.push(channel.id);
        continue;
      }
      await this.execute({ type: 'ResealChannelSecrets', channelId: channel.id, keyId: this.box.keyId, resealed, replacing, actor: context.actor }, context);
      outcome.resealed++;
    }
    return outcome;
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

/** A channel's sealed values sealed again under the box's current key, each for its own place; undefined when one opens under no key the box has. */
function sealedAgain(box: SecretBox, channelId: string, values: SealedValues): SealedValues | undefined {
  const again = (field: keyof SealedValues) => {
    const sealed = values[field];
    const place = sealedFor(channelId, PLACE_OF[field]);
    return sealed === null ? null : box.seal(box.open(sealed, place), place);
  };
  try {
    return { url: again('url'), signingSecret: again('signingSecret'), previousSigningSecret: again('previousSigningSecret') };
  } catch (error) {
    if (error instanceof SecretOpenError) return undefined;
    throw error;
  }
}

/** The address a URL's host names literally (`127.0.0.1`, `[::1]` as `::1`), or undefined for a name. */
function literalAddress(hostname: string): string | undefined {
  const bare = hostname.startsWith('[') ? hostname.slice(1, -1) : hostname;
  return isIP(bare) ? bare : undefined;
}
