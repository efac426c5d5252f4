import {
  Clock,
  DomainError,
  foldEvents,
  IncidentCommand,
  incidentDecider,
  IncidentEvent,
  IncidentState,
  incidentStreamId,
} from '@incident-ledger/domain';
import { EventStore, NewEvent, WrongExpectedRevisionError } from '@incident-ledger/event-store';
import { createHash, randomUUID } from 'node:crypto';
import { eventIdForCommand } from './deterministic-id';
import { KeyedLock } from './keyed-lock';

export interface CommandContext {
  /** Who issues the command. */
  actor: string;
  correlationId: string;
  /** The incident version the client last saw; the command is refused if the incident moved on. */
  expectedVersion?: number | null;
  /** A client-chosen id: retrying a command with the same id writes nothing twice. */
  commandId?: string | null;
}

export interface CommandOutcome {
  incidentId: string;
  /** Global position of the command's last event: read models at or past it include the write. */
  position: number;
  /** True when the command id had already been handled: nothing new was written. */
  replayed: boolean;
}

/** A command id came back with a different command than the first time. */
export class CommandIdReusedError extends Error {
  constructor(readonly commandId: string) {
    super(`commandId ${commandId} was already used for a different command`);
    this.name = 'CommandIdReusedError';
  }
}

/**
 * How often a command without `expectedVersion` is re-decided after losing a
 * race. Within one process commands on an incident are queued, so only
 * writers in other processes can make it lose.
 */
const MAX_ATTEMPTS = 10;
const SCHEMA_VERSION = 1;

/**
 * The write path of every incident command: load the stream, decide, append
 * with the revision that was decided on. Commands on the same incident run
 * one at a time in this process; different incidents proceed concurrently
 * (and share the store's group commits).
 *
 * With `expectedVersion` the client's view is part of the decision, so a
 * conflict is reported. Without it, losing a race only means the decision was
 * made on stale state: the command is decided again on the fresh state, a few
 * times at most.
 */
export class IncidentCommandExecutor {
  private readonly lock = new KeyedLock();

  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock,
  ) {}

  execute(command: IncidentCommand, context: CommandContext): Promise<CommandOutcome> {
    return this.lock.run(command.incidentId, () => this.decideAndAppend(command, context));
  }

  private async decideAndAppend(command: IncidentCommand, context: CommandContext): Promise<CommandOutcome> {
    const streamId = incidentStreamId(command.incidentId);
    const fingerprint = fingerprintOf(command);
    const { commandId, expectedVersion } = context;

    if (commandId) {
      const replayed = await this.findHandled(commandId, fingerprint, command.incidentId);
      if (replayed) return replayed;
    }

    for (let attempt = 1; ; attempt++) {
      const { state, revision } = await this.load(streamId);
      if (expectedVersion != null && expectedVersion - 1 !== revision) {
        throw new WrongExpectedRevisionError(streamId, expectedVersion - 1, revision);
      }
      let decided: IncidentEvent[];
      try {
        decided = incidentDecider.decide(command, state, this.clock.now());
      } catch (error) {
        // A concurrent retry of this very command may have won the race.
        const replayed = commandId && error instanceof DomainError ? await this.findHandled(commandId, fingerprint, command.incidentId) : undefined;
        if (replayed) return replayed;
        throw error;
      }
      const occurredAt = this.clock.now().toISOString();
      const events: NewEvent[] = decided.map((event, index) => ({
        id: commandId ? eventIdForCommand(commandId, index) : randomUUID(),
        type: event.type,
        data: event.data,
        metadata: {
          correlationId: context.correlationId,
          causationId: commandId ?? null,
          actor: context.actor,
          occurredAt,
          schemaVersion: SCHEMA_VERSION,
          commandType: command.type,
          commandFingerprint: fingerprint,
          eventsInCommand: decided.length,
        },
      }));
      try {
        const result = await this.store.append(streamId, events, revision < 0 ? 'no-stream' : revision);
        return { incidentId: command.incidentId, position: result.lastPosition, replayed: result.alreadyAppended };
      } catch (error) {
        const retry = error instanceof WrongExpectedRevisionError && expectedVersion == null && attempt < MAX_ATTEMPTS;
        if (!retry) throw error;
      }
    }
  }

  private async load(streamId: string): Promise<{ state: IncidentState; revision: number }> {
    const events: IncidentEvent[] = [];
    let revision = -1;
    for await (const event of this.store.readStream(streamId)) {
      events.push(event as unknown as IncidentEvent);
      revision = event.revision;
    }
    return { state: foldEvents(incidentDecider, events), revision };
  }

  private async findHandled(commandId: string, fingerprint: string, incidentId: string): Promise<CommandOutcome | undefined> {
    const first = await this.store.findEvent(eventIdForCommand(commandId, 0));
    if (!first) return undefined;
    if (first.metadata.commandFingerprint !== fingerprint) throw new CommandIdReusedError(commandId);
    const count = typeof first.metadata.eventsInCommand === 'number' ? first.metadata.eventsInCommand : 1;
    const last = count > 1 ? await this.store.findEvent(eventIdForCommand(commandId, count - 1)) : first;
    return { incidentId, position: (last ?? first).position, replayed: true };
  }
}

/** A digest of what the command asks for (not who asks), to recognise a retried command. */
function fingerprintOf(command: IncidentCommand): string {
  const { actor: _actor, ...request } = command;
  const canonical = JSON.stringify(request, Object.keys(request).sort());
  return createHash('sha256').update(canonical).digest('base64url');
}
