import { eventCodec, field, FieldCheck, Shape } from '../shared/event-codec';
import { Override, Restriction, Rotation, ScheduleLayer } from './oncall.types';
import { ScheduleEvent } from './schedule.events';

const recorded = { scheduleId: field.string, at: field.string, by: field.string };
const optional = (check: FieldCheck): FieldCheck => ({ ...check, optional: true });

const rotation: Shape<Rotation> = { unit: field.oneOf(['HOUR', 'DAY', 'WEEK']), length: field.integer };

/** DAILY windows have no days; WEEKLY ones have both. */
const restriction: Shape<Restriction & { fromDay?: number; toDay?: number }> = {
  kind: field.oneOf(['DAILY', 'WEEKLY']),
  from: field.string,
  to: field.string,
  fromDay: optional(field.integer),
  toDay: optional(field.integer),
};

const layer: Shape<ScheduleLayer> = {
  id: field.string,
  name: field.string,
  members: field.strings,
  rotation: field.object(rotation),
  handOff: field.string,
  startDate: field.string,
  restrictions: field.objects(restriction),
  endsAt: field.nullableString,
  timeZone: optional(field.nullableString),
};

const override: Shape<Override> = { id: field.string, person: field.string, from: field.string, to: field.string };

/** A schedule's events (stream `schedule-<slug>`), as stored. */
export const scheduleEventCodec = eventCodec<ScheduleEvent>({
  ScheduleCreated: { shape: { ...recorded, name: field.string, ownerTeam: field.string, timeZone: field.string } },
  ScheduleRenamed: { shape: { ...recorded, name: field.string } },
  ScheduleLayerAdded: { shape: { ...recorded, layer: field.object(layer), effectiveFrom: field.string } },
  ScheduleLayerChanged: { shape: { ...recorded, layer: field.object(layer), effectiveFrom: field.string } },
  ScheduleLayerEnded: { shape: { ...recorded, layerId: field.string, endsAt: field.string } },
  ScheduleLayersReordered: { shape: { ...recorded, order: field.strings, effectiveFrom: field.string } },
  ScheduleOverrideAdded: { shape: { ...recorded, override: field.object(override) } },
  ScheduleOverrideRemoved: { shape: { ...recorded, overrideId: field.string } },
  ShiftSwapOffered: { shape: { ...recorded, swapId: field.string, person: field.string, from: field.string, to: field.string } },
  ShiftSwapTaken: { shape: { ...recorded, swapId: field.string, takenBy: field.string, overrideId: field.string } },
  ShiftSwapWithdrawn: { shape: { ...recorded, swapId: field.string } },
  ShiftReminderSent: { shape: { ...recorded, person: field.string, shiftFrom: field.string, shiftTo: field.string, hoursBefore: field.number } },
  ScheduleGapWarned: { shape: { ...recorded, gapFrom: field.string, gapTo: field.nullableString } },
});
