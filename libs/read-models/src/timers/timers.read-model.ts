import { TIMER_STREAM_PREFIX, TimerEvent, timerEventCodec, TimerFields, TimerStatus } from '@incident-ledger/domain';
import { RecordedEvent } from '@incident-ledger/event-store';
import { CheckpointedReadModel } from '../checkpointed-read-model';

export type PendingTimer = TimerFields & { scheduledAt: string };

export interface TimerView extends PendingTimer {
  status: TimerStatus;
  /** When it fired or was cancelled; null while pending. */
  endedAt: string | null;
  /** What its handler answered when it fired. */
  outcome: string | null;
  /** Why it was cancelled. */
  cancelReason: string | null;
}

interface TimersState {
  pending: PendingTimer[];
  ended: TimerView[];
}

/**
 * Timers that ended and are still known by `timer(id)`, most recent kept: a
 * timer is over once fired or cancelled, and keeping every one would grow
 * with the log for nothing (the stream keeps the whole story).
 */
const ENDED_KEPT = 1_000;

/**
 * The timers still waiting, in the order they fall due (what the runner
 * works through), by owner (what a process manager cancels), and the last
 * timers that ended.
 */
export class TimersReadModel extends CheckpointedReadModel<void, TimersState> {
  private pending = new Map<string, PendingTimer>();
  /** The pending timers sorted by due time, then id: the soonest is first. */
  private schedule: PendingTimer[] = [];
  private byOwner = new Map<string, Map<string, PendingTimer>>();
  /** Insertion order is the order they ended: the first is the oldest. */
  private ended = new Map<string, TimerView>();

  get size(): number {
    return this.pending.size;
  }

  protected applyNew(event: RecordedEvent): void {
    if (!event.streamId.startsWith(TIMER_STREAM_PREFIX) || !timerEventCodec.knows(event.type)) return;
    this.applyTimer(timerEventCodec.decodeRecorded(event));
  }

  private applyTimer(event: TimerEvent): void {
    if (event.type === 'TimerScheduled') {
      const { at, ...fields } = event.data;
      this.add({ ...fields, scheduledAt: at });
      return;
    }
    const timer = this.pending.get(event.data.timerId);
    if (!timer) return;
    this.remove(timer);
    const ending =
      event.type === 'TimerFired'
        ? { status: 'FIRED' as const, outcome: event.data.outcome, cancelReason: null }
        : { status: 'CANCELLED' as const, outcome: null, cancelReason: event.data.reason };
    this.remember({ ...timer, ...ending, endedAt: event.data.at });
  }

  private add(timer: PendingTimer): void {
    this.pending.set(timer.timerId, timer);
    this.schedule.splice(this.indexOf(timer), 0, timer);
    const owned = this.byOwner.get(timer.owner) ?? new Map<string, PendingTimer>();
    this.byOwner.set(timer.owner, owned.set(timer.timerId, timer));
  }

  private remove(timer: PendingTimer): void {
    this.pending.delete(timer.timerId);
    this.schedule.splice(this.indexOf(timer), 1);
    const owned = this.byOwner.get(timer.owner);
    owned?.delete(timer.timerId);
    if (owned?.size === 0) this.byOwner.delete(timer.owner);
  }

  private remember(view: TimerView): void {
    this.ended.set(view.timerId, view);
    if (this.ended.size > ENDED_KEPT) this.ended.delete(this.ended.keys().next().value as string);
  }

  /** Where `timer` is, or goes, in the schedule: a binary search on (due time, id). */
  private indexOf(timer: PendingTimer): number {
    let low = 0;
    let high = this.schedule.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (before(this.schedule[middle], timer)) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  protected snapshotState(): TimersState {
    return { pending: [...this.schedule], ended: [...this.ended.values()] };
  }

  protected restoreState(state: TimersState): void {
    this.pending = new Map();
    this.schedule = [];
    this.byOwner = new Map();
    this.ended = new Map();
    for (const timer of state.pending) this.add(timer);
    for (const view of state.ended) this.remember(view);
  }

  /** Pending timers due at `now` or before, soonest first, at most `limit`. */
  due(now: Date, limit: number): PendingTimer[] {
    const nowIso = now.toISOString();
    const due: PendingTimer[] = [];
    for (const timer of this.schedule) {
      if (due.length >= limit || timer.dueAt > nowIso) break;
      due.push(timer);
    }
    return due;
  }

  /** When the soonest pending timer falls due; null when none waits. */
  nextDueAt(): string | null {
    return this.schedule[0]?.dueAt ?? null;
  }

  /** The pending timers of one owner, soonest first. */
  pendingFor(owner: string): PendingTimer[] {
    return [...(this.byOwner.get(owner)?.values() ?? [])].sort((a, b) => (before(a, b) ? -1 : 1));
  }

  /** The owners that have a pending timer. */
  pendingOwners(): string[] {
    return [...this.byOwner.keys()];
  }

  /** A pending timer, or one of the last that ended; undefined for one never scheduled or ended long ago. */
  timer(timerId: string): TimerView | undefined {
    const pending = this.pending.get(timerId);
    return pending ? { ...pending, status: 'PENDING', endedAt: null, outcome: null, cancelReason: null } : this.ended.get(timerId);
  }
}

function before(one: PendingTimer, other: PendingTimer): boolean {
  return one.dueAt < other.dueAt || (one.dueAt === other.dueAt && one.timerId < other.timerId);
}
