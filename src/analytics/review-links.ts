import {
  Clock,
  foldEvents,
  openReviewLink,
  Principal,
  ReviewLinkCommand,
  reviewLinkDecider,
  ReviewLinkEvent,
  reviewLinkEventCodec,
  ReviewLinkReport,
  ReviewLinkState,
  reviewLinkStreamId,
} from '@incident-ledger/domain';
import { EVENT_STORE, EventStore } from '@incident-ledger/event-store';
import { ApiKeyReadModel } from '@incident-ledger/read-models';
import { Inject, Injectable } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { ReviewLinkRefusedError } from '../platform/auth/auth.errors';
import { AppConfig, CommandExecutor } from '@incident-ledger/application';
import { CLOCK } from '../platform/core/ledger-core.module';
import { CheckedReviewRequest } from './review-analytics';

/** A link's token: `ilr_` and 256 random bits. Not an API key (`ilk_`): it opens the review page and nothing else. */
const TOKEN_PATTERN = /^ilr_[A-Za-z0-9_-]{43}$/;

const NOT_A_LINK = 'This review link is not valid: check that it was copied whole, or ask for a new one';

const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

export interface CreatedReviewLink {
  /** Shown this once; the log holds only its hash. */
  token: string;
  expiresAt: string;
}

export interface OpenedReviewLink {
  /** Who made the link: the report is theirs, with their view of private incidents. */
  principal: Principal;
  report: ReviewLinkReport;
}

/**
 * Short-lived links to the HTML review report, for people who open it in a
 * browser, where no Authorization header can be sent. Each link is a
 * `ReviewLinkCreated` event in a stream named by its token's hash: opening
 * one reads that stream, so links work in every server process on the store,
 * across restarts, and the audit log shows who made which.
 */
@Injectable()
export class ReviewLinks {
  private readonly executor: CommandExecutor<ReviewLinkCommand, ReviewLinkEvent, ReviewLinkState>;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly keys: ApiKeyReadModel,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {
    this.executor = new CommandExecutor(store, clock, reviewLinkDecider, reviewLinkEventCodec, (command) => reviewLinkStreamId(command.tokenHash));
  }

  /** A link to the report of `request` (already checked), opened as `principal`. */
  async create(principal: Principal, request: CheckedReviewRequest, correlationId: string): Promise<CreatedReviewLink> {
    const token = `ilr_${randomBytes(32).toString('base64url')}`;
    const { from, to, timeZone, recurringThreshold, workdayStartHour, workdayEndHour } = request;
    const report = { from: from.toISOString(), to: to.toISOString(), timeZone, recurringThreshold, workdayStartHour, workdayEndHour };
    const command: ReviewLinkCommand = {
      type: 'CreateReviewLink',
      tokenHash: tokenHash(token),
      principal,
      report,
      lifetimeMs: this.config.REVIEW_LINK_MINUTES * 60_000,
      actor: principal.name,
    };
    await this.executor.execute(command, { actor: principal.name, correlationId });
    const opened = await this.open(token);
    return { token, expiresAt: opened.expiresAt };
  }

  /** What a link's token opens; refused (401) when it is malformed, unknown, expired, or its key was revoked since. */
  async open(token: string): Promise<OpenedReviewLink & { expiresAt: string }> {
    if (!TOKEN_PATTERN.test(token)) throw new ReviewLinkRefusedError(NOT_A_LINK);
    const events: ReviewLinkEvent[] = [];
    for await (const event of this.store.readStream(reviewLinkStreamId(tokenHash(token)))) events.push(reviewLinkEventCodec.decodeRecorded(event));
    const opening = openReviewLink(foldEvents(reviewLinkDecider, events), this.clock.now());
    if (!opening.opened && opening.reason === 'UNKNOWN') throw new ReviewLinkRefusedError(NOT_A_LINK);
    if (!opening.opened) throw new ReviewLinkRefusedError(`This review link expired at ${opening.expiresAt}: ask for a new one`);
    const { principal, report, expiresAt } = opening;
    // A link speaks for its key only while the key stands (a key this process does not know stands for nothing).
    const key = principal.kind === 'api-key' ? this.keys.get(principal.id) : undefined;
    if (principal.kind === 'api-key' && (!key || key.revokedAt)) {
      throw new ReviewLinkRefusedError('The API key that made this review link has been revoked');
    }
    return { principal, report, expiresAt };
  }
}
