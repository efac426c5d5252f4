import { Temporal } from 'temporal-polyfill';
import { invalidInput } from '../shared/domain-error';
import { checkText } from '../shared/field-rules';
import { isSupportedInstant, SUPPORTED_INSTANTS, SUPPORTED_YEARS } from '../shared/calendar';
import { ONCALL_LIMITS as LIMITS } from './oncall.limits';
import { IsoInstant, LayerDefinition, LocalDate, LocalTime, Override, Restriction, Rotation, ScheduleDefinition } from './oncall.types';

/**
 * How each part of a schedule is checked before anything is written, each
 * refusal naming its field. The renderer trusts what passed these.
 */

const LOCAL_TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;
/** IANA names start with a letter; Temporal would also take '+05:30', which has no DST rules and no VTIMEZONE. */
const IANA_NAME = /^[A-Za-z]/;

/** The zone's canonical IANA name (its case corrected). */
export function checkTimeZone(value: unknown, field = 'timeZone'): string {
  const name = typeof value === 'string' ? value.trim() : '';
  const refusal = invalidInput(field, `${JSON.stringify(value)} is not an IANA time zone (such as Europe/Berlin or America/New_York)`);
  if (!IANA_NAME.test(name)) throw refusal;
  try {
    return new Temporal.ZonedDateTime(0n, name).timeZoneId;
  } catch {
    throw refusal;
  }
}

export function checkLocalTime(value: unknown, field: string): LocalTime {
  if (typeof value !== 'string' || !LOCAL_TIME.test(value)) throw invalidInput(field, `${field} ${JSON.stringify(value)} is not a time: use HH:MM, 00:00 to 23:59`);
  return value;
}

export function checkLocalDate(value: unknown, field: string): LocalDate {
  const refusal = invalidInput(field, `${field} ${JSON.stringify(value)} is not a date: use YYYY-MM-DD, from ${SUPPORTED_YEARS.first} to ${SUPPORTED_YEARS.last}`);
  if (typeof value !== 'string' || !LOCAL_DATE.test(value)) throw refusal;
  try {
    // 'reject' refuses 2026-02-30 instead of moving it to the month's end.
    const date = Temporal.PlainDate.from(value, { overflow: 'reject' });
    if (date.year < SUPPORTED_YEARS.first || date.year > SUPPORTED_YEARS.last) throw refusal;
    return date.toString();
  } catch {
    throw refusal;
  }
}

/** An instant with its offset ('Z' or '+02:00'): a time without one means nothing until a zone is named. */
export function checkInstant(value: unknown, field: string): IsoInstant {
  const instant = parsedInstant(value);
  if (!instant) throw invalidInput(field, `${field} ${JSON.stringify(value)} is not an instant: use ISO 8601 with an offset, e.g. 2026-03-08T07:00:00Z`);
  if (!isSupportedInstant(instant)) throw invalidInput(field, `${field} must be ${SUPPORTED_INSTANTS}`);
  return instant.toISOString();
}

function parsedInstant(value: unknown): Date | null {
  try {
    return new Date(Temporal.Instant.from(String(value)).epochMilliseconds);
  } catch {
    return null;
  }
}

export function checkMembers(members: readonly unknown[] | undefined): string[] {
  const list = (members ?? []).map((member) => checkText(member, 'members', LIMITS.idMaxLength));
  if (list.length === 0) throw invalidInput('members', 'A layer needs at least one member');
  if (list.length > LIMITS.membersMaxCount) throw invalidInput('members', `At most ${LIMITS.membersMaxCount} members in a layer`);
  return list;
}

export function checkRotation(rotation: Rotation): Rotation {
  const max = LIMITS.rotationMaxLength[rotation.unit];
  if (max === undefined) throw invalidInput('rotation.unit', `Unknown rotation unit ${JSON.stringify(rotation.unit)}: use HOUR, DAY or WEEK`);
  if (!Number.isInteger(rotation.length) || rotation.length < 1 || rotation.length > max) {
    throw invalidInput('rotation.length', `A rotation lasts 1 to ${max} ${rotation.unit.toLowerCase()}s (at most a year); got ${rotation.length}`);
  }
  return rotation;
}

export function checkRestrictions(restrictions: readonly Restriction[] | undefined): Restriction[] {
  const list = restrictions ?? [];
  if (list.length > LIMITS.restrictionsMaxCount) throw invalidInput('restrictions', `At most ${LIMITS.restrictionsMaxCount} restrictions in a layer`);
  return list.map((restriction) => {
    const from = checkLocalTime(restriction.from, 'restrictions.from');
    const to = checkLocalTime(restriction.to, 'restrictions.to');
    if (restriction.kind === 'DAILY') return { kind: 'DAILY', from, to };
    if (restriction.kind !== 'WEEKLY') throw invalidInput('restrictions.kind', `Unknown restriction ${JSON.stringify((restriction as { kind: unknown }).kind)}: use DAILY or WEEKLY`);
    return { kind: 'WEEKLY', fromDay: checkWeekday(restriction.fromDay, 'restrictions.fromDay'), from, toDay: checkWeekday(restriction.toDay, 'restrictions.toDay'), to };
  });
}

function checkWeekday(value: unknown, field: string): 1 | 2 | 3 | 4 | 5 | 6 | 7 {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 7) throw invalidInput(field, `${field} is a weekday from 1 (Monday) to 7 (Sunday); got ${JSON.stringify(value)}`);
  return value as 1 | 2 | 3 | 4 | 5 | 6 | 7;
}

export function checkLayer(layer: LayerDefinition): LayerDefinition {
  return {
    id: checkText(layer.id, 'layer id', LIMITS.idMaxLength),
    members: checkMembers(layer.members),
    rotation: checkRotation(layer.rotation),
    handOff: checkLocalTime(layer.handOff, 'handOff'),
    startDate: checkLocalDate(layer.startDate, 'startDate'),
    restrictions: checkRestrictions(layer.restrictions),
    endsAt: layer.endsAt === null ? null : checkInstant(layer.endsAt, 'endsAt'),
    timeZone: layer.timeZone === null || layer.timeZone === undefined ? null : checkTimeZone(layer.timeZone, 'layer.timeZone'),
  };
}

export function checkOverride(override: Override): Override {
  const from = checkInstant(override.from, 'from');
  const to = checkInstant(override.to, 'to');
  // Both are in one canonical form (UTC, milliseconds, four-digit years): their text sorts as their time.
  if (to <= from) throw invalidInput('to', `An override ends after it starts: ${to} is not after ${from}`);
  return { id: checkText(override.id, 'override id', LIMITS.idMaxLength), person: checkText(override.person, 'person', LIMITS.idMaxLength), from, to };
}

export function checkScheduleDefinition(schedule: ScheduleDefinition): ScheduleDefinition {
  const layers = schedule.layers.map(checkLayer);
  const ids = layers.map((layer) => layer.id);
  const repeated = ids.find((id, index) => ids.indexOf(id) !== index);
  if (repeated !== undefined) throw invalidInput('layer id', `Two layers are named ${JSON.stringify(repeated)}`);
  return { timeZone: checkTimeZone(schedule.timeZone), layers, overrides: schedule.overrides.map(checkOverride) };
}
