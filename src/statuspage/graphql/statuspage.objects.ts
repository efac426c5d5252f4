import { COMPONENT_STATUSES, ComponentStatus, MAINTENANCE_STATUSES, MaintenanceStatus, PUBLIC_IMPACTS, PublicImpact, STATUS_PAGE_HISTORY_DAYS } from '@incident-ledger/read-models';
import { STATUSPAGE_LIMITS } from '@incident-ledger/domain';
import { Extensions, Field, Float, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { DateTimeScalar } from '../../platform/graphql/date-time.scalar';
import { MAX_LIST_SIZE_EXTENSION } from '../../platform/graphql/query-cost';

/** GraphQL names for Statuspage's lower-case values: `partial_outage` is PARTIAL_OUTAGE. */
function upperCased<Value extends string>(values: readonly Value[]): Record<Uppercase<Value>, Value> {
  return Object.fromEntries(values.map((value) => [value.toUpperCase(), value])) as Record<Uppercase<Value>, Value>;
}

export const ComponentStatusEnum = upperCased(COMPONENT_STATUSES);
registerEnumType(ComponentStatusEnum, { name: 'ComponentStatus', description: 'A status page component’s state (Statuspage’s values in the public API: operational, under_maintenance…).' });

export const PublicImpactEnum = upperCased(PUBLIC_IMPACTS);
registerEnumType(PublicImpactEnum, { name: 'PublicImpact', description: 'How bad an incident is for customers; also the page’s overall indicator.' });

export const MaintenanceStatusEnum = upperCased(MAINTENANCE_STATUSES);
registerEnumType(MaintenanceStatusEnum, { name: 'MaintenanceStatus', description: 'SCHEDULED → IN_PROGRESS → VERIFYING → COMPLETED.' });

/** Components and groups one page holds. */
export const STATUS_PAGE_MAX_COMPONENTS = STATUSPAGE_LIMITS.pageComponents;

@ObjectType('ComponentDay', { description: 'One day of a component’s uptime bar (a UTC day).' })
export class ComponentDayObject {
  @Field({ description: 'YYYY-MM-DD.' })
  date!: string;

  @Field(() => Float, { nullable: true, description: 'The share of the day (0–1) it was operational or in planned maintenance; null before it existed.' })
  uptime!: number | null;

  @Field(() => ComponentStatusEnum, { nullable: true })
  worstStatus!: ComponentStatus | null;
}

@ObjectType('StatusComponent', { description: 'A component of the public status page, or a group of components.' })
export class StatusComponentObject {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field(() => String, { nullable: true })
  description!: string | null;

  @Field(() => ComponentStatusEnum, { description: 'For a group, its components’ worst.' })
  status!: ComponentStatus;

  @Field(() => Int)
  position!: number;

  @Field(() => ID, { nullable: true, description: 'The group it is shown in.' })
  groupId!: string | null;

  @Field()
  isGroup!: boolean;

  @Field(() => [ID], { description: 'A group’s components, in page order.' })
  @Extensions({ [MAX_LIST_SIZE_EXTENSION]: STATUS_PAGE_MAX_COMPONENTS })
  componentIds!: string[];

  @Field({ description: 'Shown on the page only while not operational.' })
  onlyShowIfDegraded!: boolean;

  @Field(() => DateTimeScalar)
  createdAt!: string;

  @Field(() => DateTimeScalar)
  updatedAt!: string;

  @Field(() => [ComponentDayObject], { description: `The last ${STATUS_PAGE_HISTORY_DAYS} days, oldest first; empty for a group.` })
  @Extensions({ [MAX_LIST_SIZE_EXTENSION]: STATUS_PAGE_HISTORY_DAYS })
  uptimeDays!: ComponentDayObject[];
}

@ObjectType('PublicUpdate', { description: 'An update the public reads: a published incident’s first message and its EXTERNAL status updates, or a maintenance’s.' })
export class PublicUpdateObject {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'The incident’s public status (investigating, identified, monitoring, resolved, postmortem) or the maintenance’s (scheduled, in_progress, verifying, completed), as of this update.' })
  status!: string;

  @Field()
  body!: string;

  @Field(() => DateTimeScalar)
  at!: string;
}

@ObjectType('PublicIncident', { description: 'An incident as the status page shows it: its public title and updates only.' })
export class PublicIncidentObject {
  @Field(() => ID, { description: 'Its id on the page (not the incident’s).' })
  id!: string;

  @Field({ description: 'The public title.' })
  name!: string;

  @Field({ description: 'investigating, identified, monitoring, resolved or postmortem.' })
  status!: string;

  @Field(() => PublicImpactEnum)
  impact!: PublicImpact;

  @Field(() => DateTimeScalar, { description: 'When it was published.' })
  createdAt!: string;

  @Field(() => DateTimeScalar)
  updatedAt!: string;

  @Field(() => DateTimeScalar, { nullable: true })
  monitoringAt!: string | null;

  @Field(() => DateTimeScalar, { nullable: true })
  resolvedAt!: string | null;

  @Field(() => [ID], { description: 'The components it affects, in page order.' })
  @Extensions({ [MAX_LIST_SIZE_EXTENSION]: STATUS_PAGE_MAX_COMPONENTS })
  componentIds!: string[];
}

@ObjectType('Maintenance', { description: 'Scheduled maintenance on the status page.' })
export class MaintenanceObject {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field(() => MaintenanceStatusEnum)
  status!: MaintenanceStatus;

  @Field(() => PublicImpactEnum)
  impact!: PublicImpact;

  @Field(() => DateTimeScalar)
  scheduledFor!: string;

  @Field(() => DateTimeScalar)
  scheduledUntil!: string;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When it actually started.' })
  startedAt!: string | null;

  @Field(() => DateTimeScalar, { nullable: true })
  completedAt!: string | null;

  @Field(() => DateTimeScalar)
  createdAt!: string;

  @Field(() => DateTimeScalar)
  updatedAt!: string;

  @Field(() => [ID])
  @Extensions({ [MAX_LIST_SIZE_EXTENSION]: STATUS_PAGE_MAX_COMPONENTS })
  componentIds!: string[];
}

@ObjectType('StatusPage', { description: 'The public status page as customers saw it at one instant.' })
export class StatusPageObject {
  @Field(() => DateTimeScalar, { description: 'The instant shown.' })
  asOf!: string;

  @Field(() => DateTimeScalar, { description: 'When anything on it last changed.' })
  updatedAt!: string;

  @Field(() => PublicImpactEnum, { description: 'The overall indicator.' })
  indicator!: PublicImpact;

  @Field({ description: '“All Systems Operational”, “Partial System Outage”…' })
  description!: string;

  @Field(() => [StatusComponentObject], { description: 'Components and groups in page order, each group followed by its components.' })
  @Extensions({ [MAX_LIST_SIZE_EXTENSION]: STATUS_PAGE_MAX_COMPONENTS })
  components!: StatusComponentObject[];
}
