import { deciderSpecification } from '../testing/decider-specification';
import { AccessRole, Principal } from './access-role';
import { openReviewLink, reviewLinkDecider } from './review-link.decider';
import { ReviewLinkCreated } from './review-link.events';

const now = new Date('2026-06-01T10:00:00Z');
const spec = deciderSpecification(reviewLinkDecider, now);
const victor: Principal = { id: 'k1', name: 'victor', role: AccessRole.VIEWER, kind: 'api-key' };
const report = { from: '2026-05-01T00:00:00.000Z', to: '2026-06-01T00:00:00.000Z', timeZone: 'UTC', recurringThreshold: 3, workdayStartHour: 9, workdayEndHour: 18 };
const created: ReviewLinkCreated = {
  type: 'ReviewLinkCreated',
  data: { principal: { id: 'k1', name: 'victor', role: AccessRole.VIEWER, kind: 'api-key' }, report, expiresAt: '2026-06-01T10:15:00.000Z', at: now.toISOString(), by: 'victor' },
};
const create = { type: 'CreateReviewLink' as const, tokenHash: 'h', principal: victor, report, lifetimeMs: 15 * 60_000, actor: 'victor' };

describe('review link decider', () => {
  it('records who made the link, the report it opens and when it expires; never the token', () => {
    spec.given([]).when(create).then([created]);
  });

  it('lets a link made with a bearer token end when the token does', () => {
    const expiresAt = Date.parse('2026-06-01T10:05:00Z');
    spec
      .given([])
      .when({ ...create, principal: { ...victor, kind: 'token', expiresAt } })
      .then([{ ...created, data: { ...created.data, principal: { ...created.data.principal, kind: 'token' }, expiresAt: '2026-06-01T10:05:00.000Z' } }]);
  });

  it('makes one link per token', () => {
    spec.given([created]).when(create).thenFails('ALREADY_EXISTS');
  });
});

describe('opening a review link', () => {
  const state = reviewLinkDecider.evolve(reviewLinkDecider.initialState, created);

  it('opens the report as the principal who made it until it expires', () => {
    expect(openReviewLink(state, new Date('2026-06-01T10:14:59.999Z'))).toEqual({ opened: true, principal: created.data.principal, report, expiresAt: created.data.expiresAt });
  });

  it('refuses an unknown link and an expired one, saying which', () => {
    expect(openReviewLink(reviewLinkDecider.initialState, now)).toEqual({ opened: false, reason: 'UNKNOWN' });
    expect(openReviewLink(state, new Date('2026-06-01T10:15:00Z'))).toEqual({ opened: false, reason: 'EXPIRED', expiresAt: created.data.expiresAt });
  });
});
