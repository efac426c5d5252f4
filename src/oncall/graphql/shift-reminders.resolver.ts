import { AppConfig, OncallService } from '@incident-ledger/application';
import { SHIFT_REMINDER_LIMITS } from '@incident-ledger/domain';
import { Inject } from '@nestjs/common';
import { Args, Context, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Requires } from '../../platform/auth/requires.decorator';
import { RequestContext } from '../../platform/graphql/request-context';
import { ShiftReminderSettingsObject } from './oncall.objects';

/** Each person chooses when they are reminded of their shifts; the server's SHIFT_REMINDERS is the default. */
@Resolver()
export class ShiftRemindersResolver {
  constructor(
    private readonly oncall: OncallService,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  @Query(() => ShiftReminderSettingsObject, { description: 'When you are reminded of your on-call shifts.' })
  @Requires('read')
  myShiftReminders(@Context() context: RequestContext): ShiftReminderSettingsObject {
    return this.settingsOf(context.principal.name);
  }

  @Mutation(() => ShiftReminderSettingsObject, { description: 'Choose how many hours before each of your shifts you are reminded (by email, and on channels subscribed to SHIFT_REMINDER): `[]` for none, `null` for the server’s default.' })
  @Requires('read')
  async setMyShiftReminders(
    @Args('hoursBefore', { type: () => [Int], nullable: true, description: `1 to ${SHIFT_REMINDER_LIMITS.maxHours}, at most ${SHIFT_REMINDER_LIMITS.maxCount}.` }) hoursBefore: number[] | null,
    @Context() context: RequestContext,
  ): Promise<ShiftReminderSettingsObject> {
    const person = context.principal.name;
    await this.oncall.setShiftReminders(person, hoursBefore, { actor: person, correlationId: context.correlationId, principal: context.principal });
    return this.settingsOf(person);
  }

  private settingsOf(person: string): ShiftReminderSettingsObject {
    const byDefault = this.config.oncallNoticePolicy.shiftReminderHours;
    const chosen = this.oncall.oncall.shiftReminderHoursOf(person);
    return { hoursBefore: [...(chosen ?? byDefault)], chosen: chosen !== undefined, sentByThisServer: byDefault.length > 0 };
  }
}
