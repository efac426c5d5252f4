import {
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
import { checkTeamMember, TeamMembers } from '../commands/team-member';

/** The team that owns a catalogue service (null for a service the catalogue does not know). */
export type ServiceOwner = (service: string) => string | null;

/**
 * Admins, and members of the team that owns the integration's service (the
 * service named, for a new integration or a move), change an integration. A
 * command without a principal (the command line, the server itself) is the
 * operator's.
 */
export function integrationAccess(ownerOf: ServiceOwner, membersOf: TeamMembers): AccessCheck<IntegrationCommand, IntegrationState> {
  return (command, state, { principal }) => {
    if (!principal) return;
    const services = [state.exists ? state.settings.service : null, command.type === 'CreateIntegration' || command.type === 'ChangeIntegration' ? command.service : null];
    for (const service of services) {
      if (service === null || service === undefined) continue;
      // A service the catalogue does not know is refused by the service (UNKNOWN_SERVICE); only admins get that far.
      checkTeamMember(principal, ownerOf(service.trim()) ?? '(none)', membersOf, 'the integrations of their services');
    }
  };
}

/** The write path for integrations: one stream per integration. */
export class IntegrationCommandExecutor extends CommandExecutor<IntegrationCommand, IntegrationEvent, IntegrationState> {
  constructor(store: EventStore, clock: Clock, ownerOf: ServiceOwner, membersOf: TeamMembers) {
    super(store, clock, integrationDecider, integrationEventCodec, (command) => integrationStreamId(command.integrationId.trim()), integrationAccess(ownerOf, membersOf));
  }
}

/** The write path for alert groups: one stream per group. Who may act is checked before (the integration's key, a responder's role). */
export class AlertGroupCommandExecutor extends CommandExecutor<AlertGroupCommand, AlertGroupEvent, AlertGroupState> {
  constructor(store: EventStore, clock: Clock) {
    super(store, clock, alertGroupDecider, alertGroupEventCodec, (command) => alertGroupStreamId(command.alertGroupId));
  }
}
