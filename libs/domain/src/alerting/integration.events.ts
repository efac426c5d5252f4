import { SEVERITIES } from '../incidents/severity';
import { eventCodec, field } from '../shared/event-codec';
import { MATCH_OPERATORS, RoutingRule } from './routing-rules';

/**
 * An integration: one monitoring sender (an Alertmanager, a Grafana, anything
 * that speaks PagerDuty's Events API) of one catalogue service, with its own
 * key. One stream per integration, `integration-<slug>`. The log keeps only
 * the key's hash.
 */
export const INTEGRATION_STREAM_PREFIX = 'integration-';

export const integrationStreamId = (integrationId: string): string => `${INTEGRATION_STREAM_PREFIX}${integrationId}`;

/** What a person sets on an integration. */
export interface IntegrationSettings {
  name: string;
  /** The catalogue service its alerts are about unless a routing rule says otherwise. */
  service: string;
  /** Resolve an incident when its alerts resolve, if no person has touched it. */
  autoResolve: boolean;
}

export interface IntegrationCreated {
  type: 'IntegrationCreated';
  data: IntegrationSettings & { integrationId: string; keyHash: string; at: string; by: string };
}

export interface IntegrationKeyRotated {
  type: 'IntegrationKeyRotated';
  data: { integrationId: string; keyHash: string; at: string; by: string };
}

/** Changed settings: only the fields that changed. */
export interface IntegrationChanged {
  type: 'IntegrationChanged';
  data: { integrationId: string; changes: Partial<IntegrationSettings>; at: string; by: string };
}

export interface IntegrationRoutingRulesSet {
  type: 'IntegrationRoutingRulesSet';
  data: { integrationId: string; rules: RoutingRule[]; at: string; by: string };
}

/** Its key stops working (401); its alert groups and their incidents stay. */
export interface IntegrationDisabled {
  type: 'IntegrationDisabled';
  data: { integrationId: string; reason: string | null; at: string; by: string };
}

export interface IntegrationEnabled {
  type: 'IntegrationEnabled';
  data: { integrationId: string; at: string; by: string };
}

export type IntegrationEvent = IntegrationCreated | IntegrationKeyRotated | IntegrationChanged | IntegrationRoutingRulesSet | IntegrationDisabled | IntegrationEnabled;

const stamp = { integrationId: field.string, at: field.string, by: field.string };
const settings = { name: field.string, service: field.string, autoResolve: field.boolean };

export const integrationEventCodec = eventCodec<IntegrationEvent>({
  IntegrationCreated: { shape: { ...stamp, ...settings, keyHash: field.string } },
  IntegrationKeyRotated: { shape: { ...stamp, keyHash: field.string } },
  IntegrationChanged: { shape: { ...stamp, changes: field.partial(settings) } },
  IntegrationRoutingRulesSet: {
    shape: {
      ...stamp,
      rules: field.objects<RoutingRule>({
        name: field.nullableString,
        matchers: field.objects({ field: field.string, operator: field.oneOf(MATCH_OPERATORS), value: field.string }),
        service: field.nullableString,
        severity: field.nullable(field.oneOf(SEVERITIES)),
        title: field.nullableString,
      }),
    },
  },
  IntegrationDisabled: { shape: { ...stamp, reason: field.nullableString } },
  IntegrationEnabled: { shape: stamp },
});
