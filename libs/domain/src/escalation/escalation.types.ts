/** Who a level of an escalation policy pages. */
export type EscalationTargetKind = 'SCHEDULE' | 'PERSON' | 'TEAM';

/** For a TEAM target: every member at once, or one member in turn (the next one each time the policy starts). */
export type TeamPageMode = 'ALL' | 'ROUND_ROBIN';

export interface EscalationTarget {
  readonly kind: EscalationTargetKind;
  /** A schedule id, a person's name or a team's slug. */
  readonly id: string;
  /** TEAM targets only; null for the others. */
  readonly mode: TeamPageMode | null;
}

export interface EscalationLevel {
  readonly targets: readonly EscalationTarget[];
  /** How long this level has to acknowledge before the next level is paged. */
  readonly delayMinutes: number;
}

/**
 * What an escalation follows: the policy as it was when the escalation
 * started, kept on the incident, so that editing the policy does not change a
 * running escalation.
 */
export interface EscalationPlan {
  readonly policyId: string;
  readonly policyName: string;
  readonly levels: readonly EscalationLevel[];
  /** How many times the whole policy is gone through again after the first round (0: once). */
  readonly repeat: number;
  /** How many escalations the policy had started before this one: a ROUND_ROBIN team pages member (turn + round - 1) in turn. */
  readonly turn: number;
}

/** Where step `step` (from 1) of a plan falls: its level and round (both from 1), or null once every round is over. */
export function stepOf(plan: Pick<EscalationPlan, 'levels' | 'repeat'>, step: number): { level: number; round: number } | null {
  const index = step - 1;
  const round = Math.floor(index / plan.levels.length) + 1;
  return round > plan.repeat + 1 ? null : { level: (index % plan.levels.length) + 1, round };
}

/** How a page reaches its person. EMAIL when they have an address and the server sends mail; channels subscribed to PAGE hear every page besides. */
export type PageContact = 'EMAIL';

/** A page to send: its id (which its acknowledgement link names) and its person. */
export interface PageOrder {
  readonly pageId: string;
  readonly person: string;
  readonly via: readonly PageContact[];
}
