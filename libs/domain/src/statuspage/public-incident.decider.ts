import { checkSlug } from '../catalogue/catalogue.rules';
import { Decider } from '../shared/decider';
import { DomainError, invalidInput } from '../shared/domain-error';
import { checkOptionalText, checkText } from '../shared/field-rules';
import { PublicIncidentEvent, PublicIncidentSettings } from './public-incident.events';
import { STATUSPAGE_LIMITS } from './statuspage.limits';
import { AffectedComponentStatus, COMPONENT_STATUS_OF_IMPACT, INCIDENT_COMPONENT_STATUSES, PUBLIC_IMPACTS, PublicImpact } from './statuspage.types';

interface PublicIncidentCommandBase {
  incidentId: string;
  actor: string;
}

/** A component named without a state takes the state of the incident's impact. */
export interface ComponentAffected {
  componentId: string;
  status?: AffectedComponentStatus['status'] | null;
}

export type PublicIncidentCommand = PublicIncidentCommandBase &
  (
    | { type: 'PublishIncident'; publicId: string; name: string; impact: PublicImpact; components: readonly ComponentAffected[]; message: string }
    | { type: 'ChangePublicIncident'; name?: string; impact?: PublicImpact; components?: readonly ComponentAffected[] }
    | { type: 'WithdrawPublicIncident'; reason?: string | null }
  );

export type PublicIncidentState =
  | { readonly published: false; readonly publicId: string | null }
  | { readonly published: true; readonly publicId: string; readonly settings: PublicIncidentSettings };

export function evolvePublicIncident(state: PublicIncidentState, event: PublicIncidentEvent): PublicIncidentState {
  switch (event.type) {
    case 'IncidentPublished': {
      const { name, impact, components, publicId } = event.data;
      return { published: true, publicId, settings: { name, impact, components } };
    }
    case 'PublicIncidentChanged':
      return state.published ? { ...state, settings: { ...state.settings, ...event.data.changes } } : state;
    case 'PublicIncidentWithdrawn':
      return { published: false, publicId: state.publicId };
  }
}

/**
 * Whether the incident may be published at all (it exists, is not private,
 * is not a drill) is the incident's to say: the caller checks it before it
 * runs the command, and the page shows no private incident whatever its
 * publication says.
 */
export function decidePublicIncident(command: PublicIncidentCommand, state: PublicIncidentState, now: Date): PublicIncidentEvent[] {
  const stamp = { incidentId: command.incidentId, at: now.toISOString(), by: command.actor };
  if (command.type === 'PublishIncident') {
    if (state.published) throw new DomainError('INCIDENT_ALREADY_PUBLISHED', `Incident ${command.incidentId} is on the status page already`);
    const impact = checkImpact(command.impact);
    return [
      {
        type: 'IncidentPublished',
        data: {
          ...stamp,
          publicId: state.publicId ?? command.publicId,
          name: checkText(command.name, 'name', STATUSPAGE_LIMITS.name),
          impact,
          components: checkComponents(command.components, impact),
          message: checkText(command.message, 'message', STATUSPAGE_LIMITS.message),
        },
      },
    ];
  }
  if (!state.published) throw new DomainError('INCIDENT_NOT_PUBLISHED', `Incident ${command.incidentId} is not on the status page`);
  switch (command.type) {
    case 'ChangePublicIncident': {
      const impact = command.impact === undefined ? state.settings.impact : checkImpact(command.impact);
      const wanted: Partial<PublicIncidentSettings> = {
        ...(command.name !== undefined && { name: checkText(command.name, 'name', STATUSPAGE_LIMITS.name) }),
        ...(command.impact !== undefined && { impact }),
        ...(command.components !== undefined && { components: checkComponents(command.components, impact) }),
      };
      const changes = Object.fromEntries(Object.entries(wanted).filter(([key, value]) => JSON.stringify(state.settings[key as keyof PublicIncidentSettings]) !== JSON.stringify(value)));
      return Object.keys(changes).length === 0 ? [] : [{ type: 'PublicIncidentChanged', data: { ...stamp, changes } }];
    }
    case 'WithdrawPublicIncident':
      return [{ type: 'PublicIncidentWithdrawn', data: { ...stamp, reason: checkOptionalText(command.reason, 'reason', STATUSPAGE_LIMITS.reason) } }];
  }
}

function checkImpact(impact: PublicImpact): PublicImpact {
  if (!PUBLIC_IMPACTS.includes(impact)) throw invalidInput('impact', `impact must be one of ${PUBLIC_IMPACTS.join(', ')}`);
  return impact;
}

/** In a canonical order (by id), one entry a component; a component without a state takes its impact's. */
function checkComponents(components: readonly ComponentAffected[], impact: PublicImpact): AffectedComponentStatus[] {
  if (components.length > STATUSPAGE_LIMITS.components) throw invalidInput('components', `An incident affects at most ${STATUSPAGE_LIMITS.components} components`);
  const checked = components.map((component, i) => {
    const componentId = checkSlug(component.componentId, `components[${i}].componentId`);
    const status = component.status ?? COMPONENT_STATUS_OF_IMPACT[impact];
    if (!INCIDENT_COMPONENT_STATUSES.includes(status)) throw invalidInput(`components[${i}].status`, `An incident sets a component to one of ${INCIDENT_COMPONENT_STATUSES.join(', ')}; under_maintenance is for scheduled maintenance`);
    return { componentId, status };
  });
  const ids = checked.map((component) => component.componentId);
  const repeated = ids.find((id, i) => ids.indexOf(id) !== i);
  if (repeated !== undefined) throw invalidInput('components', `Component ${repeated} is named twice`);
  return checked.sort((a, b) => a.componentId.localeCompare(b.componentId));
}

export const publicIncidentDecider: Decider<PublicIncidentCommand, PublicIncidentEvent, PublicIncidentState> = {
  decide: decidePublicIncident,
  evolve: evolvePublicIncident,
  initialState: { published: false, publicId: null },
};
