import { INCIDENT_REMINDER_ACTION, reminderTimerOwner } from '@incident-ledger/application';
import { isReminderKind, ReminderKind } from '@incident-ledger/domain';
import { IncidentView, TimersReadModel } from '@incident-ledger/read-models';
import { Field, ID, ObjectType, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { IncidentObject } from '../../incidents/graphql/incident.object';
import { DateTimeScalar } from '../../platform/graphql/date-time.scalar';

@ObjectType('UpcomingReminder', { description: 'A process reminder the incident is due next: sent at `dueAt` unless its condition is met first.' })
class UpcomingReminderObject {
  @Field(() => ReminderKind)
  kind!: ReminderKind;

  @Field(() => ID, { nullable: true, description: 'For an action item reminder: which item.' })
  actionItemId!: string | null;

  @Field(() => DateTimeScalar)
  dueAt!: string;
}

/** Reminders due at the same time are listed in the order the process asks for them. */
const KIND_ORDER = Object.values(ReminderKind);

/** The reminders planned for an incident, from their timers. */
@Resolver(() => IncidentObject)
export class UpcomingRemindersResolver {
  constructor(private readonly timers: TimersReadModel) {}

  @ResolveField(() => [UpcomingReminderObject], {
    description: 'The process reminders this incident is due next, soonest first (README, "Process reminders"); `snoozeReminder` postpones one.',
  })
  upcomingReminders(@Parent() incident: IncidentView): UpcomingReminderObject[] {
    return this.timers
      .pendingFor(reminderTimerOwner(incident.id))
      .filter((timer) => timer.action.type === INCIDENT_REMINDER_ACTION && isReminderKind(timer.action.data.reminderKind))
      .map((timer) => ({
        kind: timer.action.data.reminderKind as ReminderKind,
        actionItemId: typeof timer.action.data.actionItemId === 'string' ? timer.action.data.actionItemId : null,
        dueAt: timer.dueAt,
      }))
      .sort((a, b) => a.dueAt.localeCompare(b.dueAt) || KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind));
  }
}
