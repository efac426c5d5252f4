import {
  CALENDAR_FEED_STREAM_PREFIX,
  CalendarFeed,
  calendarFeedEventCodec,
  calendarFeedOfKey,
  evolveSchedule,
  ONCALL_PERSON_STREAM_PREFIX,
  shiftReminderPreferencesCodec,
  foldEvents,
  initialScheduleState,
  IsoInstant,
  OnCall,
  onCallAt,
  renderSchedule,
  SCHEDULE_STREAM_PREFIX,
  ScheduleEvent,
  scheduleEventCodec,
  ScheduleState,
  Shift,
} from '@incident-ledger/domain';
import { RecordedEvent } from '@incident-ledger/event-store';
import { CheckpointedReadModel } from '../checkpointed-read-model';

/** A schedule's shift, with the schedule it is on. */
export interface ScheduledShift extends Shift {
  readonly scheduleId: string;
}

/** Who is on call on one schedule now. */
export interface ScheduleOnCall extends OnCall {
  readonly scheduleId: string;
}

interface KnownSchedule {
  state: ScheduleState;
  /** Every event of the schedule, in order: a past state is these folded up to an instant. */
  events: ScheduleEvent[];
  /** Everyone the schedule ever named (members, overrides, swaps): whose shifts it may hold. */
  people: Set<string>;
}

const decider = { evolve: evolveSchedule, initialState: initialScheduleState };

interface OncallSnapshot {
  schedules: Record<string, ScheduleEvent[]>;
  /** Each feed's key with the hash of its current token. */
  feeds: [string, string][];
  /** People's own shift-reminder hours. */
  reminderHours: [string, number[]][];
}

/**
 * Every on-call schedule as its decider folds it (one `evolve` for both, so
 * reads answer what commands are judged on), with its events kept so that a
 * schedule can be shown as it stood at any past instant (`asOf`), and the
 * people each one names, so "my shifts" renders only the schedules that can
 * hold them. Rendering is on demand: a schedule is a rule, not a list.
 */
export class OncallReadModel extends CheckpointedReadModel<void, OncallSnapshot> {
  private known = new Map<string, KnownSchedule>();
  /** The current token hash of each calendar feed, and the feed of each current hash. */
  private feedTokens = new Map<string, string>();
  private feedsByToken = new Map<string, string>();
  /** The shift-reminder hours of people who chose theirs (none: the server's default). */
  private reminderHours = new Map<string, number[]>();

  get size(): number {
    return this.known.size;
  }

  protected applyNew(event: RecordedEvent): void {
    if (event.streamId.startsWith(SCHEDULE_STREAM_PREFIX) && scheduleEventCodec.knows(event.type)) this.applySchedule(scheduleEventCodec.decodeRecorded(event));
    if (event.streamId.startsWith(CALENDAR_FEED_STREAM_PREFIX) && calendarFeedEventCodec.knows(event.type)) {
      const { feed, tokenHash } = calendarFeedEventCodec.decodeRecorded(event).data;
      this.setFeedToken(feed, tokenHash);
    }
    if (event.streamId.startsWith(ONCALL_PERSON_STREAM_PREFIX) && shiftReminderPreferencesCodec.knows(event.type)) {
      const { person, hoursBefore } = shiftReminderPreferencesCodec.decodeRecorded(event).data;
      this.setReminderHours(person, hoursBefore);
    }
  }

  private setReminderHours(person: string, hoursBefore: number[] | null): void {
    if (hoursBefore === null) this.reminderHours.delete(person);
    else this.reminderHours.set(person, hoursBefore);
  }

  /** The hours before each shift a person chose to be reminded (longest first; empty: none), or undefined for the server's default. */
  shiftReminderHoursOf(person: string): readonly number[] | undefined {
    return this.reminderHours.get(person);
  }

  /** The longest lead anyone chose: how far ahead the notices must look. */
  get longestChosenReminderHours(): number {
    let longest = 0;
    for (const hours of this.reminderHours.values()) longest = Math.max(longest, hours[0] ?? 0);
    return longest;
  }

  private setFeedToken(feed: string, tokenHash: string): void {
    const previous = this.feedTokens.get(feed);
    if (previous !== undefined) this.feedsByToken.delete(previous);
    this.feedTokens.set(feed, tokenHash);
    this.feedsByToken.set(tokenHash, feed);
  }

  /** The feed a token's hash opens, while it is the feed's current one. */
  calendarFeed(tokenHash: string): CalendarFeed | undefined {
    const key = this.feedsByToken.get(tokenHash);
    return key === undefined ? undefined : calendarFeedOfKey(key);
  }

  private applySchedule(event: ScheduleEvent): void {
    const id = event.data.scheduleId;
    const known = this.known.get(id) ?? { state: initialScheduleState, events: [], people: new Set<string>() };
    known.state = evolveSchedule(known.state, event);
    known.events.push(event);
    for (const person of peopleNamedBy(event)) known.people.add(person);
    this.known.set(id, known);
  }

  protected snapshotState(): OncallSnapshot {
    return { schedules: Object.fromEntries([...this.known].map(([id, known]) => [id, known.events])), feeds: [...this.feedTokens], reminderHours: [...this.reminderHours] };
  }

  protected restoreState(state: OncallSnapshot): void {
    this.known = new Map();
    this.feedTokens = new Map();
    this.feedsByToken = new Map();
    this.reminderHours = new Map(state.reminderHours);
    for (const events of Object.values(state.schedules)) for (const event of events) this.applySchedule(event);
    for (const [feed, tokenHash] of state.feeds) this.setFeedToken(feed, tokenHash);
  }

  /** The schedule now, or as it stood at `asOf` (null before it existed). */
  schedule(scheduleId: string, asOf?: IsoInstant | null): ScheduleState | undefined {
    const known = this.known.get(scheduleId);
    if (!known) return undefined;
    if (asOf === undefined || asOf === null) return known.state;
    const state = foldEvents(decider, known.events.filter((event) => event.data.at <= asOf));
    return state.exists ? state : undefined;
  }

  /** Every schedule, or a team's, by id. */
  schedules(filter: { team?: string } = {}): ScheduleState[] {
    return [...this.known.values()]
      .map((known) => known.state)
      .filter((state) => filter.team === undefined || state.ownerTeam === filter.team)
      .sort((a, b) => a.scheduleId.localeCompare(b.scheduleId));
  }

  /** A person's shifts in the final schedules, across every schedule that names them, by start. */
  shiftsOf(person: string, from: IsoInstant, to: IsoInstant): ScheduledShift[] {
    return [...this.known.values()]
      .filter((known) => known.people.has(person))
      .flatMap((known) => renderSchedule(known.state.timeline, from, to).final.filter((shift) => shift.person === person).map((shift) => ({ ...shift, scheduleId: known.state.scheduleId })))
      .sort((a, b) => a.from.localeCompare(b.from) || a.scheduleId.localeCompare(b.scheduleId));
  }

  /** The schedules on which `person` is on call at `at`. */
  onCallNow(person: string, at: IsoInstant): ScheduleOnCall[] {
    return [...this.known.values()]
      .filter((known) => known.people.has(person))
      .flatMap((known) => {
        const onCall = onCallAt(known.state.timeline, at);
        return onCall?.person === person ? [{ ...onCall, scheduleId: known.state.scheduleId }] : [];
      })
      .sort((a, b) => a.scheduleId.localeCompare(b.scheduleId));
  }
}

function peopleNamedBy(event: ScheduleEvent): readonly string[] {
  switch (event.type) {
    case 'ScheduleLayerAdded':
    case 'ScheduleLayerChanged':
      return event.data.layer.members;
    case 'ScheduleOverrideAdded':
      return [event.data.override.person];
    case 'ShiftSwapTaken':
      return [event.data.takenBy];
    default:
      return [];
  }
}
