import { invalidInput } from '../shared/domain-error';
import { ALERTING_LIMITS } from './alerting.limits';
import {
  JsonObject,
  characterCount,
  httpUrl,
  isObject,
  optionalString,
  optionalTime,
  requireArray,
  requireObject,
  requireString,
} from './alert-fields';
import { contentKey } from './alert-fingerprint';
import type { AlertLink, NormalisedAlert, PagerDutyAction, PagerDutyEvent } from './alert.types';

const ACTIONS: Readonly<Record<string, PagerDutyAction>> = { trigger: 'TRIGGER', acknowledge: 'ACKNOWLEDGE', resolve: 'RESOLVE' };
export const PAGERDUTY_SEVERITIES = ['critical', 'error', 'warning', 'info'] as const;

/**
 * An event of PagerDuty's Events API v2 (`POST /v2/enqueue`), read as PagerDuty reads it, so that anything that can
 * page PagerDuty (Alertmanager's `pagerduty_configs`, Grafana's PagerDuty contact point…) can page through the
 * ledger. As PagerDuty does, `payload`, `links`, `images` and `client_url` are read on a trigger only: an
 * acknowledgement or a resolution names its alert by `dedup_key` and nothing else.
 */
export function parsePagerDutyEvent(body: unknown): PagerDutyEvent {
  const event = requireObject(body, 'body');
  const routingKey = routingKeyOf(event.routing_key);
  const action = actionOf(event.event_action);
  const dedupKey = optionalString(event.dedup_key, 'dedup_key', ALERTING_LIMITS.dedupKeyMaxLength);
  if (action === 'TRIGGER') return trigger(event, routingKey, dedupKey);
  if (dedupKey === null) throw invalidInput('dedup_key', `dedup_key is required to ${String(event.event_action)}: it names the alert`);
  return {
    source: 'PAGERDUTY',
    action,
    routingKey,
    dedupKey,
    dedupKeyGenerated: false,
    alerts: action === 'RESOLVE' ? [resolution(dedupKey)] : [],
    truncatedAlerts: 0,
    groupResolved: action === 'RESOLVE',
    senderUrl: null,
  };
}

function routingKeyOf(value: unknown): string {
  const length = ALERTING_LIMITS.routingKeyLength;
  if (typeof value !== 'string' || value.length !== length) throw invalidInput('routing_key', `routing_key must be the integration's ${length}-character key`);
  return value;
}

function actionOf(value: unknown): PagerDutyAction {
  const action = typeof value === 'string' && Object.hasOwn(ACTIONS, value) ? ACTIONS[value] : undefined;
  if (action === undefined) throw invalidInput('event_action', 'event_action must be "trigger", "acknowledge" or "resolve"');
  return action;
}

function trigger(event: JsonObject, routingKey: string, givenDedupKey: string | null): PagerDutyEvent {
  const payload = requireObject(event.payload, 'payload');
  // PagerDuty answers a trigger without dedup_key with a key of its own making; this one comes from the event's
  // content, so a sender retrying after a lost answer reaches the same alert group instead of paging twice.
  const dedupKey = givenDedupKey ?? contentKey(canonicalJson({ routing_key: routingKey, payload }));
  return {
    source: 'PAGERDUTY',
    action: 'TRIGGER',
    routingKey,
    dedupKey,
    dedupKeyGenerated: givenDedupKey === null,
    alerts: [triggeredAlert(payload, dedupKey, [...links(event.links), ...images(event.images)])],
    truncatedAlerts: 0,
    groupResolved: false,
    senderUrl: httpUrl(event.client_url),
  };
}

function triggeredAlert(payload: JsonObject, dedupKey: string, alertLinks: AlertLink[]): NormalisedAlert {
  const fieldMax = ALERTING_LIMITS.pagerDutyFieldMaxLength;
  const summary = requireString(payload.summary, 'payload.summary', ALERTING_LIMITS.summaryMaxLength);
  const severity = severityOf(payload.severity);
  // PagerDuty's fields become labels, so routing rules match on them as on Alertmanager's labels.
  const labels = definedOnly({
    source: requireString(payload.source, 'payload.source', fieldMax),
    severity,
    component: optionalString(payload.component, 'payload.component', fieldMax),
    group: optionalString(payload.group, 'payload.group', fieldMax),
    class: optionalString(payload.class, 'payload.class', fieldMax),
  });
  return {
    status: 'FIRING',
    fingerprint: dedupKey,
    groupKey: dedupKey,
    labels,
    annotations: customDetails(payload.custom_details),
    startsAt: optionalTime(payload.timestamp, 'payload.timestamp'),
    endsAt: null,
    summary,
    severityHint: severity,
    links: alertLinks,
  };
}

function resolution(dedupKey: string): NormalisedAlert {
  return {
    status: 'RESOLVED',
    fingerprint: dedupKey,
    groupKey: dedupKey,
    labels: {},
    annotations: {},
    startsAt: null,
    endsAt: null,
    summary: null,
    severityHint: null,
    links: [],
  };
}

function severityOf(value: unknown): string {
  if (typeof value !== 'string' || !(PAGERDUTY_SEVERITIES as readonly string[]).includes(value)) {
    throw invalidInput('payload.severity', `payload.severity must be one of ${PAGERDUTY_SEVERITIES.join(', ')}`);
  }
  return value;
}

function links(value: unknown): AlertLink[] {
  return optionalList(value, 'links').map((link, index) => {
    const field = `links[${index}]`;
    const entry = requireObject(link, field);
    return { kind: 'LINK', url: requireHttpUrl(entry.href, `${field}.href`), text: optionalString(entry.text, `${field}.text`, ALERTING_LIMITS.linkTextMaxLength) };
  });
}

/** An image, and the page it links to when it names one. */
function images(value: unknown): AlertLink[] {
  return optionalList(value, 'images').flatMap((item, index): AlertLink[] => {
    const field = `images[${index}]`;
    const entry = requireObject(item, field);
    const text = optionalString(entry.alt, `${field}.alt`, ALERTING_LIMITS.linkTextMaxLength);
    const href = entry.href === undefined || entry.href === '' ? null : requireHttpUrl(entry.href, `${field}.href`);
    const image: AlertLink = { kind: 'IMAGE', url: requireHttpUrl(entry.src, `${field}.src`), text };
    return href === null ? [image] : [image, { kind: 'LINK', url: href, text }];
  });
}

function optionalList(value: unknown, field: string): readonly unknown[] {
  return value === undefined || value === null ? [] : requireArray(value, field, ALERTING_LIMITS.linksMaxCount);
}

/** Links and images are added on purpose, unlike the URLs a sender fills from its configuration: a bad one is refused. */
function requireHttpUrl(value: unknown, field: string): string {
  const url = httpUrl(value);
  if (url === null) throw invalidInput(field, `${field} must be an absolute http(s) URL of at most ${ALERTING_LIMITS.urlMaxLength} characters`);
  return url;
}

/**
 * custom_details as annotations. PagerDuty accepts any JSON here up to its 512 KB event limit, and Alertmanager's
 * pagerduty_configs writes the text of every alert of the group into it, so a storm outgrows any per-value limit:
 * these are context, never a key, and are cut to the annotation limits rather than refused.
 */
function customDetails(value: unknown): Record<string, string> {
  if (value === undefined || value === null) return {};
  const entries = isObject(value) ? Object.entries(value) : [['details', value] as const];
  const annotations: Record<string, string> = {};
  for (const [name, detail] of entries.slice(0, ALERTING_LIMITS.annotationsMaxCount)) {
    const text = typeof detail === 'string' ? detail : JSON.stringify(detail);
    annotations[cut(name, ALERTING_LIMITS.annotationNameMaxLength)] = cut(text, ALERTING_LIMITS.annotationValueMaxLength);
  }
  return annotations;
}

function cut(text: string, maxLength: number): string {
  return characterCount(text) <= maxLength ? text : `${Array.from(text).slice(0, maxLength - 1).join('')}…`;
}

function definedOnly(fields: Readonly<Record<string, string | null>>): Record<string, string> {
  return Object.fromEntries(Object.entries(fields).filter((entry): entry is [string, string] => entry[1] !== null));
}

/** JSON with keys sorted at every level, so the same event always gives the same key. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (isObject(value)) {
    const keys = Object.keys(value).sort();
    return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
