import { AppConfig, NetworkPolicy, NOTIFICATIONS_CONTEXT, NotificationChannels, NotificationsCommandExecutor, SecretBox } from '@incident-ledger/application';
import { Clock } from '@incident-ledger/domain';
import { EVENT_STORE, EventStore } from '@incident-ledger/event-store';
import { NotificationsReadModel, Projector } from '@incident-ledger/read-models';
import { Module } from '@nestjs/common';
import { LedgerContext } from '../platform/core/ledger-context';
import { CLOCK } from '../platform/core/ledger-core.module';
import { NotificationChannelResolver } from './graphql/notification-channel.resolver';
import { NotificationSubscriptionResolver } from './graphql/notification-subscription.resolver';

/** The notifications context: channels (webhook, Slack, Teams, email) and their subscriptions. */
@LedgerContext(NOTIFICATIONS_CONTEXT)
@Module({
  providers: [
    {
      provide: NotificationChannels,
      inject: [EVENT_STORE, CLOCK, NotificationsReadModel, Projector, AppConfig],
      useFactory: (store: EventStore, clock: Clock, notifications: NotificationsReadModel, projector: Projector, config: AppConfig) =>
        new NotificationChannels(
          new NotificationsCommandExecutor(store, clock),
          notifications,
          projector,
          clock,
          SecretBox.fromSettings(config),
          new NetworkPolicy(config.notifyNetwork),
          config.READ_YOUR_WRITES_TIMEOUT_MS,
        ),
    },
    NotificationChannelResolver,
    NotificationSubscriptionResolver,
  ],
})
export class NotificationsModule {}
