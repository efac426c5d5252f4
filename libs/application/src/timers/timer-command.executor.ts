import { Clock, TimerCommand, timerDecider, TimerEvent, timerEventCodec, timerIdOf, TimerState, timerStreamId } from '@incident-ledger/domain';
import { EventStore } from '@incident-ledger/event-store';
import { CommandExecutor } from '../commands/command-executor';

/** The write path for timers: each on its own stream, so its firing is written under that stream's exact revision. */
export class TimerCommandExecutor extends CommandExecutor<TimerCommand, TimerEvent, TimerState> {
  constructor(store: EventStore, clock: Clock) {
    super(store, clock, timerDecider, timerEventCodec, (command) => timerStreamId(timerIdOf(command)));
  }
}
