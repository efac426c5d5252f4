import { OncallService } from '@incident-ledger/application';
import { Clock, ONCALL_LIMITS, onCallAt, onCallLoad, PersonRecord, renderSchedule, ScheduleState, ServiceRecord, TeamRecord } from '@incident-ledger/domain';
import { CatalogueReadModel } from '@incident-ledger/read-models';
import { Inject, Injectable } from '@nestjs/common';
import { Args, Context, Extensions, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Requires } from '../../platform/auth/requires.decorator';
import { CLOCK } from '../../platform/core/ledger-core.module';
import { DateTimeScalar } from '../../platform/graphql/date-time.scalar';
import { MaxLengthPipe } from '../../platform/graphql/max-length.pipe';
import { RequestContext } from '../../platform/graphql/request-context';
import { PersonObject, ServiceObject, TeamObject } from '../../catalogue/graphql/catalogue.objects';
import { OnCallLoadObject, OnCallObject, ScheduleObject, ShiftObject } from './oncall.objects';
import { atMostMaxShifts, checkedRange, MAX_SHIFTS, scheduleView, ScheduleView, shiftObject } from './oncall-views';
import { MAX_LIST_SIZE_EXTENSION } from '../../platform/graphql/query-cost';

const ID_LENGTH = ONCALL_LIMITS.idMaxLength;

/** Who is on call now, for a person, a team or a service: what the queries and the catalogue's fields share. */
@Injectable()
export class OnCallNow {
  constructor(
    private readonly oncall: OncallService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** The schedules on which the person is on call now. */
  ofPerson(person: string): OnCallObject[] {
    return this.oncall.oncall.onCallNow(person, this.now()).map((onCall) => shiftObject(onCall.scheduleId, onCall));
  }

  /** Who is on call now on each of a team's schedules. */
  ofTeam(team: string): OnCallObject[] {
    const now = this.now();
    return this.oncall.oncall.schedules({ team }).flatMap((schedule) => {
      const onCall = onCallAt(schedule.timeline, now);
      return onCall ? [shiftObject(schedule.scheduleId, onCall)] : [];
    });
  }

  schedulesOf(team: string): ScheduleView[] {
    const now = this.now();
    return this.oncall.oncall.schedules({ team }).map((schedule: ScheduleState) => scheduleView(schedule, now, null));
  }

  private now(): string {
    return this.clock.now().toISOString();
  }
}

/** Who is on call, seen from people: "am I on call", "what are my shifts", "is the rota fair". */
@Resolver()
export class OnCallPeopleResolver {
  constructor(
    private readonly oncall: OncallService,
    private readonly catalogue: CatalogueReadModel,
    private readonly onCallNowOf: OnCallNow,
  ) {}

  @Query(() => [ShiftObject], { description: 'Your shifts over [from, to) (a year at most) across every schedule, by start.' })
  @Requires('read')
  @Extensions({ [MAX_LIST_SIZE_EXTENSION]: MAX_SHIFTS })
  myShifts(@Args('from', { type: () => DateTimeScalar }) from: Date, @Args('to', { type: () => DateTimeScalar }) to: Date, @Context() context: RequestContext): ShiftObject[] {
    const range = checkedRange(from, to);
    return atMostMaxShifts(this.oncall.oncall.shiftsOf(context.principal.name, range.from, range.to)).map((shift) => shiftObject(shift.scheduleId, shift));
  }

  @Query(() => [OnCallObject], { description: 'The schedules on which a person (you when not given) is on call now.' })
  @Requires('read')
  onCallNow(@Context() context: RequestContext, @Args('person', { nullable: true, type: () => String }, new MaxLengthPipe('person', ID_LENGTH)) person?: string | null): OnCallObject[] {
    return this.onCallNowOf.ofPerson(person?.trim() || context.principal.name);
  }

  @Query(() => [OnCallLoadObject], {
    description: 'Hours on call per person over [from, to) (a year at most), on every schedule or a team’s or one, most first: with the share outside Monday–Friday 09:00–17:00 in each person’s own time zone.',
  })
  @Requires('read')
  onCallLoad(
    @Args('from', { type: () => DateTimeScalar }) from: Date,
    @Args('to', { type: () => DateTimeScalar }) to: Date,
    @Args('team', { nullable: true, type: () => String }, new MaxLengthPipe('team', ID_LENGTH)) team?: string | null,
    @Args('scheduleId', { nullable: true, type: () => String }, new MaxLengthPipe('scheduleId', ID_LENGTH)) scheduleId?: string | null,
  ): OnCallLoadObject[] {
    const range = checkedRange(from, to);
    const schedules = this.oncall.oncall.schedules(team ? { team } : {}).filter((schedule) => !scheduleId || schedule.scheduleId === scheduleId);
    const shifts = schedules.flatMap((schedule) => renderSchedule(schedule.timeline, range.from, range.to).final);
    const timeZoneOf = (person: string) => this.catalogue.person(person)?.timeZone ?? 'UTC';
    return onCallLoad(shifts, timeZoneOf).map((load) => ({ ...load, timeZone: timeZoneOf(load.person), shareOutsideWorkingHours: load.hours === 0 ? 0 : Math.round((load.hoursOutsideWorkingHours / load.hours) * 1000) / 1000 }));
  }

}

@Resolver(() => PersonObject)
export class PersonOnCallResolver {
  constructor(private readonly onCallNowOf: OnCallNow) {}

  @ResolveField(() => [OnCallObject], { description: 'The schedules on which this person is on call now.' })
  onCallNow(@Parent() person: PersonRecord): OnCallObject[] {
    return this.onCallNowOf.ofPerson(person.name);
  }
}

@Resolver(() => TeamObject)
export class TeamOnCallResolver {
  constructor(private readonly onCallNowOf: OnCallNow) {}

  @ResolveField(() => [ScheduleObject], { description: 'The team’s on-call schedules, by id.' })
  schedules(@Parent() team: TeamRecord): ScheduleView[] {
    return this.onCallNowOf.schedulesOf(team.slug);
  }

  @ResolveField(() => [OnCallObject], { description: 'Who is on call now on each of the team’s schedules (a schedule with nobody now is left out).' })
  onCallNow(@Parent() team: TeamRecord): OnCallObject[] {
    return this.onCallNowOf.ofTeam(team.slug);
  }
}

@Resolver(() => ServiceObject)
export class ServiceOnCallResolver {
  constructor(private readonly onCallNowOf: OnCallNow) {}

  @ResolveField(() => [OnCallObject], { description: 'Who to call for this service now: who is on call on each schedule of its owner team.' })
  onCall(@Parent() service: ServiceRecord): OnCallObject[] {
    return this.onCallNowOf.ofTeam(service.ownerTeam);
  }
}
