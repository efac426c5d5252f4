import { AppConfig, StatusPageSubscribers, SubscriptionAction, SubscriptionLinkAnswer } from '@incident-ledger/application';
import { Clock, DomainError } from '@incident-ledger/domain';
import { statusNoticeHtml } from '@incident-ledger/presentation';
import { StatusPageReadModel, StatusPageSettings } from '@incident-ledger/read-models';
import { Controller, Get, Inject, Param, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../../platform/auth/requires.decorator';
import { RateLimiter } from '../../platform/auth/rate-limiter';
import { CLOCK } from '../../platform/core/ledger-core.module';
import { sendLinkPage } from '../../platform/http-hardening';
import { PAGE_POLICY } from './public-status-documents';

/** Sign-ups a client address may make: a few at once, then one every two minutes (each sends a mail to whatever address is given). */
const SIGN_UPS = { perSecond: 1 / 120, burst: 5 };

const DONE: Record<SubscriptionAction, { title: string; line: string }> = {
  confirm: { title: 'Subscription confirmed', line: 'You will be told of incidents and maintenance on this status page. Every message has a link to unsubscribe.' },
  unsubscribe: { title: 'Unsubscribed', line: 'You will not be told of anything more.' },
};

const ASK: Record<SubscriptionAction, { title: string; line: string; button: string }> = {
  confirm: { title: 'Confirm your subscription', line: 'Confirm that you want to be told of incidents and maintenance on this status page.', button: 'Confirm' },
  unsubscribe: { title: 'Unsubscribe', line: 'Stop the messages from this status page.', button: 'Unsubscribe' },
};

/**
 * Subscribing to the status page without a credential: the page's form
 * (POST /status/subscribe), and the links in subscribers' mail
 * (/status/subscriptions/<token>/confirm and /unsubscribe): GET asks, POST
 * acts (and a mail client's one-click unsubscribe, RFC 8058, is that POST).
 */
@Controller('status')
export class StatusSubscriptionsController {
  private readonly signUps = new RateLimiter(SIGN_UPS.perSecond, SIGN_UPS.burst);
  private readonly settings: StatusPageSettings;

  constructor(
    private readonly subscribers: StatusPageSubscribers,
    private readonly page: StatusPageReadModel,
    config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.settings = config.statusPage;
  }

  @Post('subscribe')
  @Public()
  async subscribe(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    if (!this.subscribers.accepting) return this.notice(reply, 404, 'No subscriptions', ['This status page takes no subscribers.']);
    const budget = this.signUps.take(request.ip);
    if (!budget.allowed) {
      void reply.header('retry-after', String(budget.retryAfterSeconds));
      return this.notice(reply, 429, 'Too many sign-ups', [`Try again in ${budget.retryAfterSeconds} seconds.`]);
    }
    const { email, components } = formFields(request.body);
    try {
      await this.subscribers.signUpByEmail(email, components, { actor: 'public', correlationId: request.id });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      this.signUps.refund(request.ip);
      return this.notice(reply, 400, 'Not subscribed', [error.message]);
    }
    // The same answer whatever the address: the page tells nobody who is subscribed.
    this.notice(reply, 202, 'Check your inbox', [`We sent a link to ${email.trim()}. Follow it to confirm the subscription; until then nothing else is sent.`]);
  }

  @Get('subscriptions/:token/:action')
  @Public()
  async ask(@Param('token') token: string, @Param('action') action: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    await this.follow(token, action, false, request, reply);
  }

  @Post('subscriptions/:token/:action')
  @Public()
  async act(@Param('token') token: string, @Param('action') action: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    await this.follow(token, action, true, request, reply);
  }

  private async follow(token: string, action: string, act: boolean, request: FastifyRequest, reply: FastifyReply): Promise<void> {
    if (action !== 'confirm' && action !== 'unsubscribe') return this.notice(reply, 404, 'Not found', ['This link is not one of ours.']);
    const answer = await this.subscribers.follow(action, token, act, request.id);
    this.answer(reply, action, answer);
  }

  private answer(reply: FastifyReply, action: SubscriptionAction, answer: SubscriptionLinkAnswer): void {
    if (answer.outcome !== 'REFUSED') {
      return answer.outcome === 'ASK' ? this.notice(reply, 200, ASK[action].title, [ASK[action].line], ASK[action].button) : this.notice(reply, 200, DONE[action].title, [DONE[action].line]);
    }
    if (answer.refusal === 'EXPIRED') return this.notice(reply, 410, 'This link has expired', ['Subscribe again from the status page.']);
    this.notice(reply, 404, 'Not found', ['This link does not open anything: it was altered, or the subscription was erased.']);
  }

  private notice(reply: FastifyReply, status: number, title: string, lines: string[], button: string | null = null): void {
    sendLinkPage(reply, status, statusNoticeHtml(this.settings, this.page.page(this.clock.now()), { title, lines, button }), PAGE_POLICY);
  }
}

/** The form's fields (URL-encoded, parsed in main.ts) or a JSON body's: `email`, and `components` once or many times. */
function formFields(body: unknown): { email: string; components: string[] } {
  const fields = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const components = Array.isArray(fields.components) ? fields.components : fields.components === undefined ? [] : [fields.components];
  return { email: typeof fields.email === 'string' ? fields.email : '', components: components.filter((id): id is string => typeof id === 'string') };
}
