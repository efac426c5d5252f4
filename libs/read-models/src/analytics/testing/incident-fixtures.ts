import { FixedClock, IncidentCommand, incidentDecider, IncidentEvent, incidentStreamId, foldEvents } from '@incident-ledger/domain';
import { RecordedEvent } from '@incident-ledger/event-store';
import { IncidentReadModel } from '../../incidents/incident-read-model';
import { IncidentView } from '../../incidents/incident-view';

type WithoutActor<C> = C extends IncidentCommand ? Omit<C, 'actor' | 'incidentId'> : never;
export type FixtureCommand = WithoutActor<IncidentCommand>;

/**
 * Incidents made the way the server makes them (the decider, then the read
 * model), synchronously, at times the test sets: for hand-computed metric fixtures.
 */
export class IncidentFixtures {
  readonly model = new IncidentReadModel();
  private readonly clock = new FixedClock(new Date(0));
  private readonly histories = new Map<string, IncidentEvent[]>();
  private position = 0;

  /** Runs `command` on `incidentId` at `at`, as `actor`. */
  run(incidentId: string, at: string, command: FixtureCommand, actor = 'alice'): this {
    this.clock.set(at);
    const history = this.histories.get(incidentId) ?? [];
    const events = incidentDecider.decide({ ...command, incidentId, actor } as IncidentCommand, foldEvents(incidentDecider, history), this.clock.now());
    for (const event of events) {
      this.position++;
      const recorded: RecordedEvent = {
        id: `${incidentId}-${history.length}`,
        streamId: incidentStreamId(incidentId),
        revision: history.length,
        position: this.position,
        type: event.type,
        data: event.data,
        metadata: { correlationId: 'c', causationId: null, actor, occurredAt: at, schemaVersion: 1 },
        recordedAt: at,
      };
      history.push(event);
      this.model.apply(recorded);
    }
    this.histories.set(incidentId, history);
    return this;
  }

  get(id: string): IncidentView {
    const view = this.model.get(id);
    if (!view) throw new Error(`no incident ${id}`);
    return view;
  }

  all(): IncidentView[] {
    return [...this.model.all()];
  }
}

/** `minutes` after `start`, as an ISO instant. */
export const after = (start: string, minutes: number) => new Date(Date.parse(start) + minutes * 60_000).toISOString();
