import { checkSlug } from '../catalogue/catalogue.rules';
import { Decider } from '../shared/decider';
import { DomainError, invalidInput } from '../shared/domain-error';
import { checkOptionalText, checkText } from '../shared/field-rules';
import { StatusComponentEvent, StatusComponentSettings } from './status-component.events';
import { STATUSPAGE_LIMITS } from './statuspage.limits';
import { COMPONENT_STATUSES, ComponentStatus } from './statuspage.types';

interface StatusComponentCommandBase {
  componentId: string;
  actor: string;
}

export type StatusComponentCommand = StatusComponentCommandBase &
  (
    | ({ type: 'CreateStatusComponent'; isGroup: boolean } & StatusComponentSettings)
    | ({ type: 'ChangeStatusComponent' } & Partial<StatusComponentSettings>)
    | { type: 'SetComponentStatus'; status: ComponentStatus }
    | { type: 'RemoveStatusComponent' }
  );

export type StatusComponentState =
  | { readonly exists: false }
  | { readonly exists: true; readonly removed: boolean; readonly isGroup: boolean; readonly settings: StatusComponentSettings; readonly status: ComponentStatus | null };

export function evolveStatusComponent(state: StatusComponentState, event: StatusComponentEvent): StatusComponentState {
  if (event.type === 'StatusComponentCreated') {
    const { componentId: _id, isGroup, at: _at, by: _by, ...settings } = event.data;
    return { exists: true, removed: false, isGroup, settings, status: null };
  }
  if (!state.exists) return state;
  switch (event.type) {
    case 'StatusComponentChanged':
      return { ...state, settings: { ...state.settings, ...event.data.changes } };
    case 'ComponentStatusSet':
      return { ...state, status: event.data.status };
    case 'StatusComponentRemoved':
      return { ...state, removed: true };
  }
}

export function decideStatusComponent(command: StatusComponentCommand, state: StatusComponentState, now: Date): StatusComponentEvent[] {
  const stamp = { componentId: command.componentId, at: now.toISOString(), by: command.actor };
  if (command.type === 'CreateStatusComponent') {
    // An id is never used twice, even after a removal: feeds and old API answers keep naming it.
    if (state.exists) throw new DomainError('STATUS_COMPONENT_EXISTS', `Status page component ${command.componentId} already exists`, { field: 'id' });
    checkSlug(command.componentId, 'id');
    const settings = checkSettings(command);
    if (command.isGroup && settings.groupId !== null) throw invalidInput('groupId', 'A group cannot be inside another group');
    return [{ type: 'StatusComponentCreated', data: { ...stamp, ...settings, isGroup: command.isGroup } }];
  }
  if (!state.exists || state.removed) throw new DomainError('STATUS_COMPONENT_NOT_FOUND', `No status page component ${command.componentId}`);
  switch (command.type) {
    case 'ChangeStatusComponent': {
      const changes = changedSettings(command, state.settings);
      if (state.isGroup && changes.groupId) throw invalidInput('groupId', 'A group cannot be inside another group');
      return Object.keys(changes).length === 0 ? [] : [{ type: 'StatusComponentChanged', data: { ...stamp, changes } }];
    }
    case 'SetComponentStatus':
      if (state.isGroup) throw new DomainError('COMPONENT_IS_GROUP', `${command.componentId} is a group: its state is its components' worst`, { field: 'status' });
      if (!COMPONENT_STATUSES.includes(command.status)) throw invalidInput('status', `status must be one of ${COMPONENT_STATUSES.join(', ')}`);
      return [{ type: 'ComponentStatusSet', data: { ...stamp, status: command.status } }];
    case 'RemoveStatusComponent':
      return [{ type: 'StatusComponentRemoved', data: stamp }];
  }
}

function checkSettings(settings: StatusComponentSettings): StatusComponentSettings {
  return {
    name: checkText(settings.name, 'name', STATUSPAGE_LIMITS.name),
    description: checkOptionalText(settings.description, 'description', STATUSPAGE_LIMITS.description),
    groupId: settings.groupId === null ? null : checkSlug(settings.groupId, 'groupId'),
    service: settings.service === null ? null : checkSlug(settings.service, 'service'),
    position: checkPosition(settings.position),
    onlyShowIfDegraded: settings.onlyShowIfDegraded,
  };
}

function checkPosition(position: number): number {
  if (!Number.isInteger(position) || position < 1 || position > STATUSPAGE_LIMITS.position) throw invalidInput('position', `position must be a whole number from 1 to ${STATUSPAGE_LIMITS.position}`);
  return position;
}

/** Only what differs from now: sending back what is there writes nothing. */
function changedSettings(command: Partial<StatusComponentSettings>, current: StatusComponentSettings): Partial<StatusComponentSettings> {
  const wanted = checkSettings({ ...current, ...definedOnly(command) });
  return Object.fromEntries(Object.entries(wanted).filter(([key, value]) => current[key as keyof StatusComponentSettings] !== value));
}

function definedOnly(command: Partial<StatusComponentSettings>): Partial<StatusComponentSettings> {
  const keys: (keyof StatusComponentSettings)[] = ['name', 'description', 'groupId', 'service', 'position', 'onlyShowIfDegraded'];
  return Object.fromEntries(keys.filter((key) => command[key] !== undefined).map((key) => [key, command[key]]));
}

export const statusComponentDecider: Decider<StatusComponentCommand, StatusComponentEvent, StatusComponentState> = {
  decide: decideStatusComponent,
  evolve: evolveStatusComponent,
  initialState: { exists: false },
};
