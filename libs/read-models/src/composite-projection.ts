import { RecordedEvent } from '@incident-ledger/event-store';
import { Projection } from './projector';

/** Several read models fed from one subscription; each skips what it has already applied. */
export class CompositeProjection implements Projection {
  constructor(private readonly projections: Projection[]) {}

  get position(): number {
    return Math.min(...this.projections.map((projection) => projection.position));
  }

  apply(event: RecordedEvent): void {
    for (const projection of this.projections) projection.apply(event);
  }
}
