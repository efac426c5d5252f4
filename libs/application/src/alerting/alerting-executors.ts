import {
  AccessRole,
  AlertGroupCommand,
  alertGroupDecider,
  AlertGroupEvent,
  alertGroupEventCodec,
  AlertGroupState,
  alertGroupStreamId,
  Clock,
  IntegrationCommand,
  integrationDecider,
  IntegrationEvent,
  integrationEventCodec,
  IntegrationState,
  integrationStreamId,
} from '@incident-ledger/domain';
import { EventStore } from '@incident-ledger/event-store';
import { AccessCheck, CommandExecutor } from '../commands/command-executor';

/** The caller is neither an admin nor a member of the team that owns the integration's service. */
export class NotIntegrationEditorError extends Error {
  constructor(
    readonly person: string,
    readonly team: string | null,
  ) {
    super(team === null ? `Only admins change integrations of a service no team owns` : `Only admins and members of team ${team} change this integration; ${person} is not a member`);
    this.name = 'NotIntegrationEditorError';
  }
}

/** The owner team of a catalogue service and that team's members, as the catalogue has them now. */
export type ServiceOwners = (service: string) => { team: string | null; members: readonly string[] };

/**
 * Admins, and members of the team that owns the integration's service (the
 * service named, for a new integration or a move), change an integration. A
 * command without a principal (the command line, the server itself) is the
 * operator's.
 */
export function integrationAccess(ownersOf: ServiceOwners): AccessCheck<IntegrationCommand, IntegrationState> {
  return (command, state, { principal }) => {
    if (!principal || principal.role === AccessRole.ADMIN) return;
    const services = [state.exists ? state.settings.service : null, command.type === 'CreateIntegration' || command.type === 'ChangeIntegration' ? command.service : null];
    for (const service of services) {
      if (service === null || service === undefined) continue;
      const { team, members } = ownersOf(service.trim());
      if (!members.includes(principal.name)) throw new NotIntegrationEditorError(principal.name, team);
    }
  };
}

/** The write path for integrations: one stream per integration. */
export class IntegrationCommandExecutor extends CommandExecutor<IntegrationCommand, IntegrationEvent, IntegrationState> {
  constructor(store: EventStore, clock: Clock, ownersOf: ServiceOwners) {
    super(store, clock, integrationDecider, integrationEventCodec, (command) => integrationStreamId(command.integrationId.trim()), integrationAccess(ownersOf));
  }
}

/** The write path for alert groups: one stream per group. Who may act is checked before (the integration's key, a responder's role). */
export class AlertGroupCommandExecutor extends CommandExecutor<AlertGroupCommand, AlertGroupEvent, AlertGroupState> {
  constructor(store: EventStore, clock: Clock) {
    super(store, clock, alertGroupDecider, alertGroupEventCodec, (command) => alertGroupStreamId(command.alertGroupId));
  }
}
