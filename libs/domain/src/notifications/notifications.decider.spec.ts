import { Severity } from '../incidents/severity';
import { deciderSpecification } from '../testing/decider-specification';
import { NotificationsCommand } from './notifications.commands';
import { initialNotificationsState, notificationsDecider } from './notifications.decider';
import { ChannelSubscribed, NotificationChannelCreated, NotificationsEvent } from './notifications.events';

const now = new Date('2026-06-01T00:00:00Z');
const recorded = { at: now.toISOString(), by: 'admin' };
const spec = deciderSpecification(notificationsDecider, now);

const url = { sealed: 'v1.key.iv.tag.ciphertext', masked: 'https://hooks.example.com/••••abcd' };
const signingSecret = { sealed: 'v1.key.iv.tag.secret', masked: 'whsec_••••wxyz' };
const webhook: NotificationChannelCreated = {
  type: 'NotificationChannelCreated',
  data: { channelId: 'ch-1', name: 'Ops webhook', kind: 'WEBHOOK', url, recipients: [], signingSecret, ...recorded },
};
const email: NotificationChannelCreated = {
  type: 'NotificationChannelCreated',
  data: { channelId: 'ch-2', name: 'Leads', kind: 'EMAIL', url: null, recipients: ['lead@example.com'], signingSecret: null, ...recorded },
};
const noFilter = { severities: [], services: [], ownerTeams: [], audiences: [], includeDrills: true };
const announcements: ChannelSubscribed = {
  type: 'ChannelSubscribed',
  data: {
    subscriptionId: 'sub-1',
    channelId: 'ch-1',
    preset: 'ANNOUNCEMENTS',
    kinds: ['DECLARED', 'SEVERITY_CHANGED', 'RESOLVED', 'UNACKNOWLEDGED'],
    incidentId: null,
    filter: { ...noFilter, severities: [Severity.SEV1, Severity.SEV2, Severity.SEV3] },
    ...recorded,
  },
};

const command = (change: object): NotificationsCommand => ({ actor: 'admin', ...change }) as NotificationsCommand;
const create = (change: object) => command({ type: 'CreateNotificationChannel', channelId: 'ch-9', name: 'New', ...change });
const subscribe = (change: object) => command({ type: 'SubscribeChannel', subscriptionId: 'sub-9', channelId: 'ch-1', ...change });

describe('notifications decider: channels', () => {
  it('creates a webhook channel with its sealed url and signing secret, and an email channel with its recipients in canonical form', () => {
    spec.given([]).when(create({ kind: 'WEBHOOK', name: ' Ops ', url, signingSecret })).then([
      { type: 'NotificationChannelCreated', data: { channelId: 'ch-9', name: 'Ops', kind: 'WEBHOOK', url, recipients: [], signingSecret, ...recorded } },
    ]);
    spec.given([]).when(create({ kind: 'EMAIL', recipients: [' b@example.com', 'a@example.com', 'b@example.com'] })).then([
      { type: 'NotificationChannelCreated', data: { channelId: 'ch-9', name: 'New', kind: 'EMAIL', url: null, recipients: ['a@example.com', 'b@example.com'], signingSecret: null, ...recorded } },
    ]);
  });

  it.each([
    ['a webhook without a signing secret', { kind: 'WEBHOOK', url }],
    ['a Slack channel with a signing secret', { kind: 'SLACK', url, signingSecret }],
    ['a Teams channel without a url', { kind: 'TEAMS' }],
    ['an email channel with a url', { kind: 'EMAIL', url, recipients: ['a@example.com'] }],
    ['an email channel without recipients', { kind: 'EMAIL' }],
    ['an email channel with a bad address', { kind: 'EMAIL', recipients: ['not an address'] }],
    ['an unknown kind', { kind: 'PAGER', url }],
    ['an empty name', { kind: 'SLACK', url, name: '  ' }],
  ])('refuses %s', (_name, change) => {
    spec.given([]).when(create(change)).thenFails('INVALID_INPUT');
  });

  it('refuses a second channel of the same name, whatever its case', () => {
    spec.given([webhook]).when(create({ kind: 'SLACK', url, name: 'ops WEBHOOK' })).thenFails('CHANNEL_EXISTS', { name: 'Ops webhook' });
  });

  it('rotates a webhook secret, keeping the old one until the time given', () => {
    const newSecret = { sealed: 'v1.key.iv.tag.new', masked: 'whsec_••••new1' };
    spec
      .given([webhook])
      .when(command({ type: 'RotateChannelSecret', channelId: 'ch-1', signingSecret: newSecret, previousValidUntil: '2026-06-02T00:00:00.000Z' }))
      .then([{ type: 'NotificationChannelSecretRotated', data: { channelId: 'ch-1', signingSecret: newSecret, previousValidUntil: '2026-06-02T00:00:00.000Z', ...recorded } }]);
    const rotated = [webhook, { type: 'NotificationChannelSecretRotated', data: { channelId: 'ch-1', signingSecret: newSecret, previousValidUntil: '2026-06-02T00:00:00.000Z', ...recorded } }];
    const state = (rotated as NotificationsEvent[]).reduce(notificationsDecider.evolve, initialNotificationsState);
    expect(state.channels.get('ch-1')).toMatchObject({ signingSecret: newSecret, previousSigningSecret: { secret: signingSecret, validUntil: '2026-06-02T00:00:00.000Z' } });
  });

  it('refuses to rotate what has no signing secret, or into the past', () => {
    spec.given([email]).when(command({ type: 'RotateChannelSecret', channelId: 'ch-2', signingSecret, previousValidUntil: '2026-06-02T00:00:00.000Z' })).thenFails('INVALID_INPUT');
    spec.given([webhook]).when(command({ type: 'RotateChannelSecret', channelId: 'ch-1', signingSecret, previousValidUntil: '2026-05-01T00:00:00.000Z' })).thenFails('INVALID_INPUT');
  });

  describe('re-sealing under a new key', () => {
    const rotatedSecret = { sealed: 'v1.key.iv.tag.rotated', masked: 'whsec_••••rot1' };
    const rotated: NotificationsEvent = {
      type: 'NotificationChannelSecretRotated',
      data: { channelId: 'ch-1', signingSecret: rotatedSecret, previousValidUntil: '2026-06-02T00:00:00.000Z', ...recorded },
    };
    const replacing = { url: url.sealed, signingSecret: rotatedSecret.sealed, previousSigningSecret: signingSecret.sealed };
    const resealed = { url: 'v1.new.iv.tag.url', signingSecret: 'v1.new.iv.tag.rotated', previousSigningSecret: 'v1.new.iv.tag.secret' };
    const reseal = (change: object = {}) => command({ type: 'ResealChannelSecrets', channelId: 'ch-1', keyId: 'new', resealed, replacing, ...change });
    const resealedEvent: NotificationsEvent = {
      type: 'ChannelSecretsResealed',
      data: {
        channelId: 'ch-1',
        keyId: 'new',
        url: { sealed: resealed.url, masked: url.masked },
        signingSecret: { sealed: resealed.signingSecret, masked: rotatedSecret.masked },
        previousSigningSecret: { secret: { sealed: resealed.previousSigningSecret, masked: signingSecret.masked }, validUntil: '2026-06-02T00:00:00.000Z' },
        ...recorded,
      },
    };

    it('replaces every sealed value of the channel, keeping its masks and how long the previous secret signs', () => {
      spec.given([webhook, rotated]).when(reseal()).then([resealedEvent]);
      const state = [webhook, rotated, resealedEvent].reduce(notificationsDecider.evolve, initialNotificationsState);
      expect(state.channels.get('ch-1')).toMatchObject({
        url: { sealed: resealed.url, masked: url.masked },
        signingSecret: { sealed: resealed.signingSecret, masked: rotatedSecret.masked },
        previousSigningSecret: { secret: { sealed: resealed.previousSigningSecret, masked: signingSecret.masked }, validUntil: '2026-06-02T00:00:00.000Z' },
      });
    });

    it('writes nothing when the channel is already sealed under that key, as after another server re-sealed it', () => {
      spec.given([webhook, rotated, resealedEvent]).when(reseal()).then([]);
    });

    it('refuses to overwrite a rotation written after it read the channel', () => {
      const rotatedAgain: NotificationsEvent = { ...rotated, data: { ...rotated.data, signingSecret: { sealed: 'v1.key.iv.tag.again', masked: 'whsec_••••agn1' } } };
      spec.given([webhook, rotated, rotatedAgain]).when(reseal()).thenFails('CHANNEL_SECRETS_CHANGED', { channelId: 'ch-1' });
    });

    it('refuses a re-seal that leaves a value out or seals it under another key', () => {
      spec.given([webhook, rotated]).when(reseal({ resealed: { ...resealed, previousSigningSecret: null } })).thenFails('INVALID_INPUT');
      spec.given([webhook, rotated]).when(reseal({ resealed: { ...resealed, url: 'v1.other.iv.tag.url' } })).thenFails('INVALID_INPUT');
    });

    it('refuses an unknown or deleted channel', () => {
      spec.given([]).when(reseal()).thenFails('CHANNEL_NOT_FOUND', { channelId: 'ch-1' });
      spec.given([webhook, { type: 'NotificationChannelDeleted', data: { channelId: 'ch-1', ...recorded } }]).when(reseal()).thenFails('CHANNEL_NOT_FOUND');
    });
  });

  it('disables and enables a channel once each: the same again writes nothing', () => {
    spec.given([webhook]).when(command({ type: 'DisableNotificationChannel', channelId: 'ch-1', reason: 'Receiver answered 410 Gone' })).then([
      { type: 'NotificationChannelDisabled', data: { channelId: 'ch-1', reason: 'Receiver answered 410 Gone', ...recorded } },
    ]);
    const disabled: NotificationsEvent = { type: 'NotificationChannelDisabled', data: { channelId: 'ch-1', reason: 'Gone', ...recorded } };
    spec.given([webhook, disabled]).when(command({ type: 'DisableNotificationChannel', channelId: 'ch-1', reason: 'again' })).then([]);
    spec.given([webhook, disabled]).when(command({ type: 'EnableNotificationChannel', channelId: 'ch-1' })).then([{ type: 'NotificationChannelEnabled', data: { channelId: 'ch-1', ...recorded } }]);
    spec.given([webhook]).when(command({ type: 'EnableNotificationChannel', channelId: 'ch-1' })).then([]);
  });

  it('deletes a channel and its subscriptions with it; an unknown channel is not found', () => {
    const events: NotificationsEvent[] = [webhook, announcements, { type: 'NotificationChannelDeleted', data: { channelId: 'ch-1', ...recorded } }];
    const state = events.reduce(notificationsDecider.evolve, initialNotificationsState);
    expect([state.channels.size, state.subscriptions.size]).toEqual([0, 0]);
    spec.given(events).when(command({ type: 'DeleteNotificationChannel', channelId: 'ch-1' })).thenFails('CHANNEL_NOT_FOUND', { channelId: 'ch-1' });
  });
});

describe('notifications decider: subscriptions', () => {
  it('announcements hear SEV1–SEV3 declarations, severity changes and resolutions unless told other severities', () => {
    spec.given([webhook]).when(subscribe({ subscriptionId: 'sub-1', preset: 'ANNOUNCEMENTS' })).then([announcements]);
    spec
      .given([webhook])
      .when(subscribe({ preset: 'ANNOUNCEMENTS', severities: [Severity.SEV2, Severity.SEV1, Severity.SEV1], includeDrills: false }))
      .then([
        {
          ...announcements,
          data: { ...announcements.data, subscriptionId: 'sub-9', filter: { ...noFilter, severities: [Severity.SEV1, Severity.SEV2], includeDrills: false } },
        },
      ]);
  });

  it('following an incident hears every kind of entry of that one incident', () => {
    spec
      .given([webhook])
      .when(subscribe({ preset: 'FOLLOW', incidentId: 'inc-1', actor: 'ann' }))
      .then([
        {
          type: 'ChannelSubscribed',
          data: {
            subscriptionId: 'sub-9',
            channelId: 'ch-1',
            preset: 'FOLLOW',
            kinds: expect.arrayContaining(['DECLARED', 'STATUS_UPDATE_POSTED', 'REMINDER']) as never,
            incidentId: 'inc-1',
            filter: noFilter,
            at: recorded.at,
            by: 'ann',
          },
        },
      ]);
  });

  it.each([
    ['FOLLOW without an incident', { preset: 'FOLLOW' }],
    ['ANNOUNCEMENTS naming an incident', { preset: 'ANNOUNCEMENTS', incidentId: 'inc-1' }],
    ['a preset with kinds of its own', { preset: 'ANNOUNCEMENTS', kinds: ['CLOSED'] }],
    ['CUSTOM without kinds', { preset: 'CUSTOM' }],
    ['an unknown kind', { preset: 'CUSTOM', kinds: ['EXPLODED'] }],
    ['an unknown severity', { preset: 'CUSTOM', kinds: ['DECLARED'], severities: ['SEV9'] }],
    ['an unknown audience', { preset: 'CUSTOM', kinds: ['STATUS_UPDATE_POSTED'], audiences: ['EVERYONE'] }],
  ])('refuses %s', (_name, change) => {
    spec.given([webhook]).when(subscribe(change)).thenFails('INVALID_INPUT');
  });

  it('refuses a subscription to a channel that does not exist, and the same subscription twice', () => {
    spec.given([]).when(subscribe({ preset: 'ANNOUNCEMENTS' })).thenFails('CHANNEL_NOT_FOUND', { channelId: 'ch-1' });
    spec.given([webhook, announcements]).when(subscribe({ preset: 'ANNOUNCEMENTS' })).thenFails('SUBSCRIPTION_EXISTS', { subscriptionId: 'sub-1' });
  });

  it('unsubscribes; an unknown subscription is not found', () => {
    spec.given([webhook, announcements]).when(command({ type: 'Unsubscribe', subscriptionId: 'sub-1' })).then([
      { type: 'ChannelUnsubscribed', data: { subscriptionId: 'sub-1', channelId: 'ch-1', ...recorded } },
    ]);
    spec.given([webhook]).when(command({ type: 'Unsubscribe', subscriptionId: 'sub-1' })).thenFails('SUBSCRIPTION_NOT_FOUND');
  });
});
