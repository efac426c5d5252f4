import { EventStore, RecordedEvent } from '@incident-ledger/event-store';
import { CheckpointedReadModel } from '../checkpointed-read-model';
import { PublicStatusPage } from './public-status-page';
import { applyToStatusPage, concernsStatusPage, DueMaintenanceMove, dueMaintenanceMoves, emptyStatusPageState, publicStatusPage, StatusPageState, statusPageEventTime } from './status-page.projection';

const MINUTE_MS = 60_000;

/** A component, group, publication or maintenance as people manage it (not only what the public sees). */

/**
 * The public status page, kept up to date from the log. The page the public
 * reads is built once per change and per minute (its uptime bars move with
 * the clock), and `version` tells a client's cached copy apart (the ETag).
 */
export class StatusPageReadModel extends CheckpointedReadModel<void, StatusPageState> {
  private state = emptyStatusPageState();
  private cached: { key: string; page: PublicStatusPage } | null = null;

  get size(): number {
    return this.state.components.size + this.state.published.size + this.state.maintenances.size;
  }

  protected snapshotState(): StatusPageState {
    return this.state;
  }

  protected restoreState(state: StatusPageState): void {
    this.state = state;
    this.cached = null;
  }

  protected applyNew(event: RecordedEvent): void {
    applyToStatusPage(this.state, event);
  }

  /** The page now; the same object until the page changes or the minute turns. */
  page(now: Date): PublicStatusPage {
    const key = this.versionAt(now);
    if (this.cached?.key !== key) this.cached = { key, page: publicStatusPage(this.state, now) };
    return this.cached.page;
  }

  /** What tells one page from another: the events it folded and the minute it was built in. */
  versionAt(now: Date): string {
    return `${this.state.seq}-${Math.floor(now.getTime() / MINUTE_MS)}`;
  }

  /** Components and groups on the page now. */
  get componentCount(): number {
    return [...this.state.components.values()].filter((component) => !component.removed).length;
  }

  /** The components and groups on the page now (removed ones not), for checks before a command. */
  component(componentId: string): { isGroup: boolean; name: string } | null {
    const component = this.state.components.get(componentId);
    return component && !component.removed ? { isGroup: component.isGroup, name: component.settings.name } : null;
  }

  /** What the ledger should start or complete on time now. */
  dueMaintenanceMoves(now: Date): DueMaintenanceMove[] {
    return dueMaintenanceMoves(this.state, now);
  }

  /** The public id of an incident's publication, if it was ever published. */
  publicIdOf(incidentId: string): string | null {
    return this.state.incidents.get(incidentId)?.publication?.publicId ?? null;
  }
}

/**
 * The page as the public saw it at `asOf`: every event that had happened by
 * then (by its own time), replayed into a fresh state. Reads the whole log:
 * for incident reviews, not for the public.
 */
export async function statusPageAsOf(store: EventStore, asOf: Date): Promise<PublicStatusPage> {
  const state = emptyStatusPageState();
  const until = asOf.getTime();
  for await (const event of store.readAll()) {
    if (concernsStatusPage(event) && Date.parse(statusPageEventTime(event)) <= until) applyToStatusPage(state, event);
  }
  return publicStatusPage(state, asOf);
}
