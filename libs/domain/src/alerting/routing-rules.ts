import { ServiceTier } from '../catalogue/service-tier';
import { Severity, SEVERITIES } from '../incidents/severity';
import { checkSlug } from '../catalogue/catalogue.rules';
import { invalidInput } from '../shared/domain-error';
import { checkOptionalText } from '../shared/field-rules';
import { severityFromHint } from './alert-severity';
import { AlertSource, NormalisedAlert } from './alert.types';

/**
 * Routing rules: what an integration's alerts become. Rules are data, kept on
 * the integration's stream and checked when they are set; the first rule whose
 * matchers all hold decides, and what it leaves unset falls to the defaults
 * (the integration's service, the severity map and the seed's rule, the
 * alert's own summary).
 */
export type MatchOperator = 'EQUALS' | 'NOT_EQUALS' | 'MATCHES' | 'NOT_MATCHES';

export const MATCH_OPERATORS: readonly MatchOperator[] = ['EQUALS', 'NOT_EQUALS', 'MATCHES', 'NOT_MATCHES'];

export interface AlertMatcher {
  /** `labels.<name>`, `annotations.<name>`, `summary`, `severity` (the sender's word) or `source` (ALERTMANAGER, GRAFANA, PAGERDUTY). */
  readonly field: string;
  readonly operator: MatchOperator;
  /** A literal, or for MATCHES a regular expression that must match the whole value, as Alertmanager's `=~` does. */
  readonly value: string;
}

export interface RoutingRule {
  readonly name: string | null;
  /** Every matcher must hold; none means every alert. */
  readonly matchers: readonly AlertMatcher[];
  /** A catalogue service's slug. */
  readonly service: string | null;
  readonly severity: Severity | null;
  /** `{{labels.alertname}} on {{labels.instance}}`: the fields matchers read (`severity` is the sender's word), plus `service`. */
  readonly title: string | null;
}

/** What an alert becomes. */
export interface AlertRoute {
  readonly service: string;
  readonly severity: Severity;
  readonly title: string;
  /** The rule that decided (its position from 1), or null for the defaults alone. */
  readonly rule: number | null;
  /** Why the severity is what it is, for the dry run. */
  readonly severityReason: string;
}

export const ROUTING_LIMITS = {
  rulesMaxCount: 100,
  matchersMaxCount: 20,
  ruleNameMaxLength: 200,
  fieldMaxLength: 300,
  valueMaxLength: 1_024,
  titleTemplateMaxLength: 500,
  /** Incident titles are at most this long; a rendered title is cut to fit. */
  titleMaxLength: 200,
} as const;

/** When the sender says nothing the map knows: an alert someone set up to notify is meant to reach a person. */
export const DEFAULT_ALERT_SEVERITY = Severity.SEV3;

/**
 * The seed's rule: "alerting should catch general availability issues and
 * assign the highest priority". An availability alert is one whose
 * `category` or `class` label (PagerDuty's `payload.class`) says
 * `availability`; on a TIER_1 service it is SEV1.
 */
export function isAvailabilityAlert(alert: NormalisedAlert): boolean {
  return ['category', 'class'].some((name) => alert.labels[name]?.trim().toLowerCase() === 'availability');
}

const FIELD = /^(labels|annotations)\.[^\s{}]+$|^(summary|severity|source)$/;
const TEMPLATE_NAME = /\{\{\s*([^{}]*?)\s*\}\}/g;

/** Checks rules as a person writes them: every refusal names the rule and field (`rules[2].matchers[0].value`). */
export function checkRoutingRules(rules: readonly RoutingRule[]): RoutingRule[] {
  if (rules.length > ROUTING_LIMITS.rulesMaxCount) throw invalidInput('rules', `At most ${ROUTING_LIMITS.rulesMaxCount} routing rules`);
  return rules.map((rule, index) => checkRule(rule, `rules[${index}]`));
}

function checkRule(rule: RoutingRule, path: string): RoutingRule {
  if (rule.matchers.length > ROUTING_LIMITS.matchersMaxCount) throw invalidInput(`${path}.matchers`, `At most ${ROUTING_LIMITS.matchersMaxCount} matchers in a rule`);
  const checked: RoutingRule = {
    name: checkOptionalText(rule.name, `${path}.name`, ROUTING_LIMITS.ruleNameMaxLength),
    matchers: rule.matchers.map((matcher, index) => checkMatcher(matcher, `${path}.matchers[${index}]`)),
    service: rule.service === null || rule.service.trim() === '' ? null : checkSlug(rule.service, `${path}.service`),
    severity: rule.severity,
    title: checkOptionalText(rule.title, `${path}.title`, ROUTING_LIMITS.titleTemplateMaxLength),
  };
  if (checked.severity !== null && !SEVERITIES.includes(checked.severity)) throw invalidInput(`${path}.severity`, `Unknown severity ${String(checked.severity)}`);
  if (checked.title !== null) checkTemplate(checked.title, `${path}.title`);
  if (checked.service === null && checked.severity === null && checked.title === null) {
    throw invalidInput(path, `${path} sets nothing: give it a service, a severity or a title`);
  }
  return checked;
}

function checkMatcher(matcher: AlertMatcher, path: string): AlertMatcher {
  const field = matcher.field.trim();
  if (field.length > ROUTING_LIMITS.fieldMaxLength || !FIELD.test(field)) {
    throw invalidInput(`${path}.field`, `${path}.field ${JSON.stringify(matcher.field)} must be labels.<name>, annotations.<name>, summary, severity or source`);
  }
  if (!MATCH_OPERATORS.includes(matcher.operator)) throw invalidInput(`${path}.operator`, `Unknown operator ${String(matcher.operator)}`);
  if (matcher.value.length > ROUTING_LIMITS.valueMaxLength) throw invalidInput(`${path}.value`, `${path}.value must be at most ${ROUTING_LIMITS.valueMaxLength} characters`);
  if (isRegexOperator(matcher.operator)) {
    try {
      anchored(matcher.value);
    } catch (error) {
      throw invalidInput(`${path}.value`, `${path}.value is not a regular expression: ${(error as Error).message}`);
    }
  }
  return { field, operator: matcher.operator, value: matcher.value };
}

function checkTemplate(template: string, path: string): void {
  for (const [, name] of template.matchAll(TEMPLATE_NAME)) {
    if (name !== 'service' && !FIELD.test(name)) {
      throw invalidInput(path, `${path} names {{${name}}}: use labels.<name>, annotations.<name>, summary, severity, source or service`);
    }
  }
}

const isRegexOperator = (operator: MatchOperator): boolean => operator === 'MATCHES' || operator === 'NOT_MATCHES';

const compiled = new Map<string, RegExp>();

/** Matches the whole value, as Alertmanager's matchers do; compiled once per pattern. */
function anchored(pattern: string): RegExp {
  let regex = compiled.get(pattern);
  if (regex === undefined) {
    regex = new RegExp(`^(?:${pattern})$`, 'u');
    if (compiled.size > 10_000) compiled.clear();
    compiled.set(pattern, regex);
  }
  return regex;
}

/** A field of an alert as matchers and templates read it; absent is "". */
export function alertField(alert: NormalisedAlert, source: AlertSource, field: string): string {
  if (field === 'summary') return alert.summary ?? '';
  if (field === 'severity') return alert.severityHint ?? '';
  if (field === 'source') return source;
  const dot = field.indexOf('.');
  const map = field.slice(0, dot) === 'labels' ? alert.labels : alert.annotations;
  const name = field.slice(dot + 1);
  return Object.hasOwn(map, name) ? map[name] : '';
}

function matches(matcher: AlertMatcher, alert: NormalisedAlert, source: AlertSource): boolean {
  const value = alertField(alert, source, matcher.field);
  switch (matcher.operator) {
    case 'EQUALS':
      return value === matcher.value;
    case 'NOT_EQUALS':
      return value !== matcher.value;
    case 'MATCHES':
      return anchored(matcher.value).test(value);
    case 'NOT_MATCHES':
      return !anchored(matcher.value).test(value);
  }
}

/** The tier of a catalogue service, or null when the catalogue does not know it. */
export type TierOf = (service: string) => ServiceTier | null;

/** What one alert becomes under an integration's rules. */
export function routeAlert(alert: NormalisedAlert, source: AlertSource, rules: readonly RoutingRule[], defaultService: string, tierOf: TierOf): AlertRoute {
  const index = rules.findIndex((rule) => rule.matchers.every((matcher) => matches(matcher, alert, source)));
  const rule = index >= 0 ? rules[index] : null;
  const service = rule?.service ?? defaultService;
  const { severity, severityReason } = severityOf(alert, rule, index, service, tierOf);
  const title = renderTitle(rule?.title ?? null, alert, source, service);
  return { service, severity, title, rule: rule === null ? null : index + 1, severityReason };
}

function severityOf(alert: NormalisedAlert, rule: RoutingRule | null, index: number, service: string, tierOf: TierOf): { severity: Severity; severityReason: string } {
  if (rule?.severity) return { severity: rule.severity, severityReason: `rule ${index + 1}${rule.name ? ` (${rule.name})` : ''}` };
  if (isAvailabilityAlert(alert) && tierOf(service) === ServiceTier.TIER_1) return { severity: Severity.SEV1, severityReason: `an availability alert on ${service}, a TIER_1 service` };
  const mapped = severityFromHint(alert.severityHint);
  if (mapped !== null) return { severity: mapped, severityReason: `the sender's severity "${alert.severityHint}"` };
  return { severity: DEFAULT_ALERT_SEVERITY, severityReason: alert.severityHint ? `the sender's severity "${alert.severityHint}" is not in the map: the default` : 'the sender gave no severity: the default' };
}

function renderTitle(template: string | null, alert: NormalisedAlert, source: AlertSource, service: string): string {
  const rendered = template === null ? defaultTitle(alert) : template.replace(TEMPLATE_NAME, (_, name: string) => (name === 'service' ? service : alertField(alert, source, name)));
  const title = rendered.replace(/\s+/g, ' ').trim() || defaultTitle(alert);
  return truncate(title, ROUTING_LIMITS.titleMaxLength);
}

/** The alert's summary, else its name, else the first words of what it says. */
function defaultTitle(alert: NormalisedAlert): string {
  const candidates = [alert.summary, alert.annotations.summary, alert.annotations.title, alert.labels.alertname, alert.labels.source];
  const first = candidates.find((text) => text !== undefined && text !== null && text.trim() !== '');
  return truncate((first ?? `Alert ${alert.fingerprint}`).replace(/\s+/g, ' ').trim(), ROUTING_LIMITS.titleMaxLength);
}

function truncate(text: string, max: number): string {
  const characters = [...text];
  return characters.length <= max ? text : `${characters.slice(0, max - 1).join('')}…`;
}
