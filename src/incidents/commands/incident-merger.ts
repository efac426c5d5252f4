import { DomainError, incidentNotFound, UNSEEN_INCIDENT } from '@incident-ledger/domain';
import { IncidentReadModel, IncidentView, Projector, seesIncidentId, visibleTo } from '@incident-ledger/read-models';
import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { RequestContext } from '../../platform/graphql/request-context';
import { IncidentCommandRunner } from '../graphql/incident-command-runner';
import { MergeIncidentInput } from '../graphql/incident.inputs';
import { HandleIncidentCommand } from './handle-incident-command.command';

/** The command id of the link a merge writes on the survivor: one per duplicate, so writing it again changes nothing. */
const linkCommandId = (duplicateId: string) => `merge-link:${duplicateId}`;

/** The refusal to merge into a merged duplicate: it names the survivor (null) only to whoever may see it. */
function cannotMergeIntoMerged(intoId: string, mergedInto: string | null): DomainError {
  const message =
    mergedInto === null ? `Incident ${intoId} was itself merged into ${UNSEEN_INCIDENT}` : `Incident ${intoId} was itself merged into ${mergedInto}; merge into that one`;
  return new DomainError('CANNOT_MERGE', message, { into: intoId, mergedInto });
}

/** Who the timeline names for a link written at start-up. */
const RECOVERY_ACTOR = 'incident-ledger';

/**
 * Merging touches two incidents, two streams: the duplicate records the merge
 * (the fact that counts), then the survivor records the link. A crash between
 * the two leaves a merge without its link; every start finds such merges in
 * the read model and writes the missing links, so the store is whole again.
 */
@Injectable()
export class IncidentMerger implements OnApplicationBootstrap {
  private readonly logger = new Logger('IncidentMerger');

  constructor(
    private readonly runner: IncidentCommandRunner,
    private readonly commandBus: CommandBus,
    private readonly readModel: IncidentReadModel,
    private readonly projector: Projector,
  ) {}

  async merge(input: MergeIncidentInput, context: RequestContext): Promise<IncidentView> {
    const sees = seesIncidentId(this.readModel, visibleTo(context.principal));
    const into = this.readModel.get(input.into);
    if (!into || !sees(into.id)) throw incidentNotFound(input.into);
    if (into.mergedInto !== null) throw cannotMergeIntoMerged(into.id, sees(into.mergedInto) ? into.mergedInto : null);
    const duplicate = await this.runner.runOn(input, context, 'MergeIncident', { into: into.id });
    const link = { type: 'LinkDuplicate', incidentId: into.id, duplicateId: duplicate.id, actor: context.principal.name } as const;
    await this.runner.run(link, { commandId: linkCommandId(duplicate.id) }, context);
    // As of the merge's own write, as every mutation answers (a retried merge answers what it answered first).
    return duplicate;
  }

  /** Writes the missing links of merges a crash interrupted. */
  async onApplicationBootstrap(): Promise<void> {
    for (const incident of [...this.readModel.all()]) {
      if (incident.mergedInto === null) continue;
      const into = this.readModel.get(incident.mergedInto);
      if (!into || into.duplicates.includes(incident.id)) continue;
      this.logger.warn({ message: 'Completing an interrupted merge', duplicate: incident.id, into: into.id });
      const actor = RECOVERY_ACTOR;
      const outcome = await this.commandBus.execute(
        new HandleIncidentCommand(
          { type: 'LinkDuplicate', incidentId: into.id, duplicateId: incident.id, actor },
          { actor, correlationId: 'merge-recovery', commandId: linkCommandId(incident.id) },
        ),
      );
      // The server answers once the repair shows.
      await this.projector.waitFor(outcome.position, Infinity);
    }
  }
}
