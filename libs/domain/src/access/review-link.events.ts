import { AccessRole } from './access-role';

/** What a review link opens: the review report's parameters, as `reviewReport` takes them. */
export interface ReviewLinkReport {
  from: string;
  to: string;
  timeZone: string;
  recurringThreshold: number;
  workdayStartHour: number;
  workdayEndHour: number;
}

/**
 * A short-lived link to the HTML review report, made by a principal for
 * people who open it in a browser without a header. Its stream is named by
 * the SHA-256 of the link's token: the token itself (256 random bits) is
 * shown once and never stored, and opening a link is one read of one stream,
 * in any process on the store, after any restart.
 */
export interface ReviewLinkCreated {
  type: 'ReviewLinkCreated';
  data: {
    /** Who made it: the link opens the report as them, with their view of private incidents. */
    principal: { id: string; name: string; role: AccessRole; kind: 'api-key' | 'token' };
    report: ReviewLinkReport;
    expiresAt: string;
    at: string;
    by: string;
  };
}

export type ReviewLinkEvent = ReviewLinkCreated;

export const REVIEW_LINK_STREAM_PREFIX = 'reviewlink-';

/** `tokenHash`: the hex SHA-256 of the link's token. */
export function reviewLinkStreamId(tokenHash: string): string {
  return `${REVIEW_LINK_STREAM_PREFIX}${tokenHash}`;
}
