import { ESCALATION_LIMITS, EscalationTargetKind, TeamPageMode } from '@incident-ledger/domain';
import { Extensions, Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { DateTimeScalar } from '../../platform/graphql/date-time.scalar';
import { MAX_LIST_SIZE_EXTENSION } from '../../platform/graphql/query-cost';
import { enumOf } from '../../platform/graphql/enum-of';


export const EscalationTargetKindEnum = enumOf<EscalationTargetKind>(['SCHEDULE', 'PERSON', 'TEAM']);
registerEnumType(EscalationTargetKindEnum, { name: 'EscalationTargetKind', description: 'SCHEDULE: whoever is on call on it at that moment; PERSON; TEAM: its members.' });

export const TeamPageModeEnum = enumOf<TeamPageMode>(['ALL', 'ROUND_ROBIN']);
registerEnumType(TeamPageModeEnum, { name: 'TeamPageMode', description: 'ALL members at once, or one member in turn (the next one each time the policy starts an escalation).' });

@ObjectType('EscalationTarget')
export class EscalationTargetObject {
  @Field(() => EscalationTargetKindEnum)
  kind!: EscalationTargetKind;

  @Field({ description: 'A schedule id, a person’s name or a team’s slug.' })
  id!: string;

  @Field(() => TeamPageModeEnum, { nullable: true, description: 'TEAM targets only.' })
  mode!: TeamPageMode | null;
}

@ObjectType('EscalationLevel')
export class EscalationLevelObject {
  @Field(() => [EscalationTargetObject])
  @Extensions({ [MAX_LIST_SIZE_EXTENSION]: ESCALATION_LIMITS.targetsMaxCount })
  targets!: EscalationTargetObject[];

  @Field(() => Int, { description: 'Minutes this level has to acknowledge before the next level is paged.' })
  delayMinutes!: number;
}

@ObjectType('EscalationPolicy', { description: 'Who is paged for a service’s incidents, level after level, until someone acknowledges.' })
export class EscalationPolicyObject {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field({ description: 'The team (slug) whose members and admins change it, and whose channels hear when nobody acknowledged.' })
  ownerTeam!: string;

  @Field(() => [EscalationLevelObject])
  @Extensions({ [MAX_LIST_SIZE_EXTENSION]: ESCALATION_LIMITS.levelsMaxCount })
  levels!: EscalationLevelObject[];

  @Field(() => Int, { description: 'How many more times the whole policy is gone through after the first round.' })
  repeat!: number;

  @Field(() => [String], { description: 'The services (slugs) whose SEV1–SEV3 incidents it pages for.' })
  @Extensions({ [MAX_LIST_SIZE_EXTENSION]: ESCALATION_LIMITS.servicesMaxCount })
  services!: string[];

  @Field(() => DateTimeScalar)
  createdAt!: Date;

  @Field(() => DateTimeScalar)
  updatedAt!: Date;

  @Field()
  updatedBy!: string;
}
