import { deciderSpecification } from '../../testing/decider-specification';
import { IncidentCommand } from '../incident.commands';
import { incidentDecider } from '../incident.decider';
import { IncidentDeclared, IncidentEvent } from '../incident.events';
import { IncidentStatus } from '../incident-status';
import { IncidentKind } from '../incident-kind';
import { Severity } from '../severity';

// The incident the decider specs start from, and the given/when/then they judge it with.

export const now = new Date('2026-03-01T10:00:00.000Z');
export const at = now.toISOString();
export const earlier = '2026-03-01T09:00:00.000Z';
export const incidentId = 'inc-1';
export const by = 'alice';
/** What the past events record: they happened `earlier`. */
export const fact = { incidentId, at: earlier, by };
export const spec = deciderSpecification(incidentDecider, now);

export const declared: IncidentDeclared = {
  type: 'IncidentDeclared',
  data: {
    ...fact,
    title: 'Checkout errors',
    description: null,
    severity: Severity.SEV2,
    services: ['checkout'],
    impactStartedAt: null,
    detectedAt: earlier,
    private: false,
    kind: IncidentKind.NORMAL,
    tags: [],
  },
};

/** The events that bring a fresh incident to `status` by the shortest way. */
export function historyTo(status: IncidentStatus): IncidentEvent[] {
  const from = IncidentStatus.INVESTIGATING;
  switch (status) {
    case IncidentStatus.INVESTIGATING:
      return [declared];
    case IncidentStatus.IDENTIFIED:
    case IncidentStatus.MONITORING:
      return [declared, { type: 'IncidentStatusChanged', data: { ...fact, from, to: status, note: null } }];
    case IncidentStatus.RESOLVED:
      return [declared, { type: 'IncidentResolved', data: { ...fact, from, summary: null } }];
    case IncidentStatus.CLOSED:
      return [...historyTo(IncidentStatus.RESOLVED), { type: 'IncidentClosed', data: fact }];
  }
}

/** A command of `type` on the incident, by `by`. */
export function command<T extends IncidentCommand['type']>(
  type: T,
  fields: Omit<Extract<IncidentCommand, { type: T }>, 'type' | 'incidentId' | 'actor'>,
): IncidentCommand {
  return { type, incidentId, actor: by, ...fields } as IncidentCommand;
}
