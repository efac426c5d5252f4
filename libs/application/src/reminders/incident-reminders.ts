import {
  CheckpointState,
  Checkpointed,
  Clock,
  DomainError,
  INCIDENT_STREAM_PREFIX,
  incidentStreamId,
  isReminderKind,
  PlannedReminder,
  plannedReminders,
  REMINDER_PLANNER_STREAM,
  reminderPlannerDecider,
  reminderPlannerEventCodec,
  ReminderPolicy,
  SaveCheckpoint,
} from '@incident-ledger/domain';
import { EventStore } from '@incident-ledger/event-store';
import { CommandContext, CommandExecutor } from '../commands/command-executor';
import { uuidFromName } from '../commands/deterministic-id';
import { IncidentCommandExecutor } from '../incidents/incident-command.executor';
import { PendingTimer } from '@incident-ledger/read-models';
import { TimerHandler, Timers } from '../timers';

/** The timers' action for a process reminder. */
export const INCIDENT_REMINDER_ACTION = 'incident-reminder';
/** Who sends reminders: the `by` of every ReminderSent. */
export const REMINDERS_ACTOR = 'reminders';

/** How many incidents are planned between two checkpoints at most, and how long. */
const CHECKPOINT_EVERY_INCIDENTS = 500;
const CHECKPOINT_EVERY_MS = 5_000;

export interface IncidentRemindersOptions {
  store: EventStore;
  clock: Clock;
  incidents: IncidentCommandExecutor;
  timers: Timers;
  policy: ReminderPolicy;
}

/**
 * Process reminders, in two halves that both run under the once-only lease.
 *
 * The planner reads the log from its checkpoint; for every incident that
 * changed, it keeps one timer for each reminder the incident is due next
 * under the policy (plannedReminders), cancelling the timers of reminders no
 * longer planned. A timer's id derives from what it reminds of and when, so
 * planning twice schedules nothing twice, and a reminder moved (a status
 * update posted, a snooze) is a new timer.
 *
 * The handler fires those timers: it sends the reminder (ReminderSent on the
 * incident's timeline) if the incident still plans it, under a command id
 * derived from the timer, so a timer fired twice (a crash before its firing
 * was recorded, two processes) writes one reminder. The incident's decider
 * checks again that the reminder is due, in the same write.
 */
export class IncidentReminders implements TimerHandler {
  readonly action = INCIDENT_REMINDER_ACTION;
  private readonly checkpoints: CommandExecutor<SaveCheckpoint, Checkpointed<'ReminderPlannerCheckpointed'>, CheckpointState>;
  /** Where the log was read to. */
  private position: number | undefined;
  /** Whether an incident changed since the checkpoint was saved: other streams' events (its own checkpoint's too) are not worth a write. */
  private changedSinceSave = false;
  private savedAt = 0;

  constructor(private readonly options: IncidentRemindersOptions) {
    this.checkpoints = new CommandExecutor(options.store, options.clock, reminderPlannerDecider, reminderPlannerEventCodec, () => REMINDER_PLANNER_STREAM);
  }

  /**
   * Plans the incidents that changed since the checkpoint; answers how many.
   * At every start (taking over the lease included), it plans again every
   * incident that has a pending reminder, so a policy changed between two
   * starts applies to them.
   */
  async catchUp(): Promise<number> {
    const touched = new Set<string>();
    if (this.position === undefined) {
      this.position = await this.loadCheckpoint();
      for (const owner of this.options.timers.pendingOwners()) if (owner.startsWith(OWNER_PREFIX)) touched.add(owner.slice(OWNER_PREFIX.length));
    }
    let planned = 0;
    for await (const event of this.options.store.readAll({ after: this.position })) {
      if (event.streamId.startsWith(INCIDENT_STREAM_PREFIX)) {
        touched.add(event.streamId.slice(INCIDENT_STREAM_PREFIX.length));
        this.changedSinceSave = true;
      }
      this.position = event.position;
      if (touched.size >= CHECKPOINT_EVERY_INCIDENTS) {
        planned += await this.planAll(touched);
        await this.saveCheckpoint(true);
      }
    }
    planned += await this.planAll(touched);
    await this.saveCheckpoint(false);
    return planned;
  }

  /**
   * The first planner of a ledger starts at the log's head: incidents from
   * before reminders existed are planned when they next change, not all at
   * once. Called as the server starts, before it takes commands; a ledger
   * that has a checkpoint keeps it.
   */
  async startHere(): Promise<void> {
    if ((await this.storedCheckpoint()) !== undefined) return;
    await this.checkpoints.execute({ type: 'SaveCheckpoint', position: await this.options.store.headPosition() }, plannerContext('start'));
  }

  /** This process lost the lease: it reads on from the stored checkpoint when it holds it again. */
  forgetPosition(): void {
    this.position = undefined;
    this.changedSinceSave = false;
  }

  /** Fires a reminder's timer: answers what became of it, for the timer's record. */
  async fire(timer: PendingTimer): Promise<string> {
    const { incidentId, reminderKind, actionItemId, since, dueAt } = timer.action.data;
    if (typeof incidentId !== 'string' || !isReminderKind(reminderKind) || typeof since !== 'string' || typeof dueAt !== 'string') return 'not sent: not a reminder this server knows';
    const state = await this.options.incidents.stateOf(incidentStreamId(incidentId));
    if (!plannedReminders(state, this.options.policy).some((each) => timerIdOf(incidentId, each) === timer.timerId)) return 'not sent: no longer due';
    try {
      await this.options.incidents.execute(
        { type: 'SendReminder', incidentId, actor: REMINDERS_ACTOR, reminderKind, actionItemId: typeof actionItemId === 'string' ? actionItemId : null, since, dueAt },
        { actor: REMINDERS_ACTOR, correlationId: `reminder-${timer.timerId}`, commandId: `reminder-${timer.timerId}` },
      );
      return 'sent';
    } catch (error) {
      // The incident's decider judged it no longer due (answered meanwhile, merged…): nothing to send, nothing to retry.
      if (error instanceof DomainError) return `not sent: ${error.message}`;
      throw error;
    }
  }

  private async planAll(incidentIds: Set<string>): Promise<number> {
    const count = incidentIds.size;
    for (const incidentId of incidentIds) await this.plan(incidentId);
    incidentIds.clear();
    return count;
  }

  /** Keeps one timer per reminder the incident is due next, and none for the others. */
  private async plan(incidentId: string): Promise<void> {
    const state = await this.options.incidents.stateOf(incidentStreamId(incidentId));
    const owner = reminderTimerOwner(incidentId);
    const wanted = new Map(plannedReminders(state, this.options.policy).map((reminder) => [timerIdOf(incidentId, reminder), reminder]));
    const pending = this.options.timers.pendingFor(owner);
    const context = plannerContext(incidentId);
    for (const timer of pending) {
      if (!wanted.has(timer.timerId)) await this.options.timers.cancel(timer.timerId, 'no longer due', context);
    }
    for (const [timerId, reminder] of wanted) {
      if (pending.some((timer) => timer.timerId === timerId)) continue;
      const { kind, actionItemId, since, dueAt } = reminder;
      await this.options.timers.schedule({ timerId, dueAt, owner, action: { type: INCIDENT_REMINDER_ACTION, data: { incidentId, reminderKind: kind, actionItemId, since, dueAt } } }, context);
    }
  }

  private async loadCheckpoint(): Promise<number> {
    return (await this.storedCheckpoint()) ?? (await this.options.store.headPosition());
  }

  /** The stored checkpoint, if any (position 0 is none: nothing was read). */
  private async storedCheckpoint(): Promise<number | undefined> {
    const { position } = await this.checkpoints.stateOf(REMINDER_PLANNER_STREAM);
    return position > 0 ? position : undefined;
  }

  /**
   * Saves where the log was read to, once incidents were planned since the
   * last save: a process that saved after every event it read would read its
   * own checkpoint next, and save again, for ever. At most one save every
   * few seconds unless `force`d: planning again after a crash is harmless.
   */
  async saveCheckpoint(force: boolean): Promise<void> {
    if (!this.changedSinceSave || this.position === undefined) return;
    if (!force && Date.now() - this.savedAt < CHECKPOINT_EVERY_MS) return;
    await this.checkpoints.execute({ type: 'SaveCheckpoint', position: this.position }, plannerContext('checkpoint'));
    this.changedSinceSave = false;
    this.savedAt = Date.now();
  }
}

/** Reminder timers are grouped by incident. */
const OWNER_PREFIX = 'incident:';

export function reminderTimerOwner(incidentId: string): string {
  return `${OWNER_PREFIX}${incidentId}`;
}

/** A reminder's timer: one per incident, kind, subject, condition and due time. */
export function timerIdOf(incidentId: string, { kind, actionItemId, since, dueAt }: PlannedReminder): string {
  return uuidFromName(`reminder:${JSON.stringify([incidentId, kind, actionItemId, since, dueAt])}`);
}

function plannerContext(what: string): CommandContext {
  return { actor: REMINDERS_ACTOR, correlationId: `reminder-planner-${what}` };
}
