import {
  Clock,
  DomainError,
  EscalateIncident,
  ESCALATIONS_STREAM,
  EscalationPlan,
  escalationsCheckpointCodec,
  escalationsCheckpointDecider,
  INCIDENT_STREAM_PREFIX,
  IncidentEvent,
  incidentEventCodec,
  IncidentKind,
  incidentStreamId,
  isActiveStatus,
  IncidentTimestamp,
  ReassignIncident,
  requiresFullResponse,
  stepOf,
} from '@incident-ledger/domain';
import { EventStore, RecordedEvent } from '@incident-ledger/event-store';
import { EscalationReadModel, PendingTimer } from '@incident-ledger/read-models';
import { CommandContext } from '../commands/command-executor';
import { uuidFromName } from '../commands/deterministic-id';
import { IncidentCommandExecutor } from '../incidents/incident-command.executor';
import { LogCheckpoint } from '../processes/log-checkpoint';
import { TimerHandler, Timers } from '../timers';
import { EscalationTargets } from './escalation-targets';

/** The timers' action for an escalation's next step. */
export const ESCALATION_STEP_ACTION = 'escalation-step';
/** Who takes the steps the plan times: the `by` of their pages. */
export const ESCALATIONS_ACTOR = 'escalation';

const MINUTE_MS = 60_000;

/** The incident events after which its escalation pages nobody more. */
const STOPS_ESCALATION: ReadonlySet<IncidentEvent['type']> = new Set(['IncidentAcknowledged', 'IncidentResolved', 'IncidentClosed', 'IncidentMerged', 'EscalationExhausted']);

export interface EscalationsOptions {
  store: EventStore;
  clock: Clock;
  incidents: IncidentCommandExecutor;
  timers: Timers;
  policies: EscalationReadModel;
  targets: EscalationTargets;
  /** Waits until the read models this process consults (policies, schedules, the catalogue, timers) have applied the log up to a position. */
  readModelsAt: (position: number) => Promise<void>;
}

/**
 * Escalations, run under the once-only lease. The planner half reads the log
 * from its checkpoint: an incident declared at SEV1–SEV3, or raised to it,
 * (not a drill, not acknowledged) whose service has a policy starts its
 * escalation (step 1 pages the first level);
 * each step taken keeps one timer, for the next step at the time its level
 * allows, and an acknowledgement, a resolution or the end of the plan
 * cancels it. The timer half takes that step: it names the step it takes, so
 * the incident refuses a step already taken (by hand, by a timer fired
 * twice, by another server) and nobody is paged twice.
 */
export class Escalations implements TimerHandler {
  readonly action = ESCALATION_STEP_ACTION;
  private readonly checkpoint: LogCheckpoint<'EscalationsCheckpointed'>;

  constructor(private readonly options: EscalationsOptions) {
    this.checkpoint = new LogCheckpoint(options.store, options.clock, ESCALATIONS_STREAM, escalationsCheckpointDecider, escalationsCheckpointCodec, ESCALATIONS_ACTOR);
  }

  /** A ledger's first escalations process starts at the log's head: no page for incidents from before policies existed. */
  startHere(): Promise<void> {
    return this.checkpoint.startAtHeadIfNew();
  }

  /** Handles the incident events beyond the checkpoint, up to the log's head as the read models have it; answers how many it acted on. */
  async catchUp(): Promise<number> {
    const head = await this.options.store.headPosition();
    await this.options.readModelsAt(head);
    return this.checkpoint.follow((event) => this.handle(event), head);
  }

  forgetPosition(): void {
    this.checkpoint.forget();
  }

  saveCheckpoint(): Promise<void> {
    return this.checkpoint.save(true);
  }

  /** Takes the step a timer was set for: answers what became of it, for the timer's record. */
  async fire(timer: PendingTimer): Promise<string> {
    const { incidentId, step } = timer.action.data;
    if (typeof incidentId !== 'string' || typeof step !== 'number') return 'not taken: not an escalation step this server knows';
    return this.takeStep(incidentId, step, { actor: ESCALATIONS_ACTOR, correlationId: `escalation-${incidentId}`, commandId: `escalation-${timer.timerId}` });
  }

  /**
   * What a person's escalateIncident runs: the escalation's next step now
   * (starting it with its service's policy if none runs). The caller runs it
   * as any incident command, so that its answer is the incident after it.
   */
  async nextStepCommand(incidentId: string, actor: string): Promise<EscalateIncident> {
    const state = await this.options.incidents.stateOf(incidentStreamId(incidentId));
    const next = await this.stepCommand(incidentId, state.declared ? (state.escalation?.step ?? 0) + 1 : 1, true, actor);
    // With no plan the incident refuses the step itself (NO_ESCALATION_POLICY, or INCIDENT_NOT_FOUND).
    return typeof next === 'string' ? { type: 'EscalateIncident', incidentId, actor, step: 1, start: null, pages: [], skipReason: null, manual: true } : next;
  }

  /** What a person's reassignIncident runs: a page to the person chosen. */
  reassignCommand(incidentId: string, person: string, actor: string, occasion: string): ReassignIncident {
    return { type: 'ReassignIncident', incidentId, actor, page: this.options.targets.pageTo(incidentId, `reassign-${occasion}`, person) };
  }

  private async handle(recorded: RecordedEvent): Promise<boolean> {
    if (!recorded.streamId.startsWith(INCIDENT_STREAM_PREFIX) || !incidentEventCodec.knows(recorded.type)) return false;
    const event = incidentEventCodec.decodeRecorded(recorded);
    const { incidentId } = event.data;
    // Declared at SEV1–SEV3, or raised to it later: a full response, so the service's policy starts paging.
    if (event.type === 'IncidentDeclared' || (event.type === 'IncidentSeverityChanged' && requiresFullResponse(event.data.to))) return this.start(incidentId, recorded.id);
    if (event.type === 'ResponderPaged' && event.data.step !== null) return this.planNext(incidentId, event.data.step, Date.parse(event.data.at), false);
    if (event.type === 'EscalationLevelSkipped') return this.planNext(incidentId, event.data.step, Date.parse(event.data.at), true);
    if (STOPS_ESCALATION.has(event.type)) return this.cancelPending(incidentId, event.type);
    return false;
  }

  /** Starts the escalation of an active SEV1–SEV3 incident that has none yet (not a drill), if one of its services has a policy. */
  private async start(incidentId: string, causeId: string): Promise<boolean> {
    const state = await this.options.incidents.stateOf(incidentStreamId(incidentId));
    if (!state.declared || state.escalation !== null || state.kind === IncidentKind.DRILL || !requiresFullResponse(state.severity)) return false;
    if (!isActiveStatus(state.status) || state.times[IncidentTimestamp.ACKNOWLEDGED] !== null || this.planFor(state.services) === null) return false;
    await this.takeStep(incidentId, 1, { actor: ESCALATIONS_ACTOR, correlationId: `escalation-${incidentId}`, commandId: `escalation-start-${causeId}` });
    return true;
  }

  /** Keeps one timer, for the step after `step`: when its level's time is up, or at once after a skipped level. */
  private async planNext(incidentId: string, step: number, takenAt: number, skipped: boolean): Promise<boolean> {
    const state = await this.options.incidents.stateOf(incidentStreamId(incidentId));
    if (!state.declared || !state.escalation || state.escalation.step !== step || state.escalation.exhausted) return false;
    if (!isActiveStatus(state.status) || state.times[IncidentTimestamp.ACKNOWLEDGED] !== null) return false;
    const where = stepOf(state.escalation.plan, step);
    if (where === null) return false;
    const delayMs = skipped ? 0 : state.escalation.plan.levels[where.level - 1].delayMinutes * MINUTE_MS;
    const timerId = stepTimerId(incidentId, step + 1);
    const owner = escalationTimerOwner(incidentId);
    if (this.options.timers.pendingFor(owner).some((timer) => timer.timerId === timerId)) return false;
    const context = { actor: ESCALATIONS_ACTOR, correlationId: `escalation-${incidentId}` };
    await this.cancelPending(incidentId, 'a later step was planned');
    await this.options.timers.schedule({ timerId, dueAt: new Date(takenAt + delayMs).toISOString(), owner, action: { type: ESCALATION_STEP_ACTION, data: { incidentId, step: step + 1 } } }, context);
    return true;
  }

  private async cancelPending(incidentId: string, reason: string): Promise<boolean> {
    const pending = this.options.timers.pendingFor(escalationTimerOwner(incidentId));
    for (const timer of pending) await this.options.timers.cancel(timer.timerId, reason, { actor: ESCALATIONS_ACTOR, correlationId: `escalation-${incidentId}` });
    return pending.length > 0;
  }

  /** Takes step `step` as the plan times it; answers 'taken' or why not (the incident refuses it unless it is the next step). */
  private async takeStep(incidentId: string, step: number, context: CommandContext): Promise<string> {
    const command = await this.stepCommand(incidentId, step, false, context.actor);
    if (typeof command === 'string') return command;
    try {
      await this.options.incidents.execute(command, context);
      return 'taken';
    } catch (error) {
      // Acknowledged, resolved, or the step was taken already: nothing to page, nothing to retry.
      if (error instanceof DomainError) return `not taken: ${error.message}`;
      throw error;
    }
  }

  /** Step `step` with whom its level names now, or why there is no such step. */
  private async stepCommand(incidentId: string, step: number, manual: boolean, actor: string): Promise<EscalateIncident | string> {
    const state = await this.options.incidents.stateOf(incidentStreamId(incidentId));
    if (!state.declared) return 'not taken: no such incident';
    const start = state.escalation ? null : this.planFor(state.services);
    const plan = state.escalation?.plan ?? start;
    if (plan === null) return 'not taken: none of its services has an escalation policy';
    const where = stepOf(plan, step);
    const level = where === null ? { pages: [], skipReason: null } : this.options.targets.pagesFor(incidentId, `step-${step}`, plan.levels[where.level - 1], plan, where.round, this.options.clock.now());
    return { type: 'EscalateIncident', incidentId, actor, step, start, pages: level.pages, skipReason: level.skipReason, manual };
  }

  /** The plan of the first of the incident's services that has a policy, as the policy is now. */
  private planFor(services: readonly string[]): EscalationPlan | null {
    for (const service of services) {
      const policy = this.options.policies.policyOfService(service);
      if (policy) return { policyId: policy.policyId, policyName: policy.name, levels: policy.levels, repeat: policy.repeat, turn: policy.escalationsStarted };
    }
    return null;
  }
}

/** Escalation timers are grouped by incident. */
export const escalationTimerOwner = (incidentId: string): string => `escalation:${incidentId}`;

const stepTimerId = (incidentId: string, step: number): string => uuidFromName(`escalation-step:${JSON.stringify([incidentId, step])}`);
