import { isSeverity, Severity } from '../incidents/severity';
import { StatusUpdateAudience } from '../incidents/incident.events';
import { Decider } from '../shared/decider';
import { DomainError, invalidInput } from '../shared/domain-error';
import { checkEmailAddress, checkText, sortedUnique } from '../shared/field-rules';
import { PersistentMap } from '../shared/persistent-map';
import { CreateNotificationChannel, NotificationsCommand, ResealChannelSecrets, SubscribeChannel } from './notifications.commands';
import { NotificationsEvent } from './notifications.events';
import { NOTIFICATIONS_LIMITS as LIMITS } from './notifications.limits';
import {
  CHANNEL_KINDS,
  ChannelKind,
  ChannelSecrets,
  ChannelTarget,
  NOTIFICATION_KINDS,
  ANNOUNCEMENT_KINDS,
  NotificationKind,
  PreviousSigningSecret,
  SealedSecret,
  sealedKeyId,
  sealedUnder,
  SealedValues,
  sealedValuesOf,
  SUBSCRIPTION_PRESETS,
  SubscriptionFields,
  URL_CHANNEL_KINDS,
} from './notifications.types';

export interface ChannelRecord extends ChannelTarget {
  id: string;
  name: string;
  kind: ChannelKind;
  /** WEBHOOK: the current signing secret, and the one before it while it lives. */
  signingSecret: SealedSecret | null;
  previousSigningSecret: PreviousSigningSecret | null;
  disabled: { at: string; reason: string } | null;
  createdAt: string;
  createdBy: string;
}

export interface SubscriptionRecord extends SubscriptionFields {
  id: string;
  createdAt: string;
  /** Who subscribed: for a private incident, only its members' subscriptions hear it. */
  createdBy: string;
}

export interface NotificationsState {
  channels: PersistentMap<ChannelRecord>;
  subscriptions: PersistentMap<SubscriptionRecord>;
}

export const initialNotificationsState: NotificationsState = { channels: PersistentMap.empty(), subscriptions: PersistentMap.empty() };

/** What each preset hears: fixed, so that "announcements" means the same everywhere. */
const PRESET_KINDS: Readonly<Record<'ANNOUNCEMENTS' | 'FOLLOW', readonly NotificationKind[]>> = {
  ANNOUNCEMENTS: ANNOUNCEMENT_KINDS,
  FOLLOW: NOTIFICATION_KINDS,
};
/** Announcements are for incidents that start a full response. */
const ANNOUNCED_SEVERITIES = [Severity.SEV1, Severity.SEV2, Severity.SEV3];
const AUDIENCES: readonly StatusUpdateAudience[] = ['INTERNAL', 'EXTERNAL'];
const SEALED_FIELDS: readonly (keyof SealedValues)[] = ['url', 'signingSecret', 'previousSigningSecret'];

function decide(command: NotificationsCommand, state: NotificationsState, now: Date): NotificationsEvent[] {
  const recorded = { at: now.toISOString(), by: command.actor };
  switch (command.type) {
    case 'CreateNotificationChannel':
      return [{ type: 'NotificationChannelCreated', data: { ...createdChannel(command, state), ...recorded } }];
    case 'RotateChannelSecret': {
      const channel = liveChannel(state, command.channelId);
      if (channel.kind !== 'WEBHOOK') throw invalidInput('channelId', `Channel ${channel.name} is ${channel.kind}: only WEBHOOK channels sign their messages`);
      if (!(command.previousValidUntil >= recorded.at)) throw invalidInput('previousValidUntil', 'previousValidUntil must not be in the past');
      return [
        {
          type: 'NotificationChannelSecretRotated',
          data: { channelId: channel.id, signingSecret: command.signingSecret, previousValidUntil: command.previousValidUntil, ...recorded },
        },
      ];
    }
    case 'ResealChannelSecrets': {
      const channel = liveChannel(state, command.channelId);
      // Already under that key (another server re-sealed it, or this is a retry): nothing to do.
      if (sealedUnder(channel, command.keyId)) return [];
      return [{ type: 'ChannelSecretsResealed', data: { channelId: channel.id, keyId: command.keyId, ...resealedSecrets(channel, command), ...recorded } }];
    }
    case 'DisableNotificationChannel': {
      const channel = liveChannel(state, command.channelId);
      if (channel.disabled) return [];
      return [{ type: 'NotificationChannelDisabled', data: { channelId: channel.id, reason: checkText(command.reason, 'reason', LIMITS.reasonMaxLength), ...recorded } }];
    }
    case 'EnableNotificationChannel': {
      const channel = liveChannel(state, command.channelId);
      return channel.disabled ? [{ type: 'NotificationChannelEnabled', data: { channelId: channel.id, ...recorded } }] : [];
    }
    case 'DeleteNotificationChannel': {
      const channel = liveChannel(state, command.channelId);
      return [{ type: 'NotificationChannelDeleted', data: { channelId: channel.id, ...recorded } }];
    }
    case 'SubscribeChannel':
      return [{ type: 'ChannelSubscribed', data: { subscriptionId: command.subscriptionId, ...subscription(command, state), ...recorded } }];
    case 'Unsubscribe': {
      const existing = state.subscriptions.get(command.subscriptionId);
      if (!existing) throw new DomainError('SUBSCRIPTION_NOT_FOUND', `Subscription ${command.subscriptionId} does not exist`, { subscriptionId: command.subscriptionId });
      return [{ type: 'ChannelUnsubscribed', data: { subscriptionId: existing.id, channelId: existing.channelId, ...recorded } }];
    }
  }
}

function createdChannel(command: CreateNotificationChannel, state: NotificationsState) {
  if (state.channels.has(command.channelId)) throw new DomainError('CHANNEL_EXISTS', `Channel ${command.channelId} already exists`, { channelId: command.channelId });
  const name = checkText(command.name, 'name', LIMITS.nameMaxLength);
  const sameName = [...state.channels.values()].find((channel) => channel.name.toLowerCase() === name.toLowerCase());
  if (sameName) throw new DomainError('CHANNEL_EXISTS', `A channel named ${sameName.name} already exists`, { name: sameName.name });
  if (state.channels.size >= LIMITS.channelsMaxCount) throw invalidInput('name', `At most ${LIMITS.channelsMaxCount} channels`);
  const kind = command.kind;
  if (!CHANNEL_KINDS.includes(kind)) throw invalidInput('kind', `kind must be one of ${CHANNEL_KINDS.join(', ')}`);
  const postsToUrl = URL_CHANNEL_KINDS.includes(kind);
  if (postsToUrl !== Boolean(command.url)) throw invalidInput('url', postsToUrl ? `A ${kind} channel needs a url` : 'An EMAIL channel has recipients, not a url');
  if ((kind === 'WEBHOOK') !== Boolean(command.signingSecret)) throw invalidInput('kind', 'Only a WEBHOOK channel has a signing secret, and every one has');
  const recipients = sortedUnique((command.recipients ?? []).map((address) => checkEmailAddress(address.trim(), 'recipients')));
  if (kind === 'EMAIL' && recipients.length === 0) throw invalidInput('recipients', 'An EMAIL channel needs at least one recipient');
  if (kind !== 'EMAIL' && recipients.length > 0) throw invalidInput('recipients', `A ${kind} channel has a url, not recipients`);
  if (recipients.length > LIMITS.recipientsMaxCount) throw invalidInput('recipients', `At most ${LIMITS.recipientsMaxCount} recipients`);
  return { channelId: command.channelId, name, kind, url: command.url ?? null, recipients, signingSecret: command.signingSecret ?? null };
}

/** The channel's secrets with the sealed strings the command brings: the same masks and validity, since the secrets are the same. */
function resealedSecrets(channel: ChannelRecord, command: ResealChannelSecrets): ChannelSecrets {
  const current = sealedValuesOf(channel);
  if (SEALED_FIELDS.some((field) => current[field] !== command.replacing[field])) {
    throw new DomainError('CHANNEL_SECRETS_CHANGED', `The secrets of channel ${channel.name} changed while they were re-sealed: re-seal what it holds now`, { channelId: channel.id });
  }
  const resealed = (secret: SealedSecret, field: keyof SealedValues): SealedSecret => {
    const sealed = command.resealed[field];
    if (sealed === null || sealedKeyId(sealed) !== command.keyId) throw invalidInput(field, `A re-seal seals every secret of the channel again, under key ${command.keyId}`);
    return { ...secret, sealed };
  };
  const previous = channel.previousSigningSecret;
  return {
    url: channel.url && resealed(channel.url, 'url'),
    signingSecret: channel.signingSecret && resealed(channel.signingSecret, 'signingSecret'),
    previousSigningSecret: previous && { ...previous, secret: resealed(previous.secret, 'previousSigningSecret') },
  };
}

function subscription(command: SubscribeChannel, state: NotificationsState): SubscriptionFields {
  if (state.subscriptions.has(command.subscriptionId)) {
    throw new DomainError('SUBSCRIPTION_EXISTS', `Subscription ${command.subscriptionId} already exists`, { subscriptionId: command.subscriptionId });
  }
  if (state.subscriptions.size >= LIMITS.subscriptionsMaxCount) throw invalidInput('channelId', `At most ${LIMITS.subscriptionsMaxCount} subscriptions`);
  const channel = liveChannel(state, command.channelId);
  const preset = command.preset;
  if (!SUBSCRIPTION_PRESETS.includes(preset)) throw invalidInput('preset', `preset must be one of ${SUBSCRIPTION_PRESETS.join(', ')}`);
  const incidentId = command.incidentId?.trim() || null;
  if ((preset === 'FOLLOW') !== (incidentId !== null)) throw invalidInput('incidentId', preset === 'FOLLOW' ? 'FOLLOW needs the incident followed' : `Only FOLLOW names an incident; ${preset} hears many`);
  if (preset !== 'CUSTOM' && command.kinds && command.kinds.length > 0) throw invalidInput('kinds', `${preset} hears its own kinds; name kinds with CUSTOM`);
  const kinds = preset === 'CUSTOM' ? checkedList(command.kinds, 'kinds', (kind) => NOTIFICATION_KINDS.includes(kind)) : [...PRESET_KINDS[preset]];
  if (kinds.length === 0) throw invalidInput('kinds', 'A CUSTOM subscription hears at least one kind');
  const severities = checkedList(command.severities, 'severities', isSeverity);
  const fields: SubscriptionFields = {
    channelId: channel.id,
    preset,
    kinds,
    incidentId,
    filter: {
      severities: preset === 'ANNOUNCEMENTS' && severities.length === 0 ? ANNOUNCED_SEVERITIES : severities,
      services: checkedList(command.services?.map((service) => service.trim()), 'services', (service) => service.length > 0),
      ownerTeams: checkedList(command.ownerTeams?.map((team) => team.trim()), 'ownerTeams', (team) => team.length > 0),
      audiences: checkedList(command.audiences, 'audiences', (audience) => AUDIENCES.includes(audience)),
      includeDrills: command.includeDrills ?? true,
    },
  };
  const same = [...state.subscriptions.values()].find((existing) => existing.channelId === channel.id && sameFields(existing, fields));
  if (same) throw new DomainError('SUBSCRIPTION_EXISTS', `Channel ${channel.name} already has this subscription (${same.id})`, { subscriptionId: same.id });
  return fields;
}

function checkedList<T extends string>(values: readonly T[] | undefined, field: string, valid: (value: T) => boolean): T[] {
  const list = sortedUnique(values ?? []);
  const wrong = list.find((value) => !valid(value));
  if (wrong !== undefined) throw invalidInput(field, `${field}: ${JSON.stringify(wrong)} is not one`);
  if (list.length > LIMITS.filterMaxCount) throw invalidInput(field, `At most ${LIMITS.filterMaxCount} ${field}`);
  return list;
}

function sameFields(a: SubscriptionFields, b: SubscriptionFields): boolean {
  const fieldsOf = ({ channelId, preset, kinds, incidentId, filter }: SubscriptionFields) => JSON.stringify([channelId, preset, kinds, incidentId, filter]);
  return fieldsOf(a) === fieldsOf(b);
}

/** A channel that exists and was not deleted. */
function liveChannel(state: NotificationsState, channelId: string): ChannelRecord {
  const channel = state.channels.get(channelId);
  if (!channel) throw new DomainError('CHANNEL_NOT_FOUND', `Channel ${channelId} does not exist`, { channelId });
  return channel;
}

export function evolveNotifications(state: NotificationsState, event: NotificationsEvent): NotificationsState {
  switch (event.type) {
    case 'NotificationChannelCreated': {
      const { channelId, at, by, ...fields } = event.data;
      return { ...state, channels: state.channels.set(channelId, { id: channelId, ...fields, previousSigningSecret: null, disabled: null, createdAt: at, createdBy: by }) };
    }
    case 'NotificationChannelSecretRotated':
      return updateChannel(state, event.data.channelId, (channel) => ({
        ...channel,
        signingSecret: event.data.signingSecret,
        previousSigningSecret: channel.signingSecret && { secret: channel.signingSecret, validUntil: event.data.previousValidUntil },
      }));
    case 'ChannelSecretsResealed': {
      const { url, signingSecret, previousSigningSecret } = event.data;
      return updateChannel(state, event.data.channelId, (channel) => ({ ...channel, url, signingSecret, previousSigningSecret }));
    }
    case 'NotificationChannelDisabled':
      return updateChannel(state, event.data.channelId, (channel) => ({ ...channel, disabled: { at: event.data.at, reason: event.data.reason } }));
    case 'NotificationChannelEnabled':
      return updateChannel(state, event.data.channelId, (channel) => ({ ...channel, disabled: null }));
    case 'NotificationChannelDeleted': {
      let subscriptions = state.subscriptions;
      for (const subscription of state.subscriptions.values()) {
        if (subscription.channelId === event.data.channelId) subscriptions = subscriptions.delete(subscription.id);
      }
      return { channels: state.channels.delete(event.data.channelId), subscriptions };
    }
    case 'ChannelSubscribed': {
      const { subscriptionId, at, by, ...fields } = event.data;
      return { ...state, subscriptions: state.subscriptions.set(subscriptionId, { id: subscriptionId, ...fields, createdAt: at, createdBy: by }) };
    }
    case 'ChannelUnsubscribed':
      return { ...state, subscriptions: state.subscriptions.delete(event.data.subscriptionId) };
  }
}

function updateChannel(state: NotificationsState, channelId: string, change: (channel: ChannelRecord) => ChannelRecord): NotificationsState {
  const channel = state.channels.get(channelId);
  return channel ? { ...state, channels: state.channels.set(channelId, change(channel)) } : state;
}

/** Channels and subscriptions: checked against the whole of both, in one stream (see NOTIFICATIONS_STREAM). */
export const notificationsDecider: Decider<NotificationsCommand, NotificationsEvent, NotificationsState> = {
  decide,
  evolve: evolveNotifications,
  initialState: initialNotificationsState,
};
