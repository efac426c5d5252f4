import {
  Clock,
  DeliveryCommand,
  deliveryDecider,
  DeliveryEvent,
  deliveryEventCodec,
  DeliveryState,
  deliveryStreamId,
  NOTIFICATIONS_STREAM,
  NotificationsCommand,
  notificationsDecider,
  NotificationsEvent,
  notificationsEventCodec,
  NotificationsState,
} from '@incident-ledger/domain';
import { EventStore } from '@incident-ledger/event-store';
import { CommandExecutor } from '../commands/command-executor';

/** The write path for channels and subscriptions: every command on the one `notifications` stream (as the catalogue's). */
export class NotificationsCommandExecutor extends CommandExecutor<NotificationsCommand, NotificationsEvent, NotificationsState> {
  constructor(store: EventStore, clock: Clock) {
    super(store, clock, notificationsDecider, notificationsEventCodec, () => NOTIFICATIONS_STREAM);
  }
}

/** The write path for deliveries: each on its own stream, so each attempt is recorded under that stream's exact revision. */
export class DeliveryCommandExecutor extends CommandExecutor<DeliveryCommand, DeliveryEvent, DeliveryState> {
  constructor(store: EventStore, clock: Clock) {
    super(store, clock, deliveryDecider, deliveryEventCodec, (command) =>
      deliveryStreamId(command.type === 'ScheduleDelivery' ? command.delivery.deliveryId : command.deliveryId),
    );
  }
}
