import { Checkpointed, CheckpointState, Clock, Decider, EventCodec, SaveCheckpoint } from '@incident-ledger/domain';
import { EventStore, RecordedEvent } from '@incident-ledger/event-store';
import { CommandExecutor } from '../commands/command-executor';

/** How long at least between two saves: after a crash the process reads again what came after the last, which it must handle idempotently anyway. */
const SAVE_EVERY_MS = 5_000;

/**
 * Where a process that reads the log has read it to, kept in a stream of its
 * own. Saved only once the process has handled something since the last save
 * (a process that saved after every event it read would read its own
 * checkpoint next, and save again, for ever), and at most every few seconds
 * unless forced.
 */
export class LogCheckpoint<Type extends string> {
  private readonly executor: CommandExecutor<SaveCheckpoint, Checkpointed<Type>, CheckpointState>;
  private position: number | undefined;
  private handledSinceSave = false;
  private savedAt = 0;

  constructor(
    private readonly store: EventStore,
    clock: Clock,
    private readonly streamId: string,
    decider: Decider<SaveCheckpoint, Checkpointed<Type>, CheckpointState>,
    codec: EventCodec<Checkpointed<Type>>,
    private readonly actor: string,
  ) {
    this.executor = new CommandExecutor(store, clock, decider, codec, () => streamId);
  }

  /** Where to read on from: the stored checkpoint the first time (0, the log's start, when there is none), then where this process got to. */
  async readFrom(): Promise<number> {
    this.position ??= (await this.executor.stateOf(this.streamId)).position;
    return this.position;
  }

  /**
   * For a process that must not act on what happened before it first ran
   * (an escalation policy made today must not page for last year's
   * incidents): with no stored checkpoint, stores the log's head. Called as
   * the server starts, before it takes commands.
   */
  async startAtHeadIfNew(): Promise<void> {
    if ((await this.executor.stateOf(this.streamId)).position > 0) return;
    await this.executor.execute({ type: 'SaveCheckpoint', position: await this.store.headPosition() }, { actor: this.actor, correlationId: `${this.streamId}-start` });
  }

  /**
   * Reads the log from where the process got to (up to `until`, when given),
   * handing each event to `handle`, which answers whether it acted on it;
   * then saves where it got to. Answers how many events it acted on.
   */
  async follow(handle: (event: RecordedEvent) => Promise<boolean>, until = Number.POSITIVE_INFINITY): Promise<number> {
    let acted = 0;
    for await (const event of this.store.readAll({ after: await this.readFrom() })) {
      if (event.position > until) break;
      const handled = await handle(event);
      if (handled) acted += 1;
      this.advance(event.position, handled);
    }
    await this.save();
    return acted;
  }

  /** The process read up to this event; `handled` when it acted on it (only then is a save worth a write). */
  advance(position: number, handled: boolean): void {
    this.position = position;
    if (handled) this.handledSinceSave = true;
  }

  async save(force = false): Promise<void> {
    if (!this.handledSinceSave || this.position === undefined) return;
    if (!force && Date.now() - this.savedAt < SAVE_EVERY_MS) return;
    await this.executor.execute({ type: 'SaveCheckpoint', position: this.position }, { actor: this.actor, correlationId: `${this.streamId}-checkpoint` });
    this.handledSinceSave = false;
    this.savedAt = Date.now();
  }

  /** This process lost the once-only lease: the next holder reads on from the stored checkpoint, and so will this one. */
  forget(): void {
    this.position = undefined;
    this.handledSinceSave = false;
  }
}
