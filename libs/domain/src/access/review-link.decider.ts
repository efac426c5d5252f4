import { Decider } from '../shared/decider';
import { DomainError } from '../shared/domain-error';
import { Principal } from './access-role';
import { ReviewLinkCreated, ReviewLinkEvent, ReviewLinkReport } from './review-link.events';

export type ReviewLinkCommand = {
  type: 'CreateReviewLink';
  tokenHash: string;
  principal: Principal;
  report: ReviewLinkReport;
  /** How long the link opens the report. */
  lifetimeMs: number;
  actor: string;
};

export type ReviewLinkState = { exists: false } | { exists: true; link: ReviewLinkCreated['data'] };

export function evolveReviewLink(_state: ReviewLinkState, event: ReviewLinkEvent): ReviewLinkState {
  return { exists: true, link: event.data };
}

export function decideReviewLink(command: ReviewLinkCommand, state: ReviewLinkState, now: Date): ReviewLinkEvent[] {
  if (state.exists) throw new DomainError('ALREADY_EXISTS', 'This review link already exists');
  const { id, name, role, kind, expiresAt: credentialExpiresAt } = command.principal;
  // A link never outlives the credential that made it: a bearer token's links end with the token.
  const expiresAt = Math.min(now.getTime() + command.lifetimeMs, credentialExpiresAt ?? Infinity);
  return [
    {
      type: 'ReviewLinkCreated',
      data: { principal: { id, name, role, kind }, report: command.report, expiresAt: new Date(expiresAt).toISOString(), at: now.toISOString(), by: command.actor },
    },
  ];
}

export const reviewLinkDecider: Decider<ReviewLinkCommand, ReviewLinkEvent, ReviewLinkState> = {
  decide: decideReviewLink,
  evolve: evolveReviewLink,
  initialState: { exists: false },
};

export type ReviewLinkOpening =
  | { opened: true; principal: ReviewLinkCreated['data']['principal']; report: ReviewLinkReport; expiresAt: string }
  | { opened: false; reason: 'UNKNOWN' }
  | { opened: false; reason: 'EXPIRED'; expiresAt: string };

/** Whether a link (its stream, folded) opens the report at `now`, and as whom. */
export function openReviewLink(state: ReviewLinkState, now: Date): ReviewLinkOpening {
  if (!state.exists) return { opened: false, reason: 'UNKNOWN' };
  const { principal, report, expiresAt } = state.link;
  if (now.getTime() >= Date.parse(expiresAt)) return { opened: false, reason: 'EXPIRED', expiresAt };
  return { opened: true, principal, report, expiresAt };
}
