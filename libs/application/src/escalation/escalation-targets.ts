import { EscalationLevel, EscalationPlan, EscalationTarget, onCallAt, PageContact, PageOrder } from '@incident-ledger/domain';
import { CatalogueReadModel, OncallReadModel } from '@incident-ledger/read-models';
import { uuidFromName } from '../commands/deterministic-id';

/** Who a level pages now, and why nobody when it pages nobody. */
export interface LevelPages {
  pages: PageOrder[];
  skipReason: string | null;
}

/**
 * Turns a level's targets into the people to page at an instant: a
 * schedule's person on call then, a person, a team's members (all of them, or
 * the one whose turn it is). Each person once per step, whatever number of
 * targets name them. A page's id derives from the incident, the step and the
 * person, so a step taken again after a crash pages with the same ids.
 */
export class EscalationTargets {
  constructor(
    private readonly oncall: OncallReadModel,
    private readonly catalogue: CatalogueReadModel,
    /** Whether the server sends email: a page says it goes by email only then. */
    private readonly mailsPeople: boolean,
  ) {}

  pagesFor(incidentId: string, occasion: string, level: EscalationLevel, plan: EscalationPlan, round: number, at: Date): LevelPages {
    const found = level.targets.map((target) => ({ target, people: this.peopleOf(target, plan.turn + round - 1, at) }));
    const people = [...new Set(found.flatMap(({ people: each }) => each))];
    if (people.length > 0) return { pages: people.map((person) => this.pageTo(incidentId, occasion, person)), skipReason: null };
    return { pages: [], skipReason: `nobody to page: ${found.map(({ target }) => nobodyIn(target)).join('; ')}` };
  }

  /** A page to one person, its id from the incident, the occasion (`step-3`, `reassign-<command id>`) and the person. */
  pageTo(incidentId: string, occasion: string, person: string): PageOrder {
    const via: PageContact[] = this.mailsPeople && this.catalogue.person(person)?.contacts.email ? ['EMAIL'] : [];
    return { pageId: uuidFromName(`page:${JSON.stringify([incidentId, occasion, person])}`), person, via };
  }

  private peopleOf(target: EscalationTarget, turn: number, at: Date): string[] {
    switch (target.kind) {
      case 'PERSON':
        return [target.id];
      case 'SCHEDULE': {
        const schedule = this.oncall.schedule(target.id);
        const onCall = schedule?.exists ? onCallAt(schedule.timeline, at.toISOString()) : null;
        return onCall ? [onCall.person] : [];
      }
      case 'TEAM': {
        const members = this.catalogue.team(target.id)?.members ?? [];
        if (members.length === 0) return [];
        return target.mode === 'ROUND_ROBIN' ? [members[turn % members.length]] : [...members];
      }
    }
  }
}

function nobodyIn(target: EscalationTarget): string {
  switch (target.kind) {
    case 'SCHEDULE':
      return `nobody is on call on schedule ${target.id}`;
    case 'TEAM':
      return `team ${target.id} has no members`;
    case 'PERSON':
      return `person ${target.id}`;
  }
}
