import {
  Clock,
  ComponentAffected,
  PublicImpact,
  STATUSPAGE_LIMITS,
  DomainError,
  IncidentKind,
  MaintenanceCommand,
  maintenanceDecider,
  MaintenanceEvent,
  maintenanceEventCodec,
  MaintenanceState,
  maintenanceStreamId,
  PublicIncidentCommand,
  publicIncidentDecider,
  PublicIncidentEvent,
  publicIncidentEventCodec,
  PublicIncidentState,
  publicIncidentStreamId,
  StatusComponentCommand,
  statusComponentDecider,
  StatusComponentEvent,
  statusComponentEventCodec,
  StatusComponentState,
  statusComponentStreamId,
} from '@incident-ledger/domain';
import { EventStore } from '@incident-ledger/event-store';
import { IncidentReadModel, Projector, StatusPageReadModel, visibleTo } from '@incident-ledger/read-models';
import { createHash } from 'node:crypto';
import { CommandContext, CommandExecutor } from '../commands/command-executor';

export class StatusComponentCommandExecutor extends CommandExecutor<StatusComponentCommand, StatusComponentEvent, StatusComponentState> {
  constructor(store: EventStore, clock: Clock) {
    super(store, clock, statusComponentDecider, statusComponentEventCodec, (command) => statusComponentStreamId(command.componentId.trim()));
  }
}

export class PublicIncidentCommandExecutor extends CommandExecutor<PublicIncidentCommand, PublicIncidentEvent, PublicIncidentState> {
  constructor(store: EventStore, clock: Clock) {
    super(store, clock, publicIncidentDecider, publicIncidentEventCodec, (command) => publicIncidentStreamId(command.incidentId));
  }
}

export class MaintenanceCommandExecutor extends CommandExecutor<MaintenanceCommand, MaintenanceEvent, MaintenanceState> {
  constructor(store: EventStore, clock: Clock) {
    super(store, clock, maintenanceDecider, maintenanceEventCodec, (command) => maintenanceStreamId(command.maintenanceId.trim()));
  }
}

/** A publication's id on the page: stable for its incident, and tells nothing of the ledger's id. */
export function publicIdOf(incidentId: string): string {
  return createHash('sha256').update(`statuspage:${incidentId}`).digest('hex').slice(0, 12);
}

/**
 * The status page's commands, with what they name checked against the read
 * models (a component exists and is no group, an incident may be published at
 * all); each answers once the page includes its write (read-your-writes).
 */
export class StatusPageCommands {
  constructor(
    private readonly components: StatusComponentCommandExecutor,
    private readonly publications: PublicIncidentCommandExecutor,
    private readonly maintenances: MaintenanceCommandExecutor,
    readonly page: StatusPageReadModel,
    private readonly incidents: IncidentReadModel,
    private readonly projector: Projector,
    private readonly waitMs: number,
  ) {}

  async component(command: StatusComponentCommand, context: CommandContext): Promise<void> {
    if (command.type === 'CreateStatusComponent' && this.page.componentCount >= STATUSPAGE_LIMITS.pageComponents) {
      throw new DomainError('INVALID_INPUT', `A status page holds at most ${STATUSPAGE_LIMITS.pageComponents} components and groups`, { field: 'id' });
    }
    const groupId = 'groupId' in command ? command.groupId?.trim() : undefined;
    if (groupId && !this.page.component(groupId)?.isGroup) throw new DomainError('INVALID_INPUT', `No group ${groupId} on the status page`, { field: 'groupId' });
    await this.settle(await this.components.execute(command, context));
  }

  /** Puts an incident on the page under its public id. */
  publish(incidentId: string, publication: { name: string; impact: PublicImpact; components: readonly ComponentAffected[]; message: string }, context: CommandContext): Promise<void> {
    return this.publication({ type: 'PublishIncident', incidentId, actor: context.actor, publicId: publicIdOf(incidentId), ...publication }, context);
  }

  /** Publishing, changing or withdrawing an incident's publication; publishing needs an incident the caller sees that is neither private nor a drill. */
  async publication(command: PublicIncidentCommand, context: CommandContext): Promise<void> {
    const incident = this.incidents.get(command.incidentId);
    if (!incident || (context.principal && !visibleTo(context.principal)(incident))) throw new DomainError('INCIDENT_NOT_FOUND', `No incident ${command.incidentId}`, { field: 'incidentId' });
    if (command.type === 'PublishIncident' && (incident.private || incident.kind === IncidentKind.DRILL)) {
      throw new DomainError('INCIDENT_NOT_PUBLISHABLE', `Incident ${command.incidentId} is ${incident.private ? 'private' : 'a drill'}: it never reaches the status page`, { field: 'incidentId' });
    }
    if ('components' in command && command.components) command.components.forEach((component, i) => this.checkComponent(component.componentId, `components[${i}].componentId`));
    await this.settle(await this.publications.execute(command, context));
  }

  async maintenance(command: MaintenanceCommand, context: CommandContext): Promise<void> {
    if (command.type === 'ScheduleMaintenance') command.components.forEach((componentId, i) => this.checkComponent(componentId, `components[${i}]`));
    await this.settle(await this.maintenances.execute(command, context));
  }

  private checkComponent(componentId: string, field: string): void {
    const component = this.page.component(componentId.trim());
    if (!component) throw new DomainError('INVALID_INPUT', `No component ${componentId} on the status page`, { field });
    if (component.isGroup) throw new DomainError('COMPONENT_IS_GROUP', `${componentId} is a group: name its components`, { field });
  }

  private settle(outcome: { position: number }): Promise<void> {
    return this.projector.waitFor(outcome.position, this.waitMs, this.page);
  }
}

/** Who starts and completes maintenance on time: the `by` of those updates. */
export const MAINTENANCE_ACTOR = 'statuspage';

/**
 * Maintenance on time: each round, the maintenance whose window opened is
 * started and the one whose window closed is completed (the decider moves it
 * only from the status it was due from, so a person's earlier move, a second
 * server or a retried round changes nothing). Runs under the once-only lease.
 */
export class MaintenanceWindows {
  constructor(
    private readonly executor: MaintenanceCommandExecutor,
    private readonly page: StatusPageReadModel,
    private readonly clock: Clock,
  ) {}

  async round(): Promise<number> {
    const due = this.page.dueMaintenanceMoves(this.clock.now());
    for (const move of due) {
      const occasion = `maintenance-${move.maintenanceId}-${move.to}-${move.dueAt}`;
      await this.executor.execute(
        { type: 'UpdateMaintenance', maintenanceId: move.maintenanceId, actor: MAINTENANCE_ACTOR, status: move.to, message: null, automatic: { expected: move.from } },
        { actor: MAINTENANCE_ACTOR, correlationId: occasion, commandId: occasion },
      );
    }
    return due.length;
  }
}
