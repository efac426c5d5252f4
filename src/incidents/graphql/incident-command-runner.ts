import { DomainError, IncidentCommand, incidentMerged } from '@incident-ledger/domain';
import { EVENT_STORE, EventStore } from '@incident-ledger/event-store';
import { incidentAtVersion, IncidentReadModel, IncidentView, Projector, seesIncidentId, visibleTo } from '@incident-ledger/read-models';
import { Inject, Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { AppConfig, CommandOutcome } from '@incident-ledger/application';
import { RequestContext } from '../../platform/graphql/request-context';
import { HandleIncidentCommand } from '../commands/handle-incident-command.command';
import { IncidentMutationInput } from './incident.inputs';

/** The fields of a command that a mutation input supplies (the rest come from the input's incident and the caller). */
export type CommandFields<T extends IncidentCommand['type']> = Omit<Extract<IncidentCommand, { type: T }>, 'type' | 'incidentId' | 'actor'>;

export interface CommandOptions {
  expectedVersion?: number | null;
  commandId?: string | null;
}

/** How every incident mutation runs: the command with the server's policies, then the incident as of that write. */
@Injectable()
export class IncidentCommandRunner {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly projector: Projector,
    private readonly readModel: IncidentReadModel,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  /** Runs a command on the input's incident, as the caller, with the input's safety options. */
  runOn<T extends IncidentCommand['type']>(input: IncidentMutationInput, context: RequestContext, type: T, fields: CommandFields<T>): Promise<IncidentView> {
    const command = { type, incidentId: input.incidentId, actor: context.principal.name, ...fields } as IncidentCommand;
    return this.run(command, input, context);
  }

  /** Executes the command, then answers with the incident as of that write (read-your-writes). */
  async run(command: IncidentCommand, options: CommandOptions, context: RequestContext): Promise<IncidentView> {
    const withPolicy = command.type === 'CloseIncident' || command.type === 'ChangeIncidentStatus' ? { ...command, reportRequiredFor: this.config.reportRequiredFor } : command;
    const outcome = await this.commandBus
      .execute(
        new HandleIncidentCommand(withPolicy, {
          actor: context.principal.name,
          correlationId: context.correlationId,
          expectedVersion: options.expectedVersion,
          commandId: options.commandId,
          principal: context.principal,
        }),
      )
      .catch((error: unknown) => {
        throw this.toldTo(context, error);
      });
    await this.projector.waitFor(outcome.position, this.config.READ_YOUR_WRITES_TIMEOUT_MS, this.readModel);
    // Answered even when the write just took the caller out of a private incident: it was theirs to make.
    const incident = outcome.replayed ? await this.asOfFirstAttempt(command.incidentId, outcome) : this.readModel.get(command.incidentId);
    if (!incident) throw new Error(`Incident ${command.incidentId} is missing from the read model after its write`);
    return incident;
  }

  /**
   * A retry answers what its first attempt answered: the incident as of that
   * write. Usually nothing was written since and that is the incident now;
   * otherwise its stream is replayed up to that write (and no further).
   */
  private async asOfFirstAttempt(incidentId: string, { version }: CommandOutcome): Promise<IncidentView | undefined> {
    const now = this.readModel.get(incidentId);
    return now?.version === version ? now : incidentAtVersion(this.store, incidentId, version);
  }

  /** A refusal that names a merge's survivor names it only to a caller who may see it. */
  private toldTo(context: RequestContext, error: unknown): unknown {
    if (!(error instanceof DomainError) || error.reason !== 'INCIDENT_MERGED') return error;
    const { incidentId, mergedInto } = error.details;
    if (typeof mergedInto !== 'string' || seesIncidentId(this.readModel, visibleTo(context.principal))(mergedInto)) return error;
    return incidentMerged(String(incidentId), null);
  }
}
