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

/**
 * The audit log held as columns, one row per event, oldest first: a million
 * events would take some 300 MB as one object per event; as columns, with the
 * repeated strings (streams, types, actors) shared and times as numbers,
 * about a third of that.
 */
interface AuditColumns {
  positions: number[];
  streamIds: string[];
  types: string[];
  actors: string[];
  /** Milliseconds since the epoch. */
  occurredAt: number[];
  correlationIds: string[];
}

/** Who did what, when: one entry per event of the log, newest first. */
export class AuditReadModel extends CheckpointedReadModel<void, AuditColumns> {
  private rows: AuditColumns = { positions: [], streamIds: [], types: [], actors: [], occurredAt: [], correlationIds: [] };
  private byActor = new Map<string, number[]>();
  /** One instance of each repeated string: JSON.parse gives every event its own copy. */
  private readonly shared = new Map<string, string>();

  protected snapshotState(): AuditColumns {
    return this.rows;
  }

  protected restoreState(rows: AuditColumns): void {
    // A snapshot's strings come back as separate copies: share them again.
    this.rows = {
      ...rows,
      streamIds: rows.streamIds.map((streamId) => this.share(streamId)),
      types: rows.types.map((type) => this.share(type)),
      actors: rows.actors.map((actor) => this.share(actor)),
    };
    this.byActor = new Map();
    this.rows.actors.forEach((actor, index) => this.indexByActor(actor, index));
  }

  private indexByActor(actor: string, index: number): void {
    const indexes = this.byActor.get(actor);
    if (indexes) indexes.push(index);
    else this.byActor.set(actor, [index]);
  }

  private share(text: string): string {
    const known = this.shared.get(text);
    if (known !== undefined) return known;
    this.shared.set(text, text);
    return text;
  }

  protected applyNew(event: RecordedEvent): void {
    const actor = this.share(typeof event.metadata.actor === 'string' ? event.metadata.actor : 'unknown');
    const rows = this.rows;
    const index = rows.positions.length;
    rows.positions.push(event.position);
    rows.streamIds.push(this.share(event.streamId));
    rows.types.push(this.share(event.type));
    rows.actors.push(actor);
    const occurredAt = typeof event.metadata.occurredAt === 'string' ? Date.parse(event.metadata.occurredAt) : NaN;
    rows.occurredAt.push(Number.isNaN(occurredAt) ? Date.parse(event.recordedAt) : occurredAt);
    rows.correlationIds.push(typeof event.metadata.correlationId === 'string' ? event.metadata.correlationId : '');
    this.indexByActor(actor, index);
  }

  get size(): number {
    return this.rows.positions.length;
  }

  private entryAt(index: number): AuditEntry {
    const rows = this.rows;
    return {
      position: rows.positions[index],
      streamId: rows.streamIds[index],
      type: rows.types[index],
      actor: rows.actors[index],
      occurredAt: new Date(rows.occurredAt[index]).toISOString(),
      correlationId: rows.correlationIds[index],
    };
  }

  /** Entries matching the filter, newest first, `first` of them before position `before` (exclusive). */
  list(filter: AuditFilter, first: number, before?: number): AuditPage {
    const indexes = filter.actor !== undefined ? (this.byActor.get(filter.actor) ?? []) : undefined;
    const count = indexes ? indexes.length : this.rows.positions.length;
    const { positions, occurredAt } = this.rows;
    const from = filter.from?.getTime();
    const to = filter.to?.getTime();
    const entries: AuditEntry[] = [];
    let hasNextPage = false;
    for (let i = count - 1; i >= 0; i--) {
      const row = indexes ? indexes[i] : i;
      if (before !== undefined && positions[row] >= before) continue;
      const time = occurredAt[row];
      if (from !== undefined && time < from) continue;
      if (to !== undefined && time >= to) continue;
      if (entries.length === first) {
        hasNextPage = true;
        break;
      }
      entries.push(this.entryAt(row));
    }
    return { entries, hasNextPage };
  }
}
