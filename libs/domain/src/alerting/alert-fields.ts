import { invalidInput } from '../shared/domain-error';
import { ALERTING_LIMITS } from './alerting.limits';
import type { AlertLink, AlertLinkKind } from './alert.types';

/**
 * How the alert parsers read a JSON body: every refusal names the field's path (`alerts[3].labels`) so that whoever
 * wrote the sender's template can find it. Fields a parser does not ask for are never looked at, so senders may add
 * their own.
 */
export type JsonObject = Readonly<Record<string, unknown>>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function requireObject(value: unknown, field: string): JsonObject {
  if (!isObject(value)) throw invalidInput(field, `${field} must be a JSON object`);
  return value;
}

/** Characters as a person counts them (code points, as Go counts runes), not UTF-16 units. */
export function characterCount(text: string): number {
  let count = 0;
  for (const _ of text) count += 1;
  return count;
}

export function requireString(value: unknown, field: string, maxLength: number): string {
  if (typeof value !== 'string' || value.trim().length === 0) throw invalidInput(field, `${field} must be a non-empty string`);
  return checkLength(value, field, maxLength);
}

/** Absent, null and "" all mean none: Go senders write the zero value for what they do not have. */
export function optionalString(value: unknown, field: string, maxLength: number): string | null {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value !== 'string') throw invalidInput(field, `${field} must be a string`);
  return checkLength(value, field, maxLength);
}

function checkLength(value: string, field: string, maxLength: number): string {
  if (characterCount(value) > maxLength) throw invalidInput(field, `${field} must be at most ${maxLength} characters`);
  return value;
}

export interface StringMapLimits {
  readonly maxCount: number;
  readonly nameMaxLength: number;
  readonly valueMaxLength: number;
}

export const LABEL_LIMITS: StringMapLimits = {
  maxCount: ALERTING_LIMITS.labelsMaxCount,
  nameMaxLength: ALERTING_LIMITS.labelNameMaxLength,
  valueMaxLength: ALERTING_LIMITS.labelValueMaxLength,
};

export const ANNOTATION_LIMITS: StringMapLimits = {
  maxCount: ALERTING_LIMITS.annotationsMaxCount,
  nameMaxLength: ALERTING_LIMITS.annotationNameMaxLength,
  valueMaxLength: ALERTING_LIMITS.annotationValueMaxLength,
};

/**
 * A map of strings (labels, annotations). Absent or null is empty: Go encodes an empty map as `null`, as
 * Alertmanager does for an alert without annotations. Names are not held to Prometheus's charset, since Grafana and
 * Alertmanager 0.27 allow any UTF-8.
 */
export function stringMap(value: unknown, field: string, limits: StringMapLimits): Record<string, string> {
  if (value === undefined || value === null) return {};
  const entries = Object.entries(requireObject(value, field));
  if (entries.length > limits.maxCount) throw invalidInput(field, `${field} must have at most ${limits.maxCount} entries`);
  const map: Record<string, string> = {};
  for (const [name, entry] of entries) {
    if (name.length === 0) throw invalidInput(field, `${field} must not have an empty name`);
    if (characterCount(name) > limits.nameMaxLength) throw invalidInput(field, `${field} names must be at most ${limits.nameMaxLength} characters`);
    const entryField = `${field}.${name}`;
    if (typeof entry !== 'string') throw invalidInput(entryField, `${entryField} must be a string`);
    map[name] = checkLength(entry, entryField, limits.valueMaxLength);
  }
  return map;
}

const RFC3339 = /^(\d{4}-\d{2}-\d{2})[Tt ](\d{2}:\d{2}:\d{2})(\.\d+)?([Zz]|[+-]\d{2}:?\d{2})$/;
/** Go's zero time.Time: what Alertmanager and Grafana send as `endsAt` while an alert fires. */
const GO_ZERO_TIME_MS = Date.parse('0001-01-01T00:00:00Z');

/**
 * An RFC 3339 time as ISO 8601 in UTC, or null for none (absent, empty, or Go's zero time). Fractions beyond
 * milliseconds (Go writes nanoseconds) are cut, and an offset without a colon (`+0000`, in PagerDuty's own example)
 * is read as one with.
 */
export function optionalTime(value: unknown, field: string): string | null {
  if (value === undefined || value === null || value === '') return null;
  const match = typeof value === 'string' ? RFC3339.exec(value) : null;
  if (!match) throw invalidInput(field, `${field} must be an RFC 3339 time such as 2026-01-31T09:30:00Z`);
  const [, date, time, fraction = '', zone] = match;
  const offset = zone.toUpperCase() === 'Z' ? 'Z' : `${zone.slice(0, 3)}:${zone.slice(-2)}`;
  const millis = Date.parse(`${date}T${time}${fraction.slice(0, 4)}${offset}`);
  if (Number.isNaN(millis)) throw invalidInput(field, `${field} is not a valid time`);
  return millis <= GO_ZERO_TIME_MS ? null : new Date(millis).toISOString();
}

/**
 * A link the ledger will show, when the field holds one: an absolute http(s) URL. Senders fill these from their
 * own configuration (an Alertmanager without --web.external-url sends `http://:9093`), so one that is empty or not
 * such a URL is left out rather than refusing the alert; anything else (`javascript:`) is never kept.
 */
export function optionalLink(kind: AlertLinkKind, value: unknown, text: string | null = null): AlertLink[] {
  const url = httpUrl(value);
  return url === null ? [] : [{ kind, url, text }];
}

export function httpUrl(value: unknown): string | null {
  if (typeof value !== 'string' || value.length === 0 || value.length > ALERTING_LIMITS.urlMaxLength) return null;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? value : null;
  } catch {
    return null;
  }
}

export function requireArray(value: unknown, field: string, maxCount: number): readonly unknown[] {
  if (!Array.isArray(value)) throw invalidInput(field, `${field} must be an array`);
  if (value.length > maxCount) throw invalidInput(field, `${field} must have at most ${maxCount} entries`);
  return value;
}

/** A count the sender reports (`truncatedAlerts`): a whole number, 0 when absent. */
export function optionalCount(value: unknown, field: string): number {
  if (value === undefined || value === null) return 0;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) throw invalidInput(field, `${field} must be a whole number of at least 0`);
  return value;
}
