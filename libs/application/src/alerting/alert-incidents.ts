import {
  ALERT_GROUP_STREAM_PREFIX,
  ALERT_INCIDENTS_STREAM,
  AlertGroupResolved,
  AlertGroupEvent,
  AlertGroupTriggered,
  alertGroupEventCodec,
  alertGroupStreamId,
  alertIncidentsCheckpointCodec,
  alertIncidentsCheckpointDecider,
  AlertLink,
  ALERTING_LIMITS,
  Clock,
  DomainError,
  IncidentCommand,
  incidentStreamId,
  requiresFullResponse,
  Severity,
} from '@incident-ledger/domain';
import { randomUUID } from 'node:crypto';
import { EventStore, RecordedEvent } from '@incident-ledger/event-store';
import { AlertingReadModel } from '@incident-ledger/read-models';
import { CommandContext, CommandOutcome } from '../commands/command-executor';
import { uuidFromName } from '../commands/deterministic-id';
import { IncidentCommandExecutor } from '../incidents/incident-command.executor';
import { LogCheckpoint } from '../processes/log-checkpoint';
import { AlertGroupCommandExecutor } from './alerting-executors';
import { integrationActor, isIntegrationActor } from './alerting.service';

const ACTED_ON: ReadonlySet<string> = new Set<AlertGroupEvent['type']>(['AlertGroupTriggered', 'AlertGroupResolved']);

/** The `by` of the process's checkpoints (what it writes to incidents and groups is by the integration, or the person, it acts for). */
export const ALERT_INCIDENTS_ACTOR = 'alerting';

export interface AlertIncidentsOptions {
  store: EventStore;
  clock: Clock;
  incidents: IncidentCommandExecutor;
  groups: AlertGroupCommandExecutor;
  alerting: AlertingReadModel;
}

/**
 * Turns alert groups into incidents, reading the log from its checkpoint
 * under the once-only lease:
 * - a SEV1–SEV3 group triggered is attached to the incident of its last
 *   episode while that incident is open, or else declares one (a full
 *   response); SEV4–SEV5 groups are only recorded;
 * - a group resolved is an entry on its incident's timeline, and resolves the
 *   incident when its integration says so and no person has touched it.
 * Every command's id derives from the event that caused it, and a declared
 * incident's id too, so an event handled twice (a crash before the checkpoint
 * was saved, a lease taken over) writes nothing twice.
 */
export class AlertIncidents {
  private readonly checkpoint: LogCheckpoint<'AlertIncidentsCheckpointed'>;

  constructor(private readonly options: AlertIncidentsOptions) {
    this.checkpoint = new LogCheckpoint(options.store, options.clock, ALERT_INCIDENTS_STREAM, alertIncidentsCheckpointDecider, alertIncidentsCheckpointCodec, ALERT_INCIDENTS_ACTOR);
  }

  /** Handles what the log holds beyond the checkpoint; answers how many group events it acted on. */
  catchUp(): Promise<number> {
    return this.checkpoint.follow((event) => this.handle(event));
  }

  forgetPosition(): void {
    this.checkpoint.forget();
  }

  /** At shutdown: what was handled need not be read again. */
  saveCheckpoint(): Promise<void> {
    return this.checkpoint.save(true);
  }

  private async handle(recorded: RecordedEvent): Promise<boolean> {
    // Only triggers and resolutions matter here: the alerts themselves (large in a storm) are not decoded.
    if (!recorded.streamId.startsWith(ALERT_GROUP_STREAM_PREFIX) || !ACTED_ON.has(recorded.type)) return false;
    const event = alertGroupEventCodec.decodeRecorded(recorded);
    if (event.type === 'AlertGroupTriggered') return this.triggered(recorded, event);
    if (event.type === 'AlertGroupResolved') return this.resolved(recorded, event);
    return false;
  }

  private async triggered(recorded: RecordedEvent, { data }: AlertGroupTriggered): Promise<boolean> {
    if (!requiresFullResponse(data.severity)) return false;
    const group = await this.options.groups.stateOf(recorded.streamId);
    // A later episode is handled from its own trigger; a person may have linked this one already (declared or attached by hand).
    if (!group.exists || group.episode !== data.episode || group.incidentEpisode === data.episode) return false;
    const attachment = await this.attachmentOf(recorded);
    const declaredId = uuidFromName(`alert-incident:${recorded.id}`);
    const context = (step: string): CommandContext => ({ actor: integrationActor(data.integrationId), correlationId: `alert-${data.alertGroupId}`, commandId: `alert-${step}-${recorded.id}` });
    const previous = group.incidentId;
    if (previous !== null && !(await this.exists(declaredId)) && (await this.attach(previous, data, attachment, context('attach')))) {
      await this.link(data, previous, context('link'));
      return true;
    }
    await this.options.incidents.execute(
      {
        type: 'DeclareIncident',
        incidentId: declaredId,
        actor: integrationActor(data.integrationId),
        title: data.title,
        severity: data.severity,
        services: [data.service],
        detectedAt: new Date(data.at),
        impactStartedAt: attachment.startedAt,
      },
      context('declare'),
    );
    if (!(await this.attach(declaredId, data, attachment, context('attach')))) throw new Error(`Incident ${declaredId}, just declared for alert group ${data.alertGroupId}, refused it`);
    await this.link(data, declaredId, context('link'));
    return true;
  }

  private async resolved(recorded: RecordedEvent, { data }: AlertGroupResolved): Promise<boolean> {
    const group = await this.options.groups.stateOf(recorded.streamId);
    if (!group.exists || group.incidentId === null || group.incidentEpisode !== data.episode) return false;
    const incidentId = group.incidentId;
    const actor = integrationActor(group.integrationId);
    const context = (step: string): CommandContext => ({ actor, correlationId: `alert-${data.alertGroupId}`, commandId: `alert-${step}-${recorded.id}` });
    await this.options.incidents.execute({ type: 'RecordAlertGroupResolved', incidentId, actor, alertGroupId: data.alertGroupId }, context('resolved'));
    if (this.options.alerting.integration(group.integrationId)?.autoResolve && (await this.untouchedWithAllAlertsResolved(incidentId))) {
      await this.options.incidents.execute(
        { type: 'ResolveIncident', incidentId, actor, summary: 'Resolved automatically: its alerts resolved, and no person had acted on it.' },
        context('auto-resolve'),
      );
    }
    return true;
  }

  /** What the incident shows of the group: the AlertsReceived written with the trigger (the next event of the stream). */
  private async attachmentOf(trigger: RecordedEvent): Promise<Attachment> {
    const group = await this.options.groups.stateOf(trigger.streamId);
    for await (const next of this.options.store.readStream(trigger.streamId, { fromRevision: trigger.revision + 1, pageSize: 1 })) {
      const event = alertGroupEventCodec.decodeRecorded(next);
      if (event.type !== 'AlertsReceived') break;
      const firing = event.data.alerts.filter((alert) => alert.status === 'FIRING');
      const links = [...new Map(firing.flatMap((alert) => alert.links).map((link) => [link.url, link])).values()].slice(0, ALERTING_LIMITS.linksMaxCount);
      const starts = firing.flatMap((alert) => (alert.startsAt === null ? [] : [alert.startsAt])).sort();
      return { alertCount: group.exists ? group.alerts.size : firing.length, links, startedAt: starts.length > 0 ? new Date(starts[0]) : null };
    }
    return { alertCount: group.exists ? group.alerts.size : 0, links: [], startedAt: null };
  }

  /** Attaches the group; false when the incident is no longer open (a new one is declared then). */
  private async attach(incidentId: string, data: AlertGroupTriggered['data'], attachment: Attachment, context: CommandContext): Promise<boolean> {
    try {
      await this.options.incidents.execute(attachCommand(incidentId, data, attachment, context.actor), context);
      return true;
    } catch (error) {
      if (error instanceof DomainError) return false;
      throw error;
    }
  }

  /**
   * A person declares an incident for a group the routing left without one
   * (SEV4–SEV5), at the severity they choose; answers the incident's id.
   */
  async declareFor(alertGroupId: string, severity: Severity | null, context: CommandContext): Promise<LinkedIncident> {
    const { recorded, data } = await this.currentTrigger(alertGroupId);
    const incidentId = context.commandId ? uuidFromName(`alert-incident:${JSON.stringify([context.actor, context.commandId])}`) : randomUUID();
    const group = await this.options.groups.stateOf(recorded.streamId);
    // A retry (the same command id) goes through again, writing nothing twice; another declaration for a linked group is refused.
    if (group.exists && group.incidentId !== null && group.incidentEpisode === data.episode && group.incidentId !== incidentId) {
      throw new DomainError('ALERT_GROUP_HAS_INCIDENT', `Alert group ${alertGroupId} is part of incident ${group.incidentId} already`, { incidentId: group.incidentId });
    }
    const attachment = await this.attachmentOf(recorded);
    const step = (name: string): CommandContext => ({ ...context, commandId: context.commandId ? `${context.commandId}-${name}` : null });
    await this.options.incidents.execute(
      { type: 'DeclareIncident', incidentId, actor: context.actor, title: data.title, severity: severity ?? data.severity, services: [data.service], detectedAt: new Date(data.at), impactStartedAt: attachment.startedAt },
      step('declare'),
    );
    await this.options.incidents.execute(attachCommand(incidentId, data, attachment, context.actor), step('attach'));
    const { position } = await this.link(data, incidentId, step('link'));
    return { incidentId, position };
  }

  /** A person attaches a group to an open incident (an alert that belongs to an incident already under way). */
  async attachTo(alertGroupId: string, incidentId: string, context: CommandContext): Promise<LinkedIncident> {
    const { recorded, data } = await this.currentTrigger(alertGroupId);
    await this.options.incidents.execute(attachCommand(incidentId, data, await this.attachmentOf(recorded), context.actor), context);
    const { position } = await this.link(data, incidentId, { ...context, commandId: context.commandId ? `${context.commandId}-link` : null });
    return { incidentId, position };
  }

  /** The trigger of the group's current episode. */
  private async currentTrigger(alertGroupId: string): Promise<{ recorded: RecordedEvent; data: AlertGroupTriggered['data'] }> {
    let found: { recorded: RecordedEvent; data: AlertGroupTriggered['data'] } | undefined;
    for await (const recorded of this.options.store.readStream(alertGroupStreamId(alertGroupId))) {
      const event = alertGroupEventCodec.decodeRecorded(recorded);
      if (event.type === 'AlertGroupTriggered') found = { recorded, data: event.data };
    }
    if (!found) throw new DomainError('ALERT_GROUP_NOT_FOUND', `No alert group ${alertGroupId}`);
    return found;
  }

  private link(data: AlertGroupTriggered['data'], incidentId: string, context: CommandContext): Promise<CommandOutcome> {
    return this.options.groups.execute({ type: 'LinkAlertGroupToIncident', alertGroupId: data.alertGroupId, actor: context.actor, incidentId, episode: data.episode }, context);
  }

  private async exists(incidentId: string): Promise<boolean> {
    return (await this.options.incidents.stateOf(incidentStreamId(incidentId))).declared;
  }

  /** Auto-resolution is for incidents only integrations wrote to, whose attached groups have all resolved. */
  private async untouchedWithAllAlertsResolved(incidentId: string): Promise<boolean> {
    const state = await this.options.incidents.stateOf(incidentStreamId(incidentId));
    if (!state.declared || Object.values(state.alertGroups).some((group) => !group.resolved)) return false;
    for await (const event of this.options.store.readStream(incidentStreamId(incidentId))) {
      const by = (event.data as { by?: unknown }).by;
      if (typeof by !== 'string' || !isIntegrationActor(by)) return false;
    }
    return true;
  }
}

/** A group linked to an incident by a person: the log's position once both sides say so. */
export interface LinkedIncident {
  incidentId: string;
  position: number;
}

/** What an incident is told of a group when it is attached: how many alerts, their links, when the first began. */
interface Attachment {
  alertCount: number;
  links: AlertLink[];
  startedAt: Date | null;
}

function attachCommand(incidentId: string, data: AlertGroupTriggered['data'], { alertCount, links }: Attachment, actor: string): IncidentCommand {
  return { type: 'AttachAlertGroup', incidentId, actor, alertGroupId: data.alertGroupId, integrationId: data.integrationId, title: data.title, alertCount: Math.max(1, alertCount), links };
}
