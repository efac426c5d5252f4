import {
  DeliveryTargets,
  AppConfig,
  DeliveryWorker,
  NetworkPolicy,
  NOTIFICATIONS_CONTEXT,
  NotificationChannels,
  NotificationOutbox,
  NotificationsCommandExecutor,
  OutboundHttp,
  PageLinks,
  parseRetrySchedule,
  SecretBox,
  SmtpMailer,
} from '@incident-ledger/application';
import { Clock } from '@incident-ledger/domain';
import { EVENT_STORE, EventStore } from '@incident-ledger/event-store';
import { emailMessage, slackMessage, subscriberEmail, subscriberWebhook, teamsMessage, webhookPayload } from '@incident-ledger/presentation';
import { CatalogueReadModel, OncallReadModel, DeliveriesReadModel, NotificationsReadModel, Projector } from '@incident-ledger/read-models';
import { Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { LedgerContext } from '../platform/core/ledger-context';
import { CLOCK } from '../platform/core/ledger-core.module';
import { NotificationChannelResolver } from './graphql/notification-channel.resolver';
import { ChannelHealthResolver, NotificationDeliveryResolver } from './graphql/notification-delivery.resolver';
import { NotificationSubscriptionResolver } from './graphql/notification-subscription.resolver';
import { NotificationDeliveryRunner } from './notification-delivery.runner';

/** The server's key, if it has one: read once (the box holds the key, never shown). */
/** The server's secret box (LEDGER_SECRET_KEY), or undefined without a key: other contexts seal with it too. */
export const SECRET_BOX = Symbol('SECRET_BOX');
/** The one pooled SMTP transport, if the server has SMTP_URL (it connects at the first message). */
const MAILER = Symbol('MAILER');

/** A person's email address as the catalogue has it now. */
const emailIn = (catalogue: CatalogueReadModel) => (person: string) => catalogue.person(person)?.contacts.email ?? null;

/** The notifications context: channels (webhook, Slack, Teams, email), their subscriptions, and the delivery process. */
@LedgerContext(NOTIFICATIONS_CONTEXT)
@Module({
  providers: [
    { provide: DeliveryTargets, useFactory: () => new DeliveryTargets() },
    { provide: SECRET_BOX, inject: [AppConfig], useFactory: (config: AppConfig) => SecretBox.fromSettings(config) },
    {
      provide: MAILER,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => (config.smtp ? new SmtpMailer({ ...config.smtp, timeoutMs: config.NOTIFY_TIMEOUT_MS }) : undefined),
    },
    {
      provide: NotificationChannels,
      inject: [EVENT_STORE, CLOCK, NotificationsReadModel, Projector, AppConfig, SECRET_BOX],
      useFactory: (store: EventStore, clock: Clock, notifications: NotificationsReadModel, projector: Projector, config: AppConfig, box: SecretBox | undefined) =>
        new NotificationChannels(
          new NotificationsCommandExecutor(store, clock),
          notifications,
          projector,
          clock,
          box,
          new NetworkPolicy(config.notifyNetwork),
          config.READ_YOUR_WRITES_TIMEOUT_MS,
          config.smtp !== undefined,
        ),
    },
    {
      provide: NotificationOutbox,
      inject: [EVENT_STORE, CLOCK, NotificationsReadModel, CatalogueReadModel, OncallReadModel, AppConfig],
      useFactory: (store: EventStore, clock: Clock, notifications: NotificationsReadModel, catalogue: CatalogueReadModel, oncall: OncallReadModel, config: AppConfig) =>
        new NotificationOutbox({
          store,
          clock,
          notifications,
          ownerTeamsOf: (services) => services.flatMap((slug) => catalogue.service(slug)?.ownerTeam ?? []),
          linkTo: (incidentId) => config.incidentLink(incidentId),
          pageLinks: PageLinks.fromSettings(config, clock),
          mailsPeople: config.smtp !== undefined,
          emailOf: emailIn(catalogue),
          scheduleOf: (scheduleId) => oncall.schedule(scheduleId),
          membersOf: (team) => catalogue.team(team)?.members ?? [],
        }),
    },
    {
      provide: DeliveryWorker,
      inject: [EVENT_STORE, CLOCK, Projector, NotificationsReadModel, DeliveriesReadModel, CatalogueReadModel, AppConfig, SECRET_BOX, MAILER, NotificationChannels, DeliveryTargets],
      useFactory: (
        store: EventStore,
        clock: Clock,
        projector: Projector,
        notifications: NotificationsReadModel,
        deliveries: DeliveriesReadModel,
        catalogue: CatalogueReadModel,
        config: AppConfig,
        box: SecretBox | undefined,
        mailer: SmtpMailer | undefined,
        channels: NotificationChannels,
        targets: DeliveryTargets,
      ) =>
        new DeliveryWorker({
          store,
          clock,
          projector,
          notifications,
          deliveries,
          box,
          http: new OutboundHttp({ policy: new NetworkPolicy(config.notifyNetwork), timeoutMs: config.NOTIFY_TIMEOUT_MS }),
          mailer,
          emailOf: emailIn(catalogue),
          targets,
          formats: { webhook: webhookPayload, slack: slackMessage, teams: teamsMessage, email: emailMessage, externalEmail: subscriberEmail, externalWebhook: subscriberWebhook },
          schedule: parseRetrySchedule(config.NOTIFY_RETRY_SCHEDULE),
          disableChannel: (channelId, reason) => channels.execute({ type: 'DisableNotificationChannel', channelId, reason, actor: 'notification-delivery' }, { actor: 'notification-delivery', correlationId: `disable-${channelId}` }),
          waitMs: config.READ_YOUR_WRITES_TIMEOUT_MS,
        }),
    },
    NotificationDeliveryRunner,
    NotificationChannelResolver,
    NotificationSubscriptionResolver,
    NotificationDeliveryResolver,
    ChannelHealthResolver,
  ],
  exports: [DeliveryTargets, SECRET_BOX],
})
export class NotificationsModule implements OnApplicationShutdown {
  constructor(@Inject(MAILER) private readonly mailer: SmtpMailer | undefined) {}

  /** After the delivery runner's last round (it finishes before shutdown): the pooled SMTP connections close. */
  onApplicationShutdown(): void {
    this.mailer?.close();
  }
}
