import { Clock, NOTIFICATIONS_STREAM, NotificationsCommand, notificationsDecider, NotificationsEvent, notificationsEventCodec, NotificationsState } from '@incident-ledger/domain';
import { EventStore } from '@incident-ledger/event-store';
import { CommandExecutor } from '../commands/command-executor';

/** The write path for channels and subscriptions: every command on the one `notifications` stream (as the catalogue's). */
export class NotificationsCommandExecutor extends CommandExecutor<NotificationsCommand, NotificationsEvent, NotificationsState> {
  constructor(store: EventStore, clock: Clock) {
    super(store, clock, notificationsDecider, notificationsEventCodec, () => NOTIFICATIONS_STREAM);
  }
}
