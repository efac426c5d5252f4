import { RecordedEvent } from '@incident-ledger/event-store';
import { CheckpointedReadModel } from '../checkpointed-read-model';

export interface AuditEntry {
  position: number;
  streamId: string;
  type: string;
  actor: string;
  occurredAt: string;
  correlationId: string;
}

export interface AuditFilter {
  actor?: string;
  /** At or after this instant. */
  from?: Date;
  /** Before this instant. */
  to?: Date;
}

export interface AuditPage {
  entries: AuditEntry[];
  hasNextPage: boolean;
}

/** Who did what, when: one entry per event of the log, newest first. */
export class AuditReadModel extends CheckpointedReadModel<void, AuditEntry[]> {
  private entries: AuditEntry[] = [];
  private byActor = new Map<string, number[]>();

  protected snapshotState(): AuditEntry[] {
    return this.entries;
  }

  protected restoreState(entries: AuditEntry[]): void {
    this.entries = entries;
    this.byActor = new Map();
    entries.forEach((entry, index) => this.indexByActor(entry.actor, index));
  }

  private indexByActor(actor: string, index: number): void {
    const indexes = this.byActor.get(actor);
    if (indexes) indexes.push(index);
    else this.byActor.set(actor, [index]);
  }

  protected applyNew(event: RecordedEvent): void {
    const actor = typeof event.metadata.actor === 'string' ? event.metadata.actor : 'unknown';
    const index = this.entries.length;
    this.entries.push({
      position: event.position,
      streamId: event.streamId,
      type: event.type,
      actor,
      occurredAt: typeof event.metadata.occurredAt === 'string' ? event.metadata.occurredAt : event.recordedAt,
      correlationId: typeof event.metadata.correlationId === 'string' ? event.metadata.correlationId : '',
    });
    this.indexByActor(actor, index);
  }

  /** Entries matching the filter, newest first, `first` of them before position `before` (exclusive). */
  list(filter: AuditFilter, first: number, before?: number): AuditPage {
    const indexes = filter.actor !== undefined ? (this.byActor.get(filter.actor) ?? []) : undefined;
    const count = indexes ? indexes.length : this.entries.length;
    const at = (i: number) => this.entries[indexes ? indexes[i] : i];
    const from = filter.from?.getTime();
    const to = filter.to?.getTime();
    const entries: AuditEntry[] = [];
    let hasNextPage = false;
    for (let i = count - 1; i >= 0; i--) {
      const entry = at(i);
      if (before !== undefined && entry.position >= before) continue;
      const time = Date.parse(entry.occurredAt);
      if (from !== undefined && time < from) continue;
      if (to !== undefined && time >= to) continue;
      if (entries.length === first) {
        hasNextPage = true;
        break;
      }
      entries.push(entry);
    }
    return { entries, hasNextPage };
  }
}
