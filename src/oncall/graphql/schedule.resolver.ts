import { OncallService } from '@incident-ledger/application';
import { AccessRole, Clock, DomainError, gaps, IsoInstant, IsoWeekday, NewLayer, ONCALL_LIMITS, onCallAt, renderSchedule, ScheduleCommand, ScheduleState, ShiftSwap } from '@incident-ledger/domain';
import { Inject } from '@nestjs/common';
import { Args, Context, Extensions, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { ForbiddenError } from '../../platform/auth/auth.errors';
import { Requires } from '../../platform/auth/requires.decorator';
import { CLOCK } from '../../platform/core/ledger-core.module';
import { DateTimeScalar } from '../../platform/graphql/date-time.scalar';
import { MaxLengthPipe } from '../../platform/graphql/max-length.pipe';
import { PageSizeArg } from '../../platform/graphql/page-size-arg.decorator';
import { MAX_LIST_SIZE_EXTENSION } from '../../platform/graphql/query-cost';
import { RequestContext } from '../../platform/graphql/request-context';
import {
  AddScheduleLayerInput,
  AddScheduleOverrideInput,
  ChangeScheduleLayerInput,
  CreateScheduleInput,
  EndScheduleLayerInput,
  LayerInput,
  OfferShiftSwapInput,
  RemoveScheduleOverrideInput,
  RenameScheduleInput,
  ReorderScheduleLayersInput,
  TakeShiftSwapInput,
  WithdrawShiftSwapInput,
} from './oncall.inputs';
import { GapObject, OnCallObject, ScheduleLayerObject, ScheduleObject, ScheduleOverrideObject, ShiftObject, ShiftSwapObject, ShiftSwapStatusEnum } from './oncall.objects';
import { atMostMaxShifts, checkedRange, definitionShown, MAX_SHIFTS, scheduleView, ScheduleView, shiftObject } from './oncall-views';

const ID_LENGTH = ONCALL_LIMITS.idMaxLength;
/** Overrides and swaps shown with a schedule. */
const SCHEDULE_LIST = { default: 100, max: 500 };

@Resolver(() => ScheduleObject)
export class ScheduleResolver {
  constructor(
    private readonly oncall: OncallService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Query(() => [ScheduleObject], { description: 'Every on-call schedule, or a team’s, by id.' })
  @Requires('read')
  schedules(@Args('team', { nullable: true, type: () => String }, new MaxLengthPipe('team', ID_LENGTH)) team?: string | null): ScheduleView[] {
    return this.oncall.oncall.schedules(team ? { team } : {}).map((state) => this.live(state));
  }

  @Query(() => ScheduleObject, { nullable: true, description: 'A schedule as it stands, or as it stood at `asOf` (what was recorded by then: time travel).' })
  @Requires('read')
  schedule(
    @Args('id', new MaxLengthPipe('id', ID_LENGTH)) id: string,
    @Args('asOf', { nullable: true, type: () => DateTimeScalar }) asOf?: Date | null,
  ): ScheduleView | null {
    return this.view(id, asOf);
  }

  @Query(() => OnCallObject, { nullable: true, description: 'Who is on call on a schedule at an instant (now when not given), by the schedule as it stands or as it stood at `asOf`; null when nobody is.' })
  @Requires('read')
  onCall(
    @Args('scheduleId', new MaxLengthPipe('scheduleId', ID_LENGTH)) scheduleId: string,
    @Args('at', { nullable: true, type: () => DateTimeScalar }) at?: Date | null,
    @Args('asOf', { nullable: true, type: () => DateTimeScalar }) asOf?: Date | null,
  ): OnCallObject | null {
    return this.onCallIn(this.found(scheduleId, asOf), at);
  }

  @Query(() => [ShiftObject], { description: 'A schedule’s shifts over [from, to) (a year at most): the final schedule (one person’s touching shifts from one source merged), or with `layerId` that layer’s own rendering.' })
  @Requires('read')
  @Extensions({ [MAX_LIST_SIZE_EXTENSION]: MAX_SHIFTS })
  shifts(
    @Args('scheduleId', new MaxLengthPipe('scheduleId', ID_LENGTH)) scheduleId: string,
    @Args('from', { type: () => DateTimeScalar }) from: Date,
    @Args('to', { type: () => DateTimeScalar }) to: Date,
    @Args('layerId', { nullable: true, type: () => String }, new MaxLengthPipe('layerId', ID_LENGTH)) layerId?: string | null,
    @Args('asOf', { nullable: true, type: () => DateTimeScalar }) asOf?: Date | null,
  ): ShiftObject[] {
    return this.shiftsIn(this.found(scheduleId, asOf), from, to, layerId);
  }

  @Query(() => [GapObject], { name: 'gaps', description: 'The stretches of [from, to) with nobody on call on a schedule.' })
  @Requires('read')
  scheduleGaps(
    @Args('scheduleId', new MaxLengthPipe('scheduleId', ID_LENGTH)) scheduleId: string,
    @Args('from', { type: () => DateTimeScalar }) from: Date,
    @Args('to', { type: () => DateTimeScalar }) to: Date,
  ): GapObject[] {
    const range = checkedRange(from, to);
    return gaps(this.found(scheduleId).state.timeline, range.from, range.to);
  }

  @ResolveField(() => [ScheduleLayerObject], { description: 'The layers in force at `asOf` (or now) that have not ended by then, lowest first: where layers overlap, the later one wins.' })
  @Extensions({ [MAX_LIST_SIZE_EXTENSION]: ONCALL_LIMITS.layersMaxCount })
  layers(@Parent() view: ScheduleView): ScheduleLayerObject[] {
    return definitionShown(view).layers.filter((layer) => layer.endsAt === null || layer.endsAt > view.at).map((layer) => ({ ...layer, members: [...layer.members], restrictions: layer.restrictions.map((restriction) => ({ ...restriction })) })) as ScheduleLayerObject[];
  }

  @ResolveField(() => [ScheduleOverrideObject], { description: 'The first overrides in force at `asOf` (or now) that have not ended by then, by start.' })
  overrides(@Parent() view: ScheduleView, @PageSizeArg(SCHEDULE_LIST) first: number): ScheduleOverrideObject[] {
    return definitionShown(view)
      .overrides.filter((override) => override.to > view.at)
      .sort((a, b) => a.from.localeCompare(b.from))
      .slice(0, first);
  }

  @ResolveField(() => [ShiftSwapObject], { description: 'The last swaps offered, the latest last.' })
  swaps(@Parent() view: ScheduleView, @PageSizeArg(SCHEDULE_LIST) first: number): ShiftSwapObject[] {
    return view.state.swaps.slice(-first).map((swap) => ({ ...swapFields(swap, view.at), id: swap.swapId }));
  }

  @ResolveField(() => OnCallObject, { name: 'onCall', nullable: true, description: 'Who is on call at `at` (now when not given).' })
  onCallField(@Parent() view: ScheduleView, @Args('at', { nullable: true, type: () => DateTimeScalar }) at?: Date | null): OnCallObject | null {
    return this.onCallIn(view, at);
  }

  @ResolveField(() => [ShiftObject], { name: 'shifts', description: 'The final schedule over [from, to), or with `layerId` that layer’s own rendering.' })
  @Extensions({ [MAX_LIST_SIZE_EXTENSION]: MAX_SHIFTS })
  shiftsField(
    @Parent() view: ScheduleView,
    @Args('from', { type: () => DateTimeScalar }) from: Date,
    @Args('to', { type: () => DateTimeScalar }) to: Date,
    @Args('layerId', { nullable: true, type: () => String }, new MaxLengthPipe('layerId', ID_LENGTH)) layerId?: string | null,
  ): ShiftObject[] {
    return this.shiftsIn(view, from, to, layerId);
  }

  @Mutation(() => ScheduleObject, { description: 'Create a schedule for a team. Admins and the team’s members.' })
  @Requires('respond')
  createSchedule(@Args('input') input: CreateScheduleInput, @Context() context: RequestContext): Promise<ScheduleView> {
    return this.run(context, input, {
      type: 'CreateSchedule',
      scheduleId: input.id,
      name: input.name,
      ownerTeam: input.ownerTeam,
      timeZone: input.timeZone,
      layers: (input.layers ?? []).map(newLayer),
      actor: context.principal.name,
    });
  }

  @Mutation(() => ScheduleObject, { description: 'Admins and the owning team’s members.' })
  @Requires('respond')
  renameSchedule(@Args('input') input: RenameScheduleInput, @Context() context: RequestContext): Promise<ScheduleView> {
    return this.run(context, input, { type: 'RenameSchedule', scheduleId: input.scheduleId, name: input.name, actor: context.principal.name });
  }

  @Mutation(() => ScheduleObject, { description: 'Add a layer above the others, from `effectiveFrom` (now) on.' })
  @Requires('respond')
  addScheduleLayer(@Args('input') input: AddScheduleLayerInput, @Context() context: RequestContext): Promise<ScheduleView> {
    return this.run(context, input, { type: 'AddScheduleLayer', scheduleId: input.scheduleId, layer: newLayer(input.layer), effectiveFrom: iso(input.effectiveFrom), actor: context.principal.name });
  }

  @Mutation(() => ScheduleObject, { description: 'Change a layer from `effectiveFrom` (now) on; before then it stays as it was.' })
  @Requires('respond')
  changeScheduleLayer(@Args('input') input: ChangeScheduleLayerInput, @Context() context: RequestContext): Promise<ScheduleView> {
    const { name, members, rotation, handOff, startDate, restrictions, timeZone } = input;
    const changes: Partial<NewLayer> = {
      name: name ?? undefined,
      members: members ?? undefined,
      rotation: rotation ? { unit: rotation.unit, length: rotation.length } : undefined,
      handOff: handOff ?? undefined,
      startDate: startDate ?? undefined,
      restrictions: restrictions ? restrictions.map(restrictionOf) : undefined,
      // An empty zone goes back to the schedule's.
      timeZone: timeZone === '' ? null : (timeZone ?? undefined),
    };
    return this.run(context, input, { type: 'ChangeScheduleLayer', scheduleId: input.scheduleId, layerId: input.layerId, changes, effectiveFrom: iso(input.effectiveFrom), actor: context.principal.name });
  }

  @Mutation(() => ScheduleObject, { description: 'End a layer at `endsAt` (now): nobody from it is on call after; it stays in the schedule’s history.' })
  @Requires('respond')
  endScheduleLayer(@Args('input') input: EndScheduleLayerInput, @Context() context: RequestContext): Promise<ScheduleView> {
    return this.run(context, input, { type: 'EndScheduleLayer', scheduleId: input.scheduleId, layerId: input.layerId, endsAt: iso(input.endsAt), actor: context.principal.name });
  }

  @Mutation(() => ScheduleObject, { description: 'Put the layers in a new order, the lowest first, from `effectiveFrom` (now) on.' })
  @Requires('respond')
  reorderScheduleLayers(@Args('input') input: ReorderScheduleLayersInput, @Context() context: RequestContext): Promise<ScheduleView> {
    return this.run(context, input, { type: 'ReorderScheduleLayers', scheduleId: input.scheduleId, order: input.order, effectiveFrom: iso(input.effectiveFrom), actor: context.principal.name });
  }

  @Mutation(() => ScheduleObject, { description: 'Put someone on call over [from, to), above every layer.' })
  @Requires('respond')
  addScheduleOverride(@Args('input') input: AddScheduleOverrideInput, @Context() context: RequestContext): Promise<ScheduleView> {
    return this.run(context, input, { type: 'AddScheduleOverride', scheduleId: input.scheduleId, person: input.person, from: input.from.toISOString(), to: input.to.toISOString(), actor: context.principal.name });
  }

  @Mutation(() => ScheduleObject, { description: 'Remove an override from now on (the part already past stays as it was).' })
  @Requires('respond')
  removeScheduleOverride(@Args('input') input: RemoveScheduleOverrideInput, @Context() context: RequestContext): Promise<ScheduleView> {
    return this.run(context, input, { type: 'RemoveScheduleOverride', scheduleId: input.scheduleId, overrideId: input.overrideId, actor: context.principal.name });
  }

  @Mutation(() => ScheduleObject, { description: 'Offer a stretch of your shifts; a teammate takes it with `takeShiftSwap`.' })
  @Requires('respond')
  offerShiftSwap(@Args('input') input: OfferShiftSwapInput, @Context() context: RequestContext): Promise<ScheduleView> {
    const person = actingFor(context, input.person);
    return this.run(context, input, { type: 'OfferShiftSwap', scheduleId: input.scheduleId, person, from: input.from.toISOString(), to: input.to.toISOString(), actor: context.principal.name });
  }

  @Mutation(() => ScheduleObject, { description: 'Take a swap offered: you are on call over its stretch.' })
  @Requires('respond')
  takeShiftSwap(@Args('input') input: TakeShiftSwapInput, @Context() context: RequestContext): Promise<ScheduleView> {
    const person = actingFor(context, input.person);
    return this.run(context, input, { type: 'TakeShiftSwap', scheduleId: input.scheduleId, swapId: input.swapId, person, actor: context.principal.name });
  }

  @Mutation(() => ScheduleObject, { description: 'Withdraw your offer before anyone takes it.' })
  @Requires('respond')
  withdrawShiftSwap(@Args('input') input: WithdrawShiftSwapInput, @Context() context: RequestContext): Promise<ScheduleView> {
    const swap = this.oncall.oncall.schedule(input.scheduleId)?.swaps.find((candidate) => candidate.swapId === input.swapId);
    if (swap) actingFor(context, swap.person);
    return this.run(context, input, { type: 'WithdrawShiftSwap', scheduleId: input.scheduleId, swapId: input.swapId, actor: context.principal.name });
  }

  private async run(context: RequestContext, { commandId }: { commandId?: string | null }, command: ScheduleCommand): Promise<ScheduleView> {
    const state = await this.oncall.execute(command, { actor: context.principal.name, correlationId: context.correlationId, principal: context.principal, commandId });
    return this.live(state);
  }

  private live(state: ScheduleState): ScheduleView {
    return scheduleView(state, this.clock.now().toISOString(), null);
  }

  private view(id: string, asOf?: Date | null): ScheduleView | null {
    const when = asOf ? asOf.toISOString() : null;
    const state = this.oncall.oncall.schedule(id.trim(), when);
    return state ? scheduleView(state, when ?? this.clock.now().toISOString(), when) : null;
  }

  private found(id: string, asOf?: Date | null): ScheduleView {
    const view = this.view(id, asOf);
    if (!view) throw new ScheduleNotFound(id, asOf);
    return view;
  }

  private onCallIn(view: ScheduleView, at?: Date | null): OnCallObject | null {
    const onCall = onCallAt(view.state.timeline, at ? at.toISOString() : this.clock.now().toISOString());
    return onCall && shiftObject(view.state.scheduleId, onCall);
  }

  private shiftsIn(view: ScheduleView, from: Date, to: Date, layerId?: string | null): ShiftObject[] {
    const range = checkedRange(from, to);
    const rendered = renderSchedule(view.state.timeline, range.from, range.to);
    const shifts = layerId ? rendered.layers[layerId.trim()] : rendered.final;
    if (!shifts) throw new DomainError('LAYER_NOT_FOUND', `Schedule ${view.state.scheduleId} has no layer ${layerId}`, { layerId: layerId ?? null });
    return atMostMaxShifts(shifts).map((shift) => shiftObject(view.state.scheduleId, shift));
  }
}

/** No schedule of that id, or none yet at `asOf`: the answer a command on it gets. */
class ScheduleNotFound extends DomainError {
  constructor(id: string, asOf?: Date | null) {
    super('SCHEDULE_NOT_FOUND', asOf ? `No schedule ${id} at ${asOf.toISOString()}` : `No schedule ${id}`, { scheduleId: id });
  }
}

/** Who a swap is for: the caller, unless an admin names someone else. */
function actingFor(context: RequestContext, person: string | null | undefined): string {
  const caller = context.principal.name;
  if (person && person.trim() !== caller && context.principal.role !== AccessRole.ADMIN) {
    throw new ForbiddenError(`Only admins act on swaps for someone else; you are ${caller}`);
  }
  return person?.trim() || caller;
}

function swapFields(swap: ShiftSwap, at: IsoInstant): Omit<ShiftSwapObject, 'id'> {
  const expired = swap.status === 'OFFERED' && swap.from <= at;
  return { person: swap.person, from: swap.from, to: swap.to, offeredAt: swap.offeredAt, status: expired ? ShiftSwapStatusEnum.EXPIRED : ShiftSwapStatusEnum[swap.status], takenBy: swap.takenBy, overrideId: swap.overrideId };
}

function newLayer(layer: LayerInput): NewLayer {
  return {
    name: layer.name,
    members: layer.members,
    rotation: { unit: layer.rotation.unit, length: layer.rotation.length },
    handOff: layer.handOff,
    startDate: layer.startDate,
    restrictions: (layer.restrictions ?? []).map(restrictionOf),
    endsAt: iso(layer.endsAt),
    timeZone: layer.timeZone,
  };
}

function restrictionOf(restriction: { kind: 'DAILY' | 'WEEKLY'; from: string; to: string; fromDay?: number | null; toDay?: number | null }) {
  return restriction.kind === 'DAILY'
    ? { kind: 'DAILY' as const, from: restriction.from, to: restriction.to }
    : { kind: 'WEEKLY' as const, from: restriction.from, to: restriction.to, fromDay: restriction.fromDay as IsoWeekday, toDay: restriction.toDay as IsoWeekday };
}

function iso(date: Date | null | undefined): IsoInstant | null {
  return date ? date.toISOString() : null;
}
