import { checkSlug } from '../catalogue/catalogue.rules';
import { Decider } from '../shared/decider';
import { DomainError } from '../shared/domain-error';
import { checkOptionalText, checkText } from '../shared/field-rules';
import { IntegrationEvent, IntegrationSettings } from './integration.events';
import { checkRoutingRules, RoutingRule } from './routing-rules';

export const INTEGRATION_NAME_MAX_LENGTH = 200;
const REASON_MAX_LENGTH = 1_000;

interface IntegrationCommandBase {
  integrationId: string;
  actor: string;
}

export type IntegrationCommand = IntegrationCommandBase &
  (
    | ({ type: 'CreateIntegration'; keyHash: string } & IntegrationSettings)
    | { type: 'RotateIntegrationKey'; keyHash: string }
    | ({ type: 'ChangeIntegration' } & Partial<IntegrationSettings>)
    | { type: 'SetIntegrationRoutingRules'; rules: readonly RoutingRule[] }
    | { type: 'DisableIntegration'; reason?: string | null }
    | { type: 'EnableIntegration' }
  );

export type IntegrationState =
  | { readonly exists: false }
  | { readonly exists: true; readonly settings: IntegrationSettings; readonly keyHash: string; readonly rules: readonly RoutingRule[]; readonly disabled: boolean };

export function evolveIntegration(state: IntegrationState, event: IntegrationEvent): IntegrationState {
  if (event.type === 'IntegrationCreated') {
    const { name, service, autoResolve, keyHash } = event.data;
    return { exists: true, settings: { name, service, autoResolve }, keyHash, rules: [], disabled: false };
  }
  if (!state.exists) return state;
  switch (event.type) {
    case 'IntegrationKeyRotated':
      return { ...state, keyHash: event.data.keyHash };
    case 'IntegrationChanged':
      return { ...state, settings: { ...state.settings, ...event.data.changes } };
    case 'IntegrationRoutingRulesSet':
      return { ...state, rules: event.data.rules };
    case 'IntegrationDisabled':
      return { ...state, disabled: true };
    case 'IntegrationEnabled':
      return { ...state, disabled: false };
  }
}

export function decideIntegration(command: IntegrationCommand, state: IntegrationState, now: Date): IntegrationEvent[] {
  const stamp = { integrationId: command.integrationId, at: now.toISOString(), by: command.actor };
  if (command.type === 'CreateIntegration') {
    if (state.exists) throw new DomainError('INTEGRATION_EXISTS', `Integration ${command.integrationId} already exists`, { field: 'id' });
    checkSlug(command.integrationId, 'id');
    const settings = { name: checkName(command.name), service: checkSlug(command.service, 'service'), autoResolve: command.autoResolve };
    return [{ type: 'IntegrationCreated', data: { ...stamp, ...settings, keyHash: command.keyHash } }];
  }
  if (!state.exists) throw new DomainError('INTEGRATION_NOT_FOUND', `No integration ${command.integrationId}`);
  switch (command.type) {
    case 'RotateIntegrationKey':
      return [{ type: 'IntegrationKeyRotated', data: { ...stamp, keyHash: command.keyHash } }];
    case 'ChangeIntegration': {
      const changes = changedSettings(command, state.settings);
      return Object.keys(changes).length === 0 ? [] : [{ type: 'IntegrationChanged', data: { ...stamp, changes } }];
    }
    case 'SetIntegrationRoutingRules': {
      const rules = checkRoutingRules(command.rules);
      return JSON.stringify(rules) === JSON.stringify(state.rules) ? [] : [{ type: 'IntegrationRoutingRulesSet', data: { ...stamp, rules } }];
    }
    case 'DisableIntegration':
      return state.disabled ? [] : [{ type: 'IntegrationDisabled', data: { ...stamp, reason: checkOptionalText(command.reason, 'reason', REASON_MAX_LENGTH) } }];
    case 'EnableIntegration':
      return state.disabled ? [{ type: 'IntegrationEnabled', data: stamp }] : [];
  }
}

function checkName(name: string): string {
  return checkText(name, 'name', INTEGRATION_NAME_MAX_LENGTH);
}

/** Only what differs from now: sending back what is there writes nothing. */
function changedSettings(command: Partial<IntegrationSettings>, current: IntegrationSettings): Partial<IntegrationSettings> {
  const wanted: Partial<IntegrationSettings> = {
    ...(command.name !== undefined && { name: checkName(command.name) }),
    ...(command.service !== undefined && { service: checkSlug(command.service, 'service') }),
    ...(command.autoResolve !== undefined && { autoResolve: command.autoResolve }),
  };
  return Object.fromEntries(Object.entries(wanted).filter(([key, value]) => current[key as keyof IntegrationSettings] !== value));
}

export const integrationDecider: Decider<IntegrationCommand, IntegrationEvent, IntegrationState> = {
  decide: decideIntegration,
  evolve: evolveIntegration,
  initialState: { exists: false },
};
