import { Decider } from '../shared/decider';
import { DomainError, invalidInput } from '../shared/domain-error';
import { checkText } from '../shared/field-rules';
import { formatInstant, parseInstant } from './local-time';
import { ONCALL_LIMITS as LIMITS } from './oncall.limits';
import { checkInstant, checkLayer, checkOverride, checkTimeZone } from './oncall.rules';
import { IsoInstant, NamedScheduleDefinition, Override, ScheduleLayer } from './oncall.types';
import {
  AddScheduleLayer,
  AddScheduleOverride,
  ChangeScheduleLayer,
  CreateSchedule,
  EndScheduleLayer,
  NewLayer,
  OfferShiftSwap,
  RemoveScheduleOverride,
  ReorderScheduleLayers,
  ScheduleCommand,
  SendShiftReminder,
  TakeShiftSwap,
  WarnScheduleGap,
  WithdrawShiftSwap,
} from './schedule.commands';
import { ScheduleEvent } from './schedule.events';
import { onCallAt, renderSchedule } from './schedule.renderer';
import { changedFrom, ScheduleTimeline } from './schedule-timeline';

export type ShiftSwapStatus = 'OFFERED' | 'TAKEN' | 'WITHDRAWN';

export interface ShiftSwap {
  swapId: string;
  person: string;
  from: IsoInstant;
  to: IsoInstant;
  offeredAt: IsoInstant;
  /** OFFERED stays the status of an offer nobody took; it is open only until `from`. */
  status: ShiftSwapStatus;
  takenBy: string | null;
  /** The override the taken swap acts as. */
  overrideId: string | null;
}

export interface ScheduleState {
  exists: boolean;
  scheduleId: string;
  name: string;
  ownerTeam: string;
  timeZone: string;
  createdAt: IsoInstant;
  updatedAt: IsoInstant;
  /** Every definition the schedule had or will have, each from its instant on. */
  timeline: ScheduleTimeline<NamedScheduleDefinition>;
  /** Offered in order. */
  swaps: ShiftSwap[];
  /** Layers, overrides and swaps are numbered in the order they are added: `layer-1`, `override-1`, `swap-1`. */
  added: { layers: number; overrides: number; swaps: number };
  /** Notices sent for what is still to come (`shiftReminderKey`, or a gap's start): each is sent once. Those past are forgotten. */
  noticesSent: { key: string; until: IsoInstant }[];
}

/** What identifies a shift reminder: one per person, shift start and lead. */
export const shiftReminderKey = (person: string, shiftFrom: IsoInstant, hoursBefore: number) => `shift:${JSON.stringify([person, shiftFrom, hoursBefore])}`;
const gapKey = (gapFrom: IsoInstant) => `gap:${gapFrom}`;

export const initialScheduleState: ScheduleState = {
  exists: false,
  scheduleId: '',
  name: '',
  ownerTeam: '',
  timeZone: 'UTC',
  createdAt: '',
  updatedAt: '',
  timeline: [],
  swaps: [],
  added: { layers: 0, overrides: 0, swaps: 0 },
  noticesSent: [],
};

/** The definition from the last change on: what a new change is made to. */
export function latestDefinition(state: ScheduleState): NamedScheduleDefinition {
  return state.timeline[state.timeline.length - 1]?.definition ?? { timeZone: state.timeZone, layers: [], overrides: [] };
}

export function evolveSchedule(state: ScheduleState, event: ScheduleEvent): ScheduleState {
  const touched = { ...state, updatedAt: event.data.at };
  const from = (instant: IsoInstant, change: (definition: NamedScheduleDefinition) => NamedScheduleDefinition) => ({
    ...touched,
    timeline: changedFrom(state.timeline, parseInstant(instant), change, { timeZone: state.timeZone, layers: [], overrides: [] }),
  });
  switch (event.type) {
    case 'ScheduleCreated': {
      const { scheduleId, name, ownerTeam, timeZone, at } = event.data;
      const empty = { timeZone, layers: [], overrides: [] };
      return { ...initialScheduleState, exists: true, scheduleId, name, ownerTeam, timeZone, createdAt: at, updatedAt: at, timeline: [{ from: parseInstant(at), definition: empty }] };
    }
    case 'ScheduleRenamed':
      return { ...touched, name: event.data.name };
    case 'ScheduleLayerAdded': {
      const added = from(event.data.effectiveFrom, (definition) => ({ ...definition, layers: [...definition.layers, event.data.layer] }));
      return { ...added, added: { ...state.added, layers: state.added.layers + 1 } };
    }
    case 'ScheduleLayerChanged':
      return from(event.data.effectiveFrom, (definition) => withLayer(definition, event.data.layer.id, () => event.data.layer));
    case 'ScheduleLayerEnded':
      return from(event.data.at, (definition) => withLayer(definition, event.data.layerId, (layer) => ({ ...layer, endsAt: event.data.endsAt })));
    case 'ScheduleLayersReordered': {
      const rank = new Map(event.data.order.map((layerId, index) => [layerId, index]));
      const ranked = (layer: ScheduleLayer) => rank.get(layer.id) ?? -1;
      return from(event.data.effectiveFrom, (definition) => ({ ...definition, layers: [...definition.layers].sort((a, b) => ranked(a) - ranked(b)) }));
    }
    case 'ScheduleOverrideAdded': {
      const added = from(event.data.at, (definition) => ({ ...definition, overrides: [...definition.overrides, event.data.override] }));
      return { ...added, added: { ...state.added, overrides: state.added.overrides + 1 } };
    }
    case 'ScheduleOverrideRemoved':
      return from(event.data.at, (definition) => ({ ...definition, overrides: definition.overrides.filter((override) => override.id !== event.data.overrideId) }));
    case 'ShiftSwapOffered': {
      const { swapId, person, from: start, to, at } = event.data;
      const swap: ShiftSwap = { swapId, person, from: start, to, offeredAt: at, status: 'OFFERED', takenBy: null, overrideId: null };
      return { ...touched, swaps: [...state.swaps, swap], added: { ...state.added, swaps: state.added.swaps + 1 } };
    }
    case 'ShiftSwapTaken': {
      const { swapId, takenBy, overrideId, at } = event.data;
      const swap = state.swaps.find((candidate) => candidate.swapId === swapId);
      if (!swap) return touched;
      const override: Override = { id: overrideId, person: takenBy, from: swap.from, to: swap.to };
      return {
        ...from(at, (definition) => ({ ...definition, overrides: [...definition.overrides, override] })),
        swaps: withSwap(state.swaps, swapId, { status: 'TAKEN', takenBy, overrideId }),
        // The override it acts as is numbered with the others.
        added: { ...state.added, overrides: state.added.overrides + 1 },
      };
    }
    case 'ShiftSwapWithdrawn':
      return { ...touched, swaps: withSwap(state.swaps, event.data.swapId, { status: 'WITHDRAWN' }) };
    // Notices change nothing of the schedule (not even when it was last changed): they are remembered until what they announced has begun.
    case 'ShiftReminderSent': {
      const { person, shiftFrom, hoursBefore, at } = event.data;
      return { ...state, noticesSent: [...state.noticesSent.filter((notice) => notice.until > at), { key: shiftReminderKey(person, shiftFrom, hoursBefore), until: shiftFrom }] };
    }
    case 'ScheduleGapWarned': {
      const { gapFrom, at } = event.data;
      return { ...state, noticesSent: [...state.noticesSent.filter((notice) => notice.until > at), { key: gapKey(gapFrom), until: gapFrom }] };
    }
  }
}

function withLayer(definition: NamedScheduleDefinition, layerId: string, change: (layer: ScheduleLayer) => ScheduleLayer): NamedScheduleDefinition {
  return { ...definition, layers: definition.layers.map((layer) => (layer.id === layerId ? change(layer) : layer)) };
}

function withSwap(swaps: readonly ShiftSwap[], swapId: string, change: Partial<ShiftSwap>): ShiftSwap[] {
  return swaps.map((swap) => (swap.swapId === swapId ? { ...swap, ...change } : swap));
}

export function decideSchedule(command: ScheduleCommand, state: ScheduleState, now: Date): ScheduleEvent[] {
  const recorded = { scheduleId: command.scheduleId, at: now.toISOString(), by: command.actor };
  if (command.type === 'CreateSchedule') return createSchedule(command, state, recorded);
  if (!state.exists) throw new DomainError('SCHEDULE_NOT_FOUND', `No schedule ${command.scheduleId}`, { scheduleId: command.scheduleId });
  switch (command.type) {
    case 'RenameSchedule': {
      const name = checkText(command.name, 'name', LIMITS.idMaxLength);
      return name === state.name ? [] : [{ type: 'ScheduleRenamed', data: { ...recorded, name } }];
    }
    case 'AddScheduleLayer':
      return addLayer(command, state, recorded);
    case 'ChangeScheduleLayer':
      return changeLayer(command, state, recorded);
    case 'EndScheduleLayer':
      return endLayer(command, state, recorded);
    case 'ReorderScheduleLayers':
      return reorderLayers(command, state, recorded);
    case 'AddScheduleOverride':
      return addOverride(command, state, recorded);
    case 'RemoveScheduleOverride':
      return removeOverride(command, state, recorded);
    case 'OfferShiftSwap':
      return offerSwap(command, state, recorded);
    case 'TakeShiftSwap':
      return takeSwap(command, state, recorded);
    case 'WithdrawShiftSwap':
      return withdrawSwap(command, state, recorded);
    case 'SendShiftReminder':
      return sendShiftReminder(command, state, recorded);
    case 'WarnScheduleGap':
      return warnGap(command, state, recorded);
  }
}

function sendShiftReminder(command: SendShiftReminder, state: ScheduleState, recorded: Recorded): ScheduleEvent[] {
  const { person, shiftFrom, shiftTo, hoursBefore } = command;
  if (shiftFrom <= recorded.at || sent(state, shiftReminderKey(person, shiftFrom, hoursBefore))) return [];
  // Still so: the person's stretch on call starts then (an edit or a swap since may have changed it), and does not carry on one they are already in.
  const onCall = onCallAt(state.timeline, shiftFrom);
  if (onCall?.person !== person || onCall.from !== shiftFrom) return [];
  if (onCallAt(state.timeline, formatInstant(parseInstant(shiftFrom) - 1))?.person === person) return [];
  return [{ type: 'ShiftReminderSent', data: { ...recorded, person, shiftFrom, shiftTo, hoursBefore } }];
}

function warnGap(command: WarnScheduleGap, state: ScheduleState, recorded: Recorded): ScheduleEvent[] {
  const { gapFrom, gapTo } = command;
  if (gapFrom <= recorded.at || sent(state, gapKey(gapFrom))) return [];
  // Still a gap that opens then: nobody on call from that instant, somebody just before.
  const justBefore = formatInstant(parseInstant(gapFrom) - 1);
  if (onCallAt(state.timeline, gapFrom) !== null || onCallAt(state.timeline, justBefore) === null) return [];
  return [{ type: 'ScheduleGapWarned', data: { ...recorded, gapFrom, gapTo } }];
}

function sent(state: ScheduleState, key: string): boolean {
  return state.noticesSent.some((notice) => notice.key === key);
}

interface Recorded {
  scheduleId: string;
  at: IsoInstant;
  by: string;
}

function createSchedule(command: CreateSchedule, state: ScheduleState, recorded: Recorded): ScheduleEvent[] {
  if (state.exists) throw new DomainError('SCHEDULE_EXISTS', `Schedule ${command.scheduleId} exists`, { scheduleId: command.scheduleId });
  const name = checkText(command.name, 'name', LIMITS.idMaxLength);
  const ownerTeam = checkText(command.ownerTeam, 'ownerTeam', LIMITS.idMaxLength);
  const timeZone = checkTimeZone(command.timeZone);
  const layers = (command.layers ?? []).map((layer, index) => checkedLayer(layer, `layer-${index + 1}`));
  if (layers.length > LIMITS.layersMaxCount) throw invalidInput('layers', `At most ${LIMITS.layersMaxCount} layers in a schedule`);
  return [
    { type: 'ScheduleCreated', data: { ...recorded, name, ownerTeam, timeZone } },
    ...layers.map((layer): ScheduleEvent => ({ type: 'ScheduleLayerAdded', data: { ...recorded, layer, effectiveFrom: recorded.at } })),
  ];
}

function addLayer(command: AddScheduleLayer, state: ScheduleState, recorded: Recorded): ScheduleEvent[] {
  const open = latestDefinition(state).layers.filter((layer) => layer.endsAt === null || layer.endsAt > recorded.at);
  if (open.length >= LIMITS.layersMaxCount) throw invalidInput('layer', `At most ${LIMITS.layersMaxCount} layers in a schedule: end one first`);
  const layer = checkedLayer(command.layer, `layer-${state.added.layers + 1}`);
  return [{ type: 'ScheduleLayerAdded', data: { ...recorded, layer, effectiveFrom: effectiveFrom(command.effectiveFrom, recorded.at) } }];
}

function changeLayer(command: ChangeScheduleLayer, state: ScheduleState, recorded: Recorded): ScheduleEvent[] {
  const layer = openLayer(state, command.layerId, recorded.at);
  const { name, members, rotation, handOff, startDate, restrictions, endsAt, timeZone } = layer;
  const changed = checkedLayer({ name, members: [...members], rotation, handOff, startDate, restrictions: [...restrictions], endsAt, timeZone, ...definedOnly(command.changes) }, layer.id);
  if (JSON.stringify(changed) === JSON.stringify(layer)) return [];
  return [{ type: 'ScheduleLayerChanged', data: { ...recorded, layer: changed, effectiveFrom: effectiveFrom(command.effectiveFrom, recorded.at) } }];
}

function endLayer(command: EndScheduleLayer, state: ScheduleState, recorded: Recorded): ScheduleEvent[] {
  openLayer(state, command.layerId, recorded.at);
  const endsAt = effectiveFrom(command.endsAt, recorded.at, 'endsAt');
  return [{ type: 'ScheduleLayerEnded', data: { ...recorded, layerId: command.layerId, endsAt } }];
}

function reorderLayers(command: ReorderScheduleLayers, state: ScheduleState, recorded: Recorded): ScheduleEvent[] {
  const current = latestDefinition(state).layers.map((layer) => layer.id);
  const order = command.order.map((layerId) => String(layerId).trim());
  if (order.length !== current.length || new Set(order).size !== order.length || !order.every((layerId) => current.includes(layerId))) {
    throw invalidInput('order', `Name every layer once, the lowest first: ${current.join(', ')}`);
  }
  if (order.every((layerId, index) => layerId === current[index])) return [];
  return [{ type: 'ScheduleLayersReordered', data: { ...recorded, order, effectiveFrom: effectiveFrom(command.effectiveFrom, recorded.at) } }];
}

function addOverride(command: AddScheduleOverride, state: ScheduleState, recorded: Recorded): ScheduleEvent[] {
  const override = checkOverride({ id: `override-${state.added.overrides + 1}`, person: command.person, from: command.from, to: command.to });
  if (override.to <= recorded.at) throw invalidInput('to', `The override ends at ${override.to}, in the past: the past is not rewritten`);
  return [{ type: 'ScheduleOverrideAdded', data: { ...recorded, override } }];
}

function removeOverride(command: RemoveScheduleOverride, state: ScheduleState, recorded: Recorded): ScheduleEvent[] {
  if (!latestDefinition(state).overrides.some((override) => override.id === command.overrideId)) {
    throw new DomainError('OVERRIDE_NOT_FOUND', `Schedule ${state.scheduleId} has no override ${command.overrideId}`, { overrideId: command.overrideId });
  }
  return [{ type: 'ScheduleOverrideRemoved', data: { ...recorded, overrideId: command.overrideId } }];
}

function offerSwap(command: OfferShiftSwap, state: ScheduleState, recorded: Recorded): ScheduleEvent[] {
  const person = checkText(command.person, 'person', LIMITS.idMaxLength);
  const from = checkInstant(command.from, 'from');
  const to = checkInstant(command.to, 'to');
  if (from <= recorded.at) throw invalidInput('from', `The stretch offered starts at ${from}, not after now: only shifts to come can be swapped`);
  if (to <= from) throw invalidInput('to', `The stretch offered ends after it starts: ${to} is not after ${from}`);
  if (parseInstant(to) - parseInstant(from) > LIMITS.swapMaxDays * DAY_MS) throw invalidInput('to', `A swap covers at most ${LIMITS.swapMaxDays} days`);
  if (!onCallThroughout(state, person, from, to)) {
    throw invalidInput('person', `${person} is not on call for all of ${from} to ${to} in schedule ${state.scheduleId}: offer a stretch of your own shifts`);
  }
  return [{ type: 'ShiftSwapOffered', data: { ...recorded, swapId: `swap-${state.added.swaps + 1}`, person, from, to } }];
}

function takeSwap(command: TakeShiftSwap, state: ScheduleState, recorded: Recorded): ScheduleEvent[] {
  const swap = openSwap(state, command.swapId, recorded.at);
  const takenBy = checkText(command.person, 'person', LIMITS.idMaxLength);
  if (takenBy === swap.person) throw invalidInput('person', `${takenBy} offered swap ${swap.swapId}: a teammate takes it`);
  return [{ type: 'ShiftSwapTaken', data: { ...recorded, swapId: swap.swapId, takenBy, overrideId: `override-${state.added.overrides + 1}` } }];
}

function withdrawSwap(command: WithdrawShiftSwap, state: ScheduleState, recorded: Recorded): ScheduleEvent[] {
  const swap = openSwap(state, command.swapId, recorded.at);
  return [{ type: 'ShiftSwapWithdrawn', data: { ...recorded, swapId: swap.swapId } }];
}

const DAY_MS = 86_400_000;

/** Is `person` the one on call over all of [from, to), by the schedule as it now stands? */
function onCallThroughout(state: ScheduleState, person: string, from: IsoInstant, to: IsoInstant): boolean {
  let covered = parseInstant(from);
  for (const shift of renderSchedule(state.timeline, from, to).final) {
    if (shift.person !== person || parseInstant(shift.from) !== covered) return false;
    covered = parseInstant(shift.to);
  }
  return covered === parseInstant(to);
}

function checkedLayer(layer: NewLayer, id: string): ScheduleLayer {
  const name = checkText(layer.name, 'name', LIMITS.idMaxLength);
  const checked = checkLayer({ id, members: layer.members, rotation: layer.rotation, handOff: layer.handOff, startDate: layer.startDate, restrictions: layer.restrictions ?? [], endsAt: layer.endsAt ?? null, timeZone: layer.timeZone ?? null });
  return { ...checked, name };
}

/** A layer that is there and has not ended: one that ended stays as history. */
function openLayer(state: ScheduleState, layerId: string, now: IsoInstant): ScheduleLayer {
  const layer = latestDefinition(state).layers.find((candidate) => candidate.id === layerId);
  if (!layer) throw new DomainError('LAYER_NOT_FOUND', `Schedule ${state.scheduleId} has no layer ${layerId}`, { layerId });
  if (layer.endsAt !== null && layer.endsAt <= now) throw new DomainError('LAYER_ENDED', `Layer ${layerId} ended at ${layer.endsAt}: add a new layer instead`, { layerId });
  return layer;
}

function openSwap(state: ScheduleState, swapId: string, now: IsoInstant): ShiftSwap {
  const swap = state.swaps.find((candidate) => candidate.swapId === swapId);
  if (!swap) throw new DomainError('SWAP_NOT_FOUND', `Schedule ${state.scheduleId} has no swap ${swapId}`, { swapId });
  if (swap.status !== 'OFFERED' || swap.from <= now) {
    const why = swap.status === 'OFFERED' ? `expired at ${swap.from}` : `was ${swap.status.toLowerCase()}`;
    throw new DomainError('SWAP_NOT_OPEN', `Swap ${swapId} ${why}`, { swapId, status: swap.status });
  }
  return swap;
}

/** When a change counts from: now when not given, never before now. */
function effectiveFrom(value: IsoInstant | null | undefined, now: IsoInstant, field = 'effectiveFrom'): IsoInstant {
  if (value === null || value === undefined) return now;
  const instant = checkInstant(value, field);
  if (instant < now) throw invalidInput(field, `${field} ${instant} is in the past: a change counts from now or later, so the past is not rewritten`);
  return instant;
}

function definedOnly<T extends object>(changes: T): Partial<T> {
  return Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined)) as Partial<T>;
}

export const scheduleDecider: Decider<ScheduleCommand, ScheduleEvent, ScheduleState> = {
  decide: decideSchedule,
  evolve: evolveSchedule,
  initialState: initialScheduleState,
};
